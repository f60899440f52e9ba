"""The audit: every figure checked against every other; findings as a DataFrame.

Takes a :class:`~budgetlib.model.BudgetDocument`; gives one row per finding. Rules are
functions registered in :data:`RULES`; each takes a document and returns findings. The
table rules are here; the narrative's figures are checked in ``claims``, its wording in
``text`` (:data:`~budgetlib.audit.text.TEXT_RULES`), its pages in ``layout``
(:data:`~budgetlib.audit.layout.LAYOUT_RULES`); ``findings`` gives a finding its form. A
new rule goes, as a function, into the module for what it checks and into its rule list. A bad figure never raises: it is a finding, or it was a reading problem.

Tolerance: a printed figure is exact to half a unit of its last printed digit (0.005 for
two decimals), so a sum of n printed terms compared with a printed total may differ by
up to 0.005 × (n + 1) without any mistake. Differences within that are not findings.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from budgetlib.audit import claims as audit_claims
from budgetlib.audit.findings import FINDING_COLUMNS, fmt, half_units
from budgetlib.audit.findings import finding as _finding
from budgetlib.audit.layout import LAYOUT_RULES
from budgetlib.audit.text import TEXT_RULES
from budgetlib.identities import IDENTITIES, Identity, figure_cells
from budgetlib.model import LATER_STAGES, BudgetDocument
from budgetlib.parse.misreads import suspect_tables, with_basis
from budgetlib.registry import TOTAL_WORDS, standard_set

_TOTAL_WORDS = tuple(TOTAL_WORDS)  # for str.endswith


class _Unreadable(Exception):
    """A cell printed something that is not a number: no sum through it is checked."""


def _amount(cells: pd.DataFrame) -> tuple[float, float]:
    """Sum of cells (a blank counts 0) and its tolerance; raise for an unreadable cell."""
    cells = _with_sums(cells)
    if cells["bad"].any():
        raise _Unreadable
    return float(cells["amount"].sum()), float(cells["half"].sum())


def sum_mismatch(parts: pd.DataFrame, whole: pd.DataFrame) -> tuple[float, float, float] | None:
    """(Σ parts, whole, tolerance) when the two disagree beyond rounding, else ``None``.

    ``None`` too when a cell is unreadable: that is reported once, by ``unreadable_cell``.
    """
    try:
        total, tol_parts = _amount(parts)
        stated, tol_whole = _amount(whole)
    except _Unreadable:
        return None
    tol = tol_parts + tol_whole
    return (total, stated, tol) if abs(total - stated) > tol + 1e-9 else None


def _with_sums(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each cell's amount (blank 0), half unit, and whether it is unreadable."""
    return frame.assign(amount=frame["value"].fillna(0.0), half=half_units(frame),
                        bad=frame["raw"].notna() & frame["value"].isna())


def _children(items: pd.DataFrame) -> pd.DataFrame:
    """Parent rows with Σ of their children (``kids``) in the same measure, its tolerance
    (``kids_half``) and whether a child is unreadable (``kids_bad``).

    Coded rows group by ``parent`` code; outline rows (no code) by the parent's name, and
    only among the rows up to the parent's next sibling (names repeat down a table).
    """
    coded = items[items["code"].notna()]
    sums = coded[coded["parent"].notna()].groupby(["measure", "parent"], as_index=False).agg(
        kids=("amount", "sum"), kids_half=("half", "sum"), kids_bad=("bad", "any"))
    parents = [coded.merge(sums.rename(columns={"parent": "code"}), on=["measure", "code"])]
    outline = items[items["code"].isna() & (items["level"] > 0)]
    for index, parent in outline.iterrows():
        after = outline[(outline["measure"] == parent["measure"]) & (outline["row"] > parent["row"])]
        stop = after[after["level"] <= parent["level"]]["row"].min()
        kids = after[(after["parent"] == parent["name"]) & ~(after["row"] >= stop)]
        if len(kids):
            parents.append(outline.loc[[index]].assign(
                kids=kids["amount"].sum(), kids_half=kids["half"].sum(), kids_bad=kids["bad"].any()))
    return pd.concat(parents, ignore_index=True)


def check_children_sum(doc: BudgetDocument) -> list[dict]:
    """类 = Σ款 = Σ项, and an outline row = Σ its parts, in every table and measure."""
    findings = []
    for title, frame in doc.tables.items():
        rows = _children(_with_sums(frame[frame["row_type"] != "total"]))
        tol = rows["kids_half"] + rows["half"]
        readable = ~(rows["bad"] | rows["kids_bad"].astype(bool))
        wrong = rows[readable & ((rows["kids"] - rows["amount"]).abs() > tol + 1e-9)]
        for index, parent in wrong.sort_values(["row", "measure"]).iterrows():
            total, stated = float(parent["kids"]), float(parent["amount"])
            findings.append(_finding(
                "children_sum", "error",
                f"{title}：“{parent['label']}”（{parent['measure']}）为 {fmt(stated)}，其下级合计为 "
                f"{fmt(total)}，相差 {fmt(stated - total)}。",
                title, parent["code"], parent["label"], parent["measure"], parent["line"],
                page=parent["page"],
                expected=round(total, 6), actual=stated, tolerance=float(tol[index])))
    return findings


