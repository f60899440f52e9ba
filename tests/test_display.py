"""What the analyst reads in a notebook: numbers at the printed precision, in Chinese words."""

from __future__ import annotations

import pandas as pd

from budgetlib.report.display import to_display


def test_a_difference_that_rounds_to_zero_shows_no_sign():
    # the seed's shares: 一般公共服务 stated 72.87%, recomputed 89.16 / 122.35 = 72.8729%,
    # a difference of -0.0029 points; 住房保障 6.94% against 6.9473%, -0.0073
    frame = pd.DataFrame({"item": ["一般公共服务支出", "住房保障支出"], "difference": [-0.0029, -0.0073],
                          "change": [-0.004, 4.66], "pct": [-0.001, 6.26], "rate": [-0.00001, 0.982]})
    shown = to_display(frame, percent=["pct"])
    assert shown.iloc[0].tolist() == ["一般公共服务支出", "0.00", "0.00", "0.00%", "0.00%"]
    assert shown.iloc[1, 1:].tolist() == ["-0.01", "4.66", "6.26%", "98.20%"]


def test_amounts_keep_their_thousands_and_counts_their_whole_numbers():
    frame = pd.DataFrame({"current": [27664.22, -1234567.891], "line": [431.0, None]})
    assert to_display(frame).values.tolist() == [["27,664.22", "431"], ["-1,234,567.89", ""]]
