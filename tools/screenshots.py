"""Write current pictures of the main screens into docs/ (``make screenshots``), and of
every printed document into docs/documents/ (``--documents`` for those alone).

Renders real widgets offscreen over a fresh demo database, so the pictures show exactly
what a clerk sees; documents are rendered by the services from cases taken in through
them, so they show exactly what an applicant is handed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget  # noqa: E402
from sqlalchemy import text  # noqa: E402

from hallapp.app import AppContext, open_database  # noqa: E402
from hallapp.config import Settings  # noqa: E402
from hallapp.core.lifecycle import Action, State  # noqa: E402
from hallapp.documents.model import DocumentKind, PaperFormat  # noqa: E402
from hallapp.documents.render import formats_for  # noqa: E402
from hallapp.services.actors import COMMAND_LINE  # noqa: E402
from hallapp.services.cases import apply_action  # noqa: E402
from hallapp.services.demo import seed_demo  # noqa: E402
from hallapp.services.facade import HallServices  # noqa: E402
from hallapp.services.halls import actor_for  # noqa: E402
from hallapp.ui.launch import make_application  # noqa: E402
from hallapp.ui.main_window import MainWindow  # noqa: E402
from hallapp.ui.operations import InlineExecutor  # noqa: E402
from tools.county_screenshots import shoot_county  # noqa: E402

SIZE = (1280, 800)
# A fixed day so the pictures only change when the program does.
TODAY = date(2026, 11, 27)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def save(widget: QWidget, path: Path) -> None:
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(shown(path))


def shoot_intake(app: QApplication, window: MainWindow, out: Path) -> None:
    """The intake screen filled in by keyboard, as a clerk leaves it before Ctrl+Enter."""
    window.show_area("intake")
    intake = window.intake
    settle(app)
    QTest.keyClicks(intake.picker.search, "zdshbzsq")
    QTest.qWait(300)
    QTest.keyClick(intake.picker.search, Qt.Key.Key_Return)
    settle(app)
    QTest.keyClicks(intake.applicant.doc_number, "430121195803120023")
    QTest.keyClick(intake.applicant.doc_number, Qt.Key.Key_Tab)
    intake.applicant.name.setText("刘秀英")
    intake.applicant.phone.setText("13974810236")
    intake.applicant.address.setText("示例县示例镇团结村3组12号")
    QTest.keyClick(intake, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    settle(app)
    save(window, out / "intake.png")
    QTest.keyClick(intake, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(app)
    save(window, out / "intake-accepted.png")


def shoot_cases(app: QApplication, window: MainWindow, ctx: AppContext, out: Path) -> None:
    """The register over generated cases, and one case with its timeline."""
    from hallapp.services.demo_cases import generate_cases

    generate_cases(ctx.uow(), COMMAND_LINE, 400, seed=11, today=TODAY)
    window.show_area("cases")
    window.register.refresh()
    window.deadlines.refresh()  # the status bar's counts, as after any saved case
    settle(app)
    save(window, out / "register.png")
    model = window.register.model
    case_id = next(  # an open case, so that its next steps show
        model.case_id_at(r)
        for r in range(model.rowCount())
        if (row := model.case_row(r)) is not None and row.state is State.IN_PROGRESS
    )
    window.open_case(case_id)
    settle(app)
    save(window, out / "case-view.png")


def _more_agent_cases(ctx: AppContext, today: date) -> list[int]:
    """Most generated agent-service cases are long closed by ``today``: a few of the open
    demo cases are put under 王芳's service too, with materials in her hands or on their
    way to her from the village agent, so the picture shows every list."""
    from datetime import datetime, time

    from hallapp.core.custody import APPLICANT, HandoverItem, Party
    from hallapp.services import agents, custody, deadlines

    clerk = actor_for(ctx.read_uow(), "zhangmin")
    listed = {a.name: a for a in agents.list_agents(ctx.read_uow())}
    wang, zhao = listed["王芳"], listed["赵春兰"]
    parties = [Party(custody.AGENT_PARTY[a.kind], str(a.id)) for a in (wang, zhao)]
    at = datetime.combine(today, time(9, 0))
    open_cases = [r.id for r in deadlines.monitor_rows(ctx.read_uow(), today, limit=40)]
    handed: list[int] = []
    for n, case_id in enumerate(open_cases[:8]):
        if agents.agent_service(ctx.read_uow(), case_id) is not None:
            continue
        form = agents.AgentServiceForm(wang.id, "代为申请并领取结果")
        agents.put_under_agent_service(ctx.uow(), clerk, case_id, form, now=at)
        held = custody.custody_view(ctx.read_uow(), case_id, today).holdings
        items = tuple(HandoverItem(h.material) for h in held[:2] if h.holder == APPLICANT)
        if items:
            handover = custody.HandoverForm(
                APPLICANT, parties[1 if n % 3 == 2 else 0], items, at=at
            )
            custody.record_handover(ctx.uow(), clerk, case_id, handover, now=at)
            handed.append(case_id)
    return handed


def shoot_workbench(app: QApplication, out: Path) -> None:
    """The township agent's workbench over generated demo cases (about one in eight under
    agent service), on a database of its own like the monitor's."""
    from hallapp.services.demo_cases import generate_cases

    work = Path(tempfile.mkdtemp(prefix="hallapp-workbench-"))
    ctx, _ = open_demo(work)
    generate_cases(ctx.uow(), COMMAND_LINE, 1500, seed=11, today=TODAY)
    handed = _more_agent_cases(ctx, TODAY)
    agent = actor_for(ctx.read_uow(), "wangfang")
    services = HallServices(ctx.uow, ctx.read_uow, agent, ctx.db_path)
    window = window_on(app, services, work, "agents")
    save(window, out / "workbench.png")
    # One of those cases: who holds which material, and the slip of its last hand-over.
    window.open_case(handed[0])
    settle(app)
    save(window, out / "custody-chain.png")
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is not None:
        from hallapp.services import printing

        slip = printing.render_document(
            ctx.read_uow(), agent, handed[0], DocumentKind.HANDOVER, today=TODAY
        )
        (out / "documents").mkdir(parents=True, exist_ok=True)
        picture(pdftoppm, slip.data, out / "documents" / "handover-slip")
    window.close()
    ctx.close()


