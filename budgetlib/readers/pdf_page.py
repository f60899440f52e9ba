"""One PDF page's layout, read on its own (in any order, in any process): its text lines
outside the tables, its ruled tables' rows, the lines in its header and footer bands, and
what the page-layout rules need (:class:`~budgetlib.readers.blocks.PageLayout`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from budgetlib.readers.blocks import PageLayout
from budgetlib.readers.collector import collector_paused
from budgetlib.readers.page_marks import PAGE_FOOTER
from budgetlib.readers.pdf_cells import PageInk, Row, char_middles, in_boxes, table_rows
from budgetlib.readers.pdf_engine import SETTINGS, Char, Page
from budgetlib.readers.pdf_grid import find_tables
from budgetlib.readers.pdf_text import TextLine, Word, text_lines, words
from budgetlib.text import is_amount

_QUOTES_ONLY = re.compile(r"^[\s“”\"'‘’]+$")
TITLE_END = re.compile(r"表\s*(?:[（(][^）)]*[）)])?$")  # …表, …表（功能科目）
PREAMBLE = re.compile(r"(部门|单\s*位)\s*(名称)?\s*[:：]")  # 部门：…  单位：万元 rows
SLACK = SETTINGS.same_height


@dataclass(frozen=True)
class Line:
    """A text line outside the page's tables: its text and box, the size it is set in
    (:func:`_size`) and its characters' sizes, rounded; once the page is laid out, its
    page, the page's body size and right margin."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    sizes: tuple[int, ...]
    page: int = 0
    body: float = 0.0
    right: float = 0.0


@dataclass
class PageRead:
    """What a page gives on its own, whatever the pages around it hold (so pages are read
    in any order, in any process): its layout, the lines in its header and footer bands,
    its text lines outside the tables, its tables' rows, and its words where a table
    running on from the last page may need them (:func:`_may_run_on`)."""

    number: int
    width: float
    height: float
    layout: PageLayout
    margins: list[tuple[str, float]]
    lines: list[Line]
    tables: list[list[Row]]
    words: list[Word] | None = None


def _in_margin(obj: Char | Line, height: float, slack: float = 0.0) -> bool:
    """Whether a character or line lies in the header or footer band of a page ``height``
    high (widened by ``slack`` points)."""
    band = SETTINGS.margin_band * height + slack
    return obj.top < band or height - obj.bottom < band


def _margin_lines(page: Page, shown: list[Char]) -> list[tuple[str, float]]:
    """The text lines in the page's header and footer bands, as (text, top), of the
    page's ``shown`` characters."""
    chars = sorted((c for c in shown if _in_margin(c, page.height) and c.text.strip()),
                   key=lambda c: (round(c.top), c.x0))
    lines: list[list[Char]] = []
    for c in chars:
        if lines and abs(c.top - lines[-1][0].top) <= SETTINGS.margin_line:
            lines[-1].append(c)
        else:
            lines.append([c])
    return [("".join(c.text for c in sorted(ln, key=lambda c: c.x0)), ln[0].top) for ln in lines]


def _layout(page: Page, file: str) -> PageLayout:
    """The page's character count and the characters set (partly) outside it."""
    x0, top, x1, bottom = page.bbox
    slack = SETTINGS.outside
    left, right, high, low = x0 - slack, x1 + slack, top - slack, bottom + slack
    outside = [c for c in page.chars if (
        c.x0 < left or c.x1 > right or c.top < high or c.bottom > low) and c.text.strip()]
    return PageLayout(page.number, len(page.chars), len(outside), "".join(c.text for c in outside[:20]),
                      page.images, file)


def read_page(page: Page, file: str) -> PageRead:
    """What the page gives on its own (:class:`PageRead`); ``file`` is its file's name."""
    with collector_paused():
        shown = _on_page(page.chars, page.bbox)
        layout = _layout(page, file)
        margins = _margin_lines(page, shown)
        return _read_shown(replace(page, chars=shown), layout, margins)  # text beyond the edge is not shown


