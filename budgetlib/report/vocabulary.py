"""The words an analyst reads: one Chinese heading for each column name the frames use, and
which columns hold amounts, percentages and fractions.

The frames keep their English column names for code; the notebooks
(:mod:`budgetlib.report.display`), the workbook (:mod:`budgetlib.report.excel`) and the CSV
files (:func:`budgetlib.report.cli.to_csv`) all label them from here, so one column has one
name wherever the analyst meets it.
"""

from __future__ import annotations

from budgetlib.registry import FIGURES

#: Column headings (中文), by column name.
HEADINGS: dict[str, str] = {
    "item": "项目", "table": "表", "code": "科目编码", "measure": "栏目", "current": "本年",
    "prior": "上年", "change": "增减", "pct": "增减率", "new": "新增", "stated_change": "说明所述增减",
    "stated_pct": "说明所述增减率", "agrees": "与说明一致", "base": "比较基数", "reason": "原因",
    "line": "行", "page": "页", "matched": "两年匹配", "level": "级次", "parent": "上级",
    "value": "金额", "share": "占比", "share_in_parent": "占上级比", "stated_share": "说明所述占比",
    "difference": "差异", "rule": "规则", "severity": "级别", "message": "说明", "row": "行项目",
    "expected": "应为", "actual": "实际", "tolerance": "容差", "basis": "依据", "step": "步骤",
    "kind": "类别",
    # 人员经费: the people the narrative counts, contribution bases, per-capita costs
    "subject": "原文所称", "people": "人数", "amount": "金额", "rate": "单位缴费比例",
    "implied_base": "推算缴费基数", "source": "依据", "per_capita": "人均金额",
    "norm": "定额", "over_norm": "超出定额", "input": "数据来源", "note": "备注",
    "category": "人员类别", "average_wage": "人均缴费基数",
    "implied_people": "推算人数", "driver": "原因类别", "shared": "多项共因", "counted": "计入合计",
    "effect": "因素", "count": "笔数",
    # 明细数据: the tidy cells
    "side": "收支栏", "lei": "类", "kuan": "款", "xiang": "项", "name": "名称", "label": "项目（原文）",
    "project": "项目名称", "row_type": "行类型", "raw": "原文数字", "unit": "原文单位", "bold": "粗体",
    # doc.summary(): one row per table
    "title": "表名", "number": "表号", "rows": "行数", "amounts": "金额格数", "total": "合计",
    "empty": "空表", "identified": "识别方式",
    # doc.claims: the narrative's figures and the table cells they are linked to
    "claim": "序号", "statement": "语句", "paragraph": "段落", "section": "章节", "figure": "数字类型",
    "direction": "方向", "whole": "占比基数", "whole_value": "基数金额", "text": "原文",
    "path": "标题层级", "link_table": "对应表", "link_measure": "对应栏目", "link_code": "对应编码",
    "link_row": "对应行", "table_value": "表中金额", "table_raw": "表中原文", "table_unit": "表中单位",
    "link_note": "对应说明",
    # doc.performance: one row per indicator
    "level1": "一级指标", "level2": "二级指标", "indicator": "三级指标", "target": "指标值",
    "operator": "运算符", "target_value": "目标值", "target_unit": "计量单位", "weight": "权重",
    "prior_value": "上年完成值", "prior_unit": "上年单位", "scoring": "评分标准", "evidence": "佐证",
    # bridge: year over year step by step
    "start": "起点", "end": "终点", "items": "项数",
    # corpus and headline overviews
    "department": "部门", "year": "年度", "document": "文档", "from": "上年度", "to": "本年度",
    "cells": "金额格数",
    # a final account's execution (预算执行)
    "budget_kind": "预算口径", "budget": "预算数", "adjusted": "调整预算数", "final": "决算数",
    "stated_budget": "说明所述预算数", "stated_final": "说明所述决算数", "stated_rate": "说明所述执行率",
    "rate_agrees": "执行率与说明一致", "budget_from": "预算数出处", "final_from": "决算数出处",
    "execution_rate": "执行率", "stated_execution_rate": "说明所述执行率",
    "execution_difference": "决算减预算",
}
#: A final account's execution frame (:func:`budgetlib.execution`) names its own columns
#: ``rate`` (执行率, in %) and ``difference`` (决算 − 预算): its headings over :data:`HEADINGS`.
EXECUTION_OVERRIDES = {"rate": "执行率", "difference": "决算减预算"}

#: Columns that hold amounts (万元, or the unit the table printed).
AMOUNT_COLUMNS = frozenset({
    "current", "prior", "change", "stated_change", "value", "expected", "actual", "difference",
    "tolerance", "amount", "per_capita", "norm", "over_norm", "implied_base", "average_wage",
    "budget", "adjusted", "final", "execution_difference", "stated_budget", "stated_final",
    "total", "whole_value", "table_value", "start", "end"}) | frozenset(FIGURES)  # a figure by its name
#: Columns that hold percentages already × 100 (3.57 is 3.57 %).
PERCENT_COLUMNS = frozenset({"pct", "stated_pct", "share", "share_in_parent", "stated_share",
                             "execution_rate", "stated_execution_rate"})
#: Columns that hold a fraction (0.16 is 16 %).
FRACTION_COLUMNS = frozenset({"rate"})
#: A final account's execution frame: its ``rate`` is in % (98.20), not a fraction.
EXECUTION_PERCENT = frozenset({"rate", "stated_rate"})

#: What the codes in ``doc.claims["figure"]`` (and a claim finding's 栏目) say.
FIGURE_NAMES = {
    "amount": "金额", "share": "占比", "change_amount": "增减额", "change_pct": "增减率",
    "prior": "上年数", "flat": "持平", "count": "数量", "base": "比较基数", "rate": "执行率",
}


def heading(column: object) -> str:
    """A column's Chinese heading; a name the vocabulary lacks is shown as it is.

    Examples
    --------
    >>> heading("implied_base"), heading("支出预算/合计"), heading(3)
    ('推算缴费基数', '支出预算/合计', '3')
    """
    return HEADINGS.get(column, str(column)) if isinstance(column, str) else str(column)
