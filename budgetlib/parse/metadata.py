"""Document facts from the cover and the tables: title, year, kind, department."""

from __future__ import annotations

import re
from collections import Counter

from budgetlib.parse.narrative import Section
from budgetlib.problems import Problem
from budgetlib.readers import Block
from budgetlib.registry import DEPARTMENT_ALIASES, NAME_ENDINGS

_YEAR = re.compile(r"(20\d{2})\s*年")
_LONE_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\s*\d)")
_DATE = re.compile(r"^\s*20\d{2}\s*年\s*\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?\s*$")
#: A name a template leaves to be filled in (上海市XX局, ××单位): what marks a blank template.
PLACEHOLDER_NAME = re.compile(r"[Xx×ｘＸ]{2,}")

#: The kinds of disclosure, budgets (预算) and final accounts (决算).
_KINDS = ("部门预算", "单位预算", "部门决算", "单位决算")
_ORG_TAIL = re.compile(r"(部门|单位)?[预决]算.*$")
_TITLE_YEAR = re.compile(r"\s*20\d{2}\s*年度?\s*")
_FIELD = re.compile(r"[:：]")
_DEPARTMENT_FIELD = re.compile(r"(?:预算主管部门|部门名称|单位名称|预算单位)\s*[:：]\s*(\S+)")

# where a name printed on in the text surely stops: "江苏省高级人民法院2019年度部门预算"
_AFTER_NAME = re.compile(r"部门|单位|预算|决算|年|的|概况")

# a year, 年度 or the document's kind glued onto a name: "江苏省人民检察院年", "…年度部门决算2024"
_GLUED_HEAD = re.compile(r"^(?:20\d{2}\s*)?年度?")
_GLUED_TAIL = re.compile(r"(?:20\d{2})?年?度?(?:(?:部门|单位)?[预决]算(?:公开)?)?(?:20\d{2})?$")


def cover_title(sections: list[Section]) -> str:
    """The title printed on the cover: the paragraphs before the first heading, joined.

    Fields ("预算主管部门：…", which name the department, not the document) and a date of
    publication are left out; a year the reader found apart from its 年 is put back.
    """
    cover = next((s for s in sections if s.level == 0), None)
    if not cover:
        return ""
    parts = [p.text for p in cover.paragraphs
             if not _FIELD.search(p.text) and not _DATE.match(p.text)]
    return place_year("".join(parts))


def place_year(title: str) -> str:
    """Put a year read apart from its 年 back before it.

    A PDF may give the year of "2024年度部门决算" after the rest of the line, when it is
    printed in another font or size; a title that has a year with its 年 is left as it is.

    Examples
    --------
    >>> place_year("上海市普陀区财政局年度部门决算2024")
    '上海市普陀区财政局2024年度部门决算'
    >>> place_year("2026 年阿图什市人民政府外事办公室部门预算公开")
    '2026 年阿图什市人民政府外事办公室部门预算公开'
    """
    lone = _LONE_YEAR.search(title)
    if _YEAR.search(title) or not lone:
        return title
    rest = title[:lone.start()] + title[lone.end():]
    at = rest.find("年")
    return rest[:at] + lone.group(1) + rest[at:] if at >= 0 else title


def budget_year(title: str, blocks: list[Block]) -> int | None:
    """The budget year: from the title, else the year the headings name most often.

    Examples
    --------
    >>> budget_year("上海市普陀区财政局年度部门决算2024", [])
    2024
    """
    match = _YEAR.search(place_year(title))
    if match:
        return int(match.group(1))
    years = Counter(m for b in blocks if b.kind == "heading" for m in _YEAR.findall(b.text))
    return int(years.most_common(1)[0][0]) if years else None


def budget_kind(title: str, text: str) -> str | None:
    """部门预算, 单位预算, 部门决算 or 单位决算: from the title, else the one the text names
    most often.

    Examples
    --------
    >>> budget_kind("上海市普陀区财政局2024年度部门决算", "深化部门预算改革")
    '部门决算'
    >>> budget_kind("", "单位决算 单位决算 部门预算")
    '单位决算'
    """
    for kind in _KINDS:
        if kind in title:
            return kind
    counts = {kind: text.count(kind) for kind in _KINDS}
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def department_key(name: str | None) -> str:
    """A department's name with every word in its short form (:data:`DEPARTMENT_ALIASES`):
    the spellings of one department share it.

    Examples
    --------
    >>> department_key("中国共产党江苏省委员会办公厅") == department_key("江苏省委办公厅")
    True
    >>> department_key("江苏省人大常委会办公厅") == department_key("江苏省人大")
    True
    >>> department_key("江苏省高级人民法院") == department_key("江苏省人民检察院")
    False
    """
    name = re.sub(r"\s+", "", name or "")
    for long, short in DEPARTMENT_ALIASES:
        name = name.replace(long, short)
    return name


def clean_name(name: str) -> str:
    """A department's name without spaces and without a year, 年度 or the document's kind
    glued on by the reader; a name that would no longer end like one is left as it is.

    Examples
    --------
    >>> clean_name("江苏省人民检察院年")
    '江苏省人民检察院'
    >>> clean_name("上海市普陀区财政局年度部门决算2024")
    '上海市普陀区财政局'
    >>> clean_name("2019 年度江苏省高级 人民法院")
    '江苏省高级人民法院'
    """
    name = re.sub(r"\s+", "", name)
    cleaned = _GLUED_TAIL.sub("", _GLUED_HEAD.sub("", name))
    return cleaned if cleaned != name and cleaned.endswith(NAME_ENDINGS) else name


