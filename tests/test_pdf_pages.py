"""Pages shared between this process and the reader's workers: every page read once, in
page order, the same blocks as one process reads; a worker's failure raised, a broken pool
let go."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from budgetlib.readers import pdf_pages
from budgetlib.readers.pdf_pages import read_pages, take_from_back


def _worker_reads(source: str, document: int) -> list[tuple[int, tuple]]:
    out = []
    while (index := take_from_back(document)) is not None:
        out.append((index, ("worker", index, os.getpid())))
    return out


def _worker_fails(source: str, document: int) -> list:
    if take_from_back(document) is not None:
        raise ValueError(f"{source}: page cannot be read")
    return []


def _worker_dies(source: str, document: int) -> list:
    os._exit(1)


def _here(index: int) -> tuple:
    return ("here", index, os.getpid())


def _slow(index: int) -> tuple:
    """A page that takes a while here, so that the worker takes pages from the back."""
    import time

    time.sleep(0.05)  # long enough that the worker starts on a busy machine too
    return _here(index)


@pytest.mark.parametrize("count", [0, 1, 4, 5, 9, 40])
def test_every_page_is_read_once_in_page_order(count):
    reads = read_pages(_worker_reads, "doc.pdf", count, _here, workers=2)
    assert [r[1] for r in reads] == list(range(count))
    if count >= pdf_pages.LEAST_PAGES:  # read by both ends: the front here, the back there
        assert {r[0] for r in reads} <= {"here", "worker"}
        assert all(r[2] == os.getpid() for r in reads if r[0] == "here")
        # which end gets how many pages depends on the machine's load (a busy machine may
        # give the whole of a short document to either), never the split: front | back
        sources = [r[0] for r in reads]
        assert sources == sorted(sources)  # "here" before "worker"


def test_a_long_document_is_shared_with_a_worker():
    reads = read_pages(_worker_reads, "doc.pdf", 40, _slow, workers=2)
    workers = [r for r in reads if r[0] == "worker"]
    assert workers and all(r[2] != os.getpid() for r in workers)
    assert [r[1] for r in reads] == list(range(40))
    # the worker took the back of the document, this process the front (on a busy machine,
    # the worker may have taken every page before this process took its first)
    here = [r[1] for r in reads if r[0] == "here"]
    assert not here or min(r[1] for r in workers) > max(here)


def test_a_workers_error_is_raised_here():
    with pytest.raises(ValueError, match="doc.pdf: page cannot be read"):
        read_pages(_worker_fails, "doc.pdf", 40, _slow, workers=2)


def test_a_broken_pool_is_let_go_and_its_pages_read_here():
    reads = read_pages(_worker_dies, "doc.pdf", 40, _slow, workers=2)
    assert [r[1] for r in reads] == list(range(40)) and {r[0] for r in reads} == {"here"}
    # the next document gets a new pool
    reads = read_pages(_worker_reads, "doc.pdf", 12, _here, workers=2)
    assert [r[1] for r in reads] == list(range(12))


def _workers_in_a_child(queue) -> None:
    queue.put(pdf_pages.default_workers())


def test_no_pool_within_a_worker_process():
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_workers_in_a_child, args=(queue,))
    child.start()
    child.join()
    assert queue.get(timeout=5) == 1
    assert pdf_pages.default_workers() == (os.cpu_count() or 1)


def test_a_pdf_reads_the_same_on_one_core_and_on_all(corpus):
    from budgetlib.readers.pdf import read_pdf

    for name in ("putuo_wanli_subdistrict_office_budget_2025.pdf", "js_procuratorate_2018_budget_full.pdf"):
        path = next(corpus.rglob(name))
        one, both = read_pdf(path, workers=1), read_pdf(path, workers=2)
        assert (one.blocks, one.pages, one.problems) == (both.blocks, both.pages, both.problems)


def test_workers_follow_the_environment(monkeypatch):
    monkeypatch.setenv("BUDGETLIB_WORKERS", "1")
    assert pdf_pages.default_workers() == 1
    reads = read_pages(_worker_reads, "doc.pdf", 40, _slow, workers=None)
    assert {r[0] for r in reads} == {"here"}


def test_a_process_that_cannot_start_workers_reads_alone(monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError("no new processes here")

    pdf_pages._shut_down()
    monkeypatch.setattr(pdf_pages, "ProcessPoolExecutor", refuse)
    monkeypatch.setattr(pdf_pages, "_unable", False)
    reads = read_pages(_worker_reads, "doc.pdf", 40, _here, workers=2)
    assert [r[1] for r in reads] == list(range(40)) and {r[0] for r in reads} == {"here"}
    assert pdf_pages._unable


def test_a_drawn_pdf_reads_the_same_on_one_core_and_on_all(tmp_path):
    """Without the corpus too: six pages of text and a ruled table, drawn here."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    from budgetlib.readers.pdf import read_pdf

    path = tmp_path / "drawn.pdf"
    with PdfPages(path) as pdf:
        for page in range(1, 7):
            fig = plt.figure(figsize=(8.27, 11.69), layout="none")
            fig.text(0.1, 0.9, f"Part {page}. Budget of the office", fontsize=14)
            fig.text(0.1, 0.85, f"Spending rose by {page}.50 thousand yuan.", fontsize=10)
            ax = fig.add_axes((0.1, 0.4, 0.8, 0.3))
            ax.axis("off")
            ax.table(cellText=[["Item", "Amount"], ["Salaries", f"{page}0.25"], ["Total", f"{page}0.25"]],
                     loc="center")
            fig.text(0.1, 0.3, f"The table above closes part {page}.", fontsize=10)  # no table runs on
            pdf.savefig(fig)
            plt.close(fig)
    one, both = read_pdf(str(path), workers=1), read_pdf(path, workers=2)  # a path as text too
    assert (one.blocks, one.pages, one.problems) == (both.blocks, both.pages, both.problems)
    assert [p.page for p in both.pages] == [1, 2, 3, 4, 5, 6]
    texts = " ".join(b.text for b in both.blocks if b.kind != "table")
    assert all(f"Spending rose by {n}.50 thousand yuan." in texts for n in range(1, 7))
    tables = [[r.cells for r in b.rows] for b in both.blocks if b.kind == "table"]
    expected = [[("Item", "Amount"), ("Salaries", f"{n}0.25"), ("Total", f"{n}0.25")] for n in range(1, 7)]
    assert tables == expected


def test_continued_tables_find_their_words_with_the_page(corpus, monkeypatch):
    """The words a table running on takes from the next page's top are found with that page
    (``_may_run_on``), never by reading the page again."""
    import budgetlib.readers.pdf as pdf

    def again(page):
        raise AssertionError(f"page {page.number} read again for its words")

    monkeypatch.setattr(pdf, "page_words", again)
    for path in sorted(corpus.rglob("*.pdf")):
        pdf.read_pdf(path, workers=1)
