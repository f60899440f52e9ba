"""Reader for budget disclosures published as PDF (with a text layer), via pdfplumber.

Ruled tables become table blocks (cells as printed, a wrapped cell joined); the text
around them becomes headings and paragraphs (wrapped lines joined). A table that runs on
from the previous page, without a title of its own, is joined to it: its cells are put in
the previous page's columns by position, and a repeated header is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from budgetlib.problems import BudgetReadError, Problem
from budgetlib.readers.base import (
    PAGE_FOOTER,
    Block,
    Break,
    PageLayout,
    RawDocument,
    RawRow,
    collector_paused,
    repeated_at_position,
)
from budgetlib.readers.headers import header_rows
from budgetlib.readers.pdf_cells import PageInk, Row, char_middles, in_boxes, table_rows
from budgetlib.readers.pdf_grid import find_tables, light_rect_edges
from budgetlib.readers.pdf_pages import read_pages, take_from_back
from budgetlib.readers.pdf_text import text_lines
from budgetlib.text import is_amount, join_wrapped

_MARKER = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]"
                     r"|[（(][一二三四五六七八九十]+[）)]|\d+[、.．](?!\d))")
_TOTAL_WORD = re.compile(r"合\s*计|总\s*计")
_DECIMAL = re.compile(r"\d[.,]\d")  # an amount as printed (a code has neither)
_QUOTES_ONLY = re.compile(r"^[\s“”\"'‘’]+$")
_END = tuple("。：:；;！？")
_SNAP = 6.0  # points of slack around a column's span (a double rule's spacer cells are ~5.4)
_TITLE_END = re.compile(r"表\s*(?:[（(][^）)]*[）)])?$")  # …表, …表（功能科目）
_PREAMBLE = re.compile(r"(部门|单\s*位)\s*(名称)?\s*[:：]")  # 部门：…  单位：万元 rows


@dataclass
class _OpenTable:
    """The table being read, kept open for a continuation on the next page."""

    columns: list[tuple[float, float]]
    rows: list[RawRow] = field(default_factory=list)
    header: list[tuple[str, ...]] = field(default_factory=list)
    page: int = 0
    #: The cells' boxes and texts as found, while the table has only header rows: a header
    #: cut at the foot of a page takes its columns from the rows on the next page.
    boxes: tuple[list, list] = field(default_factory=lambda: ([], []))


def read_pdf(path: Path, engine: str = "pdfium", workers: int | None = None) -> RawDocument:
    """Read a PDF with a text layer into blocks; refuse scans, encrypted and corrupt files.

    ``engine`` reads the pages' characters and rules: ``"pdfium"`` (PDFium, the default)
    or ``"pdfminer"`` (pdfplumber's own, some ten times slower); both give the same blocks
    (``tests/test_pdf.py`` compares them on the corpus). A file PDFium cannot take is read
    with pdfminer. Pages are read in ``workers`` processes (default: one per core, see
    :func:`~budgetlib.readers.pdf_pages.read_pages`; ``1`` reads them in this process
    only); the blocks are the same either way.
    """
    if engine not in _ENGINES:
        raise ValueError(f"engine must be one of {sorted(_ENGINES)}, not {engine!r}")
    if engine == "pdfium":
        try:
            return _read_pdf(path, engine, workers)
        except BudgetReadError as err:
            if not isinstance(err.__cause__, Exception):
                raise  # the file's own fault (no text layer), whatever reads it
    return _read_pdf(path, "pdfminer", workers)


def _open_pdfminer(path: Path):
    import pdfplumber  # imported here: reading text must not pay for the PDF engine

    return pdfplumber.open(path)


def _open_pdfium(path: Path):
    from budgetlib.readers.pdfium_page import open_pdf

    return open_pdf(path)


_ENGINES = {"pdfium": _open_pdfium, "pdfminer": _open_pdfminer}


def _read_pdf(path: Path, engine: str, workers: int | None) -> RawDocument:
    source = str(path)
    try:
        pdf = _ENGINES[engine](path)
    except Exception as err:  # the engines raise many kinds for a damaged or locked file
        raise BudgetReadError(source, f"not a readable PDF ({_why(err)})") from err
    blocks: list[Block] = []
    problems: list[Problem] = []
    try:
        with pdf:
            # PDFium counts the pages: the workers start on them while this process reads
            # the page tree (pdfminer's engine reads it to count)
            count = _page_count(pdf)
            name = Path(source).name
            reads = read_pages(_read_back, source, engine, count,
                               lambda index: _page_read(_nth_page(pdf, index, count), name), workers)
            if sum(read.layout.chars for read in reads) == 0:
                raise BudgetReadError(source, "no text layer (a scanned PDF?); budgetlib does no OCR")
            running = _running_titles([read.margins for read in reads], problems)
            open_table: _OpenTable | None = None
            carry: list[dict] = []
            for read in reads:
                open_table, carry = _read_page(read, blocks, open_table, carry, running.get(read.number, []),
                                               lambda number: _page_words(pdf.pages[number - 1]))
            if carry:
                blocks.append(_text_block(carry))
            if open_table:
                blocks.append(_table_block(open_table))
    except BudgetReadError:
        raise
    except Exception as err:
        raise BudgetReadError(source, f"not a readable PDF ({_why(err)})") from err
    layout = [read.layout for read in reads]
    blocks, hidden = _drop_hidden_repeats(blocks, {p.page for p in layout if p.outside})
    return RawDocument(source=source, blocks=blocks, pages=layout, problems=problems + hidden)


@dataclass
class PageRead:
    """What a page gives on its own, whatever the pages around it hold (so pages are read
    in any order, in any process): its layout, the lines in its header and footer bands,
    its text lines outside the tables (each with its ``size`` and its characters' rounded
    ``sizes``, not the characters), its tables' rows, and its words where a table running
    on from the last page may need them (:func:`_may_run_on`)."""

    number: int
    width: float
    height: float
    layout: PageLayout
    margins: list[tuple[str, float]]
    lines: list[dict]
    tables: list[list[Row]]
    words: list[dict] | None = None


def _page_count(pdf) -> int:
    """The PDF's pages: PDFium counts them without the page tree, pdfminer reads the tree."""
    return pdf.page_count if hasattr(pdf, "page_count") else len(pdf.pages)


def _nth_page(pdf, index: int, count: int):
    """The page at ``index``, of a PDF whose page tree holds ``count`` pages."""
    if len(pdf.pages) != count:  # PDFium and pdfminer read the page tree differently
        raise ValueError(f"the page tree holds {len(pdf.pages)} pages, PDFium counts {count}")
    return pdf.pages[index]


def _read_back(source: str, engine: str, document: int) -> list[tuple[int, PageRead]]:
    """In a worker process: the pages :func:`~budgetlib.readers.pdf_pages.take_from_back`
    gives, read; the PDF is kept open there for the next document's pages, if the same."""
    global _WORKER_PDF
    stat = Path(source).stat()
    key = (source, engine, stat.st_ino, stat.st_size, stat.st_mtime_ns)
    if _WORKER_PDF is None or _WORKER_PDF[0] != key:
        if _WORKER_PDF is not None:
            _WORKER_PDF[1].close()
            _WORKER_PDF = None
        _WORKER_PDF = (key, _ENGINES[engine](Path(source)))
    pdf, out = _WORKER_PDF[1], []
    count = _page_count(pdf)
    while (index := take_from_back(document)) is not None:
        out.append((index, _page_read(_nth_page(pdf, index, count), Path(source).name)))
    return out


_WORKER_PDF: tuple[tuple, Any] | None = None


#: A page's header and footer bands: lines whose top lies within this share of the page's
#: height from its top or bottom edge.
_MARGIN_BAND = 0.1
#: Pages a line must be printed on, in the same words at the same height, to be a running title.
_RUNNING_PAGES = 3


def _running_titles(margins: list[list[tuple[str, float]]], problems: list[Problem]
                    ) -> dict[int, list[tuple[str, float]]]:
    """Each page's running titles (:func:`~budgetlib.readers.base.repeated_at_position`) as
    (text without spaces, top), read from the lines in its header and footer bands (each
    page's :func:`_margin_lines`); one ``info`` problem per title names the pages it was
    removed from."""
    found = repeated_at_position(margins, least=_RUNNING_PAGES)
    by_page: dict[int, list[tuple[str, float]]] = {}
    by_text: dict[str, list[int]] = {}
    for index, line in sorted(found):
        text, top = margins[index][line]
        by_page.setdefault(index + 1, []).append((re.sub(r"\s", "", text), top))
        by_text.setdefault(text, []).append(index + 1)
    for text, numbers in by_text.items():
        problems.append(Problem("info", f"页眉标题“{text}”在 {len(numbers)} 页重复出现"
                                f"（第 {'、'.join(map(str, numbers))} 页），未作正文读取", page=numbers[0],
                                code="running_title"))
    return by_page


def _in_margin(obj: dict, page, slack: float = 0.0) -> bool:
    """Whether a character or line lies in the page's header or footer band (widened by
    ``slack`` points)."""
    band = _MARGIN_BAND * page.height + slack
    return obj["top"] - page.bbox[1] < band or page.bbox[3] - obj["bottom"] < band


def _margin_lines(page, shown: list[dict]) -> list[tuple[str, float]]:
    """The text lines in the page's header and footer bands, as (text, top), of the
    page's ``shown`` characters."""
    band, top, bottom = _MARGIN_BAND * page.height, page.bbox[1], page.bbox[3]  # _in_margin's test, inlined
    chars = sorted((c for c in shown if (c["top"] - top < band or bottom - c["bottom"] < band)
                    and c["text"].strip()), key=lambda c: (round(c["top"]), c["x0"]))
    lines: list[list[dict]] = []
    for c in chars:
        if lines and abs(c["top"] - lines[-1][0]["top"]) <= 2:
            lines[-1].append(c)
        else:
            lines.append([c])
    return [("".join(c["text"] for c in sorted(ln, key=lambda c: c["x0"])), ln[0]["top"]) for ln in lines]


def _drop_hidden_repeats(blocks: list[Block], clipped: set[int]) -> tuple[list[Block], list[Problem]]:
    """Paragraphs a page repeats from the page before, read once.

    A long cell printed over two pages (a spreadsheet's 主要职能) carries its whole text on
    each page, the part shown on the other page hidden by the page's clip; the text layer
    has it twice. On a page with text set beyond its edge (``clipped``), a sentence of 20
    characters or more that is contained in one of the previous page's paragraphs is that
    hidden copy; elsewhere a repeated sentence is the document's own (a template's
    "主要用于：XXXXX" under two tables).

    >>> a = [Block("paragraph", text="一、负责本区商贸发展的规划、协调和组织实施工作。", page=3),
    ...      Block("paragraph", text="负责本区商贸发展的规划、协调和组织实施工作。", page=4),
    ...      Block("paragraph", text="二、完成区委交办的其他任务和事项，共计二十字。", page=4)]
    >>> kept, problems = _drop_hidden_repeats(a, clipped={4})
    >>> [b.page for b in kept], problems[0].message
    ([3, 4], '第 4 页重复了第 3 页的 1 段文字（页面遮住的隐藏文字），只读一次')
    """
    by_page: dict[int, list[str]] = {}
    for block in blocks:
        if block.kind == "paragraph" and block.page:
            by_page.setdefault(block.page, []).append(block.text)
    kept, dropped = [], {}
    for block in blocks:
        before = by_page.get((block.page or 0) - 1, [])
        prose = len(block.text) >= 20 and ("。" in block.text or "；" in block.text)  # not a 单位 line
        if block.page in clipped and block.kind == "paragraph" and prose \
                and any(block.text in t for t in before):
            dropped[block.page] = dropped.get(block.page, 0) + 1
            continue
        kept.append(block)
    problems = [Problem("info", f"第 {page} 页重复了第 {page - 1} 页的 {n} 段文字（页面遮住的隐藏文字），"
                        "只读一次", page=page, code="hidden_copy") for page, n in dropped.items()]
    return kept, problems


def _layout(page, number: int, file: str) -> PageLayout:
    """The page's character count and the characters set (partly) outside it."""
    x0, top, x1, bottom = page.bbox
    left, right, high, low = x0 - 0.5, x1 + 0.5, top - 0.5, bottom + 0.5
    outside = [c for c in page.chars if (
        c["x0"] < left or c["x1"] > right or c["top"] < high or c["bottom"] > low) and c["text"].strip()]
    return PageLayout(number, len(page.chars), len(outside), "".join(c["text"] for c in outside[:20]),
                      len(page.images), file)


def _why(err: Exception) -> str:
    """The cause of a PDF engine's error, in a few words; pdfplumber wraps pdfminer's
    (``PdfminerException(PDFPasswordIncorrect())``), so the causes are looked through."""
    seen, todo = [], [err]
    while todo and len(seen) < 10:
        cause = todo.pop(0)
        seen.append(cause)
        todo += [a for a in (cause.__cause__, cause.__context__, *cause.args)
                 if isinstance(a, BaseException) and a not in seen]
    if any("Password" in type(c).__name__ or "Encrypt" in type(c).__name__ for c in seen):
        return "encrypted: it opens only with a password; save a copy without one"
    name = type(err).__name__
    return f"{name}: {err}" if str(err) else name


def _page_read(page, file: str) -> PageRead:
    """What the page gives on its own (:class:`PageRead`); ``file`` is its file's name. The
    page's objects are let go once read."""
    with collector_paused():
        try:
            return _read_alone(page, file)
        finally:
            page.close()


def _read_alone(page, file: str) -> PageRead:
    shown = _on_page(page.chars, page.bbox)
    layout = _layout(page, page.page_number, file)
    margins = _margin_lines(page, shown)
    shown_page = _with_chars(page, shown)  # text set beyond the page edge is not shown
    try:
        return _read_shown(shown_page, layout, margins)
    finally:
        shown_page.close()  # its objects let go now (a pdfplumber page is in a reference cycle)


def _read_shown(page, layout: PageLayout, margins: list[tuple[str, float]]) -> PageRead:
    page._rect_edges = light_rect_edges(page.rects)  # page.edges, as light as the finder needs
    tables = find_tables(page)
    shared = PageInk(page)  # what the page's tables share, found once
    cells = [c for t in tables for row in t.rows for c in row.cells if c]
    # text in no cell: around the tables, or between two of them
    celled = {id(page.chars[i]) for i in in_boxes(page.chars, cells, True, shared.middles if cells else None)}
    lines = [_sized(ln) for ln in _rejoin(text_lines([c for c in page.chars if id(c) not in celled]))]
    rows = [table_rows(page, t, _PREAMBLE, shared) for t in tables]
    first = min((r[0].box[1] for r in rows if r), default=page.height)
    words = page.extract_words() if _may_run_on(lines, first, page) else None
    return PageRead(page.page_number, page.width, page.height, layout, margins, lines, rows, words)


def _may_run_on(lines: list[dict], first: float, page) -> bool:
    """Whether a table running on from the last page could take rows from the page's top
    (:func:`_unruled_rows`, which needs the page's words): a line holding an amount before
    any title or 部门/单位 line, above the ``first`` rule. Lines a page's running titles
    may be (in its header and footer bands) are passed over, as the page footers are."""
    for line in lines:
        if line["top"] >= first:
            return False
        if PAGE_FOOTER.match(line["text"]):
            continue
        if any(is_amount(w) for w in line["text"].split()):
            return True
        squeezed = re.sub(r"\s", "", line["text"])
        if not _in_margin(line, page, 2 * _SLACK) and (_TITLE_END.search(squeezed)
                                                      or _PREAMBLE.search(squeezed)):
            return False
    return False


def _page_words(page) -> list[dict]:
    """The words of the page's characters on the page, the page read again: a fallback,
    should :func:`_may_run_on` not have found them with the page (on the corpus it never
    happens)."""
    try:
        return _with_chars(page, _on_page(page.chars, page.bbox)).extract_words()
    finally:
        page.close()


def _sized(line: dict) -> dict:
    """The line without its characters: the size it is set in (:func:`_size`) and its
    characters' sizes, rounded (:func:`_body_size`), are all that later steps read of them."""
    out = {k: v for k, v in line.items() if k != "chars"}
    out["size"] = _size(line)
    out["sizes"] = [round(c["size"]) for c in line["chars"]]
    return out


def _read_page(read: PageRead, blocks: list[Block], open_table: _OpenTable | None,
               carry: list[dict], running: list[tuple[str, float]], words: Callable[[int], list[dict]]
               ) -> tuple[_OpenTable | None, list[dict]]:
    """Add the page's blocks; give back the table left open and the lines of a paragraph
    that runs on to the next page (its last line full and without a full stop). Page
    footers and the page's ``running`` titles (text, top) are not read; ``words(number)``
    gives a page's words, when a table running on needs them."""
    number = read.number
    # runs first: an item's number set in another font ("1" of "1、…") is not a page footer
    lines = [dict(ln) for ln in read.lines
             if not PAGE_FOOTER.match(ln["text"]) and not _is_running(ln, running)]
    # one ruled grid can hold two printed tables with a title between them (公开05表 ending
    # above 公开06表's title): the title's line cuts the grid in two
    cuts = [ln["top"] for ln in lines if _TITLE_END.search(re.sub(r"\s", "", ln["text"]))]
    parts = [part for rows in read.tables for part in _split_at(rows, cuts)]
    if open_table is not None:
        lines, parts = _unruled_rows(read, lines, parts, open_table, words)
    items = sorted([(ln["top"], 0, ln) for ln in lines] + [(part[0], 1, part) for part in parts],
                   key=lambda item: (item[0], item[1]))
    body = _body_size(lines)
    right = max((ln["x1"] for ln in lines), default=read.width)
    left = min((ln["x0"] for ln in lines), default=0.0)
    for ln in lines:  # a paragraph running on to the next page keeps its own page's measures
        ln.update(page=number, body=body, right=right)
    paragraph: list[dict] = list(carry)
    for _, kind, obj in items:
        if kind == 0:
            if open_table:  # text between tables closes the open one
                blocks.append(_table_block(open_table))
                open_table = None
            if paragraph and _starts_new(paragraph[-1], obj, right, body, left):
                blocks.append(_text_block(paragraph))
                paragraph = []
            paragraph.append(obj)
            continue
        if paragraph:
            blocks.append(_text_block(paragraph))
            paragraph = []
        open_table = _add_table(obj, number, blocks, open_table)
    if paragraph and not open_table and _runs_on(paragraph[-1]):
        return open_table, paragraph
    if paragraph:
        blocks.append(_text_block(paragraph))
    return open_table, []


def _is_running(line: dict, running: list[tuple[str, float]]) -> bool:
    """Whether the line is one of its page's running titles: the same words at the same height."""
    text = re.sub(r"\s", "", line["text"])
    return any(text == title and abs(line["top"] - top) <= _SLACK for title, top in running)


_SLACK = 3.0  # points: the same height on two pages


def _on_page(chars: list[dict], bbox: tuple[float, float, float, float]) -> list[dict]:
    """The characters whose middle lies on the page."""
    x0, top, x1, bottom = bbox
    x, y = char_middles(chars)
    on = (x0 <= x) & (x <= x1) & (top <= y) & (y <= bottom)
    return list(chars) if on.all() else [chars[i] for i in np.flatnonzero(on).tolist()]


def _with_chars(page, chars: list[dict]):
    """``page.filter(...)`` keeping ``chars`` (some of the page's, in order) and every other
    object: the filter's page, its objects given rather than tested one by one."""
    derived = page.filter(_keep_all)
    derived._objects = {kind: chars if kind == "char" else list(objs) for kind, objs in page.objects.items()}
    return derived


def _keep_all(obj: dict) -> bool:
    return True


def _unruled_rows(read: PageRead, lines: list[dict], parts: list, table: _OpenTable,
                  page_words: Callable[[int], list[dict]]) -> tuple[list[dict], list]:
    """Rows of a table running on from the last page that are printed above the first rule.

    A continued table's first row often has no rule above it, so no cell holds it and its
    text would read as a paragraph. Lines at the top of the page, above the first ruled
    part and within the open table's columns, are its rows: each line holding an amount is
    a row, and a line without one belongs to the row printed closest to it (a wrapped
    cell), or, above every such row, to the last row of the previous page (which this
    extends in ``table``), unless it is numbered ("二、项目支出": a heading, not the end of a
    cell). A line that fits none of these leaves every line as text and the table as it was.
    """
    first_part = min((part[0] for part in parts), default=read.height)
    left, right = table.columns[0][0] - _SNAP, table.columns[-1][1] + _SNAP
    taken = []
    for line in lines:
        squeezed = re.sub(r"\s", "", line["text"])
        if line["top"] >= first_part or line["x0"] < left or line["x1"] > right or (
                _TITLE_END.search(squeezed) or _PREAMBLE.search(squeezed)) or (
                _column_within(line, table.columns) is None
                and not any(is_amount(w) for w in line["text"].split())):
            break
        taken.append(line)
    anchors = [ln for ln in taken if any(is_amount(w) for w in ln["text"].split())]
    if not taken or not anchors and not table.rows:
        return lines, parts
    height = max(ln["size"] for ln in taken) or 10.0
    bands: dict[int, list[dict]] = {id(a): [] for a in anchors}
    ends: list[dict] = []  # the end of a cell wrapped over the page
    for line in taken:
        near = min(anchors, key=lambda a: abs(a["top"] - line["top"]), default=None)
        if near is not None and abs(near["top"] - line["top"]) <= 1.2 * height:
            bands[id(near)].append(line)
        elif (near is None or line["top"] < near["top"]) and not _MARKER.match(line["text"].strip()):
            ends.append(line)  # (a numbered line, "二、项目支出", starts a heading, not a cell's end)
        else:
            return lines, parts  # not a layout this rule knows: leave the lines as text
    for line in ends:  # only once every line has its place: else the table is left as it was
        column = _column_within(line, table.columns)
        last = table.rows[-1]
        cells = tuple(c + line["text"].strip() if i == column else c for i, c in enumerate(last.cells))
        table.rows[-1] = RawRow(cells, last.bold, last.line, last.page)
    words = (read.words if read.words is not None else page_words(read.number)) if anchors else []
    cells, texts = [], []
    for anchor in anchors:
        band = bands[id(anchor)]
        top, bottom = min(ln["top"] for ln in band), max(ln["bottom"] for ln in band)
        found = sorted((w for w in words if top - 1 <= w["top"] and w["bottom"] <= bottom + 1),
                       key=lambda w: (w["top"], w["x0"]))
        cells.append([(w["x0"], w["top"], w["x1"], w["bottom"]) for w in found])
        texts.append([w["text"] for w in found])
    rest = lines[len(taken):]
    return rest, ([(anchors[0]["top"], cells, texts)] if anchors else []) + parts


def _column_within(line: dict, columns: list[tuple[float, float]]) -> int | None:
    """The column a line of text lies wholly inside, if any."""
    return next((i for i, (a, b) in enumerate(columns)
                 if a - _SNAP <= line["x0"] and line["x1"] <= b + _SNAP), None)


def _runs_on(line: dict) -> bool:
    """Whether a page's last line runs on to the next page: a body line reaching the margin
    (within :data:`_RAGGED` characters) without ending its sentence."""
    text = line["text"].rstrip()
    full = line["x1"] >= line["right"] - _RAGGED * (line["body"] or 10.0)
    return full and len(text) >= _BODY_LINE and not text.endswith(_END)


def _rejoin(lines: list[dict]) -> list[dict]:
    """Put back into its line the text the line finder, going by the top of each
    character's box, read as a line of its own: quote marks drawn a little higher (“ ” of
    一般公共预算“三公”经费), and a run set in another font whose box sits higher or lower
    ("年初预算为 万元" / "1560.05": figures in Times New Roman beside 仿宋).

    A line is the same printed line as the one before when it is quote marks alone close
    below it, or when their boxes overlap by more than half the shorter's height and their
    characters fill each other's gaps (none overlaps another across).
    """
    out: list[dict] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is not None and _same_printed_line(prev, line):
            chars = sorted(prev["chars"] + line["chars"], key=lambda c: c["x0"])
            main = prev if len(prev["chars"]) >= len(line["chars"]) else line
            out[-1] = {**main, "chars": chars, "text": "".join(c["text"] for c in chars),
                       "x0": min(prev["x0"], line["x0"]), "x1": max(prev["x1"], line["x1"])}
            continue
        out.append(line)
    return out


def _same_printed_line(a: dict, b: dict) -> bool:
    if _QUOTES_ONLY.match(b["text"]) and b["top"] - a["top"] < 2 * _size(a):
        return True
    overlap = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    if overlap <= 0.5 * min(a["bottom"] - a["top"], b["bottom"] - b["top"]):
        return False
    inked = [(c["x0"], c["x1"]) for c in a["chars"] if c["text"].strip()]
    return not any(x0 < c["x1"] - 0.5 and c["x0"] < x1 - 0.5
                   for c in b["chars"] if c["text"].strip() for x0, x1 in inked)


def _body_size(lines: list[dict]) -> float:
    sizes = [size for ln in lines for size in ln["sizes"]]
    return max(set(sizes), key=sizes.count) if sizes else 0.0


def _size(line: dict) -> float:
    """The size most of the line's characters are set in (the larger on a tie): a few words
    set larger mid-sentence, or a blank in a larger font, do not make the line a heading."""
    sizes = [round(c["size"], 1) for c in line["chars"] if c["text"].strip()]
    return max(sorted(set(sizes), reverse=True), key=sizes.count) if sizes else 0.0


#: A line stopping within this many characters of the right margin, without ending its
#: sentence, was wrapped there (ragged right: the next word or figure did not fit).
_RAGGED = 4.0
_BODY_LINE = 16  # characters


def _starts_new(previous: dict, line: dict, right: float, body: float, left: float) -> bool:
    """A line starts a new paragraph at a marker, indented (a wrapped line starts at the
    margin), in a new size, or after a line that stops short:
    one ending its sentence, or any stopping further than :data:`_RAGGED` characters from the
    margin (a line stopping closer without a full stop is a wrapped line, "…支出决算为 1511.89 万"
    / "元。…")."""
    width = body or 10.0
    text = previous["text"].rstrip()
    short = previous["x1"] < right - 1.5 * width
    # a body line (a cover's title lines are short, centred and each a heading)
    ragged = len(text) >= _BODY_LINE and previous["x1"] >= right - _RAGGED * width and not text.endswith(_END)
    return (_MARKER.match(line["text"].strip()) is not None or line["x0"] > left + 1.5 * width
            or abs(previous["size"] - line["size"]) > 1 or (short and not ragged))


def _text_block(lines: list[dict]) -> Block:
    body, right = lines[0]["body"], lines[0]["right"]
    text = join_wrapped("".join(ln["text"].strip() for ln in lines))
    # a paragraph carried on to the next page: where each later page's text starts
    breaks = tuple(Break(len(join_wrapped("".join(ln["text"].strip() for ln in lines[:i]))),
                         page=lines[i]["page"])
                   for i in range(1, len(lines)) if lines[i]["page"] != lines[i - 1]["page"])
    numbered = _MARKER.match(text) is not None and not text.endswith(_END) and "。" not in text
    # a numbered line with no full stop, or two whose second stops short of the margin
    # ("九、一般公共预算“三公”经费、会议费、培训费支出" / "预算情况说明")
    short = lines[-1]["x1"] < right - 1.5 * (body or 10.0)
    heading = (len(lines) == 1 and (lines[0]["size"] > body + 1 or (numbered and len(text) <= 30))
               or len(lines) == 2 and numbered and len(text) <= 60 and short)
    return Block("heading" if heading else "paragraph", text=text, page=lines[0]["page"], breaks=breaks)


def _cell_text(text: str | None) -> str:
    return join_wrapped((text or "").replace("\n", "")) if text else ""


def _split_at(rows: list[Row], cuts: list[float]) -> list[tuple[float, list[list], list[list]]]:
    """A table's rows as (top, cells, texts) parts, cut where a line of text lies between rows."""
    parts: list[tuple[float, list[list], list[list]]] = []
    previous = None
    for row in rows:
        top, bottom, text = row.box[1], row.box[3], row.texts
        words = [w for w in text if w]
        last_text = parts[-1][2][-1] if parts and parts[-1][2] else []
        if (previous and previous[0] + 1 < top and bottom < previous[1] - 1 and words
                and all(is_amount(w) for w in words) and len(text) == len(last_text)
                and not any(w and _DECIMAL.search(w) for w in last_text)):
            # an amount boxed inside the row above (mid-height, beside 301 工资福利支出): one row
            last_cells = parts[-1][1][-1]
            for i, (cell, piece) in enumerate(zip(row.cells, text, strict=True)):
                if piece and not last_text[i]:
                    last_cells[i], last_text[i] = cell, piece
            continue
        if previous is None or any(previous[0] < y < top for y in cuts):
            parts.append((top, [], []))
        parts[-1][1].append(list(row.cells))
        parts[-1][2].append(list(text))
        previous = (top, bottom)
    return parts


def _add_table(part: tuple, page: int, blocks: list[Block], open_table: _OpenTable | None):
    _, cells, texts = part
    lifted = _frame_lines(texts)
    if lifted is not None:  # a frame printing the title inside: the title goes before it
        if open_table:
            blocks.append(_table_block(open_table))
            open_table = None
        blocks.append(Block("heading", text=join_wrapped(lifted[0]), page=page))
        if lifted[1:]:  # 部门 and 单位 lines, a long name wrapped round 单位: 单位 goes last
            rest = sorted(lifted[1:], key=lambda ln: bool(re.match(r"单\s*位\s*[:：]", ln)))
            blocks.append(Block("paragraph", text=join_wrapped("".join(rest)), page=page))
        cells, texts = cells[1:], texts[1:]
        if not texts:
            return None
    if len(_columns(cells, texts)) == 1:  # text in a box (a 目录), not a table
        if open_table:
            blocks.append(_table_block(open_table))
        blocks += [Block("paragraph", text=_cell_text(t[0]), page=page)
                   for t in texts if _cell_text(t[0])]
        return None
    if open_table is None:
        columns = _columns(cells, texts)
        rows = [_row(r, t, columns, page) for r, t in zip(cells, texts, strict=True)]
        return _OpenTable(columns, rows, [], page, (cells, texts))
    if _titled(texts):  # a table printing its own title starts afresh, never runs on
        blocks.append(_table_block(open_table))
        return _add_table(part, page, blocks, None)
    regridded = _regrid(open_table, cells, texts, page)
    if regridded is not None:
        return regridded
    rows = [_row(r, t, open_table.columns, page) for r, t in zip(cells, texts, strict=True)]
    if not open_table.header:
        n = header_rows([r.cells for r in open_table.rows])
        open_table.header = [r.cells for r in open_table.rows[:n]]
    n = len(open_table.header)
    if n and [r.cells for r in rows[:n]] == open_table.header:
        rows = rows[n:]  # the header printed again on the new page
    open_table.rows += rows
    return open_table


def _regrid(table: _OpenTable, cells: list[list], texts: list[list], page: int) -> _OpenTable | None:
    """A table with only header rows so far (its first row at the foot of the last page),
    laid out again in the finer columns of the rows that continue it; ``None`` otherwise."""
    if any(is_amount(c) for r in table.rows for c in r.cells) or not table.boxes[0]:
        return None
    old_cells, old_texts = table.boxes
    columns = _columns(old_cells + cells, old_texts + texts)
    if len(columns) <= len(table.columns):
        return None
    rows = [_row(r, t, columns, table.page) for r, t in zip(old_cells, old_texts, strict=True)]
    rows += [_row(r, t, columns, page) for r, t in zip(cells, texts, strict=True)]
    return _OpenTable(columns, rows, [], table.page, (old_cells + cells, old_texts + texts))


def _frame_lines(texts: list[list]) -> list[str] | None:
    """The title lines of a table whose first row is one cell holding its title (and, in
    some layouts, the whole page's text: an outer frame drawn around the inner table).

    Returns the lines before the inner table's first row, or ``None`` for an ordinary table.

    >>> frame = "收入预算总表\\n部门：某 单位：万元\\n项目名称 金额\\n收入总计"
    >>> _frame_lines([[frame, None], [None, "项目名称", "金额"]])
    ['收入预算总表', '部门：某 单位：万元']
    """
    if len(texts) < 2:
        return None
    first = [t for t in texts[0] if t and t.strip()]
    if len(first) != 1 or "\n" not in first[0]:
        return None
    lines = [ln.strip() for ln in first[0].split("\n") if ln.strip()]
    if not _TITLE_END.search(re.sub(r"\s", "", lines[0])):
        return None
    inner = next((" ".join(t.strip() for t in row if t and t.strip()) for row in texts[1:]
                  if any(t and t.strip() for t in row)), "")
    squeeze = re.compile(r"\s+")
    cut = next((i for i, ln in enumerate(lines) if squeeze.sub("", ln) == squeeze.sub("", inner)),
               len(lines))
    return lines[:cut]


def _titled(texts: list[list]) -> bool:
    """Whether the first row with text (blank rows of a drawn grid come before it) is a title."""
    rows = [{_cell_text(t) for t in row if _cell_text(t)} for row in texts]
    first = next((row for row in rows if row), set())
    return len(first) == 1 and _TITLE_END.search(first.pop()) is not None


def _columns(cells: list[list], texts: list[list]) -> list[tuple[float, float]]:
    """The columns, as (left, right) spans, from the cells that hold text.

    The narrowest cells define them and a wider cell whose middle falls in a column joins
    it: a body cell that spans a double rule's thin spacer cells (a few points either side
    of its heading) is in its heading's column, whatever its left edge. Empty cells do not
    count. A cell spanning several columns (a 合计 across code and name) makes none.
    """
    boxes = [(c[0], c[2]) for row, words in zip(cells, texts, strict=True)
             for c, text in zip(row, words, strict=True) if c and text and text.strip()]
    boxes = boxes or [(c[0], c[2]) for row in cells for c in row if c]
    columns: list[tuple[float, float]] = []
    for left, right in sorted(set(boxes), key=lambda b: b[1] - b[0]):
        middle = (left + right) / 2
        inside = [c for c in columns if left - _SNAP <= (c[0] + c[1]) / 2 <= right + _SNAP]
        if not any(c[0] - _SNAP <= middle <= c[1] + _SNAP for c in columns) and len(inside) < 2:
            columns.append((left, right))
    return sorted(columns)


def _column_of(box: tuple, columns: list[tuple[float, float]], middles: list[float]) -> int:
    """The column a cell belongs to: the first whose middle it spans when it spans several,
    else the one holding its middle, else the nearest (the first of the nearest).
    ``middles`` are the columns' middles, ``(a + b) / 2``."""
    left, right = box[0] - _SNAP, box[2] + _SNAP
    spanned = [i for i, m in enumerate(middles) if left <= m <= right]
    if len(spanned) > 1:
        return spanned[0]
    left, right = box[0], box[2]
    middle = (left + right) / 2
    index, nearest = 0, None
    for i, (a, b) in enumerate(columns):
        distance = 0 if a <= middle <= b else min(abs(middle - a), abs(middle - b))
        if nearest is None or distance < nearest:
            index, nearest = i, distance
    return index


def _row(cells: list, texts: list, columns: list[tuple[float, float]], page: int) -> RawRow:
    out = [""] * len(columns)
    middles = [(a + b) / 2 for a, b in columns]
    for box, text in zip(cells, texts, strict=True):
        if box is None or not text:
            continue
        index = _column_of(box, columns, middles)
        out[index] = (out[index] + _cell_text(text)) if out[index] else _cell_text(text)
    return RawRow(tuple(out), (False,) * len(out), page=page)


def _table_block(table: _OpenTable) -> Block:
    return Block("table", rows=tuple(_join_split_rows(_compact(table.rows))), page=table.page)


def _join_split_rows(rows: list[RawRow]) -> list[RawRow]:
    """Join a row of amounts only to the label row above it that has none.

    A cell merged over two ruled rows is split in two by some PDF writers: “合计” in the
    upper row, its amount (printed mid-height) in the lower one. A row starts with its label
    (each side's, in a two-sided table): amounts before any label are under the last header
    row's headings over blank columns (“小计 | 购置费 | 运行费” of a 三公 table whose 公务用车
    columns print no amount), and never joined to them.
    """
    def amounts_only(row: RawRow) -> bool:
        filled = [c for c in row.cells if c]
        return bool(filled) and all(is_amount(c) for c in filled)

    def label_only(row: RawRow) -> bool:
        return any(c and not is_amount(c) for c in row.cells) and not any(is_amount(c) for c in row.cells)

    def apart(a: RawRow, b: RawRow) -> bool:  # no column filled in both
        return not any(x and y for x, y in zip(a.cells, b.cells, strict=True))

    def label_first(a: RawRow, b: RawRow) -> bool:  # the joined row starts with a label
        first = next(c for x, y in zip(a.cells, b.cells, strict=True) if (c := x or y))
        return not is_amount(first)

    out: list[RawRow] = []
    for row in rows:
        prev = out[-1] if out else None
        # the amount under its label, or (a label set lower in its cell) above it; never a
        # heading over a column of amounts, which shares their columns
        if prev and apart(prev, row) and ((label_only(prev) and amounts_only(row))
                                           or (amounts_only(prev) and label_only(row)
                                               and _TOTAL_WORD.search(" ".join(row.cells)))) \
                and label_first(prev, row):
            cells = tuple(a or b for a, b in zip(prev.cells, row.cells, strict=True))
            out[-1] = RawRow(cells, prev.bold, prev.line, prev.page)
            continue
        out.append(row)
    return out


def _compact(rows: list[RawRow]) -> list[RawRow]:
    """Merge neighbouring columns that no row fills both of.

    Ruled PDF tables often split one printed column into several cells (an amount right
    of a sub-rule in one row, left of it in the next); a column is one column when no
    row has text in both parts and not both parts carry a heading.
    """
    if not rows:
        return rows
    width = len(rows[0].cells)
    # the rows above the first amount hold the headings; two headed columns stay two
    top = next((i for i, r in enumerate(rows) if any(is_amount(c) for c in r.cells)), len(rows))
    headings = [r for r in rows[:top] if not _PREAMBLE.search(" ".join(r.cells))]

    def headed(cols: list[int]) -> bool:
        return any(r.cells[c] for r in headings for c in cols)

    groups: list[list[int]] = []
    for col in range(width):
        clash = any(r.cells[col] and any(r.cells[c] for c in groups[-1]) for r in rows) \
            if groups else True
        if not clash and not (headed([col]) and headed(groups[-1])):
            groups[-1].append(col)
        else:
            groups.append([col])
    return [RawRow(tuple("".join(r.cells[c] for c in g) for g in groups),
                   tuple(any(r.bold[c] for c in g) for g in groups), r.line, r.page)
            for r in rows]
