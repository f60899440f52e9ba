"""Headcount-driven explanations on the seed; analyst inputs are labelled as such."""

from __future__ import annotations

import pandas as pd
import pytest

import budgetlib
from budgetlib import headcount
from budgetlib.analysis import reasons
from budgetlib.config import ANALYST_DIR, SEED_DOCUMENT


def test_document_counts_people_only_where_it_says_so(doc):
    # line 435: "主要原因是本单位离退休 1 人" — the only headcount the seed prints
    facts = headcount.headcount_facts(doc)
    assert facts[["people", "line"]].values.tolist() == [[1, 435]]


def test_headcount_phrasings_of_a_narrative(tmp_path):
    # a paragraph in the phrasing Shanghai budgets use, planted after the seed's line 72
    lines = SEED_DOCUMENT.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "无下属预算单位" in line) + 1
    planted = ("本部门编制 339 名，其中行政编制 300 名。截至上年底，实际在编在职人员 274 名，"
               "离退休人员 150 名；本年新增在职人员 2 名，参训人数 300 人次。")
    path = tmp_path / "planted.txt"
    path.write_text("\n".join(lines[:at] + ["", planted, ""] + lines[at:]), encoding="utf-8")
    doc = budgetlib.read_budget(path)
    facts = headcount.headcount_facts(doc)
    said = facts[facts["subject"] != "本单位离退休"]
    assert said[["subject", "category", "people"]].values.tolist() == [
        ["本部门编制", "编制", 339], ["行政编制", "编制", 300],
        ["实际在编在职人员", "在职", 274], ["离退休人员", "离退休", 150]]
    assert said["line"].nunique() == 1  # all from the planted paragraph
    # the narrative's 在职 count is the year's staff; the retirees are not
    assert headcount.staff_count(doc)[0] == 274
    assert "实际在编在职人员" in headcount.staff_count(doc)[1]


def test_headcount_of_a_jiangsu_narrative(corpus):
    doc = budgetlib.read_budget(corpus / "jiangsu" / "js_procuratorate_2017_budget_full.pdf")
    facts = headcount.headcount_facts(doc)
    # p.7: "江苏省人民检察院行政政法人员编制 496 人，机构设置包括 23 个内设机构…"
    assert facts[["category", "people", "page"]].values.tolist() == [["编制", 496, 7]]
    assert facts["subject"].iloc[0].endswith("行政政法人员编制")
    # an establishment is not a count of serving staff
    assert headcount.staff_count(doc, path="nowhere.csv")[0] is None


def test_contribution_bases_agree_for_pension_and_annuity(doc):
    bases = headcount.contribution_bases(doc).set_index("item")
    # 表6 lines 257–261: 30108 10.51, 30109 5.25, 30110 7.55, 30113 8.50
    assert bases["amount"].to_dict() == {"基本养老保险": 10.51, "职业年金": 5.25,
                                         "职工基本医疗保险": 7.55, "住房公积金": 8.50}
    # a 2026 budget: the pension rate is 16% (since 2019-05-01), shown beside its base
    assert bases.loc["基本养老保险", "rate"] == 0.16
    assert bases.loc["基本养老保险", "implied_base"] == pytest.approx(10.51 / 0.16)
    # pension (16%) and annuity (8%) imply one wage bill to within 0.07 万元
    gap = bases.loc["基本养老保险", "implied_base"] - bases.loc["职业年金", "implied_base"]
    assert abs(gap) < 0.07
    assert bases["source"].str.len().min() > 10  # every rate says where it comes from


def test_the_pension_rate_is_the_one_in_force_for_the_year():
    pension = {year: headcount.rates_for(year)[0] for year in (2018, 2019, 2020)}
    assert [pension[y].item for y in pension] == ["基本养老保险"] * 3
    # 国办发〔2019〕13号 cut the unit rate from 20% to 16% from 2019-05-01: a 2019 budget,
    # drawn up before the year, was made at 20%, and says why
    assert [pension[y].rate for y in (2018, 2019, 2020)] == [0.20, 0.20, 0.16]
    assert "2019-05-01起 16%" in pension[2019].source
    # a 2019 final account paid 20% for 120 days and 16% for 245
    paid = headcount.rates_for(2019, final_account=True)[0]
    assert paid.rate == pytest.approx((0.20 * 120 + 0.16 * 245) / 365)
    assert {r.item: r.rate for r in headcount.rates_for(2019)}["职业年金"] == 0.08
    # before the 2014 reform there was no 机关 pension contribution to divide by
    assert "基本养老保险" not in {r.item for r in headcount.rates_for(2013)}


