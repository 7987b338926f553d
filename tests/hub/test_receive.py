"""Applying batches at the hub: once, in order, all or nothing, latest state wins."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading

import pytest
from sqlalchemy import func, select

from hallapp.hub.credentials import Credential
from hallapp.hub.receive import canonical_json
from hallapp.hub.schema import batches, refusals
from hallapp.hub.store import HubStore
from hallapp.sync.protocol import Ack, Batch, BatchRefused, Entry, content_hash, make_batch
from tests.hub.conftest import HALL, OTHER_HALL, batch_of, case_number, case_payload, entries


def refusal_codes(store: HubStore) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.execute(select(refusals.c.code).order_by(refusals.c.id)).scalars())


def test_a_batch_is_applied_and_acknowledged(store: HubStore, hall: Credential) -> None:
    ack = store.receive(batch_of(hall, entries(1, 3)))
    assert (ack.hall_code, ack.last_seq, ack.duplicate) == (HALL, 3, False)
    assert store.state(HALL) == {"hall_code": HALL, "last_seq": 3, "counts": {"case": 3}}
    record = store.record("case", case_number(2))
    assert record is not None
    assert record["payload"] == case_payload(case_number(2))
    assert record["content_hash"] == content_hash(case_payload(case_number(2)))
    assert (record["state"], record["legal_due"], record["hall_code"]) == (
        "accepted",
        "2026-11-20",
        HALL,
    )
    assert record["closed_at"] is None
    [row] = store.halls()
    assert (row.last_seq, row.cases, row.pending_warnings) == (3, 3, 0)


def test_the_same_batch_id_twice_is_acknowledged_without_applying(
    store: HubStore, hall: Credential
) -> None:
    batch = batch_of(hall, entries(1, 2))
    store.receive(batch)
    again = store.receive(batch)
    assert (again.duplicate, again.last_seq) == (True, 2)
    assert store.version_count(HALL) == 2
    assert refusal_codes(store) == []


def test_a_repacked_batch_at_or_below_the_last_seq_is_a_duplicate(
    store: HubStore, hall: Credential
) -> None:
    store.receive(batch_of(hall, entries(1, 5)))
    repacked = batch_of(hall, entries(2, 3))  # new batch id, seqs 2..4
    ack = store.receive(repacked)
    assert (ack.duplicate, ack.last_seq, ack.batch_id) == (True, 4, repacked.batch_id)
    assert store.version_count(HALL) == 5
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(batches)).scalar() == 1


@pytest.mark.parametrize(("first", "count"), [(5, 2), (3, 5)])
def test_a_gap_is_refused_with_the_expected_seq(
    store: HubStore, hall: Credential, first: int, count: int
) -> None:
    store.receive(batch_of(hall, entries(1, 3)))
    with pytest.raises(BatchRefused) as info:
        store.receive(batch_of(hall, entries(first, count)))
    assert (info.value.code, info.value.expected_seq) == ("gap", 4)
    assert store.state(HALL)["last_seq"] == 3
    assert store.version_count(HALL) == 3
    assert refusal_codes(store) == ["gap"]


def test_out_of_order_batches_apply_after_the_missing_one_is_resent(
    store: HubStore, hall: Credential
) -> None:
    first, second = batch_of(hall, entries(1, 2)), batch_of(hall, entries(3, 2))
    with pytest.raises(BatchRefused) as info:
        store.receive(second)
    assert info.value.expected_seq == 1
    store.receive(first)
    assert store.receive(second).last_seq == 4
    assert store.state(HALL)["counts"] == {"case": 4}


def test_an_altered_body_byte_is_refused_and_nothing_applied(
    store: HubStore, hall: Credential
) -> None:
    batch = batch_of(hall, entries(1, 3))
    body = bytearray(batch.body)
    body[len(body) // 2] ^= 0x01
    with pytest.raises(BatchRefused) as info:
        store.receive(dataclasses.replace(batch, body=bytes(body)))
    assert info.value.code == "checksum"
    assert store.state(HALL) == {"hall_code": HALL, "last_seq": 0, "counts": {}}
    assert refusal_codes(store) == ["checksum"]
    assert store.halls()[0].pending_warnings == 1


def test_an_altered_header_field_breaks_the_signature(store: HubStore, hall: Credential) -> None:
    batch = batch_of(hall, entries(1, 3))
    with pytest.raises(BatchRefused) as info:
        store.receive(dataclasses.replace(batch, created_at="2026-11-02T10:00:00"))
    assert info.value.code == "signature"


def test_a_wrong_secret_is_refused(store: HubStore, hall: Credential) -> None:
    forged = make_batch(HALL, "0" * 64, entries(1, 2))
    with pytest.raises(BatchRefused) as info:
        store.receive(forged)
    assert info.value.code == "signature"
    assert store.state(HALL)["last_seq"] == 0


def test_an_unknown_hall_is_refused(store: HubStore, hall: Credential) -> None:
    batch = make_batch(OTHER_HALL, hall.secret, entries(1, 1, hall=OTHER_HALL))
    with pytest.raises(BatchRefused) as info:
        store.receive(batch)
    assert info.value.code == "unknown_hall"


def test_an_entity_id_too_long_for_the_table_is_malformed(
    store: HubStore, hall: Credential
) -> None:
    bad = [Entry(1, "case", "x" * 121, "create", {}, "2026-11-01T09:00:00")]
    with pytest.raises(BatchRefused) as info:
        store.receive(batch_of(hall, bad))
    assert info.value.code == "malformed"


def test_pending_warnings_clear_after_a_successful_batch(store: HubStore, hall: Credential) -> None:
    with pytest.raises(BatchRefused):
        store.receive(batch_of(hall, entries(2, 1)))
    assert store.halls()[0].pending_warnings == 1
    store.receive(batch_of(hall, entries(1, 2)))
    assert store.halls()[0].pending_warnings == 0


def test_the_latest_version_wins_and_the_history_stays(store: HubStore, hall: Credential) -> None:
    number = case_number(1)
    v1 = Entry(1, "case", number, "create", case_payload(number, "accepted"), "t")
    v2 = Entry(2, "case", number, "update", case_payload(number, "in_progress"), "t")
    v3 = Entry(3, "case", number, "update", case_payload(number, "completed"), "t")
    store.receive(batch_of(hall, [v1, v2]))  # two versions of one record in one batch
    record = store.record("case", number)
    assert record is not None
    assert (record["seq"], record["state"]) == (2, "in_progress")
    store.receive(batch_of(hall, [v3]))
    record = store.record("case", number)
    assert record is not None
    assert (record["seq"], record["state"], record["op"]) == (3, "completed", "update")
    assert store.version_count(entity="case", entity_id=number) == 3
    assert store.records_hashes(HALL) == {("case", number): content_hash(v3.payload)}


def test_an_older_seq_never_overwrites_the_current_state(store: HubStore, hall: Credential) -> None:
    # A record that another hall also wrote with a lower sequence number (the hub compares
    # sequences, not arrival): the higher one stays current.
    other = store.add_hall(OTHER_HALL, "某乡便民服务中心")
    number = case_number(1)
    store.receive(batch_of(hall, [Entry(1, "case", number, "create", case_payload(number), "t")]))
    store.receive(batch_of(hall, entries(2, 4, hall=HALL)))
    store.receive(
        batch_of(hall, [Entry(6, "case", number, "update", case_payload(number, "completed"), "t")])
    )
    stale = Entry(1, "case", number, "update", case_payload(number, "refused"), "t")
    store.receive(batch_of(other, [stale]))
    record = store.record("case", number)
    assert record is not None
    assert (record["seq"], record["state"], record["hall_code"]) == (6, "completed", HALL)
    assert store.version_count(entity="case", entity_id=number) == 3


def test_concurrent_copies_of_a_batch_apply_once(store: HubStore, hall: Credential) -> None:
    store.receive(batch_of(hall, entries(1, 1)))
    same_run = [batch_of(hall, entries(2, 200)) for _ in range(4)]  # four ids, same seqs
    results: list[Ack | BatchRefused] = []
    start = threading.Barrier(len(same_run))

    def send(b: Batch) -> None:
        start.wait()
        try:
            results.append(store.receive(b))
        except BatchRefused as exc:
            results.append(exc)

    threads = [threading.Thread(target=send, args=(b,)) for b in same_run]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(isinstance(r, Ack) for r in results), results
    assert sorted(r.duplicate for r in results if isinstance(r, Ack)) == [False, True, True, True]
    assert store.version_count(HALL) == 201
    assert store.state(HALL)["last_seq"] == 201


def test_entries_with_another_halls_prefix_still_belong_to_the_sender(
    store: HubStore, hall: Credential
) -> None:
    store.receive(batch_of(hall, entries(1, 1)))
    assert store.records_hashes(OTHER_HALL) == {}
    assert len(store.records_hashes(HALL)) == 1


@pytest.mark.parametrize(
    "payload",
    [{"b": 1, "a": "王", "n": None, "l": [1.5, {"z": True}]}, [], "文字", {"emoji": "😀\u2028"}],
)
def test_the_stored_hash_is_the_protocols_content_hash(payload: object) -> None:
    text = canonical_json(payload)
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == content_hash(payload)
    assert json.loads(text) == payload
