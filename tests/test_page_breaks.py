"""Page breaks left in a document (issue 13, items 3 and 4): page footers, form feeds and
running titles are not text, a paragraph a page break cut is one paragraph, and a finding
is placed at the line or page where its match is printed.

Planted variants of the seed: its own text with page breaks put in it (between two table
rows, between two paragraphs, and in the middle of three sentences) must read as the seed
does: the same tables, paragraphs, claims and findings, at the same lines once the planted
lines are counted.
"""

from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest

import budgetlib
from budgetlib.readers import read_raw

TITLE = "2026 年阿图什市人民政府外事办办公室"  # the cover's first line (seed line 3)

#: Where the page breaks are planted: before a line (between two of the 部门支出总体情况表's
#: rows, 201 … and 208 社会保障和就业支出 at line 160; between two paragraphs, before line
#: 372), and inside a line, after the words given (a sentence running over the break).
BEFORE = (160, 372)
SPLITS = {
    378: "一般公共预算 122.35 万元，占 73.02%，比上年预算减少 38.49 万元，",
    398: "项目支出55.20万元",  # the half-width "," that follows is printed after the break
    479: "2026 年财政拨款“三公”经费预算比上年预算增加 1.20 万元，增长 100.00%，"
         "其中：因公出国（境）费用增加 0.00 万元，",
}

#: How a page break looks in converted text; ``{n}`` is the page number, rising through the
#: document.
FORMS = {
    "dashed footer": ["", "─ {n} ─", ""],
    "hyphen footer": ["- {n} -"],
    "第N页": ["", "第 {n} 页", ""],
    "bare page numbers": ["", "{n}", ""],
    "footer and running title": ["", "─ {n} ─", "", TITLE, ""],
    "form feed and running title": ["\f" + TITLE],
}


def plant(text: str, form: list[str], before=BEFORE, splits=SPLITS
          ) -> tuple[str, dict[int, int], dict[int, int]]:
    """The text with page breaks of ``form`` planted; each old line's new number; each split
    line's continuation's new number."""
    out, moved, continued, page = [], {}, {}, 7

    def page_break() -> None:
        nonlocal page
        out.extend(line.format(n=page) for line in form)
        page += 1

    for number, line in enumerate(text.split("\n"), start=1):
        if number in before:
            page_break()
        if number in splits:
            head = splits[number]
            assert line.startswith(head), (number, line)
            out.append(line[:len(head)])
            moved[number] = len(out)
            page_break()
            out.append(line[len(head):])
            continued[number] = len(out)
            continue
        out.append(line)
        moved[number] = len(out)
    return "\n".join(out), moved, continued


def _renumbered(message: str, moved: dict[int, int], first: int | None = None) -> str:
    """The message with each line it names (第N行) at its planted number; its own line
    (the leading 第N行) ``first`` when given."""
    message = re.sub(r"第(\d+)行", lambda m: f"第{moved[int(m.group(1))]}行", message)
    return re.sub(r"^第\d+行", f"第{first}行", message) if first else message


def _shifted(frame: pd.DataFrame, moved: dict[int, int], column: str = "line") -> pd.DataFrame:
    frame = frame.copy()
    frame[column] = [moved.get(int(v), -1) if pd.notna(v) else v for v in frame[column]]
    return frame


@pytest.fixture(scope="module")
def seed(seed_text):
    return budgetlib.read_budget(seed_text)


@pytest.mark.parametrize("form", FORMS.values(), ids=FORMS.keys())
def test_a_seed_with_page_breaks_reads_as_the_seed(seed, seed_text, form):
    text, moved, continued = plant(seed_text, form)
    doc = budgetlib.read_budget(text)
    assert (doc.title, doc.department, doc.year) == (seed.title, seed.department, seed.year)
    assert doc.kind == seed.kind
    for title, table in seed.tables.items():  # the table cut by a page break is whole
        pd.testing.assert_frame_equal(doc.tables[title], _shifted(table, moved), check_dtype=False)
    pd.testing.assert_frame_equal(doc.performance.drop(columns=["line"]),
                                  seed.performance.drop(columns=["line"]))
    pd.testing.assert_frame_equal(doc.paragraphs, _shifted(seed.paragraphs, moved))
    assert not any(re.search(r"─|第 \d+ 页|^\d+$|^- \d+ -$", t) for t in doc.paragraphs["text"])
    pd.testing.assert_frame_equal(doc.claims.drop(columns=["line"]), seed.claims.drop(columns=["line"]))
    assert doc.claims["line"].tolist() == [moved[v] for v in seed.claims["line"]]
    # one info problem names what was removed; the seed's own problems are unchanged
    added = [p for p in doc.problems if p not in seed.problems]
    assert len(added) == 1 and added[0].severity == "info" and added[0].code == "page_breaks"
    assert [p.message for p in doc.problems if p is not added[0]] == [p.message for p in seed.problems]


