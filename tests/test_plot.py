"""Charts: Chinese renders with no missing glyph, in PNG, SVG and PDF, and they show the
document's figures."""

from __future__ import annotations

import re
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

import budgetlib  # noqa: E402
from budgetlib import headcount, plot  # noqa: E402
from budgetlib.analysis.bridge import bridge  # noqa: E402
from budgetlib.problems import Lacking  # noqa: E402


@pytest.fixture(autouse=True)
def missing_glyphs_are_errors():
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*Glyph .* missing")
        warnings.filterwarnings("error", message=r".*findfont")
        yield
    plt.close("all")


def _charts(doc):
    return {
        "bridge": plot.bridge_chart(bridge(doc)),
        "bridge_driver": plot.bridge_chart(bridge(doc, by="driver"), title="按原因"),
        "structure": plot.structure_chart(budgetlib.shares(doc, "function_xiang", others=5)),
        "donut": plot.structure_chart(budgetlib.shares(doc, "function"), kind="donut"),
        "split": plot.split_chart({"基本/项目": budgetlib.shares(doc, "basic_project"),
                                   "人员/公用": budgetlib.shares(doc, "personnel_public")}),
        "per_capita": plot.per_capita_chart(headcount.per_capita(doc, staff=5, norm=0.5)),
        "audit": plot.audit_chart(doc.audit()),
    }


def test_every_chart_draws_its_chinese_with_the_cjk_font(doc):
    for name, ax in _charts(doc).items():
        ax.figure.canvas.draw()  # glyphs are looked up at draw time
        texts = [t for t in ax.findobj(matplotlib.text.Text) if re.search(r"[\u4e00-\u9fff]", t.get_text())]
        assert texts, name
        assert {t.get_fontname() for t in texts} == {plot.FONT_FAMILY}, name


def test_the_missing_glyph_trap_can_fail():
    # a character the CJK font lacks (an emoji) must raise, or the tests above prove nothing
    fig, ax = plt.subplots()
    with plot.style_context():
        ax.set_title("\U0001F600")
    with pytest.raises(UserWarning, match="missing"):
        fig.canvas.draw()


def test_bridge_chart_draws_the_documents_changes(doc):
    steps = bridge(doc)  # the values are tested against the seed in test_bridge.py
    ax = plot.bridge_chart(steps)
    bars = ax.patches
    assert len(bars) == len(steps) - 1  # line 435: 0.00, no change, no bar
    # 其他政府办公厅…事务支出 −50.00 (line 433) floats from 165.52 down to 115.52
    assert bars[2].get_x() == pytest.approx(115.52) and bars[2].get_width() == pytest.approx(50)
    labels = {t.get_text() for t in ax.texts}
    assert {"+4.66", "−50.00", "160.86", "122.35"} <= labels and "0.00" not in labels
    assert "另有 1 项比上年无增减" in plot.footnote(ax) and ax.get_xlabel() == "万元"


def test_structure_labels_use_the_documents_format(doc):
    ax = plot.structure_chart(budgetlib.shares(doc, "function"))
    # seed line 226: 一般公共服务支出 89.16 万元，占 72.87%
    assert "89.16（72.87%）" in {t.get_text() for t in ax.texts}
    donut = plot.structure_chart(budgetlib.shares(doc, "function"), kind="donut")
    legend = [t.get_text() for t in donut.get_legend().get_texts()]
    assert legend[0] == "一般公共服务支出 89.16（72.87%）" and len(legend) == 4


def test_saved_files(doc, tmp_path):
    ax = plot.bridge_chart(bridge(doc))
    png, svg, pdf = plot.save(ax, tmp_path / "bridge")
    dpi = Image.open(png).info["dpi"]
    assert min(dpi) >= 199.5
    # SVG text is drawn as paths: it shows the same on a machine without the font
    assert "<text" not in svg.read_text("utf-8") and "<path" in svg.read_text("utf-8")
    fonts = set(re.findall(rb"/BaseFont /(\S+)", pdf.read_bytes()))
    assert fonts and all(re.fullmatch(rb"[A-Z]{6}\+NotoSansCJKsc-Regular", f) for f in fonts)
    assert b"/FontFile2" in pdf.read_bytes()  # embedded, not just named


