"""事项: find the item as the clerk types (name, code or pinyin initials), Enter picks it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.catalogue import ItemGuide, ItemRow
from hallapp.services.facade import HallServices
from hallapp.ui.guide_html import guide_html
from hallapp.ui.operations import Executor

SEARCH_DELAY_MS = 120
MATCHES = 20
VISIBLE_MATCHES = 6


class SearchLine(QLineEdit):
    """Up and Down move in the matches below while the text keeps the focus."""

    moved = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.moved.emit(1)
            return
        if event.key() == Qt.Key.Key_Up:
            self.moved.emit(-1)
            return
        super().keyPressEvent(event)


class MatchList(QTreeWidget):
    """The best matches under the search line, in aligned columns; never takes the focus."""

    def __init__(self) -> None:
        super().__init__()
        self.setColumnCount(3)
        self.setHeaderLabels([self.tr("事项名称"), self.tr("承诺时限"), self.tr("实施部门")])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet("QTreeView::item{padding:3px 2px;}")
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 470)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

    def set_rows(self, rows: list[ItemRow], nothing: str) -> None:
        self.clear()
        for row in rows:
            limit = self.tr("即办") if row.promised.on_the_spot else row.promised.describe()
            QTreeWidgetItem(self, [row.name, limit, row.department])
        if not rows:
            item = QTreeWidgetItem(self, [nothing])
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.setCurrentRow(0 if rows else -1)
        shown = min(max(self.topLevelItemCount(), 1), VISIBLE_MATCHES)
        row_height = self.sizeHintForRow(0) if self.topLevelItemCount() else 24
        self.setFixedHeight(shown * row_height + self.header().sizeHint().height() + 6)

    def count(self) -> int:
        return self.topLevelItemCount()

    def currentRow(self) -> int:
        item = self.currentItem()
        return self.indexOfTopLevelItem(item) if item is not None else -1

    def setCurrentRow(self, row: int) -> None:
        item = self.topLevelItem(row) if row >= 0 else None
        self.setCurrentItem(item)  # type: ignore[arg-type]

    def names(self) -> list[str]:
        items = (self.topLevelItem(i) for i in range(self.count()))
        return [item.text(0) for item in items if item is not None]


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget, guide: ItemGuide) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("办事指南 — %1").replace("%1", guide.spec.name))
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setHtml(guide_html(guide))
        buttons = QDialogButtonBox()
        close = buttons.addButton(self.tr("关闭(&C)"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 620)


class ItemPicker(QWidget):
    chosen = Signal()  # the clerk picked a match; its guide is on its way
    picked = Signal(object)  # ItemGuide
    failed = Signal(object)  # an exception from the services

    def __init__(self, services: HallServices, executor: Executor) -> None:
        super().__init__()
        self._services = services
        self._executor = executor
        self._sent = ""
        self._rows: list[ItemRow] = []
        self._pick_when_ready = False
        self.guide: ItemGuide | None = None

        self.label = QLabel(self.tr("事项(&S)"))
        self.search = SearchLine()
        self.search.setPlaceholderText(self.tr("输入事项名称、编码或拼音首字母"))
        self.search.setClearButtonEnabled(True)
        self.label.setBuddy(self.search)
        self.guide_button = QPushButton(self.tr("办事指南(F1)"))
        self.guide_button.setEnabled(False)
        self.matches = MatchList()
        self.matches.hide()
        self.summary = QLabel(self.tr("尚未选择事项：请在上方输入后按回车选择"))
        self.summary.setObjectName("itemSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        top = QHBoxLayout()
        top.addWidget(self.label)
        top.addWidget(self.search, 1)
        top.addWidget(self.guide_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.matches)
        layout.addWidget(self.summary)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.textChanged.connect(self._text_changed)
        self.search.moved.connect(self._move)
        self.search.returnPressed.connect(self.pick_current)
        self.matches.itemActivated.connect(lambda *_: self.pick_current())
        self.matches.itemClicked.connect(lambda *_: self.pick_current())

    # searching --------------------------------------------------------------------------
    def _text_changed(self, text: str) -> None:
        if not text.strip():
            self._timer.stop()
            self._sent = ""
            self._rows = []
            self.matches.clear()
            self.matches.hide()

    def run_search(self) -> None:
        query = self.search.text()
        self._timer.stop()
        self._sent = query
        if not query.strip():
            return
        self._executor.submit(
            lambda: self._services.search_items(query, MATCHES),
            lambda rows: self._show_matches(query, rows),
            self.failed.emit,
        )

    def _show_matches(self, query: str, rows: list[ItemRow]) -> None:
        if query != self._sent or query != self.search.text():
            return  # an older answer arriving after a newer question
        self._rows = rows
        self.matches.set_rows(rows, self.tr("没有找到符合“%1”的事项").replace("%1", query))
        self.matches.show()
        if self._pick_when_ready:
            self._pick_when_ready = False
            self.pick_current()

    def _move(self, step: int) -> None:
        if self._rows:
            row = min(max(self.matches.currentRow() + step, 0), len(self._rows) - 1)
            self.matches.setCurrentRow(row)

    def current_row(self) -> ItemRow | None:
        row = self.matches.currentRow()
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def pick_current(self) -> None:
        """Enter: the highlighted match; typed faster than the search, it waits for it."""
        if self.search.text().strip() and (
            self._timer.isActive() or self._sent != self.search.text()
        ):
            self._pick_when_ready = True
            self.run_search()
            return
        row = self.current_row()
        if row is None:
            return
        self.matches.hide()
        self.search.clear()
        self.summary.setText(self.tr("正在载入“%1”…").replace("%1", row.name))
        self.chosen.emit()
        self._executor.submit(
            lambda: self._services.item_guide(row.version_id), self.set_guide, self.failed.emit
        )

    # the picked item --------------------------------------------------------------------
    def set_guide(self, guide: ItemGuide, emit: bool = True) -> None:
        self.guide = guide
        spec = guide.spec
        on_the_spot = spec.on_the_spot
        kind = (
            f"<span style='color:#1e6b2e'><b>{self.tr('即办件')}</b></span>"
            if on_the_spot
            else f"<b>{self.tr('承诺件')}</b>"
        )
        self.summary.setText(
            f"<span style='font-size:large'><b>{escape(spec.name)}</b></span>　{kind}<br>"
            + self.tr("承诺时限：%1　法定时限：%2　实施部门：%3　办理方式：%4")
            .replace("%1", escape(spec.promised_limit.describe()))
            .replace("%2", escape(spec.legal_limit.describe()))
            .replace("%3", escape(spec.department))
            .replace("%4", escape(spec.handling.label))
        )
        self.guide_button.setEnabled(True)
        if emit:
            self.picked.emit(guide)

    def set_read_only(self, read_only: bool) -> None:
        self.search.setEnabled(not read_only)

    def clear(self) -> None:
        self.guide = None
        self.set_read_only(False)
        self.search.clear()
        self.guide_button.setEnabled(False)
        self.summary.setText(self.tr("尚未选择事项：请在上方输入后按回车选择"))

    def show_guide(self, parent: QWidget) -> GuideDialog | None:
        """F1: the picked item's guide, or the highlighted match's while searching."""
        row = self.current_row() if self.matches.isVisible() else None
        if row is None and self.guide is None:
            return None
        dialog: list[GuideDialog] = []

        def show(guide: ItemGuide) -> None:
            box = GuideDialog(parent, guide)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.show()
            dialog.append(box)

        if row is None:
            assert self.guide is not None
            show(self.guide)
        else:
            self._executor.submit(
                lambda: self._services.item_guide(row.version_id), show, self.failed.emit
            )
        return dialog[0] if dialog else None
