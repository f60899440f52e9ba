"""Reading a folder of documents; pairing split files; comparing consecutive years."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import budgetlib
from budgetlib.analysis.compare import compare_years
from budgetlib.corpus import find_documents


def test_split_documents_are_paired(corpus):
    documents = find_documents(corpus)
    assert [p.name for p in documents["jiangsu/js_party_office_2019_budget".split("/")[-1]]] == [
        "js_party_office_2019_budget_narrative.pdf", "js_party_office_2019_budget_tables.pdf"]
    # 21 PDFs, three pairs of them, and the two xlsx templates
    assert len(documents) == 20
    assert [p.name for p in documents["department_budget_template"]] == ["department_budget_template.xlsx"]


def test_a_bad_file_is_reported_not_fatal(tmp_path, seed_path):
    (tmp_path / "good.txt").write_bytes(seed_path.read_bytes())
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    long, docs, failures = budgetlib.read_corpus(tmp_path, progress=False)
    assert list(docs) == ["good"] and list(failures) == ["broken"]
    assert "broken.pdf: not a readable PDF" in failures["broken"]
    assert long["value"].notna().sum() == 199 and (long["year"] == 2026).all()


def test_wanli_years_chain(corpus):
    _, docs, failures = budgetlib.read_corpus(corpus / "shanghai", progress=False)
    assert failures == {}
    table = compare_years(docs).set_index(["from", "to"])
    # every change the 2024 and 2025 narratives state about the year before matches that
    # year's own PDF (11 each: the 财政拨款 收支 totals and 一般公共预算 total, 2024 p.6
    # "比2023年预算减少876.75万元" three times, the 政府性基金 and 国有资本经营 nil, and 三公 with
    # its parts, one of them 2024 p.32 and 2025 p.30 "（三）公务接待费1.35万元。比上年预算持平",
    # 持平 in a sentence of its own)
    assert table.loc[(2023, 2024), "说明所述增减"] == table.loc[(2024, 2025), "说明所述增减"] == 11
    assert table.loc[(2023, 2024), "与上年文档相符"] == 11
    assert table.loc[(2024, 2025), "与上年文档相符"] == 11
    assert table.loc[(2024, 2025), "仅本年"] == 0  # 2025 prints the same rows as 2024
    assert table.loc[(2023, 2024), "仅本年"] > 0  # 2024 adds 205 教育支出, among others


def test_jiangsu_years_chain(corpus):
    from budgetlib.analysis import yoy

    _, docs, failures = budgetlib.read_corpus(corpus / "jiangsu", progress=False)
    assert failures == {}
    table = compare_years(docs).set_index(["department", "from", "to"])
    # 中国共产党江苏省委员会办公厅 (2017) is 中共江苏省委办公厅 (2018, 2019): one department
    office = table.loc["中共江苏省委办公厅"]
    assert list(office.index) == [(2017, 2018), (2018, 2019)]
    # every change the 2018 and 2019 narratives state matches the year before's own PDF:
    # 7 项, the 三公 parts with 会议费 and 培训费 (6: "与上年预算数一致" is a change of 0),
    # and 机关运行经费 (2018: 2,094.58, "减少8007.18" from 2017's 10,101.76)
    # (26 each since the narrative's totals and items are linked by what they are: the 收支,
    # 财政拨款 and 一般公共预算 totals besides)
    assert office["说明所述增减"].tolist() == [26, 26] and office["与上年文档相符"].tolist() == [26, 26]
    # the high court is named in every year: 2018 by its cover (p.1, over a date), 2019 by its
    # cover (p.1) and not by the 部门名称 its p.12 table wraps ("江苏省高级人民法 / 院")
    assert list(table.loc["江苏省高级人民法院"].index) == [(2017, 2018), (2018, 2019)]
    court = table.loc["江苏省人民检察院"]
    # (25 with 2019 p.26 "项目支出…与上年相比减少了1237.7万元", read since the grammar reads 减少了)
    assert court.loc[(2018, 2019), "说明所述增减"] == court.loc[(2018, 2019), "与上年文档相符"] == 25
    # 2018's six that the 2017 PDF does not bear out: 因公出国 (below); the totals' "增加3,958.98"
    # (p.25-26, 财政拨款收、支总计 and 财政拨款支出) where 17,981.68 → 21,940.96 is 3,959.28;
    # 基本支出 (p.24) "增加1,670.85" on the 2017 narrative's 12,323.46 (its table: 12,323.48,
    # so 1,670.83); 2040405 "减少134.00" (an item recoded)
    assert (court.loc[(2017, 2018), "说明所述增减"], court.loc[(2017, 2018), "与上年文档相符"]) == (23, 17)
    by_name = {name: doc for name, doc in docs.items() if "procuratorate" in name}
    rows = yoy(by_name["js_procuratorate_2017_budget_full"], by_name["js_procuratorate_2018_budget_full"])
    wrong = rows[rows["agrees"].eq(False)].set_index("measure")
    # 2018 p.28: "因公出国（境）费预算支出 100 万元，与上年预算数相等", but the 2017 document
    # budgets 110 (its 三公 table, p.16, and its own narrative, p.22): a real disagreement
    assert wrong.loc["“三公”经费/因公出国（境）费", ["current", "prior", "stated_change"]].tolist() == [
        100.0, 110.0, 0.0]
    # explained, not wrong: 2018's 2040405 公诉、审判、侦查、执行等检察监督支出 (1,895, "减少134",
    # so 2,029 last year) is 2017's 2040405 公诉和审判监督 150 plus three other 2017 检察 items
    # (p.12: 100 + 1,299 + 480): exactly 2,029. The 2018 classification merged them, which a
    # cell-by-cell comparison cannot see
    merged = wrong[wrong["code"] == "2040405"].iloc[0]
    assert (merged["code"], merged["prior"], merged["stated_change"]) == ("2040405", 150.0, -134.0)
    # the totals' "增加3958.98万元" (2018 p.25-26) where 2017 prints 17,981.68 and 2018
    # 21,940.96 (3,959.28), in each table that prints them
    totals = wrong[wrong["item"].isin(["合计", "收入合计"])]
    assert set(totals["stated_change"]) == {3958.98} and set(totals["change"].round(2)) == {3959.28}


def test_a_recoded_item_is_matched_through_its_stated_change(corpus):
    from budgetlib.analysis import yoy

    folder = corpus / "jiangsu"
    prev = budgetlib.read_budget(folder / "js_procuratorate_2018_budget_full.pdf")
    doc = budgetlib.read_budget(folder / "js_procuratorate_2019_budget_full.pdf")
    row = yoy(prev, doc).query("code == '2040410' and table == '财政拨款支出预算表'").iloc[0]
    # 2019 p.28: 检察监督(项) 1,185.60 万元, 减少 709.40; 2018 printed the item as
    # 2040405 公诉、审判、侦查、执行等检察监督支出 1895.00 (p.16)
    assert (row["prior"], row["stated_change"], row["agrees"]) == (1895.0, -709.4, True)
    assert row["matched"] == "编码或名称变更：上年 2040405 公诉、审判、侦查、执行等检察监督支出"


def test_a_missing_folder_is_an_error_naming_it(tmp_path):
    with pytest.raises(FileNotFoundError, match=re.escape(f"{tmp_path / 'nowhere'}: no such folder")):
        budgetlib.read_corpus(tmp_path / "nowhere", progress=False)
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    with pytest.raises(NotADirectoryError, match="a.txt: no such folder"):
        budgetlib.read_corpus(tmp_path / "a.txt", progress=False)


def test_xlsx_documents_are_read_and_word_files_are_named(corpus, tmp_path, seed_path):
    (tmp_path / "seed.txt").write_bytes(seed_path.read_bytes())
    template = corpus / "templates" / "unit_budget_template.xlsx"
    (tmp_path / "template.xlsx").write_bytes(template.read_bytes())
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04word/document.xml")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00")
    long, docs, failures = budgetlib.read_corpus(tmp_path, progress=False, cache=False)
    assert sorted(docs) == ["seed", "template"] and docs["template"].department == "上海市普陀区XX单位"
    assert sorted(failures) == ["notes", "old"]
    assert "a Word document: save it as PDF" in failures["notes"]
    assert "an old Excel .xls workbook: save it as .xlsx" in failures["old"]
    assert set(long["document"]) == {"seed", "template"}


@pytest.fixture
def small_corpus(tmp_path, seed_text):
    """Three documents and a broken one: enough for every worker to have work."""
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(seed_text, encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(seed_text.replace("总计\t122.35\t112.35", "总计\t122.45\t112.35"),
                                          encoding="utf-8")
    (folder / "c.txt").write_text(seed_text.replace("2026", "2027").replace("2025", "2026"), encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    return folder


@pytest.mark.parametrize("how", ["workers=2", "process pool", "thread pool"])
def test_a_corpus_read_in_parallel_is_the_one_read_in_turn(small_corpus, tmp_path, how):
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    one = budgetlib.read_corpus(small_corpus, progress=False, cache=False, workers=1)
    if how == "workers=2":
        many = budgetlib.read_corpus(small_corpus, progress=False, cache=tmp_path / "cache", workers=2)
    else:
        pool = ProcessPoolExecutor(2) if how == "process pool" else ThreadPoolExecutor(2)
        with pool:
            many = budgetlib.read_corpus(small_corpus, progress=False, cache=False, executor=pool)
            assert pool.submit(len, "still open").result() == 10  # the caller's pool is left open
    pd.testing.assert_frame_equal(many[0], one[0])
    assert list(many[1]) == list(one[1]) == ["a", "c", "b"]  # the folder's order, not the finish's
    assert many[2] == one[2] and list(one[2]) == ["broken"]
    for name, doc in one[1].items():
        pd.testing.assert_frame_equal(many[1][name].tidy, doc.tidy)
        assert many[1][name].source == doc.source


def test_a_parallel_read_fills_the_cache_the_next_read_uses(small_corpus, tmp_path):
    cache = tmp_path / "cache"
    budgetlib.read_corpus(small_corpus, progress=False, cache=cache, workers=2)
    assert len(list(cache.glob("*.pickle"))) == 3  # the broken file is not kept
    again = budgetlib.read_corpus(small_corpus, progress=True, cache=cache, workers=1)
    assert sorted(again[1]) == ["a", "b", "c"]


def test_a_dask_cluster_reads_the_corpus_through_its_executor(small_corpus):
    """The optional ``cluster`` extra: a Dask LocalCluster's executor, budgetlib importing no Dask."""
    distributed = pytest.importorskip("distributed")
    one = budgetlib.read_corpus(small_corpus, progress=False, cache=False, workers=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None,
                                  processes=True) as cluster, distributed.Client(cluster) as client:
        many = budgetlib.read_corpus(small_corpus, progress=False, cache=False,
                                     executor=client.get_executor())
    pd.testing.assert_frame_equal(many[0], one[0])
    assert list(many[1]) == ["a", "c", "b"] and list(many[2]) == ["broken"]


