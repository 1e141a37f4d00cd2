"""Several hosts on shared services (issue 16 item 2): a `chroma run` server and PostgreSQL (pgserver) hold
everything, so two homes (two hosts) serve one store: the artifacts are published and pulled, threads live
in PostgreSQL, connections come from a pool that outlives a server restart."""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from catalog_data import write_jsonl
from chroma_server import chroma_run
from conftest import FILMS
from serving import wait_until_serving

from rec.config import load_config, parse_overrides
from rec.feedback.store import open_feedback_store
from rec.retrieval.embeddings import HashingEmbedder
from rec.schema import FeedbackEvent, Plan, RecItem, RecRequest, RecResponse

FAKE = ["retrieval.embedder=hashing-64", "llm.backend=fake", "ranker.explain=false",
        "retrieval.sequential_epochs=2", "retrieval.shared_check_s=0"]
ROWS = [{"id": i, "title": t, "text": f"{t} ({y}). Genres: {', '.join(g)}.", "attributes": {"year": y, "genres": g}}
        for i, t, y, g in FILMS]
INTERACTIONS = [{"user_id": f"u{u}", "item_id": i, "event": "like", "ts": n}
                for u, items in enumerate([["1", "2", "3"], ["1", "2", "5"], ["1", "3", "9"], ["6", "7", "8"]])
                for n, i in enumerate(items)]
_DB = itertools.count()
KEY = {"Authorization": "Bearer k1"}


@pytest.fixture(scope="module")
def pg(tmp_path_factory):
    """A PostgreSQL server of this module's own (one test restarts it)."""
    pgserver = pytest.importorskip("pgserver")
    server = pgserver.get_server(tmp_path_factory.mktemp("pg"), cleanup_mode="stop")
    yield server
    server.cleanup()   # stops the postmaster it started; after a restart that one is gone, so stop the new one
    with contextlib.suppress(Exception):
        from pgserver._commands import pg_ctl

        pg_ctl(["-w", "stop", "-m", "fast"], pgdata=server.pgdata, user=server.system_user, timeout=60)


@pytest.fixture
def db(pg):
    name = f"shared{next(_DB)}"
    pg.psql(f"CREATE DATABASE {name};")
    return pg.get_uri(name)


@pytest.fixture(scope="module")
def chroma(tmp_path_factory):
    with chroma_run(tmp_path_factory.mktemp("chroma")) as url:
        yield url


def host(home: Path, chroma: str, db: str, store: str, *more: str):
    return load_config(overrides=parse_overrides([*FAKE, f"home={home}", f"retrieval.url={chroma}",
                                                  f"feedback.url={db}", f"store={store}", *more]))


def restart(pg) -> None:
    from pgserver._commands import pg_ctl

    pg_ctl(["-w", "restart", "-m", "fast"], pgdata=pg.pgdata, user=pg.system_user, timeout=60)


def test_artifacts_ingested_on_one_host_are_read_and_reloaded_by_another(tmp_path, chroma, db):
    from rec.retrieval.ingest import ingest
    from rec.retrieval.search import Retriever
    from rec.retrieval.store import require_items, stores_holding_items

    a, b = host(tmp_path / "a", chroma, db, "films1"), host(tmp_path / "b", chroma, db, "films1")
    ingest(a, HashingEmbedder(), write_jsonl(tmp_path / "c.jsonl", ROWS),
           interactions=write_jsonl(tmp_path / "i.jsonl", INTERACTIONS))
    assert require_items(b) == 10 and not (b.store_dir / "store.json").exists()
    assert stores_holding_items(b) == ["films1"]
    other = Retriever(b, HashingEmbedder())      # host b: its own empty home
    try:
        assert other.lexical.search("groundhog", 3)[0][0] == "6"
        assert other.collab.history("u3") == ["6", "7", "8"] and other.behaviour.seq is not None
        assert other.behaviour.ease is not None and other.fields["year"] == "number"
        assert sorted(p.name for p in b.store_dir.iterdir() if not p.name.startswith(".")) == sorted(
            p.name for p in a.store_dir.iterdir() if not p.name.startswith(".") and p.name not in ("write.lock",))
        assert not other.changed()
        zardoz = {"id": "11", "title": "Zardoz", "text": "Zardoz (1974)."}
        ingest(a, HashingEmbedder(), write_jsonl(tmp_path / "c2.jsonl", [*ROWS, zardoz]))
        assert other.changed()                   # no restart: the next request reopens the store
        other.reopen()
        assert other.lexical.search("zardoz", 3)[0][0] == "11" and other._items == 11
    finally:
        other.store.close()


