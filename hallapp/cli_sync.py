"""Command line of the hall's sync with the county hub: `hallapp sync ...`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hallapp.services.sync import SyncProgress


def add_sync_commands(sub: Any, make: Callable[..., argparse.ArgumentParser], group: Any) -> None:
    """Register `hallapp sync` under the top-level parser ``sub``."""
    actions = group(
        sub,
        "sync",
        "与县级平台同步办件",
        "把本中心的办件记录发送到县级平台，接收县级下发的事项目录和节假日安排；"
        "没有网络时可用U盘导出批次、读入确认文件。",
    )
    p = make(
        actions,
        "configure",
        help="设置县级平台地址和本中心凭据",
        description="设置县级平台地址、服务中心代码和县级平台签发的凭据文件（密钥存入本机数据库，不会显示）。",
    )
    p.add_argument(
        "--hub", required=True, metavar="URL", help="县级平台地址，如 https://hub.example.cn"
    )
    p.add_argument("--hall-code", required=True, metavar="CODE", help="本服务中心的12位代码")
    p.add_argument("--credential", required=True, metavar="FILE", help="县级平台签发的凭据文件")
    p.add_argument(
        "--every",
        type=int,
        default=15,
        metavar="MINUTES",
        help="自动同步间隔（分钟，0 为不自动同步，默认 15）",
    )
    p.set_defaults(handler=cmd_configure)

    p = make(
        actions,
        "now",
        help="立即同步",
        description="发送全部待发送记录，核对件数，接收目录和日历。全部送达时退出码为 0，否则为 1。",
    )
    p.set_defaults(handler=cmd_now)

    p = make(
        actions,
        "status",
        help="查看同步状态",
        description="待发送记录、最近同步、被拒收的批次、已应用的目录和日历版本。",
    )
    p.set_defaults(handler=cmd_status)

    p = make(
        actions,
        "export",
        help="导出待发送记录（U盘传送）",
        description="把全部待发送记录写成批次文件，带到县级平台用 hallapp hub import 导入。",
    )
    p.add_argument("file", metavar="FILE", help="批次文件，如 E:/430121104000-20261201.hallapp-batches")
    p.set_defaults(handler=cmd_export)

    p = make(
        actions,
        "ack",
        help="读入县级平台的确认文件",
        description="读入县级平台导入后生成的 .ack.json 确认文件，把已送达的记录标记为已发送。",
    )
    p.add_argument("file", metavar="FILE", help="确认文件（FILE.ack.json）")
    p.set_defaults(handler=cmd_ack)


def _when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M") if at else "从未"


def _version(version: int) -> str:
    return f"已应用第{version}版" if version else "尚未接收"


def cmd_configure(args: argparse.Namespace) -> int:
    from hallapp.cli import _database
    from hallapp.services.actors import COMMAND_LINE
    from hallapp.services.sync import configure_sync, sync_status

    with _database(args) as ctx:
        configure_sync(
            ctx.uow(), COMMAND_LINE, args.hub, args.hall_code, Path(args.credential), args.every
        )
        status = sync_status(ctx.read_uow())
    every = f"每 {status.auto_minutes} 分钟自动同步" if status.auto_minutes else "不自动同步"
    print(f"已设置：县级平台 {status.hub_url}，服务中心 {status.hall_code}，{every}")
    print(f"待发送记录 {status.pending} 条")
    return 0


def cmd_now(args: argparse.Namespace) -> int:
    from hallapp.cli import _database
    from hallapp.services.actors import COMMAND_LINE
    from hallapp.services.sync import sync_now

    shown: dict[str, int] = {}  # per stage, the tenth of the way last printed

    def progress(p: SyncProgress) -> None:
        # A line when a stage starts and at every tenth of the way, not one per batch.
        tenth = p.done * 10 // p.total if p.total else 10
        if shown.get(p.stage) != tenth:
            shown[p.stage] = tenth
            print(f"{p.stage}：{p.done}/{p.total}", flush=True)

    with _database(args) as ctx:
        result = sync_now(ctx.uow, COMMAND_LINE, progress)
    line = f"已送达 {result.sent} 条（{result.batches} 个批次"
    if result.duplicates:
        line += f"，其中 {result.duplicates} 个县级平台此前已收到"
    print(line + f"），待发送 {result.pending} 条")
    if result.reconciled:
        print(f"核对件数不一致：重新排队 {result.reconciled} 条记录")
    for note in result.updates:
        print(f"已应用 {note.summary}")
    if result.error:
        print(result.error, file=sys.stderr)
    return 0 if result.complete else 1


def cmd_status(args: argparse.Namespace) -> int:
    from hallapp.cli import _database
    from hallapp.services.sync import parked_batches, sync_status

    with _database(args) as ctx:
        status = sync_status(ctx.read_uow())
        parked = parked_batches(ctx.read_uow())
    if not status.configured:
        print("尚未设置县级平台（hallapp sync configure）")
    else:
        every = f"每 {status.auto_minutes} 分钟" if status.auto_minutes else "关闭"
        print(f"县级平台：{status.hub_url}（服务中心 {status.hall_code}，自动同步：{every}）")
    print(f"待发送记录：{status.pending} 条")
    print(f"最近成功同步：{_when(status.last_success_at)}")
    print(f"最近尝试：{_when(status.last_attempt_at)}")
    print(f"最近错误：{status.last_error or '无'}")
    print(f"被拒收的批次：{len(parked)} 个")
    for p in parked:
        print(f"  第{p.first_seq}至{p.last_seq}号（{_when(p.at)}，{p.code}）：{p.message}")
    print(f"县级事项目录：{_version(status.catalogue_version)}")
    print(f"县级节假日安排：{_version(status.calendar_version)}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from hallapp.cli import _database
    from hallapp.services.actors import COMMAND_LINE
    from hallapp.services.sync import export_batches

    with _database(args) as ctx:
        result = export_batches(ctx.read_uow, ctx.uow, COMMAND_LINE, Path(args.file))
    print(f"已导出 {result.entries} 条记录（{result.batches} 个批次）到 {result.path}")
    print("已加密：只有县级平台能读取（U盘丢失也不会泄露办件和身份证号）。")
    print("请在县级平台导入，并把生成的 .ack.json 确认文件带回，用 hallapp sync ack 读入。")
    return 0


def cmd_ack(args: argparse.Namespace) -> int:
    from hallapp.cli import _database
    from hallapp.services.actors import COMMAND_LINE
    from hallapp.services.sync import apply_ack_file, sync_status

    with _database(args) as ctx:
        result = apply_ack_file(ctx.uow, COMMAND_LINE, Path(args.file))
        pending = sync_status(ctx.read_uow()).pending
    print(
        f"县级平台已收到第{result.last_seq}号及以前的记录；本次标记 {result.marked} 条，待发送 {pending} 条"
    )
    return 0
