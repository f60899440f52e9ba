"""Charts for reports, in one house style, with Chinese labels that render everywhere.

Every chart function takes the frame an analysis function returns, draws on ``ax`` (a new
figure when ``None``) and returns the Axes. Amounts are in 万元 and labelled as the
documents print them (two decimals, thousands separators). The first chart switches the
session to the house style (:func:`use_style`): tick labels are made when a figure is drawn
or saved, so the CJK font must still be the default then, not only inside the function.

>>> import budgetlib
>>> from budgetlib import plot
>>> from budgetlib.analysis.bridge import bridge
>>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
>>> ax = plot.bridge_chart(bridge(doc))
>>> ax.get_title(loc="left")  # the house style puts titles on the left, as reports do
'一般公共预算支出：上年到本年（万元）'
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from budgetlib.audit.findings import SEVERITY_NAMES, fmt, rule_label
from budgetlib.report.plot.style import (
    FONT_FAMILY,
    STYLE,
    _house_style,
    register_font,
    style_context,
    use_style,
)

__all__ = ["FONT_FAMILY", "STYLE", "audit_chart", "bridge_chart", "per_capita_chart", "register_font",
           "save", "split_chart", "standard_charts", "structure_chart", "style_context", "use_style"]

UP, DOWN, TOTAL = "#c00000", "#548235", "#1f4e79"  # 增加 red and 减少 green, as Chinese reports do
MINUS = "\u2212"  # the typographic minus, which the CJK font has
SEVERITY_COLORS = {"error": "#c00000", "warning": "#c55a11", "info": "#808080"}


def amount(value: float, signed: bool = False) -> str:
    """An amount as the documents print it: ``1,234.50``; signed ``+4.66`` / ``−50.00``.

    Examples
    --------
    >>> amount(16784.5), amount(-50, signed=True), amount(4.657, signed=True), amount(0, True)
    ('16,784.50', '−50.00', '+4.66', '0.00')
    """
    text = fmt(abs(value))
    if round(value, 2) == 0:
        return "0.00"
    return (MINUS if value < 0 else "+" if signed else "") + text


def _wrap(label: object, width: int = 12) -> str:
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def _axes(ax: Axes | None, size: tuple[float, float] | None = None) -> Axes:
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=size)
    return ax


def _amount_axis(ax: Axes, axis: str = "x") -> None:
    formatter = FuncFormatter(lambda v, _: amount(v))
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(formatter)


def bridge_chart(steps: pd.DataFrame, ax: Axes | None = None, title: str | None = None) -> Axes:
    """A waterfall from last year's total to this year's (:func:`budgetlib.analysis.bridge`).

    Totals are solid bars from zero; each change floats from the running total, red for
    an increase and green for a decrease, labelled with its signed amount.
    """
    _house_style()
    ax = _axes(ax, (8, 0.5 * len(steps) + 1.5))
    y = range(len(steps))[::-1]
    for pos, row in zip(y, steps.itertuples(), strict=True):
        total = row.kind != "change"
        left, width = (0, row.value) if total else (min(row.start, row.end), abs(row.value))
        color = TOTAL if total else (UP if row.value >= 0 else DOWN)
        ax.barh(pos, width, left=left, color=color, height=0.6)
        text = amount(row.value, signed=not total)
        ax.annotate(text, (max(row.start, row.end) if not total else row.value, pos),
                    xytext=(4, 0), textcoords="offset points", va="center", fontsize=9)
    ax.set_yticks(list(y), [_wrap(s) for s in steps["step"]])
    _amount_axis(ax)
    ax.set_xlabel("万元")
    ax.set_title(title or "一般公共预算支出：上年到本年（万元）")
    return ax


def structure_chart(frame: pd.DataFrame, ax: Axes | None = None, kind: str = "bar",
                    title: str = "支出结构") -> Axes:
    """Each item's amount and share (:func:`budgetlib.shares`), as bars or a donut."""
    if kind not in ("bar", "donut"):
        raise ValueError(f"kind must be 'bar' or 'donut', not {kind!r}")
    frame = frame[pd.to_numeric(frame["value"], errors="coerce").fillna(0) > 0]
    if frame.empty:
        raise ValueError("没有可绘制的金额（表中无此口径或金额均为零）")
    _house_style()
    if kind == "donut":
        ax = _axes(ax, (8, 4.5))
        # labels in a legend, not on the wedges: small slices would overprint each other
        wedges, _ = ax.pie(frame["value"], startangle=90, counterclock=False,
                           wedgeprops={"width": 0.4, "edgecolor": "white"})
        labels = [f"{item} {amount(value)}（{share:.2f}%）"
                  for item, value, share in zip(frame["item"], frame["value"], frame["share"], strict=True)]
        ax.legend(wedges, labels, loc="center left", bbox_to_anchor=(1, 0.5), fontsize=9)
        ax.text(0, 0, f"合计\n{amount(frame['value'].sum())}", ha="center", va="center", fontsize=11)
        ax.set_aspect("equal")
    else:
        ax = _axes(ax, (8, 0.5 * len(frame) + 1.5))
        y = range(len(frame))[::-1]
        ax.barh(list(y), frame["value"], color=TOTAL, height=0.6)
        for pos, value, share in zip(y, frame["value"], frame["share"], strict=True):
            ax.annotate(f"{amount(value)}（{share:.2f}%）", (value, pos), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=9)
        ax.set_yticks(list(y), [_wrap(i) for i in frame["item"]])
        _amount_axis(ax)
        ax.set_xlabel("万元")
        ax.margins(x=0.25)
    ax.set_title(f"{title}（万元）")
    return ax