def complete_name(name: str, text: str) -> str:
    """A name cut short (by a cell's wrap) completed with what follows it in the text most
    often; a name that ends like one (:data:`NAME_ENDINGS`) is complete.

    Examples
    --------
    >>> complete_name("江苏省高级人民法", "江苏省高级人民法院 江苏省高级人民法\\t院")
    '江苏省高级人民法院'
    >>> complete_name("江苏省人大", "江苏省人大常委会办公厅")
    '江苏省人大'
    """
    if not name or name.endswith(NAME_ENDINGS):
        return name
    found = Counter()
    for match in re.finditer(re.escape(name) + r"([\u4e00-\u9fff]{1,6})", text):
        rest = _AFTER_NAME.split(match.group(1))[0]
        ends = [i for i in range(1, len(rest) + 1) if rest[:i].endswith(NAME_ENDINGS)]
        if ends:
            found[name + rest[:ends[0]]] += 1
    return found.most_common(1)[0][0] if found else name


def count_spellings(names: list[str], text: str) -> dict[str, int]:
    """How often the text prints each name, an occurrence counted once, for the longest name
    printed there (江苏省委办公厅 inside 中共江苏省委办公厅 is not counted).

    Examples
    --------
    >>> count_spellings(["江苏省委办公厅", "中共江苏省委办公厅"], "中共江苏省委办公厅，江苏省委办公厅")
    {'江苏省委办公厅': 1, '中共江苏省委办公厅': 1}
    """
    names = [n for n in names if n]
    if not names:
        return {}
    found = Counter(re.findall("|".join(map(re.escape, sorted(names, key=len, reverse=True))),
                               text))
    return {name: found[name] for name in names}


def department_name(candidates: list[tuple[str, int | None]], text: str) -> tuple[
    str | None, list[str], list[Problem]
]:
    """Choose one name among the spellings the document uses for its department.

    Each candidate (a name and the line where it is printed) is first cleaned
    (:func:`clean_name`) and, when cut short, completed from the text
    (:func:`complete_name`). Spellings of one department (:func:`department_key`: a short
    form, 江苏省委办公厅, of 中共江苏省委办公厅) count together: the department the whole
    text names most often wins (a shorter name on a tie), read as its longest spelling, the
    publisher's full name. Every other spelling is kept, longest first, and reported with the
    line where it is first seen.

    Parameters
    ----------
    candidates
        Names from the cover title, the cover's fields and the tables' headers, with their
        line (or ``None``).
    text
        The whole text of the document, where spellings are counted.

    Returns
    -------
    tuple
        The name (``None`` when no candidate names one), every spelling (the name first),
        and the problems (info: other spellings, names cut or glued).

    Examples
    --------
    >>> name, spellings, problems = department_name(
    ...     [("外事办办公室", 3), ("外事办公室", 80)], "外事办公室 外事办公室 外事办办公室")
    >>> name, spellings
    ('外事办公室', ['外事办公室', '外事办办公室'])
    >>> name, spellings, _ = department_name(
    ...     [("江苏省委办公厅", 1), ("中共江苏省委办公厅", 90)], "江苏省委办公厅 中共江苏省委办公厅")
    >>> name, spellings
    ('中共江苏省委办公厅', ['中共江苏省委办公厅', '江苏省委办公厅'])
    """
    first_line: dict[str, int | None] = {}
    problems, seen = [], set()
    for printed, line in candidates:
        name = clean_name(printed)
        if not name:
            continue
        name = complete_name(name, text)
        if name != re.sub(r"\s+", "", printed) and printed not in seen:
            seen.add(printed)
            problems.append(Problem("info", f"单位名称“{printed.strip()}”读作“{name}”", line,
                                    code="department_read_as"))
        first_line.setdefault(name, line)
    if not first_line:
        return None, [], [*problems, Problem("warning", "封面和表格中都没有写明单位名称",
                                             code="no_department")]
    counts = count_spellings(list(first_line), text)
    groups: dict[str, list[str]] = {}
    for name in first_line:
        groups.setdefault(department_key(name), []).append(name)
    best = min(groups.values(), key=lambda g: (-sum(counts[n] for n in g), min(map(len, g))))
    chosen = max(best, key=lambda n: (len(n), counts[n]))
    spellings = [chosen, *sorted((n for n in first_line if n != chosen), key=lambda n: -len(n))]
    for other in spellings[1:]:
        form = "（简称）" if other in best else ""
        problems.append(Problem(
            "info", f"单位名称另写作“{other}”{form}（{counts[other]} 次；“{chosen}” "
            f"{counts[chosen]} 次），统一读作“{chosen}”", first_line[other], code="department_spelling"))
    return chosen, spellings, problems


def org_from_title(title: str, year: int | None) -> str:
    """The department named in a cover title such as "2026 年某某局部门预算公开" or
    "某某局2024年度部门决算"; nothing for a region's title ("上海市普陀区2025年区级部门预算").

    Examples
    --------
    >>> org_from_title("2026 年阿图什市人民政府外事办办公室部门预算公开", 2026)
    '阿图什市人民政府外事办办公室'
    >>> org_from_title("江苏省高级人民法院2019 年度部门预算公开", 2019)
    '江苏省高级人民法院'
    >>> org_from_title("上海市普陀区2025年区级部门预算", 2025)
    ''
    """
    text = re.sub(rf"^\s*{year}\s*年度?\s*", "", title) if year else title
    inner = _TITLE_YEAR.search(text)
    if inner:  # the name before the year, when the kind follows it
        if not re.match(r"(部门|单位)?[预决]算", text[inner.end():]):
            return ""
        text = text[:inner.start()]
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
