"""The report never fails on a readable document: what a document lacks is skipped in one
line, a failing part is one warning, and only an unreadable document makes the exit non-zero."""

from __future__ import annotations

import contextlib
import io
import re

import nbformat
import pytest

from budgetlib.report import notebook_run
from budgetlib.report.cli import documents, main
from budgetlib.report.notebook_run import REPORT_NOTEBOOKS
from budgetlib.report.sections import Lacking, section

#: Every line the report writes on stderr for a readable document: one skip or one warning.
STDERR_LINE = re.compile(r"^  \[[^\]]+\] (跳过|警告) \S.*$")


def _seed_without(seed_text: str, first: str, last: str) -> str:
    """The seed with the lines from the one starting ``first`` up to (not with) ``last``."""
    lines = seed_text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith(last))
    return "".join(lines[:start] + lines[end:])


@pytest.fixture(scope="module")
def lacking_report(tmp_path_factory, seed_text):
    """The report on two documents made from the seed: its narrative alone (no table at
    all, seed lines 74–363 removed), and the seed without 部门收支总体情况表 (lines 76–119)
    whose narrative states no change."""
    folder = tmp_path_factory.mktemp("lacking")
    narrative = folder / "narrative_only.txt"
    narrative.write_text(_seed_without(seed_text, "## 第二部分", "### 第三部分"), encoding="utf-8")
    unstated = _seed_without(seed_text, "表 1", "## 部门收入总体情况表")
    for stated in ("比上年预算增加", "比上年预算减少"):
        unstated = unstated.replace(stated, "比上年预算变动")
    no_changes = folder / "no_changes.txt"
    no_changes.write_text(unstated, encoding="utf-8")
    out = folder / "out"
    stdout, stderr = io.StringIO(), io.StringIO()
    # capsys is per test; one run serves the module's tests, so its output is caught here
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["report", str(narrative), str(no_changes), "--out", str(out)])
    return out, code, stdout.getvalue(), stderr.getvalue()


def test_a_document_lacking_tables_exits_0_with_every_notebook(lacking_report):
    out, code, stdout, stderr = lacking_report
    assert code == 0
    assert "完成：2 份文档，读取 2 份、无法读取 0 份" in stdout
    for stem in ("narrative_only", "no_changes"):
        for name in REPORT_NOTEBOOKS:
            html = (out / stem / "notebooks" / f"{name}.html").read_text("utf-8")
            assert "Traceback" not in html and "未能运行" not in html, (stem, name)
        assert (out / stem / "tables.csv").is_file() and (out / stem / f"{stem}.xlsx").is_file()


def test_stderr_names_each_skipped_section_and_why(lacking_report):
    _, _, _, stderr = lacking_report
    lines = stderr.splitlines()
    assert all(STDERR_LINE.match(line) for line in lines), lines  # one line each, no traceback
    # the narrative alone: nothing to bridge, no breakdown, no table to show
    assert ("  [narrative_only] 跳过 02-year-over-year「从上年到本年：按项目」："
            "文档中没有读出功能分类的支出表（一般公共预算支出情况表或部门支出总体情况表）") in lines
    assert "  [narrative_only] 跳过 03-structure「功能分类（类）」：文档中没有读出按功能分类的支出" in lines
    assert "  [narrative_only] 跳过 01-load-and-audit「表格一览」：文档中没有读出表格" in lines
    # no stated change: the bridge is skipped; no 部门收支总体情况表: the funding sources are
    assert ("  [no_changes] 跳过 02-year-over-year「从上年到本年：按项目」："
            "说明没有写明一般公共预算支出情况表中任何项目比上年的增减") in lines
    assert "  [no_changes] 跳过 03-structure「资金来源」：文档中没有读出按资金来源的收入" in lines
    assert not any("[no_changes] 跳过 03-structure「功能分类" in line for line in lines)
    assert not any("警告" in line for line in lines)


