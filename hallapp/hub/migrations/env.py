"""Alembic environment of the hub: its own version table, so a hub database never
mistakes the hall's migrations for its own (or the other way round)."""

from __future__ import annotations

from alembic import context

from hallapp.hub.schema import metadata

VERSION_TABLE = "hub_alembic_version"

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
