"""agent service: village points, agents' details, assignments, hand-overs, forwards,
deliveries

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 19:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_cases_agent_id", table_name="cases")
    op.create_index("ix_cases_agent_clock", "cases", ["agent_id", "clock", "due_no"])
    op.create_table(
        "village_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("village", sa.String(length=60), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("agent_on_duty_id", sa.Integer(), nullable=True),
        sa.Column("opening_days", sa.String(length=60), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_on_duty_id"],
            ["agents.id"],
            name=op.f("fk_village_points_agent_on_duty_id_agents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_village_points")),
        sa.UniqueConstraint("village", name=op.f("uq_village_points_village")),
    )
    # Plain ADD COLUMN: no copy of the agents table, whose rows cases point at.
    op.execute("ALTER TABLE agents ADD COLUMN doc_number VARCHAR(32) NOT NULL DEFAULT ''")
    op.execute(
        "ALTER TABLE agents ADD COLUMN village_point_id INTEGER REFERENCES village_points (id)"
    )
    op.create_table(
        "case_agent_service",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("village_point_id", sa.Integer(), nullable=True),
        sa.Column("village_received_on", sa.Date(), nullable=True),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("authorised_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_agent_service_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["village_point_id"],
            ["village_points.id"],
            name=op.f("fk_case_agent_service_village_point_id_village_points"),
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_agent_service")),
    )
    op.create_table(
        "case_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("assigned_by", sa.String(length=40), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agents.id"], name=op.f("fk_case_assignments_agent_id_agents")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_assignments_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_assignments")),
    )
    op.create_index("ix_case_assignments_case_id", "case_assignments", ["case_id"])
    op.create_index("ix_case_assignments_agent_id", "case_assignments", ["agent_id"])
    op.create_table(
        "case_handovers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("giver_kind", sa.String(length=16), nullable=False),
        sa.Column("giver_ref", sa.String(length=60), nullable=False),
        sa.Column("giver_name", sa.String(length=60), nullable=False),
        sa.Column("receiver_kind", sa.String(length=16), nullable=False),
        sa.Column("receiver_ref", sa.String(length=60), nullable=False),
        sa.Column("receiver_name", sa.String(length=60), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_handovers_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["corrects_id"],
            ["case_handovers.id"],
            name=op.f("fk_case_handovers_corrects_id_case_handovers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_handovers")),
    )
    op.create_index("ix_case_handovers_case_id", "case_handovers", ["case_id"])
    op.create_index(
        "ix_case_handovers_receiver",
        "case_handovers",
        ["receiver_kind", "receiver_ref", "case_id"],
    )
    op.create_index(
        "ix_case_handovers_giver", "case_handovers", ["giver_kind", "giver_ref", "case_id"]
    )
    op.create_table(
        "case_handover_items",
        sa.Column("handover_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("material", sa.String(length=200), nullable=False),
        sa.Column("originals", sa.Integer(), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["handover_id"],
            ["case_handovers.id"],
            name=op.f("fk_case_handover_items_handover_id_case_handovers"),
        ),
        sa.PrimaryKeyConstraint("handover_id", "seq", name=op.f("pk_case_handover_items")),
    )
    op.create_table(
        "case_forwards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("expected_days", sa.Integer(), nullable=False),
        sa.Column("expected_reply_on", sa.Date(), nullable=False),
        sa.Column("way", sa.String(length=16), nullable=False),
        sa.Column("reply", sa.String(length=16), nullable=False),
        sa.Column("reply_on", sa.Date(), nullable=True),
        sa.Column("reply_text", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_forwards_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_forwards")),
    )
    op.create_index("ix_case_forwards_case_id", "case_forwards", ["case_id"])
    op.create_index("ix_case_forwards_pending", "case_forwards", ["reply", "expected_reply_on"])
    op.create_table(
        "case_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=12), nullable=False),
        sa.Column("recipient_name", sa.String(length=60), nullable=False),
        sa.Column("recipient_masked_doc", sa.String(length=32), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("tracking_number", sa.String(length=60), nullable=False),
        sa.Column("delivered_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agents.id"], name=op.f("fk_case_deliveries_agent_id_agents")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_deliveries_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_deliveries")),
    )
    op.create_index("ix_case_deliveries_case_id", "case_deliveries", ["case_id"])


def downgrade() -> None:
    """Dropping the agents' columns rebuilds that table: run with foreign keys off on the
    connection (set outside the transaction), as SQLite requires for table rebuilds."""
    for table in (
        "case_deliveries",
        "case_forwards",
        "case_handover_items",
        "case_handovers",
        "case_assignments",
        "case_agent_service",
    ):
        op.drop_table(table)
    with op.batch_alter_table("agents", schema=None) as batch_op:
        batch_op.drop_column("village_point_id")
        batch_op.drop_column("doc_number")
    op.drop_table("village_points")
    op.drop_index("ix_cases_agent_clock", table_name="cases")
    op.create_index("ix_cases_agent_id", "cases", ["agent_id"])
