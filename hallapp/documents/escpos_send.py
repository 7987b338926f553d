"""Where ESC/POS bytes go: a counter printer on USB, a serial port or the network, or a
file (a printer's device file such as ``/dev/usb/lp0``, or a file to look at later).

Failures reach the clerk as :class:`PrinterError` with a plain Chinese message, so the
window can show it and offer to save the PDF instead; nothing here knows about Qt.
"""

from __future__ import annotations

import contextlib
import errno
import socket
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from escpos import printer as escpos_printer
from escpos.exceptions import Error as EscposError

from hallapp.errors import HallappError

__all__ = [
    "EscposConnection",
    "EscposTarget",
    "PrinterError",
    "PrinterOutOfPaper",
    "PrinterUnavailable",
    "send_bytes",
]

# Long enough for a printer on the hall's own network, short enough that a switched-off
# one is reported while the clerk is still looking at the screen.
DEFAULT_TIMEOUT = 5.0
# Printers that do not answer a status query are waited for this long, then printed to.
_STATUS_TIMEOUT = 0.8
_NO_PAPER = 0  # python-escpos's paper_status(): 2 plenty, 1 near the end, 0 none

_REASONS = {
    errno.ECONNREFUSED: "连接被拒绝，请确认打印机已开机、地址和端口正确",
    errno.ETIMEDOUT: "连接超时，请确认打印机已开机并已接入网络",
    errno.EHOSTUNREACH: "找不到打印机，请检查网络",
    errno.ENETUNREACH: "网络不通，请检查网线或无线网络",
    errno.ECONNRESET: "打印机断开了连接",
    errno.EPIPE: "打印机断开了连接",
    errno.ENOENT: "设备或文件不存在",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有访问权限",
    errno.EBUSY: "设备正被其他程序使用",
    errno.ENODEV: "设备不存在",
    errno.EIO: "设备读写出错",
}


class EscposConnection(StrEnum):
    """How the counter printer is attached; the values are what settings store."""

    USB = "usb"
    SERIAL = "serial"
    NETWORK = "network"
    FILE = "file"


@dataclass(frozen=True)
class EscposTarget:
    """One printer connection. Make it with :meth:`usb`, :meth:`serial`, :meth:`network`
    or :meth:`file`; the fields another connection does not use keep their defaults."""

    connection: EscposConnection
    vendor_id: int = 0
    product_id: int = 0
    device: str = ""  # serial port: COM3, /dev/ttyUSB0
    baudrate: int = 9600
    host: str = ""
    port: int = 9100  # raw printing (JetDirect), what network receipt printers listen on
    path: Path | None = None
    timeout: float = DEFAULT_TIMEOUT

    def __post_init__(self) -> None:
        problem = self._problem()
        if problem:
            raise ValueError(f"{self.connection.value} printer: {problem}")

    def _problem(self) -> str:
        match self.connection:
            case EscposConnection.USB:
                ids = (self.vendor_id, self.product_id)
                if not all(0 < i <= 0xFFFF for i in ids):
                    return f"vendor and product id must be 1..0xFFFF, got {ids}"
            case EscposConnection.SERIAL:
                if not self.device or self.baudrate <= 0:
                    return f"need a device and a positive baud rate, got {self.device!r}"
            case EscposConnection.NETWORK:
                if not self.host or not 0 < self.port <= 0xFFFF:
                    return f"need a host and a port 1..65535, got {self.host!r}:{self.port}"
            case EscposConnection.FILE:
                if self.path is None:
                    return "need a path"
        return "" if self.timeout > 0 else f"timeout must be positive, got {self.timeout}"

    @classmethod
    def usb(cls, vendor_id: int, product_id: int) -> EscposTarget:
        return cls(EscposConnection.USB, vendor_id=vendor_id, product_id=product_id)

    @classmethod
    def serial(cls, device: str, baudrate: int = 9600) -> EscposTarget:
        return cls(EscposConnection.SERIAL, device=device, baudrate=baudrate)

    @classmethod
    def network(cls, host: str, port: int = 9100, timeout: float = DEFAULT_TIMEOUT) -> EscposTarget:
        return cls(EscposConnection.NETWORK, host=host, port=port, timeout=timeout)

    @classmethod
    def file(cls, path: Path) -> EscposTarget:
        return cls(EscposConnection.FILE, path=Path(path))

    def describe(self) -> str:
        """The printer as the clerk would recognise it, e.g. 网络打印机 192.168.1.50:9100."""
        match self.connection:
            case EscposConnection.USB:
                return f"USB打印机 {self.vendor_id:04X}:{self.product_id:04X}"
            case EscposConnection.SERIAL:
                return f"串口打印机 {self.device}（{self.baudrate}波特）"
            case EscposConnection.NETWORK:
                return f"网络打印机 {self.host}:{self.port}"
            case EscposConnection.FILE:
                return f"打印文件 {self.path}"


