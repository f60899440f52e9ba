"""Turn a table grid into a tidy frame: one row per (table row, measure).

Reads the registry's vocabularies; knows no table by name or position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from budgetlib.parse.structure import TableGrid
from budgetlib.parse.table_layouts import (
    Column,
    join_split_cells,
    lift_group_labels,
    named_panels,
    nesting,
    nests_by_columns,
    repeated_panels,
    span_panels,
    unglue_header,
    within_panels,
)
from budgetlib.problems import Problem, guarded
from budgetlib.readers.headers import header_rows
from budgetlib.registry import (
    CODE_LEVELS,
    CODE_PART_NAMES,
    LAYOUT_NAMES,
    OF_WHICH,
    OUTLINE,
    SUBTOTAL_LABEL,
    TOTAL_LABEL,
    TOTAL_WORDS,
    UNIT_FACTORS,
    TableSpec,
    key_role,
)
from budgetlib.text import is_amount, join_wrapped, key, parse_amount


class Cell(NamedTuple):
    """One row of a tidy frame (a table cell) as a record, fields as :data:`TIDY_COLUMNS`.

    For code that looks at cells one by one: a frame's row access costs a hundred times
    more than a record's. Blanks are as in the frame: ``None`` for text, ``pd.NA`` for
    ``line``, ``page`` and ``level``, NaN for ``value``.
    """

    table: str
    side: str | None
    row: int
    line: int | None
    page: int | None
    code: str | None
    lei: str | None
    kuan: str | None
    xiang: str | None
    level: int | None
    parent: str | None
    name: str | None
    label: str | None
    project: str | None
    row_type: str
    bold: bool
    measure: str
    raw: str | None
    unit: str | None
    value: float


#: Columns of every tidy table frame, in order.
TIDY_COLUMNS = list(Cell._fields)
_TEXT_COLUMNS = ["table", "side", "code", "lei", "kuan", "xiang", "parent", "name", "label",
                 "project", "row_type", "measure", "raw", "unit"]
_CODE_IN_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*(\D.*)$")
# short headings that stand alone (never a tall cell's wrapped last characters)
_AMOUNT_HEADINGS = TOTAL_WORDS | {"金额"}
_PLACEHOLDER = re.compile(r"^[…．.xX×]+$")
_KEY_ROLES = ("lei", "kuan", "xiang", "code", "name", "project", "subname", "ordinal")
#: Path given to an unheaded column of item names (see :func:`_name_columns`).
SUBNAME = "（细目）"
_CODE_PARTS = ("lei", "kuan", "xiang")
_PART_LENGTHS = (3, 2, 2)


@dataclass(frozen=True)
class TableMeta:
    """Facts about one table besides its figures."""

    title: str
    layout: str
    number: str | None
    org: str | None
    unit: str | None
    note: str | None
    line: int | None
    #: Header path of every measure column, in printed order.
    measures: tuple[str, ...]
    #: The table prints no amount at all.
    empty: bool
    #: The table is in the registry.
    known: bool
    #: How it was identified (:data:`~budgetlib.registry.IDENTIFIED_BY`).
    identified: str = "untitled"


def header_paths(header: list[list[str]]) -> list[str]:
    """Flatten multi-row headers into one path per column ("一般公共预算/基本支出").

    A blank cell continues the group on its left when a lower header row has a
    heading in that column (a merged cell flattened by the conversion).

    Examples
    --------
    >>> header_paths([["科目名称", "支出预算", "", ""], ["", "合计", "基本支出", "项目支出"]])
    ['科目名称', '支出预算/合计', '支出预算/基本支出', '支出预算/项目支出']
    >>> header_paths([["采购品目大", "", ""], ["", "专项名称", "总计"], ["类", "", ""]])
    ['采购品目大类', '专项名称', '总计']
    >>> header_paths([["收入", "", "支出", "", "", ""], ["", "", "功能分类", "", "支出用途", ""],
    ...               ["项目名称", "金额", "", "", "", ""],
    ...               ["", "", "功能科目名称", "金额", "项目名称", "金额"]])[1::2]
    ['收入/金额', '支出/功能分类/金额', '支出/支出用途/金额']
    >>> header_paths([["支出", "", "", ""], ["功能分类", "支出用途", "", ""],
    ...               ["功能科目名称", "金额", "项目名称", "金额"]])
    ['支出/功能分类/功能科目名称', '支出/功能分类/金额', '支出/支出用途/项目名称', '支出/支出用途/金额']
    >>> header_paths([["车辆", "", "", "", "接待费", ""], ["购置费", "", "运行费", "", "", ""],
    ...               ["预算数", "决算数", "预算数", "决算数", "预算数", "决算数"]])[2:]
    ['车辆/运行费/预算数', '车辆/运行费/决算数', '接待费/预算数', '接待费/决算数']
    """
    grid = _panel_headings([[join_wrapped(cell) for cell in row] for row in header])
    printed = [list(row) for row in grid]
    for r, row in enumerate(grid):
        origin = 0
        for c in range(1, len(row)):
            if printed[r][c - 1]:
                origin = c - 1
            below = any(grid[k][c] for k in range(r + 1, len(grid)))
            # a group heading has its first sub-heading under it, right under it or, in a
            # staggered header, lower down (more than a tall cell's wrapped last characters);
            # a heading with nothing under it is one tall cell, and spans no columns
            grouped = r + 1 == len(grid) or bool(printed[r + 1][origin]) or any(
                len(printed[k][origin]) > 2 for k in range(r + 2, len(grid)))
            # nor past a column where a heading above starts another group (公务接待费 over
            # the last two columns stops 公务用车运行费 from running on under it)
            opened = any(printed[k][c] for k in range(r))
            if not row[c] and row[c - 1] and below and grouped and not opened:
                row[c] = row[c - 1]
    paths = []
    for c in range(len(grid[0]) if grid else 0):
        parts: list[str] = []
        gap = False
        for row in grid:
            if row[c] and gap and parts and len(row[c]) <= 2 and row[c] not in _AMOUNT_HEADINGS:
                parts[-1] += row[c]  # "采购品目大" … "类": a tall cell's wrapped last characters
            elif row[c] and (not parts or parts[-1] != row[c]):
                parts.append(row[c])
            gap = bool(parts) and not row[c]
        paths.append("/".join(parts))
    return paths


def _panel_headings(grid: list[list[str]]) -> list[list[str]]:
    """Move a panel's heading drawn one column early to the panel's name column.

    A panel (收入, 功能分类, 支出用途) starts at its name column. A heading whose first column
    is another panel's amount (its name column on the left) and that spans a name column
    further right was cut by a rule drawn one column early: it belongs at that name column.
    """
    if len(grid) < 2:
        return grid
    out = [list(row) for row in grid]
    depth = [max((r for r, row in enumerate(grid) if row[c]), default=-1) for c in range(len(grid[0]))]
    named = [depth[c] >= 0 and key_role(grid[depth[c]][c]) in ("name", "project") for c in range(len(depth))]
    for r, row in enumerate(out):
        for c, heading in enumerate(row):
            if not heading or not c or depth[c] <= r or named[c] or not named[c - 1]:
                continue  # not a group heading over an amount column right of a name column
            end = next((j for j in range(c + 1, len(row)) if row[j]), len(row))
            inner = next((j for j in range(c + 1, end) if named[j]), None)
            if inner is not None:
                row[c], row[inner] = "", heading
    return out


def _name_columns(paths: list[str], body: list[tuple[str, ...]], title: str,
                  line: int | None, problems: list[Problem],
                  panels: list[str] | None = None) -> list[str | None]:
    """Drop blank unheaded columns (conversion artifacts); name headless ones that hold data.
    A header repeated in another of :func:`repeated_panels` is not a repeat."""
    panels = panels or [""] * len(paths)
    named: list[str | None] = []
    for i, path in enumerate(paths):
        holds_data = any(row[i].strip() for row in body)
        if not path and not holds_data:
            named.append(None)
            continue
        texts = [row[i].strip() for row in body if row[i].strip()]
        if not path and sum(not is_amount(t) for t in texts) > len(texts) / 2:
            # "一般公共预算资金 | 小计 | 24169.74": a second, unheaded column of item names
            problems.append(Problem("info", f"{title}：第 {i + 1} 列没有表头，其文字作为左侧名称的"
                                    "细项读取", line, title, code="subname_column"))
            named.append(SUBNAME)
            continue
        if not path or path in (n for n, p in zip(named, panels, strict=False) if p == panels[i]):
            new = f"{path or '列'}#{i + 1}"
            problems.append(Problem("warning", f"{title}：第 {i + 1} 列"
                                    f"{'没有表头' if not path else '表头与另一列重复'}，"
                                    f"命名为“{new}”", line, title,
                                    code="no_header" if not path else "repeated_header"))
            path = new
        named.append(path)
    return named


def _columns(paths: list[str | None], spec: TableSpec | None, layout: str,
             body: list[tuple[str, ...]] = (), panels: list[str] | None = None) -> list[Column]:
    overrides = spec.roles if spec else None
    columns = []
    for i, path in enumerate(paths):
        if path is None:
            continue
        leaf = path.rsplit("/", 1)[-1]
        side = path.split("/", 1)[0] if layout == "two_sided" else ""
        side = panels[i] if panels and panels[i] else side
        role = key_role(leaf, overrides) or ("text" if _mostly_text(body, i) else "measure")
        columns.append(Column(i, path, role, side))
    for side in {c.side for c in columns}:
        # a side printed as panels, each its own names and amounts (Jiangsu's 支出 by
        # 功能分类 and by 支出用途): each panel is a side, named by its heading path
        if side and sum(c.role in ("name", "project") for c in columns if c.side == side) > 1:
            columns = [Column(c.index, c.path, c.role, c.path.rsplit("/", 1)[0])
                       if c.side == side and "/" in c.path else c for c in columns]
    for side in {c.side for c in columns}:  # 项目名称 alone names the rows
        roles = [c.role for c in columns if c.side == side]
        if "project" in roles and "name" not in roles:
            columns = [Column(c.index, c.path, "name", c.side)
                       if c.side == side and c.role == "project" else c for c in columns]
    return columns


def _mostly_text(body: list[tuple[str, ...]], i: int) -> bool:
    """A column of descriptions (采购物品名称, 采购组织形式), not of amounts."""
    texts = [row[i].strip() for row in body if row[i].strip()]
    words = [t for t in texts if not is_amount(t) and not TOTAL_LABEL.match(key(t))]
    return len(words) > len(texts) / 2


def _guess_layout(columns: list[Column]) -> str:
    roles = {c.role for c in columns}
    if roles & {"lei", "code"}:
        return "coded"
    names = [c for c in columns if c.role == "name"]
    return "two_sided" if len(names) > 1 else "items"


def _split_code(code: str, scheme: str | None) -> tuple[str, str, str]:
    parts, start = [], 0
    for length in _PART_LENGTHS[: 2 if scheme == "economic" else 3]:
        parts.append(code[start : start + length])
        start += length
    parts += [""] * (3 - len(parts))
    return parts[0], parts[1], parts[2]


def _level_of_code(code: str, scheme: str | None) -> int | None:
    levels = CODE_LEVELS.get(scheme or "function", CODE_LEVELS["function"])
    return levels.get(len(code))


class _Outline:
    """Levels and parents of rows without codes, from 一、/1./其中： markers."""

    def __init__(self) -> None:
        self.base = 0  # level of the last numbered row
        self.run: int | None = None  # level of a 其中 run
        self.previous = 0
        self.stack: list[tuple[int, str]] = []
        #: After a subtotal: 0, then 1 once an unnumbered row opens (年初财政拨款结转和结余),
        #: whose parts are numbered afresh (一、一般公共预算财政拨款 …) one level down.
        self.after_subtotal: int | None = None

    def place_item(self, category: str, item: str) -> tuple[int, str, str | None]:
        """A row of a category column and an item column; 小计 is the category itself."""
        if category:
            self.stack = [(1, category)]
        current = self.stack[0][1] if self.stack else ""
        self.previous = 1
        if item in ("小计", "合计") or item == category:  # the category's own row
            return 1, current, None
        return 2, item, current or None

    def open_at(self, level: int) -> str | None:
        """The name of the open row at a level, if any."""
        return next((name for lv, name in self.stack if lv == level), None)

    def place_at(self, level: int, name: str) -> str | None:
        """Put a row at a known level; return its parent's name."""
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        parent = self.stack[-1][1] if self.stack else None
        self.stack.append((level, name))
        self.previous = level
        return parent

    def place(self, label: str, total: bool, subtotal: bool = False) -> tuple[int, str, str | None]:
        name = label
        if total or subtotal:  # after 当年收入小计, 上年结转资金 is a top-level row again
            level, self.run = 0, None
            self.base = 0 if subtotal else self.base
            self.after_subtotal = 0 if subtotal else None
        elif OF_WHICH.match(label):
            name = OF_WHICH.sub("", label)
            level = self.previous + 1
            self.run = level
        else:
            for pattern, numbered in OUTLINE:
                if pattern.match(label):
                    name = pattern.sub("", label)
                    if self.after_subtotal:  # the parts of the unnumbered row above
                        level, self.run = numbered + 1, None
                    else:
                        level, self.base, self.run = numbered, numbered, None
                    break
            else:
                if self.after_subtotal is not None:  # 使用非财政拨款结余, 年初结转和结余
                    level, self.base, self.run, self.after_subtotal = 1, 0, None, 1
                else:
                    level = self.run or self.base + 1
        self.previous = level
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        parent = self.stack[-1][1] if self.stack and level else None
        if level:
            self.stack.append((level, name))
        return level, name, parent


