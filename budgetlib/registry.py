"""The registry: table specifications, aliases and vocabularies, as data.

A new region's layout is a new entry here, not an edit of the parsers. The parsers in
:mod:`budgetlib.tables` and :mod:`budgetlib.performance` only read these entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import key

#: The sets of tables a disclosure must publish, by the rules it follows. A document is
#: held to the set that shares most titles with it.
STANDARD_SETS: dict[str, tuple[str, ...]] = {
    "财政部2026年部门预算公开十二表": (
        "部门收支总体情况表", "部门收入总体情况表", "部门支出总体情况表", "财政拨款收支预算总体情况表",
        "一般公共预算支出情况表", "一般公共预算基本支出情况表", "一般公共预算项目支出情况表",
        "政府性基金预算支出情况表", "国有资本经营预算支出情况表", "财政拨款“三公”经费支出情况表",
        "财政拨款委托业务费支出情况表", "上年结转结余情况表",
    ),
    "上海市区级部门预算九表": (
        "部门收支总体情况表", "部门收入总体情况表", "部门支出总体情况表", "财政拨款收支预算总体情况表",
        "一般公共预算支出情况表", "政府性基金预算支出情况表", "国有资本经营预算支出情况表",
        "一般公共预算基本支出情况表", "“三公”经费和机关运行经费预算表",
    ),
    "江苏省省级部门预算公开十二表": (
        "部门收支总体情况表", "部门收入总体情况表", "部门支出总体情况表", "财政拨款收支预算总体情况表",
        "财政拨款支出预算表", "财政拨款基本支出预算表", "一般公共预算支出情况表",
        "一般公共预算基本支出情况表", "“三公”经费、会议费、培训费支出预算表",
        "政府性基金预算支出情况表", "一般公共预算机关运行经费支出预算表", "政府采购支出预算表",
    ),
}

#: Layouts the table builder knows.
#: ``coded``: rows carry a classification code (类/款/项) and a name, columns are measures.
#: ``two_sided``: income on the left, expenditure on the right, each with its own columns.
#: ``items``: rows are named items without codes (三公, 委托业务费, 上年结转结余).
#: ``performance``: a performance-target table, one row per indicator.
LAYOUTS = ("coded", "two_sided", "items", "performance")


@dataclass(frozen=True)
class TableSpec:
    """What budgetlib knows about one standard table."""

    #: The standard title, as the 2026 standard set names it; the key of ``doc.tables``.
    title: str
    #: One of :data:`LAYOUTS`.
    layout: str
    #: Other titles the same table is published under.
    aliases: tuple[str, ...] = ()
    #: Classification of the codes: ``function`` (功能分类, 2xx) or ``economic`` (经济分类, 3xx).
    scheme: str | None = None
    #: Words that must appear in the header ("总计|合计": either); a table whose header lacks
    #: them is reported.
    header_words: tuple[str, ...] = ()
    #: Header words mapped to key roles for this table only (over :data:`KEY_ROLES`).
    roles: dict[str, str] = field(default_factory=dict)
    #: What each measure (by the last part of its header path) means.
    measures: dict[str, str] = field(default_factory=dict)
    #: The table ends with a total row (a table without one is reported as truncated).
    total_row: bool = True
    #: Columns that nest the rows, outermost first: a row's level is that of the first of
    #: them it fills (政府采购: 品目大类 → 专项名称 → 采购物品名称); "a|b": either.
    outline_columns: tuple[str, ...] = ()


_FUNDING = {
    "一般公共预算": "一般公共预算拨款",
    "政府性基金预算": "政府性基金预算拨款",
    "国有资本经营预算": "国有资本经营预算拨款",
}
_BASIC_PROJECT = {
    "合计": "支出合计",
    "基本支出": "基本支出（保障机构运转）",
    "项目支出": "项目支出（完成特定任务）",
    "人员经费": "基本支出中的人员经费",
    "公用经费": "基本支出中的公用经费",
}

SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        "部门收支总体情况表",
        "two_sided",
        aliases=("收支预算总表", "部门财务收支预算总表", "部门收支预算总表", "财务收支预算总表"),
        header_words=("收入", "支出"),
        measures={"预算数": "本年预算数"},
    ),
    TableSpec(
        "部门收入总体情况表",
        "coded",
        aliases=("收入预算总表", "部门收入预算表", "部门收入预算总表"),
        scheme="function",
        header_words=("科目名称|项目名称", "总计|合计|金额"),
        measures={"总计": "收入合计", **_FUNDING, "单位资金": "单位资金"},
    ),
    TableSpec(
        "部门支出总体情况表",
        "coded",
        aliases=("支出预算总表", "部门支出预算表", "部门支出预算总表"),
        scheme="function",
        header_words=("基本支出", "项目支出"),
        measures=_BASIC_PROJECT,
    ),
    TableSpec(
        "财政拨款收支预算总体情况表",
        "two_sided",
        aliases=("财政拨款收支预算总表", "财政拨款收支总表"),
        header_words=("收入", "支出"),
        measures={"合计": "合计", **_FUNDING},
    ),
    TableSpec(
        "一般公共预算支出情况表",
        "coded",
        aliases=("一般公共预算支出表", "一般公共预算支出预算表", "一般公共预算支出功能分类预算表",
                 "一般公共预算支出预算表（功能科目）"),
        scheme="function",
        header_words=("基本支出|金额",),
        measures=_BASIC_PROJECT,
    ),
    TableSpec(
        "一般公共预算基本支出情况表",
        "coded",
        aliases=("一般公共预算基本支出表", "一般公共预算基本支出预算表",
                 "一般公共预算基本支出部门预算经济分类预算表", "一般公共预算基本支出预算表（经济科目）"),
        scheme="economic",
        header_words=("人员经费|金额",),
        measures=_BASIC_PROJECT,
    ),
    TableSpec(
        "一般公共预算项目支出情况表",
        "coded",
        aliases=("一般公共预算项目支出表", "一般公共预算项目支出预算表"),
        scheme="function",
        header_words=("项目名称",),
        measures={"项目支出合计": "项目支出合计"},
    ),
    TableSpec(
        "政府性基金预算支出情况表",
        "coded",
        aliases=("政府性基金预算支出表", "政府性基金预算支出预算表", "政府性基金预算支出功能分类预算表",
                 "政府性基金预算财政拨款支出预算表", "政府性基金财政拨款支出预算表",
                 "财政拨款政府性基金支出预算表", "政府性基金支出预算表"),
        scheme="function",
        header_words=("合计|金额",),
        measures=_BASIC_PROJECT,
    ),
    TableSpec(
        "国有资本经营预算支出情况表",
        "coded",
        aliases=("国有资本经营预算支出表", "国有资本经营预算支出预算表",
                 "国有资本经营预算支出功能分类预算表"),
        scheme="function",
        header_words=("合计|金额",),
        measures=_BASIC_PROJECT,
    ),
    TableSpec(
        "财政拨款“三公”经费支出情况表",
        "items",
        aliases=("“三公”经费支出预算表", "一般公共预算“三公”经费支出表", "“三公”经费预算表"),
        header_words=("合计",),
        measures={"合计": "三公经费合计", **_FUNDING, "政府性基金": "政府性基金预算拨款"},
    ),
    TableSpec(
        "财政拨款委托业务费支出情况表",
        "items",
        aliases=("委托业务费支出情况表",),
        header_words=("合计",),
        roles={"项目名称": "name"},
        measures={"合计": "委托业务费合计", **_FUNDING, "政府性基金": "政府性基金预算拨款"},
    ),
    TableSpec(
        "上年结转结余情况表",
        "items",
        aliases=("上年结转结余预算情况表",),
        header_words=("合计",),
        measures={"合计": "上年结转结余合计", **_BASIC_PROJECT, "小计": "小计"},
    ),
    # Jiangsu's provincial set (公开01表…12表) has these besides the common ones
    TableSpec(
        "财政拨款支出预算表",
        "coded",
        aliases=("财政拨款支出预算表（功能科目）",),
        scheme="function",
        header_words=("金额|合计",),
    ),
    TableSpec(
        "财政拨款基本支出预算表",
        "coded",
        aliases=("财政拨款基本支出预算表（经济科目）",),
        scheme="economic",
        header_words=("金额|合计",),
    ),
    TableSpec(
        "“三公”经费、会议费、培训费支出预算表",
        "items",
        aliases=("一般公共预算“三公”经费、会议费、培训费支出预算表",),
        header_words=("“三公”经费", "会议费", "培训费"),
        total_row=False,
    ),
    TableSpec(
        "一般公共预算机关运行经费支出预算表",
        "coded",
        aliases=("机关运行经费支出预算表",),
        scheme="economic",
        header_words=("机关运行经费",),
    ),
    TableSpec(
        "政府采购支出预算表",
        "items",
        aliases=("政府采购预算表",),
        header_words=("采购|品目",),
        # a 专项 spanning several rows prints its name once; the rows under it start at 经济科目
        outline_columns=("采购品目大类", "专项名称|经济科目", "采购物品名称"),
    ),
    TableSpec(
        "“三公”经费和机关运行经费预算表",
        "items",
        header_words=("“三公”经费", "机关运行经费"),
        total_row=False,
    ),
    TableSpec("部门整体绩效目标表", "performance", header_words=("一级指标",)),
    TableSpec("项目支出绩效目标表", "performance", header_words=("一级指标",),
              aliases=("财政项目支出绩效目标填报表", "项目支出绩效目标申报表")),
)

#: Header words of key (non-amount) columns and the role each plays in the tidy frame.
KEY_ROLES: dict[str, str] = {
    "类": "lei",
    "款": "kuan",
    "项": "xiang",
    "科目代码": "code",
    "科目编码": "code",
    "功能分类科目编码": "code",
    "科目名称": "name",
    "功能分类科目名称": "name",
    "项目": "name",
    "“三公”经费支出内容": "name",
    "项目名称": "project",
    "（细目）": "subname",
}

#: Header endings of key columns, for headers not in :data:`KEY_ROLES`
#: ("部门预算经济分类科目编码", "经济分类科目名称").
KEY_ROLE_ENDINGS: tuple[tuple[str, str], ...] = (("编码", "code"), ("代码", "code"),
                                                 ("科目名称", "name"))

#: Words that mark a header row (besides the key headers): a row made only of these and blanks.
HEADER_WORDS: frozenset[str] = frozenset(KEY_ROLES) | {"科目", "项目"}


_ROLE_KEYS = {key(word): role for word, role in KEY_ROLES.items()}


def key_role(header: str, overrides: dict[str, str] | None = None) -> str | None:
    """The key role of a column header (lei, kuan, xiang, code, name, project), if any.

    Examples
    --------
    >>> key_role("类"), key_role("部门预算经济分类科目编码"), key_role("合计")
    ('lei', 'code', None)
    """
    found = key(header)
    for word, role in (overrides or {}).items():
        if key(word) == found:
            return role
    if found in _ROLE_KEYS:
        return _ROLE_KEYS[found]
    for ending, role in KEY_ROLE_ENDINGS:
        if found.endswith(ending):
            return role
    return None

#: Row labels of total rows.
TOTAL_LABEL = re.compile(r"^(?:收入|支出)?(?:总计|合计)[:：]?$")
#: A subtotal of the top-level rows above it (收入合计 = 当年收入小计 + 上年结转资金).
SUBTOTAL_LABEL = re.compile(r"^(?:当年|本年)(?:收入|支出)?小计$")

#: Outline markers at the start of a row label, their level, and the prefix to strip.
OUTLINE = (
    (re.compile(r"^[一二三四五六七八九十]+[、.．]\s*"), 1),
    (re.compile(r"^\d+[.．、]\s*"), 2),
    (re.compile(r"^[（(]\d+[）)]\s*"), 3),
)
#: "其中：" introduces the parts of the row above.
OF_WHICH = re.compile(r"^其中[:：]\s*")

#: Code length → level, per classification scheme.
CODE_LEVELS: dict[str, dict[int, int]] = {
    "function": {3: 1, 5: 2, 7: 3},
    "economic": {3: 1, 5: 2},
}

#: Published units and their factor to 万元.
UNIT_FACTORS: dict[str, float] = {"万元": 1.0, "元": 1e-4, "千元": 0.1, "亿元": 1e4}

#: Indicator-table header words and the tidy column each becomes.
INDICATOR_COLUMNS: dict[str, str] = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "indicator",
    "指标值": "target",
    "年度指标值": "target",
    "年度(/项目)指标值": "target",
    "指标设定依据": "basis",
    "指标值设置依据": "basis",
    "分值权重": "weight",
    "指标分值权重": "weight",
    "上年完成值": "prior",
    "上年实际完成值": "prior",
    "指标赋分规则": "scoring",
    "佐证资料": "evidence",
}

#: Labels of the fields above a performance table's indicators (when not printed bold).
PERFORMANCE_FIELDS = (
    "项目名称", "项目性质", "项目类别", "主管部门", "实施单位", "计划开始日期", "计划完成日期",
    "项目资金（元）", "项目资金（万元）", "项目资金(万元)", "项目总目标", "年度总体目标", "预算单位",
    "项目负责人", "部门名称（盖章）", "部门联系人", "联系电话", "年度绩效目标", "年度预算(万元)",
    "项目总体目标", "项目绩效目标",
)

_BY_KEY: dict[str, TableSpec] = {}
#: What a printed title may carry before the table's name: its number, the year, 部门.
_TITLE_PREFIX = re.compile(
    r"^(?:公开\d+表[:：]?)?(?:\d+[.．、]|[一二三四五六七八九十]+[、.．])?(?:20\d{2}年度?)?"
    r"(?:区级|市级|省级)?(?:部门|预算单位|单位)?")


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


for _spec in SPECS:
    for _name in (_spec.title, *_spec.aliases):
        _BY_KEY.setdefault(key(_name), _spec)
        _BY_KEY.setdefault(title_key(_name), _spec)


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
    return _BY_KEY.get(key(title)) or _BY_KEY.get(title_key(title))


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


def standard_set(titles: list[str]) -> tuple[str, tuple[str, ...]]:
    """The standard set a document's tables follow: the one sharing most titles with them.

    Examples
    --------
    >>> standard_set(["部门收支总体情况表", "“三公”经费和机关运行经费预算表"])[0]
    '上海市区级部门预算九表'
    """
    return max(STANDARD_SETS.items(), key=lambda item: len(set(item[1]) & set(titles)))
