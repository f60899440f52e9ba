"""The intermediate form every reader produces: blocks of headings, paragraphs and table
grids, with where each came from, before any table is recognized."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlib.problems import Problem

#: The marks that end a sentence or announce what follows: a paragraph ending otherwise and
#: broken off at a page break runs on after it.
PARAGRAPH_END = tuple("。！？；：”）)…」』")
#: A list item or numbered heading opens a paragraph of its own (一、 （一） 1. 1、 (1)).
LIST_MARKER = re.compile(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|"
                         r"[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d))")


@dataclass(frozen=True)
class Break:
    """Where a paragraph joined over a page break continues: the offset in its text of the
    first character after the break, and that character's line and page."""

    offset: int
    line: int | None = None
    page: int | None = None


def place(offset: int, line: int | None, page: int | None,
          breaks: tuple[Break, ...]) -> tuple[int | None, int | None]:
    """The line and page of the character at ``offset`` of a paragraph that starts at
    ``line``/``page`` and runs on over ``breaks``.

    >>> place(12, 5, None, (Break(10, line=9),)), place(3, 5, None, (Break(10, line=9),))
    ((9, None), (5, None))
    """
    for b in breaks:
        if offset >= b.offset:
            line, page = b.line, b.page
    return line, page


@dataclass(frozen=True)
class RawRow:
    """One row of a table as printed: its cells (markup removed) and where it came from."""

    cells: tuple[str, ...]
    #: Whether each cell was printed bold.
    bold: tuple[bool, ...]
    line: int | None = None
    page: int | None = None


@dataclass(frozen=True)
class Block:
    """A heading, a paragraph or a table grid, in document order."""

    #: ``heading``, ``paragraph`` or ``table``.
    kind: str
    text: str = ""
    rows: tuple[RawRow, ...] = ()
    line: int | None = None
    page: int | None = None
    #: Where a paragraph joined over page breaks continues, in order.
    breaks: tuple[Break, ...] = ()


@dataclass(frozen=True)
class PageLayout:
    """What a PDF page holds, for the layout rules: its size and the characters on it."""

    page: int
    chars: int
    #: Characters whose box lies partly outside the page (a printout cuts them off).
    outside: int
    #: The first few of them, as text, to quote.
    sample: str = ""
    images: int = 0
    #: The file the page is in, for documents in several files.
    file: str = ""


@dataclass
class RawDocument:
    """What a reader hands on: the source's blocks, before any table is recognized."""

    source: str
    blocks: list[Block]
    problems: list[Problem] = field(default_factory=list)
    #: One entry per page of a PDF (empty for other formats).
    pages: list[PageLayout] = field(default_factory=list)
