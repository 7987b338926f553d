"""事项 area: find an item by name, code, department or pinyin initials; read its guide."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.actors import Role
from hallapp.services.catalogue import ImportResult, ItemGuide, ItemRow
from hallapp.services.facade import HallServices
from hallapp.ui.catalogue_model import VERSION_ID_ROLE, CatalogueTableModel
from hallapp.ui.guide_html import guide_html
from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.operations import Executor

SEARCH_DELAY_MS = 120


class SearchBox(QLineEdit):
    """Down arrow leaves the box for the result list, as in a browser's address bar."""

    def __init__(self, on_down: object) -> None:
        super().__init__()
        self._on_down = on_down

    def keyPressEvent(self, event):  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Down and callable(self._on_down):
            self._on_down()
            return
        super().keyPressEvent(event)


class CatalogueView(QWidget):
    def __init__(self, services: HallServices, executor: Executor) -> None:
        super().__init__()
        self._services = services
        self._executor = executor
        self._query_sent = ""

        self.messages = MessagePanel()
        self.search = SearchBox(self._focus_results)
        self.search.setPlaceholderText(self.tr("输入事项名称、编码、部门或拼音首字母，如 ylbx"))
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.import_button = QPushButton(self.tr("导入目录(&I)…"))
        self.export_button = QPushButton(self.tr("导出目录(&E)…"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.hide()

        self.model = CatalogueTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The item name is what the clerk reads; long department names may be cut.
        header.setSectionResizeMode(CatalogueTableModel.NAME, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(CatalogueTableModel.NAME, 310)
        header.setSectionResizeMode(CatalogueTableModel.DEPARTMENT, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.guide = QTextBrowser()
        self.guide.setOpenLinks(False)
        self.guide.setPlaceholderText(self.tr("选择左侧事项查看办事指南"))

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("查找(&F)：")))
        top.itemAt(0).widget().setBuddy(self.search)  # type: ignore[union-attr]
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.progress)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.guide)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([760, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.messages)
        layout.addWidget(split, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.guide.setFocus())
        self.import_button.clicked.connect(self._choose_import_file)
        self.export_button.clicked.connect(self._choose_export_file)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        if not services.actor.has_any(Role.SUPERVISOR, Role.ADMIN):
            self.import_button.setEnabled(False)
            self.import_button.setToolTip(self.tr("导入事项目录需要中心负责人或管理员角色"))
        self.setFocusProxy(self.search)

    # search -----------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def run_search(self) -> None:
        query = self.search.text()
        self._query_sent = query
        self._executor.submit(
            lambda: self._services.search_items(query),
            lambda rows: self._show_results(query, rows),
            self._show_error,
        )

    def _show_results(self, query: str, rows: list[ItemRow]) -> None:
        if query != self._query_sent:
            return  # an older answer arriving after a newer question
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("共 %n 项", "", len(rows)).replace("%n", str(len(rows))))
        if rows:
            self.table.selectRow(0)
        else:
            self.guide.clear()

    def _focus_results(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            if not self.table.selectionModel().hasSelection():
                self.table.selectRow(0)

    # guide ------------------------------------------------------------------------------
    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        version_id = indexes[0].data(VERSION_ID_ROLE)
        self._executor.submit(
            lambda: self._services.item_guide(version_id), self._show_guide, self._show_error
        )

    def _show_guide(self, guide: ItemGuide) -> None:
        self.guide.setHtml(guide_html(guide))
        self.current_guide = guide

    # import and export ------------------------------------------------------------------
    def _choose_import_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("导入事项目录"), "", self.tr("事项目录 (*.json *.xlsx)")
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        self.messages.hide()
        self._busy(True)
        self._executor.submit(
            lambda: self._services.import_catalogue(path), self._imported, self._import_failed
        )

    def _imported(self, result: ImportResult) -> None:
        self._busy(False)
        self.messages.info(self.tr("事项目录导入完成：") + result.summary())
        self.run_search()

    def _import_failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.messages.failure(exc)

    def _choose_export_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("导出事项目录"),
            "事项目录.xlsx",
            self.tr("Excel 文件 (*.xlsx);;JSON 文件 (*.json)"),
        )
        if name:
            self.export_file(Path(name))

    def export_file(self, path: Path) -> None:
        self._busy(True)
        self._executor.submit(
            lambda: self._services.export_catalogue(path),
            lambda n: (
                self._busy(False),
                self.messages.info(
                    self.tr("已导出 %1 个事项到 %2").replace("%1", str(n)).replace("%2", str(path))
                ),
            ),
            lambda exc: (self._busy(False), self._show_error(exc)),
        )

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        may_import = self._services.actor.has_any(Role.SUPERVISOR, Role.ADMIN)
        self.import_button.setEnabled(not busy and may_import)
        self.export_button.setEnabled(not busy)

    def _show_error(self, exc: BaseException) -> None:
        self.messages.failure(exc)

    def showEvent(self, event):  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if not self._query_sent and self.model.rowCount() == 0:
            self.run_search()