def total_summands(column: pd.DataFrame) -> pd.DataFrame:
    """The rows a table's total row adds up, in one measure's cells: the top-level items,
    or the unit rows (表7's 单位 rows sum the projects under them).

    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> t5 = doc.tables["一般公共预算支出情况表"]
    >>> total_summands(t5[t5["measure"] == "一般公共预算支出/合计"])["code"].tolist()
    ['201', '208', '210', '221']
    """
    if column["row_type"].eq("group").any():
        return column[column["row_type"] == "group"]
    return column[(column["row_type"] == "item") & (column["level"] == 1)]


def _since_last_subtotal(top: pd.DataFrame, part: pd.DataFrame, subtotal: pd.Series) -> pd.DataFrame:
    """The top-level rows a subtotal adds: those above it, after any earlier subtotal."""
    earlier = part[(part["row_type"] == "subtotal") & (part["row"] < subtotal["row"])]["row"]
    start = earlier.max() if len(earlier) else -1
    return top[(top["row"] > start) & (top["row"] < subtotal["row"])]


def check_total_row(doc: BudgetDocument) -> list[dict]:
    """A total row equals the sum of the top-level rows above it; a subtotal (当年收入小计)
    the sum of those since the previous subtotal."""
    findings = []
    for title, frame in doc.tables.items():
        for measure, part in frame.groupby("measure", sort=False):
            top = total_summands(part)
            for index, total_row in part[part["row_type"].isin(("total", "subtotal"))].iterrows():
                subtotal = total_row["row_type"] == "subtotal"
                above = _since_last_subtotal(top, part, total_row) if subtotal else top
                found = sum_mismatch(above, part.loc[[index]])
                if found:
                    total, stated, tol = found
                    findings.append(_finding(
                        "total_row", "error",
                        f"{title}：“{total_row['label']}”（{measure}）为 {fmt(stated)}，"
                        f"各项合计为 {fmt(total)}，相差 {fmt(stated - total)}。",
                        title, None, total_row["label"], measure, total_row["line"], page=total_row["page"],
                        expected=round(total, 6), actual=stated, tolerance=tol))
    return findings


