"""A database file with one b-tree page overwritten, as a failing disk leaves it: SQLite
still opens the file, and ``PRAGMA quick_check`` finds the page."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def damage_table_page(path: Path, table: str) -> bytes:
    """Overwrite the root page of ``table`` (the file must be closed); returns the bytes
    the file now holds."""
    conn = sqlite3.connect(path)
    try:
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
        (page,) = conn.execute("PRAGMA page_size").fetchone()
    finally:
        conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page : root * page] = b"\x07" * page
    path.write_bytes(bytes(data))
    return bytes(data)
