"""Command line of the county hub: `hallapp hub ...`."""

from __future__ import annotations

import argparse
import getpass
import os
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hallapp.hub.store import HubStore

DB_ENV = "HALLAPP_HUB_DB"
DEFAULT_PORT = 8750


def hub_database(args: argparse.Namespace) -> str:
    """``--db``, else $HALLAPP_HUB_DB, else hub.sqlite3 in the current directory."""
    from hallapp.hub.database import DEFAULT_DB_FILE, normalise_url

    return normalise_url(args.hub_db or os.environ.get(DB_ENV) or DEFAULT_DB_FILE)


@contextmanager
def _store(args: argparse.Namespace) -> Iterator[HubStore]:
    from hallapp.hub.store import HubStore

    store = HubStore(hub_database(args))
    try:
        yield store
    finally:
        store.close()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(v) for v in row] for row in [headers, *rows]]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        print(
            "  ".join(v + " " * (w - _width(v)) for v, w in zip(row, widths, strict=True)).rstrip()
        )


def cmd_serve(args: argparse.Namespace) -> int:
    import logging

    import uvicorn

    from hallapp.hub.app import create_app
    from hallapp.hub.errors import HubError
    from hallapp.log_privacy import install_id_masking

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    install_id_masking()  # uvicorn's access log quotes URLs, and they may hold ID numbers
    if bool(args.tls_cert) != bool(args.tls_key):
        raise HubError("--tls-cert 和 --tls-key 须同时给出")
    for path in (args.tls_cert, args.tls_key):
        if path and not Path(path).is_file():
            raise HubError(f"找不到证书文件：{path}")
    app = create_app(hub_database(args))  # migrates before the port opens
    scheme = "https" if args.tls_cert else "http"
    print(f"县级平台已启动：{scheme}://{args.host}:{args.port}/", flush=True)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level="info",
        workers=None,
        ssl_certfile=args.tls_cert,
        ssl_keyfile=args.tls_key,
    )
    return 0


def cmd_add_hall(args: argparse.Namespace) -> int:
    from hallapp.hub.errors import HubError

    out = Path(args.out)
    if not out.parent.is_dir():
        raise HubError(f"凭据文件所在的文件夹不存在：{out.parent}")
    with _store(args) as store:
        credential = store.add_hall(args.code, args.name)
    credential.write(out)
    print(f"已登记服务中心：{credential.hall_name}（{credential.hall_code}）")
    print(f"凭据文件：{out}（内含密钥，请妥善交给该服务中心，勿外传）")
    return 0