@pytest.mark.parametrize("form", FORMS.values(), ids=FORMS.keys())
def test_its_findings_are_the_seeds_placed_where_printed(seed, seed_text, form):
    text, moved, continued = plant(seed_text, form)
    before, after = seed.audit(), budgetlib.read_budget(text).audit()
    assert len(after) == len(before) == 21
    expected = []
    for f in before.to_dict("records"):
        line, first = (moved[f["line"]] if pd.notna(f["line"]) else None), None
        # seed line 398 "项目支出55.20万元,占32.95%,…": its first half-width "," is printed after
        # the break, on the continuation's line
        if f["rule"] == "half_width_mark" and f["line"] == 398:
            line = first = continued[398]
        expected.append((f["rule"], f["severity"], _renumbered(f["message"], moved, first), line))
    found = [(f["rule"], f["severity"], f["message"], f["line"] if pd.notna(f["line"]) else None)
             for f in after.to_dict("records")]
    assert found == expected


def test_the_finding_after_a_footer_is_at_its_line(seed, seed_text):
    """Read off the planted text: three lines (blank, ─ 7 ─, blank) before line 160, three
    before 372, the split at 378 adds four, so seed line 398 starts at 408 and its
    continuation, which holds the "," after 55.20万元, is line 412."""
    text, _, _ = plant(seed_text, FORMS["dashed footer"])
    lines = text.split("\n")
    assert lines[407] == "项目支出55.20万元" and lines[411].startswith(",占32.95%")
    found = budgetlib.read_budget(text).audit()
    half = found[(found["rule"] == "half_width_mark") & found["message"].str.contains("55.20万元")]
    assert half["line"].tolist() == [412] and half["message"].iloc[0].startswith("第412行")
    seed_half = seed.audit().query("rule == 'half_width_mark' and line == 398")
    assert len(seed_half) == 1 and seed_half["message"].iloc[0].startswith("第398行")


def test_a_running_title_alone_in_a_sentence_is_removed(seed, seed_text):
    """No footer at all: the document's title printed where three sentences are cut."""
    text, moved, _ = plant(seed_text, [TITLE + "部门预算"], before=())
    doc = budgetlib.read_budget(text)
    pd.testing.assert_frame_equal(doc.paragraphs, _shifted(seed.paragraphs, moved))
    assert len(doc.audit()) == len(seed.audit())


def test_page_marks_are_told_from_content(seed_text):
    # a lone bare number is content (no rising run of them); a heading's marker is a heading;
    # 编制部门/单位 lines repeated at page breaks are a table's, not a running title
    text = seed_text.replace("收入预算包括：一般公共预算、单位资金。\n",
                             "收入预算包括：一般公共预算、单位资金。\n\n7\n", 1)
    doc = budgetlib.read_budget(text)
    assert "7" in doc.paragraphs["text"].tolist()
    assert not [p for p in doc.problems if p.code == "page_breaks"]
    page = "编制部门：某局\n单位：万元\n项目\t金额\n"
    raw = read_raw(f"{page}─ 1 ─\n{page}\n─ 2 ─\n{page}一、\n")
    texts = [b.text for b in raw.blocks if b.kind != "table"]
    assert texts == ["编制部门：某局", "单位：万元"] * 3 + ["一、"]


def test_a_page_break_after_a_finished_sentence_joins_nothing():
    raw = read_raw("# 一、收入\n\n收入 1 万元。\n\n─ 3 ─\n\n支出 1 万元\n\n─ 4 ─\n\n（一）基本支出。\n")
    assert [(b.text, b.line) for b in raw.blocks[1:]] == [
        ("收入 1 万元。", 3), ("支出 1 万元", 7), ("（一）基本支出。", 11)]


def _pdf(path, pages: list[list[tuple[float, str]]]) -> None:
    """Pages of 595 × 842 pt, each with a running title at the top and its page number at
    the foot, and its own lines (top, text) at the left margin."""
    import matplotlib
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    from budgetlib.report.plot.style import register_font

    family = register_font()
    with warnings.catch_warnings(), matplotlib.rc_context(
            {"savefig.bbox": "standard", "pdf.fonttype": 42, "font.family": family}), PdfPages(path) as pdf:
        warnings.simplefilter("ignore")
        for n, lines in enumerate(pages, start=1):
            fig = plt.figure(figsize=(595 / 72, 842 / 72), layout="none")
            fig.text(0.5, 1 - 40 / 842, "某某局2026年部门预算", ha="center", va="top", fontsize=10)
            for top, text in lines:
                fig.text(72 / 595, 1 - top / 842, text, va="top", fontsize=12)
            fig.text(0.5, 30 / 842, f"- {n} -", ha="center", fontsize=10)
            pdf.savefig(fig)
            plt.close(fig)


