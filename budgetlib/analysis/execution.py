"""Budget execution (预算执行): what a final account (决算) spent against what was budgeted.

``execution(final)`` lists each item with its budget (年初预算 or 预算数; 调整预算 where
printed), its 决算, the execution rate (决算 ÷ 预算 × 100), the difference and the reason the
narrative gives. Figures come from the tables where a table prints both (the 三公 决算 table
prints 预算数 and 决算数 for each part), else from the narrative's sentences
("年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数的主要原因：…"), an item
named by its 类/款/项 being matched to its code in the 决算 table.
``execution(budget, final)`` compares the year's own budget document with the final
account, cell by code as :func:`~budgetlib.analysis.yoy` does. Pure functions; none mutates
its inputs.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from budgetlib.analysis import figure_amount, figure_rows, find_figure
from budgetlib.audit.findings import rate_tolerance
from budgetlib.model import BudgetDocument
from budgetlib.parse.execution_statements import (
    Stated,
    match_statements,
    read_stated_items,
    subject_key,
    table_items,
)
from budgetlib.parse.metadata import department_key
from budgetlib.registry import FIGURES, FINAL_FIGURES

EXECUTION_COLUMNS = [
    "item", "code", "level", "table", "budget_kind", "budget", "adjusted", "final",
    "difference", "rate", "stated_budget", "stated_final", "stated_rate", "rate_agrees",
    "direction", "reason", "budget_from", "final_from", "matched", "note", "line", "page"]
#: Chinese names of the columns, for display (notebook, workbook).
EXECUTION_HEADINGS = {
    "item": "项目", "code": "科目编码", "level": "级次", "table": "表", "budget_kind": "预算口径",
    "budget": "预算数", "adjusted": "调整预算数", "final": "决算数", "difference": "决算减预算",
    "rate": "执行率%", "stated_budget": "说明所述预算数", "stated_final": "说明所述决算数",
    "stated_rate": "说明所述执行率%", "rate_agrees": "执行率与说明一致", "direction": "说明所述比较",
    "reason": "说明所述原因", "budget_from": "预算数出处", "final_from": "决算数出处",
    "matched": "匹配", "note": "备注", "line": "行", "page": "页"}
TABLE, NARRATIVE, BUDGET_DOC = "表格", "说明", "预算文档"
BETWEEN_FIGURES = ("一般公共预算支出", "支出合计", "三公经费", "因公出国（境）费",
                   "公务用车购置及运行费", "公务接待费")
_WHOLES = ("一般公共预算支出", "支出合计", "三公经费")


def _rate(final: float | None, budget: float | None) -> float:
    if final is None or budget is None or pd.isna(final) or pd.isna(budget) or budget == 0:
        return np.nan
    return final / budget * 100


def execution_of(doc: BudgetDocument) -> pd.DataFrame:
    """Budget execution as one final account prints and states it; see :func:`execution`."""
    if not doc.final_account:
        return _empty(doc, f"{doc.kind or '该文档'}不是决算：没有预算执行情况（决算数）")
    tables = table_items(doc.tables)
    records: list[dict] = []
    used: set[int] = set()
    said = read_stated_items(doc.sections)
    for stated, (index, linked) in zip(said, match_statements(said, tables, doc.cells), strict=True):
        record = _from_narrative(stated)
        if index is not None:
            used.add(index)
            record.update(_from_table(tables.loc[index]))
            for what, value in (("budget", stated.budget), ("final", stated.final)):
                if record[what] is None or pd.isna(record[what]):
                    record[what], record[f"{what}_from"] = value, NARRATIVE
            if record["adjusted"] is None or pd.isna(record["adjusted"]):
                record["adjusted"] = stated.adjusted
            record["line"], record["page"] = stated.line, stated.page
        elif linked:
            record.update({k: linked[k] for k in ("table", "code", "level", "item")})
            record["final"], record["final_from"] = linked["final"], TABLE
            record["final_raw"] = None
        else:
            record["note"] = "未能对应到表格中的项目"
        records.append(record)
    for index, row in tables.iterrows():
        if index not in used:
            record = _from_narrative(None)
            record.update(_from_table(row))
            record["line"], record["page"] = row["line"], row["page"]
            records.append(record)
        for record in records:
            if record.get("table") == row["table"] and record.get("item") == row["item"]:
                record["_order"] = index
    return _finish(doc, _table_order(records))


def _table_order(records: list[dict]) -> list[dict]:
    """The narrative's order, but a table's own items together in the table's order, where
    the first of them is stated."""
    first: dict[str, int] = {}
    for n, record in enumerate(records):
        if record.get("_order") is not None:
            first.setdefault(record["table"], n)
    def place(pair: tuple[int, dict]) -> tuple[int, int]:
        n, record = pair
        if record.get("_order") is None:
            return n, 0
        return first[record["table"]], int(record["_order"])
    return [r for _, r in sorted(enumerate(records), key=place)]


def _from_narrative(stated: Stated | None) -> dict:
    if stated is None:
        return {c: None for c in EXECUTION_COLUMNS} | {"rate_base": ""}
    return {"item": stated.subject if not stated.names else "/".join(stated.names),
            "code": None, "level": None, "table": None,
            "budget_kind": stated.extra.get("budget_kind") or ("调整预算" if stated.adjusted else None),
            "budget": stated.budget, "budget_raw": stated.budget_raw, "adjusted": stated.adjusted,
            "final": stated.final, "final_raw": stated.final_raw, "stated_budget": stated.budget,
            "stated_final": stated.final, "stated_rate": stated.rate, "stated_rate_raw": stated.rate_raw,
            "rate_base": stated.rate_base, "direction": stated.direction, "reason": stated.reason,
            "budget_from": NARRATIVE if stated.budget is not None else None,
            "final_from": NARRATIVE if stated.final is not None else None,
            "matched": None, "note": None, "line": stated.line, "page": stated.page}


def _from_table(row: pd.Series) -> dict:
    out = {k: row[k] for k in ("item", "code", "level", "table", "budget", "budget_raw",
                               "adjusted", "final", "final_raw", "note")}
    out["budget_kind"] = row["budget_kind"]
    out["budget_from"] = TABLE if row["budget"] is not None and not pd.isna(row["budget"]) else None
    out["final_from"] = TABLE
    return out


def _finish(doc: BudgetDocument, records: list[dict]) -> pd.DataFrame:
    for r in records:
        for name in ("budget", "adjusted", "final"):
            if r.get(name) is None:
                r[name] = np.nan
        budget = r["budget"] if not pd.isna(r["budget"]) else np.nan
        r["rate"] = _rate(r["final"], budget)
        # two figures printed to the cent: their difference is exact to the cent
        r["difference"] = round(r["final"] - budget, 2) if not pd.isna(r["final"] - budget) else np.nan
        notes = [r["note"]] if r.get("note") else []
        if pd.isna(budget):
            notes.append("未列预算数，无执行率")
        elif budget == 0:
            notes.append("预算数为0，无执行率")
        if pd.isna(r["final"]):
            notes.append("未列决算数")
        stated = r.get("stated_rate")
        base = r["adjusted"] if r.get("rate_base") == "调整预算" else budget
        against = "调整预算" if r.get("rate_base") == "调整预算" else "预算"
        if stated is None or pd.isna(stated) or pd.isna(base) or base == 0 or pd.isna(r["final"]):
            r["rate_agrees"] = None
        else:
            recomputed = r["final"] / base * 100
            tol = rate_tolerance(r.get("stated_rate_raw"), r["final"], base,
                                 r.get("final_raw"), r.get("budget_raw"))
            r["rate_agrees"] = bool(abs(recomputed - stated) <= tol + 1e-9)
            if against == "调整预算":
                notes.append("说明所述执行率为完成调整预算的比例")
        r["note"] = "；".join(notes) or None
        r["matched"] = r.get("matched")
    frame = pd.DataFrame.from_records(records).reindex(columns=EXECUTION_COLUMNS)
    for name in ("budget", "adjusted", "final", "difference", "rate", "stated_budget",
                 "stated_final", "stated_rate"):
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype(float)
    frame["rate_agrees"] = frame["rate_agrees"].astype(object)  # True, False or None (no stated rate)
    frame.attrs["document"] = doc.about
    return frame


def _empty(doc: BudgetDocument, reason: str) -> pd.DataFrame:
    frame = pd.DataFrame(columns=EXECUTION_COLUMNS)
    frame.attrs["document"] = doc.about
    frame.attrs["reason"] = reason
    return frame


# --- a budget against its final account ----------------------------------------------------

def _rows(doc: BudgetDocument, name: str, figures: dict) -> pd.DataFrame:
    """A figure's cells by code: the coded rows of its column and its total (code None)."""
    rows = figure_rows(doc.tables, name, figures)
    total = find_figure(doc.tables, name, figures)
    parts = []
    if rows is not None:
        coded = rows[rows["code"].notna() & (rows["row_type"] != "total")]
        parts.append(coded.assign(key=coded["code"]))
    if total is not None:
        value = figure_amount(total)
        first = total.iloc[0]
        parts.append(pd.DataFrame([{"key": f"{name}", "code": None, "name": name, "level": 0,
                                    "value": value, "raw": first["raw"] if len(total) == 1 else None,
                                    "table": first["table"], "line": first["line"],
                                    "page": first["page"]}]))
    if not parts:
        return pd.DataFrame(columns=["key", "code", "name", "level", "value", "raw", "table",
                                     "line", "page"])
    out = pd.concat(parts, ignore_index=True)
    return out[["key", "code", "name", "level", "value", "raw", "table", "line", "page"]]


