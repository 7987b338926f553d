"""Sync over real HTTP against the county hub's real app (uvicorn on loopback): exactly
once whatever is lost or repeated, and every refusal answered as the contract says."""

from __future__ import annotations

import json
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, update

import hallapp.hub.api as hub_api
from hallapp.app import AppContext
from hallapp.db.models import Case, OutboxEntry, SyncState
from hallapp.hub.schema import records
from hallapp.hub.store import HubStore
from hallapp.services import sync
from hallapp.services.actors import COMMAND_LINE, Actor
from hallapp.services.demo_cases import generate_cases
from hallapp.services.sync import SyncProgress
from tests.sync.conftest import AT, HALL, add_entries, state, write_credential
from tests.sync.hub_server import HubServer, free_port

TODAY = date(2026, 12, 1)


def set_acked(ctx: AppContext, seq: int) -> None:
    """The hall forgets acknowledgements (a crash before they were written)."""
    with ctx.uow() as uow:
        uow.session.execute(update(SyncState).values(acked_seq=seq))
        uow.commit()


def no_sleep(_seconds: float) -> None:
    raise AssertionError("nothing here is transient: no retry expected")


def test_everything_is_delivered_in_batches_with_progress(
    online: AppContext, hub_store: HubStore, clerk: Actor
) -> None:
    add_entries(online, 1201)
    seen: list[SyncProgress] = []
    result = sync.sync_now(online.uow, clerk, seen.append, sleep=no_sleep)
    assert (result.sent, result.batches, result.duplicates, result.pending) == (1201, 3, 0, 0)
    assert result.complete and result.error == ""
    assert hub_store.state(HALL)["last_seq"] == 1201
    assert hub_store.state(HALL)["counts"] == {"case": 1201}
    sends = [(p.done, p.total) for p in seen if p.stage == "发送记录"]
    assert sends[0] == (0, 1201) and sends[-1] == (1201, 1201)
    assert (500, 1201) in sends and (1000, 1201) in sends
    assert {p.stage for p in seen} == {"发送记录", "核对件数", "接收目录和日历"}
    status = sync.sync_status(online.read_uow())
    assert (status.pending, status.last_error) == (0, "")
    assert status.last_success_at is not None
    assert state(online).lease_holder is None
    # nothing left: a second run sends nothing and still succeeds
    again = sync.sync_now(online.uow, clerk, sleep=no_sleep)
    assert (again.sent, again.batches, again.complete) == (0, 0, True)


def test_a_lost_acknowledgement_resends_and_the_hub_answers_duplicate(
    online: AppContext, hub_store: HubStore
) -> None:
    add_entries(online, 800)
    sync.sync_now(online.uow, COMMAND_LINE, sleep=no_sleep)
    set_acked(online, 0)
    result = sync.sync_now(online.uow, COMMAND_LINE, sleep=no_sleep)
    assert (result.sent, result.batches, result.duplicates, result.pending) == (800, 2, 2, 0)
    assert hub_store.version_count(HALL) == 800  # nothing applied twice
    assert state(online).acked_seq == 800


def test_a_hub_ahead_of_the_hall_answers_gap_and_the_hall_resends_from_there(
    online: AppContext, hub_store: HubStore
) -> None:
    add_entries(online, 300)
    sync.sync_now(online.uow, COMMAND_LINE, sleep=no_sleep)
    add_entries(online, 300)
    set_acked(online, 100)  # batch 101..600 starts below the hub's 300 and reaches beyond
    result = sync.sync_now(online.uow, COMMAND_LINE, sleep=no_sleep)
    assert result.complete, result.error
    assert (result.sent, result.pending) == (500, 0)
    assert hub_store.state(HALL)["last_seq"] == 600
    assert hub_store.version_count(HALL) == 600


def test_a_hub_behind_the_hall_gets_the_entries_again_and_the_mark_stays(
    online: AppContext, hub_store: HubStore
) -> None:
    add_entries(online, 50)
    set_acked(online, 30)  # e.g. the hub restored from an older backup
    result = sync.sync_now(online.uow, COMMAND_LINE, sleep=no_sleep)
    assert result.complete, result.error
    assert hub_store.state(HALL)["last_seq"] == 50
    assert state(online).acked_seq == 50


