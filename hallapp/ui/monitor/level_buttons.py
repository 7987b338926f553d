"""The five counts at the top of the monitor (正常, 预警, 超期, 超法定期限, 暂停计时).

Each is a big button: a click (or Alt+1 … Alt+5) lists only that level, a second click
lists all again. At most one is chosen; a chosen one carries a √ and a heavy border as
well as its strong colour, so the choice shows without colour too.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.deadlines import Bucket, LevelCounts
from hallapp.ui.monitor.texts import BUTTON_COLOURS


class LevelButton(QPushButton):
    def __init__(self, bucket: Bucket, number: int) -> None:
        super().__init__()
        self.bucket = bucket
        self.setCheckable(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setToolTip(
            self.tr("只列出“%1”的办件（Alt+%2），再按一次列出全部")
            .replace("%1", bucket.label)
            .replace("%2", str(number))
        )
        self._count: int | None = None
        self.title = QLabel(bucket.label)
        self.count = QLabel("—")
        for label in (self.title, self.count):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 6, 6, 6)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.title)
        self._layout.addWidget(self.count)
        self.toggled.connect(self._restyle)
        self._restyle(False)

    # Wide where there is room; narrow enough for a 1024-pixel screen.
    def sizeHint(self) -> QSize:
        return QSize(max(140, super().sizeHint().width()), 74)

    def minimumSizeHint(self) -> QSize:
        return QSize(max(90, self._layout.minimumSize().width()), 74)

    def set_count(self, n: int | None) -> None:
        self._count = n
        self._show_count()

    def _show_count(self) -> None:
        n = self._count
        text = "—" if n is None else self.tr("%1 件").replace("%1", str(n))
        self.count.setText(("√ " if self.isChecked() else "") + text)
        self.setAccessibleName(f"{self.bucket.label} {text}")

    def _restyle(self, checked: bool) -> None:
        pale, strong = BUTTON_COLOURS[self.bucket]
        if checked:
            background, text, border = strong, "#ffffff", "3px solid #111111"
        else:
            background, text, border = pale, strong, f"2px solid {strong}"
        self.setStyleSheet(
            f"LevelButton {{background:{background}; border:{border}; border-radius:6px;}}"
            f"LevelButton:focus {{border:3px dashed {'#ffffff' if checked else strong};}}"
        )
        self._show_count()
        self.title.setStyleSheet(f"color:{text}; font-size:16px; font-weight:bold;")
        self.count.setStyleSheet(f"color:{text}; font-size:24px; font-weight:bold;")


class LevelButtons(QWidget):
    chosen = Signal(object)  # the Bucket to list, or None for all

    def __init__(self) -> None:
        super().__init__()
        self.buttons: dict[Bucket, LevelButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for number, bucket in enumerate(Bucket, start=1):
            button = LevelButton(bucket, number)
            button.clicked.connect(lambda checked, b=bucket: self.choose(b if checked else None))
            layout.addWidget(button)
            self.buttons[bucket] = button

    def add_shortcuts(self, scope: QWidget) -> None:
        """Alt+1 … Alt+5 choose a level anywhere inside ``scope``."""
        for number, bucket in enumerate(self.buttons, start=1):
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), scope)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda b=bucket: self.toggle(b))

    @property
    def bucket(self) -> Bucket | None:
        return next((b for b, button in self.buttons.items() if button.isChecked()), None)

    def choose(self, bucket: Bucket | None) -> None:
        """List only ``bucket`` (None: all levels); the other buttons are released."""
        for b, button in self.buttons.items():
            button.setChecked(b is bucket)
        self.chosen.emit(bucket)

    def toggle(self, bucket: Bucket) -> None:
        self.choose(None if self.bucket is bucket else bucket)

    def set_counts(self, counts: LevelCounts | None) -> None:
        for bucket, button in self.buttons.items():
            button.set_count(None if counts is None else counts.of(bucket))
