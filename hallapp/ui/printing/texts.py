"""The words of printing, in one place so every screen says the same thing."""

from __future__ import annotations

from hallapp.documents.model import DocumentKind, PaperFormat

SLIP = "80毫米小票"
COUNTER = "小票打印机"
SAVED_ANYWAY = "办件已保存。可以先另存为PDF。"


def document_title(kind: DocumentKind, fmt: PaperFormat = PaperFormat.A4) -> str:
    """受理通知书, or 受理通知书（80毫米小票） for the counter's receipt printer."""
    return kind.title + (f"（{SLIP}）" if fmt is PaperFormat.THERMAL_80MM else "")


def reprint_text(copy_no: int) -> str:
    """补打（第N次） for a copy after the first print; the first copy says nothing."""
    return f"补打（第{copy_no - 1}次）" if copy_no > 1 else ""


def printer_problem(reason: str) -> str:
    """What the clerk reads when paper did not come out: the case is safe either way."""
    return f"打印机无法打印：{reason.rstrip('。')}。{SAVED_ANYWAY}"


def printed_text(title: str, printer: str, copy_no: int) -> str:
    reprint = reprint_text(copy_no)
    return f"{title}已打印（打印机：{printer}）" + (f"，{reprint}" if reprint else "")


def saved_text(title: str, path: str, copy_no: int) -> str:
    reprint = reprint_text(copy_no)
    return f"{title}已另存为PDF：{path}" + (f"，{reprint}" if reprint else "")


def counter_problem(message: str) -> str:
    """The 小票打印机's own message (it names the printer and the fault), then that the
    case is safe."""
    return f"{message.rstrip('。')}。{SAVED_ANYWAY}"
