"""The packer runs ahead of the sender in a thread of its own: batches come out in order,
never more than its depth ahead, an error reaches the sender, and closing it drops what
was packed ahead."""

from __future__ import annotations

import threading

import pytest

from hallapp.services.sync_packer import Packed, Packer
from hallapp.sync.protocol import PROTOCOL_VERSION, Batch

HALL = "430121104000"


def batch(first: int, last: int) -> Batch:
    return Batch(f"b{first}", HALL, first, last, PROTOCOL_VERSION, "", "", "", b"")


class Outbox:
    """``pack`` over an outbox of ``count`` entries; counts the calls and checks that it is
    never called more than ``depth`` + 1 batches ahead of what was taken."""

    def __init__(self, count: int, depth: int, fail_after: int | None = None) -> None:
        self.count = count
        self.depth = depth
        self.fail_after = fail_after
        self.calls: list[int] = []
        self.taken = 0
        self.too_far: list[int] = []
        self.lock = threading.Lock()

    def pack(self, after: int, size: int) -> Packed:
        with self.lock:
            self.calls.append(after)
            if len(self.calls) - self.taken > self.depth + 1:
                self.too_far.append(after)
        if self.fail_after is not None and after >= self.fail_after:
            raise OSError("disk I/O error")
        last = min(after + size, self.count)
        return Packed(after, size, batch(after + 1, last) if last > after else None, None, 0)

    def take(self, packer: Packer) -> Packed:
        with self.lock:  # counted before: the check above can only be too lenient
            self.taken += 1
        return packer.take()


def test_batches_come_in_order_and_packing_stops_at_the_end() -> None:
    outbox = Outbox(count=1050, depth=2)
    packer = Packer(outbox.pack, 0, 100, depth=2)
    try:
        seen = []
        while (packed := outbox.take(packer)).batch is not None:
            seen.append((packed.after, packed.batch.first_seq, packed.batch.last_seq))
        assert seen == [(n, n + 1, min(n + 100, 1050)) for n in range(0, 1050, 100)]
        assert packed.after == 1050
        packer.close()
        assert not packer.running
        assert outbox.calls == [*range(0, 1001, 100), 1050]  # nothing after the end
        assert outbox.too_far == []
    finally:
        packer.close()


def test_an_error_while_packing_is_raised_in_the_senders_thread() -> None:
    outbox = Outbox(count=1000, depth=1, fail_after=200)
    packer = Packer(outbox.pack, 0, 100, depth=1)
    try:
        assert outbox.take(packer).after == 0
        assert outbox.take(packer).after == 100
        with pytest.raises(OSError, match="disk I/O error"):
            packer.take()
    finally:
        packer.close()
    with pytest.raises(RuntimeError, match="stopped"):
        packer.take()  # a stopped packer does not leave the sender waiting


def test_closing_drops_what_was_packed_ahead_and_a_new_packer_starts_elsewhere() -> None:
    outbox = Outbox(count=10_000, depth=2)
    packer = Packer(outbox.pack, 0, 100, depth=2)
    assert outbox.take(packer).after == 0
    packer.close()
    assert not packer.running
    calls = len(outbox.calls)
    again = Packer(outbox.pack, 40, 50, depth=2)
    try:
        first = outbox.take(again)
        assert (first.after, first.size, first.batch) == (40, 50, batch(41, 90))
        assert outbox.take(again).after == 90
    finally:
        again.close()
    assert outbox.calls[calls] == 40  # the new packer began where it was told
