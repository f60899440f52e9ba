"""yoy and shares on the seed (and across years of the corpus), against the document."""

from __future__ import annotations

import math

import pytest

import budgetlib


def test_yoy_reproduces_every_stated_change(doc):
    whole = budgetlib.yoy(doc)
    # the aggregates the narrative gives no prior year for are kept, marked
    unstated = whole[whole["prior"].isna()]
    assert unstated["item"].tolist() == ["收入总计", "支出合计", "人员经费", "一般公共预算支出"]
    assert (unstated["reason"] == "说明未写明上年数").all()
    table = whole[whole["prior"].notna()]
    assert len(table) == 19  # every "比上年预算增加/减少" of the narrative
    # priors read off the narrative: current − change
    priors = dict(zip(table["line"], table["prior"].round(2), strict=False))
    assert priors[378] == 160.84  # 一般公共预算 122.35 + 38.49
    assert priors[398] == 70.00  # 项目支出 55.20 + 14.80
    assert priors[431] == 74.50  # 行政运行 79.16 − 4.66
    assert priors[493] == 1.70  # 机关运行经费 2.32 − 0.62
    stated = table[table["stated_pct"].notna() & ~table["new"]]
    ok = stated[stated["agrees"] == True]  # noqa: E712
    assert set(ok["line"]) == {378, 390, 396, 398, 416, 418, 431, 433, 435, 437, 441, 443, 493}
    # growth from zero: 职业年金 (439), 三公 and its 公务用车运行维护费 (479) are new, no %
    new = table[table["new"]]
    assert sorted(new["line"]) == [439, 479, 479]
    assert new["pct"].isna().all() and (new["agrees"] == False).all()  # noqa: E712
    row = table[table["code"] == "2010301"].iloc[0]
    assert (row["item"], row["reason"]) == ("行政运行", "在职人员岗位职级晋升,工资增加")


def test_yoy_items_are_subjects_and_a_change_without_its_amount_is_unknown(seed_text):
    # planted: a change stated for "财政拨款收、支总计各" with no amount of its own anywhere
    planted = seed_text.replace(
        "2026年财政拨款收支总预算122.35万元。",
        "2026年财政拨款收支总预算122.35万元。\n\n"
        "与上年相比，财政拨款收、支总计各增加 3.00 万元，增长 2.00%。")
    table = budgetlib.yoy(budgetlib.read_budget(planted))
    row = table[table["stated_change"] == 3.0].iloc[0]
    assert row["item"] == "财政拨款收、支总计"  # not "…各", nor the comparison
    # the subject is the 财政拨款 total, linked to 表4 (收入总计 122.35, seed line 213): the planted
    # 2.00% is checked against it, 3.00 ÷ 119.35 = 2.51%
    assert (row["table"], row["current"], row["agrees"]) == ("财政拨款收支预算总体情况表", 122.35, False)
    # a subject no table prints: its change has no current amount, unknown, not a disagreement
    unknown = budgetlib.yoy(budgetlib.read_budget(planted.replace("财政拨款收、支总计各", "某专项收、支各")))
    row = unknown[unknown["stated_change"] == 3.0].iloc[0]
    assert math.isnan(row["current"]) and row["agrees"] is None
    assert unknown["agrees"].eq(False).sum() == budgetlib.yoy(budgetlib.read_budget(seed_text))[
        "agrees"].eq(False).sum()