def test_a_pull_mirrors_what_was_published_files_and_folders(tmp_path, db):
    from rec.retrieval.artifacts import PostgresArtifacts

    one, two = (PostgresArtifacts(db, "s", tmp_path / h, check_s=0) for h in ("one", "two"))
    try:
        (tmp_path / "one" / "lexical").mkdir(parents=True)
        for name, text in (("lexical/a", "1"), ("lexical/b", "2"), ("blend.json", "{}"), ("store.json", "{}")):
            (tmp_path / "one" / name).write_text(text)
        (tmp_path / "two").mkdir()
        (tmp_path / "two" / "sequential.pt").write_text("left by an earlier ingest")
        assert one.version() is None
        one.publish(["lexical", "blend.json", "store.json"])
        two.pull()
        assert sorted(p.relative_to(tmp_path / "two").as_posix() for p in (tmp_path / "two").rglob("*")
                      if p.is_file() and not p.name.startswith(".")) == ["blend.json", "lexical/a", "lexical/b",
                                                                          "store.json"]
        (tmp_path / "one" / "lexical" / "b").unlink()
        (tmp_path / "one" / "lexical" / "a").write_text("3")
        (tmp_path / "one" / "blend.json").unlink()
        one.publish(["lexical", "blend.json"])     # a folder with a file fewer, a file gone
        assert one.version() == 2 and one.read("lexical/a") == b"3" and one.read("blend.json") is None
        two.pull()
        assert (tmp_path / "two" / "lexical" / "a").read_text() == "3"
        assert not (tmp_path / "two" / "lexical" / "b").exists() and not (tmp_path / "two" / "blend.json").exists()
        assert one.stores() == {"s": 0}
    finally:
        one.close()
        two.close()


def test_a_second_host_writing_the_same_store_is_turned_away(tmp_path, chroma, db):
    from rec.errors import StoreError
    from rec.retrieval.store import ItemStore

    first, second = ItemStore(host(tmp_path / "a", chroma, db, "films2")), ItemStore(host(tmp_path / "b", chroma, db,
                                                                                            "films2"))
    try:
        refused = pytest.raises(StoreError, match="being written by another host")
        with first.artifacts.writing(), refused, second.artifacts.writing():
            pass
        with second.artifacts.writing():         # free again once the first is done
            pass
    finally:
        first.close()
        second.close()


def _response(rid: str) -> RecResponse:
    return RecResponse(id=rid, plan=Plan(query="x"), items=[RecItem(item_id="a", title="A", score=1.0)])


def test_pooled_connections_survive_a_postgres_restart(tmp_path, chroma, pg, db):
    from rec.recommender import open_threads
    from rec.retrieval.store import ItemStore

    cfg = host(tmp_path / "a", chroma, db, "films3")
    feedback = open_feedback_store(db, tmp_path / "unused.sqlite")
    store = ItemStore(cfg)
    saver, close, shared = open_threads(cfg)
    try:
        feedback.record_response(_response("r1"), RecRequest(query="x"), thread=None, latency_s=0.1, model="m")
        store.write_manifest({"items": 1})
        assert shared and store.signature() == 1 and list(saver.list({"configurable": {"thread_id": "t"}})) == []
        restart(pg)
        # the next request after the restart succeeds: the pool replaces the connections the server dropped
        assert feedback.record_event(FeedbackEvent(response_id="r1", item_id="a", event="like")) > 0
        store.write_manifest({"items": 2})
        assert store.signature() == 2 and store.read_manifest() == {"items": 2}
        assert list(saver.list({"configurable": {"thread_id": "t"}})) == []
    finally:
        close()
        store.close()
        feedback.close()


