"""代办 area through the real widgets: the agent's workbench, the run sheet, and the
supervisor's load table and registry dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from hallapp.app import AppContext
from hallapp.core.custody import APPLICANT, HandoverItem
from hallapp.services import custody
from hallapp.services.actors import Actor
from hallapp.services.custody import HandoverForm
from hallapp.services.halls import actor_for
from hallapp.services.workbench import LoadScope
from hallapp.ui.agents.agents_area import AgentsArea
from hallapp.ui.main_window import MainWindow
from tests.integration.test_workbench import TODAY, agent_case, materials, party
from tests.ui.conftest import make_window


def _area(window: MainWindow) -> AgentsArea:
    window.show_area("agents")
    area = window.pages["agents"]
    assert isinstance(area, AgentsArea)
    return area


def _with_cases(demo: AppContext, clerk: Actor) -> tuple[int, int]:
    held = agent_case(demo, clerk, 1, "王芳")
    first = materials(demo, held)[0]
    custody.record_handover(
        demo.uow(),
        clerk,
        held,
        HandoverForm(APPLICANT, party(demo, "王芳"), (HandoverItem(first),)),
    )
    coming = agent_case(demo, clerk, 2, "王芳")
    custody.record_handover(
        demo.uow(),
        clerk,
        coming,
        HandoverForm(APPLICANT, party(demo, "赵春兰"), (HandoverItem(first),)),
    )
    return held, coming


def test_an_agent_sees_their_cases_holdings_and_what_waits_and_prints_the_run_sheet(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    held, coming = _with_cases(demo, clerk)
    window = make_window(qtbot, demo, actor_for(demo.read_uow(), "wangfang"), tmp_path)
    area = _area(window)
    bench = area.workbench
    assert area.count() == 1 and not bench.agent_chooser.isVisible()
    assert "王芳" in bench.title.text()
    numbers = {bench.cases_model.row_at(r).case_id for r in range(bench.cases_model.rowCount())}
    assert numbers == {held, coming}
    cell = bench.cases_model.index(0, 1).data()
    assert "*" in cell  # the applicant's ID number is masked
    assert [bench.held_model.row_at(0).case_id] == [held]
    assert bench.waiting_model.index(0, 2).data() == "村代办员：赵春兰"

    opened: list[int] = []
    bench.open_case.connect(opened.append)
    bench.cases_table.setFocus()
    bench.cases_table.selectRow(0)
    qtbot.keyClick(bench.cases_table, Qt.Key.Key_Return)
    assert opened == [bench.cases_model.row_at(0).case_id]
    assert window.current_area() == "cases"

    path = tmp_path / "出行单-test.pdf"
    bench.print_run_sheet(path)
    assert path.read_bytes().startswith(b"%PDF")
    assert "出行单已保存" in bench.messages.text


def test_the_supervisor_sees_loads_and_adds_an_agent_and_a_village_point(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    supervisor: Actor,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    _with_cases(demo, clerk)
    window = make_window(qtbot, demo, supervisor, tmp_path)
    area = _area(window)
    assert area.count() == 3 and area.loads is not None and area.registry is not None
    area.setCurrentWidget(area.loads)
    loads = {(x.scope, x.name): x for x in area.loads.model.rows()}
    assert loads[(LoadScope.AGENT, "王芳")].open_cases == 2
    assert any(scope is LoadScope.VILLAGE_POINT for scope, _ in loads)
    # Enter on an agent's line opens that agent's workbench.
    row = next(i for i, x in enumerate(area.loads.model.rows()) if x.name == "赵春兰")
    area.loads.table.selectRow(row)
    qtbot.keyClick(area.loads.table, Qt.Key.Key_Return)
    assert area.currentWidget() is area.workbench and "赵春兰" in area.workbench.title.text()

    registry = area.registry
    area.setCurrentWidget(registry)
    dialog = registry.open_agent(None)
    dialog.name.setText("孙秀英")  # typed through an input method in the hall
    qtbot.keyClicks(dialog.phone, "12")
    dialog.save_button.click()
    assert dialog.isVisible() and "联系电话" in " ".join(dialog.messages.detail_lines())
    dialog.phone.clear()
    qtbot.keyClicks(dialog.phone, "13807310009")
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert "孙秀英" in [a.name for a in registry.agents_model.rows()]
    assert all(len(a.masked_doc) in (0, 18) for a in registry.agents_model.rows())

    point = registry.open_point(None)
    point.village.setText("南岭村")
    point.opening_days.setText("周三")
    point.save_button.click()
    assert not point.isVisible()
    assert "南岭村" in [p.village for p in registry.points_model.rows()]
    assert "已保存" in registry.messages.text


def test_the_run_sheet_default_file_name_carries_the_day() -> None:
    from hallapp.ui.agents.workbench_view import run_sheet_name

    assert run_sheet_name(TODAY) == "出行单-2026-04-03.pdf"


def test_a_clerk_is_told_whom_the_workbench_is_for_and_no_refusal_is_recorded(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    from sqlalchemy import text

    window = make_window(qtbot, demo, clerk, tmp_path)
    bench = _area(window).workbench
    qtbot.waitUntil(lambda: bench.messages.isVisible())
    assert bench.messages.text == "代办员工作台供代办员和中心负责人使用"
    with demo.engine.connect() as conn:
        refused = conn.execute(
            text("SELECT count(*) FROM audit_log WHERE action = 'permission.refused'")
        ).scalar_one()
    assert refused == 0
