"""A township syncs through the real hub process while the link, the hub or the clock
misbehave; each test ends with a clean sync after which the hub holds exactly what the
township queued, nothing twice."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from hallapp.hub.credentials import Credential
from hallapp.hub.store import HubStore
from hallapp.services import sync
from hallapp.services.sync_types import SyncResult
from tests.support.fault_proxy import Fault, FaultProxy
from tests.support.hub_process import HubProcess, start_hub
from tests.support.sync_checks import assert_hub_equals_township
from tests.support.township import Township


@pytest.fixture
def credential(hub_store: HubStore, township: Township) -> Credential:
    return hub_store.add_hall(township.hall_code, "示例镇便民服务中心")


@pytest.fixture
def linked(township: Township, credential: Credential, proxy: FaultProxy) -> Township:
    """The township set up to sync with the hub through the fault proxy."""
    township.services.configure_sync(
        proxy.url, township.hall_code, township.write_credential(credential)
    )
    return township


def sync_once(
    township: Township,
    *,
    attempts: int = 1,
    clock: Callable[[], datetime] = datetime.now,
) -> SyncResult:
    """One sync run as the app makes it, with the retry waits recorded instead of slept:
    these tests never wait on the wall clock."""
    waits: list[float] = []
    return sync.sync_now(
        township.ctx.uow,
        township.services.actor,
        sleep=waits.append,
        attempts=attempts,
        clock=clock,
        rng=random.Random(7),
    )


def test_a_township_syncs_everything_once(linked: Township, hub_store: HubStore) -> None:
    total = linked.outbox_count()
    result = linked.services.sync_now()
    assert result.complete, result.error
    assert result.sent == total
    assert result.batches == -(-total // 500)
    assert result.duplicates == 0
    assert linked.services.sync_status().pending == 0
    assert_hub_equals_township(hub_store, linked)
    again = linked.services.sync_now()
    assert again.complete
    assert (again.sent, again.batches) == (0, 0)
    assert hub_store.version_count(linked.hall_code) == total


def test_an_answer_lost_after_the_hub_committed_is_resent_and_not_doubled(
    linked: Township, hub_store: HubStore, proxy: FaultProxy
) -> None:
    armed = proxy.arm(Fault.DROP_AFTER_RESPONSE, skip=2)
    first = sync_once(linked)
    assert armed.done.wait(10)
    assert not first.complete
    assert first.sent == 1000  # two batches acknowledged; the third's answer never came
    assert hub_store.state(linked.hall_code)["last_seq"] == 1500  # but the hub has it
    second = sync_once(linked)
    assert second.complete, second.error
    assert second.duplicates == 1
    assert_hub_equals_township(hub_store, linked)


def test_a_lost_answer_is_retried_within_the_same_run(
    linked: Township, hub_store: HubStore, proxy: FaultProxy
) -> None:
    armed = proxy.arm(Fault.DROP_AFTER_RESPONSE, skip=1)
    result = sync_once(linked, attempts=3)
    assert armed.done.wait(10)
    assert result.complete, result.error
    assert result.duplicates == 1
    assert_hub_equals_township(hub_store, linked)


def _restart(hub: HubProcess, proxy: FaultProxy) -> None:
    """A new hub process on the same storage; the proxy now leads there."""
    assert not hub.alive()
    fresh = start_hub(hub.store_url, hub.log.parent)
    hub.process, hub.port, hub.log = fresh.process, fresh.port, fresh.log
    proxy.retarget(hub.port)


def test_the_hub_killed_while_a_batch_arrives_loses_nothing(
    linked: Township, hub_store: HubStore, proxy: FaultProxy, hub: HubProcess
) -> None:
    """SIGKILL while the hub holds half of a batch's body."""
    armed = proxy.arm(Fault.CUT_REQUEST, skip=3, cut_at=0.5, hook=hub.kill)
    first = sync_once(linked)
    assert armed.done.wait(10)
    assert not proxy.errors
    assert not hub.alive()
    assert not first.complete
    assert first.sent == 1500
    assert first.error
    _restart(hub, proxy)
    assert hub_store.state(linked.hall_code)["last_seq"] == 1500
    second = sync_once(linked)
    assert second.complete, second.error
    assert_hub_equals_township(hub_store, linked)