@pytest.mark.parametrize(("files", "pension", "annuity", "page"), [
    # tables p.8: 30108 机关事业单位基本养老保险缴费 785.06, 30109 职业年金缴费 314.03
    (["js_party_office_2019_budget_narrative.pdf", "js_party_office_2019_budget_tables.pdf"],
     785.06, 314.03, 8),
    # p.19: 30108 机关事业单位基本养老保险缴费 1,064.46, 30109 职业年金缴费 425.79
    (["js_procuratorate_2019_budget_full.pdf"], 1064.46, 425.79, 19),
])
def test_a_2019_budget_divides_its_pension_by_20_percent(corpus, files, pension, annuity, page):
    paths = [corpus / "jiangsu" / f for f in files]
    doc = budgetlib.read_budget(paths if len(paths) > 1 else paths[0])
    bases = headcount.contribution_bases(doc).set_index("item")
    assert bases.loc["基本养老保险", ["amount", "rate", "page"]].tolist() == [pension, 0.20, page]
    # at 20% the pension implies the 职业年金's base (÷ 8%) to within the roundings: one wage
    # bill (785.06 ÷ 0.20 = 3,925.30 and 314.03 ÷ 0.08 = 3,925.375); at 16% it would not
    base = bases.loc["基本养老保险", "implied_base"]
    assert base == pytest.approx(pension / 0.20)
    assert base == pytest.approx(annuity / 0.08, abs=0.1)
    assert abs(pension / 0.16 - annuity / 0.08) > 900


def test_per_capita_and_implied_headcount_need_analyst_input(doc):
    table = headcount.per_capita(doc, staff=4).set_index("item")
    # 表6 line 270: 人员经费 110.03 = 301 工资福利支出 107.76 + 303 对个人和家庭的补助 2.27
    # (line 268: 退休费); the serving staff's share is per person, the retirees' apart
    assert table.loc["在职人员经费", "amount"] == pytest.approx(107.76)
    assert table.loc["在职人员经费", "per_capita"] == pytest.approx(107.76 / 4)
    assert table.loc["公用经费", "per_capita"] == pytest.approx(2.32 / 4)
    assert table.loc["人员经费", "amount"] == pytest.approx(110.03)
    assert pd.isna(table.loc["人员经费", "per_capita"])  # it pays retirees too
    assert "对个人和家庭的补助 2.27" in table.loc["人员经费", "note"]
    # line 435: "本单位离退休 1 人" — the 退休费 2.27 is per that retiree
    assert table.loc["对个人和家庭的补助", "per_capita"] == pytest.approx(2.27)
    assert table.loc["对个人和家庭的补助", "input"] == "说明第 435 行：本单位离退休"
    assert table.loc[["在职人员经费", "公用经费"], "input"].str.startswith("分析人员输入").all()
    given = headcount.per_capita(doc, staff=4, retirees=2).set_index("item")
    assert given.loc["对个人和家庭的补助", "per_capita"] == pytest.approx(2.27 / 2)
    heads = headcount.implied_headcount(doc, average_wage=12.0).set_index("item")
    assert heads.loc["职业年金", "implied_people"] == pytest.approx(5.25 / 0.08 / 12.0)


def test_decomposition_adds_up():
    parts = headcount.decompose(80.0, 99.0, 8, 9).set_index("effect")["amount"]
    assert parts["人数变化"] == pytest.approx(10.0)  # one more person at 10万
    assert parts["人均变化"] == pytest.approx(8 * (11.0 - 10.0))
    assert parts["合计"] == pytest.approx(19.0)


