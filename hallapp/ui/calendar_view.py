"""工作日历: the year at a glance, each special day's source, and the supervisor's edits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.actors import Role
from hallapp.services.calendar import DayInfo, YearView
from hallapp.services.facade import HallServices
from hallapp.ui.due_date_label import DueDateLabel
from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.operations import Executor
from hallapp.ui.year_grid import YearGrid

WORKDAY, HOLIDAY = 0, 1


class CalendarView(QWidget):
    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__()
        self._services = services
        self._executor = executor
        self._today = today
        self.view: YearView | None = None

        self.messages = MessagePanel()
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background:#fff4d6; border:1px solid #e0b94f; color:#6b4b00; padding:6px;"
        )
        self.banner.hide()
        self.year = QSpinBox()
        self.year.setRange(2004, 2100)
        self.year.setValue(today().year)
        self.year.setSuffix(self.tr(" 年"))
        self.known_label = QLabel()
        self.import_button = QPushButton(self.tr("导入节假日安排(&M)…"))

        self.grid = YearGrid()
        scroll = QScrollArea()
        scroll.setWidget(self.grid)
        scroll.setWidgetResizable(False)

        self.day_label = QLabel()
        self.kind_label = QLabel()
        self.name_label = QLabel()
        self.source_label = QLabel()
        self.new_kind = QComboBox()
        self.new_kind.addItems([self.tr("工作日（上班）"), self.tr("节假日（休息）")])
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(self.tr("如：春节、国庆节调休上班、防汛应急上班"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("必填，如：依据国办发明电〔2026〕X号"))
        self.save_button = QPushButton(self.tr("保存修改(&S)"))
        self.reset_button = QPushButton(self.tr("恢复默认(&R)"))

        details = QFormLayout()
        details.addRow(self.tr("日期"), self.day_label)
        details.addRow(self.tr("类型"), self.kind_label)
        details.addRow(self.tr("名称"), self.name_label)
        details.addRow(self.tr("来源"), self.source_label)
        edit = QFormLayout()
        edit.addRow(self.tr("设为(&K)"), self.new_kind)
        edit.addRow(self.tr("名称(&N)"), self.new_name)
        edit.addRow(self.tr("原因(&W)"), self.reason)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reset_button)
        edit.addRow(buttons)
        self.edit_box = QGroupBox(self.tr("修改这一天"))
        self.edit_box.setLayout(edit)
        side = QVBoxLayout()
        day_box = QGroupBox(self.tr("所选日期"))
        day_box.setLayout(details)
        side.addWidget(day_box)
        side.addWidget(self.edit_box)
        side.addWidget(self._calculator())
        side.addWidget(self._legend())
        side.addStretch(1)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年份(&Y)：")))
        top.itemAt(0).widget().setBuddy(self.year)  # type: ignore[union-attr]
        top.addWidget(self.year)
        top.addWidget(self.known_label, 1)
        top.addWidget(self.import_button)
        # The side panel scrolls too, so the window still fits a small laptop screen.
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_scroll = QScrollArea()
        side_scroll.setWidget(side_widget)
        side_scroll.setWidgetResizable(True)
        side_scroll.setMinimumWidth(side_widget.sizeHint().width() + 20)
        body = QHBoxLayout()
        body.addWidget(scroll, 1)
        body.addWidget(side_scroll)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.messages)
        layout.addLayout(body, 1)

        may_edit = services.actor.has_any(Role.SUPERVISOR, Role.ADMIN)
        self.edit_box.setEnabled(may_edit)
        self.import_button.setEnabled(may_edit)
        if not may_edit:
            tip = self.tr("修改工作日历需要中心负责人或管理员角色")
            self.edit_box.setToolTip(tip)
            self.import_button.setToolTip(tip)

        self.year.valueChanged.connect(self.load)
        self.grid.day_selected.connect(self._show_day)
        self.save_button.clicked.connect(self.save_day)
        self.reset_button.clicked.connect(self.reset_day)
        self.reason.returnPressed.connect(self.save_day)
        self.import_button.clicked.connect(self._choose_file)
        self._loaded = False

    def _calculator(self) -> QGroupBox:
        """期限计算: what date N working days from a day is, as a clerk is asked daily."""
        self.calc_start = QDateEdit()
        self.calc_start.setDisplayFormat("yyyy-MM-dd")
        self.calc_start.setCalendarPopup(True)
        self.calc_start.setDate(self._today())
        self.calc_days = QSpinBox()
        self.calc_days.setRange(0, 400)
        self.calc_days.setValue(20)
        self.calc_days.setSuffix(self.tr(" 个工作日"))
        self.calc_result = DueDateLabel()
        form = QFormLayout()
        form.addRow(self.tr("起算日(&D)"), self.calc_start)
        form.addRow(self.tr("期限(&T)"), self.calc_days)
        form.addRow(self.tr("到期日"), self.calc_result)
        box = QGroupBox(self.tr("期限计算（起算日不计入）"))
        box.setLayout(form)
        self.calc_start.dateChanged.connect(self.calculate)
        self.calc_days.valueChanged.connect(self.calculate)
        return box

    def calculate(self) -> None:
        start = self.calc_start.date().toPython()
        days = self.calc_days.value()
        self._executor.submit(
            lambda: self._services.add_workdays(start, days),
            self.calc_result.set_due,
            self._failed,
        )

    def _legend(self) -> QLabel:
        legend = QLabel(
            self.tr(
                "<span style='background:#f6cfcb;color:#a3140a'>&nbsp;休&nbsp;</span> 法定节假日　"
                "<span style='background:#cfe0f6;color:#0b4c9a'>&nbsp;班&nbsp;</span> 调休上班<br>"
                "<span style='color:#8a8a8a'>灰色</span> 周末　"
                "<span style='color:#d98b00'>下划线</span> 本中心或县级修改"
            )
        )
        legend.setWordWrap(True)
        return legend

    def showEvent(self, event):  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if not self._loaded:
            self.load()

    def load(self) -> None:
        year = self.year.value()
        self._executor.submit(
            lambda: self._services.year_view(year, self._today()), self._show_year, self._failed
        )

    def _show_year(self, view: YearView) -> None:
        self._loaded = True
        self.view = view
        self.known_label.setText(
            self.tr("已载入该年节假日安排")
            if view.known
            else self.tr("未载入该年官方安排：仅按周末休息计算，期限为暂定")
        )
        self.banner.setText(view.warning or "")
        self.banner.setVisible(bool(view.warning))
        self.grid.set_year(view, self._today())
        self.grid.adjustSize()
        self.calculate()  # a changed calendar may move the answer

    def _show_day(self, day: date) -> None:
        info = self.grid.info(day)
        self.day_label.setText(f"{day.isoformat()} 周{'一二三四五六日'[day.weekday()]}")
        self.kind_label.setText(info.kind_label)
        self.name_label.setText(info.name or "—")
        self.source_label.setText(info.source_label or self.tr("常规（周一至周五上班）"))
        self.new_kind.setCurrentIndex(HOLIDAY if info.is_workday else WORKDAY)
        self.new_name.setText("")
        self.reset_button.setEnabled(info.source == "local")

    def save_day(self) -> None:
        day = self.grid.selected
        if day is None:
            return
        is_workday = self.new_kind.currentIndex() == WORKDAY
        name = self.new_name.text().strip() or (
            self.tr("调休上班") if is_workday else self.tr("休息日")
        )
        reason = self.reason.text()
        self._executor.submit(
            lambda: self._services.set_calendar_day(day, is_workday, name, reason),
            self._changed,
            self._failed,
        )

    def reset_day(self) -> None:
        day = self.grid.selected
        if day is None:
            return
        reason = self.reason.text()
        self._executor.submit(
            lambda: self._services.reset_calendar_day(day, reason), self._changed, self._failed
        )

    def _changed(self, info: DayInfo) -> None:
        self.messages.info(
            self.tr("%1 已改为%2")
            .replace("%1", info.day.isoformat())
            .replace("%2", info.kind_label)
        )
        self.reason.clear()
        self.load()

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("导入节假日安排"), "", self.tr("节假日安排 (*.json)")
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        self._executor.submit(
            lambda: self._services.import_calendar(path), self._imported, self._failed
        )

    def _imported(self, result: object) -> None:
        year = getattr(result, "year", None)
        days = getattr(result, "days", 0)
        moved = getattr(result, "moved_cases", 0)
        self.messages.info(
            self.tr("已导入%1年节假日安排，共 %2 天；%3 件在办件的期限随之调整")
            .replace("%1", str(year))
            .replace("%2", str(days))
            .replace("%3", str(moved))
        )
        if year is not None and year != self.year.value():
            self.year.setValue(year)
        else:
            self.load()

    def _failed(self, exc: BaseException) -> None:
        self.messages.failure(exc)
