"""A stated direction its own reason or figures contradict (audit/directions.py, and the figures'
case in audit/claims.py): the corpus 决算 p.21 and Wanli 2024 p.6 as printed, and the seed's
line 431 edited (the reason, or last year's figure, made to contradict it)."""

from __future__ import annotations

import pytest

import budgetlib
from budgetlib.audit.directions import check_stated_directions, contradicts, stated_with_reasons

FINAL = "putuo_finance_bureau_dept_final_accounts_2024.pdf"
#: The seed's line 431, as printed.
LINE_431 = ("2026 年预算数为 79.16 万元，比上年预算增加 4.66 万元，增长 6.26%，"
            "主要原因是在职人员岗位职级晋升，工资增加。")


def directions(text: str) -> list[tuple[str, str, int]]:
    found = budgetlib.read_budget(text).audit()
    found = found[found["rule"] == "stated_direction"]
    return list(zip(found["rule"], found["severity"], found["line"].astype(int), strict=True))


def test_the_seed_states_no_direction_against_its_reasons(doc):
    # every "增加/减少…，主要原因是…" of the seed (lines 378–493) explains its own direction
    assert check_stated_directions(doc) == []


@pytest.mark.parametrize(("old", "new", "expected"), [
    # an increase explained by a fall: "工资减少"
    ("岗位职级晋升，工资增加。", "退休，工资减少。", [("stated_direction", "warning", 431)]),
    # 79.16 this year and 74.50 last year stated: a rise of 4.66, stated as a fall of 4.66 (the
    # reason, a rise, agrees with the figures: one finding, the figures')
    ("比上年预算增加 4.66 万元，增长 6.26%", "上年预算数为 74.50 万元，比上年预算减少 4.66 万元",
     [("stated_direction", "error", 431)]),
    # … stated as 持平, and as a fall of 6.26 % ((79.16 − 74.50) ÷ 74.50 = 6.255 %)
    ("比上年预算增加 4.66 万元，增长 6.26%", "上年预算数为 74.50 万元，比上年预算持平",
     [("stated_direction", "error", 431)]),
    ("比上年预算增加 4.66 万元，增长 6.26%", "上年预算数为 74.50 万元，比上年预算下降 6.26%",
     [("stated_direction", "error", 431)]),
    # traps: a reason naming both directions explains a net change; a negated word, none
    ("岗位职级晋升，工资增加。", "退休人员减少，在职人员工资增加。", []),
    ("岗位职级晋升，工资增加。", "工资调整，人员未减少。", []),
    # a wrong size, not a wrong direction, stays an amount finding (statement_change)
    ("比上年预算增加 4.66 万元，增长 6.26%", "上年预算数为 74.50 万元，比上年预算增加 4.76 万元", []),
])
def test_a_direction_against_its_reason_or_figures(seed_text, old, new, expected):
    assert LINE_431 in seed_text
    assert directions(seed_text.replace(LINE_431, LINE_431.replace(old, new), 1)) == expected


def test_the_figures_name_the_right_direction(seed_text):
    text = seed_text.replace(LINE_431, LINE_431.replace(
        "比上年预算增加 4.66 万元，增长 6.26%", "上年预算数为 74.50 万元，比上年预算减少 4.66 万元"), 1)
    found = budgetlib.read_budget(text).audit().query("rule == 'stated_direction'").iloc[0]
    assert "说明为减少 4.66 万元，而本年多于上年 4.66 万元，应为增加" in found["message"]
    assert "statement_change" not in set(budgetlib.read_budget(text).audit()["rule"])


