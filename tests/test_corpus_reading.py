"""Corpus discipline: every document of ../shared/corpus reads completely, the full report
runs on it, and every ``error`` it gets is a verified error of the publisher.

Skipped without the corpus. Expected values come from reading the PDFs (page and why beside
each).
"""

from __future__ import annotations

import pandas as pd
import pytest
from html_tables import faults

import budgetlib
from budgetlib.audit import document_set
from budgetlib.config import corpus_dir
from budgetlib.corpus import find_documents
from budgetlib.parse.misreads import MISREAD_MARKS
from budgetlib.report.cli import main

#: The corpus's PDF documents (its xlsx templates are read in tests/test_xlsx.py).
DOCUMENTS = {name: files for name, files in (find_documents(corpus_dir()) if corpus_dir().is_dir()
                                             else {}).items() if files[0].suffix == ".pdf"}

#: Final accounts (决算): held to Shanghai's 决算 set (上海市区级部门决算九表).
FINAL_ACCOUNTS = {"putuo_finance_bureau_dept_final_accounts_2024", "dept_final_accounts_template_2024"}

#: Every ``error`` finding of each document, as (rule, page), each checked in the PDF.
VERIFIED_ERRORS: dict[str, set[tuple[str, int | None]]] = {
    # p.22: 提租补贴 "增加865.57万元，增长79.05%": 865.57 ÷ (1,959.99 − 865.57) = 79.09 %;
    # the narrative has no 国有资产占用情况 and no 预算绩效目标 section
    "js_high_court_2017_budget_full": {("claim_change_pct", 22), ("required_explanation", None)},
    # p.19: 一般行政管理事务 6,049.97 "减少392.92万元，下降5.95%": the 2017 table prints
    # 6,432.89, so the fall is 382.92 (5.95 %); with 392.92 the rate is 6.10 %
    "js_high_court_2018_budget_full": {("claim_change_pct", 19), ("required_explanation", None)},
    "js_high_court_2019_budget_full": set(),
    # the party office and procuratorate findings are pinned one by one in tests/test_pdf.py
    "js_party_office_2017_budget": {("claim_change_pct", 8), ("required_explanation", None)},
    "js_party_office_2018_budget": {("required_explanation", None)},
    "js_party_office_2019_budget": set(),
    # p.19: "基本支出预算数为 12323.46 万元" where the 收支总表 (p.10) and 支出总表 print 12,323.48;
    # p.22: 因公出国（境）费 "110 万元，占“三公”经费的18.85 %": the 三公 table (p.16) prints
    # 110.00 and 584.35, 110.00 ÷ 584.35 = 18.82 %
    "js_procuratorate_2017_budget_full": {("amount_twice", 19), ("claim_amount", 19),
                                          ("claim_change_pct", 22), ("claim_share", 22),
                                          ("required_explanation", None)},
    # p.23: 收入、支出预算总计 21,955.35 "与上年相比收、支预算总计各增加3,958.67万元，增长21.95%":
    # 3,958.67 ÷ 17,996.68 = 22.00 %
    "js_procuratorate_2018_budget_full": {("claim_change_pct", 23), ("claim_change_pct", 26),
                                          ("required_explanation", None)},
    # p.25: 24,169.74 "…各增加2214.39万元，增长10.06%": 2,214.39 ÷ 21,955.35 = 10.09 %;
    # p.26: "项目支出预算数为4335.3万元。与上年相比减少了1237.7万元，减少13.22%": 1,237.7 ÷
    # 5,573.0 = 22.21 % (13.22 % is the 基本支出's rise the sentence before prints)
    "js_procuratorate_2019_budget_full": {("claim_change_pct", 25), ("claim_change_pct", 26),
                                          ("claim_change_pct", 29)},
    "putuo_commerce_commission_dept_budget_2025": set(),
    "putuo_commerce_commission_unit_budget_2025": set(),
    "putuo_district_govt_office_dept_budget_2025": set(),
    "putuo_district_govt_office_unit_budget_2025": set(),
    # p.6 item 3 群众团体事务: 2022年执行数 11.67, 2023年 45.41, "增加314.82%": it is
    # 289.12 %; p.7 item 16 职业年金缴费 "220.63万元" then "2023年预算安排441.25万元" (item
    # 15's figure; 表 prints 220.63), and "增加60.54%" follows from neither (66.40 %, 232.79 %)
    "putuo_wanli_subdistrict_office_budget_2023": {("claim_change_pct", 6), ("claim_change_pct", 7),
                                                   ("statement_amounts", 7)},
    # p.9 item 31 住房公积金 "350.35万元" then "2024年预算安排352.67万元" (the 2023 figure;
    # 表 prints 350.35, and the +0.53 % on 348.52 follows from 350.35)
    "putuo_wanli_subdistrict_office_budget_2024": {("statement_amounts", 9)},
    "putuo_wanli_subdistrict_office_budget_2025": set(),
    # p.21: "财政拨款收入支出总计0.3万元" where the 财政拨款收入支出决算总表 (p.13) prints 总计
    # 2,961.68; "一般公共服务支出（类）2106.66万元，占71.73%" of 一般公共预算财政拨款支出
    # 2940.05万元: 2,106.66 ÷ 2,940.05 = 71.65 %
    "putuo_finance_bureau_dept_final_accounts_2024": {("claim_amount", 21), ("claim_share", 21)},
    # a blank template (上海市XX局): its placeholders are what it is, not errors
    "dept_final_accounts_template_2024": set(),
}

