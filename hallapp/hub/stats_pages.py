"""统计: the county's statistics of a period in the browser, and the same table as XLSX.

``/stats?from=2026-01-01&to=2026-06-30`` (neither given: this month), presets 本月,
上半年 and 本年; ``/stats.xlsx`` with the same parameters downloads the table. Read-only and
behind the login, like every page of the overview.
"""

from __future__ import annotations

from datetime import date
from html import escape
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from hallapp.core.report_stats import Period
from hallapp.hub.layout import NO_STORE, page, table
from hallapp.hub.pages import current_user, to_login
from hallapp.hub.periods import PeriodInvalid, period_of, presets
from hallapp.hub.statistics import county_stats
from hallapp.hub.stats_table import COLUMNS, Kind, shown_rows
from hallapp.hub.stats_xlsx import TABLE_TITLE, stats_xlsx_bytes
from hallapp.hub.store import HubStore

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_NUMERIC = {i for i, c in enumerate(COLUMNS) if c.kind is not Kind.TEXT}
NOTES = (
    "按期办结率、平均用时和时限只计有计时的办结件，均以工作日计，"
    "按内置及县级发布的节假日安排计算。",
    "停止计时（补正、特别程序、挂起）和延期不随数据上报：县级平台按受理时告知的承诺、"
    "法定办结日期判断是否按期，停止计时的工作日计入办理用时，延期的工作日不计入时限。"
    "有此类办件的服务中心，本表可能与其本地统计报表略有出入。",
    "满意率为非常满意、满意、基本满意的评价占全部评价的比例；投诉按期办结指答复"
    "（未答复的以办结）不晚于处理期限。尚未同步到县级平台的数据不计入。",
)


def _query(period: Period) -> str:
    return urlencode({"from": period.start.isoformat(), "to": period.end.isoformat()})


def _form(today: date, start: str, end: str, period: Period | None) -> str:
    links = "".join(
        f'<a href="/stats?{escape(_query(p))}">{escape(label)}</a>' for label, p in presets(today)
    )
    download = (
        f'<a class=download href="/stats.xlsx?{escape(_query(period))}">下载 Excel</a>'
        if period is not None
        else ""
    )
    return (
        '<form class=period method=get action="/stats">'
        f'<label>起始日期 <input type=date name=from value="{escape(start)}"></label>'
        f'<label>截止日期 <input type=date name=to value="{escape(end)}"></label>'
        "<button type=submit>统计</button>"
        f"<span class=presets>{links}</span>{download}</form>"
    )


async def stats_page(request: Request) -> Response:
    user = await current_user(request)
    if user is None:
        return to_login(request)
    today: date = request.app.state.today()
    start = request.query_params.get("from", "")
    end = request.query_params.get("to", "")
    heading = f"<h2>{TABLE_TITLE}</h2>"
    try:
        period = period_of(start, end, today)
    except PeriodInvalid as exc:
        body = (
            heading + _form(today, start, end, None) + f"<p class=error>{escape(exc.message)}</p>"
        )
        return page("统计", body, user=user, current="/stats", status=400)
    store: HubStore = request.app.state.store
    stats = await run_in_threadpool(county_stats, store.engine, period)
    rows = shown_rows(stats)
    body = (
        heading
        + _form(today, period.start.isoformat(), period.end.isoformat(), period)
        + f"<p>统计期间：{escape(period.label)}</p>"
        + "<div class=wide>"
        + table(
            [c.title for c in COLUMNS],
            rows,
            numeric=_NUMERIC,
            row_class=[""] * (len(rows) - 1) + ["total"],
        )
        + "</div>"
        + "".join(f"<p class=muted>{escape(note)}</p>" for note in NOTES)
    )
    return page("统计", body, user=user, current="/stats")


async def stats_xlsx(request: Request) -> Response:
    user = await current_user(request)
    if user is None:
        return to_login(request)
    today: date = request.app.state.today()
    try:
        period = period_of(
            request.query_params.get("from", ""), request.query_params.get("to", ""), today
        )
    except PeriodInvalid as exc:
        body = f"<h2>{TABLE_TITLE}</h2><p class=error>{escape(exc.message)}</p>"
        return page("统计", body, user=user, current="/stats", status=400)
    store: HubStore = request.app.state.store
    stats = await run_in_threadpool(county_stats, store.engine, period)
    content = await run_in_threadpool(stats_xlsx_bytes, stats, store.clock())
    name = f"{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    disposition = (
        f'attachment; filename="county-stats-{name}"; '
        f"filename*=UTF-8''{quote('县级统计_' + name)}"
    )
    return Response(
        content,
        media_type=XLSX_TYPE,
        headers={**NO_STORE, "Content-Disposition": disposition},
    )


ROUTES = [
    Route("/stats", stats_page, methods=["GET"]),
    Route("/stats.xlsx", stats_xlsx, methods=["GET"]),
]
