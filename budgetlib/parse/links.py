"""Link the narrative's subjects to the table figures they speak of, by what each subject is.

- A subject that names a figure (收入总计, 一般公共预算基本支出, 三公经费, 年初预算 of a 决算…,
  :func:`~budgetlib.parse.subjects.subject_figure`) is the first cell
  :data:`~budgetlib.registry.FIGURES` (``FINAL_FIGURES`` in a 决算) lists that the document
  prints: one the section names by its title first, then one in its fund's table.
- A classification chain "X(类)Y(款)Z(项)" or "X-Y-Z", or a bare class ending in 支出, is
  looked up in its fund's table (:data:`CHAIN_TABLES`): by the code it prints
  (:func:`printed_code`), else by its names.
- A source of income (事业收入, 其他资金) is looked up by its name in the summary tables
  (:data:`NAMED_TABLES`).

The cell is never chosen by the stated value. A name that is not printed in the table but is
close to one (difflib ratio ≥ :data:`NEAR_NAME`, or the same characters) is linked to it, and
the difference is kept in ``link_note``; an unlinked claim says why in ``link_reason``.
"""

from __future__ import annotations

import difflib
import re
from functools import partial

import pandas as pd

from budgetlib.identities import F1, F2, F3, F4, F5, JS5, T1, T2, T3, T4, T5, measure_key
from budgetlib.parse.claims import change_subject
from budgetlib.parse.subjects import (
    OTHER_BUDGET,
    POINTER,
    SCOPES,
    section_scope,
    subject_core,
    subject_figure,
    unlinked_reason,
)
from budgetlib.parse.tables import Cell
from budgetlib.problems import Problem, guarded
from budgetlib.registry import FIGURES, FINAL_FIGURES, FUND_PARTS, PROJECT_MEASURES, FigureSource
from budgetlib.text import key, name_core

#: Where a classification chain's names are looked up, by the fund: (table, measures), in order.
CHAIN_TABLES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "一般公共预算": ((T5, ("一般公共预算支出/合计", "金额")), (F5, ("合计",))),
    "财政拨款": ((T4, ("财政拨款支出/合计",)), (JS5, ("金额",)), (F4, ("支出/合计",))),
    "政府性基金": (("政府性基金预算支出情况表", ("政府性基金预算支出/合计", "金额")),),
    "": ((T3, ("支出预算/合计",)), (F3, ("本年支出合计",)),
         (T1, ("支出/功能分类/金额", "支出/预算数"))),
}
NEAR_NAME = 0.8
LINK_COLUMNS = ["link_table", "link_measure", "link_code", "link_row", "table_value",
                "table_raw", "table_unit", "link_note", "link_reason"]
_CHAIN = re.compile(r"\(\d*(类|款|项)\)")
_PRINTED = re.compile(r"[(（]\s*(\d+)\s*(类|款|项)\s*[)）]")
_CODE_WIDTH = {"类": 3, "款": 2, "项": 2}
# the words that make an item's name its 决算 ("公务接待费支出决算")
_FINAL_WORDS = re.compile(r"(?:支出)?决算数?$")
_LABEL = re.compile(r"^(?:\d+[.．、])?([^:,\d]+?\(\d*(?:类|款|项)\)):")
#: A project's section ("（一）项目名称：外事工作经费") and the subjects that state its amount
_PROJECT = re.compile(r"项目名称\s*[:：]\s*(.+?)\s*$")
_PROJECT_AMOUNT = re.compile(r"(?:预算)?安排(?:规模|金额)|(?:项目)?(?:预算)?(?:金额|规模)")


def _chain(subject: str) -> list[str]:
    """The names of a "X(类)Y(款)Z(项)" or "X-Y-Z" chain (printed codes aside), or the
    subject alone if it names a 支出.

    >>> _chain("公共安全(类)支出"), _chain("卫生健康支出-行政事业单位医疗-行政单位医疗")
    (['公共安全支出'], ['卫生健康支出', '行政事业单位医疗', '行政单位医疗'])
    """
    text = re.sub(r"^\d+[.．、]\s*", "", subject)
    parts = _CHAIN.split(text)
    names = [parts[i] for i in range(0, len(parts) - 1, 2)]
    if names:
        if parts[-1] == "支出" and parts[-2] == "类" and not names[-1].endswith("支出"):
            names[-1] += "支出"  # "公共安全(类)支出": the class is 公共安全支出
        return names
    dashed = text.split("-")
    if 1 < len(dashed) <= 3 and dashed[0].endswith("支出") and all(dashed):
        return dashed
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
        exact = [r for r in candidates if key(r.name) == key(name)]
        if not exact:
            scores = [_likeness(r.name, name) for r in candidates]
            if not scores or max(scores) < NEAR_NAME:
                return None, None
            exact = [candidates[scores.index(max(scores))]]
            note = f"说明写作“{name}”，表中为“{exact[0].name}”"
        found, parent = exact[0], exact[0].code
    return found, note


