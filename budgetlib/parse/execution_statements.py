"""A final account's (决算) statements of execution, read from its narrative and matched to
its tables.

The narrative states, item by item, what was budgeted and spent ("一般公共服务支出（类）财政
事务（款）行政运行（项）。…年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数的
主要原因：…", "完成年初预算的98.20%"): :func:`read_stated_items` reads them from the sections
into :class:`Stated` records. :func:`table_items` lists the rows of the tables that print a
budget and a 决算 side by side, :func:`coded_row` the 决算 table row a 类/款/项 heading
names, :func:`table_total` a table's total row named by the subject itself, and
:func:`match_statement` picks, for one statement, the row it speaks of. The audit
(:mod:`budgetlib.audit.final_accounts`) and the analysis
(:mod:`budgetlib.analysis.execution`) both read them. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from budgetlib.identities import measure_key
from budgetlib.parse.narrative import Section
from budgetlib.parse.tables import Cell
from budgetlib.registry import FINAL_FIGURES
from budgetlib.text import key

#: The measure ends that hold a budget figure, by the kind reported, first preferred.
_BUDGET_ENDS = {"年初预算数": "年初预算", "预算数": "预算数"}
_ADJUSTED_ENDS = ("调整预算数", "调整后预算数")
_FINAL_ENDS = ("决算数",)
#: Coded 决算 tables whose rows name the narrative's 类/款/项, and the measure holding 决算.
CODED_FINAL = tuple((source.table, source.measures) for figure in ("一般公共预算支出", "支出合计")
                    for source in FINAL_FIGURES[figure])

# the narrative's sentences
_NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
_FIGURE = re.compile(r"(?P<subject>[^，,；;]*?)(?P<kind>年初预算|调整后?预算|预算|决算)"
                     rf"(?:数(?:为|是)?|为|是)\s*{_NUMBER}\s*万元")
_RATE = re.compile(r"(?:完成(?P<base>年初|调整后?)?预算(?:数)?的?|预算执行率为?|执行率为?)\s*"
                   r"(?P<pct>\d+(?:\.\d+)?)\s*[%％]")
_REASON = re.compile(r"(?P<subject>[^，,；;]*?)决算数?[，,]?(?P<dir>大于|小于|高于|低于|超过|少于|多于)"
                     r"(?:年初|调整后?)?预算数?[，,]?(?:的)?(?:主要)?原因(?:主要)?(?:是|为)?[：:]?"
                     r"(?P<reason>.*)$")
_EVEN = re.compile(r"(?P<subject>[^，,；;]*?)决算数?与(?:年初|调整后?)?预算数?"
                   r"(?:基本)?(?:持平|一致|相同|相符)")
_ITEM_NUMBER = re.compile(r"^\s*(?:其中[：:])?\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、.．]\s*")
_HEADER = re.compile(r"^(?P<lei>[^，。；]*?)[（(]类[）)](?:(?P<kuan>[^，。；]*?)[（(]款[）)])?"
                     r"(?:(?P<xiang>[^，。；]*?)[（(]项[）)])?[。．.]?")
_DIRECTIONS = {"大于": "大于", "高于": "大于", "超过": "大于", "多于": "大于",
               "小于": "小于", "低于": "小于", "少于": "小于"}


def subject_key(text: str) -> str:
    """The key a narrative's subject and a table's item are matched by: no year, quotes,
    brackets, 财政拨款, 支出, 维护 or 决算表.

    Examples
    --------
    >>> subject_key("2024年度“三公”经费财政拨款支出"), subject_key("财政拨款“三公”经费")
    ('三公经费', '三公经费')
    >>> subject_key("公务用车购置及运行维护费支出") == subject_key("公务用车购置及运行费")
    True
    """
    text = key(text)
    text = re.sub(r"^其中[:：]?", "", text)
    text = re.sub(r"\d{4}年度?", "", text)
    text = re.sub(r"决算表$|预算表$|情况表$|表$", "", text)
    for word in ('"', "'", "(", ")", "财政拨款", "支出", "维护", "的", "合计"):
        text = text.replace(word, "")
    return text


@dataclass
class Stated:
    """One item as the narrative states it: its figures (万元) with their printed text, the
    execution rate it states, the comparison and reason, and where it starts."""

    #: The subject as written, or the last of ``names``.
    subject: str
    #: The 类/款/项 names of a numbered heading ("一般公共服务支出", "财政事务", "行政运行").
    names: tuple[str, ...] = ()
    budget: float | None = None
    budget_raw: str | None = None
    adjusted: float | None = None
    adjusted_raw: str | None = None
    final: float | None = None
    final_raw: str | None = None
    rate: float | None = None
    rate_raw: str | None = None
    rate_base: str = ""
    direction: str | None = None
    reason: str | None = None
    line: int | None = None
    page: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        """What the item is matched by: its 类/款/项 names, else :func:`subject_key`."""
        return "/".join(key(n) for n in self.names) if self.names else subject_key(self.subject)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def read_stated_items(sections: Sequence[Section]) -> list[Stated]:
    """Every item whose budget, 决算 or execution rate the narrative states, in order.

    A section's paragraphs are read as one text (a sentence may run over a paragraph or a
    page); an item starts at a numbered 类/款/项 heading ("1、一般公共服务支出（类）…（项）")
    or at a figure with a subject of its own ("“三公”经费财政拨款支出年初预算为…",
    "其中：因公出国（境）费决算为…"); a figure, rate or reason without a subject belongs
    to the item before it.

    Examples
    --------
    >>> from budgetlib.parse.narrative import Paragraph, Section
    >>> said = Section("一般公共预算财政拨款支出决算情况说明", 2, 3, (Paragraph(
    ...     "1、一般公共服务支出（类）财政事务（款）行政运行（项）。年初预算为100.00万元，"
    ...     "支出决算为90.00万元，完成年初预算的90.00%。决算数小于预算数的主要原因：人员减少。", 5),))
    >>> item = read_stated_items([said])[0]
    >>> item.names, item.budget, item.final, item.rate, item.direction, item.reason
    (('一般公共服务支出', '财政事务', '行政运行'), 100.0, 90.0, 90.0, '小于', '人员减少')
    """
    items: list[Stated] = []
    for section in sections:
        text, where = "", []
        for paragraph in section.paragraphs:
            where.append((len(text), paragraph.line, paragraph.page))
            text += paragraph.text.strip()
        if not re.search(r"决算|执行率", text):
            continue
        items += _read_section(text, where)
    return [i for i in items if i.final is not None or i.rate is not None
            or (i.budget is not None and (i.direction or i.reason))]


def _place(where: list[tuple[int, int | None, int | None]], offset: int) -> tuple[int | None, int | None]:
    found = (None, None)
    for start, line, page in where:
        if start <= offset:
            found = (line, page)
    return found


def _read_section(text: str, where: list) -> list[Stated]:
    items: list[Stated] = []
    current: Stated | None = None
    offset = 0
    for sentence in re.split(r"(?<=。)", text):
        start, offset = offset, offset + len(sentence)
        body = sentence.rstrip("。").strip()
        if not body:
            continue
        numbered = _ITEM_NUMBER.match(body)
        if numbered:
            body = body[numbered.end():]
            header = _HEADER.match(body)
            if header:
                names = tuple(n.strip() for n in header.group("lei", "kuan", "xiang") if n and n.strip())
                current = Stated(subject=names[-1], names=names)
                # where the heading itself is ("其中：" may end the page before)
                current.line, current.page = _place(where, start + sentence.find(body))
                items.append(current)
                body = body[header.end():]
            else:
                current = None
        body = re.sub(r"^其中[：:]", "", body)
        reason = _REASON.search(body)
        even = _EVEN.search(body)
        clauses = body[:reason.start()] if reason else body
        for clause in re.split(r"[，,；;]|其中[：:]", clauses):
            current = _clause(clause, current, items, where, start)
        for match, direction in ((reason, None), (even, "持平")):
            if match is None:
                continue
            target = _subject_item(match.group("subject"), items) or current
            if target is None:
                continue
            target.direction = direction or _DIRECTIONS[match.group("dir")]
            if direction is None:
                target.reason = match.group("reason").strip("：: ") or None
            break
    return items


def _subject_item(subject: str, items: list[Stated]) -> Stated | None:
    """The item a reason's own subject names ("2024年度“三公”经费支出决算数小于…")."""
    wanted = subject_key(subject)
    if not wanted:
        return None
    return next((i for i in reversed(items) if i.key == wanted or subject_key(i.subject) == wanted), None)


