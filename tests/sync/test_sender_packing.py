"""The sender with its packer against the real hub app: batches leave one at a time and
in order, what was packed ahead is dropped when the hub asks for another place, and the
lease is renewed when it is due rather than before every batch."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import select, update

import hallapp.hub.api as hub_api
from hallapp.app import AppContext
from hallapp.db.models import SyncState
from hallapp.hub.schema import batches, refusals
from hallapp.hub.store import HubStore
from hallapp.services import sync, sync_store
from hallapp.services.actors import COMMAND_LINE
from hallapp.services.sync_sender import LeaseLost, Sender
from hallapp.sync.client import HubClient
from hallapp.sync.protocol import ENVELOPE_HEADER, make_batch_from_rows
from tests.sync.conftest import HALL, add_entries, state

NOW = datetime(2026, 12, 1, 9, 0, 0)


class RecordingTransport(httpx.HTTPTransport):
    """A real HTTP transport that notes the sequence range of every batch it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[int, int]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if ENVELOPE_HEADER in request.headers:
            header = json.loads(request.headers[ENVELOPE_HEADER])
            self.sent.append((header["first_seq"], header["last_seq"]))
        return super().handle_request(request)


def no_sleep(_seconds: float) -> None:
    raise AssertionError("nothing here is transient: no retry expected")


def test_a_gap_drops_the_batches_packed_ahead_and_sending_resumes_in_order(
    online: AppContext, hub_store: HubStore
) -> None:
    add_entries(online, 1500)
    with online.uow() as uow:  # the hall believes 600 delivered; the hub has nothing
        uow.session.execute(update(SyncState).values(acked_seq=600))
        uow.commit()
    transport = RecordingTransport()
    result = sync.sync_now(online.uow, COMMAND_LINE, transport=transport, sleep=no_sleep)
    assert result.complete, result.error
    assert transport.sent == [(601, 1100), (1, 500), (501, 1000), (1001, 1500)]
    with hub_store.engine.connect() as conn:
        assert list(conn.execute(select(refusals.c.code)).scalars()) == ["gap"]
        applied = conn.execute(
            select(batches.c.first_seq, batches.c.last_seq).order_by(batches.c.first_seq)
        ).all()
    assert [tuple(r) for r in applied] == [(1, 500), (501, 1000), (1001, 1500)]
    assert hub_store.version_count(HALL) == 1500
    assert state(online).acked_seq == 1500


def test_a_smaller_batch_size_repacks_from_the_refused_batch(
    online: AppContext, hub_store: HubStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_entries(online, 1000)
    first = sync_store.read_ahead(online.uow(), 0, 500).entries
    whole = make_batch_from_rows(HALL, state(online).secret, first)
    monkeypatch.setattr(hub_api, "MAX_REQUEST_BYTES", len(whole.body) - 1)
    transport = RecordingTransport()
    result = sync.sync_now(online.uow, COMMAND_LINE, transport=transport, sleep=no_sleep)
    assert result.complete, result.error
    assert transport.sent[0] == (1, 500)
    assert transport.sent[1:] == [(n + 1, n + 250) for n in range(0, 1000, 250)]
    assert hub_store.version_count(HALL) == 1000


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def lease_until(ctx: AppContext) -> datetime | None:
    return state(ctx).lease_until


def test_the_lease_is_renewed_once_it_is_due_and_a_lost_one_is_noticed(
    configured: AppContext,
) -> None:
    config = sync_store.take_lease(configured.uow(), "me", NOW - timedelta(seconds=5))
    clock = Clock()
    with HubClient(config.hub_url, HALL, config.secret) as hub:
        sender = Sender(configured.uow, hub, config, "me", clock, no_sleep, random.Random(1))
        sender.renew()  # the first time: renewed
        assert lease_until(configured) == NOW + sync_store.LEASE
        clock.now = NOW + sync_store.RENEW_EVERY - timedelta(seconds=1)
        sender.renew()  # not yet due: no write
        assert lease_until(configured) == NOW + sync_store.LEASE
        clock.now = NOW + sync_store.RENEW_EVERY
        sender.renew()
        assert lease_until(configured) == clock.now + sync_store.LEASE
        clock.now -= timedelta(hours=1)  # a clock set back renews at once
        sender.renew()
        assert lease_until(configured) == clock.now + sync_store.LEASE
        # another window took the lease over (this one stalled past it)
        with configured.uow() as uow:
            uow.session.execute(update(SyncState).values(lease_holder="other"))
            uow.commit()
        clock.now += sync_store.RENEW_EVERY
        with pytest.raises(LeaseLost):
            sender.renew()
