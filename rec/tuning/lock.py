"""One tuning cycle at a time per REC_HOME (ranker and planner alike): cron may start one while another
runs, and two cycles would race for the registry and the CPU."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path

from rec.errors import BusyError


def cycle_lock(home: Path) -> AbstractContextManager[None]:
    """Held for the whole cycle; a second cycle is refused at once (BusyError), never queued."""
    from rec.locks import held_alone

    return held_alone(home / "tune.lock", lambda: BusyError(
        "another `rec tune` cycle is in progress (REC_HOME/tune.lock); not starting a second"))
