"""Python's garbage collector paused while a document is read."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a page or a document is read.

    A PDF page makes some hundred thousand dicts and tuples (its characters), which the
    collector would pass over again and again (a tenth of a document's reading time, and a
    full pass over everything the session holds now and then); they are freed by reference
    counting as ever, and a cycle among them waits until the collector runs again. Nested
    pauses, or one in each of two threads, leave it running once all are over.

    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()
