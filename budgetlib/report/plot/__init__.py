"""Charts for reports, in one house style, with Chinese labels that render everywhere.

Every chart function takes the frame an analysis function returns, draws on ``ax`` (a new
figure when ``None``) and returns the Axes. A chart can go into a report as it is: its
title names the department, the year and the unit (from ``doc=``, else from the
``attrs["document"]`` the analysis functions put on their frames); bars are sorted by
size; amounts are labelled as the documents print them (two decimals, thousands
separators), axis ticks with no more decimals than they need. The first chart switches
the session to the house style (:func:`use_style`): tick labels are made when a figure is
drawn or saved, so the CJK font must still be the default then, not only inside the
function.

When there is nothing to draw, a chart function raises
:class:`~budgetlib.problems.Lacking` with one line saying why, before any figure is
opened; :func:`standard_charts` returns these lines instead of blank charts.

>>> import budgetlib
>>> from budgetlib import plot
>>> from budgetlib.analysis.bridge import bridge
>>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
>>> ax = plot.bridge_chart(bridge(doc))
>>> print(ax.get_title(loc="left"))  # on the left, as reports put them
阿图什市人民政府外事办公室 2026年部门预算
一般公共预算支出：上年到本年（万元）
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import Formatter, MaxNLocator

from budgetlib.analysis import OTHERS
from budgetlib.analysis.bridge import CHART_STEPS, condense
from budgetlib.analysis.execution import CHART_ITEMS, chart_items, chart_totals
from budgetlib.audit.final_accounts import is_final_account
from budgetlib.audit.findings import SEVERITY_NAMES, fmt, rule_label
from budgetlib.problems import Lacking
from budgetlib.report.plot.style import (
    FONT_FAMILY,
    STYLE,
    _house_style,
    register_font,
    style_context,
    use_style,
)
from budgetlib.report.sections import one_line
from budgetlib.report.titles import heading

__all__ = ["FONT_FAMILY", "STYLE", "audit_chart", "bridge_chart", "execution_chart", "footnote",
           "heading", "label", "per_capita_chart", "register_font", "save", "split_chart", "standard_charts",
           "structure_chart", "style_context", "tick_texts", "trend_chart", "use_style"]

UP, DOWN, TOTAL = "#c00000", "#548235", "#1f4e79"  # 增加 red and 减少 green, as Chinese reports do
MINUS = "\u2212"  # the typographic minus, which the CJK font has
SEVERITY_COLORS = {"error": "#c00000", "warning": "#c55a11", "info": "#808080"}
BRIDGE_STEPS = CHART_STEPS  # steps a bridge chart shows before folding the rest into 其他
#: Said under a bridge whose value axis does not start at zero.
NOT_FROM_ZERO = "横轴未从零开始"
#: Display columns of one line of a category label (a CJK character counts two).
LABEL_WIDTH = 28
#: Line spacing of titles, category labels and notes (matplotlib's 1.2 sets CJK lines
#: glyph to glyph).
LINE_SPACING = 1.35
#: Display columns of a title line over an 8-inch chart, beside category labels.
TITLE_WIDTH = 60
#: The ``gid`` and font size of a chart's footnote (:func:`footnote`).
FOOTNOTE, FOOTNOTE_SIZE = "footnote", 8.5
_CODE = re.compile(r"[（(][0-9A-Za-z.\-]+[）)]|[0-9A-Za-z][0-9A-Za-z.,\-]*")
_TICK_STEPS = [1, 2, 2.5, 5, 10]


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


def _width(text: str) -> int:
    return sum(1 if ord(c) < 0x2E80 else 2 for c in text)


# what a line may not start with (closing marks) or end with (opening ones)
_CLOSING, _OPENING = set("）)]】」』”’、，。：；！？％%…"), set("（([【「『“‘")
# the units a long word breaks between: a bracketed code or a run of digits and letters is
# one unit, never broken; anything else is one character
_UNIT = re.compile(r"[（(][0-9A-Za-z.\-]+[）)]|[0-9A-Za-z][0-9A-Za-z.,\-%]*|.")


def _break(word: str, width: int) -> list[str]:
    """A word too long for a line, broken into lines between characters (as Chinese is
    set), never inside a code or a number, no line starting with a closing mark or ending
    with an opening one; the lines made as even as the fewest lines allow."""
    fewest = len(_fill(word, width))
    even = next(w for w in range(-(-_width(word) // fewest), width + 1)
                if len(_fill(word, w)) == fewest)
    return _fill(word, even)


def _fill(word: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns (a longer unit alone on its line), filled in turn."""
    lines: list[list[str]] = [[]]
    for unit in _UNIT.findall(word):
        line = lines[-1]
        if line and _width("".join(line) + unit) > width:
            # carry the old line's last units down while the new one would start with a
            # closing mark or the old one end with an opening one
            carried: list[str] = []
            while len(line) > 1 and ((carried or [unit])[0] in _CLOSING or line[-1] in _OPENING):
                carried.insert(0, line.pop())
            lines.append(carried)
        lines[-1].append(unit)
    return ["".join(line) for line in lines]