def _likeness(a, b) -> float:
    """How alike two names are: difflib's ratio, or 1 for the same characters in another
    order (一般行政事务管理 for 一般行政管理事务).

    >>> _likeness("一般行政事务管理", "一般行政管理事务"), round(_likeness("计划生育事务", "计划生育服务"), 2)
    (1.0, 0.83)
    """
    a, b = key(str(a)), key(str(b))
    return 1.0 if sorted(a) == sorted(b) else difflib.SequenceMatcher(None, a, b).ratio()


def link_claims(cells: dict[str, list[Cell]], claims: pd.DataFrame,
                problems: list[Problem] | None = None, final: bool = False) -> pd.DataFrame:
    """Add :data:`LINK_COLUMNS` to the claims: the table cell each subject names, among each
    table's cells (:func:`~budgetlib.parse.tables.table_cells`), found by what the subject
    is (:func:`subject_figure`, :func:`printed_code`, the chain of its names), never by its
    value. ``final``: the document is a 决算. An unlinked claim says why in ``link_reason``
    (:data:`~budgetlib.parse.subjects.UNLINKED_REASONS`). A subject whose linking raises is
    left unlinked, reported in ``problems`` when given (:func:`~budgetlib.problems.guarded`).

    This function does not mutate its input.

    Examples
    --------
    >>> import budgetlib
    >>> from budgetlib.parse.claims import read_claims
    >>> from budgetlib.parse.narrative import Paragraph, Section
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> claims = read_claims([Section("一般公共预算基本支出情况", 2, 1, (Paragraph(
    ...     "本部门2026年度一般公共预算财政拨款基本支出预算999.00万元；政府采购预算5万元。", 1),))])
    >>> linked = link_claims(doc.cells, claims)  # 999.00 is wrong: its cell is found all the same
    >>> linked[["link_measure", "table_value", "link_reason"]].values.tolist()
    [['一般公共预算基本支出/合计', 112.35, None], [None, nan, '政府采购']]
    """
    link = _Linker(cells, final)
    paths = claims["path"].tolist() if "path" in claims.columns else [None] * len(claims)
    pages = claims["page"].tolist() if "page" in claims.columns else [None] * len(claims)
    pointed = _pointed(claims)
    sections, figures = claims["section"].tolist(), claims["figure"].tolist()
    links = [guarded(partial(link, section, subject, path), {}, f"说明中“{subject}”与表格的对应",
                     problems, page=page)
             for section, subject, path, page in zip(sections, pointed, paths, pages, strict=True)]
    # the text columns as objects, a blank None (built so: a frame would make them strings)
    values = pd.DataFrame.from_records(links, columns=["table_value"], index=claims.index)["table_value"]
    linked = pd.DataFrame({c: values if c == "table_value" else pd.Series(
        [_none_if_blank(found.get(c)) for found in links], index=claims.index, dtype=object)
        for c in LINK_COLUMNS})
    out = pd.concat([claims, linked], axis=1)
    # "占“三公”经费的13.77%" where the narrative never states the 三公 total: the whole it
    # names is read from the table instead
    unknown = [i for i, figure, whole, value in zip(
        out.index, figures, out["whole"].tolist(), out["whole_value"].tolist(), strict=True)
        if figure == "share" and not pd.isna(whole) and pd.isna(value)]
    for i in unknown:
        # the sentence names its table's subject (“三公”经费预算支出中) when the section title may not
        cell = guarded(partial(link, f"{out.at[i, 'section']} {out.at[i, 'text']}", out.at[i, "whole"],
                               scoped=False),
                       {}, f"说明中“{out.at[i, 'whole']}”与表格的对应", problems)
        if cell:
            out.at[i, "whole_value"] = cell["table_value"]
            out.at[i, "whole"] = f"{out.at[i, 'whole']}（{cell['link_table']}）"
    for i, item, figure in zip(out.index, pointed, figures, strict=True):
        if figure == "rate" and isinstance(item, str):
            out.at[i, "whole"], out.at[i, "whole_value"] = _rate_base(out, i, item, link, problems)
    reasons = [None if isinstance(table, str) else unlinked_reason(subject, section, path, final)
               for table, subject, section, path in zip(
                   linked["link_table"].tolist(), claims["subject"].tolist(), sections, paths, strict=True)]
    out["link_reason"] = pd.Series(reasons, index=out.index, dtype=object)
    return out


