"""The audit trail's hash chain: what a record's hash covers, and that it never drifts."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

import pytest

from hallapp.core.audit_chain import GENESIS, canonical_time, record_hash

AT = datetime(2026, 3, 2, 9, 30, 0, 125)
FIELDS: tuple[int, datetime, int | None, str, str, str, str, str] = (
    7,
    AT,
    3,
    "张敏",
    "case.accept",
    "case",
    "42",
    '{"number": "430121104000-20260302-0001"}',
)


def test_the_serialisation_is_pinned() -> None:
    # Every stored chain depends on these exact bytes; a change here breaks them all.
    text = (
        '["' + GENESIS + '",7,"2026-03-02 09:30:00.000125",3,"\\u5f20\\u654f",'
        '"case.accept","case","42","{\\"number\\": \\"430121104000-20260302-0001\\"}"]'
    )
    assert record_hash(GENESIS, *FIELDS) == hashlib.sha256(text.encode()).hexdigest()


def test_the_first_record_chains_from_64_zeros() -> None:
    assert GENESIS == "0" * 64
    assert record_hash(GENESIS, *FIELDS) != record_hash("1" + GENESIS[1:], *FIELDS)


@pytest.mark.parametrize("index", range(len(FIELDS)))
def test_every_column_is_covered(index: int) -> None:
    changed = list(FIELDS)
    value = changed[index]
    if isinstance(value, datetime):
        changed[index] = value + timedelta(microseconds=1)
    elif isinstance(value, int):
        changed[index] = value + 1
    else:
        changed[index] = f"{value} "
    assert record_hash(GENESIS, *changed) != record_hash(GENESIS, *FIELDS)  # type: ignore[arg-type]


def test_a_missing_actor_differs_from_any_staff_id() -> None:
    anonymous = (FIELDS[0], FIELDS[1], None, *FIELDS[3:])
    assert record_hash(GENESIS, *anonymous) != record_hash(GENESIS, *FIELDS)


def test_text_cannot_shift_from_one_column_into_the_next() -> None:
    a = record_hash(GENESIS, 1, AT, None, "a", "b,c", "d", "e", "{}")
    b = record_hash(GENESIS, 1, AT, None, "a", "b", "c,d", "e", "{}")
    c = record_hash(GENESIS, 1, AT, None, 'a","b', "c", "d", "e", "{}")
    assert len({a, b, c}) == 3


def test_the_time_hashes_as_the_database_stores_it() -> None:
    stored = "2026-03-02 09:30:00.000125"
    assert canonical_time(AT) == stored
    assert canonical_time(stored) == stored
    assert record_hash(GENESIS, 7, stored, *FIELDS[2:]) == record_hash(GENESIS, *FIELDS)
    # A row written by hand with datetime('now') has no fraction of a second.
    assert canonical_time("2026-03-02 09:30:00") == "2026-03-02 09:30:00.000000"
    # SQLite keeps no time zone, so the hash cannot depend on one.
    aware = AT.replace(tzinfo=timezone(timedelta(hours=8)))
    assert canonical_time(aware) == stored


def test_a_time_that_is_not_a_time_is_refused() -> None:
    with pytest.raises(ValueError):
        canonical_time("yesterday")