def test_pdf_text_stays_text(doc, tmp_path):
    import pdfplumber

    ax = plot.structure_chart(budgetlib.shares(doc, "function"))
    pdf = plot.save(ax, tmp_path / "structure", formats=("pdf",))[0]
    with pdfplumber.open(pdf) as opened:
        text = opened.pages[0].extract_text()
    assert "一般公共服务支出" in text and "89.16（72.87%）" in text


def test_nothing_to_draw_is_an_error_not_an_empty_chart():
    empty = budgetlib.shares(budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT), "funding").iloc[:0]
    with pytest.raises(ValueError, match="没有可绘制的金额"):
        plot.structure_chart(empty, kind="donut")


SEED_HEAD = "阿图什市人民政府外事办公室 2026年部门预算"


def _ticks(ax, axis="x") -> list[str]:
    ax.figure.canvas.draw()
    return [t.get_text() for t in getattr(ax, f"get_{axis}ticklabels")() if t.get_text()]


def test_every_title_names_the_department_year_and_unit(doc):
    charts, skipped = plot.standard_charts(doc, staff=5, norm=0.5)
    assert not skipped and len(charts) == 7
    for name, ax in charts.items():
        head, subject = ax.get_title(loc="left").split("\n")
        assert head == SEED_HEAD, name
        assert re.search(r"（(万元|%|条)[^（）]*）$", subject), (name, subject)
    assert charts["人均经费"].get_title(loc="left").endswith("（万元/人；在职 5 人，分析人员输入）")
    # without doc=, the title comes from the frame the analysis returned
    for ax in _charts(doc).values():
        assert ax.get_title(loc="left").startswith(SEED_HEAD + "\n")


def test_bars_are_sorted_by_size_with_the_folded_rest_last(corpus):
    doc = budgetlib.read_budget(corpus / "shanghai" / "putuo_wanli_subdistrict_office_budget_2025.pdf")
    frame = budgetlib.shares(doc, "function_xiang", others=8)
    ax = plot.structure_chart(frame)
    widths = [bar.get_width() for bar in ax.patches]  # drawn from the top
    labels = [t.get_text() for t in ax.get_yticklabels()]  # top first
    assert widths[:8] == sorted(widths[:8], reverse=True) and labels[-1] == "其他"
    assert widths[:8] != frame["value"].iloc[:8].tolist()  # the table's order is not by size
    donut = plot.structure_chart(budgetlib.shares(doc, "function"), kind="donut")
    legend = [t.get_text() for t in donut.get_legend().get_texts()]
    assert legend[0].startswith("城乡社区支出")  # the largest 类 first


def test_ticks_are_integers_where_they_suffice(doc):
    for ax, axis in ((plot.structure_chart(budgetlib.shares(doc, "function")), "x"),
                     (plot.bridge_chart(bridge(doc)), "x"), (plot.audit_chart(doc.audit()), "x"),
                     (plot.per_capita_chart(headcount.per_capita(doc, staff=5)), "y")):
        ticks = _ticks(ax, axis)
        assert ticks and not any("." in t for t in ticks), ticks
    assert plot.tick_texts([0, 0.5, 1.0]) == ["0.0", "0.5", "1.0"]


def test_a_long_bridge_is_cut_to_its_largest_steps(corpus):
    folder = corpus / "shanghai"
    prev = budgetlib.read_budget(folder / "putuo_wanli_subdistrict_office_budget_2024.pdf")
    doc = budgetlib.read_budget(folder / "putuo_wanli_subdistrict_office_budget_2025.pdf")
    steps = bridge(doc, prev)
    assert len(steps) > 30  # 33 items change or not between the two years
    ax = plot.bridge_chart(steps)
    labels = [t.get_text() for t in ax.get_yticklabels()]  # top first
    # 上年, the 12 largest changes, 其他 N 项 for the rest, 本年
    assert len(ax.patches) == len(labels) == 15 and labels[0] == "上年" and labels[-1] == "本年"
    changes = steps[steps["kind"] == "change"]
    zero = int((changes["value"] == 0).sum())
    assert labels[-2] == f"其他 {len(changes) - zero - 12} 项"
    assert f"另有 {zero} 项比上年无增减" in plot.footnote(ax)
    # the largest change (其他城乡社区支出 +4,312.87, 2025 p.24) is drawn; no bar is zero wide
    assert "其他城乡社区支出" in labels and min(b.get_width() for b in ax.patches) > 0
    # a code is never broken: every code of a step label is whole on one line
    for text in labels:
        assert not re.search(r"[0-9A-Za-z（(]\n|\n[0-9）)]", text), text
    shown = [re.search(r"（(\d+)）", t) for t in labels]
    assert [m.group(1) for m in shown if m] == [c for c in steps.set_index("step").loc[
        [t.replace("\n", "") for t in labels if "（" in t], "code"]]
    # the steps are small against 15,621.11 and 18,976.76: the axis starts near them, and says so
    left, right = ax.get_xlim()
    assert 10000 <= left < changes["start"].min() and right > 18976.76
    assert plot.NOT_FROM_ZERO in plot.footnote(ax)
    assert not any("." in t for t in _ticks(ax))
    head = ax.get_title(loc="left").split("\n")[0]
    assert head == "上海市普陀区人民政府万里街道办事处 2025年部门预算"


