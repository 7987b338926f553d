"""The audit trail (审计记录) on screen, for 中心负责人 and 管理员: a table of trail lines,
and the settings area's 审计 panel (a staff member's trail, 校验审计链)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.audit_trail import Trail, TrailSubject
from hallapp.services.audit_verify import ChainReport
from hallapp.services.facade import HallServices
from hallapp.ui.operations import Executor

BROKEN_STYLE = "color:#b00020; font-weight:bold;"
INTACT_STYLE = "color:#1b6e20;"


def trail_count_text(trail: Trail) -> str:
    if trail.total > len(trail.lines):
        return f"{trail.subject}：共 {trail.total} 条，显示最近 {len(trail.lines)} 条"
    return f"{trail.subject}：共 {trail.total} 条"


def chain_text(report: ChainReport) -> str:
    if report.broken is None:
        return f"审计记录 {report.checked} 条，链条完整"
    return f"审计链断裂：{report.broken.message}"


class TrailTable(QTableWidget):
    """Read-only lines of a trail, oldest first; the action in Chinese, its code as tooltip."""

    COLUMNS = ("时间", "操作人", "操作", "详情")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.COLUMNS), parent)
        self.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def show_trail(self, trail: Trail) -> None:
        self.setRowCount(len(trail.lines))
        for row, line in enumerate(trail.lines):
            cells = (
                line.at.strftime("%Y-%m-%d %H:%M:%S"),
                line.actor_name,
                line.label,
                line.summary,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setToolTip(line.action)
                if column == 3:
                    item.setToolTip(text)
                self.setItem(row, column, item)
        if trail.lines:
            self.scrollToBottom()

    def cell_text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""


class AuditPanel(QGroupBox):
    """审计: pick a staff member to read their trail; verify the whole chain on the worker."""

    def __init__(self, services: HallServices, executor: Executor) -> None:
        super().__init__(self.tr("审计"))
        self._services = services
        self._executor = executor
        self.staff = QComboBox()
        self.show_button = QPushButton(self.tr("查看记录(&L)"))
        self.verify_button = QPushButton(self.tr("校验审计链(&V)"))
        self.chain_label = QLabel()
        self.chain_label.setWordWrap(True)
        self.subject_label = QLabel()
        self.table = TrailTable()
        self.table.setMinimumHeight(180)

        pick = QHBoxLayout()
        pick.addWidget(QLabel(self.tr("工作人员")))
        pick.addWidget(self.staff, 1)
        pick.addWidget(self.show_button)
        pick.addSpacing(16)
        pick.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(pick)
        layout.addWidget(self.chain_label)
        layout.addWidget(self.subject_label)
        layout.addWidget(self.table)

        self.show_button.clicked.connect(self.show_user_trail)
        self.staff.activated.connect(lambda _index: self.show_user_trail())
        self.verify_button.clicked.connect(self.verify)

    def refresh(self) -> None:
        self._executor.submit(self._services.trail_subjects, self._fill_staff, self._failed)

    def _fill_staff(self, subjects: list[TrailSubject]) -> None:
        current = self.staff.currentData()
        self.staff.clear()
        for subject in subjects:
            self.staff.addItem(f"{subject.name}（{subject.login}）", subject.login)
        index = self.staff.findData(current)
        self.staff.setCurrentIndex(max(index, 0))

    def show_user_trail(self) -> None:
        login = self.staff.currentData()
        if not isinstance(login, str):
            return
        self._executor.submit(lambda: self._services.user_trail(login), self._trail, self._failed)

    def _trail(self, trail: Trail) -> None:
        self.subject_label.setText(trail_count_text(trail))
        self.table.show_trail(trail)

    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.chain_label.setStyleSheet("")
        self.chain_label.setText(self.tr("正在校验审计链…"))
        self._executor.submit(
            self._services.verify_audit_chain, self._verified, self._verify_failed
        )

    def _verified(self, report: ChainReport) -> None:
        self.verify_button.setEnabled(True)
        self.chain_label.setStyleSheet(INTACT_STYLE if report.intact else BROKEN_STYLE)
        self.chain_label.setText(chain_text(report))

    def _verify_failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        self.chain_label.setStyleSheet(BROKEN_STYLE)
        self.chain_label.setText(str(exc) or type(exc).__name__)