def test_waiting_for_a_start_up_lock_does_not_stall_a_concurrent_index_build(db):
    """The two-host start-up hang: host b waited for host a's migration lock inside one statement, which holds
    a snapshot, while a's migration ran CREATE INDEX CONCURRENTLY, which waits for every older snapshot."""
    import threading

    import psycopg

    from rec.postgres import advisory_lock, open_pool

    first, second = (open_pool(db, "test database", autocommit=True, dict_rows=True),   # as the threads' pool
                     open_pool(db, "test database"))
    got: list[str] = []

    def take() -> None:
        with advisory_lock(second, 99, "host b"):
            got.append("b")

    try:
        with psycopg.connect(db, autocommit=True) as build, advisory_lock(first, 99, "host a"):
            build.execute("CREATE TABLE t (x int)")
            waiter = threading.Thread(target=take)
            waiter.start()
            time.sleep(0.5)                          # host b is waiting for the lock now
            build.execute("SET statement_timeout = '20s'")   # a blocking wait would end here, as an error
            build.execute("CREATE INDEX CONCURRENTLY t_x ON t (x)")
            assert not got
        waiter.join(timeout=30)
        assert got == ["b"]                          # ... and host b gets the lock once a lets go
    finally:
        first.close()
        second.close()


def test_a_start_up_lock_held_too_long_is_a_one_line_error(db):
    from rec.errors import StoreError
    from rec.postgres import advisory_lock, open_pool

    first, second = (open_pool(db, "test database") for _ in range(2))
    try:
        with advisory_lock(first, 98, "host a"), pytest.raises(StoreError, match="advisory lock 98 for over"), \
                advisory_lock(second, 98, "host b", timeout_s=0.3):
            pass
        with advisory_lock(second, 98, "host b", timeout_s=0.3):   # free once a let go; autocommit restored
            pass
        with second.connection() as conn:
            assert conn.autocommit is False
    finally:
        first.close()
        second.close()


def _chat(url: str, text: str, thread: str) -> dict:
    body = {"model": "rec", "messages": [{"role": "user", "content": text}], "k": 3, "thread_id": thread}
    res = httpx.post(f"{url}/v1/chat/completions", timeout=120, headers=KEY, json=body)
    assert res.status_code == 200, res.text
    return res.json()


def _feedback(url: str, response: dict, key: str, event: str = "click") -> httpx.Response:
    return httpx.post(f"{url}/v1/feedback", headers={**KEY, "Idempotency-Key": key}, timeout=60,
                      json={"response_id": response["id"], "item_id": response["recommendations"][0]["item_id"],
                            "event": event})