def test_a_wrong_secret_is_shown_as_credential_mismatch_and_nothing_moves(
    demo: AppContext, hub: HubServer, hub_credential: Path, tmp_path: Path, hub_store: HubStore
) -> None:
    wrong = write_credential(tmp_path / "old-credential.json")
    sync.configure_sync(demo.uow(), COMMAND_LINE, hub.url, HALL, wrong)
    add_entries(demo, 10)
    result = sync.sync_now(demo.uow, COMMAND_LINE, sleep=no_sleep)
    assert result.error.startswith("凭据不符")
    assert (result.sent, result.pending, result.complete) == (0, 10, False)
    assert sync.sync_status(demo.read_uow()).last_error == result.error
    assert hub_store.state(HALL)["last_seq"] == 0
    # the right credential set again: everything goes through
    sync.configure_sync(demo.uow(), COMMAND_LINE, hub.url, HALL, hub_credential)
    assert sync.sync_status(demo.read_uow()).last_error == ""
    assert sync.sync_now(demo.uow, COMMAND_LINE, sleep=no_sleep).complete


def test_a_malformed_batch_is_parked_and_what_follows_waits(
    online: AppContext, hub_store: HubStore
) -> None:
    add_entries(online, 600)
    with online.uow() as uow:  # entry 700: an id the hub refuses as malformed
        uow.session.execute(
            insert(OutboxEntry),
            [
                {
                    "entity": "case",
                    "entity_id": f"{HALL}-x" * 30,
                    "op": "create",
                    "payload": "{}",
                    "created_at": AT,
                }
            ],
        )
        uow.commit()
    add_entries(online, 10)
    result = sync.sync_now(online.uow, COMMAND_LINE, sleep=no_sleep)
    assert (result.sent, result.pending) == (500, 111)
    assert "第501至611号记录被县级平台拒收" in result.error
    [parked] = sync.parked_batches(online.read_uow())
    assert (parked.first_seq, parked.last_seq, parked.code) == (501, 611, "malformed")
    assert "记录编号无效" in parked.message
    assert sync.sync_status(online.read_uow()).parked == 1
    # the next run does not knock again until a person clears it
    later = sync.sync_now(online.uow, COMMAND_LINE, sleep=no_sleep)
    assert later.sent == 0 and "拒收" in later.error
    assert hub_store.state(HALL)["last_seq"] == 500
    # fixed at the hall (here: the entry corrected), cleared by the supervisor, resent
    with online.uow() as uow:
        uow.session.execute(
            update(OutboxEntry).where(OutboxEntry.seq == 601).values(entity_id=f"{HALL}-fixed")
        )
        uow.commit()
    assert sync.retry_parked(online.uow(), COMMAND_LINE) == 1
    final = sync.sync_now(online.uow, COMMAND_LINE, sleep=no_sleep)
    assert final.complete and final.sent == 111


