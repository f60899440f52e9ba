"""Cross-table identities of the standard set, as data.

Each identity says two figures must be equal. A figure is a table, a measure, and a row:
``"total"`` for the table's total row, ``"only"`` for a table of one row, ``{"label": …}``
or ``{"name": …}`` for a named row (a tuple of labels, names or codes: the sum of those rows).
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
    row: str | dict[str, str | tuple[str, ...]] = "total"

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


# Shanghai's 决算 (final accounts): 总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余
# = 本年支出合计 + 结余分配 + 年末结转和结余 is checked within each table by the total and
# subtotal rows (:data:`budgetlib.registry.SUBTOTAL_LABEL`); 合计 = 基本支出 + 项目支出 by
# the total columns; these are the figures two tables share.
F1, F2, F3, F4 = "收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表"
F5, F6 = "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表"
_F_IN, _F_OUT = {"label": "本年收入合计"}, {"label": "本年支出合计"}

FINAL_ACCOUNTS_IDENTITIES: tuple[Identity, ...] = (
    Identity("决算收支平衡", Figure(F1, "收入/决算数"), Figure(F1, "支出/决算数"),
             why="收入总计等于支出总计"),
    Identity("决算总表与收入决算表", Figure(F1, "收入/决算数", _F_IN), Figure(F2, "本年收入合计"),
             why="收入支出决算总表的本年收入合计即收入决算表的合计"),
    Identity("决算总表与支出决算表", Figure(F1, "支出/决算数", _F_OUT), Figure(F3, "本年支出合计"),
             why="收入支出决算总表的本年支出合计即支出决算表的合计"),
    Identity("财政拨款决算收支平衡", Figure(F4, "收入/决算数"), Figure(F4, "支出/合计"),
             why="财政拨款收入总计等于支出总计"),
    Identity("财政拨款收入（收入决算表与财政拨款总表）", Figure(F2, "财政拨款收入"),
             Figure(F4, "收入/决算数", _F_IN), why="财政拨款本年收入在两表中相同"),
    Identity("一般公共预算财政拨款支出（两表）", Figure(F4, "支出/一般公共预算财政拨款", _F_OUT),
             Figure(F5, "合计"), why="一般公共预算财政拨款本年支出在两表中相同"),
    Identity("基本支出（功能分类与经济分类，决算）", Figure(F5, "基本支出"),
             Figure(F6, "决算数", {"label": ("人员经费合计", "公用经费合计")}),
             why="一般公共预算财政拨款基本支出即人员经费合计与公用经费合计之和"),
    Identity("人员经费合计", Figure(F6, "决算数", {"label": "人员经费合计"}),
             Figure(F6, "决算数", {"code": ("301", "303")}),
             why="人员经费即工资福利支出与对个人和家庭的补助之和"),
    Identity("公用经费合计", Figure(F6, "决算数", {"label": "公用经费合计"}),
             Figure(F6, "决算数", {"code": ("302", "310")}),
             why="公用经费即商品和服务支出与资本性支出之和（表中同一栏）"),
)

IDENTITIES = (*IDENTITIES, *FINAL_ACCOUNTS_IDENTITIES)


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
            wanted = value if isinstance(value, tuple) else (value,)
            found = [c for c in found if getattr(c, column) in wanted]
    else:
        found = [c for c in found if isinstance(c.code, str)]
    return found or None
