"""The intermediate form every reader produces: blocks of headings, paragraphs and tables."""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetlib.problems import Problem


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
