"""records: the columns the county's statistics read, filled from the stored payloads

Revision ID: h0002
Revises: h0001
Create Date: 2026-12-02 09:00:00

Cases gain their 收件 time, 受理日, channel and 代办 flag; 代办 records where they began;
ratings their level and time; complaints their dates and whether they were 属实
(hallapp/hub/extract.py). Every record already stored is read once, in pages along the
primary key, and given the values a newly received one gets.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from hallapp.hub.extract import EXTRACTED_COLUMNS, EXTRACTING_ENTITIES, extracted_values

revision = "h0002"
down_revision = "h0001"
branch_labels = None
depends_on = None

_TEXT = (
    ("received_at", 32),
    ("accepted_on", 10),
    ("channel", 16),
    ("origin", 16),
    ("rating", 24),
    ("rated_at", 32),
    ("due_on", 10),
    ("replied_on", 10),
    ("closed_on", 10),
)
_FLAGS = ("with_agent", "substantiated")
NEW_COLUMNS = tuple(name for name, _ in _TEXT) + _FLAGS
_INDEXES = (
    ("ix_records_entity_received", ["entity", "received_at", "hall_code", "with_agent"]),
    ("ix_records_entity_closed", ["entity", "closed_at"]),
    ("ix_records_entity_rated", ["entity", "rated_at", "hall_code", "rating"]),
)
_PAGE = 2000


def upgrade() -> None:
    for name, width in _TEXT:
        op.add_column("records", sa.Column(name, sa.String(width)))
    for name in _FLAGS:
        op.add_column("records", sa.Column(name, sa.Boolean))
    _fill(op.get_bind())
    for name, columns in _INDEXES:
        op.create_index(name, "records", columns)


def _fill(conn: sa.Connection) -> None:
    records = sa.table(
        "records",
        sa.column("entity"),
        sa.column("entity_id"),
        sa.column("payload"),
        *(sa.column(name) for name in NEW_COLUMNS),
    )
    positions = [EXTRACTED_COLUMNS.index(name) for name in NEW_COLUMNS]
    update = (
        records.update()
        .where(
            records.c.entity == sa.bindparam("b_entity"),
            records.c.entity_id == sa.bindparam("b_entity_id"),
        )
        .values({name: sa.bindparam(name) for name in NEW_COLUMNS})
    )
    for entity in EXTRACTING_ENTITIES:
        after = ""
        while True:
            page = conn.execute(
                sa.select(records.c.entity_id, records.c.payload)
                .where(records.c.entity == entity, records.c.entity_id > after)
                .order_by(records.c.entity_id)
                .limit(_PAGE)
            ).all()
            if not page:
                break
            rows: list[dict[str, Any]] = []
            for entity_id, payload in page:
                values = extracted_values(entity, _decoded(payload))
                new = {name: values[i] for name, i in zip(NEW_COLUMNS, positions, strict=True)}
                if any(v is not None for v in new.values()):
                    rows.append({"b_entity": entity, "b_entity_id": entity_id, **new})
            if rows:
                conn.execute(update, rows)
            after = page[-1].entity_id


def _decoded(payload: str) -> Any:
    try:
        return json.loads(payload)
    except ValueError:
        return None


def downgrade() -> None:
    for name, _ in _INDEXES:
        op.drop_index(name, "records")
    with op.batch_alter_table("records") as batch:
        for name in NEW_COLUMNS:
            batch.drop_column(name)
