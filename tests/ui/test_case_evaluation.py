"""The case view's 评价 section (the rating, 录入评价, 整改回访办结) and 显示完整号码 next to
the masked 证件号码, each through the services on a real demo database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from hallapp.app import AppContext
from hallapp.core.evaluation import EvaluationChannel, Rating
from hallapp.core.identity import DocumentType
from hallapp.core.intake import Applicant, ApplicantKind, Decision, IntakeForm, Refusal
from hallapp.services import audit_trail, evaluations, halls, intake
from hallapp.services.actors import COMMAND_LINE, Actor, Role
from hallapp.services.evaluations import EvaluationForm
from hallapp.services.full_id import RevealPurpose
from hallapp.services.halls import actor_for
from hallapp.ui.evaluation import EvaluationDesk
from hallapp.ui.register import CaseView
from hallapp.ui.register.evaluation_actions import EvaluationDialog
from hallapp.ui.register.id_section import RevealDialog
from hallapp.ui.register.reason_dialog import TextDialog
from tests.ui.test_case_view import all_text, open_view
from tests.ui.test_evaluation_screen import done_case, saved
from tests.ui.test_register_support import ID_LI, ID_ZHANG, MONDAY, checklist, item_id, make_case
from tests.ui.typing import type_text

CASE_WORK = "窗口人员、中心负责人或代办员"


def reader_of(demo: AppContext) -> Actor:
    member = halls.StaffMember("zhaoxiao", "赵晓", frozenset({Role.READONLY}))
    return halls.add_staff(demo.uow(), COMMAND_LINE, member)


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_dialog(view: CaseView) -> QDialog:
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def bad_rating(demo: AppContext, clerk: Actor) -> int:
    """A case the applicant rated 不满意 on paper: its follow-up is open."""
    case_id = done_case(demo, clerk).case_id
    form = EvaluationForm(case_id, Rating.DISSATISFIED, EvaluationChannel.PAPER, "材料退了两次")
    evaluations.record_evaluation(demo.uow(), clerk, form)
    return case_id


# 评价 ------------------------------------------------------------------------------------
def test_an_open_case_has_no_evaluation_section(qtbot, demo: AppContext, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, demo, clerk, make_case(demo, clerk).case_id)
    assert view.detail is not None and view.state_chip.text() == "受理"
    assert not view.evaluation_section.isVisibleTo(view)
    view.ask_applicant_rating()  # Ctrl+E on an open case: nothing to rate yet
    assert view.findChild(EvaluationDesk) is None


def test_a_phone_rating_is_entered_with_its_level_and_comment(
    qtbot, demo: AppContext, clerk: Actor
) -> None:  # type: ignore[no-untyped-def]
    case = done_case(demo, clerk)
    view = open_view(qtbot, demo, clerk, case.case_id)
    section = view.evaluation_section
    assert section.enter_button.text() == "录入评价…(&8)"
    click(qtbot, section.enter_button)
    dialog = open_dialog(view)
    assert isinstance(dialog, EvaluationDialog)
    assert dialog.channels[EvaluationChannel.PAPER].isChecked()  # the usual case
    dialog.rating.setCurrentIndex(2)
    dialog.channels[EvaluationChannel.PHONE].setChecked(True)
    type_text(qtbot, dialog.comment, "回访时表示办理顺利")
    click(qtbot, dialog.ok_button)

    assert not dialog.isVisible()
    rated = saved(demo, case.case_id)
    assert rated is not None
    assert (rated.rating, rated.channel, rated.comment) == (
        Rating.BASIC,
        EvaluationChannel.PHONE,
        "回访时表示办理顺利",
    )
    assert rated.recorded_by == clerk.name
    assert view.messages.text == "已录入评价：基本满意（电话回访）"
    assert section.text("rating") == "基本满意" and section.text("channel") == "电话回访"
    assert section.text("comment") == "回访时表示办理顺利"
    assert section.text("recorded_by") == clerk.name
    assert not section.enter_button.isVisibleTo(view)


def test_the_entry_needs_a_level_and_a_bad_one_opens_a_follow_up(
    qtbot, demo: AppContext, clerk: Actor
) -> None:  # type: ignore[no-untyped-def]
    case = done_case(demo, clerk)
    view = open_view(qtbot, demo, clerk, case.case_id)
    click(qtbot, view.evaluation_section.enter_button)
    dialog = open_dialog(view)
    assert isinstance(dialog, EvaluationDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter with no level chosen
    assert dialog.isVisible() and dialog.hint.isVisible()
    assert dialog.hint.text() == "请选择评价等级"
    assert saved(demo, case.case_id) is None

    dialog.rating.setCurrentIndex(4)
    assert not dialog.hint.isVisible() and dialog.follow_up_note.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    rated = saved(demo, case.case_id)
    assert rated is not None and rated.rating is Rating.VERY_DISSATISFIED
    assert rated.channel is EvaluationChannel.PAPER and rated.follow_up is not None
    due = rated.follow_up.due_on.isoformat()
    assert view.messages.text == (
        f"已录入评价：非常不满意（纸质评价表），已生成回访整改，整改期限 {due}"
    )
    section = view.evaluation_section
    assert section.text("due").startswith(due)
    # Only the supervisor closes a follow-up: the clerk sees the button, greyed.
    assert section.close_button.isVisibleTo(view) and not section.close_button.isEnabled()


def test_the_supervisor_closes_the_follow_up_with_its_outcome(
    qtbot, demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:  # type: ignore[no-untyped-def]
    case_id = bad_rating(demo, clerk)
    view = open_view(qtbot, demo, supervisor, case_id)
    section = view.evaluation_section
    assert section.text("rating") == "不满意" and section.text("comment") == "材料退了两次"
    assert section.close_button.isVisible() and section.close_button.isEnabled()
    assert not section.note.isVisible()

    click(qtbot, section.close_button)
    dialog = open_dialog(view)
    assert isinstance(dialog, TextDialog)
    click(qtbot, dialog.ok_button)  # an outcome is required
    assert dialog.isVisible() and dialog.hint.isVisible()
    type_text(qtbot, dialog.reason, "已电话回访致歉，窗口材料清单已更新")
    click(qtbot, dialog.ok_button)

    rated = saved(demo, case_id)
    assert rated is not None and rated.follow_up is not None
    assert rated.follow_up.closed_on is not None
    assert rated.follow_up.outcome == "已电话回访致歉，窗口材料清单已更新"
    assert view.messages.text == "回访整改已办结"
    assert section.text("follow_up").startswith("已办结")
    assert section.text("outcome") == "已电话回访致歉，窗口材料清单已更新"
    assert not section.close_button.isVisibleTo(view)


def test_a_clerk_is_told_who_closes_a_follow_up(qtbot, demo: AppContext, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, demo, clerk, bad_rating(demo, clerk))
    section = view.evaluation_section
    assert section.text("follow_up").startswith("剩余")
    assert section.close_button.isVisible() and not section.close_button.isEnabled()
    assert section.close_button.toolTip() == "整改回访办结需要中心负责人角色"
    assert section.note.isVisible() and "整改回访办结需要中心负责人角色" in section.note.text()


def test_a_read_only_user_sees_the_rating_buttons_greyed_with_the_roles(
    qtbot, demo: AppContext, clerk: Actor
) -> None:  # type: ignore[no-untyped-def]
    case = done_case(demo, clerk)
    view = open_view(qtbot, demo, reader_of(demo), case.case_id)
    section = view.evaluation_section
    assert section.isVisible() and section.none_label.isVisible()
    for button, what in ((section.ask_button, "请申请人评价"), (section.enter_button, "录入评价")):
        assert button.isVisible() and not button.isEnabled()
        assert button.toolTip() == f"{what}需要{CASE_WORK}角色"
    assert section.note.text() == f"评价需要{CASE_WORK}角色。"
    qtbot.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert view.messages.text == f"请申请人评价需要{CASE_WORK}角色"
    assert view.findChild(EvaluationDesk) is None  # no screen was opened


def test_a_refused_case_may_be_rated_too(qtbot, demo: AppContext, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    vid = item_id(demo, "临时救助")
    form = IntakeForm(
        vid,
        Applicant(ApplicantKind.PERSON, "张三", DocumentType.RESIDENT_ID, ID_ZHANG, "13800138000"),
        checklist(demo, vid),
        idempotency_key=intake.new_form_key(),
    )
    refusal = Refusal("not_our_matter", "该事项由县自然资源局受理")
    case = intake.submit_intake(demo.uow(), clerk, form, Decision.REFUSE, refusal, now=MONDAY)
    view = open_view(qtbot, demo, clerk, case.case_id)
    section = view.evaluation_section
    assert section.isVisible() and section.ask_button.isEnabled()


# 显示完整号码 -----------------------------------------------------------------------------
def reveal(qtbot, view: CaseView, purpose: RevealPurpose, note: str = "") -> RevealDialog:  # type: ignore[no-untyped-def]
    click(qtbot, view.id_reveal.button)
    dialog = view.id_reveal.dialog
    assert isinstance(dialog, RevealDialog) and dialog.isVisible()
    dialog.purposes[purpose].setChecked(True)
    if note:
        type_text(qtbot, dialog.note, note)
    click(qtbot, dialog.ok_button)
    return dialog


def reveal_lines(demo: AppContext, supervisor: Actor, number: str) -> list[str]:
    trail = audit_trail.case_trail(demo.read_uow(), supervisor, number)
    return [line.summary for line in trail.lines if line.action == "case.reveal_id"]


def test_the_clerk_sees_the_full_number_for_a_purpose_and_it_is_recorded(
    qtbot, demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:  # type: ignore[no-untyped-def]
    case = make_case(demo, clerk)
    view = open_view(qtbot, demo, clerk, case.case_id)
    assert ID_ZHANG not in all_text(view)
    assert view.id_reveal.button.isEnabled() and view.id_reveal.button.text() == "显示完整号码…(&0)"
    dialog = reveal(qtbot, view, RevealPurpose.ISSUE_DOCUMENT)

    assert not dialog.isVisible()
    assert view.applicant.text("document") == f"居民身份证  {ID_ZHANG}"
    assert "离开本办件后恢复遮盖" in view.id_reveal.note.text()
    lines = reveal_lines(demo, supervisor, case.number)
    assert len(lines) == 1 and "issue_document" in lines[0]
    assert ID_ZHANG not in "".join(lines)

    # Read again after an action: still the same case, still shown.
    view.apply(view.detail.actions[0])  # type: ignore[union-attr]
    assert ID_ZHANG in view.applicant.text("document")

    # Leaving the case masks it again.
    click(qtbot, view.back_button)
    assert ID_ZHANG not in all_text(view)
    assert "110***********002X" in view.applicant.text("document")
    assert view.id_reveal.button.text() == "显示完整号码…(&0)"


def test_the_number_is_masked_on_another_case_on_hiding_and_on_request(
    qtbot, demo: AppContext, clerk: Actor
) -> None:  # type: ignore[no-untyped-def]
    first = make_case(demo, clerk).case_id
    second = make_case(demo, clerk, name="李四", doc=ID_LI).case_id
    view = open_view(qtbot, demo, clerk, first)
    reveal(qtbot, view, RevealPurpose.CHECK_IDENTITY)
    assert ID_ZHANG in view.applicant.text("document")
    view.show_case(second)
    assert ID_LI not in all_text(view) and ID_ZHANG not in all_text(view)

    view.show_case(first)
    reveal(qtbot, view, RevealPurpose.CHECK_IDENTITY)
    assert ID_ZHANG in view.applicant.text("document")
    view.hide()  # the clerk went to another area
    view.show()
    assert ID_ZHANG not in all_text(view)

    reveal(qtbot, view, RevealPurpose.COUNTY_INQUIRY)
    assert view.id_reveal.button.text() == "遮盖号码(&0)"
    click(qtbot, view.id_reveal.button)
    assert ID_ZHANG not in all_text(view)


def test_other_purposes_need_a_note(
    qtbot, demo: AppContext, clerk: Actor, supervisor: Actor
) -> None:  # type: ignore[no-untyped-def]
    case = make_case(demo, clerk)
    view = open_view(qtbot, demo, clerk, case.case_id)
    dialog = reveal(qtbot, view, RevealPurpose.OTHER)
    assert dialog.isVisible() and dialog.hint.isVisible()
    assert ID_ZHANG not in all_text(view)
    assert reveal_lines(demo, supervisor, case.number) == []

    type_text(qtbot, dialog.note, "申请人遗失回执，核对档案")
    click(qtbot, dialog.ok_button)
    assert ID_ZHANG in view.applicant.text("document")
    lines = reveal_lines(demo, supervisor, case.number)
    assert len(lines) == 1 and "申请人遗失回执" in lines[0]


def test_agents_and_read_only_users_see_the_button_greyed_with_the_roles(
    qtbot, demo: AppContext, clerk: Actor
) -> None:  # type: ignore[no-untyped-def]
    case_id = make_case(demo, clerk).case_id
    for actor in (actor_for(demo.read_uow(), "wangfang"), reader_of(demo)):
        view = open_view(qtbot, demo, actor, case_id)
        button = view.id_reveal.button
        assert not button.isEnabled()
        assert button.toolTip() == "查看完整证件号码需要窗口人员或中心负责人角色"
        assert view.id_reveal.note.isVisible()
        assert view.id_reveal.note.text() == button.toolTip()
        view.id_reveal.ask()  # nothing opens even when asked
        assert view.id_reveal.dialog is None
