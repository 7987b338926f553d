"""What the sync area and the status bar say, for each state the services can report."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hallapp.services.sync import SyncResult, SyncStatus, UpdateNote
from hallapp.ui.sync.texts import (
    export_name,
    interval_text,
    progress_text,
    result_summary,
    short_time,
    status_line,
    version_text,
)

TODAY = date(2026, 11, 27)
STATUS = SyncStatus(
    configured=True,
    hub_url="http://127.0.0.1:8000",
    hall_code="430121100000",
    pending=12,
    last_success_at=datetime(2026, 11, 27, 10, 42),
    last_attempt_at=datetime(2026, 11, 27, 10, 42),
    last_error="",
    parked=0,
    auto_minutes=15,
    catalogue_version=0,
    calendar_version=0,
)
DONE = SyncResult(sent=12, batches=1, duplicates=0, pending=0, reconciled=0, updates=(), error="")


def test_the_status_bar_line_for_each_state() -> None:
    assert status_line(STATUS, TODAY) == ("待上报 12 条 · 上次同步 10:42", False)
    never = replace(STATUS, last_success_at=None)
    assert status_line(never, TODAY) == ("待上报 12 条 · 尚未同步", False)
    failed = replace(STATUS, last_error="县级平台没有应答")
    assert status_line(failed, TODAY) == ("待上报 12 条 · 同步失败：县级平台没有应答", True)
    parked = replace(STATUS, parked=2)
    assert status_line(parked, TODAY) == ("待上报 12 条 · 上次同步 10:42 · 退回 2 批待处理", True)
    unset = replace(STATUS, configured=False, hub_url="")
    assert status_line(unset, TODAY) == ("同步：未配置县级平台", False)


def test_times_say_as_much_of_the_date_as_is_needed() -> None:
    assert short_time(datetime(2026, 11, 27, 9, 5), TODAY) == "09:05"
    assert short_time(datetime(2026, 11, 25, 16, 30), TODAY) == "11月25日 16:30"
    assert short_time(datetime(2025, 12, 31, 8, 0), TODAY) == "2025年12月31日 08:00"
    # A time stored with its zone is shown on this computer's clock.
    aware = datetime(2026, 11, 27, 2, 42, tzinfo=UTC)
    local = aware.astimezone()
    assert short_time(aware, local.date()) == f"{local:%H:%M}"
    assert short_time(aware, local.date() + timedelta(days=400)).startswith(f"{local.year}年")


def test_a_run_in_one_sentence() -> None:
    assert result_summary(DONE) == "已上报 12 条，全部送达。"
    nothing = replace(DONE, sent=0)
    assert result_summary(nothing) == "没有需要上报的办件，县级平台已是最新。"
    note = UpdateNote(datetime(2026, 11, 27, 10, 42), "catalogue", 3, "事项目录 第3版：新增2项")
    busy = replace(DONE, duplicates=1, reconciled=4, updates=(note,))
    assert result_summary(busy) == (
        "已上报 12 条，全部送达；1 批县级平台此前已收到；核对件数后重新上报 4 条；收到 1 项更新。"
    )
    partial = replace(DONE, sent=5, pending=7)
    assert result_summary(partial) == "已上报 5 条，尚有 7 条待上报。"
    failed = replace(DONE, sent=5, pending=7, error="县级平台没有应答")
    assert result_summary(failed) == (
        "同步未完成：县级平台没有应答（本次已上报 5 条）。尚有 7 条待上报，数据都保存在本机，不会丢失。"
    )
    assert not failed.complete and DONE.complete


def test_the_small_words() -> None:
    assert interval_text(15) == "每 15 分钟"
    assert interval_text(0).startswith("已关闭")
    assert version_text("catalogue", 3) == "事项目录 第3版"
    assert version_text("calendar", 0) == "节假日安排 尚未接收"
    assert progress_text("发送记录", 2, 5) == "发送记录 2/5"
    assert progress_text("核对件数", 0, 0) == "核对件数…"
    assert export_name("430121100000", TODAY) == "430121100000-20261127.hallapp-batches"
    assert export_name("", TODAY) == "办件-20261127.hallapp-batches"
