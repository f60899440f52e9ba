"""The on-disk document cache: keyed by content, never stale, never fatal; Parquet export."""

from __future__ import annotations

import pandas as pd

import budgetlib
from budgetlib.analysis.corpus import CORPUS_COLUMNS
from budgetlib.cache import document_key, read_cached


def test_second_read_comes_from_the_cache_and_is_the_same(seed_path, tmp_path):
    first, hit_first = read_cached([seed_path], tmp_path)
    second, hit_second = read_cached([seed_path], tmp_path)
    assert (hit_first, hit_second) == (False, True)
    pd.testing.assert_frame_equal(first.tidy, second.tidy)
    pd.testing.assert_frame_equal(second.audit(), first.audit())


def test_a_changed_file_is_read_again(seed_text, tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(seed_text, encoding="utf-8")
    key = document_key([path])
    read_cached([path], tmp_path / "cache")
    # 表5 总计 122.35 → 122.45: new content, new key, new reading
    path.write_text(seed_text.replace("总计\t122.35\t112.35", "总计\t122.45\t112.35"), encoding="utf-8")
    assert document_key([path]) != key
    doc, hit = read_cached([path], tmp_path / "cache")
    t5 = doc.tables["一般公共预算支出情况表"]
    assert not hit and 122.45 in t5[t5["row_type"] == "total"]["value"].tolist()


def test_the_source_is_where_the_file_is_now(seed_text, tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(seed_text, encoding="utf-8")
    read_cached([tmp_path / "a.txt"], tmp_path / "cache")
    doc, hit = read_cached([tmp_path / "b.txt"], tmp_path / "cache")
    assert hit and doc.source == str(tmp_path / "b.txt")


def test_a_damaged_cache_entry_is_read_afresh(seed_path, tmp_path):
    read_cached([seed_path], tmp_path)
    (entry,) = tmp_path.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    doc, hit = read_cached([seed_path], tmp_path)
    assert not hit and len(doc.tables) == 12


def test_corpus_frame_goes_to_parquet_and_back(seed_path, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(seed_path.read_bytes())
    long, docs, failures = budgetlib.read_corpus(folder, progress=False)
    assert list(long.columns) == CORPUS_COLUMNS and failures == {}
    long.to_parquet(tmp_path / "corpus.parquet")
    back = pd.read_parquet(tmp_path / "corpus.parquet")
    pd.testing.assert_frame_equal(back, long)
    # seed line 241: 一般公共预算支出情况表 总计 122.35
    total = back[(back["table"] == "一般公共预算支出情况表") & (back["name"] == "总计")
                 & (back["measure"] == "一般公共预算支出/合计")]
    assert total["value"].tolist() == [122.35] and total["year"].tolist() == [2026]
