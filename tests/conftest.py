"""Shared fixtures: an isolated REC_HOME per test, and tiny models built once per session."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from scripted_server import scripted  # noqa: F401  (fixture)
from tiny_models import build_tiny_llama

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def rec_home(tmp_path, monkeypatch) -> Path:
    """Every test gets its own REC_HOME and no stray REC_* settings from the caller's shell."""
    import os

    for key in list(os.environ):
        if key.startswith("REC_"):
            monkeypatch.delenv(key)
    home = tmp_path / "rec_home"
    monkeypatch.setenv("REC_HOME", str(home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    return home


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> Path:
    return build_tiny_llama(tmp_path_factory.mktemp("tiny") / "tiny-llama")


@pytest.fixture
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
