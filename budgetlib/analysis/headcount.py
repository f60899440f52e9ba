"""Headcount-driven cost explanations: people, per-capita costs, contribution bases, drivers.

Every figure here is either read off the document or supplied by the analyst, and says
which. Statutory contribution rates are documented parameters with their source; where
the rate is set locally, the default is marked so and should be checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from budgetlib.analysis import figure_rows, find_figure, yoy
from budgetlib.config import ANALYST_DIR
from budgetlib.model import BudgetDocument


@dataclass(frozen=True)
class Rate:
    """An employer contribution rate and where it comes from."""

    item: str
    #: 经济分类 code of the budget line that pays it.
    code: str
    rate: float
    source: str


#: Employer contribution rates for 机关事业单位 staff. Override with ``rates=`` where the
#: local rule differs (住房公积金 and 医疗 are set locally).
DEFAULT_RATES: tuple[Rate, ...] = (
    Rate("基本养老保险", "30108", 0.16,
         "国发〔2015〕2号规定单位缴费20%，国办发〔2019〕13号降至16%"),
    Rate("职业年金", "30109", 0.08, "国办发〔2015〕18号：单位缴费为本单位工资总额的8%"),
    Rate("职工基本医疗保险", "30110", 0.08,
         "地方规定（常见6%–10%），默认值8%未经核实，请按当地文件修改"),
    Rate("住房公积金", "30113", 0.12,
         "《住房公积金管理条例》及建金〔2005〕5号：5%–12%，默认取上限12%，请按当地文件修改"),
)

#: Reasons classified into drivers: driver → pattern of the stated reason.
DRIVERS: dict[str, str] = {
    "人员增减": r"(新增|增加|减少|调入|调出|退休)\d*(名|人)|人员(增加|减少|变动)|人数",
    "职级晋升或工资调整": r"晋升|调升|调标|调资|工资(调整|增加|标准)|岗位",
    "缴费政策或基数变化": r"缴费基数|制度改革|纳入财政预算保障|缴存.*基数",
    "新增车辆或资产": r"新增.*(车|设备|资产)",
    "一次性项目": r"成立|维修|一次性|建设|改造",
    "压减开支": r"紧日子|压减|压缩|节约",
}


def headcount_facts(doc: BudgetDocument) -> pd.DataFrame:
    """People the document itself counts (在职、编制、实有、离退休…), with their lines.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> headcount_facts(doc)[["subject", "people", "line"]].values.tolist()
    [['本单位离退休', 1, 435]]
    """
    claims = doc.claims
    people = claims[(claims["figure"] == "count") & (claims["unit"] == "人")]
    # the seed states 离退休 inside a reason ("本单位离退休 1 人"): read reasons too
    found = [(r.subject, int(r.value), r.line, r.page) for r in people.itertuples()]
    for r in claims.drop_duplicates("statement").itertuples():
        for match in re.finditer(r"([^,，。;；]{0,12}?(?:在职|编制|实有|离退休|退休)[^,，。;；\d]{0,6})"
                                 r"(\d+)\s*(?:名|人)", str(r.reason or "")):
            found.append((match.group(1), int(match.group(2)), r.line, r.page))
    frame = pd.DataFrame(found, columns=["subject", "people", "line", "page"])
    return frame.drop_duplicates(["subject", "people", "line"]).reset_index(drop=True)


def contribution_bases(doc: BudgetDocument, rates: tuple[Rate, ...] = DEFAULT_RATES
                       ) -> pd.DataFrame:
    """The wage base each social-insurance line implies: amount ÷ employer rate (万元).

    Lines that agree imply one wage bill; one that does not points at a rate or a line
    to check. The amounts are the coded rows of 一般公共预算基本支出 in whichever column
    the layout prints it (see :data:`budgetlib.registry.FIGURES`); ``table``, ``line`` and
    ``page`` say where. This function does not mutate its input.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> bases = contribution_bases(doc).set_index("item")
    >>> round(float(bases.loc["基本养老保险", "implied_base"]), 2)  # 10.51 / 16%
    65.69
    >>> round(float(bases.loc["职业年金", "implied_base"]), 2)  # 5.25 / 8%
    65.62
    """
    # the coded rows of 一般公共预算基本支出, whichever column a layout prints it in
    frame = figure_rows(doc.tables, "一般公共预算基本支出")
    records = []
    for rate in rates:
        cells = pd.DataFrame() if frame is None else frame[frame["code"] == rate.code]
        amount = float(cells["value"].iloc[0]) if len(cells) and pd.notna(
            cells["value"].iloc[0]) else np.nan
        records.append({"item": rate.item, "code": rate.code, "amount": amount,
                        "rate": rate.rate, "implied_base": amount / rate.rate,
                        "table": cells["table"].iloc[0] if len(cells) else None,
                        "line": cells["line"].iloc[0] if len(cells) else None,
                        "page": cells["page"].iloc[0] if len(cells) else None,
                        "source": rate.source})
    return pd.DataFrame.from_records(records)


def implied_headcount(doc: BudgetDocument, average_wage: float,
                      rates: tuple[Rate, ...] = DEFAULT_RATES) -> pd.DataFrame:
    """Headcount each contribution base implies for an analyst's average yearly wage (万元).

    ``average_wage`` is analyst input (the contribution base per person, 万元 a year).

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> heads = implied_headcount(doc, average_wage=10.0)  # an analyst's 10万元 a year
    >>> round(float(heads.set_index("item").loc["基本养老保险", "implied_people"]), 1)
    6.6
    """
    bases = contribution_bases(doc, rates)
    return bases.assign(average_wage=average_wage,
                        implied_people=bases["implied_base"] / average_wage,
                        input="分析人员输入：人均缴费基数（万元/年）")


def per_capita(doc: BudgetDocument, staff: float, norm: float | None = None) -> pd.DataFrame:
    """人员经费 and 公用经费 per person of an analyst-supplied headcount (万元/人).

    ``staff`` and ``norm`` (a per-capita 公用经费 standard) are analyst input.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> round(float(per_capita(doc, staff=5).set_index("item").loc["人员经费", "per_capita"]), 3)
    22.006
    """
    records = []
    for item in ("人员经费", "公用经费"):
        cells = find_figure(doc.tables, item)
        amount = float(cells["value"].fillna(0).sum()) if cells is not None else np.nan
        value = amount / staff if staff else np.nan
        own_norm = norm if item == "公用经费" else None
        records.append({"item": item, "amount": amount, "staff": staff, "per_capita": value,
                        "norm": own_norm,
                        "over_norm": value - own_norm if own_norm is not None else None,
                        "input": "分析人员输入：在职人数" + ("、人均公用经费定额" if norm else "")})
    frame = pd.DataFrame.from_records(records)
    frame.attrs["document"] = doc.about
    return frame


def decompose(cost_prior: float, cost: float, staff_prior: float, staff: float) -> pd.DataFrame:
    """Split a change in personnel cost into headcount, per-capita and interaction effects.

    Examples
    --------
    >>> d = decompose(100.0, 121.0, 10, 11)  # 10万/人 → 11万/人, 10 → 11 people
    >>> d.set_index("effect")["amount"].round(2).to_dict()
    {'人数变化': 10.0, '人均变化': 10.0, '交互作用': 1.0, '合计': 21.0}
    """
    per_prior, per_now = cost_prior / staff_prior, cost / staff
    effects = {
        "人数变化": (staff - staff_prior) * per_prior,
        "人均变化": staff_prior * (per_now - per_prior),
        "交互作用": (staff - staff_prior) * (per_now - per_prior),
    }
    effects["合计"] = sum(effects.values())
    return pd.DataFrame({"effect": list(effects), "amount": list(effects.values())})


def drivers(doc: BudgetDocument) -> pd.DataFrame:
    """The narrative's stated reasons, classified into drivers, with the change each explains.

    A reason may name several drivers; its change is then listed under each, marked
    ``shared``. Reasons that match no driver are kept as "其他/未说明".

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> d = drivers(doc)
    >>> d[d["line"] == 493][["driver", "change"]].values.tolist()
    [['新增车辆或资产', 0.62]]
    """
    table = yoy(doc)
    records = []
    for row in table.itertuples():
        reason = str(row.reason or "")
        found = [name for name, pattern in DRIVERS.items() if re.search(pattern, reason)]
        for name in found or ["其他/未说明"]:
            records.append({"driver": name, "item": row.item, "change": row.change,
                            "shared": len(found) > 1, "reason": row.reason, "line": row.line,
                            "page": row.page})
    return pd.DataFrame.from_records(records)


def read_analyst_headcount(path, department: str | None = None,
                           year: int | None = None) -> pd.DataFrame:
    """Staff counts an analyst supplied (``data/analyst/headcount.csv``), marked as such."""
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype={"department": str})
    if department is not None:
        frame = frame[frame["department"] == department]
    if year is not None:
        frame = frame[frame["year"] == year]
    return frame.assign(input="分析人员输入")


def analyst_staff(doc: BudgetDocument, path=None, year: int | None = None) -> float | None:
    """The 在职 headcount an analyst entered for the document's department and year (or
    ``year``, such as the year before) in ``path`` (default ``data/analyst/headcount.csv``);
    None when the file or the row is missing."""
    path = Path(path) if path else ANALYST_DIR / "headcount.csv"
    year = year or doc.year
    if not path.is_file() or not doc.department or not year:
        return None
    rows = read_analyst_headcount(path, doc.department, year)
    rows = rows[rows["category"].astype(str).str.contains("在职")]
    return float(rows["people"].sum()) if len(rows) else None


def staff_count(doc: BudgetDocument, given: float | None = None, path=None,
                year: int | None = None) -> tuple[float | None, str]:
    """The 在职 headcount for the document's year (or ``year``) and where it comes from:
    ``given`` (a parameter), else the narrative's own count (its year only), else the
    analyst's file (:func:`analyst_staff`); None, with why, when none has it.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> staff_count(doc, 5)
    (5, '5 人（参数，分析人员输入）')
    >>> staff_count(doc, path="nowhere.csv")[1]
    '未知：说明未写明在职人数，nowhere.csv 中没有 阿图什市人民政府外事办公室 2026 年的在职人数'
    """
    year = year or doc.year
    if given:
        return given, f"{given:g} 人（参数，分析人员输入）"
    if year == doc.year:
        facts = headcount_facts(doc)
        serving = facts[facts["subject"].str.contains("在职") & ~facts["subject"].str.contains("退")]
        if len(serving):
            row = serving.iloc[0]
            return float(row["people"]), f"{row['people']:g} 人（说明第 {row['line']} 行：{row['subject']}）"
    path = path or ANALYST_DIR / "headcount.csv"
    people = analyst_staff(doc, path, year)
    if people is None:
        told = "说明未写明在职人数，" if year == doc.year else ""
        return None, f"未知：{told}{path} 中没有 {doc.department} {year or '年度不明'} 年的在职人数"
    return people, f"{people:g} 人（分析人员输入，{path}）"
