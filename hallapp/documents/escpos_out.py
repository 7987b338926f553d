"""The receipt and the fee bill as ESC/POS bytes for an 80 mm counter printer.

The content is the 80 mm PDF's (:mod:`hallapp.documents.thermal_slip`), laid out on the
printer's 48-column grid. python-escpos writes the commands (initialise, styles, the QR
code, the cut); the text goes out as raw GB18030 with the printer in Chinese character
mode, since python-escpos's own code pages have no Chinese encoding.

The printer stays in Chinese character mode throughout: the QR code, bar code and cut are
commands, which a printer reads the same in either mode, and Chinese models start up in
that mode, so leaving it would only upset the next program that prints.
"""

from __future__ import annotations

import re

from escpos.constants import (
    BARCODE_HEIGHT,
    BARCODE_TXT_OFF,
    BARCODE_TYPE_B,
    BARCODE_WIDTH,
    QR_ECLEVEL_M,
)
from escpos.printer import Dummy

from hallapp.documents.escpos_send import (
    EscposConnection,
    EscposTarget,
    PrinterError,
    PrinterOutOfPaper,
    PrinterUnavailable,
    send_bytes,
)
from hallapp.documents.escpos_text import COLUMNS, text_columns, wrap
from hallapp.documents.model import CaseDocument
from hallapp.documents.thermal_slip import (
    Slip,
    SlipAmount,
    SlipCodes,
    SlipField,
    SlipRule,
    SlipText,
    slip_for,
)

__all__ = [
    "COLUMNS",
    "EscposConnection",
    "EscposTarget",
    "PrinterError",
    "PrinterOutOfPaper",
    "PrinterUnavailable",
    "escpos_bytes",
    "send_escpos",
]

CHINESE_MODE_ON = b"\x1c&"  # FS &
ENCODING = "gb18030"
_DOTS = 576  # printable width of an 80 mm head at 203 dpi
_LABEL_MAX = 16  # columns; a longer label is not used as a hanging indent
_QR_MODULE = 6  # dots per QR module: about 20 mm for a case number
_BAR_MODULE = 2  # dots per Code 128 module, the narrowest that scans reliably
_BAR_HEIGHT = 60  # dots, 7.5 mm
_ITEM_NUMBER = re.compile(r"\d+\. ")


def escpos_bytes(doc: CaseDocument) -> bytes:
    """The receipt or bill as printer bytes, from initialisation to the cut.

    Raises ``ValueError`` for any other kind of document.
    """
    return _Job(slip_for(doc)).run()


def send_escpos(doc: CaseDocument, target: EscposTarget) -> None:
    """Print the receipt or bill on the printer ``target`` describes.

    The bytes are made before the printer is touched, so a refused document never
    leaves a half-printed slip. Raises :class:`PrinterUnavailable` when the printer
    cannot be reached or fails during the job, :class:`PrinterOutOfPaper` when it
    reports an empty roll; both carry a message for the clerk, who can save the PDF
    instead.
    """
    send_bytes(escpos_bytes(doc), target)


