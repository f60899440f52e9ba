"""The document model: :class:`BudgetDocument`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cached_property

import pandas as pd

from budgetlib.parse.figures import read_figures
from budgetlib.parse.metadata import PLACEHOLDER_NAME
from budgetlib.parse.narrative import Paragraph, Section, paragraphs_frame
from budgetlib.parse.performance import PerformanceTable
from budgetlib.parse.tables import Cell, TableMeta, table_cells, tidy_frame, to_wide
from budgetlib.problems import Problem
from budgetlib.readers.blocks import PageLayout


@dataclass(repr=False)
class BudgetDocument:
    """One budget disclosure: its facts, tables, narrative and performance targets."""

    #: The department, one normalized name.
    department: str | None
    #: Every spelling of the department found in the document, the chosen one first.
    department_spellings: list[str]
    #: The budget year.
    year: int | None
    #: 部门预算 or 单位预算.
    kind: str | None
    #: The unit of ``value`` in every tidy table (amounts are converted to it).
    unit: str
    #: Where the document was read from.
    source: str
    #: The title printed on the cover.
    title: str
    #: Standard title → tidy frame (one row per table row and measure).
    tables: dict[str, pd.DataFrame]
    #: Standard title → the table's facts (number, 编制部门, printed unit, note…).
    table_meta: dict[str, TableMeta]
    #: The narrative sections, in order, with their paragraphs and lines.
    sections: list[Section]
    #: The table of contents as printed.
    contents: list[Paragraph]
    #: One row per performance indicator, across all performance-target tables.
    performance: pd.DataFrame
    #: The fields and funds of each performance-target table.
    performance_tables: list[PerformanceTable]
    #: What could not be read or recognized; the rest of the document is still loaded.
    problems: list[Problem] = field(default_factory=list)
    #: Each PDF page's size and characters, for the page-layout rules (empty for text).
    pages: list[PageLayout] = field(default_factory=list)
    #: Every quantitative statement of the narrative, one row per figure, linked to the table
    #: cell it names (:func:`~budgetlib.parse.figures.read_figures`).
    claims: pd.DataFrame = field(init=False, repr=False, compare=False)
    #: The claims as statements, one row per subject per paragraph: current figure, prior
    #: figure and its base, change, change %, share and its whole, reason, printed code and
    #: linked cell (:func:`~budgetlib.parse.statements.read_statements`).
    statements: pd.DataFrame = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Read the narrative's figures against the tables, so that a document made from other
        parts (``dataclasses.replace(doc, sections=…)``) never holds claims of the old ones.

        Examples
        --------
        >>> import budgetlib
        >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
        >>> doc.claims.query("line == 431")[["figure", "value", "link_code"]].values.tolist()
        [['amount', 79.16, '2010301'], ['change_amount', 4.66, '2010301'], ['change_pct', 6.26, '2010301']]
        >>> s = doc.statements.query("line == 378").iloc[0]
        >>> figures = ["current", "prior", "change", "change_pct", "share"]
        >>> s["subject"], s[figures].astype(float).round(2).tolist()
        ('一般公共预算', [122.35, 160.84, -38.49, -23.93, 73.02])
        """
        figures = read_figures(self.sections, self.cells, tuple(self.department_spellings),
                               final=self.final_account)
        self.claims, self.statements = figures.claims, figures.statements
        # a new list: a document made from another shares its problems' list, never appends to it
        self.problems = [*self.problems, *(p for p in figures.problems if p not in self.problems)]

    def __repr__(self) -> str:
        """One line an analyst can read in a notebook (the dataclass's would print every table).

        Examples
        --------
        >>> import budgetlib
        >>> budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)  # doctest: +ELLIPSIS
        <BudgetDocument 阿图什市人民政府外事办公室 2026 部门预算: 12 tables, 29 sections, 1 problem; ...>
        """
        count = len(self.problems)
        return (f"<BudgetDocument {self.department or '(部门不明)'} {self.year or '(年度不明)'} "
                f"{self.kind or ''}: {len(self.tables)} tables, {len(self.sections)} sections, "
                f"{count} problem{'' if count == 1 else 's'}; {self.source}>")

    def wide(self, title: str) -> pd.DataFrame:
        """The table as the document lays it out (a derived view, for display).

        Examples
        --------
        >>> import budgetlib
        >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
        >>> last = doc.wide("部门收支总体情况表").iloc[-1]
        >>> last[("收入", "label")], float(last[("收入", "收入/预算数")])
        ('收入总计', 167.55)
        >>> last[("支出", "label")], float(last[("支出", "支出/预算数")])
        ('支出总计', 167.55)
        """
        return to_wide(self.tables[title])

    @property
    def paragraphs(self) -> pd.DataFrame:
        """Every narrative paragraph with its section and line."""
        return paragraphs_frame(self.sections)

    @property
    def tidy(self) -> pd.DataFrame:
        """All tables in one tidy frame."""
        frames = [f for f in self.tables.values() if not f.empty]
        # a document without tables (a narrative published alone) still has the columns
        return pd.concat(frames, ignore_index=True) if frames else tidy_frame([])

    @cached_property
    def cells(self) -> dict[str, list[Cell]]:
        """Each table's cells as records, by title (:func:`~budgetlib.parse.tables.table_cells`),
        for code that looks at cells one by one, as the audit's rules do.

        Built on first use, then kept, as the claims are: a document is read, not edited.
        """
        return table_cells(self.tables)

    @property
    def template(self) -> bool:
        """Whether the document is a blank template: its department is still a placeholder
        (上海市XX局, ××单位), so its placeholders and empty tables are what it should have.

        Examples
        --------
        >>> import budgetlib
        >>> budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT).template
        False
        """
        return bool(PLACEHOLDER_NAME.search(self.department or ""))

    @property
    def final_account(self) -> bool:
        """Whether the document is a 决算 (部门决算, 单位决算): by its kind, or, where its
        kind was not found, by its tables' titles. Every part that treats a 决算 apart (the
        execution audit and frame, the trend's 预算/决算, the report's chart and notebook)
        asks this one question.

        Examples
        --------
        >>> import budgetlib
        >>> budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT).final_account
        False
        """
        if self.kind:
            return "决算" in self.kind
        return any("决算" in title for title in self.tables)

    @property
    def about(self) -> dict[str, object]:
        """What a chart or a sheet made from the document names: department, year, kind and
        the unit of ``value``. Analysis frames carry it as ``frame.attrs["document"]``.

        Examples
        --------
        >>> import budgetlib
        >>> budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT).about
        {'department': '阿图什市人民政府外事办公室', 'year': 2026, 'kind': '部门预算', 'unit': '万元'}
        """
        return {"department": self.department, "year": self.year, "kind": self.kind,
                "unit": self.unit}

    def audit(self) -> pd.DataFrame:
        """Check every figure against every other: :func:`budgetlib.audit.audit` on this
        document (its rules are in :data:`budgetlib.audit.RULES` and the modules it names).

        Examples
        --------
        >>> import budgetlib
        >>> found = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT).audit()
        >>> found["severity"].value_counts().to_dict()
        {'info': 15, 'warning': 6}
        """
        # imported when called: the audit takes a document, so the model cannot import it first
        from budgetlib.audit import audit

        findings = audit(self)
        findings.attrs["document"] = self.about
        return findings

    def problems_frame(self) -> pd.DataFrame:
        """The recorded problems as a frame (severity, message, line, table, page, and the
        problem's ``kind``: its :attr:`~budgetlib.problems.Problem.code`)."""
        columns = ["severity", "message", "line", "table", "page", "kind"]
        records = [{**asdict(p), "kind": p.code} for p in self.problems]
        return pd.DataFrame(records, columns=columns)

    def summary(self) -> pd.DataFrame:
        """One row per table: number, title, rows, amount cells, total, how the table was
        identified (:data:`~budgetlib.registry.IDENTIFIED_BY`) and note.

        Examples
        --------
        >>> import budgetlib
        >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
        >>> row = doc.summary().loc["部门支出总体情况表"]
        >>> row["number"], int(row["rows"]), int(row["amounts"]), float(row["total"])
        ('3', 16, 35, 167.55)
        """
        records = []
        for title, frame in self.tables.items():
            meta = self.table_meta[title]
            totals = frame[(frame["row_type"] == "total") & frame["value"].notna()]
            records.append({
                "title": title, "number": meta.number, "unit": meta.unit,
                "rows": int(frame.drop_duplicates(["side", "row"]).shape[0]) if len(frame) else 0,
                "amounts": int(frame["value"].notna().sum()),
                "total": totals["value"].iloc[0] if len(totals) else None,
                "empty": meta.empty, "identified": meta.identified, "note": meta.note,
            })
        columns = ["title", "number", "unit", "rows", "amounts", "total", "empty", "identified", "note"]
        return pd.DataFrame.from_records(records, columns=columns).set_index("title")
