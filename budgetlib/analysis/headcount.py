"""Headcount-driven cost explanations: people, per-capita costs, contribution bases, drivers.

Every figure here is either read off the document or supplied by the analyst, and says
which. Statutory contribution rates are documented parameters with their source; where
the rate is set locally, the default is marked so and should be checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from budgetlib.analysis import figure_amount, figure_rows, figures_of, find_figure, yoy
from budgetlib.analysis.reasons import (  # the vocabulary and totals, where notebooks look
    DRIVERS,  # noqa: F401
    classify_reason,
    driver_totals,  # noqa: F401
)
from budgetlib.config import ANALYST_DIR
from budgetlib.model import BudgetDocument


@dataclass(frozen=True)
class Rate:
    """An employer contribution rate, where it comes from, and from when it applies."""

    item: str
    #: 经济分类 code of the budget line that pays it.
    code: str
    rate: float
    source: str
    #: The first day the rate is in force; None: in force before any document we read.
    since: date | None = None


#: Employer contribution rates for 机关事业单位 staff, one row per rate an item has had
#: (:func:`rates_for` picks those of a document's year). Pass ``rates=`` where the local
#: rule differs (住房公积金 and 医疗 are set locally).
CONTRIBUTION_RATES: tuple[Rate, ...] = (
    Rate("基本养老保险", "30108", 0.20,
         "国发〔2015〕2号：单位缴费为本单位工资总额的20%，自2014年10月1日起", date(2014, 10, 1)),
    Rate("基本养老保险", "30108", 0.16,
         "国办发〔2019〕13号：单位缴费比例自2019年5月1日起降至16%", date(2019, 5, 1)),
    Rate("职业年金", "30109", 0.08, "国办发〔2015〕18号：单位缴费为本单位工资总额的8%",
         date(2014, 10, 1)),
    Rate("职工基本医疗保险", "30110", 0.08,
         "地方规定（常见6%–10%），默认值8%未经核实，请按当地文件修改"),
    Rate("住房公积金", "30113", 0.12,
         "《住房公积金管理条例》及建金〔2005〕5号：5%–12%，默认取上限12%，请按当地文件修改"),
)


def rates_for(year: int | None, final_account: bool = False) -> tuple[Rate, ...]:
    """The contribution rates of a document's year, one per item (:data:`CONTRIBUTION_RATES`).

    A budget is drawn up before its year and applies from 1 January: it is held to the rates
    in force on that day (a 2019 budget to the 20% pension rate, cut to 16% only from
    2019-05-01). A final account (决算) records what was paid over the year: each rate is
    weighted by the days it was in force. Without a year, the rates in force now. The
    ``source`` of a rate that changed in the year says how it was chosen.

    Examples
    --------
    >>> [(r.item, r.rate) for r in rates_for(2019)][:2]
    [('基本养老保险', 0.2), ('职业年金', 0.08)]
    >>> rates_for(2020)[0].rate, round(rates_for(2019, final_account=True)[0].rate, 4)
    (0.16, 0.1732)
    """
    first = date(year, 1, 1) if year else date.today()
    last = date(year, 12, 31) if year else first
    chosen = []
    for item in dict.fromkeys(r.item for r in CONTRIBUTION_RATES):
        dated = sorted((r for r in CONTRIBUTION_RATES if r.item == item),
                       key=lambda r: r.since or date.min)
        spans = []  # (rate, first day, last day) of each rate in force during the year
        for rate, after in zip(dated, [*dated[1:], None], strict=True):
            start = max(first, rate.since or date.min)
            end = min(last, after.since - timedelta(days=1)) if after and after.since else last
            if start <= end:
                spans.append((rate, start, end))
        if not spans:
            continue  # not in force in the year (the pension reform came in 2014)
        opening = spans[0][0]
        if len(spans) == 1:
            chosen.append(opening)
        elif final_account:
            days = [(end - start).days + 1 for _, start, end in spans]
            mean = sum(r.rate * d for (r, _, _), d in zip(spans, days, strict=True)) / sum(days)
            parts = "，".join(f"{start:%m-%d}起 {r.rate:.0%}" for r, start, _ in spans)
            sources = "；".join(r.source for r, *_ in spans)
            chosen.append(replace(opening, rate=mean, source=(
                f"{year}年决算：按各比例的执行天数加权（{parts}）；{sources}")))
        else:
            later = "，".join(f"{start:%Y-%m-%d}起 {r.rate:.0%}" for r, start, _ in spans[1:])
            chosen.append(replace(opening, source=(
                f"{year}年预算：按1月1日执行的 {opening.rate:.0%}（年内{later}）；{opening.source}")))
    return tuple(chosen)


#: What a count of people counts: category → the words that name it. The first category
#: whose words the subject holds wins, so 离退休人员 is never taken for serving staff, and
#: 实有 (which may include retirees) is kept apart from 在职.
HEADCOUNT_CATEGORIES: dict[str, str] = {
    "离退休": r"离退休|退休|离休",
    "在职": r"在职|在编",
    "实有": r"实有",
    "编制": r"编制",
}
_WORDS = "|".join(HEADCOUNT_CATEGORIES.values())
# a phrase naming people (no digit, no clause break) ending within a few characters of a
# count in 名 or 人 (not 人次, 人民)
_COUNT = re.compile(rf"(?P<subject>[^,，。;；:：、\d]{{0,24}}?(?:{_WORDS})[^,，。;；:：、\d]{{0,8}}?)"
                    r"\s*(?P<people>\d+)\s*(?:名|人)(?![次民])")
# what comes before the subject proper ("主要原因是本单位离退休" → "本单位离退休") and
# after it ("编制为" → "编制")
_LEAD = re.compile(r"^.*(?:是|其中|包括|现有|共有|目前|截至\S*?底)")
_TAIL = re.compile(r"(?:为|共|有|共有|合计)$")
# a change in people, not a count of them ("新增在职人员 2 名")
_CHANGE = re.compile(r"增|减|调入|调出|退出")


def headcount_facts(doc: BudgetDocument) -> pd.DataFrame:
    """People the document itself counts (编制、在职、实有、离退休…), with their lines.

    Every paragraph of the narrative is read, in the usual phrasings ("编制 339 名",
    "实际在编在职人员 274 名，离退休人员 150 名", "行政政法人员编制 496 人"); a change in
    people ("新增 2 人") is not a count. ``category`` is the key of
    :data:`HEADCOUNT_CATEGORIES` the subject names. This function does not mutate its input.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> headcount_facts(doc)[["subject", "category", "people", "line"]].values.tolist()
    [['本单位离退休', '离退休', 1, 435]]
    """
    found = []
    for paragraph in doc.paragraphs.itertuples():
        for match in _COUNT.finditer(str(paragraph.text)):
            subject = _subject(match.group("subject"))
            if not subject or _CHANGE.search(subject):
                continue
            category = next(name for name, words in HEADCOUNT_CATEGORIES.items()
                            if re.search(words, subject))
            found.append((subject, category, int(match.group("people")), paragraph.line,
                          paragraph.page))
    frame = pd.DataFrame(found, columns=["subject", "category", "people", "line", "page"])
    return frame.drop_duplicates(["category", "people", "line"]).reset_index(drop=True)


def _subject(phrase: str) -> str:
    """The people a count names, without the words around them."""
    start = re.search(_WORDS, phrase).start()
    return (_LEAD.sub("", phrase[:start]) + _TAIL.sub("", phrase[start:])).strip()


def contribution_bases(doc: BudgetDocument, rates: tuple[Rate, ...] | None = None
                       ) -> pd.DataFrame:
    """The wage base each social-insurance line implies: amount ÷ employer rate (万元).

    Lines that agree imply one wage bill; one that does not points at a rate or a line
    to check. The rates are those of the document's year (:func:`rates_for`: a 2019
    budget's pension at 20%, a later one's at 16%) unless ``rates`` are given; ``rate``
    stands beside each base and ``source`` says why it applies. The amounts are the coded
    rows of 一般公共预算基本支出 in whichever column the layout prints it (see
    :data:`budgetlib.registry.FIGURES`, a final account's
    :data:`budgetlib.registry.FINAL_FIGURES`); ``table``, ``line`` and ``page`` say where.
    This function does not mutate its input.

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
    if rates is None:
        rates = rates_for(doc.year, doc.final_account)
    # the coded rows of 一般公共预算基本支出, whichever column a layout prints it in
    frame = figure_rows(doc.tables, "一般公共预算基本支出", figures_of(doc))
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
                      rates: tuple[Rate, ...] | None = None) -> pd.DataFrame:
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


