"""HTML of the county overview: one plain page layout, everything escaped."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from starlette.responses import HTMLResponse

_STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;
margin:0;color:#1f2933;background:#f5f7fa}
header{background:#1f4e79;color:#fff;padding:.8rem 1.5rem;display:flex;align-items:center;gap:2rem}
header h1{font-size:1.15rem;margin:0;font-weight:600}
header nav a{color:#dce8f5;margin-right:1.2rem;text-decoration:none}
header nav a.current{color:#fff;font-weight:600;border-bottom:2px solid #fff}
header .user{margin-left:auto;font-size:.9rem}
header form{display:inline}
header button{background:none;border:1px solid #dce8f5;color:#fff;border-radius:3px;cursor:pointer}
main{padding:1.2rem 1.5rem;max-width:80rem}
h2{font-size:1.1rem;margin:.2rem 0 1rem}
table{border-collapse:collapse;background:#fff;width:100%;font-size:.95rem}
th,td{border:1px solid #d9e2ec;padding:.45rem .7rem;text-align:left}
th{background:#e4ebf3;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.warn td{background:#fff4e5}
.muted{color:#7b8794}
.pager{margin:1rem 0;display:flex;gap:1rem;align-items:center}
.login{max-width:22rem;margin:4rem auto;background:#fff;padding:1.5rem 2rem;border:1px solid #d9e2ec}
.login label{display:block;margin:.8rem 0 .3rem}
.login input{width:100%;padding:.4rem;box-sizing:border-box}
.login button{margin-top:1.2rem;padding:.45rem 1.4rem}
.error{color:#b42318}
form.period{display:flex;flex-wrap:wrap;gap:.6rem 1.2rem;align-items:center;margin:0 0 1rem}
form.period input{padding:.25rem}
form.period .presets a,form.period a.download{margin-right:.8rem}
.wide{overflow-x:auto}
.wide table{font-size:.85rem}
.wide th{text-align:center;vertical-align:bottom}
.wide th,.wide td{padding:.35rem .45rem}
.wide td:nth-child(-n+2){white-space:nowrap}
tr.total td{font-weight:600;background:#eef2f7}
"""

NAV = (("/", "服务中心"), ("/cases", "办件统计"), ("/overdue", "逾期办件"), ("/stats", "统计"))
TITLE = "县级便民服务平台"


def page(
    title: str, body: str, *, user: str | None, current: str = "", status: int = 200
) -> HTMLResponse:
    """A whole page; ``body`` must already be escaped HTML."""
    nav = ""
    if user is not None:
        links = "".join(
            f'<a href="{href}"{" class=current" if href == current else ""}>{escape(text)}</a>'
            for href, text in NAV
        )
        nav = (
            f"<nav>{links}</nav><span class=user>{escape(user)} "
            '<form method=post action="/logout"><button type=submit>退出</button></form></span>'
        )
    html = (
        "<!doctype html><html lang=zh-CN><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)} - {TITLE}</title><style>{_STYLE}</style></head>"
        f"<body><header><h1>{TITLE}</h1>{nav}</header><main>{body}</main></body></html>"
    )
    return HTMLResponse(html, status_code=status, headers=NO_STORE)


# Pages hold personal data: never cached, never framed.
NO_STORE = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    numeric: set[int] | None = None,
    row_class: Sequence[str] | None = None,
) -> str:
    numeric = numeric or set()
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for index, row in enumerate(rows):
        cls = f' class="{escape(row_class[index])}"' if row_class and row_class[index] else ""
        cells = "".join(
            f"<td{' class=num' if i in numeric else ''}>{escape(str(value))}</td>"
            for i, value in enumerate(row)
        )
        body.append(f"<tr{cls}>{cells}</tr>")
    if not body:
        body.append(f"<tr><td colspan={len(headers)} class=muted>暂无数据</td></tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
