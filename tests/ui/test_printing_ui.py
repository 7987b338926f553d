"""Printing from the app: preview, printer, print record, 补打, failures and 另存为PDF, on
the demo database, with printers that write PDF files so nothing reaches a real printer."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from hallapp.app import AppContext
from hallapp.documents.model import DocumentKind, PaperFormat
from hallapp.services.actors import Actor
from hallapp.services.facade import HallServices
from hallapp.services.printing import RenderedDocument
from hallapp.ui.intake import IntakeView
from hallapp.ui.operations import InlineExecutor
from hallapp.ui.printing import PreviewDialog, Printing, PrintOutcome, PrintSettings
from hallapp.ui.register import CaseView
from hallapp.ui.settings_view import SettingsView
from tests.ui.test_intake_view import Keyboard, new_applicant, pick_item, wait_saved
from tests.ui.test_register_support import make_case, resident_id

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
COUNTER = "柜台打印机"
FEE_ITEM = "集镇住宅不动产转移登记"  # two fees: 80.00 and 10.00 yuan


class NamedPdfPrinter(QPrinter):
    """A printer called ``name`` that writes a PDF file: what a real printer's name would
    be, with paper we can read back."""

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(QPrinter.PrinterMode.HighResolution)
        self._name = name
        self.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.setOutputFileName(str(path))

    def printerName(self) -> str:  # the print system's name for it
        return self._name


class PdfPrinters:
    """The computer's printers, as far as printing can tell: one called ``name`` whose
    paper lands in ``folder``; the print dialog is answered by ``accept``."""

    def __init__(self, folder: Path, name: str = COUNTER, accept: bool = True) -> None:
        self.folder, self.name, self.accept = folder, name, accept
        self.asked = 0
        self.files: list[Path] = []

    def open(self, name: str) -> QPrinter | None:
        if name and name != self.name:
            return None  # no such printer any more
        path = self.folder / f"sheet-{len(self.files) + 1}.pdf"
        self.files.append(path)
        return NamedPdfPrinter(self.name, path)

    def choose(self, printer: QPrinter, parent: QWidget | None) -> bool:
        self.asked += 1
        return self.accept


class Outcomes(list[PrintOutcome]):
    def __call__(self, outcome: PrintOutcome) -> None:
        self.append(outcome)


@pytest.fixture
def printers(tmp_path: Path) -> PdfPrinters:
    return PdfPrinters(tmp_path)


@pytest.fixture
def printing(
    services: HallServices, store: QSettings, printers: PdfPrinters, tmp_path: Path
) -> Printing:
    return Printing(
        services,
        InlineExecutor(),
        PrintSettings(store),
        printers,
        ask_file=lambda _parent, _suggested: str(tmp_path / "saved.pdf"),
    )


def preview(
    qtbot: QtBot,
    printing: Printing,
    case_id: int,
    kind: DocumentKind = DocumentKind.RECEIPT,
    fmt: PaperFormat = PaperFormat.A4,
) -> tuple[PreviewDialog, Outcomes]:
    done = Outcomes()
    errors: list[BaseException] = []
    printing.preview(case_id, kind, fmt, None, done, errors.append)
    assert not errors, errors
    dialog = printing.dialog
    assert dialog is not None
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    return dialog, done


def ink(image: QImage) -> int:
    """How many of a coarse grid of pixels are not white: something is printed there."""
    white = QColor("white")
    return sum(
        image.pixelColor(x, y) != white
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
    )


def pdf_of(pages: int) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    for number in range(1, pages + 1):
        canvas.setFont("Helvetica", 40)
        canvas.drawString(100, 700, f"page {number}")
        canvas.rect(60, 60, 300, 300, fill=1)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


# the preview -------------------------------------------------------------------------------
def test_the_preview_shows_the_real_receipt(
    qtbot: QtBot,
    services: HallServices,
    demo: AppContext,
    clerk: Actor,
    printing: Printing,
    tmp_path: Path,
) -> None:
    case = make_case(demo, clerk)
    dialog, _done = preview(qtbot, printing, case.case_id)
    assert dialog.windowTitle() == "打印预览 — 受理通知书"
    assert not dialog.reprint_label.isVisible()
    assert len(dialog.pages) == 1 and not dialog.pager.isVisible()
    assert ink(dialog.pages[0]) > 50
    assert dialog.view.label.pixmap() is not None and not dialog.view.label.pixmap().isNull()
    # Fitted to the window's width, never wider.
    assert 0 < dialog.view.shown_width() <= dialog.view.viewport().width()
    assert dialog.print_button.isDefault()
    shot = tmp_path / "preview.png"
    assert dialog.grab().save(str(shot)) and shot.stat().st_size > 10_000
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert services.print_history(case.case_id) == []  # a preview is not a print


def test_a_long_document_pages_through(
    qtbot: QtBot, printing: Printing, demo: AppContext, clerk: Actor
) -> None:
    case = make_case(demo, clerk)
    long_one = RenderedDocument(DocumentKind.NOTICE, PaperFormat.A4, pdf_of(3), 1, "x.pdf")
    dialog = PreviewDialog(case.case_id, long_one, printing)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    assert dialog.pager.isVisible() and dialog.page_label.text() == "第 1 页 / 共 3 页"
    assert not dialog.previous_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_PageDown)
    qtbot.keyClick(dialog, Qt.Key.Key_PageDown)
    assert dialog.page_label.text() == "第 3 页 / 共 3 页" and not dialog.next_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_PageUp)
    assert dialog.page == 1 and ink(dialog.pages[1]) > 50


def test_each_page_goes_on_a_sheet_of_its_own(
    qtbot: QtBot,
    services: HallServices,
    printing: Printing,
    printers: PdfPrinters,
    demo: AppContext,
    clerk: Actor,
) -> None:
    case = make_case(demo, clerk)  # accepted: it has no 一次性告知书 to record
    notice = RenderedDocument(DocumentKind.NOTICE, PaperFormat.A4, pdf_of(3), 1, "x.pdf")
    done = Outcomes()
    printing.print_document(case.case_id, notice, None, done)
    with pdfium.PdfDocument(printers.files[0]) as sheets:
        assert len(sheets) == 3
    # On paper, but the services refused the record: said as such, never as a failure.
    [outcome] = done
    assert outcome.printed and "没能记入办件的打印记录" in outcome.text
    assert services.print_history(case.case_id) == []


def test_the_80mm_slip_keeps_its_size(
    qtbot: QtBot, printing: Printing, demo: AppContext, clerk: Actor
) -> None:
    case = make_case(demo, clerk)
    dialog, _done = preview(qtbot, printing, case.case_id, fmt=PaperFormat.THERMAL_80MM)
    assert dialog.windowTitle() == "打印预览 — 受理通知书（80毫米小票）"
    slip = dialog.pages[0]
    assert slip.height() > slip.width()
    # Never blown up past its rendered size, however wide the dialog.
    assert dialog.view.shown_width() <= slip.width() / dialog.view.devicePixelRatioF() + 1


# printing ----------------------------------------------------------------------------------
def test_enter_prints_records_and_remembers_the_printer(
    qtbot: QtBot,
    services: HallServices,
    demo: AppContext,
    clerk: Actor,
    printing: Printing,
    printers: PdfPrinters,
    store: QSettings,
) -> None:
    case = make_case(demo, clerk)
    dialog, done = preview(qtbot, printing, case.case_id)
    with qtbot.waitSignal(printing.printed) as printed:
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert printed.args == [case.case_id]
    assert printers.asked == 1  # the system print dialog, with the printer to choose
    assert not dialog.isVisible()
    sheet = printers.files[0]
    assert sheet.read_bytes().startswith(b"%PDF") and sheet.stat().st_size > 5_000
    [outcome] = done
    assert outcome.printed and outcome.text == f"受理通知书已打印（打印机：{COUNTER}）"
    [record] = services.print_history(case.case_id)
    assert (record.kind, record.fmt, record.copy_no) == (DocumentKind.RECEIPT, PaperFormat.A4, 1)
    assert record.printer == COUNTER and record.printed_by == clerk.name
    # Remembered for this kind (and this computer) only.
    assert store.value("printing/receipt/printer") == COUNTER
    assert printing.settings.printer_for(DocumentKind.BILL) == ""
    assert printing.settings.printer_for(DocumentKind.RECEIPT, PaperFormat.THERMAL_80MM) == ""


def test_the_second_print_is_a_reprint(
    qtbot: QtBot,
    services: HallServices,
    demo: AppContext,
    clerk: Actor,
    printing: Printing,
    printers: PdfPrinters,
) -> None:
    case = make_case(demo, clerk)
    first, _done = preview(qtbot, printing, case.case_id)
    qtbot.keyClick(first, Qt.Key.Key_P, CTRL)
    assert not first.isVisible()
    second, done = preview(qtbot, printing, case.case_id)
    assert second.windowTitle() == "打印预览 — 受理通知书 — 补打（第1次）"
    assert second.reprint_label.isVisible() and "补打（第1次）" in second.reprint_label.text()
    qtbot.mouseClick(second.print_button, Qt.MouseButton.LeftButton)
    assert done[0].text == f"受理通知书已打印（打印机：{COUNTER}），补打（第1次）"
    assert [r.copy_no for r in services.print_history(case.case_id)] == [1, 2]
    assert printers.asked == 2 and all(f.exists() for f in printers.files)


def test_a_cancelled_print_dialog_prints_nothing(
    qtbot: QtBot,
    services: HallServices,
    demo: AppContext,
    clerk: Actor,
    printing: Printing,
    printers: PdfPrinters,
) -> None:
    case = make_case(demo, clerk)
    printers.accept = False
    dialog, done = preview(qtbot, printing, case.case_id)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and not dialog.message.isVisible() and done == []
    assert services.print_history(case.case_id) == []
    assert printing.settings.printer_for(DocumentKind.RECEIPT) == ""


def test_a_printer_that_fails_says_so_and_offers_the_pdf(
    qtbot: QtBot,
    services: HallServices,
    demo: AppContext,
    clerk: Actor,
    store: QSettings,
    tmp_path: Path,
) -> None:
    case = make_case(demo, clerk)
    broken = PdfPrinters(tmp_path / "no such folder")
    printing = Printing(
        services,
        InlineExecutor(),
        PrintSettings(store),
        broken,
        ask_file=lambda _parent, suggested: str(tmp_path / Path(suggested).name),
    )
    dialog, done = preview(qtbot, printing, case.case_id)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and done == []
    text = dialog.message.text
    assert text.startswith("打印机无法打印：") and text.endswith("办件已保存。可以先另存为PDF。")
    assert dialog.message.offers_saving and dialog.message.save_button.hasFocus()
    assert services.print_history(case.case_id) == []
    qtbot.keyClick(dialog.message.save_button, Qt.Key.Key_Return)  # Enter saves
    saved = tmp_path / f"受理通知书-{case.number}.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    assert not dialog.isVisible()
    assert done[0].text == "受理通知书已另存为PDF：" + str(saved)
    # The file is the copy handed out: on the record, so the next paper says 补打.
    [record] = services.print_history(case.case_id)
    assert record.printer == "文件：" + str(saved) and record.copy_no == 1
    again, _done = preview(qtbot, printing, case.case_id)
    assert again.windowTitle().endswith("补打（第1次）")
    assert services.case_detail(case.case_id).number == case.number  # the case is all there


def test_a_remembered_printer_that_is_gone_is_named(
    qtbot: QtBot,
    services: HallServices,
    demo: AppContext,
    clerk: Actor,
    printing: Printing,
    printers: PdfPrinters,
) -> None:
    case = make_case(demo, clerk)
    printing.settings.remember_printer(DocumentKind.RECEIPT, PaperFormat.A4, "二楼打印机")
    done = Outcomes()
    printing.print_case(case.case_id, DocumentKind.RECEIPT, PaperFormat.A4, None, done)
    [outcome] = done
    assert not outcome.printed and printers.asked == 0
    assert "找不到上次使用的打印机“二楼打印机”" in outcome.text
    assert outcome.text.endswith("办件已保存。可以先另存为PDF。") and outcome.document is not None


# where to print from -----------------------------------------------------------------------
def open_case(qtbot: QtBot, services: HallServices, printing: Printing, case_id: int) -> CaseView:
    view = CaseView(services, InlineExecutor(), printing=printing)
    qtbot.addWidget(view)
    view.resize(1150, 740)
    with qtbot.waitExposed(view):
        view.show()
    view.activateWindow()
    view.show_case(case_id)
    view.setFocus()
    return view


def test_the_case_view_lists_documents_and_greys_out_the_others(
    qtbot: QtBot, services: HallServices, demo: AppContext, clerk: Actor, printing: Printing
) -> None:
    case = make_case(demo, clerk)  # accepted, no fees, no proxy
    view = open_case(qtbot, services, printing, case.case_id)
    qtbot.keyClick(view, Qt.Key.Key_P, CTRL)
    menu = view.print_menu
    qtbot.waitUntil(menu.isVisible)
    entries = menu.entries
    receipt = entries[(DocumentKind.RECEIPT, PaperFormat.A4)]
    slip = entries[(DocumentKind.RECEIPT, PaperFormat.THERMAL_80MM)]
    refusal = entries[(DocumentKind.REFUSAL, PaperFormat.A4)]
    bill = entries[(DocumentKind.BILL, PaperFormat.A4)]
    assert receipt.isEnabled() and receipt.text() == "&1  受理通知书…"
    assert slip.isEnabled() and "受理通知书（80毫米小票）" in slip.text()
    assert menu.activeAction() is receipt  # Enter takes the first printable one
    assert (
        not refusal.isEnabled()
        and refusal.toolTip() == "办件没有被不予受理，不能打印不予受理通知书"
    )
    assert refusal.toolTip() in refusal.text()  # said in words too, not only on hover
    assert not bill.isEnabled() and "没有收费项目" in bill.toolTip()
    assert (DocumentKind.NOTICE, PaperFormat.THERMAL_80MM) not in entries
    slip.trigger()
    dialog = printing.dialog
    assert dialog is not None
    assert dialog.document.fmt is PaperFormat.THERMAL_80MM
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert view.messages.text == f"受理通知书（80毫米小票）已打印（打印机：{COUNTER}）"
    assert any("打印受理通知书" in e.comment for e in view.detail.timeline)  # type: ignore[union-attr]
    timeline = view.timeline
    steps = [timeline.item(r, 2).text() for r in range(timeline.rowCount())]  # type: ignore[union-attr]
    assert steps[-1] == "打印"
    assert printing.settings.printer_for(DocumentKind.RECEIPT, PaperFormat.THERMAL_80MM) == COUNTER
    assert printing.settings.printer_for(DocumentKind.RECEIPT) == ""


def open_intake(qtbot: QtBot, services: HallServices, printing: Printing) -> IntakeView:
    view = IntakeView(services, InlineExecutor(), printing=printing)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    return view


def document_buttons(view: IntakeView) -> list[str]:
    return [kind.title for kind in view.result.documents]


def test_after_accepting_the_receipt_and_the_bill_are_offered(
    qtbot: QtBot, services: HallServices, printing: Printing
) -> None:
    view = open_intake(qtbot, services, printing)
    kb = Keyboard(qtbot)
    pick_item(kb, view, FEE_ITEM)
    new_applicant(kb)
    kb.press(Qt.Key.Key_L, ALT)
    view.fees.payment.setCurrentIndex(1)  # 现金
    kb.press(Qt.Key.Key_Return, CTRL)
    case_id = wait_saved(qtbot, view)
    assert document_buttons(view) == ["受理通知书", "收费收据"]
    assert view.result.documents[DocumentKind.RECEIPT].text() == "打印受理通知书…（Ctrl+P）"
    assert services.print_history(case_id) == []  # nothing prints by itself unless asked
    kb.press(Qt.Key.Key_P, CTRL)
    dialog = printing.dialog
    assert dialog is not None and dialog.document.kind is DocumentKind.RECEIPT
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    kb.press(Qt.Key.Key_P, CTRL)  # the dialog's own Ctrl+P now: 打印…
    assert view.result.print_message.text == f"受理通知书已打印（打印机：{COUNTER}）"
    assert [r.kind for r in services.print_history(case_id)] == [DocumentKind.RECEIPT]


def test_after_a_notice_the_notice_is_offered(
    qtbot: QtBot, services: HallServices, printing: Printing
) -> None:
    view = open_intake(qtbot, services, printing)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    new_applicant(kb)
    kb.press(Qt.Key.Key_L, ALT)
    kb.press(Qt.Key.Key_2)  # the first material: 缺少
    kb.press(Qt.Key.Key_F2)
    kb.type("缺少户口簿首页")
    kb.press(Qt.Key.Key_Return)
    kb.press(Qt.Key.Key_N, ALT)  # 一次性告知
    wait_saved(qtbot, view)
    assert document_buttons(view) == ["一次性告知书"]


def test_after_a_refusal_the_refusal_notice_is_offered(
    qtbot: QtBot, services: HallServices, printing: Printing
) -> None:
    view = open_intake(qtbot, services, printing)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    new_applicant(kb)
    kb.press(Qt.Key.Key_R, ALT)  # 不予受理…
    qtbot.waitUntil(lambda: view.refusal_dialog is not None and view.refusal_dialog.isVisible())
    dialog = view.refusal_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.text.hasFocus)
    kb.type("申请人户籍不在本镇，请向户籍地乡镇申请")
    kb.press(Qt.Key.Key_Return, CTRL)
    wait_saved(qtbot, view)
    assert document_buttons(view) == ["不予受理通知书"]


def test_auto_print_on_accept_goes_to_the_remembered_printer(
    qtbot: QtBot, services: HallServices, printing: Printing, printers: PdfPrinters
) -> None:
    printing.settings.auto_print_receipt = True
    view = open_intake(qtbot, services, printing)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    new_applicant(kb)
    kb.press(Qt.Key.Key_L, ALT)
    kb.press(Qt.Key.Key_Return, CTRL)
    first = wait_saved(qtbot, view)
    assert printers.asked == 1  # nothing remembered yet: the print dialog, once
    assert view.result.print_message.text == f"受理通知书已打印（打印机：{COUNTER}）"

    kb.press(Qt.Key.Key_N, CTRL)
    pick_item(kb, view, "lsjz")
    new_applicant(kb, number=resident_id(2), name="王五")
    kb.press(Qt.Key.Key_L, ALT)
    kb.press(Qt.Key.Key_Return, CTRL)
    second = wait_saved(qtbot, view)
    assert printers.asked == 1  # straight to the remembered printer
    assert printing.dialog is None  # and no preview either
    for case_id in (first, second):
        [record] = services.print_history(case_id)
        assert (record.kind, record.printer) == (DocumentKind.RECEIPT, COUNTER)
    assert len(printers.files) == 2 and all(f.exists() for f in printers.files)


def test_a_failed_auto_print_leaves_the_intake_finished(
    qtbot: QtBot, services: HallServices, store: QSettings, tmp_path: Path
) -> None:
    broken = PdfPrinters(tmp_path / "no such folder")
    settings = PrintSettings(store)
    settings.auto_print_receipt = True
    settings.remember_printer(DocumentKind.RECEIPT, PaperFormat.A4, COUNTER)
    printing = Printing(
        services,
        InlineExecutor(),
        settings,
        broken,
        ask_file=lambda _parent, _suggested: str(tmp_path / "receipt.pdf"),
    )
    view = open_intake(qtbot, services, printing)
    kb = Keyboard(qtbot)
    pick_item(kb, view, "lsjz")
    new_applicant(kb)
    kb.press(Qt.Key.Key_L, ALT)
    kb.press(Qt.Key.Key_Return, CTRL)
    case_id = wait_saved(qtbot, view)
    assert view.result.title.text() == "已受理"
    message = view.result.print_message
    assert message.text.startswith("打印机无法打印：")
    assert message.text.endswith("办件已保存。可以先另存为PDF。") and message.offers_saving
    assert services.print_history(case_id) == []  # nothing came out, nothing recorded
    qtbot.mouseClick(message.save_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "receipt.pdf").read_bytes().startswith(b"%PDF")
    assert message.text == "受理通知书已另存为PDF：" + str(tmp_path / "receipt.pdf")
    assert not message.offers_saving
    assert [r.printer for r in services.print_history(case_id)] == [
        "文件：" + str(tmp_path / "receipt.pdf")
    ]
    assert services.case_detail(case_id).number == view.result.number.text()


# settings ----------------------------------------------------------------------------------
def test_auto_print_is_a_setting_of_this_computer(
    qtbot: QtBot, services: HallServices, store: QSettings
) -> None:
    settings = PrintSettings(store)
    settings.remember_printer(DocumentKind.RECEIPT, PaperFormat.A4, COUNTER)
    view = SettingsView(services, InlineExecutor(), settings)
    qtbot.addWidget(view)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    assert not view.auto_receipt.isChecked()
    assert view.auto_receipt.isEnabled()  # a clerk's own computer: no role needed
    assert f"受理通知书：{COUNTER}" in view.printers_label.text()
    qtbot.keyClick(view, Qt.Key.Key_U, ALT)
    qtbot.waitUntil(view.auto_receipt.isChecked)  # a mnemonic clicks after 100 ms
    assert view.auto_receipt.isChecked() and view.messages.text == "受理后将自动打印受理通知书"
    again = QSettings(store.fileName(), QSettings.Format.IniFormat)
    assert PrintSettings(again).auto_print_receipt
    qtbot.mouseClick(view.forget_button, Qt.MouseButton.LeftButton)
    assert PrintSettings(again).printer_for(DocumentKind.RECEIPT) == ""
    assert view.printers_label.text() == "记住的打印机：无"


def test_an_agent_is_registered_right_after_acceptance(
    qtbot: QtBot, services: HallServices, printing: Printing
) -> None:
    view = open_intake(qtbot, services, printing)
    kb = Keyboard(qtbot)
    pick_item(kb, view, FEE_ITEM)
    new_applicant(kb)
    kb.press(Qt.Key.Key_L, ALT)
    view.fees.payment.setCurrentIndex(1)
    kb.press(Qt.Key.Key_Return, CTRL)
    case_id = wait_saved(qtbot, view)
    assert view.result.agent_button.isVisible()
    kb.press(Qt.Key.Key_G, ALT)  # 设为代办件…
    dialog = view.agent_dialog
    assert dialog is not None and dialog.isVisible()
    index = next(
        i for i in range(dialog.agent.count()) if dialog.agent.itemText(i).startswith("王芳")
    )
    dialog.agent.setCurrentIndex(index)
    dialog.window_button.setChecked(True)
    dialog.scope.setText("代为领取办理结果")
    dialog.accept()
    assert "已登记代办：代办员王芳" in view.result.print_message.text
    assert not view.result.agent_button.isEnabled()
    assert "代办委托书" in document_buttons(view)
    service = services.agent_service(case_id)
    assert service is not None and service.agent_name == "王芳"
