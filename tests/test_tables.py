"""The seed's twelve tables, checked against values read off the document."""

from __future__ import annotations

import math
import re

import pytest

from budgetlib.text import strip_markup

STANDARD_TITLES = [
    "部门收支总体情况表", "部门收入总体情况表", "部门支出总体情况表", "财政拨款收支预算总体情况表",
    "一般公共预算支出情况表", "一般公共预算基本支出情况表", "一般公共预算项目支出情况表",
    "政府性基金预算支出情况表", "国有资本经营预算支出情况表", "财政拨款“三公”经费支出情况表",
    "财政拨款委托业务费支出情况表", "上年结转结余情况表",
]


def value(doc, table, measure, code=None, name=None, label=None):
    frame = doc.tables[table]
    mask = frame["measure"] == measure
    if label is not None:
        mask &= frame["label"] == label
    if code is not None:
        mask &= frame["code"] == code
    if name is not None:
        mask &= frame["name"] == name
    found = frame.loc[mask, "value"]
    assert len(found) == 1, (table, measure, code, name, len(found))
    return found.item()


def test_all_twelve_tables_by_title_in_order(doc):
    assert list(doc.tables) == STANDARD_TITLES
    assert [doc.table_meta[t].number for t in STANDARD_TITLES] == [str(n) for n in range(1, 13)]
    assert {m.unit for m in doc.table_meta.values()} == {"万元"}


def test_every_amount_cell_is_in_the_tidy_frames(doc, seed_lines):
    """Scan the document's table rows independently and compare every amount, cell by cell."""
    start = seed_lines.index("表 1")
    end = seed_lines.index("### 第三部分 2026 年部门预算情况说明")
    printed = {}
    for number in range(start, end):
        line = seed_lines[number]
        if "\t" not in line:
            continue
        for cell in line.split("\t"):
            text = strip_markup(cell)[0]
            if re.fullmatch(r"\d+\.\d{2}", text):  # amounts print two decimals, codes none
                printed.setdefault(number, []).append(float(text))
    tidy = doc.tidy.dropna(subset=["value"])
    found = tidy.groupby("line")["value"].apply(sorted).to_dict()
    assert {k: sorted(v) for k, v in printed.items()} == found
    assert sum(len(v) for v in printed.values()) == 199


def test_income_and_expenditure_summary_keeps_both_sides(doc):
    t = "部门收支总体情况表"
    assert value(doc, t, "收入/预算数", name="本年收入") == 167.55
    assert value(doc, t, "收入/预算数", label="1. 一般公共预算拨款") == 122.35
    assert math.isnan(value(doc, t, "收入/预算数", label="其中：一般公共预算拨款"))
    assert value(doc, t, "收入/预算数", name="一般财力") == 122.35
    assert value(doc, t, "收入/预算数", label="5. 单位资金") == 45.20
    assert value(doc, t, "收入/预算数", name="其他收入") == 45.20
    assert value(doc, t, "收入/预算数", name="收入总计") == 167.55
    assert value(doc, t, "支出/预算数", code="201") == 134.36
    assert value(doc, t, "支出/预算数", code="208") == 17.14
    assert value(doc, t, "支出/预算数", code="210") == 7.55
    assert value(doc, t, "支出/预算数", code="221") == 8.50
    assert value(doc, t, "支出/预算数", name="支出总计") == 167.55
    frame = doc.tables[t]
    sides = frame.drop_duplicates(["side", "row"])["side"].value_counts().to_dict()
    assert sides == {"支出": 31, "收入": 26}  # 201…234 and the total; 26 income lines
    assert frame.query("code == '202'")["value"].isna().all()  # printed, blank
    # Outline of the income side: 一、 > 1. > 其中
    row = frame.query("name == '一般财力'").iloc[0]
    assert (row["level"], row["parent"], row["label"]) == (3, "一般公共预算拨款", "其中：一般财力")
    row = frame.query("name == '上级一般公共预算安排转移支付'").iloc[0]
    assert (row["level"], row["parent"]) == (3, "一般公共预算拨款")
    row = frame.query("label == '5. 单位资金'").iloc[0]
    assert (row["level"], row["parent"], row["line"]) == (2, "本年收入", 97)


def test_appropriation_summary_both_sides(doc):
    t = "财政拨款收支预算总体情况表"
    assert value(doc, t, "财政拨款收入/合计", name="财政拨款（补助）") == 122.35
    assert value(doc, t, "财政拨款收入/合计", name="一般公共预算") == 122.35
    assert value(doc, t, "财政拨款收入/合计", name="收入总计") == 122.35
    assert value(doc, t, "财政拨款支出/合计", code="201") == 89.16
    assert value(doc, t, "财政拨款支出/一般公共预算", code="201") == 89.16
    assert value(doc, t, "财政拨款支出/一般公共预算", name="支出总计") == 122.35
    assert doc.table_meta[t].measures == (
        "财政拨款收入/合计", "财政拨款支出/合计", "财政拨款支出/一般公共预算",
        "财政拨款支出/政府性基金预算", "财政拨款支出/国有资本经营预算",
    )


