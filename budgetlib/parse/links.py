"""Link the narrative's subjects to the table figures they speak of.

Two kinds of link, both data:

- :data:`SUBJECT_LINKS`: in a section whose title matches, a subject that matches names
  a :class:`~budgetlib.identities.Figure` (基本支出 in 支出预算情况说明 is 表3's 基本支出).
- :data:`CHAIN_TABLES`: a classification chain "X(类)Y(款)Z(项)", or a bare class name
  ending in 支出, is looked up in the table the section speaks of: by the code it prints
  ("X(204类)Y(06款)Z(99项)", :func:`printed_code`), else by its names.

A name that is not printed in the table but is close to one (difflib ratio ≥
:data:`NEAR_NAME`) is linked to it, and the difference is kept in ``link_note``.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache, partial

import pandas as pd

from budgetlib.identities import JS3, JS5, JS11, SH3, T1, T3, T4, T5, T6, T10, Figure, figure_cells
from budgetlib.parse.tables import Cell
from budgetlib.problems import Problem, guarded
from budgetlib.text import key

_key = lru_cache(maxsize=4096)(key)  # the same few names are compared again and again

_BASIC_6 = "一般公共预算基本支出"
#: (section title pattern, subject pattern, figure).
SUBJECT_LINKS: tuple[tuple[str, str, Figure], ...] = (
    (r"收支预算情况", r"^收支总预算$", Figure(T1, "收入/预算数")),
    (r"收入预算情况", r"^收入预算$", Figure(T1, "收入/预算数")),
    (r"收入预算情况", r"^一般公共预算(拨款)?$", Figure(T1, "收入/预算数", {"label": "1. 一般公共预算拨款"})),
    (r"收入预算情况", r"^单位资金$", Figure(T1, "收入/预算数", {"label": "5. 单位资金"})),
    (r"(?<!拨款)支出预算情况", r"^支出预算$", Figure(T3, "支出预算/合计")),
    (r"(?<!拨款)支出预算情况", r"^基本支出$", Figure(T3, "支出预算/基本支出")),
    (r"(?<!拨款)支出预算情况", r"^项目支出$", Figure(T3, "支出预算/项目支出")),
    (r"财政拨款收支预算", r"^财政拨款收支总预算$", Figure(T4, "财政拨款收入/合计")),
    (r"财政拨款收支预算", r"^(收入预算包括)?一般公共预算拨款$",
     Figure(T4, "财政拨款收入/合计", {"name": "一般公共预算"})),
    (r"一般公共预算当年拨款", r"^一般公共预算拨款$", Figure(T5, "一般公共预算支出/合计")),
    (r"一般公共预算当年拨款", r"^基本支出$", Figure(T5, "一般公共预算支出/基本支出")),
    (r"一般公共预算当年拨款", r"^项目支出$", Figure(T5, "一般公共预算支出/项目支出")),
    (r"基本支出情况", r"^一般公共预算基本支出$", Figure(T6, f"{_BASIC_6}/合计")),
    (r"基本支出情况", r"^人员经费$", Figure(T6, f"{_BASIC_6}/人员经费")),
    (r"基本支出情况", r"^公用经费$", Figure(T6, f"{_BASIC_6}/公用经费")),
    (r"三公", r"^财政拨款“三公”经费(预算)?$", Figure(T10, "合计")),
    (r"三公", r"^因公出国\(境\)费用$", Figure(T10, "合计", {"name": "因公出国（境）费用"})),
    (r"三公", r"^公务用车购置$", Figure(T10, "合计", {"name": "公务用车购置"})),
    (r"三公", r"^公务用车运行维护费$", Figure(T10, "合计", {"name": "公务用车运行维护费"})),
    (r"三公", r"^公务接待费$", Figure(T10, "合计", {"name": "公务接待费"})),
    # Shanghai's 部门预算编制说明 speaks of the summary tables
    (r"编制说明", r"^收入预算$", Figure(T1, ("收入/预算数", "本年收入/预算数"))),
    (r"编制说明", r"^财政拨款收入$", Figure(T1, "本年收入/预算数", {"name": "财政拨款收入"})),
    (r"编制说明", r"^支出预算$", Figure(T1, ("支出/预算数", "本年支出/预算数"))),
    (r"编制说明", r"^财政拨款支出预算$", Figure(T4, "财政拨款支出/合计")),
    (r"编制说明", r"^一般公共预算拨款支出预算$", Figure(T4, "财政拨款支出/一般公共预算")),
    (r"三公", r"^“三公”经费(预算数?)?$", Figure(SH3, "“三公”经费预算数/合计", "only")),
    (r"三公", r"^因公出国\(境\)费$", Figure(SH3, "“三公”经费预算数/因公出国(境)费", "only")),
    (r"三公", r"^公务接待费$", Figure(SH3, "“三公”经费预算数/公务接待费", "only")),
    (r"三公", r"^公务用车购置及运行费$",
     Figure(SH3, "“三公”经费预算数/公务用车购置及运行费/小计", "only")),
    (r"三公", r"^公务用车购置费$", Figure(SH3, "“三公”经费预算数/公务用车购置及运行费/购置费", "only")),
    (r"三公", r"^公务用车运行费$", Figure(SH3, "“三公”经费预算数/公务用车购置及运行费/运行费", "only")),
    # Jiangsu's 三公 table, with 会议费 and 培训费 ("会议费预算支出", "因公出国（境）费支出")
    (r"三公", r"^“?三公”?经费(预算)?$", Figure(JS3, "“三公”经费/小计", "only")),
    (r"三公", r"^因公出国\(境\)费(预算)?(支出)?$", Figure(JS3, "“三公”经费/因公出国（境）费", "only")),
    (r"三公", r"^公务用车购置及运行(维护)?费(预算)?(支出)?$",
     Figure(JS3, "“三公”经费/公务用车购置及运行维护费/小计", "only")),
    (r"三公", r"^公务用车购置费?(预算)?(支出)?$",
     Figure(JS3, "“三公”经费/公务用车购置及运行维护费/公务用车购置费", "only")),
    (r"三公", r"^公务用车运行维护费(预算)?(支出)?$",
     Figure(JS3, "“三公”经费/公务用车购置及运行维护费/公务用车运行维护费", "only")),
    (r"三公", r"^公务接待费(预算)?(支出)?$", Figure(JS3, "“三公”经费/公务接待费", "only")),
    (r"三公", r"(^|安排的)会议费(预算)?(支出)?$", Figure(JS3, "会议费", "only")),
    (r"三公", r"(^|安排的)培训费(预算)?(支出)?$", Figure(JS3, "培训费", "only")),
    (r"运行经费", r"机关运行经费", Figure(SH3, "机关运行经费预算数", "only")),
    (r"运行经费", r"机关运行经费", Figure(JS11, "机关运行经费支出")),  # Jiangsu's 公开11表
    # 机关运行经费 is the 公用经费 of an administrative unit's basic expenditure
    (r"运行经费", r"机关运行经费", Figure(T6, f"{_BASIC_6}/公用经费")),
)
#: (section title pattern, table and measure its classification names are looked up in).
CHAIN_TABLES: tuple[tuple[str, tuple[str, tuple[str, ...]]], ...] = (
    (r"财政拨款收支", (T4, ("财政拨款支出/合计",))),
    (r"财政拨款支出预算情况", (JS5, ("金额",))),  # Jiangsu's 公开05表
    (r"一般公共预算", (T5, ("一般公共预算支出/合计", "金额"))),
    (r"", (T3, ("支出预算/合计",))),
)
NEAR_NAME = 0.8
LINK_COLUMNS = ["link_table", "link_measure", "link_code", "link_row", "table_value",
                "table_raw", "table_unit", "link_note"]
_CHAIN = re.compile(r"\(\d*(类|款|项)\)")
_PRINTED = re.compile(r"[(（]\s*(\d+)\s*(类|款|项)\s*[)）]")
_CODE_WIDTH = {"类": 3, "款": 2, "项": 2}


def _chain(subject: str) -> list[str]:
    """The names of a "X(类)Y(款)Z(项)" chain (printed codes aside), or the subject alone if
    it names a 支出."""
    parts = _CHAIN.split(re.sub(r"^\d+[.．、]\s*", "", subject))
    names = [parts[i] for i in range(0, len(parts) - 1, 2)]
    if names:
        return names
    return [subject] if subject.endswith("支出") else []


def printed_code(subject: str, path: str = "") -> str | None:
    """The classification code a subject prints with its names, "X（204类）Y（06款）Z（99项）";
    a 款 or 项 printed alone takes the levels above it from the headings (``path``).
    ``None`` when no code is printed or the levels do not chain.

    Examples
    --------
    >>> printed_code("公共安全支出（204类）司法（06款）其他司法支出（99项）")
    '2040699'
    >>> printed_code("住房公积金（01项）", "住房保障支出（221类） / 住房改革支出（02款）")
    '2210201'
    >>> printed_code("行政运行（项）") is None, printed_code("住房公积金（01项）") is None
    (True, True)
    """
    found = {level: code for code, level in _PRINTED.findall(str(subject))}
    if not found:
        return None
    for code, level in _PRINTED.findall(str(path or "")):
        found.setdefault(level, code)
    levels = ("类", "款", "项")
    deepest = max(levels.index(level) for level in found)
    if any(level not in found or len(found[level]) != _CODE_WIDTH[level] for level in levels[:deepest + 1]):
        return None
    return "".join(found[level] for level in levels[:deepest + 1])


def _by_chain(cells: list[Cell], names: list[str], skip_kuan: bool = False
              ) -> tuple[Cell | None, str | None]:
    """The row of a table (one measure's cells) that a chain of names points to; a note
    when a name differs.

    ``skip_kuan``: the chain is 类 then 项, its 款 unnamed ("公共安全（类）… 行政运行（项）").
    """
    rows: dict[int, Cell] = {}
    for cell in cells:  # the first cell of each row
        rows.setdefault(cell.row, cell)
    parent, note, found = None, None, None
    levels = [1, 3] if skip_kuan and len(names) == 2 else range(1, len(names) + 1)
    for level, name in zip(levels, names, strict=False):
        candidates = [r for r in rows.values() if r.level is not pd.NA and r.level == level]
        if parent is not None and level == 3 and skip_kuan:
            candidates = [r for r in candidates if str(r.code).startswith(parent)]
        elif parent is not None:
            candidates = [r for r in candidates if r.parent == parent]
        exact = [r for r in candidates if _key(r.name) == _key(name)]
        if not exact:
            scores = [difflib.SequenceMatcher(None, _key(r.name), _key(name)).ratio() for r in candidates]
            if not scores or max(scores) < NEAR_NAME:
                return None, None
            exact = [candidates[scores.index(max(scores))]]
            note = f"说明写作“{name}”，表中为“{exact[0].name}”"
        found, parent = exact[0], exact[0].code
    return found, note


def link_claims(cells: dict[str, list[Cell]], claims: pd.DataFrame,
                problems: list[Problem] | None = None) -> pd.DataFrame:
    """Add :data:`LINK_COLUMNS` to the claims: the table cell each subject names, among each
    table's cells (:func:`~budgetlib.parse.tables.table_cells`). A subject whose linking
    raises is left unlinked, reported in ``problems`` when given
    (:func:`~budgetlib.problems.guarded`).

    This function does not mutate its input.
    """
    link = _Linker(cells)
    paths = claims["path"].tolist() if "path" in claims.columns else [None] * len(claims)
    pages = claims["page"].tolist() if "page" in claims.columns else [None] * len(claims)
    links = [guarded(partial(link, section, subject, path), {}, f"说明中“{subject}”与表格的对应",
                     problems, page=page)
             for section, subject, path, page in zip(
                 claims["section"].tolist(), claims["subject"].tolist(), paths, pages, strict=True)]
    linked = pd.DataFrame.from_records(links, columns=LINK_COLUMNS, index=claims.index)
    out = pd.concat([claims, linked], axis=1)
    # "占“三公”经费的13.77%" where the narrative never states the 三公 total: the whole it
    # names is read from the table instead
    unknown = (out["figure"] == "share") & out["whole"].notna() & out["whole_value"].isna()
    for i in out.index[unknown]:
        # the sentence names its table's subject (“三公”经费预算支出中) when the section title may not
        cell = guarded(partial(link, f"{out.at[i, 'section']} {out.at[i, 'text']}", out.at[i, "whole"]),
                       {}, f"说明中“{out.at[i, 'whole']}”与表格的对应", problems)
        if cell:
            out.at[i, "whole_value"] = cell["table_value"]
            out.at[i, "whole"] = f"{out.at[i, 'whole']}（{cell['link_table']}）"
    return out


class _Linker:
    """Links subjects to cells, each (section, subject, path) once: a narrative names the
    same figure many times, and each figure and table column is looked up once."""

    def __init__(self, cells: dict[str, list[Cell]]):
        self.cells = cells
        self.figures: dict[int, list[Cell] | None] = {}  # SUBJECT_LINKS position → its cells
        self.columns: dict[tuple[str, tuple[str, ...]], list[Cell]] = {}  # CHAIN_TABLES column's cells
        self.links: dict[tuple, dict] = {}

    def __call__(self, section, subject, path=None) -> dict:
        found = self.links.get((section, subject, path))
        if found is None:
            found = self.links[section, subject, path] = self._link(str(section), subject,
                                                                    str(path or section))
        return found

    def _link(self, section: str, subject, path: str) -> dict:
        for i, (section_pattern, subject_pattern, figure) in enumerate(SUBJECT_LINKS):
            if re.search(section_pattern, section) and re.search(subject_pattern, str(subject)):
                if i not in self.figures:
                    self.figures[i] = figure_cells(self.cells, figure)
                cells = self.figures[i]
                if cells is not None and len(cells) == 1:
                    return _link_record(cells[0], None)
        names = _chain(str(subject))
        if not names:
            return {}
        code = printed_code(str(subject), path)
        levels = {level for level in _CHAIN.findall(str(subject))}
        skip_kuan = False
        if "类" not in levels and levels:
            # "（一）公共安全（类）" heads the section; its items name 款 and 项, or the 项 alone
            cls = re.search(r"[)）]?([^()（）]+?)[（(]\d*类[）)]", path)
            names = [cls.group(1)] + names if cls else names
            skip_kuan = bool(cls) and "款" not in levels
        for section_pattern, (table, measures) in CHAIN_TABLES:
            if re.search(section_pattern, path) and table in self.cells:
                column = self._column(table, measures)
                if code is not None:  # the printed code first, then the names
                    row = next((c for c in column if c.code == code), None)
                    if row is not None:
                        return _link_record(row, _name_note(names[-1], code, row))
                row, note = _by_chain(column, names, skip_kuan)
                return _link_record(row, note) if row is not None else {}
        return {}

    def _column(self, table: str, measures: tuple[str, ...]) -> list[Cell]:
        """The cells of the first of the measures the table prints (else of the first)."""
        if (table, measures) not in self.columns:
            cells = self.cells[table]
            printed = {c.measure for c in cells}
            measure = next((m for m in measures if m in printed), measures[0])
            self.columns[table, measures] = [c for c in cells if c.measure == measure]
        return self.columns[table, measures]


def _name_note(name: str, code: str, cell: Cell) -> str | None:
    """The note on a row linked by its printed code whose name is not the table's."""
    if _key(name) == _key(str(cell.name)):
        return None
    return f"说明写作“{name}”（{code}），表中为“{cell.name}”"


def _link_record(cell: Cell, note: str | None) -> dict:
    return {"link_table": cell.table, "link_measure": cell.measure,
            "link_code": cell.code, "link_row": cell.label, "table_value": cell.value,
            "table_raw": cell.raw, "table_unit": cell.unit, "link_note": note}
