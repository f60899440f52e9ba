"""Document facts: the cover title, the year, and one name for the department."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import budgetlib
from budgetlib.analysis.compare import year_pairs
from budgetlib.parse.metadata import (
    budget_year,
    clean_name,
    department_key,
    department_name,
    org_from_title,
    place_year,
)

COURT = "江苏省高级人民法院"


def test_a_name_cut_by_a_wrapped_cell_yields_to_the_whole():
    # 2019 p.12: "部门名称：江苏省高级人民法" and "院" on the next line of the cell
    text = f"{COURT}\n" * 37 + "部门名称：江苏省高级人民法\t单位：万元\n"
    name, spellings, problems = department_name([("江苏省高级人民法", 12)], text)
    assert (name, spellings) == (COURT, [COURT])
    assert [(p.severity, p.line) for p in problems] == [("info", 12)]
    assert problems[0].code == "department_read_as"
    assert "单位名称“江苏省高级人民法”读作“江苏省高级人民法院”" in problems[0].message
    # the whole name printed elsewhere as a candidate: still one spelling
    name, spellings, _ = department_name([(COURT, 1), ("江苏省高级人民法", 12)], text)
    assert (name, spellings) == (COURT, [COURT])


@pytest.mark.parametrize("printed", [
    "江苏省人民检察院年", "江苏省人民检察院2017年", "2017年度江苏省人民检察院",
    "江苏省人民检察院年部门预算2017", "江苏省 人民检察院",
])
def test_a_year_or_the_kind_glued_on_is_cleaned(printed):
    name, spellings, _ = department_name([(printed, 1), ("江苏省人民检察院", 9)], "江苏省人民检察院")
    assert (name, spellings) == ("江苏省人民检察院", ["江苏省人民检察院"])


def test_a_final_accounts_cover_name():
    name, spellings, _ = department_name([("上海市普陀区财政局年度部门决算2024", None)],
                                         "上海市普陀区财政局")
    assert (name, spellings) == ("上海市普陀区财政局", ["上海市普陀区财政局"])


def test_a_name_that_ends_like_one_is_not_cut():
    assert clean_name("共青团江苏省委") == "共青团江苏省委"
    name, _, _ = department_name([("江苏省人大", 1)], "江苏省人大常委会办公厅 江苏省人大常委会")
    assert name == "江苏省人大"  # a short form, not a cut name: left as printed


@pytest.mark.parametrize(("short", "full"), [
    ("江苏省人大", "江苏省人大常委会办公厅"),
    ("中共江苏省委办公厅", "中国共产党江苏省委员会办公厅"),
    ("江苏省委办公厅", "中共江苏省委办公厅"),
    ("江苏省人大常委会办公厅", "江苏省人民代表大会常务委员会办公厅"),
])
def test_short_forms_are_one_department_read_as_the_full_name(short, full):
    assert department_key(short) == department_key(full)
    # the short form printed more often (and first) still gives the publisher's full name
    name, spellings, problems = department_name([(short, 1), (full, 30)], f"{short} " * 9 + full)
    assert (name, spellings) == (full, [full, short])
    assert "（简称）" in problems[0].message and problems[0].line == 1


def test_two_departments_the_one_printed_most_wins():
    text = "外事办公室 外事办公室 外事办办公室 江苏省委办公厅"
    name, spellings, problems = department_name(
        [("江苏省委办公厅", 1), ("外事办办公室", 3), ("外事办公室", 80)], text)
    assert name == "外事办公室" and set(spellings) == {"外事办公室", "外事办办公室", "江苏省委办公厅"}
    assert all(p.code == "department_spelling" and "简称" not in p.message for p in problems)


def test_no_candidate_names_no_department():
    name, spellings, problems = department_name([("", 1), ("  ", 2)], "text")
    assert (name, spellings) == (None, [])
    assert [p.severity for p in problems] == ["warning"]


@pytest.mark.parametrize(("title", "year", "org"), [
    ("2026 年阿图什市人民政府外事办办公室部门预算公开", 2026, "阿图什市人民政府外事办办公室"),
    ("江苏省高级人民法院2019 年度部门预算公开", 2019, COURT),
    ("2018 年度江苏省高级人民法院预算公开", 2018, COURT),
    ("江苏省委办公厅 2017 年度部门预算", 2017, "江苏省委办公厅"),
    ("上海市普陀区财政局2024年度部门决算", 2024, "上海市普陀区财政局"),
    ("上海市普陀区2025年区级部门预算", 2025, ""),  # a region's title, not a department's
    ("江苏省2018年度省级部门预算公开报表", 2018, ""),
])
def test_org_from_title(title, year, org):
    assert org_from_title(title, year) == org


def test_a_year_printed_apart_from_its_title():
    assert place_year("上海市普陀区财政局年度部门决算2024") == "上海市普陀区财政局2024年度部门决算"
    assert place_year("2024上海市普陀区财政局年度部门决算") == "上海市普陀区财政局2024年度部门决算"
    assert place_year("江苏省人民检察院2018年部门预算") == "江苏省人民检察院2018年部门预算"
    assert budget_year("上海市普陀区财政局年度部门决算2024", []) == 2024


def test_years_are_paired_by_the_department_key():
    docs = {
        "a17": SimpleNamespace(department="中国共产党江苏省委员会办公厅", kind="部门预算", year=2017),
        "a18": SimpleNamespace(department="中共江苏省委办公厅", kind="部门预算", year=2018),
        "a19": SimpleNamespace(department="江苏省委办公厅", kind="部门预算", year=2019),
        "b18": SimpleNamespace(department=COURT, kind="部门预算", year=2018),
        "b19": SimpleNamespace(department="江苏省高院", kind="部门预算", year=2019),
        "x18": SimpleNamespace(department=None, kind="部门预算", year=2018),
        "y19": SimpleNamespace(department=None, kind="部门预算", year=2019),
    }
    assert sorted(year_pairs(docs)) == [("a17", "a18"), ("a18", "a19"), ("b18", "b19")]


# Names read off the covers (page 1 of each PDF) and the tables' 编制部门 lines.
@pytest.mark.parametrize(("files", "department", "spellings", "year"), [
    # p.1: "2018 年度江苏省高级 / 人民法院预算公开" over a date, "2018 年 2 月 24 日"
    (["jiangsu/js_high_court_2018_budget_full.pdf"], COURT, [COURT], 2018),
    # p.1: "江苏省高级人民法院 / 2019 年度部门预算公开"; p.12 wraps "江苏省高级人民法 / 院"
    (["jiangsu/js_high_court_2019_budget_full.pdf"], COURT, [COURT], 2019),
    # p.1: "江苏省人民检察院 / 2017 年部门预算"
    (["jiangsu/js_procuratorate_2017_budget_full.pdf"], "江苏省人民检察院", ["江苏省人民检察院"],
     2017),
    # narrative p.1: "江苏省委办公厅 2017 年度部门预算"; tables p.1: "部门：中国共产党江苏省委员会办公厅"
    (["jiangsu/js_party_office_2017_budget_narrative.pdf",
      "jiangsu/js_party_office_2017_budget_tables.pdf"], "中国共产党江苏省委员会办公厅",
     ["中国共产党江苏省委员会办公厅", "江苏省委办公厅"], 2017),
    # p.1: "上海市普陀区财政局 / 2024年度部门决算"
    (["final_accounts/putuo_finance_bureau_dept_final_accounts_2024.pdf"], "上海市普陀区财政局",
     ["上海市普陀区财政局"], 2024),
    # p.1: "上海市普陀区2025年区级部门预算 / 预算主管部门：上海市普陀区人民政府办公室"
    (["shanghai/putuo_district_govt_office_dept_budget_2025.pdf"], "上海市普陀区人民政府办公室",
     ["上海市普陀区人民政府办公室"], 2025),
])
def test_corpus_department_names(corpus, files, department, spellings, year):
    paths = [corpus / f for f in files]
    doc = budgetlib.read_budget(paths if len(paths) > 1 else paths[0])
    assert (doc.department, doc.department_spellings, doc.year) == (department, spellings, year)


def test_corpus_final_accounts_title(corpus):
    doc = budgetlib.read_budget(
        corpus / "final_accounts" / "putuo_finance_bureau_dept_final_accounts_2024.pdf")
    assert doc.title == "上海市普陀区财政局2024年度部门决算"  # p.1, the year back in its place
