"""Final accounts (部门决算): Shanghai's nine 决算 tables read from the registry, the 决算
standard set, and the 决算 identities. Expected values are read off the PDF's pages (page
beside each); skipped without the corpus.
"""

from __future__ import annotations

import pytest

import budgetlib
from budgetlib.analysis import find_figure, headline_figures
from budgetlib.audit import document_set
from budgetlib.parse.identify import find_spec, standard_set
from budgetlib.parse.metadata import budget_kind
from budgetlib.parse.structure import TableGrid
from budgetlib.parse.table_layouts import repeated_panels, unglue_header
from budgetlib.parse.tables import build_table
from budgetlib.readers.blocks import RawRow
from budgetlib.registry import FINAL_ACCOUNTS_TABLES, FINAL_FIGURES

PUTUO = "final_accounts/putuo_finance_bureau_dept_final_accounts_2024.pdf"


@pytest.fixture(scope="module")
def doc(corpus) -> budgetlib.BudgetDocument:
    return budgetlib.read_budget(corpus / PUTUO)


def _total(doc, table, measure, label="合计"):
    frame = doc.tables[table]
    return frame.query("measure == @measure and label == @label")["value"].sum()


def test_kind_from_the_title_over_the_narratives_words():
    # the narrative speaks of 部门预算 (改革); the title says what the document is
    assert budget_kind("上海市普陀区财政局2024年度部门决算", "部门预算 部门预算") == "部门决算"
    assert budget_kind("某某单位2024年度单位决算", "") == "单位决算"


def test_the_shanghai_final_accounts_set_is_chosen_for_a_final_account():
    name, titles = standard_set(list(FINAL_ACCOUNTS_TABLES), "部门决算", 2024, "上海市普陀区财政局")
    assert name == "上海市区级部门决算九表" and titles == FINAL_ACCOUNTS_TABLES
    # a budget of the same publisher is not held to it
    assert standard_set(list(FINAL_ACCOUNTS_TABLES), "部门预算", 2024, "上海市普陀区财政局")[0] is None


def test_code_headings_printed_in_the_total_row_are_a_header_row():
    rows = [("科目编码", "", "", "科目名称", "合计"), ("类", "款", "项", "合计", "1.00")]
    assert unglue_header(rows, 1)[1] == 2
    assert unglue_header([("科目名称", "合计"), ("合计", "1.00")], 1)[1] == 1


def test_panels_printed_twice_side_by_side():
    assert repeated_panels(["类", "款", "科目名称", "决算数"] * 2)[3:5] == ["栏1", "栏2"]
    # each under a heading of its own (the national 基本支出决算明细表: 人员经费 | 公用经费)
    headed = [f"{h}/{c}" for h in ("人员经费", "公用经费") for c in ("科目编码", "科目名称", "决算数")]
    assert repeated_panels(headed) == ["人员经费"] * 3 + ["公用经费"] * 3
    # a 收支总表's two sides print 项目 | 金额 each, without codes: sides, not panels
    assert set(repeated_panels(["收入/项目", "收入/金额", "支出/项目", "支出/金额"])) == {""}


def test_panels_under_their_own_headings_keep_each_panels_codes():
    # 人员经费 | 公用经费 printed over the same 科目编码 | 科目名称 | 决算数; the rows' figures as
    # the corpus 决算 prints them (p.16: 301 2,082.85, 30108 160.75 | 302 171.07, 30201 21.21).
    # Read as one panel, 302's amount was 301's “公用经费/决算数” and the codes 302 and
    # 30201 were lost.
    title = "一般公共预算财政拨款基本支出决算明细表"
    printed = [("人员经费", "", "", "公用经费", "", ""),
               ("科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"),
               ("301", "工资福利支出", "2,082.85", "302", "商品和服务支出", "171.07"),
               ("30108", "机关事业单位基本养老保险缴费", "160.75", "30201", "办公费", "21.21")]
    rows = tuple(RawRow(r, (False,) * 6, n, 16) for n, r in enumerate(printed))
    frame, meta, problems = build_table(TableGrid(title, find_spec(title), rows, unit="万元"))
    assert meta.measures == ("决算数",) and problems == []
    read = {(c, s): v for c, s, v in zip(frame["code"], frame["side"], frame["value"], strict=True)}
    assert read == {("301", "人员经费"): 2082.85, ("30108", "人员经费"): 160.75,
                    ("302", "公用经费"): 171.07, ("30201", "公用经费"): 21.21}


