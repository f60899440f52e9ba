"""A stated direction (增加/减少/持平, 大于/小于) that its own reason contradicts.

"与2023年度相比，财政拨款收入支出总计持平。主要原因：…等原因减少支付。" (the corpus 决算,
p.21): the sentence says nothing changed, its reason explains a decrease. One of the two is
wrong, and the reader cannot tell which, so it is a ``warning``. Where the figures decide
(current − prior against the stated direction), the claims rules report it as an ``error``
under the same rule (:func:`budgetlib.audit.claims.check_statements`).

Words are data: :data:`UP` and :data:`DOWN` for the stated direction and the reason alike.
Traps (written next to each): a reason naming both directions ("人员减少，项目增加") explains
a net change, and contradicts nothing; a negated word ("未增加", "不再新增") states no
direction; a reason that names no direction ("预算按充分保障预估") is not judged.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from budgetlib.audit.claims import check_statements, claim_records
from budgetlib.audit.final_accounts import check_execution_directions
from budgetlib.audit.text import _body, _text_finding
from budgetlib.model import BudgetDocument

#: Words of a rise and of a fall, as a statement or its reason prints them. A transfer out
#: (划转, 分流, 转隶) is a fall. Traps: 新增 and 提高 are left out, as they speak of a thing
#: (新增1辆公务用车, 提高资金使用效率), not of the amount.
UP = ("增加", "增长", "上升", "追加", "调增", "增多", "增支", "大于", "高于")
DOWN = ("减少", "下降", "降低", "调减", "压减", "缩减", "核减", "压缩", "减支", "划转", "分流", "转隶",
        "小于", "低于")
FLAT = ("持平",)
_WORD = re.compile("|".join((*FLAT, *UP, *DOWN)))
#: A word a negation turns into no direction ("未增加", "不再新增", "没有减少").
_NEGATED = re.compile(r"(?:未|不|没有|无|不再)$")
#: Where a reason begins: "主要原因是", "原因为", "主要原因：", "决算数小于预算数的主要原因：".
_REASON = re.compile(r"(?:主要)?原因(?:是|为|在于)?[:：]?")
#: A paragraph that ends on its reason's lead ("主要原因："): the reason was set in the next.
_ENDS_ON_REASON = re.compile(r"原因(?:是|为)?[:：]?\s*$")
_WHICH = {**dict.fromkeys(UP, "增加"), **dict.fromkeys(DOWN, "减少"), "持平": "持平"}


class Direction(NamedTuple):
    """A direction stated, with its reason."""

    direction: str  # 增加, 减少 or 持平
    claim: str  # the words stating it
    reason: str
    at: int  # the offset of the claim in its paragraph's text


def _directions(text: str) -> set[str]:
    """The directions a reason names (增加, 减少), negated words left out.

    >>> sorted(_directions("人员减少，项目增加")), _directions("未增加编制"), _directions("等原因减少支付")
    (['减少', '增加'], set(), {'减少'})
    """
    return {_WHICH[m.group(0)] for m in _WORD.finditer(text)
            if m.group(0) not in FLAT and not _NEGATED.search(text[:m.start()])}


def stated_with_reasons(text: str) -> list[Direction]:
    """Each direction the text states with the reason it gives for it.

    The claim is the text from the start of its sentence to the reason, or the sentence
    before when the reason begins a sentence ("…持平。主要原因：…"); its direction is its last
    word of direction. The reason runs to the end of its sentence, or to the "；" before the
    next statement's reason.

    Examples
    --------
    >>> found = stated_with_reasons("与2023年度相比，财政拨款收入支出总计持平。主要原因：基本支出中人员进出"
    ...                             "及退休变化，以及项目支出中合同支付进度条款等原因减少支付。")
    >>> [(s.direction, s.reason[-4:]) for s in found]
    [('持平', '减少支付')]
    >>> [s.direction for s in stated_with_reasons("比上年预算增加4.66万元，主要原因是工资增加。")]
    ['增加']
    """
    out = []
    for m in _REASON.finditer(text):
        start = max(text.rfind(mark, 0, m.start()) for mark in "。；！？")
        if not text[start + 1:m.start()].strip(" ，,：:"):  # the reason opens a sentence
            start = max(text.rfind(mark, 0, max(start, 0)) for mark in "。！？")
        claim = text[start + 1:m.start()]
        words = [w for w in _WORD.finditer(claim) if not _NEGATED.search(claim[:w.start()])]
        if not words:
            continue
        end = min((i for i in (text.find(mark, m.end()) for mark in "。！？") if i >= 0), default=len(text))
        reason = text[m.end():end]
        after = _REASON.search(reason)
        cut = max(reason.rfind(x, 0, after.start()) for x in "；;") if after else -1
        if cut > 0:
            reason = reason[:cut]  # "…；公务用车运行费…持平，主要原因是…": the next statement's
        if reason.strip():
            out.append(Direction(_WHICH[words[-1].group(0)], claim, reason, start + 1 + words[-1].start()))
    return out


def contradicts(stated: Direction) -> str | None:
    """The direction the reason gives, when it contradicts the stated one; else ``None``.

    >>> contradicts(Direction("持平", "总计持平", "合同支付进度条款等原因减少支付", 0))
    '减少'
    >>> contradicts(Direction("增加", "增加4.66万元", "工资增加", 0)) is None
    True
    >>> contradicts(Direction("持平", "基本持平", "人员减少，项目增加，两者相抵", 0)) is None
    True
    """
    given = _directions(stated.reason)
    if len(given) != 1:
        return None  # none, or both: a net change
    (reason,) = given
    return reason if reason != stated.direction else None


def _paragraphs(doc: BudgetDocument) -> list:
    """The narrative's paragraphs, a paragraph that ends on its reason's lead ("主要原因：")
    joined to the next of its section, where the reason was set."""
    rows, out, skip = _body(doc), [], False
    for n, row in enumerate(rows):
        nxt = rows[n + 1] if n + 1 < len(rows) else None
        if skip:  # joined to the paragraph before
            skip = False
            continue
        skip = bool(_ENDS_ON_REASON.search(row.text)) and nxt is not None \
            and nxt.path == row.path
        out.append(row._replace(text=row.text + nxt.text) if skip else row)
    return out


def _place(line, page) -> tuple:
    """A paragraph's line and page as a key (NaN, as a frame gives a blank, is ``None``)."""
    return tuple(None if x is None or x != x else int(x) for x in (line, page))


