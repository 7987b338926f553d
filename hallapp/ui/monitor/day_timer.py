"""When levels change without anything being done: at midnight (a new day counts) and at
the hall's opening time (the day the clerks see begins).

A single-shot timer is armed for the next of those moments. It never waits longer than
``LONGEST_WAIT_MS`` at once and checks the wall clock when it fires, so a computer that
slept through midnight, or whose clock was set, still turns the day on waking.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal

DEFAULT_OPENING = time(8, 30)
LONGEST_WAIT_MS = 10 * 60 * 1000


def opening_time(text: str | None) -> time:
    """The hall's "HH:MM" opening time; the usual 08:30 when it is missing or unreadable."""
    try:
        hours, minutes = (int(part) for part in (text or "").split(":"))
        return time(hours, minutes)
    except ValueError:
        return DEFAULT_OPENING


def next_refresh(now: datetime, opening: time) -> datetime:
    """The first moment after ``now`` at which the levels must be read again: today's
    opening time if it is still ahead, else the coming midnight."""
    today_opening = datetime.combine(now.date(), opening)
    midnight = datetime.combine(now.date() + timedelta(days=1), time(0, 0))
    return today_opening if today_opening > now else midnight


class DayTimer(QObject):
    turned = Signal()  # midnight or the opening time has passed

    def __init__(
        self,
        opening: time = DEFAULT_OPENING,
        now: Callable[[], datetime] = datetime.now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._opening = opening
        self._now = now
        self.due: datetime | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._fired)

    def start(self) -> None:
        self._arm()

    def stop(self) -> None:
        self._timer.stop()
        self.due = None

    def set_opening(self, opening: time) -> None:
        if opening != self._opening:
            self._opening = opening
            if self.due is not None:
                self._arm()

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def _arm(self) -> None:
        now = self._now()
        self.due = next_refresh(now, self._opening)
        wait = int((self.due - now).total_seconds() * 1000) + 1
        self._timer.start(max(1, min(wait, LONGEST_WAIT_MS)))

    def _fired(self) -> None:
        due = self.due
        if due is not None and self._now() >= due:
            self.turned.emit()
        self._arm()