def test_yoy_takes_the_item_not_the_comparison_phrase(corpus):
    court = budgetlib.yoy(budgetlib.read_budget(corpus / "jiangsu" / "js_high_court_2017_budget_full.pdf"))
    # p.19: "2017 年度收入、支出预算总计 28849.38 万元，与上年相比收、支预算总计各增加 1808.29
    # 万元，增长 6.69%": 1808.29 / (28849.38 − 1808.29) = 6.687%
    row = court[(court["page"] == 19) & (court["stated_change"] == 1808.29)].iloc[0]
    assert (row["item"], row["current"], round(row["prior"], 2), row["agrees"]) == (
        "收入、支出预算总计", 28849.38, 27041.09, True)
    commerce = budgetlib.yoy(budgetlib.read_budget(
        corpus / "shanghai" / "putuo_commerce_commission_dept_budget_2025.pdf"))
    # p.7: "政府性基金拨款支出预算0万元，比2024年预算执行数持平；国有资本经营预算拨款支出预算0万元，
    # 比2024年预算执行数持平"
    flat = commerce[commerce["page"] == 7]
    assert {"政府性基金拨款支出预算", "国有资本经营预算拨款支出预算"} <= set(flat["item"])
    for table in (court, commerce):
        items = table["item"].dropna()
        assert not items.str.contains(r"^(?:比|与|较)|(?:与|比)$|各$|数与").any(), items.tolist()


def test_shares_reproduce_the_narrative(doc):
    by_class = budgetlib.shares(doc, by="function")
    assert by_class["code"].tolist() == ["201", "208", "210", "221"]
    assert by_class["stated_share"].tolist() == [72.87, 14.01, 6.17, 6.94]
    # 8.50 / 122.35 = 6.947%: the document prints 6.94 (rounding down a 6.9473)
    row = by_class[by_class["code"] == "221"].iloc[0]
    assert round(row["share"], 3) == 6.947 and round(row["difference"], 4) == -0.0073
    funding = budgetlib.shares(doc, by="funding").set_index("item")
    assert funding.loc["一般公共预算拨款", "stated_share"] == 73.02
    assert funding.loc["单位资金", "stated_share"] == 26.98
    basic = budgetlib.shares(doc, by="basic_project").set_index("item")
    assert basic.loc["基本支出", "value"] == 112.35 and basic.loc["基本支出", "stated_share"] == 67.05
    three = budgetlib.shares(doc, by="three_public_in_public")
    # 表10 三公 1.20 within 表6 公用经费 2.32
    assert three[["item", "value"]].values.tolist() == [["“三公”经费", 1.20]]
    assert three["share"].iloc[0] == pytest.approx(1.20 / 2.32 * 100)
    people = budgetlib.shares(doc, by="personnel_public").set_index("item")
    assert people.loc["人员经费", "value"] == 110.03 and people.loc["公用经费", "value"] == 2.32


def test_shares_within_parent_and_others(doc):
    items = budgetlib.shares(doc, by="function_xiang").set_index("code")
    # 2010301 行政运行 79.16 of 20103's 89.16
    assert items.loc["2010301", "share_in_parent"] == pytest.approx(79.16 / 89.16 * 100)
    folded = budgetlib.shares(doc, by="economic_kuan", others=5)
    assert folded["item"].iloc[-1] == "其他"
    assert folded["value"].sum() == pytest.approx(112.35)  # 表6 合计: the whole stays whole
    assert len(folded) == 6


def test_yoy_between_years_checks_last_year_against_its_own_document(corpus):
    folder = corpus / "shanghai"
    prev = budgetlib.read_budget(folder / "putuo_wanli_subdistrict_office_budget_2024.pdf")
    doc = budgetlib.read_budget(folder / "putuo_wanli_subdistrict_office_budget_2025.pdf")
    table = budgetlib.yoy(prev, doc)
    # 2025 p.6: "财政拨款支出预算18,976.76万元，比2024年预算增加3,355.65万元"; the 2024 PDF
    # prints 156,211,123 元 and the 2025 PDF 189,767,551 元: 3,355.6428 万元
    row = table[(table["table"] == "财政拨款收支预算总体情况表")
                & (table["measure"] == "财政拨款支出/合计") & (table["item"] == "支出总计")].iloc[0]
    assert (row["stated_change"], round(row["change"], 4), row["agrees"]) == (3355.65, 3355.6428,
                                                                               True)
    # 2025 p.30: 三公 37.91万元，比2024年预算减少10万元; the 2024 PDF prints 47.91
    three = table[table["measure"] == "“三公”经费预算数/合计"].iloc[0]
    assert (three["prior"], three["change"], three["agrees"]) == (47.91, -10.0, True)
    assert table["agrees"].eq(False).sum() == 0
    assert set(table["matched"]) == {"两年均有"}  # 2024 and 2025 print the same rows


