"""The shipped CJK font, registered with Qt so Chinese renders without system fonts."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from hallapp.resources import UI_FONT, UI_FONT_FAMILY

UI_POINT_SIZE = 11  # clerks are often older; the default 9 pt is too small at the counter


def install_ui_font(app: QApplication) -> str:
    font_id = QFontDatabase.addApplicationFont(str(UI_FONT))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    family = families[0] if families else UI_FONT_FAMILY
    font = QFont(family, UI_POINT_SIZE)
    app.setFont(font)
    return family