def test_the_cover(doc):
    # p.1: "上海市普陀区财政局 / 2024年度部门决算"
    assert (doc.kind, doc.year, doc.department) == ("部门决算", 2024, "上海市普陀区财政局")


def test_the_nine_tables_are_found_and_registered(doc):
    assert [t for t in FINAL_ACCOUNTS_TABLES if t not in doc.tables] == []
    assert all(doc.table_meta[t].known for t in FINAL_ACCOUNTS_TABLES)
    assert document_set(doc)[0] == "上海市区级部门决算九表"


@pytest.mark.parametrize(("table", "measure", "label", "value"), [
    # p.6–7 收入支出决算总表: 本年收入合计 2,946.25, 年初结转和结余 49.14, 总计 2,995.39;
    # 本年支出合计 2,940.05, 年末结转和结余 55.34
    ("收入支出决算总表", "收入/决算数", "本年收入合计", 2946.25),
    ("收入支出决算总表", "收入/决算数", "年初结转和结余", 49.14),
    ("收入支出决算总表", "收入/决算数", "总计", 2995.39),
    ("收入支出决算总表", "支出/决算数", "本年支出合计", 2940.05),
    ("收入支出决算总表", "支出/决算数", "年末结转和结余", 55.34),
    ("收入支出决算总表", "支出/决算数", "总计", 2995.39),
    # p.8 收入决算表: 合计 2,946.25 = 财政拨款收入 2,940.05 + 其他收入 6.20
    ("收入决算表", "本年收入合计", "合计", 2946.25),
    ("收入决算表", "财政拨款收入", "合计", 2940.05),
    ("收入决算表", "其他收入", "合计", 6.20),
    # p.10 支出决算表: 2,940.05 = 基本支出 2,336.91 + 项目支出 603.14
    ("支出决算表", "本年支出合计", "合计", 2940.05),
    ("支出决算表", "基本支出", "合计", 2336.91),
    ("支出决算表", "项目支出", "合计", 603.14),
    # p.12–13 财政拨款收入支出决算总表: 年初财政拨款结转和结余 21.63, 总计 2,961.68
    ("财政拨款收入支出决算总表", "收入/决算数", "年初财政拨款结转和结余", 21.63),
    ("财政拨款收入支出决算总表", "收入/决算数", "总计", 2961.68),
    ("财政拨款收入支出决算总表", "支出/合计", "本年支出合计", 2940.05),
    ("财政拨款收入支出决算总表", "支出/一般公共预算财政拨款", "年末财政拨款结转和结余", 21.63),
    # p.15 一般公共预算财政拨款支出决算表: 合计 2,940.05 = 2,336.91 + 603.14
    ("一般公共预算财政拨款支出决算表", "合计", "合计", 2940.05),
    ("一般公共预算财政拨款支出决算表", "基本支出", "合计", 2336.91),
    # p.16–17 一般公共预算财政拨款基本支出决算表: 人员经费合计 2,152.26, 公用经费合计 184.65
    ("一般公共预算财政拨款基本支出决算表", "决算数", "人员经费合计", 2152.26),
    ("一般公共预算财政拨款基本支出决算表", "决算数", "公用经费合计", 184.65),
])
def test_published_totals(doc, table, measure, label, value):
    assert _total(doc, table, measure, label) == pytest.approx(value)


