"""The marks of a misread table: the reader's own mistakes, told apart from the publisher's.

A table the reader got wrong shows it in its reading: header words or two numbers in an
amount cell, a name that ends in an amount (a label and its figure read as one cell), a
column with no header, figures on a row whose name the rules put on another row, a header
the reader could not place. Such a table's findings rest on the reading, not on the
document: the audit (:mod:`budgetlib.audit.basis`) says so in their ``basis`` and keeps
``error`` and ``warning`` for what the publisher printed. Arithmetic is never a mark: a
total that fails, however it fails, is what the publisher printed.
"""

from __future__ import annotations

import re

import pandas as pd

from budgetlib.problems import Problem
from budgetlib.registry import TOTAL_WORDS

#: Reading problems (by :attr:`~budgetlib.problems.Problem.code`) that mean a table's cells
#: may be misplaced, and why, as a reviewer would read it. Each rests on what the reader
#: met, never on a sum.
MISREAD_MARKS: dict[str, str] = {
    # a printed cell of an amount column that is not a number: text in an amount column
    "amount_text": "金额格中有文字",
    # a printed cell of a code column that is not a code: a name read into the codes
    "code_text": "编码格中有文字",
    # two columns under one header path: a heading the reader could not place
    "repeated_header": "表头重复",
    # a column of figures with no heading over it
    "no_header": "列无表头",
    # a title not in the registry: its columns' roles and its total row are guessed
    "unregistered_table": "未识别的表格",
    # a name cell that holds a figure: a rule between the two was not seen
    "name_with_amount": "名称与金额读在一格",
    # a row's figures with no name, among named rows: the rules did not separate the rows
    # as printed (a tall name cell whose text fell on another row)
    "unnamed_row": "行名与金额错行",
    # one heading read at two depths: a heading placed over the wrong columns
    "ragged_header": "表头层级错位",
}
# a printed amount (two decimals) beside the words of a name, at either end
_NAME_WITH_AMOUNT = re.compile(r"[^\d\s,.]\s*-?\d[\d,]*\.\d{2}$|^[\d,]*\d\.\d{2}\s*[^\d\s,.%]")


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
    ['T：名称中带有金额（名称与金额读在一格）：“一、一般公共预算33,172.15”']
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
                "warning", f"{title}：名称中带有金额（名称与金额读在一格）：“{first['label']}”",
                None, title, _page(first), code="name_with_amount"))
        unnamed = _first_unnamed(frame)
        if unnamed is not None:
            problems.append(Problem(
                "warning", f"{title}：第 {unnamed['row'] + 1} 行有金额而无名称，其余各行都有名称："
                "名称与金额读在了不同的行", None, title, _page(unnamed), code="unnamed_row"))
        ragged = _ragged(frame["measure"].dropna().unique() if "measure" in frame else [])
        if ragged:
            problems.append(Problem("warning", f"{title}：表头层级不齐，部分列缺少上级表头："
                                    f"{' | '.join(ragged)}", None, title, code="ragged_header"))
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


def _first_unnamed(frame: pd.DataFrame) -> dict | None:
    """The first row, on a side of two rows or more, that prints figures but neither a name
    nor a code, as {"row", "page"}; None if none does. A table of one row (a 三公 table's
    figures under its headings) names nothing and is not one.

    >>> frame = pd.DataFrame({"side": None, "row": [0, 1, 2], "page": 9, "code": None,
    ...                       "label": ["收入总计", "", "公共财政拨款"], "raw": ["5.00", "5.00", None]})
    >>> _first_unnamed(frame)
    {'row': 1, 'page': 9}
    >>> _first_unnamed(frame.iloc[1:2]) is None
    True
    """
    if frame.empty or not {"label", "raw", "row"} <= set(frame.columns):
        return None
    blank = [None] * len(frame)
    rows: dict[tuple, list] = {}  # (side, row) → [named, prints a figure, page]
    for side, row, label, code, raw, page in zip(
            frame["side"] if "side" in frame else blank, frame["row"], frame["label"],
            frame["code"] if "code" in frame else blank, frame["raw"],
            frame["page"] if "page" in frame else blank, strict=True):
        entry = rows.setdefault((_key(side), int(row)), [False, False, page])
        entry[0] = entry[0] or any(isinstance(x, str) and bool(x.strip()) for x in (label, code))
        entry[1] = entry[1] or (isinstance(raw, str) and bool(raw.strip()))
    sides = [side for side, _ in rows]
    for (side, row), (named, printed, page) in rows.items():
        if printed and not named and sides.count(side) > 1:
            return {"row": row, "page": page}
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


def _page(record) -> int | None:
    page = record.get("page")
    return None if page is None or pd.isna(page) else int(page)  # None, NaN or pd.NA: no page
