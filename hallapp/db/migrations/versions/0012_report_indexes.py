"""report indexes: the period statistics and the daily ledger read indexes alone

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-14 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A year of a busy hall is some 400,000 cases. Each report query walks one of these
    # indexes over its months in the order of its GROUP BY: no sort, no table row read.
    # The month is an expression on the stored text (2026-01-05 09:30:00.000000), so the
    # queries must spell it exactly so: substr(<column>, 1, 7).
    op.create_index(
        "ix_cases_report_received",
        "cases",
        [
            sa.text("substr(received_at, 1, 7)"),
            "item_version_id",
            "clerk_id",
            "state",
            "channel",
            "received_at",
            "agent_id",
            "accepted_on",
        ],
    )
    # Only completed cases: open ones, most of the writes, never touch it.
    op.create_index(
        "ix_cases_report_completed",
        "cases",
        [
            sa.text("substr(closed_at, 1, 7)"),
            "item_version_id",
            "clerk_id",
            "closed_at",
            "due_no",
            "legal_no",
            "promised_days",
            "state",  # read by the query's condition: the index alone answers it
        ],
        sqlite_where=sa.text("state IN ('completed', 'delivered')"),
    )
    op.create_index(
        "ix_cases_report_agent",
        "cases",
        ["received_at", "agent_id"],
        sqlite_where=sa.text("agent_id IS NOT NULL"),
    )
    op.create_index("ix_case_events_at", "case_events", ["at"])
    op.create_index(
        "ix_evaluations_report",
        "evaluations",
        [sa.text("substr(rated_at, 1, 7)"), "rating", "clerk_id", "rated_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_evaluations_report", table_name="evaluations")
    op.drop_index("ix_case_events_at", table_name="case_events")
    op.drop_index("ix_cases_report_agent", table_name="cases")
    op.drop_index("ix_cases_report_completed", table_name="cases")
    op.drop_index("ix_cases_report_received", table_name="cases")
