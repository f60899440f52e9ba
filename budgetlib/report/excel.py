"""The Excel workbook: an overview, every table as printed, the tidy data and the analyses.

It prints as it is: every sheet landscape on A4, one page wide, its header rows repeated
on each page, the department, year and sheet in the page header and the sheet's amount
unit in the footer. A table's sheet shows its figures in the unit the document printed
that table in (元 stays 元); every column heading is Chinese.

Written with XlsxWriter, which stores each formula together with its computed value, so
totals stay live when someone edits a figure and still show in viewers that never
recalculate. Text is always written as text: a name starting with ``=`` never becomes a
formula.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from budgetlib.analysis import headcount, headline_figures, shares, yoy
from budgetlib.analysis.bridge import CHART_STEPS, bridge, condense
from budgetlib.analysis.execution import EXECUTION_HEADINGS, chart_items, execution
from budgetlib.audit import sum_mismatch, total_summands
from budgetlib.audit.findings import SEVERITY_NAMES, fmt, rule_label
from budgetlib.files import replacing
from budgetlib.model import BudgetDocument
from budgetlib.parse.tables import to_wide
from budgetlib.registry import UNIT_FACTORS
from budgetlib.report.checklist import checklist
from budgetlib.report.display import PROSE_COLUMNS, column_kind
from budgetlib.report.titles import heading
from budgetlib.report.vocabulary import (
    FIGURE_NAMES,
    HEADINGS,
)

AMOUNT_FORMAT = "#,##0.00"
WHOLE_FORMAT = "#,##0"  # a table printed in whole 元
SHARE_FORMAT = "0.00%"
MAX_WIDTH = 60
PROSE_WIDTH = 48  # a message wraps at about 24 CJK characters, so a page holds it whole
LINE_HEIGHT = 16  # points: one line of 11-point text, with its leading
#: Columns a printed page holds before the key columns are repeated on the next one.
PAGE_COLUMNS = 12
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})

PAPER_A4 = 9


def display_width(text: object) -> int:
    """Columns a text needs: a CJK (wide) character counts two.

    >>> display_width("一般公共服务支出"), display_width("201")
    (16, 3)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(text))


def sheet_name(title: str, taken: set[str]) -> str:
    """A legal, unique sheet name (≤ 31 characters, none of ``[]:*?/\\``).

    >>> sheet_name("a/b", set()), sheet_name("x" * 40, {"x" * 31})
    ('a_b', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx2')
    """
    base = title.translate(_BAD_SHEET_CHARS)[:31] or "表"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base[:31 - len(str(n))]}{n}"
    taken.add(name)
    return name