def _clause(clause: str, current: Stated | None, items: list[Stated], where: list,
            start: int) -> Stated | None:
    figure = _FIGURE.search(clause)
    if figure:
        subject = figure.group("subject")
        wanted = subject_key(subject)
        if wanted and (current is None or wanted != current.key and wanted != subject_key(current.subject)):
            current = _subject_item(subject, items) or Stated(subject=re.sub(r"^其中[：:]", "", subject))
            if current not in items:
                current.line, current.page = _place(where, start)
                items.append(current)
        if current is not None:
            kind, raw = figure.group("kind"), figure.group(3)
            if kind.startswith("调整"):
                current.adjusted, current.adjusted_raw = _number(raw), raw
            elif kind == "决算":
                current.final, current.final_raw = _number(raw), raw
            else:
                current.budget, current.budget_raw = _number(raw), raw
                current.extra["budget_kind"] = "年初预算" if kind == "年初预算" else "预算数"
    rate = _RATE.search(clause)
    if rate and current is not None:
        current.rate, current.rate_raw = float(rate.group("pct")), rate.group("pct")
        current.rate_base = "调整预算" if (rate.group("base") or "").startswith("调整") else ""
        current.extra["rate_text"] = rate.group(0)  # as printed: "完成年初预算的98.20%"
    return current



