"""Sync against the real thing: a PostgreSQL server started here, the hub as a process
on loopback (over a SQLite file or PostgreSQL), townships with demo cases queued in the
outbox, and a proxy that breaks the link on purpose."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from hallapp.hub.store import HubStore
from tests.support.fault_proxy import FaultProxy
from tests.support.hub_process import HubProcess, start_hub
from tests.support.postgres import PostgresMissing, PostgresServer, start_postgres
from tests.support.township import (
    BIG_CASES,
    SMALL_CASES,
    BackgroundTownship,
    Township,
    make_township_file,
    open_township,
)

STORAGES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole run; stopped and deleted at the end."""
    try:
        server = start_postgres()
    except PostgresMissing as exc:
        # Never a skip: the hub runs on PostgreSQL in production, CI must test it.
        pytest.fail(str(exc), pytrace=False)
    try:
        with psycopg.connect(server.dsn("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE hubtest")
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> str:
    return postgres_server.url("hubtest")


_database_numbers = itertools.count(1)


@pytest.fixture
def fresh_postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A new, empty database for one test (template0 copies in a few milliseconds)."""
    name = f"hub_{next(_database_numbers)}"
    with psycopg.connect(postgres_server.dsn("postgres"), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE template0")
    yield postgres_server.url(name)
    with psycopg.connect(postgres_server.dsn("postgres"), autocommit=True) as conn:
        # FORCE: a hub killed mid-transaction may leave a backend behind for a moment.
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=STORAGES)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The hub's storage: a SQLite file, then a PostgreSQL database."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("fresh_postgres_url"))
    return f"sqlite+pysqlite:///{tmp_path / 'hub.sqlite3'}"


@pytest.fixture
def hub_store(store_url: str) -> Iterator[HubStore]:
    """The hub's database opened in the test, beside the hub process (to register halls,
    publish, and read what arrived)."""
    store = HubStore(store_url)
    yield store
    store.close()


@pytest.fixture
def hub_logs(tmp_path: Path) -> Path:
    return tmp_path / "hub-logs"


@pytest.fixture
def hub(hub_store: HubStore, store_url: str, hub_logs: Path) -> Iterator[HubProcess]:
    """The hub serving ``store_url`` as a real process; killed at the end whatever
    happened. A test may restart it: ``hub.process`` is replaced in place."""
    process = start_hub(store_url, hub_logs)
    yield process
    process.stop()


@pytest.fixture
def proxy(hub: HubProcess) -> Iterator[FaultProxy]:
    with FaultProxy(hub.port) as p:
        yield p


# --- townships ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def small_township_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo hall with SMALL_CASES cases, every change queued; made once, copied per test."""
    return make_township_file(tmp_path_factory.mktemp("small-township"), SMALL_CASES)


@pytest.fixture(scope="session", autouse=True)
def _big_township_builder(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BackgroundTownship | None]:
    """Starts making the big township in a child process as soon as this package's first
    test runs, when a selected test needs it: it takes a minute or more, and on the
    second core it overlaps the other sync tests instead of adding to them."""
    wanted = any(
        "big_township_file" in getattr(item, "fixturenames", ()) for item in request.session.items
    )
    if not wanted:
        yield None
        return
    builder = BackgroundTownship.start(tmp_path_factory.mktemp("big-township"), BIG_CASES)
    try:
        yield builder
    finally:
        builder.cancel()


@pytest.fixture(scope="session")
def big_township_file(_big_township_builder: BackgroundTownship | None) -> Path:
    """A demo hall with BIG_CASES cases, every change queued; made once per run (a clean
    clone has no cache) and copied by every test that needs it."""
    assert _big_township_builder is not None
    return _big_township_builder.result()


@pytest.fixture
def township(small_township_file: Path, tmp_path: Path) -> Iterator[Township]:
    with open_township(small_township_file, tmp_path / "township") as t:
        yield t


@pytest.fixture
def big_township(big_township_file: Path, tmp_path: Path) -> Iterator[Township]:
    with open_township(big_township_file, tmp_path / "big-township") as t:
        yield t
