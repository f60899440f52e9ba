"""Cross-table identities of the standard set, as data.

Each identity says two figures must be equal. A figure is a table, a measure, and a row:
``"total"`` for the table's total row, ``"only"`` for a table of one row, ``{"label": …}``
or ``{"name": …}`` for a named row.
An identity ``by="code"`` compares the two measures code by code, over every code either
table prints. Identities whose tables a document does not have are skipped, so one list
serves every layout; a layout that needs others adds entries here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Figure:
    table: str
    #: The measure, or its alternatives in the layouts that print it differently; compared
    #: without a leading year or 本年 in each part ("2024年“三公”经费预算数/合计").
    measure: str | tuple[str, ...]
    row: str | dict[str, str] = "total"

    @property
    def measures(self) -> tuple[str, ...]:
        return (self.measure,) if isinstance(self.measure, str) else self.measure


_MEASURE_NOISE = re.compile(r"(^|/)(?:20\d{2}年度?|本年)")


def measure_key(measure: str) -> str:
    """A measure path without a leading year or 本年 in its parts.

    Examples
    --------
    >>> measure_key("2024年“三公”经费预算数/合计"), measure_key("本年收入/预算数")
    ('“三公”经费预算数/合计', '收入/预算数')
    """
    return _MEASURE_NOISE.sub(r"\1", measure)


@dataclass(frozen=True)
class Identity:
    name: str
    left: Figure
    right: Figure
    #: ``None`` to compare two single figures, ``"code"`` to compare row by row.
    by: str | None = None
    #: Why the two must agree, for the finding's message.
    why: str = ""
    severity: str = "error"


T1, T2, T3 = "部门收支总体情况表", "部门收入总体情况表", "部门支出总体情况表"
T4 = "财政拨款收支预算总体情况表"
T5, T6, T7 = "一般公共预算支出情况表", "一般公共预算基本支出情况表", "一般公共预算项目支出情况表"
T10 = "财政拨款“三公”经费支出情况表"
_IN, _OUT = ("收入/预算数", "本年收入/预算数"), ("支出/预算数", "本年支出/预算数")
SH3 = "“三公”经费和机关运行经费预算表"
JS3 = "“三公”经费、会议费、培训费支出预算表"
JS5 = "财政拨款支出预算表"
JS11 = "一般公共预算机关运行经费支出预算表"

IDENTITIES: tuple[Identity, ...] = (
    Identity("收支平衡", Figure(T1, _IN), Figure(T1, _OUT),
             why="收入总计等于支出总计"),
    Identity("收入总表与收入表", Figure(T1, _IN), Figure(T2, ("总计", "收入预算/合计")),
             why="部门收支总体情况表的收入总计即部门收入总体情况表的总计"),
    Identity("支出总表与支出表", Figure(T1, _OUT), Figure(T3, "支出预算/合计"),
             why="部门收支总体情况表的支出总计即部门支出总体情况表的合计"),
    Identity("收入表与支出表（按科目）", Figure(T2, ("总计", "收入预算/合计"), "code"),
             Figure(T3, "支出预算/合计", "code"),
             by="code", why="同一科目的收入合计与支出合计相等"),
    Identity("收支总表与支出表（按科目）", Figure(T1, "支出/预算数", "code"),
             Figure(T3, "支出预算/合计", "code"), by="code",
             why="部门收支总体情况表列出的各类支出即部门支出总体情况表的类级合计"),
    Identity("财政拨款收支平衡", Figure(T4, ("财政拨款收入/合计", "财政拨款收入/预算数")),
             Figure(T4, "财政拨款支出/合计"), why="财政拨款收入总计等于支出总计"),
    Identity("一般公共预算拨款（收入）", Figure(T1, "收入/预算数", {"label": "1. 一般公共预算拨款"}),
             Figure(T4, "财政拨款收入/合计", {"name": "一般公共预算"}),
             why="两张总表的一般公共预算拨款收入相同"),
    Identity("财政拨款表与一般公共预算支出表", Figure(T4, "财政拨款支出/一般公共预算"),
             Figure(T5, "一般公共预算支出/合计"), why="一般公共预算支出合计在两表中相同"),
    Identity("财政拨款表与一般公共预算支出表（按科目）", Figure(T4, "财政拨款支出/一般公共预算", "code"),
             Figure(T5, "一般公共预算支出/合计", "code"), by="code",
             why="同一类科目的一般公共预算支出在两表中相同"),
    Identity("收入表与一般公共预算支出表（按科目）", Figure(T2, "财政拨款（补助）/一般公共预算", "code"),
             Figure(T5, "一般公共预算支出/合计", "code"), by="code",
             why="同一科目的一般公共预算收入与支出相同"),
    Identity("基本支出（功能分类与经济分类）", Figure(T5, "一般公共预算支出/基本支出"),
             Figure(T6, "一般公共预算基本支出/合计"), why="基本支出按功能分类与按经济分类的合计相同"),
    Identity("项目支出（支出表与项目表）", Figure(T5, "一般公共预算支出/项目支出"),
             Figure(T7, "项目支出合计"),
             why="一般公共预算项目支出合计即项目支出情况表的合计"),
    Identity("项目支出（按科目）", Figure(T5, "一般公共预算支出/项目支出", "code"),
             Figure(T7, "项目支出合计", "code"), by="code",
             why="同一科目的项目支出在两表中相同"),
)


def figure_cells(cells: Mapping[str, Sequence[Any]], figure: Figure) -> list | None:
    """The cells a :class:`Figure` names (several for ``row="code"``), in table order, or ``None``.

    ``cells`` holds each table's cells as records with the tidy columns as attributes
    (:func:`budgetlib.parse.tables.table_cells`).
    """
    table = cells.get(figure.table)
    if not table:
        return None
    keys = {m: measure_key(m) for m in dict.fromkeys(c.measure for c in table)}
    wanted = next((m for m in map(measure_key, figure.measures) if m in keys.values()), None)
    found = [c for c in table if keys[c.measure] == wanted]
    if figure.row == "only":  # a table of one row, such as Shanghai's 三公 and 机关运行经费
        found = found if len({c.row for c in table}) == 1 else []
    elif figure.row == "total":
        found = [c for c in found if c.row_type == "total"]
    elif isinstance(figure.row, dict):
        for column, value in figure.row.items():
            found = [c for c in found if getattr(c, column) == value]
    else:
        found = [c for c in found if isinstance(c.code, str)]
    return found or None
