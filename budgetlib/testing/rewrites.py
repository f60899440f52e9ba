"""Rewrites that say a narrative's figures the way other departments' disclosures do.

Each family (:data:`FAMILIES`) maps a paragraph's text to a text that states the same
figures in another form seen in real disclosures: the other width of the punctuation,
"上年预算数：X万元" for "上年预算数为X万元", "较上年" / "与上年相比，" / "同比" for "比上年",
the prior year's figure first, thousands separators, amounts in 元, quoted subjects, … A
reader that understands the narrative reads the same figures from both texts: the
metamorphic tests (:mod:`budgetlib.testing.metamorphic`) check that it does.

A family that needs the prior year's figure and finds it unstated derives it from the
sentence's own figures (current − change), as the publisher would have printed it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

#: A printed number: 1,234.56 or 1234.56.
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
#: A printed number that is not part of another.
FIGURE = rf"(?<![\d.,])(?:{NUMBER})"
#: What a change is against, as printed ("上年预算", "2024年预算执行数", "上年度").
_BASE = r"(?:上年度?|\d{4}\s*年度?)(?:当年)?(?:预算执行数|执行数|决算数?|预算数?)?"
_HALF = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "％": "%"})
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")


@dataclass(frozen=True)
class Family:
    """A rewrite: ``rewrite`` maps a paragraph's text to the same figures said otherwise;
    ``raw``, when given, is what the family does to a line of a text document instead
    (a page break needs the text's own page marks)."""

    name: str
    rewrite: Callable[[str], str]
    note: str
    raw: Callable[[str], str] | None = None


def value(token: str) -> float:
    """The number a printed token stands for.

    >>> value("1,234.50"), value("7")
    (1234.5, 7.0)
    """
    return float(token.replace(",", ""))


def decimals(token: str) -> int:
    """How many decimals a printed number has.

    >>> decimals("1,234.50"), decimals("7")
    (2, 0)
    """
    return len(token.split(".")[1]) if "." in token else 0


def _fmt(x: float, places: int, separators: bool = False) -> str:
    return f"{x:,.{places}f}" if separators else f"{x:.{places}f}"


def _full_width(text: str) -> bool:
    """Whether the text's clause marks are mostly full-width."""
    full = sum(text.count(c) for c in "，：；（）")
    half = len(re.findall(r"(?<!\d),|,(?!\d{3})|[:;()]", text))
    return full >= half


def _comma(text: str) -> str:
    return "，" if _full_width(text) else ","


def _colon(text: str) -> str:
    return "：" if _full_width(text) else ":"


def swap_width(text: str) -> str:
    """Full-width clause marks to half-width, or half to full (thousands kept).

    >>> swap_width("基本支出 112.35 万元，占 67.05%（含1,000.00元）")
    '基本支出 112.35 万元,占 67.05%(含1,000.00元)'
    >>> swap_width("项目支出55.20万元,占32.95%,合计1,000.00元")
    '项目支出55.20万元，占32.95%，合计1,000.00元'
    """
    if _full_width(text):
        return text.translate(_HALF)
    marked = re.sub(r",(?!\d{3}(?:\D|$))|(?<!\d),", "，", text)
    return marked.translate(str.maketrans({":": "：", ";": "；", "(": "（", ")": "）"}))


def spaces(text: str) -> str:
    """A space either side of every figure, as converted PDFs print them.

    >>> spaces("项目支出55.20万元，占32.95%")
    '项目支出 55.20 万元，占 32.95 %'
    """
    return re.sub(rf"\s*({FIGURE})\s*(?=万元|元|%|％)", r" \1 ", text)


def thousands(text: str) -> str:
    """Thousands separators in amounts, or none where the text prints them.

    >>> thousands("收入预算18976.76万元，增加3355.65万元，增加1万元")
    '收入预算18,976.76万元，增加3,355.65万元，增加1万元'
    >>> thousands("收入预算18,976.76万元，增加1,000万元")
    '收入预算18976.76万元，增加1000万元'
    """
    amount = r"(?=\s*万?元)"
    if re.search(rf"\d,\d{{3}}(?:\.\d+)?{amount}", text):
        return re.sub(rf"{FIGURE}{amount}", lambda m: m.group().replace(",", ""), text)
    return re.sub(rf"(?<![\d.,])\d{{4,}}(?:\.\d+)?{amount}",
                  lambda m: _fmt(value(m.group()), decimals(m.group()), True), text)


def in_yuan(text: str) -> str:
    """Amounts printed to 0.01 万元 in 元 with separators: "79.16万元" → "791,600.00元".
    An amount printed to the 万元 or 0.1 万元 stays: in 元 it would read as more precise.

    >>> in_yuan("基本支出 112.35 万元，比上年预算增加 1,011.50 万元，培训费 170 万元")
    '基本支出 1,123,500.00元，比上年预算增加 10,115,000.00元，培训费 170 万元'
    """
    return re.sub(rf"({FIGURE})\s*万元", lambda m: f"{value(m.group(1)) * 10000:,.2f}元"
                  if decimals(m.group(1)) == 2 else m.group(), text)


def against_jiao(text: str) -> str:
    """"比上年预算增加" → "较上年预算增加".

    >>> against_jiao("比上年预算增加4.66万元，比2024年预算执行数持平")
    '较上年预算增加4.66万元，较2024年预算执行数持平'
    """
    return re.sub(r"比(?=\s*(?:上年|上一年|\d{4}\s*年))", "较", text)


def against_xiangbi(text: str) -> str:
    """"比上年预算增加" → "与上年预算相比，增加".

    >>> against_xiangbi("比上年预算增加4.66万元，比2024年预算执行数持平")
    '与上年预算相比，增加4.66万元，与2024年预算执行数相比，持平'
    """
    comma = _comma(text)
    return re.sub(rf"[比较]\s*({_BASE})\s*(?=增加|减少|增长|下降|持平)",
                  lambda m: f"与{m.group(1)}相比{comma}", text)


def tongbi(text: str) -> str:
    """"比上年(预算)增加" / "与上年相比，增加" → "同比增加": for changes against last year's
    budget only (同比 names no execution or 决算 figure).

    >>> tongbi("比上年预算增加4.66万元，与上年相比，减少1万元，比2024年预算执行数增加1万元")
    '同比增加4.66万元，同比减少1万元，比2024年预算执行数增加1万元'
    """
    text = re.sub(r"与\s*上年度?(?:预算数?)?\s*相比[，,]?\s*(?=增加|减少|增长|下降)", "同比", text)
    return re.sub(r"[比较]\s*上年度?(?:预算数?)?\s*(?=增加|减少|增长|下降)", "同比", text)


def prior_colon(text: str) -> str:
    """A figure of a named year with a colon: "上年预算数为X万元" → "上年预算数：X万元".

    >>> prior_colon("2022年当年预算执行数为0万元，2023年预算数为60.13万元")
    '2022年当年预算执行数：0万元，2023年预算数：60.13万元'
    """
    colon = _colon(text)
    return re.sub(rf"((?:上年|\d{{4}}\s*年)(?:当年|度)?(?:预算执行数|执行数|决算数|预算数))\s*为\s*"
                  rf"(?={FIGURE})", lambda m: m.group(1) + colon, text)


#: "A万元[，占S%]，比上年预算增加Z万元": a figure and its change against last year's budget,
#: what the families that state the prior year's figure start from.
_CHANGED = re.compile(
    rf"(?P<cur>\d{{4}}\s*年\s*(?:预算数|预算安排)\s*为?\s*)?(?P<a>{FIGURE})\s*万元"
    rf"(?P<mid>(?:\s*[，,]\s*占[^，,。；;]*?[%％])?)\s*(?P<c>[，,])\s*"
    rf"比\s*(?P<base>上年(?:预算数?)?)\s*(?P<dir>增加|减少)\s*(?P<z>{FIGURE})\s*万元")


def _prior(m: re.Match) -> str:
    a, z = m.group("a"), m.group("z")
    sign = 1 if m.group("dir") == "增加" else -1
    return _fmt(value(a) - sign * value(z), max(decimals(a), decimals(z)), "," in a + z)


def prior_short(text: str) -> str:
    """Last year's figure after this year's, with a colon (a Shanghai draft's form):
    "43.83万元，比上年预算增加18.06万元" → "43.83万元，上年:25.77万元，比上年预算增加18.06万元".

    >>> prior_short("“统计信息事务（款）”43.83万元，比上年预算增加18.06万元。")
    '“统计信息事务（款）”43.83万元，上年：25.77万元，比上年预算增加18.06万元。'
    """
    def sub(m: re.Match) -> str:
        whole = m.group()
        cut = m.start("mid") - m.start()
        return f"{whole[:cut]}{m.group('c')}上年{_colon(text)}{_prior(m)}万元{whole[cut:]}"
    return _CHANGED.sub(sub, text)


def prior_first(text: str) -> str:
    """Last year's figure first: "A万元，比上年预算增加Z万元" → "上年预算数为P万元，
    本年预算数为A万元，增加Z万元".

    >>> prior_first("基本支出 112.35 万元，占 67.05%，比上年预算增加 11.51 万元，增长 11.41%")
    '基本支出 上年预算数为100.84万元，本年预算数为112.35万元，占 67.05%，增加11.51万元，增长 11.41%'
    >>> prior_first("(项)：2026 年预算数为 79.16 万元，比上年预算增加 4.66 万元")
    '(项)：上年预算数为74.50万元，本年预算数为79.16万元，增加4.66万元'
    """
    def sub(m: re.Match) -> str:
        c = m.group("c")
        return (f"上年预算数为{_prior(m)}万元{c}本年预算数为{m.group('a')}万元{m.group('mid')}{c}"
                f"{m.group('dir')}{m.group('z')}万元")
    return _CHANGED.sub(sub, text)


def against_amount(text: str) -> str:
    """The prior figure inside the comparison: "比上年预算增加Z万元" → "比上年预算数P万元
    增加Z万元".

    >>> against_amount("基本支出112.35万元，比上年预算增加11.51万元")
    '基本支出112.35万元，比上年预算数100.84万元增加11.51万元'
    """
    def sub(m: re.Match) -> str:
        whole = m.group()
        cut = m.start("dir") - m.start()
        head = whole[:cut].rstrip()
        head = re.sub(r"上年(?:预算数?)?$", "上年预算数", head)
        return f"{head}{_prior(m)}万元{whole[cut:]}"
    return _CHANGED.sub(sub, text)


def growth_wording(text: str) -> str:
    """"增长N%" → "增幅为N%", "下降N%" → "降幅为N%".

    >>> growth_wording("增长 6.26%，下降21.14%")
    '增幅为 6.26%，降幅为21.14%'
    """
    text = re.sub(rf"增长(?=\s*{FIGURE}\s*[%％])", "增幅为", text)
    return re.sub(rf"下降(?=\s*{FIGURE}\s*[%％])", "降幅为", text)


def percent_verbs(text: str) -> str:
    """The synonyms of a change in %: 下降 ↔ 减少, 增长 ↔ 增加.

    >>> percent_verbs("减少38.49万元，下降23.93%，增加1万元，增长5%")
    '减少38.49万元，减少23.93%，增加1万元，增加5%'
    """
    swap = {"下降": "减少", "减少": "下降", "增长": "增加", "增加": "增长"}
    return re.sub(rf"(下降|减少|增长|增加)(?=\s*{FIGURE}\s*[%％])", lambda m: swap[m.group(1)], text)


_CHAIN = r"[^“”\"，,。:：;；\d\s][^“”\"，,。:：;；]*?[（(]\d*[类款项][)）]"
_LIST = r"(?:\d+\s*[.．、]|[（(]\d+[)）]|[（(][一二三四五六七八九十]+[)）]、?)"


def quote_subject(text: str) -> str:
    """A classification item's name in quotes, or out of them where the text quotes it.

    >>> quote_subject("1. 一般公共服务支出（类）行政运行（项）：2026 年预算数为 79.16 万元")
    '1. “一般公共服务支出（类）行政运行（项）”：2026 年预算数为 79.16 万元'
    >>> quote_subject("2. “一般公共服务支出（类）专项普查活动（项）”60.13万元")
    '2. 一般公共服务支出（类）专项普查活动（项）60.13万元'
    """
    quoted = re.compile(rf"^(\s*{_LIST}\s*)“({_CHAIN}(?:[^“”，,。:：;；]*?[（(]\d*[类款项][)）])*)”")
    if quoted.search(text):
        return quoted.sub(r"\1\2", text)
    plain = re.compile(rf"^(\s*{_LIST}\s*)({_CHAIN}(?:[^“”，,。:：;；\d]*?[（(]\d*[类款项][)）])*)")
    return plain.sub(r"\1“\2”", text)


def subject_colon(text: str) -> str:
    """A colon between a sentence's subject and its amount ("预算安排规模：10.00万元"); not
    after a change ("增加1.20万元") nor before a threshold ("单价50万元以上").

    >>> subject_colon("一般公共预算 122.35 万元，占 73.02%。2. 住房保障支出（类）8.50 万元")
    '一般公共预算：122.35 万元，占 73.02%。2. 住房保障支出（类）：8.50 万元'
    >>> subject_colon("；公务接待费增加 1.20 万元。单价 50 万元以上设备 0 台")
    '；公务接待费增加 1.20 万元。单价 50 万元以上设备 0 台'
    """
    colon = _colon(text)

    def sub(m: re.Match) -> str:
        head = m.group(1)
        if re.search(r"(?:增加|减少|增长|下降|为|是|共|计|达)了?$", head.rstrip()):
            return m.group()
        return head + colon
    return re.sub(rf"((?:^|[。；;])\s*(?:{_LIST}\s*)?[^\d，,。:：;；]*?[^\d\s，,。:：;；])\s*"
                  rf"(?={FIGURE}\s*万元(?!以上|以下))", sub, text)


def share_wording(text: str) -> str:
    """"占X%" → "占比X%"; "占收入预算的X%" → "占收入预算的比重为X%".

    >>> share_wording("一般公共预算 122.35 万元，占 73.02%；公用经费占“三公”经费的13.77%")
    '一般公共预算 122.35 万元，占比 73.02%；公用经费占“三公”经费的比重为13.77%'
    """
    text = re.sub(rf"占(?=\s*{FIGURE}\s*[%％])", "占比", text)
    return re.sub(rf"(占[^，,。；;\d]+?的)(?=\s*{FIGURE}\s*[%％])", r"\1比重为", text)


def le_particle(text: str) -> str:
    """"增加X万元" → "增加了X万元" (Jiangsu's "减少了1237.7万元").

    >>> le_particle("比上年预算增加 4.66 万元，增长 6.26%")
    '比上年预算增加了 4.66 万元，增长了 6.26%'
    """
    return re.sub(rf"(增加|减少|增长|下降)(?=\s*{FIGURE}\s*(?:万元|[%％]))", r"\1了", text)


def rate_wording(text: str) -> str:
    """A 决算's "完成年初预算的X%" → "年初预算执行率为X%".

    >>> rate_wording("支出决算为2940.05万元，完成年初预算的98.20%；完成预算的0%")
    '支出决算为2940.05万元，年初预算执行率为98.20%；预算执行率为0%'
    """
    return re.sub(rf"完成((?:年初|调整)?预算)的(?=\s*{FIGURE}\s*[%％])", r"\1执行率为", text)


def line_break(text: str) -> str:
    """A line break inside the sentence, after its first clause (a PDF's wrapped line).

    >>> line_break("基本支出112.35万元，比上年预算增加11.51万元。")
    '基本支出112.35万元，\\n比上年预算增加11.51万元。'
    """
    return re.sub(r"(万元\s*[，,])", "\\1\n", text, count=1)


def page_break(line: str) -> str:
    """A line of a text document cut by a page's foot after its first clause that ends in
    万元: the page footer between the halves, as a converted PDF prints it.

    >>> page_break("基本支出112.35万元，比上年预算增加11.51万元。")
    '基本支出112.35万元，\\n\\n─ 99 ─\\n\\n比上年预算增加11.51万元。'
    """
    return re.sub(r"(万元\s*[，,])(?=.)", "\\1\n\n─ 99 ─\n\n", line, count=1)


#: The rewrite families, by name.
FAMILIES: dict[str, Family] = {f.name: f for f in (
    Family("width", swap_width, "full-width ，：；（） ↔ half-width ,:;()"),
    Family("spaces", spaces, "a space either side of each figure"),
    Family("thousands", thousands, "1234.56万元 ↔ 1,234.56万元"),
    Family("yuan", in_yuan, "X万元 → X×10000元 with separators"),
    Family("jiao", against_jiao, "比上年 → 较上年"),
    Family("xiangbi", against_xiangbi, "比上年预算增加 → 与上年预算相比，增加"),
    Family("tongbi", tongbi, "比上年(预算)增加 → 同比增加"),
    Family("prior_colon", prior_colon, "上年预算数为X万元 → 上年预算数：X万元"),
    Family("prior_short", prior_short, "A万元，上年：P万元，比上年预算增加Z万元"),
    Family("prior_first", prior_first, "上年预算数为P万元，本年预算数为A万元，增加Z万元"),
    Family("against_amount", against_amount, "比上年预算数P万元增加Z万元"),
    Family("growth_wording", growth_wording, "增长N% → 增幅为N%, 下降 → 降幅为"),
    Family("percent_verbs", percent_verbs, "下降N% ↔ 减少N%, 增长N% ↔ 增加N%"),
    Family("quote_subject", quote_subject, "1. 类(款)项 ↔ 1. “类(款)项”"),
    Family("subject_colon", subject_colon, "一般公共预算122.35万元 → 一般公共预算：122.35万元"),
    Family("share_wording", share_wording, "占X% → 占比X%, 占…的X% → 占…的比重为X%"),
    Family("le_particle", le_particle, "增加X万元 → 增加了X万元"),
    Family("rate_wording", rate_wording, "完成年初预算的X% → 年初预算执行率为X%"),
    Family("line_break", line_break, "a line break (text: a page break) inside a sentence",
           raw=page_break),
)}
