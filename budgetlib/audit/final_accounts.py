"""A final account's (决算) narrative against its own figures and its tables.

The narrative states, item by item, the budget, the 决算 and often the execution rate
("年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。决算数小于预算数的
主要原因：…"; read by :mod:`budgetlib.parse.execution_statements`). Three rules, run only on
a document whose kind is a 决算:

- ``execution_rate``: each rate claim (``doc.claims``, ``figure == "rate"``: "完成年初预算的
  98.20%") is 决算 ÷ 预算 × 100 of the figures it is linked to: the 决算 its sentence states
  for the item (or the table's, unstated) and the budget it names (the rate's ``whole``:
  stated, or the table's 预算数), each at the table's printed precision where the text states
  the table's figure (:func:`~budgetlib.audit.claims.as_printed`). Beyond the rounding of
  the three figures (:func:`~budgetlib.audit.findings.rate_tolerance`) it is an ``error``;
  within it, but not the correctly rounded value, ``info`` (the printed figures could have
  given it). A sentence without its budget, or a budget of 0, is not judged.
- ``execution_amount``: the stated 决算 is the 决算 of the table row the item is matched to
  (its code, its name in a table printing budget and 决算, or a table's total), within
  half a unit of each printed figure: else ``error``, or ``warning`` when the stated figure is
  the table's cut, not rounded, to its last digit (87.70 for 87.708). A stated budget is
  held to the table's only when the table prints the same kind (年初预算数 for 年初预算); a
  table's 预算数 may be the adjusted budget, so a different one is ``info``. An unmatched
  item is not judged.
- ``execution_direction``: the stated comparison (决算数大于/小于预算数, 与预算基本持平)
  against the sentence's figures: ``warning`` only when clearly contradicted (the other way
  round beyond rounding; 持平 while they differ by more than :data:`EVEN_WITHIN`);
  大于/小于 of two equal figures is ``info``.

Findings are placed at the item's sentence (its line or page). Pure functions of the
document.
"""

from __future__ import annotations

import math
import re

from budgetlib.audit.claims import as_printed
from budgetlib.audit.findings import (
    exact_figure,
    finding,
    fmt,
    half_unit,
    rate_tolerance,
    truncated,
    truncation_note,
)
from budgetlib.model import BudgetDocument
from budgetlib.parse.execution_statements import Stated, match_statements, read_stated_items, table_items

#: 决算 and 预算 "基本持平" as long as they differ by at most this share of the budget.
EVEN_WITHIN = 0.01
_EPS = 1e-9


def is_final_account(doc: BudgetDocument) -> bool:
    """Whether the document is a 决算 (:attr:`BudgetDocument.final_account`)."""
    return doc.final_account


def _name(stated: Stated) -> str:
    return "/".join(stated.names) if stated.names else stated.subject


def _budget_word(stated: Stated) -> str:
    return "年初预算" if stated.extra.get("budget_kind") == "年初预算" else "预算"


def _decimals(raw: str | None) -> int:
    return len(raw.split(".", 1)[1]) if raw and "." in raw else 0


def _rate_base(stated: Stated) -> tuple[float | None, str | None, str]:
    """The budget a stated rate is a share of: the adjusted one for 完成调整预算的X%."""
    if stated.rate_base == "调整预算":
        return stated.adjusted, stated.adjusted_raw, "调整预算"
    return stated.budget, stated.budget_raw, _budget_word(stated)


