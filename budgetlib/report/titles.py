"""Titles for charts and sheets: the department, year and kind, then the subject and unit.

Shared by the matplotlib charts and the workbook's native charts, so a chart pasted into
a report says whose figures it shows whichever way it was made.
"""

from __future__ import annotations

import re


def heading(subject: str, about: dict | None = None, unit: str | None = "万元",
            note: str | None = None) -> str:
    """A chart's title: the department, year and kind on one line, then the subject with
    its unit (and a note).

    Examples
    --------
    >>> print(heading("支出结构", {"department": "某局", "year": 2025, "kind": "部门预算"}))
    某局 2025年部门预算
    支出结构（万元）
    >>> heading("人均经费（万元）", {}, "万元/人", note="在职 5 人")
    '人均经费（万元/人；在职 5 人）'
    """
    about = about or {}
    for given in {unit, "万元"} - {None}:  # a subject that already ends with its unit
        subject = re.sub(rf"[（(]{re.escape(given)}[）)]$", "", subject)
    inside = "；".join(p for p in (unit, note) if p)
    text = f"{subject}（{inside}）" if inside else subject
    year, kind = about.get("year"), about.get("kind")
    when = f"{year}年{kind or '预算'}" if year else (kind or "")
    who = " ".join(str(p) for p in (about.get("department"), when) if p)
    return f"{who}\n{text}" if who else text
