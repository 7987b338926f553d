"""The whole window: a case travels from the register to its view and back to the intake."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from hallapp.app import AppContext
from hallapp.core.intake import Decision
from hallapp.core.lifecycle import Action, State
from hallapp.services.actors import Actor
from tests.ui.conftest import make_window
from tests.ui.test_register_support import make_case
from tests.ui.typing import type_text


def test_a_noticed_case_is_found_opened_and_continued(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    noticed = make_case(demo, clerk, decision=Decision.NOTICE, missing="缺少户口簿")
    make_case(demo, clerk, name="李四", doc="110101199003070011")
    window = make_window(qtbot, demo, clerk, tmp_path)

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "cases"
    register = window.register
    register.search.setFocus()
    type_text(qtbot, register.search, noticed.number)
    qtbot.waitUntil(lambda: register.model.rowCount() == 1, timeout=3000)
    qtbot.keyClick(register.search, Qt.Key.Key_Return)
    assert window.cases_stack.currentWidget() is window.case_scroll
    assert window.case_view.case_id == noticed.case_id

    button = window.case_view.action_bar.buttons[Action.SUPPLEMENT_RECEIVED]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_area() == "intake"
    assert window.intake.resuming is not None
    assert window.intake.resuming.case_id == noticed.case_id

    qtbot.keyClick(window.intake, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    with qtbot.waitSignal(window.intake.case_saved):
        qtbot.keyClick(window.intake, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.intake.services.case_detail(noticed.case_id).state is State.ACCEPTED

    # Back in the register, the case shows its new state without a restart.
    window.show_area("cases")
    window.case_view.back.emit()
    assert window.cases_stack.currentWidget() is register
    row = next(
        r
        for r in range(register.model.rowCount())
        if register.model.case_id_at(r) == noticed.case_id
    )
    state_column = [
        register.model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(register.model.columnCount())
    ].index("状态")
    assert register.model.index(row, state_column).data() == State.ACCEPTED.label
