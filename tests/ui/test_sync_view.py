"""The 同步 area over a real demo database, against the county hub served on loopback in a
thread of this process (real HTTP); 立即同步 runs on its real worker thread."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
import uvicorn
from PySide6.QtCore import Qt

from hallapp.app import AppContext
from hallapp.hub.store import HubStore
from hallapp.services import sync_store
from hallapp.services.actors import COMMAND_LINE, Actor
from hallapp.services.demo import DEMO_HALL
from hallapp.services.demo_cases import generate_cases
from hallapp.services.facade import HallServices
from hallapp.services.sync import SyncResult
from hallapp.ui.main_window import MainWindow
from hallapp.ui.sync import SyncArea
from tests.support.ports import free_port
from tests.ui.conftest import make_window
from tests.ui.typing import type_text

# Where no test needs the hub to answer: configured, but nothing listens there.
HUB_URL = "http://127.0.0.1:9"
WAIT_MS = 60_000  # a generous ceiling for the worker; no test asserts how long it takes
_START_TIMEOUT = 30.0


# --- the hub, the credential, the queued cases ---------------------------------------------
@dataclass(frozen=True)
class Hub:
    url: str
    store_url: str


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """The county hub's database, a SQLite file."""
    return f"sqlite:///{tmp_path / 'hub.sqlite3'}"


@pytest.fixture
def hub(store_url: str) -> Iterator[Hub]:
    """The hub app over ``store_url`` on a free loopback port, in a thread."""
    from hallapp.hub.app import create_app

    port = free_port()
    config = uvicorn.Config(create_app(store_url), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="hub", daemon=True)
    thread.start()
    deadline = time.monotonic() + _START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the hub did not start on port {port}")
        time.sleep(0.02)
    yield Hub(f"http://127.0.0.1:{port}", store_url)
    server.should_exit = True
    thread.join(timeout=_START_TIMEOUT)


def issue_credential(store_url: str, directory: Path) -> Path:
    """登记服务中心 at the hub and write the file that is carried to the township."""
    store = HubStore(store_url)
    try:
        credential = store.add_hall(DEMO_HALL.code, DEMO_HALL.name)
    finally:
        store.close()
    path = directory / "credential.json"
    credential.write(path)
    return path


@pytest.fixture
def credential(store_url: str, tmp_path: Path) -> Path:
    return issue_credential(store_url, tmp_path)


@pytest.fixture
def queued(demo: AppContext) -> int:
    """Cases with every change still queued, as in a hall that has not synced them."""
    generate_cases(demo.uow(), COMMAND_LINE, 12, seed=7, outbox="all")
    return services_of(demo, COMMAND_LINE).sync_status().pending


def services_of(ctx: AppContext, actor: Actor) -> HallServices:
    return HallServices(ctx.uow, ctx.read_uow, actor, ctx.db_path)


def configure(
    ctx: AppContext, supervisor: Actor, url: str, credential: Path, minutes: int = 0
) -> None:
    """同步设置 as the supervisor saves it, through the services."""
    services_of(ctx, supervisor).configure_sync(url, DEMO_HALL.code, credential, minutes)


def closed_port_url() -> str:
    return f"http://127.0.0.1:{free_port()}"


def wait_idle(qtbot, area: SyncArea) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not area.runner.running, timeout=WAIT_MS)


