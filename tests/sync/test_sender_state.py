"""One sender at a time, and a delivered mark that only the hub's word moves forward."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import update

from hallapp.app import AppContext
from hallapp.db.models import SyncState
from hallapp.services import sync, sync_store
from hallapp.services.actors import COMMAND_LINE
from tests.sync.conftest import add_entries, state

NOW = datetime(2026, 12, 1, 9, 0, 0)


def test_a_second_sender_is_refused_while_the_lease_runs(configured: AppContext) -> None:
    sync_store.take_lease(configured.uow(), "window-1", NOW)
    with pytest.raises(sync.SyncBusy, match="正在同步"):
        sync_store.take_lease(configured.uow(), "window-2", NOW + timedelta(seconds=179))
    # sync_now itself meets the same lease, whatever the wall clock says (it is 2026 here)
    with configured.uow() as uow:
        uow.session.execute(update(SyncState).values(lease_until=datetime(9999, 1, 1)))
        uow.commit()
    with pytest.raises(sync.SyncBusy):
        sync.sync_now(configured.uow, COMMAND_LINE)
    assert state(configured).lease_holder == "window-1"


def test_an_expired_lease_is_taken_over_and_the_old_holder_cannot_renew(
    configured: AppContext,
) -> None:
    sync_store.take_lease(configured.uow(), "crashed", NOW)
    later = NOW + sync_store.LEASE + timedelta(seconds=1)
    sync_store.take_lease(configured.uow(), "fresh", later)
    assert state(configured).lease_holder == "fresh"
    assert not sync_store.renew_lease(configured.uow(), "crashed", later)
    assert sync_store.renew_lease(configured.uow(), "fresh", later)
    sync_store.release_lease(configured.uow(), "crashed")  # not its lease: no effect
    assert state(configured).lease_holder == "fresh"
    sync_store.release_lease(configured.uow(), "fresh")
    assert (state(configured).lease_holder, state(configured).lease_until) == (None, None)


def test_the_delivered_mark_never_moves_back(configured: AppContext) -> None:
    add_entries(configured, 10)
    assert sync_store.mark_acked(configured.uow(), 6) == 6
    assert sync_store.mark_acked(configured.uow(), 2) == 6
    assert state(configured).acked_seq == 6
    assert sync.sync_status(configured.read_uow()).pending == 4


def test_entries_are_read_in_order_and_cut_at_a_hole(configured: AppContext) -> None:
    seqs = add_entries(configured, 5)
    with configured.read_uow() as uow:
        assert [e.seq for e in sync_store.read_entries(uow.session, 0, 3)] == seqs[:3]
        assert [e.seq for e in sync_store.read_entries(uow.session, 3, 10)] == seqs[3:]
        first = sync_store.read_entries(uow.session, 0, 1)[0]
        assert first.payload == {"number": first.entity_id, "n": 1}
        assert first.created_at == "2026-12-01T09:00:00"
    with configured.uow() as uow:
        from sqlalchemy import delete

        from hallapp.db.models import OutboxEntry

        uow.session.execute(delete(OutboxEntry).where(OutboxEntry.seq == 3))
        uow.commit()
    with configured.read_uow() as uow:
        assert [e.seq for e in sync_store.read_entries(uow.session, 0, 10)] == [1, 2]


def test_a_server_that_does_not_answer_leaves_everything_pending(configured: AppContext) -> None:
    add_entries(configured, 3)
    waits: list[float] = []
    result = sync.sync_now(configured.uow, COMMAND_LINE, sleep=waits.append)
    assert result.error.startswith("县级平台没有应答")
    assert (result.sent, result.pending, result.complete) == (0, 3, False)
    assert len(waits) == 4  # five attempts, four waits between them, none slept for real
    assert all(0 <= w <= 16 for w in waits)
    after = sync.sync_status(configured.read_uow())
    assert after.last_error == result.error
    assert after.last_success_at is None and after.last_attempt_at is not None
    assert state(configured).lease_holder is None  # released after a failure too
