"""A ruled table's rows laid out in columns, and a table running on over pages stitched
together: its cells put in the first page's columns by position, a repeated header dropped,
a title printed inside a frame lifted out, columns no row fills both of merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlib.readers.blocks import Block, RawRow
from budgetlib.readers.headers import header_rows
from budgetlib.readers.pdf_cells import Row
from budgetlib.readers.pdf_engine import SETTINGS
from budgetlib.readers.pdf_page import PREAMBLE, TITLE_END
from budgetlib.text import is_amount, join_wrapped

_TOTAL_WORD = re.compile(r"合\s*计|总\s*计")
_DECIMAL = re.compile(r"\d[.,]\d")  # an amount as printed (a code has neither)


@dataclass
class OpenTable:
    """The table being read, kept open for a continuation on the next page."""

    columns: list[tuple[float, float]]
    rows: list[RawRow] = field(default_factory=list)
    header: list[tuple[str, ...]] = field(default_factory=list)
    page: int = 0
    #: The cells' boxes and texts as found, while the table has only header rows: a header
    #: cut at the foot of a page takes its columns from the rows on the next page.
    boxes: tuple[list, list] = field(default_factory=lambda: ([], []))


def cell_text(text: str | None) -> str:
    return join_wrapped((text or "").replace("\n", "")) if text else ""


def split_at(rows: list[Row], cuts: list[float]) -> list[tuple[float, list[list], list[list]]]:
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


def add_table(part: tuple, page: int, blocks: list[Block], open_table: OpenTable | None):
    _, cells, texts = part
    lifted = _frame_lines(texts)
    if lifted is not None:  # a frame printing the title inside: the title goes before it
        if open_table:
            blocks.append(table_block(open_table))
            open_table = None
        blocks.append(Block("heading", text=join_wrapped(lifted[0]), page=page))
        if lifted[1:]:  # 部门 and 单位 lines, a long name wrapped round 单位: 单位 goes last
            rest = sorted(lifted[1:], key=lambda ln: bool(re.match(r"单\s*位\s*[:：]", ln)))
            blocks.append(Block("paragraph", text=join_wrapped("".join(rest)), page=page))
        cells, texts = cells[1:], texts[1:]
        if not texts:
            return None
    if len(table_columns(cells, texts)) == 1:  # text in a box (a 目录), not a table
        if open_table:
            blocks.append(table_block(open_table))
        blocks += [Block("paragraph", text=cell_text(t[0]), page=page)
                   for t in texts if cell_text(t[0])]
        return None
    if open_table is None:
        columns = table_columns(cells, texts)
        rows = [_row(r, t, columns, page) for r, t in zip(cells, texts, strict=True)]
        return OpenTable(columns, rows, [], page, (cells, texts))
    if _titled(texts):  # a table printing its own title starts afresh, never runs on
        blocks.append(table_block(open_table))
        return add_table(part, page, blocks, None)
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


def _regrid(table: OpenTable, cells: list[list], texts: list[list], page: int) -> OpenTable | None:
    """A table with only header rows so far (its first row at the foot of the last page),
    laid out again in the finer columns of the rows that continue it; ``None`` otherwise."""
    if any(is_amount(c) for r in table.rows for c in r.cells) or not table.boxes[0]:
        return None
    old_cells, old_texts = table.boxes
    columns = table_columns(old_cells + cells, old_texts + texts)
    if len(columns) <= len(table.columns):
        return None
    rows = [_row(r, t, columns, table.page) for r, t in zip(old_cells, old_texts, strict=True)]
    rows += [_row(r, t, columns, page) for r, t in zip(cells, texts, strict=True)]
    return OpenTable(columns, rows, [], table.page, (old_cells + cells, old_texts + texts))


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
    if not TITLE_END.search(re.sub(r"\s", "", lines[0])):
        return None
    inner = next((" ".join(t.strip() for t in row if t and t.strip()) for row in texts[1:]
                  if any(t and t.strip() for t in row)), "")
    squeeze = re.compile(r"\s+")
    cut = next((i for i, ln in enumerate(lines) if squeeze.sub("", ln) == squeeze.sub("", inner)),
               len(lines))
    return lines[:cut]


def _titled(texts: list[list]) -> bool:
    """Whether the first row with text (blank rows of a drawn grid come before it) is a title."""
    rows = [{cell_text(t) for t in row if cell_text(t)} for row in texts]
    first = next((row for row in rows if row), set())
    return len(first) == 1 and TITLE_END.search(first.pop()) is not None


def table_columns(cells: list[list], texts: list[list]) -> list[tuple[float, float]]:
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
    slack = SETTINGS.column_slack
    for left, right in sorted(set(boxes), key=lambda b: b[1] - b[0]):
        middle = (left + right) / 2
        inside = [c for c in columns if left - slack <= (c[0] + c[1]) / 2 <= right + slack]
        if not any(c[0] - slack <= middle <= c[1] + slack for c in columns) and len(inside) < 2:
            columns.append((left, right))
    return sorted(columns)


def _column_of(box: tuple, columns: list[tuple[float, float]], middles: list[float]) -> int:
    """The column a cell belongs to: the first whose middle it spans when it spans several,
    else the one holding its middle, else the nearest (the first of the nearest).
    ``middles`` are the columns' middles, ``(a + b) / 2``."""
    left, right = box[0] - SETTINGS.column_slack, box[2] + SETTINGS.column_slack
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
        out[index] = (out[index] + cell_text(text)) if out[index] else cell_text(text)
    return RawRow(tuple(out), (False,) * len(out), page=page)


def table_block(table: OpenTable) -> Block:
    return Block("table", rows=tuple(join_split_rows(_compact(table.rows))), page=table.page)


def join_split_rows(rows: list[RawRow]) -> list[RawRow]:
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
    headings = [r for r in rows[:top] if not PREAMBLE.search(" ".join(r.cells))]

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
