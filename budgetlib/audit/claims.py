"""Audit rules on the narrative's claims: amounts, shares, changes, parts and names.

Tolerances follow :func:`budgetlib.audit.findings.half_unit`: each printed figure is exact to
half a unit of its last digit, and a recomputed percentage may move by as much as those
half units move it (the first-order error of a ratio).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from budgetlib.audit.findings import (
    column_sum,
    exact_figure,
    finding,
    fmt,
    half_unit,
    truncated,
    truncation_note,
    where,
)
from budgetlib.identities import IDENTITIES, figure_cells
from budgetlib.parse.statements import base_kind, statement_records

#: Explanations every disclosure must give: name → (pattern of the section titles that
#: hold it, patterns that must all occur in those sections' text). Where no section title
#: matches, the whole narrative outside :data:`GLOSSARY` (whose definitions name every item
#: without figures) is searched.
REQUIRED_EXPLANATIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    # "公务车购置及运行费" and "公务车用车运行费" (Wanli 2023) still explain the part
    "“三公”经费及其构成": ("三公", (r"三公.{0,40}\d", "因公出国", "公务用?车购置",
                               r"公务用?车.{0,4}运行", "公务接待")),
    # "与上年预算数一致" (Jiangsu party office 2019) compares as much as 持平 does
    "“三公”经费与上年比较": ("三公", (r"增加|减少|持平|增长|下降|上年.{0,6}(一致|相同|不变)",)),
    "机关运行经费": ("运行经费", (r"机关运行经费.{0,40}\d",)),
    # the total and its kinds; a department buys no 工程 in many years, and "购买服务" is
    # as common as "采购服务", so any kind named counts
    "政府采购（货物、工程、服务）": ("政府采购", (r"政府采购.{0,30}\d", r"货物|工程|服务")),
    "国有资产占用情况": ("国有资产", (r"车辆.{0,10}\d",)),
    "预算绩效目标": ("绩效", ("绩效目标",)),
}
GLOSSARY = "名词解释"

#: Explanations required only when the section says something: name → (section pattern,
#: what triggers the requirement, what must then be there). A change needs its reason;
#: "持平" does not.
CONDITIONAL_EXPLANATIONS: dict[str, tuple[str, str, str]] = {
    # "…减少40.05万元，主要是…严格贯彻落实中央“八项规定”" gives its reason as well
    "“三公”经费增减原因": ("三公", r"增加|减少|增长|下降", r"原因|主要是|由于"),
}


def _where(claim: dict) -> str:
    return f"{where(claim)}说明"


def _is_blank(x) -> bool:
    return x is None or x != x


@dataclass(frozen=True)
class Claims:
    """The claims as records (one dict per row, keyed by column), with the lookups the
    rules share; built once by :func:`claim_records`."""

    rows: list[dict]
    #: Row label (the frame's index) → record.
    by_label: dict
    #: Subject → its ``amount`` claims, in order.
    amounts: dict[str, list[dict]]
    #: Statement → its claims with their labels, in order.
    by_statement: dict[int, list[tuple[object, dict]]]
    #: The statements (:func:`~budgetlib.parse.statements.statement_records`): one subject's
    #: figures in one paragraph.
    statements: list[dict]


def claim_records(claims: pd.DataFrame) -> Claims:
    """Index a claims frame (``doc.claims``) for the rules: a frame's row access costs a
    hundred times more than a record's."""
    columns = list(claims.columns)
    rows = [dict(zip(columns, values, strict=True))
            for values in zip(*(claims[c].tolist() for c in columns), strict=True)]
    labels = claims.index.tolist()
    amounts, by_statement = defaultdict(list), defaultdict(list)
    for label, row in zip(labels, rows, strict=True):
        if row["figure"] == "amount" and isinstance(row["subject"], str):
            amounts[row["subject"]].append(row)
        by_statement[row["statement"]].append((label, row))
    statements = statement_records(rows) if "paragraph" in columns else []
    return Claims(rows, dict(zip(labels, rows, strict=True)), amounts, by_statement, statements)


def check_claims(claims: pd.DataFrame, cells: dict[str, list]) -> list[dict]:
    """Every rule on the claims, in order, on one index of them: amounts, names, shares,
    changes, parts, and the prior-year figures they imply (``cells``: the tables' cells,
    :func:`~budgetlib.parse.tables.table_cells`)."""
    index = claim_records(claims)
    return fold_derived(_claim_rules(index, cells), claims, cells, wrong_amounts(index))


def _claim_rules(index: Claims, cells: dict[str, list]) -> list[dict]:
    return [*check_claim_amounts(index), *check_claim_names(index), *check_claim_shares(index),
            *check_claim_changes(index), *check_claim_parts(index),
            *check_prior_consistency(index, cells), *check_statements(index),
            *check_item_priors(index, cells)]


#: Rules that recompute a figure from stated amounts (a share, a change %, parts against
#: their whole, a prior year implied by current − change): a stated amount wrong against
#: its table may make them disagree too, and that is the same problem (docs/audit.md: one
#: problem is one finding). Each with what it checks, in the amount's error's message.
DERIVED_RULES: dict[str, str] = {
    "claim_share": "占比", "claim_change_pct": "变动率", "zero_base": "以零为基数的变动率",
    "claim_parts": "“其中”各项之和", "statement_change": "增减额", "stated_direction": "增减方向",
    "prior_consistency": "所隐含的上年数", "item_priors": "各项上年数之和"}
