"""Cold and warm load of each corpus document against pdfplumber's bare extract_text()
(the engine's floor), side by side in one run.

Targets (issue 4): cold no slower than 1.5× the floor; warm (from the on-disk cache) under
50 ms a document. Run: ``.venv/bin/python benchmarks/bench_pdf.py`` (needs
../shared/corpus or $BUDGETLIB_CORPUS).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import pdfplumber

from budgetlib import read_budget
from budgetlib.analysis.corpus import find_documents
from budgetlib.cache import read_cached
from budgetlib.config import corpus_dir

WARM_RUNS = 5


def seconds(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def floor(files: list[Path]) -> None:
    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()


def main() -> None:
    folder = corpus_dir()
    if not folder.is_dir():
        print(f"no corpus at {folder}")
        return
    cache = Path(tempfile.mkdtemp())
    print(f"{'document':44} {'extract_text':>12} {'cold':>8} {'ratio':>6} {'warm (median)':>14}")
    totals = [0.0, 0.0, 0.0]
    for name, files in find_documents(folder).items():
        if files[0].suffix != ".pdf":
            continue
        bare = seconds(lambda f=files: floor(f))
        cold = seconds(lambda f=files: read_budget(f if len(f) > 1 else f[0]))
        read_cached(files, cache)  # fills the cache
        warm = statistics.median(seconds(lambda f=files: read_cached(f, cache)) for _ in range(WARM_RUNS))
        totals = [totals[0] + bare, totals[1] + cold, totals[2] + warm]
        print(f"{name:44} {bare:11.2f}s {cold:7.2f}s {cold / bare:6.2f} {warm * 1000:11.1f} ms")
    print(f"{'all':44} {totals[0]:11.2f}s {totals[1]:7.2f}s {totals[1] / totals[0]:6.2f} "
          f"{totals[2] * 1000:11.1f} ms")


if __name__ == "__main__":
    main()
