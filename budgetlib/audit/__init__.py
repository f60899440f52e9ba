"""The audit: every figure checked against every other; findings as a DataFrame.

Takes a :class:`~budgetlib.model.BudgetDocument`; gives one row per finding. Rules are
functions registered in :data:`RULES`; each takes a document and returns findings (a
family of rules reading one index, such as the tables' arithmetic, is one entry). The
table rules are here; the narrative's figures are checked in ``claims``, its wording in
``text`` (:data:`~budgetlib.audit.text.TEXT_RULES`), a stated direction against its reason in
``directions``, its pages in ``layout``
(:data:`~budgetlib.audit.layout.LAYOUT_RULES`); ``findings`` gives a finding its form. A
new rule goes, as a function, into the module for what it checks and into its rule list.
A bad figure never raises: it is a finding, or it was a reading problem.

Rules read records (``doc.cells``, the claims as dicts), not frame rows: a frame's row
access costs a hundred times a record's, and the audit is run on every document read.

Tolerance: a printed figure is exact to half a unit of its last printed digit (0.005 for
two decimals), so a sum of n printed terms compared with a printed total may differ by
up to 0.005 × (n + 1) without any mistake. Differences within that are not findings.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import partial

import pandas as pd

from budgetlib.audit import claims as audit_claims
from budgetlib.audit.basis import suspect_tables, with_basis
from budgetlib.audit.directions import DIRECTION_RULES
from budgetlib.audit.final_accounts import FINAL_ACCOUNT_RULES
from budgetlib.audit.findings import (
    FINDING_COLUMNS,
    column_sum,
    compensated_sum,
    fmt,
    half_unit,
    in_order,
    unique_findings,
)
from budgetlib.audit.findings import finding as _finding
from budgetlib.audit.layout import LAYOUT_RULES
from budgetlib.audit.text import TEXT_RULES
from budgetlib.identities import IDENTITIES, Identity, figure_cells
from budgetlib.model import BudgetDocument
from budgetlib.parse.identify import standard_set
from budgetlib.parse.tables import Cell, TableMeta
from budgetlib.problems import Problem, guarded
from budgetlib.registry import FINAL_FIGURE_WORDS, TOTAL_WORDS

_TOTAL_WORDS = tuple(TOTAL_WORDS)  # for str.endswith
Cells = dict[str, list[Cell]]  # each table's cells, by title (:func:`~budgetlib.parse.tables.table_cells`)


def _known(x) -> bool:
    """Whether a cell's field is printed: not ``None``, NaN or ``pd.NA``."""
    return x is not None and x is not pd.NA and x == x


def _amount(cell) -> float:
    return cell.value if cell.value == cell.value else 0.0  # a blank counts 0


def _unreadable(cell) -> bool:
    """A cell that printed something that is not a number: no sum through it is checked."""
    return _known(cell.raw) and cell.value != cell.value


def _total(cells: Iterable, add: Callable[[list[float]], float]) -> tuple[float, float] | None:
    """Σ of the cells' amounts and Σ of their half units (the sum's tolerance), or ``None``
    when a cell is unreadable (reported once, by ``unreadable_cell``)."""
    cells = list(cells)
    if any(_unreadable(c) for c in cells):
        return None
    return add([_amount(c) for c in cells]), add([half_unit(c.raw, c.unit) for c in cells])


def sum_mismatch(parts: Iterable | pd.DataFrame, whole: Iterable | pd.DataFrame,
                 add: Callable[[list[float]], float] = column_sum) -> tuple[float, float, float] | None:
    """(Σ parts, whole, tolerance) when the two disagree beyond rounding, else ``None``.

    ``parts`` and ``whole`` are cells (:class:`~budgetlib.parse.tables.Cell`) or tidy
    frames; ``add`` sums their terms. ``None`` too when a cell is unreadable: that is
    reported once, by ``unreadable_cell``.
    """
    parts, whole = (x.itertuples(index=False) if isinstance(x, pd.DataFrame) else x
                    for x in (parts, whole))
    found, stated = _total(parts, add), _total(whole, add)
    if found is None or stated is None:
        return None
    tol = found[1] + stated[1]
    return (found[0], stated[0], tol) if abs(found[0] - stated[0]) > tol + 1e-9 else None


