"""A set of documents in one run: read and reported in parallel, each paired with its
department's previous year, and the set's own outputs (汇总.xlsx, comparison charts,
notebook 05) at the top of the output folder.

The set's outputs are the parts of :data:`SET_PARTS`, each a function of the set's
members and the output folder (:func:`write_set`); a further one (a checklist workbook
beside 汇总.xlsx) is one more entry there.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from budgetlib.analysis import figure_amount, figures_of, find_figure, headline
from budgetlib.analysis.execution import chart_totals, execution
from budgetlib.audit.final_accounts import is_final_account
from budgetlib.audit.findings import SEVERITY_NAMES
from budgetlib.model import BudgetDocument
from budgetlib.parse.metadata import department_key
from budgetlib.problems import BudgetReadError
from budgetlib.read import read_budget
from budgetlib.report.sections import one_line

#: The file the set's summary workbook is written to, at the top of ``--out``.
SUMMARY_BOOK = "汇总.xlsx"
#: 三公经费's parts, beside it in the summary.
SANGONG_PARTS = ("因公出国（境）费", "公务接待费", "公务用车购置及运行费")
#: The summary's figures (万元), in order; found through the registry whatever the layout.
SUMMARY_FIGURES = ("收入总计", "支出合计", "财政拨款", "一般公共预算支出", "基本支出", "项目支出",
                   "人员经费", "公用经费", "三公经费", *SANGONG_PARTS, "机关运行经费")
#: The summary's own column headings (a figure's name is its heading).
SUMMARY_HEADINGS = {
    "department": "部门", "year": "年度", "kind": "类型", "document": "文档", "source": "来源文件",
    "previous": "对比文档（上年或本年预算）", "prior": "对比文档支出合计", "change": "支出合计增减",
    "pct": "支出合计增减率", "execution_rate": "执行率", "problems": "读取问题",
    **{f"n_{key}": name for key, name in SEVERITY_NAMES.items()},
}


@dataclass
class Member:
    """One document of the set, as read."""

    #: Its name: the folder its report goes to.
    name: str
    #: The path (or paths) it was read from.
    source: str | list[str]
    #: The document.
    doc: BudgetDocument
    #: The name of the member it is compared with: last year's budget, or a 决算's own budget.
    previous: str | None = None


def read_source(source: str | list[str]) -> tuple[BudgetDocument | None, str | None]:
    """One document, or the one line saying why it cannot be read (a task for a worker)."""
    try:
        return read_budget(source), None
    except (OSError, BudgetReadError) as err:
        return None, f"无法读取：{err}"
    except Exception as err:  # noqa: BLE001 - a reader's surprise is still one line
        name = source if isinstance(source, str) else " + ".join(source)
        return None, f"无法读取 {name}：{one_line(err)}"


def in_parallel(task: Callable, jobs: list[tuple], workers: int) -> Iterator[tuple[int, object]]:
    """``(index, task(*job))`` for each job, as each is done: in ``workers`` processes, or one
    after another in this one when ``workers`` is 1 or there is a single job."""
    if workers <= 1 or len(jobs) <= 1:
        for index, job in enumerate(jobs):
            yield index, task(*job)
        return
    with ProcessPoolExecutor(min(workers, len(jobs))) as pool:
        futures = {pool.submit(task, *job): index for index, job in enumerate(jobs)}
        for future in as_completed(futures):
            yield futures[future], future.result()


def default_workers() -> int:
    """The processes a set is read and reported in: the machine's cores."""
    return os.cpu_count() or 1


def pair_years(docs: dict[str, BudgetDocument]) -> dict[str, str]:
    """Each document's comparison in the set: a budget's is the same department's budget
    of the year before, a final account's (决算) its year's budget. Departments are matched
    by :func:`~budgetlib.parse.metadata.department_key`; of two candidates, the one of the
    same kind (部门预算 with 部门预算, 单位预算 with 单位预算) is taken.

    Examples
    --------
    >>> from types import SimpleNamespace as D
    >>> budget = dict(kind="部门预算", final_account=False)
    >>> docs = {"a": D(department="中共江苏省委办公厅", year=2018, **budget),
    ...         "b": D(department="中国共产党江苏省委员会办公厅", year=2017, **budget),
    ...         "c": D(department="财政局", year=2018, **budget)}
    >>> pair_years(docs)
    {'a': 'b'}
    """
    def facts(doc) -> tuple[str, int | None, bool]:
        return department_key(doc.department or ""), doc.year, is_final_account(doc)

    budgets: dict[tuple[str, int], list[str]] = {}
    for name, doc in docs.items():
        key, year, final = facts(doc)
        if key and year and not final:
            budgets.setdefault((key, year), []).append(name)
    pairs = {}
    for name, doc in docs.items():
        key, year, final = facts(doc)
        if not (key and year):
            continue
        kind = (doc.kind or "").replace("决算", "预算")
        found = sorted(budgets.get((key, year if final else year - 1), []),
                       key=lambda other: (docs[other].kind != kind, other))
        if found:
            pairs[name] = found[0]
    return pairs


