"""What a finding rests on: doubt comes from the reading, never from the arithmetic.

A publisher who copies a column's total into one row's cell makes a total exactly twice its
parts; that is the publisher's error, at full severity, and the narrative's findings on the
table keep theirs.
"""

from __future__ import annotations

import dataclasses

import pytest

import budgetlib
from budgetlib.audit.basis import BASIS_DOCUMENT, suspect_tables, with_basis
from budgetlib.corpus import find_documents
from budgetlib.problems import Problem

_SUMS = ("children_sum", "total_row", "row_parts")
_TITLE = "部门支出总体情况表"


def copy_total(doc: budgetlib.BudgetDocument, title: str, code: str,
               measure: str) -> budgetlib.BudgetDocument:
    """The document with the row ``code``'s cell in ``measure`` printed as that column's total
    row prints it (value and printed text), every other cell as read."""
    frame = doc.tables[title].copy()
    column = frame["measure"] == measure
    total = frame[column & (frame["row_type"] == "total")].iloc[0]
    at = frame.index[column & (frame["code"] == code)][0]
    frame.loc[at, ["value", "raw"]] = [total["value"], total["raw"]]
    return dataclasses.replace(doc, tables={**doc.tables, title: frame})


def narrative(found, title: str) -> list[tuple]:
    """The findings on a table that are not its own or its identities' arithmetic."""
    rows = found[(found["table"] == title) & ~found["rule"].isin(_SUMS)
                 & ~found["rule"].str.startswith("identity")]
    return sorted(zip(rows["rule"], rows["severity"], rows["basis"], rows["message"], strict=True))


def assert_the_publishers_error(doc, title: str, code: str, measure: str, rules: set[str]):
    planted = copy_total(doc, title, code, measure)
    found = planted.audit()
    on_table = found[found["table"] == title]
    # the table was read cleanly: nothing on it rests on the reading
    assert set(on_table["basis"]) == {BASIS_DOCUMENT}
    errors = on_table[(on_table["severity"] == "error") & on_table["rule"].isin(_SUMS)]
    codes = [c if isinstance(c, str) else None for c in errors["code"]]  # a total row has none
    assert rules <= set(zip(errors["rule"], codes, strict=True))
    # a total exactly twice its parts, as the copy makes it: still the publisher's error
    doubled = errors[(errors["actual"] * 2 - errors["expected"]).abs().lt(0.015)
                     | (errors["expected"] * 2 - errors["actual"]).abs().lt(0.015)]
    assert len(doubled) >= 1
    assert narrative(found, title) == narrative(doc.audit(), title)


def test_a_copied_total_in_the_seed_is_an_error_on_its_row(doc):
    # seed 表3 (部门支出总体情况表): 2010301 行政运行 合计 79.16 = 基本支出 79.16, 项目支出 blank;
    # 总计 项目支出 55.20, all of it under 20103. 行政运行 printed with 项目支出 55.20 (the
    # column's total) makes 20103's items 110.40 = twice its 55.20
    assert_the_publishers_error(doc, _TITLE, "2010301", "支出预算/项目支出",
                                {("row_parts", "2010301"), ("children_sum", "20103")})


@pytest.mark.parametrize(("name", "code", "measure"), [
    # p.11–12 (元): 208 社会保障和就业支出 4,213,779.28 = 基本支出, 项目支出 blank; 合计 row's
    # 项目支出 66,410,000.00 (p.12). 208 printed with 项目支出 66,410,000.00: the 类 rows' 项目支出
    # add to twice the 合计 row's
    ("putuo_district_govt_office_unit_budget_2025", "208", "支出预算/项目支出"),
    # p.15 (元): 201 一般公共服务支出 2,976,800 | 基本支出 0 | 项目支出 2,976,800; 合计 row's
    # 基本支出 99,406,297 (p.18). The narrative's findings on this table include errors (p.6–7)
    ("putuo_wanli_subdistrict_office_budget_2023", "201", "支出预算/基本支出"),
])
def test_a_copied_total_in_a_corpus_table_is_an_error_on_its_row(corpus, name, code, measure):
    files = find_documents(corpus)[name]
    doc = budgetlib.read_budget(files[0])
    assert_the_publishers_error(doc, _TITLE, code, measure,
                                {("row_parts", code), ("children_sum", code), ("total_row", None)})


def test_only_a_reading_problem_marks_a_table():
    problems = [Problem("error", "T：金额格中是“单位：元”", None, "T", code="amount_text"),
                Problem("warning", "U：第 5 行有金额而无名称", None, "U", code="unnamed_row"),
                Problem("info", "V：未印金额单位，按万元读取", None, "V", code="no_unit")]
    assert suspect_tables(problems) == {"T": "金额格中有文字", "U": "行名与金额错行"}
    assert suspect_tables([]) == {}


def test_a_finding_on_a_marked_table_is_info_and_says_why():
    import pandas as pd

    found = pd.DataFrame({"rule": ["total_row", "claim_amount", "total_row"],
                          "severity": ["error", "warning", "error"], "table": ["T", "T", "U"]})
    out = with_basis(found, {"T": "行名与金额错行"})
    assert out[["severity", "basis"]].values.tolist() == [
        ["info", "读取存疑：行名与金额错行"], ["info", "读取存疑：行名与金额错行"], ["error", "文档"]]
    assert found["severity"].tolist() == ["error", "warning", "error"]  # input unchanged
