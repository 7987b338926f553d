"""审计记录 on screen: the case's trail in the case view for 中心负责人 only, a staff
member's trail and 校验审计链 in the settings area, on the demo database."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from hallapp.app import AppContext
from hallapp.documents.model import DocumentKind, PaperFormat
from hallapp.errors import PermissionDenied
from hallapp.services import hall_settings, printing
from hallapp.services.actors import Actor
from hallapp.ui.audit_view import BROKEN_STYLE, INTACT_STYLE, AuditPanel
from hallapp.ui.operations import InlineExecutor
from hallapp.ui.register import CaseView
from hallapp.ui.settings_view import SettingsView
from tests.ui.test_register_support import ID_ZHANG, make_case, services_for


def open_case(qtbot, demo: AppContext, actor: Actor, case_id: int) -> CaseView:  # type: ignore[no-untyped-def]
    view = CaseView(services_for(demo, actor), InlineExecutor())
    qtbot.addWidget(view)
    view.show_case(case_id)
    return view


def settings_for(qtbot, demo: AppContext, actor: Actor) -> SettingsView:  # type: ignore[no-untyped-def]
    view = SettingsView(services_for(demo, actor), InlineExecutor())
    qtbot.addWidget(view)
    view.load()
    return view


def panel_of(view: SettingsView) -> AuditPanel:
    assert view.audit_panel is not None
    return view.audit_panel


def column(table, index: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.cell_text(r, index) for r in range(table.rowCount())]


def test_the_supervisor_sees_the_cases_trail_after_intake_and_a_print(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    supervisor: Actor,  # type: ignore[no-untyped-def]
) -> None:
    case = make_case(demo, clerk)
    printing.record_print(
        demo.uow(), clerk, case.case_id, DocumentKind.RECEIPT, PaperFormat.A4, "窗口打印机"
    )
    view = open_case(qtbot, demo, supervisor, case.case_id)
    section = view.audit_section
    assert section is not None and section.title() == "审计记录"
    table = section.table
    assert column(table, 2) == ["受理", "打印受理通知书"]
    assert column(table, 1) == [clerk.name, clerk.name]
    assert "窗口打印机" in table.cell_text(1, 3)
    assert table.item(0, 2).toolTip() == "case.accept"  # type: ignore[union-attr]
    assert "共 2 条" in section.count_label.text()
    everything = "\n".join(column(table, 3))
    assert ID_ZHANG not in everything


def test_a_clerk_has_no_audit_section_and_the_service_refuses(
    qtbot,
    demo: AppContext,
    clerk: Actor,  # type: ignore[no-untyped-def]
) -> None:
    case = make_case(demo, clerk)
    view = open_case(qtbot, demo, clerk, case.case_id)
    assert view.audit_section is None
    assert view.detail is not None and view.detail.number == case.number
    settings = SettingsView(services_for(demo, clerk), InlineExecutor())
    qtbot.addWidget(settings)
    assert settings.audit_panel is None
    with pytest.raises(PermissionDenied, match="中心负责人"):
        services_for(demo, clerk).case_trail(case.number)


def test_a_staff_members_trail_is_picked_from_the_combo(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    supervisor: Actor,  # type: ignore[no-untyped-def]
) -> None:
    make_case(demo, clerk)
    with pytest.raises(PermissionDenied):
        hall_settings.set_custody_max_days(demo.uow(), clerk, 9)
    view = settings_for(qtbot, demo, supervisor)
    panel = panel_of(view)
    logins = [panel.staff.itemData(i) for i in range(panel.staff.count())]
    assert clerk.login in logins and supervisor.login in logins and "cli" in logins
    panel.staff.setCurrentIndex(logins.index(clerk.login))
    qtbot.mouseClick(panel.show_button, Qt.MouseButton.LeftButton)
    labels = column(panel.table, 2)
    assert labels[-2:] == ["受理", "权限拒绝"]
    assert "修改材料保管期限" in panel.table.cell_text(len(labels) - 1, 3)
    assert clerk.login in panel.subject_label.text()


def test_verify_says_intact_then_names_the_broken_link(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    supervisor: Actor,  # type: ignore[no-untyped-def]
) -> None:
    make_case(demo, clerk)
    view = settings_for(qtbot, demo, supervisor)
    panel = panel_of(view)
    qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
    text = panel.chain_label.text()
    assert text.startswith("审计记录 ") and text.endswith("条，链条完整")
    assert panel.chain_label.styleSheet() == INTACT_STYLE
    assert panel.verify_button.isEnabled()

    raw = sqlite3.connect(demo.db_path)
    with raw:
        raw.execute("DROP TRIGGER audit_log_no_update")
        raw.execute("DROP TRIGGER audit_log_no_delete")
        target = raw.execute("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 2").fetchone()[0]
        raw.execute("UPDATE audit_log SET actor_name = '某人' WHERE id = ?", (target,))
    raw.close()
    qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
    assert f"#{target}" in panel.chain_label.text()
    assert "被修改过" in panel.chain_label.text()
    assert panel.chain_label.styleSheet() == BROKEN_STYLE