#: What places a finding, less its message (which states the figures it recomputed).
_PLACE = ("rule", "severity", "table", "code", "row", "measure", "line", "page")


def _place(f: dict) -> tuple:
    return tuple(None if _is_blank(f.get(k)) else f.get(k) for k in _PLACE)


def fold_derived(found: list[dict], claims: pd.DataFrame, cells: dict[str, list],
                 wrong: list[tuple[object, dict]]) -> list[dict]:
    """The findings with those that follow only from a wrong stated amount folded into its
    ``claim_amount`` error: the rules of :data:`DERIVED_RULES` are run again with that
    amount as its table prints it, and what no longer disagrees is the same problem (its
    error's message says what else the figure makes wrong). What still disagrees with the
    amount corrected is a second, independent error and stays. ``wrong``: the amount
    claims' labels with their ``claim_amount`` errors (:func:`wrong_amounts`).

    >>> import budgetlib
    >>> text = budgetlib.config.SEED_DOCUMENT.read_text(encoding="utf-8")
    >>> doc = budgetlib.read_budget(text.replace("预算数为 79.16 万元", "预算数为 97.16 万元"), cache=False)
    >>> errors = doc.audit().query("severity == 'error'")
    >>> errors["rule"].tolist(), "变动率" in errors["message"].iloc[0]
    (['claim_amount'], True)
    """
    if not wrong or not any(f["rule"] in DERIVED_RULES for f in found):
        return found
    folded: dict[tuple, list[dict]] = {}
    taken: set[int] = set()
    for label, error in wrong:
        still = {_place(f) for f in _claim_rules(claim_records(corrected(claims, label)), cells)}
        follow = [i for i, f in enumerate(found) if f["rule"] in DERIVED_RULES and i not in taken
                  and _place(f) not in still]
        taken.update(follow)
        folded[_place(error), error["message"]] = [found[i] for i in follow]
    out = []
    for i, f in enumerate(found):
        if i in taken:
            continue
        also = folded.get((_place(f), f["message"])) if f["rule"] == "claim_amount" else None
        out.append({**f, "message": f["message"] + _also_wrong(also)} if also else f)
    return out


def corrected(claims: pd.DataFrame, label) -> pd.DataFrame:
    """The claims with one amount as its table prints it, in the shares that take it as
    their whole too (:func:`budgetlib.parse.claims` gives a share the stated whole); a copy.

    >>> claims = pd.DataFrame({"figure": ["amount", "share"], "subject": ["收入", "拨款"],
    ...                        "value": [120.0, 60.0], "table_value": [100.0, None],
    ...                        "whole": [None, "收入"], "whole_value": [None, 120.0]})
    >>> corrected(claims, 0)[["value", "whole_value"]].values.tolist()
    [[100.0, nan], [60.0, 100.0]]
    """
    out = claims.copy()
    amount = out.loc[label]
    table = 0.0 if _is_blank(amount["table_value"]) else float(amount["table_value"])
    out.loc[label, "value"] = table
    if "whole_value" in out.columns:
        stated = pd.to_numeric(out["whole_value"], errors="coerce")
        takes = (out["figure"] == "share") & (out["whole"] == amount["subject"]) \
            & ((stated - float(amount["value"])).abs() < 1e-9)
        out["whole_value"] = out["whole_value"].astype(object)
        out.loc[takes, "whole_value"] = table
    return out


def _also_wrong(derived: list[dict]) -> str:
    """What else a wrong amount makes disagree, for its error's message.

    >>> _also_wrong([{"rule": "claim_change_pct", "line": 431, "page": None}])
    '此数亦使第431行的变动率不符（按此数复算），不另列。'
    """
    shown = "、".join(dict.fromkeys(f"{where(f)}的{DERIVED_RULES[f['rule']]}" for f in derived))
    return f"此数亦使{shown}不符（按此数复算），不另列。"


def wrong_amounts(claims: Claims) -> list[tuple[object, dict]]:
    """The amount claims whose ``claim_amount`` finding is an error, by label, with it."""
    return [(label, f) for label, f in _amount_findings(claims) if f["severity"] == "error"]


def check_claim_amounts(claims: Claims) -> list[dict]:
    """Each amount the text states equals the table figure it names."""
    return [f for _, f in _amount_findings(claims)]


def _amount_findings(claims: Claims) -> list[tuple[object, dict]]:
    out = []
    twice = {claim for s in claims.statements if _conflicting(s) for claim in s["claims"]}
    for label, c in claims.by_label.items():
        if c["figure"] != "amount" or _is_blank(c["link_table"]) or c["claim"] in twice:
            continue
        table = 0.0 if _is_blank(c["table_value"]) else float(c["table_value"])
        tol = half_unit(c["raw"]) + half_unit(c["table_raw"], c["table_unit"])
        if abs(c["value"] - table) > tol + 1e-9:
            # 87.70 for 87.708: the last digit cut, not rounded, is a slip, not a wrong figure
            cut = truncated(table, c["value"], c["raw"])
            out.append((label, finding(
                "claim_amount", "warning" if cut else "error",
                f"{_where(c)}称“{c['subject']}”为 {c['raw'] if cut else fmt(c['value'])} 万元，"
                f"{c['link_table']}（{'，'.join(filter(None, (c['link_row'], c['link_measure'])))}）为 "
                f"{exact_figure(table) if cut else fmt(table)} 万元，"
                + (truncation_note(table, c["raw"]) if cut else f"相差 {fmt(c['value'] - table)} 万元。"),
                c["link_table"], c["link_code"], c["subject"], "amount", c["line"], page=c["page"],
                expected=table, actual=c["value"], tolerance=tol)))
    return out


