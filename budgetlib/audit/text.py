"""Reviewer rules on the narrative's wording: template leftovers, typography, comparison
years, document type and the department's name, outdated classification names, an amount
stated twice.

Each rule family is data: a pattern, what it means, and the traps that must not fire
(written next to it). Every finding quotes the text and names the line (text documents) or
page (PDFs) where its match is printed. The narrative is read paragraph by paragraph as the
reader and :func:`~budgetlib.parse.narrative.read_sections` joined it, so a sentence wrapped
across lines or pages is one sentence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from budgetlib.audit.claims import GLOSSARY  # definitions quote template words ("增加（减少）") on purpose
from budgetlib.audit.findings import finding, fmt, where
from budgetlib.model import BudgetDocument
from budgetlib.parse.metadata import PLACEHOLDER_NAME, count_spellings, department_key
from budgetlib.readers.blocks import PARAGRAPH_END, Break, place

_QUOTE = 24  # characters of context either side of a quoted match
_LABEL = 30  # characters: a shorter line without a full-width mark is a label, not prose
#: Words that make a short paragraph a sentence, which ends with its mark: a reason or a use
#: stated ("财政拨款收入支出增加的主要原因是工作量增加").
_STATES = re.compile(r"原因(?:是|为)|主要用于|用于\S{2,}")


@dataclass(frozen=True)
class TextRule:
    """A pattern that should not occur in the narrative, and what it means."""

    name: str
    pattern: str
    message: str
    severity: str = "warning"
    #: Why the pattern cannot fire on what it must not (the false-alarm traps).
    traps: str = ""


#: Template leftovers and placeholders (family 1).
LEFTOVERS: tuple[TextRule, ...] = (
    TextRule("template_alternative",
             r"(?:增加|减少|增长|下降)[（(](?:增加|减少|增长|下降)[）)]|[（(]持平[）)]",
             "模板中的备选措辞未删改", "error",
             "a choice left unmade (增加（减少）, （持平）); the glossary, which may quote the "
             "template, is not searched"),
    TextRule("placeholder", rf"{PLACEHOLDER_NAME.pattern}|待填写|待补充|待定|\?{{2,}}|？{{2,}}",
             "占位符未填写", "error",
             "two or more X/×/? in a row or 待填写/待补充; a single X (货物A, 服务C) and codes "
             "are not placeholders"),
    TextRule("empty_reason", r"(?:主要原因(?:是|为)|原因是|主要用于)[:：]?\s*(?=[。；;]|$)",
             "原因或用途未写明", "error", "the clause ends right after 原因是/主要用于"),
)

#: Typography (family 2). Pairing and final punctuation are checked in code below.
TYPOGRAPHY: tuple[TextRule, ...] = (
    TextRule("doubled_punctuation", r"[。，；：、！？]{2,}|[。；][，、]|，[。；]",
             "标点重复或冲突", "warning",
             "an ellipsis (……) and a dash (——) are single marks and are not matched"),
)

_CJK = r"[\u4e00-\u9fff]"
_HALF_WIDTH = re.compile(rf"(?<={_CJK}|[%）)])[,;:](?={_CJK})|(?<={_CJK})[,;:]")
_PAIRS = (("“", "”"), ("（", "）"), ("《", "》"), ("(", ")"))
_FINAL = PARAGRAPH_END
# a comparison names its base year right after 比/较/与/同 (与2024年相比, 比2024年预算);
# 〔2017〕89号 and 财库[2013]189号 have no such word before the year
_COMPARISON = re.compile(r"(?:比|较|与|同)\s*(\d{4})\s*年(?:度)?(?:预算|执行|决算)?数?(?:相比|增加|减少|增长|"
                         r"下降|持平|基本持平)")
#: The document named with a year (family 3): "2019年度部门预算", "2019年部门汇总预算".
_SELF_YEAR = re.compile(r"(\d{4})\s*年度?\s*(?:部门|单位)(?:汇总)?(预算|决算)")
#: What makes such a name the document's own (it speaks of itself): 本部门/本单位/我厅 or its
#: department's name just before it, or 公开, 包括, 编制范围, 数据, 安排 right after it; a
#: 部门汇总预算 is always the document's own.
_SELF_BEFORE = re.compile(r"(?:本部门|本单位|我[厅局院委办])\s*$")
_SELF_AFTER = re.compile(r"^\s*(?:公开|包括|编制范围|数据|未?安排)")
#: Traps: a comparison with it ("比2018年部门预算"), last year's execution ("2018年部门预算执行"),
#: a policy document (《…关于编制2018年部门预算…》, "关于做好2020年部门预算编制工作").
_COMPARED = re.compile(r"(?:比|较|与|同|和|对比)\s*$")
_NOT_SELF_AFTER = re.compile(r"^\s*(?:执行|调整|编制(?:工作|的?通知))")
#: Wording of the other kind of disclosure (family 4), by the document's kind.
OTHER_KIND = {"单位预算": r"部门预算|本部门", "部门预算": r"本单位预算|单位预算安排",
              "单位决算": r"部门决算|本部门", "部门决算": r"本单位决算"}


@dataclass(frozen=True)
class Renamed:
    """A classification name that a later 政府收支分类科目 renamed."""

    old: str
    new: str
    since: int  # the first budget year of the new name


#: Renamed 类 of the function classification (family 5); only renames known for certain.
RENAMED: tuple[Renamed, ...] = (
    Renamed("医疗卫生与计划生育支出", "卫生健康支出", 2019),
    Renamed("文化体育与传媒支出", "文化旅游体育与传媒支出", 2019),
    Renamed("国土海洋气象等支出", "自然资源海洋气象等支出", 2019),
)


class _Paragraph(NamedTuple):
    path: str
    text: str
    line: int | None
    page: int | None
    breaks: tuple[Break, ...] = ()


def _body(doc: BudgetDocument) -> list[_Paragraph]:
    """The narrative outside the glossary, paragraph by paragraph as read (a paragraph ends
    at a blank line, a heading, a list marker or a new section; one broken off by a page
    break without ending its sentence was joined to its continuation when it was read).
    """
    return [_Paragraph(path, p.text, p.line, p.page, p.breaks)
            for section in doc.sections
            if GLOSSARY not in (path := " / ".join((*section.path, section.title))) and section.level > 0
            for p in section.paragraphs]


def _quote(text: str, start: int, end: int) -> str:
    left = "…" if start > _QUOTE else ""
    right = "…" if end + _QUOTE < len(text) else ""
    return f"{left}{text[max(0, start - _QUOTE):end + _QUOTE]}{right}"


def _text_finding(rule: str, severity: str, row: _Paragraph, message: str, at: int = 0) -> dict:
    """A finding on paragraph ``row``, placed at the line and page of its character ``at``
    (the match), which may lie past a page break the paragraph runs over."""
    line, page = place(at, row.line, row.page, row.breaks)
    return finding(rule, severity, f"{where({'line': line, 'page': page})}{message}", line=line, page=page)


def check_patterns(doc: BudgetDocument, rules: tuple[TextRule, ...] = LEFTOVERS + TYPOGRAPHY) -> list[dict]:
    """The leftover and typography patterns: one finding per paragraph and rule, quoting the
    first match and counting the rest."""
    out = []
    for row in _body(doc):
        for rule in rules:
            found = list(re.finditer(rule.pattern, row.text))
            if found:
                more = f"（本段共 {len(found)} 处）" if len(found) > 1 else ""
                quote = _quote(row.text, found[0].start(), found[0].end())
                out.append(_text_finding(rule.name, rule.severity, row, f"{rule.message}：“{quote}”{more}。",
                                         found[0].start()))
    return out


def _bracket_total(sentence: str) -> bool:
    """Whether the sentence's brackets pair when full and half width are counted as one."""
    return sentence.count("（") + sentence.count("(") == sentence.count("）") + sentence.count(")")


