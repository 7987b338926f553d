"""Background operations: the UI thread never waits for the database or the disk.

An operation is a plain callable run on a worker thread; its result or error comes back
on the UI thread through a queued signal. All database work goes through one worker
(SQLite has one writer); tests swap in :class:`InlineExecutor` to stay deterministic.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


class Executor(Protocol):
    def submit(self, work: Callable[[], Any], on_success: Success, on_failure: Failure) -> None: ...


class _Relay(QObject):
    """Lives on the UI thread; signals emitted from the worker arrive queued."""

    succeeded = Signal(object, object)
    failed = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self.succeeded.connect(lambda cb, value: cb(value))
        self.failed.connect(lambda cb, exc: cb(exc))


class _Job(QRunnable):
    def __init__(self, relay: _Relay, work: Callable[[], Any], ok: Success, bad: Failure) -> None:
        super().__init__()
        self._relay, self._work, self._ok, self._bad = relay, work, ok, bad

    def run(self) -> None:
        try:
            value = self._work()
        except BaseException as exc:  # reported to the UI, which decides what to show
            # The type only: a database error's text carries its parameters, and those can
            # include a personal ID number, which must never reach a log.
            log.debug("operation failed: %s", type(exc).__name__)
            self._relay.failed.emit(self._bad, exc)
        else:
            self._relay.succeeded.emit(self._ok, value)


class ThreadExecutor:
    """One worker thread, so database operations never run concurrently."""

    def __init__(self) -> None:
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay()

    def submit(self, work: Callable[[], Any], on_success: Success, on_failure: Failure) -> None:
        self._pool.start(_Job(self._relay, work, on_success, on_failure))

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)


class InlineExecutor:
    """Runs each operation at once on the calling thread (tests, scripts)."""

    def submit(self, work: Callable[[], Any], on_success: Success, on_failure: Failure) -> None:
        try:
            value = work()
        except Exception as exc:
            on_failure(exc)
        else:
            on_success(value)
