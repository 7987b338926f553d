"""The hub's HTTP API as a hall meets it: status codes and JSON bodies of the contract."""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from starlette.testclient import TestClient

from hallapp.hub.credentials import Credential
from hallapp.hub.store import HubStore
from hallapp.sync.protocol import ENVELOPE_HEADER, Batch, make_batch, sign_request
from tests.hub.conftest import HALL, OTHER_HALL, batch_of, case_number, entries

CALENDAR = Path(__file__).parents[1] / "data" / "calendar-2027-test.json"


def post(client: TestClient, batch: Batch) -> tuple[int, dict]:
    response = client.post(
        "/api/v1/batches",
        content=batch.body,
        headers={
            ENVELOPE_HEADER: json.dumps(batch.header()),
            "Content-Type": "application/octet-stream",
        },
    )
    return response.status_code, response.json()


def signed_get(
    client: TestClient, cred: Credential, path: str, secret: str | None = None
) -> tuple[int, dict]:
    headers = sign_request(
        cred.hall_code, secret or cred.secret, "GET", path, "2026-11-01T10:00:00"
    )
    response = client.get(path, headers=headers)
    return response.status_code, response.json()


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"ok": True})


def test_a_batch_is_acknowledged_then_acknowledged_as_duplicate(
    client: TestClient, hall: Credential
) -> None:
    batch = batch_of(hall, entries(1, 3))
    assert post(client, batch) == (
        200,
        {"batch_id": batch.batch_id, "hall_code": HALL, "last_seq": 3, "duplicate": False},
    )
    status, body = post(client, batch)
    assert (status, body["duplicate"], body["last_seq"]) == (200, True, 3)


def test_a_gap_answers_409_with_the_expected_seq(client: TestClient, hall: Credential) -> None:
    post(client, batch_of(hall, entries(1, 3)))
    status, body = post(client, batch_of(hall, entries(7, 2)))
    assert status == 409
    assert body["error"] == "gap"
    assert body["expected_seq"] == 4
    assert "4" in body["message"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"version": 2}, "version"),
        ({"checksum": "0" * 64}, "checksum"),
        ({"first_seq": 2}, "signature"),
    ],
)
def test_refusals_answer_400_or_401_with_nothing_applied(
    client: TestClient, store: HubStore, hall: Credential, change: dict, code: str
) -> None:
    batch = dataclasses.replace(batch_of(hall, entries(1, 3)), **change)
    status, body = post(client, batch)
    assert (status, body["error"], body["expected_seq"]) == (
        401 if code == "signature" else 400,
        code,
        None,
    )
    assert body["message"]
    assert store.state(HALL)["last_seq"] == 0


def test_an_altered_body_byte_answers_400_checksum(client: TestClient, hall: Credential) -> None:
    batch = batch_of(hall, entries(1, 3))
    body = bytearray(batch.body)
    body[-1] ^= 0x80
    status, answer = post(client, dataclasses.replace(batch, body=bytes(body)))
    assert (status, answer["error"]) == (400, "checksum")


def test_a_wrong_secret_and_an_unknown_hall_answer_401(
    client: TestClient, hall: Credential
) -> None:
    status, body = post(client, make_batch(HALL, "f" * 64, entries(1, 1)))
    assert (status, body["error"]) == (401, "signature")
    stranger = make_batch(OTHER_HALL, "f" * 64, entries(1, 1, hall=OTHER_HALL))
    status, body = post(client, stranger)
    assert (status, body["error"]) == (401, "unknown_hall")


@pytest.mark.parametrize("header", [None, "not json", "[1, 2]", '{"batch_id": "x"}'])
def test_a_malformed_envelope_answers_400(
    client: TestClient, hall: Credential, header: str | None
) -> None:
    headers = {} if header is None else {ENVELOPE_HEADER: header}
    response = client.post("/api/v1/batches", content=b"abc", headers=headers)
    assert response.status_code == 400
    assert response.json()["error"] == "malformed"


