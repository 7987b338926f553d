"""Batches packed from the outbox's stored payload text: the body ``make_batch`` writes,
without parsing and serialising every payload again, and the hub opens it alike."""

from __future__ import annotations

import json
import zlib
from datetime import datetime

import pytest

from hallapp.sync.protocol import (
    Batch,
    BatchRefused,
    Entry,
    RawEntry,
    make_batch,
    make_batch_from_rows,
    make_secret,
    open_batch,
    raw_body,
)

HALL = "430121104000"
AT = datetime(2026, 11, 28, 10)
# Chinese and a character outside the BMP, quotes, a backslash, a control character,
# nesting, numbers and null: what a case payload may hold.
PAYLOADS = [
    {"applicant_name": "𠮷丽", "state": "accepted", "fee_total_fen": 9000},
    {"comment": 'say "好" \\ then\nnewline\t', "materials": [{"n": 1, "ok": True}], "x": None},
    {"amount": 12.5, "neg": -3, "empty": {}, "list": []},
]


def compact(payload: object) -> str:
    """The outbox's stored text (hallapp.services.outbox_records.outbox_json)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def rows(first: int, texts: list[str], entity_id: str = "") -> list[RawEntry]:
    return [
        RawEntry(
            first + i,
            "case",
            entity_id or f"{HALL}-20261128-{first + i:04d}",
            "create",
            text,
            "2026-11-28T09:30:00",
        )
        for i, text in enumerate(texts)
    ]


def parsed(raw: list[RawEntry]) -> list[Entry]:
    return [
        Entry(r.seq, r.entity, r.entity_id, r.op, json.loads(r.payload), r.created_at) for r in raw
    ]


def test_the_spliced_body_is_byte_for_byte_the_body_make_batch_writes() -> None:
    raw = rows(7, [compact(p) for p in PAYLOADS], entity_id='430121104000/"odd"\\id')
    old = zlib.decompress(make_batch(HALL, make_secret(), parsed(raw), AT).body)
    assert raw_body(raw) == old
    new = make_batch_from_rows(HALL, make_secret(), raw, AT)
    assert zlib.decompress(new.body) == old


def test_the_hub_opens_a_spliced_batch_to_the_same_entries() -> None:
    secret = make_secret()
    # stored text need not be compact: the content is what travels
    raw = rows(3, [json.dumps(p, indent=1) for p in PAYLOADS])
    batch = make_batch_from_rows(HALL, secret, raw, AT)
    assert (batch.first_seq, batch.last_seq, batch.created_at) == (3, 5, "2026-11-28T10:00:00")
    assert open_batch(batch, secret) == parsed(raw)
    assert open_batch(make_batch(HALL, secret, parsed(raw), AT), secret) == parsed(raw)


def test_the_body_is_compressed_at_any_level() -> None:
    texts = [compact({**PAYLOADS[0], "n": n}) for n in range(300)]
    raw = rows(1, texts)
    fast = make_batch_from_rows(HALL, make_secret(), raw)
    best = make_batch_from_rows(HALL, make_secret(), raw, level=9)
    assert zlib.decompress(fast.body) == zlib.decompress(best.body) == raw_body(raw)
    assert len(fast.body) < len(raw_body(raw)) / 5


def test_entries_must_be_consecutive_and_present() -> None:
    raw = rows(1, [compact(p) for p in PAYLOADS])
    with pytest.raises(ValueError, match="consecutive"):
        make_batch_from_rows(HALL, make_secret(), [raw[0], raw[2]])
    with pytest.raises(ValueError, match="at least one"):
        make_batch_from_rows(HALL, make_secret(), [])


@pytest.mark.parametrize("text", ["", '{"a":1', "[1,2]", "  "])
def test_a_stored_text_that_is_not_an_object_is_named_not_sent(text: str) -> None:
    raw = rows(41, [compact(PAYLOADS[0]), text])
    with pytest.raises(ValueError, match="entry 42"):
        make_batch_from_rows(HALL, make_secret(), raw)


def test_a_batch_from_the_http_header_keeps_its_body_and_needs_every_field() -> None:
    secret = make_secret()
    batch = make_batch_from_rows(HALL, secret, rows(1, [compact(p) for p in PAYLOADS]), AT)
    header = json.dumps(batch.header())
    again = Batch.from_header(header, batch.body)
    assert again == batch
    assert open_batch(again, secret) == parsed(rows(1, [compact(p) for p in PAYLOADS]))
    fields = batch.header()
    del fields["checksum"]
    with pytest.raises(BatchRefused, match="批次格式错误") as refused:
        Batch.from_header(json.dumps(fields), batch.body)
    assert refused.value.code == "malformed"
    with pytest.raises(BatchRefused, match="批次格式错误"):
        Batch.from_header(json.dumps({**batch.header(), "first_seq": "one"}), batch.body)
