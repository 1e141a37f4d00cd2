"""openai_http against real HTTP servers on 127.0.0.1: a scripted one for error paths
here, and the real vLLM in test_vllm_server.py."""

import math

import pytest

from rec.errors import LLMError, LLMUnavailableError
from rec.llm.openai_http import OpenAIHTTPChatModel, probe


def completion(content="hi", logprobs=None):
    choice = {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
    if logprobs is not None:
        choice["logprobs"] = {"content": [{"token": "A", "logprob": -0.1, "top_logprobs": logprobs}]}
    return {"id": "c1", "model": "m", "choices": [choice],
            "usage": {"prompt_tokens": 7, "completion_tokens": 1}}


def client(url, **kw):
    return OpenAIHTTPChatModel(url, "m", backoff_s=0.0, **kw)


def test_chat_sends_json_schema_response_format(scripted):
    srv = scripted((200, completion('{"x": 1}'), {}))
    res = client(srv.url).chat([{"role": "user", "content": "q"}], json_schema={"title": "T", "type": "object"},
                               max_tokens=9)
    assert res.text == '{"x": 1}' and res.prompt_tokens == 7
    _, path, body = srv.requests[0]
    assert path == "/v1/chat/completions"
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"] == {"title": "T", "type": "object"}
    assert "guided_json" not in body and body["max_tokens"] == 9


def test_retries_5xx_and_429_then_succeeds(scripted):
    srv = scripted((503, {"error": {"message": "warming"}}, {}), (429, {}, {"retry-after": "0"}),
                   (200, completion("done"), {}))
    assert client(srv.url, max_retries=3).chat([{"role": "user", "content": "q"}]).text == "done"
    assert len(srv.requests) == 3


def test_client_errors_are_not_retried_and_carry_the_message(scripted):
    srv = scripted((400, {"error": {"message": "model 'm' does not exist"}}, {}))
    with pytest.raises(LLMError, match="HTTP 400: model 'm' does not exist"):
        client(srv.url).chat([{"role": "user", "content": "q"}])
    assert len(srv.requests) == 1


def test_persistent_5xx_becomes_unavailable(scripted):
    srv = scripted(*[(500, {"error": "boom"}, {})] * 3)
    with pytest.raises(LLMUnavailableError, match="after 3 attempts"):
        client(srv.url, max_retries=2).chat([])


def test_a_server_slower_than_the_timeout_is_not_asked_again(scripted):
    srv = scripted((200, completion("late"), {}, 1.5), (200, completion("late"), {}, 1.5))
    with pytest.raises(LLMUnavailableError, match=r"timed out after 0\.3s"):
        client(srv.url, timeout_s=0.3, max_retries=3).chat([{"role": "user", "content": "q"}])
    assert len(srv.requests) == 1


@pytest.mark.parametrize("header", ["-1", "nan", "soon"])
def test_odd_retry_after_values_are_tolerated(scripted, header):
    srv = scripted((429, {}, {"retry-after": header}), (200, completion("ok"), {}))
    assert client(srv.url, max_retries=1).chat([{"role": "user", "content": "q"}]).text == "ok"


def test_retry_after_is_clamped():
    import httpx

    from rec.llm.openai_http import _retry_after

    def hint(value):
        return _retry_after(httpx.Response(429, headers={"retry-after": value}))

    assert (hint("2.5"), hint("1e9"), hint("-3"), hint("nan"), hint("soon")) == (2.5, 30.0, 0.0, None, None)


def test_null_usage_counts_are_zero(scripted):
    body = completion("x")
    body["usage"] = {"prompt_tokens": None, "completion_tokens": None}
    srv = scripted((200, body, {}))
    res = client(srv.url).chat([])
    assert (res.prompt_tokens, res.completion_tokens) == (0, 0)


def test_down_server_is_a_clear_error(free_port):
    url = f"http://127.0.0.1:{free_port}/v1"
    with pytest.raises(LLMUnavailableError, match=rf"{url}.*rec llm serve --detach"):
        client(url, max_retries=1).chat([{"role": "user", "content": "q"}])
    assert probe(url) is None


def test_score_choices_merges_variants_and_floors_unseen(scripted):
    top = [{"token": "A", "logprob": -0.5}, {"token": " A", "logprob": -1.5}, {"token": "B", "logprob": -2.0},
           {"token": "zzz", "logprob": -6.0}]
    srv = scripted((200, completion("A", top), {}))
    scores = client(srv.url).score_choices([{"role": "user", "content": "pick"}], ["A", "B", "C"])
    _, _, body = srv.requests[0]
    assert body["max_tokens"] == 1 and body["logprobs"] is True and body["top_logprobs"] == 20
    assert scores.raw["A"] == pytest.approx(math.log(math.exp(-0.5) + math.exp(-1.5)))
    assert scores.raw["B"] == -2.0 and scores.raw["C"] is None
    assert scores.floor == pytest.approx(-6.0 - math.log(2))
    assert scores.coverage == pytest.approx(2 / 3)
    assert sum(math.exp(v) for v in scores.logprobs.values()) == pytest.approx(1.0)
    assert scores.best() == "A" and scores.logprobs["C"] < scores.logprobs["B"]


def test_missing_logprobs_is_an_error(scripted):
    srv = scripted((200, completion("A"), {}))
    with pytest.raises(LLMError, match="no logprobs"):
        client(srv.url).score_choices([], ["A", "B"])


def test_probe_lists_models(scripted):
    srv = scripted((200, {"data": [{"id": "m"}, {"id": "m-lora"}]}, {}))
    assert probe(srv.url) == ["m", "m-lora"]
