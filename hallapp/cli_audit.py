"""Command line of the audit trail: `hallapp audit ...`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any


def add_audit_commands(sub: Any, make: Callable[..., argparse.ArgumentParser], group: Any) -> None:
    """Register `hallapp audit` under the top-level parser ``sub``."""
    actions = group(
        sub,
        "audit",
        "审计记录",
        "核验审计记录的哈希链条，查看某件办件或某位工作人员的审计记录。",
    )
    p = make(
        actions,
        "verify",
        help="核验审计记录链条是否完整",
        description=(
            "按顺序核验每条审计记录的哈希值及其与上一条的衔接。链条完整时退出码为 0；"
            "否则报告第一处断裂（记录编号、时间、原因），退出码为 1。"
        ),
    )
    p.set_defaults(handler=cmd_verify)

    p = make(
        actions,
        "show",
        help="查看办件或工作人员的审计记录",
        description="按时间顺序列出一件办件或一位工作人员的审计记录（身份证号已遮蔽）。",
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--case", metavar="NUMBER", help="办件编号，如 430121104000-20260302-0001")
    which.add_argument("--user", metavar="LOGIN", help="工作人员的登录名")
    p.add_argument(
        "--limit", type=int, default=200, metavar="N", help="最多列出最近的 N 条（默认 200）"
    )
    p.set_defaults(handler=cmd_show)


def cmd_verify(args: argparse.Namespace) -> int:
    from hallapp.cli import _database
    from hallapp.services.audit_verify import verify_chain

    with _database(args) as ctx:
        report = verify_chain(ctx.read_uow())
    if report.broken is None:
        print(f"审计记录 {report.checked} 条，链条完整")
        return 0
    print(f"审计记录链条断裂（此前 {report.checked} 条完整）：", file=sys.stderr)
    print(report.broken.message, file=sys.stderr)
    return 1


def cmd_show(args: argparse.Namespace) -> int:
    from hallapp.cli import _database
    from hallapp.services.actors import COMMAND_LINE
    from hallapp.services.audit_trail import case_trail, user_trail

    with _database(args) as ctx:
        if args.case:
            trail = case_trail(ctx.read_uow(), COMMAND_LINE, args.case, args.limit)
        else:
            trail = user_trail(ctx.read_uow(), COMMAND_LINE, args.user, args.limit)
    shown = f"，以下为最近 {len(trail.lines)} 条" if len(trail.lines) < trail.total else ""
    print(f"{trail.subject}：审计记录 {trail.total} 条{shown}")
    for line in trail.lines:
        target = "" if line.entity == "case" and args.case else f" [{line.entity} {line.entity_id}]"
        # The label for the reader, the code for whoever greps the output.
        action = line.label if line.label == line.action else f"{line.label}({line.action})"
        print(f"{line.at:%Y-%m-%d %H:%M:%S}  {line.actor_name}  {action}{target}  {line.summary}")
    return 0
