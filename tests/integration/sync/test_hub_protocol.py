"""The hub process at the protocol level: batches made with the shared protocol code and
sent with a bare HTTP client, so each refusal is provoked exactly."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta

import httpx
import pytest

from hallapp.hub.credentials import Credential
from hallapp.hub.store import HubStore
from hallapp.sync.protocol import ENVELOPE_HEADER, Batch, Entry, make_batch, sign_request
from tests.support.hub_process import HubProcess
from tests.support.township import Township

BATCHES = "/api/v1/batches"


@pytest.fixture
def credential(hub_store: HubStore, township: Township) -> Credential:
    return hub_store.add_hall(township.hall_code, "示例镇便民服务中心")


@pytest.fixture
def http(hub: HubProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=hub.url, timeout=60) as client:
        yield client


def post(http: httpx.Client, batch: Batch) -> httpx.Response:
    headers = {
        ENVELOPE_HEADER: json.dumps(batch.header()),
        "Content-Type": "application/octet-stream",
    }
    return http.post(BATCHES, content=batch.body, headers=headers)


def batch_of(credential: Credential, entries: list[Entry], **kw: datetime) -> Batch:
    return make_batch(credential.hall_code, credential.secret, entries, **kw)


def test_the_same_batch_twice_is_applied_once(
    http: httpx.Client, credential: Credential, township: Township, hub_store: HubStore
) -> None:
    batch = batch_of(credential, township.entries(1, 500))
    first = post(http, batch)
    assert first.status_code == 200, first.text
    assert first.json() == {
        "batch_id": batch.batch_id,
        "hall_code": township.hall_code,
        "last_seq": 500,
        "duplicate": False,
    }
    again = post(http, batch)
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["last_seq"] == 500
    # Repacked after a crash: a new id for entries the hub already has.
    repacked = post(http, batch_of(credential, township.entries(1, 300)))
    assert repacked.status_code == 200
    assert repacked.json()["duplicate"] is True
    assert hub_store.version_count(township.hall_code) == 500
    assert hub_store.state(township.hall_code)["last_seq"] == 500


def test_a_batch_out_of_order_is_refused_with_the_expected_sequence(
    http: httpx.Client, credential: Credential, township: Township, hub_store: HubStore
) -> None:
    early = post(http, batch_of(credential, township.entries(501, 1000)))
    assert early.status_code == 409
    assert early.json()["error"] == "gap"
    assert early.json()["expected_seq"] == 1
    assert hub_store.version_count(township.hall_code) == 0

    assert post(http, batch_of(credential, township.entries(1, 400))).status_code == 200
    # Starts inside what the hub has, reaches beyond it: resend from 401.
    straddling = post(http, batch_of(credential, township.entries(301, 800)))
    assert straddling.status_code == 409
    assert straddling.json()["expected_seq"] == 401
    assert post(http, batch_of(credential, township.entries(401, 800))).status_code == 200
    assert hub_store.version_count(township.hall_code) == 800


def test_one_altered_byte_refuses_the_whole_batch(
    http: httpx.Client, credential: Credential, township: Township, hub_store: HubStore
) -> None:
    batch = batch_of(credential, township.entries(1, 500))
    body = bytearray(batch.body)
    body[len(body) // 2] ^= 0x01
    answer = post(http, replace(batch, body=bytes(body)))
    assert answer.status_code == 400
    assert answer.json()["error"] == "checksum"
    assert answer.json()["message"]  # said in Chinese, for the hall's screen
    assert hub_store.version_count(township.hall_code) == 0
    assert hub_store.state(township.hall_code)["last_seq"] == 0
    # The intact batch still goes through: the refusal left nothing half done.
    assert post(http, batch).status_code == 200


def test_a_header_field_altered_breaks_the_signature(
    http: httpx.Client, credential: Credential, township: Township, hub_store: HubStore
) -> None:
    batch = batch_of(credential, township.entries(1, 500))
    answer = post(http, replace(batch, last_seq=499))
    assert answer.status_code == 401
    assert answer.json()["error"] == "signature"
    assert hub_store.version_count(township.hall_code) == 0


def test_a_wrong_secret_is_refused_in_chinese_and_nothing_applied(
    http: httpx.Client, credential: Credential, township: Township, hub_store: HubStore
) -> None:
    forged = Credential(credential.hall_code, credential.hall_name, "0" * 64, "")
    answer = post(http, batch_of(forged, township.entries(1, 500)))
    assert answer.status_code == 401
    body = answer.json()
    assert body["error"] == "signature"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])
    assert hub_store.version_count(township.hall_code) == 0
    # Signed requests with the wrong secret read nothing either.
    path = "/api/v1/state"
    headers = sign_request(credential.hall_code, "0" * 64, "GET", path, "2026-01-01T00:00:00")
    assert http.get(path, headers=headers).status_code == 401


def test_an_unknown_hall_is_refused(
    http: httpx.Client, hub_store: HubStore, township: Township
) -> None:
    stranger = Credential("430121999000", "未登记", "1" * 64, "")
    answer = post(http, batch_of(stranger, township.entries(1, 10)))
    assert answer.status_code == 401
    assert answer.json()["error"] in {"signature", "unknown_hall"}
    assert hub_store.version_count() == 0


@pytest.mark.parametrize("days", [3, -3])
def test_a_township_clock_days_off_is_accepted(
    http: httpx.Client,
    credential: Credential,
    township: Township,
    hub_store: HubStore,
    days: int,
) -> None:
    """Township PCs run days off the county's clock; the hub never compares the times."""
    shift = timedelta(days=days)
    entries = [
        Entry(e.seq, e.entity, e.entity_id, e.op, e.payload, _shifted(e.created_at, shift))
        for e in township.entries(1, 500)
    ]
    batch = batch_of(credential, entries, now=datetime.now() + shift)
    answer = post(http, batch)
    assert answer.status_code == 200, answer.text
    assert answer.json()["duplicate"] is False
    path = "/api/v1/state"
    at = (datetime.now() + shift).isoformat(timespec="seconds")
    state = http.get(
        path, headers=sign_request(credential.hall_code, credential.secret, "GET", path, at)
    )
    assert state.status_code == 200
    assert state.json()["last_seq"] == 500
    assert hub_store.version_count(township.hall_code) == 500


def _shifted(iso: str, shift: timedelta) -> str:
    return (datetime.fromisoformat(iso) + shift).isoformat()
