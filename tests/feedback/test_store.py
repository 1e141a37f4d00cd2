"""The feedback store on SQLite and on a real PostgreSQL server (pgserver: postgres binaries from PyPI):
responses, validated events, idempotency keys, imports, durability across processes."""

import itertools
import subprocess
import sys
import threading

import pytest

from rec.errors import InputError, NotFoundError
from rec.feedback.store import MIGRATIONS, open_feedback_store
from rec.schema import FeedbackEvent, Interaction, Plan, RecItem, RecRequest, RecResponse


def response(rid="r1", items=("a", "b")):
    return RecResponse(id=rid, plan=Plan(query="x"), items=[RecItem(item_id=i, title=i.upper(), score=1.0)
                                                            for i in items])


_DB = itertools.count()


@pytest.fixture(scope="session")
def postgres(tmp_path_factory):
    """A throwaway PostgreSQL server for the session; each test gets its own database."""
    pgserver = pytest.importorskip("pgserver")
    server = pgserver.get_server(tmp_path_factory.mktemp("pg"), cleanup_mode="stop")
    yield server
    server.cleanup()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = open_feedback_store(None, tmp_path / "feedback.sqlite")
    else:
        server = request.getfixturevalue("postgres")
        name = f"t{next(_DB)}"
        server.psql(f"CREATE DATABASE {name};")
        s = open_feedback_store(server.get_uri(name), tmp_path / "unused.sqlite")
        assert s.where.startswith("postgresql://")
    yield s
    s.close()


def test_events_must_name_a_logged_response_and_a_shown_item(store):
    store.record_response(response(), RecRequest(query="x", user_id="u1"), thread="t", latency_s=0.5, model="m")
    assert store.response("r1").shown == ["a", "b"] and store.response("r1").user_id == "u1"
    assert store.record_event(FeedbackEvent(response_id="r1", item_id="b", event="click")) > 0
    with pytest.raises(NotFoundError, match="unknown response_id 'nope'"):
        store.record_event(FeedbackEvent(response_id="nope", item_id="a", event="like"))
    with pytest.raises(InputError, match="item 'z' was not shown in response 'r1'"):
        store.record_event(FeedbackEvent(response_id="r1", item_id="z", event="like"))
    stats = store.stats()
    assert stats["responses"] == 1 and stats["events"] == {"click": {"feedback": 1}} and stats["users"] == 1


def test_concurrent_events_are_all_stored_exactly_once(store):
    store.record_response(response(), RecRequest(query="x"), thread=None, latency_s=0.1, model="m")
    ids, errors = [], []

    def post(n):
        try:
            ids.append(store.record_event(FeedbackEvent(response_id="r1", item_id="ab"[n % 2], event="view")))
        except Exception as e:
            errors.append(e)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(200)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(set(ids)) == 200 and store.stats()["events"]["view"]["feedback"] == 200


def test_an_idempotency_key_stores_a_retried_event_once(store):
    store.record_response(response(), RecRequest(query="x"), thread=None, latency_s=0.1, model="m")
    like = FeedbackEvent(response_id="r1", item_id="a", event="like")
    first = store.record_event(like, key="k1")
    assert store.record_event(like, key="k1") == first
    assert store.record_event(like, key="k2") != first          # another key is another event
    with pytest.raises(InputError, match="already used for a different event"):
        store.record_event(FeedbackEvent(response_id="r1", item_id="b", event="like"), key="k1")
    assert store.stats()["events"] == {"like": {"feedback": 2}}


def test_migrations_upgrade_an_existing_database_once(store):
    store.record_response(response(), RecRequest(query="x"), thread=None, latency_s=0.1, model="m")
    store._migrate("id INTEGER", "SELECT 1")   # a second start-up: nothing to do, nothing lost
    assert store.stats()["responses"] == 1


def test_imports_refuse_unknown_items_and_survive_reopening(tmp_path):
    path = tmp_path / "f.sqlite"
    store = open_feedback_store(f"sqlite:///{path}", tmp_path / "unused.sqlite")
    rows = [Interaction(user_id="u", item_id=i, event="rating", value=4, ts=n) for n, i in enumerate("abc")]
    ticks: list[int] = []
    assert store.import_interactions(rows, known_items={"a", "b", "c"}, batch=2, progress=ticks.append) == 3
    assert ticks == [2, 1]   # each stored batch advances `rec feedback import`'s bar
    with pytest.raises(InputError, match="unknown item 'q'"):
        store.import_interactions([Interaction(user_id="u", item_id="q", event="like")], known_items={"a"})
    store.close()
    # another process sees every committed row (durable before the call returned)
    code = (f"from rec.feedback.store import open_sqlite; from pathlib import Path; "
            f"print(open_sqlite(Path({str(path)!r})).stats()['events'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "{'rating': {'import': 3}}", out.stderr


def test_a_bad_url_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match=r"feedback\.url must be"):
        open_feedback_store("mysql://x", tmp_path / "f.sqlite")


def _open_in_step(folder, barrier, rounds):
    from pathlib import Path

    from rec.feedback.store import open_sqlite

    try:
        for r in range(rounds):
            barrier.wait(timeout=120)      # every process opens the same new file at the same moment
            store = open_sqlite(Path(folder) / f"{r}.sqlite")
            store.stats()
            store.close()
    except BaseException:
        barrier.abort()                    # the others stop waiting for this one
        raise


def test_processes_starting_at_once_migrate_once(tmp_path):
    """Processes opening one new file together: switching it to WAL can be refused at once ("database is
    locked", no busy handler) and must be retried; DDL autocommits unless the migration holds the write lock."""
    import multiprocessing
    import sqlite3

    ctx = multiprocessing.get_context("spawn")
    n, rounds = 8, 4
    barrier = ctx.Barrier(n)
    procs = [ctx.Process(target=_open_in_step, args=(str(tmp_path), barrier, rounds)) for _ in range(n)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
    assert [p.exitcode for p in procs] == [0] * n
    for r in range(rounds):
        db = sqlite3.connect(tmp_path / f"{r}.sqlite")
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        versions = db.execute("SELECT version FROM schema_version").fetchall()
        assert versions == [(v,) for v in range(1, len(MIGRATIONS) + 1)]
        db.close()



def test_a_database_error_is_a_store_error_for_every_waiting_event(store):
    from rec.errors import StoreError

    store.record_response(response(), RecRequest(query="x"), thread=None, latency_s=0.1, model="m")
    store._close()   # the database goes away under the writer
    with pytest.raises(StoreError, match="feedback database"):
        store.record_event(FeedbackEvent(response_id="r1", item_id="a", event="like"))