def off_by_last_digit(exact: float, stated: float, raw, tol: float) -> str:
    """A percentage off by at most one unit of its last printed digit (16.07 for 16.0776,
    cut rather than rounded, or nudged to make parts sum to 100) is a warning; more, an error.

    >>> off_by_last_digit(16.0776, 16.07, "16.07", 0.005), off_by_last_digit(0.598, 0.06, "0.06", 0.005)
    ('warning', 'error')
    """
    return "warning" if abs(exact - stated) <= 2 * half_unit(raw) + tol + 1e-9 else "error"


def _abbreviated(note: str) -> bool:
    """说明写作“一般公共服务”，表中为“一般公共服务支出”: the name less its 支出."""
    names = re.findall(r"“([^”]+)”", note)
    return len(names) == 2 and names[0] + "支出" == names[1]


def check_claim_names(claims: Claims) -> list[dict]:
    """The names the text uses are the tables' names for the same row; a name that only
    leaves off its 支出 (一般公共服务（类）) is noted as info."""
    out, seen = [], set()
    for c in claims.rows:
        if _is_blank(c["link_note"]) or (c["line"], c["link_note"]) in seen:
            continue
        seen.add((c["line"], c["link_note"]))
        out.append(finding("claim_name", "info" if _abbreviated(c["link_note"]) else "warning",
                           f"{_where(c)}：{c['link_note']}。", c["link_table"],
                           c["link_code"], c["subject"], line=c["line"], page=c["page"]))
    return out


def _amount_of(claims: Claims, claim: dict, subject=None) -> dict | None:
    """The amount stated for a claim's subject: in its sentence, else earlier in its section."""
    subject = claim["subject"] if subject is None else subject
    same = claims.amounts.get(subject, []) if isinstance(subject, str) else []
    in_sentence = [a for a in same if a["statement"] == claim["statement"]]
    if in_sentence:
        return in_sentence[0]
    earlier = [a for a in same if a["section"] == claim["section"] and a["claim"] < claim["claim"]]
    if earlier:
        return earlier[-1]
    shorter = re.sub(r"预算$", "", str(subject))  # "…经费预算" states "…经费"
    return _amount_of(claims, claim, shorter) if shorter != subject else None


def check_claim_shares(claims: Claims) -> list[dict]:
    """Each share recomputes from its amount and the whole it is a share of."""
    out = []
    for c in claims.rows:
        if c["figure"] != "share" or _is_blank(c["whole_value"]):
            continue
        amount = _amount_of(claims, c)
        whole = float(c["whole_value"])
        if amount is None or not whole:
            continue
        value, half = as_printed(amount)
        # the whole, too, as its table prints it where the text states it ("17996.7")
        stated_whole = _amount_of(claims, c, c["whole"]) if isinstance(c["whole"], str) else None
        if stated_whole is not None and abs(float(stated_whole["value"]) - whole) < 1e-9:
            whole = as_printed(stated_whole)[0]
        share = value / whole * 100
        tol = half_unit(c["raw"]) + 100 * (half / whole + value * 0.005 / whole**2)
        if abs(share - c["value"]) > tol + 1e-9:
            out.append(finding(
                "claim_share", off_by_last_digit(share, c["value"], c["raw"], tol),
                f"{_where(c)}称“{c['subject']}”占 {c['raw']}%，按 {fmt(value)} ÷ {fmt(whole)}"
                f"（{c['whole']}）计算为 {share:.2f}%。",
                c["link_table"], c["link_code"], c["subject"], "share", c["line"], page=c["page"],
                expected=round(share, 4), actual=c["value"], tolerance=round(tol, 4)))
        elif not_rounded(share, c["value"], c["raw"]):
            low, high = ratio_range(lambda v, w: v / w * 100, (value, half), (whole, 0.005))
            out.append(finding(
                "claim_share", "info",
                f"{_where(c)}称“{c['subject']}”占 {c['raw']}%：按 {fmt(value)} ÷ {fmt(whole)}"
                f"（{c['whole']}）= {share:.3f}% 复算，四舍五入应为 {_rounded(share, c['raw'])}%；"
                f"{_rounding_clause(low, high, c['raw'], tol)}",
                c["link_table"], c["link_code"], c["subject"], "share", c["line"], page=c["page"],
                expected=round(share, 4), actual=c["value"], tolerance=round(tol, 4)))
    return out


def as_printed(amount: dict) -> tuple[float, float]:
    """An amount and its half unit as its linked table prints it, where the text states the
    same figure ("110" for the table's 110.00: a share is recomputed at the table's
    precision, not widened by the text's); else as stated."""
    value, half = float(amount["value"]), half_unit(amount["raw"])
    if amount.get("link_table") is None or _is_blank(amount.get("table_value")):
        return value, half
    table, table_half = float(amount["table_value"]), half_unit(amount["table_raw"], amount["table_unit"])
    return (table, table_half) if abs(value - table) <= half + table_half + 1e-9 else (value, half)


def not_rounded(exact: float, stated: float, raw) -> bool:
    """Whether a stated percentage is not the correctly rounded value of the exact one (a
    reviewer with a calculator sees another last digit).

    >>> not_rounded(6.9473, 6.94, "6.94"), not_rounded(6.9449, 6.94, "6.94")
    (True, False)
    """
    return abs(exact - stated) > half_unit(raw) + 1e-9