def cmd_halls(args: argparse.Namespace) -> int:
    with _store(args) as store:
        rows = store.halls()
    if not rows:
        print("尚未登记任何服务中心")
        return 0
    print_table(
        ["区划代码", "服务中心", "最近同步", "已收序号", "办件数", "待处理告警"],
        [
            (
                r.code,
                r.name,
                r.last_batch_at.strftime("%Y-%m-%d %H:%M") if r.last_batch_at else "从未同步",
                r.last_seq,
                r.cases,
                r.pending_warnings,
            )
            for r in rows
        ],
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    with _store(args) as store:
        ack_path, summary = store.import_file(Path(args.file))
    print(summary.describe())
    print(f"回执文件：{ack_path}（请带回服务中心，用 hallapp sync ack 导入）")
    return 1 if summary.refused is not None else 0


def _password(args: argparse.Namespace) -> str:
    from hallapp.hub.errors import HubError

    if args.password_file:
        try:
            lines = Path(args.password_file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise HubError(f"无法读取密码文件 {args.password_file}：{exc}") from exc
        return lines[0] if lines else ""
    first = getpass.getpass("密码：")
    if getpass.getpass("再输一次：") != first:
        raise HubError("两次输入的密码不一致，未创建用户")
    return first


def cmd_add_user(args: argparse.Namespace) -> int:
    password = _password(args)
    with _store(args) as store:
        store.add_user(args.name, password)
    print(f"已创建用户：{args.name}（只读查看县级总览）")
    return 0


def cmd_publish_catalogue(args: argparse.Namespace) -> int:
    with _store(args) as store:
        version = store.publish_catalogue(Path(args.file))
    print(f"已发布事项目录第 {version} 版，各服务中心下次同步时接收")
    return 0


def cmd_publish_calendar(args: argparse.Namespace) -> int:
    with _store(args) as store:
        version = store.publish_calendar(Path(args.file))
    print(f"已发布节假日安排第 {version} 版，各服务中心下次同步时接收")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from hallapp.hub.periods import checked, parse_day
    from hallapp.hub.statistics import Period, county_stats
    from hallapp.hub.stats_table import COLUMNS, shown_rows

    period = checked(Period(parse_day(args.start, "起始日期"), parse_day(args.end, "截止日期")))
    out = Path(args.out) if args.out else None
    if out is not None:
        _check_xlsx(out)  # refused before the database is opened
    with _store(args) as store:
        stats = county_stats(store.engine, period)
        made_at = store.clock()
    print(f"统计期间：{period.label}")
    print_table([c.title for c in COLUMNS], shown_rows(stats))
    if out is not None:
        from hallapp.hub.stats_xlsx import write_stats_xlsx

        written = write_stats_xlsx(stats, out, made_at)
        print(f"已导出县级统计（{len(stats.halls)} 个服务中心及全县合计）：{written.resolve()}")
    return 0


def _check_xlsx(path: Path) -> None:
    from hallapp.hub.errors import HubError

    if path.suffix.lower() != ".xlsx":
        raise HubError(f"统计表文件须以 .xlsx 结尾：{path}")
    if not path.parent.is_dir():
        raise HubError(f"统计表文件所在的文件夹不存在：{path.parent}")


def add_hub_commands(sub: Any, make: Callable[..., argparse.ArgumentParser], group: Any) -> None:
    """Register `hallapp hub` under the top-level parser ``sub``."""
    hub = group(
        sub,
        "hub",
        "县级平台（接收各服务中心的同步数据）",
        "县级平台：接收各乡镇服务中心同步上来的办件，发布事项目录和节假日安排，"
        "并提供只读的县级总览网页。",
    )

    def command(
        name: str, summary: str, description: str, handler: Callable[..., int]
    ) -> argparse.ArgumentParser:
        p = make(hub, name, help=summary, description=description)
        p.add_argument(
            "--db",
            dest="hub_db",
            metavar="URL",
            help="县级平台数据库：SQLite 文件路径或 postgresql+psycopg://… 地址"
            f"（默认：环境变量 {DB_ENV}，或当前目录下的 hub.sqlite3）",
        )
        p.set_defaults(handler=handler)
        return p

    p = command("serve", "启动县级平台服务", "升级数据库结构后启动县级平台的网络服务。", cmd_serve)
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认：127.0.0.1）")
    p.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"监听端口（默认：{DEFAULT_PORT}）"
    )
    # Batches are signed either way; TLS keeps the county's data private on the wire.
    p.add_argument("--tls-cert", metavar="FILE", help="HTTPS 证书文件（PEM）；不给则用 HTTP")
    p.add_argument("--tls-key", metavar="FILE", help="HTTPS 私钥文件（PEM）")

    p = command(
        "add-hall",
        "登记服务中心并发放凭据",
        "登记一个乡镇服务中心，生成它的密钥，写入凭据文件，交给该服务中心导入。",
        cmd_add_hall,
    )
    p.add_argument("code", metavar="CODE", help="服务中心所在乡镇的12位区划代码")
    p.add_argument("name", metavar="NAME", help="服务中心名称")
    p.add_argument("--out", metavar="FILE", required=True, help="凭据文件（仅本人可读）")

    command("halls", "列出服务中心", "列出已登记的服务中心及其同步情况。", cmd_halls)

    p = command(
        "import",
        "导入服务中心拷来的批次文件",
        "导入服务中心用 hallapp sync export 导出的批次文件，并写出回执文件 FILE.ack.json。"
        "文件有任何改动时不导入任何内容。",
        cmd_import,
    )
    p.add_argument("file", metavar="FILE", type=_input_file, help="批次文件")

    p = command(
        "add-user", "创建县级总览的查看账号", "创建只读查看县级总览网页的账号。", cmd_add_user
    )
    p.add_argument("name", metavar="NAME", help="用户名")
    p.add_argument("--password-file", metavar="FILE", help="从文件首行读取密码（默认：提示输入）")

    p = command(
        "publish-catalogue",
        "发布事项目录",
        "检查并发布事项目录（hallapp catalogue export 导出的 JSON 或 Excel 文件），"
        "有任何错误时不发布。",
        cmd_publish_catalogue,
    )
    p.add_argument("file", metavar="FILE", type=_input_file, help="事项目录文件")

    p = command(
        "publish-calendar",
        "发布节假日安排",
        "检查并发布一年的节假日安排文件（格式同 hallapp calendar import），有任何错误时不发布。",
        cmd_publish_calendar,
    )
    p.add_argument("file", metavar="FILE", type=_input_file, help="节假日安排文件")

    p = command(
        "stats",
        "各服务中心办件统计",
        "按期间统计各服务中心及全县的收件、办结、按期办结率、平均用时、提速率、代办、"
        "好差评和效能投诉，与县级总览网页的“统计”页相同；--out 另存为 .xlsx。",
        cmd_stats,
    )
    p.add_argument(
        "--from", dest="start", metavar="D1", required=True, help="起始日期（含），如 2026-01-01"
    )
    p.add_argument(
        "--to", dest="end", metavar="D2", required=True, help="截止日期（含），如 2026-06-30"
    )
    p.add_argument("--out", metavar="FILE.xlsx", help="另存为 Excel 文件")


def _input_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"找不到文件：{text}")
    return path