def test_yoy_between_years_reports_what_did_not_match(corpus):
    folder = corpus / "shanghai"
    prev = budgetlib.read_budget(folder / "putuo_wanli_subdistrict_office_budget_2023.pdf")
    doc = budgetlib.read_budget(folder / "putuo_wanli_subdistrict_office_budget_2024.pdf")
    table = budgetlib.yoy(prev, doc)
    spending = table[(table["table"] == "部门支出总体情况表") & (table["measure"] == "支出预算/合计")]
    # 2024 p.12 prints "205 教育支出 250,000"; 2023 has no 205
    row = spending[spending["code"] == "205"].iloc[0]
    assert (row["matched"], row["current"], row["new"]) == ("仅本年", 25.0, True)
    assert math.isnan(row["pct"])
    # 2023 p.15 prints "201 05 06 统计管理 26,300"; 2024 has no 2010506
    row = spending[spending["code"] == "2010506"].iloc[0]
    assert row["matched"] == "仅上年" and row["prior"] == pytest.approx(2.63)
    # 2024 p.6: 财政拨款支出预算 比2023年预算减少876.75万元; 2023 prints 164,978,640 元
    stated = table[table["stated_change"].notna()]
    assert stated["agrees"].all() and -876.75 in set(stated["stated_change"])


def test_function_shares_of_a_one_column_jiangsu_table(corpus):
    doc = budgetlib.read_budget(corpus / "jiangsu" / "js_procuratorate_2019_budget_full.pdf")
    # 公开07表 (p.18) has one column, 金额: 204 16,593.12 + 208 1,890.27 + 221 5,686.35 = 24,169.74
    frame = budgetlib.shares(doc, by="function").set_index("code")["value"]
    assert frame.to_dict() == {"204": 16593.12, "208": 1890.27, "221": 5686.35}


@pytest.fixture(scope="module")
def party_office(corpus):
    folder = corpus / "jiangsu"
    return budgetlib.read_budget([folder / "js_party_office_2019_budget_narrative.pdf",
                                  folder / "js_party_office_2019_budget_tables.pdf"])


def test_headline_of_a_jiangsu_document(party_office):
    facts = budgetlib.headline(party_office)
    # js_party_office_2019_budget_tables.pdf, read with pdftotext -layout:
    assert facts["收入总计"] == 27664.22  # p.1 收支预算总表 收入合计; p.2 收入总计
    # p.3 支出预算总表, one row: 合计 27,664.22 基本支出 11,700.63 项目支出 13,025.38
    assert (facts["支出合计"], facts["基本支出"], facts["项目支出"]) == (27664.22, 11700.63, 13025.38)
    # p.8 一般公共预算基本支出预算表 prints no 人员经费 column: 301 8,300.32 + 303 1,167.40;
    # narrative p.11: "人员经费9467.72万元", "公用经费2232.91万元" (302 商品和服务支出)
    assert facts["人员经费"] == pytest.approx(9467.72) and facts["公用经费"] == 2232.91
    assert facts["财政拨款"] == 27664.22  # p.4 财政拨款收支预算总表 收入合计
    assert facts["一般公共预算支出"] == 27664.22  # p.7 合计
    assert facts["三公经费"] == 508.20  # p.9 “三公”经费 小计
    assert facts["机关运行经费"] == 2232.91  # p.11 合计