def _none_if_blank(value):
    return None if pd.isna(value) else value


def _rate_base(claims: pd.DataFrame, i, item: str, link, problems) -> tuple[str | None, float | None]:
    """The budget an execution rate is of (its ``whole``), by the item it is linked by: the
    amount its sentence states for the item's 年初预算 (调整预算 for "完成调整预算的"), else the
    cell a table prints for it ("因公出国（境）费" 年初预算: the 三公 table's 预算数)."""
    kind = "调整预算" if "调整" in str(claims.at[i, "base"]) else "年初预算"
    item = _FINAL_WORDS.sub("", item)  # "因公出国（境）费决算": the item is 因公出国（境）费
    same = claims[(claims["statement"] == claims.at[i, "statement"]) & (claims["figure"] == "amount")]
    for subject, value in zip(same["subject"], same["value"], strict=True):
        said = OTHER_BUDGET.search(str(subject))
        if said and (said.group() == kind or kind == "年初预算" and said.group() == "预算数") \
                and OTHER_BUDGET.sub("", str(subject)) == item:
            return subject, value
    cell = guarded(partial(link, claims.at[i, "section"], item + kind, claims.at[i, "path"]), {},
                   f"说明中“{item}{kind}”与表格的对应", problems)
    return (item + kind, cell["table_value"]) if cell else (None, None)


def _pointed(claims: pd.DataFrame) -> list:
    """The subject each claim is linked by: its own, or for an amount (or an execution rate)
    whose subject only points at a figure of the item named before it in its sentence
    ("…支出年初预算为0.95万元，支出决算为0.00万元，完成预算的0%"), that item."""
    out, before = [], {}
    texts = claims["text"].tolist() if "text" in claims.columns else [""] * len(claims)
    for statement, figure, subject, text in zip(claims["statement"].tolist(), claims["figure"].tolist(),
                                                claims["subject"].tolist(), texts, strict=True):
        if figure in ("amount", "rate") and isinstance(subject, str) and POINTER.fullmatch(subject):
            # "检察（款）: 2018 年预算支出合计 16,444.36 万元": the item its label names
            label = _LABEL.match(str(text))
            out.append(before.get(statement, label.group(1) if label else subject))
            continue
        if figure == "amount" and isinstance(subject, str) and subject:
            before[statement] = OTHER_BUDGET.sub("", subject)
        out.append(subject)
    return out




#: The summary tables whose rows and columns name income sources (事业收入, 其他资金…):
#: a subject that is none of :data:`SUBJECT_FIGURES` is looked up there by its name.
NAMED_TABLES = (T1, T2, T4, F1, F2, F4)


