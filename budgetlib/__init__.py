"""budgetlib: read, audit and analyse Chinese department budget disclosures (部门预算公开).

>>> import budgetlib
>>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
>>> doc.tables["部门收支总体情况表"].query("row_type == 'total'")["value"].tolist()
[167.55, 167.55]
"""

from . import audit as audit  # importing the audit stage gives documents their audit()
from . import config
from .analysis import headline, shares, yoy
from .bridge import bridge
from .corpus import read_corpus
from .excel import to_excel
from .model import BudgetDocument
from .problems import BudgetReadError, Problem
from .read import read_budget
from .tables import to_wide

__all__ = ["BudgetDocument", "BudgetReadError", "Problem", "bridge", "config", "headline", "read_budget",
           "read_corpus", "shares", "to_excel", "to_wide", "yoy"]
__version__ = "0.1.0"