class PrinterError(HallappError):
    """The counter printer did not print; the UI offers to save the PDF instead."""

    def __init__(self, message: str, target: EscposTarget) -> None:
        super().__init__(message)
        self.target = target


class PrinterUnavailable(PrinterError):
    def __init__(self, target: EscposTarget, detail: str) -> None:
        super().__init__(f"打印机未连接或无法访问：{target.describe()}（{detail}）", target)
        self.detail = detail


class PrinterOutOfPaper(PrinterError):
    def __init__(self, target: EscposTarget) -> None:
        super().__init__(f"打印机缺纸：{target.describe()}。请装好打印纸后再打印。", target)


def send_bytes(data: bytes, target: EscposTarget) -> None:
    """Send ``data`` to the printer in one write, checking for paper first where the
    printer can say. Raises :class:`PrinterUnavailable` or :class:`PrinterOutOfPaper`."""
    printer = _connect(target)
    try:
        if target.connection is not EscposConnection.FILE and _paper_out(printer, target):
            raise PrinterOutOfPaper(target)
        # python-escpos has no public call for bytes already made; _raw is what every one
        # of its connections implements and what its own commands write through.
        printer._raw(data)
    except (OSError, EscposError) as e:
        raise PrinterUnavailable(target, _reason(e)) from e
    finally:
        # The job's own outcome is what the clerk needs to know, not a failed goodbye.
        with contextlib.suppress(OSError, EscposError):
            printer.close()


def _connect(target: EscposTarget) -> Any:
    # Checked before a printer object exists: python-escpos's USB printer raises from its
    # destructor too when pyusb is missing.
    needs = {
        EscposConnection.USB: (escpos_printer.Usb, "pyusb"),
        EscposConnection.SERIAL: (escpos_printer.Serial, "pyserial"),
    }
    if target.connection in needs:
        kind, module = needs[target.connection]
        if not kind.is_usable():
            raise PrinterUnavailable(target, f"本机缺少连接这种打印机所需的组件 {module}")
    try:
        match target.connection:
            case EscposConnection.USB:
                p = escpos_printer.Usb(
                    target.vendor_id, target.product_id, timeout=int(target.timeout * 1000)
                )
            case EscposConnection.SERIAL:
                p = escpos_printer.Serial(
                    target.device, baudrate=target.baudrate, timeout=target.timeout
                )
            case EscposConnection.NETWORK:
                p = escpos_printer.Network(target.host, target.port, timeout=target.timeout)
            case EscposConnection.FILE:
                p = escpos_printer.File(str(target.path))
        p.open()
    except (OSError, EscposError) as e:
        raise PrinterUnavailable(target, _reason(e)) from e
    except ValueError as e:
        # pyusb raises NoBackendError (a ValueError) when the machine has no libusb.
        if type(e).__name__ != "NoBackendError":
            raise
        raise PrinterUnavailable(target, "本机缺少USB打印所需的 libusb 驱动库") from e
    return p


def _paper_out(printer: Any, target: EscposTarget) -> bool:
    """Whether the printer answers the status query (DLE EOT 4) with "paper end".

    A printer that does not answer, or answers nonsense, is printed to anyway: many
    cheaper models ignore status queries, and the job is then simply queued.
    """
    device = printer.device
    # Only the wait for the answer is shortened; the job itself keeps the full timeout.
    if isinstance(device, socket.socket):
        device.settimeout(_STATUS_TIMEOUT)
    elif target.connection is EscposConnection.SERIAL:
        device.timeout = _STATUS_TIMEOUT
    try:
        return bool(printer.paper_status() == _NO_PAPER)
    except (OSError, EscposError, NotImplementedError):
        return False
    finally:
        if isinstance(device, socket.socket):
            device.settimeout(target.timeout)
        elif target.connection is EscposConnection.SERIAL:
            device.timeout = target.timeout


def _reason(error: BaseException) -> str:
    """A short Chinese reason for ``error``; python-escpos hides the cause in its context."""
    cause: BaseException | None = error
    for _ in range(5):
        if cause is None or isinstance(cause, OSError):
            break
        cause = cause.__cause__ or cause.__context__
    if isinstance(cause, socket.gaierror):
        return "找不到这个打印机地址，请检查主机名或IP地址"
    if isinstance(cause, TimeoutError):
        return _REASONS[errno.ETIMEDOUT]
    if isinstance(cause, OSError):
        if cause.errno in _REASONS:
            return _REASONS[cause.errno]
        return cause.strerror or str(cause) or type(cause).__name__
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
