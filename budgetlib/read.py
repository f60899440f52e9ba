"""``read_budget``: any source, through its reader, into a :class:`BudgetDocument`."""

from __future__ import annotations

from collections import Counter
from functools import partial
from pathlib import Path

from budgetlib.cache import through_cache
from budgetlib.model import BudgetDocument
from budgetlib.parse.metadata import (
    budget_kind,
    budget_year,
    cover_fields,
    cover_title,
    department_name,
    org_from_title,
)
from budgetlib.parse.misreads import misread_problems
from budgetlib.parse.narrative import Paragraph, Section, read_sections, table_cuts
from budgetlib.parse.performance import indicator_frame, read_performance
from budgetlib.parse.structure import find_table_grids, identify_by_contents, identify_by_header
from budgetlib.parse.tables import table_records, tidy_frame
from budgetlib.problems import BudgetReadError, Problem, guarded
from budgetlib.readers import RawDocument, read_raw, source_files
from budgetlib.readers.collector import collector_paused

_DEFAULT_UNIT = "万元"


def read_budget(source: str | Path | bytes | list | tuple, cache: bool | Path = True) -> BudgetDocument:
    """Read a department budget disclosure into a :class:`BudgetDocument`.

    Parameters
    ----------
    source
        A path to the document, or its text (a ``str`` with a line break), or its bytes.
        Text may be UTF-8 (with or without BOM) or GB18030/GBK, with LF or CRLF line ends.
        A PDF is read with its text layer. A list of paths, or a folder, is one document
        published as several files (narrative and tables).
    cache
        Files are read through the content-keyed document cache that :func:`read_corpus`
        uses (:mod:`budgetlib.cache`): a second read of an unchanged file is a few
        milliseconds, an edited file (or a new budgetlib) is read afresh. The cache folder
        is ``$BUDGETLIB_CACHE``, else ``$XDG_CACHE_HOME/budgetlib``, else
        ``~/.cache/budgetlib``; a folder given here is used instead, and ``False`` reads
        without the cache (and never touches its folder). Text and bytes are not cached.

    Returns
    -------
    BudgetDocument
        Tables as tidy frames (万元), the narrative, the performance targets, and the
        problems met while reading (the document loads as far as it can).

    Raises
    ------
    FileNotFoundError
        The path does not exist.
    BudgetReadError
        The file is empty, binary, undecodable, or not a budget disclosure; the
        message names the file (and the line where there is one).

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> doc.department, doc.year, doc.kind, len(doc.tables)
    ('阿图什市人民政府外事办公室', 2026, '部门预算', 12)
    >>> t = doc.tables["部门支出总体情况表"]
    >>> t.query("code == '2010301' and measure == '支出预算/合计'")["value"].item()
    79.16
    """
    files = source_files(source) if cache is not False else None
    with collector_paused():  # a PDF's pages make a few hundred thousand short-lived objects
        if files is None:
            return build_document(read_raw(source))
        return read_cached(files, cache if isinstance(cache, Path) else None)[0]


def read_cached(files: list[Path], folder: Path | None = None) -> tuple[BudgetDocument, bool]:
    """Read a document's files through the cache (in ``folder``, else :func:`budgetlib.cache.cache_dir`);
    return it and whether it came from the cache.

    Examples
    --------
    >>> import budgetlib, tempfile
    >>> where = Path(tempfile.mkdtemp())
    >>> files = [budgetlib.config.SEED_DOCUMENT]
    >>> [read_cached(files, where)[1] for _ in range(2)]
    [False, True]
    """
    files = [Path(f) for f in files]
    return through_cache(files, lambda: build_document(read_raw(files if len(files) > 1 else files[0])),
                         folder)


