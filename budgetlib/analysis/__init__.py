"""Analysis: year over year and structure percentages, from the tables and the narrative.

Takes documents; gives frames. Here: ``yoy``, ``shares``, ``headline``; beside it
``bridge`` (the change from last year, step by step), ``headcount`` (staff-driven costs)
and ``corpus`` (folders of documents). Pure functions of documents; none mutates its input.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from budgetlib.audit.findings import half_unit
from budgetlib.identities import measure_key
from budgetlib.model import BudgetDocument
from budgetlib.parse.claims import change_subject
from budgetlib.parse.metadata import department_key
from budgetlib.registry import FIGURES, FINAL_FIGURES, HEADLINE_FIGURES, FigureSource
from budgetlib.text import name_core

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
    """Shares among the rows that divide a figure, of the figure itself."""

    #: Figures of :data:`~budgetlib.registry.FIGURES`: the first a document prints in rows
    #: at the level is used.
    figures: tuple[str, ...]
    #: The rows' level; ``None`` for each source's own ``parts_level``.
    level: int | None = None


@dataclass(frozen=True)
class FiguresView:
    """Shares of named figures within one figure (基本支出 and 项目支出 within 支出合计)."""

    #: (item, figure) pairs; a figure the document does not print is left out.
    parts: tuple[tuple[str, str], ...]
    #: The figure they are shares of.
    whole: str


#: The headline figures year over year lists where the narrative states no prior year.
_YOY_HEADLINES = ("收入总计", "支出合计", "基本支出", "项目支出", "人员经费", "公用经费",
                  "一般公共预算支出")

_FUNCTION = ("一般公共预算支出", "支出合计")
#: What ``shares(doc, by=…)`` can break a budget down by. The figures are found through
#: :data:`budgetlib.registry.FIGURES`, so a new layout is a registry entry, not a view.
VIEWS: dict[str, RowsView | FiguresView] = {
    "function": RowsView(_FUNCTION, 1),
    "function_kuan": RowsView(_FUNCTION, 2),
    "function_xiang": RowsView(_FUNCTION, 3),
    "economic": RowsView(("一般公共预算基本支出",), 1),
    "economic_kuan": RowsView(("一般公共预算基本支出",), 2),
    "funding": RowsView(("收入总计",)),
    "basic_project": FiguresView(tuple((name, name) for name in (
        "基本支出", "项目支出", "单位预留机动经费")), "支出合计"),
    "personnel_public": FiguresView((("人员经费", "人员经费"), ("公用经费", "公用经费")),
                                    "一般公共预算基本支出"),
    "three_public": RowsView(("三公经费",)),
    "three_public_in_public": FiguresView((("“三公”经费", "三公经费"),), "公用经费"),
    # the 三公 tables that print the parts as columns (Shanghai, Jiangsu)
    "three_public_sh": FiguresView(tuple((name, name) for name in (
        "因公出国（境）费", "公务接待费", "公务用车购置及运行费")), "三公经费"),
}


def _measure(frame: pd.DataFrame, source: FigureSource) -> str | None:
    """The first of a table's measures that a source names, by its whole path or its end."""
    measures = [(m, measure_key(m)) for m in pd.unique(frame["measure"])]
    for wanted in source.measures:
        # the whole path before its end: "合计" is the table's 合计 before any "…/合计"
        for measure, found in measures:
            if found == wanted:
                return measure
        for measure, found in measures:
            if found.endswith("/" + wanted):
                return measure
    return None


