"""Which registered table a printed title or header names, and which standard set a
document follows: the rules that apply the registry's entries (:mod:`budgetlib.registry`
holds the entries themselves)."""

from __future__ import annotations

import re

from budgetlib.registry import NAME_ENDINGS, SPECS, STANDARD_SET_RULES, TableSpec
from budgetlib.text import key

_BY_KEY: dict[str, TableSpec] = {}  # every registered name and its key → its specification
#: What a printed title may carry before the table's name: its number, the year, 部门.
_TITLE_PREFIX = re.compile(
    r"^(?:(?:(?:公开|附)表?\d+表?|附?表[\d一二三四五六七八九十]+)[:：]?)?(?:\d+[.．、]|[一二三四五六七八九十]+[、.．])?"
    r"(?:20\d{2}年度?)?(?:区级|市级|省级)?(?:部门|预算单位|单位)?")
#: A parenthesised qualifier after the name ("（一般公共预算）"), as :func:`key` prints it.
_QUALIFIER = re.compile(r"\([^()]*\)$")
#: The publisher's own name printed before a table's name ("2017年度江苏省高级人民法院部门收支
#: 预算总表"): a name ending as the names of public bodies end, then 部门/单位 or nothing.
_ORG_BEFORE = re.compile(
    r"^\D{2,40}?(?:" + "|".join(sorted({*NAME_ENDINGS, "区", "县", "市", "省", "公司", "集团", "机关"},
                                       key=len, reverse=True)) + r")(?:本级)?(?:部门|单位)?$")

def title_key(title: str) -> str:
    """The key a printed title is matched by: without number, year, or a leading 部门/单位.

    Examples
    --------
    >>> title_key("2025年部门财务收支预算总表") == title_key("部门财务收支预算总表")
    True
    >>> title_key("公开 01 表：收支预算总表"), title_key("十二、政府采购支出预算表")
    ('收支预算总表', '政府采购支出预算表')
    """
    return _TITLE_PREFIX.sub("", key(title))


def identify_title(title: str) -> tuple[TableSpec | None, str]:
    """The specification a printed title names, and how it was recognized
    (:data:`~budgetlib.registry.IDENTIFIED_BY`).

    The title is tried as printed, then without its number, ordinal, year and 部门/单位,
    then without the publisher's own name before the table's name, then without a
    parenthesised qualifier at its end. Returns ``(None, "untitled")`` when nothing fits.

    Examples
    --------
    >>> spec, how = identify_title("一、2017年度江苏省高级人民法院部门收支预算总表")
    >>> spec.title, how
    ('部门收支总体情况表', 'normalized')
    >>> identify_title("“三公”经费、会议费、培训费支出预算表（一般公共预算）")[0].title
    '“三公”经费、会议费、培训费支出预算表'
    >>> identify_title("国有资本经营预算财政拨款支出预算表")  # not the 财政拨款 table
    (None, 'untitled')
    """
    printed = key(title)
    if printed in _BY_KEY:
        spec = _BY_KEY[printed]
        return spec, "title" if printed == key(spec.title) else "alias"
    stripped = title_key(title)
    for candidate in dict.fromkeys([stripped, _QUALIFIER.sub("", stripped)]):
        if not candidate:
            continue
        spec = _BY_KEY.get(candidate) or _after_org(candidate)
        if spec is not None:
            return spec, "normalized"
    return None, "untitled"


def identify_header(header_text: str) -> TableSpec | None:
    """The one specification whose header words all appear in a table's header, if exactly
    one has them (an untitled table; header words shared by several tables identify none).

    Examples
    --------
    >>> identify_header("科目编码 科目名称 机关运行经费支出").title
    '一般公共预算机关运行经费支出预算表'
    >>> identify_header("项目 合计") is None
    True
    """
    text = key(header_text)
    fits = [spec for spec in SPECS if spec.header_words and spec.layout != "performance" and all(
        any(key(word) in text for word in words.split("|")) for words in spec.header_words)]
    return fits[0] if len(fits) == 1 else None


def _after_org(stripped: str) -> TableSpec | None:
    """The longest registered name that ends the title, after a publisher's name."""
    for name in _NAMES_LONGEST_FIRST:
        if stripped.endswith(name) and _ORG_BEFORE.match(_TITLE_PREFIX.sub("", stripped[: -len(name)])):
            return _BY_KEY[name]
    return None


for _spec in SPECS:
    for _name in (_spec.title, *_spec.aliases):
        _BY_KEY.setdefault(key(_name), _spec)
        _BY_KEY.setdefault(title_key(_name), _spec)
_NAMES_LONGEST_FIRST = sorted(_BY_KEY, key=len, reverse=True)


def find_spec(title: str) -> TableSpec | None:
    """Find the specification of a table by its printed title or an alias.

    Examples
    --------
    >>> find_spec("收支预算总表").title
    '部门收支总体情况表'
    >>> find_spec("财政拨款\\"三公\\"经费支出情况表").layout
    'items'
    >>> find_spec("某某明细表") is None
    True
    """
    return identify_title(title)[0]


def is_known_title(text: str) -> bool:
    """Tell whether a line is the title of a registered table."""
    return find_spec(text) is not None


def measure_meaning(title: str, measure: str) -> str | None:
    """What a measure (a column's header path) of a standard table stands for.

    Examples
    --------
    >>> measure_meaning("部门支出总体情况表", "支出预算/基本支出")
    '基本支出（保障机构运转）'
    >>> measure_meaning("部门支出总体情况表", "支出预算/其他") is None
    True
    """
    spec = find_spec(title)
    return spec.measures.get(measure.rsplit("/", 1)[-1]) if spec else None


def standard_set(titles: list[str], kind: str | None = None, year: int | None = None,
                 publisher: str = "") -> tuple[str, tuple[str, ...]] | tuple[None, tuple[()]]:
    """The standard set a document follows: among the sets of its kind (预算 or 决算), year
    and region, the one sharing most titles with its tables, if it shares at least half of
    that set's tables; else ``(None, ())``.

    Examples
    --------
    >>> standard_set(["部门收支总体情况表", "“三公”经费和机关运行经费预算表", "部门收入总体情况表",
    ...               "部门支出总体情况表", "一般公共预算支出情况表"], publisher="上海市普陀区某局")[0]
    '上海市区级部门预算九表'
    >>> standard_set(["收入支出决算总表"], kind="部门决算")
    (None, ())
    """
    wanted = "决算" if kind and "决算" in kind else "预算"
    fits = [s for s in STANDARD_SET_RULES if s.kind == wanted
            and (year is None or s.years[0] <= year <= s.years[1])
            and (not s.region or re.search(s.region, publisher))]
    scored = [(len(set(s.tables) & set(titles)), s) for s in fits]
    best = max(scored, key=lambda item: item[0], default=(0, None))
    if best[1] is None or 2 * best[0] < len(best[1].tables):
        return None, ()
    return best[1].name, best[1].tables