def test_a_bridge_with_large_steps_starts_at_zero(doc):
    steps = bridge(doc).assign(value=lambda f: f["value"].where(f["step"] != "本年", 500.0))
    steps.loc[1, ["value", "end"]] = [380.0, 540.86]  # one step as large as the totals
    steps.loc[2:, "start"] += 375.34
    steps.loc[2:, "end"] += 375.34
    ax = plot.bridge_chart(steps)
    assert ax.get_xlim()[0] == 0 and plot.NOT_FROM_ZERO not in plot.footnote(ax)


def test_labels_keep_codes_whole():
    assert plot.label("一般行政管理事务（2013202）", width=16) == "一般行政管理事务\n（2013202）"
    assert plot.label("201 03 01 其他政府办公厅（室）及相关机构事务支出", width=20) == (
        "201 03 01\n其他政府办公厅（室）\n及相关机构事务支出")
    assert "\n" not in plot.label("其他 21 项")
    assert plot.label("2010301" * 5) == "2010301" * 5  # a code is never cut


def test_names_wrap_and_are_never_shortened():
    for name in ("机关事业单位基本养老保险缴费支出（2080505）", "很" * 30,
                 "其他政府办公厅（室）及相关机构事务支出（2010399）"):
        lines = plot.label(name).split("\n")
        assert "".join(lines) == name and "…" not in "".join(lines), name
        assert all(plot._width(line) <= plot.LABEL_WIDTH for line in lines), lines
        assert not any(line[0] in "）)、，" for line in lines), lines  # no line opens with a closer
    # the full name fits on two lines, as even as they go
    assert plot.label("机关事业单位基本养老保险缴费支出") == "机关事业单位基本\n养老保险缴费支出"


