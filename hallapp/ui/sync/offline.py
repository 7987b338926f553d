"""导出到U盘 and 导入回执: a hall without a link carries its batches to the county on a
USB stick and brings the hub's signed receipt back. The file dialogs only choose a path;
:meth:`OfflineTransfer.export_to` and :meth:`OfflineTransfer.import_ack` do the work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.operations import Executor
from hallapp.ui.sync.texts import export_name

if TYPE_CHECKING:
    from hallapp.services.facade import HallServices
    from hallapp.services.sync import AckResult, ExportResult


class OfflineTransfer(QObject):
    changed = Signal()  # a file went out or a receipt came in: read the status again

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        messages: MessagePanel,
        today: Callable[[], date],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._executor = executor
        self._messages = messages
        self._today = today
        self._parent = parent

    def choose_export(self, hall_code: str) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self._parent,
            self.tr("导出待上报的办件"),
            export_name(hall_code, self._today()),
            self.tr("办件批次文件 (*.hallapp-batches)"),
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        """Write every undelivered entry to ``path``."""
        services = self._services
        self._messages.hide()
        self._executor.submit(lambda: services.export_batches(path), self._exported, self._failed)

    def _exported(self, result: ExportResult) -> None:
        self._messages.info(
            self.tr(
                "已导出 %1 条（%2 批）到 %3，文件已加密，只有县级平台能读取。"
                "请把文件带到县级平台导入，再把回执文件导入本机。"
            )
            .replace("%1", str(result.entries))
            .replace("%2", str(result.batches))
            .replace("%3", str(result.path))
        )
        self.changed.emit()

    def choose_ack(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self._parent,
            self.tr("导入县级平台的回执"),
            "",
            self.tr("回执文件 (*.ack.json);;所有文件 (*)"),
        )
        if name:
            self.import_ack(Path(name))

    def import_ack(self, path: Path) -> None:
        """Mark delivered what the hub's receipt at ``path`` acknowledges; an altered or
        foreign receipt marks nothing and says why."""
        services = self._services
        self._messages.hide()
        self._executor.submit(lambda: services.apply_ack_file(path), self._acked, self._failed)

    def _acked(self, result: AckResult) -> None:
        self._messages.info(
            self.tr("回执已导入：%1 条记录确认送达（至第 %2 条）。")
            .replace("%1", str(result.marked))
            .replace("%2", str(result.last_seq))
        )
        self.changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self._messages.failure(exc)
        self.changed.emit()
