"""The console script: ``budgetlib report PATH… --out DIR``."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

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
    findings = doc.audit()["severity"].value_counts()
    tail = (f"  绩效指标 {len(doc.performance)} 项；读取问题 {len(doc.problems)} 条；审核发现 "
            + "、".join(f"{k} {v} 条" for k, v in findings.items()) if len(findings) else "无")
    return "\n".join([head, table, tail])


def report(paths: list[str], out: Path) -> int:
    """Read each document, print its summary and write its CSV files; return the failures."""
    failures = 0
    for number, path in enumerate(paths, start=1):
        print(f"[{number}/{len(paths)}] {path}", flush=True)
        try:
            doc = read_budget(path)
        except (OSError, BudgetReadError) as err:
            print(f"  无法读取：{err}", file=sys.stderr)
            failures += 1
            continue
        print(describe(doc))
        folder = out / re.sub(r"[^\w.-]+", "_", Path(path).stem)
        for written in to_csv(doc, folder):
            print(f"  写出 {written}")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="budgetlib", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("report", help="read documents, print summaries, write CSV")
    run.add_argument("paths", nargs="+", help="budget documents (text)")
    run.add_argument("--out", type=Path, default=Path("reports"), help="output folder")
    args = parser.parse_args(argv)
    return 1 if report(args.paths, args.out) else 0


if __name__ == "__main__":
    sys.exit(main())
