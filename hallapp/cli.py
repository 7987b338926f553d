"""Command line: argument parsing only; every command calls a service."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hallapp import __version__
from hallapp.errors import HallappError

if TYPE_CHECKING:
    from hallapp.app import AppContext
    from hallapp.core.workdays import DueDate
    from hallapp.services.deadlines import OtherCounts

Handler = Callable[[argparse.Namespace], int]


@contextlib.contextmanager
def _database(args: argparse.Namespace) -> Iterator[AppContext]:
    from hallapp.app import open_database
    from hallapp.config import load_settings

    ctx = open_database(load_settings(args.db))
    try:
        yield ctx
    finally:
        ctx.close()


def _input_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"找不到文件：{text}")
    return path


def cmd_gui(args: argparse.Namespace) -> int:
    from hallapp.ui.launch import run_gui

    return run_gui(args.db)


def cmd_init(args: argparse.Namespace) -> int:
    from hallapp.services.actors import COMMAND_LINE, Role
    from hallapp.services.demo import DEMO_HALL
    from hallapp.services.halls import HallProfile, StaffMember, add_staff, initialise_hall

    with _database(args) as ctx:
        profile = HallProfile(
            code=args.hall_code or DEMO_HALL.code, name=args.hall_name or DEMO_HALL.name
        )
        initialise_hall(ctx.uow(), COMMAND_LINE, profile)
        admin = StaffMember("admin", "系统管理员", frozenset({Role.ADMIN}))
        with contextlib.suppress(HallappError):  # the account exists: init is idempotent
            add_staff(ctx.uow(), COMMAND_LINE, admin)
        print(f"数据库已就绪：{ctx.db_path}")
        print(f"服务中心：{profile.name}（{profile.code}）")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from hallapp.services.actors import COMMAND_LINE
    from hallapp.services.demo import demo_admin, seed_demo

    with _database(args) as ctx:
        result = seed_demo(ctx.uow(), COMMAND_LINE)
        print(f"示例数据库：{ctx.db_path}")
        print("已创建示例服务中心" if result.created_hall else "服务中心已存在")
        print(f"新增工作人员 {result.staff_added} 名")
        if result.catalogue:
            print(f"导入示例事项目录：{result.catalogue.summary()}")
        if args.cases:
            from hallapp.services.demo_cases import generate_cases

            def progress(done: int, total: int) -> None:
                print(f"\r生成示例办件：{done}/{total}", end="", flush=True)

            admin = demo_admin(ctx.read_uow())
            made = generate_cases(ctx.uow(), admin, args.cases, args.seed, progress=progress)
            print(f"\n已生成示例办件 {made.created} 件")
    return 0


def cmd_catalogue_import(args: argparse.Namespace) -> int:
    from hallapp.services.actors import COMMAND_LINE
    from hallapp.services.catalogue import import_catalogue_file

    with _database(args) as ctx:
        result = import_catalogue_file(ctx.uow(), COMMAND_LINE, args.file)
        print(f"导入完成：{result.summary()}")
    return 0


def cmd_catalogue_export(args: argparse.Namespace) -> int:
    from hallapp.services.catalogue import export_catalogue_file

    with _database(args) as ctx:
        count = export_catalogue_file(ctx.read_uow(), Path(args.file))
        print(f"已导出 {count} 个事项到 {args.file}")
    return 0


def _parser(
    factory: Callable[..., argparse.ArgumentParser], **kwargs: object
) -> argparse.ArgumentParser:
    """A parser whose own -h/--help speaks Chinese, like the rest of the program."""
    parser = factory(add_help=False, **kwargs)
    parser.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    parser._positionals.title = "参数"
    parser._optionals.title = "选项"
    return parser


def _sub(sub: argparse._SubParsersAction, name: str, **kwargs: object) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    return _parser(lambda **kw: sub.add_parser(name, **kw), **kwargs)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期须为 年-月-日 格式，如 2025-09-26：{text}") from None


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"工作日数须为不小于0的整数：{text}")
    return int(text)


def cmd_workdays_add(args: argparse.Namespace) -> int:
    from hallapp.services.calendar import add_workdays

    with _database(args) as ctx:
        due = add_workdays(ctx.read_uow(), args.start, args.days)
    print(due.day.isoformat() + (" (provisional)" if due.provisional else ""))
    return 0


def cmd_workdays_between(args: argparse.Namespace) -> int:
    from hallapp.services.calendar import workdays_between

    with _database(args) as ctx:
        print(workdays_between(ctx.read_uow(), args.first, args.last))
    return 0


def cmd_calendar_show(args: argparse.Namespace) -> int:
    from hallapp.services.calendar import year_view

    with _database(args) as ctx:
        view = year_view(ctx.read_uow(), args.year, date.today())
    state = "已载入" if view.known else "未载入官方安排，仅按周末休息计算（暂定）"
    print(f"{args.year}年工作日历：{state}")
    for info in sorted(view.special_days.values(), key=lambda i: i.day):
        weekday = "一二三四五六日"[info.day.weekday()]
        print(
            f"{info.day.isoformat()} 周{weekday}  {info.kind_label:<5}  {info.name or '':<10}"
            f"  {info.source_label}"
        )
    if view.warning:
        print(view.warning)
    return 0


def cmd_calendar_import(args: argparse.Namespace) -> int:
    from hallapp.services.actors import COMMAND_LINE
    from hallapp.services.calendar import import_calendar_file

    with _database(args) as ctx:
        result = import_calendar_file(ctx.uow(), COMMAND_LINE, args.file)
    print(
        f"已导入{result.year}年节假日安排：{result.days} 天（替换原有 {result.replaced} 天）；"
        f"{result.moved_cases} 件在办件的期限随之调整"
    )
    return 0


def cmd_deadlines(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from hallapp.services import deadlines

    today = args.date or date.today()
    with _database(args) as ctx:
        deadlines.tick(ctx.uow(), today)
        counts = deadlines.level_counts(ctx.read_uow(), today)
        follow_ups = deadlines.follow_up_counts(ctx.read_uow(), today)
        complaints = deadlines.complaint_counts(ctx.read_uow(), today)
        if args.json:
            shown_counts: dict[str, object] = dict(counts.as_dict())
            shown_counts["follow_ups"] = asdict(follow_ups)
            shown_counts["complaints"] = asdict(complaints)
            print(json.dumps(shown_counts, ensure_ascii=False))
            return 0
        print(
            f"{today.isoformat()} 在办 {counts.total} 件："
            + "，".join(f"{b.label} {counts.of(b)}" for b in deadlines.Bucket)
        )
        shown = [deadlines.Bucket(args.level)] if args.level else list(deadlines.Bucket)
        if not args.all and not args.level:
            shown.remove(deadlines.Bucket.NORMAL)  # the list is for what needs attention
        for bucket in shown:
            print(f"\n【{bucket.label}】{counts.of(bucket)} 件")
            after = None
            while True:
                page = deadlines.monitor_rows(
                    ctx.read_uow(), today, deadlines.MonitorFilter(bucket=bucket), after
                )
                for r in page:
                    stop = (
                        f"  暂停：{r.pause_kind.label if r.pause_kind else ''}"
                        if r.paused_since
                        else ""
                    )
                    print(
                        f"{r.number}  {r.applicant_name} {r.masked_doc}  {r.item_name}  "
                        f"剩余{r.workdays_left}个工作日  承诺{_due_text(r.promised_due)}  "
                        f"法定{_due_text(r.legal_due)}  {r.state.label}  {r.clerk_name}{stop}"
                    )
                if len(page) < deadlines.PAGE:
                    break
                after = page[-1].key
        _print_other_limits(ctx, today, follow_ups, complaints)
    return 0


def _print_other_limits(
    ctx: AppContext, today: date, follow_ups: OtherCounts, complaints: OtherCounts
) -> None:
    """回访整改 and 效能投诉 run on working-day limits too: those needing attention."""
    from hallapp.core.complaints import ComplaintState
    from hallapp.services.complaints import list_complaints
    from hallapp.services.evaluations import follow_ups as open_follow_ups

    attention = ("warning", "overdue")
    labels = {"warning": "预警", "overdue": "超期"}
    print(f"\n【回访整改】预警 {follow_ups.warning} 件，超期 {follow_ups.overdue} 件")
    for f in open_follow_ups(ctx.read_uow(), today, limit=10_000):
        if f.level in attention:
            print(
                f"{f.case_number}  {f.rating.label}  {labels[f.level]}  "
                f"期限{f.due_on.isoformat()}{'（暂定）' if f.due_provisional else ''}  "
                f"剩余{f.days_left}个工作日"
            )
    print(f"\n【效能投诉】预警 {complaints.warning} 件，超期 {complaints.overdue} 件")
    for c in list_complaints(ctx.read_uow(), today, ComplaintState.OPEN, limit=10_000):
        if c.level in attention:
            print(
                f"{c.number}  {c.subject_label}  {labels[c.level]}  "
                f"期限{c.due_on.isoformat()}{'（暂定）' if c.due_provisional else ''}  "
                f"剩余{c.days_left}个工作日  {c.handler_name or '未指定承办人'}"
            )


def _due_text(due: DueDate) -> str:
    return due.day.isoformat() + ("（暂定）" if due.provisional else "")


def cmd_backup(args: argparse.Namespace) -> int:
    from dataclasses import replace
    from datetime import datetime

    from hallapp.config import load_settings
    from hallapp.services.backups import back_up

    settings = load_settings(args.db)
    if args.to:
        settings = replace(settings, backup_dir=Path(args.to))
    if not settings.db_path.is_file():
        print(f"找不到数据库文件：{settings.db_path}", file=sys.stderr)
        return 2
    done = back_up(settings, datetime.now())
    print(f"已备份并校验：{done.path}")
    for old in done.deleted:
        print(f"按保留规则删除旧备份：{old}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from datetime import datetime

    from hallapp.config import load_settings
    from hallapp.services.actors import COMMAND_LINE
    from hallapp.services.backups import restore

    settings = load_settings(args.db)
    done = restore(settings, COMMAND_LINE, args.file, datetime.now())
    print(f"已恢复备份：{done.backup} -> {settings.db_path}")
    if done.previous_file_kept_at is not None:
        print(f"原数据库已保留为：{done.previous_file_kept_at}")
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    from hallapp.documents.model import DocumentKind, PaperFormat
    from hallapp.services import printing
    from hallapp.services.actors import COMMAND_LINE

    with _database(args) as ctx:
        case_id = printing.find_case(ctx.read_uow(), args.number)
        record = printing.write_document(
            ctx.uow(),
            COMMAND_LINE,
            case_id,
            DocumentKind(args.document),
            PaperFormat(args.format),
            Path(args.out) if args.out else Path.cwd(),
        )
    print(f"已打印{record.label}：{record.printer.removeprefix(printing.FILE_PRINTER)}")
    return 0


def cmd_print_guide(args: argparse.Namespace) -> int:
    from hallapp.services import printing

    out = Path(args.out) if args.out else Path(f"办事指南-{args.code}.pdf")
    with _database(args) as ctx:
        path = printing.write_guide(ctx.read_uow(), args.code, out)
    print(f"已打印办事指南：{path.resolve()}")
    return 0


_DOCUMENT_NAMES = (
    "receipt 受理通知书，notice 一次性告知书，refusal 不予受理通知书，bill 收费收据，"
    "pickup 办结通知书（取件凭证），delivery 送达回证，authorisation 代办委托书，"
    "handover 材料交接单"
)


def _case_documents() -> list[str]:
    # The data module alone: the parser is built on every start, printing's imports are not.
    from hallapp.documents.model import DocumentKind

    return [k.value for k in DocumentKind if k is not DocumentKind.GUIDE]


def _group(
    sub: argparse._SubParsersAction, name: str, summary: str, description: str
) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    """A command with actions of its own; alone, it prints its help and exits with 2."""
    group = _sub(sub, name, help=summary, description=description)
    group.set_defaults(handler=lambda _args: (group.print_help(), 2)[1])
    return group.add_subparsers(title="操作", metavar="ACTION")


def build_parser() -> argparse.ArgumentParser:
    parser = _parser(
        argparse.ArgumentParser,
        prog="hallapp",
        description="乡镇便民服务中心窗口系统。不带子命令时打开图形界面。",
    )
    parser.add_argument(
        "--version", action="version", version=f"hallapp {__version__}", help="显示版本号并退出"
    )
    parser.add_argument(
        "--db", metavar="PATH", help="数据库文件（默认：环境变量 HALLAPP_DB，或用户数据目录）"
    )
    parser.set_defaults(handler=cmd_gui)
    sub = parser.add_subparsers(title="子命令", metavar="COMMAND")

    p = _sub(
        sub,
        "init",
        help="创建数据库并登记本服务中心",
        description="创建（或打开）数据库，登记服务中心并建立管理员账号。",
    )
    p.add_argument("--hall-code", metavar="CODE", help="服务中心所在乡镇的12位区划代码")
    p.add_argument("--hall-name", metavar="NAME", help="服务中心名称，如 某某镇便民服务中心")
    p.set_defaults(handler=cmd_init)

    p = _sub(
        sub,
        "demo",
        help="生成示例数据（示例服务中心、工作人员、事项目录）",
        description="在数据库中生成用于试用和性能测试的示例数据。已有的数据不会被删除。",
    )
    p.add_argument(
        "--cases",
        metavar="N",
        type=_count,
        default=0,
        help="再生成 N 件近三年的示例办件（各种状态）",
    )
    p.add_argument("--seed", type=int, default=2026, help="随机种子，相同种子生成相同数据")
    p.set_defaults(handler=cmd_demo)

    cat_sub = _group(
        sub, "catalogue", "事项目录的导入和导出", "事项目录的导入和导出（JSON 或 XLSX）。"
    )
    p = _sub(
        cat_sub,
        "import",
        help="导入事项目录文件",
        description="导入事项目录文件。文件有任何错误时不导入任何内容，并列出每一处错误。",
    )
    p.add_argument("file", metavar="FILE", type=_input_file, help=".json 或 .xlsx 文件")
    p.set_defaults(handler=cmd_catalogue_import)
    p = _sub(
        cat_sub,
        "export",
        help="导出当前事项目录",
        description="把当前事项目录导出为 .json 或 .xlsx 文件。",
    )
    p.add_argument("file", metavar="FILE", help="目标文件，以 .json 或 .xlsx 结尾")
    p.set_defaults(handler=cmd_catalogue_export)

    p = _sub(
        sub,
        "backup",
        help="备份数据库",
        description="用 SQLite 在线备份把数据库复制一份并校验完整性；程序运行中也可以备份。",
    )
    p.add_argument("--to", metavar="DIR", help="备份目录（默认：数据库旁的 backups 目录）")
    p.set_defaults(handler=cmd_backup)
    p = _sub(
        sub,
        "restore",
        help="从备份恢复数据库",
        description="检查备份文件（完整性、是本系统的数据库、结构版本不比本程序新）后放回原位；"
        "当前数据库改名保留，不会被覆盖或删除。恢复前请关闭所有程序窗口。",
    )
    p.add_argument("file", metavar="FILE", type=Path, help="备份文件（.sqlite3）")
    p.set_defaults(handler=cmd_restore)

    work_sub = _group(sub, "workdays", "工作日计算", "按法定节假日和调休计算工作日。")
    p = _sub(
        work_sub,
        "add",
        help="起始日加N个工作日",
        description="打印起始日之后第N个工作日（起始日不计入）。跨入尚未载入节假日安排的年份时，"
        "日期后标注 (provisional)。",
    )
    p.add_argument("start", metavar="DATE", type=_date, help="起始日，如 2025-09-26")
    p.add_argument("days", metavar="N", type=_count, help="工作日数；0 表示即办，当日到期")
    p.set_defaults(handler=cmd_workdays_add)
    p = _sub(
        work_sub,
        "between",
        help="两个日期之间的工作日数",
        description="打印 D1 之后直至 D2（含）的工作日数。",
    )
    p.add_argument("first", metavar="D1", type=_date)
    p.add_argument("last", metavar="D2", type=_date)
    p.set_defaults(handler=cmd_workdays_between)

    cal_sub = _group(sub, "calendar", "节假日安排", "查看和导入节假日及调休安排。")
    p = _sub(
        cal_sub,
        "show",
        help="列出某年的节假日和调休上班日",
        description="列出某年的节假日和调休上班日及其来源。",
    )
    p.add_argument("year", metavar="YEAR", type=int)
    p.set_defaults(handler=cmd_calendar_show)
    p = _sub(
        cal_sub,
        "import",
        help="导入一年的节假日安排",
        description="导入一年的节假日安排文件（hallapp-calendar JSON），替换该年原有的修改。",
    )
    p.add_argument("file", metavar="FILE", type=_input_file)
    p.set_defaults(handler=cmd_calendar_import)

    p = _sub(
        sub,
        "deadlines",
        help="在办件期限：各级别件数和办件清单",
        description=(
            "列出在办件按期限分级的件数（正常、预警、超期、超法定期限、暂停计时）"
            "及需关注的办件。--json 只输出件数，键为 normal、warning、overdue、"
            "legal_overdue、paused。"
        ),
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出各级别件数")
    p.add_argument("--date", metavar="DATE", type=_date, help="按哪一天计算（默认今天）")
    p.add_argument(
        "--level",
        choices=["normal", "warning", "overdue", "legal_overdue", "paused"],
        help="只列出这一级别的办件",
    )
    p.add_argument("--all", action="store_true", help="连同“正常”级别的办件一并列出")
    p.set_defaults(handler=cmd_deadlines)

    p = _sub(
        sub,
        "print",
        help="打印办件文书到文件",
        description=(
            "把办件的一份文书打印到文件（A4 或 80 毫米 PDF，或小票打印机的 ESC/POS 数据），"
            "并在办件上登记这次打印；同一文书再次打印时标注“补打”。办件所处状态没有这份文书时"
            "（如尚未受理就打印受理通知书）不打印，并说明原因。"
        ),
    )
    p.add_argument("number", metavar="CASE-NUMBER", help="办件编号，如 430121104000-20260302-0001")
    p.add_argument(
        "document",
        metavar="DOCUMENT",
        choices=_case_documents(),
        help=f"文书：{_DOCUMENT_NAMES}",
    )
    p.add_argument(
        "--out",
        metavar="FILE",
        help="目标文件或目录（默认：当前目录下的 文书名-办件编号.pdf；80mm 为 …-80mm.pdf，escpos 为 .bin）",
    )
    p.add_argument(
        "--format",
        choices=["a4", "80mm", "escpos"],
        default="a4",
        help="纸张：a4（默认）；80mm 小票 PDF 或 escpos 小票打印机数据，仅限受理通知书和收费收据",
    )
    p.set_defaults(handler=cmd_print)

    p = _sub(
        sub,
        "print-guide",
        help="打印事项的办事指南",
        description="把事项当前版本的办事指南打印为 A4 PDF，可用于窗口发放或上墙公示。",
    )
    p.add_argument("code", metavar="ITEM-CODE", help="事项的实施编码")
    p.add_argument(
        "--out", metavar="FILE", help="目标文件（默认：当前目录下的 办事指南-实施编码.pdf）"
    )
    p.set_defaults(handler=cmd_print_guide)

    from hallapp.cli_accounts import add_account_commands
    from hallapp.cli_audit import add_audit_commands
    from hallapp.cli_report import add_report_commands
    from hallapp.cli_sync import add_sync_commands
    from hallapp.hub.cli import add_hub_commands

    add_sync_commands(sub, _sub, _group)
    add_hub_commands(sub, _sub, _group)
    add_audit_commands(sub, _sub, _group)
    add_report_commands(sub, _sub, _group)
    add_account_commands(sub, _sub, _group)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except HallappError as exc:
        print(exc.message, file=sys.stderr)
        for problem in getattr(exc, "problems", []):
            print(f"  - {problem}", file=sys.stderr)
        return 1


def gui_main() -> int:
    return main([])
