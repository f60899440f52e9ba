"""Documents of one department over the years: consecutive years paired, and what each
year's narrative says of the year before checked against that year's own document."""

from __future__ import annotations

import pandas as pd

from budgetlib.model import BudgetDocument
from budgetlib.parse.metadata import department_key


def year_pairs(docs: dict[str, BudgetDocument]) -> list[tuple[str, str]]:
    """Consecutive years of the same department and kind: (last year's name, this year's).

    A department is matched across years by :func:`~budgetlib.parse.metadata.department_key`, so
    中国共产党江苏省委员会办公厅 (2017) and 中共江苏省委办公厅 (2018) are one.
    """
    keyed = sorted((department_key(d.department), d.kind or "", d.year or 0, name)
                   for name, d in docs.items())
    return [(a[3], b[3]) for a, b in zip(keyed, keyed[1:], strict=False)
            if a[0] and a[:2] == b[:2] and b[2] == a[2] + 1]


def compare_years(docs: dict[str, BudgetDocument]) -> pd.DataFrame:
    """For each pair of consecutive years: cells matched, new, gone, and what this year's
    narrative says of last year checked against last year's own document.

    Years are paired by the department's key (:func:`year_pairs`); every row of one
    department carries the name its latest document prints."""
    from budgetlib.analysis import yoy

    pairs = year_pairs(docs)
    # one department, one name: the one its latest document prints
    latest = {department_key(docs[now].department): docs[now].department
              for _, now in sorted(pairs, key=lambda pair: docs[pair[1]].year or 0)}
    records = []
    for prev, now in pairs:
        table = yoy(docs[prev], docs[now])
        stated = table[table["stated_change"].notna()]
        records.append({
            "department": latest[department_key(docs[now].department)],
            "from": docs[prev].year, "to": docs[now].year,
            "cells": len(table), "两年均有": int((table["matched"] == "两年均有").sum()),
            "仅本年": int((table["matched"] == "仅本年").sum()),
            "仅上年": int((table["matched"] == "仅上年").sum()),
            "说明所述增减": len(stated), "与上年文档相符": int(stated["agrees"].eq(True).sum()),
        })
    return pd.DataFrame.from_records(records)