class _Writer:
    """One workbook being written: its formats and the cells each sheet needs."""

    def __init__(self, book: xlsxwriter.Workbook, doc: BudgetDocument):
        self.book = book
        self.doc = doc
        self.names: set[str] = set()
        self.head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                                     "text_wrap": True, "valign": "vcenter"})
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.amount = book.add_format({"num_format": AMOUNT_FORMAT})
        self.share = book.add_format({"num_format": SHARE_FORMAT})
        self.total = book.add_format({"num_format": AMOUNT_FORMAT, "bold": True, "top": 1})
        self.total_text = book.add_format({"bold": True, "top": 1})
        self.whole = book.add_format({"num_format": WHOLE_FORMAT})
        self.whole_total = book.add_format({"num_format": WHOLE_FORMAT, "bold": True, "top": 1})
        self.count = book.add_format({"num_format": "0"})
        self.prose = book.add_format({"text_wrap": True, "valign": "top"})

    def page(self, ws, repeat: tuple[int, int] | None, unit: str | None = None,
             columns: int = 0, keys: int = 1) -> None:
        """Print setup: landscape A4, ``repeat`` rows on every page, the department, year and
        sheet in the header, the sheet's unit and page in the footer.

        A sheet of at most :data:`PAGE_COLUMNS` ``columns`` is one page wide; a wider one is
        split across pages of about that many columns, its first ``keys`` columns (the item)
        repeated on each, so its type stays legible."""
        ws.set_landscape()
        ws.set_paper(PAPER_A4)
        wide = -(-columns // PAGE_COLUMNS) if columns > PAGE_COLUMNS else 1
        ws.fit_to_pages(wide, 0)  # as many pages long as it needs
        if wide > 1 and keys:
            ws.repeat_columns(0, keys - 1)
        if repeat is not None:
            ws.repeat_rows(*repeat)
        doc = self.doc
        when = f"{doc.year}年{doc.kind or '预算'}" if doc.year else (doc.kind or "")
        ws.set_header(f"&L{_header_text(doc.department or doc.title or '')}"
                      f"&C{_header_text(when)}&R{_header_text(ws.name)}")
        ws.set_footer((f"&L{_header_text('金额单位：' + unit)}" if unit else "")
                      + "&C第 &P 页，共 &N 页")

    def sheet(self, title: str):
        return self.book.add_worksheet(sheet_name(title, self.names))

    def cell(self, ws, row: int, col: int, value, fmt=None) -> None:
        """Write one value by its type; text always as a string, never a formula."""
        if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
            ws.write_blank(row, col, None, fmt)
        elif isinstance(value, bool | np.bool_):
            ws.write_string(row, col, "是" if value else "否", fmt)
        elif isinstance(value, int | float | np.integer | np.floating):
            ws.write_number(row, col, float(value), fmt)
        else:
            ws.write_string(row, col, str(value), fmt)

    def frame(self, ws, frame: pd.DataFrame, top: int = 0, headings: dict | None = None,
              percent_is_fraction: bool = False, percent: frozenset[str] = frozenset()) -> int:
        """A DataFrame under one heading row from ``top``; returns the row after it.

        Each column is formatted by what it holds (:func:`~budgetlib.report.display.column_kind`):
        amounts ``#,##0.00``, percentages ``0.00%``, prose wrapped in a column of bounded width.
        ``percent`` names columns in % beyond the usual ones (a final account's ``rate``)."""
        headings = {**HEADINGS, **(headings or {})}
        kinds = [column_kind(name, frame[name], percent) for name in frame.columns]
        formats = {"amount": self.amount, "percent": self.share, "fraction": self.share,
                   "whole": self.count, None: None}
        for col, name in enumerate(frame.columns):
            ws.write_string(top, col, headings.get(name, str(name)), self.head)
        prose = [col for col, name in enumerate(frame.columns) if name in PROSE_COLUMNS]
        widths = self.fit(ws, [headings.get(name, str(name)) for name in frame.columns], frame)
        for r, values in enumerate(frame.itertuples(index=False), start=top + 1):
            # a wrapped cell's lines, so that every viewer and printer shows it whole
            lines = max([-(-display_width(_shown(values[c])) // max(1, int(widths[c]) - 4))
                         for c in prose] or [1])
            if lines > 1:
                ws.set_row(r, LINE_HEIGHT * lines)
            for col, (name, value) in enumerate(zip(frame.columns, values, strict=True)):
                kind = kinds[col]
                fmt = self.prose if name in PROSE_COLUMNS else formats[kind]
                if kind == "percent" and not percent_is_fraction and isinstance(value, float):
                    value = value / 100  # analysis shares are in %, Excel's 0.00% wants 0.xx
                self.cell(ws, r, col, value, fmt)
        ws.freeze_panes(top + 1, 0)
        if top == 0:  # a sheet's first table: its heading row on every printed page
            self.page(ws, (0, 0), self.doc.unit, columns=len(frame.columns))
        return top + 1 + len(frame)

    def fit(self, ws, headers: list[str], frame: pd.DataFrame) -> list[float]:
        """Column widths that fit the headers and the values as shown (CJK counted double);
        prose columns are at most :data:`PROSE_WIDTH` wide and wrap. Returns the widths."""
        widths = []
        for col, header in enumerate(headers):
            texts = [header, *frame.iloc[:, col].map(_shown).tolist()]
            widest = max(map(display_width, texts)) + 2
            prose = frame.columns[col] in PROSE_COLUMNS
            widths.append(min(PROSE_WIDTH if prose else MAX_WIDTH, widest))
            ws.set_column(col, col, widths[-1])
        return widths


def _header_text(text: object) -> str:
    """Text for a page header or footer: ``&`` doubled, so it is never read as a code.

    >>> _header_text("A&B")
    'A&&B'
    """
    return str(text).replace("&", "&&")[:80]


def printed_unit(doc: BudgetDocument, title: str) -> str:
    """The unit a table is printed in (its own, else the document's).

    >>> import budgetlib
    >>> printed_unit(budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT), "部门收支总体情况表")
    '万元'
    """
    meta = doc.table_meta.get(title)
    unit = getattr(meta, "unit", None)
    return unit if unit in UNIT_FACTORS else doc.unit


def printed_units(doc: BudgetDocument) -> str:
    """The units the tables are printed in: the usual one, and the tables printed otherwise.

    >>> import budgetlib
    >>> printed_units(budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT))
    '万元'
    """
    units = {title: printed_unit(doc, title) for title in doc.tables}
    if not units:
        return doc.unit
    counts = pd.Series(list(units.values())).value_counts(sort=True)
    usual = str(counts.index[0])
    others = {}
    for title, unit in units.items():
        if unit != usual:
            others.setdefault(unit, []).append(title)
    return usual + "".join(f"（{'、'.join(titles)}为{unit}）" for unit, titles in others.items())


def _shown(value: object) -> str:
    if isinstance(value, float):
        return "" if np.isnan(value) else fmt(value)
    return "" if value is None or value is pd.NA else str(value)


def _overview(w: _Writer, doc: BudgetDocument, findings: pd.DataFrame) -> None:
    ws = w.sheet("概况")
    ws.write_string(0, 0, doc.title or doc.department or "部门预算", w.title)
    facts = {"部门": doc.department, "年度": doc.year, "类型": doc.kind,
             "原文单位": printed_units(doc), "分析金额单位": doc.unit,
             "各表页": "按原文单位列示", "来源文件": doc.source, "表格数": len(doc.tables),
             "审核发现": len(findings),
             "其中错误": int(findings["severity"].eq("error").sum()) if len(findings) else 0}
    row = 2
    for name, value in facts.items():
        ws.write_string(row, 0, name, w.head)
        w.cell(ws, row, 1, value)
        row += 1
    row += 1
    for col, text in enumerate((f"主要数字（{doc.unit}）", "金额", "出处", "页", "行")):
        ws.write_string(row, col, text, w.head)
    row += 1
    # found through the registry whatever the layout; where each was read, to check it
    figures = headline_figures(doc)
    for figure in figures.itertuples():
        ws.write_string(row, 0, figure.figure)
        w.cell(ws, row, 1, None if pd.isna(figure.value) else figure.value, w.amount)
        if isinstance(figure.table, str):
            where = f"{figure.table}：{figure.measure}"
            w.cell(ws, row, 2, f"{where}（{figure.codes}）" if figure.codes else where)
            for col, at in ((3, figure.page), (4, figure.line)):
                w.cell(ws, row, col, None if pd.isna(at) else int(at))
        row += 1
    w.page(ws, (0, 0), doc.unit)
    ws.set_column(0, 0, 20)
    ws.set_column(1, 1, min(MAX_WIDTH, max(display_width(v) for v in facts.values()) + 2))
    ws.set_column(2, 2, min(MAX_WIDTH, max([display_width(f"{t}：{m}") for t, m in zip(
        figures["table"], figures["measure"], strict=True) if isinstance(t, str)], default=8) + 2))


def _table_sheet(w: _Writer, title: str, tidy: pd.DataFrame) -> None:
    """A table as printed, in its printed unit, its total rows as SUM formulas over the rows
    they add up."""
    ws = w.sheet(title)
    ws.write_string(0, 0, title, w.title)
    unit = printed_unit(w.doc, title)
    ws.write_string(1, 0, f"单位：{unit}")
    if tidy.empty:
        ws.write_string(3, 0, "（空表）")
        w.page(ws, (0, 1), unit)
        return
    factor = UNIT_FACTORS[unit] / UNIT_FACTORS.get(w.doc.unit, 1.0)
    printed = tidy.assign(value=(tidy["value"] / factor).round(2))
    whole = unit == "元" and bool((printed["value"].dropna() % 1 == 0).all())
    amount, total_fmt = (w.whole, w.whole_total) if whole else (w.amount, w.total)
    wide = to_wide(printed)
    two_sided = isinstance(wide.columns, pd.MultiIndex)
    names = [c[1] if two_sided else c for c in wide.columns]
    first = _heading_rows(w, ws, 3, [_heading_path(c) for c in wide.columns])
    rows = sorted(tidy["row"].unique())
    position = {row: first + i for i, row in enumerate(rows)}
    column = {key: col for col, key in enumerate(wide.columns)}
    totals = _total_cells(tidy, position, column, two_sided, factor, unit)
    for i, values in enumerate(wide.itertuples(index=False)):
        for col, (key, value) in enumerate(zip(wide.columns, values, strict=True)):
            name = key[1] if two_sided else key
            if (first + i, col) in totals:
                formula, computed, note = totals[(first + i, col)]
                if formula:
                    ws.write_formula(first + i, col, formula, total_fmt, computed)
                else:
                    w.cell(ws, first + i, col, value, total_fmt)
                    ws.write_comment(first + i, col, note)
            elif name in ("code", "label", "project"):
                w.cell(ws, first + i, col, value)
            else:
                w.cell(ws, first + i, col, value, amount)
    w.fit(ws, [path[-1] for path in map(_heading_path, wide.columns)], wide)
    keys = 2 if "label" in names[:3] else 1
    ws.freeze_panes(first, keys if keys == 2 else 0)
    # the title, its unit and the column headings on every page; the item on every page across
    w.page(ws, (0, first - 1), unit, columns=len(names), keys=keys)


#: Headings of a table sheet's own columns (the measures are headed by their printed path).
_KEY_HEADINGS = {"code": "科目编码", "label": "项目", "project": "项目名称"}


def _heading_path(column: object) -> tuple[str, ...]:
    """A wide table's column as its printed headings, top to bottom: ``("收入", "本年收入",
    "合计")`` for the measure "本年收入/合计" on the 收入 side.

    >>> _heading_path("支出预算/基本支出"), _heading_path(("支出", "code"))
    (('支出预算', '基本支出'), ('支出', '科目编码'))
    >>> _heading_path(("收入", "收入/预算数"))
    ('收入', '预算数')
    """
    parts = list(column) if isinstance(column, tuple) else [column]
    *side, last = [str(p) for p in parts if not (p is None or p != p or p == "")]
    path = (*side, *(_KEY_HEADINGS[last].split("/") if last in _KEY_HEADINGS else last.split("/")))
    # a heading printed again under itself (the 收入 side's 收入 column) is one heading
    return tuple(p for i, p in enumerate(path) if i == 0 or p != path[i - 1])


def _heading_rows(w: _Writer, ws, top: int, paths: list[tuple[str, ...]]) -> int:
    """Write grouped headings from row ``top``: a group's heading one merged cell over its
    columns, a heading with fewer levels merged down to the last row. Returns the first row
    under them."""
    depth = max(len(p) for p in paths)
    for level in range(depth):
        col = 0
        while col < len(paths):
            path = paths[col]
            if level >= len(path):
                col += 1
                continue
            leaf = level == len(path) - 1
            end = col
            while not leaf and end + 1 < len(paths) and len(paths[end + 1]) > level + 1 \
                    and paths[end + 1][:level + 1] == path[:level + 1]:
                end += 1
            bottom = top + (depth - 1 if leaf else level)
            if bottom > top + level or end > col:
                ws.merge_range(top + level, col, bottom, end, path[level], w.head)
            else:
                ws.write_string(top + level, col, path[level], w.head)
            col = end + 1
    return top + depth


def _total_cells(tidy: pd.DataFrame, position: dict, column: dict, two_sided: bool,
                 factor: float = 1.0, unit: str = "万元") -> dict:
    """{(row, col): (formula or None, computed value, note)} for every total-row cell; the
    sums are checked on ``tidy`` and given in the printed unit (``value / factor``)."""
    cells = {}
    for (side, measure), part in tidy.groupby(["side", "measure"], sort=False, dropna=False):
        key = (side, measure) if two_sided else measure
        if key not in column:
            continue
        col = column[key]
        summands = total_summands(part)
        for _, total in part[part["row_type"] == "total"].iterrows():
            where = (position[total["row"]], col)
            if summands.empty or summands["value"].isna().all() and pd.isna(total["value"]):
                continue
            if sum_mismatch(summands, part.loc[[total.name]]) is None:
                refs = ",".join(xl_rowcol_to_cell(position[r], col) for r in summands["row"])
                computed = float(summands["value"].fillna(0).sum()) / factor
                cells[where] = (f"=SUM({refs})", round(computed, 2), None)
            else:
                found = summands["value"].fillna(0).sum() / factor
                cells[where] = (None, None, f"印刷合计 {total['raw']}，与各项之和 {found:,.2f}"
                                f"（{unit}）不符（见审核表）；保留印刷数")
    return cells


def _chart(w: _Writer, ws, kind: str, name: str, sheet: str, rows: tuple[int, int],
           categories: int, series: list[tuple[str, int]], anchor: str) -> None:
    """A native chart of a sheet's rows, titled like the PNG charts: department, year and
    kind, then the subject and its unit; about 24 pixels a category, so none is skipped."""
    chart = w.book.add_chart({"type": kind})
    for title, col in series:
        chart.add_series({"name": title, "categories": [sheet, rows[0], categories, rows[1], categories],
                          "values": [sheet, rows[0], col, rows[1], col],
                          "data_labels": {"value": True, "num_format": AMOUNT_FORMAT}})
    chart.set_title({"name": heading(name, w.doc.about, "万元"), "name_font": {"size": 12}})
    if kind == "bar":  # categories top to bottom in the sheet's order
        chart.set_y_axis({"reverse": True, "num_font": {"size": 9}})
    count = rows[1] - rows[0] + 1
    chart.set_size({"width": 760, "height": max(420, 120 + 24 * count * len(series))})
    ws.insert_chart(anchor, chart)


def _yoy_sheet(w: _Writer, doc: BudgetDocument, prev: BudgetDocument | None) -> None:
    ws = w.sheet("同比")
    changes = yoy(doc) if prev is None else yoy(prev, doc)
    end = w.frame(ws, changes.drop(columns=["new"]))
    try:
        steps = bridge(doc, prev)
    except (ValueError, KeyError):
        return
    # the chart's steps as the PNG bridge shows them: no zero step, the largest kept and
    # the rest folded into one 其他 step
    shown = condense(steps, keep=CHART_STEPS)
    items = shown.loc[shown["kind"] == "change", ["step", "prior", "current", "value"]]
    items.columns = ["item", "prior", "current", "change"]
    top = end + 2
    ws.write_string(top, 0, "各项增减（万元；增减为零的不列，较小的并入其他）", w.title)
    bottom = w.frame(ws, items, top + 1)
    ws.freeze_panes(1, 0)
    if len(items):
        _chart(w, ws, "bar", "各项本年与上年", ws.name, (top + 2, bottom - 1), 0,
               [("上年", 1), ("本年", 2)], xl_rowcol_to_cell(top, 6))


def _structure_sheet(w: _Writer, doc: BudgetDocument) -> None:
    ws = w.sheet("结构")
    frame = shares(doc, by="function")
    end = w.frame(ws, frame)
    if len(frame):
        _chart(w, ws, "doughnut", "一般公共预算支出功能分类结构", ws.name, (1, end - 1), 0,
               [("金额", 4)], xl_rowcol_to_cell(end + 2, 0))


def _headcount_sheet(w: _Writer, doc: BudgetDocument, staff: float | None, norm: float | None) -> None:
    ws = w.sheet("人员经费")
    ws.write_string(0, 0, "文档所列人数", w.title)
    end = w.frame(ws, headcount.headcount_facts(doc), 1)
    ws.write_string(end + 1, 0, "缴费基数（金额 ÷ 单位缴费比例）", w.title)
    end = w.frame(ws, headcount.contribution_bases(doc), end + 2)
    if staff:
        ws.write_string(end + 1, 0, "人均经费（在职人员不含离退休人员经费；在职人数为分析人员输入）",
                        w.title)
        w.frame(ws, headcount.per_capita(doc, staff, norm), end + 2)
    ws.freeze_panes(0, 0)
    w.page(ws, (0, 2), w.doc.unit)  # the sheet's first heading and the people's columns


#: The 预算执行 sheet's columns, in order.
EXECUTION_SHEET = ["item", "code", "budget_kind", "budget", "adjusted", "final", "difference", "rate",
                   "stated_rate", "rate_agrees", "direction", "reason", "budget_from", "final_from",
                   "table", "page", "line", "note"]


def _execution_sheet(w: _Writer, doc: BudgetDocument) -> None:
    """预算执行 (a final account only): each item's budget, 决算, rate and reason, with a
    chart of budget against 决算 for the items that print both."""
    frame = execution(doc)
    if frame.empty:
        return
    ws = w.sheet("预算执行")
    # the rate is in % (98.20), not the fraction the 人员经费 sheet's rate is
    shown = frame[EXECUTION_SHEET].rename(columns={
        "rate": "execution_rate", "stated_rate": "stated_execution_rate",
        "difference": "execution_difference"})
    headings = {**HEADINGS, **EXECUTION_HEADINGS, "execution_rate": "执行率",
                "stated_execution_rate": "说明所述执行率", "execution_difference": "决算减预算"}
    end = w.frame(ws, shown, headings=headings)
    chart = chart_items(frame)[["item", "budget", "final"]]  # the items the PNG chart draws
    if len(chart):
        top = end + 2
        ws.write_string(top, 0, "预算数与决算数（万元）", w.title)
        bottom = w.frame(ws, chart, top + 1, headings=headings)
        ws.freeze_panes(1, 0)
        _chart(w, ws, "bar", "预算数与决算数", ws.name, (top + 2, bottom - 1), 0,
               [("预算数", 1), ("决算数", 2)], xl_rowcol_to_cell(top, 5))


def _audit_sheet(w: _Writer, findings: pd.DataFrame) -> None:
    ws = w.sheet("审核")
    # a claim finding's 栏目 is the figure it states (amount, change_pct): shown in words
    frame = findings.assign(rule=findings["rule"].map(rule_label),
                            severity=findings["severity"].map(SEVERITY_NAMES),
                            measure=findings["measure"].replace(FIGURE_NAMES))
    # a column no finding fills (行 of a PDF, whose findings are placed by page) is left out
    blank = [c for c in ("table", "code", "row", "measure", "line", "page") if frame[c].isna().all()]
    w.frame(ws, frame.drop(columns=blank))


#: The 检查表's column widths (the problems wrap in the widest).
CHECKLIST_WIDTHS = {"检查项目": 10, "检查内容": 30, "符合要求": 10, "问题": 70, "提示": 40}
#: The tallest row Excel allows, in points.
MAX_ROW_HEIGHT = 409


def _checklist_sheet(w: _Writer, doc: BudgetDocument, findings: pd.DataFrame,
                     name: str = "检查表") -> None:
    """检查表 (:func:`~budgetlib.report.checklist.checklist`): its title, 单位名称 and 公开网址
    (blank: the document does not say where it was published), then one row per required
    part, the problems and notes wrapped whole in their columns."""
    frame = checklist(doc, findings)
    ws = w.sheet(name)
    last = len(frame.columns) - 1
    ws.merge_range(0, 0, 0, last, frame.attrs["title"], w.title)
    for row, (label, value) in enumerate((("单位名称", doc.department or ""), ("公开网址", "")), 1):
        ws.write_string(row, 0, label, w.head)
        ws.merge_range(row, 1, row, last, value)
    top = 4
    for col, title in enumerate(frame.columns):
        ws.write_string(top, col, title, w.head)
        ws.set_column(col, col, CHECKLIST_WIDTHS.get(title, 12))
    for r, values in enumerate(frame.itertuples(index=False), start=top + 1):
        lines = max(sum(-(-display_width(part) // (CHECKLIST_WIDTHS[c] - 4)) or 1
                        for part in str(v).split("\n"))
                    for c, v in zip(frame.columns, values, strict=True))
        if lines > 1:
            ws.set_row(r, min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines))
        for col, value in enumerate(values):
            ws.write_string(r, col, str(value), w.prose)
    ws.freeze_panes(top + 1, 0)
    # the problems' amounts are in the analysis unit, as the 审核 sheet's are
    w.page(ws, (top, top), doc.unit, columns=len(frame.columns))


def to_checklist_workbook(docs: dict[str, BudgetDocument], path: str | Path) -> Path:
    """One workbook of checklists (检查表), a sheet per document named by its key; return its
    path. Written beside and moved into place, as :func:`to_excel` is.

    Examples
    --------
    >>> import budgetlib, tempfile, pathlib, openpyxl
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> out = to_checklist_workbook({"外事办2026": doc}, pathlib.Path(tempfile.mkdtemp()) / "检查表.xlsx")
    >>> sheet = openpyxl.load_workbook(out)["外事办2026"]
    >>> sheet["A1"].value, sheet["A5"].value, sheet["C6"].value
    ('2026年度阿图什市人民政府外事办公室部门预算公开情况检查表', '检查项目', '无法判断')
    """
    path = Path(path)
    with replacing(path) as temporary:
        book = xlsxwriter.Workbook(str(temporary), {
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
        names: set[str] = set()
        for key, doc in docs.items():
            w = _Writer(book, doc)
            w.names = names  # one workbook: sheet names unique across the documents
            _checklist_sheet(w, doc, doc.audit(), name=key)
        book.close()
    return path


def to_excel(doc: BudgetDocument, path: str | Path, prev: BudgetDocument | None = None,
             staff: float | None = None, norm: float | None = None) -> Path:
    """Write one workbook for a document; return its path.

    Sheets: 概况 (facts, and the headline figures with the table, page or line each is
    read from), every table as the document lays it out
    (total rows as live ``SUM`` formulas carrying their values; a total that does not add
    up keeps its printed figure, with a comment), 明细数据 (the tidy cells), 同比 (with a
    chart), 结构 (with a chart), 人员经费, 预算执行 (a final account's budget against 决算,
    with a chart; :func:`budgetlib.execution`), 检查表 (the reviewer's checklist,
    :func:`~budgetlib.report.checklist.checklist`) and 审核. ``prev`` gives year over year from
    last year's document; ``staff`` and ``norm`` are analyst input for per-capita costs.
    A table's sheet is in the unit the document printed it in (:func:`printed_unit`); the
    analysis sheets are in ``doc.unit``. Every sheet is set up to print (:meth:`_Writer.page`).
    The file is written to a temporary file beside it and moved into place, so a failure
    never leaves a half-written workbook.

    Examples
    --------
    >>> import budgetlib, tempfile, pathlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> out = to_excel(doc, pathlib.Path(tempfile.mkdtemp()) / "seed.xlsx")
    >>> import openpyxl
    >>> openpyxl.load_workbook(out).sheetnames[:3]
    ['概况', '部门收支总体情况表', '部门收入总体情况表']
    """
    path = Path(path)
    with replacing(path) as temporary:
        book = xlsxwriter.Workbook(str(temporary), {
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
            "nan_inf_to_errors": True})
        w = _Writer(book, doc)
        findings = doc.audit()
        _overview(w, doc, findings)
        for title, tidy in doc.tables.items():
            _table_sheet(w, title, tidy)
        w.frame(w.sheet("明细数据"), doc.tidy.drop(columns=["bold"], errors="ignore"))
        _yoy_sheet(w, doc, prev)
        _structure_sheet(w, doc)
        _headcount_sheet(w, doc, staff, norm)
        _execution_sheet(w, doc)
        _checklist_sheet(w, doc, findings)
        _audit_sheet(w, findings)
        book.close()
    return path
