"""The main window: navigation on the left, the work area on the right, status below.

The status bar shows the hall's yellow and red cases at all times; they are read again
whenever a case changes, at midnight and at the hall's opening time.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from hallapp.ui.monitor.status_label import DeadlineStatus
from hallapp.ui.operations import Executor
from hallapp.ui.pages import LoadingPage, ReadOnlyPage, UnavailablePage
from hallapp.ui.roles import INTAKE, needs, read_only
from hallapp.ui.sync.status_label import SyncStatusLabel

if TYPE_CHECKING:
    from hallapp.services.actors import Actor
    from hallapp.services.facade import HallServices
    from hallapp.ui.agents.agents_area import AgentsArea
    from hallapp.ui.calendar_view import CalendarView
    from hallapp.ui.catalogue_view import CatalogueView
    from hallapp.ui.intake.intake_view import IntakeView
    from hallapp.ui.login.gate import AccountGate
    from hallapp.ui.login.idle_lock import IdleLock
    from hallapp.ui.monitor.monitor_view import MonitorView
    from hallapp.ui.register.case_view import CaseView
    from hallapp.ui.register.register_view import RegisterView
    from hallapp.ui.reports.reports_area import ReportsArea
    from hallapp.ui.settings_view import SettingsView
    from hallapp.ui.sync.sync_area import SyncArea

BUILT_AREAS = (
    "intake",
    "cases",
    "deadlines",
    "agents",
    "sync",
    "reports",
    "catalogue",
    "settings",
)
# "0" keeps the start-of-day reminder (今日期限提醒) from showing by itself, "1" shows it even
# without a screen; unset, it shows whenever someone can see it.
MORNING_REMINDER_ENV = "HALLAPP_MORNING_REMINDER"
DAILY_BACKUP_ENV = "HALLAPP_DAILY_BACKUP"


def reminder_wanted(flag: bool | None) -> bool:
    """Whether the start-of-day reminder pops up on its own: ``flag`` if given, else the
    environment, else only on a real screen (an offscreen window is read by nobody)."""
    if flag is not None:
        return flag
    setting = os.environ.get(MORNING_REMINDER_ENV, "").strip()
    if setting in ("0", "1"):
        return setting == "1"
    return QGuiApplication.platformName() not in ("offscreen", "minimal")


def daily_backup_wanted(flag: bool | None) -> bool:
    """Like the reminder: ``HALLAPP_DAILY_BACKUP`` "0"/"1", else only on a real screen
    (windows made offscreen by tests and screenshots back nothing up)."""
    if flag is not None:
        return flag
    setting = os.environ.get(DAILY_BACKUP_ENV, "").strip()
    if setting in ("0", "1"):
        return setting == "1"
    return QGuiApplication.platformName() not in ("offscreen", "minimal")


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    purpose: str


class MainWindow(QMainWindow):
    """Shown before the database is open (``services=None``): the clerk sees the window at
    once and the work areas fill in when :meth:`attach` receives the services."""

    def __init__(
        self,
        services: HallServices | None,
        executor: Executor,
        window_state: QSettings | None = None,
        today: Callable[[], date] = date.today,
        morning_reminder: bool | None = None,
        daily_backup: bool | None = None,
    ) -> None:
        super().__init__()
        self._executor = executor
        self._state = window_state
        self._today = today
        self._morning_reminder = reminder_wanted(morning_reminder)
        self._daily_backup = daily_backup_wanted(daily_backup)
        self._back_to = "cases"  # where the case view's 返回 leads
        self.services: HallServices | None = None
        self.setWindowTitle(self.tr("便民服务窗口系统"))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(132)
        self.nav.setStyleSheet(
            "QListWidget{font-size:16px;} QListWidget::item{padding:10px 8px;}"
            "QListWidget::item:selected{background:#1f5fa8;color:white;}"
        )
        self.stack = QStackedWidget()
        self.areas = self._areas()
        self.pages: dict[str, QWidget] = {}
        for number, area in enumerate(self.areas, start=1):
            page = (
                LoadingPage()
                if area.key in BUILT_AREAS
                else UnavailablePage(area.title, area.purpose)
            )
            self.pages[area.key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(area.title)
            item.setData(Qt.ItemDataRole.UserRole, area.key)
            item.setToolTip(f"{area.title}（Ctrl+{number}）")
            self.nav.addItem(item)
            QShortcut(QKeySequence(f"Ctrl+{number}"), self, lambda k=area.key: self.show_area(k))
        self.nav.currentRowChanged.connect(self._row_changed)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.hall_label = QLabel(self.tr("正在打开数据库…"))
        self.user_label = QLabel()
        deadlines_key = [a.key for a in self.areas].index("deadlines") + 1
        sync_key = [a.key for a in self.areas].index("sync") + 1
        self.sync_label = SyncStatusLabel(f"Ctrl+{sync_key}")
        self.sync_label.clicked.connect(lambda: self.show_area("sync"))
        self.deadline_status = DeadlineStatus(f"Ctrl+{deadlines_key}")
        self.deadline_status.clicked.connect(lambda: self.show_area("deadlines"))
        for label in (self.deadline_status, self.hall_label, self.user_label, self.sync_label):
            self.statusBar().addPermanentWidget(label)
        self.idle_lock: IdleLock | None = None
        self.password_button = QPushButton(self.tr("修改密码"))
        self.password_button.setToolTip(self.tr("修改我的密码（Ctrl+Shift+P）"))
        self.password_button.setFlat(True)
        self.password_button.hide()  # until someone has logged in
        self.statusBar().insertPermanentWidget(3, self.password_button)
        self.resize(1200, 760)
        self._restore_geometry()
        self.show_area("catalogue")
        if services is not None:
            self.attach(services)

    def attach(self, services: HallServices) -> None:
        """Build the work areas on the opened database."""
        from hallapp.ui.agents.agents_area import AgentsArea
        from hallapp.ui.calendar_view import CalendarView
        from hallapp.ui.catalogue_view import CatalogueView
        from hallapp.ui.evaluation import install_evaluation_shortcut
        from hallapp.ui.intake.intake_view import IntakeView
        from hallapp.ui.monitor.monitor_view import MonitorView
        from hallapp.ui.monitor.watch import DeadlineWatch
        from hallapp.ui.printing import Printing, PrintSettings
        from hallapp.ui.register.case_view import CaseView
        from hallapp.ui.register.register_view import RegisterView
        from hallapp.ui.reports.reports_area import ReportsArea
        from hallapp.ui.settings_view import SettingsView
        from hallapp.ui.sync.sync_area import SYNC_SHORTCUT, SyncArea

        self.services = services
        profile = services.hall_profile()
        hall_name = profile.name if profile else self.tr("（未登记服务中心）")
        self.setWindowTitle(self.tr("%1 — 便民服务窗口系统").replace("%1", hall_name))
        roles = "、".join(sorted(r.label for r in services.actor.roles))
        self.hall_label.setText(self.tr("服务中心：") + hall_name)
        self.user_label.setText(self.tr("当前用户：") + f"{services.actor.name}（{roles}）")

        # Printers and 受理后自动打印 belong to this computer: kept with the window's state.
        print_settings = PrintSettings(self._state)
        self.printing = Printing(services, self._executor, print_settings)
        looking_only = read_only(services.actor)
        # A read-only account is never given the intake form: every 受理 would be refused.
        self.intake: IntakeView | None = None
        intake_page: QWidget
        if looking_only:
            intake_page = self._read_only_intake()
        else:
            self.intake = intake_page = IntakeView(
                services, self._executor, today=self._today, printing=self.printing
            )
        self.register: RegisterView = RegisterView(services, self._executor, today=self._today())
        self.monitor: MonitorView = MonitorView(
            services,
            self._executor,
            self._today,
            number_prefix=f"{profile.code}-" if profile else "",
        )
        self.case_view: CaseView = CaseView(
            services, self._executor, self._today, printing=self.printing
        )
        self.cases_stack = QStackedWidget()
        self.cases_stack.addWidget(self.register)
        # A long case (many materials, a long timeline) scrolls instead of growing the window.
        self.case_scroll = QScrollArea()
        self.case_scroll.setWidget(self.case_view)
        self.case_scroll.setWidgetResizable(True)
        self.case_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.cases_stack.addWidget(self.case_scroll)
        self.agents: AgentsArea = AgentsArea(services, self._executor, self._today)
        self.sync_area: SyncArea = SyncArea(
            services, self._executor, self._today, hall_code=profile.code if profile else ""
        )
        self.reports: ReportsArea = ReportsArea(
            services,
            self._executor,
            self._today,
            print_settings,
            self.printing.printers,
            self.printing.ask_file,
        )
        self._connect_case_flow()
        install_evaluation_shortcut(self, services, self._executor)
        self.catalogue: CatalogueView = CatalogueView(services, self._executor)
        self.settings_view: SettingsView = SettingsView(services, self._executor, print_settings)
        self.settings_view.idle_minutes_changed.connect(self._idle_minutes_changed)
        self.calendar_view: CalendarView = CalendarView(services, self._executor, self._today)
        self.settings_tabs = QTabWidget()
        # A scroll area: the page is taller than a 768-pixel counter screen with the
        # supervisor's 审计 panel, and must not force the window taller than the screen.
        settings_page = QScrollArea()
        settings_page.setWidgetResizable(True)
        settings_page.setFrameShape(QScrollArea.Shape.NoFrame)
        settings_page.setWidget(self.settings_view)
        self.settings_tabs.addTab(settings_page, self.tr("服务中心信息"))
        self.settings_tabs.addTab(self.calendar_view, self.tr("工作日历"))
        # Such an account starts where there is something for it: 办件查询.
        current = "cases" if looking_only else self.current_area()
        built = (
            ("intake", intake_page),
            ("cases", self.cases_stack),
            ("deadlines", self.monitor),
            ("agents", self.agents),
            ("sync", self.sync_area),
            ("reports", self.reports),
            ("catalogue", self.catalogue),
            ("settings", self.settings_tabs),
        )
        for key, page in built:
            index = self.stack.indexOf(self.pages[key])
            self.stack.removeWidget(self.pages[key])
            self.pages[key].deleteLater()
            self.stack.insertWidget(index, page)
            self.pages[key] = page
        row = [a.key for a in self.areas].index(current)
        self.nav.setCurrentRow(row)  # no signal when the row stays: the stack is set below
        self.stack.setCurrentIndex(row)
        self.stack.currentWidget().setFocus()
        self.deadlines = DeadlineWatch(
            services,
            self._executor,
            self._today,
            self.deadline_status,
            self.monitor,
            self,
            self._morning_reminder,
        )
        self.deadlines.open_case.connect(self.open_case)
        self.reports.changed.connect(self.deadlines.refresh)
        self.deadlines.problem.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.deadlines.start(profile)
        self._connect_sync(SYNC_SHORTCUT)
        self._start_backups(services)

    def install_account_tools(self, gate: AccountGate, switch_user: Callable[[], None]) -> None:
        """After a login: the idle lock and 修改密码 for the logged-in user."""
        from hallapp.ui.login.idle_lock import IdleLock
        from hallapp.ui.login.password_dialog import ChangePasswordDialog

        def actor() -> Actor:
            assert self.services is not None
            return self.services.actor

        def change_password() -> None:
            if self.idle_lock is not None and self.idle_lock.locked:
                return  # the window's shortcuts still fire under the cover
            dialog = ChangePasswordDialog(gate, self._executor, actor(), parent=self)
            dialog.changed.connect(
                lambda: self.statusBar().showMessage(self.tr("密码已修改"), 10000)
            )
            dialog.open()
            self.password_dialog = dialog

        assert self.services is not None
        # Read at every login: the lock after 切换用户 follows the setting as it stands now.
        minutes = self.services.idle_lock_minutes()
        if self.idle_lock is None:
            self.idle_lock = IdleLock(self, gate, self._executor, actor, switch_user, minutes)
            self.password_button.clicked.connect(change_password)
            QShortcut(QKeySequence("Ctrl+Shift+P"), self, change_password)
            self.password_button.show()
        else:
            self.idle_lock.set_minutes(minutes)
        self.idle_lock.start()

    def _idle_minutes_changed(self, minutes: int) -> None:
        if self.idle_lock is not None:
            self.idle_lock.set_minutes(minutes)

    def switch_to(self, services: HallServices) -> None:
        """切换用户: the work areas are built again for the new user; the old ones' timers
        and workers stop first."""
        self.sync_area.shutdown()
        self.deadlines.deleteLater()
        if getattr(self, "_backup_executor", None) is not None:
            self.backup_watch.deleteLater()
            self._backup_executor.wait(60_000)
        self.attach(services)

    def _start_backups(self, services: HallServices) -> None:
        """每日自动备份 on a worker of its own, so saving a case never waits for a copy of
        the whole file; 恢复备份 closes the window (the next start puts the backup in)."""
        from hallapp.config import load_settings
        from hallapp.ui.operations import ThreadExecutor
        from hallapp.ui.recovery import BackupWatch

        box = self.settings_view.backup_box
        box.restart_needed.connect(self.close)
        if not self._daily_backup:
            return
        self._backup_executor = ThreadExecutor()
        self.backup_watch = BackupWatch(
            load_settings(services.db_path), self._backup_executor, parent=self
        )
        self.backup_watch.done.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.backup_watch.done.connect(lambda _text: box.refresh())
        self.backup_watch.problem.connect(lambda text: self.statusBar().showMessage(text, 60000))
        self.backup_watch.start()

    def _connect_sync(self, shortcut: str) -> None:
        """The status bar's sync figure follows the area; 立即同步 works from every area."""
        area = self.sync_area
        area.status_read.connect(lambda status: self.sync_label.show_status(status, self._today()))
        area.running_text.connect(self.sync_label.show_running)
        area.problem.connect(lambda text: self.statusBar().showMessage(text, 10000))
        QShortcut(QKeySequence(shortcut), self, self.sync_now)
        area.refresh_status()

    def sync_now(self) -> None:
        self.show_area("sync")
        self.sync_area.sync_now()

    def _connect_case_flow(self) -> None:
        """Intake, register, monitor and case view hand cases to each other; a saved or
        changed case is read again wherever it shows."""
        if self.intake is not None:
            self.intake.case_saved.connect(lambda _id: self.register.refresh())
            self.intake.case_saved.connect(lambda _id: self.deadlines.refresh())
            self.intake.case_saved.connect(lambda _id: self.sync_area.refresh_status())
        self.register.open_case.connect(self.open_case)
        self.monitor.open_case.connect(self.open_case)
        self.agents.open_case.connect(self.open_case)
        self.reports.open_case.connect(self.open_case)
        self.monitor.open_complaint.connect(self.open_complaint)
        self.case_view.back.connect(self._back_from_case)
        self.case_view.case_changed.connect(lambda _id: self.register.refresh())
        self.case_view.case_changed.connect(lambda _id: self.deadlines.refresh())
        self.case_view.case_changed.connect(lambda _id: self.sync_area.refresh_status())
        self.case_view.resume_intake.connect(self.resume_intake)
        self._register_back_text = self.case_view.back_button.text()

    def open_complaint(self, complaint_id: int) -> None:
        """A complaint from the deadline monitor opens in 统计 → 效能投诉."""
        self.show_area("reports")
        self.reports.show_complaint(complaint_id)

    def open_case(self, case_id: int) -> None:
        # A case opened from the monitor goes back there, so the clerk keeps their list.
        from_monitor = self.current_area() == "deadlines"
        self._back_to = "deadlines" if from_monitor else "cases"
        self.case_view.back_button.setText(
            self.tr("← 返回期限监控（Esc）") if from_monitor else self._register_back_text
        )
        self.case_view.show_case(case_id)
        self.cases_stack.setCurrentWidget(self.case_scroll)
        self.show_area("cases")
        self.case_view.setFocus()

    def _back_from_case(self) -> None:
        self.cases_stack.setCurrentWidget(self.register)
        if self._back_to == "deadlines":
            self.show_area("deadlines")
        else:
            self.register.setFocus()

    def resume_intake(self, case_id: int) -> None:
        """材料补齐: the same case continues on the intake screen."""
        if self.intake is None:
            return  # the case view offers 材料补齐 only to those who may take cases in
        self.intake.resume_case(case_id)
        self.show_area("intake")

    def _read_only_intake(self) -> ReadOnlyPage:
        keys = [a.key for a in self.areas]

        def where(key: str) -> str:
            return f"{self.areas[keys.index(key)].title}（Ctrl+{keys.index(key) + 1}）"

        return ReadOnlyPage(
            self.tr("受理"),
            self.tr("当前账号可以查看办件和各项信息，不能受理办件：")
            + needs(self.tr("受理办件"), INTAKE)
            + self.tr("。"),
            [
                (where("cases"), self.tr("办件查询，打开办件查看材料、办理时限和办理过程")),
                (where("deadlines"), self.tr("限时监控：将到期和已超期的办件")),
                (where("catalogue"), self.tr("事项目录和办事指南")),
                (where("sync"), self.tr("与县级平台的同步状态")),
                (where("reports"), self.tr("工作台账、统计报表、回访整改和效能投诉")),
            ],
        )

    def _areas(self) -> list[Area]:
        return [
            Area(
                "intake",
                self.tr("受理"),
                self.tr("一窗受理：申请人、材料清单、一票制收费，受理、一次性告知或不予受理。"),
            ),
            Area("cases", self.tr("办件"), self.tr("办件登记簿：查询全部办件及其办理过程。")),
            Area(
                "deadlines",
                self.tr("期限"),
                self.tr("限时办结：按工作日计算的办理期限、预警和超期提醒。"),
            ),
            Area(
                "agents",
                self.tr("代办"),
                self.tr("代办服务：代办员、村代办点、材料交接和转报县级部门。"),
            ),
            Area(
                "sync",
                self.tr("同步"),
                self.tr("向县级平台批量上报办件，并接收事项目录和节假日安排的更新。"),
            ),
            Area(
                "reports", self.tr("统计"), self.tr("日常工作台账、按期办结率、满意度和投诉统计。")
            ),
            Area("catalogue", self.tr("事项"), ""),
            Area("settings", self.tr("设置"), ""),
        ]

    def show_area(self, key: str) -> None:
        keys = [a.key for a in self.areas]
        self.nav.setCurrentRow(keys.index(key))

    def current_area(self) -> str:
        return self.areas[self.stack.currentIndex()].key

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        self.stack.currentWidget().setFocus()

    def _restore_geometry(self) -> None:
        if self._state is not None:
            geometry = self._state.value("main/geometry")
            if geometry is not None:
                self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.services is not None:
            self.sync_area.shutdown()
        if getattr(self, "_backup_executor", None) is not None:
            self._backup_executor.wait(60_000)  # a backup half written is only a .partial
        if self._state is not None:
            self._state.setValue("main/geometry", self.saveGeometry())
            self._state.sync()
        super().closeEvent(event)