def rate_finding(stated: Stated) -> dict | None:
    """The ``execution_rate`` finding of one statement, or ``None``.

    Examples
    --------
    >>> said = Stated("一般公共预算财政拨款支出", budget=200.0, budget_raw="200.00", final=150.0,
    ...               final_raw="150.00", rate=80.0, rate_raw="80.00", page=21,
    ...               extra={"budget_kind": "年初预算"})
    >>> found = rate_finding(said)
    >>> found["severity"], found["page"], found["expected"], found["actual"]
    ('error', 21, 75.0, 80.0)
    >>> found["message"].split("：", 1)[1]
    '说明称“完成年初预算的80.00%”，但决算 150.00 ÷ 年初预算 200.00 × 100 = 75.00%，相差 5.00 个百分点。'
    >>> rate_finding(Stated("x", budget=200.0, budget_raw="200.00", final=150.0,
    ...                     final_raw="150.00", rate=75.0, rate_raw="75.00")) is None
    True
    """
    base, base_raw, word = _rate_base(stated)
    if stated.rate is None or stated.final is None or base is None or base == 0:
        return None
    recomputed = stated.final / base * 100
    tol = rate_tolerance(stated.rate_raw, stated.final, base, stated.final_raw, base_raw)
    off = stated.rate - recomputed
    if abs(off) <= half_unit(stated.rate_raw) + _EPS:
        return None  # the correctly rounded value (or a tie)
    d = _decimals(stated.rate_raw)
    said = f"说明称“{stated.extra.get('rate_text') or f'完成{word}的{stated.rate_raw}%'}”"
    division = f"决算 {fmt(stated.final)} ÷ {word} {fmt(base)} × 100"
    if abs(off) > tol + _EPS:
        severity = "error"
        message = (f"“{_name(stated)}”：{said}，但{division} = {recomputed:.{max(d, 2)}f}%，"
                   f"相差 {abs(off):.2f} 个百分点。")
    else:
        severity = "info"
        message = (f"“{_name(stated)}”：{said}，{division} = {recomputed:.{d + 2}f}%，四舍五入应为 "
                   f"{recomputed:.{d}f}%；差异在所列决算数、预算数的舍入范围内"
                   f"（±{tol:.{d + 2}f} 个百分点），不作为错误。")
    return finding("execution_rate", severity, message, row=_name(stated), measure="执行率",
                   line=stated.line, page=stated.page, expected=round(recomputed, 6),
                   actual=stated.rate, tolerance=round(tol, 6))


def check_execution_rates(doc: BudgetDocument) -> list[dict]:
    """Every execution rate the narrative states (a ``rate`` claim) against 决算 ÷ 预算 × 100
    of the figures it is linked to."""
    if not is_final_account(doc) or "figure" not in doc.claims.columns:
        return []
    rows = doc.claims.to_dict("records")
    found = (rate_finding(s) for s in (rate_statement(r, rows) for r in rows if r["figure"] == "rate")
             if s is not None)
    return [f for f in found if f is not None]


def rate_statement(rate: dict, claims: list[dict]) -> Stated | None:
    """A rate claim as a :class:`Stated`: its 决算 (the amount of its sentence linked to the
    same cell, else that cell) and its budget (its ``whole``: the amount of that name in its
    sentence, else the table's figure), at the table's precision where the text states the
    table's figure; ``None`` when either is unknown.

    Examples
    --------
    >>> said = [{"figure": "amount", "statement": 1, "subject": "X年初预算", "value": 200.0,
    ...          "raw": "200.00", "link_table": None, "table_value": None},
    ...         {"figure": "amount", "statement": 1, "subject": "支出决算", "value": 150.0,
    ...          "raw": "150", "link_table": "T", "link_measure": "合计", "link_code": None,
    ...          "table_value": 150.0, "table_raw": "150.00", "table_unit": "万元"}]
    >>> rate = {**said[1], "figure": "rate", "value": 80.0, "raw": "80.00", "base": "完成年初预算的",
    ...         "whole": "X年初预算", "whole_value": 200.0, "line": 3, "page": 21}
    >>> s = rate_statement(rate, said)
    >>> (s.subject, s.final, s.final_raw, s.budget, s.rate, s.extra["budget_kind"])
    ('X', 150.0, '150.00', 200.0, 80.0, '年初预算')
    """
    if _blank(rate.get("link_table")) or _blank(rate.get("whole")):
        return None
    same = [c for c in claims if c["statement"] == rate["statement"] and c["figure"] == "amount"]
    cell = ("link_table", "link_measure", "link_code")
    final = next((c for c in same if all(c.get(k) == rate.get(k) for k in cell)), None)
    if final is not None:
        final_value, final_half = as_printed(final)
    elif not _blank(rate["table_value"]) or rate.get("table_raw") is None:
        final_value = 0.0 if _blank(rate["table_value"]) else float(rate["table_value"])
        final_half = half_unit(rate.get("table_raw"), rate.get("table_unit"))
    else:
        return None
    budget = next((c for c in same if c["subject"] == rate["whole"]), None)
    if budget is not None:
        budget_value, budget_half = as_printed(budget)
    elif not _blank(rate["whole_value"]):
        budget_value, budget_half = float(rate["whole_value"]), 0.005  # a table's, in 万元.00
    else:
        return None
    adjusted = "调整" in str(rate["base"])
    name = re.sub(r"(?:年初|调整)预算$|预算数$", "", str(rate["whole"]))
    figures = {"adjusted" if adjusted else "budget": budget_value,
               "adjusted_raw" if adjusted else "budget_raw": _raw(budget_value, budget_half)}
    return Stated(name, final=final_value, final_raw=_raw(final_value, final_half),
                  rate=float(rate["value"]), rate_raw=str(rate["raw"]),
                  rate_base="调整预算" if adjusted else "", line=rate.get("line"),
                  page=rate.get("page"), **figures,
                  extra={"budget_kind": "年初预算" if "年初" in str(rate["whole"]) + str(rate["base"])
                         else "预算", "rate_text": f"{rate['base']}{rate['raw']}%"})


