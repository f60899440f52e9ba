"""An on-disk cache of parsed documents, keyed by the files' content and budgetlib's code.

Its folder is ``$BUDGETLIB_CACHE``, else ``$XDG_CACHE_HOME/budgetlib``, else
``~/.cache/budgetlib`` (:func:`cache_dir`); delete it to clear the cache.

A key is the SHA-256 of every file of a document, of budgetlib's own source, its version
and the versions of the libraries that read documents (:data:`READING_LIBRARIES`), so an
edited PDF, a changed parser or an upgraded PDF engine never returns a stale document. The cache holds pickles
budgetlib wrote itself, in the user's cache folder; it is not a format for exchanging
documents (a pickle from elsewhere must never be loaded).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from functools import cache
from pathlib import Path

from budgetlib.files import replacing
from budgetlib.model import BudgetDocument

_FORMAT = "1"  # bump when the pickled form changes in a way the source hash cannot see

#: The libraries whose version changes what a document reads as (PDFium's build comes with pypdfium2).
READING_LIBRARIES = ("budgetlib", "pypdfium2", "numpy", "pandas", "openpyxl")


def cache_dir() -> Path:
    """``$BUDGETLIB_CACHE``, else ``$XDG_CACHE_HOME/budgetlib``, else ``~/.cache/budgetlib``."""
    if os.environ.get("BUDGETLIB_CACHE"):
        return Path(os.environ["BUDGETLIB_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "budgetlib"


def versions() -> dict[str, str]:
    """The installed version of each of :data:`READING_LIBRARIES` (``"-"`` when not installed).

    >>> sorted(versions()) == sorted(READING_LIBRARIES)
    True
    """
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "-"

    return {name: installed(name) for name in READING_LIBRARIES}


@cache
def _code_hash() -> str:
    digest = hashlib.sha256(_FORMAT.encode())
    digest.update(repr(sorted(versions().items())).encode())
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def document_key(files: list[Path]) -> str:
    """The cache key of a document's files: their content, the code that reads them and
    the versions of the libraries it reads them with.

    >>> import budgetlib
    >>> len(document_key([budgetlib.config.SEED_DOCUMENT]))
    64
    """
    digest = hashlib.sha256(_code_hash().encode())
    for path in files:
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return digest.hexdigest()


def through_cache(files: list[Path], read: Callable[[], BudgetDocument], folder: Path | None = None,
                  ) -> tuple[BudgetDocument, bool]:
    """The document of ``files`` from the cache, else ``read()`` and kept; and whether it
    came from the cache. This module knows no reader: :func:`budgetlib.read.read_budget`
    passes its own (so the two modules form no import cycle).

    ``source`` is always the files' current path, even when another copy was cached. A
    damaged entry is read afresh; a cache folder that cannot be written to is not fatal.

    Examples
    --------
    >>> import budgetlib, tempfile
    >>> where = Path(tempfile.mkdtemp())
    >>> files = [budgetlib.config.SEED_DOCUMENT]
    >>> [through_cache(files, lambda: budgetlib.read_budget(files[0], cache=False), where)[1]
    ...  for _ in range(2)]
    [False, True]
    """
    folder = folder or cache_dir()
    files = [Path(f) for f in files]
    path = folder / f"{document_key(files)}.pickle"
    source = " + ".join(map(str, files))
    if path.is_file():
        try:
            with path.open("rb") as handle:
                doc = pickle.load(handle)
            doc.source = source  # where it was read from this time; a copy of its own
            return doc, True
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            path.unlink(missing_ok=True)  # damaged or from an older layout: read afresh
    doc = read()
    try:
        with replacing(path, private=True) as temporary, temporary.open("wb") as out:
            pickle.dump(doc, out, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        pass  # a read-only or full cache folder: the document is read, just not kept
    return doc, False
