"""The reasons a narrative gives for a change, classified into drivers by a vocabulary.

A reason names a driver when it holds one of the driver's wordings (:data:`DRIVERS`); it
may name several. A reason that names none is :data:`UNCLASSIFIED` (stated, but in words
the vocabulary does not know: read it); a change with no reason is :data:`UNSTATED`.
Neither is ever put under a driver the document did not name.
"""

from __future__ import annotations

import re

import pandas as pd

#: A change the narrative gives no reason for.
UNSTATED = "未说明"
#: A reason stated in words no driver's vocabulary knows.
UNCLASSIFIED = "未归类"
#: What :func:`budgetlib.analysis.yoy` puts where a narrative states no change: no reason.
_NOT_A_REASON = re.compile(r"^\s*$|^说明未写明")
# a run of words inside one clause of a reason
_IN = r"[^，,；;。]"

#: Drivers and the wordings that name them (regular expressions, any of which marks the
#: driver). Pay rises of the same people (政策性增资/调资/调增, 工资调标, 职级晋升) are not
#: headcount; more trainees (参训人数) or guests are not staff; a meeting's or a training
#: course's costs are 培训或会议 whatever they did; only words of cutting (压减, 压缩,
#: 紧日子…) make a cut, never 减少 alone, which says the direction, not the cause.
DRIVER_WORDS: dict[str, tuple[str, ...]] = {
    "调资或晋升": (
        r"政策性(?:增资|调资|调增|调整|调标|增加|增支)", r"调资|增资|调标|工资改革|调整工资",
        r"工资(?:性收入)?(?:调整|标准|增加|增长|提高)", r"晋升|调升|提职|调级",
        rf"(?:工资|津贴|补贴|房贴|公积金|薪酬|绩效){_IN}{{0,16}}标准",
        rf"工资(?!福利){_IN}{{0,16}}(?:增加|增长|提高)", r"(?:津贴|补贴|房贴)(?:调整|调增|提高)",
    ),
    "人员增减": (
        r"(?:新增|增加|减少|调入|调出|退休)[^，,。；;\d]{0,6}?\d+\s*(?:名|人)(?!次)",
        r"(?:在职|在编|编制|实有|工作)?人员(?:增加|减少|变动|调整|变化)",
        r"(?:在职|在编|编制|实有)人数", r"(?:增|减|补)员|招录|遴选|新进人员|新招",
    ),
    "社保政策或缴费基数": (
        r"缴费基数|计发基数|缴存.*基数", r"制度改革|单位缴费",
        rf"(?:社保|社会保险){_IN}{{0,10}}(?:发放|支付)",
    ),
    "统计口径变化": (r"口径|可比性",),
    "预算范围调整": (rf"纳入{_IN}{{0,10}}预算", r"加强预算管理"),
    "机构或职能调整": (
        rf"(?:增设|新增|新设|设立|组建|撤并|撤销|合并){_IN}{{0,12}}机构",
        r"机构(?:改革|调整|设立|变动)", r"转隶|划转|划入|划出|职能(?:调整|变化)",
    ),
    "培训或会议": (r"培训|参训|会议|参会|会务|换届",),
    "车辆或资产": (
        r"车(?!间)", rf"(?:设备|资产|家具){_IN}{{0,2}}购置|购置{_IN}{{0,8}}(?:设备|资产|家具)",
        rf"新增{_IN}{{0,8}}(?:设备|资产)",
    ),
    "一次性项目": (r"一次性|成立|维修|修缮|改造|装修|搬迁",),
    "项目增减": (
        rf"项目经费|专项|(?:新增|增加|减少|取消|完成|结束){_IN}{{0,12}}项目",
        rf"项目{_IN}{{0,6}}(?:增加|减少)", r"运维费|租赁费|办案费|业务费|管理费|保障经费|运转经费",
        r"信息化|系统建设|平台|援[藏疆青]|扶贫",
    ),
    "压减开支": (r"紧日子|压减|压缩|节约|精简|从严控制|核减",),
}
DRIVERS: dict[str, re.Pattern] = {name: re.compile("|".join(words))
                                  for name, words in DRIVER_WORDS.items()}
#: Drivers that, named, are the only ones: a reason saying the two years are counted
#: differently (统计口径) goes on to describe the scope, not a cause.
ALONE: tuple[str, ...] = ("统计口径变化",)


def classify_reason(reason: object) -> list[str]:
    """The drivers a stated reason names, in the order of :data:`DRIVERS`; else
    ``[UNCLASSIFIED]``, or ``[UNSTATED]`` when there is no reason.

    Examples
    --------
    >>> classify_reason("人员经费政策性调增、增加行政运转保障经费")
    ['调资或晋升', '项目增减']
    >>> classify_reason("会议费支出预算安排减少")  # 减少 says which way, not why
    ['培训或会议']
    >>> classify_reason("本年度预计取得的单位资金收入较上年增加"), classify_reason(None)
    (['未归类'], ['未说明'])
    """
    if not isinstance(reason, str) or _NOT_A_REASON.match(reason):
        return [UNSTATED]
    found = [name for name, pattern in DRIVERS.items() if pattern.search(reason)]
    alone = [name for name in found if name in ALONE]
    return alone or found or [UNCLASSIFIED]


def driver_totals(drivers: pd.DataFrame) -> pd.DataFrame:
    """The change each driver explains, from a :func:`~budgetlib.analysis.headcount.drivers`
    frame: every counted change once, under the driver its reason names, or under the
    drivers joined by "＋" where it names several (the document does not split its amount);
    with the number of items and their names. The changes add up to the counted total.

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "driver": ["调资或晋升", "压减开支", "项目增减", "调资或晋升", "人员增减"],
    ...     "item": ["行政运行", "项目支出", "项目支出", "住房公积金", "合计"],
    ...     "change": [4.66, -50.0, -50.0, 0.48, 9.0], "counted": [True, True, True, True, False],
    ...     "line": [1, 2, 2, 3, 4]})
    >>> driver_totals(rows)[["driver", "change", "count"]].values.tolist()
    [['调资或晋升', 5.14, 2], ['项目增减＋压减开支', -50.0, 1]]
    """
    order = {name: n for n, name in enumerate([*DRIVERS, UNCLASSIFIED, UNSTATED])}
    counted = drivers[drivers["counted"]]
    by_change = counted.groupby(["item", "line"], sort=False, dropna=False).agg(
        driver=("driver", lambda d: "＋".join(sorted(dict.fromkeys(d), key=order.get))),
        change=("change", "first"), rank=("driver", lambda d: min(map(order.get, d)))).reset_index()
    grouped = by_change.groupby("driver", sort=False).agg(
        change=("change", "sum"), count=("item", "size"), items=("item", "、".join),
        rank=("rank", "min")).reset_index()
    grouped["change"] = grouped["change"].round(2)
    # in the vocabulary's order, a driver alone before its combinations
    grouped["parts"] = grouped["driver"].str.count("＋")
    ranked = grouped.sort_values(["rank", "parts"], kind="stable")
    return ranked.drop(columns=["rank", "parts"]).reset_index(drop=True)