def build_table(grid: TableGrid, default_unit: str | None = None) -> tuple[
    pd.DataFrame, TableMeta, list[Problem]
]:
    """Interpret a table grid: the tidy frame (:data:`TIDY_COLUMNS`), its facts, its problems."""
    records, meta, problems = table_records(grid, default_unit)
    return tidy_frame(records), meta, problems


def table_records(grid: TableGrid, default_unit: str | None = None) -> tuple[
    list[dict], TableMeta, list[Problem]
]:
    """Interpret a table grid: header paths, key columns, codes, levels and values.

    Returns one record per (row, measure), the table's facts and its problems. A table
    whose grid cannot be laid out at all (a reading this module did not foresee, whatever
    it raises) is kept empty with an ``error`` problem naming it, its page and the
    exception (:func:`~budgetlib.problems.guarded`), never with guessed figures; the rest
    of the document still loads.
    """
    if not grid.rows:  # a truncated table, reported where it was found
        return [], _empty_meta(grid, default_unit), []
    title, problems = grid.spec.title if grid.spec else grid.title, []
    found = guarded(lambda: _table_records(grid, default_unit), None, f"表格“{title}”", problems,
                    line=grid.line, table=title, page=grid.page)
    return found or ([], _empty_meta(grid, default_unit), problems)


