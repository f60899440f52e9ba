"""One Python kernel for many notebooks: each runs as if in a kernel of its own.

Starting a kernel, importing pandas, matplotlib and budgetlib in it and shutting it down
again cost about 3 s, more than most notebooks' own work; a report runs four or five
notebooks per document. A :class:`Kernel` starts once, and before each notebook clears what
the one before left: its variables and history (as ``%reset -f`` does), the working folder,
the environment, ``sys.path``, warning filters, matplotlib's figures and settings and
pandas' options (:data:`PROCESS_STATE`). Imported modules stay: that is the saving.

A kernel that timed out, died or raised is shut down, and the next notebook gets a new one,
so one notebook's failure stays that notebook's. :func:`shared` is the process's own kernel
(one per worker of a set's run), shut down when the process ends.
"""

from __future__ import annotations

import gc
import importlib
import os
import subprocess
import sys
import warnings
from collections.abc import Callable

import nbformat

from budgetlib.config import NOTEBOOKS_DIR

# ---------------------------------------------------------------- inside the kernel


def _matplotlib_settings() -> dict | None:
    if "matplotlib" not in sys.modules:
        return None
    import matplotlib

    return dict(matplotlib.rcParams.copy())


def _restore_matplotlib(saved: dict | None) -> None:
    """Close every figure and put the settings and the backend back (the inline one, which
    shows a cell's charts under it); the house style is applied again on the next chart, as
    in a new kernel (:func:`~budgetlib.report.plot.style._house_style`)."""
    if saved is None or "matplotlib.pyplot" not in sys.modules:
        return
    import matplotlib
    import matplotlib.pyplot as plt

    plt.close("all")
    if matplotlib.get_backend() != saved["backend"]:
        plt.switch_backend(saved["backend"])
    # as matplotlib's own rc_context puts them back, its backend aside
    dict.update(matplotlib.rcParams, {k: v for k, v in saved.items() if k != "backend"})
    style = sys.modules.get("budgetlib.report.plot.style")
    if style is not None:
        style._house_style.cache_clear()


def _restore_pandas(_: None) -> None:
    if "pandas" in sys.modules:
        import pandas as pd

        with warnings.catch_warnings():  # resetting a deprecated option warns
            warnings.simplefilter("ignore")
            pd.reset_option("all")


def _restore_environ(saved: dict[str, str]) -> None:
    os.environ.clear()
    os.environ.update(saved)


#: What a notebook can change in the kernel's process besides its variables, each with how
#: to take it as the kernel starts and how to put it back before the next notebook.
PROCESS_STATE: dict[str, tuple[Callable[[], object], Callable[[object], None]]] = {
    "working folder": (os.getcwd, os.chdir),
    "environment": (lambda: dict(os.environ), _restore_environ),
    "sys.path": (lambda: list(sys.path), lambda saved: sys.path.__setitem__(slice(None), saved)),
    "warning filters": (lambda: list(warnings.filters),
                        lambda saved: warnings.filters.__setitem__(slice(None), saved)),
    "matplotlib": (_matplotlib_settings, _restore_matplotlib),
    "pandas options": (lambda: None, _restore_pandas),
}

#: The modules every report notebook imports: imported as the kernel starts, once for all
#: its notebooks rather than once each.
WARM_MODULES = ("pandas", "matplotlib.pyplot", "budgetlib", "budgetlib.report.plot")

#: The state as the kernel started (filled in the kernel by :func:`remember`).
_STARTED: dict[str, object] = {}
#: The namespace as the kernel started (IPython's own names: ``_``, ``__doc__``…).
_STARTED_NAMES: dict[str, object] = {}
#: Those of them hidden from ``%who``.
_STARTED_HIDDEN: dict[str, None] = {}


def _shell():
    """The kernel's IPython shell; ``None`` outside one."""
    try:
        return get_ipython()  # type: ignore[name-defined]  # noqa: F821 - IPython's builtin
    except NameError:
        return None


def start() -> None:
    """In a kernel just started: import :data:`WARM_MODULES`, let the inline backend set
    matplotlib up (it does at the first figure), then :func:`remember` the state. A module
    that cannot be imported is left to the notebook that imports it, to say so. Done once."""
    if _STARTED:
        return
    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - said by the notebook, in its own outputs
            continue
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        plt.close(plt.figure())
    remember()