def shoot_login(app: QApplication, out: Path) -> None:
    """The login at start on the demo hall, after one wrong password: the message the
    account service gives, inline, and the demo's hint."""
    from hallapp.services.accounts import LoginFailed
    from hallapp.ui.login.gate import AccountGate
    from hallapp.ui.login.login_dialog import LoginDialog

    work = Path(tempfile.mkdtemp(prefix="hallapp-login-"))
    ctx, _ = open_demo(work)
    gate = AccountGate(ctx.uow, ctx.read_uow)
    dialog = LoginDialog(gate, InlineExecutor(), hint=gate.start().demo_hint)
    dialog.login.setText("zhangmin")
    try:
        gate.authenticate("zhangmin", "wrong-password")
    except LoginFailed as exc:
        dialog.message.say(exc.message)
    dialog.show()
    dialog.password.setFocus()
    settle(app)
    save(dialog, out / "login.png")
    dialog.close()
    ctx.close()


def shoot_evaluation(app: QApplication, out: Path) -> None:
    """The evaluation screen facing the applicant, for a case done on the spot: 不满意
    picked, which opens the comment box, and a comment being written."""
    from hallapp.core.evaluation import Rating
    from hallapp.core.identity import DocumentType
    from hallapp.core.intake import (
        Applicant,
        ApplicantKind,
        Decision,
        IntakeForm,
        MaterialLine,
        MaterialStatus,
    )
    from hallapp.services import catalogue, intake
    from hallapp.ui.evaluation import desk_for

    work = Path(tempfile.mkdtemp(prefix="hallapp-evaluation-"))
    ctx, services = open_demo(work)
    found = catalogue.search_items(ctx.read_uow(), "居住证明")
    item = next(i for i in found if i.promised.on_the_spot)
    spec = catalogue.item_guide(ctx.read_uow(), item.version_id).spec
    materials = tuple(
        MaterialLine(
            m.name,
            m.form.value,
            m.copies,
            m.required,
            MaterialStatus.RECEIVED if m.required else MaterialStatus.NOT_APPLICABLE,
            original_seen=True,
            copies_taken=m.copies,
        )
        for m in spec.materials
    )
    applicant = Applicant(
        ApplicantKind.PERSON,
        "刘秀英",
        DocumentType.RESIDENT_ID,
        "430121195803120023",
        "13974810236",
    )
    form = IntakeForm(item.version_id, applicant, materials, idempotency_key=intake.new_form_key())
    done = intake.submit_intake(
        ctx.uow(), services.actor, form, Decision.ON_THE_SPOT, now=datetime(2026, 11, 27, 10, 5)
    )
    counter = QWidget()  # the clerk's window: the picture is of the applicant's side
    screen = desk_for(counter, services, InlineExecutor()).send(
        done.case_id, done.number, item.name
    )
    screen.resize(*SIZE)
    screen.choose(Rating.DISSATISFIED)
    screen.comment.setPlainText("排队等了很久，希望高峰时多开一个窗口。")
    settle(app)
    save(screen, out / "evaluation-screen.png")
    screen.close()
    counter.deleteLater()
    ctx.close()


