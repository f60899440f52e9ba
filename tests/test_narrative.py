"""Narrative sections, paragraphs and the table of contents of the seed."""

from __future__ import annotations

import budgetlib


def test_contents(doc):
    assert len(doc.contents) == 31
    assert (doc.contents[0].text, doc.contents[0].line) == ("第一部分 2026 年部门概况", 9)
    assert doc.contents[4].text == "一、 部门收支总体情况表"
    assert (doc.contents[-1].text, doc.contents[-1].line) == ("第四部分 名词解释", 54)


def test_sections_levels_and_paths(doc):
    titles = {s.title: s for s in doc.sections}
    section = titles["（三）一般公共预算当年拨款具体使用情况"]
    assert (section.level, section.line, len(section.paragraphs)) == (3, 429, 7)
    assert section.path == ("第三部分 2026 年部门预算情况说明",
                            "五、关于阿图什市人民政府外事办公室2026年一般公共预算当年拨款情况说明")
    assert section.paragraphs[0].line == 431
    assert section.paragraphs[0].text.startswith("1. 一般公共服务支出（类）")
    assert titles["(五) 其他需说明的事项"].level == 3  # a bold line without '#'
    assert [s.level for s in doc.sections if s.title.startswith("第")] == [1, 1, 1, 1]


def test_paragraphs_frame(doc):
    paragraphs = doc.paragraphs
    row = paragraphs.query("line == 378").iloc[0]
    assert row["text"].startswith("一般公共预算 122.35 万元，占 73.02%，比上年预算减少 38.49 万元")
    assert row["section"] == "二、关于阿图什市人民政府外事办公室 2026 年收入预算情况说明"
    # table titles, 编制部门/单位 lines and empty-table notes belong to the tables
    assert not paragraphs["text"].str.startswith("编制部门").any()
    assert 301 not in paragraphs["line"].tolist()
    assert 469 in paragraphs["line"].tolist()  # the narrative's own 为空表 sentence stays


def test_a_line_wrapped_short_of_a_ragged_margin_continues_its_paragraph(corpus):
    # final accounts p.22: lines stop short of the margin where the next figure did not fit
    # ("…支出决算为 万" / "元。决算数小于…"); the item is one paragraph as printed
    path = corpus / "final_accounts" / "putuo_finance_bureau_dept_final_accounts_2024.pdf"
    doc = budgetlib.read_budget(path)
    texts = [p.text for s in doc.sections for p in s.paragraphs if p.page == 22]
    assert ("1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：局本部人员经费及公用经费等的"
            "基本支出。年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数的主要原因：人员进出"
            "及退休变化，减少人员经费开支。") in texts
    assert not any(t.startswith(("元。", "（项）。")) for t in texts)
    # a short label line and a paragraph ending without its 。 stay apart (commerce p.24)
    shanghai = budgetlib.read_budget(corpus / "shanghai" / "putuo_commerce_commission_dept_budget_2025.pdf")
    p24 = [p.text for s in shanghai.sections for p in s.paragraphs if p.page == 24]
    assert "上海市普陀区商务委员会" in p24
    assert any(t.endswith("评估，按程序落实专项资金拨付") for t in p24)
