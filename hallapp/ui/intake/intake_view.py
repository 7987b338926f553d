"""一窗受理: the intake screen, in the order of the paper form, all of it by keyboard.

事项 → 申请人 (and 委托代理人) → 申请材料 → 收费（一票制） → 绿色通道 → the decision.
The view only arranges its panels and talks to :class:`HallServices` through the
executor; what a case may be is decided by the services, which it shows back field by
field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QStackedWidget, QWidget

from hallapp.core.intake import Applicant, Decision, IntakeForm, Refusal
from hallapp.documents.model import DocumentKind, PaperFormat
from hallapp.errors import NotFound
from hallapp.services.actors import Role
from hallapp.services.agents import AgentServiceForm, AgentServiceView, AgentView, VillagePointView
from hallapp.services.catalogue import ItemGuide
from hallapp.services.facade import HallServices
from hallapp.services.intake import IntakeRefused, IntakeResult, new_form_key
from hallapp.ui.intake import field_errors, form_data, form_layout, restore
from hallapp.ui.intake.applicant_panel import ApplicantPanel
from hallapp.ui.intake.decision_bar import DecisionBar
from hallapp.ui.intake.draft import DraftBanner, DraftKeeper
from hallapp.ui.intake.fees_panel import FeesPanel
from hallapp.ui.intake.green_channel import GreenChannel
from hallapp.ui.intake.item_picker import GuideDialog, ItemPicker
from hallapp.ui.intake.materials_panel import MaterialsPanel
from hallapp.ui.intake.proxy_panel import ProxyPanel
from hallapp.ui.intake.refusal_dialog import RefusalDialog
from hallapp.ui.intake.result_panel import ResultPanel, intake_documents
from hallapp.ui.message_panel import MessagePanel
from hallapp.ui.operations import Executor
from hallapp.ui.printing import Printing, PrintOutcome
from hallapp.ui.register.agent_dialogs import AgentServiceDialog

RESUME_STYLE = "background:#fff6d6; border:1px solid #e0c36a; padding:6px;"


class IntakeView(QWidget):
    case_saved = Signal(int)  # the id of the case just saved
    # Made by form_layout.arrange:
    form_scroll: QScrollArea
    form_page: QWidget
    pages: QStackedWidget

    def __init__(
        self,
        services: HallServices,
        executor: Executor,
        today: Callable[[], date] = date.today,
        printing: Printing | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.executor = executor
        self.printing = printing or Printing(services, executor)
        self._today = today
        self.agent_dialog: AgentServiceDialog | None = None
        self.saved_case_id: int | None = None
        self.unprinted: PrintOutcome | None = None  # kept for 另存为PDF
        self.form_key = new_form_key()
        self.resuming: restore.Resumed | None = None
        self.loading = 0  # > 0 while the form is filled by the program, not the clerk
        self.draft: dict[str, object] | None = None
        self.refusal_dialog: RefusalDialog | None = None
        self.guide_dialog: GuideDialog | None = None

        self.banner = DraftBanner()
        self.resume_note = QLabel()
        self.resume_note.setWordWrap(True)
        self.resume_note.setStyleSheet(RESUME_STYLE)
        self.resume_note.hide()
        self.messages = MessagePanel()
        self.picker = ItemPicker(services, executor)
        self.applicant = ApplicantPanel(today)
        self.proxy = ProxyPanel(today)
        self.materials = MaterialsPanel()
        self.fees = FeesPanel(services.actor.has_any(Role.SUPERVISOR))
        self.green = GreenChannel()
        self.decisions = DecisionBar()
        self.result = ResultPanel()

        form_layout.arrange(self)

        self.drafts = DraftKeeper(services, executor, lambda: form_data.draft_payload(self), self)
        self._connect()
        self.chain_tabs()
        self.setFocusProxy(self.picker.search)
        self.picker.search.setFocus()
        self.executor.submit(services.load_draft, self._draft_loaded, lambda _exc: None)

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Whatever takes the focus (Tab, a mnemonic, an error) scrolls into sight."""
        form = self.form_scroll.widget()
        if new is not None and form is not None and form.isAncestorOf(new):
            self.form_scroll.ensureWidgetVisible(new, 10, 10)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        focused = QApplication.focusWidget()
        if focused is None or not self.isAncestorOf(focused):
            self.setFocus(Qt.FocusReason.OtherFocusReason)  # the focus proxy: where work starts

    def _connect(self) -> None:
        self.picker.chosen.connect(self._item_chosen)
        self.picker.picked.connect(self.set_item)
        self.picker.failed.connect(self._show_error)
        self.picker.guide_button.clicked.connect(self.show_guide)
        self.applicant.number_completed.connect(self._look_up_applicant)
        for panel in (self.applicant, self.proxy, self.materials, self.fees, self.green):
            panel.changed.connect(self._edited)
        self.decisions.decided.connect(self.decide)
        self.result.next_requested.connect(self.next_case)
        self.result.print_requested.connect(self.preview_document)
        self.result.save_requested.connect(self.save_unprinted)
        self.result.agent_service_requested.connect(self.ask_agent_service)
        self.banner.restore_requested.connect(self.restore_draft)
        self.banner.discard_requested.connect(self.discard_draft)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("Ctrl+Return", self.decide_primary),
            ("Ctrl+Enter", self.decide_primary),
            ("F1", self.show_guide),
            ("Ctrl+N", self.next_case),
            ("Ctrl+P", self.print_first),
        ):
            QShortcut(QKeySequence(keys), self, slot, context)

    def chain_tabs(self) -> None:
        form_layout.chain_tabs(self)

    # the item ---------------------------------------------------------------------------
    def _item_chosen(self) -> None:
        """After the item, the applicant; if the applicant is there already (the clerk
        changed the item), the new item's materials."""
        if self.applicant.doc_number.text().strip():
            self.materials.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.applicant.doc_number.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_item(self, guide: ItemGuide) -> None:
        self.loading += 1
        try:
            restore.fill_item(self, guide)
        finally:
            self.loading -= 1
        self.chain_tabs()
        self._edited()

    def show_guide(self) -> None:
        dialog = self.picker.show_guide(self)
        if dialog is not None:
            self.guide_dialog = dialog

    # the applicant ----------------------------------------------------------------------
    def _look_up_applicant(self, number: str) -> None:
        if self.resuming is not None:
            return

        def found(previous: Applicant | None) -> None:
            if previous is not None:
                self.applicant.fill_returning(number, previous)

        self.executor.submit(
            lambda: self.services.returning_applicant(number), found, self._show_error
        )

    # deciding ---------------------------------------------------------------------------
    def decide_primary(self) -> None:
        primary = self.decisions.primary()
        if primary is None:
            self._needs_item()
        else:
            self.decide(primary)

    def decide(self, decision: Decision) -> None:
        if self.pages.currentWidget() is not self.form_page or self.decisions.busy:
            return  # saved already, or saving: a second Enter never makes a second case
        if self.picker.guide is None:
            self._needs_item()
            return
        self.materials.table.commit_editing()
        if decision is Decision.REFUSE:
            dialog = RefusalDialog(self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self._submit(Decision.REFUSE, dialog.refusal()))
            self.refusal_dialog = dialog
            dialog.open()
            return
        self._submit(decision, None)

    def _needs_item(self) -> None:
        self.messages.error(self.tr("请先选择事项"))
        self.picker.search.setFocus()

    def form(self) -> IntakeForm:
        return form_data.intake_form(self)

    def _submit(self, decision: Decision, refusal: Refusal | None) -> None:
        if self.decisions.busy:
            return
        self.decisions.set_busy(True)
        self.messages.hide()
        self.drafts.stop()
        form = self.form()
        services, resuming = self.services, self.resuming
        if resuming is not None:
            case_id = resuming.case_id

            def work() -> IntakeResult:
                return services.resume_after_notice(
                    case_id, form.materials, decision, refusal, form.payment_method
                )
        else:

            def work() -> IntakeResult:
                return services.submit_intake(form, decision, refusal)

        self.executor.submit(work, lambda r: self._saved(r, form, refusal), self._failed)

    def _saved(self, result: IntakeResult, form: IntakeForm, refusal: Refusal | None) -> None:
        self.decisions.set_busy(False)
        self.drafts.stop()
        self.banner.hide()
        guide = self.picker.guide
        self.result.show_result(
            result,
            guide.spec.name if guide else "",
            form.applicant.name,
            form.outstanding(),
            refusal,
        )
        self.pages.setCurrentWidget(self.result)
        self.setFocusProxy(self.result.next_button)
        self.result.next_button.setFocus()
        self.saved_case_id = result.case_id
        self.unprinted = None
        self.case_saved.emit(result.case_id)
        self._offer_documents(result)

    # the papers (打印文书) ----------------------------------------------------------------
    def _offer_documents(self, result: IntakeResult) -> None:
        """The result page's print buttons; with 受理后自动打印 on, the 受理通知书 goes to
        the printer at once (never again for a form that was saved before)."""
        case_id, services = result.case_id, self.services
        self.executor.submit(
            lambda: services.document_choices(case_id),
            lambda choices: self.result.set_documents(intake_documents(choices)),
            lambda _exc: None,  # no buttons; the case itself is saved and shown
        )
        accepted = result.decision in (Decision.ACCEPT, Decision.ON_THE_SPOT)
        if accepted and not result.replayed and self.printing.settings.auto_print_receipt:
            self.printing.print_case(
                case_id, DocumentKind.RECEIPT, PaperFormat.A4, self, self._printed
            )

    # 代办 at intake ------------------------------------------------------------------------
    def ask_agent_service(self) -> None:
        """The applicant authorises an agent right at the counter: the same dialog as in
        the case view, with the registry read off the UI thread."""
        case_id = self.saved_case_id
        result = self.result.result
        if case_id is None:
            return
        services = self.services
        self.executor.submit(
            lambda: (services.list_agents(), services.list_village_points()),
            lambda found: self._open_agent_dialog(case_id, result.number, *found),
            lambda exc: self.result.show_print_problem(getattr(exc, "message", str(exc))),
        )

    def _open_agent_dialog(
        self,
        case_id: int,
        number: str,
        agents: list[AgentView],
        points: list[VillagePointView],
    ) -> AgentServiceDialog:
        dialog = AgentServiceDialog(number, agents, points, self._today(), self)
        dialog.confirmed.connect(lambda form: self._register_agent(case_id, form))
        dialog.open()
        self.agent_dialog = dialog
        return dialog

    def _register_agent(self, case_id: int, form: AgentServiceForm) -> None:
        services = self.services

        def done(view: AgentServiceView) -> None:
            self.result.agent_button.setEnabled(False)
            self.result.print_message.info(
                self.tr("已登记代办：代办员%1，可打印代办委托书").replace("%1", view.agent_name)
            )
            self.case_saved.emit(case_id)
            self.executor.submit(
                lambda: services.document_choices(case_id),
                lambda choices: self.result.set_documents(intake_documents(choices)),
                lambda _exc: None,
            )

        self.executor.submit(
            lambda: services.put_under_agent_service(case_id, form),
            done,
            lambda exc: self.result.show_print_problem(getattr(exc, "message", str(exc))),
        )

    def print_first(self) -> None:
        if self.pages.currentWidget() is self.result:
            self.result.print_first()

    def preview_document(self, kind: DocumentKind, fmt: PaperFormat) -> None:
        if self.saved_case_id is None:
            return
        self.printing.preview(
            self.saved_case_id,
            kind,
            fmt,
            self,
            self._printed,
            lambda exc: self.result.show_print_problem(
                self.tr("%1未能生成：").replace("%1", kind.title) + str(exc)
            ),
        )

    def _printed(self, outcome: PrintOutcome) -> None:
        if outcome.printed:
            self.unprinted = None
        elif not outcome.cancelled:
            self.unprinted = outcome
        self.result.show_print_outcome(outcome)

    def save_unprinted(self) -> None:
        outcome, case_id = self.unprinted, self.saved_case_id
        if outcome is None or outcome.document is None or case_id is None:
            return
        self.printing.save_pdf(case_id, outcome.document, self, self._printed)

    def _failed(self, exc: BaseException) -> None:
        self.decisions.set_busy(False)
        if isinstance(exc, IntakeRefused):
            self.messages.error(exc.message, exc.problems)
            field_errors.mark_fields(self, exc.fields, exc.problems)
        else:
            self._show_error(exc)
            if isinstance(exc, NotFound) and self.resuming is None:
                self.picker.search.setFocus()
        self.drafts.touch()

    def _show_error(self, exc: BaseException) -> None:
        self.messages.failure(exc)

    # the next applicant -----------------------------------------------------------------
    def next_case(self) -> None:
        if self.pages.currentWidget() is self.result:
            self.clear_form()
            self.picker.search.setFocus()

    def clear_form(self) -> None:
        """An empty form with a fresh idempotency key."""
        self.loading += 1
        try:
            restore.clear(self)
        finally:
            self.loading -= 1
        self.form_key = new_form_key()
        self.pages.setCurrentWidget(self.form_page)
        self.setFocusProxy(self.picker.search)
        self.chain_tabs()

    # drafts -----------------------------------------------------------------------------
    def _edited(self) -> None:
        if not self.loading and self.resuming is None:
            self.drafts.touch()

    def _draft_loaded(self, payload: object) -> None:
        if restore.usable_draft(payload):
            assert isinstance(payload, dict)
            self.draft = payload
            self.drafts.paused = True  # the old draft stays until the clerk decides
            self.banner.offer(payload)

    def restore_draft(self) -> None:
        payload, self.draft = self.draft, None
        self.banner.hide()
        self.drafts.paused = False
        if payload:
            restore.apply_draft(self, payload)

    def discard_draft(self) -> None:
        self.draft = None
        self.banner.hide()
        self.drafts.paused = False
        self.executor.submit(self.services.discard_draft, lambda _r: None, self._show_error)
        self.picker.search.setFocus()
        self._edited()

    # resuming after a one-time notice ---------------------------------------------------
    def resume_case(self, case_id: int) -> None:
        """补正后受理: the applicant is back with the missing materials."""
        services = self.services

        def load() -> tuple[object, ItemGuide]:
            detail = services.case_detail(case_id)
            return detail, services.item_guide(detail.item_version_id)

        self.executor.submit(load, lambda pair: restore.show_case(self, *pair), self._show_error)
