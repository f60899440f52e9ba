"""read_budget: document facts, encodings, and bad input."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import budgetlib
from budgetlib import BudgetReadError


def test_document_facts(doc, seed_path):
    assert doc.department == "阿图什市人民政府外事办公室"
    assert doc.department_spellings == ["阿图什市人民政府外事办公室", "阿图什市人民政府外事办办公室"]
    assert (doc.year, doc.kind, doc.unit) == (2026, "部门预算", "万元")
    assert doc.title == "2026 年阿图什市人民政府外事办办公室部门预算公开"
    assert doc.source == str(seed_path)
    spelled = [p for p in doc.problems if p.code == "department_spelling"]
    assert len(spelled) == 1 and spelled[0].line == 3 and spelled[0].severity == "info"


def test_seed_reads_without_other_problems(doc):
    assert [p.message for p in doc.problems if p.code != "department_spelling"] == []


def test_text_itself_and_bytes_give_the_same_document(seed_text, doc):
    from_text = budgetlib.read_budget(seed_text)
    from_bytes = budgetlib.read_budget(seed_text.encode("utf-8"))
    for other in (from_text, from_bytes):
        assert list(other.tables) == list(doc.tables)
        assert other.tidy["value"].sum() == pytest.approx(doc.tidy["value"].sum())
    assert from_text.source == "<text>"


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig"])
def test_encodings_and_crlf(tmp_path, seed_text, doc, encoding):
    text = seed_text.replace("“", "\u201c")  # GBK has curly quotes; keep them
    path = tmp_path / f"seed-{encoding}.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    other = budgetlib.read_budget(path)
    assert other.department == doc.department
    assert other.tidy["value"].dropna().tolist() == doc.tidy["value"].dropna().tolist()
    assert other.tidy["line"].tolist() == doc.tidy["line"].tolist()
    assert other.table_meta["上年结转结余情况表"].note == doc.table_meta["上年结转结余情况表"].note


def test_missing_file_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.txt"):
        budgetlib.read_budget(tmp_path / "nope.txt")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(BudgetReadError, match=r"empty\.txt: the file is empty"):
        budgetlib.read_budget(path)


def test_binary_file(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(BudgetReadError, match=r"image\.txt: binary data"):
        budgetlib.read_budget(path)


def test_corrupt_pdf_names_the_file(tmp_path):
    path = tmp_path / "budget.pdf"
    path.write_bytes(b"%PDF-1.4\n%...")
    with pytest.raises(BudgetReadError, match=r"budget\.pdf: not a readable PDF"):
        budgetlib.read_budget(path)


def test_pdf_bytes_under_a_text_name(tmp_path):
    path = tmp_path / "budget.txt"
    path.write_bytes(b"%PDF-1.4\n%...")
    with pytest.raises(BudgetReadError, match=r"budget\.txt: a PDF file, not text"):
        budgetlib.read_budget(path)


def test_undecodable_bytes_name_the_line(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes("第一行\n第二行\n".encode() + b"\xff\xff\xff\n")
    with pytest.raises(BudgetReadError, match=r"broken\.txt, line 3: neither UTF-8 nor GB18030"):
        budgetlib.read_budget(path)


def test_text_that_is_not_a_budget(tmp_path):
    path = tmp_path / "poem.txt"
    path.write_text("床前明月光，\n疑是地上霜。\n", encoding="utf-8")
    with pytest.raises(BudgetReadError, match=r"poem\.txt: not a budget disclosure"):
        budgetlib.read_budget(path)


def _planted(seed_text: str, old: str, new: str, after: str = "") -> str:
    """Replace the first ``old`` after the marker ``after``."""
    start = seed_text.index(old, seed_text.index(after))
    return seed_text[:start] + new + seed_text[start + len(old):]


def test_non_number_in_an_amount_cell_is_recorded_not_zeroed(seed_text):
    # 表3, line 158: 行政运行 79.16 → 79.l6 (a letter l for a 1)
    text = _planted(seed_text, "201\t03\t01\t行政运行\t79.16\t79.16\t\n",
                    "201\t03\t01\t行政运行\t79.l6\t79.16\t\n", after="## 部门支出总体情况表")
    doc = budgetlib.read_budget(text)
    cell = doc.tables["部门支出总体情况表"].query("code == '2010301' and measure == '支出预算/合计'")
    assert cell["value"].isna().item() and cell["raw"].item() == "79.l6"
    errors = [p for p in doc.problems if p.severity == "error"]
    assert [(p.line, p.table) for p in errors] == [(158, "部门支出总体情况表")]
    assert "79.l6" in errors[0].message
    assert len(doc.tables) == 12  # the rest still loads


def test_truncated_table_is_recorded_and_the_rest_loads(seed_text):
    # Cut 表12's rows: title, 编制部门 and 单位 remain, no table follows.
    start = seed_text.index("项目\t合计\t财政拨款\t\t\t\t非财政拨款")
    end = seed_text.index("总计\t\t\t\t\t\t\t\t\t\n", start) + len("总计\t\t\t\t\t\t\t\t\t\n")
    doc = budgetlib.read_budget(seed_text[:start] + seed_text[end:])
    truncated = [p for p in doc.problems if p.code == "title_without_rows"]
    assert [(p.table, p.line) for p in truncated] == [("上年结转结余情况表", 349)]
    assert doc.tables["上年结转结余情况表"].empty
    assert doc.tables["部门收支总体情况表"]["value"].notna().sum() == 11


def test_unrecognized_table_is_kept(seed_text):
    extra = "表 13\n\n## 部门预算项目明细表\n\n单位：万元\n\n项目\t金额\n办公费\t3.00\n合计\t3.00\n\n"
    text = _planted(seed_text, "### 第三部分 2026 年部门预算情况说明\n",
                    extra + "### 第三部分 2026 年部门预算情况说明\n")
    doc = budgetlib.read_budget(text)
    frame = doc.tables["部门预算项目明细表"]
    assert frame[["name", "value"]].values.tolist() == [["办公费", 3.0], ["合计", 3.0]]
    assert not doc.table_meta["部门预算项目明细表"].known
    assert any(p.code == "unregistered_table" for p in doc.problems)


def test_import_budgetlib_is_light():
    code = ("import sys, budgetlib; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'matplotlib', 'jupyterlab', 'jupyter_server', 'IPython', 'ipykernel', 'notebook'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_document_in_two_files_or_a_folder(tmp_path, seed_text, doc):
    cut = seed_text.index("### 第三部分")
    (tmp_path / "a_tables.txt").write_text(seed_text[:cut], encoding="utf-8")
    (tmp_path / "b_narrative.txt").write_text(seed_text[cut:], encoding="utf-8")
    for source in ([tmp_path / "a_tables.txt", tmp_path / "b_narrative.txt"], tmp_path):
        joined = budgetlib.read_budget(source)
        assert list(joined.tables) == list(doc.tables)
        assert joined.tidy["value"].sum() == pytest.approx(doc.tidy["value"].sum())
        assert len(joined.claims) == len(doc.claims)
        assert " + " in joined.source


def test_a_folder_without_documents(tmp_path):
    with pytest.raises(BudgetReadError, match="a folder without any budget document"):
        budgetlib.read_budget(tmp_path)


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00"  # the first bytes of a .doc, .xls or .wps


@pytest.mark.parametrize(("name", "data", "says"), [
    ("budget.docx", b"PK\x03\x04word/document.xml", "a Word document: save it as PDF"),
    ("budget.doc", OLE2, "an old Word .doc document: save it as PDF"),
    ("budget.xls", OLE2, "an old Excel .xls workbook: save it as .xlsx"),
    ("budget.wps", OLE2, "a WPS document: save it as PDF"),
    # the same files under a name that does not say what they are: told by their first bytes
    ("budget.txt", b"PK\x03\x04word/document.xml", "a Word document, not text: save it as PDF"),
    ("budget.txt", OLE2, "an old Office or WPS file"),
    ("budget.txt", b"PK\x03\x04xl/workbook.xml", "an Excel workbook, not text; give it a .xlsx name"),
])
def test_office_files_are_named_not_called_binary(tmp_path, name, data, says):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(BudgetReadError, match=re.escape(f"{path}: {says}")) as err:
        budgetlib.read_budget(path)
    assert "NUL" not in str(err.value)


def _pdf(path, **encrypt) -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if encrypt:
        writer.encrypt(**encrypt)
    with path.open("wb") as out:
        writer.write(out)


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_an_encrypted_pdf_is_named_encrypted(tmp_path, algorithm):
    path = tmp_path / "locked.pdf"
    _pdf(path, user_password="secret", owner_password="owner", algorithm=algorithm)
    for cache in (True, False):
        with pytest.raises(BudgetReadError, match=re.escape(f"{path}: not a readable PDF (encrypted")):
            budgetlib.read_budget(path, cache=cache)


def test_a_pdf_locked_only_against_editing_is_read(tmp_path):
    """No password to open it (the owner's only restricts printing or copying): read as any
    PDF; this blank one is then refused for what it is, a PDF without text."""
    path = tmp_path / "restricted.pdf"
    _pdf(path, user_password="", owner_password="owner", algorithm="AES-128")
    with pytest.raises(BudgetReadError, match="no text layer"):
        budgetlib.read_budget(path, cache=False)
