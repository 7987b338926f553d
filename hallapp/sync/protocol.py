"""The sync protocol's messages (version 1): how a hall's outbox entries travel to the
county hub in batches, by HTTP or on a USB stick, and how the hub answers.

Shared by the client (hallapp.sync) and the hub (hallapp.hub); no I/O, no database.
docs/sync-protocol.md describes the same for people.

A batch carries a run of outbox entries with consecutive sequence numbers. Its body is
the entries as JSON, compressed with zlib; its envelope names the batch, the hall, the
first and last sequence number, the protocol version, the SHA-256 of the body and an
HMAC-SHA256 of all of these made with the hall's own secret, issued by the hub.

Why an HMAC and not only a bearer token over TLS: the same batch must be verifiable when
it arrives as a file carried on a USB stick, with no TLS in between, and an altered byte
anywhere must make the hub refuse the whole batch. The timestamp is signed but never
compared with the hub's clock: township PCs run days off, and replays are harmless
anyway, because the hub applies each batch id once and each sequence number in order.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from json.encoder import encode_basestring
from typing import Any, NamedTuple

__all__ = [
    "ACK_KIND",
    "BATCHES_KIND",
    "ENVELOPE_HEADER",
    "PROTOCOL_VERSION",
    "SIGNATURE_HEADERS",
    "Ack",
    "Batch",
    "BatchRefused",
    "Entry",
    "RawEntry",
    "content_hash",
    "make_ack",
    "make_batch",
    "make_batch_from_rows",
    "make_secret",
    "open_batch",
    "raw_body",
    "request_signature",
    "sign_ack",
    "sign_request",
    "verify_ack",
]

# Over HTTP the compressed body travels as it is (application/octet-stream) and the rest of
# the envelope as JSON in this header: base64 would add a third to every byte on the wire.
ENVELOPE_HEADER = "X-Hallapp-Envelope"
# A signed request that carries no batch (the hall's state at the hub, its digest for a
# reconcile, the downward updates): hall code, the hall's time, HMAC of method, path with
# query, and that time.
SIGNATURE_HEADERS = ("X-Hallapp-Hall", "X-Hallapp-Time", "X-Hallapp-Signature")

PROTOCOL_VERSION = 1
# The "kind" of the two files of the offline transfer: the hall's export (first line) and
# the hub's acknowledgement (FILE.ack.json).
BATCHES_KIND = "hallapp-batches"
ACK_KIND = "hallapp-ack"
_MAX_BODY = 64 * 1024 * 1024  # a decompressed body beyond this is refused, not read
# zlib's own default. Measured on the demo township's batches: level 9 saves 7 % of the
# bytes (about 310 instead of 335 per case on the wire) for three times the time, and
# packing then costs the hall more than the hub takes to apply the batch.
BODY_LEVEL = 6


class BatchRefused(Exception):
    """A batch the hub must not apply. ``code`` is for programs (and the HTTP answer),
    ``message`` for people, in Chinese; nothing of the batch is applied."""

    def __init__(self, code: str, message: str, expected_seq: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.expected_seq = expected_seq


@dataclass(frozen=True)
class Entry:
    """One outbox entry: a change of one record, in the order the hall made it."""

    seq: int
    entity: str  # e.g. "case"
    entity_id: str  # the record's id in every hall and at the hub, e.g. the case number
    op: str  # create | update
    payload: dict[str, Any]
    created_at: str  # ISO time at the hall; informational


@dataclass(frozen=True)
class Batch:
    batch_id: str
    hall_code: str
    first_seq: int
    last_seq: int
    version: int
    created_at: str
    checksum: str  # SHA-256 of ``body``, hex
    signature: str  # HMAC-SHA256, hex
    body: bytes  # zlib-compressed JSON list of entries

    def header(self) -> dict[str, Any]:
        """Every field but the body: the HTTP envelope header."""
        return {
            "batch_id": self.batch_id,
            "hall_code": self.hall_code,
            "first_seq": self.first_seq,
            "last_seq": self.last_seq,
            "version": self.version,
            "created_at": self.created_at,
            "checksum": self.checksum,
            "signature": self.signature,
        }

    def envelope(self) -> dict[str, Any]:
        """The batch as one JSON object (a line of an export file)."""
        return {**self.header(), "body": base64.b64encode(self.body).decode("ascii")}

    @classmethod
    def from_header(cls, header: str, body: bytes) -> Batch:
        """The batch as it arrives over HTTP: the envelope header and the raw body."""
        try:
            data = json.loads(header)
        except ValueError as exc:
            raise BatchRefused("malformed", f"批次头不是有效的 JSON：{exc}") from exc
        if not isinstance(data, dict):
            raise BatchRefused("malformed", "批次格式错误：不是一个对象")
        # The raw body as it is: a round trip through base64 cost a millisecond a batch.
        return cls._from_fields(data, lambda: body)

    @classmethod
    def from_envelope(cls, data: object) -> Batch:
        if not isinstance(data, dict):
            raise BatchRefused("malformed", "批次格式错误：不是一个对象")
        return cls._from_fields(data, lambda: base64.b64decode(str(data["body"]), validate=True))

    @classmethod
    def _from_fields(cls, data: dict[str, Any], body: Callable[[], bytes]) -> Batch:
        try:
            return cls(
                batch_id=str(data["batch_id"]),
                hall_code=str(data["hall_code"]),
                first_seq=int(data["first_seq"]),
                last_seq=int(data["last_seq"]),
                version=int(data["version"]),
                created_at=str(data["created_at"]),
                checksum=str(data["checksum"]),
                signature=str(data["signature"]),
                body=body(),
            )
        except (KeyError, ValueError, TypeError, OverflowError) as exc:  # 1e999: int(inf)
            raise BatchRefused("malformed", f"批次格式错误：{exc}") from exc


@dataclass(frozen=True)
class Ack:
    """The hub's answer: the batch was applied now (``duplicate`` False) or before; the
    hall may mark its entries up to ``last_seq`` delivered."""

    batch_id: str
    hall_code: str
    last_seq: int
    duplicate: bool


def content_hash(payload: Any) -> str:
    """SHA-256 of a record's payload in canonical JSON: the hall and the hub compare these
    in a reconcile, so both must compute it the same way."""
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def request_signature(secret: str, method: str, path: str, at: str) -> str:
    """HMAC of a request without a batch; ``path`` includes the query string."""
    part = "\n".join((method.upper(), path, at)).encode("utf-8")
    return _sign(secret, part)


def sign_request(hall_code: str, secret: str, method: str, path: str, at: str) -> dict[str, str]:
    """The headers that authenticate a request without a batch."""
    hall, time, signature = SIGNATURE_HEADERS
    return {hall: hall_code, time: at, signature: request_signature(secret, method, path, at)}


def make_secret() -> str:
    """A hall's credential secret, issued by the hub: 256 random bits, hex."""
    return uuid.uuid4().hex + uuid.uuid4().hex


