"""打开评价屏 from anywhere in the clerk's window: Ctrl+Shift+E, and a button in the status
bar for those who look before they type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QPushButton

from hallapp.services.facade import HallServices
from hallapp.ui.evaluation.desk import EvaluationDesk, desk_for, failure_text
from hallapp.ui.operations import Executor

SHORTCUT = "Ctrl+Shift+E"


def install_evaluation_shortcut(
    window: QMainWindow, services: HallServices, executor: Executor
) -> EvaluationDesk:
    """Give ``window`` its evaluation screen. Called again after 切换用户, it only hands the
    desk the new user's services: a second shortcut on the same keys would make both dead."""
    desk = desk_for(window, services, executor)
    if desk.installed:
        return desk
    desk.installed = True
    text = window.tr("打开评价屏")
    action = QAction(text, window)
    action.setObjectName("open_evaluation_screen")
    action.setShortcut(QKeySequence(SHORTCUT))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(desk.open_screen)
    window.addAction(action)
    button = QPushButton(window.tr("评价屏"))
    button.setObjectName("evaluation_screen_button")
    button.setFlat(True)
    button.setToolTip(f"{text}（{SHORTCUT}）")
    button.clicked.connect(desk.open_screen)
    window.statusBar().addPermanentWidget(button)
    desk.failed.connect(
        lambda _id, number, exc: window.statusBar().showMessage(
            window.tr("办件 %1 的评价没有保存：").replace("%1", number) + failure_text(exc), 15000
        )
    )
    return desk
