"""The table finder's rules, snapped and joined at their tolerances, as pdfplumber (kept as a
reference for the tests only) merges them, on generated rules."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.table import TableFinder, TableSettings

from budgetlib.readers.pdf_engine import Edge
from budgetlib.readers.pdf_grid import find_tables, merged_edges

_SETTINGS = TableSettings.resolve(None)


def _pdfplumbers(edges: list[dict]) -> list[Edge]:
    class Page:  # what get_edges reads of a page
        pass

    page = Page()
    page.edges = edges
    finder = TableFinder.__new__(TableFinder)
    finder.page, finder.settings = page, _SETTINGS
    return [Edge(*(e[k] for k in Edge._fields)) for e in finder.get_edges()]


_AT = st.sampled_from([0.0, 0.5, 1.0, 2.5, 3.0, 3.5, 6.0, 6.1, 9.0, 20.0, 20.4])


@st.composite
def _edges(draw) -> list[dict]:
    out = []
    for _ in range(draw(st.integers(0, 25))):
        at, start, length = draw(_AT), draw(_AT), draw(st.sampled_from([0.0, 0.5, 1.0, 2.9, 3.0, 4.0, 10.0]))
        if draw(st.booleans()):
            out.append({"orientation": "v", "x0": at, "x1": at, "top": start, "bottom": start + length,
                        "width": 0, "height": length, "doctop": start, "object_type": "line"})
        else:
            out.append({"orientation": "h", "x0": start, "x1": start + length, "top": at, "bottom": at,
                        "width": length, "height": 0, "doctop": at, "object_type": "line"})
    return out


@given(_edges())
@settings(max_examples=400, deadline=None)
def test_merged_edges_are_pdfplumbers_on_generated_rules(edges):
    def sure(found: list[Edge]) -> list[Edge]:  # a joined rule of 3 pt ± float noise may go either way
        return [e for e in found if abs((e.x1 - e.x0) + (e.bottom - e.top) - 3.0) > 1e-9]

    ours = merged_edges([Edge(*(e[k] for k in Edge._fields)) for e in edges])
    assert sure(ours) == sure(_pdfplumbers(edges))


def test_a_grid_is_a_table_of_rows_and_a_lone_box_is_none():
    grid = [Edge("h", 0, y, 40, y) for y in (0, 10, 20)] + [Edge("v", x, 0, x, 20) for x in (0, 20, 40)]
    (table,) = find_tables(grid + [Edge("h", 100, 0, 110, 0), Edge("h", 100, 10, 110, 10),
                                   Edge("v", 100, 0, 100, 10), Edge("v", 110, 0, 110, 10)])
    assert [row.cells for row in table.rows] == [[(0, 0, 20, 10), (20, 0, 40, 10)],
                                                 [(0, 10, 20, 20), (20, 10, 40, 20)]]
    # a cell merged over two columns leaves the second column's place empty
    merged = [e for e in grid if not (e.orientation == "v" and e.x0 == 20)] + [Edge("v", 20, 10, 20, 20)]
    (table,) = find_tables(merged)
    assert [row.cells for row in table.rows] == [[(0, 0, 40, 10), None], [(0, 10, 20, 20), (20, 10, 40, 20)]]
    # rules 2 pt apart are one rule (snapped to their mean)
    (table,) = find_tables([*grid, Edge("h", 0, 22, 40, 22)])
    assert table.rows[-1].bbox == (0, 10, 40, 21)