def _signed_part(
    batch_id: str, hall_code: str, first: int, last: int, version: int, created: str, checksum: str
) -> bytes:
    return "\n".join(
        (batch_id, hall_code, str(first), str(last), str(version), created, checksum)
    ).encode("utf-8")


def _sign(secret: str, part: bytes) -> str:
    return hmac.new(secret.encode("ascii"), part, hashlib.sha256).hexdigest()


def make_batch(
    hall_code: str, secret: str, entries: Sequence[Entry], now: datetime | None = None
) -> Batch:
    """Pack consecutive entries into one signed batch."""
    if not entries:
        raise ValueError("a batch needs at least one entry")
    seqs = [e.seq for e in entries]
    _check_consecutive(seqs)
    raw = json.dumps(
        [[e.seq, e.entity, e.entity_id, e.op, e.payload, e.created_at] for e in entries],
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    ).encode("utf-8")
    return _seal(hall_code, secret, seqs[0], seqs[-1], zlib.compress(raw, 9), now)


class RawEntry(NamedTuple):
    """An outbox entry as the hall stores it: the payload still JSON text (an object),
    as ``Entry`` would carry it once parsed."""

    seq: int
    entity: str
    entity_id: str
    op: str
    payload: str  # JSON text
    created_at: str


def raw_body(rows: Sequence[RawEntry]) -> bytes:
    """The uncompressed body of ``rows``: the JSON list ``make_batch`` writes, with each
    stored payload spliced in as its text. Parsing and serialising every payload again
    was most of what packing a batch cost the hall; for the compact text the outbox
    stores, the bytes are the very ones ``make_batch`` writes."""
    for r in rows:
        if not r.payload.startswith("{") or not r.payload.endswith("}"):
            # Not a parse (the hub parses the body and refuses one it cannot read): an
            # empty or cut-off text is named here, with its entry, instead.
            raise ValueError(f"entry {r.seq}: the stored payload is not a JSON object")
    text = ",".join(
        [
            f"[{int(r.seq)},{encode_basestring(r.entity)},{encode_basestring(r.entity_id)},"
            f"{encode_basestring(r.op)},{r.payload},{encode_basestring(r.created_at)}]"
            for r in rows
        ]
    )
    return f"[{text}]".encode()


