"""Runs 立即同步 (and the automatic sync) off the UI thread, with progress and cancel.

Sending can wait on the network for a long time, so it has a worker thread of its own
instead of the database worker that every screen's reads go through. The worker only
calls the service and emits signals; the widgets hear them on the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from hallapp.ui.operations import Executor, ThreadExecutor

if TYPE_CHECKING:
    from hallapp.services.facade import HallServices
    from hallapp.services.sync import SyncProgress


class SyncRunner(QObject):
    started = Signal(bool)  # manual
    progressed = Signal(object)  # SyncProgress, emitted on the worker, delivered queued
    finished = Signal(object, bool)  # SyncResult, manual
    failed = Signal(object, bool)  # the exception (SyncBusy, SyncNotConfigured…), manual

    def __init__(
        self,
        services: HallServices,
        executor: Executor | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._executor = executor if executor is not None else ThreadExecutor()
        self._cancel: threading.Event | None = None

    @property
    def running(self) -> bool:
        return self._cancel is not None

    def start(self, manual: bool) -> bool:
        """Start a run unless one is going; False when one already is."""
        if self._cancel is not None:
            return False
        cancel = threading.Event()
        self._cancel = cancel
        services = self._services

        def report(progress: SyncProgress) -> None:
            self.progressed.emit(progress)

        self.started.emit(manual)
        self._executor.submit(
            lambda: services.sync_now(progress=report, cancel=cancel),
            lambda result: self._ended(cancel, lambda: self.finished.emit(result, manual)),
            lambda exc: self._ended(cancel, lambda: self.failed.emit(exc, manual)),
        )
        return True

    def _ended(self, cancel: threading.Event, emit: Callable[[], None]) -> None:
        # Cleared before the signal, so a listener may start the next run at once.
        if self._cancel is cancel:
            self._cancel = None
        emit()

    def cancel(self) -> None:
        """Ask the run to stop after the batch in flight; what was acknowledged stays so."""
        if self._cancel is not None:
            self._cancel.set()

    def shutdown(self, msecs: int = 10000) -> bool:
        """Cancel and wait for the worker (the window is closing)."""
        self.cancel()
        wait = getattr(self._executor, "wait", None)
        return bool(wait(msecs)) if callable(wait) else True
