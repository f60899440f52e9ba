"""A set of documents in one run: paired by year, reported, summarized (budgetlib.report.sets)."""

from __future__ import annotations

from types import SimpleNamespace

import openpyxl
import pandas as pd
from test_cli import _two_years

from budgetlib.report import kernel
from budgetlib.report.cli import main
from budgetlib.report.sets import CHECKLIST_BOOK, SUMMARY_BOOK, pair_years


def _doc(department: str, year: int, kind: str) -> SimpleNamespace:
    return SimpleNamespace(department=department, year=year, kind=kind, final_account="决算" in kind)


def test_a_budget_pairs_with_last_years_and_a_final_account_with_its_budget():
    docs = {"b24": _doc("上海市普陀区财政局", 2024, "部门预算"),
            "b23": _doc("上海市普陀区财政局", 2023, "部门预算"),
            "u23": _doc("上海市普陀区财政局", 2023, "单位预算"),
            "u24": _doc("上海市普陀区财政局", 2024, "单位预算"),
            "f24": _doc("上海市普陀区财政局", 2024, "部门决算"),
            "b22": _doc("上海市普陀区商务委员会", 2022, "部门预算"),  # another department
            "b21": _doc("上海市普陀区财政局", 2021, "部门预算")}  # two years before: no pair
    assert pair_years(docs) == {"b24": "b23", "u24": "u23", "f24": "b24"}


def _summary(path) -> pd.DataFrame:
    return pd.read_excel(path, dtype=str).set_index("文档")


def test_a_folder_of_two_years_compares_with_its_own_previous_year(tmp_path, seed_path, capsys):
    # last year's copy prints 行政运行 70.00 where this year's prints 79.16 (seed line 228)
    _two_years(tmp_path / "dept", seed_path, "201\t03\t01\t行政运行\t70.00\t70.00\t")
    out = tmp_path / "out"
    code = main(["report", str(tmp_path / "dept"), "--out", str(out), "--no-notebooks", "--workers", "2"])
    assert code == 0, capsys.readouterr().err
    book = openpyxl.load_workbook(out / "artux_2026" / "artux_2026.xlsx", data_only=True)
    rows = list(book["同比"].iter_rows(values_only=True))
    row = next(dict(zip(rows[0], r, strict=True)) for r in rows
               if r[2] == "2010301" and r[3] == "一般公共预算支出/合计")
    assert (row["本年"], row["上年"]) == (79.16, 70.0)  # the 2025 document's figure, not the narrative's
    summary = _summary(out / SUMMARY_BOOK)
    assert summary.loc["artux_2026", "对比文档（上年或本年预算）"] == "artux_2025"
    assert summary.loc["artux_2025"].isna()["对比文档（上年或本年预算）"]
    # seed line 171: 支出合计 167.55 in both years (only 行政运行's row was changed)
    assert float(summary.loc["artux_2026", "支出合计"]) == 167.55
    assert {p.name for p in (out / "charts").iterdir()} == {
        f"部门排名_{name}.png" for name in ("支出合计", "支出增长率", "三公经费", "人员经费占比")}
    # the set's checklists: a sheet per document, each titled with its year
    checklists = openpyxl.load_workbook(out / CHECKLIST_BOOK)
    assert checklists.sheetnames == ["artux_2025", "artux_2026"]
    assert [checklists[name]["A1"].value[:4] for name in checklists.sheetnames] == ["2025", "2026"]


def test_notebook_05_is_skipped_with_its_reason_for_named_files(tmp_path, seed_path, capsys):
    prior, current = _two_years(tmp_path / "dept", seed_path)
    code = main(["report", str(prior), str(current), "--out", str(tmp_path / "out"), "--workers", "1"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "  [汇总] 跳过 笔记本 05：文档不是作为一个文件夹给出的，笔记本 05 读取一个文件夹" in err
    assert not (tmp_path / "out" / "notebooks").exists()
    assert (tmp_path / "out" / SUMMARY_BOOK).is_file()


def test_a_sets_notebooks_run_in_one_kernel_each_as_if_alone(tmp_path, seed_path, capsys, monkeypatch):
    """One after another, the two documents' notebooks and notebook 05 share one kernel, and
    each notebook shows its own document only."""
    monkeypatch.setattr(kernel, "_SHARED", None)
    _two_years(tmp_path / "dept", seed_path)
    out = tmp_path / "out"
    code = main(["report", str(tmp_path / "dept"), "--out", str(out), "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 0 and "笔记本" not in err, err
    assert kernel._SHARED.starts == 1 and not kernel._SHARED.running  # one kernel, shut at the end
    assert len(list(out.rglob("notebooks/*.html"))) == 2 * 4 + 1
    for year, other in (("2025", "2026"), ("2026", "2025")):
        page = (out / f"artux_{year}" / "notebooks" / "01-load-and-audit.html").read_text("utf-8")
        assert f"年度：{year}" in page and f"年度：{other}" not in page


def test_corpus_budgets_pair_with_their_previous_years(corpus, tmp_path, capsys):
    files = [*sorted((corpus / "jiangsu").glob("js_high_court_*.pdf")),
             *sorted((corpus / "shanghai").glob("putuo_wanli_*.pdf"))]
    code = main(["report", *map(str, files), "--out", str(tmp_path), "--no-notebooks"])
    assert code == 0, capsys.readouterr().err
    summary = _summary(tmp_path / SUMMARY_BOOK)
    previous = summary["对比文档（上年或本年预算）"].dropna().to_dict()
    assert previous == {
        "js_high_court_2018_budget_full": "js_high_court_2017_budget_full",
        "js_high_court_2019_budget_full": "js_high_court_2018_budget_full",
        "putuo_wanli_subdistrict_office_budget_2024": "putuo_wanli_subdistrict_office_budget_2023",
        "putuo_wanli_subdistrict_office_budget_2025": "putuo_wanli_subdistrict_office_budget_2024"}
    # 收支预算总表 支出合计: the high court prints 37,188.34 for 2019 (p.8), 33,172.15 for 2018 (p.10)
    row = summary.loc["js_high_court_2019_budget_full"]
    assert (float(row["支出合计"]), float(row["对比文档支出合计"])) == (37188.34, 33172.15)
