"""Packing the outbox's next batches while the hub applies the current one.

The hall reads and packs a batch in about the time the hub takes to apply one; done in
turn, each side waits for the other. A thread of its own packs up to ``depth`` batches
ahead into a bounded queue. It only reads: the sender still sends one batch at a time,
in order, and marks entries delivered only after the hub's acknowledgement. When the
sender must start again from another place (a gap, a smaller batch size) it closes the
packer, dropping whatever was packed ahead, and opens a new one.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from hallapp.services.sync_types import ParkedBatch
from hallapp.sync.protocol import Batch

DEPTH = 2


@dataclass(frozen=True)
class Packed:
    """The batch that follows sequence ``after``, or why there is none."""

    after: int
    size: int
    batch: Batch | None  # None: nothing to send after ``after`` (or ``blocked``)
    blocked: ParkedBatch | None
    newest: int  # the highest sequence in the outbox when it was packed


@dataclass(frozen=True)
class _Failed:
    error: BaseException


class Packer:
    """``pack(after, size)`` run ahead in a thread, from ``after`` on, each batch after
    the previous one's last sequence; ``take()`` returns them in that order. It stops
    after a result without a batch (the outbox is empty there, or a parked batch
    blocks), and after an error, which ``take()`` raises in the sender's thread."""

    def __init__(
        self, pack: Callable[[int, int], Packed], after: int, size: int, depth: int = DEPTH
    ) -> None:
        self.after = after
        self.size = size
        self._pack = pack
        self._queue: queue.Queue[Packed | _Failed] = queue.Queue(maxsize=max(1, depth))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sync-packer", daemon=True)
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def take(self) -> Packed:
        while True:
            try:
                item = self._queue.get(timeout=0.5)
            except queue.Empty:
                if self.running or not self._queue.empty():
                    continue
                raise RuntimeError("nothing more comes from a packer that has stopped") from None
            if isinstance(item, _Failed):
                raise item.error
            return item

    def close(self) -> None:
        """Stop packing and drop what was packed ahead; returns once the thread ended."""
        self._stop.set()
        while self.running:
            self._drain()
            self._thread.join(0.05)
        self._drain()

    def _drain(self) -> None:
        try:
            while True:
                self._queue.get_nowait()
        except queue.Empty:
            pass

    def _run(self) -> None:
        after = self.after
        while not self._stop.is_set():
            try:
                item: Packed | _Failed = self._pack(after, self.size)
            except BaseException as exc:  # raised again in the sender's thread
                item = _Failed(exc)
            self._put(item)
            if not isinstance(item, Packed) or item.batch is None:
                return
            after = item.batch.last_seq

    def _put(self, item: Packed | _Failed) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue
