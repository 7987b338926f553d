"""`hallapp sync ...` as a user runs it: a real process on a real database file, the hub
served on loopback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hallapp.app import AppContext
from hallapp.hub.store import HubStore
from tests.sync.conftest import HALL, add_entries
from tests.sync.hub_server import HubServer


def hallapp(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HALLAPP_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "hallapp", "sync", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_configure_now_status_from_the_command_line(
    demo: AppContext, hub: HubServer, hub_store: HubStore, hub_credential: Path
) -> None:
    db = demo.db_path
    add_entries(demo, 620)
    unset = hallapp(db, "now")
    assert unset.returncode == 1 and "尚未设置县级平台" in unset.stderr

    bad = hallapp(
        db, "configure", "--hub", "hub", "--hall-code", HALL, "--credential", str(hub_credential)
    )
    assert bad.returncode == 1 and "县级平台地址“hub”无效" in bad.stderr

    done = hallapp(
        db,
        "configure",
        "--hub",
        hub.url,
        "--hall-code",
        HALL,
        "--credential",
        str(hub_credential),
        "--every",
        "30",
    )
    assert done.returncode == 0, done.stderr
    assert "每 30 分钟自动同步" in done.stdout and "待发送记录 620 条" in done.stdout
    secret = hub_store.hall_secret(HALL)
    assert secret is not None and secret not in done.stdout

    now = hallapp(db, "now")
    assert now.returncode == 0, now.stderr
    assert "发送记录：0/620" in now.stdout and "发送记录：620/620" in now.stdout
    assert "已送达 620 条（2 个批次），待发送 0 条" in now.stdout
    assert hub_store.state(HALL)["last_seq"] == 620

    status = hallapp(db, "status")
    assert status.returncode == 0
    assert "待发送记录：0 条" in status.stdout and "最近错误：无" in status.stdout
    assert "被拒收的批次：0 个" in status.stdout
    assert secret not in status.stdout


def test_now_exits_1_with_the_error_when_the_hub_is_down(demo: AppContext, tmp_path: Path) -> None:
    # configured for a port where nothing listens; five attempts take about a minute at
    # most, so this test uses the service to configure and only one CLI run to fail
    from hallapp.services import sync
    from hallapp.services.actors import COMMAND_LINE
    from tests.sync.conftest import write_credential

    sync.configure_sync(
        demo.uow(), COMMAND_LINE, "http://127.0.0.1:9", HALL, write_credential(tmp_path / "c.json")
    )
    status = hallapp(demo.db_path, "status")
    assert "县级平台：http://127.0.0.1:9" in status.stdout
    assert "县级事项目录：尚未接收" in status.stdout


def test_export_and_ack_from_the_command_line(
    demo: AppContext, hub_store: HubStore, hub_credential: Path, tmp_path: Path
) -> None:
    db = demo.db_path
    add_entries(demo, 30)
    hallapp(
        db,
        "configure",
        "--hub",
        "http://10.0.0.5",
        "--hall-code",
        HALL,
        "--credential",
        str(hub_credential),
    )
    path = tmp_path / "批次.jsonl"
    export = hallapp(db, "export", str(path))
    assert export.returncode == 0, export.stderr
    assert "已导出 30 条记录（1 个批次）" in export.stdout
    ack_path, _ = hub_store.import_file(path)
    ack = hallapp(db, "ack", str(ack_path))
    assert ack.returncode == 0, ack.stderr
    assert "本次标记 30 条，待发送 0 条" in ack.stdout
    text = ack_path.read_text(encoding="utf-8")
    assert '"last_seq": 30' in text
    ack_path.write_text(text.replace('"last_seq": 30', '"last_seq": 31'), encoding="utf-8")
    altered = hallapp(db, "ack", str(ack_path))
    assert altered.returncode == 1 and "签名不符" in altered.stderr
    nothing = hallapp(db, "export", str(tmp_path / "again.jsonl"))
    assert nothing.returncode == 1 and "没有待发送的记录" in nothing.stderr


def test_now_exits_1_with_the_chinese_error_when_not_everything_is_delivered(
    demo: AppContext, hub: HubServer, tmp_path: Path
) -> None:
    from hallapp.services import sync
    from hallapp.services.actors import COMMAND_LINE
    from tests.sync.conftest import write_credential

    wrong = write_credential(tmp_path / "wrong.json")  # not the secret the hub issued
    sync.configure_sync(demo.uow(), COMMAND_LINE, hub.url, HALL, wrong)
    add_entries(demo, 3)
    now = hallapp(demo.db_path, "now")
    assert now.returncode == 1
    assert now.stderr.startswith("凭据不符")
    assert "待发送 3 条" in now.stdout
