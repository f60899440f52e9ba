"""What a finding rests on: the publisher's figures (文档) or a doubtful reading (读取存疑).

A table is doubtful only where its reading shows it: a reading problem that is one of the
marks of a misread (:data:`~budgetlib.parse.misreads.MISREAD_MARKS`). Arithmetic alone never
makes a table doubtful: a cleanly read table whose sums fail is the publisher's error, at
full severity, however its figures fail (a row's cell that is its column's total makes the
total exactly twice its parts, and is still the publisher's).
"""

from __future__ import annotations

import pandas as pd

from budgetlib.parse.misreads import MISREAD_MARKS
from budgetlib.problems import Problem

#: Reading-basis labels of a finding (the ``basis`` column).
BASIS_DOCUMENT = "文档"
BASIS_READING = "读取存疑"


def suspect_tables(problems: list[Problem]) -> dict[str, str]:
    """Tables read with a mark of a misread, and the first mark, by title.

    Examples
    --------
    >>> suspect_tables([Problem("error", "T：金额格中是“单位：元”", None, "T", code="amount_text"),
    ...                 Problem("info", "U：未印金额单位，按万元读取", None, "U", code="no_unit")])
    {'T': '金额格中有文字'}
    """
    marks: dict[str, str] = {}
    for problem in problems:
        why = MISREAD_MARKS.get(problem.code)
        if why and problem.table:
            marks.setdefault(problem.table, why)
    return marks


def with_basis(findings: pd.DataFrame, suspects: dict[str, str]) -> pd.DataFrame:
    """The findings with their ``basis``: a finding on a suspect table rests on the reading, so
    it is ``info`` with the mark named; every other keeps its severity (a new frame).

    Examples
    --------
    >>> found = pd.DataFrame({"rule": ["total_row", "total_row"], "severity": ["error", "error"],
    ...                       "table": ["T", "U"]})
    >>> with_basis(found, {"T": "列无表头"})[["severity", "basis"]].values.tolist()
    [['info', '读取存疑：列无表头'], ['error', '文档']]
    """
    out = findings.copy()
    reason = out["table"].map(suspects)
    suspect = reason.notna() & out["severity"].isin(["error", "warning"])
    out["basis"] = BASIS_DOCUMENT
    out.loc[suspect, "basis"] = [f"{BASIS_READING}：{why}" for why in reason[suspect]]
    out.loc[suspect, "severity"] = "info"
    return out
