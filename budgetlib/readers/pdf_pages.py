"""A PDF's pages read in parallel: worker processes take pages from the end of the
document while this process takes them from its start, one at a time, until they meet.

Each page is read on its own (:class:`~budgetlib.readers.pdf_page.PageRead`); what joins the
pages (a table or a paragraph running on, running titles) is done afterwards, in page
order, so the blocks are the same however the pages were shared out. The workers are one
pool for the whole session, started at the first PDF long enough to share; a document
read before the pool is ready (a pool that starts a fresh interpreter takes a second) is
read here alone, as is any document read inside a worker of another pool
(:func:`~budgetlib.corpus.read_corpus` reads documents in parallel already).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

#: A document with fewer pages is read here alone.
LEAST_PAGES = 4

_pool: ProcessPoolExecutor | None = None
_ready: Future | None = None
_unable = False  # this process cannot start workers
# shared with the workers: a lock, and the document being read (a number) with the next
# page from the front and the next from the back
_lock: Any = None
_state: Any = None


def default_workers() -> int:
    """One process per core (``$BUDGETLIB_WORKERS`` if set: ``1`` reads every page in
    this process), or 1 inside a worker process (no pool within a pool)."""
    if multiprocessing.parent_process() is not None:
        return 1
    chosen = os.environ.get("BUDGETLIB_WORKERS", "").strip()
    return max(1, int(chosen)) if chosen.isdigit() else os.cpu_count() or 1


def read_pages(read_back: Callable[[str, int], list], source: str, count: int,
               read_here: Callable[[int], Any], workers: int | None = None) -> list:
    """The reads of a document's ``count`` pages, in page order.

    ``read_here(index)`` reads a page (0-based) in this process, on the document already
    open; ``read_back(source, document)`` is a module-level function that a worker
    runs: it opens the file itself and reads the pages :func:`take_from_back` gives it for
    ``document``, as ``(index, read)`` pairs. This process takes pages from the front one
    at a time, the workers from the back, so neither waits for the other beyond the page
    each is reading. A worker's error is raised here; a pool that broke (a worker killed)
    is let go and its pages are read here.

    Examples
    --------
    >>> read_pages(None, "any.pdf", 3, lambda i: f"page {i + 1}", workers=1)
    ['page 1', 'page 2', 'page 3']
    """
    workers = default_workers() if workers is None else workers
    pool = _pool_of(workers - 1) if workers > 1 and count >= LEAST_PAGES else None
    if pool is None:
        return [read_here(i) for i in range(count)]
    with _lock:
        _state[0] += 1  # a new document: workers still on the last one stop
        _state[1], _state[2] = 0, count - 1
        document = _state[0]
    reads: dict[int, Any] = {}
    try:
        futures = [pool.submit(read_back, source, document) for _ in range(workers - 1)]
        while (index := _take(0, document)) is not None:
            reads[index] = read_here(index)
        for future in futures:
            if not future.cancel():
                reads.update(future.result())
    except BrokenProcessPool:  # a worker died (killed, out of memory): its pages are read here
        _shut_down()
    finally:
        _stop(document)
    return [reads[i] if i in reads else read_here(i) for i in range(count)]


def take_from_back(document: int) -> int | None:
    """In a worker: the next page of ``document`` to read, from the back (None: all taken)."""
    return _take(1, document)


def _take(end: int, document: int) -> int | None:
    with _lock:
        front, back = _state[1], _state[2]
        if _state[0] != document or front > back:
            return None
        if end == 0:
            _state[1] = front + 1
            return front
        _state[2] = back - 1
        return back


def _stop(document: int) -> None:
    with _lock:
        if _state[0] == document:
            _state[1], _state[2] = 1, 0


def _share(lock: Any, state: Any) -> None:
    """A worker's start: the lock and state it shares with this process."""
    global _lock, _state
    _lock, _state = lock, state


def _pool_of(size: int) -> ProcessPoolExecutor | None:
    """The session's pool of ``size`` workers once it is ready to take work, else None (it
    is then being started, for the next document)."""
    global _pool, _ready, _lock, _state
    if _pool is not None and _pool._max_workers != size:  # asked for another size
        _shut_down()
    if _unable:
        return None
    try:
        if _pool is None:
            context = _context()
            _lock, _state = context.Lock(), context.Array("q", 3, lock=False)
            _pool = ProcessPoolExecutor(size, mp_context=context, initializer=_share,
                                        initargs=(_lock, _state))
            _ready = _pool.submit(int)  # done once a worker is up
        assert _ready is not None
        _ready.result(timeout=0.2)  # a forked worker is up in milliseconds
    except TimeoutError:
        return None
    except BrokenProcessPool:
        _shut_down()
        return None
    except OSError:  # no processes to be had here (a sandbox, a limit): read alone from now on
        _give_up()
        return None
    return _pool


def _context() -> Any:
    """Fork while this process runs one thread (a copy of it is up at once, modules
    loaded); with other threads running (a Jupyter kernel's) a fork could copy a lock
    another thread holds, so workers start from a fresh interpreter that loads the reader
    once (forkserver), or spawn where there is no fork."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["budgetlib.readers.pdf"])
        return context
    return multiprocessing.get_context("spawn")


def _give_up() -> None:
    global _unable
    _shut_down()
    _unable = True


def _shut_down() -> None:
    global _pool, _ready
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
    _pool = _ready = None