class _Linker:
    """Links subjects to cells, each (section, subject, path) once: a narrative names the
    same figure many times, and each figure and table column is looked up once."""

    def __init__(self, cells: dict[str, list[Cell]], final: bool = False):
        self.cells = cells
        self.final = final
        self.columns: dict[tuple[str, tuple[str, ...]], list[Cell]] = {}  # a chain table's column
        self.links: dict[tuple, dict] = {}
        self.sources: dict[FigureSource, list[Cell] | None] = {}  # each figure's cells, found once

    def __call__(self, section, subject, path=None, scoped: bool = True) -> dict:
        """``scoped``: a subject that names no fund is of the section's (a share's whole,
        "本年支出合计", is the document's whatever the section)."""
        path = str(path or section) if scoped else ""
        found = self.links.get((section, subject, path))
        if found is None:
            found = self.links[section, subject, path] = self._link(str(section), subject, path)
        return found

    def _link(self, section: str, subject, path: str) -> dict:
        if not isinstance(subject, str) or not subject:
            return {}
        if _PROJECT_AMOUNT.fullmatch(key(subject)) and (project := _PROJECT.search(path)):
            return self._project(project.group(1))
        if POINTER.fullmatch(subject) \
                or change_subject(subject) is None and not re.search(r"支出|收入", subject):
            return {}  # no subject, or one that only points at a figure of another
        names = subject_figure(subject, path, self.final)
        if names:
            figures = FINAL_FIGURES if self.final else FIGURES
            scope = next((s for s in SCOPES if s in key(subject)), None) or section_scope(path)
            fund = tuple(t for t, _ in CHAIN_TABLES.get(scope or "", ()))
            for name in names:
                found = self._figure(figures.get(name, ()), section, fund) \
                    or self._one_fund(name, figures, section)
                if found:
                    return found
            return {}
        return self._item(subject, path) or self._named(subject, section)

    def _one_fund(self, name: str, figures: dict, section: str) -> dict:
        """A figure of a fund made of others (:data:`~budgetlib.registry.FUND_PARTS`) that no
        table prints: its one part's, where the tables print every other part's spending
        empty (printed, and blank or 0)."""
        whole = next((w for w in FUND_PARTS if name.startswith(w)), None)
        if whole is None:
            return {}
        first, *others = FUND_PARTS[whole]
        for other in others:
            sources = figures.get(f"{other}支出", ())
            printed = next((found for s in sources if (found := self._source(s))), None)
            if printed is None or any(c.value == c.value and c.value != 0 for c in printed):
                return {}
        return self._figure(figures.get(first + name[len(whole):], ()), section)

    def _source(self, source: FigureSource) -> list[Cell] | None:
        """:func:`source_cells` of the document's cells, each source looked up once."""
        if source not in self.sources:
            self.sources[source] = source_cells(self.cells, source)
        return self.sources[source]

    def _project(self, name: str) -> dict:
        """A project's amount, in the table that lists it by name (项目名称), in the first of
        :data:`~budgetlib.registry.PROJECT_MEASURES` that table prints."""
        for cells in self.cells.values():
            rows = [c for c in cells if c.project and key(c.project) == key(name)]
            for measure in PROJECT_MEASURES:
                found = [c for c in rows if measure_key(c.measure).endswith(measure_key(measure))]
                if len(found) == 1:
                    return _link_record(found[0], None)
        return {}

    def _figure(self, sources: tuple[FigureSource, ...], section: str, fund: tuple[str, ...] = ()
                ) -> dict:
        """The cells of the first source the document prints: first one the section names
        by its title, then one in the table of the fund the subject or section names (the
        一般公共预算拨款 section's 基本支出 is 表5's)."""
        printed = [(s, found) for s in sources if (found := self._source(s))]
        if not printed:
            return {}
        spoken = [p for p in printed if _stem(p[0].table) in key(section)]
        funded = [p for p in printed if p[0].table in fund]
        source, found = (spoken or funded or printed)[0]
        return _link_record(found[0], None) if len(found) == 1 else _sum_record(found)

    def _item(self, subject: str, path: str) -> dict:
        """A classification item, by its printed code, else its names, in the table of its fund."""
        names = _chain(subject)
        if not names or (self.final and OTHER_BUDGET.search(subject)):
            return {}  # a 决算's tables print no item's 年初预算
        code = printed_code(subject, path)
        levels = {level for level in _CHAIN.findall(subject)}
        skip_kuan = False
        if "类" not in levels and levels:
            # "（一）公共安全（类）" heads the section; its items name 款 and 项, or the 项 alone
            cls = re.search(r"[)）]?([^()（）]+?)[（(]\d*类[）)]", path)
            names = [cls.group(1)] + names if cls else names
            skip_kuan = bool(cls) and "款" not in levels
        scope = next((s for s in SCOPES if s in key(subject)), None) or section_scope(path) or ""
        for table, measures in (*CHAIN_TABLES.get(scope, ()), *CHAIN_TABLES[""]):
            if not self.cells.get(table):
                continue
            column = self._column(table, measures)
            if code is not None:  # the printed code first, then the names
                row = next((c for c in column if c.code == code), None)
                if row is not None:
                    return _link_record(row, _name_note(names[-1], code, row))
            row, note = _by_chain(column, names, skip_kuan)
            if row is None and len(names) == 3:  # a 款 misnamed: the 项 under its 类
                row, note = _by_chain(column, [names[0], names[2]], True)
                note = note or (f"说明把“{names[2]}”列在“{names[1]}”（款）下，表中在 {row.parent} 款下"
                                if row else None)
            if row is not None:
                return _link_record(row, note)
        return {}

    def _named(self, subject: str, section: str) -> dict:
        """A source of income (事业收入, 其他资金) by its name, in the summary tables."""
        core = subject_core(subject)
        if not core:
            return {}
        tables = sorted((t for t in NAMED_TABLES if self.cells.get(t)),
                        key=lambda t: _stem(t) not in key(section))
        for table in tables:
            cells = self.cells[table]
            found = [c for c in cells if c.code is None and name_core(c.name or c.label or "") == core]
            if found:  # the first row of that name (单位资金 under 本年收入, before any 结转)
                return _link_record(found[0], None)
            columns = [c for c in cells if c.row_type == "total"
                       and name_core(c.measure.rsplit("/", 1)[-1]) == core]
            if len(columns) == 1:
                return _link_record(columns[0], None)
        return {}

    def _column(self, table: str, measures: tuple[str, ...]) -> list[Cell]:
        """The cells of the first of the measures the table prints (else of the first)."""
        if (table, measures) not in self.columns:
            cells = self.cells[table]
            printed = {c.measure for c in cells}
            measure = next((m for m in measures if m in printed), measures[0])
            self.columns[table, measures] = [c for c in cells if c.measure == measure]
        return self.columns[table, measures]


