"""The hub's HTTP API for the halls (docs/sync-protocol.md, "HTTP (version 1)").

Database work blocks, so it runs in the thread pool and the event loop stays free for
other halls. Nothing of a batch's content is logged: only ids, halls and sequences.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from hallapp.hub.store import HubStore
from hallapp.sync.protocol import (
    ENVELOPE_HEADER,
    SIGNATURE_HEADERS,
    Batch,
    BatchRefused,
    request_signature,
)

log = logging.getLogger("hallapp.hub")

# A compressed body larger than this is refused before it is read; the hall then repacks
# in smaller batches. Its entries inflate to at most 64 MB (protocol._MAX_BODY).
MAX_REQUEST_BYTES = 32 * 1024 * 1024
STATUS = {
    "malformed": 400,
    "version": 400,
    "checksum": 400,
    "signature": 401,
    "unknown_hall": 401,
    "gap": 409,
    "too_large": 413,
}


def error(status: int, code: str, message: str, expected_seq: int | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": code, "message": message, "expected_seq": expected_seq}, status_code=status
    )


def refused(exc: BatchRefused) -> JSONResponse:
    return error(STATUS.get(exc.code, 400), exc.code, exc.message, exc.expected_seq)


def _store(request: Request) -> HubStore:
    store: HubStore = request.app.state.store
    return store


class _TooLarge(Exception):
    pass


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_REQUEST_BYTES:
        raise _TooLarge
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_REQUEST_BYTES:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


async def post_batch(request: Request) -> JSONResponse:
    try:
        body = await _read_body(request)
    except _TooLarge:
        log.info("batch refused: too_large (over %d bytes)", MAX_REQUEST_BYTES)
        return error(413, "too_large", "批次过大，请分成较小的批次重发")
    header = request.headers.get(ENVELOPE_HEADER)
    if header is None:
        return error(400, "malformed", f"缺少批次头 {ENVELOPE_HEADER}")
    try:
        batch = Batch.from_header(header, body)
        ack = await run_in_threadpool(_store(request).receive, batch, "http")
    except BatchRefused as exc:
        log.info("batch refused: %s (%s)", exc.code, _describe_header(header))
        return refused(exc)
    log.info(
        "batch %s from %s seq %d-%d %s",
        batch.batch_id,
        batch.hall_code,
        batch.first_seq,
        batch.last_seq,
        "duplicate" if ack.duplicate else "applied",
    )
    return JSONResponse(
        {
            "batch_id": ack.batch_id,
            "hall_code": ack.hall_code,
            "last_seq": ack.last_seq,
            "duplicate": ack.duplicate,
        }
    )


def _describe_header(header: str) -> str:
    """Which batch a refusal was about, for the log; the header holds no personal data
    but may be garbage, so only its length when it does not parse."""
    try:
        batch = Batch.from_header(header, b"")
    except BatchRefused:
        return f"unreadable header, {len(header)} chars"
    # repr: a forged header must not be able to write lines of its own into the log
    return f"batch {batch.batch_id[:64]!r} hall {batch.hall_code[:12]!r} seq {batch.first_seq}-{batch.last_seq}"


async def _signed_hall(request: Request) -> str:
    """The hall of a signed request, or BatchRefused (401)."""
    hall_header, time_header, signature_header = SIGNATURE_HEADERS
    hall = request.headers.get(hall_header)
    at = request.headers.get(time_header)
    signature = request.headers.get(signature_header)
    if not hall or not at or not signature:
        raise BatchRefused("signature", "请求缺少签名")
    secret = await run_in_threadpool(_store(request).hall_secret, hall)
    if secret is None:
        raise BatchRefused("unknown_hall", f"服务中心 {hall} 未在县级平台登记")
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    expected = request_signature(secret, request.method, path, at)
    if not hmac.compare_digest(expected, signature):
        raise BatchRefused("signature", "请求签名无效：凭据不符")
    return hall


def _int_param(request: Request, name: str, default: int) -> int:
    text = request.query_params.get(name)
    if text is None or text == "":
        return default
    try:
        return int(text)
    except ValueError:
        raise BatchRefused("malformed", f"参数 {name} 须为整数") from None


async def get_state(request: Request) -> JSONResponse:
    try:
        hall = await _signed_hall(request)
    except BatchRefused as exc:
        return refused(exc)
    return JSONResponse(await run_in_threadpool(_store(request).state, hall))


async def get_digest(request: Request) -> JSONResponse:
    try:
        hall = await _signed_hall(request)
        entity = request.query_params.get("entity", "")
        if not entity:
            raise BatchRefused("malformed", "缺少参数 entity")
        limit = _int_param(request, "limit", 1000)
        after = request.query_params.get("after", "")
    except BatchRefused as exc:
        return refused(exc)
    found = await run_in_threadpool(_store(request).digest, hall, entity, after, limit)
    return JSONResponse({"records": found})


async def get_updates(request: Request) -> JSONResponse:
    try:
        hall = await _signed_hall(request)
        catalogue_after = _int_param(request, "catalogue_after", 0)
        calendar_after = _int_param(request, "calendar_after", 0)
    except BatchRefused as exc:
        return refused(exc)
    found: dict[str, Any] = await run_in_threadpool(
        _store(request).updates, hall, catalogue_after, calendar_after
    )
    return JSONResponse(found)


async def healthz(_request: Request) -> JSONResponse:
    return JSONResponse({"ok": True})


ROUTES = [
    Route("/api/v1/batches", post_batch, methods=["POST"]),
    Route("/api/v1/state", get_state, methods=["GET"]),
    Route("/api/v1/digest", get_digest, methods=["GET"]),
    Route("/api/v1/updates", get_updates, methods=["GET"]),
    Route("/healthz", healthz, methods=["GET"]),
]