def _empty_meta(grid: TableGrid, default_unit: str | None) -> TableMeta:
    spec, title = grid.spec, grid.spec.title if grid.spec else grid.title
    return TableMeta(title, spec.layout if spec else "items", grid.number, grid.org,
                     grid.unit or default_unit, grid.note, grid.line, (), True, bool(spec),
                     grid.identified)


def _table_records(grid: TableGrid, default_unit: str | None) -> tuple[
    list[dict], TableMeta, list[Problem]
]:
    spec, title = grid.spec, grid.spec.title if grid.spec else grid.title
    problems: list[Problem] = []
    width = max(len(r.cells) for r in grid.rows)
    cells = [tuple(r.cells) + ("",) * (width - len(r.cells)) for r in grid.rows]
    n_header = header_rows(cells)
    rows = list(grid.rows)
    cells, glued = unglue_header(cells, n_header)
    if glued > n_header:  # the headings' row and the total row were one printed row
        rows.insert(n_header, rows[n_header])
        n_header = glued
    paths = header_paths([list(c) for c in cells[:n_header]])
    layout = spec.layout if spec else "items"
    panels = repeated_panels(paths)
    paths = _name_columns(within_panels(paths, panels), cells[n_header:], title, grid.line,
                          problems, panels)
    columns = _columns(paths, spec, layout, cells[n_header:], panels)
    if not spec:
        layout = _guess_layout(columns)
        columns = _columns(paths, spec, layout, cells[n_header:], panels)
        problems.append(Problem("warning", f"“{grid.title}”不是已登记的表格：保留其各格，按"
                                f"{LAYOUT_NAMES.get(layout, layout)}读取", grid.line, title,
                                code="unregistered_table"))
    elif spec.header_words:
        header_text = key("".join(p for p in paths if p))
        missing = [w for w in spec.header_words
                   if not any(key(alt) in header_text for alt in w.split("|"))]
        if missing:
            problems.append(Problem("warning", f"{title}：表头缺少“{'、'.join(missing)}”",
                                    grid.line, title, code="header_lacks"))
    listing = not any(c.role == "measure" for c in columns)  # text only: no unit to read
    unit = None if listing else grid.unit or default_unit
    factor = UNIT_FACTORS.get(unit or "")
    if grid.unit is None and not listing:
        problems.append(Problem("info", f"{title}：未印金额单位，按{unit}读取",
                                grid.line, title, code="no_unit"))
    if factor is None and not listing:
        problems.append(Problem("error", f"{title}：金额单位“{unit}”无法识别，金额未换算",
                                grid.line, title, code="unknown_unit"))
    columns = named_panels(cells[n_header:], columns)
    body = [span_panels(row, columns, title, rows[n_header + r], problems)
            for r, row in enumerate(cells[n_header:])]
    body = lift_group_labels(join_split_cells(body, columns), columns)
    records: list[dict] = []
    for side in dict.fromkeys(c.side for c in columns):
        table = _Side(title, layout, spec, side, [c for c in columns if c.side == side], factor, problems)
        outline = _Outline()
        for r, raw_row in enumerate(rows[n_header:]):
            records += _row_records(table, r, raw_row, body[r], outline)
    for record in records:
        record["unit"] = unit
    if n_header == len(rows):
        problems.append(Problem("error", f"{title}：没有表体行（表格不完整？）",
                                grid.line, title, code="no_body"))
    elif (not spec or spec.total_row) and not listing \
            and not any(r["row_type"] == "total" for r in records):
        problems.append(Problem("warning", f"{title}：没有合计行（表格不完整？）",
                                grid.line, title, code="no_total_row"))
    measures = tuple(dict.fromkeys(c.path for c in columns if c.role == "measure"))
    empty = all(r["value"] is None for r in records)
    meta = TableMeta(title, layout, grid.number, grid.org, unit, grid.note, grid.line, measures,
                     empty, spec is not None, grid.identified)
    return records, meta, problems


