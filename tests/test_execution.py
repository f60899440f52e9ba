"""Budget execution (预算执行): ``execution(final)`` and ``execution(budget, final)``.

Expected values are read off the pages of the Putuo 2024 部门决算 (page beside each) or
written into the small documents built here; the corpus tests skip without the corpus.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import budgetlib
from budgetlib.analysis.execution import execution, subject_key
from budgetlib.parse.execution_statements import read_stated_items

PUTUO = "final_accounts/putuo_finance_bureau_dept_final_accounts_2024.pdf"


@pytest.fixture(scope="module")
def final(corpus) -> budgetlib.BudgetDocument:
    return budgetlib.read_budget(corpus / PUTUO)


@pytest.fixture(scope="module")
def table(final) -> pd.DataFrame:
    return execution(final)


def _row(frame: pd.DataFrame, **where) -> pd.Series:
    found = frame
    for column, value in where.items():
        found = found[found[column] == value]
    assert len(found) == 1, f"{where}: {len(found)} rows"
    return found.iloc[0]


def test_exported_at_the_top():
    assert budgetlib.execution is execution


@pytest.mark.parametrize(("code", "budget", "final_"), [
    # p.22 item 1: 行政运行 "年初预算为1560.05万元，支出决算为1511.89万元"; p.15: 2010601 1,511.89
    ("2010601", 1560.05, 1511.89),
    # p.22 item 2: 一般行政管理事务 "年初预算为10.00万元，支出决算为10.00万元"
    ("2010602", 10.00, 10.00),
    # p.22 item 3: 信息化建设 135.90 / 135.25
    ("2010607", 135.90, 135.25),
    # p.22 item 4: 财政委托业务支出 450.52 / 449.52 (the 决算 on the next line)
    ("2010608", 450.52, 449.52),
    # p.22 item 5: 行政单位离退休 ("（项）" on the next line) 85.55 / 84.65
    ("2080501", 85.55, 84.65),
    # p.22 item 6: 机关事业单位基本养老保险缴费支出 161.62 / 160.75
    ("2080505", 161.62, 160.75),
    # p.22 item 7: 机关事业单位职业年金缴费支出 80.81 / 80.38
    ("2080506", 80.81, 80.38),
    # p.22 item 8: 其他行政事业单位养老支出 0.94 / 0.94
    ("2080599", 0.94, 0.94),
    # p.22 item 9: 行政单位医疗 62.29 / 60.99
    ("2101101", 62.29, 60.99),
    # p.22 item 10: 住房公积金 187.75 / 187.19
    ("2210201", 187.75, 187.19),
    # p.22 item 11: 购房补贴 258.50 / 258.50
    ("2210203", 258.50, 258.50),
])
def test_each_xiang_of_the_narrative_matched_to_its_code(table, code, budget, final_):
    row = _row(table, code=code)
    assert row["budget"] == pytest.approx(budget)
    assert row["final"] == pytest.approx(final_)
    assert row["rate"] == pytest.approx(final_ / budget * 100)
    assert row["difference"] == pytest.approx(final_ - budget)
    assert row["budget_kind"] == "年初预算"
    assert (row["budget_from"], row["final_from"]) == ("说明", "表格")
    assert row["table"] == "一般公共预算财政拨款支出决算表"


def test_eleven_xiang_the_aggregate_and_the_three_public_parts(table):
    # p.22 lists items 1–11; p.21 the aggregate; p.18 the 三公 table: 合计, 因公出国（境）费,
    # 公务用车购置及运行费 (小计, 购置费, 运行费), 公务接待费
    assert table["code"].notna().sum() == 11
    assert len(table) == 11 + 1 + 6


def test_the_reason_and_the_stated_comparison(table):
    # p.22 item 1: "决算数小于预算数的主要原因：人员进出及退休变化，减少人员经费开支。"
    row = _row(table, code="2010601")
    assert (row["direction"], row["reason"]) == ("小于", "人员进出及退休变化，减少人员经费开支")
    # p.22 item 4, its reason over a line break
    assert _row(table, code="2010608")["reason"] == \
        "因个别项目评审费未能实施或未来得及支付完毕，于明年重新申请"
    # p.22 item 2: "决算数与预算数基本持平。" – no reason given
    row = _row(table, code="2010602")
    assert row["direction"] == "持平" and pd.isna(row["reason"])


def test_the_aggregate_with_its_stated_rate(table):
    # p.21: "一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%"
    # p.15: 合计 2,940.05
    row = _row(table, item="一般公共预算财政拨款支出")
    assert (row["budget"], row["final"], row["stated_rate"]) == (2993.92, 2940.05, 98.20)
    assert row["rate"] == pytest.approx(2940.05 / 2993.92 * 100)
    assert row["rate_agrees"] is True
    assert row["reason"] == "因年度工作计划安排，个别信息化项目和中介机构服务调减"
    assert row["page"] == 21


def test_the_three_public_table_prints_budget_and_final(table):
    # p.18: 合计 预算数 0.95, 公务接待费 预算数 0.95, every 决算数 blank; p.23: "“三公”经费财政拨款
    # 支出年初预算为0.95万元，支出决算为0.00万元，完成预算的0%" … "公务接待费支出决算为0.00万元，完成预算的0%"
    three = table[table["table"] == "财政拨款“三公”经费支出决算表"]
    total = three[three["level"] == 0].iloc[0]
    assert (total["budget"], total["final"], total["rate"], total["stated_rate"]) == (0.95, 0.0, 0.0, 0.0)
    assert total["rate_agrees"] is True
    assert total["reason"] == "当年度无“三公”经费支出"
    reception = _row(three, item="公务接待费")
    assert (reception["budget"], reception["final"], reception["stated_rate"]) == (0.95, 0.0, 0.0)
    # 因公出国（境）费: nothing budgeted, so no rate (not 0%, not 100%)
    abroad = _row(three, item="因公出国（境）费")
    assert abroad["budget"] == 0 and pd.isna(abroad["rate"]) and "预算数为0" in abroad["note"]
    # the narrative's 公务用车购置及运行维护费 is the table's 公务用车购置及运行费 (小计)
    assert _row(three, item="公务用车购置及运行费")["stated_final"] == 0.0


def test_a_budget_is_not_a_final_account(doc):
    frame = execution(doc)
    assert frame.empty and "不是决算" in frame.attrs["reason"]


def test_one_answer_to_is_it_a_final_account(final, doc, table):
    """The kind decides; where the cover gave none, the tables' titles (收入支出决算总表, …):
    the execution frame and audit, the trend's 预算/决算 and the report all ask the same."""
    from dataclasses import replace

    from budgetlib.analysis.trend import kind_of
    from budgetlib.audit.final_accounts import is_final_account

    kindless = replace(final, kind=None)
    assert final.final_account and kindless.final_account
    assert is_final_account(kindless) and kind_of(kindless) == "决算"
    # the execution of the kindless copy is the final account's (before, the trend and the
    # report took it for a budget while the execution frame took it for a 决算)
    pd.testing.assert_frame_equal(execution(kindless).reset_index(drop=True), table.reset_index(drop=True))
    assert not replace(doc, kind=None).final_account  # the seed: a budget, no 决算 table
    # a cover that says 预算 is not overruled by a table's title
    budget_named = replace(final, kind="部门预算")
    assert not budget_named.final_account and execution(budget_named).empty


