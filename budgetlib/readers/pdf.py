"""Reader for budget disclosures published as PDF (with a text layer).

Each page is laid out on its own (:mod:`~budgetlib.readers.pdf_page`); here the pages are
joined, in page order: running titles and page footers dropped, a paragraph or a table
running on over a page break read as one (:mod:`~budgetlib.readers.pdf_tables`), a text
hidden by a page's clip and repeated on the next page read once. Ruled tables become table
blocks; the text around them headings and paragraphs (wrapped lines joined).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from budgetlib.problems import BudgetReadError, Problem
from budgetlib.readers.blocks import Block, Break, RawDocument, RawRow
from budgetlib.readers.page_marks import PAGE_FOOTER, repeated_at_position
from budgetlib.readers.pdf_engine import SETTINGS, PdfFile
from budgetlib.readers.pdf_page import (
    PREAMBLE,
    SLACK,
    TITLE_END,
    Line,
    PageRead,
    page_words,
    read_page,
)
from budgetlib.readers.pdf_pages import read_pages, take_from_back
from budgetlib.readers.pdf_tables import (
    OpenTable,
    add_table,
    split_at,
    table_block,
)
from budgetlib.readers.pdf_text import Word
from budgetlib.text import is_amount, join_wrapped

_MARKER = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]"
                     r"|[（(][一二三四五六七八九十]+[）)]|\d+[、.．](?!\d))")
_END = tuple("。：:；;！？")

def read_pdf(path: Path, workers: int | None = None) -> RawDocument:
    """Read a PDF with a text layer into blocks; refuse scans, encrypted and corrupt files.

    Pages are read in ``workers`` processes (default: one per core, see
    :func:`~budgetlib.readers.pdf_pages.read_pages`; ``1`` reads them in this process
    only); the blocks are the same either way.
    """
    source = str(path)
    try:
        pdf = PdfFile(path)
    except Exception as err:  # PDFium raises for a damaged or locked file
        raise BudgetReadError(source, f"not a readable PDF ({_why(err)})") from err
    blocks: list[Block] = []
    problems: list[Problem] = []
    try:
        with pdf:
            name = Path(source).name
            reads = read_pages(_read_back, source, pdf.page_count,
                               lambda index: read_page(pdf.page(index), name), workers)
            if sum(read.layout.chars for read in reads) == 0:
                raise BudgetReadError(source, "no text layer (a scanned PDF?); budgetlib does no OCR")
            running = _running_titles([read.margins for read in reads], problems)
            open_table: OpenTable | None = None
            carry: list[Line] = []
            for read in reads:
                open_table, carry = _read_page(read, blocks, open_table, carry, running.get(read.number, []),
                                               lambda number: page_words(pdf.page(number - 1)))
            if carry:
                blocks.append(_text_block(carry))
            if open_table:
                blocks.append(table_block(open_table))
    except BudgetReadError:
        raise
    except Exception as err:
        raise BudgetReadError(source, f"not a readable PDF ({_why(err)})") from err
    layout = [read.layout for read in reads]
    blocks, hidden = _drop_hidden_repeats(blocks, {p.page for p in layout if p.outside})
    return RawDocument(source=source, blocks=blocks, pages=layout, problems=problems + hidden)


def _read_back(source: str, document: int) -> list[tuple[int, PageRead]]:
    """In a worker process: the pages :func:`~budgetlib.readers.pdf_pages.take_from_back`
    gives, read; the PDF is kept open there for the next document's pages, if the same."""
    global _WORKER_PDF
    stat = Path(source).stat()
    key = (source, stat.st_ino, stat.st_size, stat.st_mtime_ns)
    if _WORKER_PDF is None or _WORKER_PDF[0] != key:
        if _WORKER_PDF is not None:
            _WORKER_PDF[1].close()
            _WORKER_PDF = None
        _WORKER_PDF = (key, PdfFile(source))
    pdf, out = _WORKER_PDF[1], []
    while (index := take_from_back(document)) is not None:
        out.append((index, read_page(pdf.page(index), Path(source).name)))
    return out


_WORKER_PDF: tuple[tuple, PdfFile] | None = None


#: Pages a line must be printed on, in the same words at the same height, to be a running title.
_RUNNING_PAGES = 3


