"""Admission control for recommendation turns: at most `workers` run at once and at most `max_queue`
wait; beyond that a request is refused at once (BusyError -> 429 with Retry-After) instead of piling
up until clients time out. The model server batches the turns that run together.

A request takes its place in the queue when it is admitted (`admit()`, before any await), so a burst
of streams cannot overfill it; the place is given back when the turn starts waiting for a worker is
over, or by `release()` if the turn never ran (a stream whose client left before it started)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from rec.errors import BusyError


@dataclass
class Admission:
    """A place in the queue, held from `admit()` until the turn gets a worker (or is released)."""

    queued: bool = True


class Gate:
    def __init__(self, workers: int, max_queue: int):
        self.workers, self.max_queue = workers, max_queue
        self.running = 0
        self.waiting = 0          # admitted, not yet running
        self._sem: asyncio.Semaphore | None = None
        self._turn_s = 1.0        # moving average of a turn's seconds, for Retry-After

    def admit(self) -> Admission:
        """Take a place now, or refuse (call before starting a response, so a stream can still 429)."""
        if self.running + self.waiting >= self.workers + self.max_queue:
            waves = (self.waiting + 1) / self.workers
            raise BusyError(f"the server is busy ({self.running} turns running, {self.waiting} waiting); "
                            "retry later", retry_after_s=waves * self._turn_s)
        self.waiting += 1
        return Admission()

    def release(self, admission: Admission) -> None:
        """Give the place back if the turn never ran (idempotent)."""
        if admission.queued:
            admission.queued = False
            self.waiting -= 1

    @contextlib.asynccontextmanager
    async def slot(self, admission: Admission) -> AsyncIterator[None]:
        """Wait for a worker and hold it for one turn."""
        if self._sem is None:
            self._sem = asyncio.Semaphore(self.workers)
        try:
            await self._sem.acquire()
        finally:
            self.release(admission)
        self.running += 1
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        try:
            yield
        finally:
            self.running -= 1
            self._sem.release()
            self._turn_s = 0.8 * self._turn_s + 0.2 * (loop.time() - t0)