def _stem(title: str) -> str:
    """What a section calls a table: its title without 部门, 预算, 总体情况表…

    >>> _stem("财政拨款收支预算总体情况表"), _stem("一般公共预算基本支出情况表"), _stem("部门收入总体情况表")
    ('财政拨款收支', '一般公共预算基本支出', '部门收入总体情况表')
    """
    stem = re.sub(r"^部门|(?:预算|决算)?(?:总体)?(?:情况)?表$", "", title)
    return stem if len(stem) >= 4 else title  # "收入", "收支": too short to say which table


def source_cells(cells: dict[str, list[Cell]], source: FigureSource) -> list[Cell] | None:
    """The cells that print a :class:`~budgetlib.registry.FigureSource`'s figure: its total
    row (the only row of a one-row table), its named row, or its coded rows; ``None``
    where the document does not print it.

    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> [(c.label, c.value) for c in source_cells(doc.cells, FIGURES["一般公共预算收入"][0])]
    [('1. 一般公共预算拨款', 122.35)]
    """
    table = cells.get(source.table)
    if not table:
        return None
    keys = {m: measure_key(m) for m in dict.fromkeys(c.measure for c in table)}
    measure = None
    for wanted in map(measure_key, source.measures):
        measure = next((m for m, k in keys.items() if k == wanted), None) or next(
            (m for m, k in keys.items() if k.endswith("/" + wanted)), None)
        if measure:
            break
    if measure is None:
        return None
    column = [c for c in table if c.measure == measure]
    if source.codes:
        found = [c for c in column if c.code in source.codes]
    elif source.rows:
        cores = {name_core(r) for r in source.rows}
        found = [c for c in column if name_core(c.name or c.label or "") in cores][:1]
    else:
        found = [c for c in column if c.row_type == "total"]
        if not found and len({c.row for c in table}) == 1:
            found = column
    return found or None


def _sum_record(cells: list[Cell]) -> dict:
    """A figure the table prints as the sum of rows (人员经费 = 301 + 303): in 万元, with the
    printed decimals (four more for a table in 元).

    >>> c = Cell("表", None, 1, None, None, "301", None, None, None, 1, None, "工资福利支出",
    ...          "工资福利支出", None, "item", False, "金额", "1,000.5", "元", 0.10005)
    >>> r = _sum_record([c, c._replace(code="303", name="对个人和家庭的补助")])
    >>> r["table_value"], r["table_raw"], r["table_unit"], r["link_code"]
    (0.2001, '0.20010', '万元', '301+303')
    """
    decimals = max((len(str(c.raw).split(".")[1]) if "." in str(c.raw) else 0) for c in cells)
    decimals += 4 if cells[0].unit == "元" else 0
    value = sum(c.value for c in cells if c.value == c.value)
    first = cells[0]
    return {"link_table": first.table, "link_measure": first.measure,
            "link_code": "+".join(str(c.code) for c in cells),
            "link_row": "+".join(str(c.name) for c in cells), "table_value": value,
            "table_raw": f"{value:.{decimals}f}", "table_unit": "万元", "link_note": None}


def _name_note(name: str, code: str, cell: Cell) -> str | None:
    """The note on a row linked by its printed code whose name is not the table's."""
    if key(name) == key(str(cell.name)):
        return None
    return f"说明写作“{name}”（{code}），表中为“{cell.name}”"


def _link_record(cell: Cell, note: str | None) -> dict:
    return {"link_table": cell.table, "link_measure": cell.measure,
            "link_code": cell.code, "link_row": cell.label, "table_value": cell.value,
            "table_raw": cell.raw, "table_unit": cell.unit, "link_note": note}