def label(text: object, width: int = LABEL_WIDTH) -> str:
    """A category label in lines of at most ``width`` display columns (a CJK character
    counts two), never shortened: a name wraps onto as many lines as it needs.

    A line breaks at a space or before a bracketed code where it can; a word longer than a
    line breaks between characters, never inside a code or a number, and no line starts
    with a closing mark.

    Examples
    --------
    >>> label("一般行政管理事务（2012902）", width=20)
    '一般行政管理事务\\n（2012902）'
    >>> print(label("机关事业单位基本养老保险缴费支出（2080505）"))
    机关事业单位基本
    养老保险缴费支出（2080505）
    >>> label("其他 21 项"), label("行政运行")
    ('其他 21 项', '行政运行')
    """
    text = " ".join(str(text).split())
    if _width(text) <= width:
        return text
    # the pieces a line may break between: words at spaces, a trailing bracketed code
    pieces = [(" " if i and not j else "", part)
              for i, word in enumerate(text.split(" "))
              for j, part in enumerate(p for p in re.split(r"(?=[（(][0-9A-Za-z.\-]+[）)]$)", word) if p)]
    lines: list[str] = []
    for glue, piece in pieces:
        if lines and _width(lines[-1] + glue + piece) <= width:
            lines[-1] += glue + piece
        elif _width(piece) <= width or _CODE.fullmatch(piece):
            lines.append(piece)
        else:
            lines += _break(piece, width)
    return "\n".join(lines)


def _lines(labels: Iterable[str]) -> int:
    """The most lines any of the labels takes."""
    return max((str(t).count("\n") + 1 for t in labels), default=1)


def _row_height(labels: list[str], row: float = 0.5) -> float:
    """Inches per bar for labels of this many lines (at 10 pt, a line takes about 0.2 in)."""
    return max(row, 0.2 * _lines(labels) + 0.15)


def _spaced(ax: Axes) -> None:
    """Room between the lines of the title and of the category labels: the CJK glyphs stand
    taller than the Latin ones matplotlib spaces its lines by."""
    ax.title.set_linespacing(LINE_SPACING)
    ax._left_title.set_linespacing(LINE_SPACING)
    for text in (*ax.get_yticklabels(), *ax.get_xticklabels()):
        text.set_linespacing(LINE_SPACING)


def _footnote(ax: Axes, notes: list[str]) -> None:
    """The notes under the axis label, left-aligned, wrapped to the figure: apart from the
    axis's unit, never on it."""
    if not notes:
        return
    columns = int(ax.figure.get_figwidth() * 72 / FOOTNOTE_SIZE * 2 * 0.85)
    text = "\n".join(label(line, columns) for line in [f"注：{'；'.join(notes)}"])
    ax.annotate(text, xy=(0, 0), xycoords=("axes fraction", ax.xaxis.label), xytext=(0, -6),
                textcoords="offset points", ha="left", va="top", fontsize=FOOTNOTE_SIZE,
                color="#404040", linespacing=LINE_SPACING, gid=FOOTNOTE, annotation_clip=False)


