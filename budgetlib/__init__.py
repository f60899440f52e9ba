"""budgetlib: read, audit and analyse Chinese department budget disclosures (部门预算公开).

The package is laid out by stage; each imports only from the stages before it:

- base, seen by every stage: ``config``, ``problems``, ``text``, ``files``, ``registry``
  (table specifications, aliases and standard sets, as data) and ``identities``;
- ``readers/``: a file (PDF, text, xlsx) → a raw document of blocks;
- ``parse/``: blocks → tables, narrative sections, claims, metadata, performance targets;
- ``model`` (:class:`BudgetDocument`) and ``read`` (:func:`read_budget`, with ``cache``);
- ``audit/``: the rules, giving findings;
- ``analysis/``: year over year, shares, headline, bridge, headcount, corpus, execution, trend;
- ``report/``: charts, workbook, notebook runner, command line.

>>> import budgetlib
>>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
>>> doc.tables["部门收支总体情况表"].query("row_type == 'total'")["value"].tolist()
[167.55, 167.55]
"""

import importlib

from budgetlib import audit as audit  # importing the audit stage gives documents their audit()
from budgetlib import config
from budgetlib.analysis import headline, shares, yoy
from budgetlib.analysis.bridge import bridge
from budgetlib.analysis.execution import execution
from budgetlib.analysis.trend import trend
from budgetlib.corpus import read_corpus
from budgetlib.model import BudgetDocument
from budgetlib.parse.tables import to_wide
from budgetlib.problems import BudgetReadError, Problem
from budgetlib.read import read_budget
from budgetlib.report.excel import to_excel

__all__ = ["BudgetDocument", "BudgetReadError", "Problem", "bridge", "config", "execution", "headline",
           "read_budget", "read_corpus", "shares", "to_excel", "to_wide", "trend", "yoy"]
__version__ = "0.1.0"

#: Modules offered at the top (``from budgetlib import plot, headcount``), imported on first
#: use: matplotlib costs a second, and reading a document does not need it.
_SUBMODULES = {"plot": "budgetlib.report.plot", "headcount": "budgetlib.analysis.headcount",
               "excel": "budgetlib.report.excel", "corpus": "budgetlib.corpus"}


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(_SUBMODULES[name])
    raise AttributeError(f"module 'budgetlib' has no attribute {name!r}")
