"""The console script: ``budgetlib report PATH… --out DIR``."""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import pandas as pd

from .config import ANALYST_DIR
from .findings import SEVERITY_NAMES
from .headcount import read_analyst_headcount
from .model import BudgetDocument
from .problems import BudgetReadError
from .read import read_budget

CSV_ENCODING = "utf-8-sig"  # Excel opens UTF-8 CSV correctly only with a BOM


def to_csv(doc: BudgetDocument, folder: Path) -> list[Path]:
    """Write the tidy tables, indicators, paragraphs, problems, claims and audit as CSV."""
    folder.mkdir(parents=True, exist_ok=True)
    frames = {
        "tables.csv": doc.tidy,
        "performance.csv": doc.performance,
        "paragraphs.csv": doc.paragraphs,
        "problems.csv": doc.problems_frame(),
        "claims.csv": doc.claims,
        "audit.csv": doc.audit(),
    }
    written = []
    for name, frame in frames.items():
        path = folder / name
        frame.to_csv(path, index=False, encoding=CSV_ENCODING)
        written.append(path)
    return written


def describe(doc: BudgetDocument) -> str:
    """A printable summary: the document's facts and one line per table."""
    head = (f"{doc.title}\n  部门：{doc.department}  年度：{doc.year}  类型：{doc.kind}  "
            f"单位：{doc.unit}\n  来源：{doc.source}")
    with pd.option_context("display.width", 200, "display.max_colwidth", 30,
                           "display.unicode.east_asian_width", True):
        table = doc.summary().drop(columns="note").to_string()
    findings = doc.audit()["severity"].map(SEVERITY_NAMES).value_counts()
    tail = (f"  绩效指标 {len(doc.performance)} 项；读取问题 {len(doc.problems)} 条；审核发现 "
            + ("、".join(f"{k} {v} 条" for k, v in findings.items()) if len(findings) else "无"))
    return "\n".join([head, table, tail])


def analyst_staff(doc: BudgetDocument, path: Path = ANALYST_DIR / "headcount.csv") -> float | None:
    """The 在职 headcount an analyst entered for this department and year, if any."""
    if not path.is_file() or not doc.department or not doc.year:
        return None
    rows = read_analyst_headcount(path, doc.department, doc.year)
    rows = rows[rows["category"].astype(str).str.contains("在职")]
    return float(rows["people"].sum()) if len(rows) else None


def report_one(doc: BudgetDocument, source: str, folder: Path, notebooks: bool = True) -> list[Path]:
    """Everything for one document: CSV, the workbook, the charts and the notebooks as HTML.

    ``source`` is the path the document was read from; the notebooks read it again.
    """
    import matplotlib

    matplotlib.use("Agg")  # no screen needed; set before pyplot is imported
    import matplotlib.pyplot as plt

    from . import plot
    from .excel import to_excel

    written = to_csv(doc, folder)
    staff = analyst_staff(doc)
    written.append(to_excel(doc, folder / f"{folder.name}.xlsx", staff=staff))
    charts, skipped = plot.standard_charts(doc, staff=staff)
    for name, ax in charts.items():
        written += plot.save(ax, folder / "charts" / name)
        plt.close(ax.figure)
    for name, reason in skipped.items():
        print(f"  未绘制 {name}：{reason}")
    if notebooks:
        from .notebook_run import REPORT_NOTEBOOKS, execute, to_html

        for name in REPORT_NOTEBOOKS:
            executed = execute(name, {"document": str(Path(source).resolve())})
            written.append(to_html(executed, folder / "notebooks" / f"{name}.html"))
    return written


def report(paths: list[str], out: Path, notebooks: bool = True) -> int:
    """Read each document, print its summary and write its report; return the failures.

    A path that cannot be read, or a document whose report fails, is named on stderr and
    the other documents are still processed.
    """
    failures = 0
    for number, path in enumerate(paths, start=1):
        print(f"[{number}/{len(paths)}] {path}", flush=True)
        started = time.perf_counter()
        try:
            doc = read_budget(path)
        except (OSError, BudgetReadError) as err:
            print(f"  无法读取：{err}", file=sys.stderr)
            failures += 1
            continue
        folder = out / re.sub(r"[^\w.-]+", "_", Path(path).stem)
        try:
            print(describe(doc))
            written = report_one(doc, path, folder, notebooks)
        except Exception as err:  # noqa: BLE001 - one document's failure must not stop the rest
            print(f"  报告生成失败：{type(err).__name__}: {err}", file=sys.stderr)
            failures += 1
            continue
        print(f"  写出 {len(written)} 个文件到 {folder}（{time.perf_counter() - started:.1f} 秒）",
              flush=True)
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="budgetlib", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("report", help="read documents; write CSV, workbook, charts, notebooks")
    run.add_argument("paths", nargs="+", help="budget documents (.txt, .pdf, .xlsx, or a folder)")
    run.add_argument("--out", type=Path, default=Path("reports"), help="output folder")
    run.add_argument("--no-notebooks", action="store_true", help="skip executing the notebooks")
    args = parser.parse_args(argv)
    return 1 if report(args.paths, args.out, notebooks=not args.no_notebooks) else 0


if __name__ == "__main__":
    sys.exit(main())
