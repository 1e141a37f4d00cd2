"""Waiting for a `rec serve` subprocess to answer (shared by the tests that start one)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Container
from pathlib import Path

import httpx


def wait_until_serving(url: str, proc: subprocess.Popen, log: Path, ok: Container[int] = (200,),
                       timeout_s: float = 120) -> None:
    """Poll `/health` until it answers with a status in `ok`; the server's log if it died or never did."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code in ok:
                return
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(log.read_text())
        time.sleep(0.2)


def kill_midway(cmd: list[str], out: Path, total: int, lines: int = 20) -> tuple[int, list]:
    """Run a batch command, SIGKILL it once `out` holds `lines` results, append a torn last line (as a crash
    mid-write leaves it). Returns how many whole lines it wrote and the processes it had started."""
    import os
    import signal

    import psutil

    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while not out.exists() or out.read_bytes().count(b"\n") < lines:
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "no results within 5 minutes"
        time.sleep(0.05)
    children = psutil.Process(proc.pid).children(recursive=True)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = out.read_bytes().count(b"\n")
    assert lines <= partial < total, "the run finished before the kill: nothing was tested"
    with out.open("ab") as f:
        f.write(b'{"id": "r999", "respo')
    return partial, children
