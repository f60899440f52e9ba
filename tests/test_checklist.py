"""The reviewer's checklist (检查表): its rows, verdicts and problems, on the seed and on
corpus documents whose errors were verified on their pages (tests/test_corpus_reading.py)."""

from __future__ import annotations

import openpyxl
import pytest

import budgetlib
from budgetlib.report.checklist import CHECKLIST_COLUMNS, assign, checklist
from budgetlib.report.excel import to_checklist_workbook, to_excel

PROCURATORATE = "jiangsu/js_procuratorate_2017_budget_full.pdf"


def _read(corpus, name: str) -> budgetlib.BudgetDocument:
    return budgetlib.read_budget(corpus / name)


def _rows(table):
    return table.set_index("检查内容")


def _each_finding_once(doc) -> None:
    """Every error and warning is written in exactly one row's 问题; every info in one 提示."""
    found = doc.audit()
    placed = assign(doc, found)
    indices = sorted(i for rows in placed.values() for i in rows)
    assert indices == sorted(found.index)
    table = checklist(doc, found)
    for f in found.itertuples():
        column = "问题" if f.severity in ("error", "warning") else "提示"
        holding = [r for r in table.itertuples() if f.message in getattr(r, column)]
        assert len(holding) == 1, f.message


@pytest.fixture(scope="module")
def procuratorate(corpus):
    return _read(corpus, PROCURATORATE)


def test_the_procuratorate_checklist_names_the_verified_errors(procuratorate):
    table = checklist(procuratorate)
    assert table.columns.tolist() == CHECKLIST_COLUMNS
    assert table.attrs["title"] == "2017年度江苏省人民检察院部门预算公开情况检查表"
    rows = _rows(table)
    # the twelve tables of 江苏省省级部门预算公开十二表, each by its own name, all printed
    assert rows.loc["“三公”经费、会议费、培训费支出预算表", "符合要求"] == "是"
    assert (rows["检查项目"] == "内容规范性").sum() == len(rows) - 1
    no = rows[rows["符合要求"] == "否"]
    assert set(no.index) == {"预算编制说明", "“三公”经费情况说明", "其他相关说明：机关运行经费",
                             "其他相关说明：国有资产占用", "其他相关说明：绩效目标"}
    # p.19: "此外，基本支出预算数为 12323.46 万元" where the same page's table of shares, and the
    # 支出总表, print 基本支出 12,323.48; "公共安全（类）支出 13656.34 万元 … 增加 309.03 万元，增长
    # 2.31 %": 309.03 ÷ 13,347.31 = 2.32 % (a warning)
    narrative = no.loc["预算编制说明", "问题"]
    assert narrative.count("第19页") >= 3
    assert "12,323.46" in narrative and "12,323.48" in narrative and "2.31%" in narrative
    # p.22: 因公出国（境）费 110 万元 "占 18.85 %", 公务用车 317.8 "54.43 %", 公务接待 156.55
    # "26.72 %" of the 三公 584.35 (p.16): 18.82 %, 54.39 %, 26.79 %
    three = no.loc["“三公”经费情况说明", "问题"]
    for stated, computed in (("18.85%", "18.82%"), ("54.43%", "54.39%"), ("26.72%", "26.79%")):
        assert stated in three and computed in three
    assert three.count("第22页") == 3
    # p.22: 机关运行经费 6032.55 万元 "增加 3401.59 万元，增长 129.97 %": 3,401.59 ÷ 2,630.96 = 129.29 %
    running = no.loc["其他相关说明：机关运行经费", "问题"]
    assert "第22页" in running and "129.97%" in running and "129.29%" in running
    # the narrative says nothing of 国有资产 or 绩效目标 (pdftotext finds neither word)
    assert "国有资产占用情况" in no.loc["其他相关说明：国有资产占用", "问题"]
    assert "预算绩效目标" in no.loc["其他相关说明：绩效目标", "问题"]
    # the rows marked 是 have no problem; 及时性 cannot be judged from the document
    assert (rows.loc[rows["符合要求"] == "是", "问题"] == "").all()
    assert rows.loc["及时性", "符合要求"] == "无法判断" and "公开日期" in rows.loc["及时性", "问题"]
    _each_finding_once(procuratorate)


