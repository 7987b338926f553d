"""The hall's HTTP client for the county hub (protocol version 1).

Every answer becomes either a value or one of two errors: ``HubUnreachable`` for what
may pass by itself (no connection, timeout, 5xx), ``HubRefused`` for an answer that says
the request itself is wrong (its HTTP status and the hub's code tell the sender what to
do). One ``httpx.Client`` serves a whole run, so the connection is kept alive between
batches.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

from hallapp.sync.protocol import ENVELOPE_HEADER, Ack, Batch, sign_request

API = "/api/v1"
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 60.0


class HubError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class HubUnreachable(HubError):
    """Transient: no answer, or an answer the hub could not give now. Retried."""


class HubRefused(HubError):
    """The hub answered and refused: ``status`` and ``code`` say why."""

    def __init__(
        self, status: int, code: str, message: str, expected_seq: int | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.expected_seq = expected_seq


@dataclass(frozen=True)
class HubState:
    last_seq: int
    counts: dict[str, int]


def check_hub_url(url: str) -> str:
    """The hub's base address, normalised; ValueError with a Chinese reason otherwise."""
    text = url.strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"县级平台地址“{url}”无效，应形如 https://县级平台地址 或 http://10.0.0.5:8700"
        )
    if parts.query or parts.fragment:
        raise ValueError(f"县级平台地址“{url}”不应带有“?”或“#”后的部分")
    return text


class HubClient:
    """``with HubClient(...) as hub: hub.send(batch)``."""

    def __init__(
        self,
        base_url: str,
        hall_code: str,
        secret: str,
        transport: httpx.BaseTransport | None = None,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._hall = hall_code
        self._secret = secret
        self._clock = clock
        timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        self._http = httpx.Client(transport=transport, timeout=timeout, http2=False)

    def __enter__(self) -> HubClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def send(self, batch: Batch) -> Ack:
        """POST one batch; its acknowledgement, checked against the batch."""
        headers = {
            ENVELOPE_HEADER: json.dumps(batch.header(), separators=(",", ":")),
            "Content-Type": "application/octet-stream",
        }
        data = self._request("POST", f"{API}/batches", headers=headers, content=batch.body)
        try:
            ack = Ack(
                str(data["batch_id"]),
                str(data["hall_code"]),
                int(data["last_seq"]),
                bool(data["duplicate"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise HubUnreachable(f"县级平台的确认无法识别：{exc}") from exc
        if ack.hall_code != batch.hall_code:
            raise HubUnreachable("县级平台的确认不属于本中心，未作处理")
        return ack

    def state(self) -> HubState:
        data = self._signed_get(f"{API}/state", {})
        try:
            counts = {str(k): int(v) for k, v in dict(data["counts"]).items()}
            return HubState(int(data["last_seq"] or 0), counts)
        except (KeyError, TypeError, ValueError) as exc:
            raise HubUnreachable(f"县级平台的状态答复无法识别：{exc}") from exc

    def digest(self, entity: str, after: str, limit: int) -> list[tuple[str, str]]:
        """The hub's records of ``entity`` after the id ``after``, in order of id, with
        their content hashes."""
        query = {"entity": entity, "after": after, "limit": str(limit)}
        data = self._signed_get(f"{API}/digest", query)
        try:
            return [(str(r[0]), str(r[1])) for r in data["records"]]
        except (KeyError, TypeError, IndexError) as exc:
            raise HubUnreachable(f"县级平台的核对答复无法识别：{exc}") from exc

    def updates(self, catalogue_after: int, calendar_after: int) -> dict[str, Any]:
        query = {"catalogue_after": str(catalogue_after), "calendar_after": str(calendar_after)}
        data = self._signed_get(f"{API}/updates", query)
        if not isinstance(data.get("catalogue", []), list) or not isinstance(
            data.get("calendar", []), list
        ):
            raise HubUnreachable("县级平台的目录和日历答复无法识别")
        return data

    def _signed_get(self, path: str, query: dict[str, str]) -> dict[str, Any]:
        target = f"{path}?{urlencode(query)}" if query else path
        at = self._clock().isoformat(timespec="seconds")
        headers = sign_request(self._hall, self._secret, "GET", target, at)
        return self._request("GET", target, headers=headers)

    def _request(
        self, method: str, target: str, headers: dict[str, str], content: bytes | None = None
    ) -> dict[str, Any]:
        try:
            response = self._http.request(
                method, self._base + target, headers=headers, content=content
            )
        except httpx.TimeoutException as exc:
            raise HubUnreachable(f"县级平台没有应答（等待超时）：{self._base}") from exc
        except httpx.TransportError as exc:
            raise HubUnreachable(f"县级平台没有应答（无法连接 {self._base}）") from exc
        if response.status_code >= 500:
            raise HubUnreachable(f"县级平台暂时出错（HTTP {response.status_code}），稍后重试")
        try:
            data = response.json()
        except ValueError:
            data = None
        if response.status_code != 200:
            raise _refusal(response.status_code, data)
        if not isinstance(data, dict):
            raise HubUnreachable("县级平台的答复不是有效的 JSON")
        return data


def _refusal(status: int, data: object) -> HubRefused:
    if not isinstance(data, dict) or "error" not in data:
        if status == 404:
            return HubRefused(
                status, "not_found", "县级平台地址不对：该地址没有同步服务（HTTP 404）"
            )
        return HubRefused(status, "http", f"县级平台拒绝了请求（HTTP {status}）")
    expected = data.get("expected_seq")
    try:
        expected_seq = int(expected) if expected is not None else None
    except (TypeError, ValueError):
        expected_seq = None
    message = str(data.get("message") or f"县级平台拒绝了请求（HTTP {status}）")
    return HubRefused(status, str(data["error"]), message, expected_seq)
