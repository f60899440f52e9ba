"""A ruled PDF table's rows, with the cells its writer cut with boxes nobody can see.

Some PDF writers put a white, unoutlined box behind every line of text. The table finder
finds cells from every box edge, drawn or not, so a heading printed on two lines ("因公出国" /
"（境）费") becomes two cells in two rows, and an amount running past its box ("267.8" |
"0") two cells in two columns. What the reader sees is the page: two pieces with no drawn
rule between them are one cell. A header printed in such pieces no longer has rows that
are its levels, so it is re-banded: a heading's level is the number of headings above it
that span it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import NamedTuple

import numpy as np

from budgetlib.readers.pdf_engine import SETTINGS, Char, Page
from budgetlib.readers.pdf_grid import MARGIN, Table
from budgetlib.readers.pdf_text import text_of
from budgetlib.text import is_amount

_TOUCH = SETTINGS.touch
_SPAN_SLACK = SETTINGS.column_slack  # when one heading spans another


class Row(NamedTuple):
    """One row of a table: its box, its cells' boxes (None where merged away) and texts."""

    box: tuple[float, float, float, float]
    cells: list
    texts: list


class _Ink:
    """The rules a page draws: edges of lines and of visible boxes, and dark filled boxes."""

    def __init__(self, page: Page) -> None:
        edges = page.edges(drawn=True)
        # each rule as (position, start, end) along its orientation, by position
        self.rules = {"h": sorted((e.top, e.x0, e.x1) for e in edges if e.orientation == "h"),
                      "v": sorted((e.x0, e.top, e.bottom) for e in edges if e.orientation == "v")}
        self.positions = {k: [rule[0] for rule in rules] for k, rules in self.rules.items()}
        self.fills = [r for r in page.rects if r.drawn and r.fill and not r.white]
        # the characters that print something: their middles and horizontal extents
        inked = [c for c in page.chars if c.text.strip()]
        self.x, self.y = char_middles(inked)
        self.x0 = np.array([c.x0 for c in inked], dtype=float)
        self.x1 = np.array([c.x1 for c in inked], dtype=float)

    def ruled(self, orientation: str, at: float, low: float, high: float) -> bool:
        """Whether a rule is drawn at ``at`` (y for "h", x for "v") over most of low–high."""
        half, near_by = (high - low) / 2, SETTINGS.ruled
        # the rules near ``at`` (the bisection with a margin, the test exact)
        positions, rules = self.positions[orientation], self.rules[orientation]
        low_at, high_at = at - near_by - MARGIN, at + near_by + MARGIN
        near = rules[bisect_left(positions, low_at):bisect_right(positions, high_at)]
        if any(abs(pos - at) <= near_by and min(b, high) - max(a, low) >= half for pos, a, b in near):
            return True
        for r in self.fills:  # a dark box the edge lies on (white cells on a dark ground)
            a, b, c, d = ((r.x0, r.x1, r.top, r.bottom) if orientation == "h"
                          else (r.top, r.bottom, r.x0, r.x1))
            if c - 1 <= at <= d + 1 and min(b, high) - max(a, low) >= half:
                return True
        return False

    def abut(self, left: tuple, right: tuple) -> bool:
        """Whether the text in ``left`` runs on into ``right`` with no space: one word."""
        ends = self.x1[_inside(self.x, self.y, np.asarray(left, dtype=float), closed=True)]
        starts = self.x0[_inside(self.x, self.y, np.asarray(right, dtype=float), closed=True)]
        return bool(ends.size and starts.size) and float(starts.min()) - float(ends.max()) < SETTINGS.abut


