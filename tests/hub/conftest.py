"""Hub fixtures: a hub on a real SQLite file in tmp_path, a registered hall, batches made
with the hall's real signing code."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from hallapp.hub.app import create_app
from hallapp.hub.credentials import Credential
from hallapp.hub.store import HubStore
from hallapp.sync.protocol import Batch, Entry, make_batch

HALL = "430121104000"
OTHER_HALL = "430121105000"


class StepClock:
    """The hub's clock in tests: each reading one second after the last."""

    def __init__(self, start: datetime = datetime(2026, 12, 1, 9, 0, 0)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def case_payload(number: str, state: str = "accepted", **extra: Any) -> dict[str, Any]:
    return {
        "number": number,
        "state": state,
        "item_name": "城乡居民基本养老保险参保登记",
        "legal_due": "2026-11-20",
        "promised_due": "2026-11-15",
        "accepted_at": "2026-11-01T09:30:00",
        "closed_at": None,
        "applicant_name": "王小明",
        **extra,
    }


def case_number(n: int, hall: str = HALL) -> str:
    return f"{hall}-20261101-{n:04d}"


def entries(first_seq: int, count: int, hall: str = HALL, **extra: Any) -> list[Entry]:
    """``count`` case entries from ``first_seq``, one case per entry."""
    return [
        Entry(
            seq,
            "case",
            case_number(seq, hall),
            "create",
            case_payload(case_number(seq, hall), **extra),
            "2026-11-01T09:30:00",
        )
        for seq in range(first_seq, first_seq + count)
    ]


@pytest.fixture
def hub_url(tmp_path: Path) -> Iterator[str]:
    """A SQLite file; or, with HALLAPP_HUB_TEST_PG set to a PostgreSQL server's URL
    (``postgresql+psycopg://user@/postgres?host=/tmp&port=55432``), a fresh database
    there, dropped afterwards: the same tests then run on PostgreSQL."""
    server = os.environ.get("HALLAPP_HUB_TEST_PG")
    if not server:
        yield f"sqlite+pysqlite:///{tmp_path / 'hub.sqlite3'}"
        return
    name = f"hubtest_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        admin.dispose()


@pytest.fixture
def clock() -> StepClock:
    return StepClock()


@pytest.fixture
def store(hub_url: str, clock: StepClock) -> Iterator[HubStore]:
    hub = HubStore(hub_url, clock=clock)
    yield hub
    hub.close()


@pytest.fixture
def hall(store: HubStore) -> Credential:
    return store.add_hall(HALL, "城关镇便民服务中心")


def batch_of(cred: Credential, items: list[Entry]) -> Batch:
    return make_batch(cred.hall_code, cred.secret, items, now=datetime(2026, 11, 1, 10))


@pytest.fixture
def client(hub_url: str, store: HubStore) -> Iterator[TestClient]:
    app = create_app(hub_url, store=store, today=lambda: date(2026, 12, 1))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
