"""A page's text lines found in one pass are pdfplumber's, line for line and character for
character: on generated pages (odd spacing, rotated runs, blanks, ligatures, empty
characters) and on every corpus page."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.utils.text import chars_to_textmap

from budgetlib.readers.pdf_text import text_lines


def _pdfplumber(chars: list[dict]) -> list[dict]:
    """``Page.extract_text_lines()`` of a page holding ``chars``, as pdfplumber makes it."""
    if not chars:
        return []
    return chars_to_textmap(chars, layout_bbox=(0, 0, 600, 800)).extract_text_lines()


def _same(ours: list[dict], theirs: list[dict]) -> bool:
    # the lines' characters are the page's own objects, in the same order
    return ours == theirs and all(
        [id(c) for c in a["chars"]] == [id(c) for c in b["chars"]] for a, b in zip(ours, theirs, strict=True))


_TEXTS = st.sampled_from(["预", "算", "1", "2", ".", " ", "\u3000", "", "ﬁ", "A", "万元", "\n"])


@st.composite
def _chars(draw) -> list[dict]:
    """Characters on a few near lines, some rotated, some overlapping or far apart."""
    out = []
    for _ in range(draw(st.integers(0, 40))):
        x0 = draw(st.sampled_from([0.0, 2.5, 3.0, 5.0, 8.0, 8.5, 11.0, 20.0, 40.0]))
        top = draw(st.sampled_from([0.0, 1.0, 3.0, 3.5, 6.0, 7.0, 20.0]))
        width = draw(st.sampled_from([0.0, 2.0, 5.0]))
        out.append({"text": draw(_TEXTS), "x0": x0, "x1": x0 + width, "top": top, "bottom": top + 10,
                    "doctop": top, "upright": draw(st.sampled_from([True, True, True, False])),
                    "height": 10.0, "width": width, "size": 10.0})
    return out


@given(_chars())
@settings(max_examples=400, deadline=None)
def test_text_lines_are_pdfplumbers_on_generated_pages(chars):
    assert _same(text_lines(chars), _pdfplumber(chars))


def test_text_lines_are_pdfplumbers_on_every_corpus_page(corpus):
    from budgetlib.readers.pdfium_page import open_pdf

    pages = lines = 0
    for path in sorted(corpus.rglob("*.pdf")):
        with open_pdf(path) as pdf:
            for page in pdf.pages:
                theirs = page.extract_text_lines()
                assert _same(text_lines(page.chars), theirs), f"{path.name} page {page.page_number}"
                pages += 1
                lines += len(theirs)
    assert pages > 400 and lines > 5000  # every page of the 21 PDFs, most of them text


def test_a_rotated_run_reads_top_to_bottom_as_its_own_line():
    def c(text, x0, top, upright=True):
        return {"text": text, "x0": x0, "x1": x0 + 10, "top": top, "bottom": top + 10, "upright": upright}

    chars = [c("单", 0, 0), c("位", 10, 0), c("合", 100, 30, False), c("计", 100, 40, False)]
    assert [(ln["text"], ln["x0"], ln["top"]) for ln in text_lines(chars)] == [
        ("单位", 0, 0), ("合计", 100, 30)]
