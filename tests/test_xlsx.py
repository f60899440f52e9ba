"""The xlsx reader on Putuo's 2026 fill-in templates (../shared/corpus/templates)."""

from __future__ import annotations

import pytest

import budgetlib
from budgetlib import BudgetReadError

NINE = ["部门收支总体情况表", "部门收入总体情况表", "部门支出总体情况表", "财政拨款收支预算总体情况表",
        "一般公共预算支出情况表", "政府性基金预算支出情况表", "国有资本经营预算支出情况表",
        "一般公共预算基本支出情况表", "“三公”经费和机关运行经费预算表"]


@pytest.mark.parametrize(("name", "kind", "department"), [
    ("department_budget_template.xlsx", "部门预算", "上海市普陀区XX局"),
    ("unit_budget_template.xlsx", "单位预算", "上海市普陀区XX单位"),
])
def test_templates_read_sheet_by_sheet(corpus, name, kind, department):
    doc = budgetlib.read_budget(corpus / "templates" / name)
    assert list(doc.tables) == NINE
    assert (doc.year, doc.kind, doc.department) == (2026, kind, department)
    assert all(meta.empty for meta in doc.table_meta.values())  # nothing filled in
    assert doc.table_meta["部门收入总体情况表"].unit == "元"
    assert doc.table_meta["“三公”经费和机关运行经费预算表"].unit == "万元"
    # the 8th sheet (部门收入总表 / 单位收入总表), cell D9: 教育支出, code 205 in A9
    row = doc.tables["部门收入总体情况表"].query("code == '205'").iloc[0]
    assert (row["name"], row["page"], row["line"]) == ("教育支出", 8, 9)
    # the "…" rows of a template are placeholders, reported as such, not codes
    placeholders = [p for p in doc.problems if p.code == "code_placeholder"]
    assert placeholders and all(p.severity == "warning" for p in placeholders)


def test_corrupt_workbook_names_the_file(tmp_path):
    path = tmp_path / "budget.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(BudgetReadError, match=r"budget\.xlsx: not a readable xlsx workbook"):
        budgetlib.read_budget(path)


def test_defusedxml_is_installed():
    import defusedxml  # noqa: F401  (openpyxl parses with it when present)
