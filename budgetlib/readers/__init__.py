"""Readers: one per input format, each producing a :class:`~.base.RawDocument`.

Add a format by adding a reader function to :data:`READERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from budgetlib.problems import BudgetReadError
from budgetlib.readers.blocks import Block, RawDocument, RawRow
from budgetlib.readers.pdf import read_pdf
from budgetlib.readers.text import decode, read_text, read_text_file
from budgetlib.readers.xlsx import read_xlsx

__all__ = ["Block", "RawDocument", "RawRow", "READERS", "UNSUPPORTED", "folder_files", "read_raw",
           "read_text", "source_files"]


#: File suffix → reader.
READERS: dict[str, Callable[[Path], RawDocument]] = {
    ".txt": read_text_file,
    ".md": read_text_file,
    ".pdf": read_pdf,
    ".xlsx": read_xlsx,
}

#: Formats budgets are published in that budgetlib does not read: suffix → what it is, and
#: what to do.
UNSUPPORTED: dict[str, str] = {
    ".doc": "an old Word .doc document: save it as PDF",
    ".docx": "a Word document: save it as PDF",
    ".xls": "an old Excel .xls workbook: save it as .xlsx",
    ".wps": "a WPS document: save it as PDF",
    ".et": "a WPS spreadsheet: save it as .xlsx",
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
        files = folder_files(path)
        if not files:
            raise BudgetReadError(str(path), "a folder without any budget document in it")
        return _join([read_raw(p) for p in files])
    if path.stat().st_size == 0:
        raise BudgetReadError(str(path), "the file is empty")
    if path.suffix.lower() in UNSUPPORTED:
        raise BudgetReadError(str(path), f"{UNSUPPORTED[path.suffix.lower()]} (budgetlib reads "
                              "PDF, .xlsx and text)")
    reader = READERS.get(path.suffix.lower(), read_text_file)
    return reader(path)


def folder_files(folder: Path) -> list[Path]:
    """The files of a folder that make one document, in the order they are read: by name."""
    return sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in READERS and p.is_file())


def source_files(source: str | Path | bytes | list | tuple) -> list[Path] | None:
    """The files :func:`read_raw` would read for ``source``, or ``None`` when it is not files
    that all exist (the text itself, bytes, a missing path, a folder without documents).

    >>> source_files("第一行\\n第二行") is None, source_files("no/such/file.txt") is None
    (True, True)
    """
    if isinstance(source, bytes) or (isinstance(source, str) and "\n" in source):
        return None
    parts = source if isinstance(source, list | tuple) else [source]
    files: list[Path] = []
    for part in parts:
        if isinstance(part, bytes) or (isinstance(part, str) and "\n" in part):
            return None
        path = Path(part)
        if path.is_dir():
            files += folder_files(path)
        elif path.is_file():
            files.append(path)
        else:
            return None
    return files or None


def _join(parts: list[RawDocument]) -> RawDocument:
    return RawDocument(source=" + ".join(p.source for p in parts),
                       blocks=[b for p in parts for b in p.blocks],
                       problems=[x for p in parts for x in p.problems],
                       pages=[page for p in parts for page in p.pages])
