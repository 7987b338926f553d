"""Drafts (暂存): the half-typed form is kept a second after the last edit, so a crash or
a power cut costs the clerk nothing. One draft per clerk, deleted when the case is saved.

The payload is small, JSON-safe and versioned; it is never logged (it holds an ID number).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from hallapp.core.intake import MaterialLine, MaterialStatus
from hallapp.services.facade import HallServices
from hallapp.ui.operations import Executor

log = logging.getLogger(__name__)

DRAFT_DELAY_MS = 1000
DRAFT_VERSION = 1
BANNER_STYLE = "#draftBanner{background:#fff6d6; border:1px solid #e0c36a;}"


def material_rows(lines: tuple[MaterialLine, ...]) -> list[list[Any]]:
    return [
        [
            m.name,
            m.form,
            m.copies_required,
            m.required,
            m.status.value,
            m.original_seen,
            m.copies_taken,
            m.problem,
            m.extra,
        ]
        for m in lines
    ]


def lines_from_rows(rows: list[list[Any]]) -> list[MaterialLine]:
    lines = []
    for row in rows:
        name, form, required_copies, required, status, seen, taken, problem, extra = row
        lines.append(
            MaterialLine(
                str(name),
                str(form),
                int(required_copies),
                bool(required),
                MaterialStatus(status),
                bool(seen),
                int(taken),
                str(problem),
                bool(extra),
            )
        )
    return lines


def usable(payload: object) -> bool:
    return isinstance(payload, dict) and payload.get("v") == DRAFT_VERSION


class DraftBanner(QFrame):
    restore_requested = Signal()
    discard_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("draftBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.restore_button = QPushButton(self.tr("恢复上次未完成的受理(&H)"))
        self.discard_button = QPushButton(self.tr("放弃(&D)"))
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.discard_button)
        self.restore_button.clicked.connect(self.restore_requested.emit)
        self.discard_button.clicked.connect(self.discard_requested.emit)
        self.hide()

    def offer(self, payload: dict[str, Any]) -> None:
        item = str(payload.get("item_name") or self.tr("未选事项"))
        person = str((payload.get("applicant") or {}).get("name") or self.tr("未填姓名"))
        self.text.setText(
            self.tr("有一份上次未完成的受理（%1，%2），程序上次可能意外退出。")
            .replace("%1", item)
            .replace("%2", person)
        )
        self.show()


class DraftKeeper(QObject):
    """Saves ``collect()`` a second after the last :meth:`touch`; ``None`` saves nothing."""

    saved = Signal()

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        collect: Callable[[], dict[str, Any] | None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)  # dies with the form: no save after the form is gone
        self._services = services
        self._executor = executor
        self._collect = collect
        self.paused = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DRAFT_DELAY_MS)
        self.timer.timeout.connect(self.save_now)

    def touch(self) -> None:
        if not self.paused:
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def save_now(self) -> None:
        self.timer.stop()
        if self.paused:
            return
        payload = self._collect()
        if payload is None:
            return
        self._executor.submit(
            lambda: self._services.save_draft(payload), lambda _r: self.saved.emit(), self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        # The form itself is intact; the next edit tries again. The payload is not logged.
        log.warning("intake draft not saved: %s", type(exc).__name__)
