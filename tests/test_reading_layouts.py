"""Layouts of documents the reader had never seen, each a class of layout with its fix.

Expected values are read off the PDFs (page given beside each); skipped without the corpus.
"""

from __future__ import annotations

import pytest

import budgetlib
from budgetlib.parse.identify import identify_title


@pytest.fixture(scope="module")
def court(corpus) -> dict[int, budgetlib.BudgetDocument]:
    folder = corpus / "jiangsu"
    return {year: budgetlib.read_budget(folder / f"js_high_court_{year}_budget_full.pdf")
            for year in (2017, 2018, 2019)}


def _value(doc, title: str, measure: str, **where) -> float:
    frame = doc.tables[title]
    for column, value in where.items():
        frame = frame[frame[column] == value]
    return frame[frame["measure"] == measure]["value"].item()


@pytest.mark.parametrize("printed, standard", [
    ("一、2017年度江苏省高级人民法院部门收支预算总表", "部门收支总体情况表"),
    ("四、2018年度江苏省高级人民法院财政拨款收支预算总表", "财政拨款收支预算总体情况表"),
    ("十一、2017年江苏省高级人民法院部门一般公共预算“三公”经费、会议费、培训费支出预算表",
     "“三公”经费、会议费、培训费支出预算表"),
    ("“三公”经费、会议费、培训费支出预算表（一般公共预算）", "“三公”经费、会议费、培训费支出预算表"),
    ("表三 支出预算总表", "部门支出总体情况表"),
    ("2025年预算单位财政拨款收支预算总表", "财政拨款收支预算总体情况表"),
])
def test_titles_are_identified_by_rule(printed, standard):
    spec, how = identify_title(printed)
    assert (spec.title, how) == (standard, "normalized")


@pytest.mark.parametrize("printed", [
    "国有资本经营预算财政拨款支出预算表",  # not the 财政拨款 table: what precedes is no publisher
    "一般公共预算项目支出绩效目标表说明",
    "详见附表",
])
def test_a_title_that_only_ends_like_a_known_one_is_not_taken_for_it(printed):
    assert identify_title(printed) == (None, "untitled")


def test_titles_with_ordinal_year_and_publisher_find_every_table(court):
    for doc in court.values():
        assert len(doc.tables) == 12 and all(meta.known for meta in doc.table_meta.values())
    # 2017 p.17: the 三公 title (45 characters) is found; its one row: 合计 2,599.37
    three = court[2017].wide("“三公”经费、会议费、培训费支出预算表").iloc[0]
    assert (three["合计"], three["会议费"], three["培训费"]) == (2599.37, 228.0, 1701.25)


def test_rows_above_the_first_rule_of_a_continued_page_are_joined(court):
    doc = court[2017]
    # p.14 prints 2210201 住房公积金 1,029.15 above the first rule of the page (no rule over a
    # continued table's first row) and 2210202 提租补贴 1,959.99 under it
    t5 = doc.tables["财政拨款支出预算表"].set_index("code")["value"]
    assert (t5["2210201"], t5["2210202"]) == (1029.15, 1959.99)
    # p.17: 30229 福利费 110.00 ends 机关运行经费 (合计 9,193.40, p.16)
    t10 = doc.tables["一般公共预算机关运行经费支出预算表"].set_index("code")["value"]
    assert t10["30229"] == 110.0 and t10["302"] == 9050.0


def test_a_cell_wrapped_over_the_page_break_is_one_cell(court):
    # 2017 pp.17–18: "信息网络及软件购" at the foot of p.17, "置更新" at the top of p.18
    procurement = court[2017].tables["政府采购支出预算表"]
    assert (procurement["label"].astype(str).str.contains("信息网络及软件购置更新")).any()
    tops = procurement[procurement["level"] == 1].set_index("name")["value"].to_dict()
    assert tops == {"货物A": 525.4, "工程B": 500.0, "服务C": 2717.0}  # p.17: 合计 3,742.40