def test_a_stated_rate_that_the_figures_do_not_bear_out():
    text = ("某局2024年度部门决算\n\n## 一般公共预算财政拨款支出决算情况说明\n\n"
            "一般公共预算财政拨款支出年初预算为200.00万元，支出决算为150.00万元，完成年初预算的80.00%。"
            "决算数小于预算数的主要原因：项目推迟。\n")
    row = execution(budgetlib.read_budget(text)).iloc[0]
    assert row["rate"] == pytest.approx(75.0) and row["stated_rate"] == 80.0
    assert row["rate_agrees"] is False
    assert row["note"] == "未能对应到表格中的项目"  # no table in this document


def test_subjects_spelled_two_ways_are_one_key():
    assert subject_key("公务用车购置及运行维护费支出") == subject_key("公务用车购置及运行费")
    assert subject_key("2024年度“三公”经费支出") == subject_key("财政拨款“三公”经费")
    assert subject_key("公务接待费") != subject_key("因公出国（境）费")


def test_a_sentence_over_two_paragraphs_is_one_item():
    text = ("某局2024年度部门决算\n\n## 一般公共预算财政拨款支出决算情况说明\n\n"
            "1、一般公共服务支出（类）财政事务（款）行政运行（项）。年初预算为100.00万\n\n"
            "元，支出决算为90.00万元。决算数小于预算数的主要原因：人员减少。\n")
    items = read_stated_items(budgetlib.read_budget(text).sections)
    assert [(i.names[-1], i.budget, i.final, i.reason) for i in items] == [
        ("行政运行", 100.0, 90.0, "人员减少")]


BUDGET_2024 = """上海市普陀区财政局2024年部门预算

## 一般公共预算支出情况表

单位：万元

科目\t\t\t一般公共预算支出\t\t
科目代码\t\t\t科目名称\t合计\t基本支出\t项目支出
类\t款\t项\t\t\t\t
201\t\t\t一般公共服务支出\t1570.05\t1560.05\t10.00
201\t06\t\t财政事务\t1570.05\t1560.05\t10.00
201\t06\t01\t行政运行\t1560.05\t1560.05\t
201\t06\t02\t一般行政管理事务\t10.00\t\t10.00
\t\t\t合计\t1570.05\t1560.05\t10.00
"""