def check_pairs(doc: BudgetDocument) -> list[dict]:
    """Quotation marks and brackets pair within each sentence (one finding per sentence,
    naming every mark that does not pair); a paragraph ends with its mark."""
    out = []
    body = _body(doc)
    for row in body:
        for start, sentence in _sentence_starts(row.text):
            unpaired = [f"“{left}{right}”" for left, right in _PAIRS
                        if sentence.count(left) != sentence.count(right)]
            # "（款)": a full-width bracket closed half-width is one mistake, not two
            if {"“（）”", "“()”"} <= set(unpaired) and _bracket_total(sentence):
                unpaired = [u for u in unpaired if "（" not in u and "(" not in u]
                unpaired.append("全角与半角括号混用（“（…)”或“(…）”）")
            if unpaired:
                what = "、".join(u if u.startswith("全角") else f"{u}不成对" for u in unpaired)
                out.append(_text_finding("unpaired_mark", "warning", row, f"{what}：“{sentence[:60]}”。",
                                         start))
    for row in body:
        text = row.text.rstrip()
        # a short line (a list's label, a table note, a signature) may end without a mark;
        # a statement of a reason or a use is a sentence however short
        prose = len(text) > _LABEL or _STATES.search(text)
        if prose and not text.endswith(_FINAL) and re.search(rf"{_CJK}|\d", text[-1]):
            # a reviewer lists a sentence left unfinished: a warning, as an unpaired mark is
            out.append(_text_finding("no_final_mark", "warning", row,
                                     f"段落未以标点结束：“…{text[-30:]}”。", len(text) - 1))
    return out