def ratio_range(f, *terms: tuple[float, float]) -> tuple[float, float]:
    """The least and greatest value of ``f`` over the printed terms' rounding intervals
    (``terms``: (value, half unit)); ``f`` is monotone in each term, so the corners suffice.

    >>> [round(x, 3) for x in ratio_range(lambda v, w: v / w * 100, (8.50, 0.005), (122.35, 0.005))]
    [6.943, 6.952]
    """
    values = [f(*corner) for corner in _corners(terms)]
    return min(values), max(values)


def _corners(terms: tuple[tuple[float, float], ...]) -> list[tuple[float, ...]]:
    if not terms:
        return [()]
    (value, half), rest = terms[0], terms[1:]
    return [(value + sign * half, *tail) for sign in (-1, 1) for tail in _corners(rest)]


def _rounded(exact: float, raw) -> str:
    decimals = len(str(raw).split(".", 1)[1]) if "." in str(raw) else 0
    return f"{exact:.{decimals}f}"


def _rounding_clause(low: float, high: float, raw, tol: float) -> str:
    """Why a stated % that is not the rounded value is no error: the range the printed
    inputs allow, and where the stated figure lies."""
    stated = float(raw)
    where_it_is = "在此范围内" if low - 1e-9 <= stated <= high + 1e-9 else \
        f"与之相差不超过其本身末位的舍入（容差 ±{tol:.3f}）"
    return (f"各数有半个末位的舍入，复算值可在 {low:.3f}%～{high:.3f}% 之间，所述 {raw}% {where_it_is}，"
            f"不是错误。")


def current_of(claims: Claims, claim: dict) -> tuple[float, float]:
    """This year's figure for a claim's subject and its half unit: as the text states it,
    else the linked table cell; NaN when neither gives it."""
    amount = _amount_of(claims, claim)
    if amount is not None:
        return float(amount["value"]), half_unit(amount["raw"])
    if _is_blank(claim["table_value"]):
        return (0.0, 0.0) if not _is_blank(claim["link_table"]) else (np.nan, 0.0)
    return float(claim["table_value"]), half_unit(claim["table_raw"], claim["table_unit"])


_CHANGE_COLUMNS = ["change_claim", "pct_claim", "current", "change", "prior", "tol_prior",
                   "zero_base", "new", "pct", "stated_pct", "pct_tol"]


def _changes(claims: Claims) -> list[dict]:
    """The rows of :func:`stated_changes`."""
    rows = []
    for label, change in claims.by_label.items():
        if change["figure"] != "change_amount":
            continue
        current, half = current_of(claims, change)
        delta = float(change["value"])
        prior = current - delta
        tol_prior = half + half_unit(change["raw"])
        zero_base = bool(abs(prior) <= tol_prior + 1e-9)
        pct_label, pct_claim = next(
            ((k, c) for k, c in claims.by_statement[change["statement"]]
             if c["subject"] == change["subject"] and c["figure"] == "change_pct"
             and c["claim"] > change["claim"]), (None, None))
        pct = np.nan if zero_base or np.isnan(prior) else delta / prior * 100
        pct_tol = np.nan
        if pct_claim is not None and not np.isnan(pct):
            pct_tol = half_unit(pct_claim["raw"]) + 100 * (
                half_unit(change["raw"]) / abs(prior) + abs(delta) * tol_prior / prior**2)
        rows.append({"change_claim": label, "pct_claim": pct_label,
                     "current": current, "change": delta, "prior": prior,
                     "tol_prior": tol_prior, "zero_base": zero_base,
                     "new": zero_base and abs(delta) > tol_prior, "pct": pct,
                     "stated_pct": np.nan if pct_claim is None else pct_claim["value"],
                     "pct_tol": pct_tol})
    return rows


def stated_changes(claims: pd.DataFrame) -> pd.DataFrame:
    """Every stated change with what follows from it: one row per change amount.

    ``prior`` = current − change; ``zero_base`` when the prior year is zero within
    rounding (``new`` if the change is not zero too); ``pct`` recomputed where the base is
    not zero; ``pct_claim`` the row of the stated percentage, if any, with its tolerance.
    The audit and :func:`budgetlib.yoy` both read this.
    """
    return pd.DataFrame(_changes(claim_records(claims)), columns=_CHANGE_COLUMNS)


