"""The register shows names as typed: markup in a name or an item is text in the cell,
never rich text, and control characters reach the cell unchanged."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QStyledItemDelegate

from hallapp.app import AppContext
from hallapp.services import catalogue
from hallapp.services.actors import Actor
from hallapp.ui.operations import InlineExecutor
from hallapp.ui.register import CaseTableModel, RegisterView
from tests.integration.test_verbatim_text import (
    ENTITY,
    HTML,
    SQL,
    catalogue_with_item_named,
    organisation,
    person,
    take_in,
)
from tests.ui.test_register_support import services_for

BOLD = "<b>粗体</b>"
ITEM_NAME = f"临时救助{HTML}{ENTITY}"


@pytest.fixture
def tricky_cases(demo: AppContext, clerk: Actor, supervisor: Actor, tmp_path: Path) -> list[str]:
    """Applicant names as they were stored, newest first (the register's order)."""
    path, code = catalogue_with_item_named(tmp_path, ITEM_NAME)
    catalogue.import_catalogue_file(demo.uow(), supervisor, path)
    names = [f"示例{BOLD}{SQL}有限公司", f"示例{ENTITY}公司", "阿卜杜·热合曼"]
    take_in(demo, clerk, organisation(names[0]), item=code)
    take_in(demo, clerk, organisation(names[1]), item=code)
    take_in(demo, clerk, person(names[2], address="甲\t乙\x1b[31m丙\u202e丁"), item=code)
    return names[::-1]


def test_the_cells_hold_the_names_as_typed(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    tricky_cases: list[str],  # type: ignore[no-untyped-def]
) -> None:
    view = RegisterView(services_for(demo, clerk), InlineExecutor(), today=date(2026, 3, 9))
    qtbot.addWidget(view)
    view.show()
    model = view.model
    assert isinstance(model, CaseTableModel)
    shown = [model.index(r, CaseTableModel.APPLICANT).data() for r in range(len(tricky_cases))]
    assert shown == tricky_cases
    items = {model.index(r, CaseTableModel.ITEM).data() for r in range(len(tricky_cases))}
    assert items == {ITEM_NAME}

    # The stock delegate paints DisplayRole as plain text; a rich-text delegate on these
    # columns would turn <b> into bold and swallow the tags.
    table = view.table
    for column in (CaseTableModel.APPLICANT, CaseTableModel.ITEM):
        assert table.itemDelegateForColumn(column) is None
    delegate = table.itemDelegate()
    assert type(delegate) is QStyledItemDelegate
    first = model.index(len(tricky_cases) - 1, CaseTableModel.APPLICANT)
    assert delegate.displayText(first.data(), QLocale()) == f"示例{BOLD}{SQL}有限公司"
    assert first.data(Qt.ItemDataRole.DisplayRole) == f"示例{BOLD}{SQL}有限公司"
