"""What a narrative's subject speaks of: which figure of :data:`~budgetlib.registry.FIGURES`
(of :data:`~budgetlib.registry.FINAL_FIGURES` in a 决算), read from its words, never its value.

A subject is read once the department, the year, the fund (:data:`SCOPES`) and filler are
taken off: what is left names a figure (:data:`SUBJECT_FIGURES`); the fund, the subject's or
else its section's, chooses among the figures of that name ("一般公共预算" + "基本支出").
Where no table holds a figure, :data:`UNLINKED_REASONS` says why.
"""

from __future__ import annotations

import re
from functools import lru_cache

from budgetlib.text import key, name_core

#: The funds a subject's words can name, most specific first ("一般公共预算财政拨款支出" is
#: of the 一般公共预算).
SCOPES = ("一般公共预算", "政府性基金", "国有资本经营", "财政拨款")
#: What a subject is, once the department, the year, the fund (:data:`SCOPES`) and filler are
#: taken off: (pattern the rest matches in full, base figure, whether the fund chooses the
#: figure). The figure is the name of :data:`~budgetlib.registry.FIGURES` (of
#: :data:`~budgetlib.registry.FINAL_FIGURES` in a 决算): the fund's before the base
#: ("一般公共预算" + "基本支出"), else the base; 收入/支出 without a fund are the totals.
SUBJECT_FIGURES: tuple[tuple[str, str, bool], ...] = (
    (r"收入?[、,和及与]?支出?(?:预算)?(?:总计|总|合计|总额)?", "收支总计", True),
    (r"收入(?:预算)?(?:总计|合计|总额)?|拨款(?:收入)?", "收入", True),
    (r"支出(?:预算)?(?:总计|合计|总额)?", "支出", True),
    (r"基本支出", "基本支出", True),
    (r"项目支出", "项目支出", True),
    # 绩效 sections: "财政拨款项目涉及预算金额" is the fund's 项目支出, "整体预算绩效目标涉及
    # 预算金额" the department's whole budget (the 部门整体绩效目标表 covers every fund)
    (r"项目涉及(?:预算)?金额", "项目支出", True),
    (r"(?:(?:预算)?绩效管理)?整体(?:预算)?绩效目标(?:涉及)?(?:预算)?金额", "支出", True),
    (r"人员经费", "人员经费", False),
    (r"公用经费", "公用经费", False),
    (r"三公经费(?:支出)?", "三公经费", False),
    (r"因公出国\(境\)费用?(?:支出)?", "因公出国（境）费", False),
    (r"公务用车购置及运行(?:维护)?费(?:支出)?", "公务用车购置及运行费", False),
    (r"公务用车购置费?(?:支出)?", "公务用车购置费", False),
    (r"公务用车运行(?:维护)?费(?:支出)?", "公务用车运行费", False),
    (r"公务接待费(?:支出)?", "公务接待费", False),
    (r"(?:安排的)?会议费(?:支出)?", "会议费", False),
    (r"(?:安排的)?培训费(?:支出)?", "培训费", False),
    (r"机关运行经费(?:支出)?", "机关运行经费", False),
    (r"政府采购(?:支出)?(?:预算)?(?:总金额|总额|金额)?", "政府采购", False),
    (r"单位预留机动经费", "单位预留机动经费", False),
    # the 政府采购 table's 货物/工程/服务 rows ("其中拟购买货物525.4万元")
    (r"拟?(?:购买|采购)货物(?:支出)?", "政府采购货物", False),
    (r"拟?(?:购买|采购)工程(?:支出)?", "政府采购工程", False),
    (r"拟?(?:购买|采购)服务(?:支出)?", "政府采购服务", False),
)
# each pattern compiled once: in full, and at the end of a text (:func:`_is_figure`)
_FIGURE_PATTERNS = {p: (re.compile(p), re.compile(f"(?:{p})$")) for p, _, _ in SUBJECT_FIGURES}
#: Figures a subject also speaks of where the document prints no table of its own:
#: 机关运行经费 is the 公用经费 of an administrative unit's basic expenditure.
ALSO = {"机关运行经费": ("公用经费",)}
#: Why no table holds an unlinked figure (``link_reason``), tried in order on its subject
#: and section; then :data:`NOT_PRINTED`, then "未知".
#: A figure of :data:`SUBJECT_FIGURES` that none of the document's tables prints.
NOT_PRINTED = "表中未列"
UNLINKED_REASONS: tuple[tuple[str, str], ...] = (
    ("人数", r"人数|编制数|实有人员|\d+人"),
    # what no fund's table divides: the 单位资金 part of projects ("非财政拨款项目涉及预算金额")
    ("非财政拨款", r"非财政拨款"),
    ("政府采购", r"采购"),
    ("资产", r"资产|车辆|房屋|设备|用车|价值"),
    ("绩效", r"绩效"),
    ("年初预算", r"年初预算|调整预算|预算数"),
    ("他年", r"上年|上一年|\d{4}年(?:度)?(?:预算)?执行|以前年度|结转"),
    ("项目", r"项目|专项|资金$|用于"),
    ("用款计划", r"用款计划|季度"),
)
#: Reasons that say what kind of figure the claim is and that no table of a budget or a 决算
#: prints that kind, whatever the value: a cell of the same value is another figure.
NO_TABLE_REASONS = frozenset({"人数", "非财政拨款", "资产", "用款计划"})
#: Reasons that name the measure the claim is of: a cell holds the claim only if it is of
#: that measure (a 决算's item 年初预算 is not its 决算数, though the two may be equal).
MEASURE_REASONS: dict[str, str] = {"年初预算": r"年初预算|调整预算|预算数"}
# what comes before the subject proper: the department and the year, 本年, 我部门
LEAD = re.compile(r"^(?:.*?\d{4}年度?|.*?(?:本年度?|包括|其中:?)|.*(?:安排)?的)")
FILLER = re.compile(r"^(?:(?:我|本)(?:部门|单位|局)|部门)?(?:当年|全年)?|(?:预算|决算|数|为|安排|情况|的)+$")
#: Wordings of the same figure: (pattern, replacement), applied in order once the fund is
#: taken off ("预算支出" is 支出, "拨款支出" is 支出).
_WORDINGS = ((r"^预算", ""), (r"拨款(?=支出)", ""), (r"支出预算支出$|预算支出$|支出预算$", "支出"),
             (r"公务(?:车用车|车)", "公务用车"))
