"""pdfplumber pages whose objects come from PDFium (pypdfium2) instead of pdfminer: the
PDF reader's default engine (``read_pdf(path, engine="pdfminer")`` reads as before).

pdfminer interprets a page's content stream in pure Python, which is most of the time a
reader spends on a PDF; PDFium does it in C++. :func:`open_pdf` gives a document whose
pages are :class:`pdfplumber.page.Page` objects (geometry from pdfplumber's own code, on
pdfminer's page tree, which parses no content) with the ``objects`` pdfminer would give,
in the same coordinates, so that every pdfplumber algorithm (``filter``, ``crop``,
``find_tables``, ``extract_text_lines``, ``extract_words``, ``edges``) runs unchanged. (A
path's ``path``, its drawing operators, is left out: nothing reads it, and a curve keeps
its ``pts``.)

How the objects are made to match pdfminer's:

* Characters come from PDFium's text page, grouped by the text object that draws them, in
  content order. Their box is pdfminer's: origin to origin + advance along the baseline,
  baseline + descent (the font descriptor's; a standard font's AFM metrics, as pdfminer
  takes them, for Helvetica, Arial, TimesNewRoman, …) to that + the font size, computed
  with pdfminer's arithmetic on the decimals the content stream held (PDFium keeps
  float32: 595.32 comes back as 595.3200073, and a gap of exactly 3 pt between two
  characters, pdfplumber's word tolerance, must stay 3).
* PDFium's text page drops blank glyphs that pdfminer keeps: a text object holding one
  space (its glyph box has no width) and every space that follows another space on a
  line. They are put back: a blank object is one space at its origin; a run cut short is
  filled out in its gap, as many spaces as the content stream shows (each text-showing
  operator is one PDFium text object; see :class:`ContentScanner`).
* Paths are split into subpaths and classed as pdfminer does (``rect``: a closed
  axis-aligned four-corner subpath, ``line``: one segment, else ``curve``). Colours are
  PDFium's RGB, as grey ``(v,)`` when r = g = b, else ``(r, g, b)``, in 0–1: white stays
  white.

Where the two engines place text differently (PDFium follows the PDF spec, pdfminer not):
pdfminer adds no character spacing (Tc) after the last glyph of a string and starts a
form XObject with a fresh text and graphics state (Tc, Tw, Tz, colours), where PDFium
inherits them; PDFium drops a kerning number after a TJ array's last string. Text after
such a string, on the same line, sits a little apart (0.045 pt in this corpus).

The loops over a page's glyphs and path segments run in C where the optional helper
``_pdfium_fast.c`` was built (:mod:`~budgetlib.readers.pdf_fast`: ``pip install`` builds it
when a C compiler and Python's headers are at hand; ``$BUDGETLIB_PURE_PYTHON`` set uses the
Python code instead). It is a line-by-line translation of the methods here, with the same
arithmetic in the same order, and gives the same objects bit for bit
(``tests/test_pdfium_fast.py`` compares the two on every corpus page); what is rare (a new
font, a text object whose blanks may be missing, an image) it hands back to these methods.

Not reproduced: a blank string of its own inside a TJ array (``[(Item)-250( )-250(Amount)]
TJ``: PDFium puts a space it makes up in place of the blank, which is passed over, so the
words run together where pdfminer reads "Item Amount"; no corpus page has one), vertical
writing (laid out as horizontal text), ActualText replacements,
glyphs or text objects PDFium de-duplicates ("fake bold" drawn twice over itself), which
of several blanks a dropped one was (it comes back as U+0020), pattern fills (PDFium
reports them white), marked-content ids and dash patterns.
"""

from __future__ import annotations

import ctypes
import re
import struct
from collections.abc import Iterator
from ctypes import POINTER, byref, c_double, c_float, c_int, c_uint, c_ulong, c_void_p
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.page import Page

from budgetlib.readers import pdf_fast
from budgetlib.readers.pdf_content import ContentScanner

Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]
Obj = dict[str, Any]
# a glyph: unicode (< 0: a char code with no unicode), u, v (its origin in text space), and its
# origin on the page as PDFium gave it (None for a blank put back)
Glyph = tuple[int, float, float, float | None, float | None]

_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_SPACE = 0x20
_GENERATED = frozenset((_SPACE, 0x0D, 0x0A))  # the only characters PDFium makes up
_STROKE_MODES = frozenset((1, 2, 5, 6))  # text render modes that stroke the glyphs
_SUBPATH = re.compile(r"m[^m]+")
_MOVETO, _BEZIERTO = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_BEZIERTO
_TEXT, _PATH = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH
_IMAGE, _FORM = pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM


