"""The audit's table arithmetic: the seed, and planted variants of it."""

from __future__ import annotations

import pytest

import budgetlib
from budgetlib.audit import column_identities
from budgetlib.findings import FINDING_COLUMNS


def plant(text: str, old: str, new: str, after: str) -> str:
    start = text.index(old, text.index(after))
    return text[:start] + new + text[start + len(old):]


def findings(text: str) -> list[tuple[str, int]]:
    frame = budgetlib.read_budget(text).audit()
    return sorted(zip(frame["rule"], frame["line"], strict=True))


def test_seed_tables_add_up(doc):
    # Checked by hand: every 类/款/项, total row, 合计 column and cross-table total of the
    # seed's 12 tables agrees (e.g. 表3 201 = 79.16 + 55.20 = 134.36; 表6 人员经费
    # 107.76 + 2.27 = 110.03). The narrative's errors are for the claims rules.
    frame = doc.audit()
    assert list(frame.columns) == FINDING_COLUMNS
    assert frame.empty


def test_changed_cell_is_caught_everywhere_it_matters(seed_text):
    # 表3 line 158 行政运行 合计 79.16 → 79.26
    text = plant(seed_text, "行政运行\t79.16\t79.16", "行政运行\t79.26\t79.16", "## 部门支出总体情况表")
    assert findings(text) == [
        ("children_sum", 157),  # 20103 134.36 ≠ 79.26 + 55.20
        ("identity:收入表与支出表（按科目）", 130),  # 表2 2010301 79.16 ≠ 表3 79.26
        ("row_parts", 158),  # 79.26 ≠ 基本 79.16 + 项目 0
    ]


def test_changed_total_is_caught(seed_text):
    # 表6 line 270 人员经费 总计 110.03 → 110.13
    text = plant(seed_text, "<b>110.03</b>", "<b>110.13</b>", "## 一般公共预算基本支出情况表")
    assert findings(text) == [("row_parts", 270), ("total_row", 270)]


def test_blanked_summary_row_is_caught(seed_text):
    # 表1 line 105: 221 住房保障支出 8.50 left blank
    text = plant(seed_text, "221 住房保障支出\t8.50", "221 住房保障支出\t", "### 部门收支总体情况表")
    assert findings(text) == [("identity:收支总表与支出表（按科目）", 105), ("total_row", 116)]


def test_deleted_row_is_caught(seed_text):
    # 表2 line 136 (2080506 职业年金 5.25) deleted: its parent 20805 no longer adds up
    lines = seed_text.split("\n")
    assert lines[135].startswith("208\t05\t06")
    result = findings("\n".join(lines[:135] + lines[136:]))
    assert result == [
        ("children_sum", 133), ("children_sum", 133), ("children_sum", 133),
        ("identity:收入表与一般公共预算支出表（按科目）", 233),
        ("identity:收入表与支出表（按科目）", 163),
    ]


def test_three_public_subtotal(seed_text):
    text = plant(seed_text, "公务用车运行维护费\t1.20\t1.20", "公务用车运行维护费\t1.30\t1.20",
                 "## 财政拨款“三公”经费支出情况表")
    assert findings(text) == [("children_sum", 330), ("row_parts", 332)]


def test_rounding_within_tolerance_is_not_a_finding(seed_text):
    # 0.004 off on a figure printed with three decimals stays within half a unit per term
    text = plant(seed_text, "行政运行\t79.16\t79.16", "行政运行\t79.164\t79.16", "## 部门支出总体情况表")
    assert findings(text) == []


def test_missing_required_table_and_unexplained_empty_table(seed_text):
    lines = seed_text.split("\n")
    assert lines[361].endswith("上年结转结余情况表为空表。")
    frame = budgetlib.read_budget("\n".join(lines[:361] + lines[362:])).audit()
    assert frame[["rule", "table"]].values.tolist() == [["empty_table_note", "上年结转结余情况表"]]


def test_column_identities_of_income_table(doc):
    measures = doc.table_meta["部门收入总体情况表"].measures
    assert column_identities(measures) == [
        ("总计", ["财政拨款（补助）/财政拨款（补助）小计", "财政专户（教育收费）", "单位资金",
                  "财政拨款结转", "非财政拨款结转结余"]),
        ("财政拨款（补助）/财政拨款（补助）小计", [
            "财政拨款（补助）/一般公共预算", "财政拨款（补助）/上级一般公共预算安排的转移支付",
            "财政拨款（补助）/政府性基金预算", "财政拨款（补助）/上级政府性基金安排的转移支付",
            "财政拨款（补助）/国有资本经营预算"]),
    ]


@pytest.mark.parametrize("bad", ["79.l6", "七十九"])
def test_audit_never_raises_on_a_bad_figure(seed_text, bad):
    text = plant(seed_text, "行政运行\t79.16\t79.16", f"行政运行\t{bad}\t79.16", "## 部门支出总体情况表")
    frame = budgetlib.read_budget(text).audit()
    # reported once, as unreadable, not as sums that fail because it counted 0
    assert list(zip(frame["rule"], frame["line"], strict=True)) == [("unreadable_cell", 158)]
    assert bad in frame["message"].item()