def _running_titles(margins: list[list[tuple[str, float]]], problems: list[Problem]
                    ) -> dict[int, list[tuple[str, float]]]:
    """Each page's running titles (:func:`~budgetlib.readers.blocks.repeated_at_position`) as
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


def _why(err: Exception) -> str:
    """The cause of the PDF engine's error, in a few words (the causes looked through: a
    locked file is :class:`~budgetlib.readers.pdf_engine.EncryptedPdf`)."""
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


def _read_page(read: PageRead, blocks: list[Block], open_table: OpenTable | None,
               carry: list[Line], running: list[tuple[str, float]], words: Callable[[int], list[Word]]
               ) -> tuple[OpenTable | None, list[Line]]:
    """Add the page's blocks; give back the table left open and the lines of a paragraph
    that runs on to the next page (its last line full and without a full stop). Page
    footers and the page's ``running`` titles (text, top) are not read; ``words(number)``
    gives a page's words, when a table running on needs them."""
    number = read.number
    # runs first: an item's number set in another font ("1" of "1、…") is not a page footer
    lines = [ln for ln in read.lines if not PAGE_FOOTER.match(ln.text) and not _is_running(ln, running)]
    # one ruled grid can hold two printed tables with a title between them (公开05表 ending
    # above 公开06表's title): the title's line cuts the grid in two
    cuts = [ln.top for ln in lines if TITLE_END.search(re.sub(r"\s", "", ln.text))]
    parts = [part for rows in read.tables for part in split_at(rows, cuts)]
    if open_table is not None:
        lines, parts = _unruled_rows(read, lines, parts, open_table, words)
    body = _body_size(lines)
    right = max((ln.x1 for ln in lines), default=read.width)
    left = min((ln.x0 for ln in lines), default=0.0)
    # a paragraph running on to the next page keeps its own page's measures
    lines = [replace(ln, page=number, body=body, right=right) for ln in lines]
    items = sorted([(ln.top, 0, ln) for ln in lines] + [(part[0], 1, part) for part in parts],
                   key=lambda item: (item[0], item[1]))
    paragraph: list[Line] = list(carry)
    for _, kind, obj in items:
        if kind == 0:
            if open_table:  # text between tables closes the open one
                blocks.append(table_block(open_table))
                open_table = None
            if paragraph and _starts_new(paragraph[-1], obj, right, body, left):
                blocks.append(_text_block(paragraph))
                paragraph = []
            paragraph.append(obj)
            continue
        if paragraph:
            blocks.append(_text_block(paragraph))
            paragraph = []
        open_table = add_table(obj, number, blocks, open_table)
    if paragraph and not open_table and _runs_on(paragraph[-1]):
        return open_table, paragraph
    if paragraph:
        blocks.append(_text_block(paragraph))
    return open_table, []


def _is_running(line: Line, running: list[tuple[str, float]]) -> bool:
    """Whether the line is one of its page's running titles: the same words at the same height."""
    text = re.sub(r"\s", "", line.text)
    return any(text == title and abs(line.top - top) <= SLACK for title, top in running)


def _unruled_rows(read: PageRead, lines: list[Line], parts: list, table: OpenTable,
                  page_words: Callable[[int], list[Word]]) -> tuple[list[Line], list]:
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
    left, right = table.columns[0][0] - SETTINGS.column_slack, table.columns[-1][1] + SETTINGS.column_slack
    taken = []
    for line in lines:
        squeezed = re.sub(r"\s", "", line.text)
        if line.top >= first_part or line.x0 < left or line.x1 > right or (
                TITLE_END.search(squeezed) or PREAMBLE.search(squeezed)) or (
                _column_within(line, table.columns) is None
                and not any(is_amount(w) for w in line.text.split())):
            break
        taken.append(line)
    anchors = [ln for ln in taken if any(is_amount(w) for w in ln.text.split())]
    if not taken or not anchors and not table.rows:
        return lines, parts
    height = max(ln.size for ln in taken) or 10.0
    bands: dict[int, list[Line]] = {id(a): [] for a in anchors}
    ends: list[Line] = []  # the end of a cell wrapped over the page
    for line in taken:
        near = min(anchors, key=lambda a: abs(a.top - line.top), default=None)
        if near is not None and abs(near.top - line.top) <= 1.2 * height:
            bands[id(near)].append(line)
        elif (near is None or line.top < near.top) and not _MARKER.match(line.text.strip()):
            ends.append(line)  # (a numbered line, "二、项目支出", starts a heading, not a cell's end)
        else:
            return lines, parts  # not a layout this rule knows: leave the lines as text
    for line in ends:  # only once every line has its place: else the table is left as it was
        column = _column_within(line, table.columns)
        last = table.rows[-1]
        cells = tuple(c + line.text.strip() if i == column else c for i, c in enumerate(last.cells))
        table.rows[-1] = RawRow(cells, last.bold, last.line, last.page)
    words = (read.words if read.words is not None else page_words(read.number)) if anchors else []
    cells, texts = [], []
    for anchor in anchors:
        band = bands[id(anchor)]
        top, bottom = min(ln.top for ln in band), max(ln.bottom for ln in band)
        found = sorted((w for w in words if top - 1 <= w.top and w.bottom <= bottom + 1),
                       key=lambda w: (w.top, w.x0))
        cells.append([(w.x0, w.top, w.x1, w.bottom) for w in found])
        texts.append([w.text for w in found])
    rest = lines[len(taken):]
    return rest, ([(anchors[0].top, cells, texts)] if anchors else []) + parts


