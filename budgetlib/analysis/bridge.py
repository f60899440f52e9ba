"""The year-over-year bridge: last year's total, one step per item (or driver), this year's.

Pure functions of documents; none mutates its input.
"""

from __future__ import annotations

import re

import pandas as pd

from budgetlib.analysis import YOY_COLUMNS, yoy
from budgetlib.analysis.headcount import drivers
from budgetlib.analysis.reasons import UNSTATED
from budgetlib.identities import T3, T5, measure_key
from budgetlib.model import BudgetDocument
from budgetlib.problems import Lacking

BRIDGE_COLUMNS = ["step", "kind", "value", "start", "end", "prior", "current", "code", "items", "line",
                  "page"]
UNEXPLAINED = "未说明上年数的项目"
START_FROM_NARRATIVE = "上年（由说明推算）"
_FOLDED = re.compile(r"其他 (\d+) 项")


def _leaves(codes: pd.Series) -> pd.Series:
    """True for a code no other code extends (a 项 under its 款, a 类 without children)."""
    listed = set(codes.dropna())
    return codes.map(lambda c: isinstance(c, str)
                     and not any(o != c and o.startswith(c) for o in listed))


def _items(doc: BudgetDocument, prev: BudgetDocument | None, table: str) -> pd.DataFrame:
    frame = doc.tables[table]
    measure = measure_key(frame["measure"].iloc[0])  # the first column is the table's 合计
    changes = (yoy(doc) if prev is None else yoy(prev, doc)).reindex(columns=YOY_COLUMNS)
    rows = changes[(changes["table"] == table) & changes["code"].notna()
                   & (changes["measure"].map(measure_key, na_action="ignore") == measure)]
    rows = rows.loc[_leaves(rows["code"]).astype(bool)]
    return rows[(rows["current"].fillna(0) != 0) | (rows["prior"].fillna(0) != 0)]


def bridge(doc: BudgetDocument, prev: BudgetDocument | None = None, by: str = "item",
           table: str | None = None, keep: int | None = None) -> pd.DataFrame:
    """Steps from last year's total to this year's, one per 项 (``by="item"``) or per driver.

    The items are the finest rows of the function table (一般公共预算支出情况表, else
    部门支出总体情况表). Their changes come from the narrative (``prev=None``) or from
    last year's document. Last year's total is the sum of the items' prior amounts, so the
    steps add up exactly (from the narrative it is this year's less the stated changes, and
    may differ by the roundings from the total last year published). An item whose prior
    amount is not known is left out of the steps and its current amount shown as a last
    step :data:`UNEXPLAINED`, never guessed. A document with nothing to bridge (no
    function table, or no item's change) raises :class:`budgetlib.problems.Lacking` (a
    ``ValueError``) that says so in one line, never a blank chart.
    ``keep`` keeps that many steps with the largest changes and folds the rest into one
    step “其他 N 项”, so a chart of a large department stays readable.
    ``by="driver"`` groups the items by the reason the narrative gives
    (:func:`budgetlib.analysis.headcount.drivers`); an item whose reason names two drivers is
    grouped under both names joined, since the document does not split its amount.

    Returns
    -------
    DataFrame
        step, kind (start / change / end), value (万元), start and end (the running
        total before and after the step), prior and current (the step's own items last
        year and this), code, items (the items a step gathers), line.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> steps = bridge(doc)
    >>> steps.iloc[[0, -1]][["step", "value"]].to_dict("records")
    [{'step': '上年（由说明推算）', 'value': 160.86}, {'step': '本年', 'value': 122.35}]
    >>> float(steps.set_index("step").loc["其他政府办公厅（室）及相关机构事务支出", "value"])
    -50.0
    """
    if by not in ("item", "driver"):
        raise ValueError(f"by must be 'item' or 'driver', not {by!r}")
    table = table or next((t for t in (T5, T3) if t in doc.tables and not doc.tables[t].empty), None)
    if table is None or table not in doc.tables or doc.tables[table].empty:
        raise Lacking(f"文档中没有读出功能分类的支出表（{table or f'{T5}或{T3}'}）")
    items = _items(doc, prev, table)
    if items.empty:
        raise Lacking(f"说明没有写明{table}中任何项目比上年的增减" if prev is None
                      else f"上年文档与本年文档的{table}没有可以比较的项目")
    # a name can repeat under different 款 (一般行政管理事务): such steps carry their code
    repeated = items["item"].duplicated(keep=False)
    items = items.assign(item=items["item"].where(~repeated, items["item"] + "（" + items["code"] + "）"))
    known = items[items["prior"].notna() | (items.get("matched") == "仅本年")]
    known = known.assign(prior=known["prior"].fillna(0), current=known["current"].fillna(0))
    known = known.assign(change=known["current"] - known["prior"])
    unknown = items.drop(known.index)
    steps = known.assign(step=known["item"], items=known["item"])
    if by == "driver":
        steps = _by_driver(doc, steps)
    if keep is not None and len(steps) > keep:
        steps = _fold(steps, keep)
    steps = steps.assign(kind="change", value=steps["change"].round(2))
    start = round(float(known["prior"].sum()), 2)
    first = "上年" if prev is not None else START_FROM_NARRATIVE
    rows = [pd.DataFrame({"step": [first], "kind": ["start"], "value": [start]}), steps]
    if not unknown.empty:
        rows.append(pd.DataFrame({"step": [UNEXPLAINED], "kind": ["change"],
                                  "value": [round(float(unknown["current"].sum()), 2)],
                                  "current": [round(float(unknown["current"].sum()), 2)],
                                  "items": ["、".join(unknown["item"])]}))
    end = round(float(items["current"].fillna(0).sum()), 2)
    rows.append(pd.DataFrame({"step": ["本年"], "kind": ["end"], "value": [end]}))
    out = pd.concat(rows, ignore_index=True)
    running = out["value"].where(out["kind"] == "change", 0).cumsum() + start
    out["end"] = running.where(out["kind"] == "change", out["value"]).round(2)
    out["start"] = (out["end"] - out["value"]).where(out["kind"] == "change", 0).round(2)
    out = out.reindex(columns=BRIDGE_COLUMNS)
    out.attrs["document"] = doc.about  # a chart's title names the document
    return out