def footnote(ax: Axes) -> str:
    """The notes a chart prints under its axis ("" for none), on one line.

    Examples
    --------
    >>> footnote(plt.figure().add_subplot())
    ''
    """
    return "".join(t.get_text().replace("\n", "") for t in ax.texts if t.get_gid() == FOOTNOTE)


def tick_texts(values: Iterable[float]) -> list[str]:
    """Axis tick labels: whole numbers when the ticks are whole, else as few decimals as
    they need (at most two); thousands separated; the typographic minus.

    Examples
    --------
    >>> tick_texts([0, 50, 100, 150]), tick_texts([0, 0.25, 0.5]), tick_texts([-2000, 0, 2000])
    (['0', '50', '100', '150'], ['0.00', '0.25', '0.50'], ['−2,000', '0', '2,000'])
    """
    values = [float(v) for v in values]
    places = next((d for d in (0, 1, 2)
                   if all(abs(v * 10**d - round(v * 10**d)) < 1e-6 for v in values)), 2)
    texts = []
    for value in values:
        text = f"{abs(value):,.{places}f}"
        texts.append((MINUS if value < 0 and text.strip("0.,") else "") + text)
    return texts


class AmountTicks(Formatter):
    """Tick labels by :func:`tick_texts`: ticks that are whole numbers read as such."""

    def format_ticks(self, values):
        return tick_texts(values)

    def __call__(self, x, pos=None):
        return tick_texts([x])[0]


def _about(frame: pd.DataFrame, doc) -> dict:
    return dict(doc.about) if doc is not None else dict(frame.attrs.get("document") or {})


def _axes(ax: Axes | None, size: tuple[float, float] | None = None) -> Axes:
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=size)
    return ax


def _amount_axis(ax: Axes, axis: str = "x") -> None:
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(MaxNLocator(nbins="auto", steps=_TICK_STEPS))
    target.set_major_formatter(AmountTicks())


def _by_size(frame: pd.DataFrame) -> pd.DataFrame:
    """Largest first; the folded “其他” row last, whatever its size."""
    folded = (frame["item"] == OTHERS) & frame["code"].isna() if "code" in frame else \
        frame["item"] == OTHERS
    return pd.concat([frame[~folded].sort_values("value", ascending=False, kind="stable"),
                      frame[folded]])


def _levels(steps: pd.DataFrame) -> tuple[float, float]:
    """The lowest and highest running totals of a bridge."""
    changes = steps[steps["kind"] == "change"]
    levels = pd.concat([steps.loc[steps["kind"] != "change", "value"], changes["start"],
                        changes["end"]]).astype(float)
    return float(levels.min()), float(levels.max())


def axis_start(steps: pd.DataFrame) -> float:
    """Where a bridge's value axis starts: zero, unless the running totals move over less
    than half an axis drawn from zero; then a round figure below the lowest of them.

    Examples
    --------
    >>> steps = pd.DataFrame({"kind": ["start", "change", "end"], "value": [15000.0, 400, 15400],
    ...                       "start": [0, 15000, 0], "end": [15000, 15400, 15400]})
    >>> axis_start(steps), axis_start(steps.assign(value=[300.0, 600, 900], start=[0, 300, 0],
    ...                                              end=[300, 900, 900]))
    (14900.0, 0.0)
    """
    low, high = _levels(steps)
    if low <= 0 or high - low >= high / 2:
        return 0.0
    pad = (high - low) * 0.15
    ticks = MaxNLocator(nbins=8, steps=_TICK_STEPS).tick_values(low - pad, high)
    below = [t for t in ticks if t <= low - pad / 2]
    return float(below[-1]) if below and below[-1] > 0 else 0.0