def check_claim_changes(claims: Claims) -> list[dict]:
    """A change % follows from the change amount and the implied prior-year figure;
    a percentage on a zero prior-year figure is reported."""
    out = []
    # a statement that states last year's figure is checked on it (:func:`check_statements`)
    stated = {claim for s in claims.statements if s["prior_stated"] for claim in s["claims"]}
    for row in _changes(claims):
        if row["pct_claim"] is None or np.isnan(row["current"]) \
                or claims.by_label[row["change_claim"]]["claim"] in stated:
            continue
        c, change = claims.by_label[row["pct_claim"]], claims.by_label[row["change_claim"]]
        current, delta = row["current"], row["change"]
        if row["zero_base"]:
            advice = "宜表述为“新增”" if row["new"] else "两年均为零，宜表述为“均未安排”"
            out.append(finding(
                "zero_base", "warning" if row["new"] else "info",
                f"{_where(c)}：“{c['subject']}”本年 {fmt(current)} 万元、{change['direction']} "
                f"{fmt(abs(delta))} 万元，上年数为零，以零为基数的“{c['direction']} {c['raw']}%”"
                f"没有意义，{advice}。",
                None, None, c["subject"], "change_pct", c["line"], page=c["page"], expected=None,
                actual=c["value"], tolerance=row["tol_prior"]))
        elif abs(row["pct"] - c["value"]) > row["pct_tol"] + 1e-9:
            out.append(finding(
                "claim_change_pct", off_by_last_digit(row["pct"], c["value"], c["raw"], row["pct_tol"]),
                f"{_where(c)}：“{c['subject']}”本年 {fmt(current)} 万元，{change['direction']} "
                f"{fmt(abs(delta))} 万元，上年应为 {fmt(row['prior'])} 万元，变动率应为 {row['pct']:.2f}%，"
                f"说明为 {c['value']:.2f}%。",
                None, None, c["subject"], "change_pct", c["line"], page=c["page"],
                expected=round(row["pct"], 4), actual=c["value"], tolerance=round(row["pct_tol"], 4)))
        elif not_rounded(row["pct"], c["value"], c["raw"]):
            halves = (row["tol_prior"] - half_unit(change["raw"]), half_unit(change["raw"]))
            low, high = ratio_range(lambda cur, d: d / (cur - d) * 100, (current, halves[0]),
                                    (delta, halves[1]))
            out.append(finding(
                "claim_change_pct", "info",
                f"{_where(c)}：“{c['subject']}”本年 {fmt(current)} 万元，{change['direction']} "
                f"{fmt(abs(delta))} 万元，上年为 {fmt(row['prior'])} 万元，按 {fmt(delta)} ÷ "
                f"{fmt(row['prior'])} = {row['pct']:.3f}% 复算，四舍五入应为 "
                f"{_rounded(row['pct'], c['raw'])}%，"
                f"说明为 {c['raw']}%；{_rounding_clause(low, high, c['raw'], row['pct_tol'])}",
                None, None, c["subject"], "change_pct", c["line"], page=c["page"],
                expected=round(row["pct"], 4), actual=c["value"], tolerance=round(row["pct_tol"], 4)))
    return out


def _conflicting(statement: dict) -> bool:
    """Whether a statement states its subject with two amounts beyond rounding (and not a
    typo apart, which ``amount_twice`` reports) in one paragraph. Only a subject that names
    a table row counts: "…的，采购金额246.47万元；…采购金额4.79万元" names several things."""
    amounts = sorted(statement["amounts"])
    if len(amounts) < 2 or _is_blank(statement["link_table"]):
        return False
    low, high = amounts[0], amounts[-1]
    return high - low > 0.01 + 1e-9 and not (0 < high - low <= 0.001 * high)


def _stated(claims: Claims, statement: dict, figure: str) -> list[dict]:
    return [c for c in (claims.rows[i] for i in statement["claims"]) if c["figure"] == figure]


def check_statements(claims: Claims) -> list[dict]:
    """The identities one statement implies: one amount for its subject in its paragraph;
    with last year's figure stated, current − prior = the stated change and
    (current − prior) ÷ prior = the stated change %.

    A statement giving two amounts is reported once, with the table's figure; its change %
    is reported only if neither amount gives it.
    """
    out = []
    for s in claims.statements:
        amounts = _stated(claims, s, "amount")
        if _conflicting(s):
            table = "" if _is_blank(s["table_value"]) else \
                f"，{s['link_table']}（{s['link_row']}）为 {fmt(float(s['table_value']))} 万元"
            shown = "，后又写作 ".join(f"{fmt(v)} 万元" for v in s["amounts"])
            out.append(finding(
                "statement_amounts", "error",
                f"{_where(s)}同一段落中“{s['subject']}”先写作 {shown}{table}。",
                s["link_table"], s["link_code"], s["subject"], "amount", s["line"], page=s["page"],
                expected=None if _is_blank(s["table_value"]) else float(s["table_value"]),
                actual=s["amounts"][-1]))
        if not s["prior_stated"]:
            continue
        prior = _stated(claims, s, "prior")[0]
        p, hp = float(prior["value"]), half_unit(prior["raw"])
        for change in _stated(claims, s, "change_amount")[:1]:
            current, hc = _current_near(amounts, change, s)
            stated = float(change["value"])
            tol = hc + hp + half_unit(change["raw"])
            if abs(current - p - stated) > tol + 1e-9:
                head = (f"{_where(s)}：“{s['subject']}”本年 {fmt(current)} 万元，"
                        f"上年（{prior['base']}）{fmt(p)} 万元，")
                wrong_way = _wrong_way(change["direction"], current - p, stated, tol)
                out.append(finding(
                    "stated_direction" if wrong_way else "statement_change", "error",
                    head + (wrong_way or f"增减应为 {fmt(current)} − {fmt(p)} = {fmt(current - p)} 万元，"
                            f"说明为{change['direction'] or ''} {fmt(abs(stated))} 万元。"),
                    s["link_table"], s["link_code"], s["subject"], "change_amount", s["line"],
                    page=s["page"], expected=round(current - p, 6), actual=stated, tolerance=tol))
        for pct in _stated(claims, s, "change_pct")[:1]:
            out += _pct_from_prior(s, pct, amounts, p, hp)
    return out


