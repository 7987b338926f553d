"""好差评评价器: the window that faces the applicant across the counter.

Three pages: 欢迎评价 while nobody is rating; the case's number and item with the five
levels, a comment box once 不满意 or worse is picked, and 提交评价; then a thank-you that
returns to 欢迎评价 after a few seconds. Digits 1–5 pick a level and Enter submits, for a
keypad on the applicant's side. The screen only shows and asks: :class:`EvaluationDesk`
records the rating and tells the clerk, never the applicant, when that fails.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hallapp.core.evaluation import Rating
from hallapp.ui.evaluation.levels import BUTTON_COLOURS, KEYS, ORDER, key_of

THANKS_MS = 6000  # long enough to read the thanks, short enough for the next applicant
COMMENT_LIMIT = 500  # as the service allows
_ENTER_KEYS = (int(Qt.Key.Key_Return), int(Qt.Key.Key_Enter))


def _text(text: str, size: int, style: str = "") -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet(f"font-size:{size}px; {style}")
    return label


def _level_style(colour: str) -> str:
    return (
        f"QPushButton{{background:{colour}; color:white; font-size:28px; font-weight:bold;"
        " border:4px solid transparent; border-radius:14px; padding:12px;}"
        "QPushButton:checked{border:6px solid #1a1a1a;}"
        "QPushButton:disabled{background:#b8b8b8;}"
    )


class EvaluationScreen(QWidget):
    submitted = Signal(object, str)  # the Rating, the comment ("" for good ratings)

    def __init__(self, thanks_ms: int = THANKS_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("服务评价"))
        self.setStyleSheet("EvaluationScreen{background:#f6f8fb;}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # The clerk's window decides when the program ends, never this one.
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.rating: Rating | None = None
        self.busy = False

        self.hall_labels = [_text("", 26, "color:#4a5a70;") for _ in range(3)]
        self.stack = QStackedWidget()
        self.idle_page = self._idle_page()
        self.rating_page = self._rating_page()
        self.thanks_page = self._thanks_page()
        for page in (self.idle_page, self.rating_page, self.thanks_page):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.addWidget(self.stack)

        self.thanks_timer = QTimer(self)
        self.thanks_timer.setSingleShot(True)
        self.thanks_timer.setInterval(thanks_ms)
        self.thanks_timer.timeout.connect(self.show_idle)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.resize(1100, 720)
        self.show_idle()

    # pages ---------------------------------------------------------------------------
    def _idle_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(2)
        layout.addWidget(self.hall_labels[0])
        layout.addSpacing(24)
        layout.addWidget(_text(self.tr("欢迎评价"), 72, "font-weight:bold; color:#1f4f86;"))
        layout.addSpacing(24)
        layout.addWidget(
            _text(self.tr("办理完毕后，请在这里对我们的服务进行评价"), 28, "color:#333;")
        )
        layout.addStretch(3)
        return page

    def _rating_page(self) -> QWidget:
        page = QWidget()
        self.case_label = _text("", 24, "color:#333;")
        self.prompt = _text(
            self.tr("请您对本次服务进行评价"), 44, "font-weight:bold; color:#1f4f86;"
        )
        self.level_group = QButtonGroup(self)
        self.level_group.setExclusive(True)
        self.level_buttons: dict[Rating, QPushButton] = {}
        levels = QHBoxLayout()
        levels.setSpacing(18)
        for rating in ORDER:
            button = QPushButton(f"{rating.label}\n{key_of(rating)}")
            button.setCheckable(True)
            button.setMinimumSize(170, 150)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys belong to the screen
            button.setStyleSheet(_level_style(BUTTON_COLOURS[rating]))
            button.clicked.connect(lambda _c=False, r=rating: self.choose(r))
            self.level_group.addButton(button)
            self.level_buttons[rating] = button
            levels.addWidget(button)
        self.comment_label = _text(self.tr("请告诉我们哪里做得不好"), 26, "color:#9a3d08;")
        self.comment = QPlainTextEdit()
        self.comment.setStyleSheet("font-size:24px; background:white;")
        self.comment.setFixedHeight(130)
        self.comment.textChanged.connect(self._keep_comment_short)
        self.submit_button = QPushButton(self.tr("提交评价"))
        self.submit_button.setMinimumSize(320, 84)
        self.submit_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.submit_button.setStyleSheet(
            "QPushButton{background:#1f5fa8; color:white; font-size:32px; font-weight:bold;"
            " border-radius:12px;} QPushButton:disabled{background:#a9b6c6;}"
        )
        self.submit_button.clicked.connect(self.submit)
        self.hint = _text(self.tr("请点按上面的按钮，或按数字键 1–5 选择"), 22, "color:#555;")

        layout = QVBoxLayout(page)
        layout.addWidget(self.hall_labels[1])
        layout.addWidget(self.case_label)
        layout.addSpacing(16)
        layout.addWidget(self.prompt)
        layout.addSpacing(20)
        layout.addLayout(levels)
        layout.addWidget(self.hint)
        layout.addSpacing(10)
        layout.addWidget(self.comment_label)
        layout.addWidget(self.comment)
        layout.addStretch(1)
        submit_row = QHBoxLayout()
        submit_row.addStretch(1)
        submit_row.addWidget(self.submit_button)
        submit_row.addStretch(1)
        layout.addLayout(submit_row)
        return page

    def _thanks_page(self) -> QWidget:
        page = QWidget()
        self.thanks_note = _text("", 30, "color:#333;")
        layout = QVBoxLayout(page)
        layout.addStretch(2)
        layout.addWidget(self.hall_labels[2])
        layout.addSpacing(24)
        layout.addWidget(_text(self.tr("感谢您的评价！"), 72, "font-weight:bold; color:#1b7a36;"))
        layout.addSpacing(24)
        layout.addWidget(self.thanks_note)
        layout.addStretch(3)
        return page

    # what the screen shows -----------------------------------------------------------
    @property
    def page(self) -> str:
        """Which page shows: idle, rating or thanks."""
        current = self.stack.currentWidget()
        if current is self.rating_page:
            return "rating"
        return "thanks" if current is self.thanks_page else "idle"

    def set_hall_name(self, name: str) -> None:
        for label in self.hall_labels:
            label.setText(name)
            label.setVisible(bool(name))

    def ask(self, case_number: str, item_name: str) -> None:
        """Invite the applicant to rate this case, with nothing picked yet."""
        self.thanks_timer.stop()
        self.case_label.setText(
            self.tr("办件编号：%1　　事项：%2").replace("%1", case_number).replace("%2", item_name)
        )
        self._reset()
        self.stack.setCurrentWidget(self.rating_page)
        self.setFocus()

    def choose(self, rating: Rating) -> None:
        if self.page != "rating" or self.busy:
            return
        self.rating = rating
        self.level_buttons[rating].setChecked(True)
        bad = rating.needs_follow_up
        self.comment_label.setVisible(bad)
        self.comment.setVisible(bad)
        self.submit_button.setEnabled(True)

    def submit(self) -> None:
        if self.page != "rating" or self.busy or self.rating is None:
            return
        comment = self.comment.toPlainText().strip() if self.rating.needs_follow_up else ""
        self.set_busy(True)
        self.submitted.emit(self.rating, comment)

    def set_busy(self, busy: bool) -> None:
        """While the rating is being saved nothing on the screen can be pressed twice."""
        self.busy = busy
        for button in self.level_buttons.values():
            button.setEnabled(not busy)
        self.comment.setReadOnly(busy)
        self.submit_button.setEnabled(not busy and self.rating is not None)
        self.submit_button.setText(self.tr("正在提交…") if busy else self.tr("提交评价"))

    def show_thanks(self, rating: Rating) -> None:
        self.set_busy(False)
        self.thanks_note.setText(
            self.tr("我们会尽快与您联系，改进我们的工作。")
            if rating.needs_follow_up
            else self.tr("祝您生活愉快！")
        )
        self.stack.setCurrentWidget(self.thanks_page)
        self.thanks_timer.start()

    def show_idle(self) -> None:
        self.thanks_timer.stop()
        self._reset()
        self.stack.setCurrentWidget(self.idle_page)

    def _reset(self) -> None:
        self.set_busy(False)
        self.rating = None
        self.level_group.setExclusive(False)  # an exclusive group never unchecks its last
        for button in self.level_buttons.values():
            button.setChecked(False)
        self.level_group.setExclusive(True)
        self.comment.clear()
        self.comment_label.hide()
        self.comment.hide()
        self.submit_button.setEnabled(False)

    def _keep_comment_short(self) -> None:
        text = self.comment.toPlainText()
        if len(text) > COMMENT_LIMIT:
            self.comment.setPlainText(text[:COMMENT_LIMIT])
            self.comment.moveCursor(QTextCursor.MoveOperation.End)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.page == "rating" and key in KEYS:
            self.choose(KEYS[key])
        elif self.page == "rating" and key in _ENTER_KEYS:
            self.submit()
        else:
            super().keyPressEvent(event)