def _source_column(tables: dict[str, pd.DataFrame], source: FigureSource
                   ) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """A source's whole measure (every row) and the cells that print the figure in it
    (none where a table lacks its total row); ``None`` where the table or measure is absent."""
    frame = tables.get(source.table)
    if frame is None or frame.empty:
        return None
    measure = _measure(frame, source)
    if measure is None:
        return None
    column = frame[frame["measure"] == measure]
    if source.codes:
        cells = column[column["code"].isin(source.codes)]
    elif source.rows:  # a figure that is one named row
        cores = {name_core(r) for r in source.rows}
        cells = column[[name_core(n) in cores for n in column["name"].fillna("")]]
    else:
        cells = column[column["row_type"] == "total"]
        if cells.empty and frame["row"].nunique() == 1:
            cells = column  # a table of one row (Jiangsu's 支出总表, 三公): that row is the total
    return column, cells


def _sources(figures: dict[str, tuple[FigureSource, ...]], name: str) -> tuple[FigureSource, ...]:
    """Where ``figures`` prints ``name``: none for a figure of :data:`FIGURES` that ``figures``
    lacks (a 决算 prints no 人员经费 column); a name of no registry is a ``KeyError`` that
    lists the names there are."""
    if name not in figures and name not in FIGURES:
        raise KeyError(f"no figure named {name!r}; the figures are: {', '.join(FIGURES)}")
    return figures.get(name, ())


def figure_rows(tables: dict[str, pd.DataFrame], name: str,
                figures: dict[str, tuple[FigureSource, ...]] = FIGURES) -> pd.DataFrame | None:
    """Every row of the measure that prints a figure of :data:`~budgetlib.registry.FIGURES`.

    The measure is that of the first source the tables have; its coded rows are what the
    figure divides into. ``figures`` is where to look (:data:`~budgetlib.registry.FIGURES`,
    or :data:`~budgetlib.registry.FINAL_FIGURES` for a final account's 决算数).

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> rows = figure_rows(doc.tables, "一般公共预算基本支出")
    >>> rows.loc[rows["code"] == "30108", ["measure", "value"]].values.tolist()
    [['一般公共预算基本支出/合计', 10.51]]
    """
    for source in _sources(figures, name):
        found = _source_column(tables, source)
        if found is not None and not source.codes:
            return found[0]
    return None


def figures_of(doc: BudgetDocument) -> dict[str, tuple[FigureSource, ...]]:
    """Where a document prints its figures: a final account's 决算数 in
    :data:`~budgetlib.registry.FINAL_FIGURES`, a budget's in :data:`~budgetlib.registry.FIGURES`.

    >>> import budgetlib
    >>> figures_of(budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)) is FIGURES
    True
    """
    return FINAL_FIGURES if doc.final_account else FIGURES


def find_figure(tables: dict[str, pd.DataFrame], name: str,
                figures: dict[str, tuple[FigureSource, ...]] = FIGURES) -> pd.DataFrame | None:
    """The cells that print a figure of :data:`~budgetlib.registry.FIGURES` (their values add
    up to it), from the first source the tables have; ``None`` where none has it.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> find_figure(doc.tables, "基本支出")[["table", "measure", "value"]].values.tolist()
    [['部门支出总体情况表', '支出预算/基本支出', 112.35]]
    >>> find_figure(doc.tables, "机关运行经费") is None  # the seed prints no such table
    True
    """
    for source in _sources(figures, name):
        found = _source_column(tables, source)
        if found is not None and not found[1].empty:
            return found[1]
    return None


def figure_amount(cells: pd.DataFrame | None) -> float | None:
    """A figure's amount: the sum of the cells :func:`find_figure` gives (a blank adds
    nothing), None when none is printed.

    >>> figure_amount(pd.DataFrame({"value": [1.5, None, 2.0]})), figure_amount(None)
    (3.5, None)
    """
    return float(cells["value"].fillna(0).sum()) if cells is not None else None


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol + 1e-9


_CHANGE_FIGURES = ("change_amount", "change_pct")


