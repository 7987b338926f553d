"""What the case view's action groups (clock, 代办, 评价) share: one service call at a time
through the executor, busy while it runs, then what happened in words (``done``) or the
refusal (``failed``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from hallapp.services.facade import HallServices
from hallapp.ui.operations import Executor


class CaseActions(QObject):
    done = Signal(str)  # what happened, for the message panel
    failed = Signal(object)  # the exception
    busy = Signal(bool)

    def __init__(self, services: HallServices, executor: Executor, parent: QWidget) -> None:
        super().__init__(parent)
        self._services = services
        self._executor = executor
        self._parent = parent

    def _run(
        self,
        work: Callable[[], Any],
        said: Callable[[Any], str],
        then: Callable[[Any], None] | None = None,
    ) -> None:
        self.busy.emit(True)

        def ok(value: Any) -> None:
            self.busy.emit(False)
            self.done.emit(said(value))
            if then is not None:
                then(value)

        def bad(exc: BaseException) -> None:
            self.busy.emit(False)
            self.failed.emit(exc)

        self._executor.submit(work, ok, bad)