def _read(name: str) -> budgetlib.BudgetDocument:
    files = DOCUMENTS[name]
    return budgetlib.read_budget(files if len(files) > 1 else files[0])


@pytest.fixture(scope="module")
def documents(corpus) -> dict[str, budgetlib.BudgetDocument]:
    return {name: _read(name) for name in DOCUMENTS}


def test_the_corpus_holds_what_sources_md_lists(corpus):
    # 21 PDFs: 12 Jiangsu (three narrative/tables pairs), 7 Shanghai budgets, a final account
    # and its template; the two xlsx templates are read elsewhere (tests/test_xlsx.py)
    assert len(DOCUMENTS) == 18
    assert set(VERIFIED_ERRORS) == set(DOCUMENTS)


@pytest.mark.parametrize("name", sorted(set(DOCUMENTS) - FINAL_ACCOUNTS))
def test_every_standard_table_is_found(documents, name):
    doc = documents[name]
    set_name, titles = document_set(doc)
    assert set_name is not None, name
    assert [t for t in titles if t not in doc.tables] == []
    assert [t for t, meta in doc.table_meta.items() if not meta.known] == []


#: Tables the reader still gets wrong, as their reading shows (a mark of a misread), by document.
KNOWN_MISREADS: dict[str, set[str]] = {
    # p.9 收入预算总表 prints 一般公共预算资金 | 小计 37,188.34 | 公共财政拨款（补助）资金 37,188.34
    # in two name columns with no rule between its rows: the grid reads one name column, and
    # 37,188.34 on a row of its own, without a name (行名与金额错行)
    "js_high_court_2019_budget_full": {"部门收入总体情况表"},
}


@pytest.mark.parametrize("name", sorted(set(DOCUMENTS) - FINAL_ACCOUNTS))
def test_no_table_is_read_with_a_mark_of_a_misread(documents, name):
    doc = documents[name]
    marked = {p.table for p in doc.problems if p.code in MISREAD_MARKS}
    assert marked == KNOWN_MISREADS.get(name, set())


def test_the_final_accounts_tables_are_registered(documents):
    # the nine 决算 tables are read from the registry, none marked, and the narrative's
    # 单位构成 (序号 | 单位名称 | 备注) is a list without amounts: no table is unrecognized
    for name in FINAL_ACCOUNTS:
        doc = documents[name]
        marked = {p.table for p in doc.problems if p.code in MISREAD_MARKS}
        assert marked == set()
        assert [t for t, meta in doc.table_meta.items() if not meta.known] == []
        assert document_set(doc)[0] == "上海市区级部门决算九表"
        # its 序号 is a row's number, never an amount
        units = doc.tables["单位构成"]
        assert units["value"].isna().all() and set(units["measure"]) == {"备注"}


