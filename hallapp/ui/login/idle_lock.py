"""锁屏: after some minutes without keyboard or mouse the window is covered, and only the
user's password (or 切换用户) opens it again. The work areas stay as they were underneath,
so a half-typed intake form is still there after unlocking."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.actors import Actor
from hallapp.ui.login.form import InlineMessage, error_text, password_field
from hallapp.ui.login.gate import AccountGate
from hallapp.ui.operations import Executor

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


class LockOverlay(QWidget):
    """Opaque, over the whole window: nobody passing the desk reads a resident's data."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lock_overlay")
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lock_overlay{background:#eef1f5;}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.who = QLabel()
        self.who.setStyleSheet("font-size:18px;")
        self.password = password_field()
        self.password.setObjectName("unlock_password")
        self.password.setPlaceholderText("密码")
        self.message = InlineMessage()
        self.unlock_button = QPushButton("解锁")
        self.unlock_button.setDefault(True)
        self.switch_button = QPushButton("切换用户")
        box = QWidget()
        box.setFixedWidth(320)
        inner = QVBoxLayout(box)
        title = QLabel("已锁定")
        title.setStyleSheet("font-size:22px; font-weight:bold;")
        inner.addWidget(title)
        inner.addWidget(self.who)
        inner.addWidget(self.password)
        inner.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.switch_button)
        inner.addLayout(buttons)
        # Centred both ways; the stretches keep the panel compact at any window size.
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.hide()


class IdleLock(QObject):
    def __init__(
        self,
        window: QMainWindow,
        gate: AccountGate,
        executor: Executor,
        actor: Callable[[], Actor],
        switch_user: Callable[[], None],
        minutes: int,
    ) -> None:
        """``minutes`` is the hall's 无操作自动锁定 setting, read by the window."""
        super().__init__(window)
        self._window, self._gate, self._executor = window, gate, executor
        self._actor, self._switch_user = actor, switch_user
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.set_minutes(minutes)
        self.timer.timeout.connect(self.lock)
        self.overlay = LockOverlay(window)
        self.overlay.unlock_button.clicked.connect(self.unlock)
        self.overlay.password.returnPressed.connect(self.unlock)
        self.overlay.switch_button.clicked.connect(self._switch)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def locked(self) -> bool:
        return self.overlay.isVisible()

    def start(self) -> None:
        self.timer.start()

    def set_minutes(self, minutes: int) -> None:
        """A changed setting counts from now, not after the next keystroke."""
        self.timer.setInterval(minutes * 60_000)
        if self.timer.isActive():
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and not self.locked:
            self.timer.start()
        elif watched is self._window and event.type() == QEvent.Type.Resize and self.locked:
            self.overlay.setGeometry(self._window.rect())
        return False

    def lock(self) -> None:
        self.timer.stop()
        self._underneath(enabled=False)
        overlay = self.overlay
        overlay.who.setText(f"当前用户：{self._actor().name}")
        overlay.message.say("")
        overlay.password.clear()
        overlay.setGeometry(self._window.rect())
        overlay.show()
        overlay.raise_()
        overlay.password.setFocus()

    def unlock(self) -> None:
        login, password = self._actor().login, self.overlay.password.text()
        self.overlay.unlock_button.setEnabled(False)
        self._executor.submit(
            lambda: self._gate.authenticate(login, password), self._unlocked, self._refused
        )

    def release(self) -> None:
        """Take the cover off (after the right password, or a new login)."""
        self.overlay.hide()
        self.overlay.password.clear()
        self._underneath(enabled=True)
        self.timer.start()

    def _unlocked(self, actor: Actor) -> None:
        self.overlay.unlock_button.setEnabled(True)
        if actor.login != self._actor().login:  # cannot happen: the login is the user's
            self._refused(RuntimeError())
            return
        self.release()

    def _refused(self, exc: BaseException) -> None:
        self.overlay.unlock_button.setEnabled(True)
        self.overlay.message.say(error_text(exc))
        self.overlay.password.clear()
        self.overlay.password.setFocus()

    def _switch(self) -> None:
        self.overlay.password.clear()
        self._switch_user()

    def _underneath(self, *, enabled: bool) -> None:
        # Disabled, not hidden or rebuilt: what was typed stays, and neither Tab nor a
        # shortcut reaches the forms while the cover is on.
        for part in (self._window.centralWidget(), self._window.statusBar()):
            if part is not None:
                part.setEnabled(enabled)
