"""Small terminal helpers shared by the CLI entry points (progress bars)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console


@contextmanager
def byte_progress(console: Console, label: str) -> Iterator[Callable[..., Callable[[int], None]]]:
    """A progress bar over bytes. Yields `factory(total, label=None) -> advance(n)`, so the bar
    appears only once the work knows its size (and not at all if nothing is done); a total of None
    is a step without a count (a pulsing bar under its own label), which ends the bars before it."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

    progress = Progress("{task.description}", BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                        console=console, transient=True)

    def factory(total: int | None, step: str | None = None) -> Callable[[int], None]:
        if total is None:
            for earlier in progress.tasks:
                progress.update(earlier.id, visible=False)
        task = progress.add_task(step or label, total=total)
        return lambda n: progress.advance(task, n)

    with progress:
        yield factory


@contextmanager
def task_progress(console: Console) -> Iterator[Callable[[str, int], Callable[[int], None]]]:
    """Progress bars for counted work (items, texts). Yields `factory(label, total) -> advance(n)`;
    each bar shows the count, the rate per second and the time left."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TimeRemainingColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed:,.1f}/s" if task.speed else "-/s")

    if not console.is_terminal:    # a log (CI, `cmd > file`): lines instead of a bar nobody would see
        yield _progress_lines(console)
        return
    progress = Progress("{task.description}", BarColumn(), MofNCompleteColumn(), RateColumn(),
                        TimeRemainingColumn(), console=console, transient=True)

    def factory(label: str, total: int) -> Callable[[int], None]:
        task = progress.add_task(label, total=total)
        return lambda n: progress.advance(task, n)

    with progress:
        yield factory


def _progress_lines(console: Console, every_s: float = 30.0) -> Callable[[str, int], Callable[[int], None]]:
    """`task_progress` for a console that is not a terminal: one line when a task starts, one at most every
    `every_s` seconds while it runs (count, rate), one when it ends (count, seconds)."""
    import threading
    import time

    def factory(label: str, total: int) -> Callable[[int], None]:
        start = last = time.monotonic()
        done, lock = 0, threading.Lock()    # advanced from worker threads (rows that rank users at once)
        console.print(f"{label}: 0/{total}", markup=False, highlight=False)

        def advance(n: int) -> None:
            nonlocal done, last
            with lock:
                done += n
                now = time.monotonic()
                if not (done >= total or now - last >= every_s):
                    return
                last = now
                rate = done / max(now - start, 1e-9)
                pace = f"{rate:.1f}/s" if rate >= 1 else f"{1 / rate:.1f} s each" if rate > 0 else "starting"
                line = f"{label}: {done}/{total}, " + (f"done in {now - start:.1f} s" if done >= total else pace)
            console.print(line, markup=False, highlight=False)

        return advance

    return factory
