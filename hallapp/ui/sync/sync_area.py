"""同步 area: the state of the hall's sync with the county hub, and what a clerk can do
about it: 立即同步 (Ctrl+Shift+S anywhere in the window), 导出到U盘 and 导入回执 for a hall
without a link, 同步设置, 重新发送 for batches the hub refused, and the updates it sent.

Keys: Alt+S 立即同步 · Alt+C 取消 · Alt+E 导出 · Alt+I 导入回执 · Alt+T 设置 ·
Alt+B / Alt+U the two lists · Alt+R 重新发送 · F5 reads again.

The automatic sync runs the same worker every ``auto_minutes``; its failures show in the
area and the status bar only, never in a message that would interrupt the counter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hallapp.errors import HallappError
from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.operations import Executor
from hallapp.ui.roles import MANAGERS, needs, read_only
from hallapp.ui.sync.lists import make_table, parked_model, updates_model
from hallapp.ui.sync.offline import OfflineTransfer
from hallapp.ui.sync.runner import SyncRunner
from hallapp.ui.sync.settings_dialog import SyncSettingsDialog
from hallapp.ui.sync.status_panel import StatusPanel
from hallapp.ui.sync.texts import progress_text, result_summary

if TYPE_CHECKING:
    from hallapp.services.facade import HallServices
    from hallapp.services.sync import (
        ParkedBatch,
        SyncProgress,
        SyncResult,
        SyncStatus,
        UpdateNote,
    )

SYNC_SHORTCUT = "Ctrl+Shift+S"
_RED, _GREEN = "#a3160b", "#1e5b2a"


class SyncArea(QWidget):
    status_read = Signal(object)  # SyncStatus, whenever it is read again
    running_text = Signal(str)  # progress of a run, for the status bar
    problem = Signal(str)  # an automatic run's failure, for the status bar

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        today: Callable[[], date] = date.today,
        sync_executor: Executor | None = None,
        hall_code: str = "",
    ) -> None:
        super().__init__()
        self._services = services
        self._executor = executor
        self._today = today
        self._hall_code = hall_code  # the hall's own code, offered when none is set yet
        self.status: SyncStatus | None = None
        self.settings_dialog: SyncSettingsDialog | None = None
        self._loaded = False
        self.runner = SyncRunner(services, sync_executor, self)

        self.messages = MessagePanel()
        self.offline = OfflineTransfer(services, executor, self.messages, today, self)
        self.panel = StatusPanel()
        self.sync_button = QPushButton(self.tr("立即同步(&S)"))
        self.sync_button.setToolTip(
            self.tr("把待上报的办件发送到县级平台（%1）").replace("%1", SYNC_SHORTCUT)
        )
        self.sync_button.setDefault(True)
        self.sync_button.setStyleSheet("font-weight:bold; padding:4px 14px;")
        self.cancel_button = QPushButton(self.tr("取消(&C)"))
        self.cancel_button.setEnabled(False)
        self.export_button = QPushButton(self.tr("导出到U盘(&E)…"))
        self.export_button.setToolTip(
            self.tr("没有网络时：把待上报的办件写成文件，带到县级平台导入")
        )
        self.ack_button = QPushButton(self.tr("导入回执(&I)…"))
        self.ack_button.setToolTip(self.tr("县级平台导入后生成的回执文件（.ack.json）"))
        self.settings_button = QPushButton(self.tr("同步设置(&T)…"))
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setMinimumWidth(280)
        self.progress.hide()
        self.result = QLabel()
        self.result.setObjectName("syncResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()

        self.parked = parked_model()
        self.parked_table = make_table(self.parked, self.tr("没有被县级平台退回的批次"))
        self.retry_button = QPushButton(self.tr("重新发送(&R)"))
        self.retry_button.setToolTip(
            self.tr("问题解决后，把退回的批次重新排队，下次同步时发送（中心负责人或管理员）")
        )
        self.retry_button.setEnabled(False)
        self._may_manage = services.actor.has_any(*MANAGERS)
        if not self._may_manage:
            self.retry_button.setToolTip(needs(self.tr("重新发送被退回的批次"), MANAGERS))
        if read_only(services.actor):
            # A clerk may open 同步设置 and read the refusal there; a read-only account is
            # not offered the form at all. 立即同步 and the U盘 stay: every role may send.
            self.settings_button.setEnabled(False)
            self.settings_button.setToolTip(needs(self.tr("修改同步设置"), MANAGERS))
        self.updates = updates_model()
        self.updates_table = make_table(self.updates, self.tr("还没有收到县级平台下发的更新"))

        self._build_layout()
        self._connect()
        self.auto_timer = QTimer(self)
        self.auto_timer.timeout.connect(self.auto_sync)
        self.setFocusProxy(self.sync_button)

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.sync_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addSpacing(16)
        for button in (self.export_button, self.ack_button, self.settings_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        run = QHBoxLayout()
        run.addWidget(self.progress)
        run.addWidget(self.result, 1)

        parked_label = QLabel(self.tr("县级平台退回的批次(&B)"))
        parked_label.setBuddy(self.parked_table)
        updates_label = QLabel(self.tr("县级平台下发的更新(&U)"))
        updates_label.setBuddy(self.updates_table)
        for label in (parked_label, updates_label):
            label.setStyleSheet("font-weight:bold;")
        retry_row = QHBoxLayout()
        retry_row.addWidget(parked_label)
        retry_row.addStretch(1)
        retry_row.addWidget(self.retry_button)
        # One above the other at full width: the hub's reasons and the update summaries
        # are sentences, and they should read whole.
        lists = QVBoxLayout()
        lists.addLayout(retry_row)
        lists.addWidget(self.parked_table, 2)
        lists.addWidget(updates_label)
        lists.addWidget(self.updates_table, 3)

        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(self.panel)
        layout.addLayout(buttons)
        layout.addLayout(run)
        layout.addLayout(lists, 1)

    def _connect(self) -> None:
        self.sync_button.clicked.connect(self.sync_now)
        self.cancel_button.clicked.connect(self.cancel)
        self.export_button.clicked.connect(
            lambda: self.offline.choose_export(
                (self.status.hall_code if self.status else "") or self._hall_code
            )
        )
        self.ack_button.clicked.connect(self.offline.choose_ack)
        self.offline.changed.connect(self.refresh)
        self.settings_button.clicked.connect(self.open_settings)
        self.retry_button.clicked.connect(self.retry_parked)
        self.runner.started.connect(self._run_started)
        self.runner.progressed.connect(self._run_progressed)
        self.runner.finished.connect(self._run_finished)
        self.runner.failed.connect(self._run_failed)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)

    # reading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the status and both lists again."""
        services = self._services

        def read() -> tuple[SyncStatus, list[ParkedBatch], list[UpdateNote]]:
            return services.sync_status(), services.parked_batches(), services.update_notes()

        self._loaded = True
        self._executor.submit(read, self._show_all, self._read_failed)

    def refresh_status(self) -> None:
        """Only the status (cheap): a case changed, so the pending count did."""
        self._executor.submit(self._services.sync_status, self.show_status, self._read_failed)

    def _show_all(self, read: tuple[SyncStatus, list[ParkedBatch], list[UpdateNote]]) -> None:
        status, parked, notes = read
        self.parked.set_rows(parked)
        self.updates.set_rows(notes)
        self.retry_button.setEnabled(bool(parked) and self._may_manage)
        self.show_status(status)

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        self.panel.show_status(status)
        self._arm_timer(status)
        self.status_read.emit(status)

    def _read_failed(self, exc: BaseException) -> None:
        self.problem.emit(self.tr("同步状态未能读取：") + _reason(exc))

    # automatic sync ---------------------------------------------------------------------
    def _arm_timer(self, status: SyncStatus) -> None:
        if not status.configured or status.auto_minutes <= 0:
            self.auto_timer.stop()
            return
        interval = status.auto_minutes * 60 * 1000
        if not self.auto_timer.isActive() or self.auto_timer.interval() != interval:
            self.auto_timer.start(interval)

    def auto_sync(self) -> bool:
        """The timer's run: only when configured and nothing is running already."""
        if self.status is None or not self.status.configured or self.runner.running:
            return False
        return self.runner.start(manual=False)

    # running ----------------------------------------------------------------------------
    def sync_now(self) -> bool:
        """立即同步. False if a run is going already (the button is disabled then)."""
        if self.runner.running:
            return False
        self.messages.hide()
        return self.runner.start(manual=True)

    def cancel(self) -> None:
        self.runner.cancel()
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("正在取消…"))

    def _run_started(self, manual: bool) -> None:
        self.sync_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, 0)
        self.progress.setFormat(self.tr("正在连接县级平台…"))
        self.progress.show()
        self.result.setText("" if manual else self.tr("正在自动同步…"))
        self.result.setStyleSheet("")
        self.result.setVisible(not manual)
        self.running_text.emit(self.tr("正在连接县级平台…"))

    def _run_progressed(self, progress: SyncProgress) -> None:
        text = progress_text(progress.stage, progress.done, progress.total)
        if progress.total > 0:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(min(progress.done, progress.total))
        else:
            self.progress.setRange(0, 0)
        self.progress.setFormat(text)
        self.running_text.emit(text)

    def _run_ended(self) -> None:
        self.sync_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("取消(&C)"))
        self.progress.hide()

    def _run_finished(self, result: SyncResult, manual: bool) -> None:
        self._run_ended()
        text = result_summary(result)
        if manual:
            self.messages.show_message("error" if result.error else "info", text)
        else:
            self._show_result(self.tr("自动同步：") + text, bad=bool(result.error))
            if result.error:
                self.problem.emit(self.tr("自动同步未完成：") + result.error)
        self.refresh()

    def _run_failed(self, exc: BaseException, manual: bool) -> None:
        self._run_ended()
        text = _reason(exc)
        if manual:
            self.messages.error(text)
        else:
            self._show_result(self.tr("自动同步未进行：") + text, bad=True)
            self.problem.emit(self.tr("自动同步未进行：") + text)
        self.refresh()

    def _show_result(self, text: str, bad: bool) -> None:
        """An automatic run's outcome, in the area but outside the message panel, which
        belongs to what the clerk did by hand."""
        self.result.setText(text)
        self.result.show()
        self.result.setStyleSheet(f"color:{_RED if bad else _GREEN}; font-weight:bold;")

    # 导出到U盘 and 导入回执 (the file dialogs' answers arrive here) ---------------------------
    def export_to(self, path: Path) -> None:
        self.offline.export_to(path)

    def import_ack(self, path: Path) -> None:
        self.offline.import_ack(path)

    # 重新发送 and 同步设置 ---------------------------------------------------------------------
    def retry_parked(self) -> None:
        services = self._services
        self.messages.hide()

        def retried(count: int) -> None:
            self.messages.info(
                self.tr("已把 %1 批重新排队，下次同步时发送。").replace("%1", str(count))
            )
            self.refresh()

        self._executor.submit(services.retry_parked, retried, self.messages.failure)

    def open_settings(self) -> SyncSettingsDialog:
        """同步设置, window-modal without blocking; staff may open it, the service decides
        whether the save is allowed (a read-only account's button is grey)."""
        dialog = SyncSettingsDialog(
            self._services, self._executor, self.status, self._hall_code, self
        )
        dialog.saved.connect(self._configured)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def _configured(self, status: SyncStatus) -> None:
        self.messages.info(self.tr("同步设置已保存。"))
        self.show_status(status)
        self.refresh()

    # lifetime ---------------------------------------------------------------------------
    def shutdown(self, msecs: int = 10000) -> bool:
        """The window closes: stop the timer, cancel a run and wait for its worker."""
        self.auto_timer.stop()
        return self.runner.shutdown(msecs)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.refresh()


def _reason(exc: BaseException) -> str:
    """Our errors (SyncBusy: another window or the command line is sending; SyncNotConfigured)
    by their own Chinese message; anything else as it is, after a word of context."""
    if isinstance(exc, HallappError) and exc.message:
        return exc.message
    return f"同步出错：{exc}"
