"""小票打印机（ESC/POS）, a dialog of the settings: how this computer's receipt printer is
attached (none, network, USB, serial port or a file), checked before it is kept, and a
test slip.

A dialog rather than more rows in the settings screen, which must still fit a small
laptop screen. Only the fields of the chosen connection are shown; Enter saves, Esc closes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from hallapp.ui.operations import Executor
from hallapp.ui.printing.counter import send_sample_slip
from hallapp.ui.printing.problem_panel import PrintMessage
from hallapp.ui.printing.settings import (
    BAUD_RATES,
    CounterLink,
    CounterPrinter,
    InvalidCounterPrinter,
    PrintSettings,
    parse_usb_id,
)

_LINKS = (
    CounterLink.NONE,
    CounterLink.NETWORK,
    CounterLink.USB,
    CounterLink.SERIAL,
    CounterLink.FILE,
)


def _form(rows: list[tuple[str, QWidget]]) -> QWidget:
    page = QWidget()
    form = QFormLayout(page)
    form.setContentsMargins(0, 0, 0, 0)
    for label, field in rows:
        form.addRow(label, field)
    return page


class CounterPrinterForm(QDialog):
    """Emits ``saved`` with the kept printer and what to tell the clerk, then closes;
    what is wrong (a field, a failed test slip) is said in the dialog itself."""

    saved = Signal(object, str)  # CounterPrinter, message

    def __init__(
        self,
        settings: PrintSettings,
        executor: Executor,
        hall_name: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("小票打印机（ESC/POS）"))
        self.settings = settings
        self.executor = executor
        self.hall_name = hall_name
        self.link = QComboBox()
        for link in _LINKS:
            self.link.addItem(self.tr(link.label), link)
        self.host = QLineEdit()
        self.host.setPlaceholderText("192.168.1.50")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(9100)
        self.vendor = QLineEdit()
        self.vendor.setPlaceholderText("0416")
        self.product = QLineEdit()
        self.product.setPlaceholderText("5011")
        self.device = QLineEdit()
        self.device.setPlaceholderText("COM3 / /dev/ttyUSB0")
        self.baudrate = QComboBox()
        self.baudrate.setEditable(True)
        for rate in BAUD_RATES:
            self.baudrate.addItem(str(rate))
        self.path = QLineEdit()
        self.path.setPlaceholderText("/dev/usb/lp0")
        self.pages = QStackedWidget()
        self.pages.addWidget(QWidget())
        self.pages.addWidget(
            _form([(self.tr("地址(&H)"), self.host), (self.tr("端口(&G)"), self.port)])
        )
        self.pages.addWidget(
            _form(
                [
                    (self.tr("厂商ID（十六进制）(&I)"), self.vendor),
                    (self.tr("产品ID（十六进制）(&D)"), self.product),
                ]
            )
        )
        self.pages.addWidget(
            _form([(self.tr("串口(&L)"), self.device), (self.tr("波特率(&Q)"), self.baudrate)])
        )
        self.pages.addWidget(_form([(self.tr("文件路径(&H)"), self.path)]))
        self.save_button = QPushButton(self.tr("保存(&V)"))
        self.save_button.setDefault(True)
        self.test_button = QPushButton(self.tr("测试打印(&J)"))
        self.test_button.setAutoDefault(False)
        self.close_button = QPushButton(self.tr("关闭（Esc）"))
        self.close_button.setAutoDefault(False)
        self.current = QLabel()
        self.current.setStyleSheet("color:#555;")
        self.message = PrintMessage()
        self.message.save_button.hide()
        hint = QLabel(
            self.tr(
                "受理通知书和收费收据可直接打印到小票打印机（80毫米，ESC/POS指令，"
                "GB18030中文）。测试打印用的是已保存的设置。"
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#555;")

        top = QFormLayout()
        top.addRow(self.tr("连接方式(&E)"), self.link)
        buttons = QHBoxLayout()
        buttons.addWidget(self.current, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addLayout(top)
        layout.addWidget(self.pages)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)

        self.link.currentIndexChanged.connect(self.pages.setCurrentIndex)
        self.save_button.clicked.connect(self.save)
        self.test_button.clicked.connect(self.print_sample)
        self.close_button.clicked.connect(self.reject)
        self.show_printer(settings.counter_printer)
        self.link.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_printer(self, printer: CounterPrinter) -> None:
        """Fill the form with ``printer`` (the kept one, when the form opens)."""
        self.link.setCurrentIndex(_LINKS.index(printer.link))
        self.pages.setCurrentIndex(_LINKS.index(printer.link))
        if printer.link is CounterLink.NETWORK:
            self.host.setText(printer.host)
            self.port.setValue(printer.port)
        elif printer.link is CounterLink.USB:
            self.vendor.setText(f"{printer.vendor_id:04X}")
            self.product.setText(f"{printer.product_id:04X}")
        elif printer.link is CounterLink.SERIAL:
            self.device.setText(printer.device)
            self.baudrate.setCurrentText(str(printer.baudrate))
        elif printer.link is CounterLink.FILE:
            self.path.setText(printer.path)
        self._show_current(printer)

    def _show_current(self, printer: CounterPrinter) -> None:
        self.current.setText(self.tr("当前：") + printer.summary())
        self.test_button.setEnabled(printer.configured)

    def entered(self) -> CounterPrinter:
        """What the form says; raises :class:`InvalidCounterPrinter` with the reason."""
        # Qt hands the item's data back as a plain string.
        link = CounterLink(self.link.currentData())
        match link:
            case CounterLink.NETWORK:
                printer = CounterPrinter(link, host=self.host.text(), port=self.port.value())
            case CounterLink.USB:
                printer = CounterPrinter(
                    link,
                    vendor_id=parse_usb_id(self.vendor.text(), self.tr("厂商ID")),
                    product_id=parse_usb_id(self.product.text(), self.tr("产品ID")),
                )
            case CounterLink.SERIAL:
                rate = self.baudrate.currentText().strip()
                if not rate.isdigit():
                    raise InvalidCounterPrinter(self.tr("波特率应为正整数，一般是 9600"))
                printer = CounterPrinter(link, device=self.device.text(), baudrate=int(rate))
            case CounterLink.FILE:
                printer = CounterPrinter(link, path=self.path.text())
            case _:
                printer = CounterPrinter()
        problem = printer.problem()
        if problem:
            raise InvalidCounterPrinter(problem)
        return printer

    def save(self) -> None:
        try:
            printer = self.entered()
            self.settings.counter_printer = printer
        except InvalidCounterPrinter as exc:
            self.message.problem(self.tr("小票打印机设置有误：") + str(exc), can_save=False)
            return
        self._show_current(printer)
        said = (
            self.tr("已保存小票打印机：") + printer.summary()
            if printer.configured
            else self.tr("本机不使用小票打印机")
        )
        self.saved.emit(printer, said)
        self.accept()

    def print_sample(self) -> None:
        """A test slip on the kept printer (save first: what is tested is what prints)."""
        printer = self.settings.counter_printer
        if not printer.configured:
            self.message.problem(self.tr("请先设置并保存小票打印机"), can_save=False)
            return
        self.test_button.setEnabled(False)
        self.message.hide()

        def done(text: str) -> None:
            if isValid(self):
                self.test_button.setEnabled(True)
                self.message.info(text)

        def failed(text: str) -> None:
            if isValid(self):
                self.test_button.setEnabled(True)
                self.message.problem(self.tr("测试打印失败：") + text, can_save=False)

        send_sample_slip(self.executor, printer, self.hall_name(), done, failed)
