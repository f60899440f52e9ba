"""No crash on any input: random line mutations of the seed either load or are refused clearly.

Every mutated file either reads into a document, or raises :class:`BudgetReadError` naming
the file; on what loaded, the audit and the analyses never raise. The examples are drawn
from a fixed seed (``derandomize``), so a run in CI is repeatable; ``pytest -m long`` tries
many more (``BUDGETLIB_MUTATIONS`` of them, 1,000 by default).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import budgetlib
from budgetlib.analysis import VIEWS
from budgetlib.config import SEED_DOCUMENT

SEED_LINES = SEED_DOCUMENT.read_text(encoding="utf-8").splitlines()

_COMMON = dict(derandomize=True, deadline=None, database=None, print_blob=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("budgetlib-ci", max_examples=200, **_COMMON)
settings.register_profile("budgetlib-long", max_examples=int(os.environ.get("BUDGETLIB_MUTATIONS", 1000)),
                          **_COMMON)

#: Text a junk line is made of: the seed's own kinds of characters, and a few others.
_PIECES = [*"0123456789.,-—\t 　（）()、一二三四五六七八九十", "合计", "小计", "收入", "支出", "预算",
           "项目", "单位：万元", "科目编码", "\ufffd"]
_JUNK = st.lists(st.sampled_from(_PIECES), max_size=20).map("".join)


def _delete(lines, i, j, _):
    return lines[:i] + lines[i + 1 + j % 5:]


def _duplicate(lines, i, j, _):
    return lines[:i + 1] + lines[i:i + 1 + j % 5] + lines[i + 1:]


def _swap(lines, i, j, _):
    lines = list(lines)
    lines[i], lines[j] = lines[j], lines[i]
    return lines


def _cut_file(lines, i, _j, _):
    return lines[:i]


def _cut_line(lines, i, j, _):
    line = lines[i]
    return [*lines[:i], line[: j % (len(line) + 1)], *lines[i + 1:]]


def _junk(lines, i, _j, junk):
    return [*lines[:i], junk, *lines[i:]]


def _append_junk(lines, _i, _j, junk):
    return [*lines, junk]


def _break_number(lines, i, j, junk):
    """A digit replaced by something else, or a decimal point doubled or lost."""
    line = lines[i]
    spots = [m.start() for m in re.finditer(r"[0-9.]", line)]
    if not spots:
        return lines
    at = spots[j % len(spots)]
    broken = line[:at] + (junk[:2] or ["", "..", "O", "l", "-", " "][j % 6]) + line[at + 1:]
    return [*lines[:i], broken, *lines[i + 1:]]


def _lose_tabs(lines, i, j, _):
    line = lines[i]
    return [*lines[:i], line.replace("\t", ["", " ", "  "][j % 3]), *lines[i + 1:]]


def _lose_all_tabs(lines, _i, j, _):
    return [line.replace("\t", ["", " ", "  "][j % 3]) for line in lines]


MUTATIONS = [_delete, _duplicate, _swap, _cut_file, _cut_line, _junk, _append_junk, _break_number,
             _lose_tabs, _lose_all_tabs]

_mutation = st.tuples(st.sampled_from(MUTATIONS), st.integers(0, 10_000), st.integers(0, 10_000), _JUNK)
#: A few mutations at once; the rarest (cutting the file short, losing every tab) weigh less.
mutated = st.lists(_mutation, min_size=1, max_size=6)


def mutate(ops) -> str:
    lines = list(SEED_LINES)
    for op, i, j, junk in ops:
        if not lines:
            break
        i, j_index = i % len(lines), j % len(lines)
        lines = op(lines, i, j_index if op is _swap else j, junk)
    return "\n".join(lines) + "\n"


def check_one(text: str, folder: Path) -> None:
    path = folder / "mutated.txt"
    path.write_text(text, encoding="utf-8")
    try:
        doc = budgetlib.read_budget(path, **_NO_CACHE)
    except budgetlib.BudgetReadError as err:
        assert str(path) in str(err), f"the error does not name the file: {err}"
        return
    assert isinstance(doc, budgetlib.BudgetDocument)
    # the guard that keeps a document loading is not a place for causes to hide
    unforeseen = [p.message for p in doc.problems if "could not be laid out" in p.message]
    assert unforeseen == []
    findings = doc.audit()
    assert {"severity", "message"} <= set(findings.columns)
    budgetlib.yoy(doc)
    for by in VIEWS:
        budgetlib.shares(doc, by=by)
    budgetlib.headline(doc)


#: read_budget's cache is not what is tested here (and would fill the cache folder).
_NO_CACHE = {"cache": False}


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as where:
        yield Path(where)


@settings(settings.get_profile("budgetlib-ci"))
@given(ops=mutated)
# found: the first two lines swapped, a table of groups without any 小计 (lift_group_labels),
# and a cell without a page (pd.NA) in misread_problems
@example(ops=[(_swap, 0, 1772, "")])
def test_a_mutated_seed_loads_or_is_refused_clearly(ops, folder):
    check_one(mutate(ops), folder)


@pytest.mark.long
@settings(settings.get_profile("budgetlib-long"))
@given(ops=mutated)
def test_many_mutations_of_the_seed(ops, folder):
    check_one(mutate(ops), folder)


def test_the_unmutated_seed_passes_the_same_check(folder):
    check_one("\n".join(SEED_LINES) + "\n", folder)
    assert mutate([]) == "\n".join(SEED_LINES) + "\n"



def test_a_table_that_cannot_be_laid_out_is_a_problem_and_the_rest_loads(seed_path, monkeypatch):
    from budgetlib.parse import tables

    good = budgetlib.read_budget(seed_path, **_NO_CACHE)
    real, broken = tables._table_records, "部门收入总体情况表"

    def unforeseen(grid, default_unit):
        if grid.spec and grid.spec.title == broken:
            raise IndexError("list index out of range")
        return real(grid, default_unit)

    monkeypatch.setattr(tables, "_table_records", unforeseen)
    doc = budgetlib.read_budget(seed_path, **_NO_CACHE)
    [problem] = [p for p in doc.problems if "could not be laid out" in p.message]
    assert (problem.severity, problem.table) == ("error", broken)
    assert problem.line == good.table_meta[broken].line
    assert doc.tables[broken].empty and doc.table_meta[broken].empty  # no figure guessed
    for title, table in good.tables.items():
        if title != broken:
            pd.testing.assert_frame_equal(doc.tables[title], table)
    doc.audit()
