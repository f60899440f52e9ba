"""The on-disk document cache: keyed by content, never stale, never fatal; Parquet export."""

from __future__ import annotations

import pandas as pd
import pytest

import budgetlib
from budgetlib.cache import document_key
from budgetlib.corpus import CORPUS_COLUMNS
from budgetlib.read import read_cached


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


def test_an_upgraded_reading_library_is_a_new_key(seed_path, monkeypatch):
    """A new PDF engine (pypdfium2 bundles PDFium) or budgetlib version reads documents
    afresh: the key holds their versions."""
    import budgetlib.cache as cache

    real = cache.versions()
    assert {"budgetlib", "pypdfium2"} <= set(real)
    key = document_key([seed_path])
    for library in ("pypdfium2", "budgetlib"):
        monkeypatch.setattr(cache, "versions", lambda lib=library: {**real, lib: "99"})
        cache._code_hash.cache_clear()
        assert document_key([seed_path]) != key
    monkeypatch.undo()
    cache._code_hash.cache_clear()
    assert document_key([seed_path]) == key


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


def assert_same_document(a: budgetlib.BudgetDocument, b: budgetlib.BudgetDocument) -> None:
    assert (a.department, a.year, a.kind, a.title, a.source) == (b.department, b.year, b.kind, b.title,
                                                                 b.source)
    assert list(a.tables) == list(b.tables) and a.table_meta == b.table_meta
    for title in a.tables:
        pd.testing.assert_frame_equal(a.tables[title], b.tables[title])
    pd.testing.assert_frame_equal(a.performance, b.performance)
    assert (a.sections, a.contents, a.problems) == (b.sections, b.contents, b.problems)


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """The text reader, counting its calls; the cache in a folder of the test's own."""
    from budgetlib import readers

    monkeypatch.setenv("BUDGETLIB_CACHE", str(tmp_path / "cache"))
    calls = []
    real = readers.READERS[".txt"]
    monkeypatch.setitem(readers.READERS, ".txt", lambda path: calls.append(path) or real(path))
    return calls


def test_read_budget_reads_an_unchanged_file_once(seed_path, tmp_path, counted):
    first = budgetlib.read_budget(seed_path)
    second = budgetlib.read_budget(seed_path)
    assert counted == [seed_path]  # the second came from the cache, without the reader
    assert_same_document(first, second)
    assert_same_document(second, budgetlib.read_budget(seed_path, cache=False))
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 1
    pd.testing.assert_frame_equal(second.audit(), first.audit())


def test_read_budget_reads_a_changed_file_again(seed_text, tmp_path, counted):
    path = tmp_path / "doc.txt"
    path.write_text(seed_text, encoding="utf-8")
    budgetlib.read_budget(str(path))
    path.write_text(seed_text.replace("总计\t122.35\t112.35", "总计\t122.45\t112.35"), encoding="utf-8")
    doc = budgetlib.read_budget(str(path))
    t5 = doc.tables["一般公共预算支出情况表"]
    assert len(counted) == 2 and 122.45 in t5[t5["row_type"] == "total"]["value"].tolist()


def test_read_budget_without_the_cache_never_touches_its_folder(seed_path, tmp_path, counted):
    for _ in range(2):
        budgetlib.read_budget(seed_path, cache=False)
    assert len(counted) == 2 and not (tmp_path / "cache").exists()


def test_read_budget_caches_files_not_text(seed_path, seed_text, tmp_path, counted):
    """A folder and a list of files are cached like one file; the text itself is not."""
    folder = tmp_path / "doc"
    folder.mkdir()
    (folder / "seed.txt").write_text(seed_text, encoding="utf-8")
    for source in (folder, [folder / "seed.txt"], folder):
        doc = budgetlib.read_budget(source)
        assert doc.source == str(folder / "seed.txt")
    budgetlib.read_budget(seed_text)
    assert len(counted) == 1  # text is read by read_text, not the file reader
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 1


def test_read_budget_with_a_cache_folder_of_its_own(seed_path, tmp_path, counted):
    where = tmp_path / "mine"
    budgetlib.read_budget(seed_path, cache=where)
    budgetlib.read_budget(seed_path, cache=where)
    assert len(counted) == 1 and len(list(where.glob("*.pickle"))) == 1
    assert not (tmp_path / "cache").exists()


def test_a_missing_file_is_still_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        budgetlib.read_budget(tmp_path / "nothing.pdf")
