"""Reader for budget disclosures converted from PDF to text.

The form: ``#`` headings, one paragraph per line, tables as tab-separated rows whose cells
may carry ``<b>…</b>``, blank lines between blocks.
"""

from __future__ import annotations

import re
from pathlib import Path

from budgetlib.problems import BudgetReadError
from budgetlib.readers.base import Block, RawDocument, RawRow
from budgetlib.text import strip_markup

ENCODINGS = ("utf-8-sig", "gb18030")
_SEPARATOR_CELL = re.compile(r"^[-:|]*$")
_HEADING = re.compile(r"^(#+)\s*(.*)$")


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

    Examples
    --------
    >>> raw = read_text("# 标题\\n\\n说明。\\n\\n项目\\t金额\\n<b>合计</b>\\t<b>1.00</b>\\n")
    >>> [b.kind for b in raw.blocks]
    ['heading', 'paragraph', 'table']
    >>> raw.blocks[2].rows[1].cells, raw.blocks[2].rows[1].line
    (('合计', '1.00'), 6)
    """
    blocks: list[Block] = []
    rows: list[RawRow] = []
    start = 0

    def close_table() -> None:
        if rows:
            blocks.append(Block("table", rows=tuple(rows), line=start))
            rows.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        if "\t" in line:
            if not rows:
                start = number
            cells = [strip_markup(cell) for cell in line.split("\t")]
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
        else:
            blocks.append(Block("paragraph", text=text_, line=number))
    close_table()
    return RawDocument(source=source, blocks=blocks)


def read_text_file(path: Path) -> RawDocument:
    """Read a converted-text file (UTF-8 or GB18030, LF or CRLF)."""
    data = path.read_bytes()
    return read_text(decode(data, str(path)), source=str(path))