def execution_between(budget_doc: BudgetDocument, final_doc: BudgetDocument) -> pd.DataFrame:
    """The year's budget document against its final account, figure by figure and code by
    code (see :data:`BETWEEN_FIGURES`; the budget's places are
    :data:`~budgetlib.registry.FIGURES`, the 决算's :data:`~budgetlib.registry.FINAL_FIGURES`).

    ``budget`` is the budget document's figure (its 年初预算), ``final`` the final account's;
    ``stated_budget``, ``stated_rate`` and ``reason`` are what the final account's narrative
    says of the same code. A row in one document only is kept, ``matched`` saying which.
    Two departments, or a budget of another year, still compare, with a ``UserWarning``.
    """
    _warn_unlike(budget_doc, final_doc)
    stated = execution_of(final_doc)
    by_code = {c: r for c, r in zip(stated["code"], stated.to_dict("records"), strict=True)
               if isinstance(c, str)}
    by_item = {subject_key(str(i)): r for i, r in zip(stated["item"], stated.to_dict("records"),
                                                      strict=True)}
    records = []
    for name in BETWEEN_FIGURES:
        planned, spent = _rows(budget_doc, name, FIGURES), _rows(final_doc, name, FINAL_FIGURES)
        if planned.empty and spent.empty:
            continue
        merged = planned.merge(spent, on="key", how="outer", suffixes=("_b", "_f"), indicator="side")
        for row in merged.itertuples():
            code = row.code_b if isinstance(row.code_b, str) else row.code_f
            item = row.name_f if isinstance(row.name_f, str) else row.name_b
            said = by_code.get(code) if isinstance(code, str) else by_item.get(subject_key(name))
            level = row.level_f if not pd.isna(row.level_f) else row.level_b
            if not isinstance(code, str):
                level = 0 if name in _WHOLES else 1
            records.append({
                "item": item if isinstance(code, str) else name, "code": code,
                "level": level, "table": row.table_f if isinstance(row.table_f, str) else row.table_b,
                "budget_kind": "年初预算" if row.side != "right_only" else None,
                "budget": row.value_b, "budget_raw": row.raw_b,
                "adjusted": (said or {}).get("adjusted"), "final": row.value_f,
                "final_raw": row.raw_f, "stated_budget": (said or {}).get("stated_budget"),
                "stated_final": (said or {}).get("stated_final"),
                "stated_rate": (said or {}).get("stated_rate"),
                "stated_rate_raw": None, "direction": (said or {}).get("direction"),
                "reason": (said or {}).get("reason"),
                "budget_from": BUDGET_DOC if row.side != "right_only" else None,
                "final_from": TABLE if row.side != "left_only" else None,
                "matched": {"both": "两者均有", "left_only": "仅预算", "right_only": "仅决算"}[row.side],
                "line": row.line_f if not pd.isna(row.line_f) else row.line_b,
                "page": row.page_f if not pd.isna(row.page_f) else row.page_b})
    if not records:
        return _empty(final_doc, "预算文档与决算文档没有可对应的数字（一般公共预算支出、支出合计、三公经费）")
    frame = _finish(final_doc, records)
    frame = frame.drop_duplicates(["item", "code"], keep="first").reset_index(drop=True)
    return frame


