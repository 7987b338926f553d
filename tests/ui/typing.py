"""Typing as a clerk does: ASCII through key events, Chinese through the input method.

QTest.keyClicks only knows ASCII keys; Chinese text reaches a widget as the commit
string of an input-method event, exactly as a pinyin IME delivers it.
"""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
