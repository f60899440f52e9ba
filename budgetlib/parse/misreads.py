"""The marks of a misread table: the reader's own mistakes, told apart from the publisher's.

A table the reader got wrong shows it: header words or two numbers in an amount cell, a
name that ends in an amount (a label and its figure read as one cell), a column with no
header, rows printed twice in a row, a total exactly twice or half its parts. Such a
table's findings rest on the reading, not on the document: the audit says so in their
``basis`` and keeps ``error`` and ``warning`` for what the publisher printed.
"""

from __future__ import annotations

import re

import pandas as pd

from budgetlib.problems import Problem
from budgetlib.registry import TOTAL_WORDS

#: Messages of reading problems that mean a table's cells may be misplaced, and why, as a
#: reviewer would read it.
MISREAD_MARKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"where an amount belongs"), "金额格中有文字"),
    (re.compile(r"code “.*” is not a number"), "编码格中有文字"),
    (re.compile(r"has a repeated header"), "表头重复"),
    (re.compile(r"has no header; named"), "列无表头"),
    (re.compile(r"is not in the registry"), "未识别的表格"),
    (re.compile(r"a name ends in an amount"), "名称与金额读在一格"),
    (re.compile(r"printed twice in a row"), "行重复"),
    (re.compile(r"a header heading missing over some of its columns"), "表头层级错位"),
)
# a printed amount (two decimals) beside the words of a name, at either end
_NAME_WITH_AMOUNT = re.compile(r"[^\d\s,.]\s*-?\d[\d,]*\.\d{2}$|^[\d,]*\d\.\d{2}\s*[^\d\s,.%]")
#: Reading-basis labels of a finding (the ``basis`` column).
BASIS_DOCUMENT = "文档"
BASIS_READING = "读取存疑"


def misread_problems(tables: dict[str, pd.DataFrame],
                     printed: dict[str, list[str]] | None = None) -> list[Problem]:
    """Problems for the marks of a misread that only the read tables show.

    ``printed`` holds the cell texts of tables read without any amount, by title: a table
    that prints its figures inside its names reads as empty.

    Examples
    --------
    >>> frame = pd.DataFrame({"table": "T", "side": "", "row": [1, 2], "page": 3,
    ...                       "label": ["一、一般公共预算33,172.15", "二、政府性基金预算"]})
    >>> [p.message for p in misread_problems({"T": frame})]
    ['T: a name ends in an amount (a label and its figure read as one cell): “一、一般公共预算33,172.15”']
    """
    problems = []
    for title, frame in tables.items():
        if frame.empty or "label" not in frame:
            cells = [c for c in (printed or {}).get(title, []) if _NAME_WITH_AMOUNT.search(c)]
            first = {"label": cells[0], "page": None} if cells else None
        else:
            first = _first_glued(frame)
        if first is not None:
            problems.append(Problem(
                "warning", f"{title}: a name ends in an amount (a label and its figure read as one "
                f"cell): “{first['label']}”", None, title, _page(first)))
        ragged = _ragged(frame["measure"].dropna().unique() if "measure" in frame else [])
        if ragged:
            problems.append(Problem("warning", f"{title}: a header heading missing over some of "
                                    f"its columns: {' | '.join(ragged)}", None, title))
    return problems


def _first_glued(frame: pd.DataFrame) -> dict | None:
    """The first row (one a side and row: a row's cells share its label) whose label ends
    or starts in an amount, as {"label", "page"}; None if none does."""
    seen: set[tuple] = set()
    pages = frame["page"] if "page" in frame else [None] * len(frame)
    for side, row, label, page in zip(frame["side"], frame["row"], frame["label"], pages, strict=True):
        key = (_key(side), _key(row))
        if key in seen:
            continue
        seen.add(key)
        if not isinstance(label, str):
            label = "" if pd.isna(label) else str(label)
        if _NAME_WITH_AMOUNT.search(label):
            return {"label": label, "page": page}
    return None


def _key(value):
    """A value as a key: every missing value (None, NaN, pd.NA) the same one."""
    return None if not isinstance(value, str) and pd.isna(value) else value


def _ragged(measures) -> list[str]:
    """Measures with one group and one last heading printed at different depths
    ("支出/金额" beside "支出/支出用途/金额"): a heading read in the wrong column.

    >>> _ragged(["收入/金额", "支出/金额", "支出/支出用途/金额"])
    ['支出/支出用途/金额', '支出/金额']
    >>> _ragged(["支出预算/合计", "支出预算/基本支出"])
    []

    A figure printed under every heading (预算数 | 决算数 under each of the 三公 parts) is
    left aside, so that the headings above it are compared:

    >>> _ragged(["三公/合计/预算数", "三公/合计/决算数", "三公/车/小计/预算数", "三公/车/小计/决算数"])
    []
    """
    measures = [str(m) for m in measures]
    leaves = [m.rsplit("/", 1)[-1] for m in measures]
    if measures and all("/" in m for m in measures) and 2 <= len(set(leaves)) <= 3 and all(
            leaves.count(leaf) > 1 for leaf in leaves) and len(set(leaves)) < len(measures):
        measures = list(dict.fromkeys(m.rsplit("/", 1)[0] for m in measures))
    seen: dict[tuple[str, str], set[str]] = {}
    for measure in measures:
        parts = str(measure).split("/")
        if len(parts) > 1 and parts[-1] not in TOTAL_WORDS:  # subtotals nest
            seen.setdefault((parts[0], parts[-1]), set()).add(str(measure))
    return sorted(m for paths in seen.values() if len({p.count("/") for p in paths}) > 1 for m in paths)


def suspect_tables(problems: list[Problem], findings: pd.DataFrame) -> dict[str, str]:
    """Tables read with a mark of a misread, and the first mark, by title.

    Besides the reading problems, a total found exactly twice (or half) its parts is one:
    the reader summed a column twice or missed half of it.

    Examples
    --------
    >>> found = pd.DataFrame({"rule": ["total_row"], "table": ["T"], "expected": [20.0],
    ...                       "actual": [10.0]})
    >>> suspect_tables([Problem("error", "T: “单位：元” where an amount belongs", None, "U")], found)
    {'U': '金额格中有文字', 'T': '合计恰为各项之和的一半或两倍'}
    """
    marks: dict[str, str] = {}
    for problem in problems:
        why = next((label for pattern, label in MISREAD_MARKS if pattern.search(problem.message)), None)
        if why and problem.table:
            marks.setdefault(problem.table, why)
    sums = findings[findings["rule"].isin(["total_row", "children_sum", "row_parts"])]
    for record in sums.itertuples():
        doubled = record.expected and record.actual and min(
            abs(record.actual - 2 * record.expected), abs(record.expected - 2 * record.actual)) < 0.015
        if record.table and doubled:
            marks.setdefault(record.table, "合计恰为各项之和的一半或两倍")
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


def _page(record) -> int | None:
    page = record.get("page")
    return None if page is None or pd.isna(page) else int(page)  # None, NaN or pd.NA: no page