def _boxes(ax):
    """The window extents of the chart's texts (ticks, labels, titles, notes, legend,
    annotations), drawn, by their text."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    drawn = [t.label1 for axis in (ax.xaxis, ax.yaxis) for t in axis._update_ticks()]  # in view
    texts = [*drawn, ax.xaxis.label, ax.yaxis.label, ax.title,
             ax._left_title, *ax.texts, *(ax.get_legend().get_texts() if ax.get_legend() else [])]
    return [(t.get_text(), t.get_window_extent(renderer)) for t in texts
            if t.get_visible() and t.get_text()]


def _assert_laid_out(ax):
    """Every text lies within the figure and no two texts overlap."""
    page = ax.figure.bbox
    boxes = _boxes(ax)
    for text, box in boxes:
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1, text
    for n, (text, box) in enumerate(boxes):
        for other, other_box in boxes[n + 1:]:
            assert not box.overlaps(other_box), (text, other)


def test_a_long_name_wraps_within_the_figure_and_clear_of_its_neighbours(doc):
    frame = budgetlib.shares(doc, "function_xiang", others=8)
    # seed 表5: 2080505 机关事业单位基本养老保险缴费支出 10.51, 2010399 其他政府办公厅（室）及
    # 相关机构事务支出 10.00; and one name longer than any the corpus prints
    long = "一般公共服务支出政府办公厅（室）及相关机构事务其他政府办公厅（室）及相关机构事务支出"
    frame = frame.assign(item=frame["item"].where(frame["item"] != "行政单位医疗", long))
    ax = plot.structure_chart(frame)
    drawn = {t.get_text().replace("\n", ""): t.get_text() for t in ax.get_yticklabels()}
    assert drawn["机关事业单位基本养老保险缴费支出"] == "机关事业单位基本\n养老保险缴费支出"
    assert long in drawn and drawn[long].count("\n") >= 2  # wrapped whole, not cut
    _assert_laid_out(ax)


def test_nothing_to_draw_is_one_line_and_no_figure(seed_text):
    narrative = budgetlib.read_budget(seed_text[:seed_text.index("部门收支总体情况表")])
    open_before = set(plt.get_fignums())
    charts, skipped = plot.standard_charts(narrative)
    assert "构成_基本项目_人员公用" in skipped and "结构_项级" in skipped and "同比_按项目" in skipped
    assert not set(charts) & set(skipped)
    for name, reason in skipped.items():
        assert reason and "\n" not in reason and "Traceback" not in reason, name
    assert skipped["构成_基本项目_人员公用"].startswith("没有可绘制的构成")
    assert set(plt.get_fignums()) - open_before == {ax.figure.number for ax in charts.values()}
    with pytest.raises(Lacking, match="没有可绘制的构成"):
        plot.split_chart({"基本/项目": budgetlib.shares(narrative, "basic_project")})
    with pytest.raises(Lacking, match="审核没有发现问题"):
        plot.audit_chart(narrative.audit().iloc[:0])
    assert set(plt.get_fignums()) - open_before == {ax.figure.number for ax in charts.values()}


def test_notes_stand_apart_from_the_axis_unit(doc):
    ax = plot.bridge_chart(bridge(doc))
    # the unit alone labels the axis; the notes are a footnote under it, never on it
    assert ax.get_xlabel() == "万元" and plot.footnote(ax).startswith("注：")
    _assert_laid_out(ax)


def test_the_execution_chart_states_its_totals_apart(corpus):
    from budgetlib.analysis.execution import execution

    path = corpus / "final_accounts" / "putuo_finance_bureau_dept_final_accounts_2024.pdf"
    doc = budgetlib.read_budget(path)
    ax = plot.execution_chart(execution(doc), doc=doc)
    items = [t.get_text().replace("\n", "") for t in ax.get_yticklabels()]
    # p.21: 一般公共预算财政拨款支出 年初预算 2,993.92, 决算 2,940.05 (98.20%) is the total of
    # the 项 below it: stated under the title, not a bar that squashes them
    assert "一般公共预算财政拨款支出" not in items and items[0] == "行政运行（2010601）"
    assert "一般公共预算财政拨款支出：预算数 2,993.92，决算数 2,940.05，执行率 98.20%" in (
        ax.get_title(loc="left").replace("\n", ""))
    # the largest item's bar (行政运行 年初预算 1,560.05) spans most of the axis
    assert ax.patches[0].get_width() == 1560.05 and ax.get_xlim()[1] < 2 * 1560.05
    assert ax.get_xlabel() == "万元" and "括号内为执行率" in plot.footnote(ax)
    _assert_laid_out(ax)


def test_no_chart_overprints_its_texts(doc):
    charts, _ = plot.standard_charts(doc, staff=5, norm=0.5)
    for name, ax in charts.items():
        try:
            _assert_laid_out(ax)
        except AssertionError as err:
            raise AssertionError(name) from err


def test_the_audit_chart_lists_the_rules_in_the_audits_order(doc):
    # the seed's findings: warnings first (说明科目名称与表不符, 上年为零仍写增长率, 部门名称前后
    # 不一致), then the information; the chart, top first, keeps that order, not the counts'
    # (9 中文中夹用半角标点, all info, would be on top)
    from budgetlib.audit.findings import rule_label

    found = doc.audit()
    ax = plot.audit_chart(found)
    texts = [t.get_text() for t in ax.get_yticklabels()]
    ticks = sorted(zip(ax.get_yticks(), texts, strict=True), reverse=True)
    drawn = [text.replace("\n", "") for _, text in ticks]
    assert drawn == [rule_label(r).replace("\n", "") for r in dict.fromkeys(found["rule"])]
    assert drawn[0] == "说明科目名称与表不符"
