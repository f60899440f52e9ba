"""The table finder's edges, merged in one pass, are pdfplumber's: on generated rules
(snapping and joining at their tolerances) and on every corpus page."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.table import TableFinder, TableSettings

from budgetlib.readers.pdf_grid import merged_edges

_SETTINGS = TableSettings.resolve(None)


def _pdfplumbers(edges: list[dict]) -> list[dict]:
    class Page:  # what get_edges reads of a page
        pass

    page = Page()
    page.edges = edges
    finder = TableFinder.__new__(TableFinder)
    finder.page, finder.settings = page, _SETTINGS
    return [{k: e[k] for k in ("orientation", "x0", "x1", "top", "bottom")} for e in finder.get_edges()]


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
    assert merged_edges(edges, _SETTINGS) == _pdfplumbers(edges)


def test_merged_edges_are_pdfplumbers_on_every_corpus_page(corpus):
    from budgetlib.readers.pdfium_page import open_pdf

    pages = ruled = 0
    for path in sorted(corpus.rglob("*.pdf")):
        with open_pdf(path) as pdf:
            for page in pdf.pages:
                ours = merged_edges(page.edges, _SETTINGS)
                assert ours == _pdfplumbers(page.edges), f"{path.name} page {page.page_number}"
                pages += 1
                ruled += bool(ours)
    assert pages > 400 and ruled > 150  # every page of the 21 PDFs; a third of them ruled