def _wrong_way(direction, found: float, stated: float, tol: float) -> str | None:
    """What a statement's figures say when only its direction is wrong (``stated_direction``):
    持平 for a change, or 增加 for a fall of the stated size (and the reverse); else ``None``.

    >>> _wrong_way("增加", -5.0, 5.0, 0.015)
    '说明为增加 5.00 万元，而本年少于上年 5.00 万元，应为减少。'
    >>> _wrong_way("持平", 2.5, 0.0, 0.01)
    '说明为持平，而本年多于上年 2.50 万元，应为增加。'
    >>> _wrong_way("增加", 6.0, 5.0, 0.015) is None
    True
    """
    should = "增加" if found > 0 else "减少"
    more = "多于" if found > 0 else "少于"
    if direction == "持平":
        return f"说明为持平，而本年{more}上年 {fmt(abs(found))} 万元，应为{should}。"
    if stated and found * stated < 0 and abs(abs(found) - abs(stated)) <= tol + 1e-9:
        return (f"说明为{direction} {fmt(abs(stated))} 万元，而本年{more}上年 {fmt(abs(found))} 万元，"
                f"应为{should}。")
    return None


def _current_near(amounts: list[dict], figure: dict, statement: dict) -> tuple[float, float]:
    """This year's amount a change speaks of: the one stated in its sentence ("2026年预算
    安排…"), else the statement's."""
    same = [a for a in amounts if a["statement"] == figure["statement"]]
    if same:
        return float(same[-1]["value"]), half_unit(same[-1]["raw"])
    return float(statement["current"]), half_unit(statement["current_raw"])


def _pct_from_prior(s: dict, pct: dict, amounts: list[dict], p: float, hp: float) -> list[dict]:
    """(current − stated prior) ÷ stated prior = the stated %: reported beyond the rounding
    of the printed figures; within it, as info when the last digit is not the rounded one."""
    current, hc = _current_near(amounts, pct, s)
    if np.isnan(current):
        return []
    if abs(p) <= hp + 1e-9:
        if abs(current) <= hc + 1e-9:
            return []
        return [finding(
            "zero_base", "warning",
            f"{_where(s)}：“{s['subject']}”上年（{pct['base'] or s['base']}）为 {fmt(p)} 万元，本年 "
            f"{fmt(current)} 万元，以零为基数的“{pct['direction']} {pct['raw']}%”没有意义，宜表述为“新增”。",
            s["link_table"], s["link_code"], s["subject"], "change_pct", s["line"], page=s["page"],
            expected=None, actual=float(pct["value"]), tolerance=hp)]
    exact = (current - p) / p * 100
    stated = float(pct["value"])
    tol = half_unit(pct["raw"]) + 100 * (hc / abs(p) + abs(current) * hp / p**2)
    # with two amounts in the paragraph, a % that either of them gives is not a second problem
    others = [float(a["value"]) for a in amounts]
    if any(abs((v - p) / p * 100 - stated) <= tol + 1e-9 for v in others) and abs(exact - stated) > tol:
        return []
    word = "增长" if exact >= 0 else "下降"
    computation = (f"（{fmt(current)} − {fmt(p)}）÷ {fmt(p)} = {exact:.3f}%")
    head = (f"{_where(s)}：“{s['subject']}”本年 {fmt(current)} 万元，上年（{pct['base'] or s['base']}）"
            f"{fmt(p)} 万元，")
    wrong_way = exact * stated < 0 and abs(abs(exact) - abs(stated)) <= tol + 1e-9
    if abs(exact - stated) > tol + 1e-9 and wrong_way:
        return [finding(  # the size right, the direction wrong: "增长 2.98%" for a fall
            "stated_direction", "error",
            f"{head}按 {computation}，说明为{pct['direction'] or ''} {abs(stated):.2f}%，"
            f"方向相反，应为{word}。",
            s["link_table"], s["link_code"], s["subject"], "change_pct", s["line"], page=s["page"],
            expected=round(exact, 4), actual=stated, tolerance=round(tol, 4))]
    if abs(exact - stated) > tol + 1e-9:
        also = "".join(f"；按同段所写 {fmt(v)} 万元计为 {(v - p) / p * 100:.2f}%"
                       for v in dict.fromkeys(others) if abs(v - current) > 1e-9)
        return [finding(
            "claim_change_pct", off_by_last_digit(exact, stated, pct["raw"], tol),
            f"{head}按 {computation} 应为{word} {abs(exact):.2f}%，说明为{pct['direction'] or ''} "
            f"{abs(stated):.2f}%{also}。",
            s["link_table"], s["link_code"], s["subject"], "change_pct", s["line"], page=s["page"],
            expected=round(exact, 4), actual=stated, tolerance=round(tol, 4))]
    if not_rounded(exact, stated, pct["raw"]):
        low, high = ratio_range(lambda c, q: (c - q) / q * 100, (current, hc), (p, hp))
        return [finding(
            "claim_change_pct", "info",
            f"{head}按 {computation} 复算，四舍五入应为 {_rounded(exact, pct['raw'])}%，说明为 "
            f"{pct['raw']}%；{_rounding_clause(low, high, pct['raw'], tol)}",
            s["link_table"], s["link_code"], s["subject"], "change_pct", s["line"], page=s["page"],
            expected=round(exact, 4), actual=stated, tolerance=round(tol, 4))]
    return []


