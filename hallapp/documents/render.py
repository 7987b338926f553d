"""One entry for every printed document: the paper format picks the renderer.

A4 takes every document; the counter's 80 mm receipt printer takes only the short ones
(:data:`~hallapp.documents.model.THERMAL_KINDS`), as a PDF or as ESC/POS bytes. A notice
or a refusal squeezed onto a till roll would lose its signature lines and the remedy the
law requires it to state, so those are refused rather than shrunk.
"""

from __future__ import annotations

from hallapp.documents.model import (
    THERMAL_KINDS,
    CaseDocument,
    DocumentKind,
    GuideDocument,
    PaperFormat,
)
from hallapp.errors import HallappError

__all__ = [
    "FORMAT_LABELS",
    "UnsupportedFormat",
    "formats_for",
    "render",
]

FORMAT_LABELS = {
    PaperFormat.A4: "A4纸",
    PaperFormat.THERMAL_80MM: "80毫米小票",
    PaperFormat.ESCPOS: "小票打印机（ESC/POS）",
}

_THERMAL = (PaperFormat.A4, PaperFormat.THERMAL_80MM, PaperFormat.ESCPOS)
_A4_ONLY = (PaperFormat.A4,)


class UnsupportedFormat(HallappError):
    """The document cannot be printed on the chosen paper."""

    def __init__(self, kind: DocumentKind, fmt: PaperFormat) -> None:
        super().__init__(
            f"{kind.title}只能用A4纸打印，不能用{FORMAT_LABELS[fmt]}打印。"
            "小票只打印受理通知书和收费收据。"
        )
        self.kind = kind
        self.fmt = fmt


def formats_for(kind: DocumentKind) -> tuple[PaperFormat, ...]:
    """The paper formats ``kind`` can be printed on, A4 first."""
    return _THERMAL if kind in THERMAL_KINDS else _A4_ONLY


def render(doc: CaseDocument | GuideDocument, fmt: PaperFormat) -> bytes:
    """The document as file bytes: a PDF for A4 and 80 mm, printer commands for ESC/POS.

    Raises :class:`UnsupportedFormat` for a document the format does not take, and
    :class:`~hallapp.documents.fonts.PrintFontError` if the font is unusable.
    """
    kind = DocumentKind.GUIDE if isinstance(doc, GuideDocument) else doc.kind
    if fmt not in formats_for(kind):
        raise UnsupportedFormat(kind, fmt)
    # The templates are imported on the first print: with their barcode and layout modules
    # they take about 0.15 s to import, which the app's start need not pay.
    if fmt is PaperFormat.A4:
        from hallapp.documents.a4 import render_a4_bytes

        return render_a4_bytes(doc)
    # Only case documents reach here: formats_for gives a guide nothing but A4.
    assert isinstance(doc, CaseDocument)
    if fmt is PaperFormat.THERMAL_80MM:
        from hallapp.documents.thermal import render_80mm_bytes

        return render_80mm_bytes(doc)
    from hallapp.documents.escpos_out import escpos_bytes

    return escpos_bytes(doc)
