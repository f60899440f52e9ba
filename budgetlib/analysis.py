"""Analysis: year over year and structure percentages, from the tables and the narrative.

Pure functions of documents; none mutates its input.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .findings import half_unit
from .identities import SH3, T1, T3, T5, T6, T10, Figure, figure_cells, measure_key
from .model import BudgetDocument

YOY_COLUMNS = ["item", "table", "code", "measure", "current", "prior", "change", "pct", "new",
               "stated_change", "stated_pct", "agrees", "base", "reason", "line", "page",
               "matched"]
SHARE_COLUMNS = ["item", "code", "level", "parent", "value", "share", "share_in_parent",
                 "stated_share", "difference", "line", "page"]
OTHERS = "其他"
# A narrative's change is this year's printed 万元 figure minus last year's, each rounded to
# 0.01: it may differ from the exact difference by up to two half units.
_ROUNDED_TWICE = 0.01


@dataclass(frozen=True)
class RowsView:
    """Shares among a table's rows at one level, of the table's total row."""

    #: (table, measure) candidates, the first the document has is used.
    sources: tuple[tuple[str, str | tuple[str, ...]], ...]
    level: int


@dataclass(frozen=True)
class ColumnsView:
    """Shares among the columns of a table's total row, of its total column."""

    table: str
    total: str | tuple[str, ...]
    parts: tuple[str, ...]


@dataclass(frozen=True)
class RatioView:
    """Shares of named figures of any tables within one figure (三公 within 公用经费)."""

    parts: tuple[tuple[str, object], ...]  # (item name, Figure)
    whole: object  # Figure


_IN = ("收入/预算数", "本年收入/预算数")
_BASIC = "一般公共预算基本支出"
_T5_TOTAL = ("一般公共预算支出/合计", "金额")  # Jiangsu's 公开07表 has one column, 金额
#: What ``shares(doc, by=…)`` can break a budget down by.
VIEWS: dict[str, RowsView | ColumnsView | RatioView] = {
    "function": RowsView(((T5, _T5_TOTAL), (T3, "支出预算/合计")), 1),
    "function_kuan": RowsView(((T5, _T5_TOTAL), (T3, "支出预算/合计")), 2),
    "function_xiang": RowsView(((T5, _T5_TOTAL), (T3, "支出预算/合计")), 3),
    "economic": RowsView(((T6, f"{_BASIC}/合计"),), 1),
    "economic_kuan": RowsView(((T6, f"{_BASIC}/合计"),), 2),
    "funding": RowsView(((T1, _IN),), 2),
    "basic_project": ColumnsView(T3, "支出预算/合计", ("支出预算/基本支出", "支出预算/项目支出")),
    "personnel_public": ColumnsView(T6, f"{_BASIC}/合计", (f"{_BASIC}/人员经费", f"{_BASIC}/公用经费")),
    "three_public": RowsView(((T10, "合计"),), 1),
    "three_public_in_public": RatioView(
        (("“三公”经费", Figure(T10, "合计")), ("“三公”经费", Figure(SH3, "“三公”经费预算数/合计", "only"))),
        Figure(T6, f"{_BASIC}/公用经费")),
    "three_public_sh": ColumnsView(SH3, "“三公”经费预算数/合计", (
        "“三公”经费预算数/因公出国(境)费", "“三公”经费预算数/公务接待费",
        "“三公”经费预算数/公务用车购置及运行费/小计")),
}


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol + 1e-9


