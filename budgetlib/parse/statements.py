"""Group the narrative's figures into statements: one subject's figures in one paragraph.

A statement is what a reviewer reads as one claim: "公共安全支出（204类）司法（06款）其他司法
支出（99项）3845.49万元。…2025年当年预算执行数为43269.3万元，2026年预算安排3845.49万元，比
2025年预算执行数增长17.62%。主要原因是：…" is one statement of its item: this year's figure
(stated twice), last year's execution, the change in % and the reason. Its figures imply
identities (current − prior = change, change ÷ prior = %), which the audit checks
(:mod:`budgetlib.audit.claims`).

Built from the linked claims (``doc.claims``), as records: no frame row is touched in a loop.
"""

from __future__ import annotations

import re
from functools import partial

import pandas as pd

from budgetlib.parse.links import printed_code
from budgetlib.problems import Problem, guarded

#: Columns of ``doc.statements``. ``current``: this year's figure as the statement gives it
#: (else as stated earlier in the section, else the linked cell: ``current_from`` says which);
#: ``amounts``: every distinct amount the paragraph states for the subject; ``prior``: last
#: year's figure as stated, else current − change (``prior_stated`` says which); ``base``:
#: what the change is against as printed, ``base_kind`` one of :data:`BASE_KINDS`.
STATEMENT_COLUMNS = [
    "statement", "paragraph", "subject", "code", "parent", "current", "current_raw", "current_from",
    "amounts", "prior", "prior_raw", "prior_stated", "base", "base_kind", "change", "change_raw",
    "change_pct", "pct_raw", "direction", "share", "share_raw", "whole", "whole_value", "reason",
    "section", "path", "line", "page", "link_table", "link_measure", "link_code", "link_row",
    "table_value", "table_raw", "table_unit", "claims",
]
#: What a prior-year figure is, by the words of its base.
BASE_KINDS = (("执行", "上年执行数"), ("决算", "上年决算"), ("", "上年预算"))
_FIGURES = ("amount", "prior", "change_amount", "change_pct", "share")
_LINK = ("link_table", "link_measure", "link_code", "link_row", "table_value", "table_raw",
         "table_unit")


def base_kind(base) -> str | None:
    """The kind of prior-year figure a printed base names.

    >>> base_kind("2025年当年预算执行数"), base_kind("上年决算数"), base_kind("上年预算")
    ('上年执行数', '上年决算', '上年预算')
    >>> base_kind(None) is None
    True
    """
    if not isinstance(base, str) or not base:
        return None
    return next(kind for word, kind in BASE_KINDS if word in base)


def _blank(x) -> bool:
    return x is None or x != x


def statement_records(claims: list[dict], problems: list[Problem] | None = None) -> list[dict]:
    """The statements of claim records (``doc.claims`` as dicts, in order): see
    :func:`read_statements`. A statement whose building raises is left out, reported in
    ``problems`` when given (:func:`~budgetlib.problems.guarded`)."""
    groups: dict[tuple, list[dict]] = {}
    for c in claims:
        if c["figure"] in _FIGURES and isinstance(c["subject"], str) and c["subject"]:
            groups.setdefault((c["paragraph"], c["subject"]), []).append(c)
    earlier: dict[tuple, dict] = {}  # (section, subject) → its last amount so far
    out = []
    for (paragraph, subject), group in groups.items():
        head = group[0]
        record = guarded(partial(_statement, paragraph, subject, group, earlier, len(out)), None,
                         f"说明中“{subject}”的陈述", problems, line=head["line"], page=head["page"])
        out += [record] if record else []
    return out


def _statement(paragraph, subject: str, group: list[dict], earlier: dict[tuple, dict], n: int) -> dict:
    """Statement ``n``: one subject's claims in one paragraph (``earlier``: each section's
    subjects' last amounts so far, brought up to date)."""
    first = {}
    for c in group:
        first.setdefault(c["figure"], c)
    amount, prior = first.get("amount"), first.get("prior")
    change, pct, share = first.get("change_amount"), first.get("change_pct"), first.get("share")
    head = group[0]
    known = amount or _earlier(earlier, head["section"], subject)
    if known is not None:
        current, current_raw, current_from = float(known["value"]), known["raw"], "说明"
    elif not _blank(head["table_value"]):
        current, current_raw, current_from = float(head["table_value"]), head["table_raw"], "表"
    else:
        current, current_raw, current_from = float("nan"), None, None
    amounts = tuple(dict.fromkeys(c["value"] for c in group if c["figure"] == "amount"))
    if prior is not None:
        prior_value, prior_raw = float(prior["value"]), prior["raw"]
    elif change is not None and current == current:
        prior_value, prior_raw = current - float(change["value"]), None
    else:
        prior_value, prior_raw = float("nan"), None
    based = next((c["base"] for c in (prior, change, pct)
                  if c is not None and not _blank(c["base"])), None)
    linked = next((c for c in group if not _blank(c["link_table"])), head)
    record = {
        "statement": n, "paragraph": paragraph, "subject": subject,
        "code": printed_code(subject, head["path"] or ""), "parent": head["parent"],
        "current": current, "current_raw": current_raw, "current_from": current_from,
        "amounts": amounts, "prior": prior_value, "prior_raw": prior_raw,
        "prior_stated": prior is not None, "base": based, "base_kind": base_kind(based),
        "change": None if change is None else float(change["value"]),
        "change_raw": None if change is None else change["raw"],
        "change_pct": None if pct is None else float(pct["value"]),
        "pct_raw": None if pct is None else pct["raw"],
        "direction": next((c["direction"] for c in (pct, change) if c is not None), None),
        "share": None if share is None else float(share["value"]),
        "share_raw": None if share is None else share["raw"],
        "whole": None if share is None else share["whole"],
        "whole_value": None if share is None else share["whole_value"],
        "reason": next((c["reason"] for c in group
                        if c["figure"] != "amount" and isinstance(c["reason"], str)), None),
        "section": head["section"], "path": head["path"], "line": head["line"], "page": head["page"],
        **{k: linked[k] for k in _LINK},
        "claims": tuple(c["claim"] for c in group),
    }
    for c in group:
        if c["figure"] == "amount":
            earlier[c["section"], subject] = c
    return record


def _earlier(earlier: dict[tuple, dict], section: str, subject: str) -> dict | None:
    """The amount stated earlier in the section for the subject ("…经费预算" states "…经费")."""
    found = earlier.get((section, subject))
    if found is None and subject.endswith("预算"):
        found = earlier.get((section, re.sub(r"预算$", "", subject)))
    return found


def read_statements(claims: pd.DataFrame, problems: list[Problem] | None = None) -> pd.DataFrame:
    """The narrative's statements, one row per subject per paragraph, from the linked
    claims (``doc.claims``): :data:`STATEMENT_COLUMNS`.

    This function does not mutate its input.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> s = read_statements(doc.claims).query("line == 431").iloc[0]
    >>> s["code"], float(s["current"]), round(float(s["prior"]), 2), s["base_kind"], s["link_code"]
    (None, 79.16, 74.5, '上年预算', '2010301')
    """
    columns = list(claims.columns)
    rows = [dict(zip(columns, values, strict=True))
            for values in zip(*(claims[c].tolist() for c in columns), strict=True)]
    return pd.DataFrame.from_records(statement_records(rows, problems), columns=STATEMENT_COLUMNS)
