"""Linking the narrative's subjects to the table figures they speak of (parse/links.py,
parse/subjects.py)."""

from __future__ import annotations

import budgetlib
from budgetlib.parse.claims import read_claims
from budgetlib.parse.links import link_claims
from budgetlib.parse.narrative import Paragraph, Section
from budgetlib.parse.subjects import NOT_PRINTED, UNLINKED_REASONS, subject_figure


def _linked(doc, section: str, text: str, final: bool = False):
    claims = read_claims([Section(section, 2, 1, (Paragraph(text, 1),))])
    return link_claims(doc.cells, claims, final=final)


def test_a_wrong_stated_value_still_finds_its_cell(seed_text):
    # seed line 396: "基本支出 112.35 万元，占 67.05%" (表3 prints 基本支出 112.35); planted 113.35
    planted = seed_text.replace("基本支出 112.35 万元，占 67.05%", "基本支出 113.35 万元，占 67.05%")
    doc = budgetlib.read_budget(planted)
    c = doc.claims
    row = c[(c["line"] == 396) & (c["figure"] == "amount")].iloc[0]
    assert (row["value"], row["link_table"], row["link_measure"], row["table_value"]) == (
        113.35, "部门支出总体情况表", "支出预算/基本支出", 112.35)
    found = doc.audit().query("rule == 'claim_amount'")
    assert found["actual"].tolist() == [113.35] and found["expected"].tolist() == [112.35]


def test_other_regions_wordings_link_to_the_same_figures(doc):
    # the seed's figures (表3 基本支出 112.35, 表6 人员经费, 表4 财政拨款 122.35) said as Jiangsu
    # and Shanghai say them
    c = _linked(doc, "九、一般公共预算基本支出预算表情况说明",
                "本部门2026年度一般公共预算财政拨款基本支出预算112.35万元，其中：人员经费100.01万元。")
    assert c["link_table"].tolist() == ["一般公共预算基本支出情况表"] * 2
    assert c["link_measure"].tolist() == ["一般公共预算基本支出/合计", "一般公共预算基本支出/人员经费"]
    c = _linked(doc, "2026年部门预算编制说明", "财政拨款支出预算122.35万元，一般公共预算拨款支出预算1万元。")
    # 一般公共预算支出 is 表5's (registry.FIGURES), 财政拨款支出 表4's
    assert c["link_table"].tolist() == ["财政拨款收支预算总体情况表", "一般公共预算支出情况表"]
    assert c["link_measure"].tolist() == ["财政拨款支出/合计", "一般公共预算支出/合计"]


def test_a_subject_is_read_by_its_fund_and_measure_words():
    assert subject_figure("省检察院2017年财政拨款预算支出") == ("财政拨款支出",)
    assert subject_figure("国有资本经营预算拨款支出预算") == ("国有资本经营支出",)
    assert subject_figure("公务车购置及运行费") == ("公务用车购置及运行费",)
    # in a 决算: 年初预算 is the 预算数 column; 本年收入 the 本年收入合计 row
    assert subject_figure("“三公”经费财政拨款支出年初预算", final=True) == ("三公经费年初预算",)
    assert subject_figure("本年收入", final=True) == ("本年收入合计",)
    assert subject_figure("支持商业综合服务能力提升") == ()


def test_an_unlinked_claim_says_why(doc):
    c = doc.claims
    unlinked = c[c["link_table"].isna()]
    assert c.loc[c["link_table"].notna(), "link_reason"].isna().all()
    assert set(unlinked["link_reason"]) <= {r for r, _ in UNLINKED_REASONS} | {NOT_PRINTED, "未知"}
    # seed line 516 ((四) 预算绩效情况): "非财政拨款项目涉及预算金额 45.20 万元": no table divides
    # the projects' 单位资金 (表3 prints 项目支出 55.20 of every fund together)
    row = c[c["subject"] == "非财政拨款项目涉及预算金额"].iloc[0]
    assert row["link_reason"] == "非财政拨款" and row["value"] == 45.20


def test_a_share_is_recomputed_at_the_tables_precision(corpus):
    # Jiangsu procuratorate 2017 p.22: "因公出国（境）费支出 110 万元，占“三公”经费的18.85 %";
    # the 三公 table (p.16) prints 110.00 and 584.35: 110.00 ÷ 584.35 = 18.82 %, an error
    # ("110" does not widen the tolerance to 110 ± 0.5)
    doc = budgetlib.read_budget(corpus / "jiangsu" / "js_procuratorate_2017_budget_full.pdf")
    found = doc.audit().query("rule == 'claim_share' and page == 22")
    row = found[found["actual"] == 18.85].iloc[0]
    assert row["severity"] == "error" and "110.00 ÷ 584.35" in row["message"]