def reports_window(app: QApplication, work: Path) -> tuple[AppContext, HallServices, MainWindow]:
    """The window of 李建国 (中心负责人) over generated demo cases, on 统计."""
    from hallapp.services.demo_cases import generate_cases

    ctx, _ = open_demo(work)
    generate_cases(ctx.uow(), COMMAND_LINE, 1500, seed=11, today=TODAY)
    boss = actor_for(ctx.read_uow(), "lijianguo")
    services = HallServices(ctx.uow, ctx.read_uow, boss, ctx.db_path)
    return ctx, services, window_on(app, services, work, "reports")


def shoot_reports(app: QApplication, out: Path) -> None:
    """统计报表 of the pictures' year: the figures, the charts and the tables; and the first
    page of the same report exported as PDF."""
    from hallapp.ui.reports.periods import Preset

    work = Path(tempfile.mkdtemp(prefix="hallapp-reports-"))
    ctx, services, window = reports_window(app, work)
    stats = window.reports.stats
    window.reports.setCurrentWidget(stats)
    stats.period_bar.choose(Preset.THIS_YEAR)
    stats.run()
    settle(app)
    if stats.stats is None:
        raise SystemExit(f"the statistics did not run: {stats.messages.text}")
    save(window, out / "reports.png")
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise SystemExit("pdftoppm (poppler-utils) is needed to picture the statistics PDF")
    pdf = services.export_stats(stats.stats, work / "stats.pdf")
    picture(pdftoppm, pdf.read_bytes(), out / "documents" / "stats")
    window.close()
    ctx.close()


def shoot_ledger(app: QApplication, out: Path) -> None:
    """工作台账 of the pictures' day: every step at the counter and each person's totals;
    and its printed page."""
    work = Path(tempfile.mkdtemp(prefix="hallapp-ledger-"))
    ctx, services, window = reports_window(app, work)
    ledger = window.reports.ledger
    window.reports.setCurrentWidget(ledger)
    ledger.show_day(TODAY)
    settle(app)
    if ledger.ledger is None or not ledger.ledger.lines:
        raise SystemExit(f"the ledger of {TODAY} is empty: {ledger.messages.text}")
    save(window, out / "ledger.png")
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise SystemExit("pdftoppm (poppler-utils) is needed to picture the ledger")
    pdf = services.export_ledger(ledger.ledger, work / "ledger.pdf")
    picture(pdftoppm, pdf.read_bytes(), out / "documents" / "ledger")
    window.close()
    ctx.close()