def _parents(table: list[Cell]) -> list[tuple[Cell, list[Cell]]]:
    """Each parent row's cell with its children's cells in the same measure.

    Coded rows group by ``parent`` code; outline rows (no code) by the parent's name, and
    only among the rows up to the parent's next sibling (names repeat down a table).
    """
    items = [c for c in table if c.row_type != "total" and _known(c.measure)]
    children = defaultdict(list)
    for c in items:
        if _known(c.code) and _known(c.parent):
            children[c.measure, c.parent].append(c)
    found = [(c, children[c.measure, c.code]) for c in items
             if _known(c.code) and (c.measure, c.code) in children]
    outline = defaultdict(list)  # measure → its outline rows (no code), in order
    for c in items:
        if not _known(c.code) and _known(c.level) and c.level > 0:
            outline[c.measure].append(c)
    for rows in outline.values():
        for c in (c for c in rows if _known(c.name)):
            after = [x for x in rows if x.row > c.row]
            stop = min((x.row for x in after if x.level <= c.level), default=None)
            kids = [x for x in after if x.parent == c.name and (stop is None or x.row < stop)]
            if kids:
                found.append((c, kids))
    return found


def children_sum(cells: Cells) -> list[dict]:
    """类 = Σ款 = Σ项, and an outline row = Σ its parts, in every table and measure."""
    findings = []
    for title, table in cells.items():
        wrong = []
        for parent, kids in _parents(table):
            # compensated, as pandas' groupby sums: tolerances as the audit always gave them
            found = sum_mismatch(kids, [parent], compensated_sum)
            if found:
                wrong.append((parent, *found))
        for parent, total, stated, tol in sorted(wrong, key=lambda w: (w[0].row, w[0].measure)):
            findings.append(_finding(
                "children_sum", "error",
                f"{title}：“{parent.label}”（{parent.measure}）为 {fmt(stated)}，其下级合计为 "
                f"{fmt(total)}，相差 {fmt(stated - total)}。",
                title, parent.code, parent.label, parent.measure, parent.line, page=parent.page,
                expected=round(total, 6), actual=stated, tolerance=tol))
    return findings


def _is_summand(row_types: list, levels: list) -> list[bool]:
    """Which rows a total row adds up: the group rows if the column has any (表7's 单位
    rows sum the projects under them), else the top-level items."""
    if "group" in row_types:
        return [t == "group" for t in row_types]
    return [t == "item" and _known(level) and level == 1 for t, level in zip(row_types, levels, strict=True)]


def total_summands(column: pd.DataFrame) -> pd.DataFrame:
    """The rows a table's total row adds up, in one measure's cells: the top-level items,
    or the unit rows (表7's 单位 rows sum the projects under them).

    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> t5 = doc.tables["一般公共预算支出情况表"]
    >>> total_summands(t5[t5["measure"] == "一般公共预算支出/合计"])["code"].tolist()
    ['201', '208', '210', '221']
    """
    return column.loc[_is_summand(column["row_type"].tolist(), column["level"].tolist())]


def _by_measure(table: list[Cell]) -> dict[str, list[Cell]]:
    """A table's cells by measure, the measures in the order they first appear."""
    out = defaultdict(list)
    for c in table:
        if _known(c.measure):
            out[c.measure].append(c)
    return out


def total_row(cells: Cells) -> list[dict]:
    """A total row equals the sum of the top-level rows above it; a subtotal (当年收入小计)
    the sum of those since the previous subtotal."""
    findings = []
    for title, table in cells.items():
        for measure, part in _by_measure(table).items():
            top = [c for c, keep in zip(part, _is_summand([c.row_type for c in part],
                                                          [c.level for c in part]), strict=True) if keep]
            subtotals = [c.row for c in part if c.row_type == "subtotal"]
            for cell in (c for c in part if c.row_type in ("total", "subtotal")):
                above = top
                if cell.row_type == "subtotal":  # the rows since the previous subtotal
                    start = max((r for r in subtotals if r < cell.row), default=-1)
                    above = [c for c in top if start < c.row < cell.row]
                found = sum_mismatch(above, [cell])
                if found:
                    total, stated, tol = found
                    findings.append(_finding(
                        "total_row", "error",
                        f"{title}：“{cell.label}”（{measure}）为 {fmt(stated)}，"
                        f"各项合计为 {fmt(total)}，相差 {fmt(stated - total)}。",
                        title, None, cell.label, measure, cell.line, page=cell.page,
                        expected=round(total, 6), actual=stated, tolerance=tol))
    return findings


