"""The year-over-year bridge: steps that add up, from the narrative or from two documents."""

from __future__ import annotations

import pytest

import budgetlib
from budgetlib.analysis.bridge import START_FROM_NARRATIVE, bridge
from budgetlib.report.sections import Lacking


def test_seed_bridge_by_item(doc):
    steps = bridge(doc)
    # seed lines 431–443 state each 项's change: 4.66, −50.00, 0.00, 0.64, 5.25, 0.46, 0.48;
    # 表5 总计 is 122.35 (line 241), so last year was 122.35 + 38.51 = 160.86
    assert steps["step"].iloc[0] == START_FROM_NARRATIVE
    assert steps["value"].tolist() == [160.86, 4.66, -50.0, 0.0, 0.64, 5.25, 0.46, 0.48, 122.35]
    assert steps["end"].iloc[-2] == pytest.approx(steps["value"].iloc[-1])
    row = steps.set_index("step").loc["行政运行"]
    assert (row["prior"], row["current"]) == (74.50, 79.16)  # line 431: 79.16, 增加 4.66


def test_seed_bridge_by_driver(doc):
    steps = bridge(doc, by="driver").set_index("step")["value"]
    # the reasons: 431 职级晋升/工资增加; 433 减少成立…经费和维修… and 压缩开支; 435 离退休
    # 人数无变动; 437/441/443 职级晋升 and 缴存基数增加 (0.64 + 0.46 + 0.48); 439 养老保险
    # 制度改革: 职业年金缴费全额纳入财政预算保障
    assert steps.to_dict() == {START_FROM_NARRATIVE: 160.86, "调资或晋升": 4.66,
                               "一次性项目＋压减开支": -50.0, "人员增减": 0.0,
                               "调资或晋升＋社保政策或缴费基数": 1.58,
                               "社保政策或缴费基数＋预算范围调整": 5.25, "本年": 122.35}


def test_keep_folds_the_smallest_changes(doc):
    steps = bridge(doc, keep=3)
    assert steps["step"].tolist() == [
        START_FROM_NARRATIVE, "行政运行", "其他政府办公厅（室）及相关机构事务支出",
        "机关事业单位职业年金缴费支出", "其他 4 项", "本年"]
    assert steps["value"].iloc[4] == pytest.approx(0.0 + 0.64 + 0.46 + 0.48)


def test_no_stated_changes_is_an_error_not_a_blank_chart(seed_text):
    text = seed_text.replace("比上年预算增加", "比上年预算变动").replace("比上年预算减少", "比上年预算变动")
    with pytest.raises(Lacking, match="说明没有写明一般公共预算支出情况表中任何项目比上年的增减"):
        bridge(budgetlib.read_budget(text))


def test_no_function_table_is_said_in_one_line(seed_text):
    # a narrative published alone: no table to take the items from
    narrative = seed_text[:seed_text.index("部门收支总体情况表")]
    with pytest.raises(Lacking, match="^文档中没有读出功能分类的支出表"):
        bridge(budgetlib.read_budget(narrative))


def test_wanli_bridge_between_two_documents(corpus):
    folder = corpus / "shanghai"
    prev = budgetlib.read_budget(folder / "putuo_wanli_subdistrict_office_budget_2024.pdf")
    doc = budgetlib.read_budget(folder / "putuo_wanli_subdistrict_office_budget_2025.pdf")
    steps = bridge(doc, prev)
    # 一般公共预算支出情况表 合计: 2024 p.26 156,211,123 元; 2025 p.24 189,767,551 元
    assert steps["value"].iloc[0] == 15621.11 and steps["value"].iloc[-1] == 18976.76
    changes = steps[steps["kind"] == "change"]
    assert changes["value"].sum() == pytest.approx(18976.76 - 15621.11, abs=0.01 * len(changes))
    # 一般行政管理事务 is a 项 under five 款: each step names its code
    assert "一般行政管理事务（2012902）" in set(changes["step"])