def _pairs(frame: pd.DataFrame) -> dict[str, dict[str, str]]:
    """A table's measures grouped by the part before their last step: for each group, its
    budget, adjusted and final measures (年初预算数, 预算数; 调整预算数; 决算数)."""
    groups: dict[str, dict[str, str]] = {}
    for measure in pd.unique(frame["measure"]):
        parts = measure_key(measure).split("/")
        end, prefix = parts[-1], "/".join(parts[:-1])
        if end in _BUDGET_ENDS:
            slot = groups.setdefault(prefix, {})
            if "budget" not in slot or end == "年初预算数":
                slot["budget"], slot["budget_kind"] = measure, _BUDGET_ENDS[end]
        elif end in _ADJUSTED_ENDS:
            groups.setdefault(prefix, {})["adjusted"] = measure
        elif end in _FINAL_ENDS:
            groups.setdefault(prefix, {})["final"] = measure
    return {p: g for p, g in groups.items() if "final" in g and ("budget" in g or "adjusted" in g)}


def _part_name(prefix: str, common: int) -> tuple[str, int]:
    """A one-row table's item named by its column group, and its level (合计 0)."""
    parts = prefix.split("/")
    if parts[-1] in ("合计", "总计"):
        return parts[0] if parts[0] not in ("合计", "总计") else "合计", 0
    if parts[-1] == "小计":
        parts = parts[:-1]
    return parts[-1], max(len(parts) - common, 1)


def _records(frame: pd.DataFrame) -> list[dict]:
    """A frame's rows as dicts, blanks as the frame holds them (``pd.NA`` stays ``pd.NA``)."""
    columns = list(frame.columns)
    return [dict(zip(columns, values, strict=True))
            for values in zip(*(frame[c].tolist() for c in columns), strict=True)]


def _cell(cells: list[dict], measure: str | None) -> tuple[float | None, str | None, bool]:
    """A row's value in a measure, from its cells as records: (value, raw, blank filled with 0)."""
    if measure is None:
        return None, None, False
    found = next((c for c in cells if c["measure"] == measure), None)
    if found is None:
        return None, None, False
    value = found["value"]
    if value != value:
        return 0.0, None, True  # a blank cell of a printed row: nothing spent or budgeted
    return float(value), found["raw"], False