def tidy_frame(records: list[dict]) -> pd.DataFrame:
    """Build a tidy frame from records, typed column by column.

    Text columns are ``object`` with ``None`` for blanks; ``line`` and ``level`` are
    nullable integers; ``value`` is float (万元, NaN for a blank cell).
    """
    columns = {name: [r[name] for r in records] for name in TIDY_COLUMNS}
    typed = {
        **{name: pd.Series(columns[name], dtype=object) for name in _TEXT_COLUMNS},
        "row": pd.Series(columns["row"], dtype="int64"),
        "line": pd.array(columns["line"], dtype="Int64"),
        "page": pd.array(columns["page"], dtype="Int64"),
        "level": pd.array(columns["level"], dtype="Int64"),
        "bold": pd.Series(columns["bold"], dtype=bool),
        "value": pd.Series(columns["value"], dtype="float64"),
    }
    return pd.DataFrame({name: typed[name] for name in TIDY_COLUMNS})


def table_cells(tables: dict[str, pd.DataFrame]) -> dict[str, list[Cell]]:
    """Each table's cells as records, in the frame's order (every title, an empty table's
    list empty).

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> cell = table_cells(doc.tables)["部门支出总体情况表"][0]
    >>> cell.code, cell.measure, cell.value
    ('201', '支出预算/合计', 134.36)
    """
    out: dict[str, list[Cell]] = {title: [] for title in tables}
    frames = [frame for frame in tables.values() if len(frame)]
    if not frames:
        return out
    # one frame and a list per column: a column of each table would cost ten times more
    tidy = pd.concat(frames, ignore_index=True)
    cells = list(map(Cell._make, zip(*(tidy[c].tolist() for c in TIDY_COLUMNS), strict=True)))
    start = 0
    for title, frame in tables.items():
        out[title], start = cells[start:start + len(frame)], start + len(frame)
    return out


