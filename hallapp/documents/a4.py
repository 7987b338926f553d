"""A4 documents of a case and the 办事指南 of an item, as PDF.

>>> render_a4(document, Path("受理通知书.pdf"))

Both fonts travel with the file as subsets; the codes are vector drawings; the file is
written whole or not at all. Raises :class:`~hallapp.documents.fonts.PrintFontError` if
a font is unusable and :class:`~hallapp.documents.output.DocumentWriteError` if the file
cannot be saved.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from hallapp.documents.a4_case import case_furniture, case_story
from hallapp.documents.a4_guide import guide_furniture, guide_story
from hallapp.documents.a4_parts import Styles
from hallapp.documents.fonts import register_pdf_font
from hallapp.documents.model import CaseDocument, DocumentKind, GuideDocument
from hallapp.documents.output import write_atomically
from hallapp.documents.pages import a4_document, furnished_canvas

__all__ = ["render_a4", "render_a4_bytes"]

_styles: Styles | None = None


def render_a4_bytes(doc: CaseDocument | GuideDocument) -> bytes:
    """The document as an A4 PDF."""
    buffer = io.BytesIO()
    _write(doc, buffer)
    return buffer.getvalue()


def render_a4(doc: CaseDocument | GuideDocument, path: Path) -> Path:
    """Write the document to ``path`` as an A4 PDF; return ``path``."""
    return write_atomically(Path(path), lambda file: _write(doc, file))


def _write(doc: CaseDocument | GuideDocument, file: BinaryIO) -> None:
    styles = _shared_styles()
    if isinstance(doc, GuideDocument):
        story, furniture = guide_story(doc, styles), guide_furniture(doc)
        title, subject = f"{DocumentKind.GUIDE.title} {doc.item_name}", doc.hall.name
    else:
        story, furniture = case_story(doc, styles), case_furniture(doc)
        title, subject = f"{doc.kind.title} {doc.case_number}", doc.hall.name
    pdf = a4_document(file, title=title, subject=subject)
    pdf.build(story, canvasmaker=furnished_canvas(furniture))


def _shared_styles() -> Styles:
    """One set of styles for every document: they never change once the font is known."""
    global _styles
    font = register_pdf_font()
    if _styles is None or _styles.font != font:
        _styles = Styles(font)
    return _styles
