"""The console script: ``budgetlib report PATH… --out DIR``."""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from budgetlib.analysis.headcount import staff_count
from budgetlib.audit.final_accounts import is_final_account
from budgetlib.audit.findings import SEVERITY_NAMES
from budgetlib.corpus import document_stem, find_documents, group_parts
from budgetlib.model import BudgetDocument
from budgetlib.parse.metadata import department_key
from budgetlib.read import read_budget
from budgetlib.report.arguments import ChineseParser
from budgetlib.report.display import to_display
from budgetlib.report.sections import SKIPPED, one_line, skip_line
from budgetlib.report.vocabulary import heading

CSV_ENCODING = "utf-8-sig"  # Excel opens UTF-8 CSV correctly only with a BOM


def to_csv(doc: BudgetDocument, folder: Path) -> list[Path]:
    """Write the tidy tables, indicators, paragraphs, problems, claims and audit as CSV, with
    the Chinese headings the workbook and the notebooks use (:data:`~budgetlib.report.vocabulary.HEADINGS`);
    the values are the frames' own, at full precision."""
    folder.mkdir(parents=True, exist_ok=True)
    claims, findings = doc.claims, doc.audit()  # first: a claim that raised adds a problem
    frames = {
        "tables.csv": doc.tidy,
        "performance.csv": doc.performance,
        "paragraphs.csv": doc.paragraphs,
        "problems.csv": doc.problems_frame(),
        "claims.csv": claims,
        "audit.csv": findings,
    }
    written = []
    for name, frame in frames.items():
        path = folder / name
        frame.rename(columns=heading).to_csv(path, index=False, encoding=CSV_ENCODING)
        written.append(path)
    return written


def describe(doc: BudgetDocument) -> str:
    """A printable summary: the document's facts, one line per table (Chinese headings,
    totals to 0.01) and the findings by severity, 错误 first.

    Examples
    --------
    >>> import budgetlib
    >>> text = describe(budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT))
    >>> "表号" in text and "167.55" in text and "警告 0 条" not in text
    True
    """
    head = (f"{doc.title}\n  部门：{doc.department}  年度：{doc.year}  类型：{doc.kind}  "
            f"单位：{doc.unit}\n  来源：{doc.source}")
    with pd.option_context("display.width", 200, "display.max_colwidth", 30,
                           "display.unicode.east_asian_width", True):
        table = to_display(doc.summary().drop(columns="note")).to_string(index=False)
    counts = doc.audit()["severity"].value_counts()
    found = [f"{name} {counts[key]} 条" for key, name in SEVERITY_NAMES.items() if counts.get(key)]
    tail = (f"  绩效指标 {len(doc.performance)} 项；读取问题 {len(doc.problems)} 条；审核发现 "
            + ("、".join(found) or "无"))
    return "\n".join([head, table, tail])


@dataclass
class Outcome:
    """What one document's report wrote, skipped and could not do."""

    #: The files written.
    written: list[Path] = field(default_factory=list)
    #: One line per part or section left out for something the document lacks.
    skipped: list[str] = field(default_factory=list)
    #: One line per part that failed (the others still ran).
    warnings: list[str] = field(default_factory=list)


def _part(outcome: Outcome, name: str, make) -> None:
    """Run one part of the report; a failure becomes one warning line, never a traceback."""
    try:
        made = make()
    except Exception as err:  # noqa: BLE001 - one part's failure must not stop the others
        outcome.warnings.append(f"{name} 未完成：{one_line(err)}")
        return
    outcome.written += made if isinstance(made, list) else [made]