def test_the_three_panel_summary_table(court):
    # 2017 p.11: income | expenditure by function | by purpose, 28,849.38 on each side
    doc = court[2017]
    for measure in ("收入/金额", "支出/功能分类/金额", "支出/支出用途/金额"):
        assert _value(doc, "部门收支总体情况表", measure, label="收入合计" if "收入" in measure
                      else "支出合计") == 28849.38
    assert _value(doc, "部门收支总体情况表", "支出/功能分类/金额", name="公共安全支出") == 23513.11
    # 2019 p.8: the rule between the 功能分类 and 支出用途 headings is drawn left of the function
    # panel's 金额 column; 支出用途 still heads its own panel (基本 21,968.00, 项目 10,208.94)
    t1 = court[2019].tables["部门收支总体情况表"]
    uses = t1[(t1["measure"] == "支出/支出用途/金额") & (t1["row_type"] == "item")].dropna(subset=["value"])
    assert uses.set_index("name")["value"].to_dict() == {
        "基本支出": 21968.0, "项目支出": 10208.94, "单位预留机动经费": 5011.4}
    assert _value(court[2019], "部门收支总体情况表", "支出/功能分类/金额", name="住房保障支出") == 7344.46
    # 2018 p.9: "三、单位预留机动经" / "费" over two rows, its amount 3,258.06 between them
    purposes = court[2018].tables["部门收支总体情况表"]
    purposes = purposes[(purposes["measure"] == "支出/支出用途/金额") & purposes["value"].notna()]
    assert purposes.set_index("name")["value"].to_dict() == {
        "基本支出": 18570.82, "项目支出": 11343.27, "单位预留机动经费": 3258.06,
        "当年支出小计": 33172.15, "支出合计": 33172.15}


def test_a_title_inside_the_grid_of_the_table_before_it(corpus):
    doc = budgetlib.read_budget(corpus / "shanghai" / "putuo_commerce_commission_unit_budget_2025.pdf")
    # p.14: "2025年预算单位财政拨款收支预算总表" is drawn inside the grid that starts on p.12
    assert doc.table_meta["财政拨款收支预算总体情况表"].identified == "normalized"
    spending = doc.tables["部门支出总体情况表"]
    # pp.12–13: 合计 371,514,655.00 元; no header word of the next table among its cells
    assert _value(doc, "部门支出总体情况表", "支出预算/合计", row_type="total") == pytest.approx(37151.4655)
    assert not spending["raw"].astype(str).str.contains("单位：元|财政拨款收入").any()


def test_an_untitled_table_is_identified_by_its_header_words():
    from budgetlib.parse.structure import find_table_grids, identify_by_header
    from budgetlib.readers import read_text

    text = ("正文一段。\n\n科目编码\t科目名称\t机关运行经费支出\n\t合计\t9.00\n302\t商品和服务支出\t9.00\n\n"
            "又一段。\n\n项目\t合计\n甲\t1.00\n")
    grids, _, problems = find_table_grids(read_text(text))
    assert [(g.spec.title if g.spec else None, g.identified) for g in identify_by_header(grids)] == [
        ("一般公共预算机关运行经费支出预算表", "header"), (None, "untitled")]
    assert len([p for p in problems if p.code == "untitled_table"]) == 2


def test_each_table_says_how_it_was_identified(doc):
    # the seed prints the twelve standard titles as they are (seed lines 41, 117, …)
    assert set(doc.summary()["identified"]) == {"title"}


def test_an_untitled_table_is_named_by_its_place_in_the_contents(seed_text):
    # the seed's 表 2 without its title line (seed line 120): the contents (line 17) list
    # 部门收入总体情况表 between the two tables found around it
    text = seed_text.replace("## 部门收入总体情况表\n", "", 1)
    doc = budgetlib.read_budget(text)
    assert doc.table_meta["部门收入总体情况表"].identified == "contents"
    frame = doc.tables["部门收入总体情况表"]
    assert frame[frame["row_type"] == "total"]["value"].max() == 167.55  # 收入总计, seed line 127
    assert "contents_table_missing" not in set(doc.audit()["rule"])


