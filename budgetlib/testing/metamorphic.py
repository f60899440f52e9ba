"""The metamorphic check: a document whose narrative is reworded (:mod:`.rewrites`) must
give the same audit.

For a rewrite of a document's narrative:

- the ``error`` and ``warning`` findings (rule, severity and place) are unchanged;
- the claims linked to a table cell do not decrease;
- a figure planted wrong in a sentence, then reworded, is still exactly the one error it is
  in the original wording.

A PDF's narrative is reworded paragraph by paragraph after it is read, before its claims
are (:func:`rewrite_document`); a text document is reworded line by line and read again
(:func:`rewrite_text`), so a page break inside a sentence goes through the reader.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import budgetlib
from budgetlib.corpus import find_documents
from budgetlib.model import BudgetDocument
from budgetlib.parse.claims import normalize
from budgetlib.parse.narrative import Paragraph, Section
from budgetlib.testing.rewrites import FAMILIES, FIGURE, Family, decimals, value

#: A finding's rule and severity and its place: the line or page, the subject (``row``) and
#: the measure. Not the table it cites: a stated prior year's figure (which some rewrites
#: state) lets the audit cite the table where, from the change alone, it cites none.
_PLACE = ("rule", "severity", "row", "measure", "line", "page")
#: Rules on the narrative's own characters (marks, their width and pairing, text past the
#: page's edge compared with the paragraphs): a rewrite changes what they look at.
TYPOGRAPHY_RULES = frozenset({"doubled_punctuation", "unpaired_mark", "no_final_mark",
                              "half_width_mark", "beyond_page_edge"})


def _plain(x):
    return None if x is None or x != x else x


def subjects() -> list[Subject]:
    """The seed, and every corpus document when the corpus is present (the benchmarks' set)."""
    found = [load("seed", budgetlib.config.SEED_DOCUMENT)]
    folder = budgetlib.config.corpus_dir()
    if folder is not None and Path(folder).exists():
        for name, files in sorted(find_documents(folder).items()):
            found.append(load(name, files if len(files) > 1 else files[0]))
    return found


def findings(doc: BudgetDocument, lines: list[int] | None = None) -> Counter:
    """The document's ``error`` and ``warning`` findings by rule, severity and place, but
    for :data:`TYPOGRAPHY_RULES`; ``lines`` maps a reworded text's lines to the original's.

    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> sorted({rule for rule, *_ in findings(doc)})
    ['claim_name', 'department_name', 'zero_base']
    """
    audit = doc.audit()
    audit = audit[audit["severity"].isin(("error", "warning")) & ~audit["rule"].isin(TYPOGRAPHY_RULES)]
    found = Counter(tuple(_plain(x) for x in row) for row in audit[list(_PLACE)].itertuples(index=False))
    if lines is None:
        return found
    return Counter({(*k[:4], k[4] if k[4] is None else lines[int(k[4]) - 1], k[5]): n
                    for k, n in found.items()})


def linked(doc: BudgetDocument) -> int:
    """How many of the document's claims are linked to a table cell.

    >>> linked(budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT))
    85
    """
    return int(doc.claims["link_table"].notna().sum())


def moved(old: str, new: str, offset: int) -> int:
    """Where a place in ``old`` is in its rewording ``new``: an unchanged stretch keeps its
    characters' places, a place inside a reworded stretch goes to that stretch's end.

    >>> moved("支出1万元。增加", "支出：1万元。增加", 6), moved("ab", "ab", 1)
    (7, 1)
    """
    import difflib

    for tag, a0, a1, b0, b1 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if a0 <= offset < a1 or (offset == a1 and tag == "equal"):
            return b0 + (offset - a0) if tag == "equal" else b1
    return len(new)


def _rewrite_paragraph(p: Paragraph, rewrite) -> Paragraph:
    """The paragraph reworded whole (a page break may cut a word: "增|加"), its page breaks
    moved with the text around them, so that every character keeps its page."""
    text = rewrite(p.text)
    breaks = tuple(replace(b, offset=moved(p.text, text, b.offset)) for b in p.breaks)
    return replace(p, text=text, breaks=breaks)


def rewrite_sections(sections: list[Section], rewrite) -> list[Section]:
    """The sections with every paragraph's text passed through ``rewrite``.

    >>> s = Section("二、收入", 2, 1, (Paragraph("基本支出 1 万元。", 7),))
    >>> rewrite_sections([s], str.upper)[0].paragraphs[0].text, s.paragraphs[0].text
    ('基本支出 1 万元。', '基本支出 1 万元。')
    """
    return [replace(s, paragraphs=tuple(_rewrite_paragraph(p, rewrite) for p in s.paragraphs))
            for s in sections]


def rewrite_document(doc: BudgetDocument, rewrite) -> BudgetDocument:
    """The document with its narrative reworded after reading (its claims are read anew).

    >>> from budgetlib.testing.rewrites import against_jiao
    >>> doc = budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT)
    >>> new = rewrite_document(doc, against_jiao)
    >>> new.claims.query("line == 378")["base"].dropna().tolist()
    ['上年预算', '上年预算']
    >>> new.paragraphs.query("line == 378")["text"].str.contains("较上年预算").tolist()
    [True]
    """
    return replace(doc, sections=rewrite_sections(doc.sections, rewrite))


def _narrative_line(line: str) -> bool:
    return "\t" not in line and not line.lstrip().startswith(("#", "|")) and bool(re.search(r"\d", line))


def rewrite_text(text: str, rewrite) -> tuple[str, list[int]]:
    """A text document with each narrative line (not a heading or a table's row) reworded,
    and the original line of each line of the new text (a rewrite may break a line).

    >>> rewrite_text("# 一、说明\\n支出1万元，增加1万元。\\n项目\\t1.00", lambda s: s.replace("，", "，\\n"))
    ('# 一、说明\\n支出1万元，\\n增加1万元。\\n项目\\t1.00', [1, 2, 2, 3])
    """
    out, lines = [], []
    for number, line in enumerate(text.split("\n"), start=1):
        new = rewrite(line) if _narrative_line(line) else line
        out.append(new)
        lines += [number] * (new.count("\n") + 1)
    return "\n".join(out), lines


def _wrong(token: str) -> str:
    """A printed number made wrong by more than any rounding: 79.16 → 95.16; a whole
    number by 2 at least ("0" → "1" is within the rounding of two printed integers).

    >>> _wrong("79.16"), _wrong("0"), _wrong("1,234")
    ('95.16', '2', '1,481')
    """
    x = value(token)
    wrong = x + max(1.0 if decimals(token) else 2.0, round(x * 0.2))
    return f"{wrong:,.{decimals(token)}f}" if "," in token else f"{wrong:.{decimals(token)}f}"


def plant(text: str, raw: str) -> str | None:
    """The text with the one amount printed as ``raw`` made wrong; ``None`` unless exactly
    one amount of the text reads as ``raw``.

    >>> plant("基本支出 112.35 万元，增加 1.00 万元", "112.35")
    '基本支出 134.35 万元，增加 1.00 万元'
    >>> plant("A 1 万元，B 1 万元", "1") is None
    True
    """
    found = [m for m in re.finditer(rf"({FIGURE})(?=\s*万元)", text) if value(m.group(1)) == float(raw)]
    if len(found) != 1:
        return None
    m = found[0]
    return text[: m.start()] + _wrong(m.group()) + text[m.end():]


@dataclass
class Subject:
    """A document as the metamorphic check reads it: from its text (``text`` given) or as
    read (``doc``), with the figure to plant wrong."""

    name: str
    doc: BudgetDocument
    text: str | None = None

    def reworded(self, family: Family, before=None) -> tuple[BudgetDocument, list[int] | None]:
        """The document reworded by ``family``, after ``before`` (a plant) if given, and
        for a text the original line of each of its lines."""
        # a plant is made in the reworded sentence where its figure is still printed there
        # as it was: a rewrite that states a figure it computes (上年 = current − change)
        # would compute it from the planted figure, and make two figures wrong
        after = getattr(before, "after", None)
        if self.text is not None:
            line_rewrite = family.raw or family.rewrite
            new, lines = rewrite_text(self.text, line_rewrite)
            planted = None if after is None else after(new, lines)
            if planted is None and before is not None:
                planted, lines = rewrite_text(before(self.text), line_rewrite)
            return budgetlib.read_budget(planted or new, cache=False), lines
        doc = rewrite_document(self.doc, family.rewrite)
        planted = None if after is None else after(doc)
        if planted is None and before is not None:
            planted = rewrite_document(before(self.doc), family.rewrite)
        return planted or doc, None

    def findings(self, family: Family, before=None) -> tuple[BudgetDocument, Counter]:
        """The reworded document and its findings, at the original's places."""
        doc, lines = self.reworded(family, before)
        return doc, findings(doc, lines)


def load(name: str, source) -> Subject:
    """A document to check: a text file is kept as text (reworded before reading).

    >>> seed = load("seed", budgetlib.config.SEED_DOCUMENT)
    >>> seed.text.splitlines()[377][:16]
    '一般公共预算 122.35 万元'
    """
    if isinstance(source, (str, Path)) and Path(source).suffix in (".txt", ".md"):
        text = Path(source).read_text(encoding="utf-8")
        return Subject(name, budgetlib.read_budget(text, cache=False), text)
    return Subject(name, budgetlib.read_budget(source))


class _TextPlant:
    """Plants a claim's figure wrong in line ``k`` (0-based) of a text: called on the
    original text, or ``after`` a rewording on its lines that come from line ``k``."""

    def __init__(self, k: int, raw: str):
        self.k, self.raw = k, raw

    def __call__(self, text: str) -> str:
        rows = text.split("\n")
        rows[self.k] = plant(rows[self.k], self.raw)
        return "\n".join(rows)

    def after(self, text: str, lines: list[int]) -> str | None:
        rows = text.split("\n")
        at = [n for n, row in enumerate(rows) if lines[n] == self.k + 1 and plant(row, self.raw)]
        if len(at) != 1:
            return None
        rows[at[0]] = plant(rows[at[0]], self.raw)
        return "\n".join(rows)


class _ParagraphPlant:
    """Plants a claim's figure wrong in paragraph ``j`` of section ``i`` of a document, as
    read or ``after`` a rewording (which keeps the sections and paragraphs)."""

    def __init__(self, i: int, j: int, raw: str):
        self.i, self.j, self.raw = i, j, raw

    def __call__(self, doc: BudgetDocument) -> BudgetDocument:
        sections = list(doc.sections)
        p = sections[self.i].paragraphs[self.j]
        new = replace(p, text=plant(p.text, self.raw))
        paragraphs = (*sections[self.i].paragraphs[:self.j], new, *sections[self.i].paragraphs[self.j + 1:])
        sections[self.i] = replace(sections[self.i], paragraphs=paragraphs)
        return replace(doc, sections=sections)

    def after(self, doc: BudgetDocument) -> BudgetDocument | None:
        if plant(doc.sections[self.i].paragraphs[self.j].text, self.raw) is None:
            return None
        return self(doc)


def _planter(subject: Subject, claim: dict):
    """The function that plants ``claim``'s figure wrong, in the subject's text or in
    its paragraph (with an ``after`` that plants it in a rewording); ``None`` if the
    figure cannot be found once."""
    if subject.text is not None:
        lines = subject.text.split("\n")
        k = int(claim["line"]) - 1
        if not 0 <= k < len(lines) or plant(lines[k], claim["raw"]) is None:
            return None
        return _TextPlant(k, claim["raw"])
    where = [(i, j) for i, s in enumerate(subject.doc.sections) for j, p in enumerate(s.paragraphs)
             if p.line == claim["line"] and p.page == claim["page"] and claim["text"] in normalize(p.text)]
    if len(where) != 1:
        return None
    i, j = where[0]
    if plant(subject.doc.sections[i].paragraphs[j].text, claim["raw"]) is None:
        return None
    return _ParagraphPlant(i, j, claim["raw"])


def errors(found: Counter) -> Counter:
    """The error findings of :func:`findings`.

    >>> errors(Counter({("claim_amount", "error", "收入", "amount", 1, None): 1,
    ...                 ("zero_base", "warning", "支出", "change_pct", 2, None): 1}))
    Counter({('claim_amount', 'error', '收入', 'amount', 1, None): 1})
    """
    return Counter({k: n for k, n in found.items() if k[1] == "error"})


def _kinds(claims) -> dict:
    """Each statement's kind, for a plant: the figures it states besides its amounts, and
    whether its subject is the whole of a share (a wrong whole makes other shares wrong)."""
    figures = claims.groupby("statement")["figure"].agg(lambda f: frozenset(f) - {"amount"})
    wholes = set(claims.loc[claims["figure"] == "share", "whole"].dropna())
    subjects = claims.groupby("statement")["subject"].first()
    return {k: (figures[k], subjects[k] in wholes) for k in figures.index}


def _spread(records: list[dict], kinds: dict) -> list[dict]:
    """The records taken in turn from each kind of statement (those that state a change
    first: those are what most rewrites reword), so that a few plants cover every kind."""
    groups: dict = {}
    for r in records:
        groups.setdefault(kinds.get(r["statement"], (frozenset(), False)), []).append(r)
    order = sorted(groups, key=lambda k: (not ({"change_amount", "change_pct"} & k[0]), sorted(k[0]), k[1]))
    out = []
    for i in range(max((len(g) for g in groups.values()), default=0)):
        out += [groups[k][i] for k in order if i < len(groups[k])]
    return out


def plants(subject: Subject, limit: int | None = 12) -> list[tuple[object, Counter]]:
    """Up to ``limit`` figures to plant wrong (every one with ``None``), each with the
    errors it makes in the original wording, which must be exactly one (:func:`check` says
    when it is not): linked amounts without a finding, found once in their text, taken in
    turn from each kind of statement.

    >>> [list(error)[0][:2] for _, error in plants(load("seed", budgetlib.config.SEED_DOCUMENT), 1)]
    [('claim_amount', 'error')]
    """
    base = findings(subject.doc)
    busy = {(k[4], k[5], k[2]) for k in base}  # a PDF's claims have a page, not a line
    claims = subject.doc.claims
    chosen = []
    candidates = claims[(claims["figure"] == "amount") & claims["link_table"].notna()]
    for claim in _spread(candidates.to_dict("records"), _kinds(claims)):
        place = (_plain(claim["line"]), _plain(claim["page"]), claim["subject"])
        if limit is not None and len(chosen) >= limit:
            break
        if place in busy:
            continue
        planter = _planter(subject, claim)
        if planter is None:
            continue
        _, found = subject.findings(Family("none", lambda s: s, "identity"), planter)
        chosen.append((planter, errors(found) - errors(base)))
        busy.add(place)
    return chosen


def check(subject: Subject, family: Family, planted: list | None = None) -> list[str]:
    """What breaks the invariants when ``family`` rewords the subject; empty if they hold.

    >>> seed = load("seed", budgetlib.config.SEED_DOCUMENT)
    >>> check(seed, FAMILIES["jiao"], planted=[])
    []
    """
    before = findings(subject.doc)
    doc, after = subject.findings(family)
    broken = []
    if after != before:
        lost, gained = before - after, after - before
        broken += [f"lost {k}" for k in lost] + [f"new {k}" for k in gained]
    if linked(doc) < linked(subject.doc):
        broken.append(f"linked claims {linked(subject.doc)} → {linked(doc)}")
    for planter, expected in planted if planted is not None else plants(subject):
        if sum(expected.values()) != 1:  # issue 27: one figure planted wrong is one error
            broken.append(f"planted → {sum(expected.values())} errors in the original: {list(expected)}")
            continue
        new = errors(subject.findings(family, planter)[1]) - errors(after)
        if new != expected:
            broken.append(f"planted {list(expected)} → {list(new)}")
    return broken


__all__ = ["FAMILIES", "Subject", "check", "findings", "linked", "load", "plants",
           "rewrite_document", "rewrite_text"]
