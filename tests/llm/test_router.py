"""Several model servers behind one ChatModel (llm.base_url as a list): scripted OpenAI-style servers on
127.0.0.1, a fake clock for the cool-down."""

from __future__ import annotations

import json
import threading

import pytest
from scripted_server import Scripted

from rec.config import load_config, parse_overrides
from rec.errors import LLMTimeoutError, LLMUnavailableError, ServerError
from rec.llm.factory import build_chat_model
from rec.llm.openai_http import OpenAIHTTPChatModel
from rec.llm.router import RouterChatModel, ServerPool
from rec.tuning.registry import load_into_server

Q = [{"role": "user", "content": "q"}]


def completion(content="hi"):
    return {"id": "c", "model": "m", "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                                                  "finish_reason": "stop"}], "usage": {}}


def ok(content="hi", delay=0.0):
    return (200, completion(content), {}, delay)


def router(*servers, cooldown_s=5.0, now=None, **kw):
    clients = [OpenAIHTTPChatModel(s.url, "m", max_retries=0, backoff_s=0.0, **kw) for s in servers]
    clock = (lambda: now[0]) if now is not None else None
    pool = ServerPool(len(clients), cooldown_s, **({"clock": clock} if clock else {}))
    return RouterChatModel(clients, backoff_s=0.0, pool=pool)


def test_calls_alternate_and_concurrent_calls_spread_over_the_servers(scripted):
    a, b = scripted(*[ok("a", 0.3)] * 6), scripted(*[ok("b", 0.3)] * 6)
    r = router(a, b)
    assert [r.chat(Q).text for _ in range(4)] == ["a", "b", "a", "b"]   # ties go to the one picked longest ago
    threads = [threading.Thread(target=r.chat, args=(Q,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert (len(a.requests), len(b.requests)) == (4, 4) and r.pool.inflight == [0, 0]


def test_the_least_busy_server_gets_the_call(scripted):
    a, b = scripted(ok("slow", 1.0), ok("a")), scripted(*[ok("b")] * 3)
    r = router(a, b)
    slow = threading.Thread(target=r.chat, args=(Q,))
    slow.start()
    while r.pool.inflight[0] == 0:
        pass
    assert [r.chat(Q).text for _ in range(3)] == ["b", "b", "b"]   # a has one in flight all along
    slow.join()


def test_a_failing_server_is_skipped_then_tried_again_after_the_cool_down(scripted):
    now = [0.0]
    a, b = scripted((503, {"error": "warming"}, {}), ok("a-back")), scripted(*[ok("b")] * 4)
    r = router(a, b, now=now)
    assert r.chat(Q).text == "b" and len(a.requests) == 1     # a answered 503: the call moved to b
    assert r.pool.cooling() == [True, False]
    assert [r.chat(Q).text for _ in range(2)] == ["b", "b"]  # a is cooling down
    now[0] = 6.0
    assert r.chat(Q).text == "a-back" and r.pool.cooling() == [False, False]


def test_a_dead_server_is_skipped_and_comes_back_on_its_port(scripted, free_port):
    now = [0.0]
    gone = Scripted([], port=free_port)
    gone.close()                                              # nothing listens: connection refused
    b = scripted(*[ok("b")] * 4)                              # two calls, two health checks
    r = router(gone, b, now=now)
    assert [r.chat(Q).text for _ in range(2)] == ["b", "b"]
    assert r.down() is None and r.pool.cooling() == [True, False]   # one answers: the router is up
    back = Scripted([(200, {"data": [{"id": "m"}]}, {}), ok("back")], port=free_port)
    try:
        assert r.down() is None and r.pool.cooling() == [False, False]  # the health check brings it back
        assert r.chat(Q).text == "back"
    finally:
        back.close()


def test_every_server_down_is_one_error_naming_them(scripted, free_port):
    a, b = scripted(*[(500, {"error": "boom"}, {})] * 2), scripted(*[(502, {"error": "bad gateway"}, {})] * 2)
    r = router(a, b)
    r.rounds = 2
    with pytest.raises(LLMUnavailableError, match="none of the 2 model servers") as e:
        r.chat(Q)
    assert "\n" not in str(e.value) and (len(a.requests), len(b.requests)) == (2, 2)
    a.close(), b.close()
    assert "does not answer" in r.down()


def test_a_timeout_does_not_move_to_another_server(scripted):
    a, b = scripted(ok("late", 1.5)), scripted(ok("b"))
    with pytest.raises(LLMTimeoutError):
        router(a, b, timeout_s=0.3).chat(Q)
    assert not b.requests


def sse(*pieces):
    events = [{"choices": [{"delta": {"content": p}}]} for p in pieces]
    return (200, "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n",
            {"content-type": "text/event-stream"})


def test_a_stream_moves_before_its_first_piece(scripted):
    a, b = scripted((503, {"error": "busy"}, {})), scripted(sse("one ", "two"))
    r = router(a, b)
    assert "".join(r.stream(Q)) == "one two" and r.pool.inflight == [0, 0] and r.pool.cooling() == [True, False]


def test_score_choices_and_adapters_share_the_bookkeeping(scripted):
    top = [{"token": "A", "logprob": -0.2}, {"token": "B", "logprob": -1.8}]
    scored = {"choices": [{"index": 0, "message": {"content": "A"},
                           "logprobs": {"content": [{"token": "A", "logprob": -0.2, "top_logprobs": top}]}}]}
    a, b = scripted((500, {}, {})), scripted((200, scored, {}), ok("lora"))
    r = router(a, b)
    twin = r.for_model("rec-v1")
    assert twin.score_choices(Q, ["A", "B"]).best() == "A" and r.pool.cooling() == [True, False]
    assert twin.chat(Q).text == "lora" and b.requests[-1][2]["model"] == "rec-v1"
    twin.close()                                              # a twin closes nothing: the original owns the clients
    assert not r.clients[1]._client.is_closed


def test_adapters_are_loaded_on_each_server_and_an_unreachable_one_is_skipped(scripted, free_port, tmp_path):
    a, b = scripted((200, {}, {})), scripted((200, {}, {}), (400, "already loaded", {}))
    load_into_server([a.url, b.url], "v1", tmp_path)
    assert [r[1] for r in a.requests + b.requests] == ["/v1/load_lora_adapter"] * 2
    assert b.requests[0][2] == {"lora_name": "rec-v1", "lora_path": str(tmp_path)}
    dead = f"http://127.0.0.1:{free_port}/v1"
    load_into_server([dead, b.url], "v1", tmp_path)           # b already has it; the dead one is skipped
    with pytest.raises(ServerError, match="no model server took adapter v1"):
        load_into_server([dead, dead], "v1", tmp_path)
    refusing = scripted((400, "no runtime LoRA", {}))
    with pytest.raises(ServerError, match="refused"):
        load_into_server([refusing.url, dead], "v1", tmp_path)


def test_the_factory_builds_a_router_from_a_list_or_commas_and_redacts_it():
    one = load_config(overrides=parse_overrides(["llm.backend=openai_http", "llm.base_url=http://a:1/v1"]))
    assert isinstance(build_chat_model(one).model, OpenAIHTTPChatModel)
    for value in ("[http://a:1/v1, 'http://u:pw@b:2/v1']", "http://a:1/v1,http://u:pw@b:2/v1"):
        cfg = load_config(overrides=parse_overrides(["llm.backend=openai_http", f"llm.base_url={value}",
                                                     "llm.cooldown_s=3"]))
        assert cfg.base_urls == ["http://a:1/v1", "http://u:pw@b:2/v1"] and cfg.base_url == "http://a:1/v1"
        choice = build_chat_model(cfg)
        assert isinstance(choice.model, RouterChatModel) and choice.model.pool.cooldown_s == 3
        assert [c.max_retries for c in choice.model.clients] == [0, 0] and choice.model.rounds == 4
        assert "pw" not in choice.reason and "pw" not in cfg.to_yaml(redact=True)
        choice.model.close()
    from rec.errors import ConfigError

    with pytest.raises(ConfigError, match=r"llm\.base_url"):
        load_config(overrides=parse_overrides(["llm.base_url=[]"]))
