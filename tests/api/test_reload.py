"""`rec serve` keeps serving while its store is re-ingested by another process (`rec ingest`, also
`--sync`), and sees what the ingest changed: new items, new fields, deleted items gone; never a 5xx."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest
from catalog_data import write_jsonl
from serving import wait_until_serving

FILMS = [("1", "Star Wars", 1977), ("2", "Alien", 1979), ("3", "Groundhog Day", 1993), ("4", "Clerks", 1994),
         ("5", "Toy Story", 1995), ("6", "Blade Runner", 1982)]
NEW = [("n1", "Parasite", 2019, "Barunson"), ("n2", "Arrival", 2016, "Lava Bear"), ("n3", "Moonlight", 2016, "A24")]


def _rows(films, new=()):
    rows = [{"id": i, "title": t, "text": f"{t}, a film from {y}.", "attributes": {"year": y}} for i, t, y in films]
    return rows + [{"id": i, "title": t, "text": f"{t}, a film from {y}.", "attributes": {"year": y, "studio": s}}
                   for i, t, y, s in new]


def _ask(url: str, filters=(), k: int = 10) -> httpx.Response:
    return httpx.post(f"{url}/v1/chat/completions", timeout=60,
                      json={"model": "rec", "messages": [{"role": "user", "content": "a good film"}], "k": k,
                            "filters": list(filters)})


def _ids(resp: httpx.Response) -> set[str]:
    assert resp.status_code == 200, resp.text
    return {r["item_id"] for r in resp.json()["recommendations"]}


@pytest.fixture
def shop(tmp_path, free_port):
    home = tmp_path / "home"
    args = [sys.executable, "-m", "rec.cli", "--home", str(home), "--store", "shop",
            "--set", "retrieval.embedder=hashing-64", "--set", "llm.backend=fake", "--set", "ranker.explain=false"]

    def ingest(rows, *flags: str) -> None:
        path = write_jsonl(tmp_path / f"catalog{time.monotonic_ns()}.jsonl", rows)
        done = subprocess.run([*args, "ingest", str(path), *flags], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr

    ingest(_rows(FILMS))
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([*args, "serve", "--port", str(free_port)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{free_port}"
    wait_until_serving(url, proc, tmp_path / "serve.log", ok=(200, 503))
    yield url, ingest, tmp_path / "serve.log"
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)


def test_a_reingested_store_is_served_without_restart(shop):
    url, ingest, log = shop
    assert _ids(_ask(url)) == {i for i, _t, _y in FILMS}
    statuses: list[int] = []
    stop = threading.Event()

    def load() -> None:   # requests all through both ingests: none may fail with a 5xx
        while not stop.is_set():
            try:
                statuses.append(_ask(url, k=3).status_code)
            except httpx.TransportError:
                statuses.append(-1)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    try:
        ingest(_rows(FILMS, NEW))
        assert _ids(_ask(url, [{"field": "year", "op": "gte", "value": 2010}])) == {"n1", "n2", "n3"}
        # a field only the new items have is known to the server now (not a 400 "unknown field")
        assert _ids(_ask(url, [{"field": "studio", "op": "eq", "value": "A24"}])) == {"n3"}
        ingest(_rows(FILMS[:2], NEW), "--sync")
        assert _ids(_ask(url)) == {"1", "2", "n1", "n2", "n3"}
        assert _ids(_ask(url, [{"field": "year", "op": "lt", "value": 2000}])) == {"1", "2"}
    finally:
        stop.set()
        worker.join(timeout=120)
    assert statuses and all(0 < s < 500 for s in statuses), (sorted(set(statuses)), log.read_text()[-3000:])
