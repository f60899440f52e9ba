"""The registry: table specifications, aliases and vocabularies, as data.

A new region's layout is a new entry here, not an edit of the parsers. The parsers in
:mod:`budgetlib.parse.identify` (which table a title names), :mod:`budgetlib.parse.tables` and
:mod:`budgetlib.parse.performance` only read these entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlib.text import key


@dataclass(frozen=True)
class StandardSet:
    """The tables a disclosure must publish under one set of rules."""

    name: str
    tables: tuple[str, ...]
    #: 预算 (budgets) or 决算 (final accounts).
    kind: str = "预算"
    #: First and last budget year the rules apply to.
    years: tuple[int, int] = (2000, 2100)
    #: A pattern the publisher's name or the title must match (the set's region); "" for any.
    region: str = ""


#: Shanghai's 决算 tables, in the order the template prints them.
FINAL_ACCOUNTS_TABLES: tuple[str, ...] = (
    "收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表",
    "财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款收入支出决算表",
)

#: The sets of tables a disclosure must publish, by the rules it follows. A document is
#: held to the set of its kind, years and region that shares most titles with it, and to
#: none when no set shares half its tables (see :func:`standard_set`).
STANDARD_SET_RULES: tuple[StandardSet, ...] = (
    StandardSet("财政部2026年部门预算公开十二表", (
        "部门收支总体情况表", "部门收入总体情况表", "部门支出总体情况表", "财政拨款收支预算总体情况表",
        "一般公共预算支出情况表", "一般公共预算基本支出情况表", "一般公共预算项目支出情况表",
        "政府性基金预算支出情况表", "国有资本经营预算支出情况表", "财政拨款“三公”经费支出情况表",
        "财政拨款委托业务费支出情况表", "上年结转结余情况表",
    ), years=(2026, 2100)),
    StandardSet("上海市区级部门预算九表", (
        "部门收支总体情况表", "部门收入总体情况表", "部门支出总体情况表", "财政拨款收支预算总体情况表",
        "一般公共预算支出情况表", "政府性基金预算支出情况表", "国有资本经营预算支出情况表",
        "一般公共预算基本支出情况表", "“三公”经费和机关运行经费预算表",
    ), region="上海"),
    # the 2024 template (上海市 XX 局, ../shared/corpus/templates) lists these nine, for
    # 部门决算 and 单位决算 alike
    StandardSet("上海市区级部门决算九表", FINAL_ACCOUNTS_TABLES, kind="决算", region="上海"),
    # the national set (中央部门决算 since 2023, and provinces' and counties' following it):
    # the same nine under other names (…基本支出决算明细表, 国有资本经营预算财政拨款支出决算表,
    # 一般公共预算财政拨款“三公”经费支出决算表), registered as aliases below
    StandardSet("财政部部门决算公开九表", FINAL_ACCOUNTS_TABLES, kind="决算"),
    StandardSet("江苏省省级部门预算公开十二表", (
        "部门收支总体情况表", "部门收入总体情况表", "部门支出总体情况表", "财政拨款收支预算总体情况表",
        "财政拨款支出预算表", "财政拨款基本支出预算表", "一般公共预算支出情况表",
        "一般公共预算基本支出情况表", "“三公”经费、会议费、培训费支出预算表",
        "政府性基金预算支出情况表", "一般公共预算机关运行经费支出预算表", "政府采购支出预算表",
    ), region="江苏"),
)
#: The sets' tables by name.
STANDARD_SETS: dict[str, tuple[str, ...]] = {s.name: s.tables for s in STANDARD_SET_RULES}


#: Layouts the table builder knows.
#: ``coded``: rows carry a classification code (类/款/项) and a name, columns are measures.
#: ``two_sided``: income on the left, expenditure on the right, each with its own columns.
#: ``items``: rows are named items without codes (三公, 委托业务费, 上年结转结余).
#: ``performance``: a performance-target table, one row per indicator.
LAYOUTS = ("coded", "two_sided", "items", "performance")
#: The layouts in a reader's words.
LAYOUT_NAMES = {"coded": "科目表", "two_sided": "收支两栏表", "items": "项目表", "performance": "绩效目标表"}
#: The parts of a classification code in a reader's words.
CODE_PART_NAMES = {"lei": "类", "kuan": "款", "xiang": "项"}


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

#: The figures a final account (决算) prints beside or instead of its 决算数.
_FINAL = {"决算数": "决算数", "年初预算数": "年初预算数", "调整预算数": "调整预算数",
          "预算数": "预算数（年初预算与调整预算之和）"}
#: The header words of those figures: under each part of a table (合计/预算数,
#: 公务接待费/决算数) they name the figure, not a part.
FINAL_FIGURE_WORDS: tuple[str, ...] = tuple(_FINAL)
_FINAL_BASIC_PROJECT = {**_BASIC_PROJECT, "本年支出合计": "本年支出合计", "小计": "本年支出合计",
                        **_FINAL}
_FINAL_FUND = {"年初结转和结余": "年初结转和结余", "本年收入": "本年收入",
               "年末结转和结余": "年末结转和结余", **_FINAL_BASIC_PROJECT}

#: Shanghai's nine 决算 tables (:data:`FINAL_ACCOUNTS_TABLES`), 部门决算 and 单位决算.
FINAL_ACCOUNTS_SPECS: tuple[TableSpec, ...] = (
    TableSpec("收入支出决算总表", "two_sided", aliases=("收入支出决算表",),
              header_words=("收入", "支出", "决算数"), measures=_FINAL),
    TableSpec("收入决算表", "coded", scheme="function",
              header_words=("本年收入合计", "财政拨款收入"),
              measures={"本年收入合计": "本年收入合计", "财政拨款收入": "财政拨款收入",
                        "上级补助收入": "上级补助收入", "事业收入": "事业收入", "经营收入": "经营收入",
                        "附属单位上缴收入": "附属单位上缴收入", "其他收入": "其他收入", **_FINAL}),
    TableSpec("支出决算表", "coded", scheme="function",
              header_words=("本年支出合计", "基本支出", "项目支出"),
              measures={**_FINAL_BASIC_PROJECT, "上缴上级支出": "上缴上级支出",
                        "经营支出": "经营支出", "对附属单位补助支出": "对附属单位补助支出"}),
    TableSpec("财政拨款收入支出决算总表", "two_sided", aliases=("财政拨款收入支出决算表",),
              header_words=("收入", "支出", "决算数|合计"),
              measures={"合计": "合计", **_FINAL,
                        "一般公共预算财政拨款": "一般公共预算财政拨款",
                        "政府性基金预算财政拨款": "政府性基金预算财政拨款",
                        "国有资本经营预算财政拨款": "国有资本经营预算财政拨款"}),
    TableSpec("一般公共预算财政拨款支出决算表", "coded", scheme="function",
              header_words=("基本支出", "项目支出"), measures=_FINAL_BASIC_PROJECT),
    # two panels side by side (工资福利支出 … | 商品和服务支出 …), no total row: its last
    # row prints 人员经费合计 and 公用经费合计
    TableSpec("一般公共预算财政拨款基本支出决算表", "coded", scheme="economic",
              aliases=("一般公共预算财政拨款基本支出决算明细表",),
              header_words=("科目名称", "决算数"), measures=_FINAL, total_row=False),
    TableSpec("财政拨款“三公”经费支出决算表", "items",
              aliases=("一般公共预算财政拨款“三公”经费支出决算表",),
              header_words=("因公出国", "公务接待费"), measures={"合计": "三公经费合计", **_FINAL},
              total_row=False),
    TableSpec("政府性基金预算财政拨款收入支出决算表", "coded", scheme="function",
              header_words=("年初结转和结余", "年末结转和结余"), measures=_FINAL_FUND),
    TableSpec("国有资本经营预算财政拨款收入支出决算表", "coded", scheme="function",
              aliases=("国有资本经营预算财政拨款支出决算表",),
              header_words=("年初结转和结余", "年末结转和结余"), measures=_FINAL_FUND),
)

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
        # how and how many are bought: never an amount, nor a part of a 合计 column
        roles={"采购方式": "text", "采购组织形式": "text", "数量": "text", "单价": "text"},
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
    *FINAL_ACCOUNTS_SPECS,
    # the units a 部门决算 (or 部门预算) covers, listed in its narrative: text, no amount
    TableSpec("单位构成", "items", aliases=("部门决算单位构成", "部门预算单位构成", "预算单位构成"),
              header_words=("序号", "单位名称"), total_row=False,
              roles={"单位名称": "name", "备注": "text"}),
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
    # a row's number, never an amount (单位构成's 序号; the national 决算 tables' 行次)
    "序号": "ordinal",
    "行次": "ordinal",
    "栏次": "ordinal",
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

#: The words of total and subtotal rows and columns.
TOTAL_WORDS: frozenset[str] = frozenset({"合计", "小计", "总计"})
#: Row labels of total rows.
TOTAL_LABEL = re.compile(r"^(?:收入|支出)?(?:总计|合计)[:：]?$")
#: A subtotal of the top-level rows above it (收入合计 = 当年收入小计 + 上年结转资金; a 决算's
#: 总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余).
SUBTOTAL_LABEL = re.compile(r"^(?:当年|本年)(?:收入|支出)?(?:小计|合计)$")
#: The total row of one panel of a table printed as panels side by side, which names the
#: panel (“人员经费合计” | “公用经费合计” under 一般公共预算财政拨款基本支出决算表's two panels).
PANEL_TOTAL_LABEL = re.compile(r"^(?P<name>\S+?)合计$")

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

#: Long and short forms of the words of a department's name, long first, applied in this
#: order to give the key that matches one department's spellings (and one department across
#: years). An empty short form is a word the short name leaves out: 江苏省委办公厅 is
#: 中共江苏省委办公厅, which is 中国共产党江苏省委员会办公厅.
DEPARTMENT_ALIASES: tuple[tuple[str, str], ...] = (
    ("中国共产党", "中共"),
    ("中共", ""),
    ("人民代表大会常务委员会", "人大常委会"),
    ("人大常委会办公厅", "人大"),
    ("人大常委会办公室", "人大"),
    ("高级人民法院", "高院"),
    ("中级人民法院", "中院"),
    ("人民检察院", "检察院"),
    ("委员会", "委"),
    ("人民政府", "政府"),
)

#: How a department's name ends (an office, a court, a bureau…), or a short form that stands
#: for one (人大, 政协): a name that ends otherwise was cut, by a cell's wrap for one.
NAME_ENDINGS: tuple[str, ...] = (
    "院", "局", "厅", "委", "会", "办", "室", "处", "部", "所", "署", "司", "中心", "站", "队",
    "馆", "社", "校", "学", "组", "团", "台", "庭", "狱", "场", "园", "宫", "库", "行", "联",
    "盟", "协", "政府", "街道", "镇", "乡", "人大", "政协",
)

#: How a table was identified (``TableMeta.identified``), most certain first.
IDENTIFIED_BY = {
    "title": "标准标题",
    "alias": "登记的别名",
    "normalized": "标题去除序号、年度、部门名称或限定语后",
    "header": "表头特征",
    "untitled": "未识别",
}



# --- Analysis figures ------------------------------------------------------------------
# Where the figures of ``headline``, ``shares``, the headcount bases and the workbook's
# 概况 are printed, layout by layout. A layout that prints a figure elsewhere adds a source.


@dataclass(frozen=True)
class FigureSource:
    """One place a figure is printed: a standard table's measure, in its total row or in
    some coded rows."""

    #: The standard title (a key of ``doc.tables``).
    table: str
    #: The measure by its header path or the end of it ("合计" finds "支出预算/合计"),
    #: compared without a year or 本年; alternatives, the first the table has is used.
    measures: tuple[str, ...]
    #: Codes whose rows add up to the figure (人员经费 = 301 + 303 where a table prints no
    #: 人员经费 column); without them, the total row, or the only row of a one-row table.
    codes: tuple[str, ...] = ()
    #: The level of the rows that divide the figure, for tables whose rows are not coded
    #: (the seed's 收支总表 lists 一、本年收入 → 1. 一般公共预算拨款: level 2).
    parts_level: int | None = None
    #: Names of the row that prints the figure (compared by :func:`budgetlib.text.name_core`),
    #: for a figure that is one row of a table (一般公共预算拨款 in the 收支总表).
    rows: tuple[str, ...] = ()


_T1, _T2, _T3 = "部门收支总体情况表", "部门收入总体情况表", "部门支出总体情况表"
_T4, _T5, _T6 = "财政拨款收支预算总体情况表", "一般公共预算支出情况表", "一般公共预算基本支出情况表"
_JS5, _JS6 = "财政拨款支出预算表", "财政拨款基本支出预算表"
_SH3, _JS3 = "“三公”经费和机关运行经费预算表", "“三公”经费、会议费、培训费支出预算表"
#: Jiangsu's 说明 (名词解释): "人员经费包括工资福利支出、对个人和家庭的补助"; its
#: 公用经费 is 商品和服务支出 (公开11表 机关运行经费 equals 302).
_PERSONNEL, _PUBLIC = ("301", "303"), ("302",)

#: Each analysis figure and where it is printed, in order of preference.
FIGURES: dict[str, tuple[FigureSource, ...]] = {
    "收入总计": (
        FigureSource(_T1, ("收入/预算数",), parts_level=2),
        FigureSource(_T1, ("收入/金额",), parts_level=1),  # Jiangsu 公开01表
        FigureSource(_T2, ("总计", "收入预算/合计")),
        FigureSource(_T2, ("金额",), parts_level=1),  # Jiangsu 公开02表: sources as rows
    ),
    "支出合计": (
        FigureSource(_T3, ("支出预算/合计", "合计")),
        FigureSource(_T1, ("支出/预算数", "支出/功能分类/金额")),
    ),
    "基本支出": (FigureSource(_T3, ("支出预算/基本支出", "基本支出")),),
    "项目支出": (FigureSource(_T3, ("支出预算/项目支出", "项目支出")),),
    # Jiangsu's 公开03表: 合计 = 基本支出 + 项目支出 + 单位预留机动经费 (+ 结转下年资金)
    "单位预留机动经费": (FigureSource(_T3, ("单位预留机动经费",)),),
    "人员经费": (
        FigureSource(_T6, ("人员经费",)),
        FigureSource(_T6, ("金额",), codes=_PERSONNEL),
        FigureSource(_JS6, ("金额",), codes=_PERSONNEL),
    ),
    "公用经费": (
        FigureSource(_T6, ("公用经费",)),
        FigureSource(_T6, ("金额",), codes=_PUBLIC),
        FigureSource(_JS6, ("金额",), codes=_PUBLIC),
    ),
    "财政拨款": (
        FigureSource(_T4, ("财政拨款收入/合计", "财政拨款收入/预算数", "收入/金额")),
        FigureSource(_T4, ("财政拨款支出/合计",)),  # 收支平衡: the other side's total
        FigureSource(_JS5, ("金额",)),
    ),
    "一般公共预算支出": (FigureSource(_T5, ("一般公共预算支出/合计", "金额")),),
    # Jiangsu 2019's 一般公共预算基本支出情况表 heads its one column 基本支出
    "一般公共预算基本支出": (FigureSource(_T6, ("一般公共预算基本支出/合计", "金额", "基本支出")),),
    "三公经费": (
        FigureSource("财政拨款“三公”经费支出情况表", ("合计",), parts_level=1),
        FigureSource(_SH3, ("“三公”经费预算数/合计",)),
        FigureSource(_JS3, ("“三公”经费/小计",)),
    ),
    "因公出国（境）费": (FigureSource(_SH3, ("“三公”经费预算数/因公出国(境)费",)),
                   FigureSource(_JS3, ("“三公”经费/因公出国（境）费",))),
    "公务接待费": (FigureSource(_SH3, ("“三公”经费预算数/公务接待费",)),
              FigureSource(_JS3, ("“三公”经费/公务接待费",))),
    "公务用车购置及运行费": (
        FigureSource(_SH3, ("“三公”经费预算数/公务用车购置及运行费/小计",)),
        FigureSource(_JS3, ("“三公”经费/公务用车购置及运行维护费/小计",)),
    ),
    "机关运行经费": (
        FigureSource("一般公共预算机关运行经费支出预算表", ("机关运行经费支出",)),
        FigureSource(_SH3, ("机关运行经费预算数",)),
    ),
    # --- the figures the narrative speaks of (linked by budgetlib.parse.links) ---
    "收支总计": (FigureSource(_T1, ("收入/预算数", "收入/金额")),),
    "财政拨款支出": (
        FigureSource(_T4, ("财政拨款支出/合计", "支出/支出用途/金额", "支出/金额")),
        FigureSource(_JS5, ("金额",)),
    ),
    "一般公共预算收入": (
        FigureSource(_T1, ("收入/预算数", "收入/金额"), rows=("一般公共预算",)),
        FigureSource(_T4, ("财政拨款收入/合计", "财政拨款收入/预算数", "收入/金额"), rows=("一般公共预算",)),
        FigureSource(_T2, ("财政拨款（补助）/一般公共预算",)),
    ),
    "政府性基金收入": (
        FigureSource(_T1, ("收入/预算数", "收入/金额"), rows=("政府性基金",)),
        FigureSource(_T4, ("财政拨款收入/合计", "财政拨款收入/预算数", "收入/金额"), rows=("政府性基金",)),
    ),
    "国有资本经营收入": (
        FigureSource(_T1, ("收入/预算数", "收入/金额"), rows=("国有资本经营",)),
        FigureSource(_T4, ("财政拨款收入/合计", "财政拨款收入/预算数", "收入/金额"), rows=("国有资本经营",)),
    ),
    "财政拨款收入": (
        FigureSource(_T1, ("收入/预算数", "收入/金额"), rows=("财政拨款",)),
        FigureSource(_T4, ("财政拨款收入/合计", "财政拨款收入/预算数", "收入/金额")),
    ),
    "政府性基金支出": (
        FigureSource(_T4, ("财政拨款支出/政府性基金预算",)),
        FigureSource("政府性基金预算支出情况表", ("政府性基金预算支出/合计", "金额")),
    ),
    "国有资本经营支出": (
        FigureSource(_T4, ("财政拨款支出/国有资本经营预算",)),
        FigureSource("国有资本经营预算支出情况表", ("国有资本经营预算支出/合计", "金额")),
    ),
    "一般公共预算项目支出": (
        FigureSource(_T5, ("一般公共预算支出/项目支出",)),
        FigureSource("一般公共预算项目支出情况表", ("项目支出合计",)),
    ),
    "财政拨款基本支出": (
        FigureSource(_JS6, ("金额",)),
        FigureSource(_T4, ("支出/支出用途/金额",), rows=("基本支出",)),
    ),
    "财政拨款项目支出": (FigureSource(_T4, ("支出/支出用途/金额",), rows=("项目支出",)),),
    "公务用车购置费": (
        FigureSource(_SH3, ("“三公”经费预算数/公务用车购置及运行费/购置费",)),
        FigureSource(_JS3, ("“三公”经费/公务用车购置及运行维护费/公务用车购置费",)),
    ),
    "公务用车运行费": (
        FigureSource(_SH3, ("“三公”经费预算数/公务用车购置及运行费/运行费",)),
        FigureSource(_JS3, ("“三公”经费/公务用车购置及运行维护费/公务用车运行维护费",)),
    ),
    "会议费": (FigureSource(_JS3, ("会议费",)),),
    "培训费": (FigureSource(_JS3, ("培训费",)),),
    "政府采购": (FigureSource("政府采购支出预算表", ("总计",)),),
    # Jiangsu's 政府采购 table heads its rows 一、货物A, 二、工程B, 三、服务C
    "政府采购货物": (FigureSource("政府采购支出预算表", ("总计",), rows=("货物A", "货物")),),
    "政府采购工程": (FigureSource("政府采购支出预算表", ("总计",), rows=("工程B", "工程")),),
    "政府采购服务": (FigureSource("政府采购支出预算表", ("总计",), rows=("服务C", "服务")),),
}
# the same figures printed in other tables, after the tables the analysis reads them from
FIGURES["一般公共预算支出"] += (FigureSource(_T4, ("财政拨款支出/一般公共预算",)),)
FIGURES["一般公共预算基本支出"] += (FigureSource(_T5, ("一般公共预算支出/基本支出",)),)
_T10 = "财政拨款“三公”经费支出情况表"
for _name, _row in (("因公出国（境）费", "因公出国（境）费用"), ("公务接待费", "公务接待费"),
                    ("公务用车购置及运行费", "公务用车购置及运行维护费"),
                    ("公务用车购置费", "公务用车购置"), ("公务用车运行费", "公务用车运行维护费")):
    FIGURES[_name] += (FigureSource(_T10, ("合计",), rows=(_row,)),)

_F5, _F3, _F7 = "一般公共预算财政拨款支出决算表", "支出决算表", "财政拨款“三公”经费支出决算表"
_F1, _F2, _F4 = "收入支出决算总表", "收入决算表", "财政拨款收入支出决算总表"
_F6 = "一般公共预算财政拨款基本支出决算表"
#: A 决算's 公用经费 panel holds 商品和服务支出 and 资本性支出 (Shanghai's 基本支出决算表:
#: 公用经费合计 184.65 = 302 171.07 + 310 13.58); its 人员经费 is 301 + 303 as a budget's.
_FINAL_PUBLIC = ("302", "310")
_F7_PARTS = "财政拨款“三公”经费"
#: Where a final account (决算) prints the 决算数 of the figures of :data:`FIGURES` a budget
#: is compared with (``execution(budget, final)``, ``trend``); same names, same rules.
FINAL_FIGURES: dict[str, tuple[FigureSource, ...]] = {
    "一般公共预算支出": (FigureSource(_F5, ("合计", "决算数")),),
    "支出合计": (FigureSource(_F3, ("本年支出合计", "支出合计", "合计")),),
    "基本支出": (FigureSource(_F3, ("基本支出",)),),
    "项目支出": (FigureSource(_F3, ("项目支出",)),),
    "三公经费": (FigureSource(_F7, (f"{_F7_PARTS}/合计/决算数",)),),
    "因公出国（境）费": (FigureSource(_F7, (f"{_F7_PARTS}/因公出国（境）费/决算数",)),),
    "公务接待费": (FigureSource(_F7, (f"{_F7_PARTS}/公务接待费/决算数",)),),
    "公务用车购置及运行费": (FigureSource(_F7, (f"{_F7_PARTS}/公务用车购置及运行费/小计/决算数",)),),
    # --- the figures a 决算's narrative speaks of (linked by budgetlib.parse.links) ---
    "收支总计": (FigureSource(_F1, ("收入/决算数",)),),
    "收入总计": (FigureSource(_F1, ("收入/决算数",)),),
    "本年收入合计": (FigureSource(_F1, ("收入/决算数",), rows=("本年收入合计",)),
                FigureSource(_F2, ("本年收入合计",))),
    "本年支出合计": (FigureSource(_F1, ("支出/决算数",), rows=("本年支出合计",)),
                FigureSource(_F3, ("本年支出合计",))),
    "财政拨款": (FigureSource(_F4, ("收入/决算数",)),),
    "财政拨款收入": (FigureSource(_F2, ("财政拨款收入",)),
                FigureSource(_F4, ("收入/决算数",), rows=("本年收入合计",))),
    "其他收入": (FigureSource(_F2, ("其他收入",)),),
    # the 基本支出 table's panels close on their printed totals; without them, their codes
    # its coded rows are the 基本支出 table's (shares by economic code, contribution bases);
    # its total the 支出决算表's 基本支出 column where that table is printed
    "一般公共预算基本支出": (FigureSource(_F6, ("决算数",)), FigureSource(_F5, ("基本支出",)),
                   FigureSource(_F6, ("决算数",), codes=(*_PERSONNEL, *_FINAL_PUBLIC))),
    "一般公共预算项目支出": (FigureSource(_F5, ("项目支出",)),),
    "人员经费": (FigureSource(_F6, ("决算数",), rows=("人员经费合计",)),
             FigureSource(_F6, ("决算数",), codes=_PERSONNEL)),
    "公用经费": (FigureSource(_F6, ("决算数",), rows=("公用经费合计",)),
             FigureSource(_F6, ("决算数",), codes=_FINAL_PUBLIC)),
    "三公经费年初预算": (FigureSource(_F7, (f"{_F7_PARTS}/合计/预算数",)),),
    "因公出国（境）费年初预算": (FigureSource(_F7, (f"{_F7_PARTS}/因公出国（境）费/预算数",)),),
    "公务接待费年初预算": (FigureSource(_F7, (f"{_F7_PARTS}/公务接待费/预算数",)),),
    "公务用车购置及运行费年初预算": (
        FigureSource(_F7, (f"{_F7_PARTS}/公务用车购置及运行费/小计/预算数",)),),
}

#: The funds 财政拨款 is made of: a 财政拨款 figure no table prints is its 一般公共预算
#: figure where the document's tables print the other funds' spending empty (the seed's
#: 财政拨款项目 is its 一般公共预算项目支出情况表's total: 政府性基金 and 国有资本经营 are blank).
FUND_PARTS: dict[str, tuple[str, ...]] = {"财政拨款": ("一般公共预算", "政府性基金", "国有资本经营")}
#: The measure a project's amount is read from in a table that lists projects by name
#: (一般公共预算项目支出情况表's 项目名称 column), the first the table prints.
PROJECT_MEASURES: tuple[str, ...] = ("项目支出合计", "合计", "金额")

#: The figures ``headline`` reports, in order.
HEADLINE_FIGURES: tuple[str, ...] = (
    "收入总计", "支出合计", "基本支出", "项目支出", "人员经费", "公用经费", "财政拨款",
    "一般公共预算支出", "三公经费", "机关运行经费",
)
