"""Where a table's header ends: one rule, for the readers and for the table layer."""

from __future__ import annotations

import re

from budgetlib.registry import HEADER_WORDS, OUTLINE, TOTAL_LABEL, key_role
from budgetlib.text import is_amount, key

_HEADER_KEYS = {key(word) for word in HEADER_WORDS}
# a row of short, digit-free labels is a header row even when it starts with 合计
_HEADING_LIKE = re.compile(r"^\D{1,15}$")


def header_rows(rows: list[tuple[str, ...]]) -> int:
    """Count the header rows at the top of a grid.

    The first row is a header; later rows are while they hold no amount and start
    blank or with a header word (类, 科目代码, 项目…). A lone total row ends the header.

    Examples
    --------
    >>> header_rows([("科目", "", "合计"), ("类", "款", ""), ("201", "", "1.00")])
    2
    >>> header_rows([("项目", "合计"), ("", "一般公共预算"), ("", "总计")])
    2
    """
    count = 0
    for i, cells in enumerate(rows):
        filled = [c.strip() for c in cells if c.strip()]
        if any(is_amount(c) for c in filled):
            break
        first = cells[0].strip()
        if i and first and any(p.match(first) for p, _ in OUTLINE):  # "一、财政拨款收入"
            break
        if i and first and key(first) not in _HEADER_KEYS and not key_role(first) and not (
            len(filled) > 1 and all(_HEADING_LIKE.match(c) for c in filled)
        ):
            break
        if i and len(filled) == 1 and TOTAL_LABEL.match(key(filled[0])):
            break
        count = i + 1
    return count
