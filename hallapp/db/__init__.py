"""Database access: models, engine, unit of work, migrations and queries."""
