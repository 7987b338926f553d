"""One case (办件): everything taken in at the window, its clock, its steps so far, and the
next steps its state allows.

Esc goes back to the register; Ctrl+P (打印…) lists the case's documents, those it does not
have greyed out with the reason, and opens the chosen one in the print preview. An action that needs a reason asks for it first; 材料补齐
hands the case to the intake screen (``resume_intake``) instead of changing it here, since
the materials are checked there. The pauses and extensions go through the 办理时限 section
(:mod:`clock_section`, :mod:`clock_actions`), also when chosen in the action bar. After any
action the case is read again and ``case_changed`` tells the rest of the window.

A closed case has its 评价 section (:mod:`evaluation_section`): Ctrl+E (请申请人评价) sends
it to the counter's evaluation screen, 录入评价 takes a paper or phone rating, and the
supervisor closes a bad rating's 回访整改 there. 显示完整号码 under the masked 证件号码
(:mod:`id_section`) shows the full number for a stated purpose until the clerk leaves the
case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hallapp.core.clock import WarningLevel
from hallapp.core.lifecycle import Action, State, is_open, needs_reason, stops_clock
from hallapp.documents.model import DocumentKind, PaperFormat
from hallapp.services.audit_trail import Trail
from hallapp.services.case_clock import PAUSE_ACTIONS, CaseClock
from hallapp.services.cases import CaseDetail
from hallapp.services.evaluations import RATEABLE, EvaluationView
from hallapp.services.facade import HallServices
from hallapp.services.printing import DocumentChoice
from hallapp.ui.evaluation.desk import EvaluationDesk
from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.operations import Executor
from hallapp.ui.printing import DocumentMenu, Printing, PrintOutcome
from hallapp.ui.register.action_bar import ActionBar, asks_first
from hallapp.ui.register.agent_actions import AgentActions, AgentData, read_agent_data
from hallapp.ui.register.agent_section import AgentSection
from hallapp.ui.register.audit_section import CaseAuditSection, may_read_trail
from hallapp.ui.register.case_sections import (
    ApplicantBox,
    CaseInfoBox,
    FeesBox,
    MaterialsBox,
    RefusalBox,
    section,
)
from hallapp.ui.register.clock_actions import ClockActions
from hallapp.ui.register.clock_section import ClockSection
from hallapp.ui.register.clock_texts import open_pause
from hallapp.ui.register.custody_section import CustodySection
from hallapp.ui.register.evaluation_actions import EvaluationActions
from hallapp.ui.register.evaluation_section import ASK_SHORTCUT, EvaluationSection
from hallapp.ui.register.forward_section import ForwardSection
from hallapp.ui.register.id_section import FullNumberReveal
from hallapp.ui.register.reason_dialog import ReasonDialog
from hallapp.ui.register.texts import GREEN_CHANNEL_COLOURS, LEVEL_COLOURS, chip_style
from hallapp.ui.register.timeline_widget import TimelineWidget
from hallapp.ui.roles import CASE_WORK, needs

_STATE_CHIP = ("#dde7f3", "#1f4f86")
# What the clerk should know about a case in these states, in one line under the actions.
_STATE_HINTS = {
    State.AWAITING_SUPPLEMENT: "已一次性告知，等待申请人补齐材料（尚未受理，不计时）。"
    "申请人带齐材料后按“材料补齐”，在受理窗口继续办理本办件，不必重新录入。",
    State.RECEIVED: "已收件，尚未作出受理决定：请在“受理”窗口受理、一次性告知或不予受理。",
    State.SUPPLEMENT_AFTER_ACCEPTANCE: "等待申请人补正材料，办理时限暂停计时。",
    State.SPECIAL_PROCEDURE: "特别程序期间，办理时限暂停计时。",
    State.SUSPENDED: "办件已挂起，办理时限暂停计时。",
    State.FORWARDED: "已转报县级部门，收到回复后按“转报回复”继续承办。",
}
# The action bar's pauses and their ends, answered by the clock's dialogs.
_PAUSE_STARTS = {start: kind for kind, (start, _end) in PAUSE_ACTIONS.items()}
_PAUSE_ENDS = frozenset(end for _start, end in PAUSE_ACTIONS.values())


@dataclass(frozen=True)
class _Loaded:
    detail: CaseDetail
    clock: CaseClock
    resume_on: date | None  # when an open pause's approved length runs out
    agent: AgentData
    trail: Trail | None = None  # 审计记录, read only for those who may see it
    evaluation: EvaluationView | None = None  # 好差评 and its 回访整改


class CaseView(QWidget):
    back = Signal()
    case_changed = Signal(int)
    resume_intake = Signal(int)

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        today: Callable[[], date] = date.today,
        printing: Printing | None = None,
        evaluation_desk: EvaluationDesk | None = None,
    ) -> None:
        super().__init__()
        self._services = services
        self._executor = executor
        self._today = today
        self.printing = printing or Printing(services, executor)
        self.case_id: int | None = None
        self.detail: CaseDetail | None = None
        self.clock: CaseClock | None = None
        self.agent_data: AgentData | None = None
        self.dialog: QDialog | None = None

        self.back_button = QPushButton(self.tr("← 返回办件登记簿（Esc）"))
        self.back_button.setAutoDefault(True)
        self.number_label = QLabel()
        self.number_label.setStyleSheet("font-size:20px; font-weight:bold;")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.applicant_label = QLabel()
        self.applicant_label.setStyleSheet("font-size:16px;")
        self.state_chip = QLabel()
        self.state_chip.setStyleSheet(chip_style(*_STATE_CHIP))
        self.level_chip = QLabel()
        self.green_chip = QLabel(self.tr("绿色通道"))
        self.green_chip.setStyleSheet(chip_style(*GREEN_CHANNEL_COLOURS))
        self.messages = MessagePanel()
        # Ctrl+P, not Alt+P: the action bar's 审核通过 owns Alt+P in every state it shows.
        self.print_button = QPushButton(self.tr("打印…（Ctrl+P）"))
        self.print_button.setAutoDefault(True)
        # Every document is printed for the applicant by staff who serve them.
        self._may_print = services.actor.has_any(*CASE_WORK)
        if not self._may_print:
            self.print_button.setEnabled(False)
            self.print_button.setToolTip(needs(self.tr("打印文书"), CASE_WORK))
        self.print_menu = DocumentMenu(self)
        self.action_bar = ActionBar(services.actor.roles)
        self.state_hint = QLabel()
        self.state_hint.setWordWrap(True)
        self.state_hint.setStyleSheet("color:#7a5200;")

        self.info = CaseInfoBox()
        self.applicant = ApplicantBox()
        self.id_reveal = FullNumberReveal(services, executor, self.applicant)
        self.refusal = RefusalBox()
        self.materials = MaterialsBox()
        self.fees = FeesBox()
        self.clock_section = ClockSection(services.actor.roles)
        self.clock_actions = ClockActions(services, executor, self)
        self.agent_section = AgentSection(services.actor.roles)
        self.custody_section = CustodySection()
        self.forward_section = ForwardSection(services.actor.roles)
        self.evaluation_section = EvaluationSection(services.actor)
        self.evaluation_actions = EvaluationActions(services, executor, self, evaluation_desk)
        self.agent_actions = AgentActions(services, executor, self)
        self.timeline = TimelineWidget()
        timeline_box = QGroupBox(self.tr("办理过程"))
        QVBoxLayout(timeline_box).addWidget(self.timeline)
        self.audit_section = CaseAuditSection() if may_read_trail(services.actor) else None

        head = QHBoxLayout()
        head.addWidget(self.back_button)
        head.addSpacing(16)
        head.addWidget(self.number_label)
        head.addWidget(self.applicant_label)
        head.addWidget(self.state_chip)
        head.addWidget(self.level_chip)
        head.addWidget(self.green_chip)
        head.addStretch(1)
        head.addWidget(self.print_button)

        left = QScrollArea()
        left.setWidgetResizable(True)
        left.setFrameShape(QFrame.Shape.NoFrame)
        left.setWidget(
            section(
                [
                    self.clock_section,
                    self.evaluation_section,
                    self.agent_section,
                    self.forward_section,
                    self.info,
                    self.applicant,
                    self.refusal,
                ]
            )
        )
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.materials)
        right_layout.addWidget(self.custody_section)
        right_layout.addWidget(self.fees)
        right_layout.addWidget(timeline_box, 1)
        if self.audit_section is not None:
            right_layout.addWidget(self.audit_section)
        # A long custody chain may not fit beside the timeline: the column scrolls then.
        right_scroll = QScrollArea()
        right_scroll.setWidgetResizable(True)
        right_scroll.setFrameShape(QFrame.Shape.NoFrame)
        right_scroll.setWidget(right)
        body = QSplitter()
        body.setChildrenCollapsible(False)
        body.addWidget(left)
        body.addWidget(right_scroll)
        body.setStretchFactor(0, 2)
        body.setStretchFactor(1, 3)
        body.setSizes([480, 620])  # the clock section needs room for its buttons

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.messages)
        layout.addWidget(self.action_bar)
        layout.addWidget(self.state_hint)
        layout.addWidget(body, 1)

        self.back_button.clicked.connect(self.back.emit)
        self.action_bar.triggered.connect(self.trigger)
        self.print_button.clicked.connect(self.show_print_menu)
        self.print_menu.chosen.connect(self.preview_document)
        self._connect_clock()
        self._connect_agent()
        self._connect_evaluation()
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._escape)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        print_key = QShortcut(QKeySequence.StandardKey.Print, self, self.show_print_menu)
        print_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def _connect_clock(self) -> None:
        section, actions = self.clock_section, self.clock_actions
        section.pause_clicked.connect(lambda: self.ask_clock(actions.ask_pause))
        section.end_clicked.connect(lambda: self.ask_clock(actions.ask_end))
        section.request_clicked.connect(lambda: self.ask_clock(actions.ask_extension))
        section.approve_clicked.connect(lambda: self.ask_clock(actions.ask_approval))
        section.refuse_clicked.connect(lambda: self.ask_clock(actions.ask_refusal))
        actions.done.connect(self._clock_done)
        actions.failed.connect(self._action_failed)
        actions.busy.connect(self._busy)

    def _connect_agent(self) -> None:
        actions = self.agent_actions
        agent, custody, forward = self.agent_section, self.custody_section, self.forward_section
        agent.register_clicked.connect(lambda: self.ask_agent(actions.ask_register))
        agent.reassign_clicked.connect(lambda: self.ask_agent(actions.ask_reassign))
        agent.accept_clicked.connect(self._accept_assignment)
        agent.print_clicked.connect(
            lambda: self.preview_document(DocumentKind.AUTHORISATION, PaperFormat.A4)
        )
        custody.handover_clicked.connect(lambda: self.ask_agent(actions.ask_handover))
        custody.correct_clicked.connect(self._ask_correction)
        forward.forward_clicked.connect(lambda: self.ask_agent(actions.ask_forward))
        forward.reply_clicked.connect(lambda: self.ask_agent(actions.ask_reply))
        actions.done.connect(self._clock_done)
        actions.failed.connect(self._action_failed)
        actions.busy.connect(self._busy)
        actions.handed_over.connect(self.offer_handover_slip)

    def _connect_evaluation(self) -> None:
        section, actions = self.evaluation_section, self.evaluation_actions
        section.ask_clicked.connect(self.ask_applicant_rating)
        section.enter_clicked.connect(self.ask_evaluation_entry)
        section.close_clicked.connect(self.ask_follow_up_close)
        actions.done.connect(self._clock_done)
        actions.failed.connect(self._action_failed)
        actions.busy.connect(self._busy)
        actions.rated.connect(self._rated_on_screen)
        actions.screen_failed.connect(self.messages.error)
        self.id_reveal.failed.connect(self._show_error)
        # Leaving the case masks its full ID number again.
        self.back.connect(self.id_reveal.forget)
        ask = QShortcut(QKeySequence(ASK_SHORTCUT), self, self.ask_applicant_rating)
        ask.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _escape(self) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.reject()  # Esc belongs to the open dialog, never to the view
            return
        self.back.emit()

    def hideEvent(self, event: QHideEvent) -> None:
        # Another area or the register in front of the case is leaving it too.
        self.id_reveal.forget()
        super().hideEvent(event)

    # loading ----------------------------------------------------------------------------
    def show_case(self, case_id: int) -> None:
        if case_id != self.case_id:
            self.id_reveal.forget()
        self.case_id = case_id
        self.messages.hide()
        self._load(case_id)

    def _load(self, case_id: int, after: str = "") -> None:
        self._executor.submit(
            lambda: self._read(case_id),
            lambda loaded: self._show_loaded(case_id, loaded, after),
            self._show_error,
        )

    def _read(self, case_id: int) -> _Loaded:
        """On the worker: the case, its clock as of today, and when a pause of approved
        length ends."""
        clock = self._services.case_clock(case_id, self._today())
        pause = open_pause(clock)
        resume_on = None
        if pause is not None and pause.approved_days is not None:
            resume_on = self._services.add_workdays(pause.start, pause.approved_days).day
        agent = read_agent_data(self._services, case_id, self._today())
        detail = self._services.case_detail(case_id)
        trail = None
        if self.audit_section is not None:
            trail = self._services.case_trail(detail.number)
        evaluation = self._services.evaluation_of(case_id, self._today())
        return _Loaded(detail, clock, resume_on, agent, trail, evaluation)

    def _show_loaded(self, case_id: int, loaded: _Loaded, after: str) -> None:
        if case_id != self.case_id:
            return
        self.clock = loaded.clock
        self.clock_section.show_clock(loaded.clock, self._today(), loaded.resume_on)
        self._show(case_id, loaded.detail, after)
        self._show_agent(loaded.detail, loaded.agent)
        self.evaluation_section.show_evaluation(loaded.detail.state, loaded.evaluation)
        if self.audit_section is not None and loaded.trail is not None:
            self.audit_section.show_trail(loaded.trail)
        state = loaded.clock.clock
        if state is not None and is_open(loaded.clock.state):
            self._show_level(state.level, state.paused)  # as of the view's today

    def _show(self, case_id: int, d: CaseDetail, after: str) -> None:
        if case_id != self.case_id:
            return  # the clerk has moved on to another case
        self.detail = d
        self.number_label.setText(d.number)
        self.applicant_label.setText(d.applicant_name)
        self.state_chip.setText(d.state.label)
        self.level_chip.setVisible(d.level is not None)
        if d.level is not None:
            self._show_level(d.level, stops_clock(d.state))
        hint = _STATE_HINTS.get(d.state, "")
        self.state_hint.setText(self.tr(hint) if hint else "")
        self.state_hint.setVisible(bool(hint))
        self.green_chip.setVisible(d.green_channel)
        self.green_chip.setToolTip(d.green_reason)
        self.info.show_detail(d)
        self.applicant.show_detail(d)
        self.id_reveal.show_case(d)
        self.refusal.show_detail(d)
        self.materials.show_detail(d)
        self.fees.show_detail(d)
        self.timeline.set_events(d.timeline)
        self.action_bar.set_actions(d.actions)
        if after:
            self.messages.info(after)
        if self.isVisible() and not self.focusWidget():
            self.setFocus()

    def _show_level(self, level: WarningLevel, paused: bool) -> None:
        self.level_chip.setText(
            self.tr("时限：") + level.label + (self.tr("（暂停计时）") if paused else "")
        )
        self.level_chip.setStyleSheet(chip_style(*LEVEL_COLOURS[level]))

    # actions ----------------------------------------------------------------------------
    def trigger(self, action: Action) -> None:
        """The clerk chose ``action`` (a button or its mnemonic)."""
        if self.detail is None or self.case_id is None:
            return
        if action is Action.SUPPLEMENT_RECEIVED:
            self.resume_intake.emit(self.case_id)
            return
        # 转报, its reply and 送达 say to whom, what and how: their own dialogs.
        routed = {
            Action.FORWARD: self.agent_actions.ask_forward,
            Action.FORWARD_REPLIED: self.agent_actions.ask_reply,
            Action.DELIVER: self.agent_actions.ask_delivery,
        }
        if action in routed and self.agent_data is not None:
            self.ask_agent(routed[action])
            if self.dialog is not None and self.dialog.isVisible():
                return
            # A 转报 recorded before forwards were kept has no reply to record: the step
            # is taken as it always was.
        if action in _PAUSE_STARTS:
            kind = _PAUSE_STARTS[action]
            self.ask_clock(lambda number, clock: self.clock_actions.ask_pause(number, clock, kind))
            return
        if action in _PAUSE_ENDS:
            self.ask_clock(self.clock_actions.ask_end)
            return
        if asks_first(action):
            self.dialog = ReasonDialog(action, self.detail.number, needs_reason(action), self)
            self.dialog.confirmed.connect(lambda text, a=action: self.apply(a, text))
            self.dialog.open()
            return
        self.apply(action)

    def apply(self, action: Action, comment: str = "") -> None:
        case_id = self.case_id
        if case_id is None:
            return
        self.messages.hide()
        self.action_bar.setEnabled(False)
        self._executor.submit(
            lambda: self._services.apply_action(case_id, action, comment),
            lambda state: self._applied(case_id, action, state),
            self._action_failed,
        )

    def _applied(self, case_id: int, action: Action, state: State) -> None:
        self.action_bar.setEnabled(True)
        before = self.detail.state.label if self.detail else ""
        note = self.tr("已“%1”：%2 → %3").replace("%1", action.label)
        self._load(case_id, note.replace("%2", before).replace("%3", state.label))
        self.case_changed.emit(case_id)

    def _action_failed(self, exc: BaseException) -> None:
        self.action_bar.setEnabled(True)
        self._show_error(exc)
        case_id = self.case_id
        if case_id is not None:
            # Someone may have moved the case meanwhile: show its state as it is now.
            self._executor.submit(
                lambda: self._read(case_id),
                lambda loaded: self._show_loaded(case_id, loaded, ""),
                lambda _exc: None,
            )

    # the clock (办理时限) -----------------------------------------------------------------
    def ask_clock(self, ask: Callable[[str, CaseClock], QDialog | None]) -> None:
        """Open one of the clock's dialogs (``ClockActions.ask_*``) for the case shown."""
        if self.detail is not None and self.clock is not None:
            self.dialog = ask(self.detail.number, self.clock)

    def _busy(self, busy: bool) -> None:
        if busy:
            self.messages.hide()
        self.action_bar.setEnabled(not busy)
        for widget in (
            self.clock_section,
            self.agent_section,
            self.custody_section,
            self.forward_section,
            self.evaluation_section,
        ):
            widget.setEnabled(not busy)

    def _clock_done(self, said: str) -> None:
        case_id = self.case_id
        if case_id is None:
            return
        self._load(case_id, said)
        self.case_changed.emit(case_id)

    # 好差评 and 回访整改 ------------------------------------------------------------------
    @property
    def evaluation_desk(self) -> EvaluationDesk:
        return self.evaluation_actions.desk

    def ask_applicant_rating(self) -> None:
        """请申请人评价: the case goes to the screen facing the applicant."""
        d, section = self.detail, self.evaluation_section
        if d is None or d.state not in RATEABLE or section.evaluation is not None:
            return
        if not section.may_record:  # Ctrl+E still reaches here: say why nothing opens
            self.messages.info(section.ask_button.toolTip())
            return
        self.evaluation_actions.send_to_screen(d.id, d.number, d.item_name)
        self.messages.info(self.tr("已请申请人在评价屏上评价，提交后这里会显示评价结果。"))

    def _rated_on_screen(self, case_id: int, said: str) -> None:
        if case_id == self.case_id:
            self._load(case_id, said)
        self.case_changed.emit(case_id)

    def ask_evaluation_entry(self) -> None:
        """录入评价: a paper form or a phone call."""
        if self.detail is not None and self.evaluation_section.may_record:
            self.dialog = self.evaluation_actions.ask_entry(self.detail.id, self.detail.number)

    def ask_follow_up_close(self) -> None:
        evaluation = self.evaluation_section.evaluation
        follow_up = evaluation.follow_up if evaluation else None
        if self.detail is not None and follow_up is not None and follow_up.closed_on is None:
            self.dialog = self.evaluation_actions.ask_close(self.detail.number, follow_up)

    # agent service (代办), custody of materials, forwards, delivery ------------------------
    def _show_agent(self, d: CaseDetail, data: AgentData) -> None:
        self.agent_data = data
        changeable = is_open(d.state) and d.state is not State.COMPLETED
        self.agent_section.show_service(data.service, changeable)
        self.agent_section.setVisible(data.service is not None or changeable)
        can_record = self._services.actor.has_any(*CASE_WORK)
        self.custody_section.show_custody(data.custody, can_record)
        self.custody_section.setVisible(
            data.service is not None or bool(data.custody.records) or bool(data.forwards)
        )
        can_forward = Action.FORWARD in d.actions or d.state is State.FORWARDED
        self.forward_section.show_forwards(data.forwards, can_forward)
        self.forward_section.setVisible(bool(data.forwards) or can_forward)

    def ask_agent(self, ask: Callable[[CaseDetail, AgentData], QDialog | None]) -> None:
        """Open one of the agent-service dialogs (``AgentActions.ask_*``) for the case."""
        if self.detail is not None and self.agent_data is not None:
            self.dialog = ask(self.detail, self.agent_data)

    def _ask_correction(self, record_id: int) -> None:
        data = self.agent_data
        record = (
            next((r for r in data.custody.records if r.id == record_id), None) if data else None
        )
        if record is not None:
            self.ask_agent(lambda d, a: self.agent_actions.ask_handover(d, a, record))

    def _accept_assignment(self) -> None:
        if self.case_id is not None:
            self.messages.hide()
            self.agent_actions.accept(self.case_id)

    def offer_handover_slip(self, record_id: int) -> None:
        """The 材料交接单 is signed by both sides: offer it at once, in the print preview."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("打印材料交接单"))
        box.setText(
            self.tr("已登记第%1号交接记录。现在打印材料交接单，由双方签字吗？").replace(
                "%1", str(record_id)
            )
        )
        yes = box.addButton(self.tr("打印(&P)"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("不打印"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes)
        box.buttonClicked.connect(lambda button: self._slip_chosen(button is yes))
        self.dialog = box
        box.open()

    def _slip_chosen(self, wanted: bool) -> None:
        if wanted:
            self.preview_document(DocumentKind.HANDOVER, PaperFormat.A4)

    def _show_error(self, exc: BaseException) -> None:
        self.messages.failure(exc)

    # documents (打印文书) -----------------------------------------------------------------
    def show_print_menu(self) -> None:
        """Read which documents the case has now (its state may have just changed), then
        open the menu under the button with the first printable one chosen."""
        case_id = self.case_id
        if case_id is None:
            return
        if not self._may_print:  # Ctrl+P still reaches here: say why nothing opens
            self.messages.info(self.print_button.toolTip())
            return
        self._executor.submit(
            lambda: self._services.document_choices(case_id),
            lambda choices: self._open_menu(case_id, choices),
            self._show_error,
        )

    def _open_menu(self, case_id: int, choices: list[DocumentChoice]) -> None:
        if case_id != self.case_id:
            return
        counter = self.printing.settings.counter_printer.configured
        self.print_menu.set_choices(choices, counter=counter)
        self.print_menu.popup(self.print_button.mapToGlobal(self.print_button.rect().bottomLeft()))
        first = self.print_menu.first_enabled()
        if first is not None:
            self.print_menu.setActiveAction(first)

    def preview_document(self, kind: DocumentKind, fmt: PaperFormat) -> None:
        case_id = self.case_id
        if case_id is None:
            return
        self.messages.hide()
        if fmt is PaperFormat.ESCPOS:
            self.printing.send_to_counter(
                case_id, kind, lambda outcome: self._sent(case_id, kind, outcome)
            )
            return
        self.printing.preview(
            case_id,
            kind,
            fmt,
            self,
            lambda outcome: self._printed(case_id, outcome),
            self._show_error,
        )

    def _sent(self, case_id: int, kind: DocumentKind, outcome: PrintOutcome) -> None:
        """The slip went to the 小票打印机 from the menu. If it did not come out, the A4
        preview opens with the printer's message, so 另存为PDF or the A4 printer is one
        key away; the case itself was never touched."""
        if outcome.printed or case_id != self.case_id:
            self._printed(case_id, outcome)
            return
        self.printing.preview(
            case_id,
            kind,
            PaperFormat.A4,
            self,
            lambda printed: self._printed(case_id, printed),
            self._show_error,
            problem=outcome.problem,
        )

    def _printed(self, case_id: int, outcome: PrintOutcome) -> None:
        """The print is on the case's timeline now: read the case again and say so."""
        if case_id == self.case_id and outcome.printed:
            self._load(case_id, outcome.text)