def window_on(app: QApplication, services: HallServices, work: Path, area: str) -> MainWindow:
    """The main window at the pictures' size and day, showing ``area``."""
    state = QSettings(str(work / "w.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        services, InlineExecutor(), state, today=lambda: TODAY, morning_reminder=False
    )
    window.resize(*SIZE)
    window.show()
    window.show_area(area)
    settle(app)
    return window


def open_demo(work: Path) -> tuple[AppContext, HallServices]:
    ctx = open_database(Settings(work / "demo.sqlite3", work / "backups", work / "c.toml"))
    seed_demo(ctx.uow(), COMMAND_LINE)
    actor = actor_for(ctx.read_uow(), "zhangmin")
    return ctx, HallServices(ctx.uow, ctx.read_uow, actor, ctx.db_path)


def shoot_monitor(app: QApplication, out: Path) -> None:
    """The deadline monitor over a hall with open cases in every level, and the printed
    start-of-day list, on a database of their own so that no case taken in by the other
    pictures (on today's real date) shows among them."""
    from hallapp.services.deadlines import Bucket
    from hallapp.services.demo_cases import generate_cases

    work = Path(tempfile.mkdtemp(prefix="hallapp-monitor-"))
    ctx, services = open_demo(work)
    generate_cases(ctx.uow(), COMMAND_LINE, 1500, seed=11, today=TODAY)
    counts = services.level_counts(TODAY)
    if missing := [b.label for b in Bucket if not counts.of(b)]:
        raise SystemExit(f"the demo cases leave levels empty: {'、'.join(missing)}")
    window = window_on(app, services, work, "deadlines")
    save(window, out / "monitor.png")

    pdf = work / "morning-list.pdf"
    services.write_morning_list(TODAY, pdf)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise SystemExit("pdftoppm (poppler-utils) is needed to picture the start-of-day list")
    target = out / "morning-list"
    subprocess.run(
        [pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)],
        check=True,
    )
    print(shown(target.with_suffix(".png")))
    window.close()
    ctx.close()


def shoot_complaints(app: QApplication, out: Path) -> None:
    """效能投诉 in the 统计 area as the supervisor sees it: the demo's generated complaints and
    three received this fortnight, registered through the service; the overdue one, whose
    findings are in and whose reply is next, selected."""
    from dataclasses import replace
    from typing import Any

    from hallapp.core.complaints import ComplaintChannel, SubjectKind
    from hallapp.services import agents, complaints
    from hallapp.services.complaints import ComplaintForm
    from hallapp.services.demo_cases import generate_cases
    from hallapp.ui.supervision.complaints_view import ComplaintsView

    work = Path(tempfile.mkdtemp(prefix="hallapp-complaints-"))
    ctx, _ = open_demo(work)
    generate_cases(ctx.uow(), COMMAND_LINE, 6000, seed=11, today=TODAY)
    clerk = actor_for(ctx.read_uow(), "zhangmin")
    boss = actor_for(ctx.read_uow(), "lijianguo")
    chen = next(a for a in agents.list_agents(ctx.read_uow()) if a.name == "陈德厚")

    nobody = ComplaintForm(
        ComplaintChannel.WINDOW, False, "", "", SubjectKind.CLERK, None, None, None, "", "", 5
    )

    def received(at: datetime, **fields: Any) -> int:
        form = replace(nobody, **fields)
        return complaints.register_complaint(ctx.uow(), clerk, form, at).id

    late = received(
        datetime(2026, 11, 17, 9, 40),
        channel=ComplaintChannel.WINDOW,
        complainant_name="王秀英",
        complainant_phone="13874120356",
        subject_kind=SubjectKind.CLERK,
        subject_staff_login="liujun",
        content="上午十一点多到2号窗口办理居住证明，窗口无人，等了四十分钟",
        days=5,
    )
    received(
        datetime(2026, 11, 24, 14, 10),
        channel=ComplaintChannel.HOTLINE,
        anonymous=True,
        subject_kind=SubjectKind.DEPARTMENT,
        subject_department="县医保局",
        content="12345转来：医疗救助报销材料被退回三次，每次只说一项问题",
        days=10,
    )
    received(
        datetime(2026, 11, 26, 10, 30),
        channel=ComplaintChannel.PHONE,
        complainant_name="陈桂香",
        complainant_phone="13907315528",
        subject_kind=SubjectKind.AGENT,
        subject_agent_id=chen.id,
        content="代办员约好周二上门取材料，一直没来，电话也没有回",
        days=5,
    )
    complaints.assign_handler(ctx.uow(), boss, late, "zhangmin", now=datetime(2026, 11, 17, 15))
    complaints.record_findings(
        ctx.uow(),
        boss,
        late,
        "调取监控核实：该工作人员11:20至12:00离岗，未放置暂停服务提示牌",
        True,
        now=datetime(2026, 11, 25, 16),
    )
    services = HallServices(ctx.uow, ctx.read_uow, boss, ctx.db_path)
    window = window_on(app, services, work, "reports")
    view = window.findChild(ComplaintsView)
    tabs = window.pages["reports"]
    if view is None or not isinstance(tabs, QTabWidget):
        raise SystemExit("the 统计 area has no 效能投诉 tab")
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "效能投诉"))
    view.refresh()
    view.table.selectRow(next(i for i, c in enumerate(view.model.rows()) if c.id == late))
    settle(app)
    save(window, out / "complaints.png")
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise SystemExit("pdftoppm (poppler-utils) is needed to picture the complaint form")
    form = complaints.render_complaint_pdf(ctx.uow(), boss, late)
    picture(pdftoppm, form, out / "documents" / "complaint")
    window.close()
    ctx.close()


