"""Applying a hall's batch at the hub: once per batch id, in sequence order, all or nothing.

Two requests for the same hall may arrive at once (a retry overtaking a slow answer): the
hall's row is locked (PostgreSQL) or the database is (SQLite, ``BEGIN IMMEDIATE``) while a
batch is applied, and ``last_seq`` only advances from the value the transaction read
(``UPDATE ... WHERE last_seq = :old``), so at most one of them applies; the other then
sees the batch as a duplicate, or a gap.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Column, Connection, Engine, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from hallapp.hub.database import WRITE
from hallapp.hub.extract import EXTRACTED_COLUMNS, extracted_values
from hallapp.hub.schema import batches, halls, record_versions, records, refusals
from hallapp.sync.protocol import Ack, Batch, BatchRefused, Entry, open_batch

Clock = Callable[[], datetime]

# Column widths of the records table: a longer value would make PostgreSQL fail the
# whole transaction with an error the hall could do nothing about.
_MAX_ENTITY = 32
_MAX_ENTITY_ID = 120
_MAX_OP = 16
_ATTEMPTS = 3
# json.dumps with these options builds a new encoder on every call.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
_VERSION_COLUMNS = (
    "hall_code",
    "seq",
    "entity",
    "entity_id",
    "op",
    "payload",
    "content_hash",
    "received_at",
)
_RECORD_COLUMNS = (
    "entity",
    "entity_id",
    "hall_code",
    "seq",
    "op",
    "payload",
    "content_hash",
    "updated_at",
    *EXTRACTED_COLUMNS,
)


@dataclass(frozen=True)
class HallKey:
    code: str
    secret: str


class _LostRace(Exception):
    """Another transaction advanced the hall's sequence between our read and our update."""


def find_hall(engine: Engine, code: str) -> HallKey | None:
    with engine.connect() as conn:
        row = conn.execute(select(halls.c.code, halls.c.secret).where(halls.c.code == code)).first()
    return HallKey(row.code, row.secret) if row else None


def receive_batch(engine: Engine, batch: Batch, source: str, clock: Clock) -> Ack:
    """Check and apply ``batch``; raise BatchRefused (recorded for the hall) otherwise."""
    hall = find_hall(engine, batch.hall_code)
    if hall is None:
        raise BatchRefused("unknown_hall", f"服务中心 {batch.hall_code} 未在县级平台登记")
    try:
        entries = open_batch(batch, hall.secret)
        check_entries(entries)
        for _attempt in range(_ATTEMPTS):
            try:
                return _apply(engine, batch, entries, source, clock())
            except _LostRace:
                continue
        raise BatchRefused("gap", "同一服务中心的批次正在并发提交，请稍后重发")
    except BatchRefused as exc:
        record_refusal(engine, hall.code, exc, clock())
        raise


def check_entries(entries: Iterable[Entry]) -> None:
    for e in entries:
        if not e.entity or len(e.entity) > _MAX_ENTITY:
            raise BatchRefused("malformed", f"序号 {e.seq} 的记录类型无效")
        if not e.entity_id or len(e.entity_id) > _MAX_ENTITY_ID:
            raise BatchRefused("malformed", f"序号 {e.seq} 的记录编号无效或过长")
        if len(e.op) > _MAX_OP:
            raise BatchRefused("malformed", f"序号 {e.seq} 的操作类型无效")


def record_refusal(engine: Engine, hall_code: str, exc: BatchRefused, at: datetime) -> None:
    with engine.connect().execution_options(**WRITE) as conn, conn.begin():
        conn.execute(
            insert(refusals).values(hall_code=hall_code, at=at, code=exc.code, message=exc.message)
        )


