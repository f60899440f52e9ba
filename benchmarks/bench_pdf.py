"""Cold and warm load of each corpus document against pypdfium2's bare text extraction over
the same pages (the engine's floor), side by side in one run; beside them the PDF reader
alone (``read_pdf``) on its default engine (PDFium) and on pdfminer.

Targets: cold ``read_budget`` at most 5× the floor (issue 19); warm (from the on-disk cache)
under 50 ms a document. Run: ``.venv/bin/python benchmarks/bench_pdf.py`` (needs
../shared/corpus or $BUDGETLIB_CORPUS); ``--no-pdfminer`` skips the slow engine's column.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

from budgetlib import read_budget
from budgetlib.analysis.corpus import find_documents
from budgetlib.config import corpus_dir
from budgetlib.readers.pdf import read_pdf

WARM_RUNS = 5


def seconds(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def floor(files: list[Path]) -> None:
    """pypdfium2's text of every page: the least any reader of these files must do."""
    for path in files:
        pdf = pdfium.PdfDocument(path)
        for page in pdf:
            page.get_textpage().get_text_range()
        pdf.close()


def main() -> None:
    folder = corpus_dir()
    if not folder.is_dir():
        print(f"no corpus at {folder}")
        return
    with_pdfminer = "--no-pdfminer" not in sys.argv
    cache = Path(tempfile.mkdtemp())
    print(f"{'document':44} {'pdfium text':>11} {'cold':>7} {'ratio':>6} {'read_pdf':>9} {'pdfminer':>9}"
          f" {'warm':>9}")
    totals = [0.0] * 5
    for name, files in find_documents(folder).items():
        if files[0].suffix != ".pdf":
            continue
        target = files if len(files) > 1 else files[0]
        bare = seconds(lambda f=files: floor(f))
        cold = seconds(lambda t=target: read_budget(t, cache=False))
        raw = seconds(lambda f=files: [read_pdf(p) for p in f])
        slow = seconds(lambda f=files: [read_pdf(p, engine="pdfminer") for p in f]) if with_pdfminer else 0.0
        read_budget(files, cache=cache)  # fills the cache
        warm = statistics.median(seconds(lambda f=files: read_budget(f, cache=cache))
                                 for _ in range(WARM_RUNS))
        row = [bare, cold, raw, slow, warm]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        print(f"{name:44} {bare:10.2f}s {cold:6.2f}s {cold / bare:6.1f} {raw:8.2f}s {slow:8.2f}s "
              f"{warm * 1000:6.1f} ms")
    bare, cold, raw, slow, warm = totals
    print(f"{'all':44} {bare:10.2f}s {cold:6.2f}s {cold / bare:6.1f} {raw:8.2f}s {slow:8.2f}s "
          f"{warm * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
