"""只读用户: the window lets a read-only account look everywhere and offers it no form the
services would refuse; every grey control names the role it needs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from hallapp.app import AppContext
from hallapp.core.custody import APPLICANT, HandoverItem, Party, PartyKind
from hallapp.services import agents, custody, forwarding, halls
from hallapp.services.actors import COMMAND_LINE, Actor, Role
from hallapp.services.forwarding import ForwardForm, ForwardTarget, ForwardWay
from hallapp.ui.main_window import MainWindow
from hallapp.ui.pages import ReadOnlyPage
from tests.ui.conftest import make_window
from tests.ui.test_register_support import make_case, resident_id, services_for

CASE_WORK = "窗口人员、中心负责人或代办员"


@pytest.fixture
def reader(demo: AppContext) -> Actor:
    member = halls.StaffMember("zhaoxiao", "赵晓", frozenset({Role.READONLY}))
    return halls.add_staff(demo.uow(), COMMAND_LINE, member)


@pytest.fixture
def window(qtbot, demo: AppContext, reader: Actor, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    return make_window(qtbot, demo, reader, tmp_path)


def agent_case(demo: AppContext, clerk: Actor) -> int:
    """A case under agent service, forwarded and waiting for the reply, with a hand-over:
    every section of the case view has its buttons."""
    case_id = make_case(
        demo, clerk, item="医疗救助", now=datetime(2026, 11, 2, 9), doc=resident_id(1)
    ).case_id
    wang = next(a for a in agents.list_agents(demo.read_uow()) if a.name == "王芳")
    agents.put_under_agent_service(
        demo.uow(),
        clerk,
        case_id,
        agents.AgentServiceForm(wang.id, "代为递交申请材料"),
        now=datetime(2026, 11, 2, 10),
    )
    township_agent = Party(PartyKind.TOWNSHIP_AGENT, str(wang.id), wang.name)
    custody.record_handover(
        demo.uow(),
        clerk,
        case_id,
        custody.HandoverForm(APPLICANT, township_agent, (HandoverItem("户口簿"),)),
        now=datetime(2026, 11, 2, 11),
    )
    forwarding.forward(
        demo.uow(),
        clerk,
        case_id,
        ForwardForm((ForwardTarget("县医保局", 3, ForwardWay.POST),)),
        now=datetime(2026, 11, 3, 10),
    )
    return case_id


def test_the_window_opens_on_the_register_and_intake_is_a_notice(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
) -> None:
    assert window.current_area() == "cases"
    assert window.intake is None
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "intake"
    page = window.pages["intake"]
    assert isinstance(page, ReadOnlyPage)
    assert "受理办件需要窗口人员或中心负责人角色" in page.why.text()
    for where in ("办件（Ctrl+2）", "期限（Ctrl+3）", "同步（Ctrl+5）", "事项（Ctrl+7）"):
        assert where in page.places.text()
    assert not page.findChildren(QLineEdit) and not page.findChildren(QPushButton)
    # The roles are said once, in the status bar, as for everyone.
    assert "当前用户：赵晓（只读用户）" in window.user_label.text()


def test_every_button_of_the_case_view_is_grey_and_names_the_role(
    qtbot, demo: AppContext, clerk: Actor, reader: Actor, tmp_path: Path
) -> None:
    case_id = agent_case(demo, clerk)
    window = make_window(qtbot, demo, reader, tmp_path)
    window.open_case(case_id)
    view = window.case_view
    assert view.detail is not None and view.detail.actions

    bar = view.action_bar
    assert bar.buttons
    for button in bar.buttons.values():
        assert not button.isEnabled()
        assert f"办理办件需要{CASE_WORK}角色" == button.toolTip()
    assert bar.role_note.isVisible() and CASE_WORK in bar.role_note.text()

    assert not view.print_button.isEnabled()
    assert view.print_button.toolTip() == f"打印文书需要{CASE_WORK}角色"
    qtbot.keyClick(view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert not view.print_menu.isVisible()
    assert view.messages.text == f"打印文书需要{CASE_WORK}角色"

    for button in view.clock_section.buttons.values():
        assert not button.isEnabled()

    section = view.agent_section
    assert section.reassign_button.isVisible()
    for button, role in (
        (section.reassign_button, "窗口人员或中心负责人"),
        (section.accept_button, "代办员或中心负责人"),
        (section.print_button, CASE_WORK),
    ):
        assert not button.isEnabled()
        assert role in button.toolTip()

    held = view.custody_section
    assert held.isVisible() and held.record_rows()
    held.records.selectRow(0)
    for button in (held.handover_button, held.correct_button):
        assert not button.isEnabled()
        assert f"登记材料交接需要{CASE_WORK}角色" == button.toolTip()

    forwards = view.forward_section
    assert forwards.isVisible() and forwards.rows()
    assert not forwards.reply_button.isEnabled()
    assert forwards.reply_button.toolTip() == f"登记转报答复需要{CASE_WORK}角色"


def test_the_clock_buttons_say_the_role_where_only_the_role_stands_in_the_way(
    qtbot, demo: AppContext, clerk: Actor, reader: Actor, tmp_path: Path
) -> None:
    case_id = make_case(demo, clerk).case_id  # 受理: its clock runs, a pause would fit
    window = make_window(qtbot, demo, reader, tmp_path)
    window.open_case(case_id)
    clock = window.case_view.clock_section
    pause = clock.buttons["pause"]
    assert not pause.isEnabled()
    assert pause.toolTip() == f"办理办件需要{CASE_WORK}角色"
    assert f"办理办件需要{CASE_WORK}角色" in clock.note.text()


def test_the_same_case_stays_workable_for_a_clerk(
    qtbot, demo: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    case_id = agent_case(demo, clerk)
    window = make_window(qtbot, demo, clerk, tmp_path)
    window.open_case(case_id)
    view = window.case_view
    assert view.print_button.isEnabled()
    assert view.action_bar.buttons and any(b.isEnabled() for b in view.action_bar.buttons.values())
    assert view.forward_section.reply_button.isEnabled()
    assert view.custody_section.handover_button.isEnabled()
    assert view.agent_section.reassign_button.isEnabled()
    # The service lets only the agent or the supervisor record the acceptance.
    assert not view.agent_section.accept_button.isEnabled()
    assert "代办员或中心负责人" in view.agent_section.accept_button.toolTip()


def test_sync_calendar_catalogue_and_settings_offer_only_what_is_allowed(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
) -> None:
    window.show_area("sync")
    sync = window.sync_area
    # Every role may send the hall's records, by link or by U盘.
    for button in (sync.sync_button, sync.export_button, sync.ack_button):
        assert button.isEnabled()
    assert not sync.settings_button.isEnabled()
    assert "中心负责人或管理员" in sync.settings_button.toolTip()
    assert not sync.retry_button.isEnabled()
    assert "中心负责人或管理员" in sync.retry_button.toolTip()

    window.show_area("catalogue")
    assert not window.catalogue.import_button.isEnabled()
    assert "中心负责人或管理员" in window.catalogue.import_button.toolTip()
    assert window.catalogue.export_button.isEnabled()

    window.show_area("settings")
    calendar = window.calendar_view
    assert not calendar.edit_box.isEnabled() and not calendar.import_button.isEnabled()
    assert "中心负责人或管理员" in calendar.import_button.toolTip()
    view = window.settings_view
    for widget in (view.name, view.warn_days, view.idle_minutes, view.save_button):
        assert not widget.isEnabled()
        assert "中心负责人或管理员" in widget.toolTip()
    assert view.name.text()  # shown all the same
    assert view.audit_panel is None

    window.show_area("agents")
    bench = window.agents.workbench
    assert not bench.print_button.isEnabled()
    assert "代办员、中心负责人或管理员" in bench.print_button.toolTip()
    assert window.agents.registry is None


def test_no_hall_setting_takes_typing(window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.show_area("settings")
    view = window.settings_view
    fields = (
        view.name,
        view.phone,
        view.address,
        view.opening,
        view.closing,
        view.warn_days,
        view.warn_percent,
        view.idle_minutes,
    )
    assert [f for f in fields if f.isEnabled()] == []
    # This computer's printing is no hall setting and no service refuses it.
    assert view.auto_receipt.isEnabled()


def test_switching_between_a_clerk_and_a_reader_rebuilds_intake(
    qtbot, demo: AppContext, clerk: Actor, reader: Actor, tmp_path: Path
) -> None:
    window = make_window(qtbot, demo, clerk, tmp_path)
    window.show_area("intake")
    assert window.intake is not None
    window.switch_to(services_for(demo, reader))
    assert window.intake is None and isinstance(window.pages["intake"], ReadOnlyPage)
    assert window.current_area() == "cases"
    window.switch_to(services_for(demo, clerk))
    assert window.intake is not None and window.pages["intake"] is window.intake
    assert window.current_area() == "cases"  # a clerk stays where the window was
    window.sync_area.shutdown()
