"""Command line of staff accounts: `hallapp user ...`."""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from hallapp.errors import InvalidInput


def add_account_commands(
    sub: Any, make: Callable[..., argparse.ArgumentParser], group: Any
) -> None:
    """Register `hallapp user` under the top-level parser ``sub``."""
    actions = group(
        sub,
        "user",
        "工作人员账号",
        "查看工作人员账号，设置或重置登录密码，解除因多次输错密码而被锁定的账号。",
    )
    p = make(
        actions,
        "list",
        help="列出工作人员账号",
        description="列出每位工作人员的登录名、姓名、角色，是否已设置密码、是否被锁定。",
    )
    p.set_defaults(handler=cmd_list)

    p = make(
        actions,
        "passwd",
        help="设置或重置登录密码",
        description=(
            "以管理员身份为工作人员设置临时密码，并解除锁定；该人员下次登录时须修改密码。"
            "密码至少 8 个字符，不能全为数字，不能与登录名相同。默认提示输入两次。"
        ),
    )
    p.add_argument("login", metavar="LOGIN", help="工作人员的登录名")
    p.add_argument(
        "--password-file",
        metavar="FILE",
        type=Path,
        help="从文件的第一行读取密码（用于脚本；文件用后请删除）",
    )
    p.set_defaults(handler=cmd_passwd)

    p = make(
        actions,
        "unlock",
        help="解除账号锁定",
        description="清除输错密码的次数并解除锁定，不改变密码。",
    )
    p.add_argument("login", metavar="LOGIN", help="工作人员的登录名")
    p.set_defaults(handler=cmd_unlock)


def cmd_list(args: argparse.Namespace) -> int:
    from hallapp.cli import _database
    from hallapp.services.accounts import list_accounts
    from hallapp.services.actors import COMMAND_LINE

    with _database(args) as ctx:
        lines = list_accounts(ctx.read_uow(), COMMAND_LINE, datetime.now())
    for line in lines:
        roles = "、".join(sorted(r.label for r in line.roles))
        state = [] if line.active else ["已停用"]
        state.append("已设密码" if line.has_password else "未设密码")
        if line.must_change_password:
            state.append("须修改密码")
        if line.locked_until is not None:
            state.append(f"锁定至 {line.locked_until:%Y-%m-%d %H:%M}")
        elif line.failed_logins:
            state.append(f"连续输错 {line.failed_logins} 次")
        print(f"{line.login}\t{line.name}\t{roles}\t{'，'.join(state)}")
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_file is not None:
        try:
            text = args.password_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise InvalidInput(f"无法读取密码文件：{args.password_file}（{exc.strerror}）") from exc
        lines = text.splitlines()
        return lines[0] if lines else ""
    first = getpass.getpass(f"为 {args.login} 设置新密码：")
    second = getpass.getpass("再次输入新密码：")
    if first != second:
        raise InvalidInput("两次输入的密码不一致，密码未修改")
    return first


def cmd_passwd(args: argparse.Namespace) -> int:
    from hallapp.cli import _database
    from hallapp.services.accounts import reset_password
    from hallapp.services.actors import COMMAND_LINE

    password = _read_password(args)
    with _database(args) as ctx:
        reset_password(ctx.uow(), COMMAND_LINE, args.login, password)
    print(f"已为 {args.login} 设置密码；下次登录时须修改密码")
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    from hallapp.cli import _database
    from hallapp.services.accounts import unlock
    from hallapp.services.actors import COMMAND_LINE

    with _database(args) as ctx:
        unlock(ctx.uow(), COMMAND_LINE, args.login)
    print(f"已解除 {args.login} 的锁定")
    return 0
