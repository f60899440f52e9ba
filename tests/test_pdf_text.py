"""A page's text lines and words, from its characters: lines by their tops, words at a blank
or a gap of a word gap (3 pt) or more, rotated runs apart; on generated pages and examples."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlib.readers.pdf_engine import Char
from budgetlib.readers.pdf_text import text_lines, words


def c(text: str, x0: float, top: float = 0.0, width: float = 10.0, upright: bool = True) -> Char:
    return Char(text, x0, top, x0 + width, top + 10, 10.0, upright)


def test_a_gap_of_3_pt_or_more_starts_a_word():
    # 支出 then 1384.7 three points further (Jiangsu high court 2019 p.21 prints "支出 1384.7")
    line = [c("出", 0), c("1", 13, width=5), c("3", 18, width=5), c("万", 25.9), c("元", 35.9)]
    assert [w.text for w in words(line)] == ["出", "13万元"]
    # float32 noise around 3 pt is 3 pt
    assert [w.text for w in words([c("a", 0), c("b", 12.99999)])] == ["a", "b"]
    assert [w.text for w in words([c("a", 0), c("b", 12.98)])] == ["ab"]
    # a blank ends a word, whatever the gap
    assert [ln.text for ln in text_lines([c("a", 0), c(" ", 10), c("b", 20)])] == ["a b"]


def test_lines_are_characters_within_3_pt_of_each_other_top():
    # each top within 3 pt of the one above it: one line, however far the chain runs
    def texts(third_top: float) -> list[str]:
        return [ln.text for ln in text_lines([c("一", 0, 0), c("二", 10, 2.5), c("三", 20, third_top)])]

    assert texts(5.0) == ["一二三"]
    assert texts(6.0) == ["一二", "三"]
    lines = text_lines([c("一", 0, 0), c("二", 10, 2.5), c("四", 0, 20.0)])
    assert [(ln.text, ln.x0, ln.top, ln.x1, ln.bottom) for ln in lines] == [
        ("一二", 0, 0, 20, 12.5), ("四", 0, 20.0, 10, 30.0)]


def test_a_rotated_run_reads_top_to_bottom_as_its_own_line():
    chars = [c("单", 0, 0), c("位", 10, 0), c("合", 100, 30, upright=False), c("计", 100, 40, upright=False)]
    assert [(ln.text, ln.x0, ln.top) for ln in text_lines(chars)] == [("单位", 0, 0), ("合计", 100, 30)]


_TEXTS = st.sampled_from(["预", "算", "1", "2", ".", " ", "\u3000", "ﬁ", "A", "万"])


@st.composite
def _chars(draw) -> list[Char]:
    """Characters on a few near lines, some rotated, some overlapping or far apart."""
    out = []
    for _ in range(draw(st.integers(0, 40))):
        x0 = draw(st.sampled_from([0.0, 2.5, 3.0, 5.0, 8.0, 8.5, 11.0, 20.0, 40.0]))
        top = draw(st.sampled_from([0.0, 1.0, 3.0, 3.5, 6.0, 7.0, 20.0]))
        out.append(c(draw(_TEXTS), x0, top, draw(st.sampled_from([0.0, 2.0, 5.0])),
                     draw(st.sampled_from([True, True, True, False]))))
    return out


@given(_chars())
@settings(max_examples=300, deadline=None)
def test_every_inked_character_is_in_one_line_and_its_text(chars):
    lines = text_lines(chars)
    inked = [ch for ch in chars if ch.text.strip()]
    taken = [id(ch) for ln in lines for ch in ln.chars]
    assert sorted(taken) == sorted(map(id, inked))
    for ln in lines:
        assert ln.text.replace(" ", "") == "".join("fi" if ch.text == "ﬁ" else ch.text for ch in ln.chars)
        assert (ln.x0, ln.top) == (min(ch.x0 for ch in ln.chars), min(ch.top for ch in ln.chars))
    assert [w.text for w in words(chars)] == [w for ln in lines for w in ln.text.split(" ")]