def test_shares_of_a_jiangsu_document(party_office):
    # narrative p.8: 基本支出 占42.30%, 项目支出 占47.08%, 单位预留机动经费2938.21万元 占10.62%
    basic = budgetlib.shares(party_office, by="basic_project").set_index("item")
    assert basic["value"].to_dict() == {"基本支出": 11700.63, "项目支出": 13025.38,
                                        "单位预留机动经费": 2938.21}
    assert basic["share"].round(2).tolist() == [42.30, 47.08, 10.62]
    people = budgetlib.shares(party_office, by="personnel_public").set_index("item")
    assert people.loc["公用经费", "share"] == pytest.approx(2232.91 / 11700.63 * 100)
    # tables p.8: 301 8,300.32, 302 2,232.91, 303 1,167.40 of 合计 11,700.63
    economic = budgetlib.shares(party_office, by="economic").set_index("code")["value"]
    assert economic.to_dict() == {"301": 8300.32, "302": 2232.91, "303": 1167.40}
    # tables p.1: 一、财政拨款 27,664.22; 二、财政专户管理资金, 三、其他资金, 上年结转资金 blank
    funding = budgetlib.shares(party_office, by="funding").set_index("item")
    assert funding.loc["财政拨款", "share"] == 100.0 and funding["value"].sum() == 27664.22
    # narrative p.12: 因公出国（境）费 70万元 占13.77%, 公务用车 411.20 占80.92%, 接待 27
    three = budgetlib.shares(party_office, by="three_public_sh").set_index("item")
    assert three["value"].to_dict() == {"因公出国（境）费": 70.0, "公务接待费": 27.0,
                                        "公务用车购置及运行费": 411.20}


def test_headline_of_a_jiangsu_document_without_personnel_columns(corpus):
    doc = budgetlib.read_budget(corpus / "jiangsu" / "js_procuratorate_2018_budget_full.pdf")
    facts = budgetlib.headline(doc)
    assert facts["收入总计"] == 21955.35  # p.14 公开02表 收入总计
    # p.15 公开03表, one row: 合计 21,955.35 基本支出 13,994.31 项目支出 5,573.00
    assert (facts["支出合计"], facts["基本支出"], facts["项目支出"]) == (21955.35, 13994.31, 5573.0)
    # p.18 公开08表: 301 10,204.52 + 303 1,052.83; 302 2,722.57; the narrative (p.27)
    # states 人员经费 11,257.35万元 and 公用经费 2,722.57万元
    assert facts["人员经费"] == pytest.approx(11257.35) and facts["公用经费"] == 2722.57
    assert facts["财政拨款"] == 21940.96  # p.15 公开04表 收入合计, 公开05表 合计
    assert facts["一般公共预算支出"] == 21940.96  # p.17 公开07表 合计
    assert facts["三公经费"] == 484.30  # p.19 公开09表 “三公”经费 小计
    assert facts["机关运行经费"] == 2722.57  # p.20 公开11表 合计


def test_headline_of_a_shanghai_document(corpus):
    doc = budgetlib.read_budget(corpus / "shanghai" / "putuo_wanli_subdistrict_office_budget_2025.pdf")
    facts = budgetlib.headline(doc)
    # printed in 元 (万元 = 元 / 10,000), pdftotext -layout:
    assert facts["收入总计"] == pytest.approx(18976.7551)  # p.9 收入总计 189,767,551
    assert facts["支出合计"] == pytest.approx(18976.7551)  # p.18 合计 189,767,551
    assert facts["基本支出"] == pytest.approx(10134.1746)  # p.18 101,341,746
    assert facts["项目支出"] == pytest.approx(8842.5805)  # p.18 88,425,805
    assert facts["人员经费"] == pytest.approx(9051.4044)  # p.28 合计 … 90,514,044
    assert facts["公用经费"] == pytest.approx(1082.7702)  # p.28 10,827,702
    assert facts["财政拨款"] == pytest.approx(18976.7551)  # p.19 收入总计 189,767,551
    assert facts["一般公共预算支出"] == pytest.approx(18976.7551)  # p.24 合计 189,767,551
    # p.29 (单位:万元): “三公”经费 合计 37.91, 机关运行经费预算数 464.64
    assert (facts["三公经费"], facts["机关运行经费"]) == (37.91, 464.64)
    basic = budgetlib.shares(doc, by="basic_project").set_index("item")
    assert basic.index.tolist() == ["基本支出", "项目支出"]  # no 单位预留机动经费 column
    assert basic["share"].sum() == pytest.approx(100)


