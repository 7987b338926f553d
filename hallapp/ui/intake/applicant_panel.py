"""申请人: who applies, checked as the clerk goes, recognised when they came before."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QWidget,
)

from hallapp.core.contact import check_phone
from hallapp.core.identity import (
    DocumentType,
    InvalidDocument,
    check_document,
    check_org_name,
    check_person_name,
    check_resident_id,
    halfwidth,
)
from hallapp.core.intake import Applicant, ApplicantKind
from hallapp.ui.intake.fields import FieldEdit, align_rows, with_error

PERSON_TYPES = [t for t in DocumentType if not t.for_organisation]
RETURNING_STYLE = "background:#e6f0fb; border:1px solid #9bbbe0; color:#15457a; padding:2px 6px;"
_GB11643_TYPES = (DocumentType.RESIDENT_ID, DocumentType.HMT_RESIDENCE)


def fill_doc_types(combo: QComboBox, types: list[DocumentType]) -> None:
    combo.blockSignals(True)
    combo.clear()
    for doc_type in types:
        combo.addItem(doc_type.label, doc_type.value)
    combo.blockSignals(False)


def compact(text: str) -> str:
    return "".join(halfwidth(text).split())


class ApplicantPanel(QWidget):
    changed = Signal()
    number_completed = Signal(str)  # a valid document number, normalised

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        self._today = today
        self._completed = ""
        self._auto: dict[str, str] = {}  # field -> the value filled in from the last case
        self.person = QRadioButton(self.tr("个人(&1)"))
        self.organisation = QRadioButton(self.tr("法人或其他组织(&2)"))
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.person)
        self.kind_group.addButton(self.organisation)
        self.person.setChecked(True)
        self.doc_type = QComboBox()
        fill_doc_types(self.doc_type, PERSON_TYPES)
        self.doc_number = FieldEdit(self._check_number, self.tr("18位身份证号码，末位X大小写均可"))
        self.identity = QLabel()
        self.identity.setObjectName("identityFacts")
        self.identity.setMinimumWidth(190)
        self.returning = QLabel(self.tr("老申请人：已按上次办件填入，请核对"))
        self.returning.setStyleSheet(RETURNING_STYLE)
        self.returning.hide()
        self.name = FieldEdit(check_person_name)
        self.phone = FieldEdit(check_phone, self.tr("手机11位，固话加区号"))
        self.address = FieldEdit()
        self.legal_rep = FieldEdit(check_person_name)

        self.name_label = QLabel(self.tr("姓名(&E)"))
        self.name_label.setBuddy(self.name)
        number_label = QLabel(self.tr("证件号码(&Z)"))
        number_label.setBuddy(self.doc_number)
        type_label = QLabel(self.tr("证件类型(&T)"))
        type_label.setBuddy(self.doc_type)
        phone_label = QLabel(self.tr("联系电话(&P)"))
        phone_label.setBuddy(self.phone)
        self.legal_rep_label = QLabel(self.tr("法定代表人"))

        kinds = QHBoxLayout()
        kinds.setContentsMargins(0, 0, 0, 0)
        kinds.addWidget(self.person)
        kinds.addWidget(self.organisation)
        kinds.addStretch(1)
        kinds_box = QWidget()
        kinds_box.setLayout(kinds)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        grid.addWidget(QLabel(self.tr("申请人类型")), 0, 0)
        grid.addWidget(kinds_box, 0, 1)
        grid.addWidget(type_label, 0, 2)
        grid.addWidget(self.doc_type, 0, 3)
        grid.addWidget(number_label, 1, 0)
        grid.addWidget(with_error(self.doc_number, self.identity), 1, 1)
        grid.addWidget(self.returning, 1, 2, 1, 2)
        grid.addWidget(self.name_label, 2, 0)
        grid.addWidget(with_error(self.name), 2, 1)
        grid.addWidget(phone_label, 2, 2)
        grid.addWidget(with_error(self.phone), 2, 3)
        grid.addWidget(QLabel(self.tr("住址")), 3, 0)
        grid.addWidget(with_error(self.address), 3, 1)
        grid.addWidget(self.legal_rep_label, 3, 2)
        grid.addWidget(with_error(self.legal_rep), 3, 3)
        align_rows(grid)
        self._kind_changed()

        self.organisation.toggled.connect(lambda _on: self._kind_changed())
        self.doc_type.currentIndexChanged.connect(lambda _i: self._type_changed())
        self.doc_number.textChanged.connect(self._number_edited)
        self.doc_number.editingFinished.connect(self._number_finished)
        for edit in (self.doc_number, self.name, self.phone, self.address, self.legal_rep):
            edit.textChanged.connect(lambda _t: self.changed.emit())
        self.kind_group.buttonToggled.connect(lambda *_: self.changed.emit())

    # what the clerk typed ---------------------------------------------------------------
    def kind(self) -> ApplicantKind:
        org = self.organisation.isChecked()
        return ApplicantKind.ORGANISATION if org else ApplicantKind.PERSON

    def doc_type_value(self) -> DocumentType:
        return DocumentType(self.doc_type.currentData() or DocumentType.RESIDENT_ID.value)

    def applicant(self) -> Applicant:
        org = self.kind() is ApplicantKind.ORGANISATION
        return Applicant(
            self.kind(),
            self.name.text(),
            self.doc_type_value(),
            self.doc_number.text(),
            self.phone.text(),
            self.address.text(),
            self.legal_rep.text() if org else "",
        )

    def widget_for(self, field: str) -> QWidget | None:
        return {
            "kind": self.person,
            "doc_type": self.doc_type,
            "doc_number": self.doc_number,
            "name": self.name,
            "phone": self.phone,
            "address": self.address,
            "legal_representative": self.legal_rep,
        }.get(field)

    # checks -----------------------------------------------------------------------------
    def _check_number(self, text: str) -> str:
        return check_document(self.doc_type_value(), text, self._today())

    def _kind_changed(self) -> None:
        org = self.kind() is ApplicantKind.ORGANISATION
        fill_doc_types(self.doc_type, [DocumentType.CREDIT_CODE] if org else PERSON_TYPES)
        self.doc_type.setEnabled(not org and not self.doc_number.isReadOnly())
        self.name_label.setText(self.tr("单位名称(&E)") if org else self.tr("姓名(&E)"))
        self.name.set_check(check_org_name if org else check_person_name)
        self.legal_rep_label.setVisible(org)
        self.legal_rep.setVisible(org)
        self._type_changed()

    def _type_changed(self) -> None:
        placeholder = {
            DocumentType.RESIDENT_ID: self.tr("18位身份证号码，末位X大小写均可"),
            DocumentType.CREDIT_CODE: self.tr("18位统一社会信用代码"),
        }.get(self.doc_type_value(), "")
        self.doc_number.setPlaceholderText(placeholder)
        self.doc_number.clear_error()
        self._completed = ""
        self._number_edited(self.doc_number.text())
        self.changed.emit()

    def _number_edited(self, text: str) -> None:
        """A number is looked at once it has all its 18 characters; shorter ones (old
        15-digit IDs, passports) when the clerk leaves the field."""
        self.identity.clear()
        if len(compact(text)) == 18:
            self._number_finished(show_error=True)
        elif self._completed:
            self._completed = ""
            self.returning.hide()

    def _number_finished(self, show_error: bool = True) -> None:
        if self.doc_number.isReadOnly():
            return
        try:
            number = self._check_number(self.doc_number.text())
        except InvalidDocument as exc:
            if show_error and compact(self.doc_number.text()):
                self.doc_number.show_error(exc.message)
            return
        self.doc_number.clear_error()
        if self.doc_type_value() in _GB11643_TYPES:
            rid = check_resident_id(number, self._today())
            self.identity.setText(self.identity_text(rid.sex.label, rid.birth_date))
        if number != self._completed:
            self._completed = number
            self.returning.hide()
            self.number_completed.emit(number)

    def identity_text(self, sex: str, born: date) -> str:
        today = self._today()
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        return (
            self.tr("%1　%2出生（%3岁）")
            .replace("%1", sex)
            .replace("%2", born.isoformat())
            .replace("%3", str(age))
        )

    # the returning applicant ------------------------------------------------------------
    def fill_returning(self, number: str, previous: Applicant) -> bool:
        """Fill what the last case knew; never overwrite what the clerk typed here."""
        if number != self._completed:
            return False  # the clerk has typed another number since
        values = {
            "name": previous.name,
            "phone": previous.phone,
            "address": previous.address,
            "legal_rep": previous.legal_representative,
        }
        for key, value in values.items():
            edit: FieldEdit = getattr(self, key)
            current = edit.text().strip()
            if value and (not current or current == self._auto.get(key)):
                edit.setText(value)
                self._auto[key] = value
        self.returning.show()
        return True

    # drafts, resuming, clearing ---------------------------------------------------------
    def payload(self) -> dict[str, Any]:
        a = self.applicant()
        return {
            "kind": a.kind.value,
            "doc_type": a.doc_type.value,
            "doc_number": a.doc_number,
            "name": a.name,
            "phone": a.phone,
            "address": a.address,
            "legal_rep": self.legal_rep.text(),
        }

    def load_payload(self, data: dict[str, Any]) -> None:
        org = data.get("kind") == ApplicantKind.ORGANISATION.value
        (self.organisation if org else self.person).setChecked(True)
        index = self.doc_type.findData(data.get("doc_type", DocumentType.RESIDENT_ID.value))
        self.doc_type.setCurrentIndex(max(index, 0))
        for key in ("name", "phone", "address", "legal_rep", "doc_number"):
            getattr(self, key).setText(str(data.get(key, "")))

    def show_stored(self, a: Applicant, identity: str) -> None:
        """A case's applicant, read-only (resuming after a one-time notice)."""
        self.set_read_only(True)
        self.load_payload(
            {
                "kind": a.kind.value,
                "doc_type": a.doc_type.value,
                "doc_number": a.doc_number,
                "name": a.name,
                "phone": a.phone,
                "address": a.address,
                "legal_rep": a.legal_representative,
            }
        )
        self.set_read_only(True)
        self.identity.setText(identity)

    def set_read_only(self, read_only: bool) -> None:
        for edit in (self.doc_number, self.name, self.phone, self.address, self.legal_rep):
            edit.setReadOnly(read_only)
            edit.clear_error()
        for widget in (self.person, self.organisation):
            widget.setEnabled(not read_only)
        self.doc_type.setEnabled(not read_only and self.kind() is ApplicantKind.PERSON)

    def clear(self) -> None:
        self.set_read_only(False)
        self.person.setChecked(True)
        self.doc_type.setCurrentIndex(0)
        for edit in (self.doc_number, self.name, self.phone, self.address, self.legal_rep):
            edit.clear()
            edit.clear_error()
        self.identity.clear()
        self.returning.hide()
        self._auto.clear()
        self._completed = ""
