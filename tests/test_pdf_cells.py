"""Cells a PDF writer cut with boxes nobody sees: a PDF drawn here, and the real table."""

from __future__ import annotations

import matplotlib

from budgetlib.readers.pdf import read_pdf
from budgetlib.readers.pdf_cells import table_rows
from budgetlib.readers.pdf_engine import PdfFile
from budgetlib.readers.pdf_grid import find_tables
from budgetlib.readers.pdf_page import PREAMBLE

matplotlib.use("Agg")
_W, _H = 288, 216  # the page, in points


def _draw(path, ruled: bool) -> None:
    """A two-row table whose heading "Trips abroad" is printed on two lines and whose
    amount "267.80" runs past its box, each piece on a white box without an outline, as
    the Jiangsu procuratorate's 2018 PDF prints its 三公 table; ``ruled`` draws a black
    rule along those box edges too."""
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.patches import Rectangle

    def y(top: float) -> float:  # the reader measures from the top, matplotlib from the bottom
        return _H - top

    with matplotlib.rc_context({"savefig.bbox": "standard"}), PdfPages(path) as pdf:
        fig = plt.figure(figsize=(_W / 72, _H / 72), layout="none")
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, _W)
        ax.set_ylim(0, _H)
        ax.axis("off")
        white = {"facecolor": "white", "edgecolor": "none", "linewidth": 0}
        ax.add_patch(Rectangle((100, y(63)), 80, 18, **white))  # behind "Trips"
        ax.add_patch(Rectangle((100, y(81)), 80, 18, **white))  # behind "abroad", touching it
        ax.add_patch(Rectangle((100, y(120)), 65, 30, **white))  # behind "267.8", not its "0"
        rules = [((x, x), (40, 120)) for x in (20, 100, 180, 260)]
        rules += [((20, 260), (t, t)) for t in (40, 90, 120)]
        if ruled:
            rules += [((100, 180), (63, 63)), ((165, 165), (90, 120))]
        for xs, tops in rules:
            ax.plot(xs, [y(t) for t in tops], color="black", linewidth=0.8)
        for x, top, text, align in ((60, 65, "Total", "center"), (140, 54, "Trips", "center"),
                                    (140, 72, "abroad", "center"), (220, 65, "Cars", "center"),
                                    (60, 105, "12.50", "center"), (165, 105, "267.8", "right"),
                                    (165, 105, "0", "left"), (220, 105, "3.00", "center")):
            ax.text(x, y(top), text, ha=align, va="center", fontsize=10)
        pdf.savefig(fig)
        plt.close(fig)


def _rows(path) -> list[list]:
    with PdfFile(path) as pdf:
        page = pdf.page(0)
    (table,) = find_tables(page.edges())
    return [[t for t in row.texts if t] for row in table_rows(page, table, PREAMBLE)]


def test_pieces_with_no_rule_between_them_are_one_cell(tmp_path):
    path = tmp_path / "unruled.pdf"
    _draw(path, ruled=False)
    assert _rows(path) == [["Total", "Tripsabroad", "Cars"], ["12.50", "267.80", "3.00"]]
    (block,) = read_pdf(path).blocks
    assert [r.cells for r in block.rows] == [("Total", "Tripsabroad", "Cars"), ("12.50", "267.80", "3.00")]


def test_a_drawn_rule_keeps_them_apart(tmp_path):
    path = tmp_path / "ruled.pdf"
    _draw(path, ruled=True)
    assert _rows(path) == [["Total", "Cars"], ["Trips"], ["abroad"], [], ["12.50", "267.8", "0", "3.00"]]


def test_the_procuratorate_2018_three_public_table(corpus):
    # 公开09表 (p.19): its header printed in pieces (因公出国 / （境）费, 公务接 / 待费, 会议 / 费)
    # on white boxes, and 267.80 running past its box; read off the page:
    # 合计 1,384.74 = 三公 484.30 + 会议费 200.44 + 培训费 700.00;
    # 484.30 = 因公出国（境）费 100.00 + 公务用车 267.80 + 公务接待费 116.50; 购置费 blank
    import budgetlib

    doc = budgetlib.read_budget(corpus / "jiangsu" / "js_procuratorate_2018_budget_full.pdf")
    table = doc.tables["“三公”经费、会议费、培训费支出预算表"]
    got = dict(zip(table["measure"], table["raw"], strict=True))
    car = "“三公”经费/公务用车购置及运行维护费/"
    assert got == {"合计": "1,384.74", "“三公”经费/小计": "484.30", "“三公”经费/因公出国（境）费": "100.00",
                   car + "小计": "267.80", car + "公务用车购置费": None, car + "公务用车运行维护费": "267.80",
                   "“三公”经费/公务接待费": "116.50", "会议费": "200.44", "培训费": "700.00"}
    assert not (doc.audit()["table"] == "“三公”经费、会议费、培训费支出预算表").any()


def test_a_paragraph_runs_on_to_the_next_page(corpus):
    raw = read_pdf(corpus / "jiangsu" / "js_procuratorate_2018_budget_full.pdf")
    blocks = [(b.kind, b.page, b.text) for b in raw.blocks]
    # the last line of p.28 ("…与上年预") runs on to the first of p.29 ("算数相等。")
    assert ("paragraph", 28, "1．因公出国（境）费预算支出 100 万元，与上年预算数相等。") in blocks
    # a heading printed on two lines is a heading, not the start of the paragraph under it
    assert ("heading", 28, "九、一般公共预算“三公”经费、会议费、培训费支出预算情况说明") in blocks
    assert ("heading", 29, "十一、一般公共预算机关运行经费支出预算情况说明") in blocks
