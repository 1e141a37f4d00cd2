"""Shared fixtures: an isolated REC_HOME per test, and tiny models built once per session."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from catalog_data import write_jsonl
from scripted_server import scripted  # noqa: F401  (fixture)
from tiny_models import build_tiny_llama

from rec.config import load_config, parse_overrides

ROOT = Path(__file__).resolve().parents[1]
# Tests train the sequential model for 2 epochs (the default is minutes on a real log); a test that
# measures what it learns asks for more explicitly. Tests script the planner model's replies, so the
# planner asks its model (off by default); tests of the words-only planner turn it off themselves.
TEST_ENV = {"REC_RETRIEVAL__SEQUENTIAL_EPOCHS": "2", "REC_PLANNER__USE_MODEL": "true"}
os.environ.update(TEST_ENV)


@pytest.fixture(autouse=True)
def rec_home(tmp_path, monkeypatch) -> Path:
    """Every test gets its own REC_HOME and no stray REC_* settings from the caller's shell."""
    for key in list(os.environ):
        if key.startswith("REC_") and key not in TEST_ENV:
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


# A small film catalog in a real store (embedded Chroma, hashing embedder), shared by agent and chat tests.
FILMS = [
    ("1", "Star Wars", 1977, ["Action", "Sci-Fi"]), ("2", "The Empire Strikes Back", 1980, ["Action", "Sci-Fi"]),
    ("3", "Return of the Jedi", 1983, ["Action", "Sci-Fi"]), ("4", "Alien", 1979, ["Horror", "Sci-Fi"]),
    ("5", "Aliens", 1986, ["Action", "Sci-Fi"]), ("6", "Groundhog Day", 1993, ["Comedy"]),
    ("7", "Clerks", 1994, ["Comedy"]), ("8", "Toy Story", 1995, ["Animation", "Comedy"]),
    ("9", "Blade Runner", 1982, ["Sci-Fi"]), ("10", "Annie Hall", 1977, ["Comedy", "Romance"]),
]


@pytest.fixture(scope="module")
def film_cfg(tmp_path_factory):
    from rec.retrieval.embeddings import HashingEmbedder
    from rec.retrieval.ingest import ingest

    home = tmp_path_factory.mktemp("agent_home")
    path = tmp_path_factory.mktemp("agent_data")
    rows = [{"id": i, "title": t, "text": f"{t} ({y}). Genres: {', '.join(g)}.",
             "attributes": {"year": y, "genres": g}} for i, t, y, g in FILMS]
    inter = [{"user_id": f"u{u}", "item_id": i, "event": "like", "ts": n}
             for u, items in enumerate([["1", "2", "3"], ["1", "2", "5"], ["1", "3", "9"], ["6", "7", "8"]])
             for n, i in enumerate(items)]
    cfg = load_config(overrides=parse_overrides(["retrieval.embedder=hashing-64", f"home={home}",
                                                 "retrieval.sequential_epochs=3"]))
    ingest(cfg, HashingEmbedder(), write_jsonl(path / "c.jsonl", rows),
           interactions=write_jsonl(path / "i.jsonl", inter))
    return cfg


@pytest.fixture(scope="module")
def retriever(film_cfg):
    from rec.retrieval.embeddings import HashingEmbedder
    from rec.retrieval.search import Retriever

    return Retriever(film_cfg, HashingEmbedder())