def test_every_view_reads_through_the_registry(doc):
    from budgetlib.analysis import VIEWS, FiguresView, RowsView
    from budgetlib.registry import FIGURES

    named = {name for view in VIEWS.values() for name in (
        view.figures if isinstance(view, RowsView) else (view.whole, *dict(view.parts).values()))}
    assert isinstance(VIEWS["basic_project"], FiguresView) and named <= set(FIGURES)
    for by in VIEWS:  # every view answers on the seed, none raises
        assert list(budgetlib.shares(doc, by=by).columns) == budgetlib.analysis.SHARE_COLUMNS


def test_an_unknown_view_names_the_valid_ones(doc):
    with pytest.raises(ValueError, match="funtion") as error:
        budgetlib.shares(doc, by="funtion")
    assert "function" in str(error.value) and "basic_project" in str(error.value)


def test_yoy_between_warns_of_years_in_the_wrong_order_and_of_two_departments(doc, seed_text):
    import warnings

    later = budgetlib.read_budget(seed_text.replace("2026", "2027").replace("2025", "2026"))
    assert later.year == 2027
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the right order, one department: not a word
        budgetlib.yoy(doc, later)
    with pytest.warns(UserWarning, match="prev is 2027 .* and doc 2026 .*years in the wrong order"):
        table = budgetlib.yoy(later, doc)
    assert not table.empty  # still compared
    other = budgetlib.read_budget(seed_text.replace("外事办", "财政局"))
    assert "财政局" in other.department
    with pytest.warns(UserWarning, match=f"two departments, {doc.department} .* and {other.department}"):
        budgetlib.yoy(doc, other)


def test_a_figure_of_no_registry_lists_the_figures(doc):
    from budgetlib.analysis import find_figure
    from budgetlib.registry import FINAL_FIGURES

    with pytest.raises(KeyError, match="人员经费, 公用经费"):
        find_figure(doc.tables, "人员经废")
    # a figure a final account does not print is simply not there
    assert find_figure(doc.tables, "人员经费", FINAL_FIGURES) is None


def test_shares_work_on_a_final_accounts_functional_table(corpus):
    # putuo finance bureau 决算 p.15 (一般公共预算财政拨款支出决算表): 201 2,106.66, 208 326.72 …
    # of 合计 2,940.05; p.21 states "一般公共服务支出（类）2106.66万元，占71.73%" (2,106.66 ÷
    # 2,940.05 = 71.65 %) and 社会保障和就业 11.11 %
    doc = budgetlib.read_budget(
        corpus / "final_accounts" / "putuo_finance_bureau_dept_final_accounts_2024.pdf")
    function = budgetlib.shares(doc, by="function").set_index("code")
    assert function.loc["201", "value"] == 2106.66 and function.loc["208", "value"] == 326.72
    assert round(function.loc["201", "share"], 2) == 71.65 and function.loc["201", "stated_share"] == 71.73
    assert function.loc["208", "stated_share"] == 11.11
    # p.21 "基本支出2336.91万元，占79.49%；项目支出603.14万元，占20.51%" of 本年支出合计 2940.05
    basic = budgetlib.shares(doc, by="basic_project").set_index("item")
    assert basic["value"].tolist() == [2336.91, 603.14] and basic["stated_share"].tolist() == [79.49, 20.51]
