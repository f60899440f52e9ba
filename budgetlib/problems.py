"""Errors and recorded problems: a file that cannot be read, a document that lacks what an
analysis needs, and what was wrong in a document that still loaded."""

from __future__ import annotations

from dataclasses import dataclass


class BudgetReadError(ValueError):
    """A file that cannot be read as a budget disclosure at all.

    The message names the file, and the line where there is one.
    """

    def __init__(self, source: str, message: str, line: int | None = None):
        where = f"{source}, line {line}" if line is not None else source
        super().__init__(f"{where}: {message}")
        self.source = source
        self.line = line


class Lacking(ValueError):
    """The document lacks what a section needs; the message says what, in Chinese.

    A ``ValueError``, so callers that already treat a document's gaps as one go on
    doing so.
    """


@dataclass(frozen=True)
class Problem:
    """Something wrong in a document that was still loaded as far as it could be."""

    #: ``error`` (a figure could not be read), ``warning`` (a structure was not recognized)
    #: or ``info`` (something a reader of the data should know).
    severity: str
    #: What is wrong, in words that name the figures.
    message: str
    #: Line of the source text (or ``None``).
    line: int | None = None
    #: Title of the table concerned (or ``None``).
    table: str | None = None
    #: Page of a PDF source (or ``None``).
    page: int | None = None
