"""Start the GUI: open the database (or help recover it), then show the main window."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from hallapp.app import AppContext, open_database
from hallapp.config import Settings, config_dir, load_settings
from hallapp.errors import DatabaseDamaged, HallappError
from hallapp.services.actors import COMMAND_LINE, Actor
from hallapp.services.demo import DEMO_CLERK, seed_demo
from hallapp.services.facade import HallServices
from hallapp.services.halls import actor_for, hall_profile
from hallapp.services.maintenance import latest_backup, restore_latest_backup
from hallapp.ui.fonts import install_ui_font
from hallapp.ui.main_window import MainWindow
from hallapp.ui.operations import ThreadExecutor
from hallapp.ui.recovery import ask_restore

# Set by the start-up benchmark: quit as soon as the window is shown and the event loop idle.
QUIT_WHEN_IDLE = "HALLAPP_QUIT_WHEN_IDLE"


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("hallapp")
    app.setApplicationDisplayName("便民服务窗口系统")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    # Qt's own dialogs (file chooser, message boxes) in Chinese, like the rest of the app.
    if translator.load(
        "qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(translator)
    install_ui_font(app)
    return app


def open_or_recover(settings: Settings) -> AppContext | None:
    try:
        return open_database(settings)
    except DatabaseDamaged as exc:
        if ask_restore(None, exc, latest_backup(settings)):
            restored = restore_latest_backup(settings)
            if restored is not None:
                return open_database(settings)
        return None


def demo_actor(ctx: AppContext) -> Actor:
    """Until accounts and login exist, the app runs as the demo clerk."""
    if hall_profile(ctx.read_uow()) is None:
        seed_demo(ctx.uow(), COMMAND_LINE)
    return actor_for(ctx.read_uow(), DEMO_CLERK)


def run_gui(db_override: str | None = None) -> int:
    app = make_application()
    settings = load_settings(db_override)
    try:
        ctx = open_or_recover(settings)
        if ctx is None:
            return 1
        actor = demo_actor(ctx)
    except HallappError as exc:
        QMessageBox.critical(None, "便民服务窗口系统", exc.message)
        return 1
    services = HallServices(ctx.uow, ctx.read_uow, actor, ctx.db_path)
    state = QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)
    executor = ThreadExecutor()
    window = MainWindow(services, executor, state)
    window.show()
    if os.environ.get(QUIT_WHEN_IDLE):
        QTimer.singleShot(0, app.quit)
    code = app.exec()
    executor.wait(5000)
    ctx.close()
    return code