def test_a_share_of_a_rounded_whole_is_recomputed_from_the_table(seed_text):
    # seed line 376: 收入预算 167.55 万元 (表1 收入总计 167.55), line 378: 一般公共预算 122.35 万元，
    # 占 73.02% (122.35 ÷ 167.55 = 73.02 %). Written "167.6", the whole is still the table's
    # 167.55: the share is right, and 122.35 ÷ 167.6 = 73.00 % is no error of the share's
    planted = seed_text.replace("部门收入预算 167.55 万元", "部门收入预算 167.6 万元")
    found = budgetlib.read_budget(planted).audit()
    assert found.query("rule == 'claim_share' and line == 378").empty
    assert found.query("rule == 'claim_amount'").empty  # 167.6 is 167.55 to one decimal


def test_a_performance_section_links_the_budget_it_covers(doc):
    # seed line 516: "整体预算绩效目标 1 个，涉及预算金额 167.55 万元" is the whole budget (表3
    # 支出总计 167.55); "财政拨款项目涉及预算金额 10.00 万元" the 财政拨款 projects: 表5 prints the
    # 一般公共预算 项目支出 10.00 and 表4 the 政府性基金/国有资本经营 columns blank (line 216)
    c = doc.claims.set_index("subject")
    whole = c.loc["预算绩效管理整体预算绩效目标涉及预算金额"]
    assert (whole["link_table"], whole["link_measure"], whole["table_value"]) == (
        "部门支出总体情况表", "支出预算/合计", 167.55)
    fund = c.loc["财政拨款项目涉及预算金额"]
    assert (fund["link_table"], fund["link_measure"], fund["table_value"]) == (
        "一般公共预算支出情况表", "一般公共预算支出/项目支出", 10.00)
    # a 决算's "编报绩效目标的2024年度项目…涉及预算金额598.42万元" (finance bureau p.23) names no
    # fund: some projects, not the 项目支出 603.14 of p.15
    assert subject_figure("编报绩效目标的2024年度项目涉及预算金额", final=True) == ()


def test_a_project_sections_amount_links_to_its_row_by_name(seed_text):
    # seed line 459, under "（一）项目名称：外事工作经费": "预算安排规模：10.00万元"; 表7 (line 285)
    # prints 外事工作经费 项目支出合计 10.00. Planted 12.00, it finds the same cell and is an error
    planted = seed_text.replace("预算安排规模：10.00万元", "预算安排规模：12.00万元")
    doc = budgetlib.read_budget(planted)
    row = doc.claims[doc.claims["subject"] == "预算安排规模"].iloc[0]
    assert (row["link_table"], row["link_row"], row["table_value"]) == (
        "一般公共预算项目支出情况表", "其他政府办公厅（室）及相关机构事务支出", 10.00)
    found = doc.audit().query("rule == 'claim_amount'")
    assert found["actual"].tolist() == [12.00] and found["expected"].tolist() == [10.00]


def _retitled(doc, old: str, new: str):
    """The document with ``old`` in its section titles written ``new``."""
    import dataclasses

    sections = [dataclasses.replace(s, title=s.title.replace(old, new),
                                    path=tuple(p.replace(old, new) for p in s.path)) for s in doc.sections]
    return dataclasses.replace(doc, sections=sections)


def test_a_jiangsu_item_links_to_the_table_its_section_heading_names(corpus):
    from budgetlib.analysis import yoy

    # Jiangsu procuratorate 2018 p.25-26, under "五、财政拨款支出预算情况说明": "1．行政运行（项）
    # 支出 10,883.36 万元，与上年相比增加 2,915.22 万元"; 公开05表 财政拨款支出预算表 (p.15) and
    # 公开07表 一般公共预算支出预算表 (p.17) both print 2040401 行政运行 10,883.36
    doc = budgetlib.read_budget(corpus / "jiangsu" / "js_procuratorate_2018_budget_full.pdf")
    for title, table in (("财政拨款支出预算", "财政拨款支出预算表"),  # as printed
                         ("一般公共预算支出预算", "一般公共预算支出情况表")):  # a section of that fund
        d = _retitled(doc, "财政拨款支出预算", title)
        c = d.claims
        row = c[(c["figure"] == "amount") & (c["raw"] == "10883.36")].iloc[0]
        assert (row["link_table"], row["link_code"]) == (table, "2040401")
        # the analysis takes the stated change from the statement linked to that table
        stated = yoy(d).query("code == '2040401'")
        assert stated[["table", "current", "change"]].values.tolist() == [[table, 10883.36, 2915.22]]