def _break_marks(ax: Axes, start: float, totals: list[int]) -> None:
    """Mark the cut: a double slash on the value axis and across each total's bar."""
    for dx in (0.02, 0.032):  # clear of the first tick's label
        ax.plot([dx - 0.005, dx + 0.005], [-0.012, 0.012], color="#404040", linewidth=1,
                clip_on=False, transform=ax.transAxes)
    width = ax.get_xlim()[1] - start
    for pos in totals:
        for dx in (0.025, 0.04):
            x = start + dx * width
            ax.plot([x - 0.006 * width, x + 0.006 * width], [pos - 0.36, pos + 0.36],
                    color="white", linewidth=2.5, solid_capstyle="butt")


def bridge_chart(steps: pd.DataFrame, ax: Axes | None = None, title: str | None = None,
                 keep: int | None = BRIDGE_STEPS, doc=None) -> Axes:
    """A waterfall from last year's total to this year's (:func:`budgetlib.analysis.bridge`).

    Totals are solid bars; each change floats from the running total, red for an increase
    and green for a decrease, labelled with its signed amount. The steps drawn are those
    :func:`~budgetlib.analysis.bridge.condense` keeps: no step without a change (counted in
    a note), the ``keep`` largest, the others as one “其他 N 项”. When the changes are small
    against the totals the value axis starts where they show (:func:`axis_start`), marked
    by a break on the axis and on the total bars, and the note :data:`NOT_FROM_ZERO`. No
    change at all raises :class:`~budgetlib.problems.Lacking`.
    """
    about = _about(steps, doc)
    shown = condense(steps, keep)
    if not (shown["kind"] == "change").any():
        raise Lacking("各项比上年均无增减，没有可画的步骤")
    _house_style()
    names = [label(s) for s in shown["step"]]
    ax = _axes(ax, (8, _row_height(names) * len(shown) + 2))
    y = range(len(shown))[::-1]
    for pos, row in zip(y, shown.itertuples(), strict=True):
        total = row.kind != "change"
        left, width = (0, row.value) if total else (min(row.start, row.end), abs(row.value))
        color = TOTAL if total else (UP if row.value >= 0 else DOWN)
        ax.barh(pos, width, left=left, color=color, height=0.6)
        text = amount(row.value, signed=not total)
        ax.annotate(text, (max(row.start, row.end) if not total else row.value, pos),
                    xytext=(4, 0), textcoords="offset points", va="center", fontsize=9)
    ax.set_yticks(list(y), names)
    _amount_axis(ax)
    unit = about.get("unit") or "万元"
    start, high = axis_start(shown), _levels(shown)[1]
    ax.set_xlim(start, high + (high - start) * 0.15)  # room for the labels
    notes = []
    if start:
        _break_marks(ax, start, [p for p, k in zip(y, shown["kind"], strict=True) if k != "change"])
        notes.append(f"{NOT_FROM_ZERO}（起点 {tick_texts([start])[0]}），上年、本年总额柱已截断")
    unchanged = int(((steps["kind"] == "change") & (steps["value"].round(2) == 0)).sum())
    if unchanged:
        notes.append(f"另有 {unchanged} 项比上年无增减，未画出")
    ax.set_xlabel(unit)
    _footnote(ax, notes)
    ax.set_title(heading(title or "一般公共预算支出：上年到本年", about, unit))
    _spaced(ax)
    return ax


