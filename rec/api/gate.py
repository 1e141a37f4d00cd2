"""Admission control for recommendation turns: at most `workers` run at once, at most `max_queue` wait;
beyond that a request is refused at once (BusyError -> 429 with Retry-After) instead of piling up
until clients time out. The model server batches the turns that run together."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from rec.errors import BusyError


class Gate:
    def __init__(self, workers: int, max_queue: int):
        self.workers, self.max_queue = workers, max_queue
        self.running = 0
        self.waiting = 0
        self._sem: asyncio.Semaphore | None = None
        self._turn_s = 1.0   # moving average of a turn's seconds, for Retry-After

    def admit(self) -> None:
        """Refuse now if the queue is full (call before starting a response, so a stream can still 429)."""
        if self.running >= self.workers and self.waiting >= self.max_queue:
            waves = (self.waiting + 1) / self.workers
            raise BusyError(f"the server is busy ({self.running} turns running, {self.waiting} waiting); "
                            "retry later", retry_after_s=waves * self._turn_s)

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Wait for a worker (the caller was admitted) and hold it for one turn."""
        if self._sem is None:
            self._sem = asyncio.Semaphore(self.workers)
        self.waiting += 1
        try:
            await self._sem.acquire()
        finally:
            self.waiting -= 1
        self.running += 1
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        try:
            yield
        finally:
            self.running -= 1
            self._sem.release()
            self._turn_s = 0.8 * self._turn_s + 0.2 * (loop.time() - t0)
