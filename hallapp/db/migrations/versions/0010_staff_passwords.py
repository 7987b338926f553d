"""staff passwords: an Argon2id hash, the failed-login counter and lock, when the
password was last changed, and whether an admin's reset requires a change at next login

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN with constant defaults: existing staff keep working, with no
    # password yet (NULL), which the login refuses until an admin sets one.
    op.add_column("staff", sa.Column("password_hash", sa.String(length=200), nullable=True))
    op.add_column(
        "staff", sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column("staff", sa.Column("locked_until", sa.DateTime(), nullable=True))
    op.add_column("staff", sa.Column("password_changed_at", sa.DateTime(), nullable=True))
    op.add_column(
        "staff",
        sa.Column(
            "must_change_password", sa.Boolean(), nullable=False, server_default=sa.text("0")
        ),
    )


def downgrade() -> None:
    with op.batch_alter_table("staff") as batch_op:
        batch_op.drop_column("must_change_password")
        batch_op.drop_column("password_changed_at")
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_logins")
        batch_op.drop_column("password_hash")
