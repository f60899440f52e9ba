"""A page's text lines as pdfplumber finds them, found in one pass.

pdfplumber's ``Page.extract_text_lines()`` builds a word extractor, clusters characters
into lines and lines into a text map, one dict and one function call at a time; it is a
tenth of a PDF's read. :func:`text_lines` takes the same steps, by the same rules, with
its default settings (``tests/test_pdf_text.py`` compares the two on every corpus page and
on generated pages).
"""

from __future__ import annotations

import itertools
import re
from operator import itemgetter

from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES

_LINE = re.compile(r" *([^\n]+?) *(\n|$)")  # pdfplumber's, for lines stripped of spaces
_TOP, _X0 = itemgetter("top"), itemgetter("x0")


def text_lines(chars: list[dict]) -> list[dict]:
    """``extract_text_lines()`` of a page holding ``chars`` (in the page's order): each
    line's text, box and characters.

    Its steps: characters grouped in runs of the same ``upright``; each run clustered
    into lines (upright text by ``top``, within 3; rotated text by ``x0``) and each line
    sorted along the text (by ``x0``; rotated, by ``top`` and ``bottom``), then cut into
    words at a blank or a gap (:func:`line_words`); the words, in that order, clustered by
    their tops again, each cluster's consecutive words a line, words joined by a space
    and lines by a newline, ligatures expanded; and each line found with pdfplumber's own
    pattern, its characters those of the letters it matched.

    Examples
    --------
    >>> def c(text, x0, top=0.0):
    ...     return {"text": text, "x0": x0, "x1": x0 + 5, "top": top, "bottom": top + 10,
    ...             "upright": True}
    >>> [ln["text"] for ln in text_lines([c("一", 0), c("二", 5), c("三", 20), c("四", 0, 30)])]
    ['一二 三', '四']
    """
    words: list[tuple[float, list[dict]]] = []  # (top, characters)
    for upright, run in itertools.groupby(chars, itemgetter("upright")):
        run = list(run)
        if upright:
            lines = [sorted(line, key=_X0) for line in clusters(run, _TOP, DEFAULT_Y_TOLERANCE)]
        else:  # pdfplumber turns the directions for rotated text: lines by x0, top to bottom
            lines = [sorted(line, key=itemgetter("top", "bottom"))
                     for line in clusters(run, _X0, DEFAULT_X_TOLERANCE)]
        for line in lines:
            words += [(min(c["top"] for c in word), word) for word in line_words(line, upright)]
    letters: list[str] = []
    owners: list[dict | None] = []
    index = cluster_index([top for top, _ in words], DEFAULT_Y_TOLERANCE)
    for n, (_, group) in enumerate(itertools.groupby(words, lambda w: index[w[0]])):
        if n:
            letters.append("\n")
            owners.append(None)
        start = len(letters)
        for _, word in group:
            if len(letters) > start:  # a space before each word but the line's first (an
                letters.append(" ")  # empty word before it prints nothing)
                owners.append(None)
            for c in word:
                for letter in LIGATURES.get(c["text"], c["text"]):
                    letters.append(letter)
                    owners.append(c)
    out = []
    for match in _LINE.finditer("".join(letters)):
        text = match.group(1)
        if not text.strip():
            continue
        inked = [c for c in owners[match.start(1):match.end(1)] if c is not None]
        out.append({"text": text, "x0": min(c["x0"] for c in inked), "top": min(c["top"] for c in inked),
                    "x1": max(c["x1"] for c in inked), "bottom": max(c["bottom"] for c in inked),
                    "chars": inked})
    return out


def cluster_index(values: list[float], tolerance: float) -> dict[float, int]:
    """pdfplumber's ``make_cluster_dict``: each value's cluster, the distinct values sorted
    and a new cluster begun wherever one lies more than ``tolerance`` above the last.

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


def clusters(objs: list, key, tolerance: float) -> list[list]:
    """pdfplumber's ``cluster_objects``: the objects by cluster of their ``key``, in
    cluster order, each in the objects' order."""
    keys = [key(o) for o in objs]
    index = cluster_index(keys, tolerance)
    buckets: list[list] = [[] for _ in range(len(set(index.values())))]
    for obj, k in zip(objs, keys, strict=True):
        buckets[index[k]].append(obj)
    return buckets


def line_words(line: list[dict], upright: bool = True) -> list[list[dict]]:
    """pdfplumber's ``iter_chars_to_words`` along a sorted line: a blank ends a word (and is
    dropped), an empty character is a word of its own, and a character starts a new word
    when it begins before the last one, more than 3 past its end, or more than 3 across
    from it."""
    start, end, across = ("x0", "x1", "top") if upright else ("top", "bottom", "x0")
    gap = DEFAULT_X_TOLERANCE if upright else DEFAULT_Y_TOLERANCE
    side = DEFAULT_Y_TOLERANCE if upright else DEFAULT_X_TOLERANCE
    words: list[list[dict]] = []
    word: list[dict] = []
    for char in line:
        text = char["text"]
        if text.isspace():
            if word:
                words.append(word)
            word = []
        elif not text:  # "" is in every string, pdfplumber's punctuation to split at
            if word:
                words.append(word)
            words.append([char])
            word = []
        elif word and (char[start] < word[-1][start] or char[start] > word[-1][end] + gap
                       or abs(char[across] - word[-1][across]) > side):
            words.append(word)
            word = [char]
        else:
            word.append(char)
    if word:
        words.append(word)
    return words