def test_the_hub_killed_while_it_applies_a_batch_loses_nothing(
    linked: Township, hub_store: HubStore, proxy: FaultProxy, hub: HubProcess
) -> None:
    """SIGKILL right after the whole batch reached the hub: it dies applying it, or just
    after committing it. Either way the next sync completes the township exactly."""
    armed = proxy.arm(Fault.AFTER_REQUEST, skip=4, hook=hub.kill)
    first = sync_once(linked)
    assert armed.done.wait(10)
    assert not proxy.errors
    assert not first.complete
    assert first.sent == 2000
    _restart(hub, proxy)
    committed = hub_store.state(linked.hall_code)["last_seq"]
    assert committed in (2000, 2500)
    second = sync_once(linked)
    assert second.complete, second.error
    # Had it committed the batch before dying, the resend is a duplicate.
    assert second.duplicates == (1 if committed == 2500 else 0)
    assert_hub_equals_township(hub_store, linked)


def test_a_corrupted_byte_is_refused_and_the_entries_kept(
    linked: Township, hub_store: HubStore, proxy: FaultProxy
) -> None:
    armed = proxy.arm(Fault.CORRUPT_BODY, skip=1, cut_at=0.3)
    result = sync_once(linked)
    assert armed.done.wait(10)
    assert not result.complete
    assert result.sent == 500
    assert result.error  # shown to the clerk
    status = linked.services.sync_status()
    assert status.parked == 1
    assert status.pending == linked.outbox_count() - 500
    assert status.last_error
    parked = linked.services.parked_batches()
    assert [(p.first_seq, p.last_seq, p.code) for p in parked] == [(501, 1000, "checksum")]
    # Nothing of the damaged batch was applied, and nothing after it was sent.
    assert hub_store.state(linked.hall_code)["last_seq"] == 500
    assert hub_store.version_count(linked.hall_code) == 500
    # A parked batch is retried only when a person says so.
    assert sync_once(linked).sent == 0
    assert linked.services.retry_parked() == 1
    clean = sync_once(linked)
    assert clean.complete, clean.error
    assert_hub_equals_township(hub_store, linked)


def test_a_wrong_credential_delivers_nothing_and_says_so_in_chinese(
    township: Township, credential: Credential, hub_store: HubStore, proxy: FaultProxy
) -> None:
    forged = Credential(credential.hall_code, credential.hall_name, "f" * 64, "")
    township.services.configure_sync(
        proxy.url, township.hall_code, township.write_credential(forged)
    )
    result = sync_once(township, attempts=3)
    assert not result.complete
    assert "凭据不符" in result.error
    assert result.sent == 0
    status = township.services.sync_status()
    assert status.pending == township.outbox_count()
    assert "凭据不符" in status.last_error
    assert hub_store.version_count(township.hall_code) == 0
    # Only one request: a refused credential is not retried.
    assert len([s for s in proxy.seen if s.path == "/api/v1/batches"]) == 1
    township.services.configure_sync(
        proxy.url, township.hall_code, township.write_credential(credential)
    )
    fixed = sync_once(township)
    assert fixed.complete, fixed.error
    assert_hub_equals_township(hub_store, township)


def test_a_gap_makes_the_hall_repack_from_what_the_hub_expects(
    linked: Township, credential: Credential, hub_store: HubStore
) -> None:
    """The hub already holds 1..700 (say an acknowledgement went missing): the hall's
    batch 501..1000 straddles that, the hub answers 409 with 701, the hall resends from
    there and nothing is stored twice."""
    from hallapp.sync.protocol import make_batch

    hub_store.receive(make_batch(credential.hall_code, credential.secret, linked.entries(1, 700)))
    result = sync_once(linked)
    assert result.complete, result.error
    assert result.sent == linked.outbox_count()
    assert result.duplicates == 1  # 1..500: acknowledged, already there
    assert_hub_equals_township(hub_store, linked)


@pytest.mark.parametrize("days", [3, -3])
def test_a_township_clock_three_days_off_the_countys_is_accepted(
    linked: Township, hub_store: HubStore, days: int
) -> None:
    result = sync_once(linked, clock=lambda: datetime.now() + timedelta(days=days))
    assert result.complete, result.error
    assert_hub_equals_township(hub_store, linked)


def test_the_hub_down_is_an_error_and_a_later_sync_completes(
    linked: Township, hub_store: HubStore, proxy: FaultProxy, hub: HubProcess
) -> None:
    proxy.mode = Fault.REFUSE
    down = sync_once(linked, attempts=4)
    assert not down.complete
    assert down.sent == 0
    assert down.error
    assert linked.services.sync_status().last_error
    proxy.mode = Fault.PASS
    up = sync_once(linked)
    assert up.complete, up.error
    assert linked.services.sync_status().last_error == ""
    assert_hub_equals_township(hub_store, linked)
