"""A page's text lines and words, from its characters.

Characters are grouped in runs of the same ``upright``; each run is clustered into lines
(upright text by ``top``, rotated text by ``x0``, within :attr:`~.pdf_engine.Settings.line_gap`),
each line sorted along the text and cut into words at a blank or a gap
(:func:`line_words`); the words are clustered by their tops again, each cluster's words a
line, joined by a space.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import NamedTuple

from budgetlib.readers.pdf_engine import SETTINGS, Char


class Word(NamedTuple):
    """A word: its text and box."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


class TextLine(NamedTuple):
    """A line of text: its text (words joined by a space), box and characters."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    chars: tuple[Char, ...]


_TOP, _X0 = attrgetter("top"), attrgetter("x0")


def _word_lines(chars: Sequence[Char]) -> list[list[list[Char]]]:
    """The characters' words, as lists of characters, in lines."""
    words: list[tuple[float, list[Char]]] = []  # (top, characters)
    for upright, run in itertools.groupby(chars, attrgetter("upright")):
        run = list(run)
        if upright:
            lines = [sorted(line, key=_X0) for line in clusters(run, _TOP, SETTINGS.line_gap)]
        else:  # rotated text: lines by x0, read top to bottom
            lines = [sorted(line, key=attrgetter("top", "bottom"))
                     for line in clusters(run, _X0, SETTINGS.word_gap)]
        for line in lines:
            words += [(min(c.top for c in word), word) for word in line_words(line, upright)]
    index = cluster_index([top for top, _ in words], SETTINGS.line_gap)
    return [[word for _, word in group] for _, group in itertools.groupby(words, lambda w: index[w[0]])]


def _text(word: list[Char]) -> str:
    return "".join(SETTINGS.ligatures.get(c.text, c.text) for c in word)


def text_lines(chars: Sequence[Char]) -> list[TextLine]:
    """The lines of text the characters make (in the page's order), each with its box and
    its inked characters.

    Examples
    --------
    >>> def c(text, x0, top=0.0):
    ...     return Char(text, x0, top, x0 + 5, top + 10, 10.0)
    >>> [ln.text for ln in text_lines([c("一", 0), c("二", 5), c("三", 20), c("四", 0, 30)])]
    ['一二 三', '四']
    """
    out = []
    for line in _word_lines(chars):
        inked = tuple(c for word in line for c in word)
        text = " ".join(_text(word) for word in line).strip()
        if not text.strip():
            continue
        out.append(TextLine(text, min(c.x0 for c in inked), min(c.top for c in inked),
                            max(c.x1 for c in inked), max(c.bottom for c in inked), inked))
    return out


def text_of(chars: Sequence[Char]) -> str:
    """The characters' text: words joined by a space, lines by a newline.

    >>> text_of([Char("2", 5, 0, 10, 10, 10), Char("1", 0, 0, 5, 10, 10), Char("x", 0, 20, 5, 30, 10)])
    '12\\nx'
    """
    if chars and all(c.upright for c in chars):  # one line (most cells): no clustering to do
        tops = [c.top for c in chars]
        if max(tops) - min(tops) <= SETTINGS.line_gap:
            return " ".join(_text(w) for w in line_words(sorted(chars, key=_X0)))
    return "\n".join(ln.text for ln in text_lines(chars))


def words(chars: Sequence[Char]) -> list[Word]:
    """The characters' words, with their boxes."""
    return [Word(_text(w), min(c.x0 for c in w), min(c.top for c in w), max(c.x1 for c in w),
                 max(c.bottom for c in w)) for line in _word_lines(chars) for w in line]


def cluster_index(values: list[float], tolerance: float) -> dict[float, int]:
    """Each value's cluster: the distinct values sorted, a new cluster begun wherever one
    lies more than ``tolerance`` above the last.

    >>> cluster_index([5.0, 0.0, 2.5, 9.0, 2.5], 3)
    {0.0: 0, 2.5: 0, 5.0: 0, 9.0: 1}
    """
    index: dict[float, int] = {}
    last, cluster = None, -1
    for value in sorted(set(values)):
        if last is None or value > last + tolerance:
            cluster += 1
        index[value] = cluster
        last = value
    return index


def clusters(objs: list, key: Callable, tolerance: float) -> list[list]:
    """The objects by cluster of their ``key`` (:func:`cluster_index`), in cluster order,
    each in the objects' order."""
    keys = [key(o) for o in objs]
    index = cluster_index(keys, tolerance)
    buckets: list[list] = [[] for _ in range(len(set(index.values())))]
    for obj, k in zip(objs, keys, strict=True):
        buckets[index[k]].append(obj)
    return buckets


def line_words(line: list[Char], upright: bool = True) -> list[list[Char]]:
    """The words along a sorted line: a blank ends a word (and is dropped), and a character
    starts a new word when it begins before the last one, a word gap or more past its end,
    or more than a line gap across from it."""
    if not upright:  # read top to bottom: the same rules, the axes turned
        turned = [Char(c.text, c.top, c.x0, c.bottom, c.x1, c.size) for c in line]
        back = {id(t): c for t, c in zip(turned, line, strict=True)}
        return [[back[id(t)] for t in word] for word in line_words(turned)]
    gap, side = SETTINGS.word_gap - SETTINGS.noise, SETTINGS.line_gap
    words: list[list[Char]] = []
    word: list[Char] = []
    last = None
    for char in line:
        if char.text.isspace() or not char.text:
            if word:
                words.append(word)
            word, last = [], None
        elif last is not None and (char.x0 < last.x0 or char.x0 > last.x1 + gap
                                   or abs(char.top - last.top) > side):
            words.append(word)
            word, last = [char], char
        else:
            word.append(char)
            last = char
    if word:
        words.append(word)
    return words
