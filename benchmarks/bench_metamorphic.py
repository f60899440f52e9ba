"""The metamorphic benchmark: how often a reworded narrative gives the same audit.

For every rewrite family (:data:`budgetlib.testing.rewrites.FAMILIES`) and every document
(the seed, and the corpus when present), it rewords the narrative and checks the invariants
of :mod:`budgetlib.testing.metamorphic`. Prints the invariance rate (rewrites × documents
that hold) per document, per family and overall, and every broken invariant.

usage: python benchmarks/bench_metamorphic.py [--quiet] [FAMILY ...]
"""

from __future__ import annotations

import sys
import time

from budgetlib.testing.metamorphic import FAMILIES, check, plants, subjects


def main(argv: list[str]) -> None:
    quiet = "--quiet" in argv
    names = [a for a in argv if not a.startswith("--")] or list(FAMILIES)
    start = time.perf_counter()
    docs = subjects()
    planted = {s.name: plants(s) for s in docs}
    held: dict[str, int] = {}
    by_document = dict.fromkeys((s.name for s in docs), 0)
    for name in names:
        held[name] = 0
        for subject in docs:
            broken = check(subject, FAMILIES[name], planted[subject.name])
            held[name] += not broken
            by_document[subject.name] += not broken
            if broken and not quiet:
                for line in broken[:6]:
                    print(f"  {name} × {subject.name}: {line}")
    n = len(docs)
    print(f"{len(docs)} documents, {sum(len(p) for p in planted.values())} planted figures")
    for document, count in by_document.items():
        print(f"{document:48s} {count:3d}/{len(names)} families  planted {len(planted[document])}")
    for name in names:
        print(f"{name:16s} {held[name]:3d}/{n}  {held[name] / n:7.1%}")
    total = sum(held.values())
    print(f"{'overall':16s} {total:3d}/{n * len(names)}  {total / (n * len(names)):7.1%}"
          f"   ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