def yoy_from_narrative(doc: BudgetDocument) -> pd.DataFrame:
    """Year over year as the narrative states it: current and change, so prior = current − change.

    One row per stated change. ``pct`` is recomputed from the change and the implied
    prior-year figure; ``new`` marks growth from a zero base, which has no percentage;
    ``agrees`` tells whether the stated percentage is the recomputed one within rounding.
    This function does not mutate its input.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> row = yoy(doc).query("line == 431").iloc[0]
    >>> float(row["prior"]), float(row["change"]), round(float(row["pct"]), 2), bool(row["agrees"])
    (74.5, 4.66, 6.26, True)
    """
    from .audit_claims import stated_changes  # one computation, shared with the audit

    claims = doc.claims
    records = []
    for row in stated_changes(claims).itertuples():
        change = claims.loc[int(row.change_claim)]
        if np.isnan(row.stated_pct):
            agrees = None
        elif np.isnan(row.pct):
            agrees = False  # a percentage stated on a zero base
        else:
            agrees = _close(row.pct, row.stated_pct, row.pct_tol)
        named = isinstance(change["link_code"], str)  # a coded row: the table's own name
        records.append({
            "item": change["link_row"] if named else change["subject"],
            "table": change["link_table"], "code": change["link_code"],
            "measure": change["link_measure"], "current": row.current, "prior": row.prior,
            "change": row.change, "pct": row.pct, "new": row.new, "stated_change": row.change,
            "stated_pct": row.stated_pct, "agrees": agrees, "base": change["base"],
            "reason": change["reason"], "line": change["line"], "page": change["page"],
        })
    frame = pd.DataFrame.from_records(records, columns=YOY_COLUMNS)
    return pd.concat([frame, _unstated_headlines(doc)], ignore_index=True)


def _unstated_headlines(doc: BudgetDocument) -> pd.DataFrame:
    """The aggregates the narrative gives no prior year for: kept, marked as unknown."""
    changes = doc.claims[(doc.claims["figure"] == "change_amount") & doc.claims["link_table"].notna()]
    covered = {(t, measure_key(m), r) for t, m, r in
               zip(changes["link_table"], changes["link_measure"], changes["link_row"], strict=True)}
    rows = []
    for name, (table, measures) in HEADLINES.items():
        cells = figure_cells(doc.tables, Figure(table, measures, "total"))
        if cells is None:
            continue
        cell = cells.iloc[0]
        if (table, measure_key(cell["measure"]), cell["label"]) in covered:
            continue
        rows.append({"item": name, "table": table, "measure": cells["measure"].iloc[0],
                     "current": float(cells["value"].fillna(0).sum()), "new": False,
                     "agrees": None, "reason": "说明未写明上年数", "line": cells["line"].iloc[0],
                     "page": cells["page"].iloc[0]})
    return pd.DataFrame.from_records(rows, columns=YOY_COLUMNS)


def yoy_between(prev: BudgetDocument, doc: BudgetDocument) -> pd.DataFrame:
    """Year over year from two documents: each table cell against last year's same cell.

    Cells are matched by table, measure (without its year) and code, or row name where a
    table has no codes. A row only in one year is kept with the other year blank. Where
    this year's narrative states a change for the same cell, ``stated_change`` holds it
    and ``agrees`` tells whether last year's own document bears it out; ``matched`` says
    whether the cell is in both years or one. This function does not mutate its inputs.
    """
    keys = ["table", "measure", "key"]
    now, then = _cells(doc), _cells(prev)
    merged = now.merge(then, on=keys, how="outer", suffixes=("", "_prior"), indicator=True)
    merged["current"] = merged["value"]
    merged["prior"] = merged["value_prior"]
    merged["change"] = merged["current"].fillna(0) - merged["prior"].fillna(0)
    merged["new"] = (merged["prior"].fillna(0) == 0) & (merged["current"].fillna(0) != 0)
    merged["pct"] = np.where(merged["prior"].fillna(0) != 0,
                             merged["change"] / merged["prior"].where(merged["prior"] != 0) * 100,
                             np.nan)
    stated = doc.claims[(doc.claims["figure"] == "change_amount") & doc.claims["link_table"].notna()]
    rows = doc.tidy[["table", "measure", "label", "name"]].drop_duplicates(["table", "measure", "label"])
    stated = stated.merge(rows.rename(columns={"table": "link_table", "measure": "link_measure",
                                               "label": "link_row", "name": "link_name"}),
                          on=["link_table", "link_measure", "link_row"], how="left")
    stated = stated.assign(key=stated["link_code"].fillna(stated["link_name"]),
                           measure=stated["link_measure"].map(measure_key))
    stated = stated.rename(columns={"link_table": "table", "value": "stated_change"})
    stated["tolerance"] = stated["raw"].map(half_unit).astype(float) + _ROUNDED_TWICE
    merged = merged.merge(stated[["table", "measure", "key", "stated_change", "reason", "tolerance"]]
                          .drop_duplicates(keys), on=keys, how="left")
    gap = (merged["stated_change"] - merged["change"]).abs()
    merged["agrees"] = np.where(merged["stated_change"].isna(), None,
                                gap <= merged["tolerance"] + 1e-9)
    merged["matched"] = merged["_merge"].map({"both": "两年均有", "left_only": "仅本年",
                                              "right_only": "仅上年"}).astype(object)
    merged["item"] = merged["name"].fillna(merged["name_prior"])
    merged["code"] = merged["code"].fillna(merged["code_prior"])
    merged["stated_pct"] = np.nan
    merged["base"] = f"{prev.year}年预算" if prev.year else None
    return _recoded(merged).reindex(columns=YOY_COLUMNS)


