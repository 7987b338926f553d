"""办理时限: the clock of one case — its level in colour and in words, the working days left
to the promised and legal due dates, the dates as moved by pauses and extensions, whether
the clock stands still and why — with its pauses and extensions, and the buttons that stop
and restart it and ask for and decide an extension.

A button that the case's state or the user's role does not allow is shown greyed with the
reason as its tooltip; what only a role stands in the way of is also said in words under
the buttons (older clerks rarely hover). The buttons only emit signals; the case view acts.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from hallapp.services.actors import Role
from hallapp.services.case_clock import CaseClock
from hallapp.ui.due_date_label import DueDateLabel
from hallapp.ui.register.case_sections import compact
from hallapp.ui.register.clock_records import ClockRecords
from hallapp.ui.register.clock_rules import (
    decide_blocked,
    end_blocked,
    pause_blocked,
    request_blocked,
)
from hallapp.ui.register.clock_texts import (
    capacity_text,
    days_left_text,
    moved_text,
    pending_text,
    status_text,
)
from hallapp.ui.register.texts import LEVEL_COLOURS, chip_style

EVERY_ROLE = frozenset(Role)
# What each button asks; with every role granted, whatever still blocks is not the role's.
_CHECKS: dict[str, Callable[[CaseClock, Set[Role]], str]] = {
    "pause": pause_blocked,
    "end": end_blocked,
    "request": request_blocked,
    "approve": decide_blocked,
    "refuse": decide_blocked,
}
# Alt+letter for each button; none of them is used by the action bar.
BUTTON_TEXTS = {
    "pause": "暂停计时…(&A)",
    "end": "恢复计时…(&K)",
    "request": "申请延期…(&L)",
    "approve": "批准延期…(&I)",
    "refuse": "不批准…(&O)",
}
_TIPS = {
    "pause": "暂停计时：补正、特别程序或挂起，须写明原因",
    "end": "结束当前的暂停，恢复计时",
    "request": "申请延长办理时限，须经中心负责人批准",
    "approve": "批准延期申请：承诺办结日期和法定期限均顺延",
    "refuse": "不批准延期申请，须写明理由",
}
_NOTE_STYLE = "color:#666;"
_PAUSED_STYLE = "color:#1f4f86; font-weight:bold;"
_PENDING_STYLE = "color:#7a5200; font-weight:bold;"


def _label(style: str = "") -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    return label


class ClockSection(QGroupBox):
    pause_clicked = Signal()
    end_clicked = Signal()
    request_clicked = Signal()
    approve_clicked = Signal()
    refuse_clicked = Signal()

    def __init__(self, roles: Set[Role]) -> None:
        super().__init__("办理时限")
        compact(self)
        self._roles = frozenset(roles)
        self.clock: CaseClock | None = None
        self.level_chip = QLabel()
        self.status = _label()
        self.promised_due = DueDateLabel()
        self.legal_due = DueDateLabel()
        self.promised_left = _label()
        self.legal_left = _label()
        self.moved = _label(_NOTE_STYLE)
        self.buttons: dict[str, QPushButton] = {}
        for key, text in BUTTON_TEXTS.items():
            button = QPushButton(self.tr(text))
            button.setAutoDefault(True)  # Enter presses the focused button
            button.setObjectName(f"clock_{key}")
            self.buttons[key] = button
        self.note = _label(_NOTE_STYLE)
        self.pending = _label(_PENDING_STYLE)
        self.records = ClockRecords()
        self._date_titles: list[QLabel] = []
        self._lay_out()
        signals = {
            "pause": self.pause_clicked,
            "end": self.end_clicked,
            "request": self.request_clicked,
            "approve": self.approve_clicked,
            "refuse": self.refuse_clicked,
        }
        for key, signal in signals.items():
            self.buttons[key].clicked.connect(lambda _checked=False, s=signal: s.emit())

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.level_chip, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.status, 1)
        dates = QGridLayout()
        dates.setHorizontalSpacing(10)
        for line, (title, due, left) in enumerate(
            (
                ("承诺办结：", self.promised_due, self.promised_left),
                ("法定期限：", self.legal_due, self.legal_left),
            )
        ):
            heading = QLabel(self.tr(title))
            self._date_titles.append(heading)
            dates.addWidget(heading, line, 0, Qt.AlignmentFlag.AlignRight)
            dates.addWidget(due, line, 1)
            dates.addWidget(left, line, 2)
        dates.setColumnStretch(2, 1)
        clock_row = QHBoxLayout()
        for key in ("pause", "end", "request"):
            clock_row.addWidget(self.buttons[key])
        clock_row.addStretch(1)
        decide_row = QHBoxLayout()
        decide_row.addWidget(self.buttons["approve"])
        decide_row.addWidget(self.buttons["refuse"])
        decide_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(dates)
        layout.addWidget(self.moved)
        layout.addLayout(clock_row)
        layout.addWidget(self.note)
        layout.addWidget(self.pending)
        layout.addLayout(decide_row)
        layout.addWidget(self.records)

    def show_clock(self, clock: CaseClock, today: date, resume_on: date | None = None) -> None:
        """``resume_on``: the day an open pause with an approved length lets the clock go."""
        self.clock = clock
        state = clock.clock
        paused = state is not None and state.paused
        live = clock.running or paused  # open and accepted: the level and days left mean something
        self.status.setText(status_text(clock, resume_on))
        self.status.setStyleSheet(_PAUSED_STYLE if paused else "")
        self.level_chip.setVisible(state is not None and live)
        dated = (self.promised_due, self.legal_due, self.promised_left, self.legal_left)
        for widget in (*dated, *self._date_titles):
            widget.setVisible(state is not None)
        if state is not None:
            self.level_chip.setText(state.level.label)
            self.level_chip.setStyleSheet(chip_style(*LEVEL_COLOURS[state.level]))
            self.promised_due.set_due(state.promised_due)
            self.legal_due.set_due(state.legal_due)
            promised = days_left_text(state.workdays_left, state.promised_due, today, paused)
            legal = days_left_text(state.legal_workdays_left, state.legal_due, today, paused)
            self.promised_left.setText(promised if live else "")
            self.legal_left.setText(legal if live else "")
        moved = moved_text(state) if state is not None else ""
        self.moved.setText(moved)
        self.moved.setVisible(bool(moved))
        self._show_buttons(clock, live)
        self.records.show_clock(clock)

    def _show_buttons(self, clock: CaseClock, live: bool) -> None:
        blocked = {key: check(clock, self._roles) for key, check in _CHECKS.items()}
        for key, button in self.buttons.items():
            button.setEnabled(not blocked[key])
            tip = _TIPS[key]
            if key == "end" and clock.end_action is not None:
                tip += f"（{clock.end_action.label}）"
            button.setToolTip(self.tr(blocked[key] or tip))
        pending = clock.pending
        self.pending.setText(pending_text(pending) if pending else "")
        for widget in (self.pending, self.buttons["approve"], self.buttons["refuse"]):
            widget.setVisible(pending is not None)
        # In words what only a role stands in the way of, so nobody wonders at a grey button.
        said = [
            why
            for key, why in blocked.items()
            if why and key != "refuse" and not _CHECKS[key](clock, EVERY_ROLE)
        ]
        if live and (capacity := capacity_text(clock)):
            said.insert(0, capacity)
        self.note.setText("\n".join(said))
        self.note.setVisible(bool(said))

    # what the clerk reads, for tests and copying
    def pause_rows(self) -> list[list[str]]:
        return self.records.pause_rows

    def extension_rows(self) -> list[list[str]]:
        return self.records.extension_rows
