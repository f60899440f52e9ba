"""What an analyst must not meet in a notebook's tables: code names as headings, numbers
past two decimals, and None, NaN or <NA> where a value is missing."""

from __future__ import annotations

import html as _html
import re

_HEADER = re.compile(r"<th\b[^>]*>(.*?)</th>", re.DOTALL)
_CELL = re.compile(r"<td\b[^>]*>(.*?)</td>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
#: A heading that is a code name (snake_case or a plain English word), not words for a reader.
_CODE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: A cell that is one number printed past two decimals (a message may quote 6.947 %: it is prose).
_OVER_PRECISE = re.compile(r"-?[\d,]*\.\d{3,}%?")
_MISSING = {"None", "NaN", "nan", "<NA>", "NaT"}


def _texts(pattern: re.Pattern[str], page: str) -> list[str]:
    return [_html.unescape(_TAG.sub("", m)).strip() for m in pattern.findall(page)]


def faults(page: str) -> list[str]:
    """Each heading that is a code name, each number cell past two decimals and each cell
    that shows a missing value, in an HTML page's tables.

    >>> faults("<table><tr><th>rule</th><th>金额</th></tr><tr><td>3.5709</td><td>None</td></tr></table>")
    ['heading rule', 'number 3.5709', 'missing None']
    >>> faults("<table><tr><th>增减率</th></tr><tr><td>3.57%</td><td>1,234.50</td></tr></table>")
    []
    """
    found = [f"heading {h}" for h in _texts(_HEADER, page) if _CODE_NAME.fullmatch(h)]
    cells = _texts(_CELL, page)
    found += [f"number {c}" for c in cells if _OVER_PRECISE.fullmatch(c)]
    found += [f"missing {c}" for c in cells if c in _MISSING]
    return found