def structure_chart(frame: pd.DataFrame, ax: Axes | None = None, kind: str = "bar",
                    title: str = "支出结构", doc=None) -> Axes:
    """Each item's amount and share (:func:`budgetlib.shares`), as bars or a donut, largest
    first (a folded “其他” last)."""
    if kind not in ("bar", "donut"):
        raise ValueError(f"kind must be 'bar' or 'donut', not {kind!r}")
    about = _about(frame, doc)
    frame = frame[pd.to_numeric(frame["value"], errors="coerce").fillna(0) > 0]
    if frame.empty:
        raise Lacking("没有可绘制的金额（表中无此口径或金额均为零）")
    frame = _by_size(frame)
    unit = about.get("unit") or "万元"
    _house_style()
    if kind == "donut":
        ax = _axes(ax, (8, 4.5))
        # labels in a legend, not on the wedges: small slices would overprint each other
        wedges, _ = ax.pie(frame["value"], startangle=90, counterclock=False,
                           wedgeprops={"width": 0.4, "edgecolor": "white"})
        labels = [f"{item} {amount(value)}（{share:.2f}%）"
                  for item, value, share in zip(frame["item"], frame["value"], frame["share"], strict=True)]
        ax.legend(wedges, labels, loc="center left", bbox_to_anchor=(1, 0.5), fontsize=9)
        ax.text(0, 0, f"合计\n{amount(frame['value'].sum())}", ha="center", va="center", fontsize=11,
                linespacing=LINE_SPACING)
        ax.set_aspect("equal")
    else:
        names = [label(i) for i in frame["item"]]
        ax = _axes(ax, (8, _row_height(names) * len(frame) + 1.8))
        y = range(len(frame))[::-1]
        ax.barh(list(y), frame["value"], color=TOTAL, height=0.6)
        for pos, value, share in zip(y, frame["value"], frame["share"], strict=True):
            ax.annotate(f"{amount(value)}（{share:.2f}%）", (value, pos), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=9)
        ax.set_yticks(list(y), names)
        _amount_axis(ax)
        ax.set_xlabel(unit)
        ax.margins(x=0.25)
    ax.set_title(heading(title, about, unit))
    _spaced(ax)
    return ax


def split_chart(parts: dict[str, pd.DataFrame], ax: Axes | None = None,
                title: str = "支出构成", doc=None) -> Axes:
    """One 100% bar per breakdown: e.g. 基本支出 vs 项目支出, 人员经费 vs 公用经费.

    ``parts`` maps a bar's name to a :func:`budgetlib.shares` frame (``basic_project``,
    ``personnel_public``); a breakdown without amounts is left out, and none at all raises
    :class:`~budgetlib.problems.Lacking`.
    """
    about = next((_about(f, doc) for f in parts.values() if doc or f.attrs.get("document")),
                 _about(pd.DataFrame(), doc))
    parts = {name: frame for name, frame in parts.items()
             if not frame.empty and pd.to_numeric(frame["value"], errors="coerce").fillna(0).gt(0).any()}
    if not parts:
        raise Lacking("没有可绘制的构成（文档中未读出基本支出/项目支出或人员经费/公用经费）")
    _house_style()
    ax = _axes(ax, (8, 1.4 * len(parts) + 1.4))
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for pos, frame in enumerate(reversed(parts.values())):
        left = 0.0
        for n, row in enumerate(frame.itertuples()):
            ax.barh(pos, row.share, left=left, color=colors[n % len(colors)], height=0.6)
            text = f"{row.item}\n{amount(row.value)}（{row.share:.2f}%）"
            if row.share >= 15:
                ax.text(left + row.share / 2, pos, text, ha="center", va="center", color="white",
                        fontsize=9, linespacing=LINE_SPACING)
            else:  # too narrow to hold its label: write it beside the bar
                ax.text(101, pos, text, ha="left", va="center", fontsize=9, clip_on=False,
                        linespacing=LINE_SPACING)
            left += row.share
    ax.set_yticks(range(len(parts)), list(reversed(parts)))
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(AmountTicks())
    ax.set_xlabel("占比（%）")
    ax.set_title(heading(title, about, "%", note=f"金额单位：{about.get('unit') or '万元'}"))
    _spaced(ax)
    return ax