def _recoded(merged: pd.DataFrame) -> pd.DataFrame:
    """A row only this year whose stated change leads to a row only last year (same table
    and column, prior = current − change): the same item under a new code or name
    (检察监督 2040410 in 2019 was 2040405 公诉、审判、侦查、执行等检察监督支出 in 2018)."""
    merged = merged.copy()
    gone = merged[merged["matched"] == "仅上年"]
    for i in merged.index[(merged["matched"] == "仅本年") & merged["stated_change"].notna()]:
        row = merged.loc[i]
        prior = row["current"] - row["stated_change"]
        same = gone[(gone["table"] == row["table"]) & (gone["measure"] == row["measure"])
                    & ((gone["prior"] - prior).abs() <= row["tolerance"] + 1e-9)]
        if len(same) == 1:
            old = same.iloc[0]
            merged.loc[i, ["prior", "change", "agrees", "new"]] = [
                old["prior"], row["current"] - old["prior"], True, False]
            merged.loc[i, "pct"] = merged.loc[i, "change"] / old["prior"] * 100 if old["prior"] else np.nan
            merged.loc[i, "matched"] = f"编码或名称变更：上年 {old['code'] or ''} {old['item']}"
            merged = merged.drop(index=same.index)
            gone = gone.drop(index=same.index)
    return merged


def _cells(doc: BudgetDocument) -> pd.DataFrame:
    tidy = doc.tidy
    if tidy.empty:
        return pd.DataFrame(columns=["table", "measure", "key", "name", "code", "value", "line",
                                     "page"])
    # a row is its code; a row without one its name (not its label: "七、…" renumbers
    # when a class is added), counted where a name repeats ("其中：一般公共预算拨款")
    measure = tidy["measure"].map(measure_key)
    nth = tidy.groupby([tidy["table"], measure, tidy["name"]]).cumcount()
    name_key = tidy["name"].astype(str) + nth.map(lambda n: f"#{n + 1}" if n else "")
    tidy = tidy.assign(measure=measure, key=tidy["code"].fillna(name_key))
    return tidy[["table", "measure", "key", "name", "code", "value", "line", "page"]]


def yoy(doc_or_prev: BudgetDocument, doc: BudgetDocument | None = None) -> pd.DataFrame:
    """Year over year: ``yoy(doc)`` from what the narrative states, ``yoy(prev, doc)`` from
    two documents. See :func:`yoy_from_narrative` and :func:`yoy_between`.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> table = yoy(doc)
    >>> int(table["new"].sum()), int(table["agrees"].eq(False).sum())
    (3, 6)
    >>> table[table["prior"].isna()]["item"].tolist()  # no prior year in the narrative
    ['收入总计', '支出合计', '人员经费', '一般公共预算支出']
    """
    if doc is None:
        return yoy_from_narrative(doc_or_prev)
    return yoy_between(doc_or_prev, doc)


