"""Fuzzing the files a hall imports (事项目录, 节假日安排): generated JSON, mutated valid
files, bytes cut and spliced. Reading either succeeds or refuses with the importer's own
error listing every problem in Chinese; an import that is refused changes nothing."""

from __future__ import annotations

import copy
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hallapp.app import AppContext
from hallapp.errors import InvalidInput
from hallapp.resources import SAMPLE_CATALOGUE
from hallapp.services import calendar, catalogue
from hallapp.services.actors import Actor
from hallapp.services.calendar_files import CalendarFileInvalid, parse_arrangement
from hallapp.services.calendar_files import read_calendar_file as read_calendar
from hallapp.services.catalogue_files import CatalogueFileInvalid, read_catalogue_file

TEST_2027 = Path(__file__).resolve().parents[1] / "data" / "calendar-2027-test.json"
CJK = re.compile(r"[\u4e00-\u9fff]")
PYTHON_TEXT = re.compile(r"object|attribute|NoneType|iterable|subscriptable|Traceback")
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SAMPLE_TEXT = SAMPLE_CATALOGUE.read_text(encoding="utf-8")
SAMPLE = json.loads(SAMPLE_TEXT)
CALENDAR_TEXT = TEST_2027.read_text(encoding="utf-8")
CALENDAR = json.loads(CALENDAR_TEXT)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["是", "否", "working_days", "natural_days", "original", "copy", "", " "]),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def explained(exc: InvalidInput) -> None:
    """The refusal and each problem in Chinese (the file's own values, quoted in “”, left
    out), never the bare text of a Python exception."""
    assert CJK.search(exc.message), exc.message
    assert exc.problems, exc.message
    for problem in exc.problems:
        own_words = re.sub(r"“[^”]*”", "", problem)
        assert CJK.search(own_words), problem
        assert not PYTHON_TEXT.search(own_words), problem


def mutate(data: Any, draw: st.DataObject, edits: int) -> Any:
    """Change ``edits`` places of a JSON tree: a value replaced, a key dropped, a value
    wrapped in a list, or an object or list emptied. The key is drawn first, so each field
    of an item is hit as often as the file's format version."""
    data = copy.deepcopy(data)
    for _ in range(edits):
        places = _places(data)
        if not places:
            return draw.draw(json_values, "whole file")
        name = draw.draw(st.sampled_from(sorted(places, key=str)), "key")
        path = draw.draw(st.sampled_from(places[name]), "path")
        node = data
        for key in path[:-1]:
            node = node[key]
        key = path[-1]
        how = draw.draw(st.sampled_from(["replace", "replace", "drop", "wrap", "empty"]), "how")
        if how == "drop" and isinstance(node, dict):
            del node[key]
        elif how == "wrap":
            node[key] = [node[key]]
        elif how == "empty" and isinstance(node[key], dict | list):
            node[key] = type(node[key])()
        else:
            node[key] = draw.draw(json_values, "value")
    return data


def _places(data: Any, path: tuple[Any, ...] = ()) -> dict[Any, list[tuple[Any, ...]]]:
    """Every place in the tree, by the key (or list index) that names it."""
    found: dict[Any, list[tuple[Any, ...]]] = {}
    if isinstance(data, dict | list):
        keys = list(data) if isinstance(data, dict) else list(range(len(data)))
        for key in keys:
            here = (*path, key)
            found.setdefault(key, []).append(here)
            for name, more in _places(data[key], here).items():
                found.setdefault(name, []).extend(more)
    return found


def splice(text: str, draw: st.DataObject) -> bytes:
    """Bytes cut, overwritten and inserted, as a file half-copied from a bad USB stick."""
    raw = bytearray(text.encode("utf-8"))
    for _ in range(draw.draw(st.integers(1, 4), "edits")):
        at = draw.draw(st.integers(0, len(raw)), "at")
        length = draw.draw(st.integers(0, 40), "length")
        junk = draw.draw(st.binary(max_size=8), "junk")
        raw[at : at + length] = junk
    return bytes(raw)


def read_or_refuse(path: Path) -> None:
    try:
        parsed = read_catalogue_file(path)
    except CatalogueFileInvalid as exc:
        explained(exc)
        return
    assert parsed.items


@FUZZ
@given(json_values)
def test_any_json_is_read_or_refused_with_reasons(tmp_path: Path, data: Any) -> None:
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    read_or_refuse(path)


@FUZZ
@given(st.data())
def test_a_mutated_catalogue_is_read_or_refused_with_reasons(
    tmp_path: Path, data: st.DataObject
) -> None:
    path = tmp_path / "catalogue.json"
    changed = mutate(SAMPLE, data, data.draw(st.integers(1, 4), "edits"))
    path.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    read_or_refuse(path)


