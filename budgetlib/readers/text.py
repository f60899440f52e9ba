"""Reader for budget disclosures converted from PDF to text.

The form: ``#`` headings, one paragraph per line, tables as tab-separated rows whose cells
may carry ``<b>…</b>``, blank lines between blocks. What the conversion kept of the PDF's
pages (form feeds, page footers such as "─ 7 ─" or "第 7 页", running titles) is removed
before paragraphs are read, and a paragraph the page break cut off is one paragraph again.
"""

from __future__ import annotations

import re
from pathlib import Path

from budgetlib.problems import BudgetReadError, Problem
from budgetlib.readers.blocks import LIST_MARKER, PARAGRAPH_END, Block, Break, RawDocument, RawRow
from budgetlib.readers.page_marks import FORM_FEED, page_mark_lines, running_title_lines
from budgetlib.text import strip_markup

ENCODINGS = ("utf-8-sig", "gb18030")
_SEPARATOR_CELL = re.compile(r"^[-:|]*$")
_HEADING = re.compile(r"^(#+)\s*(.*)$")
#: Line ends (not ``str.splitlines``, which also breaks at a form feed and so would count
#: lines differently from an editor).
_LINE_END = re.compile(r"\r\n|\r|\n")


def decode(data: bytes, source: str) -> str:
    """Decode UTF-8 (with or without BOM) or GB18030/GBK; refuse binary data.

    Examples
    --------
    >>> decode("预算".encode("gbk"), "x.txt")
    '预算'
    >>> decode(b"\\x00\\x01", "x.bin")
    Traceback (most recent call last):
    ...
    budgetlib.problems.BudgetReadError: x.bin: binary data (a NUL byte at byte 0), not a text document
    """
    if data.startswith(b"%PDF"):
        raise BudgetReadError(source, "a PDF file, not text; give it a .pdf name to read it as PDF")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: Office before 2007, WPS
        raise BudgetReadError(source, "an old Office or WPS file (.doc, .xls or .wps), not text: "
                              "save it as PDF or .xlsx")
    if data.startswith(b"PK\x03\x04"):  # a zip: Office 2007 and later
        if b"word/" in data:
            raise BudgetReadError(source, "a Word document, not text: save it as PDF")
        if b"xl/" in data:
            raise BudgetReadError(source, "an Excel workbook, not text; give it a .xlsx name to "
                                  "read it as one")
        raise BudgetReadError(source, "a zip archive, not text: unpack it first")
    nul = data.find(b"\x00", 0, 65536)
    if nul >= 0:
        raise BudgetReadError(source, f"binary data (a NUL byte at byte {nul}), not a text document")
    errors = []
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as err:
            errors.append(err)
    first = errors[0]  # where the text stops being UTF-8 is what the author can fix
    line = data[: first.start].count(b"\n") + 1
    raise BudgetReadError(
        source, f"neither UTF-8 nor GB18030 text (undecodable byte {first.start})", line
    )


