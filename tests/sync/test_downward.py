"""The county's catalogue versions and calendar years: applied together in one
transaction or not at all, each with a note of what changed."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from hallapp.app import AppContext
from hallapp.services import calendar, catalogue, sync
from hallapp.services.downward import UpdateRejected, apply_updates
from tests.sync.conftest import state

DATA = Path(__file__).parents[1] / "data"
SAMPLE = Path(__file__).parents[2] / "hallapp" / "resources" / "catalogue" / "sample_catalogue.json"
NOW = datetime(2026, 12, 1, 9, 0, 0)


def catalogue_content() -> dict[str, Any]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def calendar_content() -> dict[str, Any]:
    return json.loads((DATA / "calendar-2027-test.json").read_text(encoding="utf-8"))


def changed_catalogue() -> dict[str, Any]:
    content = catalogue_content()
    content["items"][0]["conditions"] += "（县级修订）"
    extra = copy.deepcopy(content["items"][1])
    extra["code"] = extra["code"][:-2] + "99"
    extra["name"] = "县级新增事项"
    content["items"].append(extra)
    return content


def test_a_catalogue_and_a_calendar_year_are_applied_with_their_notes(
    configured: AppContext,
) -> None:
    assert calendar.add_workdays(configured.read_uow(), date(2027, 2, 4), 1).provisional
    data = {
        "catalogue": [
            {
                "version": 3,
                "label": "示例县事项目录2027版",
                "published_at": "x",
                "content": changed_catalogue(),
            }
        ],
        "calendar": [
            {
                "version": 1,
                "year": 2027,
                "published_at": "x",
                "content": json.dumps(calendar_content()),
            }
        ],
    }
    notes = apply_updates(configured.uow(), data, NOW)
    assert [(n.kind, n.version, n.summary) for n in notes] == [
        ("catalogue", 3, "事项目录 第3版：新增1项，变更1项"),
        ("calendar", 1, "2027年节假日安排：21天节假日和调休，0件办件期限随之调整"),
    ]
    after = state(configured)
    assert (after.catalogue_version, after.calendar_version) == (3, 1)
    assert [n.summary for n in sync.update_notes(configured.read_uow())] == [
        notes[1].summary,
        notes[0].summary,
    ]
    assert any(
        r.name == "县级新增事项" for r in catalogue.search_items(configured.read_uow(), "县级新增")
    )
    due = calendar.add_workdays(configured.read_uow(), date(2027, 2, 4), 1)
    assert (due.day, due.provisional) == (date(2027, 2, 13), False)  # the make-up Saturday
    # the same answer again applies nothing: the versions are already there
    assert apply_updates(configured.uow(), data, NOW) == []


def test_a_bad_calendar_leaves_the_catalogue_of_the_same_update_unapplied(
    configured: AppContext,
) -> None:
    bad = calendar_content()
    bad["workdays"] = [{"name": "错误调休", "days": ["2027-03-03"]}]  # a Wednesday
    data = {
        "catalogue": [
            {"version": 1, "label": "", "published_at": "x", "content": changed_catalogue()}
        ],
        "calendar": [{"version": 1, "year": 2027, "published_at": "x", "content": bad}],
    }
    with pytest.raises(UpdateRejected, match=r"未应用.*本来就是工作日"):
        apply_updates(configured.uow(), data, NOW)
    after = state(configured)
    assert (after.catalogue_version, after.calendar_version) == (0, 0)
    assert catalogue.search_items(configured.read_uow(), "县级新增") == []
    assert sync.update_notes(configured.read_uow()) == []
    assert calendar.add_workdays(configured.read_uow(), date(2027, 2, 4), 1).provisional


@pytest.mark.parametrize(
    "data",
    [
        {"catalogue": [{"version": 1, "content": {"format": "something-else"}}]},
        {"catalogue": [{"version": 1, "content": "{not json"}]},
        {"catalogue": [{"content": {}}]},
        {"calendar": "not a list"},
    ],
)
def test_malformed_updates_are_rejected_in_chinese(
    configured: AppContext, data: dict[str, Any]
) -> None:
    with pytest.raises(UpdateRejected, match="县级平台下发的目录或日历"):
        apply_updates(configured.uow(), data, NOW)
    assert state(configured).catalogue_version == 0


def test_only_versions_newer_than_the_applied_ones_are_applied_in_order(
    configured: AppContext,
) -> None:
    first = catalogue_content()
    data = {
        "catalogue": [
            {"version": 2, "label": "b", "published_at": "x", "content": changed_catalogue()},
            {"version": 1, "label": "a", "published_at": "x", "content": first},
        ]
    }
    notes = apply_updates(configured.uow(), data, NOW)
    assert [(n.version, n.summary) for n in notes] == [
        (1, "事项目录 第1版：新增0项，变更0项"),
        (2, "事项目录 第2版：新增1项，变更1项"),
    ]
    assert state(configured).catalogue_version == 2
