"""Extract the narrative's quantitative statements into a claims frame.

A paragraph is cut into sentences (at 。 and ；), a sentence into clauses (at ，); the
reason ("主要原因是…") runs to the end of its sentence and is never read for figures.
Each clause is matched against :data:`CLAUSES`, in order: the grammar is data, so a new
phrasing is a new entry. A sentence is read by its parts, in whatever order it gives them:
its subject (quoted or not, or a label before a colon), this year's figure, last year's
with its base ("上年:X万元", "上年预算数为X万元", "比上年预算数X万元增加…"), the change
("较上年", "与上年相比", "同比"), its %, a share and the reason; amounts in 万元, 元, 千元 or
亿元. A clause that matches no entry gives no figure: a figure is never guessed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache, partial

import pandas as pd

from budgetlib.parse.narrative import Section
from budgetlib.problems import Problem, guarded
from budgetlib.registry import UNIT_FACTORS
from budgetlib.text import key

#: Columns of ``doc.claims``.
CLAIM_COLUMNS = [
    "claim", "statement", "paragraph", "section", "line", "page", "subject", "parent", "figure",
    "value", "raw",
    "unit", "direction", "base", "whole", "whole_value", "reason", "text", "path",
]
_NUM = r"(?P<num>\d+(?:\.\d+)?)"
#: An amount and its unit: "79.16万元", "791600.00元" (the thousands separators are gone);
#: how many 万元 one of each unit is is the tables' :data:`~budgetlib.registry.UNIT_FACTORS`
#: (an amount in another unit, 美元, is not read).
_MONEY = rf"{_NUM}(?P<money>万元|亿元|千元|元)"
# "上年预算", "2024年预算执行数", "2022年当年预算执行数", "上年决算数": what a change is against
_BASE = (r"(?P<base>(?:上年|\d{4}年)(?:当年)?(?:预算执行数|执行数|决算数?|预算数?)?|上一年度)"
         r"(?:\([^)]*上一年度[^)]*\))?")
# a prior-year figure stated as such: "2025年当年预算执行数为43269.3万元", "上年决算数为…",
# and "上年:25.77万元" (a bare 上年 only before the figure's 为 or colon)
_PRIOR = (r"(?P<base>(?:上年|\d{4}年)(?:当年)?(?:预算执行数|执行数|决算数?)|上年预算数?"
          r"|上一?年度?(?=[:为是]))")
#: Words that compare with last year without naming its figure ("同比增加"): the base they mean.
YOY_WORDS = {"同比": "上年"}
_UP = ("增加", "增长", "上升", "增幅", "大于", "高于")
_DOWN = ("减少", "下降", "降低", "降幅", "小于", "低于")
# "比上年预算", "较2024年", Jiangsu's "与上年相比" in the same clause as the change, the
# prior figure inside the comparison ("比上年预算数74.50万元增加…"), and "同比"
_PRIOR_FIGURE = r"(?P<pnum>\d+(?:\.\d+)?)(?P<pmoney>万元|亿元|千元|元)"
_AGAINST = (rf"(?:(?:比|较|与|和|同){_BASE}(?:预算数?)?(?:{_PRIOR_FIGURE})?(?:相比)?"
            rf"|(?P<yoy>{'|'.join(YOY_WORDS)}))")
# "增幅为5%", "增长了5%": a word between the change and its figure
_LINK_WORD = r"(?:了|为|是|达)?"


def _any(*words: str) -> re.Pattern[str]:
    """A pattern found where any of the words is (a clause pattern's words, below)."""
    return re.compile("|".join(map(re.escape, words)))


#: Clause patterns, tried in order: (figure type, words, pattern). Named groups: subj, num,
#: dir, base, unit, money (the amount's unit), pnum/pmoney (a prior figure in the comparison).
#: ``words`` (:func:`_any`): the pattern cannot match a clause where none of them is (one of
#: them is a literal the pattern requires), so it is not tried there: most clauses are
#: amounts, and the lazy subject of a pattern that fails is tried at every character.
CLAUSES: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    ("base", _any("相比"), re.compile(
        rf"^(?P<subj>.*?)(?:与|和|同){_BASE}(?:预算数?)?(?:{_PRIOR_FIGURE})?相比$")),
    ("flat", _any("持平"), re.compile(rf"^(?P<subj>.*?)(?:{_AGAINST})?(?:基本)?持平$")),
    # "与上年预算数一致", "与上年预算数相等", "本年数等于上年预算数": the same as a named base
    ("flat", _any("一致", "相同", "相等"), re.compile(
        rf"^(?P<subj>.*?)(?:与|和|同){_BASE}(?:预算数?)?(?:相比)?(?:基本)?(?:一致|相同|相等)$")),
    ("flat", _any("等于"), re.compile(rf"^(?P<subj>.*?)(?:本年数?)?等于{_BASE}(?:预算数?)?$")),
    # a 决算's execution rate: "完成年初预算的98.20%", "完成预算的0%", "预算执行率为95%"
    ("rate", _any("%"), re.compile(rf"^(?P<subj>.*?)(?P<rate>完成了?(?:年初|调整后?)?预算数?的?"
                                   rf"|(?:(?:年初|调整后?)?预算)?(?:执行率|完成率){_LINK_WORD}){_NUM}%$")),
    # "占73.02%", "占比73.02%", "占“三公”经费的13.77%", "占…的比重为13.77%"
    ("share", _any("占"), re.compile(
        rf"^(?P<subj>.*?)占比?(?P<whole>\D*?)(?:的?(?:比重|比例))?{_LINK_WORD}{_NUM}%$")),
    ("change_pct", _any("%"), re.compile(
        rf"^(?P<subj>.*?)(?:{_AGAINST})?(?P<dir>增长|下降|增加|减少|上升|降低|增幅|降幅)"
        rf"{_LINK_WORD}{_NUM}%$")),
    ("change_amount", _any("增加", "减少", "增长", "下降"), re.compile(
        rf"^(?P<subj>.*?)(?:{_AGAINST})?(?P<dir>增加|减少|增长|下降){_LINK_WORD}{_MONEY}$")),
    # "本年数小于上年预算数40.05万元" (Jiangsu procuratorate 2018)
    ("change_amount", _any("大于", "高于", "小于", "低于"), re.compile(
        rf"^(?P<subj>.*?)(?:本年数?)?(?P<dir>大于|高于|小于|低于){_BASE}(?:预算数?)?{_MONEY}$")),
    ("prior", _any("年"), re.compile(rf"^(?P<subj>.*?){_PRIOR}(?:为|是|:)?{_MONEY}$")),
    ("amount", _any("元"), re.compile(rf"^(?P<subj>.*?){_MONEY}$")),
    ("count", _any("人", "辆", "个", "台", "次", "项", "批", "平方米", "家"), re.compile(
        rf"^(?P<subj>.*?\D){_NUM}(?P<unit>人|辆|个|台|次|项|批|平方米|家)$")),
)
#: Subjects that qualify the subject before them rather than name a new one.
QUALIFIERS = ("价值", "金额", "面积", "涉及预算金额")
# "拟采购货物支出303.4万元、拟购买服务支出：24,414,400.00元": a list of items and their amounts,
# each in any money unit (none: 万元) and a colon after its name or not
_ALLOCATION_ITEM = re.compile(rf"^(?P<subj>[^\d、]+?):?{_NUM}(?P<money>万元?|亿元|千元|元)?$")
_REASON = re.compile(r"(?:主要原因(?:是|为)|原因是|主要用于|主要包括)[:]?|主要原因:")
#: A part of a listed reason after the first ("主要原因:一是…;二是…"): it goes on the reason.
_NEXT_REASON = re.compile(r"^[二三四五六七八九十]是")
_OF_WHICH = "其中:"
# "…万元,主要用于以下方面:A…万元,占…%": a list of the parts, as after 其中 (not a reason)
_LIST_OPENER = re.compile(r"主要用于以下(?:几个)?方面:")
# "1、X(类)Y(款)Z(项)。主要用于:…。年初预算为…": a sentence that only names the item the
# paragraph's figures are of
# "1、一般公共服务支出（类）财政事务（款）行政运行（项）。", the chain quoted or not
_ITEM_HEADING = re.compile(r"^(?:\d+[、.])?[“\"]?(?P<item>[^\d,:;“”\"]+\(\d*项\))[”\"]?$")
_CHAIN = re.compile(r"^(?P<lei>.+?)\(\d*类\)(?:(?P<kuan>.+?)\(\d*款\))?(?:(?P<xiang>.+?)\(\d*项\))?")
#: A subject that restates the statement's own subject this year: "2026年预算安排3845.49万元"
#: (Shanghai's item explanations, after last year's execution).
RESTATED = re.compile(r"^\d{4}年(?:预算)?安排(?:资金)?$"
                      r"|^本年度?(?:预算)?(?:数|安排(?:资金)?)?为?:?$")  # "上年…,本年预算数为…"