def split_chart(parts: dict[str, pd.DataFrame], ax: Axes | None = None,
                title: str = "支出构成") -> Axes:
    """One 100% bar per breakdown: e.g. 基本支出 vs 项目支出, 人员经费 vs 公用经费.

    ``parts`` maps a bar's name to a :func:`budgetlib.shares` frame (``basic_project``,
    ``personnel_public``); empty frames are skipped.
    """
    parts = {name: frame for name, frame in parts.items() if not frame.empty}
    _house_style()
    ax = _axes(ax, (8, 1.4 * max(len(parts), 1) + 1.2))
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for pos, frame in enumerate(reversed(parts.values())):
        left = 0.0
        for n, row in enumerate(frame.itertuples()):
            ax.barh(pos, row.share, left=left, color=colors[n % len(colors)], height=0.6)
            text = f"{row.item}\n{amount(row.value)}（{row.share:.2f}%）"
            if row.share >= 15:
                ax.text(left + row.share / 2, pos, text, ha="center", va="center", color="white",
                        fontsize=9)
            else:  # too narrow to hold its label: write it beside the bar
                ax.text(101, pos, text, ha="left", va="center", fontsize=9, clip_on=False)
            left += row.share
    ax.set_yticks(range(len(parts)), list(reversed(parts)))
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}%"))
    ax.set_title(title)
    return ax


