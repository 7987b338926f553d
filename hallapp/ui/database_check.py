"""数据库检查 in the background: a large database opens without waiting for its quick
check, which runs once the work areas are filled. A small grey note in the status bar
while it runs, nothing when it passes; a failure offers the newest backup (恢复备份,
put in place at the next start) or 稍后处理 with a red warning that stays."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QPushButton

from hallapp.errors import HallappError
from hallapp.services.actors import Actor, Role
from hallapp.ui.operations import Executor, ThreadExecutor

if TYPE_CHECKING:
    from hallapp.services.backups import RestoreDone
    from hallapp.services.database_check import CheckFailure, DatabaseHealth

RUNNING_STYLE = "color:#666;"
WARNING_STYLE = "QPushButton{color:#c62828;font-weight:bold;border:none;padding:0 6px;}"


class DatabaseCheck(QObject):
    """Runs the check on a worker of its own: the window's worker stays free for searches
    and saving, which would otherwise queue behind a check of half a minute."""

    passed = Signal()
    failed = Signal(object)  # the CheckFailure
    restart_needed = Signal()

    def __init__(
        self,
        window: QMainWindow,
        health: DatabaseHealth,
        actor: Callable[[], Actor],
        executor: Executor | None = None,
    ) -> None:
        super().__init__(window)
        self._window, self._health, self._actor = window, health, actor
        self._threads: ThreadExecutor | None = None
        if executor is None:
            executor = self._threads = ThreadExecutor()
        self._executor = executor
        self.failure: CheckFailure | None = None
        self._stopping = False
        self.running_label = QLabel(self.tr("正在检查数据库…"))
        self.running_label.setStyleSheet(RUNNING_STYLE)
        self.running_label.hide()
        self.warning_button = QPushButton(self.tr("数据库文件有损坏，点此处理"))
        self.warning_button.setStyleSheet(WARNING_STYLE)
        self.warning_button.setFlat(True)
        self.warning_button.clicked.connect(self.offer)
        self.warning_button.hide()
        bar = window.statusBar()
        bar.addPermanentWidget(self.running_label)
        bar.addPermanentWidget(self.warning_button)

    def start(self) -> None:
        health, actor = self._health, self._actor()
        self.running_label.setText(self.tr("正在检查数据库…"))
        self.running_label.show()
        self._executor.submit(lambda: health.check(actor), self._checked, self._not_checked)

    def stop(self, msecs: int = 10_000) -> None:
        """The app is closing: a check still running is interrupted and its worker ends."""
        self._stopping = True
        self._health.stop()
        if self._threads is not None:
            self._threads.wait(msecs)

    def _checked(self, failure: CheckFailure | None) -> None:
        self.running_label.hide()
        if self._stopping:
            return  # an interrupted check found nothing, which is no pass
        if failure is None:
            self.passed.emit()
            return
        self.failure = failure
        self.warning_button.setToolTip(
            self.tr("数据库文件有损坏的页：%1（%2）")
            .replace("%1", str(failure.path))
            .replace("%2", failure.problem)
        )
        self.warning_button.show()
        self.failed.emit(failure)
        self.offer()

    def _not_checked(self, exc: BaseException) -> None:
        self.running_label.hide()
        text = exc.message if isinstance(exc, HallappError) else str(exc)
        self._window.statusBar().showMessage(self.tr("数据库检查未能完成：") + text, 60000)

    def offer(self) -> None:
        """The failure dialog; it opens again from the red warning (稍后处理 first, or a
        clerk who needs the admin to restore). Enter and Esc mean 稍后处理, so a key
        typed for the form never closes the program."""
        failure = self.failure
        if failure is None:
            return
        actor = self._actor()
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(box.tr("数据库检查未通过"))
        text = (
            box.tr("数据库文件有损坏的页：%1\n（%2）\n\n继续使用可能在查询或保存时出错。")
            .replace("%1", str(failure.path))
            .replace("%2", failure.problem)
        )
        restore: QPushButton | None = None
        if failure.newest_backup is None:
            text += "\n\n" + box.tr("没有找到可用的备份。请尽快联系管理员。")
        else:
            taken = failure.backup_taken.strftime("%Y-%m-%d %H:%M") if failure.backup_taken else ""
            text += "\n\n" + box.tr(
                "最近的备份：%1（%2）\n恢复后，这份备份之后录入的内容不在其中。"
                "当前数据库会改名保留，不会被删除；程序关闭，再次启动时完成恢复。"
            ).replace("%1", str(failure.newest_backup)).replace("%2", taken)
            restore = box.addButton(box.tr("恢复备份(&R)"), QMessageBox.ButtonRole.AcceptRole)
            if not actor.has_any(Role.ADMIN):
                restore.setEnabled(False)
                text += "\n\n" + box.tr(
                    "恢复备份需要管理员角色：请管理员登录后点状态栏的红色提示恢复。"
                )
        later = box.addButton(box.tr("稍后处理(&L)"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(later)
        box.setEscapeButton(later)
        box.setText(text)
        box.exec()
        if restore is not None and box.clickedButton() is restore and failure.newest_backup:
            self._restore(actor, failure.newest_backup)

    def _restore(self, actor: Actor, backup: Path) -> None:
        health = self._health
        self.running_label.setText(self.tr("正在准备恢复备份…"))
        self.running_label.show()
        self.warning_button.setEnabled(False)
        self._executor.submit(
            lambda: health.stage_backup(actor, backup), self._staged, self._not_staged
        )

    def _staged(self, done: RestoreDone) -> None:
        self.running_label.hide()
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(box.tr("恢复备份"))
        box.setText(
            box.tr(
                "备份已检查无误，并已复制到数据库旁：%1\n\n"
                "程序现在关闭。请再次启动程序，启动时换上这份备份；损坏的数据库改名保留。"
            ).replace("%1", str(done.backup))
        )
        box.addButton(box.tr("关闭程序(&C)"), QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        self.restart_needed.emit()

    def _not_staged(self, exc: BaseException) -> None:
        self.running_label.hide()
        self.warning_button.setEnabled(True)
        text = exc.message if isinstance(exc, HallappError) else str(exc)
        QMessageBox.critical(self._window, self.tr("恢复备份"), self.tr("恢复备份未完成：") + text)
