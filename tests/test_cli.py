"""The console script: summaries, CSV in utf-8-sig, and bad paths."""

from __future__ import annotations

import pandas as pd

from budgetlib.cli import main


def test_report_writes_csv_and_survives_a_bad_path(tmp_path, seed_path, capsys):
    code = main(["report", str(seed_path), str(tmp_path / "missing.txt"), "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "[1/2]" in out and "[2/2]" in out
    assert "部门收支总体情况表" in out and "167.55" in out
    assert "missing.txt: no such file" in err
    folder = tmp_path / seed_path.stem
    raw = (folder / "tables.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    tidy = pd.read_csv(folder / "tables.csv", encoding="utf-8-sig", dtype={"code": str})
    assert tidy["value"].notna().sum() == 199
    total = tidy.query("table == '部门支出总体情况表' and name == '总计' and measure == '支出预算/合计'")
    assert total["value"].item() == 167.55
    assert len(pd.read_csv(folder / "performance.csv", encoding="utf-8-sig")) == 28
