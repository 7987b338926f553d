"""The hub's administration: halls and credentials, publications, accounts, migrations."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from hallapp.hub.database import HEAD_REVISION, VERSION_TABLE, current_hub_revision
from hallapp.hub.errors import HubError
from hallapp.hub.schema import metadata
from hallapp.hub.store import HubStore
from hallapp.resources import SAMPLE_CATALOGUE
from hallapp.services.calendar_files import CalendarFileInvalid
from hallapp.services.catalogue_files import (
    CatalogueFileInvalid,
    read_catalogue_file,
    write_catalogue_file,
)
from tests.hub.conftest import HALL

CALENDAR = Path(__file__).parents[1] / "data" / "calendar-2027-test.json"


def test_migrations_create_the_tables_of_the_schema(store: HubStore) -> None:
    assert current_hub_revision(store.engine) == HEAD_REVISION
    with store.engine.connect() as conn:
        assert inspect(conn).has_table(VERSION_TABLE)
        assert not inspect(conn).has_table("alembic_version")
        context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        assert compare_metadata(context, metadata) == []


def test_opening_the_hub_twice_keeps_its_data(hub_url: str, store: HubStore) -> None:
    store.add_hall(HALL, "城关镇便民服务中心")
    again = HubStore(hub_url)
    try:
        assert [h.code for h in again.halls()] == [HALL]
    finally:
        again.close()


def test_a_hall_gets_a_credential_file_only_its_owner_can_read(
    tmp_path: Path, store: HubStore
) -> None:
    credential = store.add_hall(f" {HALL} ", " 城关镇便民服务中心 ")
    path = tmp_path / "cred.json"
    path.write_text("old")
    path.chmod(0o644)
    credential.write(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = json.loads(path.read_text("utf-8"))
    assert data == {
        "kind": "hallapp-credential",
        "version": 1,
        "hall_code": HALL,
        "hall_name": "城关镇便民服务中心",
        "secret": store.hall_secret(HALL),
        "issued_at": "2026-12-01T09:00:01",
    }
    assert len(data["secret"]) == 64


@pytest.mark.parametrize(
    ("code", "name", "words"),
    [
        ("43012110400", "镇", "12位数字"),
        ("990121104000", "镇", "省级"),
        ("43012110400a", "镇", "12位数字"),
        (HALL, "  ", "名称不能为空"),
    ],
)
def test_a_bad_hall_is_refused(store: HubStore, code: str, name: str, words: str) -> None:
    with pytest.raises(HubError) as info:
        store.add_hall(code, name)
    assert words in info.value.message
    assert store.halls() == []


def test_a_hall_cannot_be_added_twice(store: HubStore) -> None:
    first = store.add_hall(HALL, "城关镇便民服务中心")
    with pytest.raises(HubError) as info:
        store.add_hall(HALL, "另一个名字")
    assert "已经登记过" in info.value.message
    assert store.hall_secret(HALL) == first.secret


def test_publishing_a_bad_catalogue_stores_nothing(tmp_path: Path, store: HubStore) -> None:
    data = json.loads(SAMPLE_CATALOGUE.read_text("utf-8"))
    data["items"][0]["name"] = ""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogueFileInvalid) as info:
        store.publish_catalogue(bad)
    assert info.value.problems
    text = tmp_path / "catalogue.txt"
    text.write_text("x")
    with pytest.raises(HubError):
        store.publish_catalogue(text)
    with pytest.raises(HubError):
        store.publish_catalogue(tmp_path / "missing.json")
    assert store.updates(registered(store), 0, 0) == {"catalogue": [], "calendar": []}


def registered(store: HubStore) -> str:
    """Register the test hall and return its code (updates are only for known halls)."""
    store.add_hall(HALL, "城关镇便民服务中心")
    return HALL


def test_an_excel_catalogue_is_published_in_its_json_form(tmp_path: Path, store: HubStore) -> None:
    parsed = read_catalogue_file(SAMPLE_CATALOGUE)
    xlsx, as_json = tmp_path / "cat.xlsx", tmp_path / "cat.json"
    write_catalogue_file(xlsx, parsed.items, parsed.label)
    write_catalogue_file(as_json, parsed.items, parsed.label)
    assert store.publish_catalogue(xlsx) == 1
    [published] = store.updates(registered(store), 0, 0)["catalogue"]
    assert published["content"] == json.loads(as_json.read_text("utf-8"))
    assert published["label"] == parsed.label


def test_publishing_a_bad_calendar_stores_nothing(tmp_path: Path, store: HubStore) -> None:
    data = json.loads(CALENDAR.read_text("utf-8"))
    data["holidays"][0]["days"] = ["2028-01-01"]  # not in the file's year
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CalendarFileInvalid):
        store.publish_calendar(bad)
    assert store.publish_calendar(CALENDAR) == 1
    assert store.publish_calendar(CALENDAR) == 2
    assert [c["version"] for c in store.updates(registered(store), 0, 0)["calendar"]] == [1, 2]


def test_updates_for_an_unknown_hall_are_refused(store: HubStore) -> None:
    with pytest.raises(HubError):
        store.updates(HALL, 0, 0)


def test_county_staff_accounts(store: HubStore) -> None:
    store.add_user("xianji", "a good password")
    assert store.check_login("xianji", "a good password")
    assert not store.check_login("xianji", "a good passwore")
    assert not store.check_login("nobody", "a good password")
    with pytest.raises(HubError):
        store.add_user("xianji", "another password")
    with pytest.raises(HubError):
        store.add_user("short", "1234567")
    with pytest.raises(HubError):
        store.add_user("  ", "a good password")
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash FROM users").scalar_one()
    assert stored.startswith("scrypt$") and "a good password" not in stored


def test_a_setting_is_made_once(store: HubStore) -> None:
    first = store.setting("session_secret", lambda: "one")
    assert store.setting("session_secret", lambda: "two") == first == "one"
