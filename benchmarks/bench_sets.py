"""Time ``budgetlib report <corpus> --out tmp`` with notebooks: seconds per document, one
document after another (``--workers 1``) beside in parallel (``--workers N``, default the
machine's cores), in one run.

The documents are read once first, untimed, so that both runs find them in the document
cache alike (a first run would otherwise pay the PDF reading for both); that reading is
printed apart. Target (issue 29): at most 6 s per document with notebooks on a 2-core
machine. Run: ``.venv/bin/python benchmarks/bench_sets.py [corpus folder] [workers…]``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from budgetlib.config import corpus_dir
from budgetlib.corpus import find_documents

CLI = Path(sys.executable).with_name("budgetlib")
#: Issue 29's goal, seconds per document with notebooks.
TARGET = 6.0


def whole_run(folder: Path, workers: int) -> float:
    """The seconds of ``budgetlib report folder`` with notebooks, in a new process."""
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([str(CLI), "report", str(folder), "--out", out, "--workers", str(workers)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start


def warm(folder: Path) -> float:
    """Read every document of the folder into the cache; the seconds it took."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import sys, budgetlib; budgetlib.read_corpus(sys.argv[1], "
                    "progress=False)", str(folder)], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else corpus_dir()
    runs = [int(n) for n in sys.argv[2:]] or [1, os.cpu_count() or 1]
    count = len(find_documents(folder))
    print(f"{count} documents in {folder}, notebooks included; target ≤ {TARGET:g} s per document")
    print(f"  reading them into the cache first (untimed below): {warm(folder):.1f} s")
    timed = {workers: whole_run(folder, workers) for workers in runs}
    print(f"  {'':<22}{'whole run':>10}{'per document':>14}{'vs --workers ' + str(runs[0]):>18}")
    for workers, seconds in timed.items():
        label = "sequential" if workers == 1 else "parallel"
        each = seconds / count
        print(f"  {label:<10} --workers {workers:<2}{seconds:8.1f} s{each:11.1f} s"
              f"{timed[runs[0]] / seconds:16.2f}×  {'meets' if each <= TARGET else 'misses'} the target")


if __name__ == "__main__":
    main()
