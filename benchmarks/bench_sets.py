"""Time ``budgetlib report <corpus> --out tmp`` with notebooks: seconds per document, one
document after another (``--workers 1``) against in parallel (``--workers N``, default the
machine's cores).

Target (issue 29): at most 6 s per document with notebooks on a 2-core machine. Run:
``.venv/bin/python benchmarks/bench_sets.py [corpus folder] [workers…]``.
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


def per_document(folder: Path, workers: int) -> tuple[float, float]:
    """The whole run's seconds, and seconds per document, in a new process."""
    out = Path(tempfile.mkdtemp())
    start = time.perf_counter()
    subprocess.run([str(CLI), "report", str(folder), "--out", str(out), "--workers", str(workers)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    return seconds, seconds / len(find_documents(folder))


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else corpus_dir()
    runs = [int(n) for n in sys.argv[2:]] or [1, os.cpu_count() or 1]
    count = len(find_documents(folder))
    print(f"{count} documents in {folder}, notebooks included; target ≤ 6 s per document")
    for workers in runs:
        whole, each = per_document(folder, workers)
        print(f"  --workers {workers:<3} {whole:7.1f} s   {each:5.1f} s per document")


if __name__ == "__main__":
    main()