_SUBJECT_NOISE = (
    re.compile(r"^(?:\d+[.．、]|\(\d+\))"),  # 1. 2．(1)
    re.compile(r"^\([一二三四五六七八九十]+\)、?"),
    re.compile(r"^(?:截至)?\d{4}年(?:底|度)?[,]?"),
    re.compile(r"^(?:本部门|本单位|部门|当年|的)(?=\D)"),
    re.compile(r"(?:预算数为|预算数|数为|为|共|的|合计)$"),
)
_SUBJECT_WORD = re.compile(r"[“”]?科目$")
_QUOTED_ITEM = re.compile(r"“([^“”]*\(\d*[类款项]\))”")
_CHANGES = ("change_amount", "change_pct", "flat")
_EACH = re.compile(r"[各均都]$")
_SPACE = re.compile(r"\s+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
#: Full-width marks and their half-width forms (no half-width form is itself a mark replaced,
#: so one replace after another is one translation, and many times faster than str.translate
#: on CJK text).
_PUNCT = {"（": "(", "）": ")", "，": ",", "：": ":", "；": ";", "％": "%", "〈": "<", "〉": ">"}


#: A comparison phrase: a preposition and the figure compared with ("比2024年预算执行数",
#: "与上年相比", "较上年度", "决算数与"), which names a base, not an item.
_COMPARISON = (r"(?:同比|(?:与|和|同|比|较)(?:上一?年度?|本年度?|\d{4}年度?)?"
               r"(?:预算|决算|执行)*数?(?:相比|对比)?)")
#: What is left of a subject that only points at a figure of the item named before it (本年,
#: 本年数, 决算数, 预算安排, 当年预算执行数) or distributes over the subjects before it (…各).
_POINTER = re.compile(r"(?:本年度?|上一?年度?|\d{4}年度?)?(?:当年|年初)?(?:预算|决算|执行|安排|支出)*数?为?")
_COMPARED = re.compile(rf"^{_COMPARISON}|{_COMPARISON}$")
_BASE_WORDS = re.compile(_BASE)


def change_subject(subject: object) -> str | None:
    """The item a figure is stated for, without the comparison phrase the clause put in
    its subject; ``None`` when nothing but the comparison, or a pointer to a figure of
    the item named before ("2024年预算安排"), is left.

    Examples
    --------
    >>> change_subject("比2024年预算执行数"), change_subject("本年数与上年数"), change_subject("预算安排")
    (None, None, None)
    >>> change_subject("与上年相比收、支预算总计各"), change_subject("“三公”经费财政拨款支出决算数与2023年度")
    ('收、支预算总计', '“三公”经费财政拨款支出决算数')
    >>> change_subject("住房保障(类)支出")
    '住房保障(类)支出'
    """
    if not isinstance(subject, str):
        return None
    text = _EACH.sub("", _COMPARED.sub("", subject.strip()))
    return None if _POINTER.fullmatch(text) else text


def normalize(text: str) -> str:
    """The form claims are read from: no spaces, half-width ( ) , : ; %.

    Examples
    --------
    >>> normalize("一般公共预算 122.35 万元，占 73.02%")
    '一般公共预算122.35万元,占73.02%'
    >>> normalize("收入 1,234.56 万元，增加 1 万元")
    '收入1234.56万元,增加1万元'
    """
    text = _SPACE.sub("", text)
    for wide, half in _PUNCT.items():
        text = text.replace(wide, half)
    return _THOUSANDS.sub("", text)  # 1,234.56: thousands, not a clause


@dataclass
class _State:
    """What a statement carries from clause to clause."""

    subject: str = ""
    parent: str | None = None
    base: str | None = None
    records: list[dict] = field(default_factory=list)


@lru_cache(maxsize=8192)  # pure, and a narrative's few subjects come back clause after clause
def clean_subject(subject: str, names: tuple[str, ...] = ()) -> str:
    """Strip the department's name, the year, numbering and filler from a subject.

    Examples
    --------
    >>> clean_subject("2026年财政拨款“三公”经费预算", ())
    '财政拨款“三公”经费预算'
    >>> clean_subject("阿图什市人民政府外事办公室部门收入预算", ("阿图什市人民政府外事办公室",))
    '收入预算'
    """
    text = subject.strip(",:;、")
    for name in names:
        text = text.replace(normalize(name), "")
    for _ in range(2):
        for pattern in _SUBJECT_NOISE:
            text = pattern.sub("", text)
    text = _SUBJECT_WORD.sub("", text)  # "“…(项)”科目43.83万元"
    text = _QUOTED_ITEM.sub(r"\1", text)  # “法院(款)行政运行(项)”支出
    if text.startswith("“") and "”" not in text[1:-1]:  # a quote round the whole subject
        text = text[1:].removesuffix("”")
    return text.strip(",:;、")


def read_claims(sections: list[Section], names: tuple[str, ...] = (),
                problems: list[Problem] | None = None) -> pd.DataFrame:
    """Every quantitative statement of the narrative, one row per figure.

    ``names`` are the department's spellings, stripped from subjects. ``value`` is signed
    for changes (a decrease is negative); ``statement`` groups the figures of one sentence.
    A paragraph whose reading raises is left out, reported in ``problems`` when given
    (:func:`~budgetlib.problems.guarded`).

    Examples
    --------
    >>> from budgetlib.parse.narrative import Paragraph, Section
    >>> s = Section("二、收入", 2, 1, (Paragraph(
    ...     "单位资金 45.20 万元，占 26.98%，比上年预算增加 35.20 万元，增长 352.00%，"
    ...     "主要原因是收入增加。", 3),))
    >>> claims = read_claims([s])
    >>> claims[["subject", "figure", "value", "unit"]].values.tolist()
    [['单位资金', 'amount', 45.2, '万元'], ['单位资金', 'share', 26.98, '%'], \
['单位资金', 'change_amount', 35.2, '万元'], ['单位资金', 'change_pct', 352.0, '%']]
    >>> claims["base"].iloc[2], claims["reason"].iloc[2]
    ('上年预算', '收入增加')
    """
    names = tuple(names)  # hashable: clean_subject remembers its answers by them
    records: list[dict] = []
    statement = paragraphs = 0
    whole: tuple[str, float] | None = None  # the figure a "其中:" at a sentence's end opens
    for section in sections:
        if section.level <= 2:
            whole = None
        for paragraph in section.paragraphs:
            paragraphs += 1
            done = len(records)
            state = guarded(partial(_read_paragraph, paragraph, section, names, records, statement,
                                    paragraphs, whole), None,
                            f"说明段落“{paragraph.text[:12]}…”", problems, line=paragraph.line,
                            page=paragraph.page)
            if state is None:  # none of a paragraph that raised: no half-read figures
                del records[done:]
            else:
                statement, whole = state
    frame = pd.DataFrame.from_records(records, columns=CLAIM_COLUMNS)
    frame["claim"] = range(len(frame))
    return frame


def _read_paragraph(paragraph, section: Section, names: tuple[str, ...], records: list[dict],
                    statement: int, paragraphs: int, whole: tuple[str, float] | None
                    ) -> tuple[int, tuple[str, float] | None]:
    """Read one paragraph's claims onto ``records``; return the statement count and the
    open whole after it."""
    text = _LIST_OPENER.sub(_OF_WHICH, normalize(paragraph.text))
    sentences = list(filter(None, text.split("。")))
    item = None
    for n, sentence in enumerate(sentences):
        statement += 1
        found = _read_sentence(sentence, names, _last_subject(records))
        if not found and (heading := _ITEM_HEADING.match(sentence)):
            item = heading.group("item")
        for record in found:
            if item and change_subject(record["subject"]) is None:
                record["subject"] = item + record["subject"]  # "年初预算" of the item
            if not record["subject"] and n:  # "…0万元。与上年预算数一致。": the one before
                record["subject"] = _last_subject(records) or ""
            record.update(path=" / ".join((*section.path, section.title)))
            record.update(statement=statement, paragraph=paragraphs, section=section.title,
                          line=paragraph.line,
                          page=paragraph.page, text=sentence)
        if not found and n and (reason := _REASON.match(sentence)):
            # "…增长17.62%。主要原因是：…。": the reason of the sentence before
            for record in records:
                if (record["paragraph"] == paragraphs and record["reason"] is None
                        and record["figure"] in ("change_amount", "change_pct")):
                    record["reason"] = sentence[reason.end():]
        _set_wholes(found, whole)
        if sentence.rstrip(",").endswith(_OF_WHICH):
            amounts = [r for r in found if r["figure"] == "amount"]
            whole = (amounts[-1]["subject"], amounts[-1]["value"]) if amounts else whole
        elif n == len(sentences) - 1 and not text.rstrip().endswith("。") \
                and _OF_WHICH in sentence:
            # "合计…万元,其中:A…;" whose list runs on in the next paragraph (a PDF
            # breaks the lines at each ";"): the parts there share the same whole
            tops = [r for r in found if r["figure"] == "amount" and not r["parent"]]
            whole = (tops[0]["subject"], tops[0]["value"]) if tops else whole
        records += found
    return statement, whole


def _read_sentence(sentence: str, names: tuple[str, ...], previous: str | None) -> list[dict]:
    """The claims of one sentence; ``previous`` is the subject a leading 其中 refers to."""
    state = _State()
    # "；" ends a part of the sentence: its reason, not its 其中 or its base; but not a
    # reason listed in parts ("主要原因:一是…;二是…"), which is one
    segments: list[str] = []
    for segment in filter(None, sentence.split(";")):
        if segments and _NEXT_REASON.match(segment) and _REASON.search(segments[-1]):
            segments[-1] += ";" + segment
        else:
            segments.append(segment)
    for segment in segments:
        done = len(state.records)
        head, reason = _split_reason(segment)
        if ":" in head and not head.startswith(_OF_WHICH):
            label, after = head.split(":", 1)
            if is_label(label):
                head, state.subject = after, clean_subject(label, names)
        if head.startswith(_OF_WHICH) and state.parent is None:
            state.parent = state.subject or previous
            head = head[len(_OF_WHICH):]
        for clause in _clauses(head):
            if clause.startswith(_OF_WHICH):
                state.parent = state.subject
                clause = clause[len(_OF_WHICH):]
            _read_clause(clause, state, names)
        # "…,其中:A增加…,主要原因是…": the reason is A's, not the whole's before 其中
        last = state.records[-1]["subject"] if len(state.records) > done else None
        for record in state.records[done:]:
            record["reason"] = reason if record["subject"] == last else None
    return state.records


#: The name of a figure of a year, which a colon may follow ("上年:25.77万元", "2023年预算数:…").
_FIGURE_NAME = re.compile(r"(?:上一?年度?|本年度?|\d{4}年度?)(?:当年)?"
                          r"(?:预算执行数|执行数|决算数?|预算数?|预算安排|安排)?")
_ENDS_IN_FIGURE_NAME = re.compile(rf"(?:{_FIGURE_NAME.pattern})$")
_AMOUNT_IN = re.compile(r"\d万?元")
_DIGIT = re.compile(r"\d")
_NUMBERING = re.compile(r"^\d+\.")


def is_label(label: str) -> bool:
    """Whether the text before a colon names the sentence's subject ("1.…(项)", "项目名称"),
    not a figure ("上年:25.77万元") nor clauses that end in one ("…43.83万元,上年").

    Examples
    --------
    >>> is_label("1.“一般公共服务支出(类)统计信息事务(款)专项普查活动(项)”")
    True
    >>> is_label("1.“一般公共服务支出(类)专项普查活动(项)”43.83万元,上年"), is_label("基本支出上年预算数")
    (False, False)
    """
    if "," in label or _AMOUNT_IN.search(label) or _ENDS_IN_FIGURE_NAME.search(label):
        return False  # "基本支出上年预算数:100.84万元": the label ends in a figure's name
    return not _DIGIT.search(label) or bool(_CHAIN.match(_NUMBERING.sub("", label)))


def _set_wholes(records: list[dict], whole: tuple[str, float] | None) -> None:
    """A share is of its parent in the sentence, else of the last declared whole."""
    amounts = {r["subject"]: r["value"] for r in records if r["figure"] == "amount"}
    for record in records:
        if record["figure"] != "share":
            continue
        named, parent = record["whole"], record["parent"]
        # a whole the clause names must be the one used; none that fits leaves it unknown
        candidates = [(parent, amounts.get(parent)), whole or (None, None),
                      *((s, v) for s, v in amounts.items() if named and s != record["subject"])]
        for subject, value in candidates:
            if subject and value is not None and _same_whole(named, subject):
                record["whole"], record["whole_value"] = subject, value
                break


def _split_reason(sentence: str) -> tuple[str, str | None]:
    match = _REASON.search(sentence)
    if not match:
        return sentence, None
    return sentence[: match.start()].rstrip(","), sentence[match.end():] or ""


def _split_outside_brackets(text: str, separator: str) -> list[str]:
    """Split at a separator, except inside ( ): "比2022年(上一年度,下同)预算…" is one clause.

    >>> _split_outside_brackets("比2022年(上一年度,下同)预算增加1万元,增长5%", ",")
    ['比2022年(上一年度,下同)预算增加1万元', '增长5%']
    """
    pieces, depth = [], 0
    for piece in text.split(separator):
        if pieces and depth > 0:  # the separator before this piece is inside ( )
            pieces[-1] += separator + piece
        else:
            pieces.append(piece)
        depth += piece.count("(") - piece.count(")")
    return pieces


def _clauses(head: str) -> list[str]:
    parts = []
    for piece in _split_outside_brackets(head, ","):
        # "…万元,其中:X 1万元" keeps 其中 with the clause it opens
        if _OF_WHICH in piece and not piece.startswith(_OF_WHICH):
            before, after = piece.split(_OF_WHICH, 1)
            parts += [before, _OF_WHICH + after]
        else:
            parts.append(piece)
    return [p for p in parts if p]


def _last_subject(records: list[dict]) -> str | None:
    for record in reversed(records):
        if record["figure"] == "amount":
            return record["subject"]
    return None


def _read_clause(clause: str, state: _State, names: tuple[str, ...]) -> None:
    items = clause.split("、")
    if len(items) > 1 and all(_ALLOCATION_ITEM.match(i) for i in items):
        parent = state.subject or None
        for item in items:
            match = _ALLOCATION_ITEM.match(item)
            unit = match.group("money") or "万元"
            value, raw = in_wan(match.group("num"), "万元" if unit == "万" else unit)
            state.records.append(_record(match.group("subj"), parent, "allocation",
                                         value, "万元", None, None, raw))
        return
    found = next(((fig, m) for fig, words, pattern in CLAUSES
                  if words.search(clause) and (m := pattern.match(clause))), None)
    if found is None:
        return
    figure, match = found
    groups = match.groupdict()
    subject = clean_subject(groups.get("subj") or "", names)
    if figure == "amount" and RESTATED.match(groups.get("subj") or ""):
        subject = ""  # the subject the sentence or the one before names
    elif figure in _CHANGES and subject:
        # "比2024年预算执行数增长…" names no item, and "与上年相比收、支预算总计各增加…"
        # restates (各) the one the sentence named: the change is the sentence's subject's
        own = change_subject(subject)
        if own != subject and (against := _BASE_WORDS.search(subject)):
            state.base = against.group("base")  # "与上年相比…": the base the phrase names
        subject = "" if own is None or (state.subject and _EACH.search(subject)) else own
    if subject in QUALIFIERS:  # "车辆1辆,价值14.76万元": the value of the vehicles
        subject = state.subject + subject
    elif subject and figure not in ("share", "change_pct", "rate"):
        state.subject = subject
    if groups.get("base"):
        state.base = groups["base"]
    elif groups.get("yoy"):
        state.base = YOY_WORDS[groups["yoy"]]
    if groups.get("pnum"):  # "比上年预算数74.50万元增加…": last year's figure, stated
        value, raw = in_wan(groups["pnum"], groups["pmoney"])
        state.records.append(_record(state.subject if not subject else subject, state.parent,
                                     "prior", value, "万元", None, state.base, raw))
    if figure == "base":
        return
    if figure == "flat":
        state.records.append(_record(state.subject, state.parent, "change_amount", 0.0, "万元",
                                     "持平", state.base, "0"))
        return
    number, raw = (in_wan(groups["num"], groups["money"]) if groups.get("money")
                   else (float(groups["num"]), groups["num"]))
    direction = groups.get("dir")
    if direction in _DOWN:
        number = -number
    unit = {"share": "%", "change_pct": "%", "rate": "%"}.get(figure) or groups.get("unit") or "万元"
    base = state.base if figure in ("change_amount", "change_pct", "prior") else None
    if figure == "rate":  # a rate's base is the budget its words name ("完成年初预算的")
        base = groups["rate"]
    record = _record(state.subject if not subject else subject, state.parent,
                     figure, number, unit, direction, base, raw)
    if figure == "share":  # "占“三公”经费的13.77%": the whole it names, if it names one
        record["whole"] = _named_whole(groups.get("whole") or "") or None
    state.records.append(record)


def in_wan(number: str, unit: str) -> tuple[float, str]:
    """An amount in 万元 and its printed form in 万元, exact to the digit it was printed to.

    A figure in 元 is read as exact to 0.01 万元 at least, the tables' precision in 万元: its
    zeros below that ("791,600.00元") cannot tell an exact figure from a rounded one.

    Examples
    --------
    >>> in_wan("791600.00", "元"), in_wan("791623.5", "元"), in_wan("79.16", "万元")
    ((79.16, '79.16'), (79.16235, '79.16235'), (79.16, '79.16'))
    >>> in_wan("1.2", "亿元")
    (12000.0, '12000')
    """
    if unit == "万元":
        return float(number), number
    places = max(0, (len(number.split(".")[1]) if "." in number else 0)
                 - round(math.log10(UNIT_FACTORS[unit])))
    value = round(float(number) * UNIT_FACTORS[unit], places)
    raw = f"{value:.{places}f}"
    if places > 2:
        raw = raw.rstrip("0").ljust(len(raw.split(".")[0]) + 3, "0")
    return value, raw


_QUOTES_OR_OF = re.compile(r"[“”\"'‘’]|的$")


def _named_whole(text: str) -> str:
    """The whole a share clause names, without quotes and the linking 的.

    >>> _named_whole("“三公”经费的"), _named_whole("")
    ('三公经费', '')
    """
    return _QUOTES_OR_OF.sub("", text.strip())


def _same_whole(named: str | None, candidate: str) -> bool:
    """Whether a share's named whole can be the candidate figure (one contains the other)."""
    if not named:
        return True
    a, b = key(_named_whole(named)), key(_named_whole(candidate))
    return a in b or b in a


def _record(subject, parent, figure, value, unit, direction, base, raw=None) -> dict:
    return {"subject": subject, "parent": parent if parent != subject else None,
            "figure": figure, "value": value, "raw": raw, "unit": unit, "direction": direction,
            "base": base, "whole": None, "whole_value": None}