def test_the_three_public_table_keeps_budget_and_final_as_measures(doc):
    # p.18: 合计 预算数 0.95, 公务接待费 预算数 0.95, every 决算数 blank
    t = doc.tables["财政拨款“三公”经费支出决算表"]
    values = t.dropna(subset=["value"]).set_index("measure")["value"].to_dict()
    assert values == {"财政拨款“三公”经费/合计/预算数": 0.95,
                      "财政拨款“三公”经费/公务接待费/预算数": 0.95}
    assert {m.rsplit("/", 1)[-1] for m in t["measure"]} == {"预算数", "决算数"}


def test_the_economic_table_reads_both_panels(doc):
    # p.16: 301 工资福利支出 2,082.85 on the left, 302 商品和服务支出 171.07 on the right
    t = doc.tables["一般公共预算财政拨款基本支出决算表"].set_index("code")["value"]
    assert (t["301"], t["302"], t["303"], t["310"]) == (2082.85, 171.07, 69.41, 13.58)


def test_the_economic_tables_panels_are_named_by_their_own_totals(doc):
    # p.16–17: no heading over the two panels; the left one ends “人员经费合计 2,152.26”, the
    # right one “公用经费合计 184.65”. p.16: 30108 160.75 and 30109 80.38 on the left,
    # 30201 办公费 21.21 on the right.
    t = doc.tables["一般公共预算财政拨款基本支出决算表"]
    side = dict(zip(t["code"], t["side"], strict=True))
    value = dict(zip(t["code"], t["value"], strict=True))
    assert (side["30108"], side["30109"], side["30201"]) == ("人员经费", "人员经费", "公用经费")
    assert (value["30108"], value["30109"], value["30201"]) == (160.75, 80.38, 21.21)
    totals = t[t["label"].str.endswith("经费合计")]
    assert dict(zip(totals["side"], totals["value"], strict=True)) == {"人员经费": 2152.26,
                                                                     "公用经费": 184.65}


def test_the_personnel_and_public_figures_of_a_final_account(doc):
    # p.17: 人员经费合计 2,152.26 (301 2,082.85 + 303 69.41), 公用经费合计 184.65
    # (302 171.07 + 310 13.58); together the 基本支出 2,336.91 of p.15
    found = {name: find_figure(doc.tables, name, FINAL_FIGURES)["value"].sum()
             for name in ("人员经费", "公用经费", "一般公共预算基本支出")}
    assert found == pytest.approx({"人员经费": 2152.26, "公用经费": 184.65,
                                   "一般公共预算基本支出": 2336.91})
    headline = headline_figures(doc).set_index("figure")
    assert headline.loc["人员经费", "value"] == pytest.approx(2152.26)
    assert headline.loc["公用经费", "value"] == pytest.approx(184.65)
    assert headline.loc["人员经费", "table"] == "一般公共预算财政拨款基本支出决算表"
    split = budgetlib.shares(doc, by="personnel_public").set_index("item")["value"].to_dict()
    assert split == pytest.approx({"人员经费": 2152.26, "公用经费": 184.65})
    # p.16: 301 工资福利支出 2,082.85 of the 2,336.91
    economic = budgetlib.shares(doc, by="economic").set_index("code")["value"]
    assert economic["301"] == pytest.approx(2082.85)


def test_the_empty_fund_tables_say_why(doc):
    # p.19, p.20: "注：上海市普陀区财政局无政府性基金预算财政拨款支出，故本表无数据。"
    for title in ("政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款收入支出决算表"):
        assert doc.table_meta[title].empty and "故本表无数据" in doc.table_meta[title].note


def test_no_table_finding_and_no_misread(doc):
    found = doc.audit()
    tables = found[found["table"].notna() & ~found["rule"].str.startswith("claim_")]
    # every table adds up: total rows, 本年收入合计 + 年初结转和结余 = 总计, 合计 = 基本 + 项目,
    # and the identities between the tables
    assert tables.query("severity != 'info'").empty
    assert set(found["basis"]) == {"文档"}
    assert "standard_set" not in set(found["rule"]) and "required_table" not in set(found["rule"])


