"""deadline monitor: the clock stored on cases, its tally, extensions, agents

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 18:20:00
"""

from __future__ import annotations

import json
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The tally of open cases per set of deadline numbers follows every insert, update and
# delete of a case, whichever code path writes it (services, demo generator, a restore),
# except while a row in clock_bulk says a bulk recompute keeps it itself (inside that
# recompute's transaction, so no other connection ever sees the row).
_TRIGGERS = (
    """
    CREATE TRIGGER trg_cases_tally_insert AFTER INSERT ON cases
    WHEN NEW.clock IS NOT NULL AND NOT EXISTS (SELECT 1 FROM clock_bulk)
    BEGIN
        INSERT INTO clock_tally (clock, due_no, legal_no, warn_no, n)
        VALUES (NEW.clock, NEW.due_no, NEW.legal_no, NEW.warn_no, 1)
        ON CONFLICT (clock, due_no, legal_no, warn_no) DO UPDATE SET n = n + 1;
    END
    """,
    """
    CREATE TRIGGER trg_cases_tally_delete AFTER DELETE ON cases
    WHEN OLD.clock IS NOT NULL AND NOT EXISTS (SELECT 1 FROM clock_bulk)
    BEGIN
        UPDATE clock_tally SET n = n - 1
        WHERE clock = OLD.clock AND due_no = OLD.due_no AND legal_no = OLD.legal_no
          AND warn_no = OLD.warn_no;
    END
    """,
    """
    CREATE TRIGGER trg_cases_tally_update AFTER UPDATE OF clock, due_no, legal_no, warn_no
    ON cases
    WHEN (OLD.clock IS NOT NEW.clock OR OLD.due_no IS NOT NEW.due_no
      OR OLD.legal_no IS NOT NEW.legal_no OR OLD.warn_no IS NOT NEW.warn_no)
      AND NOT EXISTS (SELECT 1 FROM clock_bulk)
    BEGIN
        UPDATE clock_tally SET n = n - 1
        WHERE OLD.clock IS NOT NULL AND clock = OLD.clock AND due_no = OLD.due_no
          AND legal_no = OLD.legal_no AND warn_no = OLD.warn_no;
        INSERT INTO clock_tally (clock, due_no, legal_no, warn_no, n)
        SELECT NEW.clock, NEW.due_no, NEW.legal_no, NEW.warn_no, 1 WHERE NEW.clock IS NOT NULL
        ON CONFLICT (clock, due_no, legal_no, warn_no) DO UPDATE SET n = n + 1;
    END
    """,
)


def upgrade() -> None:
    op.create_table(
        "agents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_agents_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agents")),
    )
    op.create_table(
        "clock_tally",
        sa.Column("clock", sa.String(length=4), nullable=False),
        sa.Column("due_no", sa.Integer(), nullable=False),
        sa.Column("legal_no", sa.Integer(), nullable=False),
        sa.Column("warn_no", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "clock", "due_no", "legal_no", "warn_no", name=op.f("pk_clock_tally")
        ),
    )
    op.create_table(
        "clock_bulk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clock_bulk")),
    )
    # Nothing wrote extensions before this revision: the table takes its final shape.
    with op.batch_alter_table("case_extensions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_extensions_case_id"))
    op.drop_table("case_extensions")
    op.create_table(
        "case_extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("requested_by", sa.String(length=40), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("approver", sa.String(length=40), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("granted_on", sa.Date(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_extensions_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_extensions")),
    )
    with op.batch_alter_table("case_extensions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_extensions_case_id"), ["case_id"], unique=False)

    # Plain ADD COLUMN: SQLite adds these without copying the table, which matters for a
    # hall with years of cases.
    op.add_column("cases", sa.Column("clock", sa.String(length=4), nullable=True))
    op.add_column("cases", sa.Column("due_no", sa.Integer(), nullable=True))
    op.add_column("cases", sa.Column("legal_no", sa.Integer(), nullable=True))
    op.add_column("cases", sa.Column("warn_no", sa.Integer(), nullable=True))
    op.add_column("cases", sa.Column("promised_days", sa.Integer(), nullable=True))
    op.add_column("cases", sa.Column("paused_since", sa.Date(), nullable=True))
    op.add_column("cases", sa.Column("resume_no", sa.Integer(), nullable=True))
    op.execute("ALTER TABLE cases ADD COLUMN agent_id INTEGER REFERENCES agents (id)")
    _backfill()
    op.create_index(
        "ix_cases_clock_due", "cases", ["clock", "due_no", "legal_no", "warn_no"], unique=False
    )
    op.create_index("ix_cases_clock_resume", "cases", ["clock", "resume_no"], unique=False)
    op.drop_index("ix_cases_item_version_id", table_name="cases")
    op.create_index(
        "ix_cases_version_accepted",
        "cases",
        ["item_version_id", "accepted_on", "clock"],
        unique=False,
    )
    op.create_index("ix_cases_accepted_on", "cases", ["accepted_on"], unique=False)
    op.create_index("ix_cases_agent_id", "cases", ["agent_id"], unique=False)
    for trigger in _TRIGGERS:
        op.execute(trigger)
    op.execute(
        "INSERT INTO clock_tally (clock, due_no, legal_no, warn_no, n) "
        "SELECT clock, due_no, legal_no, warn_no, count(*) FROM cases "
        "WHERE clock IS NOT NULL GROUP BY clock, due_no, legal_no, warn_no"
    )


