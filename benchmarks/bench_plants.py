"""How many errors a figure planted wrong makes: issue 27's "exactly one".

On the seed and every corpus document, plants every linked amount claim that has no
finding wrong (:func:`budgetlib.testing.metamorphic._planter`) and counts the new error
findings each plant gives, in the original wording. Prints the histogram 0 / 1 / 2 / 3+,
every plant of 2+ errors with its rules, and every plant of 0 (a miss) with its links.
"unplantable": the figure is printed more than once in its paragraph ("收入预算16497.86万元,
其中:财政拨款收入16497.86万元"), so a plant could not say which it makes wrong.

usage: python benchmarks/bench_plants.py [--quiet]
"""

from __future__ import annotations

import sys
import time
from collections import Counter

from budgetlib.testing.metamorphic import Family, _plain, _planter, errors, findings, subjects


def _cell(claim: dict) -> str:
    """The table cell a claim is linked to, to say why a wrong amount makes no error (a
    plant within the rounding of both figures, a link lost or moved)."""
    return (f"table {claim['link_table']} row {claim['link_row']} measure {claim['link_measure']} "
            f"= {claim['table_value']}")


def measure(subject) -> tuple[Counter, list[str], list[str], int]:
    """The histogram of new errors per plant, the 2+ cases, the 0 cases, and the claims
    that cannot be planted (their figure not found once in their text)."""
    identity = Family("none", lambda s: s, "identity")
    base = findings(subject.doc)
    busy = {(k[4], k[5], k[2]) for k in base}
    claims = subject.doc.claims
    candidates = claims[(claims["figure"] == "amount") & claims["link_table"].notna()]
    histogram, many, missed, unplantable = Counter(), [], [], 0
    for claim in candidates.to_dict("records"):
        if (_plain(claim["line"]), _plain(claim["page"]), claim["subject"]) in busy:
            continue
        planter = _planter(subject, claim)
        if planter is None:
            unplantable += 1
            continue
        doc, found = subject.findings(identity, planter)
        new = errors(found) - errors(base)
        n = sum(new.values())
        histogram[min(n, 3)] += 1
        where = f"{subject.name} line {_plain(claim['line'])} page {_plain(claim['page'])} " \
                f"{claim['subject']} {claim['raw']}"
        if n >= 2:
            many.append(f"{where}: {sorted(k[0] for k in new.elements())}")
        elif n == 0:
            again = doc.claims[(doc.claims["statement"] == claim["statement"])
                               & (doc.claims["figure"] == "amount")]
            links = sorted({str(x) for x in again["link_table"]})
            lost = errors(base) - errors(found)
            missed.append(f"{where}: links after plant {links}; lost {list(lost)}; "
                          f"{_cell(claim)}")
    return histogram, many, missed, unplantable


def main(argv: list[str]) -> None:
    quiet = "--quiet" in argv
    start = time.perf_counter()
    total, unplantable = Counter(), 0
    for subject in subjects():
        histogram, many, missed, skipped = measure(subject)
        total += histogram
        unplantable += skipped
        print(f"{subject.name:48s} " + " ".join(f"{k}:{histogram[k]}" for k in range(4))
              + f"  unplantable {skipped}")
        if not quiet:
            for line in many + missed:
                print("   ", line)
    print(f"overall errors per plant  0: {total[0]}  1: {total[1]}  2: {total[2]}  3+: {total[3]}"
          f"  (unplantable {unplantable}; {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
