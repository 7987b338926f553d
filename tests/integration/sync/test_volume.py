"""A township that has never synced sends 100,000 cases, with every event, hand-over,
forward, delivery and agent service behind them, to the hub process on loopback.

SQLite hub only: on PostgreSQL the same run takes longer than this suite can afford;
the PostgreSQL hub is covered by every other test of this package.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hallapp.hub.store import HubStore
from tests.support.hub_process import HubProcess, start_hub
from tests.support.sync_checks import assert_hub_counts_equal_township
from tests.support.township import BIG_CASES, Township


@pytest.fixture
def sqlite_hub(tmp_path: Path) -> Iterator[tuple[HubStore, HubProcess]]:
    url = f"sqlite+pysqlite:///{tmp_path / 'hub.sqlite3'}"
    store = HubStore(url)
    process = start_hub(url, tmp_path / "hub-logs")
    try:
        yield store, process
    finally:
        process.stop()
        store.close()


@pytest.mark.slow
def test_100_000_cases_from_scratch_arrive_complete(
    big_township: Township, sqlite_hub: tuple[HubStore, HubProcess]
) -> None:
    store, hub = sqlite_hub
    credential = store.add_hall(big_township.hall_code, "示例镇便民服务中心")
    big_township.services.configure_sync(
        hub.url, big_township.hall_code, big_township.write_credential(credential)
    )
    total = big_township.outbox_count()
    assert big_township.record_counts()["case"] == BIG_CASES

    result = big_township.services.sync_now()

    assert result.complete, result.error
    assert result.sent == total
    assert result.batches == -(-total // 500)
    assert result.duplicates == 0 and result.reconciled == 0
    assert big_township.services.sync_status().pending == 0
    assert_hub_counts_equal_township(store, big_township)
    assert store.state(big_township.hall_code)["counts"]["case"] == BIG_CASES
