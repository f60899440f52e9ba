"""Print the README's table of the corpus: tables found against the standard set, reading
problems (marks of a misread), and findings by severity, per document.

Run: ``.venv/bin/python benchmarks/corpus_table.py`` (reads ``../shared/corpus``).
"""

from __future__ import annotations

import budgetlib
from budgetlib.audit import document_set
from budgetlib.config import corpus_dir
from budgetlib.corpus import find_documents
from budgetlib.misreads import MISREAD_MARKS


def main() -> None:
    print("| document | tables found / expected | reading problems | error | warning | info |")
    print("|---|---|---|---|---|---|")
    for name, files in find_documents(corpus_dir()).items():
        doc = budgetlib.read_budget(files if len(files) > 1 else files[0])
        found = doc.audit()
        set_name, titles = document_set(doc)
        expected = f"{sum(t in doc.tables for t in titles)} / {len(titles)}" if set_name else \
            f"{len(doc.tables)} / no set fits"
        marked = {p.table for p in doc.problems if any(m.search(p.message) for m, _ in MISREAD_MARKS)}
        counts = found["severity"].value_counts()
        print(f"| {name} | {expected} | {len(marked)} | {counts.get('error', 0)} | "
              f"{counts.get('warning', 0)} | {counts.get('info', 0)} |")


if __name__ == "__main__":
    main()
