"""What the clerk tells the applicant once the case is saved: big, plain, nothing else
but the papers to hand over (受理通知书, 收费收据, 一次性告知书 or 不予受理通知书)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hallapp.core.intake import REFUSAL_REASONS, Decision, MaterialLine, Refusal
from hallapp.documents.model import DocumentKind, PaperFormat
from hallapp.services.intake import IntakeResult
from hallapp.services.printing import DocumentChoice
from hallapp.ui.due_date_label import DueDateLabel
from hallapp.ui.printing import PrintMessage, PrintOutcome

TITLE_COLOURS = {
    Decision.ACCEPT: "#1e6b2e",
    Decision.ON_THE_SPOT: "#1e6b2e",
    Decision.NOTICE: "#9a5b00",
    Decision.REFUSE: "#8a1c12",
}


# The papers of the window's decision; 办结通知书 too for a case finished on the spot (即办).
INTAKE_DOCUMENTS = (
    DocumentKind.RECEIPT,
    DocumentKind.NOTICE,
    DocumentKind.REFUSAL,
    DocumentKind.BILL,
    DocumentKind.PICKUP,
    DocumentKind.AUTHORISATION,  # once an agent is registered at the counter
)


def intake_documents(choices: list[DocumentChoice]) -> list[DocumentKind]:
    """The documents to offer after the decision, the decision's own paper first: the
    services say which ones the case has (a 收费收据 only with fees, and so on)."""
    applying = {c.kind for c in choices if c.applies}
    return [kind for kind in INTAKE_DOCUMENTS if kind in applying]


def _scaled(widget: QWidget, factor: float, bold: bool = True) -> None:
    font = QFont(widget.font())
    font.setPointSizeF(max(font.pointSizeF(), 9.0) * factor)
    font.setBold(bold)
    widget.setFont(font)


class ResultPanel(QWidget):
    next_requested = Signal()
    print_requested = Signal(object, object)  # DocumentKind, PaperFormat
    save_requested = Signal()  # 另存为PDF, after a print that did not come out
    agent_service_requested = Signal()  # 设为代办件: an agent carries the case from here

    def __init__(self) -> None:
        super().__init__()
        self.result: IntakeResult | None = None
        self.title = QLabel()
        _scaled(self.title, 1.8)
        self.replayed = QLabel(self.tr("此表单此前已保存，未重复建件。"))
        self.replayed.hide()
        self.number = QLabel()
        self.password = QLabel()
        self.state = QLabel()
        self.item = QLabel()
        self.applicant = QLabel()
        self.promised = DueDateLabel()
        self.legal = DueDateLabel()
        for label in (self.number, self.password):
            _scaled(label, 1.6)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.state, self.promised, self.legal):
            _scaled(label, 1.25)
        for label in (self.item, self.applicant):
            _scaled(label, 1.25, bold=False)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(10)
        self._rows: dict[str, tuple[QLabel, QWidget]] = {}
        for key, caption, widget in (
            ("number", self.tr("办件编号"), self.number),
            ("password", self.tr("查询密码"), self.password),
            ("state", self.tr("办件状态"), self.state),
            ("item", self.tr("事项"), self.item),
            ("applicant", self.tr("申请人"), self.applicant),
            ("promised", self.tr("承诺办结日期"), self.promised),
            ("legal", self.tr("法定办结日期"), self.legal),
        ):
            label = QLabel(caption)
            _scaled(label, 1.1, bold=False)
            row = len(self._rows)
            self.grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignRight)
            self.grid.addWidget(widget, row, 1)
            self._rows[key] = (label, widget)
        self.grid.setColumnStretch(1, 1)
        self.details_title = QLabel()
        _scaled(self.details_title, 1.15)
        self.details = QLabel()
        self.details.setObjectName("resultDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        _scaled(self.details, 1.1, bold=False)
        self.next_button = QPushButton(self.tr("办理下一件(&X)"))
        self.next_button.setMinimumSize(220, 48)
        _scaled(self.next_button, 1.15)
        self.next_button.clicked.connect(self.next_requested.emit)
        self.documents: dict[DocumentKind, QPushButton] = {}
        self.documents_title = QLabel(self.tr("打印文书："))
        _scaled(self.documents_title, 1.1, bold=False)
        self.documents_row = QHBoxLayout()
        self.documents_row.addWidget(self.documents_title)
        self.documents_row.addStretch(1)
        self.documents_title.hide()
        self.print_message = PrintMessage()
        self.print_message.save_requested.connect(self.save_requested.emit)
        hint = QLabel(self.tr("快捷键 Ctrl+N"))
        hint.setStyleSheet("color:#555;")
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        self.agent_button = QPushButton(self.tr("设为代办件…(&G)"))
        self.agent_button.setToolTip(self.tr("申请人委托代办员办理：登记代办员和委托事项"))
        self.agent_button.clicked.connect(self.agent_service_requested.emit)
        bottom = QHBoxLayout()
        bottom.addWidget(self.next_button)
        bottom.addWidget(hint)
        bottom.addSpacing(24)
        bottom.addWidget(self.agent_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.title)
        layout.addWidget(self.replayed)
        layout.addLayout(self.grid)
        layout.addWidget(line)
        layout.addWidget(self.details_title)
        layout.addWidget(self.details)
        layout.addSpacing(16)
        layout.addLayout(self.documents_row)
        layout.addWidget(self.print_message)
        layout.addLayout(bottom)
        layout.addStretch(1)

    def show_result(
        self,
        result: IntakeResult,
        item_name: str,
        applicant_name: str,
        outstanding: tuple[MaterialLine, ...],
        refusal: Refusal | None,
    ) -> None:
        self.result = result
        decision = result.decision
        self.title.setText(
            {
                Decision.ACCEPT: self.tr("已受理"),
                Decision.ON_THE_SPOT: self.tr("已当场办结（即办）"),
                Decision.NOTICE: self.tr("已一次性告知，待申请人补正"),
                Decision.REFUSE: self.tr("不予受理"),
            }[decision]
        )
        self.title.setStyleSheet(f"color:{TITLE_COLOURS[decision]};")
        self.replayed.setVisible(result.replayed)
        self.number.setText(result.number)
        self.password.setText(result.query_password)
        self.state.setText(result.state.label)
        self.item.setText(item_name)
        self.applicant.setText(applicant_name)
        self.promised.set_due(result.promised_due)
        self.legal.set_due(result.legal_due)
        timed = decision in (Decision.ACCEPT, Decision.ON_THE_SPOT)
        for key in ("promised", "legal"):
            for widget in self._rows[key]:
                widget.setVisible(timed)
        if decision is Decision.NOTICE:
            self.details_title.setText(self.tr("请申请人补正以下材料（一次性告知）："))
            self.details.setText(
                "\n".join(
                    f"{i}. {m.name}（{m.status.label}）：{m.problem.strip()}"
                    for i, m in enumerate(outstanding, start=1)
                )
            )
        elif decision is Decision.REFUSE and refusal is not None:
            self.details_title.setText(
                self.tr("不予受理理由：") + REFUSAL_REASONS.get(refusal.reason, refusal.reason)
            )
            self.details.setText(refusal.text.strip() + "\n\n" + refusal.remedy.strip())
        else:
            self.details_title.setText("")
            self.details.setText("")
        self.details_title.setVisible(bool(self.details_title.text()))
        self.details.setVisible(bool(self.details.text()))
        self.set_documents([])  # until the services say which ones this case has
        self.print_message.hide()
        # Only a case still to be handled can be carried by an agent.
        self.agent_button.setVisible(decision is Decision.ACCEPT)
        self.agent_button.setEnabled(True)

    # the papers -------------------------------------------------------------------------
    def set_documents(self, kinds: list[DocumentKind]) -> None:
        for button in self.documents.values():
            button.hide()
            button.setParent(None)
            button.deleteLater()
        self.documents = {}
        for position, kind in enumerate(kinds):
            text = self.tr("打印%1…").replace("%1", kind.title)
            if position == 0:
                text += self.tr("（Ctrl+P）")
            button = QPushButton(text)
            button.setObjectName(f"print_{kind.value}")
            button.setMinimumHeight(40)
            button.setAutoDefault(True)  # Enter on a focused button prints it
            button.clicked.connect(
                lambda _c=False, k=kind: self.print_requested.emit(k, PaperFormat.A4)
            )
            self.documents_row.insertWidget(1 + position, button)
            self.documents[kind] = button
        self.documents_title.setVisible(bool(kinds))

    def print_first(self) -> bool:
        """Ctrl+P: the decision's own paper. False when there is none to print."""
        first = next(iter(self.documents), None)
        if first is None:
            return False
        self.print_requested.emit(first, PaperFormat.A4)
        return True

    def show_print_outcome(self, outcome: PrintOutcome) -> None:
        if outcome.cancelled:
            return
        if outcome.printed:
            self.print_message.info(outcome.text)
        else:
            self.print_message.problem(outcome.text, can_save=outcome.document is not None)

    def show_print_problem(self, text: str) -> None:
        self.print_message.problem(text, can_save=False)

    def row_visible(self, key: str) -> bool:
        return not self._rows[key][1].isHidden()
