"""cases with materials, fees, timeline, pauses, drafts, outbox

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 16:33:58.773803
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "case_serials",
        sa.Column("hall_code", sa.String(length=12), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("last_serial", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hall_code", "day", name=op.f("pk_case_serials")),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("op", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("batch_id", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_batch_id"), ["batch_id"], unique=False)

    op.create_table(
        "intake_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clerk_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["clerk_id"], ["staff.id"], name=op.f("fk_intake_drafts_clerk_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_drafts")),
    )
    with op.batch_alter_table("intake_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intake_drafts_clerk_id"), ["clerk_id"], unique=False)

    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("query_password", sa.String(length=6), nullable=False),
        sa.Column("hall_code", sa.String(length=12), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("item_version_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("clerk_id", sa.Integer(), nullable=True),
        sa.Column("clerk_name", sa.String(length=40), nullable=False),
        sa.Column("green_channel", sa.Boolean(), nullable=False),
        sa.Column("green_reason", sa.String(length=200), nullable=False),
        sa.Column("applicant_kind", sa.String(length=12), nullable=False),
        sa.Column("applicant_name", sa.String(length=100), nullable=False),
        sa.Column("applicant_doc_type", sa.String(length=24), nullable=False),
        sa.Column("applicant_doc_number", sa.String(length=32), nullable=False),
        sa.Column("applicant_doc_rev", sa.String(length=32), nullable=False),
        sa.Column("applicant_phone", sa.String(length=32), nullable=False),
        sa.Column("applicant_phone_rev", sa.String(length=32), nullable=False),
        sa.Column("applicant_address", sa.Text(), nullable=False),
        sa.Column("applicant_sex", sa.String(length=8), nullable=False),
        sa.Column("applicant_birth_date", sa.Date(), nullable=True),
        sa.Column("legal_representative", sa.String(length=50), nullable=False),
        sa.Column("proxy_name", sa.String(length=50), nullable=False),
        sa.Column("proxy_doc_type", sa.String(length=24), nullable=False),
        sa.Column("proxy_doc_number", sa.String(length=32), nullable=False),
        sa.Column("proxy_phone", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("promised_due", sa.Date(), nullable=True),
        sa.Column("promised_provisional", sa.Boolean(), nullable=False),
        sa.Column("legal_due", sa.Date(), nullable=True),
        sa.Column("legal_provisional", sa.Boolean(), nullable=False),
        sa.Column("notice_due", sa.Date(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("fee_total_fen", sa.Integer(), nullable=False),
        sa.Column("receipt_number", sa.String(length=40), nullable=False),
        sa.Column("payment_method", sa.String(length=16), nullable=False),
        sa.Column("refusal_reason", sa.String(length=40), nullable=False),
        sa.Column("refusal_text", sa.Text(), nullable=False),
        sa.Column("remedy_text", sa.Text(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["clerk_id"], ["staff.id"], name=op.f("fk_cases_clerk_id_staff")),
        sa.ForeignKeyConstraint(
            ["item_version_id"],
            ["item_versions.id"],
            name=op.f("fk_cases_item_version_id_item_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_cases_idempotency_key")),
        sa.UniqueConstraint("number", name=op.f("uq_cases_number")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cases_applicant_doc_number", ["applicant_doc_number"], unique=False
        )
        batch_op.create_index("ix_cases_applicant_doc_rev", ["applicant_doc_rev"], unique=False)
        batch_op.create_index("ix_cases_applicant_name", ["applicant_name"], unique=False)
        batch_op.create_index("ix_cases_applicant_phone_rev", ["applicant_phone_rev"], unique=False)
        batch_op.create_index("ix_cases_item_version_id", ["item_version_id"], unique=False)
        batch_op.create_index("ix_cases_received_at", ["received_at"], unique=False)
        batch_op.create_index(
            "ix_cases_state_promised_due", ["state", "promised_due"], unique=False
        )

    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("from_state", sa.String(length=32), nullable=False),
        sa.Column("to_state", sa.String(length=32), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["staff.id"], name=op.f("fk_case_events_actor_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_events_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events")),
    )
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_events_case_id"), ["case_id"], unique=False)

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

    op.create_table(
        "case_fees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("waived", sa.Boolean(), nullable=False),
        sa.Column("waiver_reason", sa.Text(), nullable=False),
        sa.Column("waived_by", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_fees_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_fees")),
    )
    with op.batch_alter_table("case_fees", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_fees_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_materials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("copies_required", sa.Integer(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("original_seen", sa.Boolean(), nullable=False),
        sa.Column("copies_taken", sa.Integer(), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("extra", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_materials_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_materials")),
    )
    with op.batch_alter_table("case_materials", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_materials_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_pauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("procedure", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("approved_days", sa.Integer(), nullable=True),
        sa.Column("approver", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_pauses_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_pauses")),
    )
    with op.batch_alter_table("case_pauses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_pauses_case_id"), ["case_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("case_pauses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_pauses_case_id"))

    op.drop_table("case_pauses")
    with op.batch_alter_table("case_materials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_materials_case_id"))

    op.drop_table("case_materials")
    with op.batch_alter_table("case_fees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_fees_case_id"))

    op.drop_table("case_fees")
    with op.batch_alter_table("case_extensions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_extensions_case_id"))

    op.drop_table("case_extensions")
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_events_case_id"))

    op.drop_table("case_events")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_state_promised_due")
        batch_op.drop_index("ix_cases_received_at")
        batch_op.drop_index("ix_cases_item_version_id")
        batch_op.drop_index("ix_cases_applicant_phone_rev")
        batch_op.drop_index("ix_cases_applicant_name")
        batch_op.drop_index("ix_cases_applicant_doc_rev")
        batch_op.drop_index("ix_cases_applicant_doc_number")

    op.drop_table("cases")
    with op.batch_alter_table("intake_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_drafts_clerk_id"))

    op.drop_table("intake_drafts")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_batch_id"))

    op.drop_table("outbox")
    op.drop_table("case_serials")
