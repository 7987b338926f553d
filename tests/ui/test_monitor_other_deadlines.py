"""The monitor's other deadlines: a forward past its expected reply and a material held
longer than the hall allows are counted beside the levels, listed, and open their case."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from hallapp.app import AppContext
from hallapp.core.custody import APPLICANT, HandoverItem, Party, PartyKind
from hallapp.services import agents, custody, forwarding, hall_settings
from hallapp.services.actors import Actor
from hallapp.services.forwarding import ForwardForm, ForwardTarget, ForwardWay
from tests.ui.conftest import make_window
from tests.ui.test_register_support import make_case, resident_id


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
