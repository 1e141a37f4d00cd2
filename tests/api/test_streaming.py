"""Streaming is real: the list reaches the client while the (slow) explanation call is still running, the
explanations follow one by one, a quiet stream gets keep-alive comments, and a client that leaves stops
the explanation call and is not logged as having been shown anything."""

import json
import threading
import time

import httpx
import pytest

from rec.llm.base import ChatResult
from rec.llm.fake import FakeChatModel

SCI_FI = {"intent": "recommend", "query": "space", "hard_constraints": [
    {"field": "genres", "op": "contains", "value": "Sci-Fi"}]}
LINES = "A: An Action and Sci-Fi film.\nB: A Sci-Fi film.\nC: A Sci-Fi classic.\n"


class Slow(FakeChatModel):
    """Explanations come slowly: word by word in one streamed call, or a call per item that ends 0.6 s after
    the one before (they are all sent at once); `ended` is set when the explanations are all written,
    `pieces` counts what has arrived (words, or whole calls)."""

    def __init__(self):
        super().__init__([SCI_FI, LINES], token_delay_s=0.15)
        self.ended = threading.Event()
        self.pieces = 0
        self._started = 0

    def stream(self, messages, *, max_tokens=256):
        for piece in super().stream(messages, max_tokens=max_tokens):
            self.pieces += 1
            yield piece
        self.ended.set()

    def chat(self, messages, **kw):
        if "Item: " not in messages[-1]["content"]:     # the plan
            return super().chat(messages, **kw)
        with self._lock:
            self._started += 1
            n = self._started
        time.sleep(0.6 * n)
        self.pieces += 1
        if self.pieces == 3:
            self.ended.set()
        return ChatResult(text="A Sci-Fi film.", model="fake", prompt_tokens=1, completion_tokens=3)


CALLS = pytest.mark.parametrize("calls", ["one", "per_item"])


def _leave_at_the_list(url):
    """Read the stream until the list arrives, then leave (close the connection); the response id."""
    for line in _events(url):
        if line.startswith("data: {"):
            data = json.loads(line[6:])
            if data.get("recommendations"):
                return data["id"]
    return None


def _events(url, **body):
    payload = {"model": "rec", "stream": True, "k": 3, "messages": [{"role": "user", "content": "sci-fi please"}],
               **body}
    with httpx.stream("POST", f"{url}/v1/chat/completions", json=payload, timeout=60) as resp:
        yield from resp.iter_lines()


@CALLS
def test_the_list_arrives_before_the_explanation_call_ends(make_api, calls):
    model = Slow()
    url, rec = make_api(model, explain=True, explain_calls=calls, stream_ping_s=0.1)
    order, ended_at_list, rid = [], None, None
    for line in _events(url):
        if line.startswith(": keep-alive"):
            order.append("ping")
        if not line.startswith("data: {"):
            continue
        data = json.loads(line[6:])
        rid = data["id"]
        if data.get("recommendations") and not data["choices"][0].get("finish_reason"):
            order.append("list")
            ended_at_list = model.ended.is_set()
        elif data.get("explanation"):
            order.append("explanation")
        elif data["choices"] and data["choices"][0].get("finish_reason") == "stop":
            order.append("done")
    assert ended_at_list is False                      # the explanations were still being written
    assert order.index("list") < order.index("explanation") and order[-1] == "done"
    assert order.count("explanation") == 3 and "ping" in order
    assert len(rec.feedback_store.response(rid).shown) == 3


def test_a_client_that_leaves_stops_the_turn_and_is_not_logged(make_api):
    model = Slow()
    url, rec = make_api(model, explain=True, explain_calls="one")
    rid = _leave_at_the_list(url)
    before, deadline = -1, time.monotonic() + 20
    while model.pieces != before and not model.ended.is_set() and time.monotonic() < deadline:
        before = model.pieces
        time.sleep(0.6)                                # several pieces' time: did the stream go on?
    assert not model.ended.is_set() and model.pieces < len(LINES.split())   # the explanation call was cut short
    assert rid and rec.feedback_store.response(rid) is None


def test_a_client_that_leaves_during_the_calls_per_item_is_not_logged(make_api):
    model = Slow()
    url, rec = make_api(model, explain=True, explain_calls="per_item", stream_ping_s=0.1)
    rid = _leave_at_the_list(url)
    model.ended.wait(10)          # the calls already sent end on their own; the turn must not be logged after
    time.sleep(0.5)
    assert rid and rec.feedback_store.response(rid) is None


@CALLS
def test_the_facade_streams_events_in_order(make_api, calls):
    model = Slow()
    _, rec = make_api(model, explain=True, explain_calls=calls)
    from rec.schema import RecRequest

    seen, ended_at_list = [], None
    for event in rec.stream(RecRequest(query="sci-fi please", k=3)):
        seen.append(event["event"])
        if event["event"] == "list":
            ended_at_list = model.ended.is_set()
    assert ended_at_list is False
    assert seen[0] == "plan" and seen[-1] == "done" and seen.index("list") < seen.index("explanation")
