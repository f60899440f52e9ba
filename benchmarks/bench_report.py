"""Time ``budgetlib report`` on the seed: the whole job and each of its parts, in one run.

Target (issue 6): the report for the seed, notebooks included, under 60 s. Run:
``.venv/bin/python benchmarks/bench_report.py``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from budgetlib import plot, read_budget  # noqa: E402
from budgetlib.config import SEED_DOCUMENT  # noqa: E402
from budgetlib.report.cli import to_csv  # noqa: E402
from budgetlib.report.excel import to_excel  # noqa: E402
from budgetlib.report.notebook_run import REPORT_NOTEBOOKS, execute, to_html  # noqa: E402

CLI = Path(sys.executable).with_name("budgetlib")


def timed(func, *args) -> float:
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def main() -> None:
    out = Path(tempfile.mkdtemp())
    whole = timed(subprocess.run, [str(CLI), "report", str(SEED_DOCUMENT), "--out", str(out / "cli")])
    doc = read_budget(SEED_DOCUMENT)

    def charts():
        made, _ = plot.standard_charts(doc)
        for name, ax in made.items():
            plot.save(ax, out / "charts" / name)

    parts = {
        "read_budget": lambda: read_budget(SEED_DOCUMENT, cache=False),
        "CSV (tables, claims, audit…)": lambda: to_csv(doc, out / "csv"),
        "workbook (to_excel)": lambda: to_excel(doc, out / "seed.xlsx"),
        "charts (PNG, SVG, PDF)": charts,
    }
    for name in REPORT_NOTEBOOKS:
        parts[f"notebook {name}"] = lambda name=name: to_html(
            execute(name, {"document": str(SEED_DOCUMENT)}), out / f"{name}.html")
    print(f"{'budgetlib report, whole job (new process)':44} {whole:6.1f} s   target < 60 s")
    for name, func in parts.items():
        print(f"  {name:42} {timed(func):6.1f} s")


if __name__ == "__main__":
    main()
