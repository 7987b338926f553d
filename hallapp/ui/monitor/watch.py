"""Keeps the window's view of the deadlines current: the status bar's figure, the monitor,
the day timer and the start-of-day reminder, all read through the executor."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from hallapp.services.deadlines import DayChanges
from hallapp.services.facade import HallServices
from hallapp.services.halls import HallProfile
from hallapp.ui.monitor.day_timer import DayTimer, opening_time
from hallapp.ui.monitor.monitor_view import MonitorView
from hallapp.ui.monitor.morning_dialog import MorningDialog, reminder_due
from hallapp.ui.monitor.status_label import DeadlineStatus
from hallapp.ui.operations import Executor


class DeadlineWatch(QObject):
    open_case = Signal(int)  # from the start-of-day reminder
    problem = Signal(str)  # a failure to mention in the status bar

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        today: Callable[[], date],
        status: DeadlineStatus,
        monitor: MonitorView,
        window: QWidget,
        reminder: bool,
    ) -> None:
        super().__init__(window)
        self._services = services
        self._executor = executor
        self._today = today
        self._status = status
        self._monitor = monitor
        self._window = window
        self._reminder = reminder
        self.morning_dialog: MorningDialog | None = None
        self.timer = DayTimer(parent=self)
        self.timer.turned.connect(self.day_turned)
        monitor.morning_requested.connect(self.show_morning_now)

    def start(self, profile: HallProfile | None) -> None:
        """The window is ready: read the levels, arm the timer, remind if due."""
        self.timer.set_opening(opening_time(profile.opening_time if profile else None))
        self.timer.start()
        self.refresh()
        if self._reminder:
            self.check_morning()

    def refresh(self) -> None:
        """A case, a follow-up or a complaint changed, or the day turned: the status bar,
        and the monitor once it has been opened."""
        today = self._today()
        services = self._services
        self._executor.submit(
            lambda: services.level_counts(today),
            self._status.show_counts,
            lambda exc: self.problem.emit(self.tr("期限未能读取：") + str(exc)),
        )
        self._executor.submit(
            lambda: (services.follow_up_counts(today), services.complaint_counts(today)),
            lambda counts: self._status.show_others(*counts),
            lambda exc: self.problem.emit(self.tr("回访整改和投诉期限未能读取：") + str(exc)),
        )
        if self._monitor.has_loaded:
            self._monitor.refresh()

    def day_turned(self) -> None:
        """Midnight or the opening time: stopped clocks whose approved pause is over run
        again, then every level is read for the new moment."""
        today = self._today()
        services = self._services

        def work() -> tuple[int, HallProfile | None]:
            return services.clock_tick(today), services.hall_profile()

        def done(result: tuple[int, HallProfile | None]) -> None:
            profile = result[1]
            self.timer.set_opening(opening_time(profile.opening_time if profile else None))
            self.refresh()
            if self._reminder:
                self.check_morning()

        def failed(exc: BaseException) -> None:
            self.problem.emit(self.tr("期限未能更新：") + str(exc))
            self.refresh()

        self._executor.submit(work, done, failed)

    # 今日期限提醒 ------------------------------------------------------------------------
    def check_morning(self) -> None:
        """The first start of the day shows what turns yellow or red, once per user."""
        today = self._today()
        services = self._services

        def due(changes: DayChanges | None) -> None:
            if changes is not None:
                self.show_morning(changes)

        self._executor.submit(
            lambda: reminder_due(services, today),
            due,
            lambda exc: self.problem.emit(self.tr("今日提醒未能读取：") + str(exc)),
        )

    def show_morning_now(self) -> None:
        """今日提醒 on request: today's changes, whether seen before or not."""
        today = self._today()
        services = self._services

        def show(changes: DayChanges) -> None:
            self.show_morning(changes)

        self._executor.submit(
            lambda: services.day_changes(today), show, self._monitor.messages.failure
        )

    def show_morning(self, changes: DayChanges) -> MorningDialog:
        """Show the reminder for ``changes``; it does not block the window."""
        if self.morning_dialog is not None:
            self.morning_dialog.close()
            self.morning_dialog.deleteLater()
        dialog = MorningDialog(self._services, self._executor, changes, self._window)
        dialog.open_case.connect(self.open_case.emit)
        self.morning_dialog = dialog
        dialog.show()
        return dialog
