"""The narrative's claims, read off the seed's lines 366–516."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from budgetlib.parse.claims import read_claims
from budgetlib.parse.narrative import Paragraph, Section


def claim(doc, line, figure, subject=None):
    c = doc.claims
    found = c[(c["line"] == line) & (c["figure"] == figure)]
    if subject is not None:
        found = found[found["subject"] == subject]
    assert len(found) == 1, (line, figure, subject, len(found))
    return found.iloc[0]


def test_amount_share_change_and_reason(doc):
    # 378: 一般公共预算 122.35 万元，占 73.02%，比上年预算减少 38.49 万元，下降 23.93%，主要原因是…
    assert claim(doc, 378, "amount")["value"] == 122.35
    share = claim(doc, 378, "share")
    assert (share["value"], share["whole"], share["whole_value"]) == (73.02, "收入预算", 167.55)
    change = claim(doc, 378, "change_amount")
    assert (change["value"], change["direction"], change["base"]) == (-38.49, "减少", "上年预算")
    assert claim(doc, 378, "change_pct")["value"] == -23.93
    assert change["reason"] == "本年减少了单位成立外事服务中心经费和维修办公场所费用"
    # 398 uses half-width commas: 项目支出55.20万元,占32.95%,比上年预算减少14.80万元,下降21.14%
    assert claim(doc, 398, "change_amount")["value"] == -14.80
    assert claim(doc, 398, "share")["value"] == 32.95


def test_classification_items_link_to_codes(doc):
    row = claim(doc, 431, "amount")
    assert (row["value"], row["link_table"], row["link_code"]) == (79.16, "一般公共预算支出情况表",
                                                                   "2010301")
    assert claim(doc, 433, "amount")["link_code"] == "2010399"
    assert claim(doc, 443, "change_pct")["value"] == 5.99
    # 422 names the class 一般公共预算服务支出; the table prints 一般公共服务支出 (code 201)
    row = claim(doc, 422, "amount")
    assert row["link_code"] == "201"
    assert row["link_note"] == "说明写作“一般公共预算服务支出”，表中为“一般公共服务支出”"


def test_three_public_breakdown_keeps_its_parent_and_base(doc):
    parts = doc.claims.query("line == 477 and parent == '财政拨款“三公”经费'")
    assert parts[["subject", "value"]].values.tolist() == [
        ["因公出国(境)费用", 0.0], ["公务用车购置", 0.0], ["公务用车运行维护费", 1.2],
        ["公务接待费", 0.0]]
    car = claim(doc, 479, "change_amount", "公务用车运行维护费")
    assert (car["value"], car["base"]) == (1.20, "上年预算")
    assert car["reason"].startswith("本年度根据工作需要,新增保障1辆公务用车")
    assert claim(doc, 479, "change_amount", "公务接待费")["reason"] == "2025年与2026年均未安排公务接待费"


def test_procurement_assets_performance_and_allocations(doc):
    parts = doc.claims.query("line == 497 and parent == '政府采购预算'")["value"].tolist()
    assert parts == [7.98, 37.68, 8.42]
    assert claim(doc, 506, "count", "车辆")["value"] == 1
    assert claim(doc, 506, "amount", "车辆价值")["value"] == 14.76
    assert claim(doc, 506, "amount", "一般公务用车价值")["parent"] == "车辆"
    assert claim(doc, 516, "count", "预算安排项目")["value"] == 2
    assert claim(doc, 516, "amount", "非财政拨款项目涉及预算金额")["value"] == 45.20
    allocations = doc.claims.query("figure == 'allocation'")
    assert allocations[["subject", "value"]].values.tolist() == [
        ["成立外事服务中心", 1.0], ["党建工作", 1.0], ["保密工作", 0.5], ["设备维修维护", 0.5],
        ["软件", 0.5], ["参访接待服务", 1.5], ["完善参访点位", 1.0], ["差旅费", 1.0], ["办公费", 3.0]]
    assert (allocations["line"] == 463).all()


def test_document_numbers_and_dates_are_not_figures(doc):
    # 457 cites 阿党室字<2023>16号; 465 gives 2026年1月1日-2026年12月31日
    assert doc.claims.query("line in (457, 465)").empty


GRAMMAR = [
    # (sentence, [(subject, figure, value, base)]): phrasings of other regions' documents
    ("一般公共预算拨款收入 1,234.56 万元，与上年相比，增加 12.30 万元，增长 1.01%。",
     [("一般公共预算拨款收入", "amount", 1234.56, None),
      ("一般公共预算拨款收入", "change_amount", 12.30, "上年"),
      ("一般公共预算拨款收入", "change_pct", 1.01, "上年")]),
    ("基本支出 300.00 万元，较上年增加 10.00 万元，增长 3.45%，主要原因是人员增加。",
     [("基本支出", "amount", 300.0, None), ("基本支出", "change_amount", 10.0, "上年"),
      ("基本支出", "change_pct", 3.45, "上年")]),
    ("项目支出 50.00 万元，比2025年预算减少 5.00 万元，下降 9.09%。",
     [("项目支出", "amount", 50.0, None), ("项目支出", "change_amount", -5.0, "2025年预算"),
      ("项目支出", "change_pct", -9.09, "2025年预算")]),
    ("公务接待费 2.00 万元，与上年预算持平。",
     [("公务接待费", "amount", 2.0, None), ("公务接待费", "change_amount", 0.0, "上年预算")]),
    ("“三公”经费 8.00 万元，比2022年（上一年度，下同）预算增加 1.00 万元，增长 14.29%。",
     [("“三公”经费", "amount", 8.0, None), ("“三公”经费", "change_amount", 1.0, "2022年"),
      ("“三公”经费", "change_pct", 14.29, "2022年")]),
    ("本单位在职人员 25 人，离退休人员 3 人。",
     [("在职人员", "count", 25.0, None), ("离退休人员", "count", 3.0, None)]),
    ("一般公共预算 122.35万元 ,占73.02 %。",
     [("一般公共预算", "amount", 122.35, None), ("一般公共预算", "share", 73.02, None)]),
    # Jiangsu procuratorate 2017/2018 and party office 2019, as printed
    ("1．因公出国（境）费预算支出 100 万元，与上年预算数相等。",
     [("因公出国(境)费预算支出", "amount", 100.0, None),
      ("因公出国(境)费预算支出", "change_amount", 0.0, "上年预算数")]),
    ("（2）公务用车运行维护费预算支出 267.8 万元，与上年预算数一致。",
     [("公务用车运行维护费预算支出", "amount", 267.8, None),
      ("公务用车运行维护费预算支出", "change_amount", 0.0, "上年预算数")]),
    ("3．公务接待费预算支出 116.5 万元，本年数小于上年预算数 40.05 万元，主要是省检察院党组严格贯彻落实"
     "中央“八项规定”。",
     [("公务接待费预算支出", "amount", 116.5, None),
      ("公务接待费预算支出", "change_amount", -40.05, "上年预算数")]),
    ("会议费预算支出 168 万元，本年数等于上年预算数。",
     [("会议费预算支出", "amount", 168.0, None), ("会议费预算支出", "change_amount", 0.0, "上年预算数")]),
    # Jiangsu procuratorate 2019 p.25: the comparison first, and "各" restating the subject
    ("2019年度收入、支出预算总计24,169.74万元，与上年相比收、支预算总计各增加2214.39万元，增长10.06%。",
     [("收入、支出预算总计", "amount", 24169.74, None),
      ("收入、支出预算总计", "change_amount", 2214.39, "上年"),
      ("收入、支出预算总计", "change_pct", 10.06, "上年")]),
    # Shanghai: the base named before the change, the item named before the base
    ("政府性基金拨款支出预算0万元，比2024年预算执行数持平。",
     [("政府性基金拨款支出预算", "amount", 0.0, None),
      ("政府性基金拨款支出预算", "change_amount", 0.0, "2024年预算执行数")]),
    # the 持平 of the sentence before: "…支出0万元。与上年预算数一致。"
    ("政府性基金支出预算支出0万元。与上年预算数一致。",
     [("政府性基金支出预算支出", "amount", 0.0, None),
      ("政府性基金支出预算支出", "change_amount", 0.0, "上年预算数")]),
    # a Shanghai draft (issue 27): the subject must not swallow "43.83万元，上年", nor 25.77
    # be read as the item's amount
    ("1. “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”43.83万元，上年:25.77万元，"
     "增加18.06万元，增长70.08%。",
     [("一般公共服务支出(类)统计信息事务(款)专项普查活动(项)", "amount", 43.83, None),
      ("一般公共服务支出(类)统计信息事务(款)专项普查活动(项)", "prior", 25.77, "上年"),
      ("一般公共服务支出(类)统计信息事务(款)专项普查活动(项)", "change_amount", 18.06, "上年"),
      ("一般公共服务支出(类)统计信息事务(款)专项普查活动(项)", "change_pct", 70.08, "上年")]),
    # last year's figure first, with a colon or 为; 本年预算数 restates the subject
    ("基本支出上年预算数：100.84万元，本年预算数：112.35万元，增加11.51万元。",
     [("基本支出", "prior", 100.84, "上年预算数"), ("基本支出", "amount", 112.35, None),
      ("基本支出", "change_amount", 11.51, "上年预算数")]),
    ("基本支出上年预算数为100.84万元，本年预算数为112.35万元，增加11.51万元，增长11.41%。",
     [("基本支出", "prior", 100.84, "上年预算数"), ("基本支出", "amount", 112.35, None),
      ("基本支出", "change_amount", 11.51, "上年预算数"), ("基本支出", "change_pct", 11.41, "上年预算数")]),
    # last year's figure inside the comparison
    ("基本支出112.35万元，比上年预算数100.84万元增加11.51万元。",
     [("基本支出", "amount", 112.35, None), ("基本支出", "prior", 100.84, "上年预算数"),
      ("基本支出", "change_amount", 11.51, "上年预算数")]),
    ("基本支出112.35万元，与上年预算数100.84万元相比，增加11.51万元。",
     [("基本支出", "amount", 112.35, None), ("基本支出", "prior", 100.84, "上年预算数"),
      ("基本支出", "change_amount", 11.51, "上年预算数")]),
    ("公务接待费2.00万元，同比减少0.50万元，下降20.00%。",
     [("公务接待费", "amount", 2.0, None), ("公务接待费", "change_amount", -0.5, "上年"),
      ("公务接待费", "change_pct", -20.0, "上年")]),
    # amounts in 元, read in 万元; 增幅为
    ("基本支出1,123,500.00元，比上年预算增加115,100.00元，增幅为11.41%。",
     [("基本支出", "amount", 112.35, None), ("基本支出", "change_amount", 11.51, "上年预算"),
      ("基本支出", "change_pct", 11.41, "上年预算")]),
    # Jiangsu procuratorate 2019 p.26, as printed: "减少了"
    ("项目支出预算数为4335.3万元。与上年相比减少了1237.7万元，减少 13.22 %。",
     [("项目支出", "amount", 4335.3, None), ("项目支出", "change_amount", -1237.7, "上年"),
      ("项目支出", "change_pct", -13.22, "上年")]),
    # the share's other wordings
    ("一般公共预算122.35万元，占比73.02%。",
     [("一般公共预算", "amount", 122.35, None), ("一般公共预算", "share", 73.02, None)]),
    ("公用经费1.00万元，占“三公”经费的比重为13.77%。",
     [("公用经费", "amount", 1.0, None), ("公用经费", "share", 13.77, None)]),
    # a unit the grammar does not know gives no figure, not a wrong one
    ("对外援助5美元。", []),
    # a 决算's execution rate (finance bureau 2024 p.21 and p.23, as printed): the rate is of
    # the figure before it, its base the budget its words name
    ("一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。",
     [("一般公共预算财政拨款支出年初预算", "amount", 2993.92, None), ("支出决算", "amount", 2940.05, None),
      ("支出决算", "rate", 98.20, "完成年初预算的")]),
    ("其中：因公出国（境）费决算为0.00万元，完成预算的0%。",
     [("因公出国(境)费决算", "amount", 0.0, None), ("因公出国(境)费决算", "rate", 0.0, "完成预算的")]),
    ("项目支出决算为90.00万元，预算执行率为90%。",
     [("项目支出决算", "amount", 90.0, None), ("项目支出决算", "rate", 90.0, "预算执行率为")]),
]


@pytest.mark.parametrize(("sentence", "expected"), GRAMMAR)
def test_general_grammar(sentence, expected):
    section = Section("二、收入预算情况说明", 2, 1, (Paragraph(sentence, 7),))
    claims = read_claims([section])
    got = [(r.subject, r.figure, r.value, None if pd.isna(r.base) else r.base)
           for r in claims.itertuples()]
    assert got == expected
    assert (claims["line"] == 7).all()


def test_a_reason_listed_in_parts_is_read_whole():
    # Jiangsu 中共江苏省委办公厅 2019 narrative p.9 and p.8: the reason follows the sentence, or
    # the clause, as "主要原因：一是…；二是…", its parts parted by "；"
    said = read_claims([Section("五、财政拨款支出预算情况说明", 2, 1, (
        Paragraph("行政运行（项）支出9370.12万元，与上年相比增加1297.83万元，增长16.07%。主要原因："
                  "一是人员经费政策性调增；二是因增设机构而增加了在职人数，人员经费有所增长。", 3),
        Paragraph("此外，基本支出预算数为11700.63万元。与上年相比增加1297.52万元，增长12.47%。"
                  "主要原因：一是因增设机构而增加了在职人数,人员经费有所增长；二是人员经费政策性调增。",
                  4),
        Paragraph("住房公积金（项）支出965.87万元，与上年相比增加250.59万元，增长35.03%，主要原因：一是"
                  "因增设机构增加了在职人数,住房公积金有所增长；二是住房公积金政策性调增。", 5),
    ))])
    reasons = said[said["figure"] == "change_amount"].set_index("line")["reason"]
    assert reasons[3] == "一是人员经费政策性调增;二是因增设机构而增加了在职人数,人员经费有所增长"
    assert reasons[4].endswith(";二是人员经费政策性调增")
    assert reasons[5] == "一是因增设机构增加了在职人数,住房公积金有所增长;二是住房公积金政策性调增"


def test_a_share_names_its_whole_in_any_wording():
    # "占“三公”经费的13.77%" and "占“三公”经费的比重为13.77%" name the same whole
    for sentence in ("公用经费1.00万元，占“三公”经费的13.77%。",
                     "公用经费1.00万元，占“三公”经费的比重为13.77%。"):
        section = Section("十、“三公”经费", 2, 1, (Paragraph(sentence, 7),))
        assert read_claims([section]).query("figure == 'share'")["whole"].tolist() == ["三公经费"]


@pytest.mark.parametrize("listed", [
    # js_procuratorate_2019 p.31, as printed
    "拟采购货物支出303.4万元、拟购买服务支出2441.44万元",
    # the same list with a colon after each name, and with one amount in 元
    "拟采购货物支出：303.4万元、拟购买服务支出：2441.44万元",
    "拟采购货物支出303.4万元、拟购买服务支出24,414,400.00元",
])
def test_a_list_of_items_reads_alike_in_any_unit_and_with_a_colon(listed):
    section = Section("九、政府采购情况", 2, 1, (Paragraph(
        f"2019年度政府采购支出预算总额2744.84万元，其中：{listed}。", 31),))
    items = read_claims([section]).query("figure == 'allocation'")
    assert items[["subject", "value"]].values.tolist() == [["拟采购货物支出", 303.4],
                                                           ["拟购买服务支出", 2441.44]]


def test_a_clause_pattern_is_skipped_only_where_it_cannot_match(doc):
    # the words next to each clause pattern filter the clauses it is tried on: wherever the
    # pattern matches one of the seed's clauses, one of its words is there
    from budgetlib.parse.claims import CLAUSES, normalize

    clauses = {c for s in doc.sections for p in s.paragraphs
               for c in re.split(r"[,。;:、]", normalize(p.text)) if c}
    matched = 0
    for figure, words, pattern in CLAUSES:
        found = [c for c in clauses if pattern.match(c)]
        assert all(words.search(c) for c in found), (figure, [c for c in found if not words.search(c)])
        matched += len(found)
    assert matched > 100  # the seed states figures of most kinds