#: The 经济分类 class of 人员经费 that pays retirees and families (离休费、退休费、抚恤金…):
#: it is not a cost of the serving staff.
TRANSFERS_CODE = "303"


def per_capita(doc: BudgetDocument, staff: float, norm: float | None = None,
               retirees: float | None = None) -> pd.DataFrame:
    """人员经费 and 公用经费 per person (万元/人), the serving staff's without the retirees' share.

    人员经费 is 工资福利支出 (301) plus 对个人和家庭的补助 (303); 303 pays mainly retirees
    (离休费、退休费), so the serving staff's per-capita cost is 人员经费 less 303, and 303
    is shown on its own row, per retiree where the count is known. The total row has no
    per-capita figure. ``note`` says how each row is made. ``staff`` (在职人数) and
    ``norm`` (a per-capita 公用经费 standard) are analyst input; ``retirees`` is analyst
    input, else the narrative's own 离退休 count (:func:`headcount_facts`), else unknown.
    This function does not mutate its input.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> table = per_capita(doc, staff=4).set_index("item")
    >>> round(float(table.loc["在职人员经费", "per_capita"]), 2)  # (110.03 − 2.27) / 4
    26.94
    >>> table.loc["人员经费", "note"]
    '工资福利支出 107.76 + 对个人和家庭的补助 2.27；含离退休人员经费，不按在职人数平均'
    """
    personnel, public = (_figure(doc, "人员经费"), _figure(doc, "公用经费"))
    rows = figure_rows(doc.tables, "一般公共预算基本支出", figures_of(doc))
    paid = pd.Series(dtype=float) if rows is None else rows[rows["code"] == TRANSFERS_CODE]["value"]
    transfers = float(paid.dropna().iloc[0]) if paid.notna().any() else np.nan
    serving = personnel - transfers if not np.isnan(transfers) else personnel
    retirees, retirees_from, retirees_input = _retirees(doc, retirees)
    staff_input = "分析人员输入：在职人数" + ("、人均公用经费定额" if norm else "")
    if np.isnan(transfers):
        serving_note = "文档未列对个人和家庭的补助（303）：人员经费全部按在职人数平均"
        total_note = "同在职人员经费"
    else:
        serving_note = f"人员经费 {personnel:.2f} − 对个人和家庭的补助 {transfers:.2f}"
        total_note = (f"工资福利支出 {serving:.2f} + 对个人和家庭的补助 {transfers:.2f}；"
                      "含离退休人员经费，不按在职人数平均")
    per_retiree = transfers / retirees if retirees else np.nan
    records = [
        _row("人员经费", personnel, np.nan, np.nan, total_note, "文档"),
        _row("在职人员经费", serving, staff, serving / staff if staff else np.nan,
             serving_note, staff_input),
        _row("对个人和家庭的补助", transfers, retirees, per_retiree,
             f"离休费、退休费等，单列；{retirees_from}", retirees_input),
        _row("公用经费", public, staff, public / staff if staff else np.nan, "按在职人数平均",
             staff_input, norm),
    ]
    frame = pd.DataFrame.from_records(records)
    frame.attrs["document"] = doc.about
    return frame