def check_stated_directions(doc: BudgetDocument) -> list[dict]:
    """A stated direction its own reason contradicts: ``warning``; not where the paragraph's
    figures already show the direction wrong (that finding, ``stated_direction`` or a 决算's
    ``execution_direction``, is the one finding of the problem)."""
    found = [(row, stated, reason) for row in _paragraphs(doc) for stated in stated_with_reasons(row.text)
             if (reason := contradicts(stated)) is not None]
    if not found:
        return []  # most documents: which places the figures decided is not asked
    decided = _decided(doc)
    out = []
    for row, stated, reason in found:
        if _place(row.line, row.page) in decided:
            continue
        said = stated.claim.strip("，,：:。 ")
        said = said if len(said) <= 40 else "…" + said[-40:]
        why = stated.reason.strip("，,：: ")
        why = why if len(why) <= 40 else why[:40] + "…"
        out.append(_text_finding(
            "stated_direction", "warning", row,
            f"说明称“{said}”（{stated.direction}），但所述原因“{why}”说的是{reason}。", stated.at))
    return out


def _decided(doc: BudgetDocument) -> set[tuple]:
    """The places (line, page) where the figures already show a stated direction wrong."""
    decided = {_place(f["line"], f["page"]) for f in check_statements(claim_records(doc.claims))
               if f["rule"] == "stated_direction"}
    decided |= {_place(f["line"], f["page"]) for f in check_execution_directions(doc)
                if f["severity"] != "info"}
    return decided


DIRECTION_RULES = {"stated_direction": check_stated_directions}
