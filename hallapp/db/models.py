"""Tables of the hall database (SQLAlchemy 2 typed models)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hallapp.db.base import Base


class Hall(Base):
    """便民服务中心: the hall this database belongs to (one row)."""

    __tablename__ = "halls"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)  # 12-digit 区划代码
    name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    opening_time: Mapped[str] = mapped_column(String(5), default="08:30")
    closing_time: Mapped[str] = mapped_column(String(5), default="17:30")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    login: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    roles: Mapped[str] = mapped_column(String(200), default="clerk")  # comma separated
    window: Mapped[str] = mapped_column(String(20), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Argon2id hash (hallapp.services.accounts); None until a password is set.
    password_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    # Set by an admin's reset: the temporary password must be replaced at next login.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("0")
    )


class CatalogueImport(Base):
    """One import of a catalogue file: a catalogue version."""

    __tablename__ = "catalogue_imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(300))
    sample: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    added: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)


class ServiceItem(Base):
    """事项 by its 实施编码; its content lives in versions."""

    __tablename__ = "service_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    basic_code: Mapped[str] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    versions: Mapped[list[ItemVersion]] = relationship(
        back_populates="item", order_by="ItemVersion.version"
    )


class ItemVersion(Base):
    """An item as one catalogue import described it. Cases point at the version they were
    taken in under, so a later change of limits never moves an existing deadline."""

    __tablename__ = "item_versions"
    __table_args__ = (
        Index("uq_item_versions_item_id_version", "item_id", "version", unique=True),
        Index(
            "uq_item_versions_current",
            "item_id",
            unique=True,
            sqlite_where=text("is_current = 1"),
            postgresql_where=text("is_current"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("service_items.id"))
    version: Mapped[int] = mapped_column(Integer)
    import_id: Mapped[int] = mapped_column(ForeignKey("catalogue_imports.id"))
    is_current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    name: Mapped[str] = mapped_column(String(100))
    item_type: Mapped[str] = mapped_column(String(20))
    department: Mapped[str] = mapped_column(String(100), index=True)
    implementing_body: Mapped[str] = mapped_column(String(100), default="")
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    conditions: Mapped[str] = mapped_column(Text, default="")
    flow: Mapped[str] = mapped_column(Text, default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    legal_limit: Mapped[int] = mapped_column(Integer)
    legal_unit: Mapped[str] = mapped_column(String(16))
    promised_limit: Mapped[int] = mapped_column(Integer)
    promised_unit: Mapped[str] = mapped_column(String(16))
    handling: Mapped[str] = mapped_column(String(16))
    agent_service: Mapped[bool] = mapped_column(Boolean)
    content_hash: Mapped[str] = mapped_column(String(64))
    search_key: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    item: Mapped[ServiceItem] = relationship(back_populates="versions")
    materials: Mapped[list[ItemMaterial]] = relationship(
        order_by="ItemMaterial.seq", cascade="all, delete-orphan"
    )
    fees: Mapped[list[ItemFee]] = relationship(order_by="ItemFee.seq", cascade="all, delete-orphan")


class ItemMaterial(Base):
    __tablename__ = "item_materials"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("item_versions.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    form: Mapped[str] = mapped_column(String(20))
    copies: Mapped[int] = mapped_column(Integer)
    required: Mapped[bool] = mapped_column(Boolean)
    notes: Mapped[str] = mapped_column(Text, default="")


class ItemFee(Base):
    __tablename__ = "item_fees"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("item_versions.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    amount_fen: Mapped[int] = mapped_column(Integer)
    basis: Mapped[str] = mapped_column(Text, default="")


class Setting(Base):
    """A hall setting as JSON text; the services know each key's meaning."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class AuditRecord(Base):
    """Who did what, when; written in the same transaction as the change it records."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_entity_entity_id", "entity", "entity_id"),
        Index("ix_audit_log_actor_id", "actor_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    actor_name: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="{}")
    # hallapp.core.audit_chain: the hash of the record before and of this one, hex.
    prev_hash: Mapped[str] = mapped_column(String(64), server_default="")
    hash: Mapped[str] = mapped_column(String(64), server_default="")


class CalendarYear(Base):
    """A year whose holiday arrangement the hall has been given beyond the built-in data
    (e.g. the State Council's 2027 arrangement): deadlines in it are no longer provisional."""

    __tablename__ = "calendar_years"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(20))  # local | county
    note: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[datetime] = mapped_column(DateTime)
    added_by: Mapped[str] = mapped_column(String(40))


