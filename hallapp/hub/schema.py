"""The hub's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

The migrations in ``hallapp/hub/migrations`` create exactly these; a test compares them.
Times are the hub's own clock (naive, local time of the county); dates taken from case
payloads stay ISO text (``2026-11-28``), which sorts and compares like the date.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

halls = Table(
    "halls",
    metadata,
    Column("code", String(12), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("secret", String(128), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_seq", BigInteger, nullable=False, default=0),
    Column("last_batch_at", DateTime),
    Column("last_batch_id", String(64)),
)

batches = Table(
    "batches",
    metadata,
    Column("batch_id", String(64), primary_key=True),
    Column("hall_code", String(12), ForeignKey("halls.code"), nullable=False),
    Column("first_seq", BigInteger, nullable=False),
    Column("last_seq", BigInteger, nullable=False),
    Column("entries", Integer, nullable=False),
    Column("received_at", DateTime, nullable=False),
    Column("source", String(8), nullable=False),  # http | file
    Index("ix_batches_hall_seq", "hall_code", "last_seq"),
)

records = Table(
    "records",
    metadata,
    Column("entity", String(32), primary_key=True),
    Column("entity_id", String(120), primary_key=True),
    Column("hall_code", String(12), ForeignKey("halls.code"), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("op", String(16), nullable=False),
    Column("payload", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("updated_at", DateTime, nullable=False),
    # Read out of the payloads for the county's pages (hallapp/hub/extract.py says which
    # entity fills which); NULL where an entity has no such thing.
    Column("state", String(32)),
    Column("item_name", String(200)),
    Column("legal_due", String(10)),
    Column("promised_due", String(10)),
    Column("accepted_at", String(32)),
    Column("closed_at", String(32)),
    Column("received_at", String(32)),
    Column("accepted_on", String(10)),
    Column("channel", String(16)),
    Column("with_agent", Boolean),
    Column("origin", String(16)),
    Column("rating", String(24)),
    Column("rated_at", String(32)),
    Column("substantiated", Boolean),
    Column("due_on", String(10)),
    Column("replied_on", String(10)),
    Column("closed_on", String(10)),
    # The digest walks a hall's records of one entity in order of id.
    Index("ix_records_hall_entity_id", "hall_code", "entity", "entity_id"),
    Index("ix_records_entity_state_due", "entity", "state", "legal_due"),
    # The statistics of a period (hallapp/hub/statistics.py), each a range of one of these.
    Index("ix_records_entity_received", "entity", "received_at", "hall_code", "with_agent"),
    Index("ix_records_entity_closed", "entity", "closed_at"),
    Index("ix_records_entity_rated", "entity", "rated_at", "hall_code", "rating"),
)

record_versions = Table(
    "record_versions",
    metadata,
    Column("hall_code", String(12), ForeignKey("halls.code"), primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("entity", String(32), nullable=False),
    Column("entity_id", String(120), nullable=False),
    Column("op", String(16), nullable=False),
    Column("payload", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("received_at", DateTime, nullable=False),
    Index("ix_record_versions_record", "entity", "entity_id"),
)

refusals = Table(
    "refusals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("hall_code", String(12), ForeignKey("halls.code"), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("code", String(32), nullable=False),
    Column("message", Text, nullable=False),
    Index("ix_refusals_hall_at", "hall_code", "at"),
)

users = Table(
    "users",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", String(300), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

publications = Table(
    "publications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),  # catalogue | calendar
    Column("version", Integer, nullable=False),
    Column("label", String(200), nullable=False, default=""),
    Column("year", Integer),
    Column("content", Text, nullable=False),
    Column("published_at", DateTime, nullable=False),
    UniqueConstraint("kind", "version", name="uq_publications_kind_version"),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