def per_capita_chart(frame: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """人员经费 and 公用经费 per person (:func:`budgetlib.analysis.headcount.per_capita`), with the norm.

    The headcount is analyst input; the title says so.
    """
    _house_style()
    ax = _axes(ax, (6, 3.5))
    x = range(len(frame))
    ax.bar(list(x), frame["per_capita"], color=TOTAL, width=0.5)
    for pos, row in zip(x, frame.itertuples(), strict=True):
        ax.annotate(amount(row.per_capita), (pos, row.per_capita), xytext=(0, 3),
                    textcoords="offset points", ha="center", fontsize=9)
        if pd.notna(row.norm):
            ax.hlines(row.norm, pos - 0.35, pos + 0.35, colors=UP, linestyles="--")
            ax.annotate(f"定额 {amount(row.norm)}", (pos + 0.35, row.norm), fontsize=8, color=UP)
    ax.set_xticks(list(x), list(frame["item"]))
    _amount_axis(ax, "y")
    ax.grid(False, axis="x")
    ax.grid(True, axis="y")
    ax.set_ylabel("万元/人")
    staff = frame["staff"].iloc[0] if len(frame) else None
    ax.set_title(f"人均经费（在职 {staff:g} 人，分析人员输入）")
    return ax


def audit_chart(findings: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """The audit's findings counted by rule and severity (:meth:`BudgetDocument.audit`)."""
    _house_style()
    labels = findings["rule"].map(rule_label)
    counts = (findings.groupby([labels, "severity"]).size().unstack(fill_value=0)
              if len(findings) else pd.DataFrame())
    ax = _axes(ax, (7, 0.45 * max(len(counts), 1) + 1.5))
    if counts.empty:
        ax.text(0.5, 0.5, "无审核发现", ha="center", va="center", fontsize=14,
                transform=ax.transAxes)
        ax.set_axis_off()
    else:
        counts = counts.reindex(columns=[s for s in SEVERITY_COLORS if s in counts.columns])
        left = pd.Series(0, index=counts.index)
        y = range(len(counts))[::-1]
        for severity in counts.columns:
            ax.barh(list(y), counts[severity], left=left, height=0.6,
                    color=SEVERITY_COLORS[severity], label=SEVERITY_NAMES[severity])
            left = left + counts[severity]
        ax.set_yticks(list(y), list(counts.index))
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("条数")
        ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
    ax.set_title(f"审核发现（共 {len(findings)} 条）")
    return ax


def save(ax_or_fig, stem: str | Path, formats: Iterable[str] = ("png", "svg", "pdf")) -> list[Path]:
    """Save a chart as ``stem.png`` (200 dpi), ``stem.svg`` and ``stem.pdf`` (font embedded)."""
    fig = getattr(ax_or_fig, "figure", ax_or_fig)
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    _house_style()
    for suffix in formats:
        path = stem.with_suffix(f".{suffix}")
        fig.savefig(path)
        written.append(path)
    return written


def standard_charts(doc, staff: float | None = None, norm: float | None = None,
                    prev=None) -> tuple[dict[str, Axes], dict[str, str]]:
    """The report's charts for a document, and why any of them could not be drawn.

    Returns ``({name: Axes}, {name: reason})``. The per-capita chart needs the analyst's
    headcount (``staff``); the document never gives it.
    """
    from budgetlib.analysis import headcount, shares
    from budgetlib.analysis.bridge import bridge

    charts, skipped = {}, {}
    makers = {
        "同比_按项目": lambda: bridge_chart(bridge(doc, prev, keep=12)),
        "同比_按原因": lambda: bridge_chart(bridge(doc, prev, by="driver", keep=12),
                                       title="一般公共预算支出：按原因，上年到本年（万元）"),
        "结构_功能分类": lambda: structure_chart(shares(doc, "function"), kind="donut",
                                          title="一般公共预算支出功能分类结构"),
        "结构_项级": lambda: structure_chart(shares(doc, "function_xiang", others=8),
                                        title="一般公共预算支出（项）"),
        "构成_基本项目_人员公用": lambda: split_chart({"基本/项目": shares(doc, "basic_project"),
                                                "人员/公用": shares(doc, "personnel_public")}),
        "审核发现": lambda: audit_chart(doc.audit()),
    }
    if staff:
        makers["人均经费"] = lambda: per_capita_chart(headcount.per_capita(doc, staff, norm))
    else:
        skipped["人均经费"] = "需要分析人员输入在职人数（data/analyst/headcount.csv）"
    for name, make in makers.items():
        open_before = set(plt.get_fignums())
        try:
            charts[name] = make()
        except (KeyError, ValueError, IndexError) as err:  # a table the document lacks
            for number in set(plt.get_fignums()) - open_before:
                plt.close(number)
            skipped[name] = f"无法绘制：{err}"
    return charts, skipped
