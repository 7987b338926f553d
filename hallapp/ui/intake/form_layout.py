"""Where the intake screen's parts sit: the paper form's order, top to bottom, in a
scroll area, with the decisions always in sight below it; the result on a page of its own.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from hallapp.ui.intake.intake_view import IntakeView


def _section(title: str, *widgets: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    for widget in widgets:
        layout.addWidget(widget)
    return box


def arrange(view: IntakeView) -> None:
    tr = view.tr
    form = QWidget()
    form.setObjectName("intakeForm")
    # Read-only fields (a case resumed after a notice) must not look like they can be typed in.
    form.setStyleSheet('#intakeForm QLineEdit[readOnly="true"]{background:#ececec; color:#333;}')
    column = QVBoxLayout(form)
    column.addWidget(_section(tr("一、事项"), view.picker))
    column.addWidget(_section(tr("二、申请人"), view.applicant, view.proxy))
    column.addWidget(_section(tr("三、申请材料"), view.materials))
    last = QHBoxLayout()
    last.addWidget(_section(tr("四、收费（一票制）"), view.fees), 3)
    last.addWidget(_section(tr("五、绿色通道"), view.green), 2)
    column.addLayout(last)
    column.addStretch(1)
    view.form_scroll = QScrollArea()
    view.form_scroll.setWidget(form)
    view.form_scroll.setWidgetResizable(True)
    view.form_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    view.form_page = QWidget()
    page = QVBoxLayout(view.form_page)
    page.setContentsMargins(0, 0, 0, 0)
    page.addWidget(view.form_scroll, 1)
    page.addWidget(view.decisions)
    view.pages = QStackedWidget()
    view.pages.addWidget(view.form_page)
    view.pages.addWidget(view.result)
    layout = QVBoxLayout(view)
    layout.addWidget(view.banner)
    layout.addWidget(view.resume_note)
    layout.addWidget(view.messages)
    layout.addWidget(view.pages, 1)


def chain_tabs(view: IntakeView) -> None:
    """Tab follows the paper form; fee rows change with the item, so this runs again."""
    a, p, f = view.applicant, view.proxy, view.fees
    chain: list[QWidget] = [view.picker.search, view.picker.guide_button]
    chain += [a.person, a.organisation, a.doc_type, a.doc_number, a.name, a.phone]
    chain += [a.address, a.legal_rep, p.enabled, p.name, p.doc_type, p.doc_number, p.phone]
    chain += [view.materials.table, view.materials.all_received, view.materials.add_button]
    for row in f.rows:
        chain += [row.waived, row.reason]
    chain += [f.payment, view.green.enabled, view.green.reason]
    chain += list(view.decisions.buttons.values())
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)