class CalendarOverride(Base):
    """One day whose kind differs from the built-in calendar, or that the built-in data
    does not know: a holiday (is_workday false) or a make-up working day (true)."""

    __tablename__ = "calendar_overrides"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(20))  # local | county
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    changed_by: Mapped[str] = mapped_column(String(40))


class CaseSerial(Base):
    """The last case serial issued per hall and day; bumped inside the saving transaction,
    so numbers never collide and never need a network."""

    __tablename__ = "case_serials"
    hall_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_serial: Mapped[int] = mapped_column(Integer)


class Case(Base):
    """办件. The applicant is a snapshot as taken in at the counter: what was accepted is
    what the notice says, even if the person's details change later."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_state_promised_due", "state", "promised_due"),
        Index("ix_cases_applicant_doc_number", "applicant_doc_number"),
        Index("ix_cases_applicant_doc_rev", "applicant_doc_rev"),
        Index("ix_cases_applicant_name", "applicant_name"),
        Index("ix_cases_applicant_phone_rev", "applicant_phone_rev"),
        Index("ix_cases_received_at", "received_at"),
        # By item and acceptance day: the clocks that share every fact but the pauses,
        # found and updated per group when the calendar changes, from the index alone.
        Index("ix_cases_version_accepted", "item_version_id", "accepted_on", "clock"),
        # The deadline monitor: its counts, its pages in order of time left.
        Index("ix_cases_clock_due", "clock", "due_no", "legal_no", "warn_no"),
        Index("ix_cases_clock_resume", "clock", "resume_no"),
        Index("ix_cases_accepted_on", "accepted_on"),
        # An agent's open cases in order of time left (the agent's workbench).
        Index("ix_cases_agent_clock", "agent_id", "clock", "due_no"),
        # The period reports (migration 0012): cases taken in and cases completed are each
        # counted from one index alone, read in the order of the GROUP BY, so a year of
        # cases needs neither a sort nor a table row; agent cases from a small one.
        Index(
            "ix_cases_report_received",
            text("substr(received_at, 1, 7)"),
            "item_version_id",
            "clerk_id",
            "state",
            "channel",
            "received_at",
            "agent_id",
            "accepted_on",
        ),
        Index(
            "ix_cases_report_completed",
            text("substr(closed_at, 1, 7)"),
            "item_version_id",
            "clerk_id",
            "closed_at",
            "due_no",
            "legal_no",
            "promised_days",
            "state",
            sqlite_where=text("state IN ('completed', 'delivered')"),
        ),
        Index(
            "ix_cases_report_agent",
            "received_at",
            "agent_id",
            sqlite_where=text("agent_id IS NOT NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    query_password: Mapped[str] = mapped_column(String(6))
    hall_code: Mapped[str] = mapped_column(String(12))
    state: Mapped[str] = mapped_column(String(32))
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_versions.id"))
    channel: Mapped[str] = mapped_column(String(16), default="window")
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    clerk_name: Mapped[str] = mapped_column(String(40))
    green_channel: Mapped[bool] = mapped_column(Boolean, default=False)
    green_reason: Mapped[str] = mapped_column(String(200), default="")

    applicant_kind: Mapped[str] = mapped_column(String(12))  # person | organisation
    applicant_name: Mapped[str] = mapped_column(String(100))
    applicant_doc_type: Mapped[str] = mapped_column(String(24))
    applicant_doc_number: Mapped[str] = mapped_column(String(32))
    # The number reversed: a search by its last digits becomes an indexed prefix range.
    applicant_doc_rev: Mapped[str] = mapped_column(String(32))
    applicant_phone: Mapped[str] = mapped_column(String(32), default="")
    applicant_phone_rev: Mapped[str] = mapped_column(String(32), default="")
    applicant_address: Mapped[str] = mapped_column(Text, default="")
    applicant_sex: Mapped[str] = mapped_column(String(8), default="")
    applicant_birth_date: Mapped[date | None] = mapped_column(Date)
    legal_representative: Mapped[str] = mapped_column(String(50), default="")
    proxy_name: Mapped[str] = mapped_column(String(50), default="")  # 委托代理人
    proxy_doc_type: Mapped[str] = mapped_column(String(24), default="")
    proxy_doc_number: Mapped[str] = mapped_column(String(32), default="")
    proxy_phone: Mapped[str] = mapped_column(String(32), default="")

    received_at: Mapped[datetime] = mapped_column(DateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime)
    accepted_on: Mapped[date | None] = mapped_column(Date)  # the day the clock counts from
    promised_due: Mapped[date | None] = mapped_column(Date)
    promised_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    legal_due: Mapped[date | None] = mapped_column(Date)
    legal_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    notice_due: Mapped[date | None] = mapped_column(Date)  # 一次性告知: answer within 5 days
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The clock (core.clock_marks): "run" or "stop" while the case is open, NULL otherwise;
    # the deadlines as working-day numbers, kept after closing for the reports.
    clock: Mapped[str | None] = mapped_column(String(4))
    due_no: Mapped[int | None] = mapped_column(Integer)
    legal_no: Mapped[int | None] = mapped_column(Integer)
    warn_no: Mapped[int | None] = mapped_column(Integer)
    promised_days: Mapped[int | None] = mapped_column(Integer)  # for 预警 when settings change
    paused_since: Mapped[date | None] = mapped_column(Date)
    resume_no: Mapped[int | None] = mapped_column(Integer)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))

    fee_total_fen: Mapped[int] = mapped_column(Integer, default=0)
    receipt_number: Mapped[str] = mapped_column(String(40), default="")
    payment_method: Mapped[str] = mapped_column(String(16), default="")
    refusal_reason: Mapped[str] = mapped_column(String(40), default="")
    refusal_text: Mapped[str] = mapped_column(Text, default="")
    remedy_text: Mapped[str] = mapped_column(Text, default="")
    idempotency_key: Mapped[str] = mapped_column(String(40), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    materials: Mapped[list[CaseMaterial]] = relationship(order_by="CaseMaterial.seq")
    fees: Mapped[list[CaseFee]] = relationship(order_by="CaseFee.seq")
    events: Mapped[list[CaseEvent]] = relationship(order_by="CaseEvent.id")


class CaseMaterial(Base):
    __tablename__ = "case_materials"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    form: Mapped[str] = mapped_column(String(20))
    copies_required: Mapped[int] = mapped_column(Integer)
    required: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16))  # received | missing | defective | n/a
    original_seen: Mapped[bool] = mapped_column(Boolean, default=False)
    copies_taken: Mapped[int] = mapped_column(Integer, default=0)
    problem: Mapped[str] = mapped_column(Text, default="")  # what is wrong or still needed
    extra: Mapped[bool] = mapped_column(Boolean, default=False)  # not on the item's list


class CaseFee(Base):
    __tablename__ = "case_fees"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    amount_fen: Mapped[int] = mapped_column(Integer)
    waived: Mapped[bool] = mapped_column(Boolean, default=False)
    waiver_reason: Mapped[str] = mapped_column(Text, default="")
    waived_by: Mapped[str] = mapped_column(String(40), default="")


class CaseEvent(Base):
    """One step of a case's timeline: who moved it from which state to which, when."""

    __tablename__ = "case_events"
    # The daily ledger (日常工作台账) reads one day of steps (migration 0012).
    __table_args__ = (Index("ix_case_events_at", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    actor_name: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    comment: Mapped[str] = mapped_column(Text, default="")


class IntakeDraft(Base):
    """A half-typed intake, saved as the clerk types, offered back after a crash."""

    __tablename__ = "intake_drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    payload: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class OutboxEntry(Base):
    """A change to send to the county hub, written in the same transaction as the change."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64))
    op: Mapped[str] = mapped_column(String(16))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    batch_id: Mapped[str | None] = mapped_column(String(40), index=True)


class CasePause(Base):
    """A stop of the case clock (补正, 特别程序, 挂起): each its own record."""

    __tablename__ = "case_pauses"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    procedure: Mapped[str] = mapped_column(String(40), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    approved_days: Mapped[int | None] = mapped_column(Integer)
    approver: Mapped[str] = mapped_column(String(40), default="")


class CaseExtension(Base):
    """延期: requested by the window with a reason, approved or refused by the head of the
    office (中心负责人); only an approved one moves the deadlines."""

    __tablename__ = "case_extensions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    days: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))  # requested | approved | refused
    requested_by: Mapped[str] = mapped_column(String(40))
    requested_at: Mapped[datetime] = mapped_column(DateTime)
    approver: Mapped[str] = mapped_column(String(40), default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    granted_on: Mapped[date | None] = mapped_column(Date)
    decision_note: Mapped[str] = mapped_column(Text, default="")


class Agent(Base):
    """代办员: a township agent, or the village agent of a 村代办点."""

    __tablename__ = "agents"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(32), default="")
    kind: Mapped[str] = mapped_column(String(12), default="township")  # township | village
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    doc_number: Mapped[str] = mapped_column(String(32), default="")  # 身份证号
    village_point_id: Mapped[int | None] = mapped_column(ForeignKey("village_points.id"))


class ClockBulk(Base):
    """While it holds a row (only inside a bulk recompute's own transaction) the tally
    triggers stand aside and the recompute adjusts clock_tally per group instead."""

    __tablename__ = "clock_bulk"
    id: Mapped[int] = mapped_column(primary_key=True)


class ClockTally(Base):
    """How many open cases share each set of deadline numbers, kept by triggers on
    ``cases`` (migration 0004): the monitor's counts read a few hundred rows of this
    instead of every open case."""

    __tablename__ = "clock_tally"
    clock: Mapped[str] = mapped_column(String(4), primary_key=True)
    due_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    legal_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    warn_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class CasePrint(Base):
    """One printed copy of a case document: a 补打 (reprint) is marked as such on the paper
    and counted here, so a lost receipt's replacement is never mistaken for the original."""

    __tablename__ = "case_prints"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # DocumentKind value
    format: Mapped[str] = mapped_column(String(10))  # PaperFormat value
    copy_no: Mapped[int] = mapped_column(Integer)  # 1 = first print, 2 = 补打第1次, …
    printer: Mapped[str] = mapped_column(String(300))  # name, 文件：path or ESC/POS：target
    printed_by: Mapped[str] = mapped_column(String(40))
    printed_at: Mapped[datetime] = mapped_column(DateTime)


class VillagePoint(Base):
    """村代办点: where a village agent takes cases in for the township."""

    __tablename__ = "village_points"
    id: Mapped[int] = mapped_column(primary_key=True)
    village: Mapped[str] = mapped_column(String(60), unique=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    agent_on_duty_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    opening_days: Mapped[str] = mapped_column(String(60), default="")  # e.g. 周一、周四
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CaseAgentService(Base):
    """代办: a case carried by an agent for the applicant, with the authorisation and
    where it came from. One row per case; assignments are their own records."""

    __tablename__ = "case_agent_service"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    origin: Mapped[str] = mapped_column(String(12))  # window | village
    village_point_id: Mapped[int | None] = mapped_column(ForeignKey("village_points.id"))
    village_received_on: Mapped[date | None] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(Text, default="")  # 委托事项和权限
    authorised_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class CaseAssignment(Base):
    """An agent put on a case (or taken off it for another), with the reason, and the
    agent's acceptance."""

    __tablename__ = "case_assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    assigned_by: Mapped[str] = mapped_column(String(40))
    assigned_at: Mapped[datetime] = mapped_column(DateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)


class CaseHandover(Base):
    """材料交接: never edited; a correction is a new record naming the one it corrects."""

    __tablename__ = "case_handovers"
    __table_args__ = (
        # What an agent holds and what waits for the agent, without reading every record.
        Index("ix_case_handovers_receiver", "receiver_kind", "receiver_ref", "case_id"),
        Index("ix_case_handovers_giver", "giver_kind", "giver_ref", "case_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    giver_kind: Mapped[str] = mapped_column(String(16))
    giver_ref: Mapped[str] = mapped_column(String(60), default="")
    giver_name: Mapped[str] = mapped_column(String(60), default="")
    receiver_kind: Mapped[str] = mapped_column(String(16))
    receiver_ref: Mapped[str] = mapped_column(String(60), default="")
    receiver_name: Mapped[str] = mapped_column(String(60), default="")
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("case_handovers.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(40))

    items: Mapped[list[CaseHandoverItem]] = relationship(order_by="CaseHandoverItem.seq")


class CaseHandoverItem(Base):
    __tablename__ = "case_handover_items"
    handover_id: Mapped[int] = mapped_column(ForeignKey("case_handovers.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    material: Mapped[str] = mapped_column(String(200))
    originals: Mapped[int] = mapped_column(Integer, default=1)
    copies: Mapped[int] = mapped_column(Integer, default=0)


class CaseForward(Base):
    """转报/联办: the case sent to a county department, and its reply."""

    __tablename__ = "case_forwards"
    __table_args__ = (Index("ix_case_forwards_pending", "reply", "expected_reply_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    department: Mapped[str] = mapped_column(String(100))
    sent_on: Mapped[date] = mapped_column(Date)
    expected_days: Mapped[int] = mapped_column(Integer)
    expected_reply_on: Mapped[date] = mapped_column(Date)
    way: Mapped[str] = mapped_column(String(16))  # agent | post | electronic
    reply: Mapped[str] = mapped_column(String(16), default="pending")
    # pending | approved | refused | more_materials
    reply_on: Mapped[date | None] = mapped_column(Date)
    reply_text: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(40))


class CaseDelivery(Base):
    """送达: how the result reached the applicant."""

    __tablename__ = "case_deliveries"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    method: Mapped[str] = mapped_column(String(12))  # window | agent | post
    recipient_name: Mapped[str] = mapped_column(String(60), default="")
    recipient_masked_doc: Mapped[str] = mapped_column(String(32), default="")
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    tracking_number: Mapped[str] = mapped_column(String(60), default="")
    delivered_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(40))


class CaseHolding(Base):
    """Who holds each material of a case now, since when: the custody chain's result,
    rewritten with every hand-over of the case, so that what an agent holds or waits for
    is one indexed read instead of a replay of every record."""

    __tablename__ = "case_holdings"
    __table_args__ = (Index("ix_case_holdings_holder", "holder_kind", "holder_ref"),)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    material: Mapped[str] = mapped_column(String(200), primary_key=True)
    holder_kind: Mapped[str] = mapped_column(String(16))
    holder_ref: Mapped[str] = mapped_column(String(60), default="")
    holder_name: Mapped[str] = mapped_column(String(60), default="")
    since: Mapped[datetime] = mapped_column(DateTime)


class SyncState(Base):
    """The hall's link to the county hub (one row): where, with which credential, how far
    the hub has acknowledged, and who is sending right now (the lease)."""

    __tablename__ = "sync_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hub_url: Mapped[str] = mapped_column(String(300), default="")
    hall_code: Mapped[str] = mapped_column(String(12), default="")
    secret: Mapped[str] = mapped_column(String(128), default="")  # never printed or logged
    auto_minutes: Mapped[int] = mapped_column(Integer, default=15)
    batch_size: Mapped[int] = mapped_column(Integer, default=500)
    acked_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    catalogue_version: Mapped[int] = mapped_column(Integer, default=0)
    calendar_version: Mapped[int] = mapped_column(Integer, default=0)
    lease_holder: Mapped[str | None] = mapped_column(String(40))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime)


class SyncParked(Base):
    """A batch the hub refused for good (400): its entries stay queued, and nothing after
    them is sent until a person clears it."""

    __tablename__ = "sync_parked"
    __table_args__ = (Index("ix_sync_parked_open", "cleared_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)
    cleared_at: Mapped[datetime | None] = mapped_column(DateTime)


class SyncUpdate(Base):
    """A catalogue version or calendar year received from the county, with what changed."""

    __tablename__ = "sync_updates"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text)


class Evaluation(Base):
    """好差评: one rating per case (core.evaluation.Rating), whoever entered it."""

    __tablename__ = "evaluations"
    # The reports' ratings per level and clerk, from the index alone (migration 0012).
    __table_args__ = (
        Index(
            "ix_evaluations_report",
            text("substr(rated_at, 1, 7)"),
            "rating",
            "clerk_id",
            "rated_at",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    rating: Mapped[str] = mapped_column(String(20))  # Rating value
    channel: Mapped[str] = mapped_column(String(10))  # EvaluationChannel value
    comment: Mapped[str] = mapped_column(Text, default="")
    # The clerk whose service was rated (the case's clerk), for the per-clerk figures.
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    rated_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    recorded_by: Mapped[str] = mapped_column(String(40))


class FollowUp(Base):
    """回访整改 after a bad rating: a working-day limit the deadline monitor watches,
    and what was done about it."""

    __tablename__ = "follow_ups"
    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), unique=True)
    opened_on: Mapped[date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    due_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    handler_name: Mapped[str] = mapped_column(String(40), default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)
    closed_by: Mapped[str] = mapped_column(String(40), default="")


class Complaint(Base):
    """效能投诉 (core.complaints): about a clerk, an agent, a department or a case."""

    __tablename__ = "complaints"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    received_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    channel: Mapped[str] = mapped_column(String(10))  # ComplaintChannel value
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    complainant_name: Mapped[str] = mapped_column(String(60), default="")
    complainant_phone: Mapped[str] = mapped_column(String(40), default="")
    subject_kind: Mapped[str] = mapped_column(String(12))  # SubjectKind value
    subject_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    subject_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    subject_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    subject_department: Mapped[str] = mapped_column(String(100), default="")
    # As the subject read when registered: a renamed clerk or department does not
    # change what the complaint said.
    subject_label: Mapped[str] = mapped_column(String(120))
    content: Mapped[str] = mapped_column(Text)
    days: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    due_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    extended_days: Mapped[int] = mapped_column(Integer, default=0)
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    handler_name: Mapped[str] = mapped_column(String(40), default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    substantiated: Mapped[bool | None] = mapped_column(Boolean)
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_on: Mapped[date | None] = mapped_column(Date)
    complainant_satisfied: Mapped[bool | None] = mapped_column(Boolean)
    state: Mapped[str] = mapped_column(String(10), default="open")  # ComplaintState value
    closed_on: Mapped[date | None] = mapped_column(Date)
    registered_by: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
