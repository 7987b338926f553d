"""case holdings: the current holder of each material, kept with every hand-over

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 20:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The last hand-over of each case and material that no later record corrects.
FILL = """
INSERT INTO case_holdings (case_id, material, holder_kind, holder_ref, holder_name, since)
SELECT case_id, material, receiver_kind, receiver_ref, receiver_name, at FROM (
    SELECT h.case_id, i.material, h.receiver_kind, h.receiver_ref, h.receiver_name, h.at,
           row_number() OVER (PARTITION BY h.case_id, i.material ORDER BY h.id DESC) AS rn
    FROM case_handovers h JOIN case_handover_items i ON i.handover_id = h.id
    WHERE h.id NOT IN (SELECT corrects_id FROM case_handovers WHERE corrects_id IS NOT NULL)
) WHERE rn = 1
"""


def upgrade() -> None:
    op.create_table(
        "case_holdings",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("material", sa.String(length=200), nullable=False),
        sa.Column("holder_kind", sa.String(length=16), nullable=False),
        sa.Column("holder_ref", sa.String(length=60), nullable=False),
        sa.Column("holder_name", sa.String(length=60), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_holdings_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("case_id", "material", name=op.f("pk_case_holdings")),
    )
    op.create_index("ix_case_holdings_holder", "case_holdings", ["holder_kind", "holder_ref"])
    op.execute(FILL)


def downgrade() -> None:
    op.drop_index("ix_case_holdings_holder", table_name="case_holdings")
    op.drop_table("case_holdings")
