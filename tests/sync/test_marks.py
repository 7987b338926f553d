"""The delivered mark written behind the sender: one at a time, in order, and a failed
write reaches the sender."""

from __future__ import annotations

import threading

import pytest

from hallapp.services.sync_marks import MarkWriter


class Marks:
    """A mark store that notes every write and any two writes that overlapped."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.fail_at = fail_at
        self.written: list[int] = []
        self.overlaps = 0
        self.busy = False
        self.lock = threading.Lock()
        self.threads: set[str] = set()

    def write(self, seq: int) -> int:
        with self.lock:
            self.overlaps += self.busy
            self.busy = True
        try:
            self.threads.add(threading.current_thread().name)
            if seq == self.fail_at:
                raise OSError("database or disk is full")
            self.written.append(seq)
            return max(self.written)
        finally:
            with self.lock:
                self.busy = False


def test_marks_are_written_in_order_one_at_a_time_behind_the_caller() -> None:
    marks = Marks()
    writer = MarkWriter(marks.write)
    try:
        assert writer.flush() is None  # nothing marked yet
        for seq in range(500, 20_001, 500):
            writer.mark(seq)
        assert writer.flush() == 20_000
    finally:
        writer.close()
    assert marks.written == list(range(500, 20_001, 500))
    assert marks.overlaps == 0
    assert threading.current_thread().name not in marks.threads


def test_a_failed_mark_is_raised_at_the_next_mark_and_nothing_after_it_is_written() -> None:
    marks = Marks(fail_at=1500)
    writer = MarkWriter(marks.write)
    try:
        writer.mark(500)
        writer.mark(1000)
        writer.mark(1500)
        with pytest.raises(OSError, match="disk is full"):
            writer.mark(2000)
        assert marks.written == [500, 1000]
    finally:
        writer.close()


def test_close_waits_for_the_last_mark_without_raising_its_failure() -> None:
    marks = Marks(fail_at=1000)
    writer = MarkWriter(marks.write)
    writer.mark(500)
    writer.mark(1000)
    writer.close()  # the sender is already stopping for another reason
    assert marks.written == [500]
    with pytest.raises(RuntimeError):
        writer.mark(1500)  # its thread is gone
