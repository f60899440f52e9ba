"""The PDF reader's optional C helper (``_pdfium_fast.c``), bound to PDFium: :data:`fast`,
or None where it was not built (no C compiler or Python headers at install) or where
``$BUDGETLIB_PURE_PYTHON`` is set. Each user reads ``pdf_fast.fast`` when it runs, and does
the same work in Python when it is None (the tests set it so, to compare the two)."""

from __future__ import annotations

import ctypes
import os
from ctypes import c_void_p
from typing import Any

#: PDFium's functions the helper calls, in the order its ``bind`` takes their addresses.
FUNCTIONS = (
    "FPDFText_CountChars", "FPDFText_GetUnicode", "FPDFText_IsGenerated",
    "FPDFText_HasUnicodeMapError", "FPDFText_IsHyphen", "FPDFText_GetCharOrigin",
    "FPDFText_GetTextObject", "FPDFPage_CountObjects", "FPDFPage_GetObject", "FPDFPageObj_GetType",
    "FPDFFormObj_CountObjects", "FPDFFormObj_GetObject", "FPDFPageObj_GetMatrix",
    "FPDFPageObj_GetFillColor", "FPDFPageObj_GetStrokeColor", "FPDFPageObj_GetStrokeWidth",
    "FPDFTextObj_GetFont", "FPDFTextObj_GetFontSize", "FPDFPath_GetDrawMode",
    "FPDFPath_CountSegments", "FPDFPath_GetPathSegment", "FPDFPathSegment_GetPoint",
    "FPDFPathSegment_GetType", "FPDFPathSegment_GetClose", "FPDFFont_GetGlyphWidth",
    "FPDFPageObj_GetBounds", "FPDFTextObj_GetTextRenderMode",
)


def load() -> Any:
    """The helper bound to PDFium's functions, or None (not built, or not wanted)."""
    if os.environ.get("BUDGETLIB_PURE_PYTHON"):
        return None
    try:
        import budgetlib.readers._pdfium_fast as helper
    except ImportError:
        return None
    import pypdfium2.raw as pdfium_c

    helper.bind(tuple(ctypes.cast(getattr(pdfium_c, name), c_void_p).value for name in FUNCTIONS))
    return helper


fast = load()
