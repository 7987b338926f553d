"""设置 area: the hall's own details (name, phone, address, office hours), its rules of
local practice (预警, 锁屏, 回访整改), and how this computer prints."""

from __future__ import annotations

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from hallapp.core.clock import WarningThresholds
from hallapp.core.evaluation import FOLLOW_UP_DAYS_RANGE
from hallapp.services.actors import Role
from hallapp.services.facade import HallServices
from hallapp.services.hall_settings import IDLE_LOCK_RANGE
from hallapp.services.halls import HallProfile
from hallapp.ui.audit_view import AuditPanel
from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.operations import Executor
from hallapp.ui.printing import PrintSettings
from hallapp.ui.printing.counter_form import CounterPrinterForm
from hallapp.ui.printing.settings import AutoReceiptTo
from hallapp.ui.printing.texts import document_title


class SettingsView(QWidget):
    # The saved 无操作自动锁定 minutes: the window's lock follows at once.
    idle_minutes_changed = Signal(int)

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        print_settings: PrintSettings | None = None,
    ) -> None:
        super().__init__()
        self._services = services
        self._executor = executor
        self._may_manage = services.actor.has_any(Role.SUPERVISOR, Role.ADMIN)
        self.print_settings = print_settings or PrintSettings()
        self.messages = MessagePanel()
        self.code = QLabel()
        self.name = QLineEdit()
        self.phone = QLineEdit()
        self.address = QLineEdit()
        self.opening = QTimeEdit()
        self.closing = QTimeEdit()
        for edit in (self.opening, self.closing):
            edit.setDisplayFormat("HH:mm")
        self.save_button = QPushButton(self.tr("保存(&S)"))
        self.save_button.setDefault(True)

        form = QFormLayout()
        form.addRow(self.tr("区划代码"), self.code)
        form.addRow(self.tr("名称(&N)"), self.name)
        form.addRow(self.tr("电话(&P)"), self.phone)
        form.addRow(self.tr("地址(&A)"), self.address)
        form.addRow(self.tr("开始办公(&O)"), self.opening)
        form.addRow(self.tr("结束办公(&C)"), self.closing)
        form.addRow("", self.save_button)
        box = QGroupBox(self.tr("服务中心信息"))
        box.setLayout(form)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(box)
        layout.addWidget(self._warning_box())
        layout.addWidget(self._lock_box())
        layout.addWidget(self._follow_up_box())
        layout.addWidget(self._print_box())
        from hallapp.config import load_settings
        from hallapp.ui.recovery import BackupBox

        # The folder comes from the same settings the app was opened with (--db wins).
        self.backup_box = BackupBox(services.actor, load_settings(services.db_path), executor)
        layout.addWidget(self.backup_box)
        self.audit_panel: AuditPanel | None = None
        if self._may_manage:
            self.audit_panel = AuditPanel(services, executor)
            layout.addWidget(self.audit_panel)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)
        for line in (self.name, self.phone, self.address):
            line.returnPressed.connect(self.save)

        if not self._may_manage:
            # Shown, not editable: a field that takes typing would promise a save that the
            # service refuses.
            why = self.tr("修改服务中心信息需要中心负责人或管理员角色")
            for widget in (
                self.name,
                self.phone,
                self.address,
                self.opening,
                self.closing,
                self.save_button,
            ):
                widget.setEnabled(False)
                widget.setToolTip(why)
        self._loaded = False

    def _warning_box(self) -> QGroupBox:
        """期限预警: when a case turns yellow. Local practice, so a setting, not code."""
        self.warn_days = QSpinBox()
        self.warn_days.setRange(0, 30)
        self.warn_days.setSuffix(self.tr(" 个工作日"))
        self.warn_percent = QSpinBox()
        self.warn_percent.setRange(0, 100)
        self.warn_percent.setSuffix(" %")
        self.warning_button = QPushButton(self.tr("保存预警设置(&B)"))
        form = QFormLayout()
        form.addRow(self.tr("剩余不超过(&K)"), self.warn_days)
        form.addRow(self.tr("或剩余时间少于(&R)"), self.warn_percent)
        form.addRow("", self.warning_button)
        box = QGroupBox(self.tr("期限预警（黄牌）：承诺期限将到时提醒"))
        box.setLayout(form)
        self.warning_button.clicked.connect(self.save_warning)
        if not self._may_manage:
            why = self.tr("修改预警设置需要中心负责人或管理员角色")
            for widget in (self.warn_days, self.warn_percent, self.warning_button):
                widget.setEnabled(False)
                widget.setToolTip(why)
        return box

    def _lock_box(self) -> QGroupBox:
        """锁屏: how long a window may stand unattended before it covers a resident's data."""
        low, high = IDLE_LOCK_RANGE
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(low, high)
        self.idle_minutes.setSuffix(self.tr(" 分钟"))
        self.idle_button = QPushButton(self.tr("保存锁定时间(&D)"))
        label = QLabel(self.tr("无操作自动锁定（分钟）(&M)"))
        label.setBuddy(self.idle_minutes)
        form = QFormLayout()
        form.addRow(label, self.idle_minutes)
        form.addRow("", self.idle_button)
        box = QGroupBox(self.tr("锁屏：无人操作时遮盖窗口，输入密码后继续"))
        box.setLayout(form)
        self.idle_button.clicked.connect(self.save_idle_minutes)
        if not self._may_manage:
            why = self.tr("修改自动锁定时间需要中心负责人或管理员角色")
            for widget in (self.idle_minutes, self.idle_button):
                widget.setEnabled(False)
                widget.setToolTip(why)
        return box

    def _follow_up_box(self) -> QGroupBox:
        """回访整改: how many working days a bad rating's return visit and fix may take, within
        the 5–15 that local rules allow."""
        low, high = FOLLOW_UP_DAYS_RANGE
        self.follow_up_days = QSpinBox()
        self.follow_up_days.setRange(low, high)
        self.follow_up_days.setSuffix(self.tr(" 个工作日"))
        self.follow_up_button = QPushButton(self.tr("保存回访期限(&W)"))
        label = QLabel(self.tr("回访整改期限(&G)"))
        label.setBuddy(self.follow_up_days)
        form = QFormLayout()
        form.addRow(label, self.follow_up_days)
        form.addRow("", self.follow_up_button)
        box = QGroupBox(self.tr("好差评：不满意的评价须在期限内回访整改"))
        box.setLayout(form)
        self.follow_up_button.clicked.connect(self.save_follow_up_days)
        if not self._may_manage:
            why = self.tr("修改回访整改期限需要中心负责人或管理员角色")
            for widget in (self.follow_up_days, self.follow_up_button):
                widget.setEnabled(False)
                widget.setToolTip(why)
        return box

    def _print_box(self) -> QGroupBox:
        """打印: this computer's own choices, so every clerk may change them."""
        self.auto_receipt = QCheckBox(self.tr("受理后自动打印受理通知书(&U)"))
        self.auto_receipt.setChecked(self.print_settings.auto_print_receipt)
        self.auto_receipt.toggled.connect(self._auto_receipt_toggled)
        how = QLabel(
            self.tr(
                "打印到上次为受理通知书选择的打印机，不再弹出打印对话框；"
                "还没有选过打印机时，第一次会询问。设置了小票打印机时，也可打印到小票打印机。"
                "打印不成功时，办件照样保存。"
            )
        )
        how.setWordWrap(True)
        how.setStyleSheet("color:#555;")
        self.printers_label = QLabel()
        self.printers_label.setWordWrap(True)
        self.forget_button = QPushButton(self.tr("忘记记住的打印机(&F)"))
        self.forget_button.clicked.connect(self.forget_printers)
        # Offered once there is a choice: 自动打印 is on and a 小票打印机 is set.
        self.auto_to = QComboBox()
        self.auto_to.addItem(self.tr("A4打印机"), AutoReceiptTo.A4)
        self.auto_to.addItem(self.tr("小票打印机"), AutoReceiptTo.COUNTER)
        auto_to_label = QLabel(self.tr("打印到(&Z)"))
        auto_to_label.setBuddy(self.auto_to)
        self._show_auto_to()
        self.auto_to.currentIndexChanged.connect(self._auto_to_chosen)
        self.counter_label = QLabel()
        self.counter_button = QPushButton(self.tr("设置小票打印机…(&T)"))
        self.counter_button.clicked.connect(self.edit_counter_printer)
        self.counter_dialog: CounterPrinterForm | None = None
        self._show_counter()
        layout = QVBoxLayout()
        auto_row = QHBoxLayout()
        auto_row.addWidget(self.auto_receipt)
        auto_row.addSpacing(16)
        auto_row.addWidget(auto_to_label)
        auto_row.addWidget(self.auto_to)
        auto_row.addStretch(1)
        layout.addLayout(auto_row)
        layout.addWidget(how)
        layout.addWidget(self.printers_label)
        forget_row = QHBoxLayout()
        forget_row.addWidget(self.forget_button)
        forget_row.addStretch(1)
        layout.addLayout(forget_row)
        counter_row = QHBoxLayout()
        counter_row.addWidget(self.counter_label)
        counter_row.addWidget(self.counter_button)
        counter_row.addStretch(1)
        layout.addLayout(counter_row)
        box = QGroupBox(self.tr("打印（仅本机）"))
        box.setLayout(layout)
        self._show_printers()
        return box

    def _auto_receipt_toggled(self, on: bool) -> None:
        self.print_settings.auto_print_receipt = on
        self._show_auto_to()
        self.messages.info(
            self.tr("受理后将自动打印受理通知书") if on else self.tr("受理后不再自动打印")
        )

    def _show_auto_to(self) -> None:
        settings = self.print_settings
        choice = settings.auto_print_receipt and settings.counter_printer.configured
        self.auto_to.blockSignals(True)
        self.auto_to.setCurrentIndex(self.auto_to.findData(settings.auto_receipt_to))
        self.auto_to.blockSignals(False)
        self.auto_to.setEnabled(choice)
        self.auto_to.setToolTip(
            ""
            if choice
            else self.tr("打开“受理后自动打印受理通知书”并设置小票打印机后，可选择打印到哪台")
        )

    def _show_counter(self) -> None:
        self.counter_label.setText(
            self.tr("小票打印机（ESC/POS）：") + self.print_settings.counter_printer.summary()
        )

    def edit_counter_printer(self) -> None:
        """小票打印机（ESC/POS） in a dialog of its own; saving closes it."""
        dialog = CounterPrinterForm(
            self.print_settings, self._executor, lambda: self.name.text().strip(), self
        )
        dialog.saved.connect(self._counter_saved)
        dialog.finished.connect(dialog.deleteLater)
        self.counter_dialog = dialog
        dialog.open()

    def _counter_saved(self, _printer: object, said: str) -> None:
        self._show_counter()
        self._show_auto_to()
        self.messages.info(said)

    def _auto_to_chosen(self, index: int) -> None:
        where = AutoReceiptTo(self.auto_to.itemData(index))  # Qt gives back a plain string
        self.print_settings.auto_receipt_to = where
        self.messages.info(
            self.tr("受理通知书将自动打印到小票打印机")
            if where is AutoReceiptTo.COUNTER
            else self.tr("受理通知书将自动打印到A4打印机")
        )

    def _show_printers(self) -> None:
        remembered = self.print_settings.remembered()
        lines = [f"{document_title(kind, fmt)}：{name}" for kind, fmt, name in remembered]
        self.printers_label.setText(
            self.tr("记住的打印机：") + ("；".join(lines) if lines else self.tr("无"))
        )
        self.forget_button.setEnabled(bool(remembered))

    def forget_printers(self) -> None:
        self.print_settings.forget_printers()
        self._show_printers()
        self.messages.info(self.tr("已忘记记住的打印机：下次打印时重新选择"))

    def _fill_warning(self, thresholds: WarningThresholds) -> None:
        self.warn_days.setValue(thresholds.warn_days_left)
        self.warn_percent.setValue(round(thresholds.warn_fraction_left * 100))

    def save_warning(self) -> None:
        thresholds = WarningThresholds(self.warn_days.value(), self.warn_percent.value() / 100)
        self._executor.submit(
            lambda: self._services.set_warning_thresholds(thresholds),
            lambda _t: self.messages.info(self.tr("预警设置已保存")),
            self._failed,
        )

    def save_idle_minutes(self) -> None:
        minutes = self.idle_minutes.value()
        self._executor.submit(
            lambda: self._services.set_idle_lock_minutes(minutes),
            self._idle_minutes_saved,
            self._failed,
        )

    def _idle_minutes_saved(self, minutes: int) -> None:
        self.messages.info(
            self.tr("锁定时间已保存：无操作%1分钟后锁定").replace("%1", str(minutes))
        )
        self.idle_minutes_changed.emit(minutes)

    def save_follow_up_days(self) -> None:
        days = self.follow_up_days.value()
        self._executor.submit(
            lambda: self._services.set_follow_up_days(days),
            lambda saved: self.messages.info(
                self.tr("回访整改期限已保存：此后的不满意评价须在%1个工作日内回访整改").replace(
                    "%1", str(saved)
                )
            ),
            self._failed,
        )

    def showEvent(self, event):  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self._show_printers()  # chosen meanwhile in a print dialog
        if not self._loaded:
            self.load()

    def load(self) -> None:
        self._executor.submit(self._services.hall_profile, self._fill, self._failed)
        self._executor.submit(self._services.warning_thresholds, self._fill_warning, self._failed)
        self._executor.submit(
            self._services.idle_lock_minutes, self.idle_minutes.setValue, self._failed
        )
        self._executor.submit(
            self._services.follow_up_days, self.follow_up_days.setValue, self._failed
        )
        self.backup_box.refresh()
        if self.audit_panel is not None:
            self.audit_panel.refresh()

    def _fill(self, profile: HallProfile | None) -> None:
        self._loaded = True
        if profile is None:
            return
        self.code.setText(profile.code)
        self.name.setText(profile.name)
        self.phone.setText(profile.phone)
        self.address.setText(profile.address)
        self.opening.setTime(QTime.fromString(profile.opening_time, "HH:mm"))
        self.closing.setTime(QTime.fromString(profile.closing_time, "HH:mm"))

    def profile(self) -> HallProfile:
        return HallProfile(
            code=self.code.text(),
            name=self.name.text().strip(),
            phone=self.phone.text().strip(),
            address=self.address.text().strip(),
            opening_time=self.opening.time().toString("HH:mm"),
            closing_time=self.closing.time().toString("HH:mm"),
        )

    def save(self) -> None:
        profile = self.profile()
        self.save_button.setEnabled(False)
        self._executor.submit(
            lambda: self._services.update_hall_profile(profile), self._saved, self._failed
        )

    def _saved(self, profile: HallProfile) -> None:
        self.save_button.setEnabled(self._may_manage)
        self.messages.info(self.tr("已保存"))
        self.saved_profile = profile

    def _failed(self, exc: BaseException) -> None:
        # The form keeps what the user typed: nothing is reloaded after a failure. A
        # failed read must not wake the button of a user who may not save.
        self.save_button.setEnabled(self._may_manage)
        self.messages.failure(exc, self.tr("保存失败："))
