"""The monitor's other deadlines: a forward past its expected reply and a material held
longer than the hall allows are counted beside the levels, listed, and open their case; so
are the follow-ups (回访整改) and complaints (效能投诉) near or past their limit, which the
status bar names apart from the cases' figures."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import Qt

from hallapp.app import AppContext
from hallapp.core.custody import APPLICANT, HandoverItem, Party, PartyKind
from hallapp.services import agents, complaints, custody, forwarding, hall_settings
from hallapp.services.actors import Actor
from hallapp.services.forwarding import ForwardForm, ForwardTarget, ForwardWay
from hallapp.ui.monitor.monitor_view import MonitorView
from hallapp.ui.operations import InlineExecutor
from tests.integration.test_complaints import TUESDAY, register
from tests.ui.conftest import make_window
from tests.ui.test_complaints_view import activate
from tests.ui.test_follow_ups_view import two_follow_ups
from tests.ui.test_monitor_view import open_window
from tests.ui.test_register_support import make_case, resident_id, services_for


def test_overdue_forwards_and_held_materials_are_counted_listed_and_opened(
    qtbot, demo: AppContext, clerk: Actor, supervisor: Actor, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    forwarded = make_case(
        demo, clerk, item="医疗救助", now=datetime(2026, 11, 2, 9), doc=resident_id(1)
    ).case_id
    forwarding.forward(
        demo.uow(),
        clerk,
        forwarded,
        ForwardForm((ForwardTarget("县医保局", 3, ForwardWay.POST),)),
        now=datetime(2026, 11, 3, 10),
    )
    held = make_case(
        demo,
        clerk,
        item="医疗救助",
        now=datetime(2026, 11, 9, 9),
        doc=resident_id(2),
        name="李桂兰",
    ).case_id
    wang = next(a for a in agents.list_agents(demo.read_uow()) if a.name == "王芳")
    agents.put_under_agent_service(
        demo.uow(),
        clerk,
        held,
        agents.AgentServiceForm(wang.id, "代为递交申请材料"),
        now=datetime(2026, 11, 9, 10),
    )
    township_agent = Party(PartyKind.TOWNSHIP_AGENT, str(wang.id), wang.name)
    custody.record_handover(
        demo.uow(),
        clerk,
        held,
        custody.HandoverForm(APPLICANT, township_agent, (HandoverItem("户口簿"),)),
        now=datetime(2026, 11, 10, 9),
    )
    hall_settings.set_custody_max_days(demo.uow(), supervisor, 3)

    # The window reads the real day: any day after the forward's and the hand-over's dates.
    window = make_window(qtbot, demo, clerk, tmp_path)
    window.show_area("deadlines")
    monitor = window.monitor
    monitor.refresh()
    qtbot.waitUntil(lambda: monitor.other_deadlines is not None)
    other = monitor.other_deadlines
    assert other is not None
    assert [f.case_id for f in other.forwards] == [forwarded] and other.overdue_forwards == 1
    assert [(h.case_id, h.material) for h in other.held] == [(held, "户口簿")]
    assert monitor.other_button.text() == "转报1 滞留1…"

    dialog = monitor.show_other_deadlines()
    assert dialog is not None
    assert dialog.forwards.item(0, 3).text() == "县医保局"
    assert dialog.held.item(0, 1).text() == "李桂兰"
    dialog.held.cellDoubleClicked.emit(0, 0)
    assert window.current_area() == "cases"
    assert window.case_view.case_id == held


# 回访整改 and 效能投诉 ---------------------------------------------------------------------------
FEEDBACK_DAY = date(2026, 10, 13)  # the day after the first follow-up and complaint fall due


def feedback(demo: AppContext, clerk: Actor, supervisor: Actor) -> dict[str, int]:
    """Two open follow-ups (超期, 预警) and three complaints: one unanswered and overdue, one
    unanswered with time to spare, one answered (its limit no longer runs)."""
    late, soon = two_follow_ups(demo, clerk)
    overdue = register(demo, clerk).id
    fresh = register(demo, clerk, now=datetime(2026, 10, 12, 9), days=10).id
    answered = register(demo, clerk, now=datetime(2026, 9, 30, 9)).id
    complaints.record_findings(demo.uow(), supervisor, answered, "属实", True, now=TUESDAY)
    complaints.record_reply(
        demo.uow(), supervisor, answered, "已致歉", date(2026, 10, 8), now=datetime(2026, 10, 8)
    )
    return {"late": late, "soon": soon, "overdue": overdue, "fresh": fresh}


def test_follow_ups_and_complaints_near_or_past_their_limit_are_listed_and_open(
    qtbot, demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:  # type: ignore[no-untyped-def]
    ids = feedback(demo, clerk, supervisor)
    monitor = MonitorView(services_for(demo, supervisor), InlineExecutor(), lambda: FEEDBACK_DAY)
    qtbot.addWidget(monitor)
    monitor.refresh()
    other = monitor.other_deadlines
    assert other is not None
    assert [f.case_id for f in other.follow_ups] == [ids["late"], ids["soon"]]
    assert [c.id for c in other.complaints] == [ids["overdue"]]
    assert (other.overdue_follow_ups, other.overdue_complaints) == (1, 1)
    assert monitor.other_button.text() == "转报0 滞留0 回访2 投诉1…"
    assert "color:#b71c1c" in monitor.other_button.styleSheet()
    assert monitor.other_button.toolTip() == (
        "转报县级部门待答复 0 件；材料保管超过规定工作日 0 份；回访整改预警 1 项、超期 1 项；"
        "效能投诉预警 0 件、超期 1 件。点击查看。"
    )

    dialog = monitor.show_other_deadlines()
    assert dialog is not None
    assert dialog.forwards.isHidden() and dialog.held.isHidden()
    assert dialog.follow_ups.rowCount() == 2 and dialog.complaints.rowCount() == 1
    assert dialog.follow_ups.item(0, 1).text() == "非常不满意"
    assert dialog.follow_ups.item(0, 4).text() == "超期（超1个工作日）"
    assert dialog.follow_ups.item(0, 4).foreground().color().name() == "#b71c1c"
    assert dialog.follow_ups.item(1, 4).foreground().color().name() == "#7a5200"
    assert dialog.complaints.item(0, 1).text() == "工作人员：刘军（2号窗口）"
    assert dialog.complaints.item(0, 3).text() == "2026-10-12"
    with qtbot.waitSignal(monitor.open_case) as opened:
        dialog.follow_ups.cellDoubleClicked.emit(1, 0)
    assert opened.args == [ids["soon"]]

    monitor.show()
    dialog = monitor.show_other_deadlines()
    assert dialog is not None
    activate(qtbot, dialog)
    dialog.complaints.setFocus()
    dialog.complaints.setCurrentCell(0, 0)
    with qtbot.waitSignal(monitor.open_complaint) as opened:
        qtbot.keyClick(dialog.complaints, Qt.Key.Key_Return)
    assert opened.args == [ids["overdue"]]
    assert not dialog.isVisible()


def test_nothing_near_its_limit_keeps_the_button_as_it_was(
    qtbot, demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:  # type: ignore[no-untyped-def]
    feedback(demo, clerk, supervisor)
    monitor = MonitorView(
        services_for(demo, supervisor), InlineExecutor(), lambda: date(2026, 9, 29)
    )
    qtbot.addWidget(monitor)
    monitor.refresh()
    assert monitor.other_button.text() == "转报0 滞留0…"
    assert "color:#b71c1c" not in monitor.other_button.styleSheet()


def test_the_status_bar_adds_follow_ups_and_complaints_beside_the_case_figures(
    qtbot, demo: AppContext, clerk: Actor, supervisor: Actor, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    feedback(demo, clerk, supervisor)
    window = open_window(qtbot, demo, clerk, tmp_path, today=lambda: FEEDBACK_DAY)
    status = window.deadline_status
    counts = services_for(demo, clerk).level_counts(FEEDBACK_DAY)
    # The case figures keep their meaning: the open cases' levels, as the monitor counts.
    assert status.warning == counts.warning
    assert status.overdue == counts.overdue + counts.legal_overdue
    assert (status.other_warning, status.other_overdue) == (1, 2)
    assert status.text() == (
        f"预警 {status.warning} 件 · 超期 {status.overdue} 件　｜　回访投诉 预警 1 · 超期 2"
    )
    assert f"color:{'#a3160b'}" in status.styleSheet()
    assert status.toolTip().splitlines()[1:3] == [
        "回访整改：预警 1 项，超期 1 项",
        "效能投诉：预警 0 件，超期 1 件",
    ]
