"""Writing the delivered mark behind the sender.

Each mark is a transaction of its own with an fsync, about as long as the hub takes to
read the next batch. So once the hub has acknowledged a batch, the sender sends the next
one at once and the mark for the acknowledged one is written meanwhile, in a thread of
its own: one mark at a time, in order, and never before its acknowledgement. A crash
before a mark is on disk only makes the hall send those entries again, and the hub
recognises them (docs/sync-protocol.md: a batch at or below its last sequence is a
duplicate).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor


class MarkWriter:
    """``write(seq)`` (which returns the mark now on disk) run behind the caller."""

    def __init__(self, write: Callable[[int], int]) -> None:
        self._write = write
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-mark")
        self._pending: Future[int] | None = None
        self._written: int | None = None

    def mark(self, seq: int) -> None:
        """Write ``seq`` delivered behind the caller, once the previous mark is written;
        raises the previous mark's failure, if it failed."""
        self.flush()
        self._pending = self._executor.submit(self._write, seq)

    def flush(self) -> int | None:
        """Wait for the last mark; the mark on disk after it (None if none was written)."""
        pending, self._pending = self._pending, None
        if pending is not None:
            self._written = pending.result()
        return self._written

    def close(self) -> None:
        """Wait for the last mark and end the thread. A failure of that mark is not raised
        here: ``close`` runs when the sender stops, after ``flush`` on the normal path,
        and on another failure that failure is the one to report."""
        with contextlib.suppress(Exception):
            self.flush()
        self._executor.shutdown(wait=True)
