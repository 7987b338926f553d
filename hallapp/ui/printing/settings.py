"""What this computer remembers about printing: the printer for each document, whether a
受理通知书 comes out by itself after 受理 (and on which printer), and the counter's receipt
printer (小票打印机, ESC/POS) with how it is attached.

Kept in the window's QSettings, not in the database: printers belong to the computer at
the counter, and two counters of one hall print on different machines. Without a
QSettings (a view built on its own), the choices last as long as the object.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from hallapp.documents.model import DocumentKind, PaperFormat

if TYPE_CHECKING:
    from hallapp.documents.escpos_send import EscposTarget

AUTO_RECEIPT_KEY = "printing/auto_receipt"
AUTO_RECEIPT_TO_KEY = "printing/auto_receipt_to"
SAVE_DIR_KEY = "printing/save_dir"
COUNTER_KEY = "printing/counter"
BAUD_RATES = (9600, 19200, 38400, 57600, 115200)


class CounterLink(StrEnum):
    """How the 小票打印机 is attached; the values are EscposConnection's, so what is
    stored is what the printer module reads, without loading python-escpos to say so."""

    NONE = ""
    NETWORK = "network"
    USB = "usb"
    SERIAL = "serial"
    FILE = "file"

    @property
    def label(self) -> str:
        return _LINK_LABELS[self]


_LINK_LABELS = {
    CounterLink.NONE: "无",
    CounterLink.NETWORK: "网络",
    CounterLink.USB: "USB",
    CounterLink.SERIAL: "串口",
    CounterLink.FILE: "文件",
}


class AutoReceiptTo(StrEnum):
    """Where 受理后自动打印 sends the 受理通知书."""

    A4 = "a4"
    COUNTER = "counter"


class InvalidCounterPrinter(ValueError):
    """A 小票打印机 setting that cannot work; the message says why, in Chinese."""


def parse_usb_id(text: str, what: str) -> int:
    """A USB vendor or product id as printed on the printer's label or by the system:
    hexadecimal, with or without 0x (0416, 0x0416)."""
    digits = text.strip().lower().removeprefix("0x")
    try:
        value = int(digits, 16)
    except ValueError:
        raise InvalidCounterPrinter(
            f"{what}应为十六进制数，如 0416（可在打印机标签或设备管理器中查到）"
        ) from None
    if not 0 < value <= 0xFFFF:
        raise InvalidCounterPrinter(f"{what}应在 0001 到 FFFF 之间")
    return value


@dataclass(frozen=True)
class CounterPrinter:
    """The 小票打印机 as this computer stores it; only the fields of its link count."""

    link: CounterLink = CounterLink.NONE
    host: str = ""
    port: int = 9100
    vendor_id: int = 0
    product_id: int = 0
    device: str = ""
    baudrate: int = 9600
    path: str = ""

    @property
    def configured(self) -> bool:
        return self.link is not CounterLink.NONE

    def problem(self) -> str:
        """Why this setting cannot print, in the clerk's words; empty when it can."""
        match self.link:
            case CounterLink.NETWORK:
                if not self.host.strip():
                    return "请填写打印机的IP地址或主机名"
                if any(c.isspace() for c in self.host.strip()):
                    return "打印机地址中不能有空格"
                if not 0 < self.port <= 0xFFFF:
                    return "端口应在 1 到 65535 之间（网络小票打印机一般是 9100）"
            case CounterLink.USB:
                if not 0 < self.vendor_id <= 0xFFFF or not 0 < self.product_id <= 0xFFFF:
                    return "请填写USB打印机的厂商ID和产品ID（十六进制，如 0416 和 5011）"
            case CounterLink.SERIAL:
                if not self.device.strip():
                    return "请填写串口，如 COM3 或 /dev/ttyUSB0"
                if self.baudrate <= 0:
                    return "波特率应为正整数，一般是 9600"
            case CounterLink.FILE:
                if not self.path.strip():
                    return "请填写文件路径，如 /dev/usb/lp0"
                if Path(self.path.strip()).is_dir():
                    return "这是一个文件夹，请填写文件路径"
        return ""

    def summary(self) -> str:
        """The printer as the settings and the preview name it, e.g. 网络 192.168.1.50:9100."""
        match self.link:
            case CounterLink.NETWORK:
                return f"网络 {self.host}:{self.port}"
            case CounterLink.USB:
                return f"USB {self.vendor_id:04X}:{self.product_id:04X}"
            case CounterLink.SERIAL:
                return f"串口 {self.device}（{self.baudrate}波特）"
            case CounterLink.FILE:
                return f"文件 {self.path}"
        return "无"

    def target(self) -> EscposTarget:
        """Where the slip's bytes go. Loads python-escpos, so call it on the worker."""
        from hallapp.documents.escpos_send import EscposTarget

        problem = self.problem()
        if not self.configured or problem:
            raise InvalidCounterPrinter(problem or "本机没有设置小票打印机")
        match self.link:
            case CounterLink.NETWORK:
                return EscposTarget.network(self.host.strip(), self.port)
            case CounterLink.USB:
                return EscposTarget.usb(self.vendor_id, self.product_id)
            case CounterLink.SERIAL:
                return EscposTarget.serial(self.device.strip(), self.baudrate)
        return EscposTarget.file(Path(self.path.strip()))


def _int(value: object, default: int) -> int:
    # An INI file gives numbers back as strings.
    try:
        return int(str(value)) if value not in (None, "") else default
    except ValueError:
        return default


