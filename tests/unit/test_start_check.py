"""When the start-up quick check runs: before opening for small files, in the background
for large ones, never for a file that is not there yet."""

from __future__ import annotations

from pathlib import Path

import pytest

from hallapp.app import QUICK_CHECK_BEFORE_OPENING_BELOW
from hallapp.db.start_check import StartCheck, start_check


def file_of(tmp_path: Path, size: int) -> Path:
    path = tmp_path / "hall.sqlite3"
    with path.open("wb") as fh:
        fh.truncate(size)  # sparse: the size is what counts, not the bytes
    return path


def test_a_missing_or_empty_file_has_nothing_to_check(tmp_path: Path) -> None:
    assert start_check(tmp_path / "new.sqlite3", 1024) is StartCheck.NOTHING_TO_CHECK
    assert start_check(tmp_path / "new.sqlite3", None) is StartCheck.NOTHING_TO_CHECK
    assert start_check(file_of(tmp_path, 0), 1024) is StartCheck.NOTHING_TO_CHECK


@pytest.mark.parametrize(
    ("size", "below", "when"),
    [
        (1023, 1024, StartCheck.BEFORE_OPENING),
        (1024, 1024, StartCheck.IN_BACKGROUND),
        (1025, 1024, StartCheck.IN_BACKGROUND),
        (4096, 1, StartCheck.IN_BACKGROUND),
        (10 * 1024 * 1024, None, StartCheck.BEFORE_OPENING),  # no window: always first
    ],
)
def test_the_size_decides(tmp_path: Path, size: int, below: int | None, when: StartCheck) -> None:
    assert start_check(file_of(tmp_path, size), below) is when


def test_the_window_limit_keeps_a_typical_hall_checked_first(tmp_path: Path) -> None:
    # 20,000 cases take 52 MB; a 2.4 GB register of 1,000,000 cases must not wait.
    limit = QUICK_CHECK_BEFORE_OPENING_BELOW
    assert start_check(file_of(tmp_path, 52_375_552), limit) is StartCheck.BEFORE_OPENING
    assert start_check(file_of(tmp_path, 2_455_670_784), limit) is StartCheck.IN_BACKGROUND