def test_the_budget_document_against_the_final_account(final):
    budget = budgetlib.read_budget(BUDGET_2024)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # same department, same year: no warning
        frame = execution(budget, final)
    # this file: 2010601 1560.05; p.15: 2010601 1,511.89; p.22: "年初预算为1560.05万元"
    row = _row(frame, code="2010601")
    assert (row["budget"], row["final"], row["matched"], row["budget_from"]) == (
        1560.05, 1511.89, "两者均有", "预算文档")
    assert row["stated_budget"] == 1560.05
    assert row["rate"] == pytest.approx(1511.89 / 1560.05 * 100)
    assert row["reason"] == "人员进出及退休变化，减少人员经费开支"
    # p.15: 2010607 信息化建设 135.25 is in the final account only
    row = _row(frame, code="2010607")
    assert row["matched"] == "仅决算" and pd.isna(row["budget"]) and pd.isna(row["rate"])


def test_a_budget_of_another_department_and_year_warns(final, doc):
    with pytest.warns(UserWarning) as caught:
        execution(doc, final)
    assert {"two departments" in str(w.message) for w in caught} == {True, False}


def test_the_workbook_has_an_execution_sheet(final, tmp_path):
    import openpyxl

    out = budgetlib.to_excel(final, tmp_path / "final.xlsx")
    ws = openpyxl.load_workbook(out)["预算执行"]
    headers = [c.value for c in ws[1]]
    assert headers[:8] == ["项目", "科目编码", "预算口径", "预算数", "调整预算数", "决算数",
                           "决算减预算", "执行率"]
    # p.21: 年初预算 2993.92, 决算 2940.05, 完成年初预算的98.20%
    first = [c.value for c in ws[2]]
    assert first[0] == "一般公共预算财政拨款支出"
    assert (first[3], first[5], first[6]) == (2993.92, 2940.05, -53.87)
    assert first[7] == pytest.approx(2940.05 / 2993.92) and ws.cell(2, 8).number_format == "0.00%"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"


def test_the_workbooks_execution_chart_draws_what_the_png_draws(final, table, tmp_path):
    """The sheet's chart data (below the table) are the items the PNG chart draws, in its
    order: items with both a budget and a 决算, the largest budgets first, the totals
    stated apart (before, the sheet took the table's first 15 rows, zero rows and all)."""
    import matplotlib
    import openpyxl

    matplotlib.use("Agg")
    from budgetlib.report.plot import execution_chart

    out = budgetlib.to_excel(final, tmp_path / "final.xlsx")
    ws = openpyxl.load_workbook(out)["预算执行"]
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "预算数与决算数（万元）") + 2
    sheet = [r[:3] for r in rows[start:] if r[0] is not None]
    ax = execution_chart(table)
    drawn = [t.get_text().replace("\n", "") for t in ax.get_yticklabels()]  # top down: “item（code）”
    assert len(sheet) == len(drawn) <= 15
    assert all(item.startswith(label.split("…")[0].split("（")[0])  # a long name is cut short
               for (item, _, _), label in zip(sheet, drawn, strict=True))
    budgets, finals = ax.patches[:len(drawn)], ax.patches[len(drawn):2 * len(drawn)]
    assert [(b.get_width(), f.get_width()) for b, f in zip(budgets, finals, strict=True)] == [
        (budget, final_) for _, budget, final_ in sheet]
    assert all(b is not None and f is not None and (b or f) for _, b, f in sheet)
    # p.21: the first is 行政运行, 年初预算 1560.05 and 决算 1511.89; the total (一般公共预算
    # 财政拨款支出 2993.92 and 2940.05) is not drawn among the items it adds up
    assert sheet[0] == ("行政运行", 1560.05, 1511.89)
    assert "一般公共预算财政拨款支出" not in [item for item, _, _ in sheet]


def test_a_budget_workbook_has_no_execution_sheet(doc, tmp_path):
    import openpyxl

    out = budgetlib.to_excel(doc, tmp_path / "seed.xlsx")
    assert "预算执行" not in openpyxl.load_workbook(out).sheetnames


def test_the_report_job_on_a_final_account(corpus, tmp_path):
    from budgetlib.report.cli import report

    assert report([str(corpus / PUTUO)], tmp_path, notebooks=False) == 0
    folder = tmp_path / "putuo_finance_bureau_dept_final_accounts_2024"
    assert (folder / "charts" / "预算执行.png").exists()
    assert (folder / f"{folder.name}.xlsx").exists()
