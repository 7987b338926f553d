"""The PostgreSQL server the suite starts for the hub's tests."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import create_engine, text

from tests.support import postgres
from tests.support.postgres import PostgresMissing, PostgresServer


def test_the_suite_runs_a_real_postgresql_server(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SELECT version()")).scalar_one()
            database = conn.execute(text("SELECT current_database()")).scalar_one()
    finally:
        engine.dispose()
    assert version.startswith("PostgreSQL")
    assert database == "hubtest"
    assert postgres_url.startswith("postgresql+psycopg://postgres@127.0.0.1:")


def test_each_test_gets_an_empty_database(
    fresh_postgres_url: str, postgres_server: PostgresServer
) -> None:
    name = fresh_postgres_url.rsplit("/", 1)[1]
    with psycopg.connect(postgres_server.dsn(name)) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    assert tables == (0,)


def test_missing_server_binaries_are_an_error_that_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HALLAPP_PG_BIN", "/nonexistent")
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(postgres.glob, "glob", lambda pattern: [])
    with pytest.raises(PostgresMissing, match="apt-get install postgresql"):
        postgres.find_bin_dir()
