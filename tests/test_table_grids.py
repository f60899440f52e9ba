"""Table grids as no reader has printed them: every grid reads into records or problems.

The grids are the seed's own tables and a Jiangsu-style panel table, cut about as a bad
conversion cuts them: cells dropped, merged or shifted, a column lost (a panel without its
name column), header rows emptied or repeated, a lone column, any text or number in a
cell. :func:`~budgetlib.parse.tables.table_records` must lay each one out without the
guard firing (:func:`~budgetlib.problems.guarded` would make an exception a problem; here
it must not be needed). The examples are drawn from a fixed seed (``derandomize``), so a
run in CI is repeatable; ``pytest -m long`` tries many more (``BUDGETLIB_GRIDS``, 2,000).
"""

from __future__ import annotations

import os
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from budgetlib.config import SEED_DOCUMENT
from budgetlib.parse.identify import find_spec
from budgetlib.parse.structure import TableGrid, find_table_grids
from budgetlib.parse.tables import TIDY_COLUMNS, table_records, tidy_frame
from budgetlib.problems import UNFORESEEN
from budgetlib.read import build_document
from budgetlib.readers import Block, RawDocument, RawRow, read_raw
from budgetlib.registry import SPECS

_COMMON = dict(derandomize=True, deadline=None, database=None, print_blob=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("grids-ci", max_examples=300, **_COMMON)
settings.register_profile("grids-long", max_examples=int(os.environ.get("BUDGETLIB_GRIDS", 2000)),
                          **_COMMON)


def _grid(rows: list[list[str]], title: str, spec="same") -> TableGrid:
    raw = tuple(RawRow(tuple(r), (False,) * len(r), line=i + 1, page=3) for i, r in enumerate(rows))
    return TableGrid(title, find_spec(title) if spec == "same" else spec, raw, unit="万元",
                     line=1, page=3)


#: A 收支预算总表 as Jiangsu prints it: 收入 beside 支出 in two panels, 功能分类 (names and
#: projects) and 经济分类, whose panel has codes and amounts but no name column.
PANELS = [
    ["收入", "", "支出", "", "", "", ""],
    ["项目", "金额", "功能分类", "", "", "经济分类", ""],
    ["", "", "科目名称", "项目名称", "金额", "科目编码", "金额"],
    ["一般公共预算", "100.00", "一般公共服务支出", "", "60.00", "301", "60.00"],
    ["", "", "", "办公楼维修", "40.00", "302", "40.00"],
    ["收入总计", "100.00", "支出总计", "", "", "", "100.00"],
]

#: The same with a name column in each panel: losing one of them is the case above.
NAMED_PANELS = [
    ["收入", "", "支出", "", "", ""],
    ["项目", "金额", "功能分类", "", "支出用途", ""],
    ["", "", "科目名称", "金额", "项目名称", "金额"],
    ["一般公共预算", "100.00", "一般公共服务支出", "100.00", "基本支出", "60.00"],
    ["", "", "", "", "项目支出", "40.00"],
    ["", "", "当年支出小计", "", "", "100.00"],
    ["收入总计", "100.00", "支出总计", "100.00", "", "100.00"],
]

SEED_GRIDS = [g for g in find_table_grids(read_raw(SEED_DOCUMENT))[0] if g.rows]
BASES = [*SEED_GRIDS, _grid(PANELS, "收支预算总表"), _grid(NAMED_PANELS, "收支预算总表")]


def _read(grid: TableGrid) -> tuple[list[dict], list]:
    """The grid's records and problems, after checking nothing unforeseen was met."""
    records, meta, problems = table_records(grid, "万元")
    unforeseen = [p.message for p in problems if UNFORESEEN in p.message]
    assert unforeseen == [], unforeseen
    assert all(set(r) == set(TIDY_COLUMNS) for r in records)
    tidy_frame(records)  # the records make a frame
    return records, problems


def test_a_panel_without_a_name_column_reads():
    """The Jiangsu budget that stopped every read: 支出总计 printed once across two panels,
    the second of which (经济分类) has no name column (span_panels raised StopIteration)."""
    records, problems = _read(_grid(PANELS, "收支预算总表"))
    economic = [(r["row"], r["code"], r["label"], r["value"]) for r in records
                if r["side"] == "支出/经济分类"]
    # every amount of the panel, each row with what it prints: its code, or nothing
    assert economic == [(0, "301", "", 60.0), (1, "302", "", 40.0), (2, None, "", 100.0)]
    functional = [(r["label"], r["value"], r["row_type"]) for r in records if r["side"] == "支出/功能分类"]
    assert functional[-1] == ("支出总计", 100.0, "total")
    assert any(p.code == "spanned_total" for p in problems)


# -- mutations of a grid: each takes the rows (lists of cells) and two numbers ------------------

def _drop_cell(rows, i, j, _):
    row = rows[i % len(rows)]
    if row:
        del row[j % len(row)]  # the cells right of it move one column left
    return rows


def _merge_cells(rows, i, j, _):
    row = rows[i % len(rows)]
    if len(row) > 1:
        k = j % (len(row) - 1)
        row[k:k + 2] = [row[k] + row[k + 1]]
    return rows


def _shift_row(rows, i, j, _):
    row = rows[i % len(rows)]
    return [*rows[:i % len(rows)], [""] * (1 + j % 2) + row, *rows[i % len(rows) + 1:]]


def _drop_column(rows, _i, j, _):
    width = max(len(r) for r in rows)
    return [[c for k, c in enumerate(r) if k != j % width] for r in rows]


def _lone_column(rows, _i, j, _):
    width = max(len(r) for r in rows)
    return [[r[j % width] if j % width < len(r) else ""] for r in rows]


def _empty_row(rows, i, _j, _):
    return [*rows[:i % len(rows)], [""] * len(rows[i % len(rows)]), *rows[i % len(rows):]]


def _repeat_row(rows, i, j, _):
    k = i % min(len(rows), 3)  # a header row, most often
    return [*rows[:k + 1], *[list(rows[k]) for _ in range(1 + j % 2)], *rows[k + 1:]]


def _blank_row(rows, i, _j, _):
    rows[i % len(rows)] = [""] * len(rows[i % len(rows)])
    return rows


def _drop_row(rows, i, _j, _):
    return rows[:i % len(rows)] + rows[i % len(rows) + 1:] or [[""]]


def _set_cell(rows, i, j, text):
    row = rows[i % len(rows)]
    if row:
        row[j % len(row)] = text
    return rows


MUTATIONS = [_drop_cell, _merge_cells, _shift_row, _drop_column, _lone_column, _empty_row,
             _repeat_row, _blank_row, _drop_row, _set_cell]

#: What a cell may say: amounts, codes, totals, list markers, headings and junk.
_PIECES = [*"0123456789.,-—  （）()、一二三四五六七八九十其中：", "合计", "小计", "总计", "收入", "支出",
           "项目", "科目编码", "科目名称", "金额", "类", "款", "项", "功能分类", "经济分类", "基本支出",
           "项目支出", "预算数", "1,234.56", "0.00", "201", "20101", "2010101", "…", "XX", "\ufffd"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=6).map("".join)
_mutation = st.tuples(st.sampled_from(MUTATIONS), st.integers(0, 1000), st.integers(0, 1000), _TEXT)
#: Another table's spec (a grid read under the wrong title), or none (an untitled table).
_SPEC = st.one_of(st.just("same"), st.none(), st.sampled_from(SPECS))


def mutate(base: TableGrid, ops, spec) -> TableGrid:
    rows = [list(r.cells) for r in base.rows]
    for op, i, j, text in ops:
        rows = op(rows, i, j, text) or [[""]]
        if not any(rows):
            rows = [[""]]
    raw = tuple(RawRow(tuple(r), (False,) * len(r), line=k + 1, page=base.page)
                for k, r in enumerate(rows))
    return replace(base, rows=raw, spec=base.spec if spec == "same" else spec)


_grids = st.builds(mutate, st.sampled_from(BASES), st.lists(_mutation, min_size=1, max_size=5), _SPEC)


@settings(settings.get_profile("grids-ci"))
@given(grid=_grids)
@example(grid=_grid(PANELS, "收支预算总表"))
@example(grid=_grid([["科目名称"]], "部门支出总体情况表"))  # a lone column, a header only
@example(grid=_grid([["", ""], ["", ""]], "部门支出总体情况表"))  # empty rows only
def test_a_cut_grid_reads_into_records_or_problems(grid):
    records, problems = _read(grid)
    amounts = [c for r in grid.rows[1:] for c in r.cells if c.replace(",", "").replace(".", "").isdigit()]
    assert records or problems or not amounts
    _read_as_document(grid)


def _read_as_document(grid: TableGrid) -> None:
    """The grid printed under its title in a document of its own: found, named and read
    with nothing unforeseen (the table finder's, the contents', the cover's parts too)."""
    blocks = [Block("heading", "2026年部门预算", line=1), Block("heading", grid.title, line=2),
              Block("paragraph", "单位：万元", line=3), Block("table", rows=grid.rows, line=4, page=3)]
    doc = build_document(RawDocument("grid.txt", blocks))
    assert [p.message for p in doc.problems if UNFORESEEN in p.message] == []
    assert doc.tables or doc.performance_tables


@pytest.mark.long
@settings(settings.get_profile("grids-long"))
@given(grid=_grids)
def test_many_cut_grids(grid):
    _read(grid)
    _read_as_document(grid)


def test_a_table_whose_layout_raises_is_one_problem_naming_it_and_its_page(monkeypatch):
    from budgetlib.parse import tables

    def span_panels(*args):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(tables, "span_panels", span_panels)
    records, meta, problems = table_records(_grid(NAMED_PANELS, "收支预算总表"), "万元")
    [problem] = problems
    assert (problem.severity, problem.table, problem.page) == ("error", "部门收支总体情况表", 3)
    assert "部门收支总体情况表" in problem.message and "第3页" in problem.message
    assert "RecursionError: maximum recursion depth exceeded" in problem.message
    assert records == [] and meta.empty  # no figure guessed
