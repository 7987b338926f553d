"""Retries of transient failures: exponential backoff with full jitter.

Full jitter (a random wait between zero and the exponential bound) spreads the halls of a
county that lost the link together, so they do not all knock again in the same second
when it comes back.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TypeVar

from hallapp.sync.client import HubUnreachable

T = TypeVar("T")

BASE_SECONDS = 1.0
CAP_SECONDS = 60.0
ATTEMPTS = 5  # per call within one run; the next automatic run starts again


def backoff_delay(attempt: int, rng: random.Random, base: float = BASE_SECONDS) -> float:
    """The wait before retry number ``attempt`` (0 for the first retry)."""
    return rng.uniform(0.0, min(CAP_SECONDS, base * 2.0**attempt))


def with_retries(
    call: Callable[[], T],
    sleep: Callable[[float], None],
    rng: random.Random,
    attempts: int = ATTEMPTS,
    before_attempt: Callable[[], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> T:
    """``call()``, retried on HubUnreachable up to ``attempts`` times in all; the last
    failure is raised. ``before_attempt`` runs before each try (the sender renews its
    lease there, since the waits can be long)."""
    for attempt in range(attempts):
        if before_attempt is not None:
            before_attempt()
        try:
            return call()
        except HubUnreachable:
            if attempt == attempts - 1 or cancelled():
                raise
            sleep(backoff_delay(attempt, rng))
    raise AssertionError("unreachable")  # attempts >= 1
