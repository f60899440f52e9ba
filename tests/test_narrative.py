"""Narrative sections, paragraphs and the table of contents of the seed."""

from __future__ import annotations


def test_contents(doc):
    assert len(doc.contents) == 31
    assert (doc.contents[0].text, doc.contents[0].line) == ("第一部分 2026 年部门概况", 9)
    assert doc.contents[4].text == "一、 部门收支总体情况表"
    assert (doc.contents[-1].text, doc.contents[-1].line) == ("第四部分 名词解释", 54)


def test_sections_levels_and_paths(doc):
    titles = {s.title: s for s in doc.sections}
    section = titles["（三）一般公共预算当年拨款具体使用情况"]
    assert (section.level, section.line, len(section.paragraphs)) == (3, 429, 7)
    assert section.path == ("第三部分 2026 年部门预算情况说明",
                            "五、关于阿图什市人民政府外事办公室2026年一般公共预算当年拨款情况说明")
    assert section.paragraphs[0].line == 431
    assert section.paragraphs[0].text.startswith("1. 一般公共服务支出（类）")
    assert titles["(五) 其他需说明的事项"].level == 3  # a bold line without '#'
    assert [s.level for s in doc.sections if s.title.startswith("第")] == [1, 1, 1, 1]


def test_paragraphs_frame(doc):
    paragraphs = doc.paragraphs
    row = paragraphs.query("line == 378").iloc[0]
    assert row["text"].startswith("一般公共预算 122.35 万元，占 73.02%，比上年预算减少 38.49 万元")
    assert row["section"] == "二、关于阿图什市人民政府外事办公室 2026 年收入预算情况说明"
    # table titles, 编制部门/单位 lines and empty-table notes belong to the tables
    assert not paragraphs["text"].str.startswith("编制部门").any()
    assert 301 not in paragraphs["line"].tolist()
    assert 469 in paragraphs["line"].tolist()  # the narrative's own 为空表 sentence stays
