"""Reader for workbooks laid out one sheet per table or text (Shanghai's fill-in templates).

Per sheet: leading rows of one cell are headings and paragraphs (a cell's lines split);
from the first row with two or more filled cells, the rest is one table grid. A block's
``page`` is the sheet's number and ``line`` its row, so findings point at a cell.
"""

from __future__ import annotations

from pathlib import Path

from budgetlib.problems import BudgetReadError
from budgetlib.readers.blocks import Block, RawDocument, RawRow
from budgetlib.text import join_wrapped


def read_xlsx(path: Path) -> RawDocument:
    """Read every sheet of a workbook into blocks (values as saved, not formulas)."""
    import openpyxl  # with defusedxml installed, openpyxl parses the XML defensively

    source = str(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # zipfile, XML and openpyxl errors alike
        raise BudgetReadError(source, f"not a readable xlsx workbook ({type(err).__name__})") from err
    blocks: list[Block] = []
    try:
        for number, sheet in enumerate(workbook.worksheets, start=1):
            blocks += _sheet_blocks(sheet, number)
    finally:
        workbook.close()
    return RawDocument(source=source, blocks=blocks)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _sheet_blocks(sheet, number: int) -> list[Block]:
    blocks: list[Block] = []
    rows: list[RawRow] = []
    for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = tuple(_text(v) for v in values)
        filled = [c for c in cells if c]
        if not filled:
            continue
        if rows or len(filled) > 1:
            rows.append(RawRow(tuple(join_wrapped(c.replace("\n", "")) for c in cells),
                               (False,) * len(cells), line=line, page=number))
            continue
        lines = [join_wrapped(t) for t in filled[0].splitlines() if t.strip()]
        kind = "heading" if not blocks else "paragraph"
        blocks += [Block(kind if i == 0 else "paragraph", text=t, line=line, page=number)
                   for i, t in enumerate(lines)]
    if rows:
        width = max(len(r.cells) for r in rows)
        used = [i for i in range(width) if any(i < len(r.cells) and r.cells[i] for r in rows)]
        last = max(used) + 1 if used else 0  # sheets report hundreds of empty columns
        rows = [RawRow(r.cells[:last], r.bold[:last], r.line, r.page) for r in rows]
        blocks.append(Block("table", rows=tuple(rows), line=rows[0].line, page=number))
    return blocks
