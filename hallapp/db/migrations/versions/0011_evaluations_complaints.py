"""evaluations (好差评), their follow-ups (回访整改) and efficiency complaints (效能投诉)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-10 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False, unique=True),
        sa.Column("rating", sa.String(20), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("clerk_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("rated_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(40), nullable=False),
    )
    op.create_index("ix_evaluations_rated_at", "evaluations", ["rated_at"])
    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "evaluation_id",
            sa.Integer(),
            sa.ForeignKey("evaluations.id"),
            nullable=False,
            unique=True,
        ),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("due_provisional", sa.Boolean(), nullable=False),
        sa.Column("handler_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("handler_name", sa.String(40), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closed_by", sa.String(40), nullable=False),
    )
    op.create_index("ix_follow_ups_due_on", "follow_ups", ["due_on"])
    op.create_index("ix_follow_ups_closed_on", "follow_ups", ["closed_on"])
    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("number", sa.String(40), nullable=False, unique=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("complainant_name", sa.String(60), nullable=False),
        sa.Column("complainant_phone", sa.String(40), nullable=False),
        sa.Column("subject_kind", sa.String(12), nullable=False),
        sa.Column("subject_staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("subject_agent_id", sa.Integer(), sa.ForeignKey("agents.id"), nullable=True),
        sa.Column("subject_case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=True),
        sa.Column("subject_department", sa.String(100), nullable=False),
        sa.Column("subject_label", sa.String(120), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("due_provisional", sa.Boolean(), nullable=False),
        sa.Column("extended_days", sa.Integer(), nullable=False),
        sa.Column("extension_reason", sa.Text(), nullable=False),
        sa.Column("handler_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("handler_name", sa.String(40), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("substantiated", sa.Boolean(), nullable=True),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("complainant_satisfied", sa.Boolean(), nullable=True),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("registered_by", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_complaints_received_at", "complaints", ["received_at"])
    op.create_index("ix_complaints_due_on", "complaints", ["due_on"])


def downgrade() -> None:
    op.drop_table("complaints")
    op.drop_table("follow_ups")
    op.drop_table("evaluations")