def _is_total_word(text: str) -> bool:
    """A total's label (合计, 总计, 本年支出合计, 小计), not a row's number (1, 一、)."""
    word = key(text)
    return bool(word) and bool(TOTAL_LABEL.match(word) or SUBTOTAL_LABEL.match(word)
                               or word in TOTAL_WORDS)


@dataclass(frozen=True)
class _Side:
    """What the rows of one side of a table share while they are read into records."""

    title: str
    layout: str
    spec: TableSpec | None
    side: str
    columns: list[Column]
    factor: float | None
    problems: list[Problem]  # the table's; each row appends what it meets


def _row_records(table: _Side, r: int, raw_row, cells: tuple[str, ...], outline: _Outline) -> list[dict]:
    """One row of one side as tidy records: its keys, code, place in the outline, amounts."""
    keys, measures, details = _row_keys(table.columns, cells)
    if not any(keys.values()) and not any(cells[c.index].strip() for c in measures) \
            and not any(details):
        return []  # this side of the line is blank (the other side is longer)
    label, code = _label_and_code(keys, details)
    code, label = _checked_code(table, keys, code, label, raw_row)
    level, name, parent, row_type, label = _place(table, keys, label, code, cells, outline)
    parts = _split_code(code, table.spec.scheme if table.spec else None) if code else ("", "", "")
    base = {
        "table": table.title, "side": table.side or None, "row": r, "line": raw_row.line,
        "page": raw_row.page, "code": code or None,
        "lei": parts[0] or None, "kuan": parts[1] or None, "xiang": parts[2] or None,
        "level": level, "parent": parent, "name": name, "label": label,
        "project": (keys["project"] or None) if keys["name"] else None, "row_type": row_type,
        "bold": any(raw_row.bold[c.index] for c in table.columns if c.index < len(raw_row.bold)),
    }
    if not measures:  # a list (单位构成: 序号 | 单位名称 | 备注): its text, cell by cell, no amount
        return [{**base, "measure": c.path, "raw": join_wrapped(cells[c.index]) or None, "value": None}
                for c in table.columns if c.role == "text"]
    return [_amount_record(table, base, column, cells[column.index]) for column in measures]