def test_a_pdfs_running_title_is_removed_and_a_sentence_is_one_over_the_page(tmp_path):
    path = tmp_path / "running.pdf"
    _pdf(path, [
        [(200, "某某局2026年部门预算"), (260, "一、收入预算情况说明")],  # the cover's title: content
        [(120, "收入预算167.55万元，比上年增加11.51万元，增长11.41%。")],
        [(120, "支出预算167.55万元，比2024年预算增加11.51万元，增长11.41%，主要原因是人员"),
         (140, "增加。支出预算中，基本支出112.35万元，主要原因是")],  # stops short, mid-sentence
        [(120, "工作量增加,人员增加。"), (160, "二、支出预算情况说明")],
    ])
    raw = read_raw(path)
    assert [p.message for p in raw.problems] == [
        "页眉标题“某某局2026年部门预算”在 4 页重复出现（第 1、2、3、4 页），未作正文读取"]
    assert [b.text for b in raw.blocks if "部门预算" in b.text] == ["某某局2026年部门预算"]  # page 1's
    doc = budgetlib.read_budget(path)
    paragraphs = doc.paragraphs.query("section == '一、收入预算情况说明'")
    assert paragraphs[["text", "page"]].values.tolist() == [
        ["收入预算167.55万元，比上年增加11.51万元，增长11.41%。", 2],
        ["支出预算167.55万元，比2024年预算增加11.51万元，增长11.41%，主要原因是人员增加。支出预算中，"
         "基本支出112.35万元，主要原因是工作量增加,人员增加。", 3]]
    found = doc.audit().set_index("rule")
    # "比2024年预算增加" is printed on p.3, the half-width "," of "工作量增加,人员增加" on p.4
    assert found.loc["comparison_year", "page"] == 3
    assert found.loc["half_width_mark", "page"] == 4
    assert found.loc["half_width_mark", "message"].startswith("第4页")
    assert "no_final_mark" not in found.index


def test_a_numbered_heading_after_a_table_at_a_pages_foot_is_not_its_last_cell(tmp_path):
    """A table ending at the foot of a page may run on to the next; a short line at the next
    page's top that fits in its first column is the end of its last cell wrapped over the
    page, unless it is numbered ("二、项目支出"): that is a heading, and stays one."""
    import matplotlib
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    from budgetlib.readers.pdf import read_pdf
    from budgetlib.report.plot.style import register_font

    path = tmp_path / "heading.pdf"
    family = register_font()
    with warnings.catch_warnings(), matplotlib.rc_context(
            {"savefig.bbox": "standard", "pdf.fonttype": 42, "font.family": family}), PdfPages(path) as pdf:
        warnings.simplefilter("ignore")
        fig = plt.figure(figsize=(595 / 72, 842 / 72), layout="none")
        fig.text(72 / 595, 1 - 440 / 842, "一、部门支出总体情况表", va="top", fontsize=12)
        ax = fig.add_axes((72 / 595, 72 / 842, 451 / 595, 300 / 842))  # down to the page's foot
        ax.axis("off")
        ax.table(cellText=[["项目", "金额"], ["工资福利支出", "10.25"], ["合计", "10.25"]],
                 bbox=(0, 0, 1, 1))
        pdf.savefig(fig)
        plt.close(fig)
        fig = plt.figure(figsize=(595 / 72, 842 / 72), layout="none")
        fig.text(72 / 595, 1 - 80 / 842, "二、项目支出", va="top", fontsize=12)
        fig.text(72 / 595, 1 - 110 / 842, "本部门项目支出主要用于外事接待和因公出国（境）任务，按预算执行，"
                 "未安排新增项目。", va="top", fontsize=12)
        pdf.savefig(fig)
        plt.close(fig)
    raw = read_pdf(path, workers=1)
    table = next(b for b in raw.blocks if b.kind == "table")
    assert [r.cells for r in table.rows] == [("项目", "金额"), ("工资福利支出", "10.25"), ("合计", "10.25")]
    assert [(b.kind, b.text, b.page) for b in raw.blocks if b.page == 2][0] == ("heading", "二、项目支出", 2)
