"""Performance-target tables of the seed (lines 518–579)."""

from __future__ import annotations

import math


def test_one_row_per_indicator(doc):
    counts = doc.performance.groupby("subject", sort=False).size().to_dict()
    assert counts == {"阿图什市人民政府外事办公室": 7, "实有资金": 8, "外事工作经费项目": 13}


def test_department_indicator(doc):
    row = doc.performance.query("line == 536").iloc[0]
    assert (row["table"], row["level1"], row["level2"], row["indicator"]) == (
        "部门整体绩效目标表", "履职效能", "质量指标", "因公出入境手续办结率（%）")
    assert (row["target"], row["operator"], row["target_value"], row["target_unit"]) == (
        "≥95%", "≥", 95.0, "%")
    assert row["weight"] == 10.0


def test_project_indicators_fill_merged_levels_and_parse_targets(doc):
    perf = doc.performance.set_index("line")
    # 553: 成本 指标 | 经济 成本 指标 | 日常业务运转成本 | < =45.2 万元 | … | 60 万元 | 20
    row = perf.loc[553]
    assert (row["level1"], row["level2"], row["indicator"]) == ("成本指标", "经济成本指标",
                                                                "日常业务运转成本")
    assert (row["operator"], row["target_value"], row["target_unit"]) == ("≤", 45.2, "万元")
    assert (row["prior"], row["prior_value"], row["prior_unit"], row["weight"]) == (
        "60 万元", 60.0, "万元", 20.0)
    # 549 leaves levels 1 and 2 blank: they continue from 548
    assert (perf.loc[549, "level1"], perf.loc[549, "level2"]) == ("产出指标", "数量指标")
    # 552: a date target is kept as text, not read as a number
    assert perf.loc[552, "target"] == "2026 年 12 月" and math.isnan(perf.loc[552, "target_value"])
    # 566: the prior-year value prints a unit without a number
    assert perf.loc[566, "prior"] == "批（套、台）" and math.isnan(perf.loc[566, "prior_value"])
    # 579 follows a blank line inside the table
    assert perf.loc[579, "indicator"] == "工作人员满意度" and perf.loc[579, "weight"] == 10.0
    assert (perf.loc[554, "target"], perf.loc[554, "scoring"]) == ("有效保障", "按评判等级赋分")


def test_fields_and_funds(doc):
    dept, first, second = doc.performance_tables
    assert dept.fields["部门联系人"] == "阿迪力江"
    assert dept.fields["联系电话"] == "13399087472"  # a phone number, not an amount
    assert [(label, value) for label, value, _ in dept.funds] == [
        ("年度预算(万元)/财政资金（万元）/上级安排", 0.00),
        ("年度预算(万元)/财政资金（万元）/本级安排", 122.35),
        ("年度预算(万元)/其他资金（万元）/其他", 45.20),
        ("年度预算(万元)/合计：", 167.55),
    ]
    assert [v for _, v, _ in first.funds] == [45.20, 0.00, 45.20]
    assert [v for _, v, _ in second.funds] == [10.00, 10.00, 0.00]
    assert second.fields["项目负责人"] == "阿迪力江"
    assert second.fields["项目总体目标"].startswith("本项目安排预算资金 10 万元")