def _row_keys(columns: list[Column], cells: tuple[str, ...]
              ) -> tuple[dict[str, str], list[Column], list[str]]:
    """The row's key cells by role (the first column of each role), its amount columns, and
    the text of its description columns."""
    first: dict[str, int] = {}
    for c in columns:
        first.setdefault(c.role, c.index)
    keys = {role: join_wrapped(cells[first[role]]) if role in first else "" for role in _KEY_ROLES}
    measures = [c for c in columns if c.role == "measure"]
    details = [join_wrapped(cells[c.index]) for c in columns if c.role == "text"]
    return keys, measures, details


def _label_and_code(keys: dict[str, str], details: list[str]) -> tuple[str, str]:
    """The row's label and printed code, wherever the layout printed them."""
    label = keys["name"] or keys["project"] or keys["subname"]
    if any(details):  # description columns are part of what the row is
        label = " / ".join(t for t in (label, *details) if t)
    code = keys["code"] or "".join(keys[p] for p in _CODE_PARTS)
    if code and not label and not code.isdigit():  # 合计 printed across the code columns
        label, code = code, ""
    if not label and _is_total_word(keys["ordinal"]):  # 合计 printed across 序号 and 名称
        label = keys["ordinal"]
    match = _CODE_IN_NAME.match(label)
    if not code and match:
        code, label = match.group(1), match.group(2)
    return label, code


def _checked_code(table: _Side, keys: dict[str, str], code: str, label: str, raw_row) -> tuple[str, str]:
    """The code as it should be read, with a problem for a one-digit part, a template's
    placeholder or text in the code cell (``keys`` is the row's own, completed in place)."""
    for part in ("kuan", "xiang"):  # "301 | 2 | 津贴补贴": a spreadsheet dropped the 0
        if len(keys[part]) == 1 and keys[part].isdigit():
            table.problems.append(Problem(
                "info", f"{table.title}：{CODE_PART_NAMES.get(part, part)}编码“{keys[part]}”"
                f"只印了一位（“{label}”行），按“0{keys[part]}”读取",
                raw_row.line, table.title, raw_row.page, code="one_digit_code"))
            keys[part] = "0" + keys[part]
            code = keys["code"] or "".join(keys[p] for p in _CODE_PARTS)
    if code and _PLACEHOLDER.match(code):  # a template's "…" or "XX" left unfilled
        table.problems.append(Problem("warning", f"{table.title}：编码格中是占位符“{code}”",
                                      raw_row.line, table.title, raw_row.page, code="code_placeholder"))
        return "", label or code
    if code and not code.isdigit():
        table.problems.append(Problem("error", f"{table.title}：编码“{code}”不是数字", raw_row.line,
                                      table.title, raw_row.page, code="code_text"))
    return code, label