def test_a_header_cut_at_the_foot_of_a_page_takes_the_next_pages_columns(court):
    # 2018 p.10 prints the title and the header's first row "收入 | 支出"; p.11 the rest
    t4 = court[2018].wide("财政拨款收支预算总体情况表")
    income = t4["收入"].dropna(subset=["label"]).set_index("label")["收入/金额"].dropna().to_dict()
    uses = t4["支出"].dropna(subset=["label"]).set_index("label")["支出/支出用途/金额"].to_dict()
    assert income == {"一、一般公共预算": 33172.15, "收入合计": 33172.15}
    assert uses == {"一、基本支出": 18570.82, "二、项目支出": 11343.27, "三、单位预留机动经费": 3258.06,
                    "支出合计": 33172.15}


def test_a_drawn_grid_with_blank_rows_before_its_title_starts_a_table(corpus):
    # unit budget p.14: white cells above "2025年预算单位财政拨款收支预算总表" in the same grid
    doc = budgetlib.read_budget(corpus / "shanghai" / "putuo_commerce_commission_unit_budget_2025.pdf")
    t4 = doc.wide("财政拨款收支预算总体情况表")
    assert t4[("财政拨款支出", "label")].tolist()[:2] == ["一、一般公共服务支出", "二、科学技术支出"]
    total = t4[t4[("财政拨款收入", "label")] == "收入总计"].iloc[0]
    # 收入总计 371,514,655.00 元 = 支出总计; 一般公共服务支出 21,601,733.00 元
    assert total[("财政拨款收入", "财政拨款收入/预算数")] == pytest.approx(37151.4655)
    assert total[("财政拨款支出", "财政拨款支出/合计")] == pytest.approx(37151.4655)
    assert t4[("财政拨款支出", "财政拨款支出/合计")].iloc[0] == pytest.approx(2160.1733)


@pytest.mark.parametrize("line, footer", [
    ("7", True), ("- 7 -", True), ("─ 7 ─", True), ("– 12 –", True), ("第 7 页", True),
    ("第7页 共30页", True), ("7/30", True),
    ("2025", False), ("7.50", False), ("一、7项", False), ("第7项", False),
])
def test_page_footers_are_not_text(line, footer):
    from budgetlib.readers.page_marks import PAGE_FOOTER

    assert bool(PAGE_FOOTER.match(line)) is footer


def _line(text: str, x0: float, top: float, size: float = 12.0, width: float | None = None):
    """A text line as the PDF reader's line finder gives it, one char per character."""
    from budgetlib.readers.pdf_engine import Char
    from budgetlib.readers.pdf_text import TextLine

    step = width or size
    chars = tuple(Char(ch, x0 + i * step, top, x0 + (i + 1) * step, top + size, size)
                  for i, ch in enumerate(text))
    return TextLine(text, x0, top, x0 + len(text) * step, top + size, chars)


def test_figures_set_in_another_font_rejoin_their_line():
    """Figures in a Latin font whose box sits lower than the Chinese text's (the Putuo 决算's
    narrative, p.21–25) are one printed line with it, not a line of their own."""
    from budgetlib.readers.pdf_page import _rejoin

    prose = _line("年初预算为万元，支出决算为万元。", 72, 85.8)
    moved = tuple(c._replace(x0=c.x0 + 45, x1=c.x1 + 45) for c in prose.chars[5:])  # the gap
    prose = prose._replace(chars=prose.chars[:5] + moved)
    figures = _line("1560.05", 132, 90.6, width=6.0)  # in the gap after 为, 4.8 pt lower
    next_line = _line("元。决算数小于预算数的主要原因：", 72, 99.6)
    merged = _rejoin([prose, figures, next_line])
    assert [ln.text for ln in merged] == ["年初预算为1560.05万元，支出决算为万元。",
                                             "元。决算数小于预算数的主要原因："]
    # an item's number set lower beside its 、 is its line's start, not a page footer
    number = _line("1", 78, 76.7, width=6.0)
    item = _line("、一般公共服务支出（类）", 84, 71.8)
    assert [ln.text for ln in _rejoin([item, number])] == ["1、一般公共服务支出（类）"]
    # two lines one above the other (line pitch over a line's height) stay two
    assert len(_rejoin([_line("第一行", 72, 100), _line("第二行", 72, 114)])) == 2
    # text overlapping across (not filling gaps) is not rejoined, however close
    assert len(_rejoin([_line("重叠文字", 72, 100), _line("重叠", 80, 105)])) == 2