def test_a_reason_set_on_the_next_line_and_the_next_statement_are_apart():
    # the corpus 决算 p.21, as its paragraphs run: "…持平。主要原因：…等原因减少支付。"
    said = stated_with_reasons("与2023年度相比，财政拨款收入支出总计持平。主要原因：基本支出中人员进出及"
                               "退休变化，以及项目支出中合同支付进度条款等原因减少支付。")
    assert [(s.direction, contradicts(s)) for s in said] == [("持平", "减少")]
    # Wanli 2025 p.30: "…减少10万元，主要原因是购置车辆类型不同；公务用车运行费21.56万元，比2024年预算
    # 持平，主要原因是…保持不变": each reason is its own statement's
    said = stated_with_reasons("公务用车购置费15万元，比2024年预算减少10万元，主要原因是购置车辆类型不同；"
                               "公务用车运行费21.56万元，比2024年预算持平，主要原因是公务车用车运行费保持不变。")
    assert [(s.direction, s.reason, contradicts(s)) for s in said] == [
        ("减少", "购置车辆类型不同", None), ("持平", "公务车用车运行费保持不变", None)]


def test_the_corpus_final_account_and_wanli(corpus):
    # 决算 p.21: "上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元。与2023年度相比，财政拨款收入支出
    # 总计持平。主要原因：" and, on the next line, "基本支出中人员进出及退休变化，以及项目支出中合同支付进度
    # 条款等原因减少支付。"
    doc = budgetlib.read_budget(corpus / "final_accounts"
                                / "putuo_finance_bureau_dept_final_accounts_2024.pdf")
    found = check_stated_directions(doc)
    assert [(f["severity"], f["page"]) for f in found] == [("warning", 21)]
    assert "持平" in found[0]["message"] and "减少支付" in found[0]["message"]
    # Wanli 2024 p.6 item 4: 114.00 → 110.60 "减少2.98%。主要原因是：宣传事务一般行政管理事务经费增加"
    doc = budgetlib.read_budget(corpus / "shanghai" / "putuo_wanli_subdistrict_office_budget_2024.pdf")
    assert [(f["severity"], f["page"]) for f in check_stated_directions(doc)] == [("warning", 6)]
    # Wanli 2025 p.30 "减少10万元，主要原因是2025年新增1辆公务用车购置，但与2024年购置的车辆类型不同":
    # 新增 names a vehicle, not the amount
    doc = budgetlib.read_budget(corpus / "shanghai" / "putuo_wanli_subdistrict_office_budget_2025.pdf")
    assert check_stated_directions(doc) == []


def test_a_final_accounts_direction_its_figures_decide_is_one_finding(corpus):
    # 决算 p.22 item 3: 135.25 < 135.90, "决算数小于预算数的主要原因：因产业政策扶持资金管理系统项目进度，
    # 调减相关经费"; written 大于, the figures (execution_direction) and the reason (调减) both say
    # it is wrong: one finding
    import dataclasses

    doc = budgetlib.read_budget(corpus / "final_accounts" / FINAL)
    old, new = "决算数小于预算数的主要原因：因产业政策", "决算数大于预算数的主要原因：因产业政策"
    sections = [dataclasses.replace(s, paragraphs=tuple(
        dataclasses.replace(p, text=p.text.replace(old, new, 1)) for p in s.paragraphs))
        for s in doc.sections]
    found = dataclasses.replace(doc, sections=sections).audit()
    found = found[found["rule"].isin(["stated_direction", "execution_direction"]) & (found["page"] == 22)]
    assert found["rule"].tolist() == ["execution_direction"]


def test_the_new_rules_have_labels():
    from budgetlib.audit.findings import rule_label

    # a chart or sheet names every rule in Chinese, the new ones too
    new = ("stated_direction", "document_year", "empty_table_note_fund")
    assert [r for r in new if rule_label(r) == r] == []


def test_a_narrative_without_paragraphs_gives_no_direction_finding(seed_text):
    # the seed cut after its cover (14 lines): no paragraph, so nothing to judge, and no error
    from budgetlib.audit.directions import check_stated_directions

    doc = budgetlib.read_budget("".join(seed_text.splitlines(keepends=True)[:14]))
    assert check_stated_directions(doc) == []
