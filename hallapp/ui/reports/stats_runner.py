"""Runs the period statistics off the UI thread, with progress and 取消.

The service reports progress through a callback on the worker; the callback only emits a
signal, which reaches the screen queued on the UI thread. 取消 frees the screen at once:
the next progress call stops the computation (it is a read: nothing is left half done),
and a result that still arrives is dropped.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from hallapp.ui.operations import Executor

if TYPE_CHECKING:
    from hallapp.services.facade import HallServices
    from hallapp.services.reports import Period, PeriodStats


class StatsCancelled(Exception):
    """Raised inside the progress callback once the user has pressed 取消."""


class StatsRunner(QObject):
    progressed = Signal(int, int)  # done, total: emitted on the worker, delivered queued
    finished = Signal(object)  # PeriodStats
    failed = Signal(object)  # the exception
    cancelled = Signal()

    def __init__(
        self, services: HallServices, executor: Executor, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._executor = executor
        self._stop: threading.Event | None = None

    @property
    def running(self) -> bool:
        return self._stop is not None

    def start(self, period: Period) -> bool:
        """Start computing ``period``; False while a run is still going."""
        if self._stop is not None:
            return False
        stop = threading.Event()
        self._stop = stop
        services = self._services

        def report(done: int, total: int) -> None:
            if stop.is_set():
                raise StatsCancelled
            self.progressed.emit(done, total)

        self._executor.submit(
            lambda: services.period_stats(period, report),
            lambda stats: self._ended(stop, stats, None),
            lambda exc: self._ended(stop, None, exc),
        )
        return True

    def cancel(self) -> None:
        stop = self._stop
        if stop is None:
            return
        stop.set()
        self._stop = None
        self.cancelled.emit()

    def _ended(
        self, stop: threading.Event, stats: PeriodStats | None, exc: BaseException | None
    ) -> None:
        if stop.is_set():
            return  # cancelled: the screen has moved on
        self._stop = None
        if exc is not None:
            self.failed.emit(exc)
        else:
            self.finished.emit(stats)