def shares(doc: BudgetDocument, by: str = "function", others: int | float | None = None
           ) -> pd.DataFrame:
    """Structure: each item's share of the whole, and of its parent, with the narrative's own.

    ``by`` is a key of :data:`VIEWS`. ``others`` folds small items into one "其他" row so the
    total stays whole: an ``int`` keeps that many largest items, a ``float`` below 1 keeps
    those with at least that share. ``stated_share`` is the share the narrative prints for
    the same cell, and ``difference`` the stated minus the computed share (percentage
    points). This function does not mutate its input.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> s = shares(doc, by="function")
    >>> s[["code", "value", "stated_share"]].values.tolist()[0]
    ['201', 89.16, 72.87]
    >>> round(float(s["share"].iloc[0]), 2)
    72.87
    """
    view = VIEWS[by]
    if isinstance(view, RowsView):
        frame = _rows_view(doc, view)
    elif isinstance(view, ColumnsView):
        frame = _columns_view(doc, view)
    else:
        frame = _ratio_view(doc, view)
    if frame.empty:
        return pd.DataFrame(columns=SHARE_COLUMNS)
    frame = _stated(doc, frame)
    if others is not None:
        frame = _fold(frame, others)
    return frame.reindex(columns=SHARE_COLUMNS).reset_index(drop=True)


def _rows_view(doc: BudgetDocument, view: RowsView) -> pd.DataFrame:
    for table, measure in view.sources:
        frame = doc.tables.get(table)
        if frame is None or frame.empty:
            continue
        total = figure_cells(doc.tables, Figure(table, measure, "total"))
        alternatives = (measure,) if isinstance(measure, str) else measure
        keys = frame["measure"].map(measure_key)
        wanted = [measure_key(m) for m in alternatives]
        part = frame[keys.isin(wanted) & (frame["level"] == view.level)
                     & (frame["row_type"] != "total")]
        if part.empty:
            continue
        whole = float(total["value"].fillna(0).sum()) if total is not None else float(
            part["value"].fillna(0).sum())
        level_up = frame[keys.isin(wanted) & (frame["level"] == view.level - 1)]
        parents = dict(zip(level_up["code"].fillna(level_up["name"]), level_up["value"],
                           strict=False))
        values = part["value"].fillna(0.0)
        out = pd.DataFrame({
            "item": part["name"], "code": part["code"], "level": part["level"],
            "parent": part["parent"], "value": values,
            "share": values / whole * 100 if whole else np.nan,
            "share_in_parent": [v / parents[p] * 100 if parents.get(p) else np.nan
                                for v, p in zip(values, part["parent"], strict=True)],
            "line": part["line"], "page": part["page"],
            "_table": table, "_measure": part["measure"], "_key": part["code"].fillna(part["label"]),
        })
        return out
    return pd.DataFrame()


def _columns_view(doc: BudgetDocument, view: ColumnsView) -> pd.DataFrame:
    frame = doc.tables.get(view.table)
    if frame is None or frame.empty:
        return pd.DataFrame()
    rows = frame[frame["row_type"] == "total"]
    if rows.empty:
        rows = frame[frame["row"] == frame["row"].max()]
    totals = tuple(view.total) if isinstance(view.total, tuple) else (view.total,)
    keys = rows["measure"].map(measure_key)
    whole_cell = rows[keys.isin([measure_key(t) for t in totals])]
    whole = float(whole_cell["value"].fillna(0).sum())
    part = rows[keys.isin([measure_key(p) for p in view.parts])]
    values = part["value"].fillna(0.0)
    return pd.DataFrame({
        "item": part["measure"].map(lambda m: m.rsplit("/", 2)[-1] if not m.endswith("小计")
                                    else m.rsplit("/", 2)[-2]),
        "code": None, "level": 1, "parent": None, "value": values,
        "share": values / whole * 100 if whole else np.nan, "share_in_parent": np.nan,
        "line": part["line"], "page": part["page"],
        "_table": view.table, "_measure": part["measure"], "_key": part["label"],
    })


