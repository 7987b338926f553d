"""The way in: login, first-run wizard, forced password change, idle lock, 修改密码."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from hallapp.app import AppContext
from hallapp.services import accounts
from hallapp.services.accounts import HashParameters
from hallapp.services.actors import COMMAND_LINE
from hallapp.services.demo import DEMO_PASSWORD
from hallapp.services.halls import HallProfile, actor_for, initialise_hall
from hallapp.ui.launch import _prepare, _Startup
from hallapp.ui.login.first_admin import FirstAdminDialog
from hallapp.ui.login.gate import AccountGate
from hallapp.ui.login.login_dialog import LoginDialog
from hallapp.ui.login.password_dialog import ChangePasswordDialog
from hallapp.ui.main_window import MainWindow
from hallapp.ui.operations import InlineExecutor


@pytest.fixture(autouse=True)
def _cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "PARAMETERS", HashParameters(1, 64, 1))


def start(qtbot, qapp: QApplication, ctx: AppContext, tmp_path: Path) -> _Startup:  # type: ignore[no-untyped-def]
    """What run_gui does, with the operations inline and the database already open."""
    state = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    executor = InlineExecutor()
    window = MainWindow(None, executor, state, daily_backup=False, morning_reminder=False)
    qtbot.addWidget(window)
    window.show()
    startup = _Startup(qapp, window, None, executor, state)  # type: ignore[arg-type]
    startup.opened(_prepare(ctx))
    return startup


def log_in(qtbot, startup: _Startup, login: str, password: str) -> None:  # type: ignore[no-untyped-def]
    assert startup.login is not None
    dialog = startup.login.dialog
    assert isinstance(dialog, LoginDialog)
    qtbot.waitUntil(dialog.login.hasFocus)
    qtbot.keyClicks(dialog.login, login)
    qtbot.keyClick(dialog.login, Qt.Key.Key_Tab)
    assert dialog.password.hasFocus()
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_keyboard_login_opens_the_work_areas_as_that_user(qtbot, qapp, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    startup = start(qtbot, qapp, demo, tmp_path)
    dialog = startup.login.dialog
    assert isinstance(dialog, LoginDialog)
    assert startup.window.services is None  # nothing open before the login
    assert "zhangmin" in dialog.hint.text() and DEMO_PASSWORD in dialog.hint.text()
    log_in(qtbot, startup, "liujun", DEMO_PASSWORD)
    assert not dialog.isVisible()
    assert startup.window.services is not None
    assert startup.window.services.actor.login == "liujun"
    assert "当前用户：刘军" in startup.window.user_label.text()
    # The next start remembers the login and puts the cursor in 密码.
    again = LoginDialog(startup.login.gate, InlineExecutor(), startup.state)
    qtbot.addWidget(again)
    again.show()
    assert again.login.text() == "liujun"
    qtbot.waitUntil(again.password.hasFocus)


def test_wrong_password_is_refused_inline_with_attempts_left(qtbot, qapp, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    startup = start(qtbot, qapp, demo, tmp_path)
    log_in(qtbot, startup, "zhangmin", "wrong-password-1")
    dialog = startup.login.dialog
    assert isinstance(dialog, LoginDialog) and dialog.isVisible()
    assert dialog.message.isVisible()
    assert dialog.message.text() == "用户名或密码错误，还可尝试 4 次"
    assert dialog.password.text() == "" and dialog.password.hasFocus()
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    assert startup.window.services is None


def test_locked_account_says_so(qtbot, qapp, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    startup = start(qtbot, qapp, demo, tmp_path)
    dialog = startup.login.dialog
    assert isinstance(dialog, LoginDialog)
    for _ in range(5):
        dialog.login.setText("zhangmin")
        dialog.password.setText("wrong-password-1")
        dialog.submit()
    assert dialog.message.text().startswith("账号已锁定")
    dialog.password.setText(DEMO_PASSWORD)
    dialog.submit()  # the right password does not help while locked
    assert dialog.message.text().startswith("账号已锁定")
    assert startup.window.services is None


def test_escape_quits(qtbot, qapp, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    startup = start(qtbot, qapp, demo, tmp_path)
    dialog = startup.login.dialog
    assert dialog is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not startup.window.isVisible()


def test_first_run_wizard_creates_the_admin(qtbot, qapp, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    initialise_hall(ctx.uow(), COMMAND_LINE, HallProfile("430121104001", "测试镇", "", ""))
    startup = start(qtbot, qapp, ctx, tmp_path)
    wizard = startup.login.dialog
    assert isinstance(wizard, FirstAdminDialog)
    wizard.name.setText("赵管理")
    qtbot.keyClicks(wizard.password, "Strong-pass-2026")
    qtbot.keyClicks(wizard.again, "Strong-pass-2027")
    qtbot.keyClick(wizard.again, Qt.Key.Key_Return)
    assert wizard.message.text() == "两次输入的密码不一致"
    assert startup.window.services is None
    wizard.password.setText("short")
    wizard.again.setText("short")
    wizard.submit()
    assert wizard.message.text().startswith("密码不符合要求")  # the rules, inline
    assert startup.window.services is None
    wizard.password.setText("Strong-pass-2026")
    wizard.again.setText("Strong-pass-2026")
    wizard.submit()
    assert startup.window.services is not None
    assert startup.window.services.actor.name == "赵管理"
    assert accounts.needs_first_admin(ctx.read_uow()) is False


def test_reset_password_is_changed_first(qtbot, qapp, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    admin = actor_for(demo.read_uow(), "admin")
    accounts.reset_password(demo.uow(), admin, "zhangmin", "Temp-pass-4711")
    startup = start(qtbot, qapp, demo, tmp_path)
    log_in(qtbot, startup, "zhangmin", "Temp-pass-4711")
    change = startup.login.dialog
    assert isinstance(change, ChangePasswordDialog) and change.isVisible()
    assert startup.window.services is None
    change.old.setText("Temp-pass-4711")
    change.new.setText("New-pass-0815")
    change.again.setText("New-pass-0816")
    change.submit()
    assert change.message.text() == "两次输入的新密码不一致"
    change.old.setText("Not-the-old-one")
    change.new.setText("New-pass-0815")
    change.again.setText("New-pass-0815")
    change.submit()
    assert change.message.text().startswith("原密码不正确")
    assert startup.window.services is None
    change.old.setText("Temp-pass-4711")
    change.new.setText("New-pass-0815")
    change.again.setText("New-pass-0815")
    change.submit()
    assert startup.window.services is not None
    assert startup.window.services.actor.login == "zhangmin"
    gate = AccountGate(demo.uow, demo.read_uow)
    assert gate.authenticate("zhangmin", "New-pass-0815").login == "zhangmin"


def logged_in_window(qtbot, qapp, demo, tmp_path) -> _Startup:  # type: ignore[no-untyped-def]
    startup = start(qtbot, qapp, demo, tmp_path)
    log_in(qtbot, startup, "zhangmin", DEMO_PASSWORD)
    assert startup.window.idle_lock is not None
    return startup


def test_idle_lock_keeps_typed_text(qtbot, qapp, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    startup = logged_in_window(qtbot, qapp, demo, tmp_path)
    window = startup.window
    lock = window.idle_lock
    assert lock is not None and lock.timer.isActive()
    assert lock.timer.interval() == 10 * 60_000
    window.show_area("intake")
    field = window.intake.applicant.doc_number
    field.setFocus()
    qtbot.keyClicks(field, "43012119")
    lock.timer.timeout.emit()  # ten quiet minutes
    assert lock.locked and lock.overlay.isVisible()
    assert "张敏" in lock.overlay.who.text()
    assert not window.centralWidget().isEnabled()  # nothing underneath takes keys
    qtbot.keyClicks(lock.overlay.password, "wrong-password-1")
    qtbot.keyClick(lock.overlay.password, Qt.Key.Key_Return)
    assert lock.locked
    assert lock.overlay.message.text() == "用户名或密码错误，还可尝试 4 次"
    assert lock.overlay.password.text() == ""
    qtbot.keyClicks(lock.overlay.password, DEMO_PASSWORD)
    qtbot.keyClick(lock.overlay.password, Qt.Key.Key_Return)
    assert not lock.locked and window.centralWidget().isEnabled()
    assert window.intake.applicant.doc_number.text() == "43012119"
    assert lock.timer.isActive()


def test_activity_restarts_the_idle_timer(qtbot, qapp, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    startup = logged_in_window(qtbot, qapp, demo, tmp_path)
    lock = startup.window.idle_lock
    assert lock is not None
    lock.timer.stop()
    startup.window.show_area("intake")
    qtbot.keyClicks(startup.window.intake.applicant.doc_number, "4")
    assert lock.timer.isActive()


def test_switch_user_from_the_lock(qtbot, qapp, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    startup = logged_in_window(qtbot, qapp, demo, tmp_path)
    window = startup.window
    lock = window.idle_lock
    assert lock is not None
    lock.lock()
    qtbot.mouseClick(lock.overlay.switch_button, Qt.MouseButton.LeftButton)
    dialog = startup.login.dialog
    assert isinstance(dialog, LoginDialog)
    dialog.reject()  # 取消: the lock stays, the window too
    assert lock.locked and window.isVisible()
    qtbot.mouseClick(lock.overlay.switch_button, Qt.MouseButton.LeftButton)
    dialog = startup.login.dialog
    assert isinstance(dialog, LoginDialog)
    dialog.login.setText("lijianguo")
    dialog.password.setText(DEMO_PASSWORD)
    dialog.submit()
    assert not lock.locked
    assert window.services is not None and window.services.actor.login == "lijianguo"
    assert "当前用户：李建国" in window.user_label.text()


def test_change_my_password_from_the_status_bar(qtbot, qapp, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    startup = logged_in_window(qtbot, qapp, demo, tmp_path)
    window = startup.window
    assert window.password_button.isVisible()
    assert window.idle_lock is not None
    with qtbot.waitActive(window):
        window.activateWindow()
    window.idle_lock.lock()
    qtbot.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert not hasattr(window, "password_dialog")  # not from under the lock
    window.idle_lock.release()
    qtbot.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.password_dialog
    assert dialog.isVisible()
    dialog.old.setText(DEMO_PASSWORD)
    dialog.new.setText("Fresh-pass-2026")
    dialog.again.setText("Fresh-pass-2026")
    dialog.submit()
    assert not dialog.isVisible()
    gate = AccountGate(demo.uow, demo.read_uow)
    assert gate.authenticate("zhangmin", "Fresh-pass-2026").login == "zhangmin"


def test_the_lock_waits_as_long_as_the_hall_setting_says(qtbot, qapp, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from hallapp.services.hall_settings import set_idle_lock_minutes

    set_idle_lock_minutes(demo.uow(), actor_for(demo.read_uow(), "admin"), 4)
    startup = logged_in_window(qtbot, qapp, demo, tmp_path)
    lock = startup.window.idle_lock
    assert lock is not None and lock.timer.interval() == 4 * 60_000


def test_a_saved_lock_time_applies_at_once_without_a_restart(qtbot, qapp, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from hallapp.services.hall_settings import idle_lock_minutes

    startup = start(qtbot, qapp, demo, tmp_path)
    log_in(qtbot, startup, "lijianguo", DEMO_PASSWORD)
    window = startup.window
    lock = window.idle_lock
    assert lock is not None and lock.timer.interval() == 10 * 60_000
    window.show_area("settings")
    view = window.settings_view
    assert view.idle_minutes.value() == 10
    view.idle_minutes.setValue(3)
    qtbot.mouseClick(view.idle_button, Qt.MouseButton.LeftButton)
    assert view.messages.text == "锁定时间已保存：无操作3分钟后锁定"
    assert idle_lock_minutes(demo.read_uow()) == 3
    assert lock.timer.interval() == 3 * 60_000 and lock.timer.isActive()
    # 切换用户 builds the settings page again; the new page still reaches the lock.
    lock.lock()
    qtbot.mouseClick(lock.overlay.switch_button, Qt.MouseButton.LeftButton)
    dialog = startup.login.dialog
    assert isinstance(dialog, LoginDialog)
    dialog.login.setText("admin")
    dialog.password.setText(DEMO_PASSWORD)
    dialog.submit()
    assert not lock.locked and window.services.actor.login == "admin"
    assert lock.timer.interval() == 3 * 60_000
    window.settings_view.idle_minutes.setValue(45)
    window.settings_view.save_idle_minutes()
    assert lock.timer.interval() == 45 * 60_000
