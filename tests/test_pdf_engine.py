"""The PDF engine's records, on PDFs drawn here: characters' em boxes and sizes, rules and
boxes, a rotated page, a locked file."""

from __future__ import annotations

import matplotlib
import pytest

from budgetlib.readers.pdf_engine import SETTINGS, Edge, EncryptedPdf, PdfFile, Rect

matplotlib.use("Agg")
_W, _H = 288, 216  # the page, in points


def _draw(path) -> None:
    """"Total" in 10 pt with its baseline 100 pt from the top, left at x = 60; a box with a
    black outline, a white box without one, and a rule."""
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.patches import Rectangle

    # DejaVu Sans named: another test of the same worker may have set the house style's CJK font
    settings = {"savefig.bbox": "standard", "pdf.fonttype": 42, "font.family": ["DejaVu Sans"]}
    with matplotlib.rc_context(settings), PdfPages(path) as pdf:
        fig = plt.figure(figsize=(_W / 72, _H / 72), layout="none")
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, _W)
        ax.set_ylim(0, _H)
        ax.axis("off")
        ax.text(60, _H - 100, "Total", ha="left", va="baseline", fontsize=10)
        ax.add_patch(Rectangle((20, _H - 60), 100, 20, facecolor="none", edgecolor="black", linewidth=1))
        ax.add_patch(Rectangle((150, _H - 60), 50, 20, facecolor="white", edgecolor="none", linewidth=0))
        ax.plot([20, 260], [_H - 150, _H - 150], color="black", linewidth=0.8)
        pdf.savefig(fig)
        plt.close(fig)


def test_a_character_is_its_em_box_from_the_top_left(tmp_path):
    path = tmp_path / "drawn.pdf"
    _draw(path)
    with PdfFile(path) as pdf:
        page = pdf.page(0)
    assert (pdf.page_count, page.number, round(page.width), round(page.height)) == (1, 1, _W, _H)
    assert "".join(c.text for c in page.chars) == "Total"
    first = page.chars[0]
    assert first.size == pytest.approx(10, abs=0.01) and first.upright
    assert first.x0 == pytest.approx(60, abs=0.01)  # the origin, as drawn
    assert first.bottom - first.top == pytest.approx(10, abs=0.01)  # one font size
    assert 100 < first.bottom < 104  # the font's descent below the baseline (100 from the top)
    # each box is its glyph's advance (DejaVu Sans: T 611, o 612, t 392, a 613, l 278 per
    # 1000 em), whatever is drawn: "To" is kerned, o starts inside T's advance
    assert [round(c.x1 - c.x0, 2) for c in page.chars] == [6.11, 6.12, 3.92, 6.13, 2.78]
    t, o, _, a, ell = page.chars
    assert o.x0 < t.x1 and a.x1 == pytest.approx(ell.x0, abs=0.01)


def test_rules_and_boxes_are_read_as_drawn(tmp_path):
    path = tmp_path / "drawn.pdf"
    _draw(path)
    with PdfFile(path) as pdf:
        page = pdf.page(0)
    def where(objs: list) -> list[tuple]:
        return [tuple(round(v) for v in obj[:4]) for obj in objs]

    assert where([r for r in page.rects if r.stroke]) == [(20, 40, 120, 60)]
    white = [r for r in page.rects if r.white and r.fill]  # the figure's white ground, and the box
    assert where(white) == [(0, 0, _W, _H), (150, 40, 200, 60)] and not white[1].drawn
    assert [e.orientation for e in page.lines] == ["h"]
    assert where([e[1:] for e in page.lines]) == [(20, 150, 260, 150)]
    # the table finder's rules: the line and the outlined box's four sides; the white
    # boxes' (the ground's and the box's) only when all are asked for
    drawn = page.edges(drawn=True)
    assert len(drawn) == 5 and len(page.edges()) == 13
    assert Rect(0, 0, 1, 1, True, False, True).edges()[0] == Edge("h", 0, 0, 1, 0)


def test_a_rotated_page_is_read_as_shown(tmp_path):
    from pypdf import PdfReader, PdfWriter

    path, turned = tmp_path / "drawn.pdf", tmp_path / "turned.pdf"
    _draw(path)
    writer = PdfWriter()
    writer.add_page(PdfReader(path).pages[0]).rotate(90)  # shown turned a quarter clockwise
    writer.write(turned)
    with PdfFile(turned) as pdf:
        page = pdf.page(0)
    assert (round(page.width), round(page.height)) == (_H, _W)
    first = page.chars[0]
    # drawn left to right 60 pt from the left edge: shown top to bottom, 60 pt from the top
    assert not first.upright and first.top == pytest.approx(60, abs=1)
    # its baseline, 100 pt from the old top, is 100 pt from the right, the glyph left of it
    assert first.x0 < _H - 100 < first.x1 and first.x1 - first.x0 > 8
    # the outlined box turned with it: 40–60 from the old top is now 40–60 from the right
    (box,) = [r for r in page.rects if r.stroke]
    assert (round(box.x0), round(box.x1), round(box.top), round(box.bottom)) == (_H - 60, _H - 40, 20, 120)


def test_a_locked_pdf_says_so(tmp_path):
    from pypdf import PdfReader, PdfWriter

    path, locked = tmp_path / "drawn.pdf", tmp_path / "locked.pdf"
    _draw(path)
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.encrypt("secret")
    writer.write(locked)
    with pytest.raises(EncryptedPdf):
        PdfFile(locked)


def test_the_tolerances_are_one_object():
    assert (SETTINGS.word_gap, SETTINGS.line_gap, SETTINGS.snap, SETTINGS.join) == (3.0, 3.0, 3.0, 3.0)
    with pytest.raises(AttributeError):
        SETTINGS.word_gap = 4.0  # frozen: a tolerance changes in the code, where it is documented
