"""The fonts of every printed document: the shipped WenQuanYi Micro Hei, embedded, and a
fallback for the rarer characters it lacks.

reportlab's built-in Chinese CID fonts (STSong-Light and the like) embed nothing: the
reader's machine substitutes whatever it has, which on a hall PC without Chinese fonts,
or in a county office's viewer, means boxes or blank cells. A TrueType font registered
with ``TTFont`` is embedded as a subset of the glyphs a document uses, so every PDF
prints the same everywhere. reportlab reads only TrueType (``glyf``) outlines, not CFF,
which is why :func:`check_pdf_font` looks at the outlines and not only at the file.

WenQuanYi covers GBK only, so a name such as 𠮷 (U+20BB7) or 䶮 (U+4DAE) would print as an
empty box. ``hallapp-fallback.ttf`` (see ``tools/make_fallback_font.py``) holds just those
glyphs. reportlab does not fall back from one font to another by itself, so text is split
into runs by coverage (:func:`font_runs`) and each run names its font
(:func:`paragraph_markup` for Paragraphs, :func:`draw_text` for a canvas).
"""

from __future__ import annotations

import re
import struct
import threading
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas

from hallapp.documents.font_check import FALLBACK_FONT, PrintFontError, check_pdf_font
from hallapp.resources import UI_FONT

__all__ = [
    "FALLBACK_FONT",
    "FALLBACK_PDF_FONT",
    "PDF_FONT",
    "PrintFontError",
    "check_pdf_font",
    "draw_text",
    "font_file",
    "font_runs",
    "paragraph_markup",
    "register_pdf_font",
    "text_width",
]

PDF_FONT = "WenQuanYiMicroHei"
"""The name documents use in styles; a family, so ``<b>`` in a Paragraph does not fail."""
FALLBACK_PDF_FONT = "HallappFallback"
"""The name of the fallback font, for the characters :data:`PDF_FONT` lacks."""
FALLBACK_FONT_FAMILY = "Hallapp Fallback"
"""The family name inside the file, as Qt reports it."""

_lock = threading.Lock()
# Runs of characters that only the fallback font has; set when the fonts are registered.
_fallback_only: re.Pattern[str] | None = None


def register_pdf_font() -> str:
    """Register the shipped fonts with reportlab once; return the name styles should use.

    Registers the fallback font too, under :data:`FALLBACK_PDF_FONT`. Later calls only
    look the names up. Safe to call from a rendering worker thread.
    """
    global _fallback_only
    with _lock:
        # Looked up rather than remembered: reportlab's own reset clears its registry.
        registered = pdfmetrics.getRegisteredFontNames()
        if PDF_FONT in registered and FALLBACK_PDF_FONT in registered and _fallback_only:
            return PDF_FONT
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        main = _register(PDF_FONT, UI_FONT)
        fallback = _register(FALLBACK_PDF_FONT, FALLBACK_FONT)
        have = main.face.charToGlyph
        extra = sorted(c for c in fallback.face.charToGlyph if c not in have and c > 0x20)
        # A class that never matches if the fallback adds nothing: "[]" is no pattern.
        _fallback_only = re.compile(f"[{_char_class(extra)}]+" if extra else r"(?!)")
        return PDF_FONT


def font_file(name: str) -> Path:
    """The file of a font named in :func:`font_runs`, for renderers that draw glyphs
    themselves (a receipt printer's bitmap)."""
    return {PDF_FONT: UI_FONT, FALLBACK_PDF_FONT: FALLBACK_FONT}[name]


def font_runs(text: str) -> list[tuple[str, str]]:
    """``text`` cut into ``(font name, run)`` pieces, each printable in its font.

    Characters the main font has stay with :data:`PDF_FONT`; those only the fallback
    has go to :data:`FALLBACK_PDF_FONT`. A character neither has stays with the main
    font, which prints its empty box rather than dropping it. Joined, the runs give
    ``text`` back unchanged; an empty text gives no runs.
    """
    pattern = _fallback_only
    if pattern is None:
        register_pdf_font()
        pattern = _fallback_only
        assert pattern is not None
    runs: list[tuple[str, str]] = []
    at = 0
    for match in pattern.finditer(text):
        if match.start() > at:
            runs.append((PDF_FONT, text[at : match.start()]))
        runs.append((FALLBACK_PDF_FONT, match.group()))
        at = match.end()
    if at < len(text):
        runs.append((PDF_FONT, text[at:]))
    return runs


def paragraph_markup(text: str) -> str:
    """Plain text as Paragraph markup that prints every character.

    ``&`` and ``<`` in a name must not read as tags, a line break stays a line break,
    and runs the main font lacks are wrapped in ``<font name=...>`` for the fallback.
    """
    parts = []
    for font, run in font_runs(text.replace("\r\n", "\n")):
        escaped = escape(run).replace("\n", "<br/>")
        parts.append(escaped if font == PDF_FONT else f'<font name="{font}">{escaped}</font>')
    return "".join(parts)


def text_width(text: str, size: float) -> float:
    """The width of ``text`` at ``size`` as :func:`draw_text` draws it."""
    return sum(pdfmetrics.stringWidth(run, font, size) for font, run in font_runs(text))


def draw_text(canvas: Canvas, x: float, y: float, text: str, size: float) -> float:
    """Draw one line of ``text`` from ``(x, y)`` run by run; return the x where it ends."""
    for font, run in font_runs(text):
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, font, size)
    return x


def _register(name: str, path: Path) -> TTFont:
    if name in pdfmetrics.getRegisteredFontNames():
        font = pdfmetrics.getFont(name)
        assert isinstance(font, TTFont)
        return font
    check_pdf_font(path)
    try:
        font = TTFont(name, str(path))
    except (TTFError, OSError, struct.error) as e:
        raise PrintFontError(path, f"reportlab 不能读取：{e}") from None
    pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
    return font


_reportlab_to_unicode_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16.

    reportlab writes each character as ``<%04X>``, so 𠮷 becomes ``<20BB7>``, which
    readers take as U+20BB: the PDF would print 𠮷 but copy, search and extract it as
    ₻. A CMap's destination is UTF-16BE, where 𠮷 is the surrogate pair ``<D842DFB7>``.
    """
    cmap = _reportlab_to_unicode_cmap(fontname, subset)
    for code in subset:
        if code > 0xFFFF:
            pair = chr(code).encode("utf-16-be").hex().upper()
            cmap = cmap.replace(f"> <{code:04X}>\n", f"> <{pair}>\n")
    return str(cmap)


def _char_class(codepoints: list[int]) -> str:
    """A regular-expression character class body for sorted ``codepoints``, as ranges."""
    parts: list[str] = []
    start = prev = -2
    for c in [*codepoints, -2]:
        if c == prev + 1:
            prev = c
            continue
        if start >= 0:
            parts.append(
                re.escape(chr(start))
                if start == prev
                else f"{re.escape(chr(start))}-{re.escape(chr(prev))}"
            )
        start = prev = c
    return "".join(parts)
