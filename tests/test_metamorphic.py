"""The narrative reworded as other departments word it gives the same audit
(:mod:`budgetlib.testing.metamorphic`, :mod:`budgetlib.testing.rewrites`).

On the seed always; on the corpus when present, a few documents by default and every
document with ``-m long``. The benchmark (benchmarks/bench_metamorphic.py) prints the rates.
"""

from __future__ import annotations

import pytest

import budgetlib
from budgetlib.corpus import find_documents
from budgetlib.testing.metamorphic import check, findings, load, plants, rewrite_document, rewrite_text
from budgetlib.testing.rewrites import FAMILIES, Family

#: Corpus documents checked by default: one of each region's wording (Jiangsu's
#: "与上年相比…", Wanli's quoted items with last year's execution, Putuo's 元 tables).
# the 决算 too: its item headings ("1、X（类）Y（款）Z（项）。") broke when quoted, and a page
# break inside "增|加" once made a rewrite that no document would print
QUICK = ("js_procuratorate_2019_budget_full", "putuo_wanli_subdistrict_office_budget_2023",
         "putuo_commerce_commission_dept_budget_2025", "putuo_finance_bureau_dept_final_accounts_2024",
         "js_party_office_2017_budget")


@pytest.fixture(scope="module")
def seed(seed_path):
    return load("seed", seed_path)


@pytest.fixture(scope="module")
def seed_plants(seed):
    return plants(seed, None)  # every linked amount of the seed


def test_there_are_ten_families_or_more():
    assert len(FAMILIES) >= 10


@pytest.mark.parametrize("name", sorted(set(FAMILIES) - {"thousands", "rate_wording"}))
def test_every_family_rewords_the_seed(seed, name):
    # thousands: no amount of the seed reaches 1,000 万元 (its largest is 167.55, line 368);
    # rate_wording: the seed is a budget, it states no execution rate (the 决算 does, p.21)
    new, _ = rewrite_text(seed.text, FAMILIES[name].raw or FAMILIES[name].rewrite)
    assert new != seed.text


def test_the_plants_each_make_one_error(seed, seed_plants):
    # issue 27: every figure planted wrong is one error, none left out for making more
    assert all(sum(expected.values()) == 1 for _, expected in seed_plants)
    # among them the amounts whose sentences also state a change or a share, which made two or
    # three errors before they folded: line 376 "部门收入预算 167.55 万元" (the whole of line
    # 378's 占 73.02%), 378 "一般公共预算 122.35 万元，占 73.02%，比上年预算减少 38.49 万元",
    # 431 "行政运行（项）：2026 年预算数为 79.16 万元，比上年预算增加 4.66 万元，增长 6.26%",
    # 435 "行政单位离退休（项）：2026 年预算数为 1.38 万元，比上年预算增加 0.00 万元", and
    # 493 "机关运行经费财政拨款预算 2.32 万元，比上年预算增加 0.62 万元，增长 36.47%"
    lines = {key[4] for _, expected in seed_plants for key in expected}
    assert {376, 378, 431, 435, 493} <= lines


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_the_seed_reads_alike_in_every_wording(seed, seed_plants, name):
    assert check(seed, FAMILIES[name], seed_plants) == []


def test_a_rewording_that_changes_a_figure_is_caught(seed, seed_plants):
    # seed line 378: "一般公共预算 122.35 万元": a "rewrite" that says 123.35 must break the invariants
    lying = Family("lying", lambda text: text.replace("122.35", "123.35"), "changes a figure")
    assert any("claim_amount" in line for line in check(seed, lying, []))


def test_the_shanghai_draft_form_keeps_the_seeds_findings(seed):
    # "“…(项)”43.83万元，上年:25.77万元，…" once made the subject swallow "43.83万元,上年" and
    # read 25.77 as the item's amount; the seed in that form must keep its findings and links
    new, lines = seed.reworded(FAMILIES["prior_short"])
    assert findings(new, lines) == findings(seed.doc)
    line_435 = new.claims.query("line == 435")
    assert line_435[["figure", "value"]].values.tolist() == [
        ["amount", 1.38], ["prior", 1.38], ["change_amount", 0.0], ["change_pct", 0.0]]


def test_a_pdf_paragraph_is_reworded_before_its_claims_are_read(doc):
    new = rewrite_document(doc, FAMILIES["yuan"].rewrite)
    # seed line 378 in 元: "一般公共预算 1,223,500.00元，…"
    assert "1,223,500.00元" in new.paragraphs.query("line == 378")["text"].iloc[0]
    assert new.claims.query("line == 378 and figure == 'amount'")["value"].tolist() == [122.35]
    assert doc.claims.query("line == 378 and figure == 'amount'")["raw"].tolist() == ["122.35"]


def _corpus_cases(names):
    return [pytest.param(doc, family, id=f"{doc}-{family}") for doc in names for family in sorted(FAMILIES)]


@pytest.fixture(scope="module")
def corpus_subjects(corpus):
    found = find_documents(corpus)
    return {name: load(name, files if len(files) > 1 else files[0]) for name, files in found.items()}


_planted: dict[str, list] = {}


def _check_corpus(corpus_subjects, name, family):
    if name not in corpus_subjects:
        pytest.skip(f"{name} is not in the corpus")
    subject = corpus_subjects[name]
    if name not in _planted:
        _planted[name] = plants(subject)
    assert check(subject, FAMILIES[family], _planted[name]) == []


@pytest.mark.parametrize(("name", "family"), _corpus_cases(QUICK))
def test_corpus_reads_alike_in_every_wording(corpus_subjects, name, family):
    _check_corpus(corpus_subjects, name, family)


@pytest.mark.long
def test_every_corpus_document_reads_alike_in_every_wording(corpus_subjects):
    broken = {}
    for name, subject in sorted(corpus_subjects.items()):
        planted = plants(subject)
        for family in FAMILIES.values():
            if problems := check(subject, family, planted):
                broken[name, family.name] = problems
    assert broken == {}


def test_budgetlib_reads_the_seed_text_as_its_file(seed, doc):
    # the check reads the seed from its text; that reading must be the file's
    assert findings(seed.doc) == findings(budgetlib.read_budget(budgetlib.config.SEED_DOCUMENT))
    assert seed.doc.claims["value"].tolist() == doc.claims["value"].tolist()


FINANCE_BUREAU = "putuo_finance_bureau_dept_final_accounts_2024.pdf"


def test_the_final_accounts_rates_read_alike_in_either_wording(corpus):
    # finance bureau 2024 p.21 "完成年初预算的98.20%" and p.23 "完成预算的0%" (×4), reworded
    # "年初预算执行率为98.20%", "预算执行率为0%": the same five rates, linked to the same cells
    doc = budgetlib.read_budget(corpus / "final_accounts" / FINANCE_BUREAU)
    new = rewrite_document(doc, FAMILIES["rate_wording"].rewrite)
    assert any("年初预算执行率为98.20%" in p.text for s in new.sections for p in s.paragraphs)
    columns = ["page", "value", "link_table", "link_measure", "whole_value"]
    before, after = (d.claims.query("figure == 'rate'")[columns].fillna(-1) for d in (doc, new))
    assert len(before) == 5 and after.values.tolist() == before.values.tolist()
