"""The report's vocabulary names everything the frames it shows can hold."""

from __future__ import annotations

from budgetlib.parse.claims import CLAUSES
from budgetlib.report.vocabulary import FIGURE_NAMES


def test_every_figure_a_claim_can_be_has_a_chinese_name():
    # the clause kinds of the grammar, and the figures a sentence's parts give
    figures = {kind for kind, *_ in CLAUSES} | {"amount", "share", "change_amount", "change_pct", "prior"}
    assert figures - set(FIGURE_NAMES) == set()
    assert all(FIGURE_NAMES[f] and not FIGURE_NAMES[f].isascii() for f in figures)
