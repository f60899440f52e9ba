"""The README's tour runs as written: its examples and their output are checked."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def test_readme_tour_runs_as_printed(monkeypatch):
    monkeypatch.chdir(ROOT)  # the tour reads data/raw/ relative to the clone
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = "\n".join(re.findall(r"```python\n(.*?)```", text, flags=re.S))
    assert examples.count(">>>") >= 6, "the tour lost its examples"
    parser = doctest.DocTestParser()
    test = parser.get_doctest(examples, {}, "README.md", str(ROOT / "README.md"), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    with pd.option_context("display.width", 110, "display.max_columns", 10,
                           "display.max_colwidth", 46, "display.unicode.east_asian_width", False):
        runner.run(test)
    assert runner.failures == 0, f"{runner.failures} README example(s) print otherwise than the README says"