def table_items(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The items of every table that prints a budget and a 决算 side by side.

    A blank cell in a printed row is 0 (the row prints the table's other figures), said in
    ``note``. Rows: ``item``, ``code``, ``level``, ``table``, ``budget_kind``, ``budget``,
    ``adjusted``, ``final`` with their raw text, ``line`` and ``page``.
    """
    records = []
    for title, frame in tables.items():
        if frame.empty:
            continue
        groups = _pairs(frame)
        if not groups:
            continue
        one_row = frame["row"].nunique() == 1
        prefixes = [p.split("/") for p in groups]
        common = 0
        while all(len(p) > common + 1 and p[common] == prefixes[0][common] for p in prefixes):
            common += 1
        for prefix, group in groups.items():
            rows: dict[int, list[dict]] = {}  # records: a frame's row access costs a hundred times
            for record in _records(frame[frame["measure"].isin(group.values())]):
                rows.setdefault(record["row"], []).append(record)
            for row in sorted(rows):
                cells = rows[row]
                first = cells[0]
                if one_row:
                    item, level = _part_name(prefix, common)
                else:
                    item, level = str(first["name"]), first["level"]
                    if first["row_type"] == "total":
                        level = 0
                    if len(groups) > 1 and prefix:
                        item = f"{item}（{prefix}）"
                budget, budget_raw, b_blank = _cell(cells, group.get("budget"))
                adjusted, _, a_blank = _cell(cells, group.get("adjusted"))
                final, final_raw, f_blank = _cell(cells, group["final"])
                records.append({
                    "item": item, "code": first["code"], "level": level, "table": title,
                    "budget_kind": group.get("budget_kind"), "budget": budget,
                    "budget_raw": budget_raw, "adjusted": adjusted, "final": final,
                    "final_raw": final_raw, "line": first["line"], "page": first["page"],
                    "key": subject_key(item if one_row else str(first["name"])),
                    "note": "表中空白按0计" if (b_blank or a_blank or f_blank) else None})
    return pd.DataFrame.from_records(records, columns=[
        "item", "code", "level", "table", "budget_kind", "budget", "budget_raw", "adjusted",
        "final", "final_raw", "line", "page", "key", "note"])




def _amount(value: float) -> float:
    """A cell's amount, a blank counting 0 (a printed row's blank: nothing spent)."""
    return 0.0 if value != value else float(value)


def coded_row(cells: Mapping[str, Sequence[Cell]], names: Sequence[str]) -> dict | None:
    """The 决算 table row a 类/款/项 heading names, with its code and 决算数.

    ``cells`` are the document's cells by table (``doc.cells``); the row's names, followed
    up its parents, must be ``names`` (compared by :func:`~budgetlib.text.key`). Gives
    ``table``, ``code``, ``level``, ``item``, ``final`` (a blank is 0), ``final_raw``,
    ``unit``, ``line`` and ``page``, or ``None``.

    Examples
    --------
    >>> from budgetlib.parse.tables import Cell
    >>> def cell(code, level, parent, name, value):
    ...     return Cell("一般公共预算财政拨款支出决算表", None, level, None, 15, code, None, None,
    ...                 None, level, parent, name, name, None, "item", False, "合计", f"{value}",
    ...                 None, value)
    >>> cells = {"一般公共预算财政拨款支出决算表": [cell("201", 1, None, "一般公共服务支出", 90.0),
    ...     cell("20106", 2, "201", "财政事务", 90.0), cell("2010601", 3, "20106", "行政运行", 90.0)]}
    >>> row = coded_row(cells, ("一般公共服务支出", "财政事务", "行政运行"))
    >>> row["code"], row["final"], row["page"]
    ('2010601', 90.0, 15)
    >>> coded_row(cells, ("一般公共服务支出", "财政事务", "信息化建设")) is None
    True
    """
    wanted = [key(n) for n in names]
    for title, measures in CODED_FINAL:
        table = cells.get(title) or []
        if not any(isinstance(c.code, str) for c in table):
            continue
        printed = list(dict.fromkeys(c.measure for c in table))
        measure = next((m for want in measures for m in printed if measure_key(m) == want), None)
        if measure is None:
            continue
        column = [c for c in table if c.measure == measure]
        by_code: dict[str, str] = {}
        parent_of: dict[str, str | None] = {}
        for c in column:
            if isinstance(c.code, str):
                by_code[c.code] = key(str(c.name))
                parent_of.setdefault(c.code, c.parent)
        for c in column:
            if not isinstance(c.code, str) or not _level_is(c.level, len(names)):
                continue
            chain, parent = [by_code.get(c.code)], c.parent
            while isinstance(parent, str) and len(chain) < len(names):
                chain.insert(0, by_code.get(parent))
                parent = parent_of.get(parent)
            if chain == wanted:
                return {"table": title, "code": c.code, "level": int(c.level), "item": str(c.name),
                        "final": _amount(c.value), "final_raw": c.raw, "unit": c.unit,
                        "line": c.line, "page": c.page}
    return None


def _level_is(level: object, wanted: int) -> bool:
    return level is not None and level is not pd.NA and level == level and level == wanted


def table_total(cells: Mapping[str, Sequence[Cell]], wanted: str) -> dict | None:
    """A coded 决算 table's total row, when the subject names the table itself
    ("一般公共预算财政拨款支出" → 一般公共预算财政拨款支出决算表); ``wanted`` is the
    subject's :func:`subject_key`. The same fields as :func:`coded_row`'s, ``code`` None.

    Examples
    --------
    >>> from budgetlib.parse.tables import Cell
    >>> total = Cell("一般公共预算财政拨款支出决算表", None, 9, None, 15, None, None, None, None,
    ...              0, None, "合计", "合计", None, "total", False, "合计", "2,940.05", None, 2940.05)
    >>> cells = {"一般公共预算财政拨款支出决算表": [total]}
    >>> row = table_total(cells, subject_key("一般公共预算财政拨款支出"))
    >>> row["item"], row["final"], row["final_raw"]
    ('一般公共预算财政拨款支出', 2940.05, '2,940.05')
    """
    for title, measures in CODED_FINAL:
        table = cells.get(title) or []
        if not table or subject_key(title) != wanted:
            continue
        for want in measures:
            total = next((c for c in table if c.row_type == "total" and measure_key(c.measure) == want),
                         None)
            if total is not None:
                return {"table": title, "code": None, "level": 0, "item": subject_key(title) and
                        title.removesuffix("决算表"), "final": _amount(total.value),
                        "final_raw": total.raw, "unit": total.unit, "line": total.line,
                        "page": total.page}
    return None


def match_statements(statements: Sequence[Stated], items: pd.DataFrame,
                     cells: Mapping[str, Sequence[Cell]]) -> list[tuple[int | None, dict | None]]:
    """For each statement, the row it speaks of: its index in ``items`` (:func:`table_items`)
    where a table prints its budget and 决算 side by side, and the coded row (:func:`coded_row`)
    its 类/款/项 heading names, or the table total (:func:`table_total`) its subject names.

    A statement with a heading is matched by its code (its row in ``items`` if there is one,
    else its coded row); one without, by its subject's key in ``items``, else a table's total.
    ``(None, None)``: unmatched.

    Examples
    --------
    >>> said = [Stated("公务接待费", final=0.0), Stated("其他费用", final=1.0)]
    >>> items = pd.DataFrame({"code": [None], "table": ["三公"], "key": [subject_key("公务接待费")]})
    >>> match_statements(said, items, {})
    [(0, None), (None, None)]
    """
    by_code: dict[tuple, int] = {}
    by_key: dict[str, int] = {}
    for index, code, table, subject in zip(items.index, items["code"], items["table"], items["key"],
                                           strict=True):
        if isinstance(code, str):
            by_code.setdefault((code, table), index)
        by_key.setdefault(subject, index)
    found: list[tuple[int | None, dict | None]] = []
    for stated in statements:
        if stated.names:
            linked = coded_row(cells, stated.names)
            index = by_code.get((linked["code"], linked["table"])) if linked else None
        else:
            index, linked = by_key.get(stated.key), None
            if index is None:
                linked = table_total(cells, stated.key)
        found.append((index, linked))
    return found