def read_text(text: str, source: str = "<text>") -> RawDocument:
    """Split converted text into blocks, keeping each block's line number.

    Page footers, form feeds and running titles are left out (counted in one ``info``
    problem); a paragraph that a page break cut off before its sentence ended is joined to
    the line continuing it, which is recorded in the block's ``breaks``.

    Examples
    --------
    >>> raw = read_text("# 标题\\n\\n说明。\\n\\n项目\\t金额\\n<b>合计</b>\\t<b>1.00</b>\\n")
    >>> [b.kind for b in raw.blocks]
    ['heading', 'paragraph', 'table']
    >>> raw.blocks[2].rows[1].cells, raw.blocks[2].rows[1].line
    (('合计', '1.00'), 6)
    >>> raw = read_text("# 标题\\n\\n支出预算\\n\\n─ 7 ─\\n\\n167.55 万元。\\n")
    >>> [(b.text, b.line, b.breaks) for b in raw.blocks[1:]]
    [('支出预算167.55 万元。', 3, (Break(offset=4, line=7, page=None),))]
    >>> raw.problems[0].message
    '读取段落前去掉了分页处的页脚 1 处（第 5 行）'
    """
    entries = _entries(text)
    lines = [line for _, line in entries]
    marks = page_mark_lines(lines)
    feeds = {k for k, line in enumerate(lines) if line == FORM_FEED}
    running = running_title_lines(lines, marks | feeds)
    blocks: list[Block] = []
    rows: list[RawRow] = []
    start = 0
    at_break = False  # a page break lies between the last block and this line

    def close_table() -> None:
        if rows:
            blocks.append(Block("table", rows=tuple(rows), line=start))
            rows.clear()

    for k, (number, line) in enumerate(entries):
        if k in marks or k in feeds or k in running:
            at_break = True
            continue  # a page's footer or header: neither text nor the end of a table
        if "\t" in line:
            if not rows:
                start = number
            cells = [strip_markup(cell) for cell in line.split("\t")]
            at_break = False
            if all(_SEPARATOR_CELL.match(text) for text, _ in cells):
                continue  # a markdown rule row left by the conversion, no content
            rows.append(
                RawRow(tuple(t for t, _ in cells), tuple(b for _, b in cells), line=number)
            )
            continue
        stripped = line.strip()
        if not stripped:
            continue  # blank lines inside a table do not end it
        close_table()
        heading = _HEADING.match(stripped)
        text_, bold = strip_markup(heading.group(2) if heading else stripped)
        if heading or (bold and stripped.startswith("**") and stripped.endswith("**")):
            blocks.append(Block("heading", text=text_, line=number))
        elif at_break and _runs_on(blocks, text_):
            last = blocks[-1]
            blocks[-1] = Block("paragraph", text=last.text + text_, line=last.line,
                               breaks=(*last.breaks, Break(len(last.text), line=number)))
        else:
            blocks.append(Block("paragraph", text=text_, line=number))
        at_break = False
    close_table()
    problems = _removed(entries, marks, running)
    return RawDocument(source=source, blocks=blocks, problems=problems)


def _entries(text: str) -> list[tuple[int, str]]:
    """The text's lines with their numbers; a form feed is an entry of its own (``"\\f"``)
    at the line it stands on."""
    entries = []
    for number, line in enumerate(_LINE_END.split(text), start=1):
        pieces = line.split(FORM_FEED)
        for i, piece in enumerate(pieces):
            if i:
                entries.append((number, FORM_FEED))
            if piece or len(pieces) == 1:
                entries.append((number, piece))
    return entries


def _runs_on(blocks: list[Block], text: str) -> bool:
    """Whether ``text``, after a page break, continues the paragraph before it: that one
    stops without ending its sentence and ``text`` does not open a list item."""
    last = blocks[-1] if blocks else None
    return (last is not None and last.kind == "paragraph"
            and not last.text.rstrip().endswith(PARAGRAPH_END) and not LIST_MARKER.match(text))


def _removed(entries: list[tuple[int, str]], marks: set[int], running: set[int]) -> list[Problem]:
    """One ``info`` problem naming the page footers and running titles left out."""
    if not marks and not running:
        return []
    parts = []
    for what, found in (("页脚", marks), ("页眉标题", running)):
        if found:
            numbers = sorted({entries[k][0] for k in found})
            shown = "、".join(map(str, numbers[:10])) + ("等" if len(numbers) > 10 else "")
            parts.append(f"{what} {len(found)} 处（第 {shown} 行）")
    first = min(entries[k][0] for k in marks | running)
    return [Problem("info", "读取段落前去掉了分页处的" + "；".join(parts), first, code="page_breaks")]


def read_text_file(path: Path) -> RawDocument:
    """Read a converted-text file (UTF-8 or GB18030, LF or CRLF)."""
    data = path.read_bytes()
    return read_text(decode(data, str(path)), source=str(path))
