"""回访整改: the follow-ups that bad ratings opened, the least time left first, and
整改回访办结 with what was done (中心负责人).

Keys: the list has the focus · Enter or a double click opens the rated case ·
Alt+C 整改回访办结 · Alt+S shows the closed ones too · F5 reads again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.actors import Role
from hallapp.services.evaluations import FollowUpView
from hallapp.services.facade import HallServices
from hallapp.ui.agents.tables import RowsTable
from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.operations import Executor
from hallapp.ui.pages import count_and_hint
from hallapp.ui.register.reason_dialog import TextDialog
from hallapp.ui.roles import needs
from hallapp.ui.supervision.tables import LevelRowsModel
from hallapp.ui.supervision.texts import CLOSED, day_text, due_text, level_text
from hallapp.ui.supervision.today import today_of

LIMIT = 200
# evaluations.close_follow_up
CLOSE_FOLLOW_UP = (Role.SUPERVISOR,)
HEADERS = ("办件编号", "评价", "评价意见", "开始日期", "整改期限", "级别", "承办人", "整改结果")
LEVEL_COLUMN = HEADERS.index("级别")


def _cells(f: FollowUpView) -> tuple[str, ...]:
    return (
        f.case_number,
        f.rating.label,
        f.comment,
        f.opened_on.isoformat(),
        due_text(f.due_on, f.due_provisional),
        level_text(f.level, f.days_left),
        f.handler_name,
        f.outcome + (f"（{day_text(f.closed_on)}办结）" if f.closed_on else ""),
    )


class FollowUpsView(QWidget):
    open_case = Signal(int)
    changed = Signal()  # a follow-up was closed: the deadline figures are read again

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        today: Callable[[], date] | date = date.today,
    ) -> None:
        super().__init__()
        self._services = services
        self._executor = executor
        self._today = today_of(today)
        self._loaded_once = False
        self.dialog: TextDialog | None = None
        self.may_close = services.actor.has_any(*CLOSE_FOLLOW_UP)

        self.messages = MessagePanel()
        title = QLabel(self.tr("回访整改"))
        title.setStyleSheet("font-size:17px; font-weight:bold;")
        self.show_closed = QCheckBox(self.tr("显示已办结(&S)"))
        self.close_button = QPushButton(self.tr("整改回访办结(&C)…"))
        self.refresh_button = QPushButton(self.tr("刷新(F5)"))
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.show_closed)
        for button in (self.close_button, self.refresh_button):
            button.setAutoDefault(False)
            top.addWidget(button)

        self.model: LevelRowsModel[FollowUpView] = LevelRowsModel(
            HEADERS,
            _cells,
            level=lambda f: f.level,
            level_column=LEVEL_COLUMN,
            provisional=lambda f: f.due_provisional,
        )
        self.table = RowsTable(self.model, self.tr("没有待办的回访整改"))
        self.count_label = QLabel()
        bottom = count_and_hint(
            self.count_label,
            self.tr("回车或双击打开办件　Alt+C 整改回访办结　Alt+S 显示已办结　F5 刷新"),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.messages)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.show_closed.toggled.connect(lambda _on: self.refresh())
        self.close_button.clicked.connect(self.ask_outcome)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.activated_row.connect(lambda row: self.open_case.emit(self._row(row).case_id))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_button())
        self.model.modelReset.connect(self._update_button)
        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusProxy(self.table)
        self._update_button()

    def _row(self, row: int) -> FollowUpView:
        return self.model.row_at(row)

    # reading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        self._loaded_once = True
        today, open_only = self._today(), not self.show_closed.isChecked()
        services = self._services
        self._executor.submit(
            lambda: services.follow_ups(today, open_only, LIMIT),
            self._loaded,
            lambda exc: self.messages.failure(exc, self.tr("读取回访整改失败：")),
        )

    def _loaded(self, rows: list[FollowUpView]) -> None:
        kept = self.selected()
        self.model.set_rows(rows)
        if kept is not None:
            for number, row in enumerate(rows):
                if row.id == kept.id:
                    self.table.selectRow(number)
        shown = len(rows)
        if shown >= LIMIT:
            text = self.tr("只列出前 %1 条").replace("%1", str(shown))
        else:
            text = self.tr("共 %1 条").replace("%1", str(shown)) if shown else ""
        self.count_label.setText(text)
        self.table.empty_label.setText(
            self.tr("没有回访整改")
            if self.show_closed.isChecked()
            else self.tr("没有待办的回访整改")
        )

    def selected(self) -> FollowUpView | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().hasSelection():
            return None
        return self._row(index.row())

    # 整改回访办结 --------------------------------------------------------------------------
    def _refusal(self) -> str:
        """Why 整改回访办结 cannot be pressed now, or "" when it can."""
        if not self.may_close:
            return needs(self.tr("办结回访整改"), CLOSE_FOLLOW_UP)
        chosen = self.selected()
        if chosen is None:
            return self.tr("请先在列表中选择一条回访整改")
        if chosen.level == CLOSED or chosen.closed_on is not None:
            return self.tr("该回访整改已于 %1 办结").replace("%1", day_text(chosen.closed_on))
        return ""

    def _update_button(self) -> None:
        refusal = self._refusal()
        self.close_button.setEnabled(not refusal)
        self.close_button.setToolTip(refusal or self.tr("填写整改结果，办结这条回访整改"))

    def ask_outcome(self) -> TextDialog | None:
        """The outcome of the selected follow-up; Enter closes it."""
        refusal = self._refusal()
        if refusal:  # Alt+C still reaches here: say why nothing happens
            self.messages.info(refusal)
            return None
        chosen = self.selected()
        assert chosen is not None
        dialog = TextDialog(
            self.tr("整改回访办结 — 办件 %1").replace("%1", chosen.case_number),
            self.tr("评价“%1”%2。请写明整改和回访的结果：")
            .replace("%1", chosen.rating.label)
            .replace("%2", f"：{chosen.comment}" if chosen.comment else ""),
            self.tr("办结"),
            required=True,
            parent=self,
            empty_hint=self.tr("整改结果不能为空"),
        )
        dialog.confirmed.connect(lambda outcome: self.close_follow_up(chosen.id, outcome))
        self.dialog = dialog
        dialog.open()
        return dialog

    def close_follow_up(self, follow_up_id: int, outcome: str) -> None:
        services = self._services
        self.messages.hide()
        self._executor.submit(
            lambda: services.close_follow_up(follow_up_id, outcome),
            self._closed,
            lambda exc: self.messages.failure(exc, self.tr("整改回访办结失败：")),
        )

    def _closed(self, done: FollowUpView) -> None:
        self.messages.info(self.tr("办件 %1 的回访整改已办结").replace("%1", done.case_number))
        self.changed.emit()
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self.refresh()
