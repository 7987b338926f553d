"""The county overview in the browser (县级总览): halls, case counts, overdue cases.

Read-only: no page changes data. Every page but the login needs a session; the
applicant's personal details (ID numbers above all) are never shown here.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from html import escape
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from hallapp.core.lifecycle import CaseState
from hallapp.hub import overview
from hallapp.hub.layout import page, table
from hallapp.hub.sessions import COOKIE_NAME, LIFETIME, SECRET_SETTING, make_cookie, read_cookie
from hallapp.hub.store import HubStore

PER_PAGE = 50
_STATE_ORDER = {s.value: i for i, s in enumerate(CaseState)}


def state_label(state: str | None) -> str:
    if state is None:
        return "（未知）"
    try:
        return CaseState(state).label
    except ValueError:
        return state


def _store(request: Request) -> HubStore:
    store: HubStore = request.app.state.store
    return store


async def _session_secret(request: Request) -> str:
    store = _store(request)
    return await run_in_threadpool(store.setting, SECRET_SETTING, lambda: secrets.token_hex(32))


async def current_user(request: Request) -> str | None:
    value = request.cookies.get(COOKIE_NAME)
    if not value:
        return None
    return read_cookie(await _session_secret(request), value, _store(request).clock())


def to_login(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)


def _safe_next(text: str | None) -> str:
    """Only a path of this site: a login must not send the user elsewhere."""
    if not text or not text.startswith("/") or text.startswith("//") or "\\" in text:
        return "/"
    return text


def _login_form(next_path: str, problem: str = "", username: str = "") -> str:
    shown = f"<p class=error>{escape(problem)}</p>" if problem else ""
    return (
        "<div class=login><h2>登录</h2>" + shown + '<form method=post action="/login">'
        f'<input type=hidden name=next value="{escape(next_path)}">'
        "<label for=username>用户名</label>"
        f'<input id=username name=username autocomplete=username required value="{escape(username)}">'
        "<label for=password>密码</label>"
        "<input id=password name=password type=password autocomplete=current-password required>"
        "<button type=submit>登录</button></form></div>"
    )


async def login(request: Request) -> Response:
    if request.method == "GET":
        next_path = _safe_next(request.query_params.get("next"))
        return page("登录", _login_form(next_path), user=None)
    form = await request.form()
    username = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    next_path = _safe_next(str(form.get("next", "/")))
    store = _store(request)
    if not await run_in_threadpool(store.check_login, username, password):
        body = _login_form(next_path, "用户名或密码不正确", username)
        return page("登录", body, user=None, status=401)
    cookie = make_cookie(await _session_secret(request), username, store.clock())
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(
        COOKIE_NAME,
        cookie,
        max_age=int(LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


async def logout(_request: Request) -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE_NAME, httponly=True, samesite="lax")
    return response


def _when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M") if at else "从未同步"


async def halls_page(request: Request) -> Response:
    user = await current_user(request)
    if user is None:
        return to_login(request)
    rows = await run_in_threadpool(_store(request).halls)
    body = "<h2>服务中心同步情况</h2>" + table(
        ["区划代码", "服务中心", "最近同步", "已收序号", "办件数", "待处理告警"],
        [
            (r.code, r.name, _when(r.last_batch_at), r.last_seq, r.cases, r.pending_warnings)
            for r in rows
        ],
        numeric={3, 4, 5},
        row_class=["warn" if r.pending_warnings else "" for r in rows],
    )
    body += "<p class=muted>待处理告警：该服务中心最近一次成功同步之后被拒收的批次数。</p>"
    return page("服务中心", body, user=user, current="/")


async def cases_page(request: Request) -> Response:
    user = await current_user(request)
    if user is None:
        return to_login(request)
    counts = await run_in_threadpool(overview.state_counts, _store(request).engine)
    states = sorted(
        {c.state for c in counts}, key=lambda s: (_STATE_ORDER.get(s or "", 99), s or "")
    )
    by_hall: dict[tuple[str, str], dict[str | None, int]] = {}
    for c in counts:
        by_hall.setdefault((c.hall_code, c.hall_name), {})[c.state] = c.cases
    rows = []
    for (code, name), per_state in by_hall.items():
        rows.append([code, name, *(per_state.get(s, 0) for s in states), sum(per_state.values())])
    headers = ["区划代码", "服务中心", *(state_label(s) for s in states), "合计"]
    body = "<h2>各服务中心办件状态统计</h2>" + table(
        headers, rows, numeric=set(range(2, len(headers)))
    )
    return page("办件统计", body, user=user, current="/cases")


async def overdue_page(request: Request) -> Response:
    user = await current_user(request)
    if user is None:
        return to_login(request)
    text = request.query_params.get("page", "1")
    number = int(text) if text.isdigit() and int(text) > 0 else 1
    today: date = request.app.state.today()
    total, cases = await run_in_threadpool(
        overview.overdue_cases, _store(request).engine, today, (number - 1) * PER_PAGE, PER_PAGE
    )
    rows = [
        (
            c.hall_name,
            c.number,
            c.item_name,
            state_label(c.state),
            c.legal_due.isoformat(),
            (today - c.legal_due).days,
        )
        for c in cases
    ]
    body = (
        f"<h2>逾期办件（截至 {today.isoformat()}，共 {total} 件）</h2>"
        + table(
            ["服务中心", "办件编号", "事项", "状态", "法定办结时限", "逾期天数"], rows, numeric={5}
        )
        + _pager(number, total)
        + "<p class=muted>逾期天数按自然日计；仅列出已受理、尚未办结的办件。</p>"
    )
    return page("逾期办件", body, user=user, current="/overdue")


def _pager(number: int, total: int) -> str:
    pages = max(1, -(-total // PER_PAGE))
    parts = []
    if number > 1:
        parts.append(f'<a href="/overdue?page={number - 1}">上一页</a>')
    parts.append(f"<span>第 {number} / {pages} 页</span>")
    if number < pages:
        parts.append(f'<a href="/overdue?page={quote(str(number + 1))}">下一页</a>')
    return f"<div class=pager>{''.join(parts)}</div>"


ROUTES = [
    Route("/login", login, methods=["GET", "POST"]),
    Route("/logout", logout, methods=["GET", "POST"]),
    Route("/", halls_page, methods=["GET"]),
    Route("/cases", cases_page, methods=["GET"]),
    Route("/overdue", overdue_page, methods=["GET"]),
]
