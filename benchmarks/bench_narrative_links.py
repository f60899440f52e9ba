"""How much of what the narrative states is linked to a table cell (and so checked), per
document: the seed and every corpus document (issue 27).

Of the narrative's amount claims (``doc.claims``, ``figure == "amount"``) whose value a table
of the same document prints (a cell whose value in 万元 equals the claim's within the claim's
printed rounding), the share linked (``link_table`` set). A stated 0 counts only where it
is linked: every blank or 0 cell "prints" it, so unlinked it says nothing. A cell of the
claim's value does not print the claim when the claim's ``link_reason`` says what kind of
figure it is and that kind is not the cell's: a kind no table prints
(:data:`~budgetlib.parse.subjects.NO_TABLE_REASONS`: 用款计划, 资产…), or a measure the cell
is not of (:data:`~budgetlib.parse.subjects.MEASURE_REASONS`: a 决算's item 年初预算 equal to
its 决算数); those are listed apart with the cell they equal. Then every
unlinked claim (amounts, shares, changes) counted by its ``link_reason``, and the printed but
unlinked amounts listed with theirs, and every claim whose reason is 未知. Run:
``.venv/bin/python benchmarks/bench_narrative_links.py`` (the corpus rows need ../shared/corpus
or $BUDGETLIB_CORPUS).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd

from budgetlib import read_budget
from budgetlib.audit.findings import half_unit
from budgetlib.config import SEED_DOCUMENT, corpus_dir
from budgetlib.corpus import find_documents
from budgetlib.parse.subjects import MEASURE_REASONS, NO_TABLE_REASONS

FIGURES = ("amount", "share", "change_amount", "change_pct", "prior", "rate")


def matching_cells(doc, claims: pd.DataFrame) -> pd.Series:
    """The first cell of each claim's value (万元, within its rounding) that a table of the
    document prints, ``None`` where none does (or the claim states 0)."""
    cells = [c for cells in doc.cells.values() for c in cells if c.value == c.value]
    return pd.Series([next((c for c in cells if abs(c.value - v) <= half_unit(raw) + 1e-9), None)
                      if v != 0 else None
                      for v, raw in zip(claims["value"], claims["raw"], strict=True)],
                     index=claims.index, dtype=object)


def of_its_kind(reason, cell) -> bool:
    """Whether a cell of a claim's value can be the claim's figure, by what the claim's
    ``link_reason`` says it is (:data:`NO_TABLE_REASONS`, :data:`MEASURE_REASONS`)."""
    if reason in NO_TABLE_REASONS:
        return False
    measure = MEASURE_REASONS.get(reason)
    return measure is None or bool(re.search(measure, str(cell.measure)))


def measure(doc) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A document's amount claims with ``printed``, ``linked`` and ``coincidence`` (the
    cell of its value that is another figure), and its unlinked claims."""
    c = doc.claims
    if "link_reason" not in c.columns:  # before link reasons (for the BEFORE figures)
        c = c.assign(link_reason=None)
    amounts = c[c["figure"] == "amount"].copy()
    amounts["linked"] = amounts["link_table"].notna()
    cells = matching_cells(doc, amounts)
    kind = [cell is not None and of_its_kind(r, cell)
            for r, cell in zip(amounts["link_reason"], cells, strict=True)]
    amounts["printed"] = pd.Series(kind, index=amounts.index, dtype=bool) | amounts["linked"]
    amounts["coincidence"] = cells.where(~amounts["printed"] & cells.notna(), None)
    unlinked = c[c["figure"].isin(FIGURES) & c["link_table"].isna()]
    return amounts, unlinked


def main() -> None:
    documents: dict[str, Path | list[Path]] = {"seed": SEED_DOCUMENT}
    if corpus_dir().is_dir():
        documents |= {n: f for n, f in find_documents(corpus_dir()).items() if "template" not in n}
    total_linked = total_printed = rates = rates_linked = 0
    reasons: Counter = Counter()
    remainder, unknown, coincidences = [], [], []
    print(f"{'document':50} {'amounts':>7} {'printed':>7} {'linked':>6} {'share':>6}")
    for name, files in documents.items():
        doc = read_budget(files if not isinstance(files, list) or len(files) > 1 else files[0])
        amounts, unlinked = measure(doc)
        printed = amounts[amounts["printed"]]
        linked = int(printed["linked"].sum())
        total_linked, total_printed = total_linked + linked, total_printed + len(printed)
        share = linked / len(printed) if len(printed) else 1.0
        print(f"{name:50} {len(amounts):7} {len(printed):7} {linked:6} {share:6.0%}")
        reasons.update(unlinked["link_reason"].fillna("（无）"))
        rate = doc.claims[doc.claims["figure"] == "rate"]
        rates, rates_linked = rates + len(rate), rates_linked + int(rate["link_table"].notna().sum())
        unknown += [(name, r.page, r.subject, r.figure, r.raw) for r in unlinked.itertuples()
                    if r.link_reason in ("未知", None)]
        remainder += [(name, r.page, r.subject, r.raw, r.link_reason)
                      for r in printed[~printed["linked"]].itertuples()]
        coincidences += [(name, r.page, r.subject, r.raw, r.link_reason, r.coincidence)
                         for r in amounts[amounts["coincidence"].notna()].itertuples()]
    print(f"{'corpus and seed':50} {'':7} {total_printed:7} {total_linked:6} "
          f"{total_linked / total_printed:6.0%}")
    print(f"execution rates (a 决算's 完成预算的X%): {rates_linked} of {rates} linked and checked")
    print("\nunlinked claims (amounts, shares, changes) by reason:")
    for reason, n in reasons.most_common():
        print(f"  {reason:10} {n}")
    print("\nthe unknown remainder (未知):")
    for name, page, subject, figure, raw in unknown:
        print(f"  {name[:40]:40} p{page} {figure}: {subject} {raw}")
    print("\namounts a table prints that are not linked:")
    for name, page, subject, raw, reason in remainder:
        print(f"  {name[:40]:40} p{page} {reason}: {subject} {raw}")
    print("\namounts equal to a cell of another kind of figure (not counted as printed):")
    for name, page, subject, raw, reason, cell in coincidences:
        print(f"  {name[:40]:40} p{page} {reason}: {subject} {raw} = {cell.table} "
              f"p{cell.page} {cell.label or cell.name} / {cell.measure} {cell.raw}")


if __name__ == "__main__":
    main()