def _blank(x) -> bool:
    return x is None or x != x


def _raw(value: float, half: float) -> str:
    """A figure printed to the digit its half unit says (0.005 → two decimals)."""
    decimals = max(0, round(-math.log10(half * 2))) if half > 0 else 2
    return f"{value:.{decimals}f}"


def _differs(stated: float, stated_raw: str | None, printed: float, printed_raw: str | None,
             unit: str | None = None) -> float | None:
    """The tolerance when two figures differ beyond the rounding of both, else ``None``."""
    tol = half_unit(stated_raw) + half_unit(printed_raw, unit)
    return tol if abs(stated - printed) > tol + _EPS else None


def amount_findings(stated: Stated, row: dict) -> list[dict]:
    """The ``execution_amount`` findings of one statement against its matched table row
    (``final``, ``final_raw``; from :func:`~budgetlib.parse.execution_statements.table_items`
    also ``budget``, ``budget_raw``, ``budget_kind``).

    Examples
    --------
    >>> said = Stated("行政运行", names=("一般公共服务支出", "财政事务", "行政运行"), final=1521.89,
    ...               final_raw="1521.89", page=22)
    >>> row = {"table": "一般公共预算财政拨款支出决算表", "code": "2010601", "item": "行政运行",
    ...        "final": 1511.89, "final_raw": "1,511.89"}
    >>> [(f["severity"], f["expected"], f["actual"], f["page"]) for f in amount_findings(said, row)]
    [('error', 1511.89, 1521.89, 22)]
    """
    out = []
    where = {"table": row.get("table"), "code": row.get("code"), "row": _name(stated),
             "line": stated.line, "page": stated.page}
    printed = f"{row.get('table')}（{' '.join(str(x) for x in (row.get('code'), row.get('item')) if x)}）"
    final = row.get("final")
    if stated.final is not None and final is not None and final == final:
        blank = "（空白，按0计）" if row.get("final_raw") is None and final == 0 else ""
        tol = _differs(stated.final, stated.final_raw, final, row.get("final_raw"), row.get("unit"))
        if tol is not None:
            cut = truncated(final, stated.final, stated.final_raw)  # 87.70 for 87.708: a slip
            out.append(finding(
                "execution_amount", "warning" if cut else "error",
                f"“{_name(stated)}”：说明称支出决算为 {stated.final_raw if cut else fmt(stated.final)} 万元，"
                f"{printed}决算数为 {exact_figure(final) if cut else fmt(final)} 万元{blank}，"
                + (truncation_note(final, stated.final_raw) if cut
                   else f"相差 {fmt(stated.final - final)} 万元。"),
                measure="决算数", expected=final, actual=stated.final, tolerance=tol, **where))
    budget, kind = row.get("budget"), row.get("budget_kind")
    if stated.budget is not None and budget is not None and budget == budget:
        tol = _differs(stated.budget, stated.budget_raw, budget, row.get("budget_raw"))
        if tol is not None:
            word = _budget_word(stated)
            same = (kind == "年初预算") == (word == "年初预算")
            cut = same and truncated(budget, stated.budget, stated.budget_raw)
            said = stated.budget_raw if cut else fmt(stated.budget)
            message = (f"“{_name(stated)}”：说明称{word}为 {said} 万元，"
                       f"{printed}{'年初预算数' if kind == '年初预算' else '预算数'}为 "
                       f"{exact_figure(budget) if cut else fmt(budget)} 万元，")
            message += truncation_note(budget, stated.budget_raw)[:-1] if cut else \
                f"相差 {fmt(stated.budget - budget)} 万元"
            if not same:
                message += "；表中预算数可能是调整后的预算，与年初预算不必相同，不作为错误"
            severity = "warning" if cut else "error" if same else "info"
            out.append(finding("execution_amount", severity, message + "。",
                               measure="年初预算数" if kind == "年初预算" else "预算数",
                               expected=budget, actual=stated.budget, tolerance=tol, **where))
    return out


