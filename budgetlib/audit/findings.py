"""How a finding is made: its columns, the rounding tolerance, number formatting."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

#: ``basis``: 文档 (the publisher's figures) or 读取存疑：… (the table was read with a mark of a
#: misread, see :mod:`budgetlib.audit.basis`; such a finding is ``info``).
FINDING_COLUMNS = ["rule", "severity", "message", "table", "code", "row", "measure", "line",
                   "page", "expected", "actual", "difference", "tolerance", "basis"]

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
#: The order findings are listed in: the most severe first.
SEVERITY_ORDER = ("error", "warning", "info")
#: What each rule checks, in the words of a reviewer's checklist (for charts and sheets).
RULE_LABELS = {
    "unreadable_cell": "金额无法识别",
    "claim_amount": "说明金额与表不符",
    "claim_name": "说明科目名称与表不符",
    "claim_share": "说明占比与表不符",
    "claim_change_pct": "增减幅度计算有误",
    "zero_base": "上年为零仍写增长率",
    "claim_parts": "说明分项之和与总额不符",
    "prior_consistency": "上年数前后不一致",
    "statement_amounts": "同一段落金额前后不一",
    "statement_change": "增减额与两年数不符",
    "item_priors": "各项上年数之和与总额不符",
    "required_explanation": "缺少必备说明",
    "children_sum": "上级科目不等于下级之和",
    "total_row": "合计行不等于各项之和",
    "row_parts": "合计列不等于各列之和",
    "required_table": "缺少必备表格",
    "standard_set": "无相符的标准表格清单",
    "empty_table_note": "空表未作说明",
    "identity": "表间勾稽关系不符",
    "template_alternative": "模板备选措辞未删改",
    "placeholder": "占位符未填写",
    "template": "未填写的模板",
    "empty_reason": "原因或用途未写明",
    "doubled_punctuation": "标点重复或冲突",
    "unpaired_mark": "引号或括号不成对",
    "no_final_mark": "段末缺少标点",
    "half_width_mark": "中文中夹用半角标点",
    "comparison_year": "比较年度有误",
    "document_kind": "部门预算与单位预算用语混淆",
    "department_name": "部门名称前后不一致",
    "outdated_name": "科目名称已更名",
    "amount_twice": "同一金额前后不一",
    "blank_page": "空白页",
    "beyond_page_edge": "文字超出页面",
    "contents_table_missing": "目录所列表格缺失",
    "table_not_in_contents": "表格未列入目录",
    "execution_rate": "决算执行率计算有误",
    "execution_amount": "说明决算数与表不符",
    "execution_direction": "决算与预算比较方向有误",
    "rule_failed": "检查未能完成",
    "empty_table_note_fund": "空表说明所指资金与表名不符",
    "document_year": "文档自称年度有误",
    "stated_direction": "增减方向与原因或数字矛盾",
}


def rule_label(rule: str) -> str:
    """A rule's Chinese label; an identity's is its family's.

    >>> rule_label("total_row"), rule_label("identity:T1=T2"), rule_label("new_rule")
    ('合计行不等于各项之和', '表间勾稽关系不符', 'new_rule')
    """
    return RULE_LABELS.get(rule.split(":")[0], rule)


def half_unit(raw: str | None, unit: str | None = None) -> float:
    """Half a unit of the last printed digit of a figure (0 for a blank), in 万元 when the
    figure was printed in ``unit`` (a table in 元 is exact to 0.5 元, 0.00005 万元).

    A printed figure is exact to this much, so it is each term's share of a tolerance.

    Examples
    --------
    >>> half_unit("167.55"), half_unit("10"), half_unit(None), half_unit("438,300", "元")
    (0.005, 0.5, 0.0, 5e-05)
    """
    if not raw or raw != raw:  # None or NaN
        return 0.0
    from budgetlib.registry import UNIT_FACTORS

    decimals = len(raw.split(".", 1)[1]) if "." in raw else 0
    factor = UNIT_FACTORS.get(unit, 1.0) if isinstance(unit, str) else 1.0
    return round(0.5 * 10.0 ** -decimals, decimals + 1) * factor


def truncated(exact: float, stated: float, raw: str | None) -> bool:
    """Whether a stated figure is the exact one cut, not rounded, to the stated figure's
    printed decimals (87.70 for 87.708, 204.91 for 204.9197): one unit of its last digit
    off, a slip of the pen a reviewer lists as a warning, not a wrong figure.

    Examples
    --------
    >>> truncated(87.708, 87.70, "87.70"), truncated(204.9197, 204.91, "204.91")
    (True, True)
    >>> truncated(87.36, 887.36, "887.36"), truncated(87.708, 87.71, "87.71")
    (False, False)
    """
    if not raw or raw != raw:
        return False
    decimals = len(str(raw).split(".", 1)[1]) if "." in str(raw) else 0
    scale = 10 ** decimals
    cut = math.trunc(round(exact * scale, 6)) / scale  # toward zero, as a pen cuts a figure
    return abs(stated - cut) <= 1e-9 and abs(exact - stated) > half_unit(str(raw)) + 1e-9


def truncation_note(exact: float, raw: str) -> str:
    """How a truncated amount's finding ends: the rounded figure it should have been.

    >>> truncation_note(87.708, "87.70")
    '四舍五入应为 87.71 万元，所述末位为截去而非四舍五入（差一个末位单位）。'
    """
    decimals = len(raw.split(".", 1)[1]) if "." in raw else 0
    return f"四舍五入应为 {exact:,.{decimals}f} 万元，所述末位为截去而非四舍五入（差一个末位单位）。"


def exact_figure(x: float) -> str:
    """An amount in full, as a table in 元 or with three decimals gives it (87.708, not
    87.71); two decimals at least.

    >>> exact_figure(87.708), exact_figure(1234.5), exact_figure(204.9197)
    ('87.708', '1,234.50', '204.9197')
    """
    return f"{x:,.6f}".rstrip("0").rstrip(".") if x != round(x, 2) else fmt(x)


def unique_findings(records: list[dict]) -> list[dict]:
    """The findings with each problem once: a record that repeats an earlier one in rule,
    severity, place and message (one amount checked twice) is dropped; order is kept.

    Examples
    --------
    >>> same = finding("claim_amount", "error", "第5页说明称…", "表1", page=5)
    >>> [f["rule"] for f in unique_findings([same, dict(same), finding("placeholder", "error", "XX")])]
    ['claim_amount', 'placeholder']
    """
    seen, out = set(), []
    for record in records:
        key = tuple(_hashable(record.get(k)) for k in _SAME_PROBLEM)
        if key not in seen:
            seen.add(key)
            out.append(record)
    return fold_same_figure(out)


#: What makes two findings one problem.
_SAME_PROBLEM = ("rule", "severity", "table", "code", "row", "measure", "line", "page", "message")
#: Rules that check one stated figure against a table's cell: two errors of them at one
#: place, the same stated figure against the same table's same figure, are one problem.
SAME_FIGURE_RULES = frozenset({"claim_amount", "execution_amount"})
#: Rules whose recomputed figure is proportional to a stated figure of the same item
#: (决算 ÷ 预算 × 100), with the words for it: with the figure wrong, the rate is too.
PROPORTIONAL_RULES = {"execution_rate": "执行率"}


def _figure_key(record: dict) -> tuple | None:
    if record.get("rule") not in SAME_FIGURE_RULES or record.get("severity") != "error":
        return None
    return tuple(_hashable(record.get(k)) for k in ("table", "line", "page", "expected", "actual"))


def _follows(rate: dict, amount: dict) -> bool:
    """Whether a proportional rule's error goes with a wrong amount at its place: the rate
    recomputed from the table's figure instead of the stated one is the stated rate, within
    its tolerance (the names may differ: "支出决算" states the 决算 of "…财政拨款支出")."""
    if any(_hashable(rate.get(k)) != _hashable(amount.get(k)) for k in ("line", "page")):
        return False
    stated, table = amount.get("actual"), amount.get("expected")
    recomputed, said, tol = (rate.get(k) for k in ("expected", "actual", "tolerance"))
    if not stated or any(_hashable(x) is None for x in (table, recomputed, said, tol)):
        return False
    return abs(recomputed * table / stated - said) <= tol + 1e-9


def fold_same_figure(records: list[dict]) -> list[dict]:
    """The findings with one wrong stated figure once: a second rule's error on the same
    figure (:data:`SAME_FIGURE_RULES`) is dropped, and an error of
    :data:`PROPORTIONAL_RULES` that the table's figure would clear is folded into the
    figure's error, whose message says so. Order is kept.

    Examples
    --------
    >>> a = finding("claim_amount", "error", "第22页说明称…相差 302.00 万元。", "表", row="行政运行",
    ...             page=22, expected=1511.89, actual=1813.89)
    >>> b = finding("execution_amount", "error", "“行政运行”：…", "表", row="行政运行", page=22,
    ...             expected=1511.89, actual=1813.89)
    >>> r = finding("execution_rate", "error", "…", row="行政运行", page=22, expected=120.0,
    ...             actual=100.02, tolerance=0.01)  # 120 × 1511.89 ÷ 1813.89 = 100.02
    >>> found = fold_same_figure([a, b, r])
    >>> [f["rule"] for f in found], found[0]["message"].split("。", 1)[1]
    (['claim_amount'], '此数亦使执行率不符（按此数复算），不另列。')
    """
    out: list[dict] = []
    first: dict[tuple, int] = {}
    owner: list[tuple[dict, int]] = []  # each figure's error, with where its finding is kept
    for record in records:
        key = _figure_key(record)
        if key is not None and key in first:
            owner.append((record, first[key]))
            continue
        if key is not None:
            first[key] = len(out)
            owner.append((record, len(out)))
        out.append(record)
    notes: dict[int, list[str]] = {}
    kept = []
    for record in out:
        words = PROPORTIONAL_RULES.get(record.get("rule"))
        at = next((i for amount, i in owner if _follows(record, amount)), None) \
            if words and record.get("severity") == "error" else None
        if at is None:
            kept.append(record)
        else:
            notes.setdefault(id(out[at]), []).append(words)
    return [{**r, "message": f"{r['message']}此数亦使{'、'.join(dict.fromkeys(notes[id(r)]))}不符"
                             f"（按此数复算），不另列。"} if id(r) in notes else r for r in kept]


def _hashable(x) -> object:
    """A field as a key: NaN and None are one blank."""
    if x is None or (isinstance(x, float) and x != x):
        return None
    return x if isinstance(x, (str, int, float, tuple)) else str(x)


def rate_tolerance(stated_raw: str | None, final: float, budget: float,
                   final_raw: str | None, budget_raw: str | None) -> float:
    """How far a stated execution rate may be from 决算 ÷ 预算 × 100 without a mistake: the
    stated rate's half unit, plus how far the rounding of the two printed figures can move
    the recomputed one.

    Examples
    --------
    >>> round(rate_tolerance("98.20", 2940.05, 2993.92, "2940.05", "2993.92"), 6)
    0.005331
    >>> rate_tolerance("0", 0.0, 0.95, "0.00", "0.95") > 0.5
    True
    """
    spread = 100 * (half_unit(final_raw) / budget + final * half_unit(budget_raw) / budget ** 2)
    return half_unit(stated_raw) + spread


def column_sum(values: list[float]) -> float:
    """Σ of figures as a frame's column sums them: numpy's pairwise summation, term by term
    below 8 terms, so a total is the same to the last bit however its terms were gathered.

    >>> column_sum([0.1, 0.2, 0.3]), column_sum([])
    (0.6000000000000001, 0.0)
    """
    return float(sum(values)) if len(values) < 8 else float(np.sum(values))


def compensated_sum(values: list[float]) -> float:
    """Σ with Kahan compensation, as pandas' groupby sums a group.

    >>> compensated_sum([0.005] * 6), column_sum([0.005] * 6)
    (0.03, 0.030000000000000002)
    """
    total = compensation = 0.0
    for value in values:
        y = value - compensation
        t = total + y
        compensation = t - total - y
        total = t
    return total


def fmt(x: float) -> str:
    """An amount as the documents print it: two decimals, thousands separated.

    Examples
    --------
    >>> fmt(1234.5)
    '1,234.50'
    """
    return f"{x:,.2f}"


def finding(rule: str, severity: str, message: str, table=None, code=None, row=None,
            measure=None, line=None, page=None, expected=None, actual=None,
            tolerance=None) -> dict:
    """One finding as a record of :data:`FINDING_COLUMNS`."""
    difference = None if expected is None or actual is None else round(actual - expected, 6)
    return {"rule": rule, "severity": severity, "message": message, "table": table,
            "code": code, "row": row, "measure": measure, "line": line, "page": page, "expected": expected,
            "actual": actual, "difference": difference, "tolerance": tolerance}


def in_order(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings as a reviewer reads them (a new frame, index 0…n-1): by severity (error,
    warning, info), then, within a severity, the largest difference first (by its absolute
    size, in the finding's own unit: 万元 for an amount, points for a rate); findings without
    a difference (a missing table, a wording) after those with one. Ties keep the rules'
    order (stable).

    Examples
    --------
    >>> found = pd.DataFrame({"rule": list("abcde"),
    ...                       "severity": ["info", "error", "error", "warning", "error"],
    ...                       "difference": [50.0, None, -0.02, 9.0, 3.5]})
    >>> in_order(found)["rule"].tolist()
    ['e', 'c', 'b', 'd', 'a']
    """
    rank = findings["severity"].map({s: i for i, s in enumerate(SEVERITY_ORDER)})
    size = pd.to_numeric(findings["difference"], errors="coerce").abs()
    order = pd.DataFrame({"rank": rank.fillna(len(SEVERITY_ORDER)), "size": -size},
                         index=findings.index)
    index = order.sort_values(["rank", "size"], kind="stable", na_position="last").index
    return findings.loc[index].reset_index(drop=True)


def where(record) -> str:
    """Where a figure is printed, in the words of a review note: 第N行 (text), 第N页 (PDF),
    第N个工作表第M行 (a workbook, whose page is the sheet).

    Examples
    --------
    >>> where({"line": 431, "page": None}), where({"line": None, "page": 6})
    ('第431行', '第6页')
    >>> where({"line": 3, "page": 6})
    '第6个工作表第3行'
    """
    line, page = record.get("line"), record.get("page")
    known = [x is not None and x == x for x in (line, page)]
    if all(known):
        return f"第{int(page)}个工作表第{int(line)}行"
    if known[0]:
        return f"第{int(line)}行"
    if page is not None and page == page:
        return f"第{int(page)}页"
    return "文中"