def column_identities(measures: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """Derive "total column = Σ part columns" from the header paths.

    A measure whose last header word is 合计/总计/小计 is the total of the other columns
    under the same heading; a group of columns counts by its own 小计 when it has one,
    else by its columns.

    Examples
    --------
    >>> column_identities(("合计", "财政拨款/小计", "财政拨款/基本支出", "财政拨款/项目支出",
    ...                    "非财政拨款/小计", "非财政拨款/项目支出"))
    [('合计', ['财政拨款/小计', '非财政拨款/小计']), ('财政拨款/小计', ['财政拨款/基本支出', \
'财政拨款/项目支出']), ('非财政拨款/小计', ['非财政拨款/项目支出'])]
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
    return identities


def check_row_parts(doc: BudgetDocument) -> list[dict]:
    """A row's total column equals the sum of its part columns (合计 = 基本 + 项目, …)."""
    findings = []
    for title, frame in doc.tables.items():
        for total_measure, parts in column_identities(doc.table_meta[title].measures):
            cells = frame[frame["measure"].isin([total_measure, *parts])]
            for _, row in cells.groupby(["side", "row"], dropna=False, sort=False):
                stated_cell = row[row["measure"] == total_measure]
                found = sum_mismatch(row[row["measure"].isin(parts)], stated_cell)
                if found:
                    total, stated, tol = found
                    first = stated_cell.iloc[0]
                    findings.append(_finding(
                        "row_parts", "error",
                        f"{title}：“{first['label']}”的{total_measure}为 {fmt(stated)}，"
                        f"{'、'.join(parts)}之和为 {fmt(total)}，相差 {fmt(stated - total)}。",
                        title, first["code"], first["label"], total_measure, first["line"],
                        page=first["page"],
                        expected=round(total, 6), actual=stated, tolerance=tol))
    return findings


def _compare(identity: Identity, left: pd.DataFrame, right: pd.DataFrame,
             label: str) -> dict | None:
    found = sum_mismatch(left, right)
    if not found:
        return None
    a, b, tol = found
    lf, rf = identity.left, identity.right
    row = left.iloc[0] if len(left) else right.iloc[0]
    return _finding(
        f"identity:{identity.name}", identity.severity,
        f"{label}{lf.table}（{lf.measure}）为 {fmt(a)}，{rf.table}（{rf.measure}）为 {fmt(b)}，"
        f"相差 {fmt(a - b)}；{identity.why}。",
        lf.table, row["code"], row["label"], lf.measure, row["line"], page=row["page"],
        expected=round(b, 6), actual=a, tolerance=tol)


def check_identities(doc: BudgetDocument) -> list[dict]:
    """Cross-table identities of :data:`budgetlib.identities.IDENTITIES` that apply."""
    findings = []
    for identity in IDENTITIES:
        left, right = figure_cells(doc.tables, identity.left), figure_cells(doc.tables, identity.right)
        if left is None or right is None:
            continue  # this document's layout lacks one of the two figures
        if identity.by != "code":
            found = _compare(identity, left, right, "")
            findings += [found] if found else []
            continue
        levels = set(left["level"].dropna()) & set(right["level"].dropna())
        left, right = left[left["level"].isin(levels)], right[right["level"].isin(levels)]
        for code in dict.fromkeys([*left["code"], *right["code"]]):
            a, b = left[left["code"] == code], right[right["code"] == code]
            name = (a if len(a) else b)["name"].iloc[0]
            found = _compare(identity, a, b, f"科目 {code} {name}：")
            findings += [found] if found else []
    return findings


def document_set(doc: BudgetDocument) -> tuple[str, tuple[str, ...]] | tuple[None, tuple[()]]:
    """The standard set the document is held to (:func:`~budgetlib.registry.standard_set`)."""
    return standard_set(list(doc.table_meta), doc.kind or doc.title, doc.year,
                        " ".join([doc.title or "", *doc.department_spellings]))


def check_explanations(doc: BudgetDocument) -> list[dict]:
    """The narrative's required sections, for a document held to a standard set: a document
    no set fits (a 决算 today) is not judged by a budget's sections."""
    return audit_claims.check_explanations(doc.paragraphs) if document_set(doc)[0] else []


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


def _explained_in_text(doc: BudgetDocument, title: str) -> bool:
    """Whether the narrative says the department has none of what an empty table is about."""
    subject = EMPTY_SUBJECTS.get(title)
    if subject is None:
        return False
    pattern = (rf"(?:无|没有|未安排|不涉及)[^。；]{{0,12}}{subject}"
               rf"|{subject}[^。；]{{0,24}}?(?:为0|为零|(?<![\d.])0\s*万元|无)")
    return bool(doc.paragraphs["text"].str.contains(pattern, regex=True).any())


def check_unreadable_cells(doc: BudgetDocument) -> list[dict]:
    """A cell that is not a number where an amount belongs (found while reading)."""
    return [_finding("unreadable_cell", "error", f"{p.message}。", p.table, line=p.line)
            for p in doc.problems if p.severity == "error" and "where an amount belongs" in p.message]


#: Every rule, by name. ``doc.audit()`` runs them all.
RULES: dict[str, Callable[[BudgetDocument], list[dict]]] = {
    "unreadable_cell": check_unreadable_cells,
    "claim_amount": lambda doc: audit_claims.check_claim_amounts(doc.claims),
    "claim_name": lambda doc: audit_claims.check_claim_names(doc.claims),
    "claim_share": lambda doc: audit_claims.check_claim_shares(doc.claims),
    "claim_change": lambda doc: audit_claims.check_claim_changes(doc.claims),
    "claim_parts": lambda doc: audit_claims.check_claim_parts(doc.claims),
    "prior_consistency": lambda doc: audit_claims.check_prior_consistency(doc.claims, doc.tables),
    "required_explanation": check_explanations,
    "children_sum": check_children_sum,
    "total_row": check_total_row,
    "row_parts": check_row_parts,
    "identities": check_identities,
    "completeness": check_completeness,
    **TEXT_RULES,
    **LAYOUT_RULES,
}


def audit(doc: BudgetDocument) -> pd.DataFrame:
    """Run every rule on a document; one row per finding (:data:`FINDING_COLUMNS`).

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> findings = audit(doc)
    >>> findings["rule"].value_counts().to_dict()
    {'half_width_mark': 8, 'zero_base': 6, 'claim_name': 2, 'department_name': 1}
    """
    findings = [f for rule in RULES.values() for f in rule(doc)]
    frame = pd.DataFrame.from_records(findings, columns=FINDING_COLUMNS)
    # a finding on a table read with a mark of a misread is the reader's doubt, not an error
    return with_basis(frame, suspect_tables(doc.problems, frame))


LATER_STAGES["audit"] = audit  # doc.audit()
