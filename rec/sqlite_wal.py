"""Switching a SQLite connection to WAL safely when several processes open the same new file."""

from __future__ import annotations

import time


def enable_wal(conn, timeout: float = 30.0) -> None:
    """`PRAGMA journal_mode=WAL`, retried while another process holds the lock.

    Changing the journal mode of a fresh file needs an exclusive lock, and SQLite answers
    "database is locked" at once, without calling the busy handler, when processes open it together.
    """
    import sqlite3

    deadline = time.monotonic() + timeout
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
