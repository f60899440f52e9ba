"""Reviewer rules on a PDF's pages: blank pages, text beyond the page edge, and the table
of contents against the tables actually found."""

from __future__ import annotations

import re

from budgetlib.audit.findings import finding
from budgetlib.model import BudgetDocument
from budgetlib.parse.identify import find_spec, title_key
from budgetlib.parse.narrative import Paragraph

#: A page with fewer characters than this and no image is blank (a page number alone is
#: 1–3 characters). Trap: a cover or a divider page with one word still has a few characters,
#: so only a page with none at all counts.
BLANK_CHARS = 1


def check_blank_pages(doc: BudgetDocument) -> list[dict]:
    """Pages with no text and no image."""
    return [finding("blank_page", "warning", f"{p.file} 第{p.page}页为空白页。", page=p.page)
            for p in doc.pages if p.chars < BLANK_CHARS and not p.images]


def check_page_edge(doc: BudgetDocument) -> list[dict]:
    """Characters whose box lies outside the page: a reader sees them, a printout cuts them off.

    A ``warning`` either way, as a reviewer lists it: text set beyond the edge is a layout
    fault even where nothing is lost. Trap: a long cell printed over two pages carries its
    whole text on each page, the part beyond the edge shown on the other page; nothing is cut
    off there, and the message says so.
    """
    shown = re.sub(r"\s", "", "".join(doc.paragraphs["text"]))
    out = []
    for p in doc.pages:
        if not p.outside:
            continue
        elsewhere = len(p.sample) >= 8 and re.sub(r"\s", "", p.sample) in shown
        note = "（这些文字在文档他处已印出，未缺内容）" if elsewhere else ""
        out.append(finding("beyond_page_edge", "warning",
                           f"{p.file} 第{p.page}页有 {p.outside} 个字符超出页面边界：“{p.sample}”{note}。",
                           page=p.page))
    return out


def check_contents(doc: BudgetDocument) -> list[dict]:
    """Every table the contents lists is in the document, and every table found is listed.

    Trap: contents entries that are sections, not tables (…情况说明, 名词解释), are not
    tables; a table is matched by its registry entry, so 收支预算总表 lists 部门收支总体情况表.
    """
    listed = {}
    for entry in doc.contents:
        # "8．…预算表9.2025年…预算表": two entries the reader ran together
        for text in re.split(r"(?<=表)\s*(?=\d+[.．、])", entry.text.strip()):
            spec = find_spec(text)
            if spec is not None and text.endswith(("表", "表）")) and "说明" not in text:
                listed.setdefault(spec.title, Paragraph(text, entry.line, entry.page))
    if not listed:
        return []
    out = [finding("contents_table_missing", "error",
                   f"目录列有“{entry.text.strip()}”，文档中未找到此表。", title,
                   line=entry.line, page=entry.page)
           for title, entry in listed.items() if title not in doc.tables]
    # a list without amounts (单位构成) is part of a section, not a table the contents list
    unlisted = [t for t in doc.tables if t not in listed and find_spec(t) is not None
                and doc.table_meta[t].measures]
    out += [finding("table_not_in_contents", "info", f"“{t}”未列入目录。", t) for t in unlisted
            if title_key(t)]
    return out


LAYOUT_RULES = {
    "blank_pages": check_blank_pages,
    "page_edge": check_page_edge,
    "contents": check_contents,
}
