"""Load time of each corpus PDF against pdfplumber's bare extract_text() (the engine's floor).

Run: ``.venv/bin/python benchmarks/bench_pdf.py`` (needs ../shared/corpus or $BUDGETLIB_CORPUS).
"""

from __future__ import annotations

import time

import pdfplumber

from budgetlib import read_budget
from budgetlib.config import corpus_dir


def seconds(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def floor(path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def main() -> None:
    folder = corpus_dir()
    if not folder.is_dir():
        print(f"no corpus at {folder}")
        return
    print(f"{'document':52} {'extract_text':>12} {'read_budget':>12} {'ratio':>6}")
    total_floor = total_read = 0.0
    for path in sorted(folder.glob("*/*.pdf")):
        bare = seconds(lambda p=path: floor(p))
        read = seconds(lambda p=path: read_budget(p))
        total_floor, total_read = total_floor + bare, total_read + read
        print(f"{path.name:52} {bare:11.2f}s {read:11.2f}s {read / bare:6.1f}")
    print(f"{'all':52} {total_floor:11.2f}s {total_read:11.2f}s {total_read / total_floor:6.1f}")


if __name__ == "__main__":
    main()
