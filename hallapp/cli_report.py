"""Command line of the reports: `hallapp report ledger|stats ...`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any


def add_report_commands(sub: Any, make: Callable[..., argparse.ArgumentParser], group: Any) -> None:
    """Register `hallapp report` under the top-level parser ``sub``."""
    from hallapp.cli import _date

    actions = group(
        sub,
        "report",
        "统计报表和日常工作台账",
        "导出某一天的日常工作台账，或任一期间的办件统计（XLSX 或 PDF）。",
    )
    p = make(
        actions,
        "ledger",
        help="导出某一天的日常工作台账",
        description=(
            "列出当天收件、受理、不予受理、一次性告知、办结、送达等每一步及经办人，"
            "按工作人员汇总，附制表人、负责人签字栏。身份证号已遮蔽。"
        ),
    )
    p.add_argument("day", metavar="DATE", type=_date, help="日期，如 2026-03-02")
    p.add_argument(
        "--out", metavar="FILE", required=True, type=Path, help="目标文件：.pdf 或 .xlsx"
    )
    p.set_defaults(handler=cmd_ledger)

    p = make(
        actions,
        "stats",
        help="导出一个期间的办件统计",
        description=(
            "统计期间内的收件、办结、按期办结率、平均用时、提速率、代办、满意率和投诉，"
            "按月、事项、部门、状态、渠道、窗口人员分表。.xlsx 每表一页；.pdf 附图表。"
            "--template 把统计填入县里提供的 .xlsx 模板（见 docs/report-templates.md）。"
        ),
    )
    p.add_argument(
        "--from", dest="start", metavar="D1", type=_date, required=True, help="起始日期（含）"
    )
    p.add_argument(
        "--to", dest="end", metavar="D2", type=_date, required=True, help="截止日期（含）"
    )
    p.add_argument(
        "--out", metavar="FILE", required=True, type=Path, help="目标文件：.xlsx 或 .pdf"
    )
    p.add_argument("--template", metavar="T", type=Path, help=".xlsx 报表模板（只用于 .xlsx）")
    p.set_defaults(handler=cmd_stats)


def cmd_ledger(args: argparse.Namespace) -> int:
    from hallapp.cli import _database
    from hallapp.services import reports
    from hallapp.services.actors import COMMAND_LINE

    reports.report_format(args.out)  # refused before the database is opened
    with _database(args) as ctx:
        ledger = reports.daily_ledger(ctx.read_uow(), COMMAND_LINE, args.day)
        path = reports.export_ledger(ctx.uow(), COMMAND_LINE, ledger, args.out)
    print(f"已导出 {args.day:%Y-%m-%d} 的日常工作台账（{len(ledger.lines)} 条）：{path.resolve()}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from hallapp.cli import _database
    from hallapp.services import reports
    from hallapp.services.actors import COMMAND_LINE

    period = reports.Period(args.start, args.end)
    reports.check_period(period)
    reports.check_export(args.out, args.template)  # refused before the database is opened
    with _database(args) as ctx:
        stats = reports.period_stats(ctx.read_uow(), COMMAND_LINE, period)
        path = reports.export_stats(ctx.uow(), COMMAND_LINE, stats, args.out, args.template)
    print(
        f"已导出 {period.label} 的办件统计（收件 {stats.received} 件，办结 {stats.completed} 件）："
        f"{path.resolve()}"
    )
    return 0
