"""One object that binds the units of work and the acting user, for the UI.

The UI never holds a session or a unit of work: it calls these methods, each of which is
one service call (and, for writes, one transaction).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hallapp.core.clock import PauseKind, WarningThresholds
from hallapp.core.complaints import ComplaintState
from hallapp.core.intake import (
    Applicant,
    Decision,
    IntakeForm,
    MaterialLine,
    PaymentMethod,
    Refusal,
)
from hallapp.core.lifecycle import Action, State
from hallapp.core.workdays import DueDate
from hallapp.db.uow import UnitOfWork
from hallapp.documents.model import DocumentKind, PaperFormat
from hallapp.services import (
    agents,
    audit_trail,
    audit_verify,
    calendar,
    cases,
    catalogue,
    complaints,
    custody,
    deadlines,
    delivery,
    evaluations,
    forward_queries,
    forwarding,
    full_id,
    hall_settings,
    halls,
    intake,
    morning,
    printing,
    reports,
    sync,
    workbench,
)
from hallapp.services import case_clock as clock_service
from hallapp.services.actors import Actor
from hallapp.services.catalogue import ImportResult, ItemGuide, ItemRow
from hallapp.services.custody import HeldMaterial
from hallapp.services.forward_queries import PendingForward

if TYPE_CHECKING:
    from hallapp.documents.escpos_send import EscposTarget


class HallServices:
    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        read_uow: Callable[[], UnitOfWork],
        actor: Actor,
        db_path: Path,
    ) -> None:
        self._uow = uow
        self._read = read_uow
        self.actor = actor
        self.db_path = db_path

    # catalogue
    def search_items(self, query: str, limit: int = 200) -> list[ItemRow]:
        return catalogue.search_items(self._read(), query, limit)

    def item_guide(self, version_id: int) -> ItemGuide:
        return catalogue.item_guide(self._read(), version_id)

    def import_catalogue(self, path: Path) -> ImportResult:
        return catalogue.import_catalogue_file(self._uow(), self.actor, path)

    def export_catalogue(self, path: Path) -> int:
        return catalogue.export_catalogue_file(self._read(), path)

    # hall
    def hall_profile(self) -> halls.HallProfile | None:
        return halls.hall_profile(self._read())

    def update_hall_profile(self, profile: halls.HallProfile) -> halls.HallProfile:
        return halls.update_hall_profile(self._uow(), self.actor, profile)

    def warning_thresholds(self) -> WarningThresholds:
        return hall_settings.warning_thresholds(self._read())

    def set_warning_thresholds(self, thresholds: WarningThresholds) -> WarningThresholds:
        return hall_settings.set_warning_thresholds(self._uow(), self.actor, thresholds)

    def idle_lock_minutes(self) -> int:
        return hall_settings.idle_lock_minutes(self._read())

    def set_idle_lock_minutes(self, minutes: int) -> int:
        return hall_settings.set_idle_lock_minutes(self._uow(), self.actor, minutes)

    def follow_up_days(self) -> int:
        return evaluations.follow_up_days(self._read())

    def set_follow_up_days(self, days: int) -> int:
        return evaluations.set_follow_up_days(self._uow(), self.actor, days)

    # working-day calendar
    def year_view(self, year: int, today: date) -> calendar.YearView:
        return calendar.year_view(self._read(), year, today)

    def set_calendar_day(
        self, day: date, is_workday: bool, name: str, reason: str
    ) -> calendar.DayInfo:
        return calendar.set_day(self._uow(), self.actor, day, is_workday, name, reason)

    def reset_calendar_day(self, day: date, reason: str) -> calendar.DayInfo:
        return calendar.reset_day(self._uow(), self.actor, day, reason)

    def import_calendar(self, path: Path) -> calendar.ImportedYear:
        return calendar.import_calendar_file(self._uow(), self.actor, path)

    def add_workdays(self, start: date, n: int) -> DueDate:
        return calendar.add_workdays(self._read(), start, n)

    # intake (一窗受理)
    def submit_intake(
        self, form: IntakeForm, decision: Decision, refusal: Refusal | None = None
    ) -> intake.IntakeResult:
        return intake.submit_intake(self._uow(), self.actor, form, decision, refusal)

    def resume_after_notice(
        self,
        case_id: int,
        materials: tuple[MaterialLine, ...],
        decision: Decision,
        refusal: Refusal | None = None,
        payment_method: PaymentMethod | None = None,
    ) -> intake.IntakeResult:
        return intake.resume_after_notice(
            self._uow(),
            self.actor,
            case_id,
            materials,
            decision,
            refusal,
            payment_method=payment_method,
        )

    def returning_applicant(self, doc_number: str) -> Applicant | None:
        return intake.returning_applicant(self._read(), doc_number)

    def save_draft(self, payload: dict[str, object]) -> None:
        intake.save_draft(self._uow(), self.actor, payload)

    def load_draft(self) -> dict[str, object] | None:
        return intake.load_draft(self._read(), self.actor)

    def discard_draft(self) -> None:
        intake.discard_draft(self._uow(), self.actor)

    # case register (办件)
    def case_ids(
        self, query: cases.CaseQuery, before_id: int | None = None, limit: int = cases.PAGE
    ) -> list[int]:
        return cases.case_ids(self._read(), query, before_id, limit)

    def case_rows(self, ids: list[int]) -> list[cases.CaseRow]:
        return cases.case_rows(self._read(), ids)

    def case_detail(self, case_id: int) -> cases.CaseDetail:
        return cases.case_detail(self._read(), case_id)

    def apply_action(self, case_id: int, action: Action, comment: str = "") -> State:
        return cases.apply_action(self._uow(), self.actor, case_id, action, comment)

    # the case clock: pauses and extensions (办理时限)
    def case_clock(self, case_id: int, today: date) -> clock_service.CaseClock:
        return clock_service.case_clock(self._read(), case_id, today)

    def start_pause(
        self,
        case_id: int,
        kind: PauseKind,
        reason: str,
        terms: cases.PauseTerms | None = None,
    ) -> State:
        return clock_service.start_pause(self._uow(), self.actor, case_id, kind, reason, terms)

    def end_pause(self, case_id: int, comment: str = "") -> State:
        return clock_service.end_pause(self._uow(), self.actor, case_id, comment)

    def request_extension(
        self, case_id: int, days: int, reason: str
    ) -> clock_service.ExtensionView:
        return clock_service.request_extension(self._uow(), self.actor, case_id, days, reason)

    def decide_extension(
        self, extension_id: int, approve: bool, note: str = ""
    ) -> clock_service.ExtensionView:
        return clock_service.decide_extension(self._uow(), self.actor, extension_id, approve, note)

    # the deadline monitor (限时办结)
    def level_counts(
        self, today: date, flt: deadlines.MonitorFilter = deadlines.EVERYTHING
    ) -> deadlines.LevelCounts:
        return deadlines.level_counts(self._read(), today, flt)

    def monitor_rows(
        self,
        today: date,
        flt: deadlines.MonitorFilter = deadlines.EVERYTHING,
        after: deadlines.MonitorKey | None = None,
        limit: int = deadlines.PAGE,
    ) -> list[deadlines.MonitorRow]:
        return deadlines.monitor_rows(self._read(), today, flt, after, limit)

    def monitor_filter_options(self) -> deadlines.FilterOptions:
        return deadlines.filter_options(self._read())

    def day_changes(self, today: date) -> deadlines.DayChanges:
        return deadlines.day_changes(self._read(), today)

    def clock_tick(self, today: date) -> int:
        return deadlines.tick(self._uow(), today)

    # the monitor's other deadlines: forwards awaiting a reply, materials held too long
    def forward_deadlines(self, today: date) -> deadlines.ForwardCounts:
        return deadlines.forward_deadlines(self._read(), today)

    def pending_forwards(self, today: date, limit: int = 200) -> list[PendingForward]:
        return forward_queries.pending_forwards(self._read(), today, limit)

    def held_too_long(self, today: date, limit: int = 200) -> list[HeldMaterial]:
        return custody.held_too_long(self._read(), today, limit)

    def first_start_today(self, today: date) -> bool:
        return morning.first_start_today(self._uow(), self.actor, today)

    def write_morning_list(self, today: date, path: Path) -> Path:
        return morning.write_morning_list(self._uow(), self.actor, today, path)

    # printed documents (打印文书)
    def document_choices(self, case_id: int) -> list[printing.DocumentChoice]:
        return printing.document_choices(self._read(), case_id)

    def render_document(
        self, case_id: int, kind: DocumentKind, fmt: PaperFormat = PaperFormat.A4
    ) -> printing.RenderedDocument:
        return printing.render_document(self._read(), self.actor, case_id, kind, fmt)

    def record_print(
        self, case_id: int, kind: DocumentKind, fmt: PaperFormat, printer: str
    ) -> printing.PrintRecord:
        return printing.record_print(self._uow(), self.actor, case_id, kind, fmt, printer)

    def print_history(self, case_id: int) -> list[printing.PrintRecord]:
        return printing.print_history(self._read(), case_id)

    def render_guide(self, version_id: int) -> bytes:
        return printing.render_guide(self._read(), version_id)

    def send_to_counter_printer(
        self, case_id: int, kind: DocumentKind, target: EscposTarget
    ) -> printing.PrintRecord:
        """The slip on the counter's receipt printer, recorded once the printer took it."""
        return printing.send_to_counter_printer(self._uow(), self.actor, case_id, kind, target)

    # --- agent service (代办): the agent, the custody of materials, forwards, delivery ---
    def list_agents(self, include_inactive: bool = False) -> list[agents.AgentView]:
        return agents.list_agents(self._read(), include_inactive)

    def list_village_points(self, include_inactive: bool = False) -> list[agents.VillagePointView]:
        return agents.list_village_points(self._read(), include_inactive)

    def put_under_agent_service(
        self, case_id: int, form: agents.AgentServiceForm
    ) -> agents.AgentServiceView:
        return agents.put_under_agent_service(self._uow(), self.actor, case_id, form)

    def reassign(self, case_id: int, agent_id: int, reason: str) -> agents.AgentServiceView:
        return agents.reassign(self._uow(), self.actor, case_id, agent_id, reason)

    def accept_assignment(self, case_id: int) -> agents.AgentServiceView:
        return agents.accept_assignment(self._uow(), self.actor, case_id)

    def agent_service(self, case_id: int) -> agents.AgentServiceView | None:
        return agents.agent_service(self._read(), case_id)

    def record_handover(self, case_id: int, form: custody.HandoverForm) -> custody.HandoverView:
        return custody.record_handover(self._uow(), self.actor, case_id, form)

    def custody_view(self, case_id: int, today: date) -> custody.CustodyView:
        return custody.custody_view(self._read(), case_id, today)

    def forward(self, case_id: int, form: forwarding.ForwardForm) -> forwarding.ForwardResult:
        return forwarding.forward(self._uow(), self.actor, case_id, form)

    def record_reply(self, forward_id: int, form: forwarding.ReplyForm) -> forwarding.ReplyResult:
        return forwarding.record_reply(self._uow(), self.actor, forward_id, form)

    def forwards_of(self, case_id: int, today: date | None = None) -> list[forwarding.ForwardView]:
        return forwarding.forwards_of(self._read(), case_id, today)

    def deliver(self, case_id: int, form: delivery.DeliveryForm) -> delivery.DeliveryView:
        return delivery.deliver(self._uow(), self.actor, case_id, form)

    def delivery_of(self, case_id: int) -> delivery.DeliveryView | None:
        return delivery.delivery_of(self._read(), case_id)

    # --- the agent's workbench (代办员工作台) and the registry of agents and village points ---
    # (list_agents and list_village_points are in the agent-service block above)
    def save_agent(self, form: agents.AgentForm) -> agents.AgentView:
        return agents.save_agent(self._uow(), self.actor, form)

    def save_village_point(self, form: agents.VillagePointForm) -> agents.VillagePointView:
        return agents.save_village_point(self._uow(), self.actor, form)

    def agent_workbench(self, agent_id: int | None, today: date) -> workbench.Workbench:
        return workbench.agent_workbench(self._read(), self.actor, agent_id, today)

    def agent_loads(self, today: date) -> list[workbench.AgentLoad]:
        return workbench.agent_loads(self._read(), self.actor, today)

    def write_run_sheet(self, agent_id: int | None, today: date, path: Path) -> Path:
        return workbench.write_run_sheet(self._uow(), self.actor, agent_id, today, path)

    # sync with the county hub (同步)
    def sync_status(self) -> sync.SyncStatus:
        return sync.sync_status(self._read())

    def configure_sync(
        self, hub_url: str, hall_code: str, credential_path: Path, auto_minutes: int = 15
    ) -> sync.SyncStatus:
        sync.configure_sync(
            self._uow(), self.actor, hub_url, hall_code, credential_path, auto_minutes
        )
        return sync.sync_status(self._read())

    def sync_now(
        self,
        progress: Callable[[sync.SyncProgress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> sync.SyncResult:
        return sync.sync_now(self._uow, self.actor, progress, cancel)

    def export_batches(self, path: Path) -> sync.ExportResult:
        return sync.export_batches(self._read, self._uow, self.actor, path)

    def apply_ack_file(self, path: Path) -> sync.AckResult:
        return sync.apply_ack_file(self._uow, self.actor, path)

    def parked_batches(self) -> list[sync.ParkedBatch]:
        return sync.parked_batches(self._read())

    def retry_parked(self) -> int:
        return sync.retry_parked(self._uow(), self.actor)

    def update_notes(self, limit: int = 50) -> list[sync.UpdateNote]:
        return sync.update_notes(self._read(), limit)

    # audit trail (审计记录), for 中心负责人 and 管理员
    def case_trail(self, number: str) -> audit_trail.Trail:
        return audit_trail.case_trail(self._read(), self.actor, number)

    def user_trail(self, login: str) -> audit_trail.Trail:
        return audit_trail.user_trail(self._read(), self.actor, login)

    def trail_subjects(self) -> list[audit_trail.TrailSubject]:
        return audit_trail.trail_subjects(self._read(), self.actor)

    def verify_audit_chain(self) -> audit_verify.ChainReport:
        return audit_trail.verify_trail(self._read(), self.actor)

    # 好差评: the counter's evaluation screen and the case view's 评价; 显示完整证件号
    def record_evaluation(self, form: evaluations.EvaluationForm) -> evaluations.EvaluationView:
        return evaluations.record_evaluation(self._uow(), self.actor, form)

    def evaluation_of(self, case_id: int, today: date) -> evaluations.EvaluationView | None:
        return evaluations.evaluation_of(self._read(), case_id, today)

    def close_follow_up(self, follow_up_id: int, outcome: str) -> evaluations.FollowUpView:
        return evaluations.close_follow_up(self._uow(), self.actor, follow_up_id, outcome)

    def reveal_doc_numbers(
        self, case_id: int, purpose: full_id.RevealPurpose, note: str = ""
    ) -> full_id.FullNumbers:
        return full_id.reveal_doc_numbers(self._uow(), self.actor, case_id, purpose, note)

    # 统计: the daily ledger (日常工作台账), the period statistics and their export
    def daily_ledger(self, day: date) -> reports.Ledger:
        return reports.daily_ledger(self._read(), self.actor, day)

    def period_stats(
        self, period: reports.Period, progress: Callable[[int, int], None] | None = None
    ) -> reports.PeriodStats:
        return reports.period_stats(self._read(), self.actor, period, progress)

    def export_stats(
        self, stats: reports.PeriodStats, path: Path, template: Path | None = None
    ) -> Path:
        return reports.export_stats(self._uow(), self.actor, stats, path, template)

    def export_ledger(self, ledger: reports.Ledger, path: Path) -> Path:
        return reports.export_ledger(self._uow(), self.actor, ledger, path)

    def write_ledger_pdf(self, ledger: reports.Ledger, path: Path) -> Path:
        """The ledger's pages for the print preview; printing is not an export."""
        return reports.write_ledger_pdf(ledger, path)

    def report_templates(self) -> list[Path]:
        return reports.report_templates()

    # 回访整改 and 效能投诉: the 统计 area's two lists and the deadline monitor's figures
    # (close_follow_up is in the 好差评 block above)
    def follow_ups(
        self, today: date, open_only: bool = True, limit: int = 200
    ) -> list[evaluations.FollowUpView]:
        return evaluations.follow_ups(self._read(), today, open_only, limit)

    def follow_up_counts(self, today: date) -> deadlines.OtherCounts:
        return deadlines.follow_up_counts(self._read(), today)

    def complaint_counts(self, today: date) -> deadlines.OtherCounts:
        return deadlines.complaint_counts(self._read(), today)

    def register_complaint(self, form: complaints.ComplaintForm) -> complaints.ComplaintView:
        return complaints.register_complaint(self._uow(), self.actor, form)

    def assign_complaint_handler(
        self, complaint_id: int, handler_login: str
    ) -> complaints.ComplaintView:
        return complaints.assign_handler(self._uow(), self.actor, complaint_id, handler_login)

    def record_complaint_findings(
        self, complaint_id: int, findings: str, substantiated: bool
    ) -> complaints.ComplaintView:
        return complaints.record_findings(
            self._uow(), self.actor, complaint_id, findings, substantiated
        )

    def record_complaint_reply(
        self, complaint_id: int, reply: str, replied_on: date
    ) -> complaints.ComplaintView:
        return complaints.record_reply(self._uow(), self.actor, complaint_id, reply, replied_on)

    def extend_complaint(
        self, complaint_id: int, days: int, reason: str
    ) -> complaints.ComplaintView:
        return complaints.extend_complaint(self._uow(), self.actor, complaint_id, days, reason)

    def close_complaint(
        self, complaint_id: int, complainant_satisfied: bool | None
    ) -> complaints.ComplaintView:
        return complaints.close_complaint(
            self._uow(), self.actor, complaint_id, complainant_satisfied
        )

    def complaint(self, complaint_id: int, today: date) -> complaints.ComplaintView:
        return complaints.complaint(self._read(), complaint_id, today, self.actor)

    def list_complaints(
        self,
        today: date,
        state: ComplaintState | None = None,
        start: date | None = None,
        end: date | None = None,
        limit: int = 200,
    ) -> list[complaints.ComplaintView]:
        return complaints.list_complaints(self._read(), today, state, start, end, limit, self.actor)

    def complaint_staff_choices(self) -> list[tuple[str, str]]:
        return complaints.staff_choices(self._read())

    def render_complaint_pdf(self, complaint_id: int) -> bytes:
        """效能投诉登记处理单; the service records the print in the audit trail."""
        return complaints.render_complaint_pdf(self._uow(), self.actor, complaint_id)