def test_drivers_classify_the_stated_reasons(doc):
    table = headcount.drivers(doc)
    by_line = table.groupby("line")["driver"].apply(set).to_dict()
    assert by_line[431] == {"调资或晋升"}  # 在职人员岗位职级晋升，工资增加
    assert by_line[416] == {"调资或晋升"}  # 本年人员岗位和职级晋升，工资调标
    # 根据养老保险制度改革要求…职业年金缴费全额纳入财政预算保障
    assert by_line[439] == {"社保政策或缴费基数", "预算范围调整"}
    assert by_line[398] == {"压减开支"}  # 落实过‘紧日子’要求…项目支出进行了统筹压减
    assert by_line[493] == {"车辆或资产"}  # 保障新增公务用车的运行
    assert by_line[479] >= {"车辆或资产"}  # 新增保障 1 辆公务用车
    # line 390: "本年度预计取得的单位资金收入较上年增加" names no driver: not 其他, read it
    assert by_line[390] == {reasons.UNCLASSIFIED}
    # the headline figures with no stated change (表1 收入总计, line 116) have no reason
    assert table.loc[table["line"] == 116, "driver"].tolist() == [reasons.UNSTATED]


def test_policy_pay_rises_of_a_jiangsu_narrative(corpus):
    folder = corpus / "jiangsu"
    doc = budgetlib.read_budget([folder / "js_party_office_2018_budget_narrative.pdf",
                                 folder / "js_party_office_2018_budget_tables.pdf"])
    table = headcount.drivers(doc).set_index("item")
    # p.8: "行政运行…增加1965.30万元…主要原因是人员经费政策性调整"; p.9: "提租补贴…增加
    # 1064.47万元…主要原因是提租补贴政策性调整" — pay rises, not 其他/未说明
    assert table.loc["行政运行", ["driver", "change"]].tolist() == ["调资或晋升", 1965.30]
    assert table.loc["提租补贴", ["driver", "change"]].tolist() == ["调资或晋升", 1064.47]
    # p.11: "对公务接待费进行了压减" is a cut; "新增省委机要局培训费" is training, not a cut
    assert table.loc["公务接待费预算支出", "driver"] == "压减开支"
    assert table.loc["一般公共预算拨款安排的培训费预算支出", "driver"] == "培训或会议"


def test_policy_pay_rises_listed_as_first_and_second_reasons(corpus):
    folder = corpus / "jiangsu"
    doc = budgetlib.read_budget([folder / "js_party_office_2019_budget_narrative.pdf",
                                 folder / "js_party_office_2019_budget_tables.pdf"])
    said = headcount.drivers(doc).groupby("item")["driver"].apply(set)
    # p.9: "行政运行（项）…增加1297.83万元…主要原因：一是人员经费政策性调增；二是因增设机构而
    # 增加了在职人数，人员经费有所增长"; p.10: "提租补贴（项）…增加628.34万元…主要原因：一是因
    # 增设机构而增加了在职人数,提租补贴有所增长；二是提租补贴政策性调增"
    for item in ("行政运行", "提租补贴"):
        assert said[item] == {"调资或晋升", "人员增减", "机构或职能调整"}, item
    # p.10: "未归口管理的行政单位离退休（项）…主要原因是离退休人员经费政策性调增"
    assert said["未归口管理的行政单位离退休"] == {"调资或晋升"}


def test_meetings_and_training_are_not_cuts(corpus):
    doc = budgetlib.read_budget(corpus / "jiangsu" / "js_high_court_2019_budget_full.pdf")
    table = headcount.drivers(doc)
    said = table.groupby("item")["driver"].apply(set)
    # p.24: "会议费…减少0.24万元…主要原因是会议费支出预算安排减少" and "培训费…主要原因是
    # 减少了本级干警培训费支出预算": 减少 says which way, not that spending was cut
    assert said["一般公共预算拨款安排的会议费预算支出"] == {"培训或会议"}
    assert said["一般公共预算拨款安排的培训费预算支出"] == {"培训或会议"}
    # p.24: "主要原因是压减了公务接待费的支出预算安排" is a cut
    assert said["公务接待费预算支出"] == {"压减开支"}
    # p.21: "住房公积金…主要原因是调整了住房公积金标准增加的支出" is a pay rise
    assert said["住房公积金"] == {"调资或晋升"}


def test_the_vocabulary_knows_the_wordings_of_each_driver():
    said = {
        "人员经费政策性调增": ["调资或晋升"], "政策性增资": ["调资或晋升"],
        "政策性调资": ["调资或晋升"], "工资调标": ["调资或晋升"], "职级晋升": ["调资或晋升"],
        "因增设机构而增加了在职人数": ["人员增减", "机构或职能调整"],
        "参训人数增多": ["培训或会议"], "召开人大会议": ["培训或会议"],
        "新增移动办公平台运维费": ["项目增减"], "对本年度项目支出进行了统筹压减": ["压减开支"],
        "统计口径发生调整,上下年度不具备可比性": ["统计口径变化"],
        "增加人员经费": [reasons.UNCLASSIFIED], "": [reasons.UNSTATED],
    }
    for reason, drivers in said.items():
        assert reasons.classify_reason(reason) == drivers, reason


