"""The audit: every figure checked against every other; findings as a DataFrame.

Rules are functions registered in :data:`RULES`; each takes a document and returns
findings. A bad figure never raises: it is a finding, or it was a reading problem.

Tolerance: a printed figure is exact to half a unit of its last printed digit (0.005 for
two decimals), so a sum of n printed terms compared with a printed total may differ by
up to 0.005 × (n + 1) without any mistake. Differences within that are not findings.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .identities import IDENTITIES, Figure, Identity
from .model import BudgetDocument
from .registry import SPECS

FINDING_COLUMNS = ["rule", "severity", "message", "table", "code", "row", "measure", "line",
                   "expected", "actual", "difference", "tolerance"]
_TOTAL_WORDS = ("合计", "总计", "小计")


def half_unit(raw: str | None) -> float:
    """Half a unit of the last printed digit of a figure (0 for a blank).

    Examples
    --------
    >>> half_unit("167.55"), half_unit("10"), half_unit(None)
    (0.005, 0.5, 0.0)
    """
    if not raw:
        return 0.0
    decimals = len(raw.split(".", 1)[1]) if "." in raw else 0
    return round(0.5 * 10.0 ** -decimals, decimals + 1)


def _finding(rule, severity, message, table=None, code=None, row=None, measure=None, line=None,
             expected=None, actual=None, tolerance=None) -> dict:
    difference = None if expected is None or actual is None else round(actual - expected, 6)
    return {"rule": rule, "severity": severity, "message": message, "table": table,
            "code": code, "row": row, "measure": measure, "line": line, "expected": expected,
            "actual": actual, "difference": difference, "tolerance": tolerance}


def _amount(cells: pd.DataFrame) -> tuple[float, float]:
    """Sum of cells (a blank counts 0) and its tolerance."""
    values = cells["value"].fillna(0.0)
    return float(values.sum()), float(sum(half_unit(r) for r in cells["raw"]))


def _fmt(x: float) -> str:
    return f"{x:,.2f}"


def check_children_sum(doc: BudgetDocument) -> list[dict]:
    """类 = Σ款 = Σ项, and an outline row = Σ its parts, in every table and measure."""
    findings = []
    for title, frame in doc.tables.items():
        if frame.empty:
            continue
        items = frame[frame["row_type"] != "total"]
        for measure, part in items.groupby("measure", sort=False):  # a measure is on one side
            for _, parent in part.iterrows():
                key = parent["code"] if pd.notna(parent["code"]) else parent["name"]
                children = part[(part["parent"] == key) & (part["row"] > parent["row"])]
                if pd.isna(key) or children.empty:
                    continue
                if pd.isna(parent["code"]):  # outline parts end where the next sibling starts
                    later = part[(part["row"] > parent["row"]) & (part["level"] <= parent["level"])]
                    if not later.empty:
                        children = children[children["row"] < later["row"].min()]
                total, tol = _amount(children)
                tol += half_unit(parent["raw"])
                stated = 0.0 if pd.isna(parent["value"]) else float(parent["value"])
                if abs(total - stated) > tol + 1e-9:
                    findings.append(_finding(
                        "children_sum", "error",
                        f"{title}：“{parent['label']}”（{measure}）为 {_fmt(stated)}，其下级合计为 "
                        f"{_fmt(total)}，相差 {_fmt(stated - total)}。",
                        title, parent["code"], parent["label"], measure, parent["line"],
                        expected=round(total, 6), actual=stated, tolerance=tol))
    return findings


def check_total_row(doc: BudgetDocument) -> list[dict]:
    """A total row equals the sum of the top-level rows above it."""
    findings = []
    for title, frame in doc.tables.items():
        for measure, part in frame.groupby("measure", sort=False):
            totals = part[part["row_type"] == "total"]
            if part["row_type"].eq("group").any():  # unit rows (表7) sum the rows under them
                top = part[part["row_type"] == "group"]
            else:
                top = part[(part["row_type"] == "item") & (part["level"] == 1)]
            for _, total_row in totals.iterrows():
                total, tol = _amount(top)
                tol += half_unit(total_row["raw"])
                stated = 0.0 if pd.isna(total_row["value"]) else float(total_row["value"])
                if abs(total - stated) > tol + 1e-9:
                    findings.append(_finding(
                        "total_row", "error",
                        f"{title}：“{total_row['label']}”（{measure}）为 {_fmt(stated)}，"
                        f"各项合计为 {_fmt(total)}，相差 {_fmt(stated - total)}。",
                        title, None, total_row["label"], measure, total_row["line"],
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
        if frame.empty:
            continue
        for total_measure, parts in column_identities(doc.table_meta[title].measures):
            cells = frame[frame["measure"].isin([total_measure, *parts])]
            for (_, _row), row in cells.groupby(["side", "row"], dropna=False, sort=False):
                stated_cell = row[row["measure"] == total_measure]
                part_cells = row[row["measure"].isin(parts)]
                if stated_cell.empty:
                    continue
                total, tol = _amount(part_cells)
                tol += half_unit(stated_cell["raw"].item())
                value = stated_cell["value"].item()
                stated = 0.0 if pd.isna(value) else float(value)
                if abs(total - stated) > tol + 1e-9:
                    first = stated_cell.iloc[0]
                    findings.append(_finding(
                        "row_parts", "error",
                        f"{title}：“{first['label']}”的{total_measure}为 {_fmt(stated)}，"
                        f"{'、'.join(parts)}之和为 {_fmt(total)}，相差 {_fmt(stated - total)}。",
                        title, first["code"], first["label"], total_measure, first["line"],
                        expected=round(total, 6), actual=stated, tolerance=tol))
    return findings


def _cells(doc: BudgetDocument, figure: Figure) -> pd.DataFrame | None:
    frame = doc.tables.get(figure.table)
    if frame is None or frame.empty:
        return None
    cells = frame[frame["measure"] == figure.measure]
    if figure.row == "total":
        cells = cells[cells["row_type"] == "total"]
    elif isinstance(figure.row, dict):
        for column, wanted in figure.row.items():
            cells = cells[cells[column] == wanted]
    else:
        cells = cells[cells["code"].notna()]
    return cells if not cells.empty else None


def _compare(identity: Identity, left: pd.DataFrame, right: pd.DataFrame,
             label: str) -> dict | None:
    a, tol_a = _amount(left)
    b, tol_b = _amount(right)
    if abs(a - b) <= tol_a + tol_b + 1e-9:
        return None
    lf, rf = identity.left, identity.right
    row = left.iloc[0] if len(left) else right.iloc[0]
    return _finding(
        f"identity:{identity.name}", identity.severity,
        f"{label}{lf.table}（{lf.measure}）为 {_fmt(a)}，{rf.table}（{rf.measure}）为 {_fmt(b)}，"
        f"相差 {_fmt(a - b)}；{identity.why}。",
        lf.table, row["code"], row["label"], lf.measure, row["line"],
        expected=round(b, 6), actual=a, tolerance=tol_a + tol_b)


def check_identities(doc: BudgetDocument) -> list[dict]:
    """Cross-table identities of :data:`budgetlib.identities.IDENTITIES` that apply."""
    findings = []
    for identity in IDENTITIES:
        left, right = _cells(doc, identity.left), _cells(doc, identity.right)
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


def check_completeness(doc: BudgetDocument) -> list[dict]:
    """The required tables are present; an empty one carries its explanation."""
    findings = []
    for spec in SPECS:
        if not spec.required:
            continue
        meta = doc.table_meta.get(spec.title)
        if meta is None:
            findings.append(_finding("required_table", "error",
                                     f"缺少必须公开的“{spec.title}”。", spec.title))
        elif meta.empty and not meta.note:
            findings.append(_finding("empty_table_note", "warning",
                                     f"“{spec.title}”为空表，但未说明为空表的原因。", spec.title,
                                     line=meta.line))
    return findings


#: Every rule, by name. ``doc.audit()`` runs them all.
RULES: dict[str, Callable[[BudgetDocument], list[dict]]] = {
    "children_sum": check_children_sum,
    "total_row": check_total_row,
    "row_parts": check_row_parts,
    "identities": check_identities,
    "completeness": check_completeness,
}


def audit(doc: BudgetDocument) -> pd.DataFrame:
    """Run every rule on a document; one row per finding (:data:`FINDING_COLUMNS`).

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> len(audit(doc))
    0
    """
    findings = [f for rule in RULES.values() for f in rule(doc)]
    return pd.DataFrame.from_records(findings, columns=FINDING_COLUMNS)
