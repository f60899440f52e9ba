"""A folder of documents: find them (pairing split files), read them all (in parallel, cached),
one long frame of their cells, and that frame written to Parquet."""

from __future__ import annotations

import os
import re
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from pathlib import Path

import pandas as pd

from budgetlib.model import BudgetDocument
from budgetlib.problems import BudgetReadError
from budgetlib.read import read_budget, read_cached
from budgetlib.readers import UNSUPPORTED

CORPUS_COLUMNS = ["document", "department", "year", "kind", "table", "code", "name", "measure",
                  "value"]
_PART = re.compile(r"_(narrative|tables)$")
#: What a corpus folder's documents are: the formats read (not .md: a corpus keeps its READMEs
#: there), and those a budget is published in but budgetlib does not read, which are named
#: in the failures rather than passed over.
_SUFFIXES = (".pdf", ".txt", ".xlsx", *UNSUPPORTED)


def find_documents(folder: Path) -> dict[str, list[Path]]:
    """Documents under a folder, each a list of its files: a ``…_narrative`` and a
    ``…_tables`` file of the same stem are one document, narrative first.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for name in ("x_2019_tables.pdf", "x_2019_narrative.pdf", "y_2020.pdf"):
    ...     _ = (folder / name).write_bytes(b"")
    >>> {k: [p.name for p in v] for k, v in find_documents(folder).items()}
    {'x_2019': ['x_2019_narrative.pdf', 'x_2019_tables.pdf'], 'y_2020': ['y_2020.pdf']}
    """
    paths = [p for p in sorted(Path(folder).rglob("*")) if p.suffix.lower() in _SUFFIXES and p.is_file()]
    return group_parts(paths)


def document_stem(path: str | Path) -> str:
    """The name of the document a file belongs to: its stem without ``_narrative``/``_tables``.

    >>> document_stem("a/x_2019_tables.pdf"), document_stem("b.txt")
    ('x_2019', 'b')
    """
    return _PART.sub("", Path(path).stem)


def group_parts(paths: list) -> dict[str, list]:
    """Files grouped by document (:func:`document_stem`), narrative first, in given order.

    >>> group_parts(["a/x_tables.pdf", "b.txt", "a/x_narrative.pdf"])
    {'x': ['a/x_narrative.pdf', 'a/x_tables.pdf'], 'b': ['b.txt']}
    """
    found: dict[str, list] = {}
    for path in paths:
        found.setdefault(document_stem(path), []).append(path)
    return {k: sorted(v, key=lambda p: 0 if Path(p).stem.endswith("_narrative") else 1)
            for k, v in found.items()}


def progress_bar():
    """The tqdm class for a progress bar: the notebook widget where Jupyter can draw it
    (ipywidgets installed), else the text bar, which ``tqdm.auto`` would fall back to only
    after warning "IProgress not found"."""
    import importlib.util

    if importlib.util.find_spec("ipywidgets") is not None:
        from tqdm.auto import tqdm  # a widget in a notebook, a line in a terminal
    else:
        from tqdm.std import tqdm
    return tqdm


