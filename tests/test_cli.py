"""The console script: the whole report for a document, CSV in utf-8-sig, and bad paths."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from budgetlib.report.cli import main
from budgetlib.report.notebook_run import REPORT_NOTEBOOKS


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
    tidy = pd.read_csv(folder / "tables.csv", encoding="utf-8-sig", dtype={"code": str})
    assert tidy["value"].notna().sum() == 199
    total = tidy.query("table == '部门支出总体情况表' and name == '总计' and measure == '支出预算/合计'")
    assert total["value"].item() == 167.55  # seed line 171
    assert len(pd.read_csv(folder / "performance.csv", encoding="utf-8-sig")) == 28
    audit = pd.read_csv(folder / "audit.csv", encoding="utf-8-sig")
    # the seed's findings (tests/test_audit.py, tests/test_audit_text.py): names at 408/422,
    # zero bases at 439/479, half-width marks on 8 lines, and the name spelled two ways
    assert sorted(audit["line"].dropna().unique()) == [398, 404, 406, 408, 414, 418, 422, 423, 439, 479]
    assert len(audit) == 17


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
