"""Every notebook executes top to bottom, and none is committed with outputs."""

from __future__ import annotations

import nbformat
import pytest
from html_tables import faults
from nbclient import NotebookClient

from budgetlib.config import NOTEBOOKS_DIR, corpus_dir
from budgetlib.report.notebook_run import skipped

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
#: Notebooks whose default document is the corpus's (no 决算 is bundled): without the
#: corpus, each of their sections skips, saying what is missing.
CORPUS_DEFAULT = {"06-budget-execution.ipynb": "final_accounts"}


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_stripped(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_executes(path):
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS_DIR)}}).execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert errors == []
    # no widget warnings ("IProgress not found…" from tqdm.auto without ipywidgets)
    text = "".join(str(o.get("text", "")) for c in notebook.cells if c.cell_type == "code"
                   for o in c.outputs)
    assert "IProgress" not in text and "ipywidgets" not in text
    # every table is as the analyst reads it: Chinese headings, two decimals, blanks; no raw Series
    pages = "".join(o.get("data", {}).get("text/html", "") for c in notebook.cells
                    if c.cell_type == "code" for o in c.outputs)
    assert faults(pages) == []
    plain = "".join(o.get("data", {}).get("text/plain", "") for c in notebook.cells
                    if c.cell_type == "code" for o in c.outputs)
    assert "dtype:" not in plain
    # the seed has all a section needs: a skipped section here is a fault, not a gap
    folder = CORPUS_DEFAULT.get(path.name)
    if folder and not any((corpus_dir() / folder).glob("*.pdf")):
        lines = skipped(notebook)
        assert lines and all("未给出决算文档" in line for line in lines), lines
    else:
        assert skipped(notebook) == []


#: Words that would tie a notebook's prose to particular documents of the corpus.
CORPUS_WORDS = ("江苏", "上海", "普陀", "万里", "检察院", "法院", "办公厅", "阿图什", "tests/")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_prose_names_no_particular_document(path):
    """A notebook's text describes whatever document or folder it is given."""
    import re

    notebook = nbformat.read(path, as_version=4)
    prose = "".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert [w for w in CORPUS_WORDS if w in prose] == []
    assert re.findall(r"20\d\d ?年", prose) == []


def test_execution_notebook_without_the_corpus(tmp_path, monkeypatch):
    """Without a 决算 document, notebook 06 says in one line what is missing, and each of
    its sections skips with that reason; nothing fails."""
    monkeypatch.setenv("BUDGETLIB_CORPUS", str(tmp_path))  # an empty corpus
    notebook = nbformat.read(NOTEBOOKS_DIR / "06-budget-execution.ipynb", as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS_DIR)}}).execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert errors == []
    lines = skipped(notebook)
    assert len(lines) == 4 and all("未给出决算文档" in line for line in lines), lines


def test_execution_notebook_with_budget_and_more_years(corpus):
    """Notebook 06 with a budget of the same year and a budget of another year runs every
    section (two departments' documents here: they are compared all the same, with a warning)."""
    notebook = nbformat.read(NOTEBOOKS_DIR / "06-budget-execution.ipynb", as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    wanli = corpus / "shanghai" / "putuo_wanli_subdistrict_office_budget_{}.pdf"
    cell.source += f"\nbudget = {str(wanli).format(2024)!r}\nmore = [{str(wanli).format(2023)!r}]"
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS_DIR)}}).execute()
    text = "".join(str(o.get("data", o.get("text", ""))) for c in notebook.cells
                   if c.cell_type == "code" for o in c.outputs)
    assert skipped(notebook) == []
    assert "2023年预算" in text and "2024年决算" in text and "两者均有" in text


def test_headcount_notebook_with_analyst_inputs():
    """The analyst-input branches of notebook 04 run when the parameters are given."""
    path = NOTEBOOKS_DIR / "04-headcount-costs.ipynb"
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    cell.source += "\nstaff, staff_prior, personnel_prior, average_wage = 5, 5, 98.52, 12.0"
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS_DIR)}}).execute()
    text = "".join(str(o.get("data", o.get("text", ""))) for c in notebook.cells
                   if c.cell_type == "code" for o in c.outputs)
    assert "人均变化" in text and "推算人数" in text and "error" not in text.lower()


def test_headcount_notebook_reads_the_analyst_file(tmp_path, seed_path):
    """With its staff parameters empty, notebook 04 takes the counts from the analyst's file."""
    import budgetlib

    doc = budgetlib.read_budget(seed_path)
    csv = tmp_path / "headcount.csv"
    csv.write_text("department,year,category,people,source\n"
                   f"{doc.department},{doc.year},在职,5,三定方案\n"
                   f"{doc.department},{doc.year - 1},在职,4,三定方案\n", encoding="utf-8")
    path = NOTEBOOKS_DIR / "04-headcount-costs.ipynb"
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    cell.source += f"\nheadcount_csv = {str(csv)!r}\npersonnel_prior = 98.52"
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS_DIR)}}).execute()
    text = "".join(str(o.get("data", o.get("text", ""))) for c in notebook.cells
                   if c.cell_type == "code" for o in c.outputs)
    assert "本年在职人数：5 人（分析人员输入" in text and "上年在职人数：4 人（分析人员输入" in text
    assert "人均变化" in text and "error" not in text.lower()


def _run_with(name: str, parameters: str):
    notebook = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    cell.source += parameters
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS_DIR)}}).execute()
    text = "".join(str(o.get("data", o.get("text", ""))) for c in notebook.cells
                   if c.cell_type == "code" for o in c.outputs)
    return notebook, text


def test_structure_notebook_on_a_final_account(corpus):
    """Notebook 03 on a 决算 reads its functional and 基本/项目 breakdowns from the 决算 tables
    (p.15 一般公共预算财政拨款支出决算表: 一般公共服务支出 2,106.66 of 2,940.05)."""
    path = corpus / "final_accounts" / "putuo_finance_bureau_dept_final_accounts_2024.pdf"
    notebook, text = _run_with("03-structure.ipynb", f"\ndocument = {str(path)!r}")
    assert not any("功能分类" in line or "基本支出与项目支出" in line for line in skipped(notebook))
    assert "2,106.66" in text and "71.73%" in text  # as the analyst reads them


def test_year_over_year_notebook_says_when_no_rate_is_stated(tmp_path, seed_text):
    """Notebook 02 on a narrative that states no rate does not say that every stated rate agrees."""
    import re

    path = tmp_path / "no_rates.txt"
    path.write_text(re.sub(r"[，,]\s*(?:增长|下降)\s*[\d.]+%", "", seed_text), encoding="utf-8")
    _, text = _run_with("02-year-over-year.ipynb", f"\ndocument = {str(path)!r}")
    assert "都与重算值一致" not in text and "没有写出可与重算值核对的增减率" in text