def _column_within(line: Line, columns: list[tuple[float, float]]) -> int | None:
    """The column a line of text lies wholly inside, if any."""
    return next((i for i, (a, b) in enumerate(columns)
                 if a - SETTINGS.column_slack <= line.x0 and line.x1 <= b + SETTINGS.column_slack), None)


def _runs_on(line: Line) -> bool:
    """Whether a page's last line runs on to the next page: a body line reaching the margin
    (within :data:`_RAGGED` characters) without ending its sentence."""
    text = line.text.rstrip()
    full = line.x1 >= line.right - _RAGGED * (line.body or 10.0)
    return full and len(text) >= _BODY_LINE and not text.endswith(_END)


def _body_size(lines: list[Line]) -> float:
    sizes = [size for ln in lines for size in ln.sizes]
    return max(set(sizes), key=sizes.count) if sizes else 0.0


#: A line stopping within this many characters of the right margin, without ending its
#: sentence, was wrapped there (ragged right: the next word or figure did not fit).
_RAGGED = 4.0


_BODY_LINE = 16  # characters


def _starts_new(previous: Line, line: Line, right: float, body: float, left: float) -> bool:
    """A line starts a new paragraph at a marker, indented (a wrapped line starts at the
    margin), in a new size, or after a line that stops short:
    one ending its sentence, or any stopping further than :data:`_RAGGED` characters from the
    margin (a line stopping closer without a full stop is a wrapped line, "…支出决算为 1511.89 万"
    / "元。…")."""
    width = body or 10.0
    text = previous.text.rstrip()
    short = previous.x1 < right - 1.5 * width
    # a body line (a cover's title lines are short, centred and each a heading)
    ragged = len(text) >= _BODY_LINE and previous.x1 >= right - _RAGGED * width and not text.endswith(_END)
    return (_MARKER.match(line.text.strip()) is not None or line.x0 > left + 1.5 * width
            or abs(previous.size - line.size) > 1 or (short and not ragged))


def _text_block(lines: list[Line]) -> Block:
    body, right = lines[0].body, lines[0].right
    text = join_wrapped("".join(ln.text.strip() for ln in lines))
    # a paragraph carried on to the next page: where each later page's text starts
    breaks = tuple(Break(len(join_wrapped("".join(ln.text.strip() for ln in lines[:i]))),
                         page=lines[i].page)
                   for i in range(1, len(lines)) if lines[i].page != lines[i - 1].page)
    numbered = _MARKER.match(text) is not None and not text.endswith(_END) and "。" not in text
    # a numbered line with no full stop, or two whose second stops short of the margin
    # ("九、一般公共预算“三公”经费、会议费、培训费支出" / "预算情况说明")
    short = lines[-1].x1 < right - 1.5 * (body or 10.0)
    heading = (len(lines) == 1 and (lines[0].size > body + 1 or (numbered and len(text) <= 30))
               or len(lines) == 2 and numbered and len(text) <= 60 and short)
    return Block("heading" if heading else "paragraph", text=text, page=lines[0].page, breaks=breaks)