def test_a_line_takes_the_size_most_of_it_is_set_in():
    """A few words set larger mid-sentence (p.22: 在职人员基本医疗保险费 at 15 pt in 12 pt
    prose) do not make a line a heading or start a paragraph."""
    from budgetlib.readers.pdf_engine import Char
    from budgetlib.readers.pdf_page import _size

    line = _line("在职人员费", 72, 574.6, size=15.0)
    line = line._replace(chars=line.chars + _line("。年初预算为万元，支出决算", 150, 577.5).chars)
    assert _size(line) == 12.0
    blank = _line("标题", 72, 100, size=16.0)
    blank = blank._replace(chars=blank.chars + (Char(" ", 110, 98, 130, 118, 20.0),))
    assert _size(blank) == 16.0


#: A 政府采购 table laid out as an outline in one name column (the form of issue 26's unseen
#: Jiangsu budget: 一、货物 / 二、工程 / 三、服务C, the 品目 rows under each, a 采购方式 column),
#: its sums correct: 300 = 200 + 100, 500, 400 = 300 + 100, 合计 1,200 = 300 + 500 + 400.
_PURCHASES = [("合计", "", "", "1,200.00"), ("一、货物A", "", "", "300.00"),
              ("台式计算机", "政府集中采购", "2", "200.00"), ("打印设备", "分散采购", "4", "100.00"),
              ("二、工程B", "", "", "500.00"), ("修缮工程", "部门集中采购", "1", "500.00"),
              ("三、服务C", "", "", "400.00"), ("物业管理服务", "政府集中采购", "1", "300.00"),
              ("会议服务", "分散采购", "3", "100.00")]


