"""Run the report notebooks on a document and keep them as HTML (for ``budgetlib report``).

The parameters go in a cell right after the one tagged ``parameters``, as papermill does,
so the notebooks stay runnable by hand, by papermill and by us alike.
"""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path

import nbformat

from .config import NOTEBOOKS_DIR

#: The notebooks a single document's report runs (05 compares documents, so it is not one).
REPORT_NOTEBOOKS = ("01-load-and-audit", "02-year-over-year", "03-structure", "04-headcount-costs")


def with_parameters(notebook: nbformat.NotebookNode, parameters: dict) -> nbformat.NotebookNode:
    """A copy of the notebook with ``parameters`` assigned after its parameters cell.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     "document = None", metadata={"tags": ["parameters"]})])
    >>> with_parameters(nb, {"document": "a.txt"}).cells[1].source
    "# 参数（由 budgetlib report 注入）\\ndocument = 'a.txt'"
    """
    notebook = copy.deepcopy(notebook)
    at = next((i for i, c in enumerate(notebook.cells) if "parameters" in c.metadata.get("tags", [])),
              -1)
    lines = ["# 参数（由 budgetlib report 注入）"] + [f"{k} = {v!r}" for k, v in parameters.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines), metadata={"tags": ["injected-parameters"]})
    notebook.cells.insert(at + 1, cell)
    return notebook


def execute(name: str, parameters: dict, timeout: int = 600) -> nbformat.NotebookNode:
    """Execute one of :data:`REPORT_NOTEBOOKS` with parameters; raise on a cell's error."""
    from nbclient import NotebookClient  # imported here: only the report job needs Jupyter

    notebook = with_parameters(nbformat.read(NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4), parameters)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS_DIR)}})
    # the kernel's own log (a warning about its local TCP transport) is not the analyst's
    # concern; a cell's error still arrives through the protocol and raises
    client.execute(stderr=subprocess.DEVNULL)
    return notebook


def to_html(notebook: nbformat.NotebookNode, path: Path) -> Path:
    """Write an executed notebook as a self-contained HTML page."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path