def _sentences(text: str) -> list[str]:
    """Sentences, ended by 。！？ outside quotes and brackets: "（若无，则写“…经费。”）" is one
    parenthesis, not two sentences."""
    return [sentence for _, sentence in _sentence_starts(text)]


def _sentence_starts(text: str) -> list[tuple[int, str]]:
    """The sentences of :func:`_sentences`, each with its offset in ``text``."""
    opening = {left: right for left, right in _PAIRS}
    closing = set(opening.values())
    out, start, depth = [], 0, 0
    for i, char in enumerate(text):
        if char in opening:
            depth += 1
        elif char in closing:
            depth = max(depth - 1, 0)
        elif char in "。！？" and depth == 0:
            out.append((start, text[start:i + 1]))
            start = i + 1
    return [(at, s) for at, s in (*out, (start, text[start:])) if s.strip()]


def check_half_width(doc: BudgetDocument) -> list[dict]:
    """Half-width , ; : inside Chinese prose, where the document otherwise uses full width.

    Trap: numbers (1,234.56), numbering "(1)" and times 10:30 have no Chinese character on
    both sides; a chart's labels ("基本支出, 59.35%") are not prose: only a paragraph with a
    full-width mark or of a sentence's length is read. One finding per paragraph, counting
    its marks.
    """
    body = _body(doc)
    full = sum(len(re.findall("[，；：]", row.text)) for row in body)
    out = []
    for row in body:
        if len(row.text) <= _LABEL and not re.search("[。，；：]", row.text):
            continue
        marks = _HALF_WIDTH.findall(row.text)
        if marks and full > len(marks):
            first = _HALF_WIDTH.search(row.text)
            quote = _quote(row.text, first.start(), first.end())
            out.append(_text_finding("half_width_mark", "info", row,
                                     f"中文中夹用半角标点 {len(marks)} 处：“{quote}”。", first.start()))
    return out


def check_comparison_years(doc: BudgetDocument) -> list[dict]:
    """A year-over-year statement compares with the year before the budget year."""
    if not doc.year:
        return []
    out = []
    for row in _body(doc):
        for m in _COMPARISON.finditer(row.text):
            year = int(m.group(1))
            if year != doc.year - 1:
                quote = _quote(row.text, m.start(), m.end())
                out.append(_text_finding("comparison_year", "error", row,
                                         f"{doc.year}年预算应与{doc.year - 1}年比较，说明写作“{quote}”。",
                                         m.start()))
    return out


def _speaks_of_itself(text: str, m: re.Match, names: tuple[str, ...]) -> bool:
    """Whether a "2018年部门预算" at ``m`` names the document itself (see :data:`_SELF_YEAR`),
    not a comparison, an execution or a policy document."""
    before, after = text[:m.start()], text[m.end():]
    clause = re.split(r"[。；！？]", before)[-1]
    if _COMPARED.search(before) or _NOT_SELF_AFTER.match(after) or "关于" in clause \
            or clause.count("《") > clause.count("》"):
        return False
    own = bool(_SELF_BEFORE.search(before)) or any(n and before.rstrip().endswith(n) for n in names)
    return own or "汇总" in m.group(0) or bool(_SELF_AFTER.match(after))


def check_document_years(doc: BudgetDocument) -> list[dict]:
    """The document calls itself by its own year: a 2019 budget that speaks of "本部门2018年
    部门预算" or "2018年部门汇总预算" as itself was copied from last year's. Only its own kind
    (a budget's 预算, a final account's 决算) and only where it speaks of itself
    (:func:`_speaks_of_itself`); an ``error``, as a wrong comparison year is.

    Traps: "比2018年部门预算增加" (a comparison), "2018年部门预算执行情况" (last year's
    execution), "《…关于编制省级2018年部门预算…的通知》" (a policy document).
    """
    if not doc.year:
        return []
    kind = "决算" if doc.final_account else "预算"
    names = tuple(sorted({*doc.department_spellings, doc.department or ""}, key=len, reverse=True))
    out = []
    for row in _body(doc):
        for m in _SELF_YEAR.finditer(row.text):
            if int(m.group(1)) != doc.year and m.group(2) == kind and _speaks_of_itself(row.text, m, names):
                quote = _quote(row.text, m.start(), m.end())
                out.append(_text_finding("document_year", "error", row,
                                         f"本文档为{doc.year}年{doc.kind or kind}，说明称“{quote}”。",
                                         m.start()))
    return out


