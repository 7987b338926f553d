"""Keeping the data safe in the window: the damaged-database dialog at start, the daily
backup while the app runs, and 恢复备份 in the settings area."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from hallapp.config import Settings
from hallapp.errors import DatabaseDamaged, HallappError
from hallapp.services.actors import Actor, Role
from hallapp.ui.operations import Executor

if TYPE_CHECKING:
    from hallapp.services.backups import BackupDone

CHECK_EVERY_MS = 30 * 60 * 1000


def ask_restore(parent: QWidget | None, error: DatabaseDamaged, backup: Path | None) -> bool:
    """Offer the newest backup; the damaged file itself is never changed."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(box.tr("数据库无法打开"))
    text = error.message + "\n\n" + box.tr("损坏的文件会原样保留，不会被修改或删除。")
    if backup is None:
        box.setText(text + "\n\n" + box.tr("没有找到可用的备份。请联系管理员。"))
        box.addButton(box.tr("关闭(&C)"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return False
    box.setText(text + "\n\n" + box.tr("是否恢复最近的备份？\n%1").replace("%1", str(backup)))
    restore = box.addButton(box.tr("恢复备份(&R)"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(box.tr("退出(&Q)"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is restore


class BackupWatch(QObject):
    """每日自动备份: asks the service at start and every half hour (the app may stay open
    past midnight); the backup runs on its own worker so saving cases never waits for it,
    and a failure is said in the status bar without stopping work."""

    done = Signal(str)  # what to tell the user
    problem = Signal(str)

    def __init__(
        self,
        settings: Settings,
        executor: Executor,
        now: Callable[[], datetime] = datetime.now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings, self._executor, self._now = settings, executor, now
        self._running = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()
        self.check()

    def check(self) -> None:
        if self._running:
            return
        from hallapp.services.backups import backup_if_due

        self._running = True
        settings, when = self._settings, self._now()
        self._executor.submit(lambda: backup_if_due(settings, when), self._ok, self._bad)

    def _ok(self, result: BackupDone | None) -> None:
        self._running = False
        if result is not None:
            self.done.emit(result.summary())

    def _bad(self, exc: BaseException) -> None:
        self._running = False
        text = exc.message if isinstance(exc, HallappError) else str(exc)
        self.problem.emit(self.tr("自动备份未完成：") + text)


class BackupBox(QGroupBox):
    """备份 in the settings area: when the last backup was taken, and 恢复备份… for the
    admin (the service checks the role too)."""

    restart_needed = Signal()

    def __init__(self, actor: Actor, settings: Settings, executor: Executor) -> None:
        super().__init__()
        self.setTitle(self.tr("备份"))
        self._actor, self._settings, self._executor = actor, settings, executor
        self.last_label = QLabel(self.tr("上次备份：正在读取…"))
        self.last_label.setToolTip(self.tr("备份目录：") + str(settings.backup_dir))
        self.restore_button = QPushButton(self.tr("恢复备份…(&H)"))
        self.restore_button.clicked.connect(self.restore)
        if not actor.has_any(Role.ADMIN):
            self.restore_button.setEnabled(False)
            self.restore_button.setToolTip(self.tr("恢复备份需要管理员角色"))
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        row = QHBoxLayout(self)
        row.addWidget(self.last_label)
        row.addWidget(self.restore_button)
        row.addWidget(self.result_label, 1)
        # Replaced by tests: the file dialog and the confirmation box.
        self.choose_file: Callable[[], Path | None] = self._choose_file
        self.confirm: Callable[[Path], bool] = self._confirm

    def refresh(self) -> None:
        from hallapp.services.backups import last_backup

        settings = self._settings
        self._executor.submit(lambda: last_backup(settings), self._show_last, self._failed)

    def _show_last(self, when: datetime | None) -> None:
        shown = when.strftime("%Y-%m-%d %H:%M") if when else self.tr("无（或备份盘未插入）")
        self.last_label.setText(self.tr("上次备份：") + shown)

    def restore(self) -> None:
        from hallapp.services.backups import stage_restore

        path = self.choose_file()
        if path is None or not self.confirm(path):
            return
        settings, actor = self._settings, self._actor
        self.restore_button.setEnabled(False)
        self._executor.submit(
            lambda: stage_restore(settings, actor, path), self._staged, self._failed
        )

    def _staged(self, _done: object) -> None:
        self.result_label.setText(
            self.tr("备份已检查无误。程序现在关闭，再次启动时换上这份备份；当前数据库改名保留。")
        )
        self.restart_needed.emit()

    def _failed(self, exc: BaseException) -> None:
        self.restore_button.setEnabled(self._actor.has_any(Role.ADMIN))
        text = exc.message if isinstance(exc, HallappError) else str(exc)
        self.result_label.setText(self.tr("恢复备份未完成：") + text)

    def _choose_file(self) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("选择要恢复的备份"),
            str(self._settings.backup_dir),
            self.tr("数据库备份 (*.sqlite3);;所有文件 (*)"),
        )
        return Path(name) if name else None

    def _confirm(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("恢复备份"),
            self.tr(
                "用这份备份替换当前数据库？\n%1\n\n备份之后录入的内容不在备份中。"
                "当前数据库会改名保留，不会被删除。程序将关闭，再次启动时完成恢复。"
            ).replace("%1", str(path)),
        )
        return answer == QMessageBox.StandardButton.Yes