class _Job:
    def __init__(self, slip: Slip) -> None:
        self._slip = slip
        # A Dummy printer only collects what python-escpos writes for each command.
        self._printer = Dummy()
        self._out = bytearray()
        labels = [text_columns(f"{x.label}：") for x in slip.lines if isinstance(x, SlipField)]
        self._label_cols = max((c for c in labels if c <= _LABEL_MAX), default=0)

    def run(self) -> bytes:
        p = self._printer
        p.hw("INIT")
        self._take()
        self._out += CHINESE_MODE_ON
        self._style(align="center", bold=True, font="a")
        self._lines(wrap(self._slip.hall_name))
        self._style(custom_size=True, width=1, height=2)
        self._lines(wrap(self._slip.title))
        self._style(custom_size=True, width=1, height=1, bold=False)
        if self._slip.mark:
            # White on black: a copy must not pass for the first print.
            self._style(invert=True)
            self._lines(wrap(f"\u3000{self._slip.mark}\u3000"))
            self._style(invert=False)
        self._style(align="left")
        for line in self._slip.lines:
            match line:
                case SlipField():
                    self._field(line)
                case SlipAmount():
                    self._amount(line)
                case SlipText():
                    self._text(line)
                case SlipRule():
                    self._lines(["-" * COLUMNS])
                case SlipCodes():
                    self._codes(line.value)
        p.cut()
        self._take()
        return bytes(self._out)

    def _take(self) -> None:
        self._out += self._printer.output
        self._printer.clear()

    def _style(self, **settings: object) -> None:
        self._printer.set(**settings)
        self._take()

    def _lines(self, lines: list[str]) -> None:
        for line in lines:
            self._out += line.encode(ENCODING, errors="replace") + b"\n"

    def _field(self, line: SlipField) -> None:
        label = f"{line.label}："
        cols = text_columns(label)
        if line.strong:
            self._style(bold=True)
        if cols <= self._label_cols:
            indent = self._label_cols
            body = wrap(line.value, COLUMNS - indent)
            head = label + " " * (indent - cols)
            self._lines([head + body[0], *(" " * indent + rest for rest in body[1:])])
        else:
            self._lines(wrap(label + line.value))
        if line.strong:
            self._style(bold=False)

    def _amount(self, line: SlipAmount) -> None:
        indent = 4 if line.detail else 0
        amount_cols = text_columns(line.amount)
        label = wrap(line.label, max(COLUMNS - indent - amount_cols - 2, 8))
        gap = COLUMNS - indent - text_columns(label[0]) - amount_cols
        if line.strong:
            self._style(bold=True)
        if gap >= 1:
            first = " " * indent + label[0] + " " * gap + line.amount
            self._lines([first, *(" " * indent + rest for rest in label[1:])])
        else:
            # An amount too wide to share a line (never with real fees) goes under.
            self._lines([" " * indent + x for x in label])
            self._lines([" " * (COLUMNS - amount_cols) + line.amount])
        if line.strong:
            self._style(bold=False)

    def _text(self, line: SlipText) -> None:
        if line.role == "centre":
            self._style(align="center")
            self._lines(wrap(line.text))
            self._style(align="left")
            return
        number = _ITEM_NUMBER.match(line.text) if line.role == "item" else None
        if number is None:
            self._lines(wrap(line.text))
            return
        # Numbered entries hang under their text, not under the number.
        indent = len(number.group())
        body = wrap(line.text[indent:], COLUMNS - indent)
        self._lines([number.group() + body[0], *(" " * indent + rest for rest in body[1:])])

    def _codes(self, value: str) -> None:
        self._style(align="center")
        self._printer.qr(value, ec=QR_ECLEVEL_M, size=_QR_MODULE, native=True)
        self._take()
        barcode = code128_command(value)
        if barcode is not None:
            self._out += barcode
        self._style(align="left")


def code128_command(value: str) -> bytes | None:
    """``GS k`` printing ``value`` as Code 128, or ``None`` if it does not fit the paper.

    Written here rather than by python-escpos's ``barcode()``, which prints a line on
    standard output (harmful when the bytes themselves go to standard output) and
    leaves the choice of code sets to the caller. Runs of four or more digits use code
    set C, two digits a bar, which is what lets a 26-character case number fit at all.
    """
    if not value or not all(" " <= c <= "~" for c in value):
        return None
    segments: list[tuple[str, str]] = []  # (code set, text)
    at = 0
    for run in re.finditer(r"\d{4,}", value):
        start = run.start() + (run.end() - run.start()) % 2  # an odd digit stays in B
        if start > at:
            segments.append(("B", value[at:start]))
        segments.append(("C", value[start : run.end()]))
        at = run.end()
    if at < len(value):
        segments.append(("B", value[at:]))

    data = bytearray()
    symbols = 2  # start and check characters
    for index, (code_set, text) in enumerate(segments):
        data += b"{" + code_set.encode()
        symbols += 1 if index else 0
        if code_set == "C":
            data += bytes(int(text[i : i + 2]) for i in range(0, len(text), 2))
            symbols += len(text) // 2
        else:
            data += text.replace("{", "{{").encode("ascii")
            symbols += len(text)
    # 11 modules a symbol, 13 for the stop character, 10 of quiet zone on either side.
    modules = 11 * symbols + 13 + 20
    if modules * _BAR_MODULE > _DOTS or len(data) > 255:
        return None
    return (
        BARCODE_HEIGHT
        + bytes([_BAR_HEIGHT])
        + BARCODE_WIDTH
        + bytes([_BAR_MODULE])
        # No digits under the bars: the number is printed as text just above.
        + BARCODE_TXT_OFF
        + BARCODE_TYPE_B["CODE128"]
        + bytes([len(data)])
        + bytes(data)
    )
