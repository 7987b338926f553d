"""The hub as an ASGI application: the halls' API and the county overview pages."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hallapp.hub import api, pages, stats_pages
from hallapp.hub.layout import page
from hallapp.hub.store import HubStore

log = logging.getLogger("hallapp.hub")


class _ServerErrors:
    """Any unexpected exception becomes a plain 500 (JSON under /api/), logged here with
    its trace and not passed on: the client learns nothing of the hub's internals. The
    engines hide SQL parameters, so no record's content reaches the log either."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            log.error("unexpected error on %s %s", scope["method"], scope["path"], exc_info=True)
            if started:
                raise
            response: Response
            if scope["path"].startswith("/api/"):
                response = api.error(500, "internal", "县级平台内部错误，请稍后重试")
            else:
                response = page(
                    "出错了", "<h2>县级平台内部错误，请稍后重试。</h2>", user=None, status=500
                )
            await response(scope, receive, send)


def create_app(
    database_url: str,
    *,
    store: HubStore | None = None,
    today: Callable[[], date] = date.today,
) -> Starlette:
    """The hub's app on the database at ``database_url`` (migrated first). ``store`` and
    ``today`` let tests share a store with a fixed clock."""
    hub = store if store is not None else HubStore(database_url)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        if store is None:
            hub.close()

    app = Starlette(
        routes=[*api.ROUTES, *pages.ROUTES, *stats_pages.ROUTES],
        middleware=[Middleware(_ServerErrors)],
        lifespan=lifespan,
    )
    app.state.store = hub
    app.state.today = today
    return app