def _basic_only(cells: dict[str, list]) -> dict[tuple[str, str], bool]:
    """(table, code) → whether the row's 基本支出 is all of it (no 项目支出), for the tables
    that print both."""
    by_row: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for title, table in cells.items():
        for cell in table:
            if isinstance(cell.code, str) and isinstance(cell.measure, str):
                by_row[title, cell.code][cell.measure.rsplit("/", 1)[-1]] = \
                    cell.value if cell.value == cell.value else 0.0
    return {key: abs(m.get("基本支出", 0.0) - m["合计"]) < 1e-9 and not m.get("项目支出")
            for key, m in by_row.items() if "基本支出" in m and "合计" in m}


def check_item_priors(claims: Claims, cells: dict[str, list]) -> list[dict]:
    """The 项 the narrative explains, each with last year's figure (stated, or current −
    stated change), add up to last year's figure of the whole they make up this year: the
    statement whose current figure is their sum, with a prior on the same base. The same for
    the items that are all 基本支出, against a 基本支出 statement.

    Within the rounding of the terms, a sum that is not the whole's figure is ``info``, with
    the computation; beyond it, more than the whole is a ``warning``, less is ``info`` (an
    item of last year that has none this year is not explained).
    """
    statements = [s for s in claims.statements if not np.isnan(s["prior"]) and s["base_kind"]]
    basic = _basic_only(cells)
    items: dict[tuple, list[dict]] = defaultdict(list)
    seen = set()
    for s in statements:
        code = s["link_code"]
        if isinstance(code, str) and len(code) == 7 and s["current_from"] == "说明" \
                and (s["link_table"], code, s["base_kind"]) not in seen:
            seen.add((s["link_table"], code, s["base_kind"]))
            items[s["link_table"], s["base_kind"]].append(s)
    out = []
    for (table, kind), group in items.items():
        only_basic = [s for s in group if basic.get((table, s["link_code"]))]
        found = _items_against_whole(statements, table, kind, "", group)
        # one problem once: the 基本支出 items are compared too when all items agree
        # within rounding (the seed's 160.86 / 160.84 and 100.86 / 100.84)
        if 1 < len(only_basic) < len(group) and all(f["severity"] == "info" for f in found):
            found += _items_against_whole(statements, table, kind, "基本支出", only_basic)
        out += found
    return out


def _half_prior(s: dict) -> float:
    if s["prior_stated"]:
        return half_unit(s["prior_raw"])
    return half_unit(s["current_raw"]) + half_unit(s["change_raw"])


def _items_against_whole(statements: list[dict], table: str, kind: str, label: str,
                         subset: list[dict]) -> list[dict]:
    current = column_sum([s["current"] for s in subset])
    prior = column_sum([s["prior"] for s in subset])
    members = {id(s) for s in subset}
    tol_current = sum(half_unit(s["current_raw"]) for s in subset)
    wholes = [s for s in statements if id(s) not in members and s["base_kind"] == kind
              and (not isinstance(s["link_code"], str) or len(s["link_code"]) < 7)
              and (not label or label in str(s["subject"]) or label in str(s["link_measure"]))
              and abs(s["current"] - current) <= tol_current + half_unit(s["current_raw"]) + 1e-9]
    if not wholes:
        return []
    whole = next((s for s in wholes if s["link_table"] == table), wholes[0])
    tol = sum(_half_prior(s) for s in subset) + _half_prior(whole)
    difference = prior - whole["prior"]
    if abs(difference) <= 1e-6:
        return []
    terms = " + ".join(fmt(s["prior"]) for s in subset) if len(subset) <= 12 else f"{len(subset)} 项"
    derived = "" if whole["prior_stated"] else \
        f"{fmt(whole['current'])} − （{fmt(whole['change'])}）= "
    first, last = subset[0], subset[-1]
    span = _where(first) if _where(first) == _where(last) else f"{where(first)}至{_where(last)}"
    head = (f"{span}所述{label}各项（{len(subset)} 项）的上年数（{kind}）合计 {terms} = {fmt(prior)} 万元，"
            f"{_where(whole)}所述“{whole['subject']}”上年为 {derived}{fmt(whole['prior'])} 万元，"
            f"相差 {fmt(difference)} 万元")
    if abs(difference) <= tol + 1e-9:
        severity, tail = "info", f"；各数有半个末位的舍入（合计可差 ±{fmt(tol)} 万元），不是错误。"
    elif difference > 0:
        severity, tail = "warning", "，各项之和多于总额。"
    else:
        severity, tail = "info", "；差额可能是上年有、本年无的科目。"
    return [finding("item_priors", severity, head + tail, whole["link_table"], whole["link_code"],
                    whole["subject"], "prior", whole["line"], page=whole["page"],
                    expected=round(whole["prior"], 6), actual=round(prior, 6), tolerance=tol)]


