"""The sync protocol's batches: what the hall signs, the hub accepts exactly that, and any
altered byte, wrong credential or broken envelope is refused with a precise reason."""

from __future__ import annotations

import json
import zlib
from dataclasses import replace
from datetime import datetime

import pytest

from hallapp.sync.protocol import (
    PROTOCOL_VERSION,
    Batch,
    BatchRefused,
    Entry,
    make_batch,
    make_secret,
    open_batch,
)

HALL = "430121104000"


def entries(first: int = 1, count: int = 3) -> list[Entry]:
    return [
        Entry(
            seq,
            "case",
            f"{HALL}-20261128-{seq:04d}",
            "create",
            {"applicant_name": "𠮷丽", "state": "accepted", "fee_total_fen": 9000},
            "2026-11-28T09:30:00",
        )
        for seq in range(first, first + count)
    ]


def test_a_batch_round_trips_through_its_envelope() -> None:
    secret = make_secret()
    batch = make_batch(HALL, secret, entries(5, 4), now=datetime(2026, 11, 28, 10))
    assert (batch.first_seq, batch.last_seq, batch.version) == (5, 8, PROTOCOL_VERSION)
    wire = json.dumps(batch.envelope())
    again = Batch.from_envelope(json.loads(wire))
    assert open_batch(again, secret) == entries(5, 4)


def test_the_body_is_compressed() -> None:
    many = entries(1, 200)
    batch = make_batch(HALL, make_secret(), many)
    raw = json.dumps([[e.seq, e.entity, e.entity_id, e.op, e.payload, e.created_at] for e in many])
    assert len(batch.body) < len(raw.encode()) / 5


def test_an_altered_byte_is_refused_by_the_checksum() -> None:
    secret = make_secret()
    batch = make_batch(HALL, secret, entries())
    body = bytearray(batch.body)
    body[10] ^= 0xFF
    with pytest.raises(BatchRefused) as refused:
        open_batch(replace(batch, body=bytes(body)), secret)
    assert refused.value.code == "checksum" and "改动" in refused.value.message


def test_a_wrong_credential_or_a_changed_header_is_refused_by_the_signature() -> None:
    secret = make_secret()
    batch = make_batch(HALL, secret, entries())
    with pytest.raises(BatchRefused, match="签名无效") as refused:
        open_batch(batch, make_secret())
    assert refused.value.code == "signature"
    with pytest.raises(BatchRefused, match="签名无效"):
        open_batch(replace(batch, hall_code="430121105000"), secret)
    with pytest.raises(BatchRefused, match="签名无效"):
        open_batch(replace(batch, last_seq=batch.last_seq + 1), secret)


def test_a_re_signed_body_whose_rows_disagree_with_the_header_is_refused() -> None:
    secret = make_secret()
    good = make_batch(HALL, secret, entries(1, 3))
    # A body holding seqs 1..2 under a header that says 1..3, correctly signed.
    short = make_batch(HALL, secret, entries(1, 2))
    from hallapp.sync import protocol

    part = protocol._signed_part(
        good.batch_id, HALL, 1, 3, good.version, good.created_at, short.checksum
    )
    forged = replace(
        good, body=short.body, checksum=short.checksum, signature=protocol._sign(secret, part)
    )
    with pytest.raises(BatchRefused, match="序号"):
        open_batch(forged, secret)


def test_broken_envelopes_and_versions_are_refused() -> None:
    with pytest.raises(BatchRefused) as refused:
        Batch.from_envelope({"batch_id": "x"})
    assert refused.value.code == "malformed"
    with pytest.raises(BatchRefused):
        Batch.from_envelope(["not", "an", "object"])
    secret = make_secret()
    batch = make_batch(HALL, secret, entries())
    with pytest.raises(BatchRefused) as refused:
        open_batch(replace(batch, version=2), secret)
    assert refused.value.code == "version"


def test_a_compressed_bomb_is_refused_without_being_read() -> None:
    secret = make_secret()
    bomb = zlib.compress(b"[" + b" " * (80 * 1024 * 1024) + b"]", 9)
    batch = make_batch(HALL, secret, entries())
    from hallapp.sync import protocol

    checksum = protocol.hashlib.sha256(bomb).hexdigest()
    part = protocol._signed_part(
        batch.batch_id, HALL, 1, 3, batch.version, batch.created_at, checksum
    )
    signed = replace(batch, body=bomb, checksum=checksum, signature=protocol._sign(secret, part))
    with pytest.raises(BatchRefused) as refused:
        open_batch(signed, secret)
    assert refused.value.code == "too_large"


def test_entries_must_be_consecutive() -> None:
    broken = [*entries(1, 2), *entries(4, 1)]
    with pytest.raises(ValueError, match="consecutive"):
        make_batch(HALL, make_secret(), broken)
    with pytest.raises(ValueError):
        make_batch(HALL, make_secret(), [])
