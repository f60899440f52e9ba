"""The package's layout is its pipeline: each stage imports only from the stages before it,
and no module imports, even inside a function, one that imports it back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "budgetlib"

#: The stages in pipeline order; a module may import from its own stage and earlier ones.
STAGES = [
    ("base", ("config", "problems", "text", "files", "registry", "identities")),
    ("readers", ("readers",)),
    ("parse", ("parse",)),
    ("model", ("model",)),
    ("read", ("read", "cache", "corpus")),
    ("audit", ("audit",)),
    ("analysis", ("analysis",)),
    ("report", ("report",)),
    # the tests' and benchmarks' tools (rewrites, the metamorphic check): after the pipeline
    ("testing", ("testing",)),
]


#: The one import against the stages: the model's ``BudgetDocument.audit()`` hands the document
#: to the audit, imported when called, so that the method is where a reader of the model
#: finds it (an import at the top of ``model.py`` would be a cycle).
DEFERRED = {("budgetlib.model", "budgetlib.audit")}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imported(path: Path, known: dict[str, Path]) -> set[str]:
    """The budgetlib modules a file imports, anywhere in it (inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("budgetlib"):
            assert node.level == 0, f"{path.name}: a relative import; the layout wants absolute ones"
            for alias in node.names:  # `from budgetlib.report import plot` imports a module
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in known else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("budgetlib")}
    return found


def stage(module: str) -> int:
    rest = module.removeprefix("budgetlib.")
    for i, (_, tops) in enumerate(STAGES):
        if rest.split(".")[0] in tops:
            return i
    raise AssertionError(f"{module} belongs to no stage: add it to STAGES")


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: {t for t in imported(path, known) - {name} if (name, t) not in DEFERRED}
            for name, path in known.items() if name != "budgetlib"}


def test_a_deferred_import_is_made_only_when_called():
    """The exception is a call's import, never the module's: importing the model loads no audit."""
    known = modules()
    for name, target in DEFERRED:
        tree = ast.parse(known[name].read_text(encoding="utf-8"))
        top = {f"{node.module}" for node in tree.body if isinstance(node, ast.ImportFrom)}
        assert target not in top and target in imported(known[name], known)


def test_every_module_belongs_to_a_stage():
    assert all(stage(name) >= 0 for name in graph())


def test_no_module_imports_from_a_later_stage():
    upward = [f"{name} ({STAGES[stage(name)][0]}) imports {target} ({STAGES[stage(target)][0]})"
              for name, targets in graph().items() for target in targets
              if target != "budgetlib" and stage(target) > stage(name)]
    assert upward == []


def test_no_import_cycle():
    edges = graph()
    cycles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                cycles.append(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    assert cycles == []


def test_the_check_sees_an_upward_import(tmp_path):
    """The rule can fail: a reader that imports the audit is caught."""
    known = modules()
    bad = tmp_path / "pdf.py"
    bad.write_text("def f():\n    from budgetlib.audit import audit\n", encoding="utf-8")
    assert imported(bad, known) == {"budgetlib.audit"}
    assert stage("budgetlib.audit") > stage("budgetlib.readers.pdf")


@pytest.mark.parametrize("name", ["read_budget", "yoy", "shares", "headline", "bridge", "to_excel",
                                  "to_wide", "read_corpus", "BudgetDocument", "BudgetReadError"])
def test_the_public_api_is_at_the_top(name):
    import budgetlib

    assert name in budgetlib.__all__ and callable(getattr(budgetlib, name))


def test_plot_and_headcount_import_from_the_top():
    from budgetlib import headcount, plot

    assert callable(plot.standard_charts) and callable(headcount.drivers)
