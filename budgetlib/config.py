"""Project paths, in one place."""

from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJ_ROOT / "data"
RAW_DATA_DIR = DATA_DIR / "raw"
REPORTS_DIR = PROJ_ROOT / "reports"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"

#: The bundled seed document: the 2026 budget of the Artux City foreign-affairs office.
SEED_DOCUMENT = RAW_DATA_DIR / "2026_artux_foreign_affairs_office_department_budget.txt"

#: Figures analysts supply that documents do not print (headcount…), marked as input.
ANALYST_DIR = DATA_DIR / "analyst"


def corpus_dir() -> Path:
    """The folder of real documents: ``$BUDGETLIB_CORPUS``, else ../shared/corpus."""
    import os

    return Path(os.environ.get("BUDGETLIB_CORPUS", PROJ_ROOT.parent / "shared" / "corpus"))