def remember() -> None:
    """Take :data:`PROCESS_STATE` as it is now, to come back to.

    Examples
    --------
    >>> remember()
    >>> _STARTED["working folder"] == os.getcwd()
    True
    """
    _STARTED.update({name: take() for name, (take, _) in PROCESS_STATE.items()})


def ready() -> None:
    """In the kernel as it first answers: :func:`start` if it has not run, and take the
    namespace IPython has set up by then (``_``, ``__doc__``…, some hidden from ``%who``).

    Examples
    --------
    >>> ready()  # outside IPython, only the start
    >>> "matplotlib" in _STARTED
    True
    """
    start()
    shell = _shell()
    if shell is not None:
        _STARTED_NAMES.update(shell.user_ns)
        _STARTED_HIDDEN.update(dict.fromkeys(shell.user_ns_hidden))


def fresh() -> None:
    """In the kernel, before a notebook: no variable, history or process state of the
    notebooks before it (:data:`PROCESS_STATE`), as in a kernel just started.

    Examples
    --------
    >>> remember()
    >>> os.environ["BUDGETLIB_EXAMPLE"] = "1"
    >>> fresh()
    >>> "BUDGETLIB_EXAMPLE" in os.environ
    False
    """
    shell = _shell()
    if shell is not None:
        shell.reset(new_session=True)  # %reset -f, and the history and counter start again
        # what reset drops and a new kernel has (`_`, `__doc__`…), hidden from %who as there
        shell.user_ns.update({k: v for k, v in _STARTED_NAMES.items() if k not in shell.user_ns})
        shell.user_ns_hidden.update({k: shell.user_ns[k] for k in _STARTED_HIDDEN if k in shell.user_ns})
    for name, (_, restore) in PROCESS_STATE.items():
        restore(_STARTED[name])
    gc.collect()


#: Run in a kernel as it starts (before it answers), as it first answers, and before every
#: notebook but its first; none binds a name in the notebook's namespace.
_START = "__import__('budgetlib.report.kernel', fromlist=['start']).start()"
_READY = "__import__('budgetlib.report.kernel', fromlist=['ready']).ready()"
_FRESH = "__import__('budgetlib.report.kernel', fromlist=['fresh']).fresh()"

# ---------------------------------------------------------------- outside: the client


class KernelFailed(RuntimeError):
    """The kernel could not be started or made fresh for the next notebook."""