def test_too_large_batches_are_halved_until_they_pass(
    online: AppContext, hub_store: HubStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_entries(online, 400)
    with online.read_uow() as uow:
        from hallapp.services.sync_store import read_entries
        from hallapp.sync.protocol import make_batch

        hundred = make_batch(HALL, state(online).secret, read_entries(uow.session, 0, 100))
    monkeypatch.setattr(hub_api, "MAX_REQUEST_BYTES", len(hundred.body) + 50)
    result = sync.sync_now(online.uow, COMMAND_LINE, sleep=no_sleep)
    assert result.complete, result.error
    assert result.batches >= 4  # 500 → 250 → 125 → 62 entries per batch
    assert hub_store.state(HALL)["last_seq"] == 400


def test_a_hub_that_is_down_is_reported_then_retried_with_backoff(
    demo: AppContext, hub_store: HubStore, hub_credential: Path
) -> None:
    port = free_port()
    sync.configure_sync(demo.uow(), COMMAND_LINE, f"http://127.0.0.1:{port}", HALL, hub_credential)
    add_entries(demo, 20)
    waits: list[float] = []
    down = sync.sync_now(demo.uow, COMMAND_LINE, sleep=waits.append)
    assert down.error.startswith("县级平台没有应答")
    assert (down.sent, down.pending, len(waits)) == (0, 20, 4)
    server = HubServer(hub_store, port)

    def hub_comes_back(seconds: float) -> None:  # during the first wait, the hub starts
        waits.append(seconds)
        if not server.thread.is_alive():
            server.start()

    try:
        waits.clear()
        up = sync.sync_now(demo.uow, COMMAND_LINE, sleep=hub_comes_back)
    finally:
        server.stop()
    assert up.complete, up.error
    assert len(waits) == 1 and 0 <= waits[0] <= 1.0  # full jitter within the first bound
    assert hub_store.state(HALL)["last_seq"] == 20
    assert sync.sync_status(demo.read_uow()).last_error == ""


def test_reconcile_requeues_the_cases_the_hub_lacks(
    online: AppContext, hub_store: HubStore
) -> None:
    # Cases of three years; only those of the last 30 days are still in the outbox.
    generate_cases(online.uow(), COMMAND_LINE, 150, today=TODAY)
    with online.read_uow() as uow:
        from sqlalchemy import func, select

        hall_cases = uow.session.execute(select(func.count()).select_from(Case)).scalar_one()
    first = sync.sync_now(online.uow, COMMAND_LINE, sleep=no_sleep)
    assert first.complete, first.error
    assert first.reconciled > 0
    assert hub_store.state(HALL)["counts"]["case"] == hall_cases
    # A record lost at the hub: the count differs, the digest finds it, it is sent again.
    number = sorted(hub_store.records_hashes(HALL))[3][1]
    with hub_store.engine.begin() as conn:
        conn.execute(
            delete(records).where(records.c.entity == "case", records.c.entity_id == number)
        )
    second = sync.sync_now(online.uow, COMMAND_LINE, sleep=no_sleep)
    assert (second.reconciled, second.sent, second.complete) == (1, 1, True)
    assert hub_store.record("case", number) is not None
    # counts agree now: nothing is walked or queued
    third = sync.sync_now(online.uow, COMMAND_LINE, sleep=no_sleep)
    assert (third.reconciled, third.sent) == (0, 0)


def test_county_updates_arrive_with_a_sync_and_a_bad_one_does_not_stop_sending(
    online: AppContext, hub_store: HubStore, tmp_path: Path
) -> None:
    data = Path(__file__).parents[1] / "data"
    hub_store.publish_calendar(data / "calendar-2027-test.json")
    add_entries(online, 5)
    result = sync.sync_now(online.uow, COMMAND_LINE, sleep=no_sleep)
    assert result.complete, result.error
    assert [(n.kind, n.version) for n in result.updates] == [("calendar", 1)]
    assert sync.sync_status(online.read_uow()).calendar_version == 1
    # a publication the hall cannot apply: sending goes on, the error is shown
    with hub_store.engine.begin() as conn:
        from hallapp.hub.schema import publications

        conn.execute(
            insert(publications).values(
                kind="calendar",
                version=2,
                label="坏的",
                year=2028,
                published_at=AT,
                content=json.dumps(
                    {
                        "format": "hallapp-calendar",
                        "format_version": 1,
                        "year": 2028,
                        "holidays": [{"name": "x", "days": ["2027-01-01"]}],
                    }
                ),
            )
        )
    add_entries(online, 5)
    bad = sync.sync_now(online.uow, COMMAND_LINE, sleep=no_sleep)
    assert (bad.sent, bad.pending, bad.updates) == (5, 0, ())
    assert "未应用" in bad.error and not bad.complete
    assert sync.sync_status(online.read_uow()).calendar_version == 1


def test_a_second_window_during_a_run_is_told_busy_and_cancel_stops_between_batches(
    online: AppContext, hub_store: HubStore
) -> None:
    add_entries(online, 1100)
    cancel = threading.Event()
    busy: list[str] = []

    def progress(p: SyncProgress) -> None:
        if p.stage == "发送记录" and p.done == 500:
            try:
                sync.sync_now(online.uow, COMMAND_LINE, sleep=no_sleep)
            except sync.SyncBusy as exc:
                busy.append(exc.message)
            cancel.set()

    result = sync.sync_now(online.uow, COMMAND_LINE, progress, cancel, sleep=no_sleep)
    assert busy == ["另一个窗口或命令行正在同步，请稍后再试。"]
    assert (result.sent, result.pending) == (500, 600)
    assert result.error.startswith("同步已取消")
    assert hub_store.state(HALL)["last_seq"] == 500
    assert state(online).lease_holder is None
    rest = sync.sync_now(online.uow, COMMAND_LINE, sleep=no_sleep)
    assert rest.complete and rest.sent == 600
