"""A page's ruled tables, from its rules.

Rules are snapped and joined (:func:`merged_edges`), their crossings found, and each
crossing taken as a cell's top-left corner: the cell is the smallest box to its lower right
whose four corners are crossings joined by rules. Cells sharing a corner make one table.
Rules are sorted once, each crossing's rules put in sets once, and the crossings below and
to the right of a point looked up by column and row.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from budgetlib.readers.pdf_engine import SETTINGS, Edge
from budgetlib.readers.pdf_text import clusters

Point = tuple[float, float]
Box = tuple[float, float, float, float]
MARGIN = 1e-6  # points; far above a float's rounding, far below any rule's spacing


class GridRow(NamedTuple):
    """A table's row: its box and its cells, one per column of the table (None: no cell
    starts there)."""

    bbox: Box
    cells: list[Box | None]


class Table(NamedTuple):
    """A ruled table: its cells and rows."""

    cells: list[Box]
    rows: list[GridRow]


def find_tables(edges: list[Edge]) -> list[Table]:
    """The tables the rules draw, top to bottom.

    >>> rules = [Edge("h", 0, y, 20, y) for y in (0, 10, 20)] + [Edge("v", x, 0, x, 20) for x in (0, 10, 20)]
    >>> [row.cells for row in find_tables(rules)[0].rows]
    [[(0.0, 0.0, 10.0, 10.0), (10.0, 0.0, 20.0, 10.0)], [(0.0, 10.0, 10.0, 20.0), (10.0, 10.0, 20.0, 20.0)]]
    """
    crossings = _crossings(merged_edges(edges), SETTINGS.crossing, SETTINGS.crossing)
    return [Table(group, _rows(group)) for group in _tables(_cells(crossings))]


def _rows(cells: list[Box]) -> list[GridRow]:
    xs = sorted({c[0] for c in cells})
    rows = []
    for _, row in groupby(sorted(cells, key=itemgetter(1, 0)), itemgetter(1)):
        row = list(row)
        at = {c[0]: c for c in row}
        rows.append(GridRow((min(c[0] for c in row), min(c[1] for c in row), max(c[2] for c in row),
                             max(c[3] for c in row)), [at.get(x) for x in xs]))
    return rows


def _tables(cells: list[Box]) -> list[list[Box]]:
    """The cells grouped into tables, each the cells that touch one another at a corner,
    sorted by their top-left cell; a table of one cell is none."""
    remaining = list(cells)
    tables = []
    while remaining:
        group = [remaining.pop(0)]
        corners = set(_corners(group[0]))
        grown = True
        while grown:
            grown = False
            for cell in list(remaining):
                mine = _corners(cell)
                if any(c in corners for c in mine):
                    corners.update(mine)
                    group.append(cell)
                    remaining.remove(cell)
                    grown = True
        tables.append(group)
    return [t for t in sorted(tables, key=lambda t: min((c[1], c[0]) for c in t)) if len(t) > 1]


def _corners(box: Box) -> tuple[Point, ...]:
    x0, top, x1, bottom = box
    return ((x0, top), (x0, bottom), (x1, top), (x1, bottom))


def merged_edges(edges: list[Edge]) -> list[Edge]:
    """The rules as the table finder takes them: those shorter than
    :attr:`~.pdf_engine.Settings.least` dropped; verticals snapped to the mean ``x0`` of
    their cluster and horizontals to the mean ``top``; the rules on one line joined where
    they meet or lie within :attr:`~.pdf_engine.Settings.join`; those shorter than
    :attr:`~.pdf_engine.Settings.edge_length` dropped.

    >>> edges = [Edge("v", 10, 0, 10, 50), Edge("v", 11.5, 52, 11.5, 90), Edge("h", 0, 20, 40, 20),
    ...          Edge("h", 42, 21, 80, 21), Edge("h", 0, 60, 2, 60)]
    >>> [tuple(e) for e in merged_edges(edges)]
    [('h', 0, 20.5, 80, 20.5), ('v', 10.75, 0, 10.75, 90)]
    """
    least = SETTINGS.least
    # each edge as (orientation, position, start, end, far side)
    lines = _snapped([("v", e.x0, e.top, e.bottom, e.x1) for e in edges
                      if e.orientation == "v" and e.bottom - e.top >= least])
    lines += _snapped([("h", e.top, e.x0, e.x1, e.bottom) for e in edges
                       if e.orientation == "h" and e.x1 - e.x0 >= least])
    lines.sort(key=itemgetter(0, 1))
    out: list[Edge] = []
    for _, group in groupby(lines, key=itemgetter(0, 1)):
        joined: list[list] = []
        for line in sorted(group, key=itemgetter(2)):
            last = joined[-1] if joined else None
            if last is None or line[2] > last[3] + SETTINGS.join:
                joined.append(list(line))
            elif line[3] > last[3]:
                last[3] = line[3]
        for o, position, start, end, far in joined:
            if end - start < SETTINGS.edge_length:
                continue
            out.append(Edge(o, position, start, far, end) if o == "v" else Edge(o, start, position, end, far))
    return out


def _snapped(lines: list[tuple]) -> list[tuple]:
    """(orientation, position, start, end, far side) tuples, each cluster of positions
    (within :attr:`~.pdf_engine.Settings.snap`) moved to its mean, in cluster order."""
    out = []
    for cluster in clusters(lines, itemgetter(1), SETTINGS.snap):
        mean = sum(line[1] for line in cluster) / len(cluster)
        for o, position, start, end, far in cluster:
            step = mean - position
            out.append((o, position + step, start, end, far + step))
    return out


def _crossings(edges: list[Edge], x_tol: float, y_tol: float) -> dict[Point, dict[str, set[Box]]]:
    """Where a vertical rule meets a horizontal one (within the tolerances), with the
    rules that meet there."""
    out: dict[Point, dict[str, set[Box]]] = {}
    across = sorted((e for e in edges if e.orientation == "h"), key=lambda e: (e.top, e.x0))
    tops = [h.top for h in across]
    for v in sorted((e for e in edges if e.orientation == "v"), key=lambda e: (e.x0, e.top)):
        start = bisect_left(tops, v.top - y_tol - MARGIN)
        for h in across[start:bisect_right(tops, v.bottom + y_tol + MARGIN)]:
            if (v.top <= h.top + y_tol and v.bottom >= h.top - y_tol
                    and v.x0 >= h.x0 - x_tol and v.x0 <= h.x1 + x_tol):
                point = out.setdefault((v.x0, h.top), {"v": set(), "h": set()})
                point["v"].add(v[1:])
                point["h"].add(h[1:])
    return out


def _cells(crossings: dict[Point, dict[str, set[Box]]]) -> list[Box]:
    """Each crossing's smallest cell to the lower right.

    >>> rows = [(0, y, 20, y) for y in (0, 10, 20)]
    >>> cols = [(x, 0, x, 20) for x in (0, 10, 20)]
    >>> grid = {(c[0], r[1]): {"v": {c}, "h": {r}} for c in cols for r in rows}
    >>> _cells(grid)
    [(0, 0, 10, 10), (0, 10, 10, 20), (10, 0, 20, 10), (10, 10, 20, 20)]
    """
    verticals = {p: e["v"] for p, e in crossings.items()}
    horizontals = {p: e["h"] for p, e in crossings.items()}

    def connects(a: Point, b: Point) -> bool:  # one rule runs through both points
        return (a[0] == b[0] and not verticals[a].isdisjoint(verticals[b])
                or a[1] == b[1] and not horizontals[a].isdisjoint(horizontals[b]))

    points = sorted(crossings)
    columns: dict[float, list[Point]] = {}
    rows: dict[float, list[Point]] = {}
    place: dict[Point, tuple[int, int]] = {}
    for p in points:  # in sorted order, so each column runs down and each row runs right
        column, row = columns.setdefault(p[0], []), rows.setdefault(p[1], [])
        place[p] = (len(column), len(row))
        column.append(p)
        row.append(p)

    cells = []
    for point in points:
        down, across = place[point]
        cell = next(((point[0], point[1], right[0], below[1])
                     for below in columns[point[0]][down + 1:] if connects(point, below)
                     for right in rows[point[1]][across + 1:] if connects(point, right)
                     if (right[0], below[1]) in crossings and connects((right[0], below[1]), right)
                     and connects((right[0], below[1]), below)), None)
        if cell:
            cells.append(cell)
    return cells