def check_claim_parts(claims: Claims) -> list[dict]:
    """Parts listed after 其中 add up to their whole (never more; all of it when several)."""
    out = []
    groups = defaultdict(list)
    for c in claims.rows:
        if not _is_blank(c["parent"]) and c["figure"] in ("amount", "change_amount", "count"):
            groups[c["statement"], c["parent"], c["figure"]].append(c)
    for (statement, parent, figure), group in sorted(groups.items(), key=lambda g: g[0]):
        whole = next((c for _, c in claims.by_statement[statement]
                      if c["subject"] == parent and c["figure"] == figure), None)
        if whole is None:
            continue
        total = column_sum([c["value"] for c in group])
        tol = sum(half_unit(c["raw"]) for c in group) + half_unit(whole["raw"])
        over, under = total > whole["value"] + tol + 1e-9, total < whole["value"] - tol - 1e-9
        if over or (under and len(group) > 1):
            out.append(_parts_finding(whole, group, total, tol, "error" if over else "warning"))
    allocations = defaultdict(list)
    for c in claims.rows:
        if c["figure"] == "allocation":
            allocations[c["section"]].append(c)
    for section, group in sorted(allocations.items(), key=lambda g: g[0]):
        whole = next((c for c in claims.rows if c["section"] == section and c["figure"] == "amount"
                      and isinstance(c["subject"], str) and re.search("预算安排规模|项目资金", c["subject"])),
                     None)
        if whole is None:
            continue
        total = column_sum([c["value"] for c in group])
        # "1万、0.5万、1.5": a list printed at mixed precision is exact to its finest digit
        finest = min(half_unit(c["raw"]) for c in group)
        tol = finest * len(group) + half_unit(whole["raw"])
        if abs(total - whole["value"]) > tol + 1e-9:
            out.append(_parts_finding(whole, group, total, tol, "error"))
    return out


def _parts_finding(whole: dict, group: list[dict], total: float, tol: float,
                   severity: str) -> dict:
    names = "、".join(c["subject"] for c in group)
    unit = whole["unit"]
    show = fmt if unit == "万元" else "{:g}".format
    return finding(
        "claim_parts", severity,
        f"{_where(whole)}：“{whole['subject']}”为 {show(whole['value'])} {unit}，其中{names}合计 "
        f"{show(total)} {unit}，相差 {show(whole['value'] - total)} {unit}。",
        whole.get("link_table"), whole.get("link_code"), whole["subject"], whole["figure"],
        whole["line"], page=whole["page"], expected=total, actual=float(whole["value"]), tolerance=tol)


_LINK_KEY = ("link_table", "link_measure", "link_code", "link_row")


def _cell_key(claim: dict) -> tuple:
    return tuple("" if _is_blank(claim[k]) else claim[k] for k in _LINK_KEY)


def _key_of(cell) -> tuple:
    return tuple("" if _is_blank(x) else x for x in (cell.table, cell.measure, cell.code, cell.label))


def _same_figures(cells: dict[str, list]) -> dict[tuple, tuple]:
    """Table cells that an identity declares equal, each mapped to one representative."""
    root: dict[tuple, tuple] = {}

    def find(key: tuple) -> tuple:
        while root.get(key, key) != key:
            key = root[key]
        return key

    for identity in IDENTITIES:
        if identity.by:
            continue
        pair = [figure_cells(cells, f) for f in (identity.left, identity.right)]
        if any(c is None or len(c) != 1 for c in pair):
            continue
        a, b = (find(_key_of(c[0])) for c in pair)
        root[a] = b
    return {key: find(key) for key in root}


def check_prior_consistency(claims: Claims, cells: dict[str, list]) -> list[dict]:
    """Statements on the same figure (or on figures an identity makes equal) against the same
    base (上年预算, 上年执行数…) imply the same prior-year figure."""
    same = _same_figures(cells)
    priors = []
    for c in claims.rows:
        if c["figure"] != "change_amount" or _is_blank(c["link_table"]):
            continue
        current, half = current_of(claims, c)
        key = _cell_key(c)
        # a change on last year's execution and one on last year's budget imply two priors
        priors.append(((same.get(key, key), base_kind(c["base"])), c, current - float(c["value"]),
                       half + half_unit(c["raw"])))
    out = []
    first: dict[tuple, tuple] = {}
    for key, c, prior, tol in priors:
        if key not in first:
            first[key] = (c, prior, tol)
            continue
        c0, prior0, tol0 = first[key]
        if c0["statement"] != c["statement"] and abs(prior - prior0) > tol + tol0 + 1e-9:
            out.append(finding(
                "prior_consistency", "error",
                f"{_where(c)}所述“{c['subject']}”的增减意味着上年为 {fmt(prior)} 万元，而"
                f"{_where(c0)}所述“{c0['subject']}”意味着上年为 {fmt(prior0)} 万元，"
                f"两者应为同一数字。",
                c["link_table"], c["link_code"], c["subject"], "change_amount", c["line"], page=c["page"],
                expected=round(prior0, 6), actual=round(prior, 6), tolerance=tol + tol0))
    return out


def missing_explanations(paragraphs: pd.DataFrame) -> list[dict]:
    """A `required_explanation` finding for each explanation every disclosure must give that
    the paragraphs lack (the rule `check_explanations` runs it on a document held to a set)."""
    body = [(path, text) for path, text in zip(paragraphs["path"].tolist(), paragraphs["text"].tolist(),
                                               strict=True) if not re.search(GLOSSARY, path)]

    def texts(scope: str) -> list[str]:
        return [text for path, text in body if re.search(scope, path)]

    out = []
    for name, (scope, patterns) in REQUIRED_EXPLANATIONS.items():
        text = "\n".join(texts(scope) or [text for _, text in body])
        if not all(re.search(p, text) for p in patterns):
            out.append(finding("required_explanation", "error", f"情况说明缺少“{name}”。"))
    for name, (scope, trigger, needed) in CONDITIONAL_EXPLANATIONS.items():
        text = "\n".join(texts(scope))
        if re.search(trigger, text) and not re.search(needed, text):
            out.append(finding("required_explanation", "error", f"情况说明缺少“{name}”。"))
    return out
