from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from hallapp.app import AppContext
from hallapp.resources import SAMPLE_CATALOGUE
from hallapp.services.actors import Actor
from hallapp.ui.catalogue_model import CatalogueTableModel
from hallapp.ui.catalogue_view import CatalogueView
from hallapp.ui.main_window import MainWindow
from tests.ui.conftest import make_window
from tests.ui.typing import type_text


def names(view: CatalogueView) -> list[str]:
    return [view.model.row_at(r).name for r in range(view.model.rowCount())]


def type_query(qtbot, view: CatalogueView, text: str) -> None:  # type: ignore[no-untyped-def]
    view.search.clear()
    type_text(qtbot, view.search, text)
    qtbot.waitUntil(lambda: view._query_sent == text, timeout=2000)


def test_opens_with_the_whole_catalogue(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.catalogue
    total = len(json.loads(SAMPLE_CATALOGUE.read_text(encoding="utf-8"))["items"])
    qtbot.waitUntil(lambda: view.model.rowCount() == total, timeout=2000)
    assert view.search.hasFocus()
    assert view.count_label.text() == f"共 {total} 项"


def test_pinyin_initials_find_pension_items(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.catalogue
    type_query(qtbot, view, "ylbx")
    found = names(view)
    items = json.loads(SAMPLE_CATALOGUE.read_text(encoding="utf-8"))["items"]
    pension = {i["name"] for i in items if "养老保险" in i["name"]}
    assert pension and pension <= set(found)
    # 医疗保险 has the same initials (yi liao bao xian); nothing else may match.
    assert all("养老保险" in n or "医疗保险" in n for n in found)


def test_search_by_department_and_code(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.catalogue
    type_query(qtbot, view, "退役军人")
    assert names(view) and all(
        "退役军人" in view.model.row_at(r).department or "退役军人" in view.model.row_at(r).name
        for r in range(view.model.rowCount())
    )
    code = view.model.row_at(0).code
    type_query(qtbot, view, code)
    assert [view.model.row_at(r).code for r in range(view.model.rowCount())] == [code]
    type_query(qtbot, view, "没有这种事项xyz")
    assert names(view) == []
    assert view.count_label.text() == "共 0 项"


def test_keyboard_only_find_and_read_a_guide(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.catalogue
    type_query(qtbot, view, "zdshbz")  # 最低生活保障 by its initials
    assert names(view)
    first = names(view)[0]
    assert first in view.guide.toPlainText()
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.table.hasFocus()
    if view.model.rowCount() > 1:
        qtbot.keyClick(view.table, Qt.Key.Key_Down)
        second = names(view)[1]
        assert second in view.guide.toPlainText()
    guide = view.guide.toPlainText()
    for heading in (
        "实施部门",
        "法定时限",
        "承诺时限",
        "申请材料",
        "收费标准",
        "办理方式",
        "代办服务",
    ):
        assert heading in guide
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()


def test_the_guide_shows_materials_fees_and_limits(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.catalogue
    items = json.loads(SAMPLE_CATALOGUE.read_text(encoding="utf-8"))["items"]
    with_fee = next(i for i in items if i["fees"])
    type_query(qtbot, view, with_fee["code"])
    text = view.guide.toPlainText()
    assert with_fee["name"] in text
    for material in with_fee["materials"]:
        assert material["name"] in text
    fee = with_fee["fees"][0]
    assert f"{fee['amount_fen'] // 100}.{fee['amount_fen'] % 100:02d} 元" in text
    legal = with_fee["legal_limit"]["value"]
    assert (f"{legal}个" if legal else "即办") in text


def test_a_clerk_sees_import_disabled_with_the_reason(window: MainWindow) -> None:
    button = window.catalogue.import_button
    assert not button.isEnabled()
    assert "中心负责人或管理员" in button.toolTip()


def test_a_bad_file_shows_every_error_and_changes_nothing(
    qtbot,
    demo: AppContext,
    supervisor: Actor,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    window = make_window(qtbot, demo, supervisor, tmp_path)
    view = window.catalogue
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=2000)
    before = view.model.rowCount()
    data = json.loads(SAMPLE_CATALOGUE.read_text(encoding="utf-8"))
    data["items"][0]["promised_limit"]["value"] = 999
    data["items"][3]["department"] = ""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert view.import_button.isEnabled()
    view.import_file(bad)
    assert view.messages.isVisible()
    assert "有 2 处错误，未导入任何内容" in view.messages.text
    lines = view.messages.detail_lines()
    assert any(line.startswith("第1项字段 promised_limit") for line in lines)
    assert any(line.startswith("第4项字段 department") for line in lines)
    view.run_search()
    assert view.model.rowCount() == before


def test_a_supervisor_imports_a_new_version(
    qtbot,
    demo: AppContext,
    supervisor: Actor,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    window = make_window(qtbot, demo, supervisor, tmp_path)
    view = window.catalogue
    data = json.loads(SAMPLE_CATALOGUE.read_text(encoding="utf-8"))
    data["items"][0]["name"] = data["items"][0]["name"] + "（新版）"
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    view.import_file(path)
    assert (
        view.messages.text
        == f"事项目录导入完成：新增 0 项，更新 1 项，未变 {len(data['items']) - 1} 项"
    )
    type_query(qtbot, view, "新版")
    assert names(view) == [data["items"][0]["name"]]


def test_the_table_model_obeys_qt_rules(window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model: CatalogueTableModel = window.catalogue.model
    window.catalogue.run_search()
    assert model.rowCount() > 0
    qtmodeltester.check(model)
