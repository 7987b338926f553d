from __future__ import annotations

from alembic import context

from hallapp.db import models  # noqa: F401  (registers the tables on Base.metadata)
from hallapp.db.base import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
