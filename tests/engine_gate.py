"""The PDF engine's gate (issue 30): what every corpus document reads as, in a normalized form,
so that a change of the PDF engine can be compared with the reading it replaces.

Per document it dumps every table's tidy cells, the paragraphs, the claims, the audit findings,
the problems and the performance targets, each a frame written as CSV. The fixture
(``tests/fixtures/engine_gate.json``) keeps only the row counts and SHA-256 digests of these
(per document and per table), so no text of the corpus is committed.

usage::

    PYTHONPATH=. python tests/engine_gate.py DUMPDIR [--fixture]

writes each document's frames under ``DUMPDIR/<document>/`` (for ``diff -r``) and, with
``--fixture``, the digests to the fixture.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pandas as pd

FIXTURE = Path(__file__).parent / "fixtures" / "engine_gate.json"


def documents() -> dict[str, list[Path]]:
    """The corpus documents (and the seed) the gate reads, by name."""
    from budgetlib.config import SEED_DOCUMENT, corpus_dir
    from budgetlib.corpus import find_documents

    found = dict(find_documents(corpus_dir()))
    found["seed"] = [Path(SEED_DOCUMENT)]
    return found


def _csv(frame: pd.DataFrame) -> str:
    frame = frame.reset_index(drop=True)
    return frame.to_csv(index=False, float_format="%.10g", lineterminator="\n")


def frames(files: list[Path]) -> dict[str, str]:
    """The document's normalized frames, as CSV text, by name (``table/<title>`` for tables)."""
    import budgetlib

    doc = budgetlib.read_budget(files if len(files) > 1 else files[0], cache=False)
    out = {f"table/{title}": _csv(frame) for title, frame in doc.tables.items()}
    out["paragraphs"] = _csv(doc.paragraphs)
    out["claims"] = _csv(doc.claims)
    out["audit"] = _csv(doc.audit())
    out["problems"] = _csv(doc.problems_frame())
    out["performance"] = _csv(doc.performance)
    return out


def digest(text: str) -> list:
    """Rows and SHA-256 (first 16 hex digits) of one frame's CSV."""
    return [text.count("\n") - 1, hashlib.sha256(text.encode()).hexdigest()[:16]]


def differences(name: str, got: dict[str, str], want: dict[str, list]) -> list[str]:
    """What differs between a document's frames and its fixture entry, one line each."""
    mine = {key: digest(text) for key, text in got.items()}
    lines = []
    for key in sorted(set(mine) | set(want)):
        if mine.get(key) != (list(want[key]) if key in want else None):
            lines.append(f"{name}: {key}: fixture {want.get(key)} now {mine.get(key)}")
    return lines


def main() -> None:
    out = Path(sys.argv[1])
    fixture: dict[str, dict[str, list]] = {}
    for name, files in sorted(documents().items()):
        got = frames(files)
        fixture[name] = {key: digest(text) for key, text in got.items()}
        for key, text in got.items():
            path = out / name / (key.replace("/", "__") + ".csv")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        print(name, len(got), flush=True)
    if "--fixture" in sys.argv:
        FIXTURE.write_text(json.dumps(fixture, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