def build_document(raw: RawDocument) -> BudgetDocument:
    """Assemble a document from a reader's intermediate form.

    Each part (a table, a performance table, the sections, each fact of the cover) is read
    under :func:`~budgetlib.problems.guarded`: what no code foresaw in one part is one
    ``error`` problem naming it and its page, and the rest of the document still loads.
    """
    failed: list[Problem] = []  # the parts that raised, each one problem
    grids, narrative, problems = find_table_grids(raw)
    sections, contents = guarded(
        lambda: read_sections(narrative, table_cuts(raw.blocks, narrative)),
        _flat_sections(narrative), "说明部分（章节）", failed)
    # an untitled table: named by its place in the contents, else by its header words
    grids, named = guarded(lambda: identify_by_contents(grids, contents), (grids, []),
                           "按目录识别表格", failed)
    grids = guarded(lambda: identify_by_header(grids), grids, "按表头识别表格", failed)
    problems = [*raw.problems, *problems, *named]
    regular = [g for g in grids if not (g.spec and g.spec.layout == "performance")]
    if not regular and not any(b.kind == "heading" and "预算" in b.text for b in raw.blocks):
        raise BudgetReadError(raw.source, "not a budget disclosure: no budget table and no "
                              "heading that speaks of a budget (预算)")
    units = Counter(g.unit for g in regular if g.unit)
    default_unit = units.most_common(1)[0][0] if units else _DEFAULT_UNIT
    records, metas = [], {}
    for grid in regular:
        table_rows, meta, table_problems = table_records(grid, default_unit)
        title = meta.title
        if title in metas:
            title = f"{title}（第{grid.line}行）"
            table_problems.append(Problem("warning", f"{meta.title}印了两次，第二张保留为“{title}”",
                                          grid.line, meta.title, code="table_twice"))
            table_rows = [{**r, "table": title} for r in table_rows]
        records += table_rows
        metas[title] = meta
        problems += table_problems
    # One frame for all tables, then split: building a frame per table costs more.
    tidy = tidy_frame(records)
    groups = {t: g.reset_index(drop=True) for t, g in tidy.groupby("table", sort=False)}
    tables = {t: groups.get(t, tidy.iloc[:0]) for t in metas}
    empty = {t: [c for g in regular if (g.spec.title if g.spec else g.title) == m.title
                 for r in g.rows for c in r.cells] for t, m in metas.items() if m.empty}
    problems += guarded(lambda: misread_problems(tables, empty), [], "误读标记的检查", failed)
    performance_tables, indicators = [], []
    for grid in grids:
        if grid.spec and grid.spec.layout == "performance":
            name = grid.spec.title
            table, table_indicators = guarded(partial(read_performance, grid), (None, []),
                                              f"绩效目标表“{name}”", failed, line=grid.line,
                                              table=name, page=grid.page)
            performance_tables += [table] if table else []
            indicators += table_indicators
    title = guarded(lambda: cover_title(sections), "", "封面标题", failed)
    year = guarded(lambda: budget_year(title, raw.blocks), None, "预算年度", failed)
    all_text = "\n".join(
        [b.text for b in raw.blocks] + ["\t".join(r.cells) for b in raw.blocks for r in b.rows]
    )
    candidates = guarded(lambda: [(org_from_title(title, year), _cover_line(sections)),
                                  *cover_fields(sections)], [], "封面所列部门", failed)
    candidates += [(g.org, g.line) for g in grids if g.org]
    candidates += [(t.subject, t.line) for t in performance_tables
                   if t.title == "部门整体绩效目标表" and t.subject]
    department, spellings, name_problems = guarded(lambda: department_name(candidates, all_text),
                                                   (None, [], []), "部门名称", failed)
    return BudgetDocument(
        department=department, department_spellings=spellings, year=year,
        kind=guarded(lambda: budget_kind(title, all_text), None, "文档类别", failed),
        unit=_DEFAULT_UNIT, source=raw.source, title=title,
        tables=tables, table_meta=metas, sections=sections, contents=contents,
        performance=indicator_frame(indicators), performance_tables=performance_tables,
        problems=problems + name_problems + failed, pages=list(raw.pages),
    )


def _flat_sections(narrative: list) -> tuple[list[Section], list[Paragraph]]:
    """The narrative as one untitled section of its blocks' texts: what stands for the
    sections when grouping them raised (nothing is dropped)."""
    paragraphs = tuple(Paragraph(b.text.strip(), b.line, b.page) for b in narrative if b.text.strip())
    return [Section("", 1, None, paragraphs)], []


def _cover_line(sections) -> int | None:
    cover = next((s for s in sections if s.level == 0 and s.paragraphs), None)
    return cover.paragraphs[0].line if cover else None
