"""hub tables: halls, batches, records and their versions, refusals, users, publications

Revision ID: h0001
Revises:
Create Date: 2026-12-01 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "h0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "halls",
        sa.Column("code", sa.String(12), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("secret", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
        sa.Column("last_batch_at", sa.DateTime),
        sa.Column("last_batch_id", sa.String(64)),
    )
    op.create_table(
        "batches",
        sa.Column("batch_id", sa.String(64), primary_key=True),
        sa.Column("hall_code", sa.String(12), sa.ForeignKey("halls.code"), nullable=False),
        sa.Column("first_seq", sa.BigInteger, nullable=False),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
        sa.Column("entries", sa.Integer, nullable=False),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.Column("source", sa.String(8), nullable=False),
    )
    op.create_index("ix_batches_hall_seq", "batches", ["hall_code", "last_seq"])
    op.create_table(
        "records",
        sa.Column("entity", sa.String(32), primary_key=True),
        sa.Column("entity_id", sa.String(120), primary_key=True),
        sa.Column("hall_code", sa.String(12), sa.ForeignKey("halls.code"), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("op", sa.String(16), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("state", sa.String(32)),
        sa.Column("item_name", sa.String(200)),
        sa.Column("legal_due", sa.String(10)),
        sa.Column("promised_due", sa.String(10)),
        sa.Column("accepted_at", sa.String(32)),
        sa.Column("closed_at", sa.String(32)),
    )
    op.create_index("ix_records_hall_entity_id", "records", ["hall_code", "entity", "entity_id"])
    op.create_index("ix_records_entity_state_due", "records", ["entity", "state", "legal_due"])
    op.create_table(
        "record_versions",
        sa.Column("hall_code", sa.String(12), sa.ForeignKey("halls.code"), primary_key=True),
        sa.Column("seq", sa.BigInteger, primary_key=True),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(120), nullable=False),
        sa.Column("op", sa.String(16), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_record_versions_record", "record_versions", ["entity", "entity_id"])
    op.create_table(
        "refusals",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("hall_code", sa.String(12), sa.ForeignKey("halls.code"), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
    )
    op.create_index("ix_refusals_hall_at", "refusals", ["hall_code", "at"])
    op.create_table(
        "users",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("year", sa.Integer),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("published_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("kind", "version", name="uq_publications_kind_version"),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "settings",
        "publications",
        "users",
        "refusals",
        "record_versions",
        "records",
        "batches",
        "halls",
    ):
        op.drop_table(table)
