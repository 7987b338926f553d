"""The day the supervision views read their levels on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date


def today_of(today: Callable[[], date] | date) -> Callable[[], date]:
    """The views take the window's clock, so that they follow the day as it turns; a
    fixed day (a picture, a test) is taken as a clock that stands still."""
    if isinstance(today, date):
        fixed = today
        return lambda: fixed
    return today