def per_capita_chart(frame: pd.DataFrame, ax: Axes | None = None, doc=None) -> Axes:
    """Per-person costs (:func:`budgetlib.analysis.headcount.per_capita`), with the norm:
    the serving staff's 人员经费 and 公用经费, and 对个人和家庭的补助 per retiree where the
    count is known. The headcount is analyst input; the title says so.
    """
    about = _about(frame, doc)
    frame = frame[frame["per_capita"].notna()] if "per_capita" in frame else frame
    if frame.empty:
        raise Lacking("没有可画的人均经费（缺在职人数，或文档中未读出人员经费、公用经费）")
    _house_style()
    ax = _axes(ax, (6.5, 3.8))
    x = range(len(frame))
    ax.bar(list(x), frame["per_capita"], color=TOTAL, width=0.5)
    for pos, row in zip(x, frame.itertuples(), strict=True):
        ax.annotate(amount(row.per_capita), (pos, row.per_capita), xytext=(0, 3),
                    textcoords="offset points", ha="center", fontsize=9)
        if pd.notna(row.norm):
            ax.hlines(row.norm, pos - 0.35, pos + 0.35, colors=UP, linestyles="--")
            ax.annotate(f"定额 {amount(row.norm)}", (pos + 0.35, row.norm), fontsize=8, color=UP)
    # each bar says whom it is per: serving staff, or retirees
    ticks = [f"{item}\n（每名离退休人员）" if item == "对个人和家庭的补助" else item
             for item in frame["item"]]
    ax.set_xticks(list(x), ticks)
    _amount_axis(ax, "y")
    ax.grid(False, axis="x")
    ax.grid(True, axis="y")
    unit = f"{about.get('unit') or '万元'}/人"
    ax.set_ylabel(unit)
    serving = frame[frame["item"] != "对个人和家庭的补助"]["people"]
    note = f"在职 {serving.iloc[0]:g} 人，分析人员输入" if len(serving) else "离退休人数"
    ax.set_title(heading("人均经费", about, unit, note=note))
    _spaced(ax)
    return ax


def audit_chart(findings: pd.DataFrame, ax: Axes | None = None, doc=None) -> Axes:
    """The audit's findings counted by rule and severity (:meth:`BudgetDocument.audit`), the
    rules in the findings' order from the top (the rule of the most severe, then largest,
    finding first: :func:`~budgetlib.audit.findings.in_order`); no finding raises
    :class:`~budgetlib.problems.Lacking`."""
    about = _about(findings, doc)
    if findings.empty:
        raise Lacking("审核没有发现问题，没有可画的条目")
    _house_style()
    labels = findings["rule"].map(rule_label)
    counts = findings.groupby([labels, "severity"], sort=False).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[s for s in SEVERITY_COLORS if s in counts.columns])
    counts = counts.loc[list(dict.fromkeys(labels))]  # as the audit lists them
    names = [label(r) for r in counts.index]
    ax = _axes(ax, (7, _row_height(names, 0.45) * len(counts) + 1.8))
    left = pd.Series(0, index=counts.index)
    y = range(len(counts))[::-1]
    for severity in counts.columns:
        ax.barh(list(y), counts[severity], left=left, height=0.6,
                color=SEVERITY_COLORS[severity], label=SEVERITY_NAMES[severity])
        left = left + counts[severity]
    ax.set_yticks(list(y), names)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(AmountTicks())
    ax.set_xlabel("条")
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
    ax.set_title(heading("审核发现", about, "条", note=f"共 {len(findings)} 条"))
    _spaced(ax)
    return ax


#: Lines a trend chart draws besides its total (the largest 类 of the latest year).
TREND_LINES = 8