def _statement_subjects(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims whose changes name the item they are stated for: a subject that is a
    comparison phrase or a pointer ("比2024年预算执行数", "与上年相比…各") is replaced by
    the last item its paragraph named an amount for ("政府性基金拨款支出预算0万元，比2024年
    预算执行数持平"). Does not mutate ``claims``.
    """
    out = claims.copy()
    named: dict[tuple, str] = {}  # paragraph → the last item it stated an amount for
    for label, figure, subject, *where in zip(claims.index, claims["figure"], claims["subject"],
                                              claims["path"], claims["page"], claims["line"], strict=True):
        paragraph = tuple(map(str, where))
        if figure == "amount" and change_subject(subject) == subject:
            named[paragraph] = subject
        elif figure in _CHANGE_FIGURES and (own := change_subject(subject)) != subject:
            out.at[label, "subject"] = named.get(paragraph, own)
    return out


def yoy_from_narrative(doc: BudgetDocument) -> pd.DataFrame:
    """Year over year as the narrative states it: current and change, so prior = current − change.

    One row per stated change. ``pct`` is recomputed from the change and the implied
    prior-year figure; ``new`` marks growth from a zero base, which has no percentage;
    ``agrees`` tells whether the stated percentage is the recomputed one within rounding,
    and is unknown (``None``) where no percentage is stated or no current amount is found
    to recompute it from. ``item`` is the subject the change is stated for, never the
    comparison phrase (:func:`change_subject`). This function does not mutate its input.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> row = yoy(doc).query("line == 431").iloc[0]
    >>> float(row["prior"]), float(row["change"]), round(float(row["pct"]), 2), bool(row["agrees"])
    (74.5, 4.66, 6.26, True)
    """
    from budgetlib.audit.claims import stated_changes  # one computation, shared with the audit

    claims = _statement_subjects(doc.claims)
    records = []
    for row in stated_changes(claims).itertuples():
        change = claims.loc[int(row.change_claim)]
        if not isinstance(change["subject"], str) or not change["subject"]:
            continue  # a change with no item stated ("比上年增加…" alone): no row to put it in
        if np.isnan(row.stated_pct) or np.isnan(row.current):
            agrees = None  # nothing stated to check, or no current amount to check it with
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
    return pd.concat([frame, _unstated_headlines(doc, set(frame["item"]))], ignore_index=True)


def _unstated_headlines(doc: BudgetDocument, stated: set[str]) -> pd.DataFrame:
    """The aggregates the narrative gives no prior year for: kept, marked as unknown.

    A change the narrative states for an item of the figure's own name counts, linked to
    a cell or not (Jiangsu's "基本支出…与上年相比增加").
    """
    changes = doc.claims[(doc.claims["figure"] == "change_amount") & doc.claims["link_table"].notna()]
    covered = {(t, measure_key(m), r) for t, m, r in
               zip(changes["link_table"], changes["link_measure"], changes["link_row"], strict=True)}
    rows = []
    for name in _YOY_HEADLINES:
        cells = find_figure(doc.tables, name)
        if cells is None or name in stated:
            continue
        cell = cells.iloc[0]
        if len(cells) == 1 and (cell["table"], measure_key(cell["measure"]), cell["label"]) in covered:
            continue
        rows.append({"item": name, "table": cell["table"], "measure": cell["measure"],
                     "current": figure_amount(cells), "new": False, "agrees": None,
                     "reason": "说明未写明上年数", "line": cell["line"], "page": cell["page"]})
    return pd.DataFrame.from_records(rows, columns=YOY_COLUMNS)


def yoy_between(prev: BudgetDocument, doc: BudgetDocument) -> pd.DataFrame:
    """Year over year from two documents: each table cell against last year's same cell.

    Cells are matched by table, measure (without its year) and code, or row name where a
    table has no codes. A row only in one year is kept with the other year blank. Where
    this year's narrative states a change for the same cell, ``stated_change`` holds it
    and ``agrees`` tells whether last year's own document bears it out; ``matched`` says
    whether the cell is in both years or one. This function does not mutate its inputs.

    Two documents that are not one department's consecutive years still compare, with a
    ``UserWarning`` naming both: ``prev`` a later year than ``doc`` (the arguments swapped?),
    or two departments (told apart by :func:`~budgetlib.parse.metadata.department_key`, so
    one department's two spellings are one).
    """
    _warn_unlike(prev, doc)
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
    # a change against last year's execution (执行数) or final accounts (决算) is not one
    # against last year's budget document
    stated = doc.claims[(doc.claims["figure"] == "change_amount") & doc.claims["link_table"].notna()
                        & ~doc.claims["base"].fillna("").str.contains("执行|决算")]
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


def _warn_unlike(prev: BudgetDocument, doc: BudgetDocument) -> None:
    """Warn when ``prev`` is not an earlier year of ``doc``'s own department."""
    if prev.year and doc.year and prev.year > doc.year:
        warnings.warn(f"yoy(prev, doc): prev is {prev.year} ({prev.source}) and doc {doc.year} "
                      f"({doc.source}), years in the wrong order; the arguments are "
                      "yoy(last_year, this_year)", UserWarning, stacklevel=3)
    if prev.department and doc.department and \
            department_key(prev.department) != department_key(doc.department):
        warnings.warn(f"yoy(prev, doc): two departments, {prev.department} ({prev.source}) and "
                      f"{doc.department} ({doc.source}); cells are matched all the same",
                      UserWarning, stacklevel=3)


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

    ``by`` is a key of :data:`VIEWS` (another raises ``ValueError`` naming them); every
    view finds its figures through :data:`budgetlib.registry.FIGURES` (a final account's
    through :data:`budgetlib.registry.FINAL_FIGURES`), whatever the layout. ``others``
    folds small items into one "其他" row so the total stays whole: an ``int`` keeps that
    many largest items, a ``float`` below 1 keeps those with at least that share.
    ``stated_share`` is the share the narrative prints for the same cell, and
    ``difference`` the stated minus the computed share (percentage points). This
    function does not mutate its input.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> s = shares(doc, by="function")
    >>> s[["code", "value", "stated_share"]].values.tolist()[0]
    ['201', 89.16, 72.87]
    >>> round(float(s["share"].iloc[0]), 2)
    72.87
    >>> shares(doc, by="funtion")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: unknown view 'funtion': by= is one of function, function_kuan, ...
    """
    if by not in VIEWS:
        raise ValueError(f"unknown view {by!r}: by= is one of {', '.join(VIEWS)}")
    view = VIEWS[by]
    # a 决算 prints its 决算数 in its own tables (一般公共预算财政拨款支出决算表…)
    figures = figures_of(doc)
    frame = _rows_view(doc, view, figures) if isinstance(view, RowsView) else \
        _figures_view(doc, view, figures)
    if frame.empty:
        empty = pd.DataFrame(columns=SHARE_COLUMNS)
        empty.attrs["document"] = doc.about
        return empty
    frame = _stated(doc, frame)
    if others is not None:
        frame = _fold(frame, others)
    out = frame.reindex(columns=SHARE_COLUMNS).reset_index(drop=True)
    out.attrs["document"] = doc.about  # a chart's title names the document
    return out


def _rows_view(doc: BudgetDocument, view: RowsView,
               figures: dict[str, tuple[FigureSource, ...]] = FIGURES) -> pd.DataFrame:
    for name in view.figures:
        for source in figures.get(name, ()):
            level = view.level if view.level is not None else source.parts_level
            found = _source_column(doc.tables, source) if level is not None else None
            if found is None:
                continue
            column, total = found
            part = column[(column["level"] == level) & (column["row_type"] != "total")
                          & ~column.index.isin(total.index)]
            if part.empty:
                continue
            # a table without its total row: the whole is what its rows add up to
            whole = figure_amount(total if len(total) else part)
            level_up = column[column["level"] == level - 1]
            parents = dict(zip(level_up["code"].fillna(level_up["name"]), level_up["value"],
                               strict=False))
            values = part["value"].fillna(0.0)
            return pd.DataFrame({
                "item": part["name"], "code": part["code"], "level": part["level"],
                "parent": part["parent"], "value": values,
                "share": values / whole * 100 if whole else np.nan,
                "share_in_parent": [v / parents[p] * 100 if parents.get(p) else np.nan
                                    for v, p in zip(values, part["parent"], strict=True)],
                "line": part["line"], "page": part["page"],
                "_table": source.table, "_measure": part["measure"],
                "_key": part["code"].fillna(part["label"]),
            })
    return pd.DataFrame()


def _figures_view(doc: BudgetDocument, view: FiguresView,
                  figures: dict[str, tuple[FigureSource, ...]] = FIGURES) -> pd.DataFrame:
    whole = figure_amount(find_figure(doc.tables, view.whole, figures))
    if whole is None:
        return pd.DataFrame()
    rows = []
    for item, name in view.parts:
        cells = find_figure(doc.tables, name, figures)
        if cells is None:
            continue
        value = figure_amount(cells)
        cell = cells.iloc[0]
        # a figure added up from coded rows is no printed cell the narrative could cite
        key = cell["label"] if len(cells) == 1 else None
        rows.append({"item": item, "code": None, "level": 1, "parent": None, "value": value,
                     "share": value / whole * 100 if whole else np.nan, "share_in_parent": np.nan,
                     "line": cell["line"], "page": cell["page"], "_table": cell["table"],
                     "_measure": cell["measure"], "_key": key})
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


def headline_figures(doc: BudgetDocument) -> pd.DataFrame:
    """Each headline figure (万元) with where it is printed: table, measure, page.

    One row per figure of :data:`~budgetlib.registry.HEADLINE_FIGURES`, found through
    :data:`~budgetlib.registry.FIGURES` whatever the layout (a final account's 决算数 through
    :data:`~budgetlib.registry.FINAL_FIGURES`, :func:`figures_of`); ``value`` is blank where the
    document prints the figure nowhere, and ``codes`` names the rows a figure adds up
    (人员经费 = 301 + 303 where the table has no 人员经费 column). This function does not
    mutate its input.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> figures = headline_figures(doc).set_index("figure")
    >>> row = figures.loc["人员经费"]
    >>> float(row["value"]), row["table"], row["measure"]
    (110.03, '一般公共预算基本支出情况表', '一般公共预算基本支出/人员经费')
    """
    records, places = [], figures_of(doc)
    for name in HEADLINE_FIGURES:
        cells = find_figure(doc.tables, name, places)
        first = cells.iloc[0] if cells is not None else {}
        coded = cells is not None and len(cells) > 1 and cells["code"].notna().all()
        records.append({
            "figure": name, "value": figure_amount(cells), "table": first.get("table"),
            "measure": first.get("measure"),
            "codes": "+".join(cells["code"]) if coded else None,
            "line": first.get("line"), "page": first.get("page")})
    return pd.DataFrame.from_records(records, columns=["figure", "value", "table", "measure",
                                                       "codes", "line", "page"])


def headline(doc: BudgetDocument) -> dict[str, object]:
    """A document's key facts and total figures (万元), for overviews and comparisons.

    The figures are those of :func:`headline_figures`, ``None`` where the document prints
    one nowhere.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> facts = headline(doc)
    >>> facts["year"], facts["收入总计"], facts["基本支出"], facts["三公经费"]
    (2026, 167.55, 112.35, 1.2)
    >>> facts["财政拨款"], facts["机关运行经费"]  # the seed prints no 机关运行经费 table
    (122.35, None)
    """
    facts: dict[str, object] = {"department": doc.department, "year": doc.year,
                                "kind": doc.kind}
    for row in headline_figures(doc).itertuples():
        facts[row.figure] = None if pd.isna(row.value) else float(row.value)
    return facts
