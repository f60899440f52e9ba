"""The console script: the whole report for a document, CSV in utf-8-sig, and bad paths."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

import budgetlib
from budgetlib.report.cli import main
from budgetlib.report.notebook_run import REPORT_NOTEBOOKS
from budgetlib.report.vocabulary import heading


@pytest.fixture(scope="module")
def report(tmp_path_factory, seed_path):
    out = tmp_path_factory.mktemp("report")
    missing = out / "missing.txt"
    return out, main(["report", str(seed_path), str(missing), "--out", str(out)])


def test_a_bad_path_does_not_stop_the_others(report, seed_path):
    out, code = report
    assert code == 1
    assert (out / seed_path.stem / f"{seed_path.stem}.xlsx").is_file()


def test_report_writes_csv(report, seed_path):
    folder = report[0] / seed_path.stem
    raw = (folder / "tables.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    # Chinese headings, the workbook's words; the frame's own values
    tidy = pd.read_csv(folder / "tables.csv", encoding="utf-8-sig", dtype={"科目编码": str})
    assert {"表", "科目编码", "栏目", "金额", "行"} <= set(tidy.columns)
    tidy = tidy.rename(columns={heading(c): c for c in budgetlib.read_budget(seed_path).tidy.columns})
    assert tidy["value"].notna().sum() == 199
    total = tidy.query("table == '部门支出总体情况表' and name == '总计' and measure == '支出预算/合计'")
    assert total["value"].item() == 167.55  # seed line 171
    assert len(pd.read_csv(folder / "performance.csv", encoding="utf-8-sig")) == 28
    audit = pd.read_csv(folder / "audit.csv", encoding="utf-8-sig").rename(columns={"行": "line"})
    # the seed's findings (tests/test_audit.py, tests/test_audit_text.py): names at 408/422,
    # zero bases at 439/479, half-width marks on 9 lines (416 a paragraph of its own), the
    # name spelled two ways, and the reviewer's recomputations at 378, 416 and 427
    assert sorted(audit["line"].dropna().unique()) == [378, 398, 404, 406, 408, 414, 416, 418, 422,
                                                        423, 427, 439, 479]
    assert len(audit) == 21


def test_report_writes_workbook_charts_and_notebooks(report, seed_path):
    folder = report[0] / seed_path.stem
    book = openpyxl.load_workbook(folder / f"{seed_path.stem}.xlsx", data_only=True)
    assert "部门收支总体情况表" in book.sheetnames
    charts = sorted(p.name for p in (folder / "charts").iterdir())
    assert "同比_按项目.png" in charts and "同比_按项目.svg" in charts and "同比_按项目.pdf" in charts
    assert len(charts) == 3 * 6  # six charts; 人均经费 needs the analyst's headcount
    for name in REPORT_NOTEBOOKS:
        html = (folder / "notebooks" / f"{name}.html").read_text("utf-8")
        assert "data:image/png;base64" in html or name == "04-headcount-costs", name
        assert "Traceback" not in html and "阿图什市" in html
        assert "跳过「" not in html, name  # the seed has everything every section needs


def test_report_prints_progress_and_errors(tmp_path, seed_path, capsys):
    code = main(["report", str(seed_path), str(tmp_path / "missing.txt"), "--out", str(tmp_path),
                 "--no-notebooks"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "[1/2]" in out and "[2/2]" in out and "部门收支总体情况表" in out and "167.55" in out
    assert "missing.txt: no such file" in err
    # says which chart it could not draw, and why, in one line
    assert f"  [{seed_path.stem}] 跳过 图表「人均经费」：需要分析人员输入在职人数" in err
    # six CSV, the workbook, six charts in three formats; 人均经费 needs the headcount
    assert "完成：2 份文档，读取 1 份、无法读取 1 份；写出 25 个文件" in out
    assert not (tmp_path / seed_path.stem / "notebooks").exists()


def test_a_document_without_tables_still_gets_its_report(corpus, tmp_path, seed_path, capsys):
    # the Jiangsu party office publishes its narrative as a PDF of its own: no table at all
    narrative = corpus / "jiangsu" / "js_party_office_2019_budget_narrative.pdf"
    code = main(["report", str(narrative), str(seed_path), "--out", str(tmp_path), "--no-notebooks"])
    out, err = capsys.readouterr()
    assert code == 0 and "警告" not in err
    assert (tmp_path / narrative.stem / f"{narrative.stem}.xlsx").is_file()
    assert f"  [{narrative.stem}] 跳过 图表「结构_功能分类」：" in err  # said, not drawn empty
    assert (tmp_path / seed_path.stem / "charts" / "结构_功能分类.png").is_file()


def _two_years(folder, seed_path, prior_line_228="201\t03\t01\t行政运行\t74.50\t74.50\t"):
    """The seed as 2026, and a copy as 2025 whose 行政运行 (seed line 228) is last year's 74.50
    (the seed's narrative, line 431: 79.16 万元, 比上年预算增加 4.66 万元)."""
    folder.mkdir()
    text = seed_path.read_text("utf-8")
    (folder / "artux_2026.txt").write_text(text, "utf-8")
    lines = text.replace("2025", "2024").replace("2026", "2025").split("\n")
    assert lines[227] == "201\t03\t01\t行政运行\t79.16\t79.16\t"
    lines[227] = prior_line_228
    (folder / "artux_2025.txt").write_text("\n".join(lines), "utf-8")
    return folder / "artux_2025.txt", folder / "artux_2026.txt"


def test_a_folder_of_two_years_is_two_documents(tmp_path, seed_path, capsys):
    _two_years(tmp_path / "dept", seed_path)
    code = main(["report", str(tmp_path / "dept"), "--out", str(tmp_path / "out"), "--no-notebooks"])
    out, err = capsys.readouterr()
    assert code == 0 and "[2/2]" in out and "完成：2 份文档，读取 2 份" in out
    # a report per document, and the set's own outputs beside them
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["artux_2025", "artux_2026", "charts",
                                                                     "检查表.xlsx", "汇总.xlsx"]
    for year in (2025, 2026):
        tidy = pd.read_csv(tmp_path / "out" / f"artux_{year}" / "tables.csv", encoding="utf-8-sig",
                           dtype={"科目编码": str})
        total = tidy.query("表 == '部门支出总体情况表' and 名称 == '总计' and 栏目 == '支出预算/合计'")
        assert total["金额"].tolist() == [167.55]  # seed line 171, once: no table read twice


def test_a_documents_parts_are_one_document_whether_named_or_in_a_folder(tmp_path):
    from budgetlib.report.cli import documents

    for name in ("x_2019_narrative.pdf", "x_2019_tables.pdf", "x_2018_narrative.pdf", "x_2018_tables.pdf"):
        (tmp_path / name).write_bytes(b"")
    named = documents([str(tmp_path / "x_2019_tables.pdf"), str(tmp_path / "x_2019_narrative.pdf")])
    assert named == [[str(tmp_path / "x_2019_narrative.pdf"), str(tmp_path / "x_2019_tables.pdf")]]
    assert documents([str(tmp_path)]) == [
        [str(tmp_path / "x_2018_narrative.pdf"), str(tmp_path / "x_2018_tables.pdf")],
        [str(tmp_path / "x_2019_narrative.pdf"), str(tmp_path / "x_2019_tables.pdf")]]
    assert documents([str(tmp_path / "empty")]) == [str(tmp_path / "empty")]  # said unreadable later


def test_previous_gives_year_over_year_from_last_years_document(tmp_path, seed_path, capsys):
    prior, current = _two_years(tmp_path / "dept", seed_path)
    code = main(["report", str(current), "--previous", str(prior), "--out", str(tmp_path / "out"),
                 "--no-notebooks"])
    out, err = capsys.readouterr()
    assert code == 0 and "警告 0 条" in out and "同比_按项目" not in err
    book = openpyxl.load_workbook(tmp_path / "out" / "artux_2026" / "artux_2026.xlsx", data_only=True)
    rows = list(book["同比"].iter_rows(values_only=True))
    head = rows[0]
    row = next(dict(zip(head, r, strict=True)) for r in rows
               if r[2] == "2010301" and r[3] == "一般公共预算支出/合计")
    # last year's document says 74.50, this year's 79.16 (line 228); the narrative's 4.66 (line 431)
    assert (row["本年"], row["上年"], round(row["增减"], 2)) == (79.16, 74.5, 4.66)
    assert row["说明所述增减"] == 4.66 and row["与说明一致"] == "是" and row["两年匹配"] == "两年均有"
    assert (tmp_path / "out" / "artux_2026" / "charts" / "同比_按项目.png").is_file()


def test_previous_of_another_year_order_is_said_not_used(tmp_path, seed_path, capsys):
    prior, current = _two_years(tmp_path / "dept", seed_path)
    code = main(["report", str(prior), "--previous", str(current), "--out", str(tmp_path / "out"),
                 "--no-notebooks"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "  [artux_2025] 警告 上年文档是 2026 年的，本文档是 2025 年的，不早于本年：同比未用它" in err


def test_staff_gives_per_capita_costs(tmp_path, seed_path, capsys):
    code = main(["report", str(seed_path), "--staff", "10", "--out", str(tmp_path), "--no-notebooks"])
    out, err = capsys.readouterr()
    assert code == 0 and "人均经费" not in err
    folder = tmp_path / seed_path.stem
    assert (folder / "charts" / "人均经费.png").is_file()
    book = openpyxl.load_workbook(folder / f"{seed_path.stem}.xlsx", data_only=True)
    rows = {r[0]: r[1:4] for r in book["人员经费"].iter_rows(values_only=True)
            if r[0] in ("人员经费", "在职人员经费", "公用经费")}
    # seed line 270: 人员经费 110.03, of which 303 对个人和家庭的补助 2.27 (line 268, 退休费):
    # the serving staff's 107.76 over the 10 staff given; 公用经费 2.32
    assert rows == {"人员经费": (110.03, None, None), "在职人员经费": (107.76, 10, 10.776),
                    "公用经费": (2.32, 10, 0.232)}


def test_headcount_file_gives_per_capita_costs(tmp_path, seed_path, capsys):
    csv = tmp_path / "people.csv"
    csv.write_text("department,year,category,people,source\n"
                   "阿图什市人民政府外事办公室,2026,在职,4,三定方案\n", encoding="utf-8")
    code = main(["report", str(seed_path), "--headcount", str(csv), "--out", str(tmp_path / "out"),
                 "--no-notebooks"])
    out, err = capsys.readouterr()
    assert code == 0 and "人均经费" not in err
    book = openpyxl.load_workbook(tmp_path / "out" / seed_path.stem / f"{seed_path.stem}.xlsx",
                                  data_only=True)
    rows = {r[0]: r[1:4] for r in book["人员经费"].iter_rows(values_only=True) if r[0] == "在职人员经费"}
    assert rows == {"在职人员经费": (107.76, 4, 26.94)}  # seed lines 253, 268, 270: 110.03 − 2.27
    with pytest.raises(SystemExit):
        main(["report", str(seed_path), "--headcount", str(tmp_path / "none.csv")])


@pytest.mark.parametrize("given", [None, 7])
def test_notebook_04_is_given_only_the_analysts_own_staff_count(tmp_path, seed_path, monkeypatch, given):
    """A count from the headcount file goes to the workbook, while notebook 04 reads the file
    itself and says where the count comes from; only a count given with --staff is its
    parameter (it labels a parameter 参数，分析人员输入)."""
    import budgetlib
    from budgetlib.report import cli, excel, plot

    csv = tmp_path / "people.csv"
    csv.write_text("department,year,category,people,source\n"
                   "阿图什市人民政府外事办公室,2026,在职,4,三定方案\n", encoding="utf-8")
    notebooks, workbooks = {}, []
    monkeypatch.setattr(cli, "_notebook", lambda outcome, name, parameters, folder: notebooks.update(
        {name: parameters}))
    monkeypatch.setattr(excel, "to_excel", lambda doc, path, **kw: workbooks.append(kw["staff"]))
    monkeypatch.setattr(plot, "standard_charts", lambda doc, **kw: ({}, {}))
    doc = budgetlib.read_budget(seed_path)
    cli.report_one(doc, str(seed_path), tmp_path / "out", staff=given, headcount=csv)
    assert workbooks == [given or 4.0]  # the file's 4 (seed's department, 2026) unless --staff
    expected = {"staff": 7} if given else {}
    assert {k: v for k, v in notebooks["04-headcount-costs"].items() if k != "document"} == {
        **expected, "headcount_csv": str(csv.resolve())}


@pytest.mark.parametrize("value", ["0", "-3", "ten"])
def test_staff_must_be_a_positive_number(value, capsys):
    with pytest.raises(SystemExit):
        main(["report", "x.txt", "--staff", value])
    assert "--staff" in capsys.readouterr().err


@pytest.mark.parametrize(("args", "said"), [
    (["--previous"], "参数 --previous 后面需要一个值"),
    (["--previous", "no-such-file.pdf"], "--previous：文件不存在：no-such-file.pdf"),
    (["--staff", "ten"], "参数 --staff：“ten”不是数字"),
    (["--bogus"], "无法识别的参数：--bogus"),
])
def test_a_usage_error_is_said_in_chinese_and_exits_2(tmp_path, seed_path, capsys, args, said):
    # a --previous that is not there was one line and then a report without year over year
    with pytest.raises(SystemExit) as stopped:
        main(["report", str(seed_path), "--out", str(tmp_path), *args])
    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert err.startswith("用法：budgetlib") and said in err
    assert not any(word in err for word in ("usage", "error", "argument", "expected"))
    assert not (tmp_path / seed_path.stem).exists()  # nothing was written


def test_help_is_in_chinese(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["report", "--help"])
    out = capsys.readouterr().out
    assert stopped.value.code == 0
    assert "用法：budgetlib report" in out and "显示此帮助并退出" in out and "位置参数" in out
    assert "show this help" not in out and "positional arguments" not in out


def test_the_console_summary_is_chinese_and_formatted(seed_path):
    from budgetlib.report.cli import describe

    text = describe(budgetlib.read_budget(seed_path))
    header = text.splitlines()[3]
    assert header.split() == ["表名", "表号", "原文单位", "行数", "金额格数", "合计", "空表", "识别方式"]
    # seed line 171: 部门支出总体情况表 总计 167.55; the empty tables' total is blank, not NaN/None
    assert "167.55" in text and "NaN" not in text and "None" not in text
    assert "标准标题" in text  # how each table was identified, in words
    # severities in the reviewer's order: 错误, 警告, 提示 (the seed has no error)
    tail = text.splitlines()[-1]
    assert tail.index("警告") < tail.index("提示")
