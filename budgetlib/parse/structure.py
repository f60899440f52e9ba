"""Find the tables in a reader's blocks: title, number, 编制部门, unit, rows and note.

Format-independent: works on :class:`~budgetlib.readers.RawDocument` blocks from any reader.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from functools import partial

from budgetlib.parse.identify import find_spec, identify_header, identify_title, is_known_title
from budgetlib.problems import Problem, guarded
from budgetlib.readers import Block, RawDocument, RawRow
from budgetlib.registry import TableSpec
from budgetlib.text import is_amount

_NUMBER = re.compile(r"^(?:表|公开)\s*(\d+)\s*(?:表)?$")
_ORG = re.compile(r"(?:编制部门|编制单位|预算单位|部门名称|^部门)\s*[:：]\s*"
                  r"((?:(?!单\s*位\s*[:：]).)+?)\s*(?=单\s*位\s*[:：]|$)")
_UNIT = re.compile(r"(?<!编制)单\s*位\s*[:：]\s*(千?万?亿?元)")
_CAPTION = re.compile(r"^[（(]\s*\d{4}\s*年?\s*[）)]$")
# "本表为空表", "此表为空", "本部门无政府性基金预算相关收支项目": why a table is empty
_EMPTY_NOTE = re.compile(r"空表|[此本]表为空|无.{0,16}(?:收支|项目|预算|数据)")
_MAX_TITLE = 40


@dataclass(frozen=True)
class TableGrid:
    """A table found in the document, before its rows are interpreted."""

    title: str
    spec: TableSpec | None
    rows: tuple[RawRow, ...]
    number: str | None = None
    org: str | None = None
    unit: str | None = None
    note: str | None = None
    line: int | None = None
    page: int | None = None
    #: How the table was identified: a key of :data:`~budgetlib.registry.IDENTIFIED_BY`.
    identified: str = "untitled"


def _is_title(block: Block) -> bool:
    text = block.text.strip()
    return block.kind != "table" and not _NUMBER.match(text) and (
        is_known_title(text) or (len(text) <= _MAX_TITLE and text.endswith("表"))
    )


def _is_preamble(block: Block) -> bool:
    """Lines printed between a title and its table: 编制部门, 单位, the year caption."""
    text = block.text.strip()
    return block.kind == "paragraph" and bool(
        _ORG.search(text) or _UNIT.search(text) or _CAPTION.match(text)
    )


def find_table_grids(raw: RawDocument) -> tuple[list[TableGrid], list[Block], list[Problem]]:
    """Split blocks into table grids and the narrative blocks left over.

    Each table block claims, walking back, its 编制部门/单位 lines, its title and its
    ``表 N`` marker; a paragraph right after it that says the table is empty is its note.
    A title or marker that no table follows is reported as a truncated table.

    Examples
    --------
    >>> from budgetlib.readers import read_text
    >>> raw = read_text("表 1\\n\\n## 部门收支总体情况表\\n\\n单位：万元\\n\\n收入\\t支出\\n\\n正文。\\n")
    >>> grids, narrative, problems = find_table_grids(raw)
    >>> grids[0].title, grids[0].number, grids[0].unit, [b.text for b in narrative]
    ('部门收支总体情况表', '1', '万元', ['正文。'])
    """
    blocks = raw.blocks
    claimed: set[int] = set()
    grids: list[TableGrid] = []
    problems: list[Problem] = []
    for i, block in enumerate(blocks):
        if block.kind != "table":
            continue
        claimed.add(i)
        # a block this code did not foresee is kept as an unidentified grid of its rows
        where = f"第{block.line or block.page}{'行' if block.line else '页'}"
        kept = TableGrid(f"未识别表格（{where}）", None, block.rows, line=block.line, page=block.page)
        grids += guarded(partial(_block_grids, blocks, i, claimed, problems), [kept],
                         f"{where}的表格", problems, line=block.line, page=block.page)
    grids += _truncated(blocks, claimed, problems)
    narrative = [b for i, b in enumerate(blocks) if i not in claimed]
    return grids, narrative, problems


def _block_grids(blocks: list[Block], i: int, claimed: set[int], problems: list[Problem]
                 ) -> list[TableGrid]:
    """The grids of table block ``i`` (claimed): its title, marker, 编制部门/单位 lines and
    note (claimed in ``claimed``), and a table of its own at each known title inside it."""
    block = blocks[i]
    grids: list[TableGrid] = []
    meta = {"org": None, "unit": None, "title": None, "number": None, "line": block.line}
    j = i - 1
    while j >= 0 and j not in claimed and _is_preamble(blocks[j]):
        meta["org"] = meta["org"] or _first(_ORG, blocks[j].text)
        meta["unit"] = meta["unit"] or _first(_UNIT, blocks[j].text)
        claimed.add(j)
        j -= 1
    if j >= 0 and j not in claimed and _is_title(blocks[j]):
        meta["title"], meta["line"] = blocks[j].text.strip(), blocks[j].line
        claimed.add(j)
        j -= 1
    if j >= 0 and j not in claimed and _NUMBER.match(blocks[j].text.strip()):
        meta["number"] = _NUMBER.match(blocks[j].text.strip()).group(1)
        claimed.add(j)
    note = None
    after = i + 1
    if after < len(blocks) and blocks[after].kind == "paragraph":
        if _EMPTY_NOTE.search(blocks[after].text):
            note = blocks[after].text
            claimed.add(after)
    rows = block.rows
    if meta["title"] is None:  # some tables print their title in their first row
        meta["title"], rows = _title_in_rows(rows)
    # a known title printed inside the grid (in the frame of the table before it)
    # starts a table of its own there
    first, *inner = _split_at_titles(rows)
    if inner and meta["title"] is None and not any(c.strip() for r in first for c in r.cells):
        # blank rows a drawn grid holds above the title inside it: the title opens the grid
        first, *inner = inner
        meta["title"], first = _title_in_rows(first)
    for k, rows in enumerate([first, *inner]):
        if k:
            meta = {"org": None, "unit": None, "number": None, "line": block.line}
            meta["title"], rows = _title_in_rows(rows)
            note = None
        grids.append(_grid(meta, rows, note, block, problems))
    return grids


def identify_by_contents(grids: list[TableGrid], contents: list) -> tuple[list[TableGrid], list[Problem]]:
    """Untitled tables named by the contents: one between two identified tables takes the
    one table the contents list between those two that no table of the document is.

    Examples
    --------
    >>> from budgetlib.parse.narrative import Paragraph
    >>> from budgetlib.parse.identify import find_spec
    >>> listed = [Paragraph(t, None) for t in ("收支预算总表", "收入预算总表", "支出预算总表")]
    >>> grids = [TableGrid("收支预算总表", find_spec("收支预算总表"), ()),
    ...          TableGrid("未识别表格（第3页）", None, ()),
    ...          TableGrid("支出预算总表", find_spec("支出预算总表"), ())]
    >>> named, problems = identify_by_contents(grids, listed)
    >>> named[1].spec.title, named[1].identified
    ('部门收入总体情况表', 'contents')
    """
    listed = list(dict.fromkeys(spec.title for entry in contents
                                if (spec := identify_title(entry.text)[0]) is not None))
    found = {g.spec.title for g in grids if g.spec}
    out, problems = list(grids), []
    for i, grid in enumerate(grids):
        if grid.spec is not None:
            continue
        before = next((g.spec.title for g in reversed(out[:i]) if g.spec and g.spec.title in listed), None)
        after = next((g.spec.title for g in out[i + 1:] if g.spec and g.spec.title in listed), None)
        low = listed.index(before) + 1 if before else 0
        high = listed.index(after) if after else len(listed)
        gap = [t for t in listed[low:high] if t not in found]
        if len(gap) == 1:
            out[i] = replace(grid, spec=find_spec(gap[0]), identified="contents")
            found.add(gap[0])
            problems.append(Problem("info", f"{grid.title}：按目录中的位置识别为“{gap[0]}”",
                                    grid.line, gap[0], grid.page, code="by_contents"))
    return out, problems


def identify_by_header(grids: list[TableGrid]) -> list[TableGrid]:
    """Untitled tables whose header words are those of exactly one registered table.

    >>> from budgetlib.readers import RawRow
    >>> rows = (RawRow(("科目编码", "科目名称", "机关运行经费支出"), (False,) * 3),)
    >>> identify_by_header([TableGrid("未识别表格（第9页）", None, rows)])[0].identified
    'header'
    """
    out = []
    for grid in grids:
        header = list(itertools.takewhile(lambda r: not any(is_amount(c) for c in r.cells), grid.rows))
        spec = None if grid.spec else identify_header(" ".join(c for r in header for c in r.cells))
        out.append(replace(grid, spec=spec, identified="header") if spec else grid)
    return out


def _grid(meta: dict, rows: tuple[RawRow, ...], note: str | None, block: Block,
          problems: list[Problem]) -> TableGrid:
    rows, org, unit = _preamble_rows(rows)
    org, unit = meta["org"] or org, meta["unit"] or unit
    if note is None:  # a note printed inside the table ("此表为空"), kept as a row too
        note = next((text for r in rows if _EMPTY_NOTE.search(text := " ".join(c for c in r.cells if c))),
                    None)
    title = meta["title"]
    page = rows[0].page if rows and rows[0].page else block.page
    if title is None:
        title = f"未识别表格（第{block.line or page}{'行' if block.line else '页'}）"
        problems.append(Problem("warning", "表格没有可识别的标题，按原样保留",
                                block.line, title, page, code="untitled_table"))
    spec, how = identify_title(title)
    return TableGrid(title, spec, rows, meta["number"], org, unit, note, meta["line"], page, how)


def _split_at_titles(rows: tuple[RawRow, ...]) -> list[tuple[RawRow, ...]]:
    """Cut a grid before every later row that holds nothing but a registered table's title."""
    cuts = [i for i, row in enumerate(rows) if i and is_known_title(_single(row) or "")]
    edges = [0, *cuts, len(rows)]
    return [rows[a:b] for a, b in zip(edges, edges[1:], strict=False)]


