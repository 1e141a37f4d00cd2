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
