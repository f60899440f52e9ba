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
    #: What kind of problem it is, for code to select by (:data:`PROBLEM_CODES`); the message
    #: is for people and may be reworded.
    code: str = ""


#: Every problem's ``code``, and what it means.
PROBLEM_CODES: dict[str, str] = {
    "page_breaks": "分页处的页脚、页眉已去掉",
    "running_title": "页眉标题未作正文读取",
    "hidden_copy": "页面遮住的重复文字只读一次",
    "by_contents": "表格按目录位置识别",
    "untitled_table": "表格没有可识别的标题",
    "title_without_rows": "印有标题而无表格行",
    "subname_column": "无表头的名称列作为细项读取",
    "no_header": "列无表头",
    "repeated_header": "表头重复",
    "unregistered_table": "未识别的表格",
    "header_lacks": "表头缺少应有的栏目",
    "no_unit": "未印金额单位",
    "unknown_unit": "金额单位无法识别",
    "no_body": "没有表体行",
    "no_total_row": "没有合计行",
    "one_digit_code": "编码只印了一位",
    "code_placeholder": "编码格中是占位符",
    "code_text": "编码格中有文字",
    "amount_text": "金额格中有文字",
    "spanned_total": "跨栏只印一次的合计",
    "name_with_amount": "名称与金额读在一格",
    "unnamed_row": "行名与金额错行",
    "ragged_header": "表头层级错位",
    "department_read_as": "单位名称的读法",
    "no_department": "没有写明单位名称",
    "department_spelling": "单位名称有不同写法",
    "table_twice": "同一张表印了两次",
    "unforeseen": "未预料的错误",
}


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
                                line, table, page, code="unforeseen"))
        return fallback
