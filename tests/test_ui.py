"""Progress for long work: a bar on a terminal, lines in a log."""

import io
from concurrent.futures import ThreadPoolExecutor

from rich.console import Console

from rec.ui import task_progress


def test_progress_in_a_log_is_lines_from_start_to_end():
    """Not a terminal (CI, `cmd > file`): a line when a task starts and one when it ends, even when
    worker threads advance it, so a long evaluation shows where it is."""
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=False, width=200)
    with task_progress(console) as progress:
        advance = progress("ranking users", 40)
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda _: advance(1), range(40)))
        progress("second row", 0)
    lines = buf.getvalue().splitlines()
    assert lines[0] == "ranking users: 0/40"
    assert lines[1].startswith("ranking users: 40/40, done in ") and lines[1].endswith(" s")
    assert lines[2] == "second row: 0/0" and len(lines) == 3


def test_slow_work_in_a_log_says_how_long_each_step_takes(monkeypatch):
    """0.02 steps a second reads "0.0/s"; a slow task says the seconds a step takes instead."""
    import time

    clock = iter([0.0, 100.0, 200.0])
    monkeypatch.setattr(time, "monotonic", lambda: next(clock))
    buf = io.StringIO()
    with task_progress(Console(file=buf, force_terminal=False, width=200)) as progress:
        advance = progress("training", 80)
        advance(2)
    assert buf.getvalue().splitlines() == ["training: 0/80", "training: 2/80, 50.0 s each"]