def _ratio_view(doc: BudgetDocument, view: RatioView) -> pd.DataFrame:
    whole = figure_cells(doc.tables, view.whole)
    if whole is None:
        return pd.DataFrame()
    total = float(whole["value"].fillna(0).sum())
    rows, seen = [], set()
    for item, figure in view.parts:
        cells = figure_cells(doc.tables, figure)
        if cells is None or item in seen:  # the first layout the document has
            continue
        seen.add(item)
        value = float(cells["value"].fillna(0).sum())
        cell = cells.iloc[0]
        rows.append({"item": item, "code": None, "level": 1, "parent": None, "value": value,
                     "share": value / total * 100 if total else np.nan, "share_in_parent": np.nan,
                     "line": cell["line"], "page": cell["page"], "_table": cell["table"],
                     "_measure": cell["measure"], "_key": cell["label"]})
    return pd.DataFrame(rows)


def _stated(doc: BudgetDocument, frame: pd.DataFrame) -> pd.DataFrame:
    claims = doc.claims
    stated = claims[(claims["figure"] == "share") & claims["link_table"].notna()]
    lookup = {(r.link_table, r.link_measure, r.link_code if isinstance(r.link_code, str)
               else r.link_row): r.value for r in stated.itertuples()}
    frame = frame.copy()
    frame["stated_share"] = [lookup.get((t, m, k), np.nan) for t, m, k in
                             zip(frame["_table"], frame["_measure"], frame["_key"], strict=True)]
    frame["difference"] = frame["stated_share"] - frame["share"]
    return frame


def _fold(frame: pd.DataFrame, others: int | float) -> pd.DataFrame:
    ranked = frame.sort_values("value", ascending=False)
    if isinstance(others, int):
        keep = ranked.head(others)
    else:
        keep = ranked[ranked["share"] >= others * 100]
    rest = frame.drop(keep.index)
    if rest.empty:
        return frame
    folded = pd.DataFrame([{"item": OTHERS, "value": rest["value"].sum(),
                            "share": rest["share"].sum(), "level": rest["level"].min()}])
    return pd.concat([frame.loc[frame.index.isin(keep.index)], folded], ignore_index=True)


#: Headline figures: name → (table, measure alternatives), read from the total row.
HEADLINES: dict[str, tuple[str, tuple[str, ...]]] = {
    "收入总计": (T1, _IN),
    "支出合计": (T3, ("支出预算/合计",)),
    "基本支出": (T3, ("支出预算/基本支出",)),
    "项目支出": (T3, ("支出预算/项目支出",)),
    "人员经费": (T6, (f"{_BASIC}/人员经费",)),
    "公用经费": (T6, (f"{_BASIC}/公用经费",)),
    "一般公共预算支出": (T5, ("一般公共预算支出/合计",)),
}


def headline(doc: BudgetDocument) -> dict[str, object]:
    """A document's key facts and total figures (万元), for overviews and comparisons.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> facts = headline(doc)
    >>> facts["year"], facts["收入总计"], facts["基本支出"], facts["三公经费"]
    (2026, 167.55, 112.35, 1.2)
    """
    facts: dict[str, object] = {"department": doc.department, "year": doc.year,
                                "kind": doc.kind}
    for name, (table, measures) in HEADLINES.items():
        cells = figure_cells(doc.tables, Figure(table, measures, "total"))
        facts[name] = float(cells["value"].fillna(0).sum()) if cells is not None else None
    three = figure_cells(doc.tables, Figure(T10, "合计", "total"))
    if three is None:
        three = figure_cells(doc.tables, Figure(SH3, "“三公”经费预算数/合计", "only"))
    facts["三公经费"] = float(three["value"].fillna(0).sum()) if three is not None else None
    return facts