class Kernel:
    """A Python kernel that runs notebooks one after another, each in a fresh namespace.

    It starts on the first notebook (in :data:`~budgetlib.config.NOTEBOOKS_DIR`, as the
    notebooks expect) and stays until :meth:`close` (or the ``with`` block ends). A
    notebook that raises (a cell's error without ``allow_errors``, a timeout, a dead
    kernel) closes it, and the next notebook starts a new one.

    Examples
    --------
    >>> cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("'x' in dir()")]
    >>> with Kernel() as kernel:
    ...     first = kernel.run(nbformat.v4.new_notebook(cells=cells[:1]))
    ...     second = kernel.run(nbformat.v4.new_notebook(cells=cells[1:]))
    >>> second.cells[0].outputs[0].data, kernel.starts
    ({'text/plain': 'False'}, 1)
    """

    def __init__(self, timeout: int = 600) -> None:
        self.timeout = timeout
        #: The kernels started so far (a new one after a failure).
        self.starts = 0
        self._km = self._kc = None
        self._pid: int | None = None
        self._used = False

    @property
    def running(self) -> bool:
        """Whether this process's kernel is up (one inherited from a parent process is not ours)."""
        return self._km is not None and self._pid == os.getpid()

    def _client(self, notebook: nbformat.NotebookNode, allow_errors: bool = False):
        from nbclient import NotebookClient  # imported here: only the report job needs Jupyter

        return NotebookClient(notebook, km=self._km, timeout=self.timeout, kernel_name="python3",
                              allow_errors=allow_errors, shutdown_kernel="immediate",
                              resources={"metadata": {"path": str(NOTEBOOKS_DIR)}})

    def _start(self) -> None:
        """Launch the kernel and return: it imports :data:`WARM_MODULES` while we work on."""
        starter = self._client(nbformat.v4.new_notebook())
        starter.extra_arguments = [f"--IPKernelApp.exec_lines={_START}"]
        starter.create_kernel_manager()
        # the kernel's own log (a warning about its local TCP transport) is not the analyst's
        # concern; a cell's error still arrives through the protocol
        starter.start_new_kernel(stderr=subprocess.DEVNULL)
        self._km, self._kc, self._pid, self._used = starter.km, None, os.getpid(), False
        self.starts += 1

    def _connect(self) -> None:
        """Wait for the kernel launched to answer; its start (:func:`start`) is then done."""
        try:
            self._kc = self._client(nbformat.v4.new_notebook()).start_new_kernel_client()
            self._call(_READY)
        except BaseException:
            self.close()
            raise

    def start_soon(self) -> None:
        """Launch the kernel now, if it is not up, without waiting: it gets ready while this
        process does other work, and the first notebook waits for the rest.

        Examples
        --------
        >>> kernel = Kernel()
        >>> kernel.start_soon()
        >>> kernel.running, kernel.starts
        (True, 1)
        >>> kernel.close()
        """
        if not self.running:
            self._km = None  # a parent's kernel, after a fork, is the parent's to close
            self._start()

    def _call(self, code: str) -> None:
        """Run code in the kernel, silently; raise :class:`KernelFailed` if it fails."""
        reply = _wait(self._kc.execute_interactive(code, silent=True, store_history=False,
                                                   stop_on_error=False, timeout=self.timeout))
        content = reply["content"]
        if content.get("status") != "ok":
            raise KernelFailed(f"{content.get('ename', 'Error')}: {content.get('evalue', '')}")

    def run(self, notebook: nbformat.NotebookNode, allow_errors: bool = False) -> nbformat.NotebookNode:
        """Execute ``notebook`` (in place, and returned) after the notebooks before it, as if
        alone in a new kernel. A cell's error raises unless ``allow_errors``; then every
        cell runs and the errors stay in the outputs."""
        self.start_soon()
        if self._kc is None:
            self._connect()
        elif self._used:
            try:
                self._call(_FRESH)
            except BaseException:
                self.close()
                self._start()
                self._connect()
        self._used = True
        client = self._client(notebook, allow_errors)
        client.kc = self._kc  # the kernel's client, so nbclient neither starts nor stops one
        try:
            client.execute()
        except BaseException:
            self.close()  # a kernel that raised, timed out or died is not trusted with the next
            raise
        return notebook

    def close(self) -> None:
        """Shut the kernel down now (it holds nothing to save); a later :meth:`run` starts one."""
        if not self.running:
            self._km = self._kc = None
            return
        km, kc, self._km, self._kc = self._km, self._kc, None, None
        try:
            if kc is not None:
                kc.stop_channels()
            _wait(km.shutdown_kernel(now=True))
        finally:
            _wait(km.cleanup_resources())

    def __enter__(self) -> Kernel:
        return self

    def __exit__(self, *_) -> None:
        self.close()


def _wait(result):
    """The result of a kernel manager's or client's call, awaited if it is a coroutine (in
    the event loop nbclient uses)."""
    from jupyter_core.utils import ensure_async, run_sync

    return run_sync(ensure_async)(result)


_SHARED: Kernel | None = None


def shared() -> Kernel:
    """This process's kernel, for every notebook it runs: started on the first, shut down when
    the process ends (a worker's too) or at :func:`close_shared`.

    Examples
    --------
    >>> shared() is shared()
    True
    """
    global _SHARED
    if _SHARED is None or _SHARED._pid not in (None, os.getpid()):
        from multiprocessing import util

        _SHARED = Kernel()
        # run at the process's exit, a pool's worker included (atexit is not, there)
        util.Finalize(_SHARED, _SHARED.close, exitpriority=10)
    return _SHARED


def close_shared() -> None:
    """Shut this process's kernel down, if it has one running.

    Examples
    --------
    >>> close_shared()
    """
    if _SHARED is not None:
        _SHARED.close()
