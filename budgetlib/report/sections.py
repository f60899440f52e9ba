"""Report sections that work with what a document has, and say in one line what they skip.

A notebook section runs inside :func:`section`. When the document lacks what the section
needs (a table, a stated change, a figure), the section prints one line,
``跳过「节名」：原因``, and the notebook goes on; ``budgetlib report`` gathers these lines
from the executed notebooks (:func:`skipped_lines`) and repeats them on stderr.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd

from budgetlib.problems import Lacking

#: The first word of every skip line; the report finds the lines by it.
SKIPPED = "跳过"
_SKIP_LINE = re.compile(rf"^{SKIPPED}「[^」]*」：.*$", re.MULTILINE)


def one_line(err: BaseException) -> str:
    """An error as one line: its message alone when it is a :class:`Lacking`, else its
    type and the first line of its message.

    Examples
    --------
    >>> one_line(Lacking("文档中没有部门收支总体情况表"))
    '文档中没有部门收支总体情况表'
    >>> one_line(KeyError("部门收支总体情况表"))
    "KeyError: '部门收支总体情况表'"
    """
    if isinstance(err, Lacking) and str(err).strip():
        return str(err).strip().splitlines()[0]
    return error_line(type(err).__name__, str(err))


def error_line(kind: str, message: str) -> str:
    """An error's type and the first line of its message (a raised error, or one a notebook
    cell shows).

    >>> error_line("KeyError", "'表'\\nmore")
    "KeyError: '表'"
    """
    lines = message.strip().splitlines()
    return f"{kind}: {lines[0]}" if lines else kind


def skip_line(name: str, why: str | BaseException) -> str:
    """The one line that says a section was skipped, and why.

    Examples
    --------
    >>> skip_line("以零为基数的“增长”", Lacking("说明中没有写明任何项目比上年的增减"))
    '跳过「以零为基数的“增长”」：说明中没有写明任何项目比上年的增减'
    """
    reason = one_line(why) if isinstance(why, BaseException) else why
    return f"{SKIPPED}「{name}」：{reason}"


def skipped_lines(text: str) -> list[str]:
    """The skip lines printed in some output (:func:`skip_line`), in order.

    Examples
    --------
    >>> skipped_lines("表格 3 张\\n跳过「绩效目标」：文档中没有绩效目标表\\n")
    ['跳过「绩效目标」：文档中没有绩效目标表']
    """
    return _SKIP_LINE.findall(text)


@contextmanager
def section(name: str) -> Iterator[None]:
    """Run a section; if it fails, print one :func:`skip_line` instead of a traceback.

    Whatever the section displayed before it failed stays. A :class:`Lacking` says what
    the document lacks; any other error is named by its type and message, so a gap the
    code did not foresee is still one line and the notebook still goes on.

    Examples
    --------
    >>> frame = pd.DataFrame(columns=["item", "change"])
    >>> with section("说明所述的增减"):
    ...     print(nonempty(frame, "说明中没有写明任何项目比上年的增减"))
    跳过「说明所述的增减」：说明中没有写明任何项目比上年的增减
    >>> with section("按文档版式"):
    ...     print({}["部门收支总体情况表"])
    跳过「按文档版式」：KeyError: '部门收支总体情况表'
    """
    try:
        yield
    except Exception as err:  # noqa: BLE001 - a section's failure is said, never raised
        sys.stdout.flush()  # the line follows what the section already printed
        print(skip_line(name, err))


def require_tables(doc, *titles: str) -> None:
    """Raise :class:`Lacking` unless the document has each table with amounts in it.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> require_tables(doc, "部门收支总体情况表")
    >>> require_tables(doc, "一般公共预算财政拨款支出决算表")
    Traceback (most recent call last):
    ...
    budgetlib.problems.Lacking: 文档中没有读出一般公共预算财政拨款支出决算表
    """
    for title in titles:
        frame = doc.tables.get(title)
        if frame is None:
            raise Lacking(f"文档中没有读出{title}")
        if frame["value"].notna().sum() == 0:
            raise Lacking(f"{title}没有金额（空表）")


def first_table(doc, *preferred: str) -> str:
    """The first of the ``preferred`` tables the document has with amounts, else its first
    table with amounts (a standard one if it has any); :class:`Lacking` when it has none.

    A section that shows one table as an example works with whatever the document has.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> first_table(doc, "收入支出决算总表", "部门支出总体情况表")
    '部门支出总体情况表'
    >>> first_table(doc, "收入支出决算总表")
    '部门收支总体情况表'
    """
    filled = [t for t, frame in doc.tables.items() if frame["value"].notna().any()]
    # a table the registry knows shows the document better than one it could not name
    known = [t for t in filled if getattr(doc.table_meta.get(t), "known", False)]
    found = next((t for t in preferred if t in filled), None) or next(iter(known + filled), None)
    if found is None:
        raise Lacking("文档中没有读出有金额的表格")
    return found


def nonempty(frame: pd.DataFrame, why: str) -> pd.DataFrame:
    """The frame itself, or :class:`Lacking` with ``why`` when it has no rows.

    This function does not mutate the frame.

    Examples
    --------
    >>> len(nonempty(pd.DataFrame({"a": [1]}), "没有行"))
    1
    >>> nonempty(pd.DataFrame(), "说明中没有写明人数")
    Traceback (most recent call last):
    ...
    budgetlib.problems.Lacking: 说明中没有写明人数
    """
    if frame.empty:
        raise Lacking(why)
    return frame


def contents(doc) -> str:
    """One line on what the document holds: its tables (empty ones counted), against the
    standard set they follow, its performance tables and its narrative.

    Examples
    --------
    >>> import budgetlib
    >>> print(contents(budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)).replace("；", "\\n"))
    读出表格 12 张（空表 4 张），财政部2026年部门预算公开十二表应有 12 张、读出其中 12 张：齐全
    绩效目标表 3 张
    说明 23 节
    """
    from budgetlib.audit import document_set

    titles = list(doc.tables)
    empty = sum(bool(meta.empty) for meta in doc.table_meta.values())
    parts = [f"读出表格 {len(titles)} 张" + (f"（空表 {empty} 张）" if empty else "")]
    # the set of the document's kind, year and region; none fits a 决算 today
    name, standard = document_set(doc)
    if name is None:
        parts[0] += "，没有与之相符的标准表格清单"
    else:
        missing = [t for t in standard if t not in doc.tables]
        parts[0] += (f"，{name}应有 {len(standard)} 张、读出其中 {len(standard) - len(missing)} 张："
                     + ("齐全" if not missing else f"缺{'、'.join(missing)}"))
    parts.append(f"绩效目标表 {len(doc.performance_tables)} 张")
    parts.append(f"说明 {sum(1 for s in doc.sections if s.paragraphs)} 节")
    return "；".join(parts)
