"""Start the GUI: show the window at once, open the database in the background, ask who is
at the desk (or create the first admin), then fill the work areas (or help the clerk
recover a damaged database file). A large database is checked in the background once
the work areas are filled."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from hallapp.config import Settings, config_dir, data_dir, load_settings
from hallapp.crash_log import install_app_logging
from hallapp.errors import DatabaseDamaged, HallappError, NotFound
from hallapp.ui.fonts import install_ui_font
from hallapp.ui.main_window import MainWindow
from hallapp.ui.operations import Executor, ThreadExecutor
from hallapp.ui.recovery import ask_restore

if TYPE_CHECKING:
    from hallapp.app import AppContext
    from hallapp.services.actors import Actor
    from hallapp.ui.database_check import DatabaseCheck
    from hallapp.ui.login.flow import LoginFlow
    from hallapp.ui.login.gate import LoginStart

# Set by the start-up benchmark: print a line when the window is shown and the event loop
# idle, another when the work areas are filled, then quit.
STARTUP_REPORT = "HALLAPP_STARTUP_REPORT"


def _report(stage: str) -> None:
    print(f"hallapp:{stage}", flush=True)


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("hallapp")
    app.setApplicationDisplayName("便民服务窗口系统")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    # Qt's own dialogs (file chooser, message boxes) in Chinese, like the rest of the app.
    translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_zh_CN", translations):
        app.installTranslator(translator)
    install_ui_font(app)
    return app


def open_or_recover(
    settings: Settings, damaged: DatabaseDamaged | None = None
) -> AppContext | None:
    """Open the database; for a damaged file, offer the latest backup (UI thread).
    ``damaged``: the worker already found the file damaged, so it is not checked again."""
    from hallapp.app import QUICK_CHECK_BEFORE_OPENING_BELOW, open_database
    from hallapp.services.maintenance import latest_backup, restore_latest_backup

    if damaged is None:
        try:
            return open_database(settings)
        except DatabaseDamaged as exc:
            damaged = exc
    if ask_restore(None, damaged, latest_backup(settings)) and restore_latest_backup(settings):
        # The backup passed integrity_check as it was put in place.
        return open_database(settings, quick_check_below=QUICK_CHECK_BEFORE_OPENING_BELOW)
    return None


def ensure_demo(ctx: AppContext) -> None:
    """The first start (no hall yet) creates the demo hall, so there is something to try."""
    from hallapp.services.actors import COMMAND_LINE
    from hallapp.services.demo import seed_demo
    from hallapp.services.halls import hall_profile

    if hall_profile(ctx.read_uow()) is None:
        seed_demo(ctx.uow(), COMMAND_LINE)


def demo_actor(ctx: AppContext) -> Actor:
    """The demo clerk (the admin on a database made with ``hallapp init``). Only the
    start-up benchmark runs as this actor, without a login."""
    from hallapp.services.demo import DEMO_CLERK
    from hallapp.services.halls import actor_for

    ensure_demo(ctx)
    try:
        return actor_for(ctx.read_uow(), DEMO_CLERK)
    except NotFound:
        return actor_for(ctx.read_uow(), "admin")


def print_font_problem() -> str | None:
    """A damaged or missing print font stops printing only: the clerk hears it at start,
    not at the first receipt with a queue waiting."""
    from hallapp.documents.font_check import FALLBACK_FONT, check_pdf_font

    try:
        check_pdf_font()
        check_pdf_font(FALLBACK_FONT)
    except HallappError as exc:
        return exc.message + "打印暂不可用，受理等其他工作不受影响。"
    return None


Opened = tuple["AppContext", "Actor | None", "LoginStart", "str | None"]


def _prepare(ctx: AppContext) -> Opened:
    """The database's state for the first dialog; the benchmark's actor when it runs."""
    # Imported here, on the worker: the accounts service brings the database layer, which
    # would otherwise hold the window back from showing.
    from hallapp.ui.login.gate import AccountGate

    actor = demo_actor(ctx) if os.environ.get(STARTUP_REPORT) else None
    ensure_demo(ctx)
    return ctx, actor, AccountGate(ctx.uow, ctx.read_uow).start(), print_font_problem()


def _open_in_background(settings: Settings) -> Opened:
    """Runs on the worker: importing the database layer and opening the file take longer
    than a frame, so the window is already on screen meanwhile. A large file opens
    without its quick check, which runs once the work areas are filled."""
    from hallapp.app import QUICK_CHECK_BEFORE_OPENING_BELOW, open_database, quick_check

    ctx = open_database(settings, quick_check_below=QUICK_CHECK_BEFORE_OPENING_BELOW)
    try:
        return _prepare(ctx)
    except BaseException:
        ctx.close()
        if ctx.quick_check_pending:
            # A damaged page met before the check could run: the restore offer, not
            # SQLite's own words.
            quick_check(settings.db_path)
        raise


class _Startup:
    def __init__(
        self,
        app: QApplication,
        window: MainWindow,
        settings: Settings,
        executor: Executor,
        state: QSettings | None,
    ) -> None:
        self.app, self.window, self.settings = app, window, settings
        self.executor, self.state = executor, state
        self.ctx: AppContext | None = None
        self.login: LoginFlow | None = None
        self.font_problem: str | None = None
        self.check: DatabaseCheck | None = None
        self.code = 0

    def opened(self, result: Opened) -> None:
        ctx, demo, start, self.font_problem = result
        self.ctx = ctx
        if demo is not None:
            # The start-up benchmark measures the way to filled work areas, not a person
            # typing: it goes in as the demo clerk without the login dialog.
            self.logged_in(demo)
            return
        from hallapp.ui.login.flow import LoginFlow
        from hallapp.ui.login.gate import AccountGate

        gate = AccountGate(ctx.uow, ctx.read_uow)
        self.login = LoginFlow(
            gate, self.executor, self.state, self.window, self.logged_in, self.cancelled
        )
        self.login.begin(start)

    def logged_in(self, actor: Actor) -> None:
        from hallapp.services.facade import HallServices

        assert self.ctx is not None
        ctx = self.ctx
        services = HallServices(ctx.uow, ctx.read_uow, actor, ctx.db_path)
        current = self.window.services
        if current is None:
            self.window.attach(services)
        elif current.actor.login != actor.login:
            self.window.switch_to(services)
        if self.window.idle_lock is not None:
            self.window.idle_lock.release()
        if self.login is not None:
            self.window.install_account_tools(self.login.gate, self.switch_user)
        self._check_in_background(ctx)
        if self.font_problem and not os.environ.get(STARTUP_REPORT):
            QMessageBox.warning(self.window, "便民服务窗口系统", self.font_problem)
            self.font_problem = None
        if os.environ.get(STARTUP_REPORT):
            QTimer.singleShot(0, lambda: (_report("ready"), self.app.quit()))

    def _check_in_background(self, ctx: AppContext) -> None:
        """The quick check of a large file, on a worker of its own, once (not again after
        切换用户); the restore it may offer closes the window like 恢复备份 does."""
        if not ctx.quick_check_pending or self.check is not None:
            return
        from hallapp.services.database_check import DatabaseHealth
        from hallapp.ui.database_check import DatabaseCheck

        window = self.window
        self.check = DatabaseCheck(
            window, DatabaseHealth(ctx.settings, ctx.uow), lambda: _actor_of(window)
        )
        self.check.restart_needed.connect(window.close)
        self.check.start()

    def switch_user(self) -> None:
        """切换用户 from the lock: a new login, and the window's services for that actor."""
        assert self.login is not None
        self.login.ask_login()

    def cancelled(self) -> None:
        if self.window.idle_lock is not None and self.window.idle_lock.locked:
            return  # 取消 on 切换用户's login: the lock stays, its user can still unlock
        self.window.close()
        self.app.quit()

    def failed(self, exc: BaseException) -> None:
        try:
            ctx = open_or_recover(self.settings, exc) if isinstance(exc, DatabaseDamaged) else None
            if ctx is not None:
                self.opened(_prepare(ctx))
                return
        except HallappError as again:
            exc = again
        if not isinstance(exc, DatabaseDamaged):
            text = exc.message if isinstance(exc, HallappError) else str(exc)
            QMessageBox.critical(self.window, "便民服务窗口系统", text)
        self.code = 1
        self.window.close()
        self.app.quit()


def _actor_of(window: MainWindow) -> Actor:
    """Whoever is at the desk now (切换用户 changes it)."""
    assert window.services is not None
    return window.services.actor


def run_gui(db_override: str | None = None) -> int:
    install_app_logging(data_dir() / "logs")
    app = make_application()
    settings = load_settings(db_override)
    state = QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)
    executor = ThreadExecutor()
    window = MainWindow(None, executor, state)
    window.show()
    startup = _Startup(app, window, settings, executor, state)
    executor.submit(lambda: _open_in_background(settings), startup.opened, startup.failed)
    if os.environ.get(STARTUP_REPORT):
        QTimer.singleShot(0, lambda: _report("shown"))
    code = app.exec()
    if startup.check is not None:
        startup.check.stop()
    executor.wait(10_000)
    if startup.ctx is not None:
        startup.ctx.close()
    return startup.code or code
