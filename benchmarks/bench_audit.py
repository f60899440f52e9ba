"""Read, claims and audit of the seed and each corpus document, side by side in one run.

Targets (issue 18): on the seed, the audit (claims included) at most 3× the read; on a
corpus document at most 10% of the read. The seed's times are medians of
:data:`SEED_RUNS` runs in a warm interpreter, a corpus document's of one run. Run:
``.venv/bin/python benchmarks/bench_audit.py`` (the corpus rows need ../shared/corpus or
$BUDGETLIB_CORPUS).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from budgetlib import read_budget
from budgetlib.config import SEED_DOCUMENT, corpus_dir
from budgetlib.corpus import find_documents
from budgetlib.parse.figures import read_figures

SEED_RUNS = 7


def timed(source: Path | list[Path]) -> tuple[float, float, float]:
    """Seconds to read a document's tables and narrative, to read its claims (links and
    statements), and to audit it. ``read_budget`` reads the claims with the document, so
    they are timed again apart (:func:`~budgetlib.parse.figures.read_figures`) and taken
    out of the read."""
    start = time.perf_counter()
    doc = read_budget(source, cache=False)
    whole = time.perf_counter() - start
    start = time.perf_counter()
    read_figures(doc.sections, doc.cells, tuple(doc.department_spellings), final=doc.final_account)
    claims = time.perf_counter() - start
    start = time.perf_counter()
    doc.audit()
    return whole - claims, claims, time.perf_counter() - start


def row(name: str, read: float, claims: float, audit: float) -> str:
    return (f"{name:44} {read:8.3f}s {claims:8.3f}s {audit:8.3f}s "
            f"{(claims + audit) / read:8.2f}")


def main() -> None:
    print(f"{'document':44} {'read':>9} {'claims':>9} {'audit':>9} {'(c+a)/read':>10}")
    timed(SEED_DOCUMENT)  # warm up: imports, compiled patterns
    runs = [timed(SEED_DOCUMENT) for _ in range(SEED_RUNS)]
    print(row(f"seed (median of {SEED_RUNS})", *(statistics.median(r) for r in zip(*runs, strict=True))))
    folder = corpus_dir()
    if not folder.is_dir():
        print(f"no corpus at {folder}")
        return
    totals = [0.0, 0.0, 0.0]
    for name, files in find_documents(folder).items():
        if files[0].suffix != ".pdf":
            continue
        times = timed(files if len(files) > 1 else files[0])
        totals = [t + s for t, s in zip(totals, times, strict=True)]
        print(row(name, *times))
    print(row("all corpus documents", *totals))


if __name__ == "__main__":
    main()
