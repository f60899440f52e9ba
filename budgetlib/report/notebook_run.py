"""Run the report notebooks on a document and keep them as HTML (for ``budgetlib report``).

The parameters go in a cell right after the one tagged ``parameters``, as papermill does,
so the notebooks stay runnable by hand, by papermill and by us alike.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import nbformat

from budgetlib.config import NOTEBOOKS_DIR
from budgetlib.report.kernel import Kernel
from budgetlib.report.sections import error_line, skipped_lines

#: The notebooks a single document's report runs (05 compares documents, so it is not one).
REPORT_NOTEBOOKS = ("01-load-and-audit", "02-year-over-year", "03-structure", "04-headcount-costs")
#: The notebooks a final account's (决算) report runs besides them.
FINAL_NOTEBOOKS = ("06-budget-execution",)


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


def execute(name: str, parameters: dict, timeout: int = 600, allow_errors: bool = False,
            kernel: Kernel | None = None) -> nbformat.NotebookNode:
    """Execute one of :data:`REPORT_NOTEBOOKS` (or :data:`FINAL_NOTEBOOKS`) with parameters.

    A cell's error raises, unless ``allow_errors``: then every cell runs and the errors
    stay in the outputs (see :func:`errors` and :func:`without_tracebacks`). It runs in
    ``kernel`` after the notebooks before it there, each with nothing of the others
    (:class:`~budgetlib.report.kernel.Kernel`, whose ``timeout`` a cell then has); without
    one, in a kernel of its own.
    """
    notebook = with_parameters(nbformat.read(NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4), parameters)
    if kernel is not None:
        return kernel.run(notebook, allow_errors=allow_errors)
    with Kernel(timeout) as own:
        return own.run(notebook, allow_errors=allow_errors)


def _outputs(notebook: nbformat.NotebookNode):
    for cell in notebook.cells:
        if cell.cell_type == "code":
            yield from cell.get("outputs", [])


def errors(notebook: nbformat.NotebookNode) -> list[str]:
    """Each error an executed notebook shows, as one line: its type and message.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[
    ...     nbformat.v4.new_output("error", ename="KeyError", evalue="'表'", traceback=["…"])])])
    >>> errors(nb)
    ["KeyError: '表'"]
    """
    return [_error_line(o) for o in _outputs(notebook) if o.output_type == "error"]


def _error_line(output) -> str:
    return error_line(output.get("ename", "Error"), str(output.get("evalue", "")))


def skipped(notebook: nbformat.NotebookNode) -> list[str]:
    """The lines the notebook's sections printed to say what they skipped and why
    (:func:`budgetlib.report.sections.skip_line`).

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[
    ...     nbformat.v4.new_output("stream", name="stdout", text="跳过「绩效目标」：没有\\n")])])
    >>> skipped(nb)
    ['跳过「绩效目标」：没有']
    """
    text = "".join(o.get("text", "") for o in _outputs(notebook)
                   if o.output_type == "stream" and o.get("name") == "stdout")
    return skipped_lines(text)


def _one_line_error(output) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("stream", name="stderr", text=f"未能运行：{_error_line(output)}\n")


def without_tracebacks(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of the notebook whose errors are one line each, for a reader, not a debugger.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[
    ...     nbformat.v4.new_output("error", ename="KeyError", evalue="'表'", traceback=["…"])])])
    >>> without_tracebacks(nb).cells[0].outputs[0].text
    "未能运行：KeyError: '表'\\n"
    """
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [_one_line_error(o) if o.output_type == "error" else o
                            for o in cell.get("outputs", [])]
    return notebook


def to_html(notebook: nbformat.NotebookNode, path: Path) -> Path:
    """Write an executed notebook as a self-contained HTML page."""
    body, _ = _html_exporter().from_notebook_node(notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


@cache
def _html_exporter():
    """One exporter per process: building its templates costs more than a page."""
    from nbconvert import HTMLExporter

    return HTMLExporter()
