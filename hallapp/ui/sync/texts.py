"""What the sync area and the status bar say, as plain functions of the services' values
(no widgets), so every wording is tested on its own."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hallapp.services.sync import SyncResult, SyncStatus

KIND_LABELS = {"catalogue": "事项目录", "calendar": "节假日安排"}


def local(moment: datetime) -> datetime:
    """The hall's wall clock: an aware time is shown in the computer's zone."""
    return moment.astimezone() if moment.tzinfo is not None else moment


def short_time(moment: datetime, today: date) -> str:
    """10:42 today, 11月25日 10:42 this year, 2025年11月25日 10:42 before."""
    at = local(moment)
    if at.date() == today:
        return f"{at:%H:%M}"
    if at.year == today.year:
        return f"{at.month}月{at.day}日 {at:%H:%M}"
    return full_time(at)


def full_time(moment: datetime) -> str:
    at = local(moment)
    return f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}"


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def version_text(kind: str, version: int) -> str:
    return f"{kind_label(kind)} 第{version}版" if version else f"{kind_label(kind)} 尚未接收"


def interval_text(minutes: int) -> str:
    return f"每 {minutes} 分钟" if minutes > 0 else "已关闭（只在按“立即同步”时同步）"


def status_line(status: SyncStatus, today: date) -> tuple[str, bool]:
    """The status bar's sentence and whether it is bad news (shown in red)."""
    if not status.configured:
        return "同步：未配置县级平台", False
    head = f"待上报 {status.pending} 条"
    parked = f" · 退回 {status.parked} 批待处理" if status.parked else ""
    if status.last_error:
        return f"{head} · 同步失败：{status.last_error}{parked}", True
    if status.last_success_at is None:
        return f"{head} · 尚未同步{parked}", bool(parked)
    return f"{head} · 上次同步 {short_time(status.last_success_at, today)}{parked}", bool(parked)


def result_summary(result: SyncResult) -> str:
    """One sentence for the run that just ended."""
    if result.error:
        text = f"同步未完成：{result.error}"
        if result.sent:
            text += f"（本次已上报 {result.sent} 条）"
        return text + f"。尚有 {result.pending} 条待上报，数据都保存在本机，不会丢失。"
    if result.sent == 0 and result.pending == 0:
        text = "没有需要上报的办件，县级平台已是最新"
    elif result.pending == 0:
        text = f"已上报 {result.sent} 条，全部送达"
    else:
        text = f"已上报 {result.sent} 条，尚有 {result.pending} 条待上报"
    extras = []
    if result.duplicates:
        extras.append(f"{result.duplicates} 批县级平台此前已收到")
    if result.reconciled:
        extras.append(f"核对件数后重新上报 {result.reconciled} 条")
    if result.updates:
        extras.append(f"收到 {len(result.updates)} 项更新")
    return text + ("；" + "；".join(extras) if extras else "") + "。"


def progress_text(stage: str, done: int, total: int) -> str:
    return f"{stage} {done}/{total}" if total else f"{stage}…"


def export_name(hall_code: str, today: date) -> str:
    """The suggested file on the USB stick: whose batches, and from which day."""
    return f"{hall_code or '办件'}-{today:%Y%m%d}.hallapp-batches"