def _figure(doc: BudgetDocument, name: str) -> float | None:
    return figure_amount(find_figure(doc.tables, name, figures_of(doc)))


def _execution_rate(doc: BudgetDocument) -> float | None:
    """A final account's rate (决算 ÷ 预算, %) of its first total, as its tables or narrative
    print them; ``None`` for a budget."""
    if not is_final_account(doc):
        return None
    totals = chart_totals(execution(doc))
    rates = totals["rate"].dropna() if "rate" in totals else pd.Series(dtype=float)
    return float(rates.iloc[0]) if len(rates) else None


def summary(members: list[Member]) -> pd.DataFrame:
    """One row per document: its facts, the source files, the document it is compared with,
    the headline figures (万元, blank where it prints one nowhere), 支出合计's change against
    last year's document, a 决算's execution rate, its findings by severity and its reading
    problems. This function does not mutate its input.

    Examples
    --------
    >>> import budgetlib
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> row = summary([Member("seed", "seed.txt", doc)]).iloc[0]
    >>> row["department"], float(row["支出合计"]), float(row["三公经费"]), row["previous"]
    ('阿图什市人民政府外事办公室', 167.55, 1.2, None)
    """
    by_name = {m.name: m for m in members}
    records = []
    for m in members:
        facts = headline(m.doc)
        record = {"department": facts["department"], "year": facts["year"], "kind": facts["kind"],
                  "document": m.name,
                  "source": m.source if isinstance(m.source, str) else " + ".join(m.source),
                  "previous": m.previous}
        record |= {name: facts[name] if name in facts else _figure(m.doc, name) for name in SUMMARY_FIGURES}
        prior = by_name.get(m.previous)
        before = None if prior is None or is_final_account(m.doc) else _figure(prior.doc, "支出合计")
        now = record["支出合计"]
        record["prior"] = before
        record["change"] = now - before if now is not None and before is not None else None
        record["pct"] = (now - before) / before * 100 if record["change"] is not None and before else None
        record["execution_rate"] = _execution_rate(m.doc)
        findings = m.doc.audit()
        record |= {f"n_{key}": int(findings["severity"].eq(key).sum()) for key in SEVERITY_NAMES}
        record["problems"] = len(m.doc.problems)
        records.append(record)
    return pd.DataFrame.from_records(records)


#: The set's checklists: one sheet per document.
CHECKLIST_BOOK = "检查表.xlsx"


def write_checklists(members: list[Member], out: Path) -> Path:
    """The reviewer's checklist (检查表) of every document, a sheet each, named as its report
    folder is (:func:`~budgetlib.report.excel.to_checklist_workbook`)."""
    from budgetlib.report.excel import to_checklist_workbook

    return to_checklist_workbook({m.name: m.doc for m in members}, out / CHECKLIST_BOOK)


def write_summary(members: list[Member], out: Path) -> Path:
    """The set's workbook (:data:`SUMMARY_BOOK`): :func:`summary` as one sheet, printed as the
    per-document workbook is (landscape A4, its heading row on every page, Chinese headings)."""
    import xlsxwriter

    from budgetlib.files import replacing
    from budgetlib.report.excel import _Writer

    frame = summary(members)
    path = out / SUMMARY_BOOK
    about = SimpleNamespace(department="部门预算、决算公开汇总", year=None, kind=f"{len(members)} 份文档",
                            title="汇总", unit="万元")
    with replacing(path) as temporary:
        book = xlsxwriter.Workbook(str(temporary), {
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
            "nan_inf_to_errors": True})
        w = _Writer(book, about)
        ws = w.sheet("汇总")
        w.frame(ws, frame, headings=SUMMARY_HEADINGS, percent=frozenset({"pct", "execution_rate"}))
        # the key columns (部门, 年度, 类型, 文档) stay in view and print on every page
        ws.freeze_panes(1, 4)
        book.close()
    return path


#: The comparison charts: file name, the column ranked, its subject and unit.
RANKINGS = (
    ("部门排名_支出合计", "支出合计", "支出合计", "万元"),
    ("部门排名_支出增长率", "pct", "支出合计比上年增减率", "%"),
    ("部门排名_三公经费", "三公经费", "“三公”经费", "万元"),
    ("部门排名_人员经费占比", "personnel_share", "人员经费占支出合计的比重", "%"),
)