def _free_ports(n: int) -> list[int]:
    socks = [socket.socket() for _ in range(n)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _serve(args: list[str], port: int, log: Path) -> subprocess.Popen:
    return subprocess.Popen([*args, "serve", "--port", str(port)], stdout=log.open("w"), stderr=subprocess.STDOUT,
                            env={**os.environ, "REC_API_KEYS": "k1"})


def _thread_state(cfg, thread: str) -> dict:
    from rec.recommender import open_threads

    saver, close, _ = open_threads(cfg)
    try:
        return saver.get_tuple({"configurable": {"thread_id": f"{cfg.store}/{thread}"}}).checkpoint["channel_values"]
    finally:
        close()


def _wait_for(url: str, query: str, title: str, timeout_s: float = 180) -> dict:
    deadline = time.monotonic() + timeout_s
    while True:
        got = _chat(url, query, f"poll{time.monotonic_ns()}")
        if any(r["title"] == title for r in got["recommendations"]) or time.monotonic() > deadline:
            return got
        time.sleep(0.5)


@pytest.mark.slow
def test_two_hosts_serve_one_store_on_shared_services(tmp_path, chroma, db):
    """The "done when" of issue 16: two `rec serve` with their own REC_HOME over one Chroma and one PostgreSQL."""
    from rec.retrieval.ingest import ingest

    homes = [tmp_path / "host-a", tmp_path / "host-b"]
    sets = [[*FAKE, f"home={h}", f"retrieval.url={chroma}", f"feedback.url={db}", "store=films"] for h in homes]
    cfg_a = load_config(overrides=parse_overrides(sets[0]))
    ingest(cfg_a, HashingEmbedder(), write_jsonl(tmp_path / "c.jsonl", ROWS),       # through host a
           interactions=write_jsonl(tmp_path / "i.jsonl", INTERACTIONS))
    ports = _free_ports(2)
    urls = [f"http://127.0.0.1:{p}" for p in ports]
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    procs: list[subprocess.Popen] = []
    try:
        # Both at the same moment, on a database neither has set up threads in: they race for the migrations
        # (the start-up deadlock of NOTES-s9-hang.md happened here).
        procs += [_serve([sys.executable, "-m", "rec.cli", *[a for s in sets[n] for a in ("--set", s)]], ports[n],
                         logs[n]) for n in range(2)]
        for url, proc, log in zip(urls, procs, logs, strict=True):
            wait_until_serving(url, proc, log, timeout_s=300)
        first = [_chat(url, "a comedy", f"probe{n}") for n, url in enumerate(urls)]
        assert [r["title"] for r in first[0]["recommendations"]] == [r["title"] for r in first[1]["recommendations"]]
        assert {r["item_id"] for r in first[0]["recommendations"]} <= {"6", "7", "8", "10"}
        assert not (homes[1] / "stores" / "films" / "threads.sqlite").exists()

        started = _chat(urls[0], "a comedy", "t1")                  # a thread started on host a ...
        continued = _chat(urls[1], "something from the 90s", "t1")   # ... continues on host b
        assert continued["thread_id"] == "t1" and continued["recommendations"]
        assert [m["content"] for m in _thread_state(cfg_a, "t1")["messages"] if m["role"] == "user"] == [
            "a comedy", "something from the 90s"]

        posted = [_feedback(urls[0], started, "key-a"), _feedback(urls[1], continued, "key-b", "like"),
                  _feedback(urls[1], started, "key-a")]              # a retry of a's post, sent to b
        assert [p.status_code for p in posted] == [200, 200, 200] and posted[0].json()["id"] == posted[2].json()["id"]
        liked = continued["recommendations"][0]["item_id"]
        assert _thread_state(cfg_a, "t1")["liked_ids"] == [liked]   # a like on b steers the shared thread
        store = open_feedback_store(db, tmp_path / "unused.sqlite")
        try:
            assert store.stats()["events"] == {"click": {"feedback": 1}, "like": {"feedback": 1}}
            assert store.response(started["id"]) is not None and store.response(continued["id"]) is not None
        finally:
            store.close()

        zardoz = {"id": "11", "title": "Zardoz", "text": "Zardoz (1974)."}
        ingest(cfg_a, HashingEmbedder(), write_jsonl(tmp_path / "c2.jsonl", [*ROWS, zardoz]))   # an update on a ...
        seen = _wait_for(urls[1], "zardoz", "Zardoz")                                   # ... seen by b, no restart
        assert seen["recommendations"][0]["title"] == "Zardoz", seen
        assert all(proc.poll() is None for proc in procs)
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGINT)
        codes = [proc.wait(timeout=60) for proc in procs]
    assert codes == [0, 0], [log.read_text()[-2000:] for log in logs]