def _backfill() -> None:
    """Store the clock of every accepted case, as the services keep it from now on."""
    from hallapp.core.clock import ClockFacts, Pause, PauseKind, WarningThresholds
    from hallapp.core.clock_marks import clock_marks
    from hallapp.core.limits import LimitUnit, TimeLimit
    from hallapp.core.workdays import DayOverride, WorkdayCalendar

    conn = op.get_bind()
    overrides = [
        DayOverride(_day(d), bool(w), n, s)
        for d, w, n, s in conn.execute(
            sa.text("SELECT day, is_workday, name, source FROM calendar_overrides")
        )
    ]
    years = [y for (y,) in conn.execute(sa.text("SELECT year FROM calendar_years"))]
    calendar = WorkdayCalendar(overrides, extra_known_years=years)
    thresholds = WarningThresholds()
    setting = conn.execute(
        sa.text("SELECT value FROM settings WHERE key = 'clock.warning_thresholds'")
    ).scalar()
    if setting:
        data = json.loads(setting)
        thresholds = WarningThresholds(
            int(data["warn_days_left"]), float(data["warn_fraction_left"])
        )
    pauses: dict[int, list[Pause]] = {}
    for case_id, kind, reason, start, end, approved, procedure in conn.execute(
        sa.text(
            'SELECT case_id, kind, reason, start, "end", approved_days, procedure '
            "FROM case_pauses ORDER BY id"
        )
    ):
        pauses.setdefault(case_id, []).append(
            Pause(
                PauseKind(kind),
                reason,
                _day(start),
                _day(end) if end else None,
                approved,
                procedure,
            )
        )
    today = date.today()
    updates = []
    for case_id, accepted_on, closed_at, ll, lu, pl, pu in conn.execute(
        sa.text(
            "SELECT c.id, c.accepted_on, c.closed_at, v.legal_limit, v.legal_unit, "
            "v.promised_limit, v.promised_unit FROM cases c "
            "JOIN item_versions v ON v.id = c.item_version_id WHERE c.accepted_on IS NOT NULL"
        )
    ):
        facts = ClockFacts(
            accepted_on=_day(accepted_on),
            legal=TimeLimit(ll, LimitUnit(lu)),
            promised=TimeLimit(pl, LimitUnit(pu)),
            pauses=tuple(pauses.get(case_id, ())),
        )
        marks = clock_marks(facts, calendar, today, thresholds)
        clock = None if closed_at is not None else ("run" if marks.running else "stop")
        updates.append(
            {
                "id": case_id,
                "clock": clock,
                "due_no": marks.due_no,
                "legal_no": marks.legal_no,
                "warn_no": marks.warn_no,
                "promised_days": marks.promised_days,
                "paused_since": marks.paused_since.isoformat() if marks.paused_since else None,
                "resume_no": marks.resume_no,
            }
        )
        if len(updates) >= 5000:
            _write(conn, updates)
            updates = []
    _write(conn, updates)


def _write(conn: sa.Connection, updates: list[dict[str, object]]) -> None:
    if updates:
        conn.execute(
            sa.text(
                "UPDATE cases SET clock = :clock, due_no = :due_no, legal_no = :legal_no, "
                "warn_no = :warn_no, promised_days = :promised_days, paused_since = :paused_since, resume_no = :resume_no "
                "WHERE id = :id"
            ),
            updates,
        )


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def downgrade() -> None:
    """Dropping agent_id rebuilds the cases table, which SQLite allows only with foreign
    keys off on the connection (set outside the transaction)."""
    for name in ("trg_cases_tally_insert", "trg_cases_tally_delete", "trg_cases_tally_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_cases_agent_id", table_name="cases")
    op.drop_index("ix_cases_accepted_on", table_name="cases")
    op.drop_index("ix_cases_version_accepted", table_name="cases")
    op.create_index("ix_cases_item_version_id", "cases", ["item_version_id"], unique=False)
    op.drop_index("ix_cases_clock_due", table_name="cases")
    op.drop_index("ix_cases_clock_resume", table_name="cases")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        for column in (
            "agent_id",
            "resume_no",
            "paused_since",
            "promised_days",
            "warn_no",
            "legal_no",
            "due_no",
            "clock",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("case_extensions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_extensions_case_id"))
    op.drop_table("case_extensions")
    op.create_table(
        "case_extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("approver", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("granted_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_extensions_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_extensions")),
    )
    with op.batch_alter_table("case_extensions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_extensions_case_id"), ["case_id"], unique=False)
    op.drop_table("clock_tally")
    op.drop_table("clock_bulk")
    op.drop_table("agents")
