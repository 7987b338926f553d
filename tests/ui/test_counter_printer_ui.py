"""The counter's receipt printer (小票打印机) from the app: set up in the settings, the
preview's 小票打印机 button (Ctrl+T), the case's print menu, and 受理后自动打印 sent there;
the printer is a file, or a network port nobody listens on, so nothing reaches a real one."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hallapp.app import AppContext
from hallapp.core.intake import Decision
from hallapp.documents.model import DocumentKind, PaperFormat
from hallapp.services.actors import Actor
from hallapp.services.facade import HallServices
from hallapp.ui.intake import IntakeView
from hallapp.ui.operations import InlineExecutor
from hallapp.ui.printing import PreviewDialog, Printing, PrintSettings
from hallapp.ui.printing.counter import SAMPLE_TEXT
from hallapp.ui.printing.counter_form import CounterPrinterForm
from hallapp.ui.printing.settings import AutoReceiptTo, CounterLink, CounterPrinter
from hallapp.ui.register import CaseView
from hallapp.ui.settings_view import SettingsView
from tests.ui.test_intake_view import Keyboard, new_applicant, pick_item, wait_saved
from tests.ui.test_printing_ui import Outcomes, PdfPrinters
from tests.ui.test_register_support import make_case

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
FEE_ITEM = "集镇住宅不动产转移登记"
ESC_INIT_CHINESE = b"\x1b@\x1c&"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.fixture
def slip_file(tmp_path: Path) -> Path:
    return tmp_path / "lp0"


def printing_with(
    services: HallServices, store: QSettings, tmp_path: Path, counter: CounterPrinter
) -> Printing:
    settings = PrintSettings(store)
    settings.counter_printer = counter
    return Printing(
        services,
        InlineExecutor(),
        settings,
        PdfPrinters(tmp_path),
        ask_file=lambda _parent, _suggested: str(tmp_path / "saved.pdf"),
    )


@pytest.fixture
def printing(services: HallServices, store: QSettings, tmp_path: Path, slip_file: Path) -> Printing:
    return printing_with(
        services, store, tmp_path, CounterPrinter(CounterLink.FILE, path=str(slip_file))
    )


def preview(
    qtbot: QtBot,
    printing: Printing,
    case_id: int,
    kind: DocumentKind = DocumentKind.RECEIPT,
) -> tuple[PreviewDialog, Outcomes]:
    done = Outcomes()
    errors: list[BaseException] = []
    printing.preview(case_id, kind, PaperFormat.A4, None, done, errors.append)
    assert not errors, errors
    dialog = printing.dialog
    assert dialog is not None
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    return dialog, done


# the preview ---------------------------------------------------------------------------------
def test_ctrl_t_prints_the_slip_on_the_counter_printer_and_records_it(
    qtbot: QtBot,
    services: HallServices,
    demo: AppContext,
    clerk: Actor,
    printing: Printing,
    slip_file: Path,
) -> None:
    case = make_case(demo, clerk)
    dialog, done = preview(qtbot, printing, case.case_id)
    assert dialog.counter_button.isVisible()
    assert dialog.counter_button.text() == "小票打印机（Ctrl+T）"
    with qtbot.waitSignal(printing.printed) as printed:
        qtbot.keyClick(dialog, Qt.Key.Key_T, CTRL)
    assert printed.args == [case.case_id]
    assert not dialog.isVisible()
    data = slip_file.read_bytes()
    assert data.startswith(ESC_INIT_CHINESE)
    detail = services.case_detail(case.case_id)
    assert detail.number.encode() in data
    assert detail.applicant_name in data.decode("gb18030", errors="replace")
    [outcome] = done
    assert outcome.printed
    assert outcome.text == f"受理通知书（小票打印机）已打印（打印机：打印文件 {slip_file}）"
    [record] = services.print_history(case.case_id)
    assert (record.kind, record.fmt, record.copy_no) == (
        DocumentKind.RECEIPT,
        PaperFormat.ESCPOS,
        1,
    )
    assert record.printer == f"ESC/POS：打印文件 {slip_file}"

    # The next copy, from a fresh preview, is a 补打 on the slip too.
    again, _done = preview(qtbot, printing, case.case_id)
    qtbot.mouseClick(again.counter_button, Qt.MouseButton.LeftButton)
    assert "补打" in slip_file.read_bytes().decode("gb18030", errors="replace")
    assert [r.copy_no for r in services.print_history(case.case_id)] == [1, 2]


def test_the_bill_goes_to_the_counter_printer_too(
    qtbot: QtBot,
    services: HallServices,
    demo: AppContext,
    clerk: Actor,
    printing: Printing,
    slip_file: Path,
) -> None:
    case = make_case(demo, clerk, item=FEE_ITEM, fees=True)
    dialog, _done = preview(qtbot, printing, case.case_id, DocumentKind.BILL)
    qtbot.keyClick(dialog, Qt.Key.Key_T, CTRL)
    assert "90.00" in slip_file.read_bytes().decode("gb18030", errors="replace")
    [record] = services.print_history(case.case_id)
    assert (record.kind, record.fmt) == (DocumentKind.BILL, PaperFormat.ESCPOS)


def test_no_counter_button_without_a_printer_or_for_other_papers(
    qtbot: QtBot,
    services: HallServices,
    demo: AppContext,
    clerk: Actor,
    store: QSettings,
    tmp_path: Path,
    printing: Printing,
    slip_file: Path,
) -> None:
    notice = make_case(demo, clerk, decision=Decision.NOTICE, missing="缺少户口簿首页")
    dialog, _done = preview(qtbot, printing, notice.case_id, DocumentKind.NOTICE)
    assert dialog.counter_button.isHidden()
    qtbot.keyClick(dialog, Qt.Key.Key_T, CTRL)
    assert dialog.isVisible() and not slip_file.exists()

    case = make_case(demo, clerk)
    bare = printing_with(services, store, tmp_path, CounterPrinter())
    dialog, _done = preview(qtbot, bare, case.case_id)
    assert dialog.counter_button.isHidden()
    qtbot.keyClick(dialog, Qt.Key.Key_T, CTRL)
    assert dialog.isVisible() and services.print_history(case.case_id) == []


def test_a_counter_printer_that_fails_offers_the_pdf_and_records_nothing(
    qtbot: QtBot,
    services: HallServices,
    demo: AppContext,
    clerk: Actor,
    store: QSettings,
    tmp_path: Path,
) -> None:
    off = CounterPrinter(CounterLink.NETWORK, host="127.0.0.1", port=closed_port())
    printing = printing_with(services, store, tmp_path, off)
    case = make_case(demo, clerk)
    dialog, done = preview(qtbot, printing, case.case_id)
    qtbot.keyClick(dialog, Qt.Key.Key_T, CTRL)
    assert dialog.isVisible() and not dialog.busy
    text = dialog.message.text
    assert text.startswith("打印机未连接或无法访问：网络打印机 127.0.0.1")
    assert "连接被拒绝" in text
    assert text.endswith("办件已保存。可以先另存为PDF。")
    assert dialog.message.offers_saving and dialog.message.save_button.hasFocus()
    assert done == [] and services.print_history(case.case_id) == []
    assert dialog.counter_button.isEnabled()  # try again once the printer is on

    qtbot.keyClick(dialog.message.save_button, Qt.Key.Key_Return)
    assert (tmp_path / "saved.pdf").read_bytes().startswith(b"%PDF")
    [record] = services.print_history(case.case_id)
    assert record.printer == "文件：" + str(tmp_path / "saved.pdf")


# the case's print menu -----------------------------------------------------------------------
def open_case(qtbot: QtBot, services: HallServices, printing: Printing, case_id: int) -> CaseView:
    view = CaseView(services, InlineExecutor(), printing=printing)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    view.show_case(case_id)
    return view


def test_the_case_menu_prints_the_slip_straight_to_the_counter_printer(
    qtbot: QtBot,
    services: HallServices,
    demo: AppContext,
    clerk: Actor,
    printing: Printing,
    slip_file: Path,
) -> None:
    case = make_case(demo, clerk)
    view = open_case(qtbot, services, printing, case.case_id)
    view.show_print_menu()
    entry = view.print_menu.entries[(DocumentKind.RECEIPT, PaperFormat.ESCPOS)]
    assert "受理通知书 → 小票打印机" in entry.text() and entry.isEnabled()
    view.print_menu.close()
    entry.trigger()
    assert slip_file.read_bytes().startswith(ESC_INIT_CHINESE)
    assert printing.dialog is None  # straight to the printer, no preview
    qtbot.waitUntil(lambda: "已打印" in view.messages.text)
    assert "受理通知书（小票打印机）已打印" in view.messages.text
    [record] = services.print_history(case.case_id)
    assert record.fmt is PaperFormat.ESCPOS


def test_a_failed_slip_from_the_case_menu_opens_the_preview_with_the_reason(
    qtbot: QtBot,
    services: HallServices,
    demo: AppContext,
    clerk: Actor,
    store: QSettings,
    tmp_path: Path,
) -> None:
    missing = CounterPrinter(CounterLink.FILE, path=str(tmp_path / "no such folder" / "lp0"))
    printing = printing_with(services, store, tmp_path, missing)
    case = make_case(demo, clerk)
    view = open_case(qtbot, services, printing, case.case_id)
    view.preview_document(DocumentKind.RECEIPT, PaperFormat.ESCPOS)
    dialog = printing.dialog
    assert dialog is not None and dialog.document.fmt is PaperFormat.A4
    assert dialog.message.text.startswith("打印机未连接或无法访问：打印文件")
    assert dialog.message.offers_saving
    assert services.print_history(case.case_id) == []


def test_no_counter_entries_without_a_counter_printer(
    qtbot: QtBot,
    services: HallServices,
    demo: AppContext,
    clerk: Actor,
    store: QSettings,
    tmp_path: Path,
) -> None:
    printing = printing_with(services, store, tmp_path, CounterPrinter())
    case = make_case(demo, clerk)
    view = open_case(qtbot, services, printing, case.case_id)
    view.show_print_menu()
    view.print_menu.close()
    assert all(fmt is not PaperFormat.ESCPOS for _kind, fmt in view.print_menu.entries)


# 受理后自动打印 --------------------------------------------------------------------------------
def test_auto_print_can_go_to_the_counter_printer(
    qtbot: QtBot, services: HallServices, printing: Printing, slip_file: Path
) -> None:
    printing.settings.auto_print_receipt = True
    printing.settings.auto_receipt_to = AutoReceiptTo.COUNTER
    view = IntakeView(services, InlineExecutor(), printing=printing)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    new_applicant(kb)
    kb.press(Qt.Key.Key_L, ALT)
    kb.press(Qt.Key.Key_Return, CTRL)
    case_id = wait_saved(qtbot, view)
    assert slip_file.read_bytes().startswith(ESC_INIT_CHINESE)
    assert printing.dialog is None
    assert view.result.print_message.text.startswith("受理通知书（小票打印机）已打印")
    [record] = services.print_history(case_id)
    assert (record.kind, record.fmt) == (DocumentKind.RECEIPT, PaperFormat.ESCPOS)


def test_a_failed_auto_print_to_the_counter_printer_offers_the_a4_pdf(
    qtbot: QtBot, services: HallServices, demo: AppContext, clerk: Actor, store: QSettings,
    tmp_path: Path,
) -> None:  # fmt: skip
    off = CounterPrinter(CounterLink.NETWORK, host="127.0.0.1", port=closed_port())
    printing = printing_with(services, store, tmp_path, off)
    printing.settings.auto_print_receipt = True
    printing.settings.auto_receipt_to = AutoReceiptTo.COUNTER
    case = make_case(demo, clerk)
    done = Outcomes()
    printing.print_case(case.case_id, DocumentKind.RECEIPT, PaperFormat.A4, None, done)
    [outcome] = done
    assert not outcome.printed and "打印机未连接或无法访问" in outcome.problem
    assert outcome.document is not None and outcome.document.fmt is PaperFormat.A4
    assert services.print_history(case.case_id) == []


# settings ------------------------------------------------------------------------------------
def open_settings(qtbot: QtBot, services: HallServices, settings: PrintSettings) -> SettingsView:
    view = SettingsView(services, InlineExecutor(), settings)
    qtbot.addWidget(view)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    return view


def open_counter_form(qtbot: QtBot, view: SettingsView) -> CounterPrinterForm:
    qtbot.mouseClick(view.counter_button, Qt.MouseButton.LeftButton)
    form = view.counter_dialog
    assert form is not None
    # The offscreen platform leaves the settings window active; a desktop activates the
    # dialog as it opens.
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    return form


def test_the_counter_printer_is_set_up_in_the_settings_and_kept(
    qtbot: QtBot, services: HallServices, store: QSettings
) -> None:
    view = open_settings(qtbot, services, PrintSettings(store))
    assert view.counter_label.text() == "小票打印机（ESC/POS）：无"
    assert not view.auto_to.isEnabled()  # nothing to choose between yet
    qtbot.keyClick(view, Qt.Key.Key_T, ALT)
    qtbot.waitUntil(lambda: view.counter_dialog is not None and view.counter_dialog.isVisible())
    form = view.counter_dialog
    assert form is not None
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    assert form.link.currentText() == "无" and not form.test_button.isEnabled()

    form.link.setCurrentIndex(form.link.findData(CounterLink.NETWORK))
    form.host.setFocus()
    qtbot.keyClicks(form.host, "192.168.1.50")
    qtbot.keyClick(form.host, Qt.Key.Key_Return)  # Enter saves and closes
    assert not form.isVisible()
    assert view.messages.text == "已保存小票打印机：网络 192.168.1.50:9100"
    assert view.counter_label.text() == "小票打印机（ESC/POS）：网络 192.168.1.50:9100"
    again = QSettings(store.fileName(), QSettings.Format.IniFormat)
    assert PrintSettings(again).counter_printer == CounterPrinter(
        CounterLink.NETWORK, host="192.168.1.50", port=9100
    )

    form = open_counter_form(qtbot, view)
    assert form.host.text() == "192.168.1.50" and form.test_button.isEnabled()
    form.link.setCurrentIndex(form.link.findData(CounterLink.USB))
    form.vendor.setText("04G6")
    form.product.setText("5011")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()  # the dialog stays open with the reason
    assert form.message.text.startswith("小票打印机设置有误：厂商ID应为十六进制数")
    assert PrintSettings(again).counter_printer.link is CounterLink.NETWORK  # kept as was
    form.vendor.setText("0x0416")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    kept = PrintSettings(QSettings(store.fileName(), QSettings.Format.IniFormat)).counter_printer
    assert kept == CounterPrinter(CounterLink.USB, vendor_id=0x0416, product_id=0x5011)
    assert store.value("printing/counter/host") is None  # one connection, never a mix

    form = open_counter_form(qtbot, view)
    form.link.setCurrentIndex(form.link.findData(CounterLink.SERIAL))
    form.baudrate.setCurrentText("fast")
    form.device.setText("COM3")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.message.text == "小票打印机设置有误：波特率应为正整数，一般是 9600"
    form.link.setCurrentIndex(form.link.findData(CounterLink.NETWORK))
    form.host.clear()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.message.text == "小票打印机设置有误：请填写打印机的IP地址或主机名"
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()

    # A fresh settings screen shows what is kept.
    shown = open_counter_form(qtbot, open_settings(qtbot, services, PrintSettings(store)))
    assert shown.link.currentData() == CounterLink.USB
    assert (shown.vendor.text(), shown.product.text()) == ("0416", "5011")
    assert shown.current.text() == "当前：USB 0416:5011"


def test_auto_print_may_go_to_the_counter_printer(
    qtbot: QtBot, services: HallServices, store: QSettings, tmp_path: Path
) -> None:
    settings = PrintSettings(store)
    settings.counter_printer = CounterPrinter(CounterLink.FILE, path=str(tmp_path / "lp0"))
    view = open_settings(qtbot, services, settings)
    assert not view.auto_to.isEnabled()
    view.auto_receipt.setChecked(True)
    assert view.auto_to.isEnabled() and view.auto_to.currentText() == "A4打印机"
    assert settings.auto_receipt_to is AutoReceiptTo.A4  # the default
    view.auto_to.setCurrentIndex(view.auto_to.findData(AutoReceiptTo.COUNTER))
    assert view.messages.text == "受理通知书将自动打印到小票打印机"
    again = PrintSettings(QSettings(store.fileName(), QSettings.Format.IniFormat))
    assert again.auto_receipt_to is AutoReceiptTo.COUNTER and again.auto_receipt_on_counter

    # Without a counter printer 自动打印 goes to the A4 printer, whatever was chosen.
    form = open_counter_form(qtbot, view)
    form.link.setCurrentIndex(0)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert view.messages.text == "本机不使用小票打印机"
    assert not view.auto_to.isEnabled() and not settings.auto_receipt_on_counter


def test_a_test_slip_prints_on_the_kept_printer(
    qtbot: QtBot, services: HallServices, store: QSettings, tmp_path: Path
) -> None:
    out = tmp_path / "lp0"
    settings = PrintSettings(store)
    settings.counter_printer = CounterPrinter(CounterLink.FILE, path=str(out))
    form = open_counter_form(qtbot, open_settings(qtbot, services, settings))
    qtbot.keyClick(form, Qt.Key.Key_J, ALT)
    qtbot.waitUntil(out.exists)  # a mnemonic clicks after 100 ms
    data = out.read_bytes()
    assert data.startswith(ESC_INIT_CHINESE) and data.endswith(b"\x1dV\x00")
    assert SAMPLE_TEXT in data.decode("gb18030")
    assert form.message.text == f"测试页已发送到打印文件 {out}"

    settings.counter_printer = CounterPrinter(CounterLink.FILE, path=str(tmp_path / "gone" / "lp0"))
    qtbot.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
    assert form.message.text.startswith("测试打印失败：打印机未连接或无法访问")
    assert form.isVisible()


def test_settings_edited_by_hand_into_nonsense_count_as_no_printer(store: QSettings) -> None:
    store.setValue("printing/counter/link", "network")
    store.setValue("printing/counter/port", "many")
    store.setValue("printing/auto_receipt_to", "elsewhere")
    settings = PrintSettings(store)
    assert not settings.counter_printer.configured  # no host
    assert settings.auto_receipt_to is AutoReceiptTo.A4
    store.setValue("printing/counter/host", "10.0.0.9")
    assert settings.counter_printer == CounterPrinter(CounterLink.NETWORK, host="10.0.0.9")
    store.setValue("printing/counter/link", "bluetooth")
    assert not settings.counter_printer.configured