def _purchases(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> budgetlib.BudgetDocument:
    lines = ["\t".join(header), *("\t".join(r) for r in rows)]
    return budgetlib.read_budget("# 2026年某某局部门预算\n\n表 1\n\n## 政府采购支出预算表\n\n单位：万元\n\n"
                                 + "\n".join(lines) + "\n")


_HEADERS = [
    ("采购品目", "采购方式", "数量", "金额"),
    # the 采购方式 left blank throughout: still text, never a part of the 合计 column
    ("采购品目", "采购方式", "数量", "合计"),
]


@pytest.mark.parametrize("header", _HEADERS)
def test_an_outline_purchase_table_sums_its_items_to_their_category(header):
    rows = [(a, b if header[-1] == "金额" else "", c, d) for a, b, c, d in _PURCHASES]
    doc = _purchases(header, rows)
    table = doc.tables["政府采购支出预算表"]
    items = table.drop_duplicates("row")
    # the numbered categories are level 1, each 品目 row level 2 under its category
    assert items["level"].tolist() == [0, 1, 2, 2, 1, 2, 1, 2, 2]
    parents = items["parent"].tolist()
    assert parents[2:4] == ["货物A", "货物A"] and parents[5] == "工程B" and parents[7:] == ["服务C"] * 2
    # 采购方式 and 数量 are descriptions of the item, not amounts: one amount column
    assert doc.table_meta["政府采购支出预算表"].measures == (header[-1],)
    found = doc.audit()
    assert not found["rule"].isin(["children_sum", "total_row", "row_parts"]).any()
    # 会议服务 printed 150.00: 三、服务C 400.00 against its items' 450.00, and nothing else
    wrong = [(*r[:3], "150.00") if r[0] == "会议服务" else r for r in rows]
    found = _purchases(header, wrong).audit()
    sums = found[found["rule"].isin(["children_sum", "total_row", "row_parts"])]
    assert list(zip(sums["rule"], sums["row"], sums["severity"], sums["difference"], strict=True)) == [
        ("children_sum", "三、服务C", "error", -50.0)]


def _grid(title: str, printed: list[tuple[str, ...]], page: int):
    from budgetlib.parse.identify import find_spec
    from budgetlib.parse.structure import TableGrid
    from budgetlib.readers.blocks import RawRow
    rows = tuple(RawRow(r, (False,) * len(r), n, page) for n, r in enumerate(printed))
    return TableGrid(title, find_spec(title), rows, unit="万元")


def test_a_total_printed_in_the_items_column_keeps_its_label(corpus):
    from budgetlib.parse.tables import build_table
    # Jiangsu's 收入预算总表 (js_party_office_2017 tables p.2) prints “收入总计 20,849.45” in one
    # cell across its two label columns, then 一般公共预算资金 | 小计 20,702.25 …; the cell's
    # text may land in the items' column. It is still the table's total, labelled as printed
    # (it was read as an item labelled “/收入总计”, and the table as having no total row).
    printed = [("项目名称", "", "金额"), ("", "收入总计", "20,849.45"),
               ("一般公共预算资金", "小计", "20,702.25"), ("", "公共财政拨款(补助)资金", "20,702.25"),
               ("财政专户管理资金", "小计", "147.20"), ("", "其他非税收入", "147.20")]
    frame, _, problems = build_table(_grid("部门收入总体情况表", printed, 2))
    total = frame[frame["row_type"] == "total"]
    assert total[["label", "value"]].values.tolist() == [["收入总计", 20849.45]]
    assert not [p for p in problems if "no total row" in p.message]
    # the corpus page itself, where the cell lands in the first column
    doc = budgetlib.read_budget([corpus / "jiangsu" / f"js_party_office_2017_budget_{part}.pdf"
                                 for part in ("narrative", "tables")])
    t = doc.tables["部门收入总体情况表"]
    assert t[t["row_type"] == "total"][["label", "value", "page"]].values.tolist() == [
        ["收入总计", 20849.45, 2]]


def test_a_total_printed_across_the_number_column_keeps_its_label():
    from budgetlib.parse.tables import build_table
    # 序号 | 项目名称 | 金额 with the total's “合计” in one cell over 序号 and 项目名称: its text
    # is in the 序号 column, and it is the row's label (it was read as an unlabelled item)
    printed = [("序号", "项目名称", "金额"), ("1", "办公设备购置", "10.00"), ("2", "印刷服务", "20.00"),
               ("合计", "", "30.00")]
    frame, _, problems = build_table(_grid("政府采购支出预算表", printed, 1))
    assert frame[["label", "row_type", "value"]].values.tolist()[-1] == ["合计", "total", 30.0]
    assert not [p for p in problems if "no total row" in p.message]


def test_a_label_cell_over_both_label_columns_is_one_label():
    from budgetlib.parse.tables import build_table
    # the corpus 决算's 三公 items (p.18: 公务接待费 预算数 0.95, the others blank, here 0.00)
    # laid out as rows: a cell over both label columns has its text in each; it is one
    # label of its own level, never “公务接待费/公务接待费” under itself
    printed = [("项目", "", "预算数"), ("因公出国（境）费", "因公出国（境）费", "0.00"),
               ("公务用车购置及运行费", "小计", "0.00"), ("", "购置费", "0.00"), ("", "运行费", "0.00"),
               ("公务接待费", "公务接待费", "0.95")]
    frame, _, _ = build_table(_grid("“三公”经费支出表", printed, 18))
    read = frame[["label", "level", "parent"]].values.tolist()
    assert read == [["因公出国（境）费", 1, None], ["公务用车购置及运行费/小计", 1, None],
                    ["公务用车购置及运行费/购置费", 2, "公务用车购置及运行费"],
                    ["公务用车购置及运行费/运行费", 2, "公务用车购置及运行费"], ["公务接待费", 1, None]]
    assert frame.set_index("label")["value"]["公务接待费"] == 0.95
