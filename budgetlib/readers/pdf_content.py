"""How many glyphs each text-showing operator of a page draws, from its content streams.

PDFium's text page drops blank glyphs that pdfminer keeps (a run of spaces after the
first); positions alone cannot tell how many, so :mod:`budgetlib.readers.pdfium_page` asks
this scanner. It uses pdfminer's object parser for fonts and forms but not its interpreter:
strings are tokenized with one regular expression (or by its C translation, where the
reader's helper is built), everything else is skipped.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

_WS = rb"\x00\t\n\x0c\r "
_REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"  # a character that is neither white nor a delimiter
# only what glyph counting needs: strings, arrays, names and the operators that show text,
# set the font, save and restore it, run a form and start an inline image (numbers and other
# operators are skipped inside the regex engine)
_TOKEN = re.compile(
    rb"%[^\r\n]*|(\()|<(?!<)([0-9A-Fa-f\x00\t\n\x0c\r ]*)>|(\[)|(\])|/(" + _REGULAR + rb"*)"
    rb"|(?<!" + _REGULAR + rb")(Tj|TJ|Tf|Do|BI|q|Q|'|\")(?!" + _REGULAR + rb")")
_LITERAL_SPECIAL = re.compile(rb"[()\\]")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|[\r\n]|.)", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_WHITE = re.compile(rb"[\x00\t\n\x0c\r ]")
_INLINE_IMAGE_DATA = re.compile(rb"(?<!" + _REGULAR + rb")ID[\x00\t\n\x0c\r ]")
_INLINE_IMAGE_END = re.compile(rb"[\x00\t\n\x0c\r ]EI(?!" + _REGULAR + rb")")
_SHOW = frozenset((b"Tj", b"'", b'"'))


def _literal(data: bytes, pos: int) -> tuple[int, bytes]:
    """The literal string whose "(" ends at ``pos``: where it ends, and its bytes."""
    depth, i, end = 1, pos, len(data)
    while depth:
        s = _LITERAL_SPECIAL.search(data, i)
        if s is None:
            i = end = len(data)
            break
        char = s.group()
        i = s.end() + (char == b"\\")
        if char != b"\\":
            depth += 1 if char == b"(" else -1
        end = s.start()
    return i, _ESCAPE.sub(_unescape, data[pos:end]).replace(b"\r\n", b"\n")


def _unescape(match: re.Match[bytes]) -> bytes:
    code = match.group(1)
    if code in (b"\r\n", b"\r", b"\n"):
        return b""
    if code[:1].isdigit():
        return bytes((int(code, 8) & 0xFF,))
    return _ESCAPES.get(code, code)


def operators(data: bytes) -> Iterator[tuple[bytes, list]]:
    """The operators of a content stream that glyph counting needs (:data:`_SHOW`, ``TJ``,
    ``Tf``, ``q``, ``Q``, ``Do``), each with the operands since the operator before it:
    strings (bytes), names (str) and arrays of strings (lists); an inline image's data is
    passed over. (``_pdfium_fast.operators`` is its C translation.)

    >>> list(operators(b"BT /F1 12 Tf [(a) -20 (b(c)d)] TJ <0041 4> Tj ET"))
    [(b'Tf', ['F1']), (b'TJ', [[b'a', b'b(c)d']]), (b'Tj', [b'\\x00A@'])]
    """
    operands: list[Any] = []
    array: list[bytes] | None = None
    pos, size, search = 0, len(data), _TOKEN.search
    while True:
        m = search(data, pos)
        if m is None:
            return
        pos = m.end()
        literal, hexa, opening, closing, name, operator = m.groups()
        if literal:
            pos, string = _literal(data, pos)
            (operands if array is None else array).append(string)
        elif hexa is not None:
            digits = _WHITE.sub(b"", hexa)
            string = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
            (operands if array is None else array).append(string)
        elif opening:
            array = []
        elif closing:
            if array is not None:
                operands.append(array)
            array = None
        elif name is not None:
            operands.append(name.decode("latin-1"))
        elif operator:
            if operator == b"BI":  # an inline image: its data runs from ID to EI
                start = _INLINE_IMAGE_DATA.search(data, pos)
                end = _INLINE_IMAGE_END.search(data, start.end()) if start else None
                pos = end.end() if end else size
            else:
                yield operator, operands
            operands = []
            array = None


class ContentScanner:
    """How many glyphs each text-showing operator of a page draws, read from its content
    streams with pdfminer's object parser but without its interpreter: PDFium makes one text
    object per operator, so these are its text objects' glyph counts, in order."""

    def __init__(self, pages: list) -> None:
        self.pages = [page.page_obj for page in pages]
        self._decoders: dict[int, Any] = {}

    def counts(self, index: int) -> list[int]:
        from pdfminer.pdftypes import dict_value, stream_value

        page = self.pages[index]
        data = b"\n".join(stream_value(s).get_data() for s in page.contents)
        out: list[int] = []
        self._scan(data, dict_value(page.resources), out, None, set())
        return out

    def _scan(self, data: bytes, resources: dict, out: list[int], font: Any, seen: set[int]) -> None:
        """Append the glyph count of each text-showing operator in ``data`` to ``out``."""
        from pdfminer.pdftypes import dict_value, resolve1, stream_value

        from budgetlib.readers import pdf_fast  # the C helper tokenizes, where built

        fonts = dict_value(resources.get("Font"))
        xobjects = dict_value(resources.get("XObject"))
        saved: list[Any] = []
        fast = pdf_fast.fast
        for operator, operands in (fast.operators(data) if fast is not None else operators(data)):
            if operator in _SHOW:
                string = next((o for o in reversed(operands) if isinstance(o, bytes)), None)
                if string is not None:
                    out.append(self._count(font, string))
            elif operator == b"TJ":
                strings = next((o for o in reversed(operands) if isinstance(o, list)), None)
                if strings:
                    out.append(sum(self._count(font, s) for s in strings))
            elif operator == b"Tf":
                key = next((o for o in reversed(operands) if isinstance(o, str)), None)
                font = self._decoder(resolve1(fonts.get(key))) if key else font
            elif operator == b"q":
                saved.append(font)
            elif operator == b"Q":
                font = saved.pop() if saved else font
            elif operator == b"Do":
                key = next((o for o in reversed(operands) if isinstance(o, str)), None)
                xobject = resolve1(xobjects.get(key)) if key else None
                form = stream_value(xobject) if xobject is not None else None
                if form is not None and getattr(form.get("Subtype"), "name", None) == "Form" \
                        and id(form) not in seen and len(seen) < 32:
                    inner_resources = dict_value(form.get("Resources")) or resources
                    self._scan(form.get_data(), inner_resources, out, font, seen | {id(form)})

    def _decoder(self, spec: Any) -> Any:
        """The font's code reader: None for one byte a glyph, else a CMap."""
        from pdfminer.cmapdb import CMap, CMapDB, CMapParser
        from pdfminer.pdftypes import dict_value, resolve1, stream_value

        spec = dict_value(spec)
        key = id(spec)
        if key not in self._decoders:
            decoder = None
            if getattr(spec.get("Subtype"), "name", None) == "Type0":
                encoding = resolve1(spec.get("Encoding"))
                try:
                    if hasattr(encoding, "name"):
                        decoder = CMapDB.get_cmap(encoding.name)
                    else:
                        decoder = CMap()
                        CMapParser(decoder, io.BytesIO(stream_value(encoding).get_data())).run()
                except Exception:
                    decoder = CMapDB.get_cmap("Identity-H")
            self._decoders[key] = decoder
        return self._decoders[key]

    @staticmethod
    def _count(decoder: Any, data: bytes) -> int:
        return len(data) if decoder is None else len(tuple(decoder.decode(data)))
