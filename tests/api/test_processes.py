"""Several API processes (issue 16): the app factory uvicorn imports, `rec serve --workers N` refused over
embedded Chroma, and two real workers over a `chroma run` server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import httpx
import pytest
from catalog_data import write_jsonl
from chroma_server import chroma_run
from conftest import FILMS
from serving import wait_until_serving

from rec.api.server import CONFIG_ENV, app_factory, build_app
from rec.config import load_config, parse_overrides
from rec.errors import StoreError

FAKE = ["retrieval.embedder=hashing-64", "llm.backend=fake", "ranker.explain=false"]


def _chat(client, url: str = "", key: str = "k1") -> httpx.Response:
    return client.post(f"{url}/v1/chat/completions", headers={"Authorization": f"Bearer {key}"},
                       json={"model": "rec", "messages": [{"role": "user", "content": "a comedy"}], "k": 3})


def test_more_than_one_process_over_embedded_chroma_is_refused_in_one_line(film_cfg):
    res = subprocess.run([sys.executable, "-m", "rec.cli", "--home", str(film_cfg.home), "--set", "llm.backend=fake",
                          "serve", "--workers", "2", "--port", "1"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 2 and res.stderr.count("\n") == 1, res.stderr
    assert "retrieval.url" in res.stderr and "not safe" in res.stderr and not res.stdout


def test_the_factory_builds_a_working_app_from_the_environment(film_cfg, monkeypatch):
    from fastapi.testclient import TestClient

    from rec.api.app import create_app

    monkeypatch.setenv("REC_API_KEYS", "k1")
    monkeypatch.setenv("REC_HOME", str(film_cfg.home))
    for pair in FAKE:
        key, value = pair.split("=")
        monkeypatch.setenv("REC_" + key.upper().replace(".", "__"), value)
    with TestClient(app_factory()) as client:
        assert client.get("/health").json()["status"] == "ok"
        assert len(_chat(client).json()["recommendations"]) == 3
        assert _chat(client, key="wrong").status_code == 401
    cfg = load_config(overrides=parse_overrides([*FAKE, f"home={film_cfg.home}", "ranker.explain=true"]))
    monkeypatch.setenv(CONFIG_ENV, cfg.model_dump_json())   # what `rec serve --workers N` hands its workers
    with TestClient(create_app()) as client:                  # `uvicorn rec.api.app:create_app --factory`
        assert len(_chat(client).json()["recommendations"]) == 3


def test_a_second_api_process_on_an_embedded_store_cannot_start(film_cfg, monkeypatch):
    from filelock import FileLock

    cfg = load_config(overrides=parse_overrides([*FAKE, f"home={film_cfg.home}"]))
    held = pytest.raises(StoreError, match=r"another API process serves store 'default'.*retrieval\.url")
    with FileLock(str(cfg.store_dir / "api.lock")), held:    # what a serving process holds
        build_app(cfg)
    monkeypatch.setenv(CONFIG_ENV, "not json")
    with pytest.raises(SystemExit) as e:   # a uvicorn worker: one logged line and uvicorn's start-up failure
        app_factory()
    assert e.value.code == 3


@pytest.mark.slow
def test_two_workers_over_a_chroma_server(tmp_path, free_port):
    from rec.retrieval.embeddings import HashingEmbedder
    from rec.retrieval.ingest import ingest

    rows = [{"id": i, "title": t, "text": f"{t} ({y}). Genres: {', '.join(g)}.",
             "attributes": {"year": y, "genres": g}} for i, t, y, g in FILMS]
    with chroma_run(tmp_path / "chroma") as chroma:
        sets = [*FAKE, f"retrieval.url={chroma}", f"home={tmp_path / 'home'}"]
        ingest(load_config(overrides=parse_overrides(sets)), HashingEmbedder(),
               write_jsonl(tmp_path / "c.jsonl", rows))
        args = [sys.executable, "-m", "rec.cli", *[a for s in sets for a in ("--set", s)]]
        log = tmp_path / "serve.log"
        proc = subprocess.Popen([*args, "serve", "--workers", "2", "--port", str(free_port)],
                                env={**os.environ, "REC_API_KEYS": "k1"}, stdout=log.open("w"),
                                stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{free_port}"
        try:
            wait_until_serving(url, proc, log, timeout_s=180)
            with httpx.Client(timeout=60) as client:
                answers = [_chat(client, url) for _ in range(6)]
            assert all(len(a.json()["recommendations"]) == 3 for a in answers)
            assert "2 processes" in log.read_text()
        finally:
            proc.send_signal(signal.SIGINT)
            code = proc.wait(timeout=60)
        text = log.read_text()
        started = {line.split("[")[1].split("]")[0] for line in text.splitlines() if "Started server process" in line}
        assert code == 0 and len(started) == 2, text
        assert json.dumps(CONFIG_ENV) not in text