def test_driver_totals_count_each_change_once(doc, corpus):
    totals = headcount.driver_totals(headcount.drivers(doc))
    assert isinstance(totals, pd.DataFrame)
    assert list(totals.columns) == ["driver", "change", "count", "items"]
    # the seed's 项 (lines 431–443), each once: 431 +4.66; 437/441/443 name two drivers
    # (0.64 + 0.46 + 0.48); 433 −50.00 names two; together the 一般公共预算 change of line
    # 378 (减少 38.49), give or take the items' rounding
    by = totals.set_index("driver")["change"].to_dict()
    assert by["调资或晋升"] == 4.66 and by["调资或晋升＋社保政策或缴费基数"] == 1.58
    assert by["一次性项目＋压减开支"] == -50.0
    assert sum(by.values()) == pytest.approx(-38.49, abs=0.03)
    folder = corpus / "jiangsu"
    doc = budgetlib.read_budget([folder / "js_party_office_2019_budget_narrative.pdf",
                                 folder / "js_party_office_2019_budget_tables.pdf"])
    totals = headcount.driver_totals(headcount.drivers(doc)).set_index("driver")
    # p.7: 一般公共预算 增加3205.79万元; its 项 (p.9–10) are each counted once
    assert totals["change"].sum() == pytest.approx(3205.79)
    # p.9–10: 行政运行 1297.83 + 住房公积金 250.59 + 提租补贴 628.34, each "一是…；二是…政策性调增"
    assert totals.loc["调资或晋升＋人员增减＋机构或职能调整", "change"] == pytest.approx(2176.76)


def test_drivers_count_each_change_once(doc):
    table = headcount.drivers(doc)
    once = table[table["counted"]].drop_duplicates(["item", "line"])
    # the seed explains its seven 项 (lines 431–443); their changes add up to the
    # 一般公共预算 change (line 378: 减少 38.49), give or take the items' rounding
    assert sorted(once["line"]) == [431, 433, 435, 437, 439, 441, 443]
    assert once["change"].sum() == pytest.approx(-38.49, abs=0.03)
    # totals (基本支出, line 396) and cross-cutting figures (三公, line 479) are listed, not counted
    assert not table[table["line"].isin([396, 479])]["counted"].any()


def test_drivers_of_totals_alone_count_one_total(corpus):
    doc = budgetlib.read_budget(corpus / "shanghai" / "putuo_wanli_subdistrict_office_budget_2025.pdf")
    table = headcount.drivers(doc)
    # p.6 states the 3,355.65 万元 increase three times (财政拨款收入, 财政拨款支出, 一般公共
    # 预算拨款支出) and p.30 the 三公 changes: no coded item, so the total alone is counted
    assert table.loc[table["counted"], "change"].tolist() == [pytest.approx(3355.65)]


def test_more_trainees_are_not_more_staff():
    said = {"参训人数增多": ["培训或会议"], "新增在职人员 2 名": ["人员增减"],
            "在职人数增加": ["人员增减"], "会议规模扩大": ["培训或会议"],
            "增加人员经费": [reasons.UNCLASSIFIED]}
    for reason, drivers in said.items():
        assert reasons.classify_reason(reason) == drivers, reason


def test_analyst_headcount_file_ships_without_invented_rows():
    frame = headcount.read_analyst_headcount(ANALYST_DIR / "headcount.csv")
    assert list(frame.columns) == ["department", "year", "category", "people", "source", "input"]
    assert frame.empty


