"""The start-up ``PRAGMA quick_check``: whether it runs before the database opens or in the
background once the window is filled, and a check that another thread can stop."""

from __future__ import annotations

import sqlite3
import threading
from enum import Enum
from pathlib import Path


class StartCheck(Enum):
    NOTHING_TO_CHECK = "nothing"  # no file yet, or an empty one: SQLite creates it
    BEFORE_OPENING = "before"
    IN_BACKGROUND = "background"


def start_check(path: Path, below: int | None) -> StartCheck:
    """When the quick check of ``path`` runs: before opening for a file smaller than
    ``below`` bytes, and for every file when ``below`` is None (callers without a window
    to run it in the background)."""
    if not path.exists():
        return StartCheck.NOTHING_TO_CHECK
    size = path.stat().st_size
    if size == 0:
        return StartCheck.NOTHING_TO_CHECK
    if below is None or size < below:
        return StartCheck.BEFORE_OPENING
    return StartCheck.IN_BACKGROUND


class CheckStopped(Exception):
    """The check was stopped (the app is closing) before it found an answer."""


class QuickCheck:
    """``PRAGMA quick_check`` on a read-only connection of its own: in WAL mode a reader
    never blocks the app's writers, and ``stop`` interrupts it from any thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._stopped = False

    def run(self) -> str | None:
        """None when SQLite finds the file sound, else its first complaint. Raises
        CheckStopped when ``stop`` came first."""
        with self._lock:
            if self._stopped:
                raise CheckStopped()
            try:
                conn = sqlite3.connect(
                    f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
                )
            except sqlite3.DatabaseError as exc:
                return str(exc)
            self._conn = conn
        try:
            row = conn.execute("PRAGMA quick_check").fetchone()
        except sqlite3.DatabaseError as exc:
            if self._stopped:
                raise CheckStopped() from exc
            return str(exc)
        finally:
            with self._lock:
                self._conn = None
                conn.close()
        if row is None or row[0] != "ok":
            return str(row[0]) if row else "没有检查结果"
        return None

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            if self._conn is not None:
                self._conn.interrupt()
