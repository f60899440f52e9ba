"""The figures a narrative states: its claims read, linked to the table cells they name, and
grouped into statements, in one pass over a document's parts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from budgetlib.parse.claims import read_claims
from budgetlib.parse.links import link_claims
from budgetlib.parse.narrative import Section
from budgetlib.parse.statements import read_statements
from budgetlib.parse.tables import Cell
from budgetlib.problems import Problem


@dataclass(frozen=True)
class NarrativeFigures:
    """What :func:`read_figures` gives: the claims, the statements, and the problems met."""

    claims: pd.DataFrame
    statements: pd.DataFrame
    problems: tuple[Problem, ...]


def read_figures(sections: Sequence[Section], cells: dict[str, list[Cell]], names: tuple[str, ...] = (),
                 final: bool = False) -> NarrativeFigures:
    """The narrative's claims (:func:`~budgetlib.parse.claims.read_claims`), linked to the
    tables' cells (:func:`~budgetlib.parse.links.link_claims`; ``final``: the document is a
    决算), and its statements (:func:`~budgetlib.parse.statements.read_statements`).

    ``names`` are the department's spellings, stripped from subjects. A paragraph, link or
    statement whose reading raised is left out and named in ``problems``.

    Examples
    --------
    >>> from budgetlib.parse.narrative import Paragraph, Section
    >>> said = Section("二、支出", 2, 1, (Paragraph("支出总计100.00万元，比上年增加10.00万元。", 2),))
    >>> found = read_figures([said], {})
    >>> found.claims[["figure", "value"]].values.tolist()
    [['amount', 100.0], ['change_amount', 10.0]]
    >>> float(found.statements.iloc[0]["prior"]), found.problems
    (90.0, ())
    """
    problems: list[Problem] = []
    claims = link_claims(cells, read_claims(list(sections), names, problems), problems, final=final)
    return NarrativeFigures(claims, read_statements(claims, problems), tuple(problems))