_WORDING_PATTERNS = tuple((re.compile(p), r) for p, r in _WORDINGS)
_QUOTES = re.compile(r"[\"'“”]")
_TOP_SECTION = re.compile(r"^[一二三四五六七八九十]+、")
_REASON_PATTERNS = tuple((reason, re.compile(p)) for reason, p in UNLINKED_REASONS)
OTHER_BUDGET = re.compile(r"年初预算|调整预算|预算数")  # a 决算's other measures
#: A subject that only names a measure of the item named before it ("年初预算", "支出决算",
#: "预算支出"), not an item: "支出预算" and "本年支出" are the totals.
POINTER = re.compile(r"(?:本年度?|当年|\d{4}年度?)?(?:年初|调整)?(?:预算|决算|执行|安排)+"
                      r"(?:支出)?(?:决算|数)?为?|支出(?:决算|执行)数?")
# a project amount that is a fund's 项目支出 only where the subject names the fund: the
# projects of a 绩效 step ("编报绩效目标的项目涉及预算金额") may be some of them
_PROJECTS_OF_A_FUND = re.compile(r"项目涉及(?:预算)?金额$")
# a prefix that makes a figure another year's
_OTHER_YEAR = re.compile(r"上一?年|以前年度")


@lru_cache(maxsize=4096)  # pure; a subject unlinked is read again for its reason
def subject_figure(subject: str, path: str = "", final: bool = False) -> tuple[str, ...]:
    """The figures (names of :data:`~budgetlib.registry.FIGURES`, or of ``FINAL_FIGURES``
    for a 决算) a subject speaks of, most specific first; empty when it names none of
    :data:`SUBJECT_FIGURES`. A fund the subject does not name is the section's.

    Examples
    --------
    >>> subject_figure("省检察院2017年度一般公共预算财政拨款基本支出预算")
    ('一般公共预算基本支出',)
    >>> subject_figure("基本支出", "五、一般公共预算当年拨款情况说明")
    ('一般公共预算基本支出', '基本支出')
    >>> subject_figure("财政拨款收入支出总计", final=True), subject_figure("收入预算")
    (('财政拨款',), ('收入总计',))
    """
    text = _QUOTES.sub("", key(str(subject)))
    if "非财政拨款" in text:  # none of the funds (:data:`UNLINKED_REASONS`)
        return ()
    this_year = "本年" in text
    other = final and bool(OTHER_BUDGET.search(text))
    text = LEAD.sub("", LEAD.sub("", text))
    text = OTHER_BUDGET.sub("", text) if final else text
    scope = next((s for s in SCOPES if s in text), None)
    for word in SCOPES:
        text = text.replace(word, "")
    text = FILLER.sub("", FILLER.sub("", text))
    for pattern, replacement in _WORDING_PATTERNS:
        text = pattern.sub(replacement, text)
    implied = scope is None and (scope := section_scope(path)) is not None
    if not text and scope and not implied:  # the fund alone: its income or its spending
        title = str(path).rsplit(" / ", 1)[-1]
        text = "收入" if "收入" in title and "支出" not in title else "支出"
    found = next(((base, scoped) for pattern, base, scoped in SUBJECT_FIGURES
                  if _is_figure(pattern, scoped, text)), None)
    if found is None:
        return ()
    base, scoped = found
    if (scope is None or implied) and _PROJECTS_OF_A_FUND.search(text):
        return ()
    names = _figure_names(base, scope if scoped else None, this_year and final)
    if implied and scoped:
        names = (*names, *_figure_names(base, None, this_year and final))
    names = tuple(dict.fromkeys(n for b in (names, *(ALSO.get(n, ()) for n in names)) for n in b))
    return tuple(f"{n}年初预算" for n in names) if other else names