def check_execution_amounts(doc: BudgetDocument) -> list[dict]:
    """Every stated 决算 (and budget, where the table prints one) against its table row."""
    if not is_final_account(doc):
        return []
    said = read_stated_items(doc.sections)
    if not said:
        return []
    items = table_items(doc.tables)
    rows = items.to_dict("records")  # items has a RangeIndex: its index is the position
    out = []
    for stated, (index, linked) in zip(said, match_statements(said, items, doc.cells), strict=True):
        row = rows[index] if index is not None else linked
        if row is not None:  # an unmatched item is not judged
            out += amount_findings(stated, row)
    return out


def direction_finding(stated: Stated) -> dict | None:
    """The ``execution_direction`` finding of one statement, or ``None``.

    Examples
    --------
    >>> said = Stated("行政运行", budget=100.0, budget_raw="100.00", final=110.0, final_raw="110.00",
    ...               direction="小于", line=7)
    >>> found = direction_finding(said)
    >>> found["severity"], found["line"]
    ('warning', 7)
    >>> found["message"]
    '“行政运行”：说明称决算数小于预算数，但支出决算 110.00 万元大于预算 100.00 万元。'
    >>> direction_finding(Stated("x", budget=100.0, budget_raw="100.00", final=99.5,
    ...                          final_raw="99.50", direction="持平")) is None
    True
    """
    budget, budget_raw = stated.budget, stated.budget_raw
    if budget is None:
        budget, budget_raw = stated.adjusted, stated.adjusted_raw
    if stated.direction is None or stated.final is None or budget is None:
        return None
    final, word = stated.final, _budget_word(stated)
    tol = half_unit(stated.final_raw) + half_unit(budget_raw)
    diff = final - budget
    compared = "大于" if diff > 0 else "小于" if diff < 0 else "等于"
    figures = f"支出决算 {fmt(final)} 万元{compared}{word} {fmt(budget)} 万元"
    severity = None
    if stated.direction == "持平":
        if abs(diff) > max(tol, EVEN_WITHIN * abs(budget)) + _EPS:
            severity = "warning"
            said = "决算数与预算数基本持平"
            figures += f"，相差 {fmt(abs(diff))} 万元（{abs(diff) / abs(budget) * 100:.2f}%）" \
                if budget else f"，相差 {fmt(abs(diff))} 万元"
    else:
        said = f"决算数{stated.direction}预算数"
        against = diff < -tol - _EPS if stated.direction == "大于" else diff > tol + _EPS
        if against:
            severity = "warning"
        elif abs(diff) <= _EPS:
            severity = "info"
            figures = f"支出决算与{word}均为 {fmt(final)} 万元"
    if severity is None:
        return None
    return finding("execution_direction", severity, f"“{_name(stated)}”：说明称{said}，但{figures}。",
                   row=_name(stated), measure="决算数", line=stated.line, page=stated.page,
                   expected=budget, actual=final, tolerance=tol)


def check_execution_directions(doc: BudgetDocument) -> list[dict]:
    """Every stated comparison of 决算 with 预算 against the sentence's figures."""
    if not is_final_account(doc):
        return []
    found = (direction_finding(s) for s in read_stated_items(doc.sections))
    return [f for f in found if f is not None]


#: The rules, by name, as run by ``doc.audit()``.
FINAL_ACCOUNT_RULES = {
    "execution_rate": check_execution_rates,
    "execution_amount": check_execution_amounts,
    "execution_direction": check_execution_directions,
}