def _apply(engine: Engine, batch: Batch, entries: list[Entry], source: str, now: datetime) -> Ack:
    with engine.connect().execution_options(**WRITE) as conn, conn.begin():
        hall = conn.execute(
            select(halls.c.last_seq).where(halls.c.code == batch.hall_code).with_for_update()
        ).one()
        seen = conn.execute(
            select(batches.c.hall_code, batches.c.last_seq).where(
                batches.c.batch_id == batch.batch_id
            )
        ).first()
        if seen is not None:
            if seen.hall_code != batch.hall_code:
                raise BatchRefused("malformed", "批次编号已被其他服务中心使用")
            return Ack(batch.batch_id, batch.hall_code, seen.last_seq, True)
        if batch.last_seq <= hall.last_seq:
            return Ack(batch.batch_id, batch.hall_code, batch.last_seq, True)
        expected = hall.last_seq + 1
        if batch.first_seq != expected:
            raise BatchRefused(
                "gap",
                f"批次序号不连续：平台下一个应收序号为 {expected}，收到从 {batch.first_seq} 开始的批次",
                expected_seq=expected,
            )
        advanced = conn.execute(
            update(halls)
            .where(halls.c.code == batch.hall_code, halls.c.last_seq == hall.last_seq)
            .values(last_seq=batch.last_seq, last_batch_at=now, last_batch_id=batch.batch_id)
        )
        if advanced.rowcount != 1:
            raise _LostRace
        conn.execute(
            insert(batches).values(
                batch_id=batch.batch_id,
                hall_code=batch.hall_code,
                first_seq=batch.first_seq,
                last_seq=batch.last_seq,
                entries=len(entries),
                received_at=now,
                source=source,
            )
        )
        _store_entries(conn, batch.hall_code, entries, now)
    return Ack(batch.batch_id, batch.hall_code, batch.last_seq, False)


def _store_entries(conn: Connection, hall_code: str, entries: list[Entry], now: datetime) -> None:
    """Every entry as a version, and the newest of each record as its current state.

    Rows go to the driver as plain tuples in statements compiled once: SQLAlchemy's work
    per row (parameter dicts, a time formatted for every row) cost as much as SQLite's
    own. The payload is serialised once, for both its hash and the stored text."""
    sql = _statements(conn.dialect.name)
    stamp = _bound(conn, record_versions.c.received_at, now)
    versions = []
    latest: dict[tuple[str, str], tuple[Any, ...]] = {}
    for e in entries:
        text = canonical_json(e.payload)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        versions.append((hall_code, e.seq, e.entity, e.entity_id, e.op, text, digest, stamp))
        # Entries come in sequence order: the last one for a record is its newest.
        latest[(e.entity, e.entity_id)] = (
            e.entity,
            e.entity_id,
            hall_code,
            e.seq,
            e.op,
            text,
            digest,
            stamp,
            *extracted_values(e.entity, e.payload),
        )
    conn.exec_driver_sql(sql.versions, versions)
    conn.exec_driver_sql(sql.records, list(latest.values()))


def canonical_json(payload: Any) -> str:
    """The payload as ``protocol.content_hash`` serialises it (a test holds them equal):
    stored as is and hashed once, since serialising is most of the cost of a batch."""
    return _CANONICAL.encode(payload)


def _bound(conn: Connection, column: Column[Any], value: Any) -> Any:
    """``value`` as SQLAlchemy would hand it to the driver for ``column`` (SQLite stores
    times as text in SQLAlchemy's own format, which the hub's queries compare)."""
    process = column.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    return process(value) if process is not None else value


@dataclass(frozen=True)
class _Statements:
    versions: str
    records: str


@cache
def _statements(dialect_name: str) -> _Statements:
    """The two statements of ``_store_entries`` as the driver takes them, with positional
    parameters in the order of ``_VERSION_COLUMNS`` and ``_RECORD_COLUMNS``."""
    dialect = (
        postgresql.dialect(paramstyle="format")
        if dialect_name == "postgresql"
        else sqlite.dialect(paramstyle="qmark")
    )
    versions = insert(record_versions).values({c: bindparam(c) for c in _VERSION_COLUMNS})
    records_stmt = _upsert_records(dialect_name).values({c: bindparam(c) for c in _RECORD_COLUMNS})
    out = []
    for stmt, columns in ((versions, _VERSION_COLUMNS), (records_stmt, _RECORD_COLUMNS)):
        compiled = stmt.compile(dialect=dialect)
        if tuple(compiled.positiontup or ()) != columns:
            raise RuntimeError(f"unexpected parameter order: {compiled.positiontup}")
        out.append(str(compiled))
    return _Statements(*out)


def _upsert_records(dialect_name: str) -> Any:
    """INSERT ... ON CONFLICT DO UPDATE, only when the incoming version is newer: an older
    sequence number never overwrites the current state."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    stmt = dialect.insert(records)
    changed = {c.name: stmt.excluded[c.name] for c in records.columns if not c.primary_key}
    return stmt.on_conflict_do_update(
        index_elements=[records.c.entity, records.c.entity_id],
        set_=changed,
        where=records.c.seq < stmt.excluded.seq,
    )
