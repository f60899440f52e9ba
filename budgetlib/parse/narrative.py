"""The narrative: the table of contents, and sections with their paragraphs and lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from budgetlib.readers import Block
from budgetlib.readers.blocks import LIST_MARKER, PARAGRAPH_END, Break, place
from budgetlib.text import key

#: Outline markers of headings and the level each stands for.
HEADING_LEVELS = (
    (re.compile(r"^第[一二三四五六七八九十]+部分"), 1),
    (re.compile(r"^[一二三四五六七八九十]+[、.．]"), 2),
    (re.compile(r"^[（(][一二三四五六七八九十]+[）)]"), 3),
    (re.compile(r"^\d+[、.．]"), 4),
)
_CONTENTS = "目录"
_LEADER = "……"


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int | None
    page: int | None = None
    #: Where the paragraph runs on over a page break (offset in ``text``, line, page).
    breaks: tuple[Break, ...] = ()

    def at(self, offset: int) -> tuple[int | None, int | None]:
        """The line and page of the character at ``offset`` of the text.

        >>> p = Paragraph("第一页的半句第二页的半句。", None, 6, (Break(6, page=7),))
        >>> p.at(0), p.at(8)
        ((None, 6), (None, 7))
        """
        return place(offset, self.line, self.page, self.breaks)


@dataclass(frozen=True)
class Section:
    """A heading and the paragraphs under it (not those of its subsections)."""

    title: str
    #: 0 for the cover, 1 for 第X部分, 2 for 一、, 3 for （一）, 4 for 1.
    level: int
    line: int | None
    paragraphs: tuple[Paragraph, ...]
    #: Titles of the enclosing sections, outermost first.
    path: tuple[str, ...] = ()


def _entry_key(text: str) -> str:
    """A contents entry and its heading compare without marker, leaders or page number."""
    text = re.sub(r"[.…·\s]*\d*$", "", key(text))
    for pattern, _ in HEADING_LEVELS:
        text = pattern.sub("", text)
    return text


def heading_level(title: str) -> int:
    """The outline level of a heading, from its marker (not from its ``#`` count).

    Examples
    --------
    >>> heading_level("第三部分 2026 年部门预算情况说明"), heading_level("（三）国有资产")
    (1, 3)
    """
    text = title.strip()
    for pattern, level in HEADING_LEVELS:
        if pattern.match(text):
            return level
    return 2


def runs_over_page(last: Paragraph, block: Block) -> bool:
    """Whether ``block`` continues paragraph ``last`` over a page break: ``last`` stops
    without ending its sentence at a page's foot and ``block`` does not open a list item.

    Examples
    --------
    >>> runs_over_page(Paragraph("主要原因是本年", None, 6), Block("paragraph", "工作量增加。", page=7))
    True
    >>> runs_over_page(Paragraph("主要原因是本年", None, 6), Block("paragraph", "二、项目支出", page=7))
    False
    >>> over = Paragraph("第6页起第7页止", None, 6, (Break(4, page=7),))  # ends on page 7
    >>> runs_over_page(over, Block("paragraph", "第7页。", page=7))
    False
    """
    ends = next((b.page for b in reversed(last.breaks) if b.page is not None), last.page)
    return (block.kind == "paragraph" and ends is not None and block.page is not None
            and block.page > ends and not last.text.rstrip().endswith(PARAGRAPH_END)
            and not LIST_MARKER.match(block.text))


def table_cuts(blocks: list[Block], narrative: list[Block]) -> set[int]:
    """The indexes of ``narrative`` (a selection of ``blocks``, in order) whose block does not
    follow the one before it in ``blocks``: a table (or its title) was printed between them.

    >>> a, b, t, c = (Block("paragraph", x) for x in "abtc")
    >>> table_cuts([a, b, t, c], [a, b, c])
    {2}
    """
    index = {id(b): i for i, b in enumerate(blocks)}
    return {k for k in range(1, len(narrative))
            if index.get(id(narrative[k]), -1) - index.get(id(narrative[k - 1]), -1) != 1}


def read_sections(blocks: list[Block], cuts: set[int] | frozenset[int] = frozenset()
                  ) -> tuple[list[Section], list[Paragraph]]:
    """Group narrative blocks into sections; return the sections and the contents entries.

    The table of contents runs from a "目录" heading until a heading it already listed
    comes round again. A section's paragraph broken off at a page's foot without ending its
    sentence is one paragraph with the text that continues it on the next page
    (:func:`runs_over_page`), unless something else was printed between them (``cuts``:
    indexes of blocks that a table separates from the block before).

    Examples
    --------
    >>> blocks = [Block("heading", "一、收入预算"), Block("paragraph", "主要原因是本年", page=6),
    ...           Block("paragraph", "工作量增加。", page=7)]
    >>> sections, _ = read_sections(blocks)
    >>> sections[0].paragraphs[0].text, sections[0].paragraphs[0].at(7)
    ('主要原因是本年工作量增加。', (None, 7))
    >>> len(read_sections(blocks, cuts={2})[0][0].paragraphs)  # a table between them
    2
    """
    sections: list[Section] = []
    contents: list[Paragraph] = []
    title, level, line, paragraphs = "", 0, None, []
    in_contents, listed = False, set()
    stack: list[tuple[int, str]] = []

    def close() -> None:
        if title or paragraphs:
            path = tuple(t for lv, t in stack if lv < level)
            sections.append(Section(title, level, line, tuple(paragraphs), path))

    for k, block in enumerate(blocks):
        text = block.text.strip()
        if len(text) <= 6 and key(text) == _CONTENTS:  # key() is costly on long paragraphs
            in_contents = True
            continue
        if in_contents:
            # a contents list ends where a heading it listed comes round again, or, for one
            # printed with dot leaders (a PDF's), at the first heading
            # or at an unnumbered heading on a page after the list's last entry (the first
            # section's own title, "某某委员会主要职能"; a numbered one may be an entry)
            turned = block.page is not None and contents and contents[-1].page is not None \
                and block.page > contents[-1].page and not any(p.match(text) for p, _ in HEADING_LEVELS)
            if block.kind == "heading" and (_entry_key(text) in listed or turned or any(
                    _LEADER in p.text for p in contents)):
                in_contents = False
            else:
                listed.add(_entry_key(text))
                contents.append(Paragraph(text.lstrip("- ").strip(), block.line, block.page))
                continue
        if block.kind == "heading" and not sections and level == 0 and not paragraphs and not any(
            pattern.match(text) for pattern, _ in HEADING_LEVELS
        ):  # an unnumbered heading opening the document is the cover's title
            paragraphs.append(Paragraph(text, block.line, block.page))
            continue
        if block.kind == "heading":
            close()
            title, level, line, paragraphs = text, heading_level(text), block.line, []
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, title))
        elif level > 0 and paragraphs and k not in cuts and runs_over_page(paragraphs[-1], block):
            last = paragraphs[-1]
            shift = len(last.text)
            breaks = (Break(shift, block.line, block.page),
                      *(Break(b.offset + shift, b.line, b.page) for b in block.breaks))
            paragraphs[-1] = Paragraph(last.text + text, last.line, last.page, (*last.breaks, *breaks))
        else:
            paragraphs.append(Paragraph(text, block.line, block.page, block.breaks))
    close()
    return sections, contents


def paragraphs_frame(sections: list[Section]) -> pd.DataFrame:
    """One row per paragraph: its section, the section's path, the text and the line."""
    records = [
        {"section": s.title, "path": " / ".join((*s.path, s.title)), "level": s.level,
         "text": p.text, "line": p.line, "page": p.page}
        for s in sections for p in s.paragraphs
    ]
    return pd.DataFrame.from_records(records, columns=["section", "path", "level", "text", "line", "page"])