def column_identities(measures: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """Derive "total column = Σ part columns" from the header paths.

    A measure whose last header word is 合计/总计/小计 is the total of the other columns
    under the same heading; a group of columns counts by its own 小计 when it has one,
    else by its columns. Where each part prints several figures (预算数 and 决算数), the
    identities hold figure by figure.

    Examples
    --------
    >>> column_identities(("合计", "财政拨款/小计", "财政拨款/基本支出", "财政拨款/项目支出",
    ...                    "非财政拨款/小计", "非财政拨款/项目支出"))
    [('合计', ['财政拨款/小计', '非财政拨款/小计']), ('财政拨款/小计', ['财政拨款/基本支出', \
'财政拨款/项目支出']), ('非财政拨款/小计', ['非财政拨款/项目支出'])]
    >>> column_identities(("合计/预算数", "合计/决算数", "接待费/预算数", "接待费/决算数",
    ...                    "用车/小计/预算数", "用车/购置费/预算数"))[:2]
    [('合计/预算数', ['接待费/预算数', '用车/小计/预算数']), ('用车/小计/预算数', ['用车/购置费/预算数'])]
    """
    def parts_under(prefix: tuple[str, ...], exclude: str) -> list[str]:
        found, groups = [], []
        for m in measures:
            path = tuple(m.split("/"))
            if m == exclude or path[: len(prefix)] != prefix or len(path) == len(prefix):
                continue
            head = path[len(prefix)]
            if len(path) == len(prefix) + 1:
                found.append(m)
            elif head not in groups:
                groups.append(head)
                group = (*prefix, head)
                subtotal = [x for x in measures if tuple(x.split("/"))[:-1] == group
                            and x.endswith(_TOTAL_WORDS)]
                found += subtotal or parts_under(group, exclude)
        return found

    identities = []
    for m in measures:
        path = tuple(m.split("/"))
        if m.endswith(_TOTAL_WORDS):
            parts = parts_under(path[:-1], m)
            if parts:
                identities.append((m, parts))
    # a figure printed under each part (合计/预算数, 公务接待费/决算数): one identity per figure
    for figure in dict.fromkeys(m.rsplit("/", 1)[1] for m in measures if "/" in m):
        if figure in FINAL_FIGURE_WORDS:
            end = f"/{figure}"
            inner = tuple(m.removesuffix(end) for m in measures if m.endswith(end))
            identities += [(total + end, [part + end for part in parts])
                           for total, parts in column_identities(inner)]
    return identities


def row_parts(cells: Cells, meta: dict[str, TableMeta]) -> list[dict]:
    """A row's total column equals the sum of its part columns (合计 = 基本 + 项目, …)."""
    findings = []
    for title, table in cells.items():
        for total_measure, parts in column_identities(meta[title].measures):
            rows = defaultdict(list)  # (side, row) → its cells in these columns
            for c in table:
                if c.measure == total_measure or c.measure in parts:
                    rows[c.side, c.row].append(c)
            for row in rows.values():
                stated_cell = [c for c in row if c.measure == total_measure]
                found = sum_mismatch([c for c in row if c.measure in parts], stated_cell)
                if found and stated_cell:  # a row without the total column states no total
                    total, stated, tol = found
                    first = stated_cell[0]
                    findings.append(_finding(
                        "row_parts", "error",
                        f"{title}：{f'“{first.label}”的' if first.label else ''}{total_measure}为 "
                        f"{fmt(stated)}，"
                        f"{'、'.join(parts)}之和为 {fmt(total)}，相差 {fmt(stated - total)}。",
                        title, first.code, first.label, total_measure, first.line, page=first.page,
                        expected=round(total, 6), actual=stated, tolerance=tol))
    return findings


def _compare(identity: Identity, left: list[Cell], right: list[Cell], label: str) -> dict | None:
    found = sum_mismatch(left, right)
    if not found:
        return None
    a, b, tol = found
    lf, rf = identity.left, identity.right
    row = left[0] if left else right[0]
    return _finding(
        f"identity:{identity.name}", identity.severity,
        f"{label}{lf.table}（{lf.measure}）为 {fmt(a)}，{rf.table}（{rf.measure}）为 {fmt(b)}，"
        f"相差 {fmt(a - b)}；{identity.why}。",
        lf.table, row.code, row.label, lf.measure, row.line, page=row.page,
        expected=round(b, 6), actual=a, tolerance=tol)


def _by_code(cells: list[Cell], levels: set) -> dict[str, list[Cell]]:
    """Cells of the given levels by code, the codes in the order they first appear."""
    out = defaultdict(list)
    for c in cells:
        if _known(c.level) and c.level in levels:
            out[c.code].append(c)
    return out


def identities(cells: Cells) -> list[dict]:
    """Cross-table identities of :data:`budgetlib.identities.IDENTITIES` that apply."""
    findings = []
    for identity in IDENTITIES:
        left, right = figure_cells(cells, identity.left), figure_cells(cells, identity.right)
        if left is None or right is None:
            continue  # this document's layout lacks one of the two figures
        if identity.by != "code":
            found = _compare(identity, left, right, "")
            findings += [found] if found else []
            continue
        levels = {c.level for c in left if _known(c.level)} & {c.level for c in right if _known(c.level)}
        left, right = _by_code(left, levels), _by_code(right, levels)
        for code in dict.fromkeys([*left, *right]):
            a, b = left.get(code, []), right.get(code, [])
            found = _compare(identity, a, b, f"科目 {code} {(a or b)[0].name}：")
            findings += [found] if found else []
    return findings


def check_tables(doc: BudgetDocument) -> list[dict]:
    """The tables' arithmetic: children sums, total rows, total columns and the identities
    between tables."""
    return [*children_sum(doc.cells), *total_row(doc.cells), *row_parts(doc.cells, doc.table_meta),
            *identities(doc.cells)]


def document_set(doc: BudgetDocument) -> tuple[str, tuple[str, ...]] | tuple[None, tuple[()]]:
    """The standard set the document is held to (:func:`~budgetlib.parse.identify.standard_set`)."""
    return standard_set(list(doc.table_meta), doc.kind or doc.title, doc.year,
                        " ".join([doc.title or "", *doc.department_spellings]))


def check_explanations(doc: BudgetDocument) -> list[dict]:
    """The narrative's required sections, for a document held to a standard set: a document
    no set fits (a 决算 today) is not judged by a budget's sections."""
    return audit_claims.missing_explanations(doc.paragraphs) if document_set(doc)[0] else []


def check_completeness(doc: BudgetDocument) -> list[dict]:
    """The tables of the document's standard set are present; an empty one says why."""
    findings = []
    name, titles = document_set(doc)
    if name is None:  # said once, instead of a missing-table error for each table of a set
        kind = doc.kind or "预算"
        return [_finding("standard_set", "info", f"没有与本文档（{doc.year or '年度不明'}年"
                         f"{kind}）相符的标准表格清单，未检查必备表格。", None)]
    for title in titles:
        meta = doc.table_meta.get(title)
        if meta is None:
            findings.append(_finding("required_table", "error",
                                     f"缺少{name}要求公开的“{title}”。", title))
        elif meta.empty and (funds := other_fund(title, meta.note)):
            findings.append(_finding(
                "empty_table_note_fund", "warning",
                f"“{title}”为空表，其说明“{meta.note}”说的是{funds[1]}，不是本表的{funds[0]}。",
                title, line=meta.line))
        elif meta.empty and not meta.note and not _explained_in_text(doc, title):
            findings.append(_finding("empty_table_note", "warning",
                                     f"“{title}”为空表，但未说明为空表的原因。", title,
                                     line=meta.line))
    return findings


#: What an empty table is about, for finding the narrative's "本部门无政府性基金预算".
EMPTY_SUBJECTS = {
    "政府性基金预算支出情况表": "政府性基金",
    "国有资本经营预算支出情况表": "国有资本经营",
    "财政拨款委托业务费支出情况表": "委托业务费",
    "上年结转结余情况表": "结转结余",
    "一般公共预算项目支出情况表": "项目支出",
}


#: The funds a table is of, as its title and a note name them (预算 and 决算 alike).
FUNDS = ("一般公共预算", "政府性基金", "国有资本经营")


def other_fund(title: str, note: str | None) -> tuple[str, str] | None:
    """(the title's fund, the note's) when an empty table's note speaks of another fund than
    the one its title names: the note copied from the table before it ("无政府性基金预算…"
    under 国有资本经营预算支出情况表). ``None`` when the title names no single fund, the note
    names none, or the note names the title's own.

    A ``warning``, as an empty table without a note is: no figure is wrong (the table is
    empty, as its title's fund is), but the note does not explain this table.

    Examples
    --------
    >>> other_fund("国有资本经营预算支出情况表", "注：本部门无政府性基金预算财政拨款安排的预算。")
    ('国有资本经营', '政府性基金')
    >>> other_fund("国有资本经营预算支出情况表", "注：本部门无国有资本经营预算财政拨款安排的预算。")
    >>> other_fund("财政拨款收支预算总体情况表", "注：无政府性基金预算。")
    >>> other_fund("政府性基金预算支出情况表", "注：本部门无相关收支项目")
    """
    own = [f for f in FUNDS if f in title]
    named = [f for f in FUNDS if note and f in note]
    if len(own) != 1 or not named or own[0] in named:
        return None
    return own[0], "、".join(named)


def _explained_in_text(doc: BudgetDocument, title: str) -> bool:
    """Whether the narrative says the department has none of what an empty table is about."""
    subject = EMPTY_SUBJECTS.get(title)
    if subject is None:
        return False
    pattern = (rf"(?:无|没有|未安排|不涉及)[^。；]{{0,12}}{subject}"
               rf"|{subject}[^。；]{{0,24}}?(?:为0|为零|(?<![\d.])0\s*万元|无)")
    return any(re.search(pattern, p.text) for s in doc.sections for p in s.paragraphs)


def check_unreadable_cells(doc: BudgetDocument) -> list[dict]:
    """A cell that is not a number where an amount belongs (found while reading)."""
    return [_finding("unreadable_cell", "error", f"{p.message}。", p.table, line=p.line)
            for p in doc.problems if p.code == "amount_text"]


#: Every rule, by name. ``doc.audit()`` runs them all.
RULES: dict[str, Callable[[BudgetDocument], list[dict]]] = {
    "unreadable_cell": check_unreadable_cells,
    "claims": lambda doc: audit_claims.check_claims(doc.claims, doc.cells),
    "required_explanation": check_explanations,
    "table_arithmetic": check_tables,
    "completeness": check_completeness,
    **TEXT_RULES,
    **DIRECTION_RULES,
    **LAYOUT_RULES,
    **FINAL_ACCOUNT_RULES,
}


def audit(doc: BudgetDocument) -> pd.DataFrame:
    """Run every rule on a document; one row per finding (:data:`FINDING_COLUMNS`), the most
    severe first and, within a severity, the largest difference first
    (:func:`~budgetlib.audit.findings.in_order`).

    Each rule runs under :func:`~budgetlib.problems.guarded`: a rule that raises gives one
    ``rule_failed`` error naming it and the exception, and the other rules still run.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> findings = audit(doc)
    >>> sorted(findings["rule"].value_counts().items())  # doctest: +NORMALIZE_WHITESPACE
    [('claim_name', 2), ('claim_share', 1), ('department_name', 1), ('half_width_mark', 9),
     ('item_priors', 2), ('zero_base', 6)]
    """
    failed: list[Problem] = []  # a rule that raised: one finding, and the others still run
    findings = [f for name, rule in RULES.items()
                for f in guarded(partial(rule, doc), [], f"检查“{name}”", failed)]
    findings += [_finding("rule_failed", "error", f"{p.message}。") for p in failed]
    findings = unique_findings(findings)
    if doc.template:
        findings = as_template(findings, doc.department)
    frame = pd.DataFrame.from_records(findings, columns=FINDING_COLUMNS)
    # a finding on a table read with a mark of a misread is the reader's doubt, not an error
    return in_order(with_basis(frame, suspect_tables(doc.problems)))


#: What a blank template has by design: its findings are listed, as information.
TEMPLATE_RULES = ("placeholder", "template_alternative", "empty_table_note", "required_explanation")


def as_template(findings: list[dict], department: str | None) -> list[dict]:
    """A blank template's findings: one saying it is a template, and its placeholders,
    alternatives and empty tables kept under their own rules as ``info`` (they are what a
    template is, not a publisher's errors). Other findings keep their severity.

    Examples
    --------
    >>> from budgetlib.audit.findings import finding
    >>> found = as_template([finding("placeholder", "error", "XX")], "上海市XX局")
    >>> [(f["rule"], f["severity"]) for f in found]
    [('template', 'info'), ('placeholder', 'info')]
    """
    graded = [{**f, "severity": "info"} if f["rule"] in TEMPLATE_RULES else f for f in findings]
    kept = sum(f["rule"] in TEMPLATE_RULES for f in findings)
    note = _finding("template", "info", f"单位名称“{department}”是占位符：这是未填写的模板，"
                   f"其占位符、备选措辞和空表（{kept} 条）按提示列出，不作为错误")
    return [note, *graded]