def _single(row: RawRow) -> str | None:
    filled = {c.strip() for c in row.cells if c.strip()}
    return filled.pop() if len(filled) == 1 else None


def _title_in_rows(rows: tuple[RawRow, ...]) -> tuple[str | None, tuple[RawRow, ...]]:
    """A title printed across a table's first row, and the rows after it and its caption."""
    first = _single(rows[0]) if rows else None
    if not first or not _is_title(Block("paragraph", text=first)):
        return None, rows
    rest = rows[1:]
    while rest and (text := _single(rest[0])) and _is_preamble(Block("paragraph", text=text)):
        rest = rest[1:]
    return first, rest


def _preamble_rows(rows: tuple[RawRow, ...]) -> tuple[tuple[RawRow, ...], str | None, str | None]:
    """Blank rows and 部门/单位 rows printed inside a table's top: (rest, org, unit)."""
    org = unit = None
    while rows:
        text = " ".join(c.strip() for c in rows[0].cells if c.strip())
        if text and not (_ORG.search(text) or _UNIT.search(text)):
            break
        org = org or _first(_ORG, text)
        unit = unit or _first(_UNIT, text)
        rows = rows[1:]
    return rows, org, unit


def _truncated(blocks: list[Block], claimed: set[int], problems: list[Problem]) -> list[TableGrid]:
    """Markers ``表 N`` and known titles that no table follows: truncated tables."""
    grids = []
    for i, block in enumerate(blocks):
        text = block.text.strip()
        if i in claimed or block.kind == "table":
            continue
        # a contents entry names a table too: only a marker, or a title with its 编制部门 or
        # 单位 line under it, opens one
        followed = i + 1 < len(blocks) and _is_preamble(blocks[i + 1])
        if not (_NUMBER.match(text) or (followed and is_known_title(text))):
            continue
        claimed.add(i)
        nxt = i + 1
        if _NUMBER.match(text) and nxt < len(blocks) and nxt not in claimed:
            if _is_title(blocks[nxt]):
                claimed.add(nxt)
                text = blocks[nxt].text.strip()
                nxt += 1
        while nxt < len(blocks) and nxt not in claimed and _is_preamble(blocks[nxt]):
            claimed.add(nxt)
            nxt += 1
        problems.append(
            Problem("error", f"{text}：印有标题，但其后没有表格行（表格不完整？）",
                    block.line, text, code="title_without_rows")
        )
        spec, how = identify_title(text)
        grids.append(TableGrid(text, spec, (), line=block.line, page=block.page, identified=how))
    return grids


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(1) if match else None