def check_kind_and_name(doc: BudgetDocument) -> list[dict]:
    """A 单位预算 does not speak of 部门预算 (and the reverse); one name for the department."""
    out = []
    pattern = OTHER_KIND.get(doc.kind or "")
    for row in _body(doc) if pattern else ():
        for m in re.finditer(pattern, row.text):
            quote = _quote(row.text, m.start(), m.end())
            out.append(_text_finding("document_kind", "warning", row,
                                     f"本文档为{doc.kind}，说明中写作“{quote}”。", m.start()))
    text = "\n".join(p.text for section in doc.sections for p in section.paragraphs)
    used = {s: n for s, n in count_spellings(doc.department_spellings, text).items() if n}
    # a recognized short form (江苏省委办公厅 for 中共江苏省委办公厅) is the same name
    if len({department_key(s) for s in used}) > 1:
        counts = "、".join(f"“{s}”{n}处" for s, n in used.items())
        out.append(finding("department_name", "warning", f"说明中部门名称前后不一致：{counts}。"))
    return out


def check_renamed(doc: BudgetDocument) -> list[dict]:
    """Classification names renamed before the budget year, in the tables or the narrative."""
    out = []
    for rename in RENAMED:
        if not doc.year or doc.year < rename.since:
            continue
        for table in doc.cells.values():
            rows = {}  # (table, row) → its first cell of the old name
            for c in table:
                if str(c.name) == rename.old:
                    rows.setdefault((c.table, c.row), c)
            for row in rows.values():
                out.append(finding("outdated_name", "warning",
                                   f"{row.table}：“{rename.old}”自{rename.since}年起为“{rename.new}”。",
                                   row.table, row.code, row.label, line=row.line, page=row.page))
        for row in _body(doc):
            if rename.old in row.text:
                out.append(_text_finding("outdated_name", "warning", row,
                                         f"说明仍用“{rename.old}”，自{rename.since}年起为“{rename.new}”。",
                                         row.text.index(rename.old)))
    return out


#: Two values of one item this close are one figure mistyped (12,323.46 for 12,323.48); further
#: apart they are different things under one word (预算安排 of each of a list of projects).
NEAR_TYPO = 0.001


def check_amount_twice(doc: BudgetDocument) -> list[dict]:
    """One item's amount stated twice, in a section or on a page, with two values a typo apart."""
    claims = doc.claims
    columns = ["figure", "subject", "value", "section", "page", "line", "link_table", "link_code"]
    amounts = [c for c in (dict(zip(columns, values, strict=True)) for values in zip(
        *(claims[k].tolist() for k in columns), strict=True))
        if c["figure"] == "amount" and isinstance(c["subject"], str) and len(c["subject"]) >= 2]
    out, seen = [], set()
    for by in ("section", "page"):
        groups = defaultdict(list)  # (section or page, subject) → its amounts, in order
        for c in amounts:
            if c[by] is not None and c[by] == c[by]:
                groups[c[by], c["subject"]].append(c)
        for (_, subject), group in sorted(groups.items(), key=lambda g: g[0]):
            values = sorted({c["value"] for c in group})
            for a, b in zip(values, values[1:], strict=False):
                if 0 < b - a <= NEAR_TYPO * b and (subject, a, b) not in seen:
                    seen.add((subject, a, b))
                    first = next(c for c in group if c["value"] == a)
                    second = next(c for c in group if c["value"] == b)
                    out.append(finding(
                        "amount_twice", "error",
                        f"“{subject}”在{where(first)}写作 {fmt(a)} 万元，在{where(second)}写作 "
                        f"{fmt(b)} 万元。", first["link_table"], first["link_code"], subject,
                        line=first["line"], page=first["page"], expected=b, actual=a))
    return out


#: The rule families, by name, as run by ``doc.audit()``.
TEXT_RULES = {
    "template_and_typography": check_patterns,
    "pairs_and_final_marks": check_pairs,
    "half_width_marks": check_half_width,
    "comparison_years": check_comparison_years,
    "document_years": check_document_years,
    "kind_and_name": check_kind_and_name,
    "renamed_classifications": check_renamed,
    "amount_twice": check_amount_twice,
}
