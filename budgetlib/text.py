"""Small text helpers: markup, line-wrap repair, amounts and matching keys."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# CJK ideographs, CJK and full-width punctuation, and curly quotes: a space between two of
# these is a line wrap of the PDF conversion, never a real separator.
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’"
_WRAP_SPACE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_TAG = re.compile(r"</?(?:b|p|strong|br)\s*/?>", re.IGNORECASE)
_BOLD = re.compile(r"<b>|\*\*", re.IGNORECASE)
_AMOUNT = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DASHES = {"-", "—", "－", "–", "--", "——"}


def strip_markup(cell: str) -> tuple[str, bool]:
    """Remove ``<b>``, ``<p>`` and ``**`` markup; tell whether the cell was bold.

    Examples
    --------
    >>> strip_markup("<b>167.55</b>")
    ('167.55', True)
    >>> strip_markup("**第四部分 名词解释**")
    ('第四部分 名词解释', True)
    """
    bold = bool(_BOLD.search(cell))
    text = _TAG.sub("", cell).replace("**", "")
    return text.strip(), bold


def join_wrapped(text: str) -> str:
    """Repair names broken by a line wrap: drop whitespace between CJK characters.

    Examples
    --------
    >>> join_wrapped("其他政府办公厅（室）及相关机构 事务支出")
    '其他政府办公厅（室）及相关机构事务支出'
    >>> join_wrapped("2026 年 12 月")
    '2026 年 12 月'
    """
    return _WRAP_SPACE.sub("", text.strip())


def parse_amount(cell: str) -> float | None:
    """Read an amount as printed; ``None`` for a blank or a lone dash.

    Raises ``ValueError`` for anything else that is not a number, so that a
    non-number where an amount belongs is never read as zero.

    Examples
    --------
    >>> parse_amount("1,234.50")
    1234.5
    >>> parse_amount("") is None
    True
    >>> parse_amount("12O.5")
    Traceback (most recent call last):
    ...
    ValueError: not an amount: '12O.5'
    """
    text = cell.strip().replace(" ", "")
    if not text or text in _DASHES:
        return None
    if not _AMOUNT.match(text):
        raise ValueError(f"not an amount: {cell.strip()!r}")
    return float(text.replace(",", ""))


def is_amount(cell: str) -> bool:
    """Tell whether a cell holds a number.

    Examples
    --------
    >>> is_amount("45.20"), is_amount("类"), is_amount("")
    (True, False, False)
    """
    try:
        return parse_amount(cell) is not None
    except ValueError:
        return False


@lru_cache(maxsize=8192)  # titles and headers repeat; a pure function of its string
def key(text: str) -> str:
    """A matching key: NFKC, no whitespace, no markup, curly quotes made straight.

    Examples
    --------
    >>> key("财政拨款“三公”经费支出情况表") == key('财政拨款"三公"经费支出情况表')
    True
    """
    text = unicodedata.normalize("NFKC", strip_markup(text)[0])
    text = text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))
    return re.sub(r"\s+", "", text)


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\d+[.．、]|\([一二三四五六七八九十\d]+\)|其中:)")
_CORE_SUFFIXES = ("财政拨款", "拨款", "资金", "收入", "预算", "决算", "数", "小计", "合计", "总计", "(小计)")


@lru_cache(maxsize=8192)  # a document links each claim against every row name: the same few hundred
def name_core(name: str) -> str:
    """A row's or figure's name as the narrative and the tables both say it: :func:`key`
    without numbering, quotes, and the words that only say it is money (收入, 拨款, 资金,
    预算, 合计…); 费用 is 费.

    Examples
    --------
    >>> name_core("1. 一般公共预算拨款"), name_core("一、一般公共预算资金"), name_core("一般公共预算")
    ('一般公共', '一般公共', '一般公共')
    >>> name_core("因公出国（境）费用"), name_core("八、其他收入"), name_core("人员经费合计")
    ('因公出国(境)费', '其他', '人员经费')
    """
    text = re.sub(r"[\"'“”‘’]", "", key(str(name)))
    text = _NUMBERING.sub("", text)
    stripped = True
    while stripped:
        stripped = False
        for suffix in _CORE_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, stripped = text[: -len(suffix)], True
    return re.sub(r"费用$", "费", text)