class PageInk:
    """What the tables of one page share, found once: its characters' middles and, when a
    table needs them, its rules (:class:`_Ink`)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self._middles: tuple[np.ndarray, np.ndarray] | None = None
        self._ink: _Ink | None = None

    @property
    def middles(self) -> tuple[np.ndarray, np.ndarray]:
        if self._middles is None:
            self._middles = char_middles(self.page.chars)
        return self._middles

    @property
    def ink(self) -> _Ink:
        if self._ink is None:
            self._ink = _Ink(self.page)
        return self._ink


def table_rows(page: Page, table: Table, preamble, shared: PageInk | None = None) -> list[Row]:
    """The table's rows, cells cut by undrawn box edges joined, a cut header re-banded.

    ``preamble`` matches the 部门/单位 rows printed above a header, which stay as they are;
    ``shared`` is what the page's tables share (:class:`PageInk`), when there are several.
    """
    shared = shared or PageInk(page)
    texts_by_row = cell_texts(page.chars, table, shared.middles)
    rows = [Row(r.bbox, list(r.cells), list(t)) for r, t in zip(table.rows, texts_by_row, strict=True)]
    texts = [(i, j) for i, row in enumerate(rows) for j, t in enumerate(row.texts)
             if t and t.strip() and row.cells[j]]
    if not _candidates(rows, texts):
        return rows  # the common case: no two text cells share an edge
    ink = shared.ink
    _join_across(rows, texts, ink)
    start = next((i for i, row in enumerate(rows)
                  if any(t and t.strip() for t in row.texts) and not preamble.search(" ".join(
                      t for t in row.texts if t))), len(rows))
    # only a header over amounts: a box of text lines (a 目录) keeps its lines apart
    end = next((i for i, row in enumerate(rows) if any(t and is_amount(t) for t in row.texts)), 0)
    if start < end and _join_down(rows, [(i, j) for i, j in texts if start <= i < end], ink):
        rows[start:end] = _levels(rows[start:end])
    return rows


def in_boxes(chars: list[Char], boxes: list[tuple], closed: bool = False,
             middles: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Indexes of the characters whose middle lies in any of the boxes (x0, top, x1, bottom).

    A box holds its left and top edges; ``closed`` boxes hold their right and bottom
    edges too (a table's cells hold only the first two).

    >>> chars = [Char("a", 0, 0, 2, 2, 2), Char("b", 8, 0, 10, 2, 2)]
    >>> in_boxes(chars, [(0, 0, 5, 5)]).tolist(), in_boxes(chars, [(5, 0, 9, 1)], closed=True).tolist()
    ([0], [1])
    """
    if not chars or not boxes:
        return np.empty(0, dtype=int)
    x, y = char_middles(chars) if middles is None else middles
    return np.flatnonzero(_inside(x[:, None], y[:, None], np.asarray(boxes, dtype=float), closed).any(axis=1))


def cell_texts(chars: list[Char], table: Table, middles: tuple[np.ndarray, np.ndarray] | None = None
               ) -> list[list[str | None]]:
    """The text of each cell of a table, row by row: of the characters whose middle lies
    in it (:func:`~budgetlib.readers.pdf_text.text_of`); ``middles`` are
    :func:`char_middles` of ``chars``, when found already."""
    x, y = char_middles(chars) if middles is None else middles
    everywhere = np.arange(len(chars))
    out = []
    for row in table.rows:
        in_row = everywhere[_inside(x, y, np.asarray(row.bbox, dtype=float))]
        texts: list[str | None] = [None] * len(row.cells)
        places = [j for j, cell in enumerate(row.cells) if cell is not None]
        if places:  # each of the row's characters against each of its cells, at once
            boxes = np.asarray([row.cells[j] for j in places], dtype=float)
            inside = _inside(x[in_row, None], y[in_row, None], boxes)
            for k, j in enumerate(places):
                texts[j] = text_of([chars[i] for i in in_row[inside[:, k]]])
        out.append(texts)
    return out


