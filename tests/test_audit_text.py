"""Reviewer rules on wording and pages: the seed's real findings, and a planted variant of the
seed for each rule family (and for each trap a rule must not fall into)."""

from __future__ import annotations

import dataclasses

import matplotlib
import pytest

import budgetlib
from budgetlib.audit.layout import check_blank_pages, check_page_edge
from budgetlib.audit.text import _sentences
from budgetlib.readers import read_raw
from budgetlib.readers.blocks import PageLayout

matplotlib.use("Agg")

TEXT_RULES = ("template_alternative", "placeholder", "empty_reason", "doubled_punctuation",
              "unpaired_mark", "no_final_mark", "half_width_mark", "comparison_year", "document_kind",
              "department_name", "outdated_name", "amount_twice", "contents_table_missing",
              "table_not_in_contents", "blank_page", "beyond_page_edge", "document_year")
LINE_60 = "(一)贯彻执行党和国家对外工作方针、政策和有关法律、法规"
LINE_431 = "比上年预算增加 4.66 万元，增长 6.26%，主要原因是在职人员岗位职级晋升，工资增加。"


def wording(doc) -> list[tuple[str, int | None]]:
    frame = doc.audit()
    frame = frame[frame["rule"].isin(TEXT_RULES)]
    pairs = zip(frame["rule"], frame["line"], strict=True)
    return sorted(((rule, None if line != line else int(line)) for rule, line in pairs), key=str)


SEED_WORDING = [
    # “阿图什市人民政府外事办公室” 17 times, “…外事办办公室” twice in the narrative
    ("department_name", None),
    # half-width , ; : between Chinese characters where the seed otherwise writes ，；：
    # ("项目支出55.20万元,占32.95%,比上年预算减少…", line 398, and seven more)
    ("half_width_mark", 398), ("half_width_mark", 404), ("half_width_mark", 406),
    ("half_width_mark", 408), ("half_width_mark", 414), ("half_width_mark", 418),
    ("half_width_mark", 422), ("half_width_mark", 423),
    # line 416 is a paragraph of its own ("基本支出112.35万元,比上年预算增加11.51万元,…"); it
    # was counted into line 414's finding while paragraphs ending "其中:" were joined on
    ("half_width_mark", 416),
]


def test_seed_wording_findings_are_the_real_ones(doc):
    assert wording(doc) == sorted(SEED_WORDING, key=str)


def variant(seed_text: str, old: str, new: str) -> list[tuple[str, int | None]]:
    assert old in seed_text, old
    found = wording(budgetlib.read_budget(seed_text.replace(old, new, 1)))
    return [f for f in found if f not in SEED_WORDING]


@pytest.mark.parametrize(("old", "new", "expected"), [
    # 1. template leftovers
    (LINE_431, LINE_431.replace("增加 4.66", "增加（减少）4.66"), [("template_alternative", 431)]),
    (LINE_60, LINE_60.replace("党和国家", "XX和国家"), [("placeholder", 60)]),
    (LINE_431, LINE_431.replace("在职人员岗位职级晋升，工资增加。", "。"), [("empty_reason", 431)]),
    # 2. typography
    (LINE_60, LINE_60.replace("、政策", "、、政策"), [("doubled_punctuation", 60)]),
    (LINE_60, LINE_60.replace("对外工作", "“对外工作"), [("unpaired_mark", 60)]),
    ("上年结转结余情况表为空表。\n\n## 十三", "上年结转结余情况表为空表\n\n## 十三",
     [("no_final_mark", 487)]),
    # a paragraph ending without 。 before the next paragraph of its section: the seed's
    # line 378 is followed by line 380 in the same section; a stated reason, however short
    ("主要原因是本年减少了单位成立外事服务中心经费和维修办公场所费用。",
     "主要原因是本年减少了单位成立外事服务中心经费和维修办公场所费用", [("no_final_mark", 378)]),
    ("收入预算包括：一般公共预算、单位资金。", "财政拨款收入支出增加的主要原因是工作量增加",
     [("no_final_mark", 370)]),
    # one sentence with a full-width and a half-width bracket left open: one finding, not two
    ("行政单位医疗（项）：2026 年预算数为 7.55", "行政单位医疗（项：2026 年(预算数为 7.55",
     [("unpaired_mark", 441)]),
    # 3. comparison years: a 2026 budget compares with 2025
    (LINE_431, LINE_431.replace("比上年预算", "比2024年预算"), [("comparison_year", 431)]),
    # 3. the document by another year: a 2026 budget calling itself by 2025 (Jiangsu party
    # office 2019 p.4's "纳入本部门2019年部门汇总预算编制范围的预算单位包括", its year changed;
    # the seed's line 512 "2026 年部门预算未安排购置车辆经费" as 2025)
    (LINE_60, "纳入本部门2025年部门汇总预算编制范围的预算单位包括本级。" + LINE_60, [("document_year", 60)]),
    (LINE_60, "本部门2025年部门预算包括机关本级预算。" + LINE_60, [("document_year", 60)]),
    ("2026 年部门预算未安排购置车辆经费", "2025 年部门预算未安排购置车辆经费", [("document_year", 512)]),
    # 4. document kind
    (LINE_60, LINE_60.replace("贯彻执行", "按本单位预算贯彻执行"), [("document_kind", 60)]),
    # 5. names renamed in the 2019 classification
    ("6. 卫生健康支出（类）", "6. 医疗卫生与计划生育支出（类）", [("outdated_name", 441)]),
])
def test_each_rule_family_finds_its_planted_variant(seed_text, old, new, expected):
    assert variant(seed_text, old, new) == expected