def test_the_seed_checklist_places_its_warnings(doc):
    table = checklist(doc)
    rows = _rows(table)
    assert not doc.audit()["severity"].eq("error").any()
    assert (rows["符合要求"] == "是").sum() >= len(rows) - 3
    # line 408 "一般公共预算服务支出(类)89.16万元" (the table: 一般公共服务支出), in 五、…当年拨款
    # 情况说明; line 439 职业年金 "增长 100.00%" on a zero base, in its (三)
    narrative = rows.loc["预算编制说明", "问题"]
    assert "第408行" in narrative and "第422行" in narrative and "第439行" in narrative
    # line 479, under 十、…财政拨款“三公”经费预算情况说明: "增长 100.00%" from a zero base
    three = rows.loc["“三公”经费情况说明"]
    assert three["符合要求"] == "否" and three["问题"].count("第479行") == 2
    assert "因公出国(境)费用" in three["提示"]  # both years 0: info, kept apart
    assert rows.loc["部门收支总体情况表", "符合要求"] == "是"
    _each_finding_once(doc)


def test_a_misread_table_is_never_yes(corpus):
    # js_high_court_2019 p.9: the 收入预算总表's 37,188.34 read on a row without its name
    # (tests/test_corpus_reading.py KNOWN_MISREADS)
    doc = _read(corpus, "jiangsu/js_high_court_2019_budget_full.pdf")
    row = _rows(checklist(doc)).loc["部门收入总体情况表"]
    assert row["符合要求"] == "无法判断" and "读取存疑" in row["问题"]
    _each_finding_once(doc)


def test_a_missing_part_and_layout_findings(corpus):
    # the 2025 commerce commission 单位预算 has no 项目经费情况说明 (its contents and text never
    # name one; the district office's 部门预算 lists "七、项目经费情况说明"); p.3 and p.4 print
    # text beyond the page edge
    doc = _read(corpus, "shanghai/putuo_commerce_commission_unit_budget_2025.pdf")
    rows = _rows(checklist(doc))
    assert rows.loc["项目经费情况说明", "符合要求"] == "否"
    assert "未见“项目经费情况说明”" in rows.loc["项目经费情况说明", "问题"]
    assert rows.loc["其他（版式等）", "问题"].count("超出页面边界") == 2
    _each_finding_once(doc)
    # its 部门预算 prints the part as one "科技创新专项经费情况说明" (and three more) per project
    dept = _read(corpus, "shanghai/putuo_commerce_commission_dept_budget_2025.pdf")
    assert _rows(checklist(dept)).loc["项目经费情况说明", "符合要求"] == "是"


def test_a_final_account_has_its_own_parts(corpus):
    # Putuo 财政局 2024 决算 p.21: "财政拨款收入支出总计0.3万元" (the table prints 2,961.68)
    doc = _read(corpus, "final_accounts/putuo_finance_bureau_dept_final_accounts_2024.pdf")
    rows = _rows(checklist(doc))
    assert "决算情况说明" in rows.index and "项目经费情况说明" not in rows.index
    assert "收入支出决算总表" in rows.index
    assert "2,961.68" in rows.loc["决算情况说明", "问题"]
    assert checklist(doc).attrs["title"] == "2024年度上海市普陀区财政局部门决算公开情况检查表"
    _each_finding_once(doc)


def test_the_checklist_sheets(doc, procuratorate, tmp_path):
    book = openpyxl.load_workbook(to_excel(doc, tmp_path / "seed.xlsx"))
    sheet = book["检查表"]
    assert sheet["A1"].value == "2026年度阿图什市人民政府外事办公室部门预算公开情况检查表"
    assert (sheet["A2"].value, sheet["B2"].value) == ("单位名称", "阿图什市人民政府外事办公室")
    assert sheet["A3"].value == "公开网址" and sheet["B3"].value is None
    assert [c.value for c in sheet[5]] == CHECKLIST_COLUMNS
    assert sheet.page_setup.orientation == "landscape"
    assert sheet["D12"].alignment.wrap_text
    sets = openpyxl.load_workbook(to_checklist_workbook(
        {"外事办2026": doc, "检察院2017": procuratorate}, tmp_path / "检查表.xlsx"))
    assert sets.sheetnames == ["外事办2026", "检察院2017"]
    assert sets["检察院2017"]["A1"].value == "2017年度江苏省人民检察院部门预算公开情况检查表"


def test_a_blank_template_passes_nothing(corpus):
    # the 2024 决算 template names its department 上海市XX局: its parts are there, blank
    doc = _read(corpus, "templates/dept_final_accounts_template_2024.pdf")
    table = checklist(doc)
    assert set(table["符合要求"]) == {"无法判断"}
    assert (table["问题"].str.contains("模板") | (table["检查内容"] == "及时性")).all()
    _each_finding_once(doc)
