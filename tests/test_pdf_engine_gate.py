"""The PDF engine's gate (issue 30): on every corpus document and the seed, the tables'
cells, paragraphs, claims, audit findings, problems and performance targets equal those the
engine it replaced read (commit 9ded534, digests in ``tests/fixtures/engine_gate.json``,
written by ``tests/engine_gate.py``), but for the changes below, each checked on its page.
"""

from __future__ import annotations

import json

import pytest
from engine_gate import FIXTURE, differences, documents, frames

#: (document, frame) → the digest now read, and why it differs from the old engine's. Each
#: is one paragraph whose words the old engine ran together where the page prints a gap of
#: 3 pt or more (the old engine took exactly 3 pt as no gap, as float noise fell, and read
#: some digits with boxes wider than their advance); ``pdftotext`` prints the space too.
VERIFIED_CHANGES: dict[tuple[str, str], tuple[list, str]] = {
    ("js_high_court_2019_budget_full", "paragraphs"): (
        [115, "a85b0c29f708ab4b"], "p.21 prints “与上年相比增加 57.89 万元” (a 3.0 pt gap before 57.89)"),
    ("js_procuratorate_2018_budget_full", "paragraphs"): (
        [108, "3728829d49f6517a"], "p.25 prints “增长 16 倍”"),
    ("js_procuratorate_2017_budget_full", "paragraphs"): (
        [79, "26616b27a54fdf07"], "p.22 prints “占“三公”经费的 54.43 %” and “26.72 %”"),
}


def _expected() -> dict[str, dict[str, list]]:
    want = json.loads(FIXTURE.read_text())
    for (name, key), (digest, _) in VERIFIED_CHANGES.items():
        want[name][key] = digest
    return want


@pytest.mark.parametrize("name", sorted(json.loads(FIXTURE.read_text())))
def test_the_engine_reads_every_corpus_document_as_before(corpus, name):
    files = documents().get(name)
    assert files is not None, f"{name} is in the fixture but not in the corpus"
    lines = differences(name, frames(files), _expected()[name])
    assert not lines, "\n".join(lines)
