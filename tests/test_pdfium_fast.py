"""The PDF reader's C helper (``readers/_pdfium_fast.c``) against the Python code it
translates: every object of every page the same as ``readers/pdfium_page.py`` makes it,
float for float (by its bits: 0.0 is not -0.0), key for key, in the same order; and the
decimal rule, the characters' middles (``pdf_cells``) and the content-stream tokenizer
(``pdf_content``) the same as theirs, on generated input and on the corpus."""

from __future__ import annotations

import os
import shlex
import shutil
import struct
import sysconfig
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetlib.readers import pdf_fast, pdfium_page

FAST = pdf_fast.fast
needs_helper = pytest.mark.skipif(FAST is None, reason="the C helper is not built here")


def _objects(path: Path, fast) -> list:
    """Every page's objects, read with the C helper (``fast``) or in Python (None), as text."""
    saved = pdf_fast.fast
    pdf_fast.fast = fast
    try:
        with pdfium_page.open_pdf(path) as pdf:
            # repr tells every float by its bits (-0.0 from 0.0), True from 1, a tuple from
            # a list, and keeps each dict's order
            return [repr(page.parse_objects()) for page in pdf.pages]
    finally:
        pdf_fast.fast = saved


def _differences(path: Path) -> list[str]:
    fast, pure = _objects(path, FAST), _objects(path, None)
    assert len(fast) == len(pure)
    return [f"{path.name} page {n}" for n, (a, b) in enumerate(zip(fast, pure, strict=True), 1) if a != b]


def test_the_helper_is_built_where_there_is_a_compiler():
    """``pip install`` builds it wherever a C compiler and Python's headers are at hand
    (CI's machines have both): a build that failed unnoticed would leave every reader on
    the slow path."""
    compiler = shlex.split(sysconfig.get_config_var("CC") or "cc")[0]
    headers = Path(sysconfig.get_paths()["include"], "Python.h")
    if os.environ.get("BUDGETLIB_PURE_PYTHON") or not shutil.which(compiler) or not headers.exists():
        pytest.skip("no C compiler or Python headers here, or the Python code asked for")
    assert FAST is not None


def test_the_python_code_is_used_when_asked_for(monkeypatch):
    monkeypatch.setenv("BUDGETLIB_PURE_PYTHON", "1")
    assert pdf_fast.load() is None