def test_the_long_frame_is_one_parquet_dataset_by_year_and_kind(corpus, tmp_path):
    from urllib.parse import unquote

    import pyarrow.dataset as ds

    from budgetlib.corpus import corpus_frame, to_parquet

    docs = {name: budgetlib.read_budget(corpus / "shanghai" / f"{name}.pdf") for name in (
        "putuo_wanli_subdistrict_office_budget_2024", "putuo_wanli_subdistrict_office_budget_2025",
        "putuo_commerce_commission_unit_budget_2025")}
    long = corpus_frame(docs)
    folder = to_parquet(long, tmp_path / "corpus")
    parts = sorted(tuple(map(unquote, p.relative_to(folder).parts[:2])) for p in folder.rglob("*.parquet"))
    assert parts == [("year=2024", "kind=部门预算"), ("year=2025", "kind=单位预算"),
                     ("year=2025", "kind=部门预算")]
    back = pd.read_parquet(folder)
    assert len(back) == len(long)
    key = ["document", "table", "code", "name", "measure"]
    mine = long.sort_values(key).reset_index(drop=True)
    theirs = back.sort_values(key).reset_index(drop=True)
    assert theirs["value"].equals(mine["value"]) and theirs["document"].tolist() == mine["document"].tolist()
    assert theirs["year"].astype(int).tolist() == mine["year"].astype(int).tolist()
    assert ds.dataset(folder, partitioning="hive").to_table().num_rows == len(long)
    # a document of unknown year has no folder: named, not dropped
    mixed = pd.concat([long.head(3).assign(year=pd.NA, document="无年份"), long.tail(2)], ignore_index=True)
    with pytest.raises(ValueError, match="no year or kind: 无年份"):
        to_parquet(mixed, tmp_path / "mixed")


def test_progress_bar_needs_no_widgets(monkeypatch):
    """Without ipywidgets the text bar is used, not tqdm.auto (which warns "IProgress not found"
    in a notebook); with them, the notebook widget."""
    import importlib.util

    import tqdm.auto
    import tqdm.std

    from budgetlib.corpus import progress_bar

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "ipywidgets" else real(name, *a))
    assert progress_bar() is tqdm.std.tqdm
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object())
    assert progress_bar() is tqdm.auto.tqdm
