"""Sending the outbox: batches in order, each marked delivered only after the hub's
acknowledgement, with the contract's answer to every refusal (docs/sync-protocol.md).

The caller holds the sender's lease; it is renewed before a request once
``sync_store.RENEW_EVERY`` has passed. The next batches are read and packed in a thread
of their own while the hub applies the current one (``sync_packer``), and the delivered
mark of an acknowledged batch is written while the next one is on its way
(``sync_marks``); sending stays one batch at a time, in order.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import TypeVar

from hallapp.db.uow import UnitOfWork
from hallapp.errors import HallappError
from hallapp.services import sync_store as store
from hallapp.services.sync_marks import MarkWriter
from hallapp.services.sync_packer import Packed, Packer
from hallapp.services.sync_types import STAGE_SEND, SyncConfig, SyncProgress
from hallapp.sync.backoff import ATTEMPTS, with_retries
from hallapp.sync.client import HubClient, HubError, HubRefused, HubUnreachable
from hallapp.sync.protocol import make_batch_from_rows

T = TypeVar("T")

CANCELLED = "同步已取消，未发送的记录下次继续发送。"


class LeaseLost(HallappError):
    def __init__(self) -> None:
        super().__init__(
            "同步中断：发送权已被另一个窗口接管（本次等待过久），未发送的记录下次继续发送。"
        )


def describe(exc: HubError) -> str:
    """The clerk's message for a hub error."""
    if isinstance(exc, HubRefused) and exc.status == 401:
        return f"凭据不符：{exc.message}。请向县级平台索取本中心的新凭据文件，再重新设置同步。"
    return exc.message


@dataclass
class SendOutcome:
    sent: int = 0
    batches: int = 0
    duplicates: int = 0
    error: str = ""
    # False when the hub gave no answer or refused the credential: asking it for counts
    # or updates in the same run would only fail again.
    reachable: bool = True