DOCUMENT_DAY = datetime(2026, 11, 23, 9, 30)


def document_cases(ctx: AppContext) -> dict[DocumentKind, int]:
    """A case in the right state for each document, taken in through the services."""
    from hallapp.core.identity import DocumentType
    from hallapp.core.intake import (
        Applicant,
        ApplicantKind,
        Decision,
        FeeLine,
        IntakeForm,
        MaterialLine,
        MaterialStatus,
        PaymentMethod,
        Refusal,
    )
    from hallapp.services import catalogue, intake

    clerk = actor_for(ctx.read_uow(), "zhangmin")
    supervisor = actor_for(ctx.read_uow(), "lijianguo")
    person = Applicant(
        ApplicantKind.PERSON,
        "刘秀英",
        DocumentType.RESIDENT_ID,
        "430121195803120023",
        "13974810236",
        "示例县示例镇团结村3组12号",
    )
    proxy = Applicant(
        ApplicantKind.PERSON,
        "刘建军",
        DocumentType.RESIDENT_ID,
        "430121198807150012",
        "13907310088",
    )

    def take_in(
        item: str, decision: Decision, *, missing: str = "", with_proxy: bool = False
    ) -> int:
        version_id = catalogue.search_items(ctx.read_uow(), item)[0].version_id
        spec = catalogue.item_guide(ctx.read_uow(), version_id).spec
        materials = tuple(
            MaterialLine(
                m.name,
                m.form.value,
                m.copies,
                m.required,
                MaterialStatus.MISSING
                if m.name == missing
                else (MaterialStatus.RECEIVED if m.required else MaterialStatus.NOT_APPLICABLE),
                m.name != missing,
                0 if m.name == missing else m.copies,
                "须提供村（居）委会出具的家庭困难情况证明，加盖公章" if m.name == missing else "",
            )
            for m in spec.materials
        )
        form = IntakeForm(
            version_id,
            person,
            materials,
            fees=tuple(FeeLine(f.name, f.amount_fen) for f in spec.fees),
            proxy=proxy if with_proxy else None,
            payment_method=PaymentMethod.MOBILE if spec.fees else PaymentMethod.NONE,
            idempotency_key=intake.new_form_key(),
        )
        refusal = (
            Refusal("not_our_matter", "申请事项属于县不动产登记中心职权，请向该中心申请")
            if decision is Decision.REFUSE
            else None
        )
        return intake.submit_intake(
            ctx.uow(), clerk, form, decision, refusal, now=DOCUMENT_DAY
        ).case_id

    accepted = take_in("集镇住宅不动产转移登记", Decision.ACCEPT, with_proxy=True)
    noticed = take_in("临时救助申请", Decision.NOTICE, missing="困难情况证明材料")
    refused = take_in("农村宅基地使用权及房屋所有权首次登记", Decision.REFUSE)
    finished = take_in("临时救助申请", Decision.ACCEPT)
    for action in (
        Action.START_HANDLING,
        Action.SUBMIT_FOR_REVIEW,
        Action.APPROVE,
        Action.COMPLETE,
    ):
        apply_action(ctx.uow(), supervisor, finished, action, "同意", now=DOCUMENT_DAY)
    # Query passwords are random; fixed here so the pictures change only with the program.
    with ctx.engine.begin() as conn:
        conn.execute(text("UPDATE cases SET query_password = '602418'"))
    K = DocumentKind
    return {
        K.RECEIPT: accepted,
        K.BILL: accepted,
        K.AUTHORISATION: accepted,
        K.HANDOVER: accepted,
        K.NOTICE: noticed,
        K.REFUSAL: refused,
        K.PICKUP: finished,
        K.DELIVERY: finished,
    }


