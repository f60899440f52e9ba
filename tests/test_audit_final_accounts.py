"""The 决算 narrative's figures against themselves and the tables (audit/final_accounts.py):
none on the real Putuo 2024 部门决算, whose figures all agree; each rule finds its planted
variant of it, at its page. Expected values are read off the PDF's pages (quoted beside
each); skipped without the corpus.
"""

from __future__ import annotations

import dataclasses

import pytest

import budgetlib
from budgetlib.audit.final_accounts import FINAL_ACCOUNT_RULES

PUTUO = "final_accounts/putuo_finance_bureau_dept_final_accounts_2024.pdf"
TEMPLATE = "templates/dept_final_accounts_template_2024.pdf"


@pytest.fixture(scope="module")
def final(corpus) -> budgetlib.BudgetDocument:
    return budgetlib.read_budget(corpus / PUTUO)


def findings(doc: budgetlib.BudgetDocument) -> list[dict]:
    return [f for rule in FINAL_ACCOUNT_RULES.values() for f in rule(doc)]


def planted(doc: budgetlib.BudgetDocument, old: str, new: str) -> budgetlib.BudgetDocument:
    """The document with one paragraph's ``old`` (found once in the narrative) written ``new``."""
    sections, hits = [], 0
    for section in doc.sections:
        paragraphs = []
        for paragraph in section.paragraphs:
            if old in paragraph.text:
                hits += 1
                paragraph = dataclasses.replace(paragraph, text=paragraph.text.replace(old, new, 1))
            paragraphs.append(paragraph)
        sections.append(dataclasses.replace(section, paragraphs=tuple(paragraphs)))
    assert hits == 1, f"{old!r} found {hits} times"
    return dataclasses.replace(doc, sections=sections)


def test_the_real_final_account_agrees_with_itself(final):
    # p.21: 2940.05 ÷ 2993.92 × 100 = 98.2007 → "完成年初预算的98.20%"; p.22: each item's
    # 支出决算 is its row's on p.15 (1,511.89 …); p.23: 0.00 ÷ 0.95 → "完成预算的0%"
    assert findings(final) == []
    audit = final.audit()
    assert not audit["rule"].str.startswith("execution").any()


def test_the_template_and_the_budgets_give_nothing(corpus, doc):
    template = budgetlib.read_budget(corpus / TEMPLATE)
    assert template.kind == "部门决算" and findings(template) == []
    assert findings(doc) == []  # the seed budget
    # a budget whose narrative has a 决算's sentence, its rate wrong, is still not judged
    first = next(p.text for s in doc.sections for p in s.paragraphs if len(p.text) > 10)
    said = first + "年初预算为200.00万元，支出决算为150.00万元，完成年初预算的80.00%。"
    assert doc.kind == "部门预算" and findings(planted(doc, first, said)) == []


@pytest.mark.parametrize(("old", "new", "expected"), [
    # p.21: "…支出决算为2940.05万元，完成年初预算的98.20%": 98.50% is 0.30 points off 98.2007
    ("完成年初预算的98.20%", "完成年初预算的98.50%", [("execution_rate", "error", 21)]),
    # p.23: "“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元，完成预算的0%":
    # 1% is not 0.00 ÷ 0.95, but a 决算 printed 0.00 may be up to 0.005 (0.53 %, rounded 1 %)
    ("0%，其中：因公出国", "1%，其中：因公出国", [("execution_rate", "info", 23)]),
    # p.22 item 1: "支出决算为1511.89万元"; p.15: 2010601 行政运行 决算 1,511.89
    ("支出决算为1511.89万", "支出决算为1521.89万", [("execution_amount", "error", 22)]),
    # … "1511.8" is 1,511.89 cut to one decimal, not rounded (1511.9): a warning
    ("支出决算为1511.89万", "支出决算为1511.8万", [("execution_amount", "warning", 22)]),
    ("支出决算为1511.89万", "支出决算为1511.9万", []),
    # p.22 item 9 "支出决算为60.99万元"; p.15 210 11 01 行政单位医疗 60.99: "60.9" cut, "60.8" wrong
    ("支出决算为60.99万", "支出决算为60.9万", [("execution_amount", "warning", 22)]),
    ("支出决算为60.99万", "支出决算为60.8万", [("execution_amount", "error", 22)]),
    # p.23: "年初预算为0.95万元"; p.18: the 三公 table's 预算数 0.95 (预算数, not 年初预算: info)
    ("年初预算为0.95万元", "年初预算为1.95万元", [("execution_amount", "info", 23)]),
    # p.22 item 3: 135.25 < 135.90, "决算数小于预算数的主要原因：因产业政策…"
    ("决算数小于预算数的主要原因：因产业政策", "决算数大于预算数的主要原因：因产业政策",
     [("execution_direction", "warning", 22)]),
    # p.22 item 1: 1511.89 is 3.09 % below 1560.05: not "基本持平"
    ("决算数小于预算数的主要原因：人员进出及退休变化，减少人员经费开支。", "决算数与预算数基本持平。",
     [("execution_direction", "warning", 22)]),
    # p.22 item 2: "年初预算为10.00万元，支出决算为10.00万元。决算数与预算数基本持平。"
    ("10.00万元。决算数与预算数基本持平", "10.00万元。决算数小于预算数的主要原因：宣传减少",
     [("execution_direction", "info", 22)]),
])
def test_each_rule_finds_its_planted_variant(final, old, new, expected):
    found = findings(planted(final, old, new))
    assert [(f["rule"], f["severity"], f["page"]) for f in found] == expected


def test_the_findings_say_what_was_computed(final):
    rate = findings(planted(final, "完成年初预算的98.20%", "完成年初预算的98.50%"))[0]
    assert (rate["expected"], rate["actual"]) == (pytest.approx(2940.05 / 2993.92 * 100), 98.50)
    assert "2,940.05 ÷ 年初预算 2,993.92 × 100 = 98.20%" in rate["message"]
    amount = findings(planted(final, "支出决算为1511.89万", "支出决算为1521.89万"))[0]
    assert (amount["table"], amount["code"], amount["expected"], amount["actual"]) == (
        "一般公共预算财政拨款支出决算表", "2010601", 1511.89, 1521.89)
    assert "相差 10.00 万元" in amount["message"]


@pytest.mark.parametrize(("old", "new"), [
    # p.22 item 3: 135.25 is 0.48 % below 135.90: "基本持平" is fair
    ("决算数小于预算数的主要原因：因产业政策扶持资金管理系统项目进度，调减相关经费。",
     "决算数与预算数基本持平。"),
    # p.21: 98.2% is 98.2007 rounded to one place
    ("完成年初预算的98.20%", "完成年初预算的98.2%"),
    # an item matched to no row (no 信息系统建设 under 财政事务) is not accused
    ("信息化建设（项）。主要用于：信息化系统日常维护费等支出。年初预算为135.90万元，支出决算为135.25",
     "信息系统建设（项）。主要用于：信息化系统日常维护费等支出。年初预算为135.90万元，支出决算为125.25"),
])
def test_traps_do_not_fire(final, old, new):
    assert findings(planted(final, old, new)) == []


def test_every_new_rule_has_a_chinese_label():
    from budgetlib.audit.findings import rule_label

    assert [r for r in FINAL_ACCOUNT_RULES if rule_label(r) == r] == []
