"""Sync fixtures: a demo hall with a credential issued for it and entries in its outbox."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import insert, select

from hallapp.app import AppContext
from hallapp.db.models import OutboxEntry, SyncState
from hallapp.hub.store import HubStore
from hallapp.services import sync
from hallapp.services.actors import COMMAND_LINE
from hallapp.services.demo import DEMO_HALL
from hallapp.sync.protocol import make_secret
from tests.sync.hub_server import HubServer

HALL = DEMO_HALL.code
AT = datetime(2026, 12, 1, 9, 0, 0)


def write_credential(path: Path, hall_code: str = HALL, secret: str | None = None) -> Path:
    data = {
        "kind": "hallapp-credential",
        "version": 1,
        "hall_code": hall_code,
        "hall_name": "示例镇便民服务中心",
        "secret": secret or make_secret(),
        "issued_at": "2026-11-30T10:00:00",
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def add_entries(ctx: AppContext, count: int, entity: str = "case") -> list[int]:
    """``count`` outbox entries, each a case of its own; their sequence numbers."""
    with ctx.uow() as uow:
        conn = uow.session.connection()
        first = conn.execute(select(OutboxEntry.seq).order_by(OutboxEntry.seq.desc())).scalar()
        start = (first or 0) + 1
        rows = [
            {
                "entity": entity,
                "entity_id": f"{HALL}-20261201-{n:04d}",
                "op": "create",
                "payload": json.dumps({"number": f"{HALL}-20261201-{n:04d}", "n": n}),
                "created_at": AT,
            }
            for n in range(start, start + count)
        ]
        conn.execute(insert(OutboxEntry), rows)
        uow.commit()
    return list(range(start, start + count))


def state(ctx: AppContext) -> SimpleNamespace:
    """The sync_state row as it is on disk now."""
    with ctx.read_uow() as uow:
        row = uow.session.get(SyncState, 1)
        assert row is not None
        return SimpleNamespace(**{c.key: getattr(row, c.key) for c in SyncState.__table__.c})


@pytest.fixture
def credential(tmp_path: Path) -> Path:
    return write_credential(tmp_path / "credential.json")


@pytest.fixture
def configured(demo: AppContext, credential: Path) -> AppContext:
    """The demo hall set up for a hub that is not listening (port 9 on loopback)."""
    sync.configure_sync(demo.uow(), COMMAND_LINE, "http://127.0.0.1:9", HALL, credential)
    return demo


@pytest.fixture
def hub_store(tmp_path: Path) -> Iterator[HubStore]:
    """The county hub's storage on a SQLite file, with the demo hall registered."""
    store = HubStore(f"sqlite+pysqlite:///{tmp_path / 'hub.sqlite3'}")
    yield store
    store.close()


@pytest.fixture
def hub_credential(hub_store: HubStore, tmp_path: Path) -> Path:
    path = tmp_path / "issued-credential.json"
    hub_store.add_hall(HALL, DEMO_HALL.name).write(path)
    return path


@pytest.fixture
def linked(demo: AppContext, hub_credential: Path) -> AppContext:
    """The demo hall holding the credential the hub issued (the address is set per test)."""
    sync.configure_sync(demo.uow(), COMMAND_LINE, "http://127.0.0.1:9", HALL, hub_credential)
    return demo


@pytest.fixture
def hub(hub_store: HubStore) -> Iterator[HubServer]:
    server = HubServer(hub_store).start()
    yield server
    server.stop()


@pytest.fixture
def online(demo: AppContext, hub: HubServer, hub_credential: Path) -> AppContext:
    """The demo hall linked to the running hub."""
    sync.configure_sync(demo.uow(), COMMAND_LINE, hub.url, HALL, hub_credential)
    return demo
