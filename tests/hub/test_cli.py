"""`hallapp hub ...` as the county's administrator runs it."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from hallapp.cli import main
from hallapp.hub.store import HubStore
from hallapp.resources import SAMPLE_CATALOGUE
from tests.hub.conftest import HALL, batch_of, entries
from tests.hub.test_transfer import export_file

CALENDAR = Path(__file__).parents[1] / "data" / "calendar-2027-test.json"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "county" / "hub.sqlite3")


def hub(db: str, *args: str) -> int:
    return main(["hub", args[0], "--db", db, *args[1:]])


def test_add_hall_then_list_halls(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cred.json"
    assert hub(db, "add-hall", HALL, "城关镇便民服务中心", "--out", str(out)) == 0
    assert "已登记服务中心" in capsys.readouterr().out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text("utf-8"))["hall_code"] == HALL
    assert hub(db, "add-hall", HALL, "又一个", "--out", str(tmp_path / "b.json")) == 1
    assert "已经登记过" in capsys.readouterr().err
    assert not (tmp_path / "b.json").exists()
    assert hub(db, "halls") == 0
    listing = capsys.readouterr().out
    assert "区划代码" in listing and HALL in listing and "从未同步" in listing


def test_add_hall_refuses_a_missing_folder_before_registering(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert hub(db, "add-hall", HALL, "城关镇", "--out", str(tmp_path / "no" / "c.json")) == 1
    assert "不存在" in capsys.readouterr().err
    assert hub(db, "halls") == 0
    assert "尚未登记任何服务中心" in capsys.readouterr().out


def test_the_database_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HALLAPP_HUB_DB", str(tmp_path / "env.sqlite3"))
    assert main(["hub", "add-hall", HALL, "城关镇", "--out", str(tmp_path / "c.json")]) == 0
    assert (tmp_path / "env.sqlite3").exists()


def test_import_writes_the_ack_and_fails_on_a_gap(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store = HubStore(db)
    cred = store.add_hall(HALL, "城关镇便民服务中心")
    store.close()
    good = export_file(tmp_path / "a.jsonl", [batch_of(cred, entries(1, 2))], cred.secret)
    assert hub(db, "import", str(good)) == 0
    printed = capsys.readouterr().out
    assert "新接收 1 个批次" in printed and "a.jsonl.ack.json" in printed
    gap = export_file(tmp_path / "b.jsonl", [batch_of(cred, entries(5, 1))], cred.secret)
    assert hub(db, "import", str(gap)) == 1
    assert "中止" in capsys.readouterr().out
    assert json.loads((tmp_path / "b.jsonl.ack.json").read_text("utf-8"))["last_seq"] == 2


def test_import_of_an_altered_file_fails_with_a_message(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store = HubStore(db)
    cred = store.add_hall(HALL, "城关镇便民服务中心")
    store.close()
    path = export_file(tmp_path / "a.jsonl", [batch_of(cred, entries(1, 2))], cred.secret)
    data = path.read_bytes()
    path.write_bytes(data[:-5] + bytes([data[-5] ^ 1]) + data[-4:])
    assert hub(db, "import", str(path)) == 1
    assert "未导入任何内容" in capsys.readouterr().err


def test_add_user_from_a_password_file(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "pw.txt"
    secret.write_text("long enough password\n", encoding="utf-8")
    assert hub(db, "add-user", "xianji", "--password-file", str(secret)) == 0
    store = HubStore(db)
    try:
        assert store.check_login("xianji", "long enough password")
    finally:
        store.close()
    secret.write_text("short\n", encoding="utf-8")
    assert hub(db, "add-user", "other", "--password-file", str(secret)) == 1
    assert "至少8位" in capsys.readouterr().err


def test_publish_catalogue_and_calendar(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert hub(db, "publish-catalogue", str(SAMPLE_CATALOGUE)) == 0
    assert "第 1 版" in capsys.readouterr().out
    assert hub(db, "publish-calendar", str(CALENDAR)) == 0
    assert "第 1 版" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "hallapp-calendar", "format_version": 1, "year": 1800}', "utf-8")
    assert hub(db, "publish-calendar", str(bad)) == 1
    assert "year" in capsys.readouterr().err


def test_help_speaks_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["hub", "import", "--help"])
    assert "文件有任何改动时不导入任何内容" in capsys.readouterr().out
