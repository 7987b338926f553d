"""audit chain: every audit record carries the hash of the one before and its own, the
table refuses updates and deletions, and the trail of a case or a user is indexed

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The chain's definition, not a snapshot of it: a migration that hashed differently from
# the app would write a chain that never verifies.
from hallapp.core.audit_chain import GENESIS, record_hash

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

REFUSAL = "审计记录只能追加，不能修改或删除"
TRIGGERS = {
    "audit_log_no_update": "UPDATE",
    "audit_log_no_delete": "DELETE",
}
# Keyset pages: bounded memory on a million-case hall, and no cursor left open on the
# table while its rows are updated.
PAGE = 20_000


def _chain_existing_rows() -> None:
    conn = op.get_bind()
    prev, last_id = GENESIS, 0
    while True:
        rows = conn.exec_driver_sql(
            "SELECT id, at, actor_id, actor_name, action, entity, entity_id, detail"
            " FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
            (last_id, PAGE),
        ).all()
        if not rows:
            return
        links = []
        for row in rows:
            digest = record_hash(prev, *row)
            links.append((prev, digest, row[0]))
            prev = digest
        conn.exec_driver_sql("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", links)
        last_id = rows[-1][0]


def upgrade() -> None:
    # Plain ADD COLUMN (no table copy): a constant default keeps it a schema-only change.
    op.add_column(
        "audit_log",
        sa.Column("prev_hash", sa.String(length=64), nullable=False, server_default=""),
    )
    op.add_column(
        "audit_log", sa.Column("hash", sa.String(length=64), nullable=False, server_default="")
    )
    _chain_existing_rows()
    op.create_index("ix_audit_log_entity_entity_id", "audit_log", ["entity", "entity_id"])
    op.create_index("ix_audit_log_actor_id", "audit_log", ["actor_id"])
    for name, event in TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {event} ON audit_log"
            f" BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        )


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_audit_log_actor_id", table_name="audit_log")
    op.drop_index("ix_audit_log_entity_entity_id", table_name="audit_log")
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
