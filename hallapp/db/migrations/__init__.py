"""Alembic migrations; :mod:`hallapp.db.schema` runs them."""