def previous_for(doc: BudgetDocument,
                 prev: BudgetDocument | None) -> tuple[BudgetDocument | None, str | None]:
    """``prev`` if it is last year's document of ``doc``'s department, else ``None`` and
    one line saying why it is not used (a year over year across departments, or backwards,
    would mislead).

    Examples
    --------
    >>> from types import SimpleNamespace as D
    >>> previous_for(D(department="外事办公室", year=2026), D(department="外事办公室", year=2025))[1] is None
    True
    >>> previous_for(D(department="外事办公室", year=2026), D(department="财政局", year=2025))[1]
    '上年文档是「财政局」2025 年的，不是「外事办公室」的：同比未用它'
    """
    if prev is None:
        return None, None
    if department_key(prev.department or "") != department_key(doc.department or ""):
        return None, (f"上年文档是「{prev.department}」{prev.year} 年的，"
                      f"不是「{doc.department}」的：同比未用它")
    if not (prev.year and doc.year and prev.year < doc.year):
        return None, f"上年文档是 {prev.year} 年的，本文档是 {doc.year} 年的，不早于本年：同比未用它"
    return prev, None


def report_one(doc: BudgetDocument, source: str | list[str], folder: Path,
               notebooks: bool = True, prev: BudgetDocument | None = None,
               prev_source: str | list[str] | None = None, staff: float | None = None,
               headcount: str | Path | None = None) -> Outcome:
    """Everything for one document: CSV, the workbook, the charts and the notebooks as HTML.

    ``source`` is the path (or paths) the document was read from; the notebooks read it
    again. ``prev`` is last year's document of the department (read from ``prev_source``,
    which notebook 02 reads again): the workbook's 同比, the bridge charts and notebook 02
    compare with it, where otherwise they take last year from the document's own columns.
    ``staff`` (在职人数) is for the per-capita figures; without it, the count is the
    narrative's own, else that of the analyst's ``headcount`` file (default
    ``data/analyst/headcount.csv``), as notebook 04 takes it
    (:func:`~budgetlib.analysis.headcount.staff_count`). A final account (决算) also gets
    notebook 06 (预算执行); its workbook and charts carry the execution. Each part runs on
    its own: what the document lacks is skipped with its reason, a part that fails is a
    warning, and the other parts still run.
    """
    import matplotlib

    matplotlib.use("Agg")  # no screen needed; set before pyplot is imported
    import matplotlib.pyplot as plt

    from budgetlib.report import plot
    from budgetlib.report.excel import to_excel

    outcome = Outcome()
    if notebooks:  # the notebooks' kernel gets ready while the other parts are written
        from budgetlib.report import kernel

        kernel.shared().start_soon()
    _part(outcome, "CSV", lambda: to_csv(doc, folder))
    given = staff  # the analyst's own count: notebook 04 finds any other itself, and says where from
    if staff is None:
        try:
            staff = staff_count(doc, None, headcount)[0]
        except Exception as err:  # noqa: BLE001 - a malformed analyst file costs only the headcount
            outcome.warnings.append(f"分析人员人数 未读取：{one_line(err)}")
    _part(outcome, "工作簿", lambda: to_excel(doc, folder / f"{folder.name}.xlsx", prev=prev, staff=staff))

    def charts() -> list[Path]:
        drawn, skipped = plot.standard_charts(doc, staff=staff, prev=prev)
        # a reason is said in one line, even an error message of several
        outcome.skipped += [f"图表{skip_line(name, reason).removeprefix(SKIPPED)}"
                            for name, reason in skipped.items()]
        written = []
        for name, ax in drawn.items():
            written += plot.save(ax, folder / "charts" / name)
            plt.close(ax.figure)
        return written

    _part(outcome, "图表", charts)
    if notebooks:
        from budgetlib.report import notebook_run

        parameters = {"document": _resolved(source)}
        # each notebook gets only the parameters it has: last year's document for 02, the staff for 04
        extra = {"02-year-over-year": {"previous": _resolved(prev_source)} if prev is not None else {},
                 "04-headcount-costs": {"staff": given} if given else {}}
        if headcount:
            extra["04-headcount-costs"]["headcount_csv"] = str(Path(headcount).resolve())
        final = notebook_run.FINAL_NOTEBOOKS if is_final_account(doc) else ()
        for name in (*notebook_run.REPORT_NOTEBOOKS, *final):
            _part(outcome, f"笔记本 {name}", lambda name=name: _notebook(
                outcome, name, {**parameters, **extra.get(name, {})}, folder))
    return outcome


