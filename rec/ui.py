"""Small terminal helpers shared by the CLI entry points (progress bars)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console


@contextmanager
def byte_progress(console: Console, label: str) -> Iterator[Callable[[int], Callable[[int], None]]]:
    """A progress bar over bytes. Yields `factory(total) -> advance(n)`, so the bar
    appears only once the work knows its size (and not at all if nothing is done)."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

    progress = Progress("{task.description}", BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                        console=console, transient=True)

    def factory(total: int) -> Callable[[int], None]:
        task = progress.add_task(label, total=total)
        return lambda n: progress.advance(task, n)

    with progress:
        yield factory
