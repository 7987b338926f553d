"""hall, staff, catalogue, settings, audit

Revision ID: 0001
Revises:
Create Date: 2026-11-28 16:00:08.205671
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "halls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("opening_time", sa.String(length=5), nullable=False),
        sa.Column("closing_time", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_halls")),
        sa.UniqueConstraint("code", name=op.f("uq_halls_code")),
    )
    op.create_table(
        "service_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("basic_code", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_items")),
        sa.UniqueConstraint("code", name=op.f("uq_service_items_code")),
    )
    with op.batch_alter_table("service_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_items_basic_code"), ["basic_code"], unique=False
        )

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("roles", sa.String(length=200), nullable=False),
        sa.Column("window", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_staff_hall_id_halls")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("login", name=op.f("uq_staff_login")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["staff.id"], name=op.f("fk_audit_log_actor_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "catalogue_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("sample", sa.Boolean(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.Integer(), nullable=True),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["imported_by"], ["staff.id"], name=op.f("fk_catalogue_imports_imported_by_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_imports")),
    )
    op.create_table(
        "item_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("item_type", sa.String(length=20), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("implementing_body", sa.String(length=100), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("conditions", sa.Text(), nullable=False),
        sa.Column("flow", sa.Text(), nullable=False),
        sa.Column("contact_phone", sa.String(length=40), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("legal_limit", sa.Integer(), nullable=False),
        sa.Column("legal_unit", sa.String(length=16), nullable=False),
        sa.Column("promised_limit", sa.Integer(), nullable=False),
        sa.Column("promised_unit", sa.String(length=16), nullable=False),
        sa.Column("handling", sa.String(length=16), nullable=False),
        sa.Column("agent_service", sa.Boolean(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("search_key", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["catalogue_imports.id"],
            name=op.f("fk_item_versions_import_id_catalogue_imports"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["service_items.id"], name=op.f("fk_item_versions_item_id_service_items")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_versions")),
    )
    with op.batch_alter_table("item_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_item_versions_department"), ["department"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_item_versions_is_current"), ["is_current"], unique=False
        )
        batch_op.create_index(
            "uq_item_versions_current",
            ["item_id"],
            unique=True,
            sqlite_where=sa.text("is_current = 1"),
            postgresql_where=sa.text("is_current"),
        )
        batch_op.create_index(
            "uq_item_versions_item_id_version", ["item_id", "version"], unique=True
        )

    op.create_table(
        "item_fees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"], ["item_versions.id"], name=op.f("fk_item_fees_version_id_item_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_fees")),
    )
    with op.batch_alter_table("item_fees", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_fees_version_id"), ["version_id"], unique=False)

    op.create_table(
        "item_materials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["item_versions.id"],
            name=op.f("fk_item_materials_version_id_item_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_materials")),
    )
    with op.batch_alter_table("item_materials", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_item_materials_version_id"), ["version_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("item_materials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_materials_version_id"))

    op.drop_table("item_materials")
    with op.batch_alter_table("item_fees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_fees_version_id"))

    op.drop_table("item_fees")
    with op.batch_alter_table("item_versions", schema=None) as batch_op:
        batch_op.drop_index("uq_item_versions_item_id_version")
        batch_op.drop_index(
            "uq_item_versions_current",
            sqlite_where=sa.text("is_current = 1"),
            postgresql_where=sa.text("is_current"),
        )
        batch_op.drop_index(batch_op.f("ix_item_versions_is_current"))
        batch_op.drop_index(batch_op.f("ix_item_versions_department"))

    op.drop_table("item_versions")
    op.drop_table("catalogue_imports")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    op.drop_table("staff")
    op.drop_table("settings")
    with op.batch_alter_table("service_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_items_basic_code"))

    op.drop_table("service_items")
    op.drop_table("halls")