@dataclass
class Sender:
    uow: Callable[[], UnitOfWork]
    hub: HubClient
    config: SyncConfig
    holder: str
    clock: Callable[[], datetime]
    sleep: Callable[[float], None]
    rng: random.Random
    progress: Callable[[SyncProgress], None] | None = None
    cancel: threading.Event | None = None
    attempts: int = ATTEMPTS
    _reported: SyncProgress | None = None
    _renewed_at: datetime | None = None
    _packer: Packer | None = field(default=None, repr=False)

    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def renew(self) -> None:
        """Renew the lease if ``RENEW_EVERY`` has passed since this sender last did (a
        clock that went back renews too); LeaseLost if it is no longer ours."""
        now = self.clock()
        last = self._renewed_at
        if last is not None and last <= now < last + store.RENEW_EVERY:
            return
        if not store.renew_lease(self.uow(), self.holder, now):
            raise LeaseLost()
        self._renewed_at = now

    def call(self, request: Callable[[], T]) -> T:
        """A request with retries of transient failures, the lease renewed before each
        when it is due."""
        return with_retries(
            request, self.sleep, self.rng, self.attempts, self.renew, cancelled=self.cancelled
        )

    def send_pending(self) -> SendOutcome:
        marks = MarkWriter(lambda seq: store.mark_acked(self.uow(), seq))
        try:
            return self._send_pending(marks)
        finally:
            self._close_packer()
            marks.close()

    def _send_pending(self, marks: MarkWriter) -> SendOutcome:
        out = SendOutcome()
        with self.uow() as unit:
            start = store.state_row(unit.session).acked_seq
            total = store.pending_count(unit.session, start)
        acked = cursor = start
        size = max(1, self.config.batch_size)
        last_gap: tuple[int, int] | None = None
        while True:
            self._report(acked - start, total)
            if self.cancelled():
                out.error = CANCELLED
                break
            packed = self._next_packed(cursor, size)
            if packed.blocked is not None:
                p = packed.blocked
                out.error = _parked_message(p.first_seq, p.last_seq, p.message)
                break
            batch = packed.batch
            if batch is None:
                break
            try:
                ack = self.call(partial(self.hub.send, batch))
            except HubUnreachable as exc:
                out.error, out.reachable = exc.message, False
                break
            except LeaseLost as exc:
                out.error = exc.message
                break
            except HubRefused as exc:
                self._close_packer()  # what it packed ahead follows the refused batch
                if exc.status == 409 and exc.expected_seq is not None:
                    expected = exc.expected_seq
                    if expected - 1 > max(packed.newest, self._newest()):
                        out.error = (
                            f"县级平台记录本中心已发送到第{expected - 1}号，比本机发件箱的记录还多："
                            "可能有两台电脑使用了同一服务中心代码，请联系县级管理员。"
                        )
                        break
                    if last_gap == (expected, cursor):
                        out.error = f"县级平台一再要求从第{expected}号重发，同步中止：{exc.message}"
                        break
                    last_gap = (expected, cursor)
                    # The hub holds everything before ``expected``: that much is delivered.
                    marks.flush()
                    acked = store.mark_acked(self.uow(), expected - 1)
                    if not self._has(expected):
                        out.error = (
                            f"县级平台缺少第{expected}号起的记录，本机发件箱已没有这些记录，"
                            "请联系县级管理员。"
                        )
                        break
                    cursor = expected - 1
                    continue
                if exc.status == 413 and size > 1:
                    size = max(1, size // 2)
                    continue
                if exc.status in (400, 413):
                    store.park(
                        self.uow(),
                        batch.first_seq,
                        batch.last_seq,
                        exc.code,
                        exc.message,
                        self.clock(),
                    )
                    out.error = _parked_message(batch.first_seq, batch.last_seq, exc.message)
                    break
                out.error, out.reachable = describe(exc), False
                break
            covered = min(ack.last_seq, batch.last_seq)
            if covered <= cursor:
                out.error = f"县级平台的确认不完整（确认到第{ack.last_seq}号），同步中止。"
                break
            marks.mark(covered)  # written while the next batch is on its way
            acked = max(acked, covered)
            cursor = covered
            out.batches += 1
            out.duplicates += int(ack.duplicate)
        written = marks.flush()
        if written is not None:
            acked = max(acked, written)
        out.sent = acked - start
        self._report(acked - start, total)
        return out

    def _pack(self, after: int, size: int) -> Packed:
        """The batch after ``after`` (runs in the packer's thread: it only reads)."""
        ahead = store.read_ahead(self.uow(), after, size)
        batch = None
        if ahead.entries and ahead.blocked is None:
            batch = make_batch_from_rows(
                self.config.hall_code, self.config.secret, ahead.entries, self.clock()
            )
        return Packed(after, size, batch, ahead.blocked, ahead.newest)

    def _next_packed(self, cursor: int, size: int) -> Packed:
        """The batch after ``cursor`` of ``size`` entries at most: the one packed ahead
        when it is that one, else packing starts again from ``cursor``."""
        if self._packer is not None:
            packed = self._packer.take()
            if packed.after == cursor and packed.size == size:
                return packed
            self._close_packer()
        self._packer = Packer(self._pack, cursor, size)
        return self._packer.take()

    def _close_packer(self) -> None:
        if self._packer is not None:
            self._packer.close()
            self._packer = None

    def _newest(self) -> int:
        with self.uow() as unit:
            return store.last_seq(unit.session)

    def _has(self, seq: int) -> bool:
        with self.uow() as unit:
            found = store.read_entries(unit.session, seq - 1, 1)
        return bool(found) and found[0].seq == seq

    def _report(self, done: int, total: int) -> None:
        report = SyncProgress(STAGE_SEND, min(done, total), total)
        if self.progress is not None and report != self._reported:
            self.progress(report)
        self._reported = report


def _parked_message(first: int, last: int, reason: str) -> str:
    return (
        f"第{first}至{last}号记录被县级平台拒收：{reason}。之后的记录暂停发送，"
        "请联系县级管理员处理后由中心负责人点“重新发送”。"
    )
