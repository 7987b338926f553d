"""sync state: the hub's address and credential, the acknowledged sequence, the sender's
lease, parked batches and the downward updates applied

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # One row: the sender's lease is an UPDATE of that row, so two senders in two
    # processes serialise on it without any lock outside the database.
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hub_url", sa.String(length=300), nullable=False, server_default=""),
        sa.Column("hall_code", sa.String(length=12), nullable=False, server_default=""),
        sa.Column("secret", sa.String(length=128), nullable=False, server_default=""),
        sa.Column("auto_minutes", sa.Integer(), nullable=False, server_default="15"),
        sa.Column("batch_size", sa.Integer(), nullable=False, server_default="500"),
        sa.Column("acked_seq", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_success_at", sa.DateTime(), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False, server_default=""),
        sa.Column("catalogue_version", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("calendar_version", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("lease_holder", sa.String(length=40), nullable=True),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_sync_state_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
    )
    op.execute("INSERT INTO sync_state (id) VALUES (1)")
    op.create_table(
        "sync_parked",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("cleared_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_parked")),
    )
    op.create_index("ix_sync_parked_open", "sync_parked", ["cleared_at"])
    op.create_table(
        "sync_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_updates")),
    )


def downgrade() -> None:
    op.drop_table("sync_updates")
    op.drop_index("ix_sync_parked_open", table_name="sync_parked")
    op.drop_table("sync_parked")
    op.drop_table("sync_state")
