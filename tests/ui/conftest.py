from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from hallapp.app import AppContext
from hallapp.services.actors import Actor
from hallapp.services.facade import HallServices
from hallapp.ui.fonts import install_ui_font
from hallapp.ui.main_window import MainWindow
from hallapp.ui.operations import InlineExecutor


@pytest.fixture(autouse=True)
def _ui_font(qapp: QApplication) -> None:
    install_ui_font(qapp)


def make_window(qtbot, ctx: AppContext, actor: Actor, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    services = HallServices(ctx.uow, ctx.read_uow, actor, ctx.db_path)
    state = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(services, InlineExecutor(), state)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


@pytest.fixture
def window(qtbot, demo: AppContext, clerk: Actor, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    return make_window(qtbot, demo, clerk, tmp_path)


# Shared by the printing tests -----------------------------------------------------------
@pytest.fixture(autouse=True)
def _close_previews(qapp: QApplication) -> Iterator[None]:
    """A print preview left open by a failed test must not sit over the next one."""
    from hallapp.ui.printing import PreviewDialog

    yield
    for widget in qapp.topLevelWidgets():
        if isinstance(widget, PreviewDialog):
            widget.close()
            widget.deleteLater()


@pytest.fixture
def services(demo: AppContext, clerk: Actor) -> HallServices:
    """The demo clerk's services (tests that need another user define their own)."""
    return HallServices(demo.uow, demo.read_uow, clerk, demo.db_path)


@pytest.fixture
def store(tmp_path: Path) -> QSettings:
    """This test's own settings file, as MainWindow keeps window.ini."""
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
