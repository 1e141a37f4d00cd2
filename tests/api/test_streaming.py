"""Streaming is real: the list reaches the client while the (slow) explanation call is still running, the
explanations follow one by one, a quiet stream gets keep-alive comments, and a client that leaves stops
the explanation call and is not logged as having been shown anything."""

import json
import threading
import time

import httpx

from rec.llm.fake import FakeChatModel

SCI_FI = {"intent": "recommend", "query": "space", "hard_constraints": [
    {"field": "genres", "op": "contains", "value": "Sci-Fi"}]}
LINES = "A: An Action and Sci-Fi film.\nB: A Sci-Fi film.\nC: A Sci-Fi classic.\n"


class Slow(FakeChatModel):
    """Explanations come word by word, slowly; `ended` is set when the explanation stream finishes."""

    def __init__(self):
        super().__init__([SCI_FI, LINES], token_delay_s=0.15)
        self.ended = threading.Event()
        self.pieces = 0

    def stream(self, messages, *, max_tokens=256):
        for piece in super().stream(messages, max_tokens=max_tokens):
            self.pieces += 1
            yield piece
        self.ended.set()


def _events(url, **body):
    payload = {"model": "rec", "stream": True, "k": 3, "messages": [{"role": "user", "content": "sci-fi please"}],
               **body}
    with httpx.stream("POST", f"{url}/v1/chat/completions", json=payload, timeout=60) as resp:
        yield from resp.iter_lines()


def test_the_list_arrives_before_the_explanation_call_ends(make_api):
    model = Slow()
    url, rec = make_api(model, explain=True, stream_ping_s=0.1)
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
    url, rec = make_api(model, explain=True)
    rid = None
    for line in _events(url):
        if line.startswith("data: {"):
            data = json.loads(line[6:])
            rid = data["id"]
            if data.get("recommendations"):
                break                                  # the client leaves once it has the list
    before, deadline = -1, time.monotonic() + 20
    while model.pieces != before and not model.ended.is_set() and time.monotonic() < deadline:
        before = model.pieces
        time.sleep(0.6)                                # several pieces' time: did the stream go on?
    assert not model.ended.is_set() and model.pieces < len(LINES.split())   # the explanation call was cut short
    assert rec.feedback_store.response(rid) is None


def test_the_facade_streams_events_in_order(make_api):
    model = Slow()
    _, rec = make_api(model, explain=True)
    from rec.schema import RecRequest

    seen, ended_at_list = [], None
    for event in rec.stream(RecRequest(query="sci-fi please", k=3)):
        seen.append(event["event"])
        if event["event"] == "list":
            ended_at_list = model.ended.is_set()
    assert ended_at_list is False
    assert seen[0] == "plan" and seen[-1] == "done" and seen.index("list") < seen.index("explanation")