@pytest.mark.parametrize(("old", "new"), [
    # a cited document number is not a comparison year
    (LINE_60, LINE_60.replace("有关法律", "财库〔2013〕189号等有关法律")),
    # the year before the budget year is the right base
    (LINE_431, LINE_431.replace("比上年预算", "比2025年预算")),
    # not the document's own name: a comparison, last year's execution, a policy document, the
    # budget year itself, another kind (a 2025 决算 in a budget)
    (LINE_60, "比2025年部门预算有所增加。" + LINE_60),
    (LINE_60, "本部门2025年部门预算执行情况良好。" + LINE_60),
    (LINE_60, "根据《关于编制2025年部门预算的通知》。" + LINE_60),
    (LINE_60, "纳入本部门2026年部门汇总预算编制范围的预算单位包括本级。" + LINE_60),
    (LINE_60, "本部门2025年部门决算公开。" + LINE_60),
    # a single X is a name (货物A, 服务C), not a placeholder; an ellipsis is one mark
    (LINE_60, LINE_60.replace("党和国家", "X党和国家……")),
    # a parenthesis quoting a sentence is one unit: “本部门无…。” inside （） pairs
    (LINE_60, LINE_60.replace("对外工作", "（“对外。”）工作")),
])
def test_traps_do_not_fire(seed_text, old, new):
    assert variant(seed_text, old, new) == []


def test_one_spelling_of_the_name_is_no_finding(seed_text):
    text = seed_text.replace("阿图什市人民政府外事办办公室", "阿图什市人民政府外事办公室")
    assert ("department_name", None) not in wording(budgetlib.read_budget(text))


def test_an_amount_stated_twice_with_a_typo(seed_text):
    # line 396 states 基本支出 112.35; a paragraph added after it in the same section says 112.37
    line = "基本支出 112.35 万元，占 67.05%"
    at = seed_text.index("\n", seed_text.index(line))
    text = seed_text[:at] + "\n\n基本支出112.37万元，用于保障机构正常运转。" + seed_text[at:]
    found = budgetlib.read_budget(text).audit()
    twice = found[found["rule"] == "amount_twice"]
    assert twice[["line", "expected", "actual"]].values.tolist() == [[396, 112.37, 112.35]]
    # and, a typo apart from the table, it is also an amount the table does not bear out
    assert found.query("rule == 'claim_amount'")["line"].tolist() == [398]


def test_contents_against_tables(seed_text):
    # the contents (line 27) lists 上年结转结余情况表; remove the table itself (lines 349–363)
    start = seed_text.index("表 12\n\n### 上年结转结余情况表")
    end = seed_text.index("\n### 第三部分", start)
    found = wording(budgetlib.read_budget(seed_text[:start] + seed_text[end:]))
    assert ("contents_table_missing", 27) in found


def test_sentences_split_outside_quotes_and_brackets():
    assert _sentences("甲（若无，则写“本部门无经费。”）。乙“丙。丁") == [
        "甲（若无，则写“本部门无经费。”）。", "乙“丙。丁"]


def test_page_rules(doc):
    pages = [PageLayout(1, 812, 0), PageLayout(2, 0, 0), PageLayout(3, 640, 5, "单位：万元"),
             PageLayout(4, 0, 0, images=1)]  # page 4 is a scanned image, not blank
    laid_out = dataclasses.replace(doc, pages=pages)
    assert [f["page"] for f in check_blank_pages(laid_out)] == [2]
    edge = check_page_edge(laid_out)
    assert [f["page"] for f in edge] == [3] and "单位：万元" in edge[0]["message"]
    assert edge[0]["severity"] == "warning"


def test_page_edge_with_a_hidden_copy_is_a_warning_that_says_so(doc):
    # a page's text beyond the edge printed elsewhere too (the commerce commission's p.3–4
    # "上海市普陀区商务委员会是主管全区产业经济…"): nothing is lost, and the message says so
    shown = doc.paragraphs["text"].iloc[5]
    edge = check_page_edge(dataclasses.replace(doc, pages=[PageLayout(3, 640, 72, shown[:20])]))
    assert [f["severity"] for f in edge] == ["warning"]
    assert "这些文字在文档他处已印出，未缺内容" in edge[0]["message"]


