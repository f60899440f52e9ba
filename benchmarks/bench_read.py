"""Time read_budget on the seed in a warm interpreter, stage by stage, side by side.

Target (issue 2): read_budget under 20 ms median; (issue 15) a re-read of an unchanged file,
from the document cache, under 50 ms. Run: ``make bench``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from budgetlib import read_budget
from budgetlib.config import SEED_DOCUMENT
from budgetlib.parse.structure import find_table_grids
from budgetlib.readers import read_raw

RUNS = 20


def median_ms(func, *args) -> float:
    func(*args)  # warm up
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    text = SEED_DOCUMENT.read_text(encoding="utf-8")
    raw = read_raw(SEED_DOCUMENT)
    cache = Path(tempfile.mkdtemp())  # a folder of its own: the first (warm-up) read fills it
    stages = {
        "read_raw (decode + blocks)": (read_raw, SEED_DOCUMENT),
        "find_table_grids": (find_table_grids, raw),
        "read_budget (path, all stages)": (lambda p: read_budget(p, cache=False), SEED_DOCUMENT),
        "read_budget (text in memory)": (read_budget, text),
        "read_budget (path, again: cache)": (lambda p: read_budget(p, cache=cache), SEED_DOCUMENT),
    }
    print(f"{'stage':34} median over {RUNS} runs")
    for name, (func, arg) in stages.items():
        print(f"{name:34} {median_ms(func, arg):8.2f} ms")
    print(f"{'read_budget + claims + audit':34} "
          f"{median_ms(lambda d: read_budget(d, cache=False).audit(), SEED_DOCUMENT):8.2f} ms")
    tracemalloc.start()
    read_budget(SEED_DOCUMENT, cache=False)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{'peak memory of one read_budget':34} {peak / 2**20:8.2f} MiB")


if __name__ == "__main__":
    main()