def char_middles(chars: list[Char]) -> tuple[np.ndarray, np.ndarray]:
    """Each character's middle, x and y.

    >>> x, y = char_middles([Char("a", 1.0, 10, 2.0, 13, 3)])
    >>> x.tolist(), y.tolist()
    ([1.5], [11.5])
    """
    boxes = np.array([(c.x0, c.top, c.x1, c.bottom) for c in chars], dtype=float).reshape(-1, 4)
    return (boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2


def _inside(x: np.ndarray, y: np.ndarray, box: np.ndarray, closed: bool = False) -> np.ndarray:
    """Whether each point lies in the box (or, with 2-d ``x``/``y``, in each of many boxes)."""
    x0, top, x1, bottom = box[..., 0], box[..., 1], box[..., 2], box[..., 3]
    if closed:
        return (x >= x0) & (x <= x1) & (y >= top) & (y <= bottom)
    return (x >= x0) & (x < x1) & (y >= top) & (y < bottom)


def _candidates(rows: list[Row], texts: list[tuple[int, int]]) -> bool:
    boxes = [rows[i].cells[j] for i, j in texts]
    return any(abs(a[3] - b[1]) < _TOUCH and abs(a[0] - b[0]) < _TOUCH and abs(a[2] - b[2]) < _TOUCH
               or abs(a[2] - b[0]) < _TOUCH and abs(a[1] - b[1]) < _TOUCH and abs(a[3] - b[3]) < _TOUCH
               for a in boxes for b in boxes)


def _join_across(rows: list[Row], texts: list[tuple[int, int]], ink: _Ink) -> None:
    """One word cut by an undrawn edge ("267.8" | "0") becomes one cell again."""
    for i, j in texts:
        row = rows[i]
        for k, right in enumerate(row.cells):
            left = row.cells[j]
            if (left and right and k != j and row.texts[k] and abs(left[2] - right[0]) < _TOUCH
                    and not ink.ruled("v", left[2], left[1], left[3]) and ink.abut(left, right)):
                row.texts[j] += row.texts[k]
                row.cells[j] = (left[0], left[1], right[2], left[3])
                row.cells[k], row.texts[k] = None, None


def _join_down(rows: list[Row], header: list[tuple[int, int]], ink: _Ink) -> bool:
    """Join header pieces stacked in one column with no rule between them; say if any were."""
    pieces = sorted((rows[i].cells[j][1], i, j) for i, j in header if rows[i].cells[j])
    joined = False
    for _, i, j in pieces:
        below = rows[i].cells[j]
        if below is None:
            continue
        for _, a, b in pieces:
            above = rows[a].cells[b]
            if (above is not None and (a, b) != (i, j) and abs(above[3] - below[1]) < _TOUCH
                    and abs(above[0] - below[0]) < _TOUCH and abs(above[2] - below[2]) < _TOUCH
                    and not ink.ruled("h", below[1], below[0], below[2])):
                rows[a].texts[b] += rows[i].texts[j]
                rows[a].cells[b] = (above[0], above[1], above[2], below[3])
                rows[i].cells[j], rows[i].texts[j] = None, None
                joined = True
                break
    return joined


def _levels(header: list[Row]) -> list[Row]:
    """The header's headings in rows by level: how many headings above span each one."""
    cells = [(box, text) for row in header for box, text in zip(row.cells, row.texts, strict=True)
             if box and text and text.strip()]

    def spans(a: tuple, b: tuple) -> bool:  # a is above b and wider, covering it
        return (a[3] <= b[1] + _TOUCH and a[0] <= b[0] + _SPAN_SLACK and a[2] >= b[2] - _SPAN_SLACK
                and a[2] - a[0] > b[2] - b[0] + _SPAN_SLACK)

    level = [sum(spans(a, b) for a, _ in cells) for b, _ in cells]
    out = []
    for n in sorted(set(level)):
        mine = sorted((c for c, lv in zip(cells, level, strict=True) if lv == n), key=lambda c: c[0][0])
        boxes = [box for box, _ in mine]
        out.append(Row((min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                        max(b[3] for b in boxes)), boxes, [text for _, text in mine]))
    return out