def test_contribution_bases_of_a_jiangsu_document(corpus):
    folder = corpus / "jiangsu"
    doc = budgetlib.read_budget([folder / "js_party_office_2019_budget_narrative.pdf",
                                 folder / "js_party_office_2019_budget_tables.pdf"])
    bases = headcount.contribution_bases(doc).set_index("item")
    # tables p.8 (one 金额 column): 30108 785.06, 30109 314.03, 30113 965.87; no 30110 row
    assert bases["amount"].dropna().to_dict() == {"基本养老保险": 785.06, "职业年金": 314.03,
                                                  "住房公积金": 965.87}
    assert (bases["table"].dropna() == "一般公共预算基本支出情况表").all()
    assert set(bases["page"].dropna()) == {8}
    # a 2019 budget: pension 785.06 / 20% = 3,925.3 and annuity 314.03 / 8% = 3,925.4 agree
    assert bases.loc["基本养老保险", "implied_base"] == pytest.approx(785.06 / 0.20)
    # 人员经费 = 301 8,300.32 + 303 1,167.40 (narrative p.11: 人员经费9467.72万元)
    table = headcount.per_capita(doc, staff=100).set_index("item")
    assert table.loc["人员经费", "amount"] == pytest.approx(9467.72)
    assert table.loc["在职人员经费", "per_capita"] == pytest.approx(8300.32 / 100)
    assert table.loc["对个人和家庭的补助", "amount"] == pytest.approx(1167.40)
    assert table.loc["公用经费", "amount"] == pytest.approx(2232.91)


def test_contribution_bases_of_a_shanghai_document(corpus):
    doc = budgetlib.read_budget(corpus / "shanghai" / "putuo_wanli_subdistrict_office_budget_2025.pdf")
    bases = headcount.contribution_bases(doc).set_index("item")
    # p.27, in 元: 30108 4,827,156; 30109 2,413,577; 30110 3,016,973; 30113 3,846,732
    assert bases["amount"].to_dict() == pytest.approx({
        "基本养老保险": 482.7156, "职业年金": 241.3577, "职工基本医疗保险": 301.6973,
        "住房公积金": 384.6732})
    # p.28 合计: 人员经费 90,514,044, 公用经费 10,827,702; 303 对个人和家庭的补助 275,460
    # (退休费); p.27 301 工资福利支出 90,238,584
    table = headcount.per_capita(doc, staff=100).set_index("item")
    assert table["amount"].to_dict() == pytest.approx({
        "人员经费": 9051.4044, "在职人员经费": 9023.8584, "对个人和家庭的补助": 27.546,
        "公用经费": 1082.7702})
    # the narrative counts no retirees: no per-retiree figure, and it says so
    assert pd.isna(table.loc["对个人和家庭的补助", "per_capita"])
    assert "未写明离退休人数" in table.loc["对个人和家庭的补助", "note"]


def test_staff_count_from_parameter_narrative_or_analyst_file(doc, tmp_path):
    csv = tmp_path / "headcount.csv"
    csv.write_text("department,year,category,people,source\n"
                   f"{doc.department},{doc.year},在职,7,三定方案\n"
                   f"{doc.department},{doc.year},离退休,1,三定方案\n"
                   f"{doc.department},{doc.year - 1},在职,6,三定方案\n", encoding="utf-8")
    assert headcount.staff_count(doc, 9, csv)[0] == 9
    staff, source = headcount.staff_count(doc, None, csv)
    assert staff == 7 and "分析人员输入" in source
    assert headcount.staff_count(doc, None, csv, year=doc.year - 1)[0] == 6
    assert headcount.staff_count(doc, None, tmp_path / "none.csv")[0] is None


def test_contribution_bases_of_a_final_account(corpus):
    name = "putuo_finance_bureau_dept_final_accounts_2024.pdf"
    doc = budgetlib.read_budget(corpus / "final_accounts" / name)
    bases = headcount.contribution_bases(doc).set_index("item")
    # p.16 一般公共预算财政拨款基本支出决算表 (万元), left panel: 30108 160.75, 30109 80.38,
    # 30110 60.99, 30113 187.19
    assert bases["amount"].to_dict() == pytest.approx({
        "基本养老保险": 160.75, "职业年金": 80.38, "职工基本医疗保险": 60.99, "住房公积金": 187.19})
    assert set(bases["page"]) == {16}
    # pension and annuity imply one wage base: 160.75 / 16% = 1,004.69, 80.38 / 8% = 1,004.75
    assert bases.loc["职业年金", "implied_base"] == pytest.approx(80.38 / 0.08)
    # p.17 人员经费合计 2,152.26 = 301 2,082.85 + 303 69.41 (p.16); 公用经费合计 184.65
    table = headcount.per_capita(doc, staff=10).set_index("item")
    assert table["amount"].to_dict() == pytest.approx({
        "人员经费": 2152.26, "在职人员经费": 2082.85, "对个人和家庭的补助": 69.41, "公用经费": 184.65})
