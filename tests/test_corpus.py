"""Reading a folder of documents; pairing split files; comparing consecutive years."""

from __future__ import annotations

import budgetlib
from budgetlib.corpus import compare_years, find_documents


def test_split_documents_are_paired(corpus):
    documents = find_documents(corpus)
    assert [p.name for p in documents["jiangsu/js_party_office_2019_budget".split("/")[-1]]] == [
        "js_party_office_2019_budget_narrative.pdf", "js_party_office_2019_budget_tables.pdf"]
    assert len(documents) == 11  # 14 PDFs, three of them pairs


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
    # year's own PDF (8 each: 收支 totals and 三公 with its parts)
    assert table.loc[(2023, 2024), "说明所述增减"] == 8
    assert table.loc[(2023, 2024), "与上年文档相符"] == 8
    assert table.loc[(2024, 2025), "与上年文档相符"] == 8
    assert table.loc[(2024, 2025), "仅本年"] == 0  # 2025 prints the same rows as 2024
    assert table.loc[(2023, 2024), "仅本年"] > 0  # 2024 adds 205 教育支出, among others