def _resolved(source: str | list[str] | None) -> str | list[str] | None:
    """A source's absolute path (or paths), for a notebook that runs in another folder."""
    if source is None:
        return None
    resolved = [str(Path(s).resolve()) for s in ([source] if isinstance(source, str) else source)]
    return resolved[0] if len(resolved) == 1 else resolved


def _notebook(outcome: Outcome, name: str, parameters: dict, folder: Path) -> Path:
    """Execute one notebook to HTML; what its sections skipped and any cell's error are noted."""
    from budgetlib.report import kernel, notebook_run

    # the process's kernel, kept for its next notebooks and documents; each runs as if alone
    executed = notebook_run.execute(name, parameters, allow_errors=True, kernel=kernel.shared())
    outcome.skipped += [f"{name}{line.removeprefix(SKIPPED)}"
                        for line in notebook_run.skipped(executed)]
    failed = notebook_run.errors(executed)
    if failed:
        more = f"（另有 {len(failed) - 1} 处）" if len(failed) > 1 else ""
        outcome.warnings.append(f"笔记本 {name} 出错：{failed[0]}{more}")
    return notebook_run.to_html(notebook_run.without_tracebacks(executed),
                                folder / "notebooks" / f"{name}.html")


def documents(paths: list[str]) -> list[str | list[str]]:
    """The documents named on the command line: ``x_narrative.pdf`` and ``x_tables.pdf`` are
    one document (narrative first), as in a corpus folder; every other path is one. A folder
    holds the documents :func:`~budgetlib.corpus.find_documents` finds in it, each
    on its own (two years of a department are two documents, not one); a folder without
    any stays as given, to be reported as unreadable.

    Examples
    --------
    >>> documents(["a/x_tables.pdf", "b.txt", "a/x_narrative.pdf"])
    [['a/x_narrative.pdf', 'a/x_tables.pdf'], 'b.txt']
    """
    expanded: list[str] = []
    for path in paths:
        found = find_documents(Path(path)) if Path(path).is_dir() else {}
        expanded += [str(f) for files in found.values() for f in files] or [path]
    out: list[str | list[str]] = []
    parts: dict[tuple[str, str], list[str]] = {}
    for path in expanded:
        if document_stem(path) == Path(path).stem:  # not a part: a document of its own
            out.append(path)
            continue
        key = (str(Path(path).parent), document_stem(path))
        if key not in parts:
            out.append(parts.setdefault(key, []))
        parts[key].append(path)
    return [x if isinstance(x, str) else (group_parts(x).popitem()[1] if len(x) > 1 else x[0]) for x in out]


def report(paths: list[str], out: Path, notebooks: bool = True, previous: list[str] | None = None,
           staff: float | None = None, headcount: str | Path | None = None,
           workers: int | None = None) -> int:
    """Read each document, print its summary and write its report; return how many could
    not be read at all.

    The documents are read, then reported, in ``workers`` processes (default: the machine's
    cores; one document is always done in this process), with one line per document as it
    is done. Each is compared with its paired document of the set
    (:func:`~budgetlib.report.sets.pair_years`): a budget's 同比 with the same
    department's budget of the year before, when the set holds it. ``previous`` is last
    year's document of the department (a path, or a document's paths), used over the pair
    for each document it is last year of, and said in one line for any other without a
    pair; ``staff`` is the 在职人数 for the per-capita figures, over the narrative's own
    count and the analyst's ``headcount`` file (a CSV like ``data/analyst/headcount.csv``).
    A set of two documents or more also gets its own outputs at the top of ``out``
    (:func:`~budgetlib.report.sets.write_set`): 汇总.xlsx, comparison charts and notebook 05.

    A document that is read always gets its report: a part it cannot support is skipped
    with one line saying why, a part that fails is one warning line, on stderr, and the
    other parts and documents go on. A summary of what was written and skipped ends it.

    The notebooks of a process (this one, or each worker) run in one kernel, one after
    another, each as if alone (:func:`~budgetlib.report.kernel.shared`).
    """
    from budgetlib.report import kernel

    try:
        return _report(paths, out, notebooks, previous, staff, headcount, workers)
    finally:
        kernel.close_shared()  # this process's; a worker shuts its own down as it ends


