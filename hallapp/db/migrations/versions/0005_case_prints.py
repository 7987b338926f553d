"""case prints: every printed copy of a case document, for 补打 marks and the history

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A new table only: existing cases are untouched, and none of them has a print on
    # record, so the next print of any of them counts as its first.
    op.create_table(
        "case_prints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("copy_no", sa.Integer(), nullable=False),
        sa.Column("printer", sa.String(length=300), nullable=False),
        sa.Column("printed_by", sa.String(length=40), nullable=False),
        sa.Column("printed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_prints_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_prints")),
    )
    op.create_index(op.f("ix_case_prints_case_id"), "case_prints", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_case_prints_case_id"), table_name="case_prints")
    op.drop_table("case_prints")
