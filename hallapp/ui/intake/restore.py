"""Filling the form by program: a picked item's checklist, a restored draft, a case that
comes back after a one-time notice, and the empty form for the next applicant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from hallapp.core.identity import DocumentType, Sex
from hallapp.core.intake import Applicant, ApplicantKind, FeeLine, MaterialLine, MaterialStatus
from hallapp.core.lifecycle import State
from hallapp.services.cases import CaseDetail
from hallapp.services.catalogue import ItemGuide
from hallapp.services.intake import new_form_key
from hallapp.ui.intake.draft import lines_from_rows, usable
from hallapp.ui.intake.materials_model import lines_from_spec

if TYPE_CHECKING:
    from hallapp.ui.intake.intake_view import IntakeView

usable_draft = usable


def _tr(text: str) -> str:
    return QCoreApplication.translate("IntakeView", text)


@dataclass(frozen=True)
class Resumed:
    case_id: int
    number: str


def on_the_spot(guide: ItemGuide) -> bool:
    """即办件, as the services decide it: both limits are 0."""
    return guide.spec.promised_limit.on_the_spot and guide.spec.legal_limit.on_the_spot


def _notes(guide: ItemGuide | None, lines: list[MaterialLine]) -> list[str]:
    known = {m.name: m.notes for m in guide.spec.materials} if guide else {}
    return [known.get(m.name, "") for m in lines]


def fill_item(view: IntakeView, guide: ItemGuide) -> None:
    spec = guide.spec
    lines = lines_from_spec(spec.materials)
    view.materials.model.set_lines(lines, _notes(guide, lines))
    view.fees.set_fees([FeeLine(f.name, f.amount_fen) for f in spec.fees])
    view.decisions.set_item(on_the_spot(guide))


def clear(view: IntakeView) -> None:
    view.resuming = None
    view.resume_note.hide()
    view.messages.hide()
    view.picker.clear()
    view.applicant.clear()
    view.proxy.clear()
    view.materials.model.set_lines([])
    view.fees.set_read_only(False)
    view.fees.set_fees([])
    view.green.clear()
    view.decisions.set_item(None)
    view.drafts.stop()


# drafts -------------------------------------------------------------------------------
def apply_draft(view: IntakeView, payload: dict[str, Any]) -> None:
    version_id = payload.get("item")
    if isinstance(version_id, int):

        def item_gone(exc: BaseException) -> None:  # e.g. withdrawn from the catalogue since
            _apply(view, payload, None)
            view.messages.error(getattr(exc, "message", str(exc)))

        view.executor.submit(
            lambda: view.services.item_guide(version_id),
            lambda guide: _apply(view, payload, guide),
            item_gone,
        )
    else:
        _apply(view, payload, None)


def _apply(view: IntakeView, payload: dict[str, Any], guide: ItemGuide | None) -> None:
    view.loading += 1
    try:
        clear(view)
        if guide is not None:
            view.picker.set_guide(guide, emit=False)
            fill_item(view, guide)
            try:
                lines = lines_from_rows(payload.get("materials") or [])
            except (ValueError, TypeError):
                lines = list(view.materials.model.lines())  # an older shape: the checklist
            view.materials.model.set_lines(lines, _notes(guide, lines))
        view.applicant.load_payload(payload.get("applicant") or {})
        view.proxy.load_payload(payload.get("proxy"))
        view.fees.load_payload(payload.get("fees") or {})
        view.green.load_payload(payload.get("green") or {})
        key = payload.get("key")
        view.form_key = key if isinstance(key, str) and key else new_form_key()
    finally:
        view.loading -= 1
    view.chain_tabs()
    target = view.applicant.doc_number if guide is not None else view.picker.search
    target.setFocus()


# resuming after a one-time notice -----------------------------------------------------
def _stored_lines(detail: CaseDetail) -> list[MaterialLine]:
    return [
        MaterialLine(
            m.name,
            m.form,
            m.copies_required,
            m.required,
            MaterialStatus(m.status),
            m.original_seen,
            m.copies_taken,
            m.problem,
            m.extra,
        )
        for m in detail.materials
    ]


def show_case(view: IntakeView, detail: CaseDetail, guide: ItemGuide) -> None:
    if detail.state is not State.AWAITING_SUPPLEMENT:
        view.messages.error(
            _tr("办件 %1 当前为“%2”，只有“待补正”的办件可以补正后继续受理")
            .replace("%1", detail.number)
            .replace("%2", detail.state.label)
        )
        return
    view.clear_form()
    view.loading += 1
    try:
        view.resuming = Resumed(detail.id, detail.number)
        view.picker.set_guide(guide, emit=False)
        view.picker.set_read_only(True)
        view.decisions.set_item(on_the_spot(guide))
        applicant = Applicant(
            ApplicantKind(detail.applicant_kind),
            detail.applicant_name,
            DocumentType(detail.applicant_doc_type),
            detail.masked_doc,
            detail.applicant_phone,
            detail.applicant_address,
            detail.legal_representative,
        )
        identity = ""
        if detail.applicant_sex and detail.applicant_birth_date:
            sex = Sex(detail.applicant_sex).label
            identity = view.applicant.identity_text(sex, detail.applicant_birth_date)
        view.applicant.show_stored(applicant, identity)
        view.proxy.show_stored(detail.proxy_name, detail.proxy_masked_doc)
        lines = _stored_lines(detail)
        view.materials.model.set_lines(lines, _notes(guide, lines))
        view.fees.set_read_only(True)
        view.fees.set_fees(
            [FeeLine(f.name, f.amount_fen, f.waived, f.waiver_reason) for f in detail.fees]
        )
        view.fees.payment.setCurrentIndex(max(view.fees.payment.findData(detail.payment_method), 0))
        # The fees are fixed, but they are paid now: the clerk chooses how.
        view.fees.payment.setEnabled(True)
        view.green.load_payload({"on": detail.green_channel, "reason": detail.green_reason})
        view.green.set_read_only(True)
        view.resume_note.setText(
            _tr(
                "补正后继续受理：办件编号 %1（待补正）。事项和申请人不可修改；"
                "请按申请人补交的情况核对材料，再作决定。"
            ).replace("%1", detail.number)
        )
        view.resume_note.show()
    finally:
        view.loading -= 1
    view.chain_tabs()
    view.setFocusProxy(view.materials.table)
    view.materials.focus_first_outstanding()