def _report(paths: list[str], out: Path, notebooks: bool, previous: list[str] | None,
            staff: float | None, headcount: str | Path | None, workers: int | None) -> int:
    from budgetlib.report import sets

    sources = documents(paths)
    prev, prev_source = None, None
    if previous:
        found = documents(previous)
        if len(found) != 1:
            print(f"  上年文档应是一份文档，给出的是 {len(found)} 份：同比未用上年文档", file=sys.stderr)
        else:
            prev_source = found[0]
            try:
                prev = read_budget(prev_source)
            except Exception as err:  # noqa: BLE001 - without it, year over year uses the document's own columns
                print(f"  上年文档无法读取，同比未用它：{one_line(err)}", file=sys.stderr)
    workers = workers or sets.default_workers()
    done, members = 0, []
    for index, (doc, why) in sorted(sets.in_parallel(sets.read_source, [(s,) for s in sources], workers)):
        if doc is None:
            done += 1
            print(f"[{done}/{len(sources)}] {_name(sources[index])}", flush=True)
            print(f"  {why}", file=sys.stderr)
            continue
        # a document of two files is named by their common stem
        source = sources[index]
        stem = Path(source).stem if isinstance(source, str) else document_stem(source[0])
        members.append(sets.Member(re.sub(r"[^\w.-]+", "_", stem), source, doc))
    pairs = sets.pair_years({m.name: m.doc for m in members})
    by_name = {m.name: m for m in members}
    jobs = []
    for m in members:
        m.previous = pairs.get(m.name)
        used, why = previous_for(m.doc, prev)
        used_source = prev_source
        paired = by_name.get(m.previous)
        if used is None and paired is not None and not is_final_account(m.doc):
            # a 决算 is paired with its year's budget for the summary, not for 同比
            used, why, used_source = paired.doc, None, paired.source
        elif used is not None:
            m.previous = None if prev is None else f"{_name(prev_source)}（--previous）"
        jobs.append((m.doc, m.source, out / m.name, notebooks, used, used_source, staff, headcount, why))
    written, skipped, warnings = 0, 0, 0
    for index, (outcome, seconds) in sets.in_parallel(_report_job, jobs, workers):
        done += 1
        m = members[index]
        print(f"[{done}/{len(sources)}] {_name(m.source)}", flush=True)
        _print_outcome(m.doc, m.name, out / m.name, outcome, seconds)
        written += len(outcome.written)
        skipped += len(outcome.skipped)
        warnings += len(outcome.warnings)
    if len(members) > 1:
        folder = Path(paths[0]) if len(paths) == 1 and Path(paths[0]).is_dir() else None
        files, lines, failed = sets.write_set(members, out, notebooks, corpus=folder)
        _print_lines("汇总", lines, failed)
        print(f"汇总：写出 {len(files)} 个文件到 {out}", flush=True)
        written, skipped, warnings = written + len(files), skipped + len(lines), warnings + len(failed)
    unreadable = len(sources) - len(members)
    print(f"完成：{len(sources)} 份文档，读取 {len(members)} 份、无法读取 {unreadable} 份；"
          f"写出 {written} 个文件到 {out}；跳过 {skipped} 处，警告 {warnings} 条"
          + ("（见 stderr）" if skipped or warnings or unreadable else ""), flush=True)
    return unreadable


def _name(source: str | list[str]) -> str:
    return source if isinstance(source, str) else " + ".join(source)


