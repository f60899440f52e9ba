"""A page's ruled tables: pdfplumber's table finder, with its two quadratic steps done once.

pdfplumber finds tables from the page's rules: edges are snapped and joined, their
crossings found, and every crossing tried as a cell's top-left corner. It sorts the
horizontal edges again for every vertical one, and for each crossing scans every later
crossing and rebuilds the sets of edges that meet there. Here the edges are sorted once,
each crossing's edges are put in sets once, and the crossings below and to the right of a
point are looked up by column and row. The tables found are the same, cell for cell
(``tests/test_pdf.py`` compares them with pdfplumber's on every corpus page).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import groupby
from operator import itemgetter

from pdfplumber.table import Table, TableSettings, cells_to_tables

from budgetlib.readers.pdf_text import clusters

Point = tuple[float, float]
Box = tuple[float, float, float, float]
MARGIN = 1e-6  # points; far above a float's rounding, far below any rule's spacing


def find_tables(page) -> list[Table]:
    """``page.find_tables()`` with the default settings (ruling lines on both axes)."""
    settings = TableSettings.resolve(None)
    crossings = _crossings(merged_edges(page.edges, settings), settings.intersection_x_tolerance,
                           settings.intersection_y_tolerance)
    return [Table(page, group) for group in cells_to_tables(_cells(crossings))]


def merged_edges(edges: list[dict], settings: TableSettings) -> list[dict]:
    """pdfplumber's ``TableFinder.get_edges`` for ruling lines on both axes, each edge kept
    as its geometry (``x0``, ``x1``, ``top``, ``bottom``, ``orientation``): edges shorter
    than the prefilter length dropped; verticals snapped to the mean ``x0`` of their
    cluster and horizontals to the mean ``top`` (``move_object``'s arithmetic); the edges on
    one line joined where they meet or lie within the join tolerance (``resize_object``'s);
    edges shorter than the minimum length dropped.

    >>> from pdfplumber.table import TableFinder
    >>> def edge(o, x0, top, x1, bottom):
    ...     return {"orientation": o, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
    ...             "width": x1 - x0, "height": bottom - top, "doctop": top, "object_type": "line"}
    >>> edges = [edge("v", 10, 0, 10, 50), edge("v", 11.5, 52, 11.5, 90), edge("h", 0, 20, 40, 20),
    ...          edge("h", 42, 21, 80, 21), edge("h", 0, 60, 2, 60)]
    >>> settings = TableSettings.resolve(None)
    >>> ours = merged_edges(edges, settings)
    >>> [(e["orientation"], e["x0"], e["top"], e["x1"], e["bottom"]) for e in ours]
    [('h', 0, 20.5, 80, 20.5), ('v', 10.75, 0, 10.75, 90)]
    >>> class Page:
    ...     edges = edges
    >>> finder = TableFinder.__new__(TableFinder)
    >>> finder.page, finder.settings = Page(), settings
    >>> [{k: e[k] for k in ours[0]} for e in finder.get_edges()] == ours
    True
    """
    least = settings.edge_min_length_prefilter
    # each edge as (orientation, position, start, end, far side, length): x0, top, bottom,
    # x1 and height for a vertical; top, x0, x1, bottom and width for a horizontal
    lines = _snapped([("v", e["x0"], e["top"], e["bottom"], e["x1"], e["height"]) for e in edges
                      if e["orientation"] == "v" and e["height"] >= least], settings.snap_x_tolerance)
    lines += _snapped([("h", e["top"], e["x0"], e["x1"], e["bottom"], e["width"]) for e in edges
                       if e["orientation"] == "h" and e["width"] >= least], settings.snap_y_tolerance)
    lines.sort(key=itemgetter(0, 1))  # merge_edges' groups: ("h", top) before ("v", x0)
    out: list[dict] = []
    for (orientation, _), group in groupby(lines, key=itemgetter(0, 1)):
        tolerance = settings.join_x_tolerance if orientation == "h" else settings.join_y_tolerance
        joined: list[list] = []
        for line in sorted(group, key=itemgetter(2)):
            last = joined[-1] if joined else None
            if last is None or line[2] > last[3] + tolerance:
                joined.append(list(line))
            elif line[3] > last[3]:  # extended, by resize_object's arithmetic for the length
                last[5] = last[5] + (line[3] - last[3]) if orientation == "v" else line[3] - last[2]
                last[3] = line[3]
        for o, position, start, end, far, length in joined:
            if length < settings.edge_min_length:
                continue
            if o == "v":
                out.append({"orientation": o, "x0": position, "x1": far, "top": start, "bottom": end})
            else:
                out.append({"orientation": o, "x0": start, "x1": end, "top": position, "bottom": far})
    return out


def _snapped(lines: list[tuple], tolerance: float) -> list[tuple]:
    """pdfplumber's ``snap_objects`` on (orientation, position, start, end, far side,
    length) tuples: each cluster of positions moved to its mean (the far side by as much,
    ``move_object``'s arithmetic), in cluster order."""
    out = []
    for cluster in clusters(lines, itemgetter(1), tolerance):
        mean = sum(line[1] for line in cluster) / len(cluster)
        for o, position, start, end, far, length in cluster:
            step = mean - position
            out.append((o, position + step, start, end, far + step, length))
    return out


def light_rect_edges(rects: list[dict]) -> list[dict]:
    """pdfplumber's ``rect_to_edges`` of each rect, in order, every edge with its geometry
    only (what the table finder and the rule check read): pdfplumber copies each rect's
    every key into each of its four edges, and again at each snap.

    >>> from pdfplumber.utils import rect_to_edges
    >>> r = {"x0": 1.0, "x1": 5.0, "top": 2.0, "bottom": 9.5, "doctop": 802.0, "y0": 832.5,
    ...      "y1": 840.0, "width": 4.0, "height": 7.5, "object_type": "rect", "fill": True}
    >>> keys = list(light_rect_edges([r])[0])
    >>> [{k: e[k] for k in keys} for e in rect_to_edges(r)] == light_rect_edges([r])
    True
    """
    out: list[dict] = []
    for r in rects:
        x0, x1, top, bottom, doctop = r["x0"], r["x1"], r["top"], r["bottom"], r["doctop"]
        y0, y1, width, height = r["y0"], r["y1"], r["width"], r["height"]
        out += (
            {"object_type": "rect_edge", "orientation": "h", "x0": x0, "x1": x1, "top": top,
             "bottom": top, "doctop": doctop, "y0": y1, "y1": y1, "width": width, "height": 0},
            {"object_type": "rect_edge", "orientation": "h", "x0": x0, "x1": x1, "top": top + height,
             "bottom": bottom, "doctop": doctop + height, "y0": y0, "y1": y0, "width": width, "height": 0},
            {"object_type": "rect_edge", "orientation": "v", "x0": x0, "x1": x0, "top": top,
             "bottom": bottom, "doctop": doctop, "y0": y0, "y1": y1, "width": 0, "height": height},
            {"object_type": "rect_edge", "orientation": "v", "x0": x1, "x1": x1, "top": top,
             "bottom": bottom, "doctop": doctop, "y0": y0, "y1": y1, "width": 0, "height": height},
        )
    return out


def _crossings(edges: list[dict], x_tol: float, y_tol: float) -> dict[Point, dict[str, list[dict]]]:
    """pdfplumber's ``edges_to_intersections``: where a vertical edge meets a horizontal one."""
    out: dict[Point, dict[str, list[dict]]] = {}
    across = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    tops = [h["top"] for h in across]
    for v in sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top")):
        # only the edges whose top is within the vertical's span can meet it (with a margin
        # for rounding); the test itself is pdfplumber's, term for term
        start = bisect_left(tops, v["top"] - y_tol - MARGIN)
        for h in across[start:bisect_right(tops, v["bottom"] + y_tol + MARGIN)]:
            if (v["top"] <= h["top"] + y_tol and v["bottom"] >= h["top"] - y_tol
                    and v["x0"] >= h["x0"] - x_tol and v["x0"] <= h["x1"] + x_tol):
                point = out.setdefault((v["x0"], h["top"]), {"v": [], "h": []})
                point["v"].append(v)
                point["h"].append(h)
    return out


def _cells(crossings: dict[Point, dict[str, list[dict]]]) -> list[Box]:
    """pdfplumber's ``intersections_to_cells``: each crossing's smallest cell to the lower right.

    >>> from pdfplumber.table import intersections_to_cells
    >>> def rule(x0, top, x1, bottom):
    ...     return {"x0": x0, "top": top, "x1": x1, "bottom": bottom}
    >>> rows = [rule(0, y, 20, y) for y in (0, 10, 20)]
    >>> cols = [rule(x, 0, x, 20) for x in (0, 10, 20)]
    >>> grid = {(c["x0"], r["top"]): {"v": [c], "h": [r]} for c in cols for r in rows}
    >>> _cells(grid)
    [(0, 0, 10, 10), (0, 10, 10, 20), (10, 0, 20, 10), (10, 10, 20, 20)]
    >>> _cells(grid) == intersections_to_cells(grid)
    True
    """
    def boxes(edges: list[dict]) -> set[Box]:
        return {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in edges}

    verticals = {p: boxes(e["v"]) for p, e in crossings.items()}
    horizontals = {p: boxes(e["h"]) for p, e in crossings.items()}

    def connects(a: Point, b: Point) -> bool:  # one edge runs through both points
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