def test_a_planted_error_breaks_a_final_accounts_identity(doc):
    from budgetlib.audit import identities
    from budgetlib.parse.tables import table_cells

    tables = dict(doc.tables)
    t = tables["收入决算表"].copy()
    t.loc[(t["label"] == "合计") & (t["measure"] == "本年收入合计"), "value"] = 2950.25
    tables["收入决算表"] = t
    names = {f["rule"] for f in identities(table_cells(tables))}
    assert "identity:决算总表与收入决算表" in names


def test_findings_pinned(doc):
    found = doc.audit()
    pinned = sorted((r.rule, r.severity, r.page) for r in found.itertuples() if r.severity != "info")
    # p.14 is blank; p.21 "财政拨款收入支出总计0.3万元" where the 财政拨款收入支出决算总表 (p.13)
    # prints 总计 2,961.68, and "一般公共服务支出（类）2106.66万元，占71.73%" of 2940.05:
    # 2,106.66 ÷ 2,940.05 = 71.65 %; p.21 also says "与2023年度相比，财政拨款收入支出总计持平。
    # 主要原因：…合同支付进度条款等原因减少支付" (持平, explained as a decrease)
    assert pinned == [("blank_page", "warning", 14), ("claim_amount", "error", 21),
                      ("claim_share", "error", 21), ("stated_direction", "warning", 21)]


def test_the_narrative_is_linked_to_the_final_accounts_tables(doc):
    c = doc.claims
    # p.22 item 1 行政运行: "年初预算为1560.05万元，支出决算为1511.89万元"; the 决算 tables
    # print the 决算数 (p.15 表5 "201 06 01 行政运行 1,511.89") and no item's 年初预算
    final = c[(c["raw"] == "1511.89")].iloc[0]
    assert (final["link_table"], final["link_code"]) == ("一般公共预算财政拨款支出决算表", "2010601")
    budget = c[(c["raw"] == "1560.05")].iloc[0]
    assert budget["link_table"] is None and budget["link_reason"] == "年初预算"
    # p.23 "“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元": the 三公 table's
    # 预算数 and 决算数 (p.18), not the 支出决算表's 合计
    three = c[(c["page"] == 23) & c["raw"].isin(["0.95", "0.00"])].iloc[:2]
    assert three["link_measure"].tolist() == [
        "财政拨款“三公”经费/合计/预算数", "财政拨款“三公”经费/合计/决算数"]
    amounts = c[c["figure"] == "amount"]
    assert amounts["link_table"].notna().sum() >= 30  # of 56 amounts; none before


def test_the_narratives_figures_in_another_font_are_read_in_their_sentences(doc):
    """p.21–25 print their figures in Times New Roman, set lower than the 仿宋 prose, and
    each item's number beside its 、; p.22 sets 在职人员基本医疗保险费 at 15 pt in 12 pt prose."""
    text = "\n".join(doc.paragraphs["text"])
    assert ("1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：局本部人员经费及公用经费等的"
            "基本支出。年初预算为1560.05万元，支出决算为1511.89") in text
    assert ("9、卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）。主要用于：在职人员基本医疗"
            "保险费。年初预算为62.29万元，支出决算为60.99万元。") in text


@pytest.mark.parametrize(("printed", "standard"), [
    # the national names (财政部's 2023 list of the nine 部门决算 tables; 湖北 counties' 表1–表9)
    ("一般公共预算财政拨款基本支出决算明细表", "一般公共预算财政拨款基本支出决算表"),
    ("表7：一般公共预算财政拨款“三公”经费支出决算表", "财政拨款“三公”经费支出决算表"),
    ("国有资本经营预算财政拨款支出决算表", "国有资本经营预算财政拨款收入支出决算表"),
    ("2023年度收入支出决算总表", "收入支出决算总表"),
])
def test_the_national_final_accounts_titles(printed, standard):
    from budgetlib.parse.identify import identify_title

    assert identify_title(printed)[0].title == standard


