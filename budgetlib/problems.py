"""Errors and recorded problems: a file that cannot be read, a document that lacks what an
analysis needs, and what was wrong in a document that still loaded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


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


#: Words every problem made by :func:`guarded` carries: a part of a document that raised
#: where the reader foresaw nothing (tests look for it; a corpus document never has one).
UNFORESEEN = "未预料的错误"


def guarded(work: Callable[[], T], fallback: T, what: str, problems: list[Problem] | None, *,
            line: int | None = None, table: str | None = None, page: int | None = None) -> T:
    """Run one part of a read (a table, a section, a statement, an audit rule) so that
    nothing unforeseen in it stops the rest: any ``Exception`` becomes one ``error``
    problem appended to ``problems``, naming ``what``, its page and the exception, and
    ``fallback`` stands for the part's result. Without a list (``None``) nothing is caught:
    a pure function called on its own raises, and the guard of the part that calls it
    (a document's read, an audit rule) reports it.

    Expected doubts are the part's own problems; this is for what no code foresaw (a
    ``StopIteration`` from a layout never met), so a document still loads as far as it can.

    Examples
    --------
    >>> problems = []
    >>> guarded(lambda: 1 + 1, 0, "表格“甲”", problems)
    2
    >>> guarded(lambda: next(iter([])), [], "表格“乙”", problems, table="乙", page=7)
    []
    >>> problems[0].severity, problems[0].message
    ('error', '表格“乙”（第7页）：未预料的错误 StopIteration；此部分从略，其余照常进行')
    """
    try:
        return work()
    except Exception as err:  # noqa: BLE001 - the guard's purpose: no part stops the whole
        if problems is None:
            raise
        try:
            page = int(page)
        except (TypeError, ValueError):  # None, NaN or pd.NA: no page
            page = None
        where = f"（第{page}页）" if page is not None else ""
        said = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
        problems.append(Problem("error", f"{what}{where}：{UNFORESEEN} {said}；此部分从略，其余照常进行",
                                line, table, page))
        return fallback
