"""Cold and warm load of each corpus document against pypdfium2's bare text extraction over
the same pages (the engine's floor), side by side in one run; beside them the PDF reader
alone (``read_pdf``).

Targets: cold ``read_budget`` at most 5× the floor (issues 19 and 30); warm (from the
on-disk cache) under 50 ms a document. Run: ``.venv/bin/python benchmarks/bench_pdf.py``
(needs ../shared/corpus or $BUDGETLIB_CORPUS); ``--rounds N`` measures each figure N times
(default 3) and shows the medians, the floor and the reads taken in turn so that a slow
spell of a shared machine falls on both. ``read_pdf`` is shown on one core (``workers=1``)
and on all (the default); ``cpu`` is this process's CPU time for the cold read (the
workers' comes on top). ``--profile`` prints cProfile's top functions of one cold read of
every document on one core instead.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

from budgetlib import read_budget
from budgetlib.config import corpus_dir
from budgetlib.corpus import find_documents
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
    if "--profile" in sys.argv:
        profile(folder)
        return
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 3
    cache = Path(tempfile.mkdtemp())
    documents = {name: files for name, files in find_documents(folder).items() if files[0].suffix == ".pdf"}
    read_pdf(documents[next(iter(documents))][0])  # the reader's workers started, as in any session
    columns = ("pdfium text", "cold", "cpu", "ratio", "read_pdf 1", "read_pdf", "warm")
    print(f"{'document':44}" + "".join(f"{c:>12}" for c in columns))
    totals = [0.0] * 6
    for name, files in documents.items():
        target = files if len(files) > 1 else files[0]
        measured: list[list[float]] = [[] for _ in range(3)]
        for _ in range(rounds):  # in turn: a slow spell of a shared machine falls on both
            measured[0].append(seconds(lambda f=files: floor(f)))
            start = time.process_time()
            measured[1].append(seconds(lambda t=target: read_budget(t, cache=False)))
            measured[2].append(time.process_time() - start)
        bare, cold, cpu = (statistics.median(m) for m in measured)
        one = statistics.median(seconds(lambda f=files: [read_pdf(p, workers=1) for p in f])
                                for _ in range(rounds))
        raw = statistics.median(seconds(lambda f=files: [read_pdf(p) for p in f]) for _ in range(rounds))
        read_budget(files, cache=cache)  # fills the cache
        warm = statistics.median(seconds(lambda f=files: read_budget(f, cache=cache))
                                 for _ in range(WARM_RUNS))
        row = [bare, cold, cpu, one, raw, warm]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        print(_line(name, row))
    print(_line("all", totals))


def _line(name: str, row: list[float]) -> str:
    bare, cold, cpu, one, raw, warm = row
    return (f"{name:44} {bare:10.2f}s {cold:10.2f}s {cpu:10.2f}s {cold / bare:11.1f}× {one:10.2f}s "
            f"{raw:10.2f}s {warm * 1000:9.1f}ms")


def profile(folder: Path) -> None:
    """cProfile's top functions (by own time) of one cold read of every corpus PDF, one core."""
    import cProfile
    import os
    import pstats

    os.environ["BUDGETLIB_WORKERS"] = "1"
    documents = [files for files in find_documents(folder).values() if files[0].suffix == ".pdf"]
    profiler = cProfile.Profile()
    profiler.enable()
    for files in documents:
        read_budget(files if len(files) > 1 else files[0], cache=False)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
