"""The one check every sync test ends with: the hub holds exactly what the township
queued, record for record, and nothing twice."""

from __future__ import annotations

from collections import Counter

from hallapp.hub.store import HubStore
from tests.support.township import Township


def assert_hub_equals_township(store: HubStore, township: Township) -> None:
    """Same records per entity, the same content hash for each record's latest state, and
    one stored version per outbox entry (a resent batch applied twice would add more)."""
    hall = township.latest_hashes()
    hub = store.records_hashes(township.hall_code)
    assert Counter(entity for entity, _ in hub) == Counter(entity for entity, _ in hall)
    missing = sorted(set(hall) - set(hub))[:5]
    extra = sorted(set(hub) - set(hall))[:5]
    assert not missing and not extra, f"missing at the hub {missing}, extra {extra}"
    differing = [key for key, digest in hall.items() if hub[key] != digest]
    assert not differing, f"{len(differing)} records differ, e.g. {differing[:5]}"
    assert store.version_count(township.hall_code) == township.outbox_count()
    assert store.state(township.hall_code)["last_seq"] == township.last_seq()


def assert_hub_counts_equal_township(store: HubStore, township: Township) -> None:
    """The cheaper check for a big township: counts per entity and versions."""
    state = store.state(township.hall_code)
    assert Counter(state["counts"]) == township.record_counts()
    assert store.version_count(township.hall_code) == township.outbox_count()
    assert state["last_seq"] == township.last_seq()
