"""One kernel for many notebooks (budgetlib.report.kernel): each runs as if alone."""

from __future__ import annotations

import copy
import os

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError, DeadKernelError

from budgetlib.report import kernel as kernel_module
from budgetlib.report.kernel import Kernel
from budgetlib.report.notebook_run import errors, execute


def _notebook(*sources: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def _text(notebook: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "")
                   for c in notebook.cells for o in c.get("outputs", []))


def _outputs(notebook: nbformat.NotebookNode) -> list:
    return [(o.output_type, o.get("text"), dict(o.get("data", {})))
            for c in notebook.cells for o in c.get("outputs", [])]


def test_two_notebooks_in_one_kernel_share_no_variable_and_start_it_once():
    probe = _notebook("print(sorted(globals()), sorted(get_ipython().user_ns_hidden))",
                      "print(len(In), get_ipython().execution_count, list(Out))")
    with Kernel() as alone:
        expected = _text(alone.run(copy.deepcopy(probe)))
    with Kernel() as kernel:
        kernel.run(_notebook("x = 1\nimport json as j", "x"))
        second = kernel.run(probe)
        assert kernel.starts == 1  # reused: the saving
    # `x`, `j` and the output history of the first are gone; the history starts again
    assert _text(second) == expected
    assert "'x'" not in expected and "'j'" not in expected and "'_'" in expected
    assert [c.execution_count for c in second.cells] == [1, 2]


def test_a_notebook_sees_the_process_as_a_new_kernel_would():
    """A notebook that moves, sets variables of the environment, turns warnings into errors,
    changes pandas' and matplotlib's settings leaves none of it to the next."""
    meddler = _notebook("import os, sys, warnings\nimport pandas as pd\nimport matplotlib as mpl\n"
                        "os.chdir('/'); os.environ['BUDGETLIB_MEDDLED'] = '1'; sys.path.insert(0, '/x')\n"
                        "warnings.simplefilter('error'); pd.set_option('display.max_rows', 3)\n"
                        "mpl.rcParams['lines.linewidth'] = 9")
    probe = ("import os, sys, warnings\nimport pandas as pd\nimport matplotlib as mpl\n"
             "print(os.getcwd(), os.environ.get('BUDGETLIB_MEDDLED'), sys.path[0] == '/x',\n"
             "      warnings.filters[0][0], pd.get_option('display.max_rows'),\n"
             "      mpl.rcParams['lines.linewidth'])")
    with Kernel() as alone:
        expected = _text(alone.run(_notebook(probe)))
    with Kernel() as kernel:
        kernel.run(meddler)
        assert _text(kernel.run(_notebook(probe))) == expected
    assert "None False" in expected and " 9" not in expected


def test_a_chart_after_another_notebook_is_drawn_as_in_a_new_kernel(seed_path):
    """The second notebook's charts are shown, in the house style, as they are alone: the
    first changed the font size and drew a chart of its own."""
    chart = ("import budgetlib\nfrom budgetlib import plot\n"
             f"doc = budgetlib.read_budget({str(seed_path)!r})\n"
             "plot.structure_chart(budgetlib.shares(doc, by='function'))")
    meddler = _notebook("import matplotlib as mpl\nmpl.rcParams['font.size'] = 20", chart)
    with Kernel() as alone:
        expected = _outputs(alone.run(_notebook(chart)))
    with Kernel() as kernel:
        kernel.run(meddler)
        got = _outputs(kernel.run(_notebook(chart)))
    assert any("image/png" in data for _, _, data in expected)
    assert got == expected  # the same picture, byte for byte


def test_an_error_stays_in_its_notebook_and_the_next_runs():
    with Kernel() as kernel:
        failed = kernel.run(_notebook("x = 1", "1 / 0", "print('after')"), allow_errors=True)
        after = kernel.run(_notebook("print('x' in dir())"), allow_errors=True)
        assert kernel.starts == 1
    assert errors(failed) == ["ZeroDivisionError: division by zero"]
    assert "after" in _text(failed)
    assert errors(after) == [] and _text(after) == "False\n"


def test_a_notebook_that_raises_or_kills_its_kernel_costs_only_itself():
    with Kernel() as kernel:
        with pytest.raises(CellExecutionError):
            kernel.run(_notebook("1 / 0"))
        assert _text(kernel.run(_notebook("print('next')"))) == "next\n"
        with pytest.raises(DeadKernelError):
            kernel.run(_notebook("import os\nos._exit(1)"))
        assert _text(kernel.run(_notebook("print('next again')"))) == "next again\n"
        assert kernel.starts == 3  # a new kernel after each failure


def test_execute_without_a_kernel_uses_one_of_its_own_and_shuts_it(seed_path):
    notebook = execute("04-headcount-costs", {"document": str(seed_path)})
    assert errors(notebook) == [] and "阿图什市人民政府外事办公室" in _text(notebook)


def test_the_shared_kernel_is_the_processs_own(monkeypatch):
    monkeypatch.setattr(kernel_module, "_SHARED", None)
    first = kernel_module.shared()
    assert kernel_module.shared() is first
    # a worker forked after the parent started its kernel gets one of its own
    monkeypatch.setattr(first, "_pid", os.getpid() + 1)
    assert kernel_module.shared() is not first