def test_a_paragraph_without_its_final_mark_is_a_warning(seed_text):
    ended = "上年结转结余情况表为空表。\n\n## 十三"
    text = seed_text.replace(ended, ended.replace("。", ""), 1)
    found = budgetlib.read_budget(text).audit().query("rule == 'no_final_mark'")
    assert list(zip(found["severity"], found["line"], strict=True)) == [("warning", 487)]


def test_the_pdf_reader_counts_blank_pages_and_text_off_the_page(tmp_path):
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    path = tmp_path / "pages.pdf"
    # the page as drawn: a "tight" bounding box (the house style) would grow it round the text
    with matplotlib.rc_context({"savefig.bbox": "standard"}), PdfPages(path) as pdf:
        fig = plt.figure(figsize=(4, 4))
        fig.text(0.1, 0.5, "budget text")
        fig.text(1.2, 0.5, "beyond")  # set right of the page's edge
        pdf.savefig(fig)
        pdf.savefig(plt.figure(figsize=(4, 4)))  # nothing on it
        plt.close("all")
    pages = read_raw(path).pages
    assert [(p.page, p.chars > 0, p.outside) for p in pages] == [(1, True, 6), (2, False, 0)]
    assert pages[0].sample == "beyond"


def test_the_fill_in_templates_are_reported_unfilled(corpus):
    # Putuo's 2026 templates: "比2025年预算增加（减少）XXX万元（持平）" and "XX部门" throughout,
    # every table empty; each is a real finding on a template nobody has filled in
    # the unit template's sheets 3 and 4 ("XX是…。", "XX单位设XX个内设机构…") are its 主要职能 and
    # 机构设置, not more of its contents (sheet 2): 18 paragraphs with placeholders
    for name, placeholders in (("department", 21), ("unit", 18)):
        found = budgetlib.read_budget(corpus / "templates" / f"{name}_budget_template.xlsx").audit()
        counts = found["rule"].value_counts().to_dict()
        assert counts == {"placeholder": placeholders, "empty_table_note": 9, "template_alternative": 7,
                          "required_explanation": 2, "template": 1}, name
        # its department is "上海市普陀区XX局" (XX单位): a blank template, said once, first;
        # what a template has by design is listed as information, not as the publisher's errors
        assert found["rule"].iloc[0] == "template" and set(found["severity"]) == {"info"}, name
        first = found[found["rule"] == "template_alternative"].iloc[0]
        assert "增加（减少）" in first["message"] and first["message"].startswith("第6个工作表第3行")


def test_a_filled_in_template_with_a_placeholder_left_is_in_error(corpus, tmp_path):
    """Once the department is named, the document is a published one: a placeholder left
    in it is the publisher's error again."""
    import openpyxl

    book = openpyxl.load_workbook(corpus / "templates" / "department_budget_template.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "上海市普陀区XX局" in cell.value:
                    cell.value = cell.value.replace("上海市普陀区XX局", "上海市普陀区商务委员会")
    path = tmp_path / "filled.xlsx"
    book.save(path)
    doc = budgetlib.read_budget(path)
    found = doc.audit()
    assert not doc.template and "template" not in set(found["rule"])
    assert set(found.loc[found["rule"] == "placeholder", "severity"]) == {"error"}


def test_a_planted_variant_of_a_corpus_template(corpus, tmp_path):
    import openpyxl

    book = openpyxl.load_workbook(corpus / "templates" / "department_budget_template.xlsx")
    cell = book.worksheets[5]["A3"]  # 部门编制说明: "…比2025年预算增加（减少）XXX万元（持平）；…"
    old = "比2025年预算增加（减少）XXX万元（持平）；事业收入"
    assert old in cell.value
    cell.value = cell.value.replace(old, "比2024年预算增加120.00万元；事业收入", 1)
    path = tmp_path / "filled.xlsx"
    book.save(path)
    before = budgetlib.read_budget(corpus / "templates" / "department_budget_template.xlsx").audit()
    after = budgetlib.read_budget(path).audit()
    # the choice made removes nothing else in the paragraph (its other 增加（减少） remain), but
    # the year it compares with is wrong for a 2026 budget: sheet 6, row 3
    found = after[after["rule"] == "comparison_year"]
    assert found[["page", "line"]].values.tolist() == [[6, 3]] and "2024年" in found["message"].iloc[0]
    assert before[before["rule"] == "comparison_year"].empty


def test_every_rule_has_a_chinese_label(doc):
    from budgetlib.audit.findings import rule_label

    assert [r for r in TEXT_RULES if rule_label(r) == r] == []
    assert [r for r in doc.audit()["rule"] if rule_label(r) == r] == []
