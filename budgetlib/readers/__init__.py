"""Readers: one per input format, each producing a :class:`~.base.RawDocument`.

Add a format by adding a reader function to :data:`READERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from budgetlib.problems import BudgetReadError
from budgetlib.readers.base import Block, RawDocument, RawRow
from budgetlib.readers.pdf import read_pdf
from budgetlib.readers.text import decode, read_text, read_text_file
from budgetlib.readers.xlsx import read_xlsx

__all__ = ["Block", "RawDocument", "RawRow", "READERS", "read_raw", "read_text"]


#: File suffix → reader.
READERS: dict[str, Callable[[Path], RawDocument]] = {
    ".txt": read_text_file,
    ".md": read_text_file,
    ".pdf": read_pdf,
    ".xlsx": read_xlsx,
}


def read_raw(source: str | Path | bytes | list | tuple) -> RawDocument:
    """Read a path, the text itself, its bytes, or several files into the intermediate form.

    A ``str`` with a line break is taken as the text itself; any other ``str`` is a path. A
    list of paths (a narrative and a tables PDF, say) or a folder of them is one document,
    its files read in the given (a folder's: name) order; pages count within each file.
    """
    if isinstance(source, list | tuple):
        return _join([read_raw(part) for part in source])
    if isinstance(source, bytes):
        return read_text(decode(source, "<bytes>"), source="<bytes>")
    if isinstance(source, str) and "\n" in source:
        return read_text(source)
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in READERS)
        if not files:
            raise BudgetReadError(str(path), "a folder without any budget document in it")
        return _join([read_raw(p) for p in files])
    if path.stat().st_size == 0:
        raise BudgetReadError(str(path), "the file is empty")
    reader = READERS.get(path.suffix.lower(), read_text_file)
    return reader(path)


def _join(parts: list[RawDocument]) -> RawDocument:
    return RawDocument(source=" + ".join(p.source for p in parts),
                       blocks=[b for p in parts for b in p.blocks],
                       problems=[x for p in parts for x in p.problems],
                       pages=[page for p in parts for page in p.pages])
