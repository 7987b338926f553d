"""The hash chain that makes the audit trail (审计记录) tamper-evident.

Each record's hash covers every one of its columns and the hash of the record before
it, so changing, removing or inserting a record anywhere breaks the chain from that
record on. The serialisation below is part of every stored chain: changing it would
make every existing trail fail verification, so it must never change.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

GENESIS = "0" * 64
_STORED_TIME_LENGTH = len("2026-01-01 08:30:00.000000")


def canonical_time(value: datetime | str) -> str:
    """The time as the database stores it (``YYYY-MM-DD HH:MM:SS.ffffff``).

    A time zone is dropped because SQLite keeps none: the hash must be computable from
    the stored row alone. A stored text in another precision (a row written by hand with
    ``datetime('now')``) is read as the same moment.
    """
    if isinstance(value, str):
        if len(value) == _STORED_TIME_LENGTH and value[10] == " " and value[19] == ".":
            return value
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def record_hash(
    prev_hash: str,
    record_id: int,
    at: datetime | str,
    actor_id: int | None,
    actor_name: str,
    action: str,
    entity: str,
    entity_id: str,
    detail: str,
) -> str:
    """SHA-256 (hex) of the record and the hash of the one before it (``GENESIS`` for the
    first). A JSON list is unambiguous whatever the texts contain (a separator character
    inside a field cannot shift one field into the next)."""
    canonical = json.dumps(
        [
            prev_hash,
            record_id,
            canonical_time(at),
            actor_id,
            actor_name,
            action,
            entity,
            entity_id,
            detail,
        ],
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()
