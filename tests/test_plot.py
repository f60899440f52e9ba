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
    assert len(bars) == len(steps)
    # 其他政府办公厅…事务支出 −50.00 (line 433) floats from 165.52 down to 115.52
    assert bars[2].get_x() == pytest.approx(115.52) and bars[2].get_width() == pytest.approx(50)
    labels = {t.get_text() for t in ax.texts}
    assert {"+4.66", "−50.00", "0.00", "160.86", "122.35"} <= labels


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
