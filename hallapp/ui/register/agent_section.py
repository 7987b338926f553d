"""代办: the agent carrying the case, whether the agent has accepted it, where the case
came from (the window, or a village agent point with the day the village agent received
it and the working days it took to reach the township) and the scope of the applicant's
authorisation, with the buttons that put a case under agent service, change its agent,
record the agent's acceptance and print the 代办委托书. The buttons only emit signals; one
the user's roles do not allow stays grey and names the role it needs."""

from __future__ import annotations

from collections.abc import Set

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from hallapp.services.actors import Role
from hallapp.services.agents import AgentServiceView, Origin
from hallapp.ui.register.case_sections import compact
from hallapp.ui.roles import ACCEPT_ASSIGNMENT, CASE_WORK, INTAKE, needs


def origin_text(view: AgentServiceView) -> str:
    if view.origin is Origin.WINDOW:
        return "窗口收件"
    text = f"{view.village}代办点"
    if view.village_received_on is not None:
        text += f"，村代办员{view.village_received_on:%Y-%m-%d}收件"
    if view.days_to_township is not None:
        text += f"，{view.days_to_township}个工作日后到镇里（{view.township_received_on:%Y-%m-%d}）"
    return text


def _value() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class AgentSection(QGroupBox):
    register_clicked = Signal()
    reassign_clicked = Signal()
    accept_clicked = Signal()
    print_clicked = Signal()

    def __init__(self, roles: Set[Role]) -> None:
        super().__init__("代办")
        compact(self)
        # "" where the roles allow the button's service call, else why not.
        self._refused = {
            "register": "" if roles & set(INTAKE) else needs("登记代办", INTAKE),
            "reassign": "" if roles & set(INTAKE) else needs("改派代办员", INTAKE),
            "accept": ""
            if roles & set(ACCEPT_ASSIGNMENT)
            else needs("接受代办指派", ACCEPT_ASSIGNMENT),
            "print": "" if roles & set(CASE_WORK) else needs("打印文书", CASE_WORK),
        }
        self.view: AgentServiceView | None = None
        self.none_label = QLabel(self.tr("本办件未登记代办。"))
        self.none_label.setStyleSheet("color:#666;")
        self.fields: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for key, text in (
            ("agent", "代办员"),
            ("accepted", "接收"),
            ("origin", "来源"),
            ("scope", "委托事项"),
            ("history", "更换记录"),
        ):
            self.fields[key] = _value()
            self.form.addRow(self.tr(text) + "：", self.fields[key])
        self.register_button = QPushButton(self.tr("设为代办件…(&4)"))
        self.reassign_button = QPushButton(self.tr("更换代办员…(&5)"))
        self.accept_button = QPushButton(self.tr("代办员接收(&6)"))
        self.print_button = QPushButton(self.tr("打印代办委托书…(&7)"))
        row = QHBoxLayout()
        for button in (
            self.register_button,
            self.reassign_button,
            self.accept_button,
            self.print_button,
        ):
            button.setAutoDefault(True)
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.none_label)
        layout.addLayout(self.form)
        layout.addLayout(row)
        self.register_button.clicked.connect(lambda _c=False: self.register_clicked.emit())
        self.reassign_button.clicked.connect(lambda _c=False: self.reassign_clicked.emit())
        self.accept_button.clicked.connect(lambda _c=False: self.accept_clicked.emit())
        self.print_button.clicked.connect(lambda _c=False: self.print_clicked.emit())

    def show_service(self, view: AgentServiceView | None, case_open: bool) -> None:
        """``case_open``: not yet 办结 or ended, so the agent service may still change."""
        self.view = view
        has = view is not None
        self.none_label.setVisible(not has)
        for label in self.fields.values():
            self.form.setRowVisible(label, has)
        if view is not None:
            self.fields["agent"].setText(f"{view.agent_name}（{view.agent_kind.label}）")
            accepted = view.assignments[-1].accepted_at if view.accepted else None
            self.fields["accepted"].setText(
                f"已接收（{accepted:%Y-%m-%d %H:%M}）" if accepted else "待代办员接收"
            )
            self.fields["accepted"].setStyleSheet("" if view.accepted else "color:#7a5200;")
            self.fields["origin"].setText(origin_text(view))
            authorised = f"（{view.authorised_on:%Y-%m-%d}委托）" if view.authorised_on else ""
            self.fields["scope"].setText(view.scope + authorised)
            changes = [
                f"{a.assigned_at:%Y-%m-%d} 改由{a.agent_name}：{a.reason}"
                for a in view.assignments[1:]
            ]
            self.fields["history"].setText("\n".join(changes))
            self.form.setRowVisible(self.fields["history"], bool(changes))
        self.register_button.setVisible(not has)
        self.reassign_button.setVisible(has)
        self.accept_button.setVisible(has)
        self.print_button.setVisible(has)
        state_allows = {
            "register": case_open,
            "reassign": case_open,
            "accept": case_open and view is not None and not view.accepted,
            "print": True,
        }
        for key, button in self.buttons().items():
            refused = self._refused[key]
            button.setEnabled(state_allows[key] and not refused)
            button.setToolTip(refused)

    def buttons(self) -> dict[str, QPushButton]:
        return {
            "register": self.register_button,
            "reassign": self.reassign_button,
            "accept": self.accept_button,
            "print": self.print_button,
        }