def _place(table: _Side, keys: dict[str, str], label: str, code: str, cells: tuple[str, ...],
           outline: _Outline) -> tuple[int | None, str, str | None, str, str]:
    """Where the row sits: level, name, parent, row type, and its label as kept."""
    spec, columns = table.spec, table.columns
    total = bool(TOTAL_LABEL.match(key(label))) and not code
    subtotal = bool(SUBTOTAL_LABEL.match(key(label))) and not code
    nested = nesting(spec, columns, cells)  # empty unless the table nests by its columns
    if code:
        level = _level_of_code(code, spec.scheme if spec else None)
        return level, label, code[:-2] if level and level > 1 else None, "item", label
    if nests_by_columns(spec, columns) and not total and not nested \
            and not any(p.match(label) for p, _ in OUTLINE):
        # its name cell merged with the row above (物业管理服务: 部门集中采购 330.00, then
        # 分散自行组织 20.00): a sibling of that row
        level = outline.previous or 1
        return level, label, outline.place_at(level, label), "item", label
    if nested and not total:
        # a group cell that runs on to a new page is printed again beside the first row
        # there: a level that repeats the open group is not a new group
        while len(nested) > 1 and outline.open_at(nested[0][0]) == nested[0][1]:
            nested = nested[1:]
        level, name = nested[0]
        return level, name, outline.place_at(level, name), "item", label
    if keys["subname"] and total and not keys["name"] and not outline.stack:
        # the table's 合计, printed in the items' column before any category: a total
        # keeps its own label (never "/合计")
        level, name, parent = outline.place(label, total)
        return level, name, parent, "total", label
    if keys["subname"]:
        level, name, parent = outline.place_item(keys["name"], keys["subname"])
        # one cell over both label columns, its text in each ("购置费 | 购置费"): one label
        own = keys["subname"] == keys["name"]
        return level, name, parent, "item", name if own else f"{parent or name}/{keys['subname']}"
    if table.layout == "coded":
        return 0, label, None, "total" if total else "group", label
    level, name, parent = outline.place(label, total, subtotal)
    return level, name, parent, "total" if total else "subtotal" if subtotal else "item", label


def _amount_record(table: _Side, base: dict, column: Column, cell: str) -> dict:
    """The row's record for one amount column; text where an amount belongs is a problem."""
    raw = cell.strip()
    try:
        amount = parse_amount(raw)
    except ValueError:
        table.problems.append(Problem("error", f"{table.title}：金额格中是“{raw}”"
                                      f"（“{base['label']}”行，“{column.path}”列）", base["line"],
                                      table.title, code="amount_text"))
        amount = None
    value = amount * table.factor if amount is not None and table.factor is not None else None
    return {**base, "measure": column.path, "raw": raw or None, "value": value}


def to_wide(tidy: pd.DataFrame) -> pd.DataFrame:
    """The wide view of a tidy table, as the document lays it out (for display).

    One row per printed row, in printed order; the key columns, then the measures in
    printed order, each side under its own heading for a two-sided table. This function
    does not mutate its input.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> wide = to_wide(doc.tables["部门支出总体情况表"])
    >>> wide.iloc[2][["code", "label"]].tolist(), wide.iloc[2]["支出预算/基本支出"].item()
    (['2010301', '行政运行'], 79.16)
    """
    pieces = []
    for side, part in tidy.groupby("side", sort=False, dropna=False):
        keys = ["code", "label"] + (["project"] if part["project"].notna().any() else [])
        order = list(dict.fromkeys(part["measure"]))
        values = part.pivot(index="row", columns="measure", values="value")[order]
        wide = part.drop_duplicates("row").set_index("row")[keys].join(values)
        wide.columns.name = None
        if isinstance(side, str):
            wide.columns = pd.MultiIndex.from_product([[side], wide.columns])
        pieces.append(wide)
    if not pieces:
        return pd.DataFrame()
    return pd.concat(pieces, axis=1).sort_index().reset_index(drop=True)
