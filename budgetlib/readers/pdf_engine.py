"""A PDF's pages as the reader's own records, read by PDFium through pypdfium2's public API.

Each page gives its characters (:class:`Char`: text, box, size, whether upright), its
straight rules (:class:`Edge`) and its boxes (:class:`Rect`), in points from the page's top
left corner as it is shown (the page's rotation applied). An upright character's box is
its em box: from the glyph's origin to its advance along the line, and from the font's
descent below the baseline to one font size above that (:func:`_chars`). Blank glyphs
PDFium makes up between words (``FPDFText_IsGenerated``) are left out: the line finder
splits words at gaps of :attr:`Settings.word_gap`, so they add nothing.

Only pypdfium2's public API is used (``pypdfium2.raw``: ``FPDFText_*``, ``FPDFPage_*``,
``FPDFPageObj_*``, ``FPDFPath_*``, ``FPDFFont_*``), through the bindings it declares.

Every tolerance the PDF reader's geometry uses is in one object, :data:`SETTINGS`.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Matrix = tuple[float, float, float, float, float, float]


@dataclass(frozen=True)
class Settings:
    """The tolerances of the PDF reader's geometry, in points (1/72 inch)."""

    #: Two characters a word apart: the next starts this far or further past the last one's end.
    word_gap: float = 3.0
    #: Coordinates closer than this are equal (PDFium gives them as float32: a gap of
    #: exactly 3 pt comes back as 2.99999 or 3.00001).
    noise: float = 0.01
    #: Characters (and words) on one line: their tops differ by at most this.
    line_gap: float = 3.0
    #: Rules this close across are snapped to one position (their mean).
    snap: float = 3.0
    #: Rules on one line this close along are joined into one.
    join: float = 3.0
    #: Rules shorter than this are not rules (after joining); before joining, shorter than ``least``.
    edge_length: float = 3.0
    least: float = 1.0
    #: A vertical and a horizontal rule this close cross.
    crossing: float = 3.0
    #: Two cell boxes this close share an edge.
    touch: float = 1.0
    #: Slack around a column's span (a double rule's spacer cells are ~5.4).
    column_slack: float = 6.0
    #: A rule drawn this close to a cell's edge rules it.
    ruled: float = 1.5
    #: Two text pieces closer than this run on as one word (a cell cut by an unseen box).
    abut: float = 1.0
    #: A character set this far beyond the page's edge is outside it.
    outside: float = 0.5
    #: Two characters overlapping across by more than this are set over each other, not
    #: side by side (two runs of one printed line fill each other's gaps).
    ink_overlap: float = 0.5
    #: The header and footer bands: this share of the page's height from its top or bottom.
    margin_band: float = 0.1
    #: Characters in those bands whose tops are this close are on one line.
    margin_line: float = 2.0
    #: The same height on two pages (a running title, printed on each).
    same_height: float = 3.0
    #: Ligatures written out.
    ligatures: dict[str, str] = field(default_factory=lambda: {
        "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"})


#: The reader's tolerances.
SETTINGS = Settings()


