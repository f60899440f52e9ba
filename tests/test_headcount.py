"""Headcount-driven explanations on the seed; analyst inputs are labelled as such."""

from __future__ import annotations

import pytest

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
