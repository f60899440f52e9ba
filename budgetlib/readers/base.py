"""The intermediate form every reader produces: blocks of headings, paragraphs and tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlib.problems import Problem

#: A page's footer (or header) line, not text: "7", "- 7 -", "─ 7 ─", "－7－", "一 7 一",
#: "第 7 页", "第7页 共30页", "7/30". Readers drop it before lines are joined into paragraphs.
PAGE_FOOTER = re.compile(r"^\s*(?:一\s*\d{1,3}\s*一|[-—–─－―]*\s*(?:第\s*)?\d{1,3}(?:\s*页)?"
                         r"(?:\s*(?:共\s*\d{1,3}\s*页|/\s*\d{1,3}))?\s*[-—–─－―]*)\s*$")


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