def make_batch_from_rows(
    hall_code: str,
    secret: str,
    rows: Sequence[RawEntry],
    now: datetime | None = None,
    level: int = BODY_LEVEL,
) -> Batch:
    """``make_batch`` for entries as the outbox stores them (payloads as JSON text): the
    same envelope and body format, the hub opens both alike."""
    if not rows:
        raise ValueError("a batch needs at least one entry")
    seqs = [r.seq for r in rows]
    _check_consecutive(seqs)
    return _seal(hall_code, secret, seqs[0], seqs[-1], zlib.compress(raw_body(rows), level), now)


def _check_consecutive(seqs: list[int]) -> None:
    if seqs != list(range(seqs[0], seqs[0] + len(seqs))):
        raise ValueError("a batch's entries must have consecutive sequence numbers")


def _seal(
    hall_code: str, secret: str, first: int, last: int, body: bytes, now: datetime | None
) -> Batch:
    """The signed envelope around a compressed body."""
    checksum = hashlib.sha256(body).hexdigest()
    batch_id = uuid.uuid4().hex
    created = (now or datetime.now()).isoformat(timespec="seconds")
    part = _signed_part(batch_id, hall_code, first, last, PROTOCOL_VERSION, created, checksum)
    return Batch(
        batch_id,
        hall_code,
        first,
        last,
        PROTOCOL_VERSION,
        created,
        checksum,
        _sign(secret, part),
        body,
    )


def open_batch(batch: Batch, secret: str) -> list[Entry]:
    """Check a batch as the hub receives it and return its entries; raise BatchRefused
    with a precise reason for anything wrong. The hub still checks the sequence against
    what it has applied (``expected_seq``)."""
    if batch.version != PROTOCOL_VERSION:
        raise BatchRefused(
            "version", f"协议版本不符：收到第{batch.version}版，本平台使用第{PROTOCOL_VERSION}版"
        )
    if hashlib.sha256(batch.body).hexdigest() != batch.checksum:
        raise BatchRefused("checksum", "批次校验和不符：传输或复制中数据被改动")
    try:
        part = _signed_part(
            batch.batch_id,
            batch.hall_code,
            batch.first_seq,
            batch.last_seq,
            batch.version,
            batch.created_at,
            batch.checksum,
        )
        # As bytes: compare_digest refuses str with non-ASCII characters by raising.
        given = batch.signature.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate, from a \ud800 escape in the JSON
        raise BatchRefused("malformed", "批次头含有无效字符") from exc
    if not hmac.compare_digest(_sign(secret, part).encode("ascii"), given):
        raise BatchRefused("signature", "批次签名无效：凭据不符或内容被改动")
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(batch.body, _MAX_BODY)
        if inflater.unconsumed_tail:
            raise BatchRefused("too_large", "批次过大，拒收")
        rows = json.loads(raw.decode("utf-8"))
        entries = [Entry(int(r[0]), str(r[1]), str(r[2]), str(r[3]), r[4], str(r[5])) for r in rows]
    except BatchRefused:
        raise
    except (
        zlib.error,
        UnicodeDecodeError,
        ValueError,
        TypeError,
        LookupError,  # an entry that is an object, not a list
        OverflowError,  # a sequence number of 1e999
        RecursionError,  # brackets nested too deep for the JSON parser
    ) as exc:
        raise BatchRefused("malformed", f"批次内容无法解析：{exc}") from exc
    seqs = [e.seq for e in entries]
    if not seqs or seqs != list(range(batch.first_seq, batch.last_seq + 1)):
        raise BatchRefused("malformed", "批次内的序号与批次头不一致")
    return entries


def _ack_part(hall_code: str, last_seq: int, batch_ids: Sequence[str]) -> bytes:
    return "\n".join((hall_code, str(last_seq), ",".join(batch_ids))).encode("utf-8")


def sign_ack(secret: str, hall_code: str, last_seq: int, batch_ids: Sequence[str]) -> str:
    """HMAC of an acknowledgement file, made by the hub with the hall's secret, so the hall
    marks entries delivered only on an answer that really came from the hub."""
    return _sign(secret, _ack_part(hall_code, last_seq, batch_ids))


def verify_ack(
    secret: str, hall_code: str, last_seq: int, batch_ids: Sequence[str], signature: str
) -> bool:
    return hmac.compare_digest(sign_ack(secret, hall_code, last_seq, batch_ids), signature)


def make_ack(
    hall_code: str, secret: str, last_seq: int, batch_ids: Sequence[str]
) -> dict[str, Any]:
    """The acknowledgement file's content (FILE.ack.json) for the batches of an export."""
    return {
        "kind": ACK_KIND,
        "version": PROTOCOL_VERSION,
        "hall_code": hall_code,
        "last_seq": last_seq,
        "batches": list(batch_ids),
        "signature": sign_ack(secret, hall_code, last_seq, batch_ids),
    }