def _is_figure(pattern: str, scoped: bool, text: str) -> bool:
    """Whether what is left of a subject is the figure: all of it, or for a figure no fund
    divides its end, after the units it covers ("省检察院机关本级及…单位预留机动经费"), unless
    they make it another year's."""
    whole, at_end = _FIGURE_PATTERNS[pattern]
    if whole.fullmatch(text):
        return True
    end = None if scoped else at_end.search(text)
    return end is not None and not _OTHER_YEAR.search(text[:end.start()])


def _figure_names(base: str, scope: str | None, this_year: bool) -> tuple[str, ...]:
    if base == "收支总计":
        return ("财政拨款",) if scope == "财政拨款" else ("收支总计",) if not scope else ()
    if base in ("收入", "支出") and not scope:
        return (f"本年{base}合计",) if this_year else ("收入总计",) if base == "收入" else ("支出合计",)
    if base == "收入" and scope == "财政拨款":
        return ("财政拨款收入", "财政拨款")
    return (f"{scope}{base}",) if scope else (base,)


def section_scope(path: str) -> str | None:
    """The fund the nearest section that names one speaks of, up to the first top section
    ("一、…")."""
    for part in reversed(str(path).split(" / ")):
        found = next((s for s in SCOPES if s in part), None)
        if found or _TOP_SECTION.match(part):
            return found
    return None



def unlinked_reason(subject, section, path: str | None = None, final: bool = False) -> str:
    """Why no table holds a figure: the first of :data:`UNLINKED_REASONS` its subject, else
    its section, speaks of; else "表中未列" for a figure :func:`subject_figure` knows that
    the document's tables do not print; "未知" when none.

    >>> unlinked_reason("政府采购预算", "三公"), unlinked_reason("支持商业综合服务能力提升", "项目")
    ('政府采购', '项目')
    >>> unlinked_reason("国有资本经营预算收入", "收入预算情况说明"), unlinked_reason("某某", "说明")
    ('表中未列', '未知')
    """
    for text in (str(subject), str(section)):
        for reason, pattern in _REASON_PATTERNS:
            if pattern.search(text):
                return reason
    if isinstance(subject, str) and subject_figure(subject, str(path or section), final):
        return NOT_PRINTED
    return "未知"


def subject_core(subject: str) -> str:
    """What is left of a subject to be looked up by its name (事业收入, 其他资金).

    >>> subject_core("其他资金收入预算总计"), subject_core("本年度事业收入")
    ('其他', '事业')
    """
    return name_core(FILLER.sub("", LEAD.sub("", key(subject))))