def _bind(name: str, restype: Any, *argtypes: Any) -> Any:
    """A PDFium function taking and giving handles as plain ints (c_void_p), for speed."""
    address = ctypes.cast(getattr(pdfium_c, name), c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


def _bind_loose(name: str, restype: Any) -> Any:
    """A PDFium function called once a glyph or a path segment, bound without argument
    types: ctypes then converts nothing (half the cost of a call). Its arguments must be
    ctypes objects (handles, ``byref``) or C ints: a Python int too large for a C int (an
    address) raises rather than being cut short."""
    address = ctypes.cast(getattr(pdfium_c, name), c_void_p).value
    return ctypes.CFUNCTYPE(restype)(address)


class _Handle(c_void_p):
    """A PDFium handle kept as a ctypes object: passing it back costs no conversion."""


_P, _H, _I = c_void_p, _Handle, c_int
_FP, _DP, _IP = POINTER(c_float), POINTER(c_double), POINTER(c_int)
_LoadPage = _bind("FPDF_LoadPage", _H, _P, _I)
_ClosePage = _bind("FPDF_ClosePage", None, _P)
_TextLoadPage = _bind("FPDFText_LoadPage", _H, _P)
_TextClosePage = _bind("FPDFText_ClosePage", None, _P)
_CountChars = _bind("FPDFText_CountChars", _I, _P)
_GetUnicode = _bind_loose("FPDFText_GetUnicode", c_uint)
_IsGenerated = _bind_loose("FPDFText_IsGenerated", _I)
_HasUnicodeMapError = _bind_loose("FPDFText_HasUnicodeMapError", _I)
_IsHyphen = _bind_loose("FPDFText_IsHyphen", _I)
_GetCharOrigin = _bind_loose("FPDFText_GetCharOrigin", _I)
_GetTextObject = _bind_loose("FPDFText_GetTextObject", _P)
_CountObjects = _bind("FPDFPage_CountObjects", _I, _P)
_GetObject = _bind_loose("FPDFPage_GetObject", _H)
_FormCountObjects = _bind("FPDFFormObj_CountObjects", _I, _P)
_FormGetObject = _bind("FPDFFormObj_GetObject", _H, _P, c_ulong)
_GetType = _bind_loose("FPDFPageObj_GetType", _I)
_GetMatrix = _bind_loose("FPDFPageObj_GetMatrix", _I)
_GetBounds = _bind_loose("FPDFPageObj_GetBounds", _I)
_GetFillColor = _bind_loose("FPDFPageObj_GetFillColor", _I)  # r, g, b, a: uint*
_GetStrokeColor = _bind_loose("FPDFPageObj_GetStrokeColor", _I)
_GetStrokeWidth = _bind_loose("FPDFPageObj_GetStrokeWidth", _I)
_CountSegments = _bind_loose("FPDFPath_CountSegments", _I)
_GetPathSegment = _bind_loose("FPDFPath_GetPathSegment", _H)
_SegmentGetPoint = _bind_loose("FPDFPathSegment_GetPoint", _I)
_SegmentGetType = _bind_loose("FPDFPathSegment_GetType", _I)
_SegmentGetClose = _bind_loose("FPDFPathSegment_GetClose", _I)
_GetDrawMode = _bind_loose("FPDFPath_GetDrawMode", _I)
_TextObjGetFont = _bind_loose("FPDFTextObj_GetFont", _P)
_TextObjGetFontSize = _bind_loose("FPDFTextObj_GetFontSize", _I)
_TextObjGetRenderMode = _bind_loose("FPDFTextObj_GetTextRenderMode", _I)
_FontGetDescent = _bind("FPDFFont_GetDescent", _I, _P, c_float, _FP)
_FontGetGlyphWidth = _bind("FPDFFont_GetGlyphWidth", _I, _P, c_uint, c_float, _FP)
_FontGetBaseFontName = _bind("FPDFFont_GetBaseFontName", ctypes.c_size_t, _P, ctypes.c_char_p,
                             ctypes.c_size_t)


class PDFPasswordIncorrect(pdfium.PdfiumError):
    """The PDF is encrypted and the password (if any) does not open it."""


def open_pdf(path: str | Path, password: str | None = None) -> PdfiumPDF:
    """Open a PDF whose pages give pdfplumber objects read by PDFium."""
    return PdfiumPDF(path, password)


class PdfiumPDF:
    """The part of :class:`pdfplumber.PDF` a reader uses: ``pages``, ``close()``, ``with``.

    pdfminer reads the file's structure (page tree, boxes, fonts' encodings), when the
    pages are first asked for; PDFium reads the pages' content.
    """

    laparams = None
    unicode_norm = None
    raise_unicode_errors = True

    def __init__(self, path: str | Path, password: str | None = None) -> None:
        self.path = Path(path)
        self.password = password
        try:
            self.document = pdfium.PdfDocument(str(path), password=password)
        except pdfium.PdfiumError as err:
            if getattr(err, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
                raise PDFPasswordIncorrect(str(err)) from err
            raise
        self.handle: int = ctypes.cast(self.document.raw, c_void_p).value or 0
        self.page_count = len(self.document)
        self.decimals = _Decimals()
        self._scanner: ContentScanner | None = None
        self._pages: list[PdfiumPage] | None = None
        self.stream: Any = None

    @property
    def pages(self) -> list[PdfiumPage]:
        """The pages, on pdfminer's page tree (read at the first call: the page count alone,
        :attr:`page_count`, needs only PDFium)."""
        if self._pages is None:
            from pdfminer.pdfdocument import PDFDocument
            from pdfminer.pdfpage import PDFPage
            from pdfminer.pdfparser import PDFParser

            self.stream = open(self.path, "rb")  # noqa: SIM115  # closed by close()
            self.doc = PDFDocument(PDFParser(self.stream), password=self.password or "")
            pages, doctop = [], 0.0
            for index, page_obj in enumerate(PDFPage.create_pages(self.doc)):
                page = PdfiumPage(self, page_obj, index + 1, doctop)
                pages.append(page)
                doctop += page.height
            self._pages = pages
        return self._pages

    def __iter__(self) -> Iterator[PdfiumPage]:
        return iter(self.pages)

    def __enter__(self) -> PdfiumPDF:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for page in self._pages or []:
            page.close()
        if self.stream is not None:
            self.stream.close()
        self.document.close()

    def glyph_counts(self, index: int, objects: int) -> list[int] | None:
        """How many glyphs each of the page's ``objects`` text objects draws (None when the
        content streams do not show that many)."""
        try:
            if self._scanner is None:
                self._scanner = ContentScanner(self.pages)
            counts = self._scanner.counts(index)
        except Exception:  # a content stream that does not parse: guess from positions
            return None
        if len(counts) != objects:  # PDFium makes no object for an empty string
            counts = [n for n in counts if n]
        return counts if len(counts) == objects else None


class PdfiumPage(Page):
    """A :class:`pdfplumber.page.Page` whose ``objects`` PDFium reads, not pdfminer."""

    pdf: PdfiumPDF  # type: ignore[assignment]

    @property
    def layout(self) -> Any:
        raise NotImplementedError("a PdfiumPage has no pdfminer layout; use its objects")

    def parse_objects(self) -> dict[str, list[Obj]]:
        handle = _LoadPage(self.pdf.handle, self.page_number - 1)
        if not handle.value:
            raise pdfium.PdfiumError(f"Failed to load page {self.page_number}.")
        try:
            return _PageReader(self, handle).read()
        finally:
            _ClosePage(handle)


class _Font:
    """What a character's box needs from its font: descent, glyph widths, name."""

    def __init__(self, handle: int, decimal: Any) -> None:
        from pdfminer.fontmetrics import FONT_METRICS

        self.handle = handle  # FPDF_FONT, as an int
        self.decimal = decimal  # _decimal, or a cache of it (the document's)
        size = _FontGetBaseFontName(handle, None, 0)
        buffer = ctypes.create_string_buffer(size)
        _FontGetBaseFontName(handle, buffer, size)
        self.name = _font_name(buffer.value)
        value = c_float()
        # a standard font's name (Helvetica, Arial, TimesNewRoman, …): pdfminer takes its
        # descent and widths from the font's AFM metrics, whatever the PDF says
        metrics = FONT_METRICS.get(self.name)
        self.afm_widths: dict[str, int] | None = metrics[1] if metrics else None
        if metrics:
            descent = float(metrics[0].get("Descent", 0))
        else:
            descent = value.value if _FontGetDescent(handle, 1000.0, byref(value)) else 0.0
        self.descent = -descent if descent > 0 else descent  # pdfminer's sign rule
        self.widths: dict[int, float | None] = {}
        self._value = value
        self._ref = byref(value)

    def width(self, unicode: int) -> float | None:
        """The advance of the glyph for ``unicode``, in 1/1000 em (None if PDFium has none)."""
        try:
            return self.widths[unicode]
        except KeyError:
            if self.afm_widths is not None:  # pdfminer's char_width: the AFM's, else 0
                width: float | None = float(self.afm_widths.get(chr(unicode), 0)) if unicode >= 0 else None
            elif unicode >= 0 and _FontGetGlyphWidth(self.handle, unicode, 1000.0, self._ref):
                width = self.decimal(self._value.value)
            else:
                width = None
            self.widths[unicode] = width
            return width


def _font_name(raw: bytes) -> str:
    """A BaseFont name: UTF-8, else GB18030 (宋体 as Chinese writers store it)."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


class _TextObject:
    """A text object as found in the page's content, with what its characters need."""

    __slots__ = ("handle", "matrix", "own", "font", "size", "colors", "kept", "spaced")

    def __init__(self, handle: _Handle, matrix: Matrix, own: Matrix, font: _Font, size: float,
                 colors: tuple[Any, Any]) -> None:
        self.handle = handle
        self.matrix = matrix  # text space → page space (form matrices included)
        self.own = own  # text space → its container's space (the page's or a form's)
        self.font = font
        self.size = size
        self.colors = colors  # (stroking, non-stroking)
        self.kept: list[Glyph] = []  # PDFium's chars, as glyphs: unicode, 0, 0, page x, y
        self.spaced = False  # whether one of them is a space (a run of them may have been cut)


class _PageReader:
    """Reads one page's objects from PDFium into pdfplumber's dicts."""

    def __init__(self, page: PdfiumPage, handle: _Handle) -> None:
        self.page = page
        self.handle = handle
        self.decimals = page.pdf.decimals
        self.decimal = self.decimals.__getitem__
        # pdfminer's initial CTM: the rotation, and the MediaBox origin put at 0, 0
        x0, y0, x1, y1 = page.page_obj.mediabox
        self.ctm: Matrix = {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
                            270: (0, 1, -1, 0, y1, -x0)}.get(page.rotation, (1, 0, 0, 1, -x0, -y0))
        self.objects: dict[str, list[Obj]] = {"char": [], "rect": [], "line": [], "curve": [], "image": []}
        # PDFium's text-page characters by their text object's handle, and the objects with a
        # space among them (:meth:`_text_chars`); the text objects met so far; those whose
        # characters wait for the page's glyph counts, as (place among the characters, index,
        # object, plan)
        self.kept: dict[int, list[Glyph]] = {}
        self.spaced: set[int] = set()
        self.count = 0
        self.deferred: list[tuple[int, int, _TextObject, _Plan]] = []
        self.fonts: dict[int, _Font] = {}  # per page: PDFium may free a font with its page
        self.colors: dict[bytes, tuple[float, ...]] = {}
        self.matrices: dict[bytes, Matrix] = {}
        # a text object's (stroking, non-stroking) colours, by PDFium's two RGBA values
        self.color_pairs: dict[bytes, tuple[Any, Any]] = {}
        self._pair = (c_uint * 8)()
        self._stroke_refs = tuple(byref(self._pair, 4 * i) for i in range(4))
        self._fill_refs = tuple(byref(self._pair, 4 * i) for i in range(4, 8))
        self.placed: dict[int, Matrix] = {}  # a path's matrix (by id, from matrices) × ctm
        self._matrix = pdfium_c.FS_MATRIX()
        self._matrix_ref = byref(self._matrix)
        self._rgba = (c_uint * 4)()
        self._rgba_refs = [byref(self._rgba, 4 * i) for i in range(4)]
        self._float = c_float()
        self._float_ref = byref(self._float)
        self._x, self._y = c_float(), c_float()
        self._x_ref, self._y_ref = byref(self._x), byref(self._y)
        self._fillmode, self._stroke = c_int(), c_int()
        self._fillmode_ref, self._stroke_ref = byref(self._fillmode), byref(self._stroke)
        self._box = [c_float() for _ in range(4)]
        self._box_refs = [byref(v) for v in self._box]
        # pdfplumber's process_object: top = (height - y1) + mb_top, x0 + mb_x0; and its
        # point2coord: (mb_x0 + x, mb_top + height - y)
        self.height, self.mb_top, self.shift = page.height, page.mediabox[1], page.mediabox[0]
        self.flip = self.mb_top + self.height
        # what every character's box needs of the page, in one tuple (read once an object)
        self.place = (*self.ctm, self.height, self.mb_top, self.shift, page.initial_doctop, page.page_number)

    def read(self) -> dict[str, list[Obj]]:
        self._text_chars()  # first: each text object's characters are then at hand
        fast = pdf_fast.fast
        if fast is not None:
            fast.read_objects(self, self.handle.value, _Blanks)
        else:
            handle, walk, text_object = self.handle, self._walk, self._text_object
            for i in range(_CountObjects(handle)):
                obj = _GetObject(handle, i)
                kind = _GetType(obj)
                if kind == _TEXT:
                    text_object(obj, _IDENTITY)
                else:
                    walk(obj, kind, _IDENTITY)
        if self.deferred:
            self._put_back_blanks()
        return {kind: objs for kind, objs in self.objects.items() if objs}

    # -- the page's objects, in content order ------------------------------------------

    def _walk(self, obj: _Handle, kind: int, form: Matrix) -> None:
        if kind == _TEXT:
            self._text_object(obj, form)
        elif kind == _PATH:
            self._path(obj, form)
        elif kind == _IMAGE:
            self.objects["image"].append(self._image(obj, form))
        elif kind == _FORM:
            inner = _multiply(self._object_matrix(obj), form)
            for i in range(_FormCountObjects(obj)):
                child = _FormGetObject(obj, i)
                self._walk(child, _GetType(child), inner)

    def _object_matrix(self, obj: _Handle) -> Matrix:
        """The object's matrix, in the decimals the content stream gave."""
        if not _GetMatrix(obj, self._matrix_ref):
            return _IDENTITY
        key = bytes(self._matrix)
        matrix = self.matrices.get(key)
        if matrix is None:
            m, dec = self._matrix, self.decimal
            matrix = self.matrices[key] = (dec(m.a), dec(m.b), dec(m.c), dec(m.d), dec(m.e), dec(m.f))
        return matrix

    def _color(self, getter: Any, obj: _Handle) -> tuple[float, ...] | None:
        """PDFium's RGB as pdfminer's grey (v,) when r = g = b, else (r, g, b), in 0–1."""
        if not getter(obj, *self._rgba_refs):
            return None
        key = bytes(self._rgba)[:12]
        color = self.colors.get(key)
        if color is None:
            r, g, b = self._rgba[:3]
            color = self.colors[key] = (r / 255,) if r == g == b else (r / 255, g / 255, b / 255)
        return color

    def _colors(self, obj: _Handle) -> tuple[Any, Any]:
        """The object's (stroking, non-stroking) colours, as :meth:`_color` gives each."""
        if _GetStrokeColor(obj, *self._stroke_refs) and _GetFillColor(obj, *self._fill_refs):
            key = bytes(self._pair)
            colors = self.color_pairs.get(key)
            if colors is None:  # _color's arithmetic on each
                r, g, b, _, fr, fg, fb, _ = self._pair
                colors = self.color_pairs[key] = (
                    (r / 255,) if r == g == b else (r / 255, g / 255, b / 255),
                    (fr / 255,) if fr == fg == fb else (fr / 255, fg / 255, fb / 255))
            return colors
        return self._color(_GetStrokeColor, obj), self._color(_GetFillColor, obj)

    def _text_object(self, obj: _Handle, form: Matrix) -> None:
        """Add the text object to ``texts`` (one a glyph, in many PDFs: kept lean)."""
        _TextObjGetFontSize(obj, self._float_ref)
        handle = _TextObjGetFont(obj) or 0
        font = self.fonts.get(handle)
        if font is None:
            font = self._font_for(handle)
        if _GetMatrix(obj, self._matrix_ref):  # _object_matrix, inlined (each glyph placed anew:
            m, dec = self._matrix, self.decimal  # no use remembering it)
            own = (dec(m.a), dec(m.b), dec(m.c), dec(m.d), dec(m.e), dec(m.f))
        else:
            own = _IDENTITY
        if _GetStrokeColor(obj, *self._stroke_refs) and _GetFillColor(obj, *self._fill_refs):
            colors = self.color_pairs.get(bytes(self._pair))  # _colors, inlined
            if colors is None:
                colors = self._colors(obj)
        else:
            colors = self._colors(obj)
        matrix = own if form is _IDENTITY else _multiply(own, form)
        size = self.decimal(self._float.value)
        index, self.count = self.count, self.count + 1
        kept = self.kept.get(obj.value)
        if kept is not None and obj.value not in self.spaced:  # _plan's first case, inlined
            a, b, c, d, e, f = matrix
            det = a * d - b * c
            if det and size:
                _, _, _, x, y = kept[0]
                if (d * (x - e) - c * (y - f)) / det <= 0.05 * abs(size):
                    self._emit(matrix, font, size, colors, kept)
                    return
        self._planned_text(obj.value, matrix, own, font, size, colors, index)

    def _font_for(self, handle: int) -> _Font:
        """The font of a handle met for the first time on the page."""
        font = self.fonts[handle] = _Font(handle, self.decimal)
        return font

    def _planned_text(self, handle: int, matrix: Matrix, own: Matrix, font: _Font, size: float,
                      colors: tuple[Any, Any], index: int) -> None:
        """A text object's characters where PDFium may have dropped its blanks (or cannot
        say where its first glyph is): planned, and emitted or put by until the page's
        glyph counts are known."""
        text = _TextObject(_Handle(handle), matrix, own, font, size, colors)
        kept = self.kept.get(handle)
        if kept is not None:
            text.kept, text.spaced = kept, handle in self.spaced
        plan = self._plan(text)
        if plan.__class__ is list:
            self._emit(matrix, font, size, colors, plan)  # type: ignore[arg-type]
        else:  # blanks may be missing: put back once the page's glyph counts are known
            self.deferred.append((len(self.objects["char"]), index, text, plan))

    # -- characters -----------------------------------------------------------------------

    def _text_chars(self) -> None:
        """PDFium's text-page characters, by the text object they come from (``kept``: as
        glyphs, ``(unicode, 0, 0, page x, page y)``; ``spaced``: the objects with a space)."""
        textpage = _TextLoadPage(self.handle)
        if not textpage.value:
            return
        fast = pdf_fast.fast
        if fast is not None:
            try:
                fast.text_chars(textpage.value, self.kept, self.spaced, self.decimals)
            finally:
                _TextClosePage(textpage)
            return
        try:
            kept, spaced, dec = self.kept, self.spaced, self.decimal
            x, y = c_double(), c_double()
            x_ref, y_ref = byref(x), byref(y)
            for i in range(_CountChars(textpage)):
                unicode = _GetUnicode(textpage, i)
                if unicode in _GENERATED and _IsGenerated(textpage, i) == 1:
                    continue
                owner = _GetTextObject(textpage, i) or 0
                if unicode == 0x2 and _IsHyphen(textpage, i):
                    unicode = 0x2D  # PDFium marks a hyphen at a line end this way
                elif _HasUnicodeMapError(textpage, i) == 1:
                    unicode = -unicode - 1  # no ToUnicode: PDFium gives the char code
                _GetCharOrigin(textpage, i, x_ref, y_ref)
                glyph = (unicode, 0.0, 0.0, dec(x.value), dec(y.value))
                if owner in kept:
                    kept[owner].append(glyph)
                else:
                    kept[owner] = [glyph]
                if unicode == _SPACE:
                    spaced.add(owner)
        finally:
            _TextClosePage(textpage)

    def _plan(self, text: _TextObject) -> _Plan | list[Glyph]:
        """The object's kept glyphs in text space, and where PDFium may have dropped blanks
        (just the glyphs when none can have been)."""
        a, b, c, d, e, f = text.matrix
        det = a * d - b * c
        if not det or not text.size:
            return _Plan([], [], 0.0, 0.0)
        size = abs(text.size)
        tolerance = 0.05 * size
        if text.kept and not text.spaced:  # no space kept, so none cut, unless at the start
            _, _, _, x, y = text.kept[0]
            if (d * (x - e) - c * (y - f)) / det <= tolerance:
                return text.kept  # no slots
        glyphs: list[Glyph] = []
        for unicode, _, _, x, y in text.kept:
            dx, dy = x - e, y - f
            glyphs.append((unicode, (d * dx - c * dy) / det, (a * dy - b * dx) / det, x, y))
        space = (text.font.width(_SPACE) or 500.0) * size / 1000 or size / 2
        if not glyphs:
            left, right, height, drawn_width = self._extent(text)
            if drawn_width < 0.01:  # one glyph with no width (a blank): PDFium skipped it
                return _Plan([], [_Slot("only", 0, 0.0, 0.0, 1)], space, 0.0)
            if height < 0.01:  # blanks only, all cut as following a space
                return _Plan([], [_Slot("only", 0, 0.0, right, 1)], space, 0.0)
            return _Plan([], [], space, 0.0)  # a copy of the object before it: left out
        slots = []
        if glyphs[0][1] > tolerance:  # the object starts with blanks, cut after a space
            slots.append(_Slot("lead", 0, 0.0, glyphs[0][1], 1))
        last = len(glyphs) - 1
        for k, (unicode, u, *_) in enumerate(glyphs):
            if unicode != _SPACE:
                continue
            if k < last:
                slots.append(_Slot("mid", k + 1, u, glyphs[k + 1][1], 0))
            else:
                right = self._extent(text)[1]
                if right - u > tolerance:
                    slots.append(_Slot("trail", k + 1, u, right, 1))
        step = space + self._char_spacing(text, glyphs) if slots else space
        return _Plan(glyphs, slots, step, tolerance)

    def _extent(self, text: _TextObject) -> tuple[float, float, float, float]:
        """The object's glyph box in text space (left, right, height), and its width where it
        is drawn (PDFium's text page skips an object narrower than 0.01)."""
        if not _GetBounds(text.handle, *self._box_refs):
            return 0.0, 0.0, 0.0, 0.0
        left, bottom, right, top = (v.value for v in self._box)
        drawn_width = right - left
        if _TextObjGetRenderMode(text.handle) in _STROKE_MODES:  # bounds grown by half the line
            half = self._stroke_width(text.handle) / 2
            left, bottom, right, top = left + half, bottom + half, right - half, top - half
        a, bb, c, d, e, f = text.own  # the bounds are in the object's container's space
        det = a * d - bb * c
        if not det:
            return 0.0, 0.0, 0.0, drawn_width
        corners = [(x - e, y - f) for x in (left, right) for y in (bottom, top)]
        us = [(d * x - c * y) / det for x, y in corners]
        vs = [(a * y - bb * x) / det for x, y in corners]
        return min(us), max(us), max(vs) - min(vs), drawn_width

    def _char_spacing(self, text: _TextObject, glyphs: list[Glyph]) -> float:
        """The spacing between glyphs beyond their advance (Tc), as the object shows it."""
        gaps = []
        for (u0, x0, *_), (_, x1, *_) in zip(glyphs, glyphs[1:], strict=False):
            if u0 == _SPACE or u0 < 0:
                continue
            width = text.font.width(u0)
            if width is not None:
                gaps.append(x1 - x0 - width * text.size / 1000)
        if not gaps:
            return 0.0
        gaps.sort()
        return gaps[len(gaps) // 2]

    def _put_back_blanks(self) -> None:
        """The characters of the objects whose blanks PDFium may have dropped, put in their
        places among the page's characters: the glyph counts of the page's content streams
        say how many blanks each object has, where any object's count is uncertain."""
        counts: list[int] | None = None
        if any(plan.uncertain for _, _, _, plan in self.deferred):
            counts = self.page.pdf.glyph_counts(self.page.page_number - 1, self.count)
        chars, out, done = self.objects["char"], [], 0
        for at, index, text, plan in self.deferred:
            out += chars[done:at]
            done = at
            self._emit(text.matrix, text.font, text.size, text.colors,
                       plan.fill(counts[index] if counts else None), out)
        self.objects["char"] = out + chars[done:]

    def _emit(self, matrix: Matrix, font: _Font, size: float, colors: tuple[Any, Any],
              glyphs: list[Glyph], out: list[Obj] | None = None) -> None:
        """A text object's characters as pdfminer makes them (``LTChar``, then pdfplumber's
        ``process_object``), added to the page's (or to ``out``). (Called once an object, and
        many hold one glyph: kept lean.)"""
        if not glyphs:
            return
        fast = pdf_fast.fast
        if fast is not None:
            fast.emit(self.objects["char"] if out is None else out, self.place, matrix, font, size, colors,
                      glyphs)
            return
        ca, cb, cc, cd, ce, cf, height, mb_top, shift, doctop, number = self.place
        append = (self.objects["char"] if out is None else out).append
        # the text matrix in pdfminer's device space; each char's matrix adds its origin
        a, b, c, d, e, f = _multiply(matrix, self.ctm)
        plain = b == 0 and c == 0 and a > 0 and d > 0  # upright, unrotated: two corners do
        upright = a * d > 0 and b * c <= 0
        y_low = font.descent * 0.001 * size  # pdfminer: descent + rise, rise 0 as the origin has it
        y_high = y_low + size
        stroking, non_stroking = colors
        name, width, widths = font.name, font.width, font.widths
        for unicode, u, v, x, y in glyphs:
            w = widths[unicode] if unicode in widths else width(unicode)
            adv = (w if w is not None else 1000.0) * 0.001 * size
            if x is None or y is None:  # a blank put back: from its place along the baseline
                ox, oy = a * u + c * v + e, b * u + d * v + f
            else:  # apply_matrix_pt(ctm, origin), as pdfminer's CTM places it
                ox, oy = ca * x + cc * y + ce, cb * x + cd * y + cf
            if plain:
                x0, x1, y0, y1 = ox, a * adv + ox, d * y_low + oy, d * y_high + oy
            else:  # pdfminer's apply_matrix_rect
                xs = (c * y_low + ox, a * adv + c * y_low + ox, a * adv + c * y_high + ox,
                      c * y_high + ox)
                ys = (d * y_low + oy, b * adv + d * y_low + oy, b * adv + d * y_high + oy,
                      d * y_high + oy)
                x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
            top = (height - y1) + mb_top
            append({
                "matrix": (a, b, c, d, ox, oy), "fontname": name, "adv": adv, "upright": upright,
                "x0": x0 + shift if shift else x0, "y0": y0, "x1": x1 + shift if shift else x1,
                "y1": y1, "width": x1 - x0, "height": y1 - y0, "size": y1 - y0, "mcid": None,
                "tag": None, "object_type": "char", "page_number": number,
                "text": chr(unicode) if unicode >= 0 else f"(cid:{-unicode - 1})",
                "stroking_color": stroking, "non_stroking_color": non_stroking,
                "top": top, "bottom": (height - y0) + mb_top, "doctop": doctop + top,
            })

    # -- paths and images -------------------------------------------------------------

    def _path(self, obj: _Handle, form: Matrix) -> None:
        """Split the path into subpaths and class each as pdfminer does."""
        fillmode, stroke = self._fillmode, self._stroke
        if not _GetDrawMode(obj, self._fillmode_ref, self._stroke_ref):
            return
        dec, x, y, x_ref, y_ref = self.decimal, self._x, self._y, self._x_ref, self._y_ref
        # pdfminer's path operators, as letters, and where each ends (None: a closepath)
        letters: list[str] = []
        ends: list[Point | None] = []
        bezier = 0
        start: Point | None = None
        for i in range(_CountSegments(obj)):
            segment = _GetPathSegment(obj, i)
            _SegmentGetPoint(segment, x_ref, y_ref)
            point = (dec(x.value), dec(y.value))
            kind = _SegmentGetType(segment)
            closes = _SegmentGetClose(segment)
            if kind == _MOVETO:
                letters.append("m")
                ends.append(point)
                start = point
            elif kind == _BEZIERTO:
                bezier += 1
                if bezier == 3:  # a curve ends at its third point
                    letters.append("c")
                    ends.append(point)
                    bezier = 0
            elif not (closes and point == start):  # PDFium closes a path with a line to its start
                letters.append("l")
                ends.append(point)
            if closes:
                letters.append("h")
                ends.append(None)
        shape = "".join(letters)
        if not shape.startswith("m"):
            return
        own = self._object_matrix(obj)
        if form is _IDENTITY:  # own is kept in matrices for the page's read: its id stays its own
            m = self.placed.get(id(own))
            if m is None:
                m = self.placed[id(own)] = _multiply(own, self.ctm)
        else:
            m = _multiply(_multiply(own, form), self.ctm)
        stroking, non_stroking = self._colors(obj)
        attrs = {
            "linewidth": self._stroke_width(obj),
            "stroke": bool(stroke.value),
            "fill": fillmode.value != 0,
            "evenodd": fillmode.value == pdfium_c.FPDF_FILLMODE_ALTERNATE,
            "stroking_color": stroking, "non_stroking_color": non_stroking,
            "dash": None, "mcid": None, "tag": None, "page_number": self.page.page_number,
        }
        if shape.count("m") == 1:
            self._subpath(ends, shape, m, attrs)
        else:
            for match in _SUBPATH.finditer(shape):
                self._subpath(ends[match.start():match.end()], match.group(), m, attrs)

    def _subpath(self, ends: list[Point | None], shape: str, m: Matrix, attrs: dict[str, Any]) -> None:
        """pdfminer's ``paint_path`` for one subpath, from where each of its operators ends."""
        a, b, c, d, e, f = m
        px, py = ends[0]  # type: ignore[misc]
        first = (a * px + c * py + e, b * px + d * py + f)
        pts = [first]
        for end in ends[1:]:
            if end is None:
                pts.append(first)
            else:
                px, py = end
                pts.append((a * px + c * py + e, b * px + d * py + f))
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        kind = "curve"
        if shape in ("mlh", "ml"):
            kind, pts = "line", pts[:2]
        elif shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
            if pts[0] == pts[4] and square:
                kind, pts = "rect", [(x0, y0), (x2, y0), (x2, y2), (x0, y2)]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
        flip, shift = self.flip, self.shift
        top = (self.height - y1) + self.mb_top
        self.objects[kind].append({
            **attrs,
            "pts": [(shift + px, flip - py) for px, py in pts],
            "x0": x0 + shift if shift else x0, "y0": y0,
            "x1": x1 + shift if shift else x1, "y1": y1, "width": x1 - x0, "height": y1 - y0,
            "object_type": kind, "top": top, "bottom": (self.height - y0) + self.mb_top,
            "doctop": self.page.initial_doctop + top,
        })

    def _stroke_width(self, obj: _Handle) -> float:
        return self.decimal(self._float.value) if _GetStrokeWidth(obj, self._float_ref) else 0.0

    def _image_at(self, handle: int, form: Matrix) -> Obj:
        """:meth:`_image` of a handle given as an int (by the C helper)."""
        return self._image(_Handle(handle), form)

    def _image(self, obj: _Handle, form: Matrix) -> Obj:
        """An image: its box (the unit square through its matrix)."""
        a, b, c, d, e, f = _multiply(_multiply(self._object_matrix(obj), form), self.ctm)
        xs, ys = (e, a + e, c + e, a + c + e), (f, b + f, d + f, b + d + f)
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        top = (self.height - y1) + self.mb_top
        return {"x0": x0 + self.shift, "y0": y0, "x1": x1 + self.shift, "y1": y1,
                "width": x1 - x0, "height": y1 - y0, "object_type": "image",
                "page_number": self.page.page_number, "top": top,
                "bottom": (self.height - y0) + self.mb_top, "doctop": self.page.initial_doctop + top}


# -- numbers ---------------------------------------------------------------------------


def _multiply(m1: Matrix, m0: Matrix) -> Matrix:
    """``m1`` then ``m0`` (pdfminer's ``mult_matrix``)."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


def _decimal(value: float) -> float:
    """The shortest decimal that reads back as the float32 ``value`` (595.32 for
    595.3200073): what the content stream said, for PDFium keeps float32."""
    packed = _PACK_FLOAT32(value)
    for form in ("%.6g", "%.7g", "%.8g"):  # %g drops trailing zeros: 6 digits cover every shorter decimal
        candidate = float(form % value)
        if _PACK_FLOAT32(candidate) == packed:
            return candidate
    return value


_PACK_FLOAT32 = struct.Struct("f").pack


class _Decimals(dict):
    """:func:`_decimal`, remembered (a page repeats its coordinates): ``decimals[value]``."""

    def __missing__(self, value: float) -> float:
        if len(self) > 500_000:
            self.clear()
        result = self[value] = _decimal(value)
        return result


# -- blank glyphs PDFium's text page drops -----------------------------------------------


class _Slot:
    """A place in a text object where blank glyphs may be missing."""

    __slots__ = ("kind", "at", "start", "end", "least")

    def __init__(self, kind: str, at: int, start: float, end: float, least: int) -> None:
        self.kind = kind  # "only" (the whole object), "lead", "mid" (after a space), "trail"
        self.at = at  # index of the kept glyph the blanks go before
        self.start = start  # text-space extent the blanks fill
        self.end = end
        self.least = least

    def guess(self, step: float) -> int:
        """How many blanks fit, one every ``step``."""
        extent = self.end - self.start
        if step <= 0:
            return self.least
        if self.kind == "only":
            return 1 + max(0, round(extent / step))
        if self.kind == "mid":
            return max(0, round(extent / step) - 1)
        return max(1, round(extent / step))

    def stride(self, n: int) -> float:
        """The distance between blanks if the slot holds ``n``: the next blank goes to the
        slot where it is widest."""
        extent = self.end - self.start
        steps = {"only": n - 1, "mid": n + 1}.get(self.kind, n)
        return extent / steps if steps > 0 else extent

    def blanks(self, n: int, v: float) -> list[Glyph]:
        extent = self.end - self.start
        if self.kind == "only":
            return [(_SPACE, self.start + (extent * k / (n - 1) if n > 1 else 0.0), v, None, None)
                    for k in range(n)]
        if self.kind == "lead":
            return [(_SPACE, extent * k / n, v, None, None) for k in range(n)]
        if self.kind == "mid":
            return [(_SPACE, self.start + extent * k / (n + 1), v, None, None) for k in range(1, n + 1)]
        return [(_SPACE, self.start + extent * k / n, v, None, None) for k in range(1, n + 1)]


class _Blanks:
    """A text object of which PDFium's text page kept no glyph (one blank, or a run of
    them), as the C helper plans it: both the deferred object and its plan, which
    :meth:`_PageReader._plan` would make (one slot, the whole object)."""

    __slots__ = ("matrix", "font", "size", "colors", "end", "step", "uncertain")

    def __init__(self, matrix: Matrix, font: _Font, size: float, colors: tuple[Any, Any], end: float,
                 step: float) -> None:
        self.matrix, self.font, self.size, self.colors = matrix, font, size, colors
        self.end = end  # the blanks' extent along the baseline (0.0: one blank with no width)
        self.step = step
        self.uncertain = end > 0.0

    def fill(self, count: int | None) -> list[Glyph]:
        return _Plan([], [_Slot("only", 0, 0.0, self.end, 1)], self.step, 0.0).fill(count)


class _Plan:
    """A text object's kept glyphs and the slots where blanks may be missing."""

    def __init__(self, glyphs: list[Glyph], slots: list[_Slot], step: float, tolerance: float) -> None:
        self.glyphs = glyphs
        self.slots = slots
        self.step = step  # the advance of one space (with the object's character spacing)
        # whether the count of blanks needs the content stream (positions cannot tell it)
        self.uncertain = bool(slots) and any(
            s.kind in ("lead", "trail") or (s.kind == "only" and s.end > s.start)
            or (s.kind == "mid" and s.end - s.start > step + tolerance) for s in slots)

    def fill(self, count: int | None) -> list[Glyph]:
        """The glyphs with the blanks put back; ``count`` is the object's number of glyphs,
        when known."""
        if not self.slots:
            return self.glyphs
        if count is None:
            numbers = [slot.guess(self.step) for slot in self.slots]
        else:
            numbers = self._allocate(count - len(self.glyphs))
        out: list[Glyph] = []
        at = {slot.at: (slot, n) for slot, n in zip(self.slots, numbers, strict=True) if n > 0}
        v = self.glyphs[0][2] if self.glyphs else 0.0
        for k in range(len(self.glyphs) + 1):
            if k in at:
                out.extend(at[k][0].blanks(at[k][1], v))
            if k < len(self.glyphs):
                out.append(self.glyphs[k])
        return out

    def _allocate(self, missing: int) -> list[int]:
        """Share ``missing`` blanks among the slots, the widest gaps first."""
        numbers = [0] * len(self.slots)
        if missing <= 0:
            return numbers
        order = sorted(range(len(self.slots)), key=lambda i: -(self.slots[i].end - self.slots[i].start))
        for i in order:  # a slot that must hold a blank gets one first
            if self.slots[i].least and missing:
                numbers[i] += 1
                missing -= 1
        while missing > 0:
            i = max(range(len(self.slots)), key=lambda i: self.slots[i].stride(numbers[i]))
            numbers[i] += 1
            missing -= 1
        return numbers
