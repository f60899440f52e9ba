"""Trend over years (``budgetlib.trend``) and its chart, and the execution chart.

Expected values are read off the pages of the corpus documents (page beside each); the
corpus tests skip without the corpus.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import budgetlib  # noqa: E402
from budgetlib.problems import Lacking  # noqa: E402
from budgetlib.report import plot  # noqa: E402

PROCURATORATE = "jiangsu/js_procuratorate_{}_budget_full.pdf"
PUTUO_FINAL = "final_accounts/putuo_finance_bureau_dept_final_accounts_2024.pdf"


@pytest.fixture(scope="module")
def three_years(corpus) -> list[budgetlib.BudgetDocument]:
    # given out of order: trend sorts by year
    return [budgetlib.read_budget(corpus / PROCURATORATE.format(y)) for y in (2019, 2017, 2018)]


def _row(wide: pd.DataFrame, code: str) -> pd.Series:
    found = wide[wide["code"] == code]
    assert len(found) == 1
    return found.iloc[0]


def test_exported_at_the_top():
    from budgetlib.analysis.trend import trend
    assert budgetlib.trend is trend


def test_three_years_by_code(three_years):
    wide = budgetlib.trend(three_years)
    assert [p[0] for p in wide.attrs["periods"]] == ["2017年预算", "2018年预算", "2019年预算"]
    # 行政运行 2040401: p.14 (2017) 7,968.14; p.17 (2018) 10,883.36; p.18 (2019) 12,268.62
    row = _row(wide, "2040401")
    assert row[["2017年预算", "2018年预算", "2019年预算"]].tolist() == [7968.14, 10883.36, 12268.62]
    # 2017 p.14 一般公共预算支出预算表 合计 17,981.68
    assert wide.loc[wide["item"] == "一般公共预算支出", "2017年预算"].iloc[0] == 17981.68


def test_a_recode_is_followed(three_years):
    # 2040405 公诉、审判、侦查、执行等检察监督支出 1895.00 (2018 p.17) is 2040410 检察监督
    # 1,185.60 in 2019 (p.18), named as 2019 names it; 2017 p.14: 2040405 公诉和审判监督 150.00
    row = _row(budgetlib.trend(three_years), "2040410")
    assert row["item"] == "检察监督"
    assert row[["2017年预算", "2018年预算", "2019年预算"]].tolist() == [150.00, 1895.00, 1185.60]


def test_a_year_without_the_item_is_blank_not_zero(three_years):
    # 2040404 查办和预防职务犯罪 480.00 in 2017 (p.14); not printed in 2018 or 2019
    row = _row(budgetlib.trend(three_years), "2040404")
    assert row["2017年预算"] == 480.00 and pd.isna(row["2018年预算"]) and pd.isna(row["2019年预算"])


def test_a_final_account_is_a_column_of_its_own_kind(corpus):
    final = budgetlib.read_budget(corpus / PUTUO_FINAL)
    wide = budgetlib.trend([final])
    assert wide.attrs["periods"] == [("2024年决算", 2024, "决算")]
    # p.15 一般公共预算财政拨款支出决算表: 2010601 行政运行 1,511.89; 合计 2,940.05
    assert _row(wide, "2010601")["2024年决算"] == 1511.89
    assert wide.loc[wide["item"] == "一般公共预算支出", "2024年决算"].iloc[0] == 2940.05


def test_two_departments_warn(corpus, doc):
    final = budgetlib.read_budget(corpus / PUTUO_FINAL)
    with pytest.warns(UserWarning, match="2 departments"):
        budgetlib.trend([doc, final])


def test_the_trend_chart_names_the_department_and_years(three_years):
    ax = plot.trend_chart(budgetlib.trend(three_years))
    title = ax.get_title(loc="left")
    assert title.startswith("江苏省人民检察院 2017–2019年预算") and "（万元）" in title
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2017年预算", "2018年预算", "2019年预算"]
    plt.close("all")


def test_one_year_is_no_trend(doc):
    with pytest.raises(Lacking, match="只有一个年度"):
        plot.trend_chart(budgetlib.trend([doc]))
    assert plt.get_fignums() == []


def test_the_execution_chart(corpus):
    final = budgetlib.read_budget(corpus / PUTUO_FINAL)
    ax = plot.execution_chart(budgetlib.execution(final))
    assert ax.get_title(loc="left").startswith("上海市普陀区财政局 2024年部门决算")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # p.21: the total (一般公共预算财政拨款支出, 年初预算 2993.92) is stated under the title, and
    # the largest item (行政运行, 年初预算 1560.05) drawn at the top
    assert "一般公共预算财政拨款支出：" in ax.get_title(loc="left")
    assert labels[0] == "行政运行（2010601）"
    plt.close("all")


def test_no_execution_for_a_budget(doc):
    with pytest.raises(Lacking, match="不是决算"):
        plot.execution_chart(budgetlib.execution(doc))
    assert plt.get_fignums() == []