def execution_chart(frame: pd.DataFrame, ax: Axes | None = None, doc=None,
                    keep: int = CHART_ITEMS) -> Axes:
    """Budget against 决算 for each item (:func:`budgetlib.execution`): two bars per item,
    labelled with the execution rate, the ``keep`` largest budgets. The document's totals
    (level 0) are stated under the title, not drawn among their items, which they would
    squash (:func:`~budgetlib.analysis.execution.chart_totals`). Items with no budget or no
    决算 are left out, counted in a note; none at all raises
    :class:`~budgetlib.problems.Lacking`.
    """
    about = _about(frame, doc)
    if frame.empty:
        raise Lacking(frame.attrs.get("reason") or "没有预算执行数字（预算数与决算数）")
    both = chart_items(frame, keep=None)  # every item the chart could draw
    if both.empty:
        raise Lacking("没有同时列出预算数和决算数的项目")
    shown, totals = both.head(keep), chart_totals(frame)
    _house_style()
    names = [label(f"{i}（{c}）" if isinstance(c, str) else str(i))
             for i, c in zip(shown["item"], shown["code"], strict=True)]
    ax = _axes(ax, (8, max(0.6, _row_height(names)) * len(shown) + 2.2 + 0.25 * len(totals)))
    y = list(range(len(shown)))[::-1]
    ax.barh([p + 0.2 for p in y], shown["budget"], height=0.38, color="#9dc3e6", label="预算数")
    ax.barh([p - 0.2 for p in y], shown["final"], height=0.38, color=TOTAL, label="决算数")
    for pos, row in zip(y, shown.itertuples(), strict=True):
        ax.annotate(f"{amount(row.final)}（{_rate_text(row.rate)}）",
                    (max(row.final, row.budget), pos - 0.2),
                    xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(y, names)
    _amount_axis(ax)
    unit = about.get("unit") or "万元"
    notes = ["括号内为执行率（决算÷预算）"]
    left_out = len(frame) - len(both) - len(totals)
    if left_out:
        notes.append(f"另有 {left_out} 项未同时列出预算数和决算数（或均为零），未画出")
    if len(both) > len(shown):
        notes.append(f"另有 {len(both) - len(shown)} 项较小，未画出")
    ax.set_xlabel(unit)
    _footnote(ax, notes)
    ax.margins(x=0.25)
    ax.legend(loc="lower right")
    stated = [_stated_total(row, TITLE_WIDTH) for row in totals.itertuples()]
    ax.set_title("\n".join([heading("预算执行：预算数与决算数", about, unit), *stated]))
    _spaced(ax)
    return ax


def _stated_total(row, width: int) -> str:
    """A total's budget, 决算 and rate in words, its name on a line of its own when the
    whole does not fit in ``width`` columns."""
    figures = (f"预算数 {amount(row.budget)}，决算数 {amount(row.final)}，"
               f"执行率 {_rate_text(row.rate)}")
    whole = f"{row.item}：{figures}"
    return whole if _width(whole) <= width else f"{label(row.item, width)}：\n{figures}"


def _rate_text(rate: float) -> str:
    return "—" if pd.isna(rate) else f"{rate:.2f}%"


def trend_chart(wide: pd.DataFrame, ax: Axes | None = None, doc=None,
                keep: int = TREND_LINES) -> Axes:
    """One department over the years (:func:`budgetlib.trend`): the total and the largest
    类 as lines, one point per year and kind; a budget's point filled, a final account's
    open. Fewer than two years raise :class:`~budgetlib.problems.Lacking`.
    """
    about = _about(wide, doc)
    periods = wide.attrs.get("periods") or []
    if len(periods) < 2:
        raise Lacking("只有一个年度的文档，画不出趋势" if periods else
                      (wide.attrs.get("reason") or "没有可画的年度数字"))
    labels = [p[0] for p in periods]
    total = next((wide[wide["item"] == name] for name in ("一般公共预算支出", "支出合计")
                  if (wide["item"] == name).any()), wide.iloc[0:0])
    parts = wide[wide["level"].eq(1)]
    latest = parts[labels].ffill(axis=1).iloc[:, -1] if len(parts) else pd.Series(dtype=float)
    parts = parts.loc[latest.sort_values(ascending=False, kind="stable").index].head(keep)
    lines = pd.concat([total.head(1), parts])
    if lines.empty or lines[labels].isna().all(axis=None):
        raise Lacking("各年度文档中没有可画的数字（一般公共预算支出、支出合计）")
    _house_style()
    ax = _axes(ax, (9, 5))
    x = list(range(len(labels)))
    finals = [i for i, p in enumerate(periods) if p[2] == "决算"]
    for n, row in enumerate(lines.itertuples(index=False)):
        values = lines.iloc[n][labels].astype(float).tolist()
        name = f"{row.item}（{row.code}）" if isinstance(row.code, str) else str(row.item)
        width = 2.5 if n == 0 and len(total) else 1.5
        line, = ax.plot(x, values, marker="o", linewidth=width, label=label(name, 24))
        if finals:
            ax.plot([x[i] for i in finals], [values[i] for i in finals], linestyle="none",
                    marker="o", markerfacecolor="white", markeredgecolor=line.get_color())
    ax.set_xticks(x, labels)
    ax.set_ylim(bottom=0)
    _amount_axis(ax, "y")
    ax.grid(False, axis="x")
    ax.grid(True, axis="y")
    unit = about.get("unit") or "万元"
    ax.set_ylabel(unit)
    note = "空心点为决算" if finals else None
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize=8)
    ax.set_title(heading("一般公共预算支出趋势", about, unit, note=note))
    _spaced(ax)
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

    Returns ``({name: Axes}, {name: reason})``, a reason being one line (what the document
    lacks). A chart with nothing to draw is a reason, never a blank figure. The per-capita
    chart needs the analyst's headcount (``staff``); the document never gives it.

    Examples
    --------
    >>> import budgetlib
    >>> charts, skipped = standard_charts(budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT))
    >>> list(charts)
    ['同比_按项目', '同比_按原因', '结构_功能分类', '结构_项级', '构成_基本项目_人员公用', '审核发现']
    >>> skipped
    {'人均经费': '需要分析人员输入在职人数（data/analyst/headcount.csv）'}
    >>> plt.close("all")
    """
    from budgetlib.analysis import headcount, shares
    from budgetlib.analysis.bridge import bridge
    from budgetlib.analysis.execution import execution

    charts, skipped = {}, {}
    makers = {
        "同比_按项目": lambda: bridge_chart(bridge(doc, prev), doc=doc),
        "同比_按原因": lambda: bridge_chart(bridge(doc, prev, by="driver"), doc=doc,
                                       title="一般公共预算支出按原因：上年到本年"),
        "结构_功能分类": lambda: structure_chart(shares(doc, "function"), kind="donut", doc=doc,
                                          title="一般公共预算支出功能分类结构"),
        "结构_项级": lambda: structure_chart(shares(doc, "function_xiang", others=8), doc=doc,
                                        title="一般公共预算支出项级结构"),
        "构成_基本项目_人员公用": lambda: split_chart({"基本/项目": shares(doc, "basic_project"),
                                                "人员/公用": shares(doc, "personnel_public")},
                                               doc=doc),
        "审核发现": lambda: audit_chart(doc.audit(), doc=doc),
    }
    if is_final_account(doc):  # a budget has no execution to draw
        makers["预算执行"] = lambda: execution_chart(execution(doc), doc=doc)
    if staff:
        makers["人均经费"] = lambda: per_capita_chart(headcount.per_capita(doc, staff, norm), doc=doc)
    else:
        skipped["人均经费"] = "需要分析人员输入在职人数（data/analyst/headcount.csv）"
    for name, make in makers.items():
        open_before = set(plt.get_fignums())
        try:
            charts[name] = make()
        except (KeyError, ValueError, IndexError) as err:  # a table the document lacks
            for number in set(plt.get_fignums()) - open_before:
                plt.close(number)
            skipped[name] = one_line(err)
    return charts, {name: skipped[name] for name in (*makers, *skipped) if name in skipped}