def picture(pdftoppm: str, data: bytes, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "doc.pdf"
        pdf.write_bytes(data)
        subprocess.run(
            [pdftoppm, "-png", "-r", "80", "-singlefile", str(pdf), str(target)], check=True
        )
    print(shown(target.with_suffix(".png")))


def shoot_documents(out: Path) -> None:
    """Every printed document as the applicant gets it: A4, and the two 80 mm receipts."""
    from hallapp.services import printing

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise SystemExit("pdftoppm (poppler-utils) is needed to picture the documents")
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="hallapp-documents-"))
    ctx, services = open_demo(work)
    clerk = services.actor
    for kind, case_id in document_cases(ctx).items():
        for fmt in formats_for(kind):
            if fmt is PaperFormat.ESCPOS:
                continue  # printer commands, no page to picture
            doc = printing.render_document(
                ctx.read_uow(), clerk, case_id, kind, fmt, today=DOCUMENT_DAY.date()
            )
            suffix = "-80mm" if fmt is PaperFormat.THERMAL_80MM else ""
            picture(pdftoppm, doc.data, out / f"{kind.value}{suffix}")
    code = catalogue_code(ctx, "集镇住宅不动产转移登记")
    guide = printing.render_guide(ctx.read_uow(), code, today=DOCUMENT_DAY.date())
    picture(pdftoppm, guide, out / "guide")
    ctx.close()


def catalogue_code(ctx: AppContext, name: str) -> str:
    from hallapp.services import catalogue

    return catalogue.search_items(ctx.read_uow(), name)[0].code


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    work = Path(tempfile.mkdtemp(prefix="hallapp-shots-"))
    ctx, services = open_demo(work)
    state = QSettings(str(work / "w.ini"), QSettings.Format.IniFormat)
    window = MainWindow(services, InlineExecutor(), state, today=lambda: TODAY)
    window.resize(*SIZE)
    window.show()
    settle(app)

    view = window.catalogue
    view.search.setText("ylbx")
    view.run_search()
    view.table.selectRow(0)
    settle(app)
    save(window, out / "main-window.png")

    view.search.setText("宅基地")
    view.run_search()
    view.table.selectRow(0)
    settle(app)
    save(window, out / "catalogue-guide.png")

    shoot_intake(app, window, out)
    shoot_cases(app, window, ctx, out)

    window.show_area("settings")
    window.settings_tabs.setCurrentWidget(window.calendar_view)
    window.calendar_view.year.setValue(2026)
    window.calendar_view.grid.select(date(2026, 2, 14))
    settle(app)
    save(window, out / "calendar.png")

    window.close()
    ctx.close()
    shoot_monitor(app, out)
    shoot_workbench(app, out)
    shoot_sync(app, out)
    shoot_reports(app, out)
    shoot_ledger(app, out)
    shoot_login(app, out)
    shoot_evaluation(app, out)
    shoot_complaints(app, out)
    shoot_county(out, TODAY)
    shoot_documents(out / "documents")
    return 0


