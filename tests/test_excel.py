"""The workbook: every figure as the document prints it, live totals, text kept as text,
atomic writes, and LibreOffice's own recalculation where LibreOffice is installed."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

import budgetlib
from budgetlib.report import excel
from budgetlib.report.excel import display_width, to_excel

T5 = "一般公共预算支出情况表"


@pytest.fixture(scope="module")
def workbook(doc, tmp_path_factory) -> Path:
    return to_excel(doc, tmp_path_factory.mktemp("xlsx") / "seed.xlsx", staff=5, norm=0.5)


def _numbers(sheet) -> list[float]:
    return sorted(round(c.value, 2) for row in sheet.iter_rows() for c in row
                  if isinstance(c.value, int | float) and not isinstance(c.value, bool))


def test_every_table_figure_is_in_its_sheet(doc, workbook):
    book = openpyxl.load_workbook(workbook, data_only=True)  # cached values, as a viewer shows them
    assert book.sheetnames[0] == "概况" and book.sheetnames[-1] == "审核"
    for title, tidy in doc.tables.items():
        expected = sorted(round(v, 2) for v in tidy["value"].dropna())
        assert _numbers(book[title]) == expected, title


def test_function_table_as_printed(workbook):
    sheet = openpyxl.load_workbook(workbook, data_only=True)[T5]
    rows = [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
    # seed line 228: 201 03 01 行政运行 79.16 79.16; line 241: 总计 122.35 112.35 10.00
    assert ("2010301", "行政运行", 79.16, 79.16, None) in rows
    assert rows[-1] == (None, "总计", 122.35, 112.35, 10.0)
    assert isinstance(rows[-2][0], str)  # codes stay text ("201"), never numbers


def test_totals_are_live_formulas_over_the_top_rows(workbook):
    sheet = openpyxl.load_workbook(workbook)[T5]
    total = next(r for r in sheet.iter_rows() if r[1].value == "总计")
    # 总计 = 201 + 208 + 210 + 221, the top-level rows
    codes = {c.coordinate: c.value for c in sheet["A"]}
    formula = total[2].value
    assert formula.startswith("=SUM(")
    refs = formula[5:-1].split(",")
    assert [codes["A" + ref[1:]] for ref in refs] == ["201", "208", "210", "221"]
    # the two-sided 收支总表: 收入总计 = 一、本年收入 + 二、上年结转结余 (seed line 116)
    sheet = openpyxl.load_workbook(workbook)["部门收支总体情况表"]
    total = next(r for r in sheet.iter_rows() if r[1].value == "收入总计")
    assert total[2].value.startswith("=SUM(") and total[5].value.startswith("=SUM(")


def test_a_total_that_does_not_add_up_keeps_its_printed_figure(seed_text, tmp_path):
    # 表5 line 241: 总计 122.35 → 122.45; the workbook must not silently show 122.35
    text = seed_text.replace("总计\t122.35\t112.35\t10.00", "总计\t122.45\t112.35\t10.00")
    out = to_excel(budgetlib.read_budget(text), tmp_path / "bad.xlsx")
    sheet = openpyxl.load_workbook(out)[T5]
    total = next(r for r in sheet.iter_rows() if r[1].value == "总计")
    assert total[2].value == 122.45 and "不符" in total[2].comment.text
    assert total[3].value.startswith("=SUM(")  # the columns that add up stay live


def test_formats_widths_and_frozen_headers(workbook):
    book = openpyxl.load_workbook(workbook)
    sheet = book[T5]
    total = next(r for r in sheet.iter_rows() if r[1].value == "总计")
    assert total[2].number_format == "#,##0.00"
    assert sheet.freeze_panes == "C6"  # title, unit, a blank, and two heading rows
    # the widest label, 其他政府办公厅（室）及相关机构事务支出, is 19 CJK characters = 38 columns
    assert sheet.column_dimensions["B"].width >= 38
    shares = book["结构"]
    assert shares["F2"].number_format == "0.00%"
    assert math.isclose(shares["F2"].value, 89.16 / 122.35)  # seed line 226: 占 72.87%
    assert display_width("其他政府办公厅（室）及相关机构事务支出") == 38


def test_analysis_sheets(workbook):
    book = openpyxl.load_workbook(workbook, data_only=True)
    overview = {r[0]: r[1] for r in book["概况"].iter_rows(values_only=True) if r[0]}
    assert overview["部门"] == "阿图什市人民政府外事办公室" and overview["年度"] == 2026
    assert overview["收入总计"] == 167.55 and overview["三公经费"] == 1.2
    yoy = [r for r in book["同比"].iter_rows(values_only=True)]
    assert ("行政运行", 74.5, 79.16, 4.66) in [r[:4] for r in yoy]  # line 431: 79.16, 增加 4.66
    audit = [r for r in book["审核"].iter_rows(values_only=True)][1:]
    # the seed's 21 findings (tests/test_audit.py), warnings and infos, none an error
    assert len(audit) == 21 and {r[1] for r in audit} == {"警告", "提示"}
    assert len(book["同比"]._charts) == 1 and len(book["结构"]._charts) == 1


def test_text_is_never_a_formula(seed_text, tmp_path):
    # a name that looks like a formula (e.g. pasted from a spreadsheet) stays text
    text = seed_text.replace("行政单位离退休", "=HYPERLINK(\"http://x\")")
    out = to_excel(budgetlib.read_budget(text), tmp_path / "inject.xlsx")
    sheet = openpyxl.load_workbook(out)[T5]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=HYPERLINK(\"http://x\")"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_a_failed_write_leaves_no_file(doc, tmp_path, monkeypatch):
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"previous workbook")

    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(excel, "_audit_sheet", broken)
    with pytest.raises(RuntimeError):
        to_excel(doc, target)
    assert target.read_bytes() == b"previous workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_written_file_has_ordinary_permissions(workbook):
    umask = os.umask(0)
    os.umask(umask)
    assert workbook.stat().st_mode & 0o777 == 0o666 & ~umask


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _recalculated(path: Path, out: Path) -> openpyxl.Workbook:
    profile = out / "profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out / "lo"), str(path)],
                   check=True, capture_output=True, timeout=180)
    return openpyxl.load_workbook(out / "lo" / path.name, data_only=True)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_recalculates_the_totals(workbook, tmp_path):
    # openpyxl keeps the formulas but drops every cached value: whatever LibreOffice shows
    # for a total, it computed itself. Change 行政运行 79.16 → 80.16 and 总计 must follow.
    book = openpyxl.load_workbook(workbook)
    sheet = book[T5]
    row = next(r for r in sheet.iter_rows() if r[1].value == "一般公共服务支出")
    row[2].value = 90.16
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    recalculated = _recalculated(edited, tmp_path)[T5]
    total = next(r for r in recalculated.iter_rows(values_only=True) if r[1] == "总计")
    assert total[2:] == pytest.approx((123.35, 112.35, 10.0))
    unchanged = _recalculated(workbook, tmp_path)
    for title in ("部门收支总体情况表", T5, "一般公共预算基本支出情况表", "财政拨款“三公”经费支出情况表"):
        totals = [r for r in unchanged[title].iter_rows(values_only=True) if r[1] in ("总计", "收入总计")]
        assert totals, title
    assert [r for r in unchanged["一般公共预算基本支出情况表"].iter_rows(values_only=True)
            if r[1] == "总计"][0][2:5] == pytest.approx((112.35, 110.03, 2.32))  # seed line 270


def _overview(path: Path) -> dict[str, tuple]:
    sheet = openpyxl.load_workbook(path, data_only=True)["概况"]
    return {r[0]: r[1:] for r in sheet.iter_rows(values_only=True) if r[0]}


def test_overview_says_where_each_headline_figure_is_printed(workbook):
    overview = _overview(workbook)
    # seed line 270: 表6 总计 112.35 110.03 2.32
    assert overview["人员经费"][:2] == (110.03, "一般公共预算基本支出情况表：一般公共预算基本支出/人员经费")
    assert overview["人员经费"][3] == 270
    assert overview["机关运行经费"] == (None, None, None, None)  # the seed prints none


def test_overview_of_a_jiangsu_document(corpus, tmp_path):
    folder = corpus / "jiangsu"
    doc = budgetlib.read_budget([folder / "js_party_office_2019_budget_narrative.pdf",
                                 folder / "js_party_office_2019_budget_tables.pdf"])
    overview = _overview(to_excel(doc, tmp_path / "js.xlsx"))
    # tables p.3 支出预算总表: 合计 27,664.22 基本支出 11,700.63 项目支出 13,025.38
    assert [overview[k][0] for k in ("支出合计", "基本支出", "项目支出")] == [27664.22, 11700.63,
                                                                          13025.38]
    # tables p.8: 301 8,300.32 + 303 1,167.40 (narrative p.11: 人员经费9467.72万元)
    assert overview["人员经费"][0] == 9467.72
    assert overview["人员经费"][1].endswith("（301+303）") and overview["人员经费"][2] == 8
    assert overview["三公经费"][0] == 508.2  # tables p.9 “三公”经费 小计


HEAD_FILL = "FFDDEBF7"  # the heading cells' colour (excel._Writer.head)


def test_every_sheet_prints_landscape_one_page_wide_with_its_headings(workbook):
    book = openpyxl.load_workbook(workbook)
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and setup.paperSize == 9, sheet.title  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert setup.fitToHeight == 0, sheet.title
        # at most 12 columns a page: a wider sheet goes across pages, its item column on each
        if sheet.max_column <= 12:
            assert setup.fitToWidth in (None, 1), sheet.title
        else:
            assert setup.fitToWidth == -(-sheet.max_column // 12) and sheet.print_title_cols, sheet.title
        assert sheet.print_title_rows, sheet.title
        header, footer = sheet.oddHeader, sheet.oddFooter
        assert (header.left.text, header.center.text, header.right.text) == (
            "阿图什市人民政府外事办公室", "2026年部门预算", sheet.title)
        assert footer.left.text == "金额单位：万元" and "&P" in footer.center.text, sheet.title
    # a table: its title, unit and column headings repeat: 表5's 一般公共预算支出 over its
    # three columns (line 236), the 收支总表's 收入 | 支出 over 预算数 (lines 150-151)
    assert book[T5].print_title_rows == "$1:$5"
    assert book["部门收支总体情况表"].print_title_rows == "$1:$5"
    assert book["审核"].print_title_rows == "$1:$1"


def test_every_column_heading_is_chinese(workbook):
    book = openpyxl.load_workbook(workbook)
    headings = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.fill.fgColor.rgb == HEAD_FILL and isinstance(cell.value, str):
                    headings.setdefault(sheet.title, []).append(cell.value)
    assert len(headings) == len(book.sheetnames)
    for title, names in headings.items():
        assert not [n for n in names if any("a" <= c.lower() <= "z" for c in n)], title
    people = headings["人员经费"]
    assert {"人员类别", "人数", "金额", "单位缴费比例", "推算缴费基数", "人均金额", "备注",
            "数据来源"} <= set(people)
    assert {"名称", "原文数字", "原文单位", "类", "款", "项"} <= set(headings["明细数据"])


def test_a_table_printed_in_yuan_stays_in_yuan(corpus, tmp_path):
    doc = budgetlib.read_budget(corpus / "shanghai" / "putuo_wanli_subdistrict_office_budget_2025.pdf")
    out = to_excel(doc, tmp_path / "wanli.xlsx")
    book = openpyxl.load_workbook(out, data_only=True)
    for title, tidy in doc.tables.items():
        unit = doc.table_meta[title].unit
        sheet = book[title]
        assert sheet["A2"].value == f"单位：{unit}", title
        assert sheet.oddFooter.left.text == f"金额单位：{unit}", title
        if tidy["value"].notna().any():
            factor = 10000 if unit == "元" else 1
            expected = sorted(round(v * factor, 2) for v in tidy["value"].dropna())
            assert _numbers(sheet) == pytest.approx(expected), title
    sheet = book[T5]
    # p.24 一般公共预算支出情况表 (元): 201 一般公共服务支出 3,296,600; 合计 189,767,551
    rows = [r for r in sheet.iter_rows() if r[0].value == "201"]
    assert rows[0][2].value == 3296600 and rows[0][2].number_format == "#,##0"
    totals = [r for r in sheet.iter_rows(values_only=True) if r[1] in ("合计", "总计")]
    assert totals and totals[0][2] == 189767551  # the live SUM's cached value, in 元
    overview = {r[0]: r[1] for r in book["概况"].iter_rows(values_only=True) if r[0]}
    assert overview["原文单位"] == "元（“三公”经费和机关运行经费预算表为万元）"
    assert overview["分析金额单位"] == "万元"


def _chart_xml(path) -> dict[str, str]:
    import zipfile

    with zipfile.ZipFile(path) as book:
        return {n: book.read(n).decode() for n in sorted(book.namelist()) if n.startswith("xl/charts/")}


def test_native_charts_are_titled_and_folded(corpus, tmp_path):
    """The workbook's own charts read like the PNG ones: department, year and unit in the
    title; a year over year of many items shows the largest twelve and folds the rest."""
    import re

    folder = corpus / "shanghai"
    prev = budgetlib.read_budget(folder / "putuo_wanli_subdistrict_office_budget_2024.pdf")
    doc = budgetlib.read_budget(folder / "putuo_wanli_subdistrict_office_budget_2025.pdf")
    charts = _chart_xml(to_excel(doc, tmp_path / "wanli.xlsx", prev=prev))
    assert len(charts) == 2
    for xml in charts.values():
        title = re.search(r"<c:title>.*?<a:t>(.*?)</a:t>", xml, re.S).group(1)
        assert title.startswith("上海市普陀区人民政府万里街道办事处 2025年部门预算\n"), title
        assert title.endswith("（万元）"), title
    bars = next(x for x in charts.values() if "<c:barChart>" in x)
    names = re.findall(r"<c:v>([^<]*)</c:v>", bars.split("<c:val>")[0])[1:]  # after the series name
    assert len(names) == 13 and re.fullmatch(r"其他 \d+ 项", names[-1])
    # every step kept is a change: none of them is zero in the sheet's 增减 column
    book = openpyxl.load_workbook(tmp_path / "wanli.xlsx", data_only=True)
    rows = {r[0]: r[3] for r in book["同比"].iter_rows(values_only=True) if r[0] in names}
    assert len(rows) == 13 and all(rows[name] != 0 for name in names)


def test_group_headings_are_merged_once_over_their_columns(workbook):
    # seed 表5 (line 236): 一般公共预算支出 over 合计 | 基本支出 | 项目支出, printed once
    sheet = openpyxl.load_workbook(workbook)[T5]
    heads = [[c.value for c in row] for row in sheet.iter_rows(min_row=4, max_row=5)]
    assert heads[0][:5] == ["科目编码", "项目", "一般公共预算支出", None, None]
    assert heads[1][2:5] == ["合计", "基本支出", "项目支出"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"C4:E4", "A4:A5", "B4:B5"} <= merged


def test_wide_sheets_print_legibly_and_prose_wraps(workbook):
    book = openpyxl.load_workbook(workbook)
    tidy = book["明细数据"]  # 19 columns: split across pages, the first column on each
    assert tidy.max_column > 12
    assert tidy.page_setup.fitToWidth == 2 and tidy.print_title_cols == "$A:$A"
    audit = book["审核"]
    heads = [c.value for c in audit[1]]
    message = audit.cell(2, heads.index("说明") + 1)
    assert message.alignment.wrap_text and audit.column_dimensions[message.column_letter].width < 50
    # a difference and its tolerance at two decimals, never -0.0097 or 0.0050005
    for name in ("差异", "容差"):
        assert audit.cell(2, heads.index(name) + 1).number_format == "#,##0.00"
    assert book[T5].page_setup.fitToWidth in (None, 1)  # five columns: one page wide (1 is the default)


def test_the_audit_sheet_of_a_pdf_shows_pages_and_words(corpus, tmp_path):
    # js_procuratorate_2018 p.23: "收入、支出预算总计…增长21.95%" (claim_change_pct, 22.00 %): a
    # PDF's findings are placed by page, so the sheet has 页 and no empty 行 column, and the
    # figure a claim states is in words (增减率), not its code (change_pct)
    doc = budgetlib.read_budget(corpus / "jiangsu" / "js_procuratorate_2018_budget_full.pdf")
    sheet = openpyxl.load_workbook(to_excel(doc, tmp_path / "js.xlsx"))["审核"]
    rows = list(sheet.iter_rows(values_only=True))
    heads = rows[0]
    assert "页" in heads and "行" not in heads
    measures = {r[heads.index("栏目")] for r in rows[1:]}
    assert "增减率" in measures and not measures & {"change_pct", "share", "amount"}
    first = dict(zip(heads, rows[1], strict=True))
    assert first["级别"] == "错误"  # errors first
