"""Reading the form: the :class:`IntakeForm` the services check, and the draft payload."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hallapp.core.intake import IntakeForm
from hallapp.ui.intake.draft import DRAFT_VERSION, material_rows

if TYPE_CHECKING:
    from hallapp.ui.intake.intake_view import IntakeView


def intake_form(view: IntakeView) -> IntakeForm:
    """Everything as typed; the services normalise and check it."""
    assert view.picker.guide is not None
    return IntakeForm(
        item_version_id=view.picker.guide.version_id,
        applicant=view.applicant.applicant(),
        materials=view.materials.model.lines(),
        fees=view.fees.fees(),
        proxy=view.proxy.proxy(),
        payment_method=view.fees.payment_method(),
        green_channel=view.green.enabled.isChecked(),
        green_reason=view.green.reason.text(),
        idempotency_key=view.form_key,
    )


def draft_payload(view: IntakeView) -> dict[str, Any] | None:
    """The form as a small JSON-safe dict; ``None`` when there is nothing worth keeping."""
    if view.resuming is not None or view.pages.currentWidget() is not view.form_page:
        return None
    applicant = view.applicant.payload()
    guide = view.picker.guide
    typed = any(str(v).strip() for k, v in applicant.items() if k not in ("kind", "doc_type"))
    if guide is None and not typed:
        return None
    return {
        "v": DRAFT_VERSION,
        "key": view.form_key,
        "item": guide.version_id if guide else None,
        "item_name": guide.spec.name if guide else "",
        "applicant": applicant,
        "proxy": view.proxy.payload(),
        "materials": material_rows(view.materials.model.lines()),
        "fees": view.fees.payload(),
        "green": view.green.payload(),
    }
