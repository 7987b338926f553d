"""办件登记簿: the lazy table model and the register view, on the demo database."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from hallapp.app import AppContext
from hallapp.core.intake import Decision
from hallapp.core.lifecycle import Action, State
from hallapp.services.actors import Actor
from hallapp.services.cases import CaseQuery
from hallapp.services.facade import HallServices
from hallapp.ui.operations import InlineExecutor
from hallapp.ui.register import CASE_ID_ROLE, STATE_ROLE, CaseTableModel, RegisterView
from tests.ui.test_register_support import (
    ID_LI,
    MONDAY,
    make_case,
    many_cases,
    resident_id,
    services_for,
)
from tests.ui.typing import type_text


class CountingServices:
    """The real services, with each register query counted."""

    def __init__(self, services: HallServices) -> None:
        self._services = services
        self.id_calls: list[tuple[int | None, int]] = []  # (before_id, limit)
        self.row_calls: list[int] = []  # ids asked for per call

    def case_ids(self, query: CaseQuery, before_id: int | None = None, limit: int = 200) -> Any:
        self.id_calls.append((before_id, limit))
        return self._services.case_ids(query, before_id, limit)

    def case_rows(self, ids: list[int]) -> Any:
        self.row_calls.append(len(ids))
        return self._services.case_rows(ids)


def model_for(services: Any, **sizes: int) -> CaseTableModel:
    model = CaseTableModel(services, InlineExecutor(), **sizes)
    model.set_query(CaseQuery())
    return model


def fetch_all(model: CaseTableModel, most: int = 50) -> None:
    """Fetch pages until the end, failing rather than looping if the end never comes."""
    for _ in range(most):
        if not model.canFetchMore():
            return
        model.fetchMore()
    raise AssertionError(f"still more to fetch after {most} pages")


# the model ----------------------------------------------------------------------------
def test_model_passes_the_qt_model_tester(demo: AppContext, clerk: Actor, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    many_cases(demo, clerk, 240)
    model = model_for(services_for(demo, clerk), page_size=50, block_size=20, cache_size=60)
    assert model.rowCount() == 50 and model.canFetchMore()
    qtmodeltester.check(model, force_py=True)
    fetch_all(model)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 240


def test_pages_of_ids_until_the_end_newest_first(demo: AppContext, clerk: Actor) -> None:
    ids = many_cases(demo, clerk, 230)
    spy = CountingServices(services_for(demo, clerk))
    model = model_for(spy, page_size=50)
    assert model.rowCount() == 50
    fetch_all(model)
    assert not model.canFetchMore() and model.at_end
    assert model.rowCount() == 230
    assert [model.case_id_at(r) for r in range(model.rowCount())] == ids[::-1]
    # Keyset paging: each page starts below the last id held, never a bigger query.
    assert [limit for _before, limit in spy.id_calls] == [50] * 5
    assert [before for before, _limit in spy.id_calls] == [None] + [
        ids[::-1][n - 1] for n in (50, 100, 150, 200)
    ]
    assert spy.row_calls == []  # no row was read, since nothing asked for data()


def test_rows_are_read_in_blocks_and_the_cache_stays_small(demo: AppContext, clerk: Actor) -> None:
    many_cases(demo, clerk, 230)
    spy = CountingServices(services_for(demo, clerk))
    model = model_for(spy, page_size=100, block_size=20, cache_size=60)
    fetch_all(model)
    largest = 0
    for row in range(model.rowCount()):
        assert model.index(row, CaseTableModel.NUMBER).data()
        largest = max(largest, model.cached_rows)
    assert largest <= 60
    assert spy.row_calls == [20] * 11 + [10]  # one call per block of 20, never per row
    # Reading the same rows again costs nothing; the first rows were evicted long ago.
    calls = len(spy.row_calls)
    model.index(229, 0).data()
    assert len(spy.row_calls) == calls
    model.index(0, 0).data()
    assert len(spy.row_calls) == calls + 1


def test_columns_roles_and_marks(demo: AppContext, clerk: Actor, supervisor: Actor) -> None:
    green = make_case(demo, clerk, green_reason="八十岁以上老人")
    plain = make_case(
        demo, clerk, name="李四", doc=ID_LI, item="高龄", now=MONDAY + timedelta(hours=1)
    )
    services_for(demo, supervisor).apply_action(plain.case_id, Action.VOID, "录入错误")
    model = model_for(services_for(demo, clerk))
    assert [model.index(r, 0).data(CASE_ID_ROLE) for r in range(2)] == [
        plain.case_id,
        green.case_id,
    ]
    line = [model.index(1, c).data() for c in range(model.columnCount())]
    assert line[CaseTableModel.NUMBER] == green.number
    assert line[CaseTableModel.APPLICANT] == "张三"
    assert line[CaseTableModel.DOCUMENT] == "110***********002X"
    assert line[CaseTableModel.ITEM] == "临时救助申请"
    assert line[CaseTableModel.RECEIVED] == "2026-03-02 09:30"
    assert line[CaseTableModel.STATE] == "受理"
    assert line[CaseTableModel.PROMISED] == green.promised_due.day.isoformat()  # type: ignore[union-attr]
    assert line[CaseTableModel.CLERK] == clerk.name
    assert model.index(1, 0).data(STATE_ROLE) == State.ACCEPTED
    assert model.index(0, 0).data(STATE_ROLE) == State.VOIDED
    assert model.index(0, CaseTableModel.STATE).data() == "作废"
    # 绿色通道: a badge and a background on the number only, never on a plain case.
    assert model.index(1, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is None
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)] == list(
        CaseTableModel.HEADERS
    )


def test_a_provisional_promise_is_marked(demo: AppContext, clerk: Actor) -> None:
    # Accepted late in 2026: the 20 working days run into 2027, whose holidays are unknown.
    case = make_case(demo, clerk, item="最低生活保障申请", now=datetime(2026, 12, 21, 9, 0))
    assert case.promised_due is not None and case.promised_due.provisional
    model = model_for(services_for(demo, clerk))
    text = model.index(0, CaseTableModel.PROMISED).data()
    assert text == case.promised_due.day.isoformat() + "（暂定）"


# the view -----------------------------------------------------------------------------
@pytest.fixture
def cases(demo: AppContext, clerk: Actor) -> dict[str, Any]:
    zhang = make_case(demo, clerk, now=MONDAY)
    li = make_case(
        demo,
        clerk,
        name="李四",
        doc=ID_LI,
        phone="13912345678",
        item="高龄",
        now=MONDAY + timedelta(days=1),
    )
    noticed = make_case(
        demo,
        clerk,
        name="赵六",
        doc=resident_id(501),
        phone="13700001111",
        item="医疗救助",
        decision=Decision.NOTICE,
        missing="缺少户口簿首页",
        now=MONDAY + timedelta(days=2),
    )
    return {"zhang": zhang, "li": li, "noticed": noticed}


@pytest.fixture
def view(qtbot, demo: AppContext, clerk: Actor, cases: dict[str, Any]) -> RegisterView:  # type: ignore[no-untyped-def]
    widget = RegisterView(services_for(demo, clerk), InlineExecutor(), today=date(2026, 3, 9))
    qtbot.addWidget(widget)
    with qtbot.waitExposed(widget):
        widget.show()
    widget.activateWindow()
    widget.search.setFocus()
    return widget


def shown_ids(view: RegisterView) -> list[int]:
    return [view.model.case_id_at(r) for r in range(view.model.rowCount())]


def search(qtbot, view: RegisterView, text: str) -> list[int]:  # type: ignore[no-untyped-def]
    view.search.clear()
    type_text(qtbot, view.search, text)
    qtbot.waitUntil(lambda: view.model.query.text == text, timeout=2000)
    return shown_ids(view)


def test_opens_with_every_case_newest_first(view: RegisterView, cases: dict[str, Any]) -> None:
    assert shown_ids(view) == [
        cases["noticed"].case_id,
        cases["li"].case_id,
        cases["zhang"].case_id,
    ]
    assert view.count_label.text() == "共 3 件"
    assert view.search.placeholderText() == "办件编号、身份证号（可只输后几位）、姓名、电话或事项"


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("full number", "li"),
        ("002X", "zhang"),  # the last digits of the ID card
        ("0011", "li"),
        ("李四", "li"),  # a name, typed through the input method
        ("赵", "noticed"),
        ("5678", "li"),  # the last digits of the phone
        ("高龄", "li"),  # the item
        ("医疗救助", "noticed"),
    ],
)
def test_search_finds_a_case_by_what_the_applicant_says(
    qtbot,
    view: RegisterView,
    cases: dict[str, Any],
    text: str,
    who: str,  # type: ignore[no-untyped-def]
) -> None:
    if text == "full number":
        text = cases[who].number
    assert search(qtbot, view, text) == [cases[who].case_id]
    assert view.count_label.text() == "共 1 件"


def test_nothing_found_says_so(qtbot, view: RegisterView) -> None:  # type: ignore[no-untyped-def]
    assert search(qtbot, view, "钱七") == []
    assert view.count_label.text() == "没有找到办件"


def test_received_date_range(qtbot, view: RegisterView, cases: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    view.dates.set_range(date(2026, 3, 3), None)
    qtbot.waitUntil(lambda: view.model.query.received_from == date(2026, 3, 3), timeout=2000)
    assert shown_ids(view) == [cases["noticed"].case_id, cases["li"].case_id]
    view.dates.set_range(date(2026, 3, 3), date(2026, 3, 3))
    qtbot.waitUntil(lambda: view.model.query.received_to == date(2026, 3, 3), timeout=2000)
    assert shown_ids(view) == [cases["li"].case_id]
    # 不限 again by the keyboard: the tick box of "从" toggled with its mnemonic's space.
    view.dates.start.box.setFocus()
    qtbot.keyClick(view.dates.start.box, Qt.Key.Key_Space)
    view.dates.end.box.setChecked(False)
    qtbot.waitUntil(
        lambda: view.model.query.received_from is None and view.model.query.received_to is None,
        timeout=2000,
    )
    assert len(shown_ids(view)) == 3


def test_count_label_while_more_can_be_loaded(qtbot, demo: AppContext, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    many_cases(demo, clerk, 45)
    view = RegisterView(services_for(demo, clerk), InlineExecutor(), page_size=20)
    qtbot.addWidget(view)
    view.resize(900, 300)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() >= 20, timeout=2000)
    assert view.count_label.text() == f"已显示 {view.model.rowCount()} 件，滚动加载更多"
    for _ in range(10):  # scrolling to the bottom is what loads the next page
        view.table.scrollToBottom()
        qtbot.wait(10)
    assert view.model.rowCount() == 45
    assert view.count_label.text() == "共 45 件"


def test_enter_in_the_table_opens_the_selected_case(
    qtbot,
    view: RegisterView,
    cases: dict[str, Any],  # type: ignore[no-untyped-def]
) -> None:
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.table.hasFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)  # the second line: 李四
    with qtbot.waitSignal(view.open_case) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [cases["li"].case_id]


def test_double_click_opens_the_case(qtbot, view: RegisterView, cases: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    rect = view.table.visualRect(view.model.index(2, 1))
    with qtbot.waitSignal(view.open_case) as opened:
        # A real double click starts with a press; the view only opens what was pressed.
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [cases["zhang"].case_id]


def test_enter_in_the_search_box_opens_the_only_match(
    qtbot,
    view: RegisterView,
    cases: dict[str, Any],  # type: ignore[no-untyped-def]
) -> None:
    view.search.clear()
    type_text(qtbot, view.search, cases["zhang"].number)
    with qtbot.waitSignal(view.open_case, timeout=1000) as opened:
        qtbot.keyClick(view.search, Qt.Key.Key_Return)  # before the search delay ran out
    assert opened.args == [cases["zhang"].case_id]


def test_ctrl_f_returns_to_the_search(qtbot, view: RegisterView) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.table.hasFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()


def test_refresh_shows_new_cases_and_keeps_the_selection(
    qtbot,
    view: RegisterView,
    demo: AppContext,
    clerk: Actor,
    cases: dict[str, Any],  # type: ignore[no-untyped-def]
) -> None:
    view.table.selectRow(1)
    assert view.selected_case_id() == cases["li"].case_id
    services_for(demo, clerk).apply_action(cases["li"].case_id, Action.START_HANDLING)
    newer = make_case(
        demo, clerk, name="孙八", doc=resident_id(502), now=MONDAY + timedelta(days=3)
    )
    view.refresh()
    assert shown_ids(view)[0] == newer.case_id
    assert view.selected_case_id() == cases["li"].case_id
    row = view.model.row_of(cases["li"].case_id)
    assert view.model.index(row, CaseTableModel.STATE).data() == "承办"
