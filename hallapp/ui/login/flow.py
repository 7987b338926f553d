"""The way in: the first-run wizard or the login, then a forced password change, then the
actor goes to ``on_actor``. Closing any of the dialogs calls ``on_cancel``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QWidget

from hallapp.services.actors import Actor
from hallapp.ui.login.first_admin import FirstAdminDialog
from hallapp.ui.login.gate import AccountGate, LoginStart
from hallapp.ui.login.login_dialog import LoginDialog
from hallapp.ui.login.password_dialog import ChangePasswordDialog
from hallapp.ui.operations import Executor


class LoginFlow:
    def __init__(
        self,
        gate: AccountGate,
        executor: Executor,
        state: QSettings | None,
        parent: QWidget | None,
        on_actor: Callable[[Actor], None],
        on_cancel: Callable[[], None],
    ) -> None:
        self.gate, self._executor, self._state, self._parent = gate, executor, state, parent
        self._on_actor, self._on_cancel = on_actor, on_cancel
        self.dialog: QDialog | None = None  # the one on screen, for tests and the lock

    def begin(self, start: LoginStart) -> None:
        if start.needs_first_admin:
            wizard = FirstAdminDialog(self.gate, self._executor, self._parent)
            wizard.created.connect(self._done)
            self._show(wizard)
        else:
            self.ask_login(start.demo_hint)

    def ask_login(self, hint: str | None = None) -> None:
        dialog = LoginDialog(self.gate, self._executor, self._state, hint, self._parent)
        dialog.logged_in.connect(self._logged_in)
        self._show(dialog)

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.rejected.connect(self._on_cancel)
        dialog.open()

    def _logged_in(self, actor: Actor) -> None:
        self._executor.submit(
            lambda: self.gate.must_change(actor),
            lambda must: self._ask_new_password(actor) if must else self._done(actor),
            lambda _exc: self.ask_login(),  # unsure whether a change is owed: ask again
        )

    def _ask_new_password(self, actor: Actor) -> None:
        dialog = ChangePasswordDialog(self.gate, self._executor, actor, True, self._parent)
        dialog.changed.connect(lambda: self._done(actor))
        self._show(dialog)

    def _done(self, actor: Actor) -> None:
        self.dialog = None
        self._on_actor(actor)
