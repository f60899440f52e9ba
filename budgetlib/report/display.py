"""Frames as an analyst reads them: Chinese headings, amounts to 0.01, percentages with %,
blanks for what is missing, messages whole.

:func:`to_display` gives a frame of text for a console or a file; :func:`show` gives a
pandas ``Styler`` for a notebook, with grouped headings merged. Both take any frame or
Series the package returns and never change it. The headings come from
:mod:`budgetlib.report.vocabulary`, which the workbook and the CSV files use too.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from budgetlib.audit.findings import SEVERITY_NAMES, rule_label
from budgetlib.registry import IDENTIFIED_BY
from budgetlib.report.vocabulary import (
    AMOUNT_COLUMNS,
    FIGURE_NAMES,
    FRACTION_COLUMNS,
    HEADINGS,
    PERCENT_COLUMNS,
)

#: Code values shown in words, by column.
_VALUE_NAMES = {"severity": SEVERITY_NAMES, "figure": FIGURE_NAMES, "identified": IDENTIFIED_BY}
#: Columns whose text is prose: wrapped in a notebook, never cut.
PROSE_COLUMNS = frozenset({"message", "reason", "text", "note", "link_note", "subject", "item",
                           "label", "name", "evidence", "scoring"})


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def _number(value: float, kind: str) -> str:
    """One number as shown: an amount to 0.01 with thousands separators, a percentage (or a
    fraction) with %, a whole number without decimals. A value that rounds to zero is shown
    as 0, never as -0.00: a difference of -0.003 is none at the printed precision."""
    if kind == "fraction":
        value = value * 100
    if kind == "whole":
        value = round(value) + 0.0  # + 0.0 turns a rounded -0.0 into 0.0
        return f"{value:,.0f}" if abs(value) >= 10_000 else f"{value:.0f}"
    value = round(value, 2) + 0.0
    if kind == "percent":
        return f"{value:,.2f}%"
    return f"{value:.2f}%" if kind == "fraction" else f"{value:,.2f}"


def column_kind(name: object, values: pd.Series, percent: frozenset[str] = frozenset()) -> str | None:
    """How a column's numbers are shown: ``percent``, ``fraction``, ``amount``, ``whole``
    (counts, lines and pages), or ``None`` for a column of text.

    >>> column_kind("pct", pd.Series([3.5])), column_kind("line", pd.Series([12.0, None]))
    ('percent', 'whole')
    >>> column_kind("people", pd.Series([2.5])), column_kind("reason", pd.Series(["x"]))
    ('amount', None)
    """
    if name in percent or name in PERCENT_COLUMNS:
        return "percent"
    if name in FRACTION_COLUMNS:
        return "fraction"
    numbers = [v for v in values if isinstance(v, int | float | np.integer | np.floating)
               and not isinstance(v, bool | np.bool_) and not _missing(v)]
    if name in AMOUNT_COLUMNS:
        return "amount"
    if not numbers:
        return None
    if all(float(v).is_integer() for v in numbers):
        return "whole"
    return "amount"


def _cell(value: object, kind: str | None, names: dict | None) -> str:
    if _missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return "是" if value else "否"
    if kind and isinstance(value, int | float | np.integer | np.floating):
        return _number(float(value), kind)
    text = str(value)
    return names.get(text, text) if names else text


def _as_frame(data: pd.DataFrame | pd.Series) -> pd.DataFrame:
    """A Series as a frame of its index and values; a frame's meaningful index (named, or of
    labels rather than row numbers) as its first columns, row numbers dropped."""
    if isinstance(data, pd.Series):
        data = data.to_frame(data.name if data.name is not None else "value")
    unnamed = all(n is None for n in data.index.names)
    if unnamed and pd.api.types.is_integer_dtype(data.index):
        return data.reset_index(drop=True)  # row numbers, filtered or not
    if unnamed and data.index.nlevels == 1:
        data = data.rename_axis("item" if "item" not in data.columns else "index")
    return data.reset_index()


def to_display(data: pd.DataFrame | pd.Series, columns: Iterable[str] | None = None,
               headings: dict[str, str] | None = None,
               percent: Iterable[str] = ()) -> pd.DataFrame:
    """A frame of text as the analyst reads it (a new frame; ``data`` is not changed).

    ``columns`` chooses and orders the columns; ``headings`` names some over the shared
    vocabulary; ``percent`` names columns that hold percentages beyond the usual ones (a
    final account's ``rate``). Severities, rules and figure codes are shown in words,
    ``True``/``False`` as 是/否, and a missing value as a blank.

    Examples
    --------
    >>> frame = pd.DataFrame({"item": ["行政运行"], "current": [2218.64408], "pct": [3.570907],
    ...                       "agrees": [True], "line": [12.0], "reason": [None]})
    >>> to_display(frame).to_dict("records")
    [{'项目': '行政运行', '本年': '2,218.64', '增减率': '3.57%', '与说明一致': '是', '行': '12', '原因': ''}]
    >>> to_display(pd.Series({"人员": 1.5}, name="change")).columns.tolist()
    ['项目', '增减']
    >>> two_sided = pd.DataFrame([["201", 1.0]], columns=pd.MultiIndex.from_tuples(
    ...     [("支出", "code"), ("支出", "功能分类/金额")]))
    >>> to_display(two_sided).columns.tolist()
    ['支出/科目编码', '支出/功能分类/金额']
    """
    frame = _as_frame(data)
    if columns is not None:
        frame = frame[list(columns)]
    labels = {**HEADINGS, **(headings or {})}
    percent = frozenset(percent)
    shown = {}
    for name in frame.columns:
        values = frame[name]
        kind = column_kind(name, values, percent)
        names = _VALUE_NAMES.get(name)
        if name == "rule":
            shown[name] = [("" if _missing(v) else rule_label(str(v))) for v in values]
        else:
            shown[name] = [_cell(v, kind, names) for v in values]
    out = pd.DataFrame(shown, index=range(len(frame)), columns=list(frame.columns))
    out.columns = [_label(c, labels) for c in frame.columns]
    return out


def _label(column: object, labels: dict[str, str]) -> str:
    """A column's heading; a two-sided table's column (收入, code) as the path "收入/科目编码"."""
    if isinstance(column, tuple):
        return "/".join(_label(part, labels) for part in column if isinstance(part, str) and part)
    return labels.get(column, str(column)) if isinstance(column, str) else str(column)


def _grouped(columns: pd.Index) -> pd.Index:
    """Headings printed as paths ("支出预算/合计") as levels, so that a group's heading is
    one merged cell over its columns."""
    # a heading printed again under itself (the 收入 side's 收入 column) is one heading
    paths = [[p for i, p in enumerate(parts) if i == 0 or p != parts[i - 1]]
             for parts in (str(c).split("/") for c in columns)]
    depth = max(len(p) for p in paths)
    if depth == 1:
        return columns
    return pd.MultiIndex.from_tuples([tuple(p + [""] * (depth - len(p))) for p in paths])


def show(data: pd.DataFrame | pd.Series, columns: Iterable[str] | None = None,
         headings: dict[str, str] | None = None, percent: Iterable[str] = ()) -> Styler:
    """A frame for a notebook: :func:`to_display`'s text with grouped headings merged,
    numbers right-aligned and prose wrapped (never cut), without the row index.

    Examples
    --------
    >>> frame = pd.DataFrame({"code": ["201"], "支出预算/合计": [12.5], "支出预算/基本支出": [10.0]})
    >>> html = show(frame).to_html()
    >>> "科目编码" in html and "12.50" in html and 'colspan="2"' in html
    True
    """
    source = _as_frame(data)
    if columns is not None:
        source = source[list(columns)]
    text = to_display(source, headings=headings, percent=percent)
    numeric = [i for i, name in enumerate(source.columns)
               if column_kind(name, source[name], frozenset(percent)) is not None]
    prose = [i for i, name in enumerate(source.columns) if name in PROSE_COLUMNS]
    text.columns = _grouped(text.columns)
    styler = text.style.hide(axis="index")
    styles = [{"selector": "th", "props": "text-align: center; white-space: nowrap;"},
              {"selector": "td", "props": "text-align: left; vertical-align: top;"}]
    styles += [{"selector": f"td.col{i}", "props": "text-align: right; white-space: nowrap;"}
               for i in numeric]
    styles += [{"selector": f"td.col{i}", "props": "white-space: pre-wrap; min-width: 12em; "
                "max-width: 40em;"} for i in prose]
    return styler.set_table_styles(styles)
