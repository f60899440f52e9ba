"""The intermediate form every reader produces: blocks of headings, paragraphs and tables."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..problems import Problem


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


@dataclass
class RawDocument:
    """What a reader hands on: the source's blocks, before any table is recognized."""

    source: str
    blocks: list[Block]
    problems: list[Problem] = field(default_factory=list)
