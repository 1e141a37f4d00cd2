"""A `chroma run` server on 127.0.0.1 for tests (skipped with a reason when the `chroma` CLI is missing)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest


def chroma_exe() -> str | None:
    exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    return exe if Path(exe).is_file() else None


@contextmanager
def chroma_run(path: Path, timeout_s: float = 60) -> Iterator[str]:
    """A `chroma run --path PATH` on a free port; yields its URL and stops it afterwards."""
    exe = chroma_exe()
    if exe is None:
        pytest.skip("the `chroma` CLI is not installed (pip install chromadb puts it next to python)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    try:
        deadline = time.time() + timeout_s
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.time() > deadline or proc.poll() is not None:
                pytest.fail("chroma run did not come up")
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
