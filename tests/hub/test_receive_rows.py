"""The rows a batch leaves at the hub, stored through the driver directly: the same
values and the same stored forms as SQLAlchemy writes them, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from hallapp.hub.credentials import Credential
from hallapp.hub.extract import EXTRACTED_COLUMNS
from hallapp.hub.receive import canonical_json
from hallapp.hub.schema import batches, record_versions, records
from hallapp.hub.store import HubStore
from hallapp.sync.protocol import Entry, content_hash
from tests.hub.conftest import HALL, StepClock, batch_of, case_number, case_payload


def test_versions_and_records_hold_every_column_as_sqlalchemy_would(
    store: HubStore, hall: Credential, clock: StepClock
) -> None:
    long_name = "事" * 250  # cut to the column's 200
    items = [
        Entry(1, "case", case_number(1), "create", case_payload(case_number(1)), "x"),
        Entry(2, "event", f"{case_number(1)}/1", "create", {"action": "accept"}, "x"),
        Entry(
            3,
            "case",
            case_number(1),
            "update",
            case_payload(case_number(1), state="completed", item_name=long_name, legal_due=""),
            "x",
        ),
    ]
    store.receive(batch_of(hall, items))
    with store.engine.connect() as conn:
        versions = conn.execute(select(record_versions).order_by(record_versions.c.seq)).all()
        current = {r.entity_id: r for r in conn.execute(select(records))}
        received = conn.execute(select(batches.c.received_at)).scalar_one()
        # the stored time is the very text (SQLite) or value SQLAlchemy writes, so times
        # written either way compare as they should
        raw = conn.execute(
            select(record_versions.c.received_at.label("t")).where(
                record_versions.c.received_at == received
            )
        ).all()
    assert len(raw) == 3
    assert [(v.seq, v.entity, v.op, v.hall_code) for v in versions] == [
        (1, "case", "create", HALL),
        (2, "event", "create", HALL),
        (3, "case", "update", HALL),
    ]
    for v, e in zip(versions, items, strict=True):
        assert v.payload == canonical_json(e.payload)
        assert v.content_hash == content_hash(e.payload)
        assert v.received_at == received == clock.now
    case = current[case_number(1)]
    assert (case.seq, case.op, case.content_hash) == (3, "update", content_hash(items[2].payload))
    assert case.updated_at == received
    assert (case.state, case.item_name, case.legal_due, case.promised_due) == (
        "completed",
        "事" * 200,
        None,
        "2026-11-15",
    )
    event = current[f"{case_number(1)}/1"]
    assert [getattr(event, c) for c in EXTRACTED_COLUMNS] == [None] * len(EXTRACTED_COLUMNS)
    assert event.payload == '{"action":"accept"}'


def test_an_older_version_in_a_later_batch_never_overwrites_the_current_state(
    store: HubStore, hall: Credential
) -> None:
    number = case_number(1)
    newest = case_payload(number, state="completed")
    store.receive(batch_of(hall, [Entry(1, "case", number, "update", newest, "x")]))
    older = Entry(2, "case", number, "update", case_payload(number, state="accepted"), "x")
    with store.engine.begin() as conn:  # as if seq 2 had been the older change
        conn.execute(records.update().values(seq=5))
    store.receive(batch_of(hall, [older]))
    record = store.record("case", number)
    assert record is not None
    assert (record["state"], record["payload"]) == ("completed", newest)
    assert store.version_count(HALL, "case", number) == 2
