"""Readers: one per input format, each producing a :class:`~.base.RawDocument`.

Add a format by adding a reader function to :data:`READERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..problems import BudgetReadError
from .base import Block, RawDocument, RawRow
from .pdf import read_pdf
from .text import decode, read_text, read_text_file

__all__ = ["Block", "RawDocument", "RawRow", "READERS", "read_raw", "read_text"]


def _not_yet(kind: str) -> Callable[[Path], RawDocument]:
    def reader(path: Path) -> RawDocument:
        raise BudgetReadError(str(path), f"{kind} reading is not built yet; convert it to text")

    return reader


#: File suffix → reader. PDF and xlsx readers fill these seams in later versions.
READERS: dict[str, Callable[[Path], RawDocument]] = {
    ".txt": read_text_file,
    ".md": read_text_file,
    ".pdf": read_pdf,
    ".xlsx": _not_yet("xlsx"),
}


def read_raw(source: str | Path | bytes) -> RawDocument:
    """Read a path, the text itself, or its bytes into the intermediate form.

    A ``str`` with a line break is taken as the text itself; any other ``str`` is a path.
    """
    if isinstance(source, bytes):
        return read_text(decode(source, "<bytes>"), source="<bytes>")
    if isinstance(source, str) and "\n" in source:
        return read_text(source)
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.is_dir():
        raise BudgetReadError(str(path), "a folder, not a document")
    if path.stat().st_size == 0:
        raise BudgetReadError(str(path), "the file is empty")
    reader = READERS.get(path.suffix.lower(), read_text_file)
    return reader(path)