SYNC_DAY = datetime(2026, 11, 27, 10, 42)
COUNTY_HUB = "https://zwfw.example.gov.cn"


def _county_catalogue(services: HallServices, path: Path) -> Path:
    """The hall's own catalogue as the county would republish it: one item renamed and one
    promised limit shortened, so the update has something to say."""
    import json

    services.export_catalogue(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["label"] = "示例县事项目录（2026年11月修订）"
    data["items"][0]["name"] += "（含临时身份证）"
    data["items"][1]["promised_limit"]["value"] = max(
        1, data["items"][1]["promised_limit"]["value"] - 2
    )
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _sync_with_hub(work: Path, boss: HallServices) -> None:
    """This morning's sync against the county hub served on loopback (its catalogue and
    the 2027 calendar published there first)."""
    import threading
    import time

    import uvicorn

    from hallapp.hub.app import create_app
    from hallapp.hub.store import HubStore
    from hallapp.services.demo import DEMO_HALL

    store_url = f"sqlite:///{work / 'hub.sqlite3'}"
    store = HubStore(store_url)
    try:
        store.add_hall(DEMO_HALL.code, DEMO_HALL.name).write(work / "credential.json")
        store.publish_catalogue(_county_catalogue(boss, work / "county-catalogue.json"))
        store.publish_calendar(ROOT / "tests" / "data" / "calendar-2027-test.json")
    finally:
        store.close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(store_url), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit("the county hub did not start for the sync picture")
        time.sleep(0.05)
    try:
        boss.configure_sync(f"http://127.0.0.1:{port}", DEMO_HALL.code, work / "credential.json")
        result = boss.sync_now()
        if result.error:
            raise SystemExit(f"the sync for the picture failed: {result.error}")
    finally:
        server.should_exit = True
        thread.join()


def shoot_sync(app: QApplication, out: Path) -> None:
    """The 同步 area late in the morning: everything up to 10:42 reached the county, with
    a catalogue and a calendar update; cases taken in since wait for the next run, and a
    batch the county refused waits for the supervisor."""
    from hallapp.services import sync_store
    from hallapp.services.demo_cases import generate_cases

    work = Path(tempfile.mkdtemp(prefix="hallapp-sync-"))
    ctx, services = open_demo(work)
    boss = HallServices(ctx.uow, ctx.read_uow, actor_for(ctx.read_uow(), "lijianguo"), ctx.db_path)
    generate_cases(ctx.uow(), COMMAND_LINE, 40, seed=11, today=TODAY, outbox="all")
    _sync_with_hub(work, boss)
    # Since then: cases taken in and moved on wait for the next run, and the county
    # refused the batch that carried them.
    document_cases(ctx)
    with ctx.engine.begin() as conn:
        first = int(conn.execute(text("SELECT acked_seq FROM sync_state")).scalar_one()) + 1
        last = int(conn.execute(text("SELECT max(seq) FROM outbox")).scalar_one())
    sync_store.park(
        ctx.uow(),
        first,
        last,
        "checksum",
        "批次内容与校验值不符（文件在传输中损坏），县级平台未接收",
        SYNC_DAY,
    )
    # Real runs stamp the computer's clock and the hub listened on a free loopback port;
    # the picture keeps its fixed morning and the county's address.
    with ctx.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE sync_state SET last_success_at = :at, last_attempt_at = :at, hub_url = :url"
            ),
            {"at": SYNC_DAY, "url": COUNTY_HUB},
        )
        conn.execute(text("UPDATE sync_updates SET at = :at"), {"at": SYNC_DAY})
    window = window_on(app, services, work, "sync")
    save(window, out / "sync.png")
    window.sync_area.shutdown()
    window.close()
    ctx.close()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--documents"]
    target = ROOT / (args[0] if args else "docs")
    if "--documents" in sys.argv:  # only the printed documents, no widgets
        shoot_documents(target / "documents")
        raise SystemExit(0)
    raise SystemExit(main(target))
