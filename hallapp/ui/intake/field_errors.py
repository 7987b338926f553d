"""From the services' field paths (``applicant.doc_number``, ``materials[2].problem``,
``payment_method``) to the widgets the clerk must fix: the message goes next to the
field, and the focus to the first one named."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from hallapp.ui.intake.fields import FieldEdit
from hallapp.ui.intake.materials_model import MaterialsModel

if TYPE_CHECKING:
    from hallapp.ui.intake.intake_view import IntakeView

_MATERIAL = re.compile(r"^materials\[(\d+)\](?:\.(\w+))?$")
_MATERIAL_COLUMNS = {
    "problem": MaterialsModel.PROBLEM,
    "copies_taken": MaterialsModel.COPIES_TAKEN,
    "name": MaterialsModel.NAME,
}


def widget_for(view: IntakeView, path: str) -> QWidget | None:
    head, _, rest = path.partition(".")
    if head == "applicant":
        return view.applicant.widget_for(rest)
    if head == "proxy":
        return view.proxy.widget_for(rest)
    if head == "payment_method" or head.startswith("fees["):
        return view.fees.widget_for(path)
    if head == "green_reason":
        return view.green.reason
    if head == "decision":
        primary = view.decisions.primary()
        return view.decisions.buttons[primary] if primary else None
    if head == "refusal":
        return view.decisions.refuse_button
    if head == "materials" or _MATERIAL.match(path):
        return view.materials.table
    return None


def mark_fields(view: IntakeView, fields: list[str], problems: list[str]) -> None:
    for path, message in zip(fields, problems, strict=False):
        widget = widget_for(view, path)
        if isinstance(widget, FieldEdit):
            widget.show_error(message)
    if fields:
        focus_field(view, fields[0])


def focus_field(view: IntakeView, path: str) -> None:
    table = view.materials.table
    found = _MATERIAL.match(path)
    if found:
        row, field = int(found.group(1)), found.group(2) or ""
        table.focus_row(row, _MATERIAL_COLUMNS.get(field, MaterialsModel.STATUS))
        view.form_scroll.ensureWidgetVisible(table)
        if field in ("problem", "name"):
            table.edit(table.currentIndex())
        return
    if path == "materials":
        view.materials.focus_first_outstanding()
        view.form_scroll.ensureWidgetVisible(table)
        return
    widget = widget_for(view, path)
    if widget is None or not widget.isEnabled():
        return
    if widget.isHidden() and view.proxy.details.isAncestorOf(widget):
        view.proxy.enabled.setChecked(True)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    view.form_scroll.ensureWidgetVisible(widget)
    if isinstance(widget, FieldEdit):
        widget.selectAll()