def test_a_section_shows_what_the_document_has_instead(lacking_report):
    out = lacking_report[0]
    # without 部门收支总体情况表 notebook 01 lays out the first table that has amounts
    html = (out / "no_changes" / "notebooks" / "01-load-and-audit.html").read_text("utf-8")
    assert "<pre>部门收入总体情况表\n</pre>" in html and "跳过「收支总表（按文档版式）」" not in html
    # notebook 01 counts the document's own tables, not a fixed twelve
    assert "读出表格 11 张" in html and "缺部门收支总体情况表" in html


@pytest.fixture
def broken_notebook(tmp_path, monkeypatch):
    """A report notebook whose second cell fails outside any section."""
    cells = [nbformat.v4.new_code_cell("document = None", metadata={"tags": ["parameters"]}),
             nbformat.v4.new_code_cell("raise KeyError('部门收支总体情况表')"),
             nbformat.v4.new_code_cell("print('之后的单元照常运行')")]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), tmp_path / "99-broken.ipynb")
    monkeypatch.setattr(notebook_run, "NOTEBOOKS_DIR", tmp_path)
    monkeypatch.setattr(notebook_run, "REPORT_NOTEBOOKS", ("99-broken",))


def test_a_failing_notebook_is_one_warning_and_the_rest_goes_on(broken_notebook, tmp_path, seed_path,
                                                                 capsys, monkeypatch):
    import budgetlib.report.excel

    def no_workbook(*args, **kwargs):
        raise RuntimeError("磁盘已满\nsecond line")

    monkeypatch.setattr(budgetlib.report.excel, "to_excel", no_workbook)
    code = main(["report", str(seed_path), "--out", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert code == 0
    stem = seed_path.stem
    assert err.splitlines()[-2:] == [
        f"  [{stem}] 警告 工作簿 未完成：RuntimeError: 磁盘已满",
        f"  [{stem}] 警告 笔记本 99-broken 出错：KeyError: '部门收支总体情况表'",
    ]
    assert "Traceback" not in err
    folder = tmp_path / "out" / stem
    assert (folder / "tables.csv").is_file() and (folder / "charts" / "审核发现.png").is_file()
    html = (folder / "notebooks" / "99-broken.html").read_text("utf-8")
    assert "之后的单元照常运行" in html and "Traceback" not in html
    assert "未能运行：KeyError: " in html and "部门收支总体情况表" in html
    assert "跳过 1 处，警告 2 条" in out


def test_only_an_unreadable_document_fails(tmp_path, capsys):
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    code = main(["report", str(binary), "--out", str(tmp_path / "out"), "--no-notebooks"])
    out, err = capsys.readouterr()
    assert code == 1 and "无法读取" in err and "Traceback" not in err
    assert "读取 0 份、无法读取 1 份" in out


def test_a_section_says_what_it_skipped_and_the_cell_goes_on(capsys):
    with section("绩效目标"):
        print("之前")
        raise Lacking("文档中没有读出绩效目标表")
    print("之后")
    assert capsys.readouterr().out == "之前\n跳过「绩效目标」：文档中没有读出绩效目标表\n之后\n"


def test_split_files_named_together_are_one_document():
    assert documents(["j/x_2019_tables.pdf", "j/x_2019_narrative.pdf", "j/y_2019_tables.pdf",
                      "k/x_2019_tables.pdf"]) == [
        ["j/x_2019_narrative.pdf", "j/x_2019_tables.pdf"], "j/y_2019_tables.pdf", "k/x_2019_tables.pdf"]


def test_contents_counts_against_the_documents_own_set(corpus, doc):
    """Notebook 01's first line: the standard set of the document's region, not always twelve."""
    import copy

    import budgetlib
    from budgetlib.report.sections import contents

    wanli = budgetlib.read_budget(corpus / "shanghai" / "putuo_wanli_subdistrict_office_budget_2025.pdf")
    line = contents(wanli)
    assert "上海市区级部门预算九表应有 9 张、读出其中 9 张：齐全" in line and "12" not in line
    lacking = copy.copy(doc)
    lacking.tables = {k: v for k, v in doc.tables.items() if k != "部门收入总体情况表"}
    assert "应有 12 张、读出其中 11 张：缺部门收入总体情况表" in contents(lacking)