def _read_shown(page: Page, layout: PageLayout, margins: list[tuple[str, float]]) -> PageRead:
    tables = find_tables(page.edges())
    shared = PageInk(page)  # what the page's tables share, found once
    cells = [c for t in tables for row in t.rows for c in row.cells if c]
    # text in no cell: around the tables, or between two of them
    celled = set(in_boxes(page.chars, cells, True, shared.middles if cells else None).tolist())
    free = [c for i, c in enumerate(page.chars) if i not in celled]
    lines = [_sized(ln) for ln in _rejoin(text_lines(free))]
    rows = [table_rows(page, t, PREAMBLE, shared) for t in tables]
    first = min((r[0].box[1] for r in rows if r), default=page.height)
    found = words(page.chars) if _may_run_on(lines, first, page.height) else None
    return PageRead(page.number, page.width, page.height, layout, margins, lines, rows, found)


def _may_run_on(lines: list[Line], first: float, height: float) -> bool:
    """Whether a table running on from the last page could take rows from the page's top
    (:func:`~budgetlib.readers.pdf._unruled_rows`, which needs the page's words): a line
    holding an amount before any title or 部门/单位 line, above the ``first`` rule. Lines a
    page's running titles may be (in its header and footer bands) are passed over, as the
    page footers are."""
    for line in lines:
        if line.top >= first:
            return False
        if PAGE_FOOTER.match(line.text):
            continue
        if any(is_amount(w) for w in line.text.split()):
            return True
        squeezed = re.sub(r"\s", "", line.text)
        if not _in_margin(line, height, 2 * SLACK) and (TITLE_END.search(squeezed)
                                                        or PREAMBLE.search(squeezed)):
            return False
    return False


def page_words(page: Page) -> list[Word]:
    """The words of the page's characters on the page: a fallback, should
    :func:`_may_run_on` not have found them with the page (on the corpus it never happens)."""
    return words(_on_page(page.chars, page.bbox))


def _sized(line: TextLine) -> Line:
    """The line without its characters: the size it is set in (:func:`_size`) and its
    characters' sizes, rounded (:func:`~budgetlib.readers.pdf._body_size`), are all that
    later steps read of them."""
    return Line(line.text, line.x0, line.top, line.x1, line.bottom, _size(line),
                tuple(round(c.size) for c in line.chars))


def _on_page(chars: list[Char], bbox: tuple[float, float, float, float]) -> list[Char]:
    """The characters whose middle lies on the page."""
    x0, top, x1, bottom = bbox
    x, y = char_middles(chars)
    on = (x0 <= x) & (x <= x1) & (top <= y) & (y <= bottom)
    return list(chars) if on.all() else [chars[i] for i in np.flatnonzero(on).tolist()]


def _rejoin(lines: list[TextLine]) -> list[TextLine]:
    """Put back into its line the text the line finder, going by the top of each
    character's box, read as a line of its own: quote marks drawn a little higher (“ ” of
    一般公共预算“三公”经费), and a run set in another font whose box sits higher or lower
    ("年初预算为 万元" / "1560.05": figures in Times New Roman beside 仿宋).

    A line is the same printed line as the one before when it is quote marks alone close
    below it, or when their boxes overlap by more than half the shorter's height and their
    characters fill each other's gaps (none overlaps another across).
    """
    out: list[TextLine] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is not None and _same_printed_line(prev, line):
            chars = tuple(sorted(prev.chars + line.chars, key=lambda c: c.x0))
            main = prev if len(prev.chars) >= len(line.chars) else line
            out[-1] = main._replace(chars=chars, text="".join(c.text for c in chars),
                                    x0=min(prev.x0, line.x0), x1=max(prev.x1, line.x1))
            continue
        out.append(line)
    return out


def _same_printed_line(a: TextLine, b: TextLine) -> bool:
    if _QUOTES_ONLY.match(b.text) and b.top - a.top < 2 * _size(a):
        return True
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    if overlap <= 0.5 * min(a.bottom - a.top, b.bottom - b.top):
        return False
    inked = [(c.x0, c.x1) for c in a.chars if c.text.strip()]
    ink = SETTINGS.ink_overlap
    return not any(x0 < c.x1 - ink and c.x0 < x1 - ink for c in b.chars if c.text.strip() for x0, x1 in inked)


def _size(line: TextLine) -> float:
    """The size most of the line's characters are set in (the larger on a tie): a few words
    set larger mid-sentence, or a blank in a larger font, do not make the line a heading."""
    sizes = [round(c.size, 1) for c in line.chars if c.text.strip()]
    return max(sorted(set(sizes), reverse=True), key=sizes.count) if sizes else 0.0