def _warn_unlike(budget_doc: BudgetDocument, final_doc: BudgetDocument) -> None:
    if budget_doc.year and final_doc.year and budget_doc.year != final_doc.year:
        warnings.warn(f"execution(budget, final): the budget is {budget_doc.year} "
                      f"({budget_doc.source}) and the final account {final_doc.year} "
                      f"({final_doc.source}); compared all the same", UserWarning, stacklevel=3)
    if budget_doc.department and final_doc.department and \
            department_key(budget_doc.department) != department_key(final_doc.department):
        warnings.warn(f"execution(budget, final): two departments, {budget_doc.department} and "
                      f"{final_doc.department}; cells are matched all the same",
                      UserWarning, stacklevel=3)


#: Items an execution chart shows (the PNG and the workbook's): the largest budgets.
CHART_ITEMS = 15


def _both(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows printing both a budget and a 决算, not both zero."""
    both = frame[frame["budget"].notna() & frame["final"].notna()]
    return both[(both["budget"] > 0) | (both["final"] > 0)]


def chart_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """The document's totals (level 0) an execution chart states apart from its items
    (:func:`chart_items`): a total drawn among its parts squashes them. Empty when the
    totals are all there is to draw: they are then the items.

    Examples
    --------
    >>> frame = pd.DataFrame({"item": ["合计", "小", "大"], "level": [0, 1, 1],
    ...                       "budget": [30.0, 10.0, 20.0], "final": [28.0, 9.0, 19.0]})
    >>> chart_totals(frame)["item"].tolist(), chart_totals(frame.iloc[:1])["item"].tolist()
    (['合计'], [])
    """
    both = _both(frame)
    totals = both["level"].eq(0)
    return both[totals] if (~totals).any() else both.iloc[0:0]


def chart_items(frame: pd.DataFrame, keep: int | None = CHART_ITEMS) -> pd.DataFrame:
    """The items of an execution (:func:`execution`) a chart draws: those printing both a
    budget and a 决算, not both zero, the largest budgets first; at most ``keep`` (None:
    all). The document's totals (level 0) are not among them but stated apart
    (:func:`chart_totals`), unless they are all the document gives.

    Examples
    --------
    >>> frame = pd.DataFrame({"item": ["合计", "小", "大", "无决算", "零"], "level": [0, 1, 1, 1, 1],
    ...                       "budget": [30.0, 10.0, 20.0, 5.0, 0.0], "final": [28.0, 9.0, 19.0, None, 0.0]})
    >>> chart_items(frame)["item"].tolist(), chart_items(frame, keep=1)["item"].tolist()
    (['大', '小'], ['大'])
    >>> chart_items(frame.iloc[:1])["item"].tolist()  # only a total: it is the item
    ['合计']
    """
    both = _both(frame)
    shown = both.drop(chart_totals(frame).index).sort_values("budget", ascending=False, kind="stable")
    return shown if keep is None else shown.head(keep)


def execution(doc_or_budget: BudgetDocument, final: BudgetDocument | None = None) -> pd.DataFrame:
    """Budget execution: ``execution(final)`` from one final account (its tables where they
    print budget and 决算 side by side, else its narrative), ``execution(budget, final)``
    from the year's budget document and its final account.

    One row per item: ``budget`` (年初预算 or 预算数, ``budget_kind`` says which),
    ``adjusted`` (调整预算, where printed), ``final`` (决算), ``difference`` (决算 − 预算),
    ``rate`` (决算 ÷ 预算 × 100; NaN where the budget is 0 or not printed, ``note`` says
    why), the narrative's own ``stated_rate`` beside it and whether the two agree within
    the rounding of the printed figures (``rate_agrees``), the comparison it states
    (``direction``: 大于, 小于, 持平) and its ``reason``; ``budget_from`` and ``final_from``
    say where each figure was read (表格, 说明, 预算文档). A document that is not a final
    account gives an empty frame whose ``attrs["reason"]`` says so. This function does not
    mutate its inputs.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(
    ...     "某局2024年度部门决算\\n\\n## 一般公共预算财政拨款支出决算表\\n\\n单位：万元\\n\\n"
    ...     "科目编码\\t\\t\\t科目名称\\t合计\\t基本支出\\t项目支出\\n类\\t款\\t项\\t\\t\\t\\t\\n"
    ...     "201\\t\\t\\t一般公共服务支出\\t90.00\\t90.00\\t\\n"
    ...     "201\\t06\\t\\t财政事务\\t90.00\\t90.00\\t\\n"
    ...     "201\\t06\\t01\\t行政运行\\t90.00\\t90.00\\t\\n\\t\\t\\t合计\\t90.00\\t90.00\\t\\n\\n"
    ...     "## 一般公共预算财政拨款支出决算情况说明\\n\\n"
    ...     "1、一般公共服务支出（类）财政事务（款）行政运行（项）。年初预算为"
    ...     "100.00万元，支出决算为90.00万元，完成年初预算的90.00%。"
    ...     "决算数小于预算数的主要原因：人员减少。\\n")
    >>> row = execution(doc).iloc[0]
    >>> row["code"], float(row["budget"]), float(row["final"]), float(row["rate"]), row["reason"]
    ('2010601', 100.0, 90.0, 90.0, '人员减少')
    >>> bool(row["rate_agrees"]), row["budget_from"], row["final_from"]
    (True, '说明', '表格')
    >>> execution(budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)).attrs["reason"]
    '部门预算不是决算：没有预算执行情况（决算数）'
    """
    if final is None:
        return execution_of(doc_or_budget)
    return execution_between(doc_or_budget, final)
