"""The reviewer's checklist (公开情况检查表): one row per required part of a disclosure.

A finance bureau's reviewer fills one for each disclosure: 及时性, then under 内容规范性 the
cover, contents, 主要职能, 机构设置, 名词解释, the 编制说明, each required table by its own
name, the 其他相关说明 and the 项目经费情况说明; against each 是/否 and, for 否, the problems
written out. :func:`checklist` gives these rows for a document: the tables come from the
standard set it is held to (:func:`~budgetlib.audit.document_set`), the parts from
:data:`PARTS`, and every ``error`` and ``warning`` finding of the audit lands in exactly one
row (:func:`assign`); ``info`` findings are kept apart (提示). A part whose presence cannot
be judged from the document, or that was read with a mark of a misread, is 无法判断, never 是.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from budgetlib.audit import document_set
from budgetlib.audit.basis import BASIS_READING, suspect_tables
from budgetlib.audit.findings import where
from budgetlib.model import BudgetDocument

#: The checklist's columns.
CHECKLIST_COLUMNS = ["检查项目", "检查内容", "符合要求", "问题", "提示"]
YES, NO, UNKNOWN = "是", "否", "无法判断"


@dataclass(frozen=True)
class Part:
    """One row of the checklist, as data.

    ``found`` says how its presence is judged: ``timeliness`` (never from the document),
    ``cover`` (text before the first heading), ``contents`` (a contents page read),
    ``section`` (a heading matching ``pattern``), ``tables`` (stands for each table of the
    standard set, one row each), ``explanation`` (the audit's required explanations named
    in ``explanations`` are not missing) or ``other`` (no presence to judge: the findings
    no part claims).
    """

    name: str
    found: str
    group: str = "内容规范性"
    #: A heading pattern: the part's own section, and the sections whose findings it takes.
    pattern: str | None = None
    #: :data:`~budgetlib.audit.claims.REQUIRED_EXPLANATIONS` (and conditional) names.
    explanations: tuple[str, ...] = ()
    #: Rules whose findings land here whatever their place.
    rules: tuple[str, ...] = ()
    #: The name for a 决算, where it differs.
    final_name: str | None = None
    #: Documents it applies to: 预算, 决算 or both; a region (regex on the publisher).
    kinds: tuple[str, ...] = ("预算", "决算")
    region: str | None = None


#: The checklist's rows in a finance bureau's order.
PARTS: tuple[Part, ...] = (
    Part("及时性", "timeliness", group="及时性"),
    Part("封面", "cover"),
    Part("目录", "contents", rules=("contents_table_missing", "table_not_in_contents")),
    Part("主要职能", "section", pattern=r"主要职[能责]|职能|职责"),
    Part("机构设置", "section", pattern=r"机构设置|单位构成|机构|所属单位"),
    Part("名词解释", "section", pattern=r"名词解释"),
    Part("预算编制说明", "section", pattern=r"(预算|决算).*(说明|情况)|编制说明",
         final_name="决算情况说明"),
    Part("各表", "tables"),
    Part("“三公”经费情况说明", "explanation", pattern=r"三公",
         explanations=("“三公”经费及其构成", "“三公”经费与上年比较", "“三公”经费增减原因")),
    Part("其他相关说明：机关运行经费", "explanation", pattern=r"运行经费", explanations=("机关运行经费",)),
    Part("其他相关说明：政府采购", "explanation", pattern=r"政府采购",
         explanations=("政府采购（货物、工程、服务）",)),
    Part("其他相关说明：国有资产占用", "explanation", pattern=r"国有资产",
         explanations=("国有资产占用情况",)),
    Part("其他相关说明：绩效目标", "explanation", pattern=r"绩效", explanations=("预算绩效目标",)),
    # Putuo's 检查表 lists it; other regions' sets do not ask for it. Printed under its own
    # heading, or as one "…专项经费情况说明" per project (Putuo's 商务委 2025 部门预算)
    Part("项目经费情况说明", "section", pattern=r"项目经费|经费情况说明|项目支出.*说明", kinds=("预算",),
         region="上海"),
    Part("其他（版式等）", "other", rules=("blank_page", "beyond_page_edge", "rule_failed", "standard_set")),
)
#: Rules that check a table: their findings land on the table's row.
TABLE_RULES = ("children_sum", "total_row", "row_parts", "identity", "required_table",
               "empty_table_note", "empty_table_note_fund", "unreadable_cell")
#: The narrative part that takes a narrative finding no section claims.
NARRATIVE_PART = "预算编制说明"
OTHER_PART = "其他（版式等）"
TEMPLATE_NOTE = "文档是未填写的模板（单位名称为占位符），不是可据以判断的公开文档。"


def _known(x) -> bool:
    return x is not None and x is not pd.NA and x == x


def _applies(part: Part, doc: BudgetDocument) -> bool:
    kind = "决算" if "决算" in (doc.kind or "") else "预算"
    publisher = " ".join([doc.title or "", *doc.department_spellings])
    return kind in part.kinds and (part.region is None or bool(re.search(part.region, publisher)))


def rows_of(doc: BudgetDocument) -> list[tuple[Part, str | None]]:
    """The checklist's rows for a document: (part, table title or ``None``), in order; the
    ``tables`` part stands for each table of the document's standard set.

    >>> import budgetlib
    >>> rows = rows_of(budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT))
    >>> [table or part.name for part, table in rows][:4], len(rows)
    (['及时性', '封面', '目录', '主要职能'], 25)
    """
    _, titles = document_set(doc)
    out: list[tuple[Part, str | None]] = []
    for part in PARTS:
        if not _applies(part, doc):
            continue
        if part.found == "tables":
            out += [(part, title) for title in titles]
        else:
            out.append((part, None))
    return out


def _key(part: Part, table: str | None) -> str:
    return table or part.name


def _quotes(message: str) -> list[str]:
    """The words a message quotes (“…”), longest first, without spaces."""
    found = re.findall(r"“([^“”]{2,})”", message)
    return sorted((re.sub(r"\s+", "", q) for q in found), key=len, reverse=True)


def _section_path(finding: dict, paragraphs: pd.DataFrame) -> tuple[str, ...] | None:
    """The headings of the paragraph a narrative finding is in: on its page (or at its line),
    the paragraph that holds the words it quotes; ``None`` when that is not clear."""
    page, line = finding.get("page"), finding.get("line")
    if _known(page) and "page" in paragraphs:
        near = paragraphs[paragraphs["page"] == page]
    elif _known(line) and "line" in paragraphs:
        before = paragraphs[paragraphs["line"].notna() & (paragraphs["line"] <= line)]
        near = before.tail(1)
    else:
        return None
    if near.empty:
        return None
    texts = near["text"].map(lambda t: re.sub(r"\s+", "", str(t)))
    for quote in _quotes(str(finding.get("message", ""))):
        hit = near[texts.str.contains(quote, regex=False)]
        if len(hit):
            near = hit
            break
    paths = {str(p) for p in near["path"]}
    if len(paths) != 1:  # the page holds several sections and no quote tells which
        return None
    return tuple(s.strip() for s in paths.pop().split(" / "))


def _narrative_part(path: tuple[str, ...] | None, keys: dict[str, Part]) -> str:
    """The part a narrative finding's section belongs to: the outermost heading a part's
    pattern matches (the 三公 section under 其他相关说明 is the 三公 row; a project's
    "七、绩效目标" under its "…经费情况说明" is the project's)."""
    sections = [p for p in keys.values() if p.pattern and p.found in ("section", "explanation")
                and p.name != NARRATIVE_PART]
    for heading in path or ():
        for part in sections:
            if re.search(part.pattern, heading):
                return part.name
    return NARRATIVE_PART


def _explanation_part(message: str, keys: dict[str, Part]) -> str:
    for part in keys.values():
        if any(f"“{name}”" in message for name in part.explanations):
            return part.name
    return NARRATIVE_PART


def assign(doc: BudgetDocument, findings: pd.DataFrame) -> dict[str, list[int]]:
    """Each row's findings (their index in ``findings``), by row key (a table's title or
    the part's name): every finding in exactly one row.

    A table rule's finding goes to its table's row (a table the set does not require, to
    其他); a rule a part names goes there; a missing explanation to its part; any other (the
    narrative's figures and wording) to the part whose heading it is under, else to the
    编制说明.

    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> found = doc.audit()
    >>> sum(len(v) for v in assign(doc, found).values()) == len(found)
    True
    """
    rows = rows_of(doc)
    keys = {_key(part, table): part for part, table in rows}
    by_rule = {rule: part.name for part in keys.values() for rule in part.rules}
    out: dict[str, list[int]] = {key: [] for key in keys}
    for index, f in zip(findings.index, findings.to_dict("records"), strict=True):
        rule = str(f["rule"]).split(":")[0]
        table = f.get("table")
        if rule in by_rule:
            key = by_rule[rule]
        elif rule in TABLE_RULES:
            key = table if _known(table) and table in keys else OTHER_PART
        elif rule == "required_explanation":
            key = _explanation_part(str(f["message"]), keys)
        else:
            key = _narrative_part(_section_path(f, doc.paragraphs), keys)
        out[key if key in out else OTHER_PART].append(index)
    return out


def _sentence(f: dict) -> str:
    """A finding's message, with its page (or line) where the message does not say it."""
    message = str(f["message"])
    at = where(f) if _known(f.get("page")) or _known(f.get("line")) else ""
    return message if not at or at in message else f"{at}：{message}"


def _listed(sentences: list[str]) -> str:
    if len(sentences) <= 1:
        return "".join(sentences)
    return "\n".join(f"{i}. {s}" for i, s in enumerate(sentences, start=1))


def _presence(part: Part, table: str | None, doc: BudgetDocument,
              suspects: dict[str, str]) -> tuple[str, str]:
    """Whether the part is there, judged from the document: (是/否/无法判断, why not)."""
    name = part.final_name if part.final_name and "决算" in (doc.kind or "") else part.name
    narrative = len(doc.paragraphs) > 0
    if part.found == "timeliness":
        return UNKNOWN, "文档未载明公开日期，是否在规定时间内公开无法从文档判断。"
    if part.found == "cover":
        cover = [s for s in doc.sections if s.level == 0 and s.paragraphs]
        return (YES, "") if cover else (UNKNOWN, "未从文档读到封面（首个标题之前没有文字）。")
    if part.found == "contents":
        return (YES, "") if doc.contents else (UNKNOWN, "未从文档读到目录页（未印出或未能识别）。")
    if part.found == "tables":
        if table in suspects:
            return UNKNOWN, f"“{table}”读取存疑（{suspects[table]}），其数字未能核对。"
        return (YES, "") if table in doc.table_meta else (NO, f"缺少“{table}”。")
    if part.found == "other":
        return YES, ""
    if not narrative:
        return UNKNOWN, "未从文档读到文字说明部分。"
    titled = any(re.search(part.pattern, s.title) for s in doc.sections if s.title)
    if part.found == "explanation" and document_set(doc)[0]:
        return YES, ""  # the audit checks it: a missing one is its finding, in this row
    if titled:
        return YES, ""
    if part.found == "explanation":
        return UNKNOWN, f"文档没有相符的标准表格清单，未检查“{name}”，亦未见以此为题的章节。"
    return NO, f"文档中未见“{name}”部分（没有以此为题的章节）。"


def checklist_title(doc: BudgetDocument) -> str:
    """The checklist's title: 2025年度<部门>部门预算公开情况检查表.

    >>> import budgetlib
    >>> checklist_title(budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT))
    '2026年度阿图什市人民政府外事办公室部门预算公开情况检查表'
    """
    year = f"{doc.year}年度" if doc.year else ""
    return f"{year}{doc.department or ''}{doc.kind or '部门预算'}公开情况检查表"


def checklist(doc: BudgetDocument, findings: pd.DataFrame | None = None) -> pd.DataFrame:
    """The reviewer's checklist of a document: one row per required part
    (:data:`CHECKLIST_COLUMNS`), its title in ``.attrs["title"]``.

    符合要求 is 否 where the part has an ``error`` or ``warning`` finding (each written out,
    with its page, in 问题) or is missing; 无法判断 where its presence cannot be judged from
    the document, its table was read with a mark of a misread, or the document is a blank
    template; else 是. ``info`` findings
    are listed in 提示. ``findings`` defaults to ``doc.audit()``.

    Examples
    --------
    >>> import budgetlib
    >>> table = checklist(budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT))
    >>> table.loc[0, ["检查项目", "符合要求"]].tolist()
    ['及时性', '无法判断']
    >>> table.set_index("检查内容").loc["部门收支总体情况表", "符合要求"]
    '是'
    """
    findings = doc.audit() if findings is None else findings
    suspects = suspect_tables(doc.problems)
    placed = assign(doc, findings)
    records = findings.to_dict("index")
    final = "决算" in (doc.kind or "")
    rows = []
    for part, table in rows_of(doc):
        mine = [records[i] for i in placed[_key(part, table)]]
        problems = [_sentence(f) for f in mine if f["severity"] in ("error", "warning")]
        notes = [_sentence(f) for f in mine if f["severity"] == "info"]
        doubts = {str(f.get("basis")) for f in mine if str(f.get("basis", "")).startswith(BASIS_READING)}
        present, why = _presence(part, table, doc, suspects)
        if problems:
            verdict = NO
        elif present != YES:
            verdict = present
            problems = [why]
        elif doubts:
            verdict = UNKNOWN
            problems = [f"读取存疑（{'；'.join(sorted(d.split('：', 1)[-1] for d in doubts))}），"
                        "相关数字未能核对，见提示。"]
        else:
            verdict = YES
        if verdict == YES and doc.template:  # a blank form is not a disclosure to pass
            verdict, problems = UNKNOWN, [TEMPLATE_NOTE]
        name = table or (part.final_name if final and part.final_name else part.name)
        rows.append({"检查项目": part.group, "检查内容": name, "符合要求": verdict,
                     "问题": _listed(problems), "提示": _listed(notes)})
    out = pd.DataFrame(rows, columns=CHECKLIST_COLUMNS)
    out.attrs["title"] = checklist_title(doc)
    return out