def _folded_count(step: str) -> int:
    match = _FOLDED.fullmatch(step)
    return int(match.group(1)) if match else 1


#: Steps a bridge chart shows (the PNG and the workbook's) before it folds the smaller
#: changes into one “其他 N 项”.
CHART_STEPS = 12


def condense(steps: pd.DataFrame, keep: int | None = CHART_STEPS) -> pd.DataFrame:
    """A bridge (:func:`bridge`) as a chart shows it: the steps with no change dropped, the
    ``keep`` largest changes kept in their order and the others folded into one step
    “其他 N 项” (N counts the items folded, a step folded before counting its own), the
    running totals recomputed. :data:`UNEXPLAINED` is never folded. This function does not
    mutate its input.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> short = condense(bridge(doc), keep=3)  # line 435: 0.00 is no step at all
    >>> short[["step", "value", "end"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['上年（由说明推算）', 160.86, 160.86], ['行政运行', 4.66, 165.52],
     ['其他政府办公厅（室）及相关机构事务支出', -50.0, 115.52],
     ['机关事业单位职业年金缴费支出', 5.25, 120.77], ['其他 3 项', 1.58, 122.35],
     ['本年', 122.35, 122.35]]
    """
    kind = steps["kind"]
    changes = steps[(kind == "change") & (steps["value"].round(2) != 0)]
    unexplained = changes[changes["step"] == UNEXPLAINED]
    changes = changes.drop(unexplained.index)
    if keep is not None and len(changes) > keep:
        largest = changes["value"].abs().sort_values(ascending=False, kind="stable").index[:keep]
        rest = changes.drop(largest)
        other = pd.DataFrame({
            "step": [f"其他 {sum(map(_folded_count, rest['step']))} 项"], "kind": ["change"],
            "value": [round(float(rest["value"].sum()), 2)],
            "prior": [rest["prior"].sum(min_count=1)], "current": [rest["current"].sum(min_count=1)],
            "items": ["、".join(rest["items"].fillna(rest["step"]))]})
        changes = pd.concat([changes.loc[changes.index.isin(largest)], other])
    out = pd.concat([steps[kind == "start"], changes, unexplained, steps[kind == "end"]],
                    ignore_index=True)
    start = float(out["value"].iloc[0]) if len(out) and out["kind"].iloc[0] == "start" else 0.0
    is_change = out["kind"] == "change"
    running = out["value"].where(is_change, 0).cumsum() + start
    out["end"] = running.where(is_change, out["value"]).round(2)
    out["start"] = (out["end"] - out["value"]).where(is_change, 0).round(2)
    out = out.reindex(columns=BRIDGE_COLUMNS)
    out.attrs = dict(steps.attrs)
    return out


def _by_driver(doc: BudgetDocument, steps: pd.DataFrame) -> pd.DataFrame:
    reasons = drivers(doc).groupby("item")["driver"].agg(lambda d: "＋".join(dict.fromkeys(d)))
    driver = steps["item"].map(reasons).fillna(UNSTATED)
    grouped = steps.assign(step=driver).groupby("step", sort=False)
    return grouped.agg(change=("change", "sum"), prior=("prior", "sum"), current=("current", "sum"),
                       items=("item", "、".join), line=("line", "first")).reset_index()


def _fold(steps: pd.DataFrame, keep: int) -> pd.DataFrame:
    """The ``keep`` largest changes in their order, the others summed into one last step."""
    largest = steps["change"].abs().sort_values(ascending=False, kind="stable").index[:keep]
    kept, rest = steps.loc[steps.index.isin(largest)], steps.loc[~steps.index.isin(largest)]
    other = pd.DataFrame({"step": [f"其他 {len(rest)} 项"], "change": [rest["change"].sum()],
                          "prior": [rest["prior"].sum()], "current": [rest["current"].sum()],
                          "items": ["、".join(rest["items"])]})
    return pd.concat([kept, other], ignore_index=True)
