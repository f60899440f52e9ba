"""Document facts from the cover and the tables: title, year, kind, department."""

from __future__ import annotations

import re
from collections import Counter

from .narrative import Section
from .problems import Problem
from .readers import Block

_YEAR = re.compile(r"(20\d{2})\s*年")
_KINDS = ("部门预算", "单位预算")
_ORG_TAIL = re.compile(r"(部门|单位)?预算.*$")
_FIELD = re.compile(r"[:：]")
_DEPARTMENT_FIELD = re.compile(r"(?:预算主管部门|部门名称|单位名称|预算单位)\s*[:：]\s*(\S+)")


def cover_title(sections: list[Section]) -> str:
    """The title printed on the cover: the paragraphs before the first heading, joined."""
    cover = next((s for s in sections if s.level == 0), None)
    # "预算主管部门：…" on a cover names the department, not the document
    return "".join(p.text for p in cover.paragraphs if not _FIELD.search(p.text)) if cover else ""


def budget_year(title: str, blocks: list[Block]) -> int | None:
    """The budget year: from the title, else the year the headings name most often."""
    match = _YEAR.search(title)
    if match:
        return int(match.group(1))
    years = Counter(m for b in blocks if b.kind == "heading" for m in _YEAR.findall(b.text))
    return int(years.most_common(1)[0][0]) if years else None


def budget_kind(title: str, text: str) -> str | None:
    """部门预算 or 单位预算: from the title, else the one the text names more often."""
    for kind in _KINDS:
        if kind in title:
            return kind
    counts = {kind: text.count(kind) for kind in _KINDS}
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def department_name(candidates: list[tuple[str, int | None]], text: str) -> tuple[
    str | None, list[str], list[Problem]
]:
    """Choose one name among the spellings the document uses for its department.

    The spelling the whole text uses most often wins (a shorter one on a tie); every
    other spelling is reported with the line where it is first seen.

    Examples
    --------
    >>> name, spellings, problems = department_name(
    ...     [("外事办办公室", 3), ("外事办公室", 80)], "外事办公室 外事办公室 外事办办公室")
    >>> name, spellings
    ('外事办公室', ['外事办公室', '外事办办公室'])
    """
    first_line: dict[str, int | None] = {}
    for name, line in candidates:
        name = name.strip()
        if name and name not in first_line:
            first_line[name] = line
    if not first_line:
        return None, [], [Problem("warning", "the department is named nowhere on the cover "
                                  "or in the tables")]
    counts = {name: text.count(name) for name in first_line}
    spellings = sorted(first_line, key=lambda n: (-counts[n], len(n)))
    chosen = spellings[0]
    problems = [
        Problem("info", f"the department is also spelled “{other}” ({counts[other]} times; "
                f"“{chosen}” {counts[chosen]} times); read as “{chosen}”", first_line[other])
        for other in spellings[1:]
    ]
    return chosen, spellings, problems


def org_from_title(title: str, year: int | None) -> str:
    """The department named in a cover title such as "2026 年某某局部门预算公开".

    Examples
    --------
    >>> org_from_title("2026 年阿图什市人民政府外事办办公室部门预算公开", 2026)
    '阿图什市人民政府外事办办公室'
    """
    text = re.sub(rf"^\s*{year}\s*年度?\s*", "", title) if year else title
    if re.search(r"20\d{2}\s*年", text):  # "上海市普陀区2025年区级部门预算": a region's title
        return ""
    return _ORG_TAIL.sub("", text).strip()


def cover_fields(sections: list[Section]) -> list[tuple[str, int | None]]:
    """Departments a cover names in fields such as "预算主管部门：…"."""
    cover = next((s for s in sections if s.level == 0), None)
    found = []
    for paragraph in cover.paragraphs if cover else ():
        match = _DEPARTMENT_FIELD.search(paragraph.text)
        if match:
            found.append((match.group(1).strip(), paragraph.line))
    return found
