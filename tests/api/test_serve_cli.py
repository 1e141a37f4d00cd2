"""`rec serve` as a real process (the CLI, uvicorn on 127.0.0.1) over a real store with the fake model:
the openai client (stream and non-stream), LangChain's ChatOpenAI, raw httpx for errors, and the
feedback it stored, read back by another process (`rec feedback stats`)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import httpx
import pytest
from serving import wait_until_serving

pytestmark = pytest.mark.slow


@pytest.fixture
def served(film_cfg, free_port, tmp_path):
    args = [sys.executable, "-m", "rec.cli", "--home", str(film_cfg.home), "--set", "retrieval.embedder=hashing-64",
            "--set", "llm.backend=fake", "--set", "ranker.explain=false"]
    env = {**os.environ, "REC_API_KEYS": "key-1,key-2"}
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([*args, "serve", "--port", str(free_port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{free_port}"
    wait_until_serving(url, proc, tmp_path / "serve.log")
    yield url, args, env
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 0, (tmp_path / "serve.log").read_text()


def test_rec_serve_with_openai_langchain_and_httpx(served, film_cfg):
    from langchain_openai import ChatOpenAI
    from openai import NotFoundError, OpenAI

    url, args, env = served
    client = OpenAI(base_url=f"{url}/v1", api_key="key-2", max_retries=0)
    done = client.chat.completions.create(model="rec", messages=[{"role": "user", "content": "a comedy"}],
                                          extra_body={"k": 3, "user_id": "u0"})
    recs = done.model_extra["recommendations"]
    assert len(recs) == 3 and done.choices[0].message.content.startswith("1. ")
    streamed = list(client.chat.completions.create(model="rec", stream=True,
                                                   messages=[{"role": "user", "content": "sci-fi please"}]))
    assert streamed[-1].choices[0].finish_reason == "stop" and streamed[-1].model_extra["recommendations"]
    with pytest.raises(NotFoundError):
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}])

    llm = ChatOpenAI(model="rec", base_url=f"{url}/v1", api_key="key-1", max_retries=0)
    assert llm.invoke("something funny").content.startswith("1. ")

    assert httpx.post(f"{url}/v1/chat/completions", json={"model": "rec"}).status_code == 401
    bad = httpx.post(f"{url}/v1/chat/completions", headers={"Authorization": "Bearer key-1"},
                     json={"model": "rec", "messages": "hello"})
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "messages"

    posted = httpx.post(f"{url}/v1/feedback", headers={"Authorization": "Bearer key-1"},
                        json={"response_id": done.id, "item_id": recs[1]["item_id"], "event": "click"})
    assert posted.status_code == 200
    stats = subprocess.run([*args, "feedback", "stats", "--json"], env=env, capture_output=True, text=True,
                           timeout=120)
    doc = json.loads(stats.stdout)
    assert doc["events"] == {"click": {"feedback": 1}} and doc["responses"] >= 3, stats.stderr
    metrics = httpx.get(f"{url}/metrics").text
    assert 'rec_feedback_events_total{event="click"} 1.0' in metrics