def printer_key(kind: DocumentKind, fmt: PaperFormat = PaperFormat.A4) -> str:
    """printing/receipt/printer for A4; the 80 mm slip has a key of its own, since it
    goes to the counter's receipt printer, not to the A4 one."""
    suffix = "" if fmt is PaperFormat.A4 else f"_{fmt.value}"
    return f"printing/{kind.value}{suffix}/printer"


class PrintSettings:
    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store
        self._memory: dict[str, object] = {}

    def _get(self, key: str) -> object:
        if self._store is None:
            return self._memory.get(key)
        return self._store.value(key)

    def _set(self, key: str, value: object) -> None:
        if self._store is None:
            self._memory[key] = value
            return
        self._store.setValue(key, value)
        self._store.sync()  # a crash of the app must not lose the clerk's choice

    def _remove(self, key: str) -> None:
        if self._store is None:
            self._memory.pop(key, None)
        else:
            self._store.remove(key)
            self._store.sync()

    def printer_for(self, kind: DocumentKind, fmt: PaperFormat = PaperFormat.A4) -> str:
        value = self._get(printer_key(kind, fmt))
        return value if isinstance(value, str) else ""

    def remember_printer(self, kind: DocumentKind, fmt: PaperFormat, name: str) -> None:
        if name:
            self._set(printer_key(kind, fmt), name)

    def remembered(self) -> list[tuple[DocumentKind, PaperFormat, str]]:
        """Every remembered printer, in the order of the document kinds."""
        found = []
        for kind in DocumentKind:
            for fmt in (PaperFormat.A4, PaperFormat.THERMAL_80MM):
                name = self.printer_for(kind, fmt)
                if name:
                    found.append((kind, fmt, name))
        return found

    def forget_printers(self) -> None:
        for kind, fmt, _name in self.remembered():
            self._remove(printer_key(kind, fmt))

    @property
    def auto_print_receipt(self) -> bool:
        value = self._get(AUTO_RECEIPT_KEY)
        # An INI file gives booleans back as the strings "true" and "false".
        return value is True or (isinstance(value, str) and value.lower() == "true")

    @auto_print_receipt.setter
    def auto_print_receipt(self, on: bool) -> None:
        self._set(AUTO_RECEIPT_KEY, bool(on))

    @property
    def auto_receipt_to(self) -> AutoReceiptTo:
        value = self._get(AUTO_RECEIPT_TO_KEY)
        try:
            return AutoReceiptTo(value) if isinstance(value, str) else AutoReceiptTo.A4
        except ValueError:
            return AutoReceiptTo.A4

    @auto_receipt_to.setter
    def auto_receipt_to(self, where: AutoReceiptTo) -> None:
        self._set(AUTO_RECEIPT_TO_KEY, AutoReceiptTo(where).value)

    @property
    def auto_receipt_on_counter(self) -> bool:
        """受理后自动打印 goes to the 小票打印机: chosen so, and there is one to go to."""
        return self.auto_receipt_to is AutoReceiptTo.COUNTER and self.counter_printer.configured

    @property
    def counter_printer(self) -> CounterPrinter:
        """The 小票打印机; a setting that no longer reads (edited by hand) counts as none."""
        value = self._get(f"{COUNTER_KEY}/link")
        try:
            link = CounterLink(value) if isinstance(value, str) else CounterLink.NONE
        except ValueError:
            return CounterPrinter()
        if link is CounterLink.NONE:
            return CounterPrinter()

        def text(name: str) -> str:
            found = self._get(f"{COUNTER_KEY}/{name}")
            return found if isinstance(found, str) else ""

        def number(name: str, default: int) -> int:
            return _int(self._get(f"{COUNTER_KEY}/{name}"), default)

        printer = CounterPrinter(
            link,
            host=text("host"),
            port=number("port", 9100),
            vendor_id=number("vendor_id", 0),
            product_id=number("product_id", 0),
            device=text("device"),
            baudrate=number("baudrate", 9600),
            path=text("path"),
        )
        return CounterPrinter() if printer.problem() else printer

    @counter_printer.setter
    def counter_printer(self, printer: CounterPrinter) -> None:
        """Keep ``printer``; raises :class:`InvalidCounterPrinter` for one that cannot work."""
        problem = printer.problem()
        if problem:
            raise InvalidCounterPrinter(problem)
        values: dict[str, object] = {"link": printer.link.value}
        match printer.link:
            case CounterLink.NETWORK:
                values |= {"host": printer.host.strip(), "port": printer.port}
            case CounterLink.USB:
                values |= {"vendor_id": printer.vendor_id, "product_id": printer.product_id}
            case CounterLink.SERIAL:
                values |= {"device": printer.device.strip(), "baudrate": printer.baudrate}
            case CounterLink.FILE:
                values |= {"path": printer.path.strip()}
        # The other links' fields go: a printer is one connection, never a mix of two.
        for name in ("host", "port", "vendor_id", "product_id", "device", "baudrate", "path"):
            if name not in values:
                self._remove(f"{COUNTER_KEY}/{name}")
        for name, value in values.items():
            self._set(f"{COUNTER_KEY}/{name}", value)

    @property
    def save_dir(self) -> str:
        value = self._get(SAVE_DIR_KEY)
        return value if isinstance(value, str) else ""

    @save_dir.setter
    def save_dir(self, path: str) -> None:
        self._set(SAVE_DIR_KEY, path)
