"""The command lines a county and a township really run: the USB transfer end to end,
``hallapp sync now``'s exit code, and the county's calendar and catalogue coming down."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from hallapp.hub.credentials import Credential
from hallapp.hub.store import HubStore
from hallapp.sync.file_crypto import decrypt_batches_file
from hallapp.sync.protocol import make_secret
from tests.support.hub_process import REPO, HubProcess, hub_env
from tests.support.ports import free_port
from tests.support.sync_checks import assert_hub_equals_township
from tests.support.township import Township

CALENDAR_2027 = REPO / "tests" / "data" / "calendar-2027-test.json"
HALL_NAME = "示例镇便民服务中心"


def hallapp(*args: str, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "hallapp"]
    if db is not None:
        command += ["--db", str(db)]
    return subprocess.run(
        [*command, *args],
        cwd=REPO,
        env=hub_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def ok(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture
def credential_file(township: Township, hub: HubProcess) -> Path:
    """Registered at the county with its CLI; the file goes to the township."""
    path = township.directory / "credential.json"
    ok(
        hallapp(
            "hub",
            "add-hall",
            "--db",
            hub.store_url,
            "--out",
            str(path),
            township.hall_code,
            HALL_NAME,
        )
    )
    return path


@pytest.fixture
def configured(township: Township, hub: HubProcess, credential_file: Path) -> Township:
    ok(
        hallapp(
            "sync", "configure", "--hub", hub.url, "--hall-code", township.hall_code,
            "--credential", str(credential_file), "--every", "0",
            db=township.db_path,
        )
    )  # fmt: skip
    return township


def test_the_usb_transfer_delivers_everything_and_http_sends_nothing_twice(
    configured: Township,
    credential_file: Path,
    hub: HubProcess,
    hub_store: HubStore,
    tmp_path: Path,
) -> None:
    stick = tmp_path / "u盘" / "batches.jsonl"
    stick.parent.mkdir()
    said = ok(hallapp("sync", "export", str(stick), db=configured.db_path))
    assert "已加密" in said and "只有县级平台能读取" in said
    secret = json.loads(credential_file.read_text(encoding="utf-8"))["secret"]
    header, plain = decrypt_batches_file(stick.read_bytes(), secret)
    assert json.loads(header.line)["kind"] == "hallapp-batches"
    assert len(plain.splitlines()) == -(-configured.outbox_count() // 500)

    ok(hallapp("hub", "import", "--db", hub.store_url, str(stick)))
    ack = Path(f"{stick}.ack.json")
    assert json.loads(ack.read_text(encoding="utf-8"))["last_seq"] == configured.last_seq()
    assert configured.services.sync_status().pending == configured.outbox_count()

    ok(hallapp("sync", "ack", str(ack), db=configured.db_path))
    assert configured.services.sync_status().pending == 0
    assert_hub_equals_township(hub_store, configured)

    after = configured.services.sync_now()
    assert after.complete, after.error
    assert (after.sent, after.batches, after.reconciled) == (0, 0, 0)
    assert_hub_equals_township(hub_store, configured)


def test_an_export_file_with_one_altered_byte_is_rejected_whole(
    configured: Township, hub: HubProcess, hub_store: HubStore, tmp_path: Path
) -> None:
    stick = tmp_path / "batches.jsonl"
    ok(hallapp("sync", "export", str(stick), db=configured.db_path))
    data = bytearray(stick.read_bytes())
    data[len(data) * 2 // 3] ^= 0x04  # one bit of the ciphertext, in the third batch or later
    stick.write_bytes(bytes(data))

    refused = hallapp("hub", "import", "--db", hub.store_url, str(stick))
    assert refused.returncode != 0
    assert refused.stderr.strip()
    assert not Path(f"{stick}.ack.json").exists()
    assert hub_store.version_count(configured.hall_code) == 0
    assert hub_store.state(configured.hall_code)["last_seq"] == 0


def test_sync_now_exits_0_when_all_delivered(configured: Township, hub_store: HubStore) -> None:
    out = ok(hallapp("sync", "now", db=configured.db_path))
    assert f"已送达 {configured.outbox_count()} 条" in out
    assert_hub_equals_township(hub_store, configured)
    status = ok(hallapp("sync", "status", db=configured.db_path))
    assert "待发送记录：0 条" in status


def test_sync_now_exits_1_when_the_hub_is_down(township: Township) -> None:
    """Nobody listens at the hub's address. (No hub storage is involved, so this runs
    once; the command retries with its real backoff, a few seconds.)"""
    credential = Credential(township.hall_code, HALL_NAME, make_secret(), "2026-01-01T00:00:00")
    path = township.write_credential(credential)
    nowhere = f"http://127.0.0.1:{free_port()}"
    ok(
        hallapp(
            "sync", "configure", "--hub", nowhere, "--hall-code", township.hall_code,
            "--credential", str(path), "--every", "0",
            db=township.db_path,
        )
    )  # fmt: skip
    down = hallapp("sync", "now", db=township.db_path)
    assert down.returncode == 1, down.stdout
    assert "县级平台" in down.stderr  # the reason, for the person at the keyboard
    assert township.services.sync_status().pending == township.outbox_count()
    status = ok(hallapp("sync", "status", db=township.db_path))
    assert f"待发送记录：{township.outbox_count()} 条" in status


def test_the_countys_calendar_and_catalogue_come_down_with_a_sync(
    configured: Township, hub: HubProcess, hub_store: HubStore, tmp_path: Path
) -> None:
    ok(hallapp("hub", "publish-calendar", "--db", hub.store_url, str(CALENDAR_2027)))
    catalogue = tmp_path / "catalogue.json"
    configured.services.export_catalogue(catalogue)
    content = json.loads(catalogue.read_text(encoding="utf-8"))
    added = dict(content["items"][0])
    added["code"] = added["code"][:-2] + "99"
    added["name"] = "县级新增测试事项"
    content["items"].append(added)
    catalogue.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    ok(hallapp("hub", "publish-catalogue", "--db", hub.store_url, str(catalogue)))

    assert not configured.services.search_items("县级新增测试事项")
    result = configured.services.sync_now()
    assert result.complete, result.error
    assert sorted((n.kind, n.version) for n in result.updates) == [
        ("calendar", 1),
        ("catalogue", 1),
    ]
    status = configured.services.sync_status()
    assert (status.catalogue_version, status.calendar_version) == (1, 1)
    notes = configured.services.update_notes()
    assert {n.kind for n in notes} == {"calendar", "catalogue"}
    assert all(n.summary for n in notes)

    year = configured.services.year_view(2027, date(2026, 12, 1))
    assert year.known
    assert date(2027, 2, 13) in year.special_days  # 春节调休上班
    assert [r.name for r in configured.services.search_items("县级新增测试事项")] == [
        "县级新增测试事项"
    ]
    # Applied once: the next sync brings nothing new.
    again = configured.services.sync_now()
    assert again.complete and again.updates == ()
    assert_hub_equals_township(hub_store, configured)
