"""One tuning cycle at a time per REC_HOME (ranker and planner alike): cron may start one while another
runs, and two cycles would race for the registry and the CPU."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rec.errors import BusyError


@contextmanager
def cycle_lock(home: Path) -> Iterator[None]:
    """Held for the whole cycle; a second cycle is refused at once (BusyError), never queued."""
    from filelock import FileLock, Timeout

    home.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(home / "tune.lock"), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise BusyError("another `rec tune` cycle is in progress (REC_HOME/tune.lock); not starting a second") from None
    try:
        yield
    finally:
        lock.release()
