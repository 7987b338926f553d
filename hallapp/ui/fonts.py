"""The shipped CJK fonts, registered with Qt so Chinese renders without system fonts.

WenQuanYi lacks the characters outside GBK that some names use (𠮷, 䶮, 𬌗); the
fallback font the printed documents use supplies them on screen too.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from hallapp.documents.fonts import FALLBACK_FONT, FALLBACK_FONT_FAMILY
from hallapp.resources import UI_FONT, UI_FONT_FAMILY

UI_POINT_SIZE = 11  # clerks are often older; the default 9 pt is too small at the counter


def install_ui_font(app: QApplication) -> str:
    font_id = QFontDatabase.addApplicationFont(str(UI_FONT))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    family = families[0] if families else UI_FONT_FAMILY
    fallback = _install_fallback()
    font = QFont(family, UI_POINT_SIZE)
    if fallback:
        # The application font for widgets that inherit it, and a substitution for
        # those that ask for WenQuanYi by name.
        font.setFamilies([family, fallback])
        QFont.insertSubstitution(family, fallback)
    app.setFont(font)
    return family


def _install_fallback() -> str | None:
    """Load the fallback font once per process; ``None`` if it cannot be loaded, in
    which case rare characters show as boxes but the program still runs."""
    if FALLBACK_FONT_FAMILY in QFontDatabase.families():
        return FALLBACK_FONT_FAMILY
    font_id = QFontDatabase.addApplicationFont(str(FALLBACK_FONT))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else None
