"""Setting up the link to the county hub: every check before anything is stored, in
Chinese; and the status the sync area shows."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from hallapp.app import AppContext
from hallapp.errors import InvalidInput, PermissionDenied
from hallapp.services import sync, sync_store
from hallapp.services.actors import COMMAND_LINE, Actor
from hallapp.services.facade import HallServices
from tests.sync.conftest import HALL, add_entries, state, write_credential


def test_a_fresh_hall_is_not_configured_and_cannot_send(demo: AppContext, clerk: Actor) -> None:
    status = sync.sync_status(demo.read_uow())
    assert not status.configured
    assert (status.pending, status.parked, status.auto_minutes) == (0, 0, 15)
    with pytest.raises(sync.SyncNotConfigured, match="尚未设置县级平台"):
        sync.sync_now(demo.uow, clerk)


def test_configure_stores_the_link_and_never_shows_the_secret(
    demo: AppContext, supervisor: Actor, credential: Path
) -> None:
    services = HallServices(demo.uow, demo.read_uow, supervisor, demo.db_path)
    status = services.configure_sync(" https://hub.example.cn/ ", HALL, credential, 30)
    assert status.configured
    assert (status.hub_url, status.hall_code, status.auto_minutes) == (
        "https://hub.example.cn",
        HALL,
        30,
    )
    secret = json.loads(credential.read_text(encoding="utf-8"))["secret"]
    assert state(demo).secret == secret
    assert secret not in repr(status)
    assert secret not in repr(sync.sync_status(demo.read_uow()))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("hub.example.cn", "县级平台地址“hub.example.cn”无效"),
        ("ftp://hub.example.cn", "无效"),
        ("http://", "无效"),
        ("http://hub.example.cn/?x=1", "不应带有"),
    ],
)
def test_a_bad_address_is_refused(
    demo: AppContext, credential: Path, url: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        sync.configure_sync(demo.uow(), COMMAND_LINE, url, HALL, credential)
    assert not sync.sync_status(demo.read_uow()).configured


def test_a_credential_for_another_hall_is_refused(demo: AppContext, tmp_path: Path) -> None:
    other = write_credential(tmp_path / "other.json", hall_code="430121105000")
    with pytest.raises(InvalidInput, match="签发给服务中心 430121105000"):
        sync.configure_sync(demo.uow(), COMMAND_LINE, "http://10.0.0.5:8700", HALL, other)
    assert state(demo).secret == ""


def test_a_hall_code_not_of_this_database_is_refused(demo: AppContext, tmp_path: Path) -> None:
    other = write_credential(tmp_path / "other.json", hall_code="430121105000")
    with pytest.raises(InvalidInput, match="与本数据库登记的服务中心"):
        sync.configure_sync(demo.uow(), COMMAND_LINE, "http://10.0.0.5", "430121105000", other)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "找不到凭据文件"),
        ("not json", "不是 JSON"),
        ('{"kind": "hallapp-ack"}', "不是县级平台签发的凭据文件"),
        (json.dumps({"kind": "hallapp-credential", "version": 1, "hall_code": HALL}), "缺少密钥"),
    ],
)
def test_a_missing_or_broken_credential_file_is_refused(
    demo: AppContext, tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "credential.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput, match=message):
        sync.configure_sync(demo.uow(), COMMAND_LINE, "http://10.0.0.5", HALL, path)


def test_bad_hall_code_and_interval_are_refused(demo: AppContext, credential: Path) -> None:
    with pytest.raises(InvalidInput, match="服务中心代码无效"):
        sync.configure_sync(demo.uow(), COMMAND_LINE, "http://10.0.0.5", "12345", credential)
    with pytest.raises(InvalidInput, match="1440"):
        sync.configure_sync(demo.uow(), COMMAND_LINE, "http://10.0.0.5", HALL, credential, -1)


def test_only_a_supervisor_or_admin_configures(
    demo: AppContext, clerk: Actor, credential: Path
) -> None:
    with pytest.raises(PermissionDenied, match="中心负责人或管理员"):
        sync.configure_sync(demo.uow(), clerk, "http://10.0.0.5", HALL, credential)


def test_status_counts_pending_entries_and_parked_batches(configured: AppContext) -> None:
    add_entries(configured, 7)
    sync_store.mark_acked(configured.uow(), 3)
    sync_store.park(configured.uow(), 4, 7, "malformed", "批次格式错误", datetime(2026, 12, 1))
    status = sync.sync_status(configured.read_uow())
    assert (status.pending, status.parked) == (4, 1)
    [parked] = sync.parked_batches(configured.read_uow())
    assert (parked.first_seq, parked.last_seq, parked.code) == (4, 7, "malformed")
    assert sync.retry_parked(configured.uow(), COMMAND_LINE) == 1
    assert sync.sync_status(configured.read_uow()).parked == 0
    assert sync.parked_batches(configured.read_uow()) == []


def test_retry_parked_needs_a_supervisor(configured: AppContext, clerk: Actor) -> None:
    with pytest.raises(PermissionDenied):
        sync.retry_parked(configured.uow(), clerk)
