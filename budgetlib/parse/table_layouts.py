"""Repairs for printed layouts that a grid alone does not show: panels of one side, a
category printed mid-way down its group, rows nested by columns.

Used by :mod:`budgetlib.parse.tables`; each function is pure and returns new rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from budgetlib.problems import Problem
from budgetlib.registry import (
    OUTLINE,
    PANEL_TOTAL_LABEL,
    SUBTOTAL_LABEL,
    TOTAL_LABEL,
    TOTAL_WORDS,
    TableSpec,
    key_role,
)
from budgetlib.text import join_wrapped, key


@dataclass(frozen=True)
class Column:
    """One column of a table grid: its header path, its key role (or "measure") and its side."""

    index: int
    path: str
    role: str  # a key role, or "measure"
    side: str


_CODE_PART_ROLES = ("lei", "kuan", "xiang")


def unglue_header(cells: list[tuple[str, ...]], n_header: int) -> tuple[list[tuple[str, ...]], int]:
    """Split the code columns' headings (类 | 款 | 项) printed in the first body row's cells,
    beside 合计 and its amounts (收入决算表 of Shanghai's 决算), into a header row of their own.

    Returns the rows and the new count of header rows (unchanged when there is nothing to split).

    Examples
    --------
    >>> rows = [("支出功能分类科目编码", "", "", "科目名称", "本年收入合计"),
    ...         ("类", "款", "项", "合计", "2,946.25"), ("201", "", "", "一般公共服务支出", "2,112.86")]
    >>> unglue_header(rows, 1)
    ([('支出功能分类科目编码', '', '', '科目名称', '本年收入合计'), ('类', '款', '项', '', ''), \
('', '', '', '合计', '2,946.25'), ('201', '', '', '一般公共服务支出', '2,112.86')], 2)
    """
    if not n_header or n_header >= len(cells):
        return cells, n_header
    row = cells[n_header]
    parts = {i for i, c in enumerate(row) if c.strip() and key_role(c.strip()) in _CODE_PART_ROLES}
    if len(parts) < 2:
        return cells, n_header
    header = tuple(c if i in parts else "" for i, c in enumerate(row))
    body = tuple("" if i in parts else c for i, c in enumerate(row))
    return [*cells[:n_header], header, body, *cells[n_header + 1:]], n_header + 1


def repeated_panels(paths: list[str]) -> list[str]:
    """The panel of each column when a table prints the same columns twice or more side by
    side (一般公共预算财政拨款基本支出决算表: 工资福利支出 … on the left, 商品和服务支出 … on the
    right, each with its codes, names and amounts); else "" for every column.

    A panel under a heading of its own (人员经费 | 公用经费 over the same 科目编码 | 科目名称 |
    决算数) is named by it, and its columns are a panel's only where they hold codes and
    names (two sides' 项目 | 金额 are the sides of a 收支总表, not panels); panels without a
    heading are "栏1", "栏2", … (:func:`named_panels` may name them from their total rows).

    Examples
    --------
    >>> repeated_panels(["类", "款", "科目名称", "决算数", "类", "款", "科目名称", "决算数"])
    ['栏1', '栏1', '栏1', '栏1', '栏2', '栏2', '栏2', '栏2']
    >>> repeated_panels(["人员经费/科目编码", "人员经费/科目名称", "人员经费/决算数",
    ...                  "公用经费/科目编码", "公用经费/科目名称", "公用经费/决算数"])[2:4]
    ['人员经费', '公用经费']
    >>> repeated_panels(["收入/项目", "收入/金额", "支出/项目", "支出/金额"])
    ['', '', '', '']
    >>> repeated_panels(["科目名称", "合计", "合计"])
    ['', '', '']
    """
    filled = [i for i, p in enumerate(paths) if p]
    printed = [paths[i] for i in filled]
    for size in range(1, len(printed) // 2 + 1):
        if len(printed) % size:
            continue
        blocks = [printed[k:k + size] for k in range(0, len(printed), size)]
        if all(b == blocks[0] for b in blocks):
            names, block, roles = [f"栏{n}" for n in range(1, len(blocks) + 1)], blocks[0], _NAMES
        else:
            headed = _headed_blocks(blocks)
            if headed is None:
                continue
            (names, block), roles = headed, _CODES
        leaves = {key_role(p.rsplit("/", 1)[-1]) for p in block}
        if not leaves & set(_NAMES) or not leaves & set(roles):
            return [""] * len(paths)
        panels, n = [], 0
        for i in range(len(paths)):
            if i in filled:
                n = filled.index(i) // size
            panels.append(names[n])
        return panels
    return [""] * len(paths)


_NAMES = ("name", "project")
_CODES = ("lei", "kuan", "xiang", "code")


def _headed_blocks(blocks: list[list[str]]) -> tuple[list[str], list[str]] | None:
    """Each block's heading and the columns under it, where every block prints the same
    columns under a heading of its own; else None."""
    split = [[p.split("/", 1) for p in b] for b in blocks]
    if any(len(part) < 2 for b in split for part in b):
        return None
    names = [b[0][0] for b in split]
    inner = [[part[1] for part in b] for b in split]
    if len(set(names)) < len(names) or any(part[0] != names[k] for k, b in enumerate(split)
                                           for part in b):
        return None
    return (names, inner[0]) if all(b == inner[0] for b in inner) else None


def within_panels(paths: list[str], panels: list[str]) -> list[str]:
    """Each column's path within its panel: a panel's heading is its side, not part of its
    measures (人员经费's 决算数 and 公用经费's are both “决算数”).

    >>> within_panels(["人员经费/科目名称", "人员经费/决算数", ""], ["人员经费", "人员经费", "人员经费"])
    ['科目名称', '决算数', '']
    """
    return [p.removeprefix(f"{panel}/") if panel else p for p, panel in zip(paths, panels, strict=True)]


def named_panels(body: list[tuple[str, ...]], columns: list[Column]) -> list[Column]:
    """Name each panel that has no heading (“栏1”) by its own total row, its only text in
    its code and name columns: “人员经费合计” names the 人员经费 panel. A panel with no such row,
    or one named like another, keeps its number.

    Examples
    --------
    >>> cols = [Column(0, "科目编码", "code", "栏1"), Column(1, "科目名称", "name", "栏1"),
    ...         Column(2, "科目编码", "code", "栏2"), Column(3, "科目名称", "name", "栏2")]
    >>> body = [("301", "工资福利支出", "302", "商品和服务支出"), ("", "人员经费合计", "", "公用经费合计")]
    >>> [c.side for c in named_panels(body, cols)]
    ['人员经费', '人员经费', '公用经费', '公用经费']
    """
    names: dict[str, str] = {}
    for side in dict.fromkeys(c.side for c in columns if c.side.startswith("栏")):
        keys = [c.index for c in columns if c.side == side and c.role in (*_CODES, *_NAMES)]
        # the row's one text in its code and name columns (a total is often printed across both)
        texts = [[key(row[i]) for i in keys if row[i].strip()] for row in body]
        found = {m.group("name") for text in texts if len(text) == 1
                 and (m := PANEL_TOTAL_LABEL.match(text[0])) and not TOTAL_LABEL.match(text[0])}
        if len(found) == 1:
            names[side] = found.pop()
    if len(set(names.values())) < len(names) or set(names.values()) & {c.side for c in columns}:
        return columns
    return [Column(c.index, c.path, c.role, names.get(c.side, c.side)) for c in columns]


def lift_group_labels(body: list[tuple[str, ...]], columns: list[Column]) -> list[tuple[str, ...]]:
    """Move a category printed mid-way down its group to the group's first row.

    In a table of categories and their items (收入预算总表: 一般公共预算资金 → 小计,
    公共财政拨款, 专项收入), each group starts with its 小计; a tall merged cell prints
    the category's name in the middle row, which the rows above it must not miss.

    Examples
    --------
    >>> cols = [Column(0, "类别", "name", ""), Column(1, "项目", "subname", ""),
    ...         Column(2, "金额", "measure", "")]
    >>> lift_group_labels([("", "小计", "3"), ("一般公共预算", "拨款", "3")], cols)
    [('一般公共预算', '小计', '3'), ('', '拨款', '3')]
    >>> lift_group_labels([("一般公共预算", "拨款", "3")], cols)  # no 小计: no group
    [('一般公共预算', '拨款', '3')]
    """
    name = next((c.index for c in columns if c.role == "name"), None)
    item = next((c.index for c in columns if c.role == "subname"), None)
    if name is None or item is None:
        return body
    rows = [list(r) for r in body]
    starts = [i for i, r in enumerate(rows) if key(r[item]) in ("小计", "合计")]
    if not starts:  # no group: nothing to lift
        return body
    for start, end in zip(starts, [*starts[1:], len(rows)], strict=True):
        labels = [i for i in range(start, end) if rows[i][name].strip()]
        if len(labels) == 1 and labels[0] != start and not rows[start][name].strip():
            rows[start][name], rows[labels[0]][name] = rows[labels[0]][name], ""
    return [tuple(r) for r in rows]


#: The most characters a wrapped label's last line holds ("单位预留机动经" / "费").
_TAIL = 2
_NOT_TAILS = TOTAL_WORDS | {"其他", "其中"}


def join_split_cells(body: list[tuple[str, ...]], columns: list[Column]) -> list[tuple[str, ...]]:
    """Put back together, panel by panel, a label and its amount that the grid cut into rows.

    Panels side by side share the grid's rows, so a two-line label in one panel is cut by
    the other panels' rules: “三、单位预留机动经” in one row, its amount in the next and “费”
    in the one after. Within a panel, a label without amounts takes the amounts of the row
    under it that has amounts but no label, and a label's wrapped last characters (at most
    two, no list marker, not a total word) join it from the rows under it.

    Examples
    --------
    >>> cols = [Column(0, "项目名称", "name", "支出"), Column(1, "金额", "measure", "支出")]
    >>> rows = [("三、单位预留机动经", ""), ("", "3,258.06"), ("费", ""), ("四、其他", "1.00")]
    >>> join_split_cells(rows, cols)
    [('三、单位预留机动经费', '3,258.06'), ('', ''), ('', ''), ('四、其他', '1.00')]
    """
    rows = [list(r) for r in body]
    for side in dict.fromkeys(c.side for c in columns):
        names = [c.index for c in columns if c.side == side and c.role in ("name", "project")]
        keys = [c.index for c in columns if c.side == side and c.role not in ("name", "project", "measure")]
        amounts = [c.index for c in columns if c.side == side and c.role == "measure"]
        if len(names) != 1 or not amounts:
            continue
        name = names[0]
        for i, row in enumerate(rows):
            if not row[name] or any(row[k] for k in keys):
                continue
            for j in range(i + 1, min(i + 3, len(rows))):
                below = rows[j]
                if any(below[k] for k in keys):
                    break
                label, filled = below[name].strip(), [below[a] for a in amounts if below[a]]
                if not label and filled and not any(row[a] for a in amounts):
                    for a in amounts:
                        row[a], below[a] = below[a], ""
                elif label and len(label) <= _TAIL and label not in _NOT_TAILS and not filled \
                        and not any(p.match(label) for p, _ in OUTLINE):
                    row[name], below[name] = row[name] + label, ""
                else:
                    break
    return [tuple(r) for r in rows]


def span_panels(row: tuple[str, ...], columns: list[Column], title: str, raw_row,
                 problems: list[Problem]) -> tuple[str, ...]:
    """A 合计/小计 printed across two panels of one side (“当年支出小计” under 功能分类,
    its one amount under 支出用途): the label and the amount belong to both panels.

    A panel without a name column (经济分类: codes and amounts) takes the amount only.

    Examples
    --------
    >>> cols = [Column(0, "支出/功能分类/科目名称", "name", "支出/功能分类"),
    ...         Column(1, "支出/功能分类/金额", "measure", "支出/功能分类"),
    ...         Column(2, "支出/经济分类/科目编码", "code", "支出/经济分类"),
    ...         Column(3, "支出/经济分类/金额", "measure", "支出/经济分类")]
    >>> from budgetlib.readers import RawRow
    >>> row = ("支出总计", "", "", "100.00")
    >>> span_panels(row, cols, "收支预算总表", RawRow(row, (False,) * 4, line=6), [])
    ('支出总计', '100.00', '', '100.00')
    """
    panels: dict[str, list[Column]] = {}
    for c in columns:
        if c.side and "/" in c.side:
            panels.setdefault(c.side, []).append(c)
    if len(panels) < 2:
        return row
    cells = list(row)

    def label(cols):
        return next((cells[c.index] for c in cols if c.role in ("name", "project") and cells[c.index]), "")

    def amounts(cols):
        return [c for c in cols if c.role == "measure"]

    for side, cols in panels.items():
        word = key(label(cols))
        if not (TOTAL_LABEL.match(word) or SUBTOTAL_LABEL.match(word)):
            continue
        if any(cells[c.index] for c in amounts(cols)):
            continue
        for other, others in panels.items():
            if other == side or label(others) or len(amounts(others)) != len(amounts(cols)):
                continue
            if not any(cells[c.index] for c in amounts(others)):
                continue
            for mine, theirs in zip(amounts(cols), amounts(others), strict=True):
                cells[mine.index] = cells[theirs.index]
            # a panel without a name column (codes and amounts only) keeps its row's
            # own keys: only a name cell takes the label
            name = next((c for c in others if c.role in ("name", "project")), None)
            if name is not None:
                cells[name.index] = label(cols)
            problems.append(Problem("info", f"{title}：“{label(cols)}”跨{side}和{other}只印一次，"
                                    "其金额两处都读", raw_row.line, title, raw_row.page,
                                    code="spanned_total"))
    return tuple(cells)


def _nesting_words(spec: TableSpec | None) -> list[set[str]]:
    """The header words of each nesting column (:attr:`TableSpec.outline_columns`), outermost first."""
    return [{key(w) for w in words.split("|")} for words in (spec.outline_columns if spec else ())]


def nests_by_columns(spec: TableSpec | None, columns: list[Column]) -> bool:
    """Whether the table prints any of its spec's nesting columns: a 政府采购 table laid out as
    an outline in one name column (一、货物 over its 品目 rows) prints none, and is read as an
    outline by its labels' markers instead.

    Examples
    --------
    >>> from budgetlib.parse.identify import find_spec
    >>> spec = find_spec("政府采购支出预算表")
    >>> nests_by_columns(spec, [Column(0, "采购品目大类", "text", ""), Column(1, "总计", "measure", "")])
    True
    >>> nests_by_columns(spec, [Column(0, "采购品目", "name", ""), Column(1, "金额", "measure", "")])
    False
    """
    words = set().union(*_nesting_words(spec))
    return any(key(c.path.rsplit("/", 1)[-1]) in words for c in columns)


def nesting(spec: TableSpec | None, columns: list[Column], cells) -> list[tuple[int, str]]:
    """The (level, name) of each nesting column a row fills, outermost first, in a table
    nested by columns (:attr:`TableSpec.outline_columns`)."""
    found: list[tuple[int, str]] = []
    for level, words in enumerate(_nesting_words(spec), start=1):
        for c in columns:
            text = join_wrapped(cells[c.index].strip())
            if text and key(c.path.rsplit("/", 1)[-1]) in words:
                for pattern, _ in OUTLINE:
                    text = pattern.sub("", text)
                found.append((level, text))
                break
    return found