def test_a_body_over_the_limit_answers_413(client: TestClient, hall: Credential) -> None:
    batch = batch_of(hall, entries(1, 1))
    headers = {ENVELOPE_HEADER: json.dumps(batch.header())}
    big = b"\0" * (32 * 1024 * 1024 + 1)
    response = client.post("/api/v1/batches", content=big, headers=headers)
    assert (response.status_code, response.json()["error"]) == (413, "too_large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while read
        for _ in range(33):
            yield b"\0" * (1024 * 1024)

    response = client.post("/api/v1/batches", content=chunks(), headers=headers)
    assert (response.status_code, response.json()["error"]) == (413, "too_large")


def test_state_is_a_signed_request(client: TestClient, hall: Credential) -> None:
    post(client, batch_of(hall, entries(1, 3)))
    assert signed_get(client, hall, "/api/v1/state") == (
        200,
        {"hall_code": HALL, "last_seq": 3, "counts": {"case": 3}},
    )
    status, body = signed_get(client, hall, "/api/v1/state", secret="a" * 64)
    assert (status, body["error"]) == (401, "signature")
    response = client.get("/api/v1/state")
    assert (response.status_code, response.json()["error"]) == (401, "signature")


def test_the_signature_covers_the_query_string(client: TestClient, hall: Credential) -> None:
    headers = sign_request(HALL, hall.secret, "GET", "/api/v1/digest?entity=case&limit=1", "t")
    response = client.get("/api/v1/digest?entity=case&limit=1000", headers=headers)
    assert (response.status_code, response.json()["error"]) == (401, "signature")


def test_an_unknown_hall_asking_for_state_answers_401(client: TestClient, hall: Credential) -> None:
    stranger = dataclasses.replace(hall, hall_code=OTHER_HALL)
    status, body = signed_get(client, stranger, "/api/v1/state")
    assert (status, body["error"]) == (401, "unknown_hall")


def test_digest_pages_through_the_records_in_order_of_id(
    client: TestClient, store: HubStore, hall: Credential
) -> None:
    post(client, batch_of(hall, entries(1, 5)))
    hashes = store.records_hashes(HALL)
    status, first = signed_get(client, hall, "/api/v1/digest?entity=case&after=&limit=2")
    assert status == 200
    assert first["records"] == [[case_number(n), hashes[("case", case_number(n))]] for n in (1, 2)]
    after = first["records"][-1][0]
    status, rest = signed_get(client, hall, f"/api/v1/digest?entity=case&after={after}&limit=10")
    assert [r[0] for r in rest["records"]] == [case_number(n) for n in (3, 4, 5)]
    status, none = signed_get(client, hall, "/api/v1/digest?entity=event&after=&limit=10")
    assert (status, none) == (200, {"records": []})
    status, bad = signed_get(client, hall, "/api/v1/digest?entity=case&limit=many")
    assert (status, bad["error"]) == (400, "malformed")


def test_updates_after_the_versions_a_hall_has(
    client: TestClient, store: HubStore, hall: Credential
) -> None:
    from hallapp.resources import SAMPLE_CATALOGUE

    assert store.publish_catalogue(SAMPLE_CATALOGUE) == 1
    assert store.publish_catalogue(SAMPLE_CATALOGUE) == 2
    assert store.publish_calendar(CALENDAR) == 1
    status, body = signed_get(client, hall, "/api/v1/updates?catalogue_after=1&calendar_after=0")
    assert status == 200
    assert [c["version"] for c in body["catalogue"]] == [2]
    assert body["catalogue"][0]["content"] == json.loads(SAMPLE_CATALOGUE.read_text("utf-8"))
    assert body["catalogue"][0]["label"]
    [calendar] = body["calendar"]
    assert (calendar["version"], calendar["year"]) == (1, 2027)
    assert calendar["content"] == json.loads(CALENDAR.read_text("utf-8"))
    assert calendar["published_at"] == "2026-12-01T09:00:04"
    status, body = signed_get(client, hall, "/api/v1/updates?catalogue_after=2&calendar_after=1")
    assert body == {"catalogue": [], "calendar": []}


def test_an_unexpected_error_answers_500_without_internals(
    client: TestClient, store: HubStore, hall: Credential
) -> None:
    with store.engine.begin() as conn:
        conn.execute(text("DROP TABLE records"))
    status, body = signed_get(client, hall, "/api/v1/state")
    assert status == 500
    assert body == {
        "error": "internal",
        "message": "县级平台内部错误，请稍后重试",
        "expected_seq": None,
    }


def test_the_log_names_batches_but_never_their_content(
    client: TestClient, hall: Credential, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="hallapp.hub")
    batch = batch_of(hall, entries(1, 2, applicant_doc_number="110101199003074514"))
    post(client, batch)
    post(client, dataclasses.replace(batch, checksum="0" * 64))
    assert batch.batch_id in caplog.text
    assert "refused: checksum" in caplog.text
    assert "110101199003074514" not in caplog.text
    assert "王小明" not in caplog.text
