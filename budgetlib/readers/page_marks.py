"""Page footers, page numbers and running titles: the lines a page repeats that are not
its text, found in converted text and in a PDF's lines alike."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from budgetlib.readers.blocks import LIST_MARKER, PARAGRAPH_END

#: A page's footer (or header) line, not text: "7", "- 7 -", "─ 7 ─", "－7－", "一 7 一",
#: "第 7 页", "第7页 共30页", "7/30". Readers drop it before lines are joined into paragraphs.
PAGE_FOOTER = re.compile(r"^\s*(?:一\s*\d{1,3}\s*一|[-—–─－―]*\s*(?:第\s*)?\d{1,3}(?:\s*页)?"
                         r"(?:\s*(?:共\s*\d{1,3}\s*页|/\s*\d{1,3}))?\s*[-—–─－―]*)\s*$")


@dataclass(frozen=True)
class PageMark:
    """A form of page footer or header line in converted text, and how sure it is."""

    name: str
    pattern: re.Pattern[str]
    #: A line of this form is a page number only as one of an increasing run of such lines
    #: (a bare "7" may be a table's row or a count); the others are page marks wherever they are.
    in_run: bool = False


#: Page footers and headers in text converted from PDF (a PDF's own lines: :data:`PAGE_FOOTER`).
PAGE_MARKS: tuple[PageMark, ...] = (
    PageMark("dashes", re.compile(r"^[-—–─－―]+\s*\d{1,3}\s*[-—–─－―]+$")),  # ─ 7 ─, - 7 -, －7－
    PageMark("yi", re.compile(r"^一\s*\d{1,3}\s*一$")),  # 一 7 一: the dashes converted as 一
    PageMark("di_ye", re.compile(r"^第\s*\d{1,3}\s*页(?:\s*[,，、/]?\s*共\s*\d{1,3}\s*页)?$")),
    PageMark("of_total", re.compile(r"^\d{1,3}\s*/\s*\d{1,3}$"), in_run=True),  # 7/30
    PageMark("bare", re.compile(r"^\d{1,3}$"), in_run=True),
)
#: Lines that repeat on every page as content, never a running title: a table's 编制部门 and
#: 单位 lines, its number (表 1), its year caption ((2026 年), (2023年度)), a continued table's 续表.
NOT_RUNNING = re.compile(r"编制(?:部门|单位)|单\s*位\s*[:：]|^(?:表|公开)\s*\d+"
                         r"|^[（(]\s*\d{4}\s*年度?\s*[）)]$|^续表|表$")
#: A running title is a short line (a document's or a chapter's title), repeated at page breaks.
RUNNING_TITLE_CHARS = 40
FORM_FEED = "\f"  # a page break in a text file


def page_mark(text: str) -> PageMark | None:
    """The form of page footer ``text`` is, or ``None`` for text.

    Examples
    --------
    >>> [getattr(page_mark(t), "name", None) for t in ("─ 7 ─", "第 7 页", "7", "7.50", "一、")]
    ['dashes', 'di_ye', 'bare', None, None]
    """
    text = text.strip()
    return next((m for m in PAGE_MARKS if m.pattern.match(text)), None)


def page_mark_lines(lines: list[str]) -> set[int]:
    """The indexes of ``lines`` that are page footers or headers: each line of a sure form,
    and those of a form sure only in a run (a bare number) when two or more of them rise
    through the document (the longest rising run of their numbers; a bare number outside
    it is content). A line with a tab (a table's row) is never one.

    Examples
    --------
    >>> sorted(page_mark_lines(["正文。", "3", "正文。", "4", "人数", "2", "─ 5 ─", "x\t6", "6"]))
    [1, 3, 6, 8]
    >>> page_mark_lines(["人数", "7", "正文。"])  # a lone bare number is content
    set()
    """
    sure, run = set(), []
    for i, line in enumerate(lines):
        mark = None if "\t" in line else page_mark(line)
        if mark is not None and not mark.in_run:
            sure.add(i)
        elif mark is not None:
            run.append((i, int(re.match(r"\s*(\d+)", line).group(1))))
    rising = _longest_rising(run)
    return sure | (set(rising) if len(rising) >= 2 else set())


def _longest_rising(run: list[tuple[int, int]]) -> list[int]:
    """The indexes of the longest run of strictly rising numbers (first found on a tie)."""
    best: list[list[int]] = []
    for k, (_, number) in enumerate(run):
        before = [best[j] for j in range(k) if run[j][1] < number]
        best.append(max(before, key=len, default=[]) + [k])
    longest = max(best, key=len, default=[])
    return [run[k][0] for k in longest]


def running_title_lines(lines: list[str], breaks: set[int]) -> set[int]:
    """The indexes of ``lines`` that are running titles: a short line repeated identically at
    two or more page breaks (next to a page footer or form feed, ``breaks``, or between a
    sentence cut off and its continuation). Only the copies at a break are running titles;
    the same words elsewhere (the cover's title) are content. Headings (``#``), table rows,
    sentences and a table's preamble lines (:data:`NOT_RUNNING`) never are.

    Examples
    --------
    >>> lines = ["2026年某局部门预算", "", "正文。", "─ 1 ─", "2026年某局部门预算", "正文。",
    ...          "─ 2 ─", "2026年某局部门预算", "一段没有写完的", "2026年某局部门预算", "话。"]
    >>> sorted(running_title_lines(lines, page_mark_lines(lines)))
    [4, 7, 9]
    >>> running_title_lines(["编制部门：某局", "─ 1 ─", "编制部门：某局", "─ 2 ─"], {1, 3})
    set()
    >>> sorted(running_title_lines(["a\tb", "\f", "某局预算", "a\tb", "\f", "某局预算", "正文。"], set()))
    [2, 5]
    """
    filled = [i for i, line in enumerate(lines) if line.strip() or FORM_FEED in line]
    at_break: dict[str, list[int]] = {}
    for k, i in enumerate(filled):
        text = lines[i].strip().replace(FORM_FEED, "")
        if i in breaks or not _could_run(lines[i]):
            continue
        before = filled[k - 1] if k else None
        after = filled[k + 1] if k + 1 < len(filled) else None
        next_to_mark = FORM_FEED in lines[i] or any(
            j is not None and (j in breaks or FORM_FEED in lines[j]) for j in (before, after))
        cuts_sentence = before is not None and after is not None and _prose(lines[before]) \
            and not lines[before].strip().endswith(PARAGRAPH_END) and _prose(lines[after]) \
            and not LIST_MARKER.match(lines[after])
        if next_to_mark or cuts_sentence:
            at_break.setdefault(text, []).append(i)
    return {i for found in at_break.values() if len(found) >= 2 for i in found}


def _could_run(line: str) -> bool:
    text = line.strip().replace(FORM_FEED, "")
    return bool(text) and "\t" not in line and not text.startswith(("#", "-", "*", "|")) \
        and len(text) <= RUNNING_TITLE_CHARS and not text.endswith(PARAGRAPH_END) \
        and not NOT_RUNNING.search(text)


def _prose(line: str) -> bool:
    """A line of running text: not a heading, a table row or a page mark."""
    text = line.strip().replace(FORM_FEED, "")
    return bool(text) and "\t" not in line and not text.startswith("#") and page_mark(text) is None


def repeated_at_position(pages: list[list[tuple[str, float]]], least: int = 3,
                         slack: float = 3.0) -> set[tuple[int, int]]:
    """Running titles of a PDF: lines printed with the same text at the same height (within
    ``slack`` points) on ``least`` pages or more, given each page's header and footer lines
    as (text, top); a table's preamble (:data:`NOT_RUNNING`) is content. Returns (page index,
    line index) of each copy.

    Examples
    --------
    >>> pages = [[("某局2026年部门预算", 30.0), (f"第{n}页的正文", 80.0)] for n in (1, 2, 3)]
    >>> pages.append([("某局2026年部门预算", 300.0)])  # the same words elsewhere on a page
    >>> sorted(repeated_at_position(pages))
    [(0, 0), (1, 0), (2, 0)]
    >>> repeated_at_position([[("单位：万元", 40.0)]] * 4)
    set()
    """
    seen: Counter[tuple[str, int]] = Counter()
    keys = []
    for lines in pages:
        page_keys = {(re.sub(r"\s", "", text), round(top / slack)) for text, top in lines}
        keys.append(page_keys)
        seen.update(page_keys)

    def repeated(text: str, top: float) -> bool:
        text = re.sub(r"\s", "", text)
        if not text or NOT_RUNNING.search(text) or PAGE_FOOTER.match(text):
            return False
        near = {round(top / slack) + d for d in (-1, 0, 1)}
        return sum(any((text, b) in page for b in near) for page in keys) >= least

    return {(p, i) for p, lines in enumerate(pages)
            for i, (text, top) in enumerate(lines) if repeated(text, top)}