def _report_job(doc: BudgetDocument, source, folder: Path, notebooks: bool, prev, prev_source,
                staff, headcount, why: str | None) -> tuple[Outcome, float]:
    """One document's report (a task for a worker), the line why ``--previous`` was not used
    first, and the seconds it took."""
    started = time.perf_counter()
    outcome = report_one(doc, source, folder, notebooks, prev=prev, prev_source=prev_source,
                         staff=staff, headcount=headcount)
    if why:
        outcome.warnings.insert(0, why)
    return outcome, time.perf_counter() - started


def _print_lines(stem: str, skipped: list[str], warnings: list[str]) -> None:
    for line in skipped:
        print(f"  [{stem}] {SKIPPED} {line}", file=sys.stderr)
    for line in warnings:
        print(f"  [{stem}] 警告 {line}", file=sys.stderr)
    sys.stderr.flush()


def _print_outcome(doc: BudgetDocument, stem: str, folder: Path, outcome: Outcome, seconds: float) -> None:
    """A document's summary, what it skipped and its warnings, and what it wrote."""
    try:
        print(describe(doc))
    except Exception as err:  # noqa: BLE001 - the summary is for reading, not required
        print(f"  [{stem}] 警告 摘要未完成：{one_line(err)}", file=sys.stderr)
    _print_lines(stem, outcome.skipped, outcome.warnings)
    print(f"  写出 {len(outcome.written)} 个文件到 {folder}（{seconds:.1f} 秒）；"
          f"跳过 {len(outcome.skipped)} 处，警告 {len(outcome.warnings)} 条", flush=True)


def main(argv: list[str] | None = None) -> int:
    """The console script; a usage error (a missing argument, a file that is not there) is
    said in Chinese and exits 2, as argparse does."""
    parser = ChineseParser(prog="budgetlib", description="读取部门预算、决算公开文档，审核并写出报告。")
    commands = parser.add_subparsers(dest="command", required=True, title="命令", metavar="命令")
    run = commands.add_parser("report", help="读取文档，写出 CSV、工作簿、图表和笔记本",
                              description="读取文档，写出 CSV、工作簿、图表和笔记本。")
    run.add_argument("paths", nargs="+", metavar="路径", help="预算或决算文档（.txt、.pdf、.xlsx 或文件夹）；"
                     "x_narrative.pdf 与 x_tables.pdf 合为一份文档")
    run.add_argument("--out", type=Path, default=Path("reports"), metavar="文件夹",
                     help="输出文件夹（默认 reports）")
    run.add_argument("--no-notebooks", action="store_true", help="不执行笔记本")
    run.add_argument("--previous", action="append", metavar="路径",
                     help="同一部门上年的文档，用于同比（文档分说明和表格两个文件时给两次）")
    run.add_argument("--staff", type=_positive, metavar="人数",
                     help="在职人数，用于人均成本（优先于说明所写和人数文件）")
    run.add_argument("--workers", type=int, metavar="进程数",
                     help="并行读取和生成报告的进程数（默认为处理器核数；1 为逐份进行）")
    run.add_argument("--headcount", type=Path, metavar="CSV",
                     help="分析人员的人数文件（department,year,category,people,source）；"
                          "默认 data/analyst/headcount.csv")
    args = parser.parse_args(argv)
    if args.headcount and not args.headcount.is_file():
        run.error(f"--headcount：文件不存在：{args.headcount}")
    missing = [p for p in args.previous or [] if not Path(p).exists()]
    if missing:  # a year over year the analyst asked for is never dropped silently
        run.error(f"--previous：文件不存在：{'、'.join(missing)}")
    # non-zero only when a document could not be read at all; skips and warnings are not failures
    return 1 if report(args.paths, args.out, notebooks=not args.no_notebooks, previous=args.previous,
                       staff=args.staff, headcount=args.headcount,
                       workers=args.workers) else 0


def _positive(text: str) -> float:
    """A headcount: a number above zero (the parser says so when it is not)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是数字") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"“{text}”：在职人数应大于零")
    return value


if __name__ == "__main__":
    sys.exit(main())