def test_income_table_codes_levels_and_funding_columns(doc):
    t = "部门收入总体情况表"
    frame = doc.tables[t]
    rows = frame.drop_duplicates("row")
    assert rows["code"].dropna().tolist() == [
        "201", "20103", "2010301", "2010399", "208", "20805", "2080501", "2080505", "2080506",
        "210", "21011", "2101101", "221", "22102", "2210201",
    ]
    row = rows.query("code == '2010399'").iloc[0]
    assert (row["lei"], row["kuan"], row["xiang"], row["level"], row["parent"]) == (
        "201", "03", "99", 3, "20103")
    assert row["name"] == "其他政府办公厅（室）及相关机构事务支出"  # wrapped line repaired
    assert row["line"] == 131
    assert rows.query("code == '2080505'")["name"].item() == "机关事业单位基本养老保险缴费支出"
    assert value(doc, t, "总计", code="2010399") == 55.20
    assert value(doc, t, "财政拨款（补助）/一般公共预算", code="2010399") == 10.00
    assert value(doc, t, "单位资金", code="2010399") == 45.20
    assert value(doc, t, "总计", name="总计") == 167.55
    assert math.isnan(value(doc, t, "财政专户（教育收费）", name="总计"))
    assert "财政专户（教育收费）" in doc.table_meta[t].measures  # header wrap repaired


@pytest.mark.parametrize(
    ("table", "prefix", "total", "basic", "project"),
    [
        ("部门支出总体情况表", "支出预算", 167.55, 112.35, 55.20),
        ("一般公共预算支出情况表", "一般公共预算支出", 122.35, 112.35, 10.00),
    ],
)
def test_expenditure_tables_totals(doc, table, prefix, total, basic, project):
    assert value(doc, table, f"{prefix}/合计", name="总计") == total
    assert value(doc, table, f"{prefix}/基本支出", name="总计") == basic
    assert value(doc, table, f"{prefix}/项目支出", name="总计") == project
    assert value(doc, table, f"{prefix}/基本支出", code="2010301") == 79.16


def test_basic_expenditure_by_economic_class(doc):
    t = "一般公共预算基本支出情况表"
    frame = doc.tables[t]
    assert value(doc, t, "一般公共预算基本支出/合计", code="301") == 107.76
    assert value(doc, t, "一般公共预算基本支出/人员经费", code="30101") == 26.66
    assert value(doc, t, "一般公共预算基本支出/公用经费", code="30231") == 1.20
    assert value(doc, t, "一般公共预算基本支出/人员经费", code="30302") == 2.27
    assert value(doc, t, "一般公共预算基本支出/人员经费", name="总计") == 110.03
    assert value(doc, t, "一般公共预算基本支出/公用经费", name="总计") == 2.32
    row = frame.query("code == '30113'").iloc[0]
    assert (row["lei"], row["kuan"], row["level"], row["parent"], row["line"]) == (
        "301", "13", 2, "301", 261)


def test_project_table_keeps_project_name(doc):
    frame = doc.tables["一般公共预算项目支出情况表"]
    row = frame.query("code == '2010399' and measure == '项目支出合计'").iloc[0]
    assert (row["project"], row["value"], row["line"]) == ("外事工作经费", 10.00, 285)
    assert value(doc, "一般公共预算项目支出情况表", "商品和服务支出", name="总计") == 10.00
    unit_row = frame.query("row == 0").iloc[0]
    assert (unit_row["name"], unit_row["row_type"]) == ("阿图什市人民政府外事办办公室", "group")


def test_three_public_expenses(doc):
    t = "财政拨款“三公”经费支出情况表"
    assert value(doc, t, "合计", name="公务用车购置及运行维护费（小计）") == 1.20
    assert value(doc, t, "资金来源/一般公共预算", name="公务用车运行维护费") == 1.20
    assert value(doc, t, "合计", name="总计") == 1.20
    assert math.isnan(value(doc, t, "合计", name="因公出国（境）费用"))
    frame = doc.tables[t].drop_duplicates("row").set_index("name")
    assert frame.loc["公务用车购置", "parent"] == "公务用车购置及运行维护费（小计）"
    assert frame.loc["公务接待费", "level"] == 1
    assert frame.loc["总计", "row_type"] == "total"


@pytest.mark.parametrize(
    ("table", "line"),
    [("政府性基金预算支出情况表", 301), ("国有资本经营预算支出情况表", 316),
     ("财政拨款委托业务费支出情况表", 347), ("上年结转结余情况表", 362)],
)
def test_empty_tables_are_present_empty_with_their_note(doc, seed_lines, table, line):
    meta = doc.table_meta[table]
    assert meta.empty
    assert meta.note == seed_lines[line]
    assert meta.note.endswith("为空表。")
    frame = doc.tables[table]
    assert frame["value"].isna().all()
    assert frame["row_type"].tolist() == ["total"] * len(frame)


def test_carry_over_header_paths(doc):
    assert doc.table_meta["上年结转结余情况表"].measures == (
        "合计", "财政拨款/小计", "财政拨款/基本支出/人员经费", "财政拨款/基本支出/公用经费",
        "财政拨款/项目支出", "非财政拨款/小计", "非财政拨款/基本支出/人员经费",
        "非财政拨款/基本支出/公用经费", "非财政拨款/项目支出",
    )


def test_org_lines_keep_both_spellings(doc):
    orgs = {t: m.org for t, m in doc.table_meta.items()}
    assert orgs["部门收支总体情况表"] == "阿图什市人民政府外事办公室"
    assert orgs["部门支出总体情况表"] == "阿图什市人民政府外事办办公室"


def test_wide_view_matches_printed_layout(doc):
    wide = doc.wide("一般公共预算支出情况表")
    assert list(wide.columns) == [
        "code", "label", "一般公共预算支出/合计", "一般公共预算支出/基本支出",
        "一般公共预算支出/项目支出",
    ]
    assert len(wide) == 16
    assert wide.iloc[-1]["label"] == "总计"
    assert wide.iloc[-1]["一般公共预算支出/合计"] == 122.35


def test_tidy_frames_are_tidy(doc):
    for title, frame in doc.tables.items():
        assert not frame.duplicated(["side", "row", "measure"]).any(), title
        assert (frame["table"] == title).all()
        assert frame["code"].dropna().str.fullmatch(r"\d{3}(\d{2}){0,2}").all()