@needs_helper
def test_a_drawn_pdf_reads_alike_in_c_and_in_python(tmp_path):
    """Without the corpus: text in two font kinds, turned and spaced out, bars (rects),
    rules (lines), circles (curves), markers (form objects), an image and colours."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    path = tmp_path / "drawn.pdf"
    with PdfPages(path) as pdf:
        for fonttype in (3, 42):
            with matplotlib.rc_context():  # matplotlib's defaults, whatever style other tests set
                matplotlib.rcdefaults()
                matplotlib.rcParams["pdf.fonttype"] = fonttype
                fig, (bars, image) = plt.subplots(1, 2, figsize=(8.27, 5.8), layout="none")
                bars.bar(["Wages", "Goods", "Other"], [3.5, 2.25, 1.0], color=["#336699", "0.5", "red"])
                bars.plot([0, 1, 2], [1, 2, 3], "o-", markersize=9)  # markers: form objects
                bars.add_patch(plt.Circle((1, 2), 0.4, fill=False))
                bars.set_title("Spending   by  item", rotation=8)
                image.imshow([[0, 1], [1, 0]])
                fig.text(0.1, 0.02, "Total 6.75    thousand yuan", fontsize=9)
                pdf.savefig(fig)
                plt.close(fig)
    assert FAST is not None and _differences(path) == []


def _hand_written_pdf(path: Path, pages: list[bytes]) -> Path:
    """A PDF of one page for each content stream (Helvetica as /F1)."""
    count = len(pages)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    for i, content in enumerate(pages):
        objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
                    b" /Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * i),
                    b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    path.write_bytes(bytes(out))
    return path


# blanks PDFium's text page drops, each put back: a text object of one space, runs of
# spaces inside an object and at its end, one of three spaces alone, one under a moved
# origin; a kerned TJ (PDFium makes up a space there, pdfminer has none); a rule and a box.
# On the first page the content stream tells how many blanks each object has; on the
# second, with no run of blanks, their places do.
BLANKS = [b"""BT /F1 12 Tf 72 700 Td (Total) Tj ( ) Tj (6.75) Tj ET
BT /F1 12 Tf 72 680 Td (A   B    C) Tj ET
BT /F1 12 Tf 72 660 Td [(Item)-250(Amount)] TJ ET
BT /F1 12 Tf 72 640 Td (D) Tj (   ) Tj (E) Tj ET
q 1 0 0 1 10 10 cm BT /F1 10 Tf 200 500 Td ( ) Tj ET Q
BT /F1 12 Tf 72 620 Td (F   ) Tj ET
0.5 w 72 600 m 300 600 l S
72 500 100 50 re f""", b"BT /F1 12 Tf 72 700 Td (Total) Tj ( ) Tj (6.75) Tj ( ) Tj ET"]


@needs_helper
def test_dropped_blanks_are_put_back_alike_in_c_and_in_python(tmp_path):
    """Without the corpus: each way PDFium's text page drops a blank, on a page written
    here, read alike in C and in Python, and as pdfminer reads it (the reference)."""
    import pdfplumber

    path = _hand_written_pdf(tmp_path / "blanks.pdf", BLANKS)
    assert _differences(path) == []
    with pdfplumber.open(path) as pdf, pdfium_page.open_pdf(path) as ours:
        expected = ["".join(c["text"] for c in page.chars) for page in pdf.pages]
        assert ["".join(c["text"] for c in page.chars) for page in ours.pages] == expected
    assert expected == ["Total 6.75A   B    CItemAmountD   E F   ", "Total 6.75 "]  # as the streams show


@pytest.mark.xfail(strict=True, reason="a blank string alone in a TJ array: PDFium puts a space of "
                   "its own in its place, which the reader passes over (pdfium_page's docstring)")
def test_a_blank_string_inside_a_tj_array_is_read(tmp_path):
    import pdfplumber

    tj = b"BT /F1 12 Tf 72 700 Td [(Item)-250( )-250(Amount)] TJ ET"
    path = _hand_written_pdf(tmp_path / "tj.pdf", [tj])
    with pdfplumber.open(path) as pdf, pdfium_page.open_pdf(path) as ours:
        assert "".join(c["text"] for c in pdf.pages[0].chars) == "Item Amount"  # pdfminer's
        assert "".join(c["text"] for c in ours.pages[0].chars) == "Item Amount"


@needs_helper
def test_every_corpus_page_reads_alike_in_c_and_in_python(corpus):
    files = sorted(corpus.rglob("*.pdf"))
    assert len(files) >= 21
    assert [d for path in files for d in _differences(path)] == []


@needs_helper
@given(st.floats(width=32, allow_nan=False, allow_infinity=False)
       | st.floats(min_value=-1e30, max_value=1e30))
def test_a_decimal_is_pythons(value):
    """The shortest decimal that reads back as the same float32 (PDFium's coordinates):
    the C code's printf and strtod against Python's formatting and float()."""
    assert FAST is not None
    ours, python = FAST.decimal(value), pdfium_page._decimal(value)
    assert struct.pack("d", ours) == struct.pack("d", python)


_NUMBER = st.floats(allow_nan=False) | st.integers(-10**6, 10**6)


@needs_helper
@given(st.lists(st.tuples(_NUMBER, _NUMBER, _NUMBER, _NUMBER), max_size=12))
def test_middles_are_pythons(boxes):
    """Characters' middles (pdf_cells.char_middles) in C: Python's sums and halves, bit for bit."""
    assert FAST is not None
    chars = [{"x0": a, "x1": b, "top": c, "bottom": d} for a, b, c, d in boxes]
    xs, ys = FAST.middles(chars)
    assert xs == struct.pack(f"{len(chars)}d", *[(c["x0"] + c["x1"]) / 2 for c in chars])
    assert ys == struct.pack(f"{len(chars)}d", *[(c["top"] + c["bottom"]) / 2 for c in chars])


# the pieces of content streams: delimiters, escapes, the operators counted, inline images
_PIECES = [b"(", b")", b"\\", b"\\(", b"\\)", b"\\n", b"\\053", b"\\1", b"\\\r\n", b"\r\n", b"\r", b"\n",
           b" ", b"\t", b"\x00", b"<", b">", b"<<", b">>", b"<41 4>", b"[", b"]", b"/", b"/F1", b"%",
           b"Tj", b"TJ", b"Tf", b"Do", b"BI", b"ID", b"EI", b"q", b"Q", b"'", b'"', b"0", b"7", b"a",
           b"x", b"12.5", b"-20", b"BT", b"ET"]


_INSIDE = [b"a", b" ", b"\\", b"\\(", b"\\)", b"\\n", b"\\t", b"\\053", b"\\7", b"\\12x", b"\\\r\n",
           b"\\\r", b"\\\n", b"\r\n", b"\r", b"(", b")", b"()", b"%", b"<", b"]"]
_STRING = st.one_of(
    st.lists(st.sampled_from(_INSIDE), max_size=8).map(lambda p: b"(" + b"".join(p) + b")"),
    st.lists(st.sampled_from([b"0", b"4", b"a", b"F", b" ", b"\n"]), max_size=7).map(
        lambda p: b"<" + b"".join(p) + b">"))
_TOKEN = st.one_of(_STRING, st.sampled_from(_PIECES),
                   st.lists(_STRING | st.sampled_from([b" ", b"-250", b"/F2"]), max_size=4).map(
                       lambda p: b"[" + b" ".join(p) + b"]"))
# operands, each group closed by an operator (so that what is read shows), or any bytes
_OPERATION = st.tuples(st.lists(_TOKEN, max_size=4),
                       st.sampled_from([b"Tj", b"TJ", b"'", b"Tf", b"Do", b"BI"]))
_STREAMS = st.one_of(st.lists(_OPERATION, max_size=6).map(lambda ops: b" ".join(
                         b" ".join([*operands, operator]) for operands, operator in ops)),
                     st.lists(st.sampled_from(_PIECES), max_size=40).map(b"".join))


@needs_helper
@given(_STREAMS)
def test_a_content_streams_operators_are_pythons(data):
    """The content-stream tokenizer in C (pdf_content.operators) on streams of any shape."""
    from budgetlib.readers.pdf_content import operators

    assert FAST is not None
    assert FAST.operators(data) == list(operators(data))


@needs_helper
def test_every_corpus_content_stream_tokenizes_alike(corpus):
    from pdfminer.pdftypes import stream_value

    from budgetlib.readers.pdf_content import operators

    differ = []
    for path in sorted(corpus.rglob("*.pdf")):
        with pdfium_page.open_pdf(path) as pdf:
            for page in pdf.pages:
                data = b"\n".join(stream_value(s).get_data() for s in page.page_obj.contents)
                if FAST.operators(data) != list(operators(data)):
                    differ.append(f"{path.name} page {page.page_number}")
    assert differ == []
