"""read_corpus with 1 worker against 2 (and the machine's cores), side by side in one run,
without the cache: every document parsed each time.

Target (issue 15): ``workers=2`` at most 0.65× the time of ``workers=1`` on two cores. Run:
``.venv/bin/python benchmarks/bench_corpus.py`` (needs ../shared/corpus or $BUDGETLIB_CORPUS).
"""

from __future__ import annotations

import os
import time

import budgetlib
from budgetlib.config import corpus_dir


def main() -> None:
    folder = corpus_dir()
    if not folder.is_dir():
        print(f"no corpus at {folder}")
        return
    times = {}
    for workers in sorted({1, 2, os.cpu_count() or 1}):
        start = time.perf_counter()
        long, docs, failures = budgetlib.read_corpus(folder, progress=False, cache=False, workers=workers)
        times[workers] = time.perf_counter() - start
        print(f"workers={workers}: {times[workers]:6.1f} s, {len(docs)} documents, {len(failures)} failures, "
              f"{len(long)} rows")
    for workers, seconds in times.items():
        print(f"workers={workers} / workers=1: {seconds / times[1]:.2f}")


if __name__ == "__main__":
    main()