def test_the_units_of_the_final_account(documents):
    # Putuo 决算 p.5: 序号 1 上海市普陀区财政局（本级）; 2 上海市普陀区财政局财政所, 预算不单列，
    # 并入本级; 3 上海市普陀区国库收付中心, the same 备注
    units = documents["putuo_finance_bureau_dept_final_accounts_2024"].tables["单位构成"]
    assert units["label"].tolist() == ["上海市普陀区财政局（本级）",
                                       "上海市普陀区财政局财政所 / 预算不单列，并入本级",
                                       "上海市普陀区国库收付中心 / 预算不单列，并入本级"]
    assert units["raw"].tolist() == [None, "预算不单列，并入本级", "预算不单列，并入本级"]
    assert set(units["page"]) == {5}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_error_is_a_verified_error_of_the_publisher(documents, name):
    found = documents[name].audit()
    errors = found[found["severity"] == "error"]
    pages = {(r.rule, None if r.page != r.page or r.page is None else int(r.page))
             for r in errors.itertuples()}
    assert pages == VERIFIED_ERRORS[name]
    # a finding resting on a misread table is never an error or a warning
    doubtful = found[found["basis"] != "文档"]
    assert set(doubtful["severity"]) <= {"info"}


def test_final_accounts_are_judged_by_the_final_accounts_set(documents):
    for name in FINAL_ACCOUNTS:
        found = documents[name].audit()
        assert "required_table" not in set(found["rule"])
        assert "standard_set" not in set(found["rule"])


def test_the_full_report_runs_on_the_corpus_folder_as_a_set(corpus, tmp_path, capsys):
    # the folder form: every document (its xlsx templates too) and the set's own outputs
    assert main(["report", str(corpus), "--out", str(tmp_path)]) == 0
    written = {p.name for p in tmp_path.iterdir() if (p / "audit.csv").is_file()}
    assert written == set(find_documents(corpus))
    # complete: every part and notebook ran (what a document lacks is a skip line, not a warning)
    assert [line for line in capsys.readouterr().err.splitlines() if " 警告 " in line] == []
    # notebooks 01–04 for every document, and 06 (预算执行) for the final accounts
    notebooks = {name: len(list((tmp_path / name / "notebooks").glob("*.html"))) for name in written}
    assert notebooks == {name: 5 if name in FINAL_ACCOUNTS else 4 for name in written}
    # every table in them as the analyst reads it: Chinese headings, at most two decimals, blanks
    pages = {page.relative_to(tmp_path).as_posix(): faults(page.read_text("utf-8"))
             for page in tmp_path.glob("*/notebooks/*.html")}
    assert {page: found for page, found in pages.items() if found} == {}
    # a Jiangsu budget published as a narrative and a tables PDF is one document: its 一般公共预算
    # 支出情况表 (tables PDF, 27,664.22 in total) beside its narrative's paragraphs
    tidy = (tmp_path / "js_party_office_2019_budget" / "tables.csv").read_text("utf-8-sig")
    paragraphs = (tmp_path / "js_party_office_2019_budget" / "paragraphs.csv").read_text("utf-8-sig")
    assert "一般公共预算支出情况表" in tidy and "27664.22" in tidy and len(paragraphs.splitlines()) > 20
    # the set: notebook 05 on the folder, the ranking charts, and 汇总.xlsx pairing each budget
    # with its department's previous year (the title pages: 江苏省高级人民法院 2018 and 2019,
    # 上海市普陀区人民政府万里街道办事处 2024 and 2025 部门预算)
    compared = (tmp_path / "notebooks" / "05-compare-departments-and-years.html").read_text("utf-8")
    assert "Traceback" not in compared and "江苏省高级人民法院" in compared
    assert len(list((tmp_path / "charts").glob("部门排名_*.png"))) == 4
    summary = pd.read_excel(tmp_path / "汇总.xlsx", dtype=str).set_index("文档")
    # and the checklist of every document, a sheet each
    assert len(pd.read_excel(tmp_path / "检查表.xlsx", sheet_name=None)) == len(written)
    previous = summary["对比文档（上年或本年预算）"]
    assert previous["js_high_court_2019_budget_full"] == "js_high_court_2018_budget_full"
    wanli = "putuo_wanli_subdistrict_office_budget"
    assert previous[f"{wanli}_2025"] == f"{wanli}_2024"
