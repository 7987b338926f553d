"""What this computer remembers about printing: the printer for each document, and
whether a 受理通知书 comes out by itself after 受理.

Kept in the window's QSettings, not in the database: printers belong to the computer at
the counter, and two counters of one hall print on different machines. Without a
QSettings (a view built on its own), the choices last as long as the object.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from hallapp.documents.model import DocumentKind, PaperFormat

AUTO_RECEIPT_KEY = "printing/auto_receipt"
SAVE_DIR_KEY = "printing/save_dir"


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
    def save_dir(self) -> str:
        value = self._get(SAVE_DIR_KEY)
        return value if isinstance(value, str) else ""

    @save_dir.setter
    def save_dir(self, path: str) -> None:
        self._set(SAVE_DIR_KEY, path)