@FUZZ
@given(st.data())
def test_a_damaged_catalogue_file_is_refused_with_reasons(
    tmp_path: Path, data: st.DataObject
) -> None:
    path = tmp_path / "catalogue.json"
    path.write_bytes(splice(SAMPLE_TEXT, data))
    read_or_refuse(path)


def dump(ctx: AppContext) -> list[str]:
    with sqlite3.connect(ctx.db_path) as conn:
        return list(conn.iterdump())


@settings(FUZZ, max_examples=60)
@given(st.data())
def test_a_refused_import_changes_nothing(
    demo: AppContext, supervisor: Actor, tmp_path: Path, data: st.DataObject
) -> None:
    path = tmp_path / "catalogue.json"
    changed = mutate(SAMPLE, data, data.draw(st.integers(1, 3), "edits"))
    path.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    before = dump(demo)
    try:
        catalogue.import_catalogue_file(demo.uow(), supervisor, path)
    except CatalogueFileInvalid as exc:
        explained(exc)
        assert dump(demo) == before


def test_a_catalogue_with_one_bad_item_among_many_imports_none_of_them(
    demo: AppContext, supervisor: Actor, tmp_path: Path
) -> None:
    changed = copy.deepcopy(SAMPLE)
    for item in changed["items"]:
        item["name"] += "（新）"  # every item changed: a valid import would touch them all
    changed["items"][-1]["legal_limit"] = {"value": "十", "unit": "working_days"}
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    before = dump(demo)
    try:
        catalogue.import_catalogue_file(demo.uow(), supervisor, path)
    except CatalogueFileInvalid as exc:
        assert exc.problems == [f"第{len(changed['items'])}项字段 legal_limit：须为整数，实为“十”"]
    else:
        raise AssertionError("an item with a limit in words was imported")
    assert dump(demo) == before


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("materials", 5, "第1项字段 materials：须为列表"),
        ("fees", {"name": "工本费"}, "第1项字段 fees：须为列表"),
        ("materials", ["居民身份证"], "第1项字段 materials[0]：须为对象"),
    ],
)
def test_materials_and_fees_that_are_not_lists_of_objects_are_explained(
    tmp_path: Path, field: str, value: Any, problem: str
) -> None:
    changed = copy.deepcopy(SAMPLE)
    changed["items"][0][field] = value
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogueFileInvalid) as refused:
        read_catalogue_file(path)
    assert refused.value.problems == [problem]


# --- the calendar file -------------------------------------------------------------------


def arrangement_or_refusal(data: Any) -> None:
    try:
        year = parse_arrangement(data, "fuzz.json", "local")
    except CalendarFileInvalid as exc:
        explained(exc)
        return
    assert all(d.day.year == year.year for d in year.days)


@FUZZ
@given(json_values)
def test_any_json_is_an_arrangement_or_refused_with_reasons(data: Any) -> None:
    arrangement_or_refusal(data)


@FUZZ
@given(st.data())
def test_a_mutated_arrangement_is_read_or_refused_with_reasons(data: st.DataObject) -> None:
    arrangement_or_refusal(mutate(CALENDAR, data, data.draw(st.integers(1, 3), "edits")))


@pytest.mark.parametrize("days", [None, 20270101, "2027-01-01", {"day": "2027-01-01"}])
def test_days_that_are_not_a_list_are_explained(days: Any) -> None:
    data = copy.deepcopy(CALENDAR)
    data["holidays"][0]["days"] = days
    with pytest.raises(CalendarFileInvalid) as refused:
        parse_arrangement(data, "2027.json", "local")
    assert refused.value.problems == ["holidays 第1组“元旦”：days 须为日期列表"]


@FUZZ
@given(st.data())
def test_a_damaged_calendar_file_is_refused_with_reasons(
    tmp_path: Path, data: st.DataObject
) -> None:
    path = tmp_path / "calendar.json"
    path.write_bytes(splice(CALENDAR_TEXT, data))
    try:
        read_calendar(path)
    except CalendarFileInvalid as exc:
        explained(exc)


@settings(FUZZ, max_examples=40)
@given(st.data())
def test_a_refused_arrangement_changes_nothing(
    demo: AppContext, supervisor: Actor, tmp_path: Path, data: st.DataObject
) -> None:
    path = tmp_path / "calendar.json"
    changed = mutate(CALENDAR, data, data.draw(st.integers(1, 3), "edits"))
    path.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    before = dump(demo)
    try:
        calendar.import_calendar_file(demo.uow(), supervisor, path)
    except CalendarFileInvalid as exc:
        explained(exc)
        assert dump(demo) == before
