"""Headcount-driven explanations on the seed; analyst inputs are labelled as such."""

from __future__ import annotations

import pytest

import budgetlib
from budgetlib import headcount
from budgetlib.config import ANALYST_DIR


def test_document_counts_people_only_where_it_says_so(doc):
    # line 435: "主要原因是本单位离退休 1 人" — the only headcount the seed prints
    facts = headcount.headcount_facts(doc)
    assert facts[["people", "line"]].values.tolist() == [[1, 435]]


def test_contribution_bases_agree_for_pension_and_annuity(doc):
    bases = headcount.contribution_bases(doc).set_index("item")
    # 表6 lines 257–261: 30108 10.51, 30109 5.25, 30110 7.55, 30113 8.50
    assert bases["amount"].to_dict() == {"基本养老保险": 10.51, "职业年金": 5.25,
                                         "职工基本医疗保险": 7.55, "住房公积金": 8.50}
    assert bases.loc["基本养老保险", "implied_base"] == pytest.approx(10.51 / 0.16)
    # pension (16%) and annuity (8%) imply one wage bill to within 0.07 万元
    gap = bases.loc["基本养老保险", "implied_base"] - bases.loc["职业年金", "implied_base"]
    assert abs(gap) < 0.07
    assert bases["source"].str.len().min() > 10  # every rate says where it comes from


def test_per_capita_and_implied_headcount_need_analyst_input(doc):
    table = headcount.per_capita(doc, staff=4).set_index("item")
    assert table.loc["人员经费", "per_capita"] == pytest.approx(110.03 / 4)
    assert table.loc["公用经费", "per_capita"] == pytest.approx(2.32 / 4)
    assert (table["input"].str.startswith("分析人员输入")).all()
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
    assert by_line[431] == {"职级晋升或工资调整"}  # 在职人员岗位职级晋升，工资增加
    assert by_line[439] == {"缴费政策或基数变化"}  # 职业年金全额纳入财政预算保障
    assert by_line[398] == {"压减开支"}  # 落实过‘紧日子’要求
    assert by_line[493] == {"新增车辆或资产"}  # 保障新增公务用车的运行
    assert by_line[479] >= {"新增车辆或资产"}  # 新增保障 1 辆公务用车


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
    # pension 785.06 / 16% = 4,906.6 and annuity 314.03 / 8% = 3,925.4: they disagree
    assert bases.loc["基本养老保险", "implied_base"] == pytest.approx(785.06 / 0.16)
    # 人员经费 = 301 8,300.32 + 303 1,167.40 (narrative p.11: 人员经费9467.72万元)
    table = headcount.per_capita(doc, staff=100).set_index("item")
    assert table.loc["人员经费", "amount"] == pytest.approx(9467.72)
    assert table.loc["公用经费", "amount"] == pytest.approx(2232.91)


def test_contribution_bases_of_a_shanghai_document(corpus):
    doc = budgetlib.read_budget(corpus / "shanghai" / "putuo_wanli_subdistrict_office_budget_2025.pdf")
    bases = headcount.contribution_bases(doc).set_index("item")
    # p.27, in 元: 30108 4,827,156; 30109 2,413,577; 30110 3,016,973; 30113 3,846,732
    assert bases["amount"].to_dict() == pytest.approx({
        "基本养老保险": 482.7156, "职业年金": 241.3577, "职工基本医疗保险": 301.6973,
        "住房公积金": 384.6732})
    # p.28 合计: 人员经费 90,514,044, 公用经费 10,827,702
    table = headcount.per_capita(doc, staff=100).set_index("item")
    assert table["amount"].to_dict() == pytest.approx({"人员经费": 9051.4044, "公用经费": 1082.7702})


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