def ranking_chart(values: pd.Series, subject: str, unit: str):
    """A horizontal bar per document, largest at the top, labelled as the documents print
    figures; ``values`` is indexed by the documents' labels. Empty raises
    :class:`~budgetlib.problems.Lacking`."""
    import matplotlib.pyplot as plt

    from budgetlib.problems import Lacking
    from budgetlib.report.plot import AmountTicks, amount, label
    from budgetlib.report.plot.style import _house_style

    values = values.dropna().sort_values()
    if values.empty:
        raise Lacking(f"没有一份文档有{subject}")
    _house_style()
    names = [label(n) for n in values.index]
    _, ax = plt.subplots(figsize=(8, 0.45 * len(values) + 1.8))
    ax.barh(range(len(values)), values.to_numpy(), color="#4472C4", height=0.6)
    ax.set_yticks(range(len(values)), names)
    ax.xaxis.set_major_formatter(AmountTicks())
    for y, value in enumerate(values):  # a negative bar is labelled at its left end
        ax.annotate(amount(value, signed=unit == "%"), (value, y), xytext=(-3 if value < 0 else 3, 0),
                    textcoords="offset points", va="center", ha="right" if value < 0 else "left",
                    fontsize=8)
    ax.set_title(f"部门比较：{subject}（{unit}）", loc="left")
    return ax


def write_charts(members: list[Member], out: Path) -> tuple[list[Path], list[str]]:
    """The comparison charts (:data:`RANKINGS`) under ``out/charts``, and one line for each
    that has nothing to draw."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from budgetlib.problems import Lacking
    from budgetlib.report import plot

    frame = summary(members)
    frame["personnel_share"] = frame["人员经费"] / frame["支出合计"] * 100
    frame.index = [f"{d or m} {f'{y}年' if y else ''}{k or ''}".strip() for d, y, k, m in
                   zip(frame["department"], frame["year"], frame["kind"], frame["document"], strict=True)]
    written, skipped = [], []
    for name, column, subject, unit in RANKINGS:
        try:
            ax = ranking_chart(pd.to_numeric(frame[column], errors="coerce"), subject, unit)
        except Lacking as why:
            skipped.append(f"图表「{name}」：{why}")
            continue
        written += plot.save(ax, out / "charts" / name, formats=("png",))
        plt.close(ax.figure)
    return written, skipped


def write_set(members: list[Member], out: Path, notebooks: bool = True,
              corpus: Path | None = None) -> tuple[list[Path], list[str], list[str]]:
    """The set's own outputs at the top of ``out``: each part of :data:`SET_PARTS`, then
    notebook 05 run on ``corpus`` (the folder the set was given as, when it is one). Returns
    the files written, the lines of what was skipped and the warnings; a part that fails is a
    warning and the others still run."""
    written, skipped, warnings = [], [], []
    for name, part in SET_PARTS:
        try:
            made = part(members, out)
        except Exception as err:  # noqa: BLE001 - one part's failure must not stop the others
            warnings.append(f"{name} 未完成：{one_line(err)}")
            continue
        files, lines = made if isinstance(made, tuple) else ([made], [])
        written += files
        skipped += lines
    if not notebooks:
        return written, skipped, warnings
    if corpus is None:
        skipped.append("笔记本 05：文档不是作为一个文件夹给出的，笔记本 05 读取一个文件夹")
        return written, skipped, warnings
    try:
        from budgetlib.report import kernel, notebook_run

        executed = notebook_run.execute(COMPARE_NOTEBOOK, {"corpus": str(corpus.resolve())},
                                        allow_errors=True, kernel=kernel.shared())
        failed = notebook_run.errors(executed)
        if failed:
            warnings.append(f"笔记本 {COMPARE_NOTEBOOK} 出错：{failed[0]}")
        written.append(notebook_run.to_html(notebook_run.without_tracebacks(executed),
                                            out / "notebooks" / f"{COMPARE_NOTEBOOK}.html"))
    except Exception as err:  # noqa: BLE001
        warnings.append(f"笔记本 {COMPARE_NOTEBOOK} 未完成：{one_line(err)}")
    return written, skipped, warnings


#: The notebook that compares the set's departments and years.
COMPARE_NOTEBOOK = "05-compare-departments-and-years"
#: The set's outputs besides notebook 05: (name, function of the members and ``out``, which
#: returns a file or (files, skipped lines)).
SET_PARTS: list[tuple[str, Callable]] = [("汇总工作簿", write_summary), ("检查表工作簿", write_checklists),
                                         ("比较图表", write_charts)]