class Char(NamedTuple):
    """A character as printed: its text and box (points from the top left), its size and
    whether it is upright."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    upright: bool = True


class Edge(NamedTuple):
    """A straight rule, horizontal (``"h"``: top = bottom) or vertical (``"v"``: x0 = x1)."""

    orientation: str
    x0: float
    top: float
    x1: float
    bottom: float


class Rect(NamedTuple):
    """A box drawn on the page: whether it is filled, stroked, and filled in white."""

    x0: float
    top: float
    x1: float
    bottom: float
    fill: bool
    stroke: bool
    white: bool

    @property
    def drawn(self) -> bool:
        """False for a white box with no outline: on a white page it draws nothing."""
        return self.stroke or not (self.fill and self.white)

    def edges(self) -> list[Edge]:
        """Its four sides: top, bottom, left, right."""
        x0, top, x1, bottom = self.x0, self.top, self.x1, self.bottom
        return [Edge("h", x0, top, x1, top), Edge("h", x0, bottom, x1, bottom),
                Edge("v", x0, top, x0, bottom), Edge("v", x1, top, x1, bottom)]


@dataclass
class Page:
    """One page's records (see the module's note)."""

    number: int
    width: float
    height: float
    chars: list[Char]
    rects: list[Rect] = field(default_factory=list)
    lines: list[Edge] = field(default_factory=list)  # the rules drawn as lines
    curves: list[Edge] = field(default_factory=list)  # the straight pieces of other paths
    images: int = 0

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)

    def edges(self, drawn: bool = False) -> list[Edge]:
        """Every rule: lines, boxes' sides, straight pieces of curves; ``drawn``: leaving
        out the sides of boxes that draw nothing (:attr:`Rect.drawn`)."""
        sides = [e for r in self.rects if r.drawn or not drawn for e in r.edges()]
        return self.lines + sides + self.curves


class EncryptedPdf(Exception):
    """The PDF opens only with a password."""


class PdfFile:
    """An open PDF: :attr:`page_count` and :meth:`page`; close it (or use ``with``).

    Raises :class:`EncryptedPdf` for a file that opens only with a password, PDFium's
    ``PdfiumError`` for one it cannot read.

    Examples
    --------
    >>> import tempfile
    >>> blank = pdfium.PdfDocument.new()
    >>> _ = blank.new_page(200, 100)
    >>> path = Path(tempfile.mkdtemp()) / "blank.pdf"
    >>> blank.save(path)
    >>> with PdfFile(path) as pdf:
    ...     page = pdf.page(0)
    >>> pdf.page_count, page.width, page.height, page.chars, page.edges()
    (1, 200.0, 100.0, [], [])
    """

    def __init__(self, path: str | Path) -> None:
        try:
            self.document = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as err:
            if getattr(err, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
                raise EncryptedPdf(str(err)) from err
            raise
        self.page_count = len(self.document)

    def __enter__(self) -> PdfFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.document.close()

    def page(self, index: int) -> Page:
        """The page at ``index`` (0-based), read."""
        page = self.document[index]
        try:
            return _read_page(page, index + 1)
        finally:
            page.close()


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n``."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _shown(page: pdfium.PdfPage) -> tuple[Matrix, float, float]:
    """The matrix from PDF space to the page as shown (rotated, origin at the bottom left,
    y up), and the shown width and height."""
    x0, y0, x1, y1 = page.get_mediabox()
    rotation = page.get_rotation()
    matrix = {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
              270: (0, 1, -1, 0, y1, -x0)}.get(rotation, (1, 0, 0, 1, -x0, -y0))
    width, height = x1 - x0, y1 - y0
    return matrix, *((height, width) if rotation in (90, 270) else (width, height))


def _read_page(page: pdfium.PdfPage, number: int) -> Page:
    matrix, width, height = _shown(page)
    out = Page(number, width, height, _chars(page, matrix, height))
    _objects(page.raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, matrix, height, out)
    return out


_BLANKS = frozenset((0x20, 0x0D, 0x0A))


class _Run(NamedTuple):
    """What a text object's characters share: font, scales of its size along and across
    the line (size times the text matrix's), whether upright, and the font's descent
    below the baseline (in points, negative)."""

    font: object
    key: bytes
    along: float
    across: float
    upright: bool
    descent: float


def _run(handle, index: int, obj, shown: Matrix, descents: dict[bytes, float], m: pdfium_c.FS_MATRIX) -> _Run:
    pdfium_c.FPDFText_GetMatrix(handle, index, m)
    n = (m.a, m.b, m.c, m.d) if shown[:4] == (1, 0, 0, 1) else _multiply((m.a, m.b, m.c, m.d, 0, 0), shown)
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    key = bytes(font)  # the handle's address: one font, one key
    if key not in descents:
        value = ctypes.c_float()
        descents[key] = -abs(value.value) if pdfium_c.FPDFFont_GetDescent(font, 1.0, value) else 0.0
    size = pdfium_c.FPDFText_GetFontSize(handle, index)
    across = size * math.hypot(m.c, m.d)
    return _Run(font, key, size * math.hypot(m.a, m.b), across, n[0] * n[3] > 0 and n[1] * n[2] <= 0,
                descents[key] * across)


def _chars(page: pdfium.PdfPage, shown: Matrix, height: float) -> list[Char]:
    """The page's characters. An upright character's box is its em box: from its origin
    to its advance (the font's width of the glyph, as the PDF sets it) along the line, and
    from the font's descent below the baseline to one font size above that; another's is
    PDFium's loose box. (PDFium's loose box takes its width from the font program, which
    can run past the next glyph, and for some fonts its height from the glyph's ink.)"""
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        count = pdfium_c.FPDFText_CountChars(handle)
        width, x, y, matrix = ctypes.c_float(), ctypes.c_double(), ctypes.c_double(), pdfium_c.FS_MATRIX()
        unicode, origin = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetCharOrigin
        generated, text_object = pdfium_c.FPDFText_IsGenerated, pdfium_c.FPDFText_GetTextObject
        glyph_width = pdfium_c.FPDFFont_GetGlyphWidth
        runs: dict[bytes, _Run] = {}
        descents: dict[bytes, float] = {}
        widths: dict[tuple[bytes, int], float] = {}  # at size 1
        a, b, c, d, e, f = shown
        out = []
        for i in range(count):
            code = unicode(handle, i)
            if code in _BLANKS and generated(handle, i):
                continue
            obj = text_object(handle, i)
            key = bytes(obj)  # the handle's address
            run = runs.get(key)
            if run is None:
                run = runs[key] = _run(handle, i, obj, shown, descents, matrix)
            if not run.upright:
                out.append(_rotated(handle, i, code, run.across, shown, height))
                continue
            origin(handle, i, x, y)
            ox, oy = x.value, y.value
            ox, oy = a * ox + c * oy + e, b * ox + d * oy + f
            wkey = (run.key, code)
            advance = widths.get(wkey)
            if advance is None:
                advance = widths[wkey] = width.value if glyph_width(run.font, code, 1.0, width) else 0.0
            bottom = height - oy - run.descent
            x1 = ox + advance * run.along if advance else _rotated(handle, i, code, 0, shown, height).x1
            out.append(Char(chr(code), ox, bottom - run.across, x1, bottom, run.across))
        return out
    finally:
        textpage.close()


def _rotated(handle, index: int, code: int, size: float, shown: Matrix, height: float) -> Char:
    """A character in PDFium's loose box: one set at an angle, or one whose font gives
    no width."""
    box = pdfium_c.FS_RECTF()
    pdfium_c.FPDFText_GetLooseCharBox(handle, index, box)
    (xa, ya), (xb, yb) = _apply(shown, box.left, box.bottom), _apply(shown, box.right, box.top)
    return Char(chr(code), min(xa, xb), height - max(ya, yb), max(xa, xb), height - min(ya, yb), size, False)


def _objects(container, count, get, matrix: Matrix, height: float, out: Page) -> None:
    """The paths and images of a page or form (its objects' matrices then ``matrix``)."""
    own, kind_of = pdfium_c.FS_MATRIX(), pdfium_c.FPDFPageObj_GetType
    path, form, image = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM, pdfium_c.FPDF_PAGEOBJ_IMAGE
    for i in range(count(container)):
        obj = get(container, i)
        kind = kind_of(obj)
        if kind == image:
            out.images += 1
        elif kind == path or kind == form:
            pdfium_c.FPDFPageObj_GetMatrix(obj, own)
            whole = _multiply((own.a, own.b, own.c, own.d, own.e, own.f), matrix)
            if kind == form:
                _objects(obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject,
                         whole, height, out)
            else:
                _path(obj, whole, height, out)


def _path(obj, matrix: Matrix, height: float, out: Page) -> None:
    """A path's subpaths as rects (four corners, axis-aligned, closed or back at the start),
    lines (one segment) or the straight pieces of anything else."""
    x, y = ctypes.c_float(), ctypes.c_float()
    segment_of, point, kind_of = (pdfium_c.FPDFPath_GetPathSegment, pdfium_c.FPDFPathSegment_GetPoint,
                                  pdfium_c.FPDFPathSegment_GetType)
    move = pdfium_c.FPDF_SEGMENT_MOVETO
    a, b, c, d, e, f = matrix
    subpaths: list[list[tuple[float, float]]] = []
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = segment_of(obj, i)
        point(segment, x, y)
        if kind_of(segment) == move or not subpaths:
            subpaths.append([])
        px, py = x.value, y.value
        subpaths[-1].append((a * px + c * py + e, height - (b * px + d * py + f)))
    fill_mode, stroke, white = ctypes.c_int(), ctypes.c_int(), None
    pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
    for points in subpaths:
        if len(points) > 2 and points[-1] == points[0]:
            points = points[:-1]
        if len(points) == 4 and _axis_box(points):
            if white is None:
                white = bool(fill_mode.value) and _white(obj)
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            out.rects.append(Rect(min(xs), min(ys), max(xs), max(ys), bool(fill_mode.value),
                                  bool(stroke.value), white))
        elif len(points) == 2:
            edge = _edge(*points)
            if edge:
                out.lines.append(edge)
        else:
            out.curves += [e for p, q in zip(points, points[1:], strict=False) if (e := _edge(p, q))]


def _axis_box(p: list[tuple[float, float]]) -> bool:
    return (p[0][0] == p[1][0] and p[1][1] == p[2][1] and p[2][0] == p[3][0] and p[3][1] == p[0][1]
            or p[0][1] == p[1][1] and p[1][0] == p[2][0] and p[2][1] == p[3][1] and p[3][0] == p[0][0])


def _edge(p: tuple[float, float], q: tuple[float, float]) -> Edge | None:
    """The piece from p to q as a rule, if straight across or down."""
    x0, x1, top, bottom = min(p[0], q[0]), max(p[0], q[0]), min(p[1], q[1]), max(p[1], q[1])
    if p[0] == q[0]:
        return Edge("v", x0, top, x1, bottom)
    if p[1] == q[1]:
        return Edge("h", x0, top, x1, bottom)
    return None


def _white(obj) -> bool:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a):
        return False
    return r.value == g.value == b.value == 255
