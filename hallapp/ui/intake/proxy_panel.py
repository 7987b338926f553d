"""委托代理人: someone acting for the applicant with a written authorisation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from hallapp.core.contact import check_phone
from hallapp.core.identity import DocumentType, check_document, check_person_name
from hallapp.core.intake import Applicant, ApplicantKind
from hallapp.ui.intake.applicant_panel import PERSON_TYPES, fill_doc_types
from hallapp.ui.intake.fields import FieldEdit, align_rows, with_error


class ProxyPanel(QWidget):
    changed = Signal()

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        self._today = today
        self.enabled = QCheckBox(self.tr("委托代理人(&W)"))
        self.enabled.setToolTip(self.tr("由他人持委托书代为办理时勾选"))
        self.name = FieldEdit(check_person_name)
        self.doc_type = QComboBox()
        fill_doc_types(self.doc_type, PERSON_TYPES)
        self.doc_number = FieldEdit(self._check_number)
        self.phone = FieldEdit(check_phone)
        self.details = QWidget()
        grid = QGridLayout(self.details)
        grid.setContentsMargins(24, 0, 0, 0)
        for column, stretch in ((1, 2), (3, 2), (5, 3), (7, 2)):
            grid.setColumnStretch(column, stretch)
        for column, (caption, widget) in enumerate(
            (
                (self.tr("姓名"), with_error(self.name)),
                (self.tr("证件类型"), self.doc_type),
                (self.tr("证件号码"), with_error(self.doc_number)),
                (self.tr("电话"), with_error(self.phone)),
            )
        ):
            grid.addWidget(QLabel(caption), 0, 2 * column)
            grid.addWidget(widget, 0, 2 * column + 1)
        align_rows(grid)
        self.details.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.details)

        self.enabled.toggled.connect(self._toggled)
        self.doc_type.currentIndexChanged.connect(lambda _i: self.doc_number.validate())
        for edit in (self.name, self.doc_number, self.phone):
            edit.textChanged.connect(lambda _t: self.changed.emit())

    def _check_number(self, text: str) -> str:
        return check_document(self.doc_type_value(), text, self._today())

    def _toggled(self, on: bool) -> None:
        self.details.setVisible(on)
        if on and not self.name.isReadOnly():
            self.name.setFocus()
        self.changed.emit()

    def doc_type_value(self) -> DocumentType:
        return DocumentType(self.doc_type.currentData() or DocumentType.RESIDENT_ID.value)

    def proxy(self) -> Applicant | None:
        if not self.enabled.isChecked():
            return None
        return Applicant(
            ApplicantKind.PERSON,
            self.name.text(),
            self.doc_type_value(),
            self.doc_number.text(),
            self.phone.text(),
        )

    def widget_for(self, field: str) -> QWidget | None:
        return {
            "name": self.name,
            "doc_type": self.doc_type,
            "doc_number": self.doc_number,
            "phone": self.phone,
        }.get(field)

    def payload(self) -> dict[str, Any] | None:
        if not self.enabled.isChecked():
            return None
        return {
            "name": self.name.text(),
            "doc_type": self.doc_type_value().value,
            "doc_number": self.doc_number.text(),
            "phone": self.phone.text(),
        }

    def load_payload(self, data: dict[str, Any] | None) -> None:
        self.enabled.setChecked(bool(data))
        data = data or {}
        index = self.doc_type.findData(data.get("doc_type", DocumentType.RESIDENT_ID.value))
        self.doc_type.setCurrentIndex(max(index, 0))
        for key in ("name", "doc_number", "phone"):
            getattr(self, key).setText(str(data.get(key, "")))

    def show_stored(self, name: str, masked_doc: str) -> None:
        self.set_read_only(True)
        self.load_payload({"name": name, "doc_number": masked_doc} if name else None)

    def set_read_only(self, read_only: bool) -> None:
        for edit in (self.name, self.doc_number, self.phone):
            edit.setReadOnly(read_only)
            edit.clear_error()
        self.enabled.setEnabled(not read_only)
        self.doc_type.setEnabled(not read_only)

    def clear(self) -> None:
        self.set_read_only(False)
        self.load_payload(None)
        for edit in (self.name, self.doc_number, self.phone):
            edit.clear_error()
