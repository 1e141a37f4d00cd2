"""The feedback store on SQLite: responses, validated events, imports, durability across processes."""

import subprocess
import sys
import threading

import pytest

from rec.errors import InputError
from rec.feedback.store import open_feedback_store
from rec.schema import FeedbackEvent, Interaction, Plan, RecItem, RecRequest, RecResponse


def response(rid="r1", items=("a", "b")):
    return RecResponse(id=rid, plan=Plan(query="x"), items=[RecItem(item_id=i, title=i.upper(), score=1.0)
                                                            for i in items])


@pytest.fixture
def store(tmp_path):
    s = open_feedback_store(None, tmp_path / "feedback.sqlite")
    yield s
    s.close()


def test_events_must_name_a_logged_response_and_a_shown_item(store):
    store.record_response(response(), RecRequest(query="x", user_id="u1"), thread="t", latency_s=0.5, model="m")
    assert store.response("r1").shown == ["a", "b"] and store.response("r1").user_id == "u1"
    assert store.record_event(FeedbackEvent(response_id="r1", item_id="b", event="click")) > 0
    with pytest.raises(InputError, match="unknown response_id 'nope'"):
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


def test_imports_refuse_unknown_items_and_survive_reopening(tmp_path):
    path = tmp_path / "f.sqlite"
    store = open_feedback_store(f"sqlite:///{path}", tmp_path / "unused.sqlite")
    rows = [Interaction(user_id="u", item_id=i, event="rating", value=4, ts=n) for n, i in enumerate("abc")]
    assert store.import_interactions(rows, known_items={"a", "b", "c"}, batch=2) == 3
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
