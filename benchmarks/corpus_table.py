"""Print the README's table of the corpus: tables found against the standard set, reading
problems (marks of a misread), findings by severity, and whether the report (without the
notebooks, which tests/test_corpus_reading.py runs too) wrote every part, per document.

Run: ``.venv/bin/python benchmarks/corpus_table.py`` (reads ``../shared/corpus``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import budgetlib
from budgetlib.audit import document_set
from budgetlib.config import corpus_dir
from budgetlib.corpus import find_documents
from budgetlib.parse.misreads import MISREAD_MARKS
from budgetlib.report.cli import report_one


def main() -> None:
    print("| document | tables found / expected | reading problems | error | warning | info | report |")
    print("|---|---|---|---|---|---|---|")
    out = Path(tempfile.mkdtemp())
    for name, files in find_documents(corpus_dir()).items():
        doc = budgetlib.read_budget(files if len(files) > 1 else files[0])
        found = doc.audit()
        set_name, titles = document_set(doc)
        expected = f"{sum(t in doc.tables for t in titles)} / {len(titles)}" if set_name else \
            f"{len(doc.tables)} / no set fits"
        marked = {p.table for p in doc.problems if any(m.search(p.message) for m, _ in MISREAD_MARKS)}
        counts = found["severity"].value_counts()
        outcome = report_one(doc, [str(f) for f in files], out / name, notebooks=False)
        done = "complete" if not outcome.warnings else f"{len(outcome.warnings)} part(s) failed"
        print(f"| {name} | {expected} | {len(marked)} | {counts.get('error', 0)} | "
              f"{counts.get('warning', 0)} | {counts.get('info', 0)} | {done} |")


if __name__ == "__main__":
    main()