def _figure(doc: BudgetDocument, name: str) -> float:
    amount = figure_amount(find_figure(doc.tables, name, figures_of(doc)))
    return np.nan if amount is None else amount


def _retirees(doc: BudgetDocument, given: float | None) -> tuple[float, str, str]:
    """离退休人数, how it is used and where it comes from: analyst input, else the
    narrative, else unknown."""
    if given:
        return given, f"按离退休 {given:g} 人平均", "分析人员输入：离退休人数"
    facts = headcount_facts(doc)
    retired = facts[facts["category"] == "离退休"]
    if len(retired):
        row = retired.iloc[0]
        where = f"第 {int(row['page'])} 页" if pd.notna(row["page"]) else f"第 {row['line']} 行"
        return float(row["people"]), f"按离退休 {row['people']:g} 人平均", f"说明{where}：{row['subject']}"
    return np.nan, "说明未写明离退休人数，不计人均", "未知"


def _row(item: str, amount: float, people: float, value: float, note: str, source: str,
         norm: float | None = None) -> dict:
    return {"item": item, "amount": amount, "people": people, "per_capita": value, "norm": norm,
            "over_norm": value - norm if norm is not None else None, "note": note,
            "input": source}


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

    The vocabulary is :data:`~budgetlib.analysis.reasons.DRIVER_WORDS`. A reason may name
    several drivers; its change is then listed under each, marked ``shared``. A reason
    that names none is kept as "未归类", a change without a reason as "未说明": neither is
    put under a driver the document does not name. ``counted`` marks the rows whose
    changes add up once (:func:`counted_changes`): sum ``change`` over the counted rows, one
    per change (:func:`~budgetlib.analysis.reasons.driver_totals`), never over all rows,
    where totals repeat their parts.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> d = drivers(doc)
    >>> d[d["line"] == 493][["driver", "change", "counted"]].values.tolist()
    [['车辆或资产', 0.62, False]]
    """
    table = yoy(doc)
    counted = counted_changes(table)
    records = []
    for row, once in zip(table.itertuples(), counted, strict=True):
        found = classify_reason(row.reason)
        for name in found:
            records.append({"driver": name, "item": row.item, "change": row.change,
                            "shared": len(found) > 1, "counted": once, "reason": row.reason,
                            "line": row.line, "page": row.page})
    return pd.DataFrame.from_records(
        records, columns=["driver", "item", "change", "shared", "counted", "reason", "line", "page"])


def counted_changes(table: pd.DataFrame) -> list[bool]:
    """Which year-over-year rows (:func:`~budgetlib.analysis.yoy`) add up without counting a
    change twice: the coded items that have no coded part listed (leaf items), or, where the
    narrative explains no coded item, the broadest total alone.

    A narrative states one change at several levels: 一般公共预算支出, its 类, its 项, and
    again as income (财政拨款收入) and through cross-cutting figures (三公经费, 机关运行经费)
    that the items already contain. Adding them all counts the money several times.

    Examples
    --------
    >>> rows = pd.DataFrame({"item": ["支出合计", "行政运行", "一般公共服务", "三公经费"],
    ...                      "table": ["t", "t", "t", "t"], "code": [None, "2010301", "201", None],
    ...                      "current": [100.0, 60.0, 80.0, 2.0], "change": [5.0, 3.0, 4.0, 1.0]})
    >>> counted_changes(rows)
    [False, True, False, False]
    >>> counted_changes(rows[rows["code"].isna()])  # totals alone: the broadest one
    [True, False]
    """
    known = table["change"].notna()
    coded = table["code"].notna() & known
    if coded.any():
        codes = [(t, str(c)) for t, c in zip(table["table"], table["code"], strict=True)]
        with_parts = {(t, c) for t, c in codes for t2, c2 in codes
                      if t2 == t and c2 != c and c2.startswith(c)}
        return [bool(is_coded) and code not in with_parts
                for is_coded, code in zip(coded, codes, strict=True)]
    if not known.any():
        return [False] * len(table)
    broadest = table.loc[known, "current"].fillna(-np.inf).idxmax()
    return [index == broadest for index in table.index]


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
        serving = facts[facts["category"] == "在职"]
        if len(serving):
            row = serving.iloc[0]
            return float(row["people"]), f"{row['people']:g} 人（说明第 {row['line']} 行：{row['subject']}）"
    path = path or ANALYST_DIR / "headcount.csv"
    people = analyst_staff(doc, path, year)
    if people is None:
        told = "说明未写明在职人数，" if year == doc.year else ""
        return None, f"未知：{told}{path} 中没有 {doc.department} {year or '年度不明'} 年的在职人数"
    return people, f"{people:g} 人（分析人员输入，{path}）"
