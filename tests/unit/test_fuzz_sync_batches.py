"""Fuzzing the sync batch parser, as the hub meets batches from the network or a USB
stick: anything that is not the batch the hall sealed is refused with BatchRefused and a
code from the contract (docs/sync-protocol.md), never another exception, and a changed
batch is never opened with content other than what the hall sealed."""

from __future__ import annotations

import hashlib
import hmac
import json
import zlib
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from hallapp.sync.protocol import (
    Batch,
    BatchRefused,
    Entry,
    _signed_part,
    make_batch,
    open_batch,
)

CODES = {"malformed", "version", "checksum", "signature", "too_large"}
SECRET = "5" * 64
HALL = "430121104000"
ENTRIES = [
    Entry(7, "case", f"{HALL}-20260302-0001", "create", {"applicant_name": "张三", "n": 1}, "t"),
    Entry(8, "event", f"{HALL}-20260302-0001/1", "create", {"action": "receive"}, "t"),
    Entry(9, "event", f"{HALL}-20260302-0001/2", "create", {"action": "accept"}, "t"),
]
SEALED = make_batch(HALL, SECRET, ENTRIES)
ENVELOPE = SEALED.envelope()
FUZZ = settings(max_examples=300, deadline=None)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(st.characters(codec=None, exclude_categories=()), max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=10,
)


def refused(exc: BatchRefused) -> None:
    assert exc.code in CODES, exc.code
    assert exc.message


def opened_or_refused(batch_of: Any) -> None:
    """Parse and open; whatever opens must be the sealed entries."""
    try:
        entries = open_batch(batch_of(), SECRET)
    except BatchRefused as exc:
        refused(exc)
        return
    assert entries == ENTRIES


@FUZZ
@given(st.text(max_size=200), st.binary(max_size=64))
@example('{"first_seq": 1e999}', b"")
@example('{"signature": "签名"}', b"")
def test_any_header_and_body_is_a_batch_or_refused(header: str, body: bytes) -> None:
    try:
        batch = Batch.from_header(header, body)
    except BatchRefused as exc:
        refused(exc)
        return
    try:
        open_batch(batch, SECRET)
    except BatchRefused as exc:
        refused(exc)
    else:
        raise AssertionError("a batch nobody sealed was opened")


@FUZZ
@given(json_values)
def test_any_json_is_an_envelope_or_refused(data: Any) -> None:
    try:
        batch = Batch.from_envelope(data)
    except BatchRefused as exc:
        refused(exc)
        return
    try:
        open_batch(batch, SECRET)
    except BatchRefused as exc:
        refused(exc)
    else:
        raise AssertionError("a batch nobody sealed was opened")


@FUZZ
@given(st.sampled_from(sorted(ENVELOPE)), json_values | st.just("<drop>"))
@example("first_seq", 1e999)
@example("last_seq", float("inf"))
@example("hall_code", "\ud800")
@example("signature", "签名" * 32)
def test_a_changed_envelope_field_is_refused_or_means_the_same(field: str, value: Any) -> None:
    envelope = dict(ENVELOPE)
    if value == "<drop>":
        del envelope[field]
    else:
        envelope[field] = value
    opened_or_refused(lambda: Batch.from_envelope(envelope))


@FUZZ
@given(st.sampled_from(sorted(SEALED.header())), json_values)
def test_a_changed_http_header_is_refused_or_means_the_same(field: str, value: Any) -> None:
    header = {**SEALED.header(), field: value}
    text = json.dumps(header, ensure_ascii=False)
    opened_or_refused(lambda: Batch.from_header(text, SEALED.body))


@FUZZ
@given(st.data())
def test_a_changed_body_is_refused(data: st.DataObject) -> None:
    body = bytearray(SEALED.body)
    at = data.draw(st.integers(0, len(body) - 1), "at")
    junk = data.draw(st.binary(min_size=1, max_size=4), "junk")
    body[at : at + data.draw(st.integers(0, 4), "cut")] = junk
    if bytes(body) == SEALED.body:
        return
    try:
        open_batch(Batch.from_header(json.dumps(SEALED.header()), bytes(body)), SECRET)
    except BatchRefused as exc:
        assert exc.code == "checksum"
    else:
        raise AssertionError("a changed body was opened")


def reseal(raw: bytes, first: int = 7, last: int = 9) -> Batch:
    """A body the hall's own key signs: what a hall with a bug (or a stolen key) could
    send; the signature passes and the parser alone stands in the way."""
    template = make_batch(HALL, SECRET, [Entry(first, "case", "x", "create", {}, "t")])
    body = zlib.compress(raw)
    checksum = hashlib.sha256(body).hexdigest()
    part = _signed_part(
        template.batch_id, HALL, first, last, template.version, template.created_at, checksum
    )
    signature = hmac.new(SECRET.encode("ascii"), part, hashlib.sha256).hexdigest()
    return Batch(
        template.batch_id,
        HALL,
        first,
        last,
        template.version,
        template.created_at,
        checksum,
        signature,
        body,
    )


@FUZZ
@given(json_values | st.lists(st.lists(json_values, max_size=7), max_size=4))
@example([{"0": 7}])
@example([[1e999, "case", "x", "create", {}, "t"]])
@example("[" * 100_000)
def test_a_signed_body_of_any_json_is_read_or_refused_as_malformed(rows: Any) -> None:
    raw = rows.encode() if isinstance(rows, str) and rows.startswith("[[") else None
    if raw is None:
        raw = json.dumps(rows, ensure_ascii=False).encode("utf-8", "surrogatepass")
    try:
        entries = open_batch(reseal(raw), SECRET)
    except BatchRefused as exc:
        assert exc.code == "malformed", exc.code
    else:
        assert [e.seq for e in entries] == [7, 8, 9]


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_a_signed_body_of_any_bytes_is_refused_as_malformed(raw: bytes) -> None:
    try:
        open_batch(reseal(raw), SECRET)
    except BatchRefused as exc:
        assert exc.code == "malformed", exc.code
    else:
        raise AssertionError(f"{raw!r} opened")


def test_a_body_that_inflates_beyond_the_limit_is_too_large() -> None:
    batch = reseal(b" " * (64 * 1024 * 1024 + 1))
    try:
        open_batch(batch, SECRET)
    except BatchRefused as exc:
        assert exc.code == "too_large"
    else:
        raise AssertionError("a 64 MB body was opened")
