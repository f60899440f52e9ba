"""Performance-target tables (绩效目标表): one row per indicator, plus the table's fields."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from budgetlib.parse.structure import TableGrid
from budgetlib.registry import INDICATOR_COLUMNS, PERFORMANCE_FIELDS, UNIT_FACTORS
from budgetlib.text import is_amount, join_wrapped, key, parse_amount

#: Columns of the indicator frame, in order.
INDICATOR_FRAME_COLUMNS = [
    "table", "subject", "level1", "level2", "indicator", "target", "operator", "target_value",
    "target_unit", "basis", "weight", "prior", "prior_value", "prior_unit", "scoring",
    "evidence", "line", "page",
]
_TARGET = re.compile(r"^(?P<op>[<>=≥≤＞＜＝]\s*=?)?\s*(?P<num>[-+]?\d+(?:\.\d+)?)\s*(?P<unit>\D*)$")
_OPERATORS = {"<=": "≤", ">=": "≥", "＝": "=", "＞": ">", "＜": "<", "＞=": "≥", "＜=": "≤"}
_SUBJECT_FIELDS = ("项目名称", "部门名称（盖章）", "部门名称", "预算单位")
# only amounts under a label that names its unit are funds (not 联系电话); kept in 万元
_FUNDS_UNIT = re.compile(r"[（(]\s*(万元|元)\s*[）)]")
_FIELD_KEYS = {key(label) for label in PERFORMANCE_FIELDS}
_COLUMN_KEYS = {key(k): v for k, v in INDICATOR_COLUMNS.items()}


@dataclass(frozen=True)
class PerformanceTable:
    """The fields of one performance-target table (its indicators are in ``doc.performance``)."""

    title: str
    #: The project, or the department for the 部门整体 table.
    subject: str
    #: Label → text of the rows above the indicators (项目负责人, 项目总体目标…).
    fields: dict[str, str]
    #: The amounts printed above the indicators: (label path, value in 万元, line).
    funds: tuple[tuple[str, float, int | None], ...]
    line: int | None = None
    page: int | None = None


def parse_target(text: str) -> tuple[str | None, float | None, str | None]:
    """Split a target such as "≥4 次" or "< =45.2 万元" into operator, number and unit.

    Examples
    --------
    >>> parse_target("< =45.2 万元")
    ('≤', 45.2, '万元')
    >>> parse_target("=100%")
    ('=', 100.0, '%')
    >>> parse_target("2026 年 12 月")
    (None, None, None)
    >>> parse_target("≥80.00(%)")
    ('≥', 80.0, '%')
    """
    match = _TARGET.match(text.strip())
    if not match:
        return None, None, None
    op = match.group("op")
    if op:
        op = re.sub(r"\s+", "", op)
        op = _OPERATORS.get(op, op)
    unit = join_wrapped(match.group("unit")).strip("()（）")  # "=100.00(%)"
    return op, float(match.group("num")), unit or None


def read_performance(grid: TableGrid) -> tuple[PerformanceTable, list[dict]]:
    """Read a performance-target grid: its fields and funds, and one record per indicator.

    Build the indicator frame with :func:`indicator_frame`.
    """
    rows = list(grid.rows)
    start = next((i for i, r in enumerate(rows)
                  if {"一级指标", "三级指标"} <= {key(c) for c in r.cells}), len(rows))
    fields, funds = _fields(rows[:start])
    subject = next((fields[f] for f in _SUBJECT_FIELDS if fields.get(f)), "")
    title = grid.spec.title if grid.spec else grid.title
    table = PerformanceTable(title, subject, fields, tuple(funds), grid.line, grid.page)
    return table, _indicators(rows[start:], title, subject)


def _fields(rows) -> tuple[dict[str, str], list[tuple[str, float, int | None]]]:
    fields: dict[str, str] = {}
    funds: list[tuple[str, float, int | None]] = []
    label = ""
    groups: dict[int, str] = {}  # column → group label of earlier continuation rows
    for row in rows:
        texts: list[str] = []
        labels = [bold or key(c) in _FIELD_KEYS for c, bold in zip(row.cells, row.bold, strict=False)]
        if any(is_label and c.strip() for c, is_label in zip(row.cells, labels, strict=False)):
            groups = {}
        first_text = None
        for col, (cell, is_label) in enumerate(zip(row.cells, labels, strict=False)):
            cell = join_wrapped(cell)
            if not cell:
                continue
            if is_label:
                label = cell
                fields.setdefault(label, "")
                texts = []
                continue
            unit = _FUNDS_UNIT.search(label)
            if is_amount(cell) and unit:
                path = [groups[c] for c in sorted(groups) if first_text is None or c < first_text]
                value = parse_amount(cell) * UNIT_FACTORS[unit.group(1)]
                funds.append(("/".join([label, *path, *texts]), value, row.line))
                texts = []
                continue
            if first_text is None:
                first_text = col
            groups[col] = cell
            texts.append(cell)
            fields[label] = " ".join(filter(None, [fields.get(label, ""), cell]))
    return fields, funds


def indicator_frame(records: list[dict]) -> pd.DataFrame:
    """One row per indicator, columns :data:`INDICATOR_FRAME_COLUMNS`."""
    return pd.DataFrame.from_records(records, columns=INDICATOR_FRAME_COLUMNS)


def _indicators(rows, title: str, subject: str) -> list[dict]:
    if not rows:
        return []
    names = {i: _COLUMN_KEYS.get(key(c)) for i, c in enumerate(rows[0].cells)}
    records = []
    level1 = level2 = ""
    for row in rows[1:]:
        values = {names[i]: join_wrapped(c) for i, c in enumerate(row.cells) if names.get(i)}
        if not any(values.values()):
            continue
        level1 = values.get("level1") or level1
        level2 = values.get("level2") or level2
        op, number, unit = parse_target(values.get("target", ""))
        _, prior_value, prior_unit = parse_target(values.get("prior", ""))
        weight = values.get("weight", "")
        records.append({
            "table": title, "subject": subject, "level1": level1, "level2": level2,
            "indicator": values.get("indicator"), "target": values.get("target"),
            "operator": op, "target_value": number, "target_unit": unit,
            "basis": values.get("basis"), "weight": float(weight) if is_amount(weight) else None,
            "prior": values.get("prior"), "prior_value": prior_value, "prior_unit": prior_unit,
            "scoring": values.get("scoring"), "evidence": values.get("evidence"),
            "line": row.line, "page": row.page,
        })
    return records