@pytest.fixture
def window(qtbot, demo: AppContext, clerk: Actor, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = make_window(qtbot, demo, clerk, tmp_path)
    yield win
    win.sync_area.shutdown()  # no worker may outlive its database


# --- the status --------------------------------------------------------------------------
def test_the_area_shows_an_unconfigured_hall_honestly(
    qtbot,
    window: MainWindow,
    queued: int,  # type: ignore[no-untyped-def]
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    area = window.sync_area
    assert window.current_area() == "sync"
    qtbot.waitUntil(lambda: area.status is not None)
    assert area.panel.hub_url.text() == "（未配置）"
    assert area.panel.pending.text() == f"{queued} 条"
    assert area.panel.last_success.text() == "尚未同步"
    assert window.sync_label.text() == "同步：未配置县级平台"
    assert not window.sync_label.bad


def test_the_status_bar_follows_a_case_change(
    qtbot,
    window: MainWindow,
    demo: AppContext,  # type: ignore[no-untyped-def]
) -> None:
    before = window.sync_area.status
    assert before is not None
    generate_cases(demo.uow(), COMMAND_LINE, 2, seed=3, outbox="all")
    window.case_view.case_changed.emit(0)  # what the case view says after any step
    after = window.sync_area.status
    assert after is not None and after.pending > before.pending


def test_a_configured_area_shows_where_and_how_often(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    supervisor: Actor,
    credential: Path,
    store_url: str,
    queued: int,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    configure(demo, supervisor, HUB_URL, credential, minutes=20)
    window = make_window(qtbot, demo, clerk, tmp_path)
    window.show_area("sync")
    panel = window.sync_area.panel
    qtbot.waitUntil(lambda: panel.hub_url.text() == HUB_URL)
    assert panel.hall_code.text() == DEMO_HALL.code
    assert panel.auto.text() == "每 20 分钟"
    assert window.sync_area.auto_timer.isActive()
    assert window.sync_area.auto_timer.interval() == 20 * 60 * 1000
    assert window.sync_label.text().startswith(f"待上报 {queued} 条 · 尚未同步")
    window.sync_area.shutdown()


# --- 立即同步 ----------------------------------------------------------------------------------
def test_keyboard_sync_sends_everything_to_the_hub(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    supervisor: Actor,
    credential: Path,
    hub: Hub,
    queued: int,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    assert queued > 0
    configure(demo, supervisor, hub.url, credential)
    window = make_window(qtbot, demo, clerk, tmp_path)
    area = window.sync_area
    enabled_during_run: list[bool] = []
    shown_progress: list[str] = []
    area.runner.progressed.connect(
        lambda _p: enabled_during_run.append(area.sync_button.isEnabled())
    )
    area.runner.progressed.connect(lambda _p: shown_progress.append(area.progress.format()))

    qtbot.keyClick(
        window,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.current_area() == "sync"
    assert area.runner.running
    assert not area.sync_button.isEnabled()
    assert not area.sync_now()  # a second press while it runs starts nothing
    wait_idle(qtbot, area)

    assert enabled_during_run and not any(enabled_during_run)
    assert any(text.startswith("发送记录") for text in shown_progress)
    assert not area.progress.isVisible()
    assert area.sync_button.isEnabled()
    assert area.messages.isVisible()
    assert area.messages.text.startswith(f"已上报 {queued} 条，全部送达")
    qtbot.waitUntil(lambda: area.panel.pending.text() == "0 条")
    assert window.sync_label.text().startswith("待上报 0 条 · 上次同步 ")
    assert not window.sync_label.bad
    assert services_of(demo, clerk).sync_status().pending == 0
    store = HubStore(hub.store_url)
    try:
        assert store.state(DEMO_HALL.code)["last_seq"] >= queued
    finally:
        store.close()
    window.sync_area.shutdown()


def test_cancel_stops_the_run_and_keeps_what_was_not_sent(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    supervisor: Actor,
    credential: Path,
    hub: Hub,
    queued: int,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    configure(demo, supervisor, hub.url, credential)
    window = make_window(qtbot, demo, clerk, tmp_path)
    area = window.sync_area
    results: list[SyncResult] = []
    area.runner.finished.connect(lambda result, _manual: results.append(result))
    # 取消 pressed the moment it is offered, before the worker can have sent anything.
    area.runner.started.connect(lambda _manual: area.cancel_button.click())
    window.sync_now()
    assert area.cancel_button.text() == "正在取消…"
    assert not area.cancel_button.isEnabled()
    wait_idle(qtbot, area)

    assert len(results) == 1
    result = results[0]
    assert not result.complete
    assert "同步已取消" in area.messages.text
    assert result.sent + result.pending == queued
    assert services_of(demo, clerk).sync_status().pending == result.pending
    assert area.cancel_button.text() == "取消(&C)" and not area.cancel_button.isEnabled()
    assert area.sync_button.isEnabled()
    window.sync_area.shutdown()


def test_an_unreachable_hub_is_said_in_chinese_and_nothing_is_lost(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    supervisor: Actor,
    credential: Path,
    queued: int,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    configure(demo, supervisor, closed_port_url(), credential)
    window = make_window(qtbot, demo, clerk, tmp_path)
    area = window.sync_area
    window.show_area("sync")
    with qtbot.waitSignal(area.runner.started):  # a mnemonic clicks after a short animation
        qtbot.keyClick(area.sync_button, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    wait_idle(qtbot, area)

    assert area.messages.isVisible()
    text = area.messages.text
    assert text.startswith("同步未完成：")
    assert f"尚有 {queued} 条待上报" in text
    assert not text.isascii()
    status = services_of(demo, clerk).sync_status()
    assert status.pending == queued and status.last_error
    assert area.panel.last_error.isVisible()
    assert area.panel.last_error.text() == status.last_error
    assert window.sync_label.bad
    assert window.sync_label.text() == f"待上报 {queued} 条 · 同步失败：{status.last_error}"
    window.sync_area.shutdown()


def test_another_sender_makes_the_button_say_wait(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    supervisor: Actor,
    credential: Path,
    store_url: str,
    queued: int,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    configure(demo, supervisor, HUB_URL, credential)
    sync_store.take_lease(demo.uow(), "command-line", datetime.now())
    window = make_window(qtbot, demo, clerk, tmp_path)
    area = window.sync_area
    window.sync_now()
    wait_idle(qtbot, area)
    assert "正在同步" in area.messages.text and "稍后" in area.messages.text
    assert services_of(demo, clerk).sync_status().pending == queued
    assert area.sync_button.isEnabled()
    window.sync_area.shutdown()


def test_the_automatic_sync_never_interrupts_with_a_message(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    supervisor: Actor,
    credential: Path,
    queued: int,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    configure(demo, supervisor, closed_port_url(), credential, minutes=5)
    window = make_window(qtbot, demo, clerk, tmp_path)
    area = window.sync_area
    window.show_area("sync")
    qtbot.waitUntil(area.auto_timer.isActive)
    area.auto_timer.timeout.emit()  # the interval's end, without waiting five minutes
    assert area.runner.running
    wait_idle(qtbot, area)
    assert not area.messages.isVisible()
    assert area.result.text().startswith("自动同步：同步未完成：")
    assert "自动同步未完成" in window.statusBar().currentMessage()
    assert window.sync_label.bad
    assert services_of(demo, clerk).sync_status().pending == queued
    window.sync_area.shutdown()


def test_no_automatic_sync_without_a_hub(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    area = window.sync_area
    assert not area.auto_timer.isActive()
    assert not area.auto_sync()
    assert not area.runner.running


# --- 同步设置 ----------------------------------------------------------------------------------
def fill_settings(qtbot, area: SyncArea, url: str, credential: Path, minutes: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(area.settings_button, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: area.settings_dialog is not None and area.settings_dialog.isVisible())
    dialog = area.settings_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)  # its mnemonics work once it has the keyboard
    dialog.hub_url.clear()
    type_text(qtbot, dialog.hub_url, url)
    dialog.credential.clear()
    type_text(qtbot, dialog.credential, str(credential))
    dialog.interval.setValue(minutes)
    qtbot.keyClick(dialog.interval, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    # The mnemonic clicks after a short animation; then the dialog closes or says why not.
    qtbot.waitUntil(lambda: dialog.messages.isVisible() or not dialog.isVisible())


def test_a_clerk_saving_the_settings_reads_the_permission_message(
    qtbot,
    window: MainWindow,
    credential: Path,
    store_url: str,  # type: ignore[no-untyped-def]
) -> None:
    area = window.sync_area
    window.show_area("sync")
    fill_settings(qtbot, area, HUB_URL, credential, 10)
    dialog = area.settings_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.messages.isVisible()
    assert "中心负责人" in dialog.messages.text and "权限" in dialog.messages.text
    assert window.services is not None
    assert not window.services.sync_status().configured
    dialog.reject()


def test_a_supervisor_sets_the_hub_up_from_the_dialog(
    qtbot, demo: AppContext, supervisor: Actor, credential: Path, store_url: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, demo, supervisor, tmp_path)
    area = window.sync_area
    window.show_area("sync")
    fill_settings(qtbot, area, HUB_URL, credential, 30)
    qtbot.waitUntil(
        lambda: area.settings_dialog is not None and not area.settings_dialog.isVisible()
    )
    assert area.messages.text == "同步设置已保存。"
    assert area.panel.hub_url.text() == HUB_URL
    assert area.panel.auto.text() == "每 30 分钟"
    assert area.auto_timer.interval() == 30 * 60 * 1000
    assert window.services is not None and window.services.sync_status().configured
    window.sync_area.shutdown()


def test_a_wrong_credential_keeps_the_dialog_open_with_the_reason(
    qtbot, demo: AppContext, supervisor: Actor, store_url: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    bogus = tmp_path / "not-a-credential.json"
    bogus.write_text(json.dumps({"kind": "something-else"}), encoding="utf-8")
    window = make_window(qtbot, demo, supervisor, tmp_path)
    area = window.sync_area
    window.show_area("sync")
    fill_settings(qtbot, area, HUB_URL, bogus, 15)
    dialog = area.settings_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.messages.isVisible() and dialog.messages.text
    assert not dialog.messages.text.isascii()
    assert window.services is not None and not window.services.sync_status().configured
    dialog.reject()
    window.sync_area.shutdown()


# --- 导出到U盘 and 导入回执 ------------------------------------------------------------------------
def test_export_to_a_stick_then_import_the_hubs_receipt(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    supervisor: Actor,
    credential: Path,
    store_url: str,
    queued: int,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    configure(demo, supervisor, closed_port_url(), credential)
    window = make_window(qtbot, demo, clerk, tmp_path)
    area = window.sync_area
    window.show_area("sync")
    stick = tmp_path / "stick" / "batches.hallapp-batches"
    stick.parent.mkdir()
    area.export_to(stick)  # the file dialog's answer
    assert area.messages.text.startswith(f"已导出 {queued} 条")
    assert "已加密，只有县级平台能读取" in area.messages.text
    assert stick.exists()

    store = HubStore(store_url)  # the county imports the file and writes the receipt
    try:
        ack, _summary = store.import_file(stick)
    finally:
        store.close()
    area.import_ack(ack)
    assert area.messages.text.startswith(f"回执已导入：{queued} 条记录确认送达")
    qtbot.waitUntil(lambda: area.panel.pending.text() == "0 条")
    assert window.sync_label.text().startswith("待上报 0 条")

    area.export_to(tmp_path / "again.hallapp-batches")  # nothing left to carry
    assert area.messages.isVisible() and not area.messages.text.startswith("已导出")
    assert "#fdecea" in area.messages.styleSheet()
    window.sync_area.shutdown()


def test_an_altered_receipt_is_refused_and_marks_nothing(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    supervisor: Actor,
    credential: Path,
    store_url: str,
    queued: int,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    configure(demo, supervisor, closed_port_url(), credential)
    window = make_window(qtbot, demo, clerk, tmp_path)
    area = window.sync_area
    window.show_area("sync")
    stick = tmp_path / "b.hallapp-batches"
    area.export_to(stick)
    store = HubStore(store_url)
    try:
        ack, _summary = store.import_file(stick)
    finally:
        store.close()
    receipt = json.loads(ack.read_text(encoding="utf-8"))
    receipt["last_seq"] = int(receipt["last_seq"]) + 1000
    ack.write_text(json.dumps(receipt), encoding="utf-8")
    area.import_ack(ack)
    assert area.messages.isVisible()
    assert area.messages.text and not area.messages.text.startswith("回执已导入")
    assert "#fdecea" in area.messages.styleSheet()  # the error colours
    assert services_of(demo, clerk).sync_status().pending == queued
    window.sync_area.shutdown()


# --- 退回的批次 ----------------------------------------------------------------------------------
def test_a_parked_batch_is_listed_and_sent_again_on_request(
    qtbot,
    demo: AppContext,
    supervisor: Actor,
    credential: Path,
    store_url: str,
    queued: int,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    configure(demo, supervisor, HUB_URL, credential)
    at = datetime(2026, 11, 26, 16, 5)
    sync_store.park(demo.uow(), 1, queued, "checksum", "批次校验和不符，县级平台拒收", at)
    window = make_window(qtbot, demo, supervisor, tmp_path)
    area = window.sync_area
    window.show_area("sync")
    qtbot.waitUntil(lambda: area.parked.rowCount() == 1)
    row = [area.parked.index(0, c).data() for c in range(3)]
    assert row == [f"第 1–{queued} 条", "2026年11月26日 16:05", "批次校验和不符，县级平台拒收"]
    assert "退回 1 批待处理" in window.sync_label.text()
    assert area.retry_button.isEnabled()

    qtbot.keyClick(area.retry_button, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(area.messages.isVisible)
    assert area.messages.text == "已把 1 批重新排队，下次同步时发送。"
    assert area.parked.rowCount() == 0
    assert not area.retry_button.isEnabled()
    assert "退回" not in window.sync_label.text()
    window.sync_area.shutdown()


def test_a_clerk_cannot_resend_parked_batches(
    qtbot,
    demo: AppContext,
    clerk: Actor,
    supervisor: Actor,
    credential: Path,
    store_url: str,
    queued: int,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    configure(demo, supervisor, HUB_URL, credential)
    sync_store.park(demo.uow(), 1, queued, "version", "协议版本不符", datetime(2026, 11, 26))
    window = make_window(qtbot, demo, clerk, tmp_path)
    area = window.sync_area
    window.show_area("sync")
    qtbot.waitUntil(lambda: area.parked.rowCount() == 1)
    area.retry_parked()
    assert "权限" in area.messages.text
    assert area.parked.rowCount() == 1
    window.sync_area.shutdown()