def read_corpus(folder: Path, progress: bool = True, cache: bool | Path = True, workers: int | None = None,
                executor: Executor | None = None) -> tuple[
    pd.DataFrame, dict[str, BudgetDocument], dict[str, str]
]:
    """Read every document of a folder: one long frame, the documents, and the failures.

    Documents are the folder's (and its subfolders') PDF, text and .xlsx files, a
    ``…_narrative`` and a ``…_tables`` file being one document; a Word, .xls or WPS file
    is reported in the failures, named as such. A missing folder raises
    ``FileNotFoundError`` naming it. A document that cannot be read is reported in the
    failures, not fatal. Parsed documents are kept in an on-disk cache keyed by the files'
    content (:mod:`budgetlib.cache`; ``cache`` is a folder, ``True`` for the user's cache
    folder or ``False`` for none), so the second load of a folder is fast. The long frame
    has one row per amount cell (:data:`CORPUS_COLUMNS`); :func:`to_parquet` saves it by year
    and kind.

    Documents are read in parallel: in ``workers`` processes (default: the machine's
    cores; ``1`` reads one after another in this process), or by ``executor``, any
    :class:`concurrent.futures.Executor` (a thread or process pool, or a cluster's, such
    as a Dask client's ``client.get_executor()``), which is left open. The result is the
    same whichever reads them, in the folder's order.
    """
    tqdm = progress_bar()

    if not Path(folder).is_dir():
        raise (NotADirectoryError if Path(folder).exists() else FileNotFoundError)(
            f"{folder}: no such folder; read_corpus reads a folder of documents")
    documents = find_documents(folder)
    bar = tqdm(total=len(documents), desc="读取文档", unit="份", disable=not progress)
    results: dict[str, tuple[BudgetDocument | None, str | None]] = {}
    workers = workers or os.cpu_count() or 1
    with bar:
        if executor is None and (workers <= 1 or len(documents) <= 1):
            for name, files in documents.items():
                results[name] = read_one(files, cache)
                bar.update()
        else:
            own = executor is None
            pool = ProcessPoolExecutor(min(workers, len(documents))) if own else executor
            try:
                futures = {pool.submit(read_one, files, cache): name for name, files in documents.items()}
                for future in as_completed(futures):
                    results[futures[future]] = future.result()
                    bar.update()
            finally:
                if own:
                    pool.shutdown(cancel_futures=True)
    docs = {name: results[name][0] for name in documents if results[name][0] is not None}
    failures = {name: results[name][1] for name in documents if results[name][1] is not None}
    return corpus_frame(docs), docs, failures



def to_parquet(frame: pd.DataFrame, folder: str | Path) -> Path:
    """Write a corpus's long frame as Parquet, one folder per year and kind
    (``year=2025/kind=部门预算/…``, the kind percent-encoded as Hive folders are), readable as
    one dataset.

    A document of unknown year or kind has no folder to go to (and Parquet readers cannot
    read a partition key that is missing in some folders): it raises ``ValueError`` naming
    the documents, to be given a year and kind or left out. Writing again replaces the
    partitions written. pandas' own
    ``to_parquet(partition_cols=…)`` is not used: it writes metadata that makes the year
    column unreadable for ``pd.read_parquet``.

    Examples
    --------
    >>> import tempfile, budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> folder = to_parquet(corpus_frame({"seed": doc}), Path(tempfile.mkdtemp()) / "corpus")
    >>> back = pd.read_parquet(folder)
    >>> len(back) == len(corpus_frame({"seed": doc})), back["year"].astype(int).unique().tolist()
    (True, [2026])
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    unknown = frame.loc[frame["year"].isna() | frame["kind"].isna(), "document"].unique().tolist()
    if unknown:
        raise ValueError(f"to_parquet partitions by year and kind; these documents have no year or "
                         f"kind: {', '.join(map(str, unknown))}. Set them or leave them out.")
    table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
    pq.write_to_dataset(table, folder, partition_cols=["year", "kind"],
                        existing_data_behavior="delete_matching")
    return Path(folder)

def read_one(files: list[Path], cache: bool | Path = True) -> tuple[BudgetDocument | None, str | None]:
    """One document of a corpus: it, or why it cannot be read (a task for a worker)."""
    try:
        if cache is False:
            return read_budget(files if len(files) > 1 else files[0], cache=False), None
        return read_cached(files, cache if isinstance(cache, Path) else None)[0], None
    except (OSError, BudgetReadError) as err:
        return None, str(err)


def corpus_frame(docs: dict[str, BudgetDocument]) -> pd.DataFrame:
    """Every document's amount cells in one long frame (:data:`CORPUS_COLUMNS`), typed for
    Parquet: text columns as strings, the year as a nullable integer."""
    frames = [doc.tidy.assign(document=name, department=doc.department, year=doc.year,
                              kind=doc.kind) for name, doc in docs.items() if not doc.tidy.empty]
    long = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    long = long.reindex(columns=CORPUS_COLUMNS)
    text = [c for c in CORPUS_COLUMNS if c not in ("year", "value")]
    return long.astype({**dict.fromkeys(text, "string"), "year": "Int64", "value": "float64"})