def test_the_national_final_accounts_set_outside_shanghai():
    nine = list(FINAL_ACCOUNTS_TABLES)
    national = standard_set(nine, "部门决算", 2023, "随州市曾都区河道堤防建设管理处")[0]
    assert national == "财政部部门决算公开九表"
    assert standard_set(nine, "单位决算", 2023, "上海市普陀区财政局")[0] == "上海市区级部门决算九表"
    # a budget's tables are not a final account's set
    assert standard_set(["部门收支总体情况表"], "部门决算", 2023, "北京市某局") == (None, ())


def test_three_public_parts_add_up_figure_by_figure(doc):
    """p.18 prints 预算数 and 决算数 under each part: 合计 预算数 0.95 = 公务接待费 0.95 (the
    others blank). A planted 0.90 for 公务接待费 breaks 合计 = Σ parts in the 预算数 figure only."""
    import dataclasses

    title = "财政拨款“三公”经费支出决算表"
    frame = doc.tables[title]
    assert frame.loc[frame["measure"].str.endswith("公务接待费/预算数"), "value"].tolist() == [0.95]
    assert doc.audit().query("table == @title").empty
    planted = frame.copy()
    at = planted["measure"].str.endswith("公务接待费/预算数")
    planted.loc[at, ["value", "raw"]] = [0.90, "0.90"]
    found = dataclasses.replace(doc, tables={**doc.tables, title: planted}).audit()
    found = found[found["table"] == title]
    assert found[["rule", "severity", "page", "measure"]].values.tolist() == [
        ["row_parts", "error", 18, "财政拨款“三公”经费/合计/预算数"]]
    assert "之和为 0.90，相差 0.05" in found["message"].iloc[0]


def test_the_execution_rates_are_claims_linked_to_the_final_figures(doc):
    c = doc.claims
    rates = c[c["figure"] == "rate"]
    # p.21 "…年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%": the 决算 is p.15's
    # 合计 2,940.05; the budget, printed in no table, the sentence's 2993.92. p.23: "“三公”经费
    # 财政拨款支出年初预算为0.95万元，支出决算为0.00万元，完成预算的0%，其中：因公出国（境）费决算
    # 为0.00万元，完成预算的0%；…": the 三公 table's 决算数 (p.18), for the total and each part
    assert rates[["page", "value"]].values.tolist() == [[21, 98.20], [23, 0], [23, 0], [23, 0], [23, 0]]
    three = "财政拨款“三公”经费支出决算表"
    assert rates["link_table"].tolist() == ["一般公共预算财政拨款支出决算表"] + [three] * 4
    first = rates.iloc[0]
    assert (first["table_raw"], first["whole"], first["whole_value"]) == (
        "2,940.05", "一般公共预算财政拨款支出年初预算", 2993.92)
    # the 三公 total's budget is the sentence's 0.95 (p.18 prints 预算数 0.95 too); 公务接待费's,
    # unstated, the table's 预算数 0.95 (p.18)
    assert rates.iloc[1]["whole_value"] == 0.95 and rates.iloc[4]["whole"] == "公务接待费年初预算"
    assert rates.iloc[4]["whole_value"] == 0.95


def test_an_execution_rate_is_recomputed_at_the_tables_precision(doc):
    from tests.test_audit_final_accounts import findings, planted

    # p.21 written "支出决算为2940万元": the table's 2,940.05 (p.15) is the 决算, so 98.22% is
    # 0.02 off 2,940.05 ÷ 2,993.92 = 98.2007 %: an error, though 2940 ÷ 2993.92 = 98.199 % is
    # within the rounding of "2940"
    found = findings(planted(doc, "支出决算为2940.05万元，完成年初预算的98.20%",
                             "支出决算为2940万元，完成年初预算的98.22%"))
    assert [(f["rule"], f["severity"], f["page"]) for f in found] == [("execution_rate", "error", 21)]
    assert "2,940.05 ÷ 年初预算 2,993.92" in found[0]["message"]
