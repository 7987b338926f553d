"""The clerk's side of the evaluation screen (好差评评价器): it opens the screen, hands it
the case to rate, records the rating through the services on the worker, and reports the
outcome to the clerk's window.

One desk per clerk's window (:func:`desk_for`), so the case view and the window's
shortcut drive the same screen. With a second monitor the screen opens full-screen on it,
facing the applicant; otherwise it is an ordinary window the clerk can move aside. While
a case waits for its rating the screen has the keyboard (a keypad on the applicant's side
types into the active window); the clerk's window gets it back once the rating is in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from hallapp.core.evaluation import EvaluationChannel, Rating
from hallapp.services.evaluations import EvaluationForm, EvaluationView
from hallapp.services.facade import HallServices
from hallapp.services.halls import HallProfile
from hallapp.ui.evaluation.screen import THANKS_MS, EvaluationScreen
from hallapp.ui.operations import Executor

T = TypeVar("T")


def applicant_screen(screens: Sequence[T], clerk: T | None) -> T | None:
    """The monitor that faces the applicant: the first one that is not the clerk's, or
    None when the computer has only one."""
    return next((s for s in screens if s != clerk), None) if len(screens) > 1 else None


@dataclass(frozen=True)
class _Asked:
    case_id: int
    number: str


class EvaluationDesk(QObject):
    recorded = Signal(int, object)  # case id, the EvaluationView saved
    failed = Signal(int, str, object)  # case id, case number, the exception

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        clerk_window: QWidget,
        thanks_ms: int = THANKS_MS,
        screens: Callable[[], list[QScreen]] = QGuiApplication.screens,
    ) -> None:
        super().__init__(clerk_window)
        self._services = services
        self._executor = executor
        self._clerk = clerk_window
        self._thanks_ms = thanks_ms
        self._screens = screens
        self.screen: EvaluationScreen | None = None
        self.asked: _Asked | None = None  # the case the screen is asking about
        self.installed = False  # the window's shortcut (install_evaluation_shortcut)
        clerk_window.installEventFilter(self)

    def set_services(self, services: HallServices, executor: Executor) -> None:
        """After 切换用户 the ratings are recorded by the user now at the counter."""
        self._services = services
        self._executor = executor

    # the screen --------------------------------------------------------------------
    def open_screen(self) -> EvaluationScreen:
        """Show the screen (made on first use) where the applicant can see it."""
        screen = self.screen
        if screen is None:
            screen = self.screen = EvaluationScreen(self._thanks_ms)
            screen.submitted.connect(self._submitted)
            self.destroyed.connect(screen.deleteLater)
            self._executor.submit(self._services.hall_profile, self._show_hall, lambda _exc: None)
        if not screen.isVisible():
            self._place(screen)
        screen.raise_()
        return screen

    def _place(self, screen: EvaluationScreen) -> None:
        target = applicant_screen(self._screens(), self._clerk.screen())
        if target is None:
            screen.showNormal()
            return
        screen.setScreen(target)
        screen.setGeometry(target.geometry())
        screen.showFullScreen()

    def _show_hall(self, profile: HallProfile | None) -> None:
        if self.screen is not None:
            self.screen.set_hall_name(profile.name if profile else "")

    def send(self, case_id: int, number: str, item_name: str) -> EvaluationScreen:
        """Ask the applicant to rate this case; whatever the screen asked before is dropped."""
        screen = self.open_screen()
        self.asked = _Asked(case_id, number)
        screen.ask(number, item_name)
        screen.activateWindow()
        return screen

    # recording ---------------------------------------------------------------------
    def _submitted(self, rating: Rating, comment: str) -> None:
        asked = self.asked
        if asked is None:
            return
        form = EvaluationForm(asked.case_id, rating, EvaluationChannel.SCREEN, comment)
        services = self._services
        self._executor.submit(
            lambda: services.record_evaluation(form),
            lambda view: self._recorded(asked, rating, view),
            lambda exc: self._failed(asked, exc),
        )

    def _recorded(self, asked: _Asked, rating: Rating, view: EvaluationView) -> None:
        if self.asked is asked and self.screen is not None:
            self.asked = None
            self.screen.show_thanks(rating)
            self._clerk.activateWindow()
        self.recorded.emit(asked.case_id, view)

    def _failed(self, asked: _Asked, exc: BaseException) -> None:
        # The applicant is not the one to sort it out: their screen simply starts over,
        # and the clerk reads why.
        if self.asked is asked and self.screen is not None:
            self.asked = None
            self.screen.show_idle()
            self._clerk.activateWindow()
        self.failed.emit(asked.case_id, asked.number, exc)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._clerk and event.type() == QEvent.Type.Close and self.screen:
            self.screen.close()  # the applicant's screen goes with the clerk's window
        return False


def failure_text(exc: BaseException) -> str:
    """Our own errors by their Chinese sentence, anything else as it is."""
    message = getattr(exc, "message", None)
    return message if isinstance(message, str) and message else str(exc)


def desk_for(window: QWidget, services: HallServices, executor: Executor) -> EvaluationDesk:
    """The desk of the clerk's ``window``, made the first time it is asked for."""
    desk = window.findChild(EvaluationDesk, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if desk is None:
        return EvaluationDesk(services, executor, window)
    desk.set_services(services, executor)
    return desk
