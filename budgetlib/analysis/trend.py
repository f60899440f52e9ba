"""Trend (趋势): one department's budgets and final accounts over any number of years.

``trend(docs)`` lines the documents up by year, each figure matched by code (a recode that
last year's and this year's budgets bear out is followed, as :func:`~budgetlib.analysis.yoy`
follows it), and gives a wide frame, one column per year and kind of figure (预算 or 决算).
``trend_long`` is the same as a tidy long frame. Pure functions; none mutates its inputs.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable

import pandas as pd

from budgetlib.analysis import figure_amount, figure_rows, find_figure, yoy_between
from budgetlib.model import BudgetDocument
from budgetlib.parse.metadata import department_key
from budgetlib.registry import FIGURES, FINAL_FIGURES

TREND_COLUMNS = ["department", "year", "kind", "period", "figure", "item", "code", "level",
                 "value", "table", "line", "page", "source"]
#: The totals a trend lists above the rows of :data:`TREND_FIGURE`, in order.
TREND_TOTALS = ("支出合计", "基本支出", "项目支出", "一般公共预算支出", "三公经费")
#: The figure whose coded rows (功能分类 类/款/项) a trend lists.
TREND_FIGURE = "一般公共预算支出"
BUDGET, FINAL = "预算", "决算"
_RECODED = re.compile(r"^编码或名称变更：上年 (\S+) ")


def kind_of(doc: BudgetDocument) -> str:
    """预算 or 决算: what the document's figures are.

    >>> import budgetlib
    >>> kind_of(budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT))
    '预算'
    """
    return FINAL if doc.final_account else BUDGET


def period(year: int | None, kind: str) -> str:
    """A trend column's label: ``2024年决算``.

    >>> period(2024, "决算"), period(None, "预算")
    ('2024年决算', '年份不明预算')
    """
    return f"{year}年{kind}" if year else f"年份不明{kind}"


def _figures(doc: BudgetDocument) -> list[dict]:
    kind = kind_of(doc)
    places = FINAL_FIGURES if kind == FINAL else FIGURES
    records = []
    base = {"department": doc.department, "year": doc.year, "kind": kind,
            "period": period(doc.year, kind), "source": doc.source}
    for name in TREND_TOTALS:
        cells = find_figure(doc.tables, name, places)
        if cells is None:
            continue
        first = cells.iloc[0]
        records.append({**base, "figure": name, "item": name, "code": None, "level": 0,
                        "value": figure_amount(cells), "table": first["table"],
                        "line": first["line"], "page": first["page"]})
    rows = figure_rows(doc.tables, TREND_FIGURE, places)
    if rows is not None:
        coded = rows[rows["code"].notna() & (rows["row_type"] != "total")]
        for _, row in coded.iterrows():
            records.append({**base, "figure": TREND_FIGURE, "item": str(row["name"]),
                            "code": row["code"], "level": int(row["level"]),
                            "value": 0.0 if pd.isna(row["value"]) else float(row["value"]),
                            "table": row["table"], "line": row["line"], "page": row["page"]})
    return records


def _recodes(docs: list[BudgetDocument]) -> dict[str, str]:
    """Old code → new code, for every recode two consecutive budgets bear out (the later
    year's narrative states a change leading back to the earlier year's row)."""
    budgets = [d for d in docs if kind_of(d) == BUDGET and d.year]
    mapping: dict[str, str] = {}
    for prev, doc in zip(budgets, budgets[1:], strict=False):
        if prev.year >= doc.year:
            continue
        changes = yoy_between(prev, doc)
        for code, matched in zip(changes["code"], changes["matched"], strict=True):
            found = _RECODED.match(str(matched))
            if found and isinstance(code, str) and found.group(1) != code:
                mapping[found.group(1)] = code
    # follow chains (2017 → 2018 → 2019)
    for old in list(mapping):
        seen = {old}
        while mapping[old] in mapping and mapping[old] not in seen:
            seen.add(mapping[old])
            mapping[old] = mapping[mapping[old]]
    return mapping


def trend_long(docs: Iterable[BudgetDocument]) -> pd.DataFrame:
    """Every document's totals and 功能分类 rows, one row per document and item (tidy).

    ``kind`` is 预算 or 决算 (:func:`kind_of`), ``period`` its column label in
    :func:`trend`; ``code`` is the item's code in the latest year (a recode followed).
    Documents of more than one department still line up, with a ``UserWarning`` naming them.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> long = trend_long([doc])
    >>> long.query("code == '2010301'")[["period", "item", "value"]].values.tolist()
    [['2026年预算', '行政运行', 79.16]]
    """
    docs = sorted(docs, key=lambda d: (d.year or 0, kind_of(d) == FINAL))
    _warn_departments(docs)
    records = [r for doc in docs for r in _figures(doc)]
    frame = pd.DataFrame.from_records(records, columns=TREND_COLUMNS)
    recodes = _recodes(docs)
    if recodes:
        frame["code"] = frame["code"].map(lambda c: recodes.get(c, c) if isinstance(c, str) else c)
    if docs:
        frame.attrs["document"] = _about(docs)
    return frame


def _about(docs: list[BudgetDocument]) -> dict:
    years = sorted({d.year for d in docs if d.year})
    kinds = "/".join(k for k in (BUDGET, FINAL) if any(kind_of(d) == k for d in docs))
    span = f"{years[0]}–{years[-1]}年" if len(years) > 1 else (f"{years[0]}年" if years else "")
    latest = docs[-1]
    return {"department": latest.department, "year": None, "kind": f"{span}{kinds}",
            "unit": latest.unit}


def _warn_departments(docs: list[BudgetDocument]) -> None:
    names = {department_key(d.department): d.department for d in docs if d.department}
    if len(names) > 1:
        warnings.warn(f"trend(docs): {len(names)} departments ({', '.join(names.values())}); "
                      "figures are lined up all the same", UserWarning, stacklevel=3)


def trend(docs: Iterable[BudgetDocument]) -> pd.DataFrame:
    """One department over the years: one row per item, one column per year and kind.

    Rows are the totals of :data:`TREND_TOTALS` (``level`` 0) and the 功能分类 rows of
    :data:`TREND_FIGURE` by code, named as the latest year names them; columns are
    :func:`period` labels (``2017年预算``, ``2024年决算``) in order of year, a budget before
    the final account of the same year. A figure a year does not print is blank (NaN),
    never 0. ``attrs["periods"]`` lists each column's ``(label, year, kind)``.
    This function does not mutate its inputs.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> wide = trend([doc])
    >>> wide.columns.tolist()
    ['item', 'code', 'level', '2026年预算']
    >>> wide.loc[wide["item"] == "支出合计", "2026年预算"].tolist()
    [167.55]
    """
    docs = list(docs)
    long = trend_long(docs)
    periods = list(dict.fromkeys(long["period"]))
    if long.empty:
        out = pd.DataFrame(columns=["item", "code", "level"])
        out.attrs["periods"] = []
        out.attrs["reason"] = "文档中没有可列的数字（支出合计、一般公共预算支出等）"
        return out
    long = long.assign(key=long["code"].fillna(long["figure"]))
    names = long.drop_duplicates("key", keep="last").set_index("key")[["item", "code", "level"]]
    order = long.drop_duplicates("key", keep="first")["key"]
    # keep the totals first and the coded rows in code order
    totals = [k for k in order if k in TREND_TOTALS]
    codes = sorted(k for k in order if k not in TREND_TOTALS)
    values = long.pivot_table(index="key", columns="period", values="value", aggfunc="sum")
    wide = names.join(values).reindex(totals + codes).reset_index(drop=True)
    wide = wide[["item", "code", "level", *periods]]
    wide.columns.name = None
    wide.attrs["periods"] = [(p, int(long.loc[long["period"] == p, "year"].iloc[0] or 0) or None,
                              str(long.loc[long["period"] == p, "kind"].iloc[0]))
                             for p in periods]
    wide.attrs["document"] = long.attrs.get("document", {})
    return wide
