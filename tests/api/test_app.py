"""The OpenAI-compatible API over real HTTP (uvicorn on 127.0.0.1): the openai client, LangChain's
ChatOpenAI, raw httpx for the error paths, SSE framing, keys, limits, the queue, metrics, feedback."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import httpx
import pytest

from rec.llm.fake import FakeChatModel

COMEDY = {"intent": "recommend", "query": "comedy", "hard_constraints": [
    {"field": "genres", "op": "contains", "value": "Comedy"}]}


def chat_body(text="a comedy", **extra):
    return {"model": "rec", "messages": [{"role": "user", "content": text}], **extra}


def test_openai_client_non_stream_and_stream(make_api):
    from openai import OpenAI

    url, rec = make_api(FakeChatModel([COMEDY, COMEDY]))
    client = OpenAI(base_url=f"{url}/v1", api_key="unused")
    assert [m.id for m in client.models.list().data] == ["rec"]
    done = client.chat.completions.create(model="rec", messages=[{"role": "user", "content": "a comedy"}],
                                          extra_body={"k": 3})
    recs = done.model_extra["recommendations"]
    assert len(recs) == 3 and done.choices[0].finish_reason == "stop"
    assert done.choices[0].message.content.splitlines()[0].startswith(f"1. {recs[0]['title']}")
    assert all("Comedy" in rec.retriever.store.items([r["item_id"]])[r["item_id"]]["genres"] for r in recs)
    assert rec.feedback_store.response(done.id).shown == [r["item_id"] for r in recs]

    chunks = list(client.chat.completions.create(model="rec", stream=True, extra_body={"k": 2},
                                                 messages=[{"role": "user", "content": "a comedy"}]))
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices[0].finish_reason == "stop" and len({c.id for c in chunks}) == 1
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    final = chunks[-1].model_extra["recommendations"]
    assert text == "\n".join(f"{n}. {r['title']}" for n, r in enumerate(final, 1))
    assert rec.feedback_store.response(chunks[0].id).shown == [r["item_id"] for r in final]


def test_langchain_chat_openai(make_api):
    from langchain_openai import ChatOpenAI

    url, _ = make_api(FakeChatModel([COMEDY, COMEDY]))
    llm = ChatOpenAI(model="rec", base_url=f"{url}/v1", api_key="unused", max_retries=0)
    reply = llm.invoke("a comedy please")
    assert reply.content.startswith("1. ") and reply.response_metadata["finish_reason"] == "stop"
    streamed = "".join(part.content for part in llm.stream("a comedy please"))
    assert streamed.startswith("1. ") and streamed.count("\n") >= 1


def test_raw_sse_framing_and_usage(make_api):
    url, _ = make_api()
    with httpx.stream("POST", f"{url}/v1/chat/completions", timeout=60,
                      json=chat_body(stream=True, stream_options={"include_usage": True}, k=2)) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        events = [line for line in r.iter_lines() if line]
    assert all(e.startswith("data: ") for e in events) and events[-1] == "data: [DONE]"
    payloads = [json.loads(e[6:]) for e in events[:-1]]
    assert payloads[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    finals = [p for p in payloads if p["choices"] and p["choices"][0].get("finish_reason") == "stop"]
    assert len(finals) == 1 and len(finals[0]["recommendations"]) == 2
    assert payloads[-1]["choices"] == [] and payloads[-1]["usage"]["total_tokens"] >= 0


def test_feedback_is_stored_once_and_steers_a_thread(make_api):
    url, rec = make_api(FakeChatModel([COMEDY]))
    first = httpx.post(f"{url}/v1/chat/completions", json=chat_body(k=3, thread_id="t1"), timeout=60).json()
    assert first["thread_id"] == "t1"
    item = first["recommendations"][0]["item_id"]
    body = {"response_id": first["id"], "item_id": item, "event": "dislike"}
    r1 = httpx.post(f"{url}/v1/feedback", json=body, headers={"Idempotency-Key": "k1"})
    r2 = httpx.post(f"{url}/v1/feedback", json=body, headers={"Idempotency-Key": "k1"})
    assert r1.status_code == 200 and r1.json()["id"] == r2.json()["id"]
    assert rec.feedback_store.stats()["events"] == {"dislike": {"feedback": 1}}
    again = httpx.post(f"{url}/v1/chat/completions", json=chat_body("more", k=3, thread_id="t1"), timeout=60).json()
    assert item not in [r["item_id"] for r in again["recommendations"]]
    # rejected with a reason
    unknown = httpx.post(f"{url}/v1/feedback", json={**body, "response_id": "nope"})
    assert unknown.status_code == 404 and "unknown response_id" in unknown.json()["error"]["message"]
    unshown = httpx.post(f"{url}/v1/feedback", json={**body, "item_id": "999"})
    assert unshown.status_code == 400 and "was not shown" in unshown.json()["error"]["message"]
    rating = httpx.post(f"{url}/v1/feedback", json={**body, "event": "rating"})
    assert rating.status_code == 400 and "a rating needs a value" in rating.json()["error"]["message"]


@pytest.mark.parametrize(("body", "status", "needle"), [
    ("{not json", 400, "not valid JSON"),
    ({"model": "rec"}, 400, "messages: Field required"),
    ({"model": "rec", "messages": []}, 400, "messages: List should have at least 1 item"),
    (chat_body(n=2), 400, "n: Input should be less than or equal to 1"),
    (chat_body(k=0), 400, "k: Input should be greater than or equal to 1"),
    ({"model": "gpt-4", "messages": [{"role": "user", "content": "x"}]}, 404, "model 'gpt-4' does not exist"),
    ({"model": "rec", "messages": [{"role": "system", "content": "be nice"}]}, 400, "at least one user message"),
    ({"model": "rec", "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}]},
     400, "only text is understood"),
    ({"model": "rec", "messages": [{"role": "wizard", "content": "x"}]}, 400, "messages.0.role"),
    (chat_body(filters=[{"field": "colour", "op": "eq", "value": "red"}]), 400, "colour"),
    (chat_body(filters=[{"field": "colour", "op": "eq", "value": "red"}], stream=True), 400, "colour"),
    (chat_body(filters=[{"field": "genres", "op": "in", "value": [f"g{i}" for i in range(10_000)]}]), 400,
     "filters.0.value: Value error, at most 256 values, got 10000"),
    (chat_body(filters=[{"field": "year", "op": "gte", "value": 1}] * 33), 400, "filters: List should have at most 32"),
    ([1, 2], 400, "body"),
])
def test_bad_bodies_get_a_precise_4xx_in_openai_shape(make_api, body, status, needle):
    url, _ = make_api()
    kwargs = {"content": body} if isinstance(body, str) else {"json": body}
    r = httpx.post(f"{url}/v1/chat/completions", headers={"content-type": "application/json"}, timeout=60, **kwargs)
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert needle in error["message"] and error["type"] and set(error) >= {"message", "type", "code"}


def test_routes_methods_and_body_size(make_api):
    url, _ = make_api(max_body_bytes=2048)
    assert httpx.get(f"{url}/v1/nope").json()["error"]["type"] == "not_found_error"
    assert httpx.get(f"{url}/v1/chat/completions").status_code == 405
    big = chat_body("x" * 5000)
    r = httpx.post(f"{url}/v1/chat/completions", json=big)
    assert r.status_code == 413 and r.json()["error"]["code"] == "request_too_large"

    def chunked():   # no Content-Length: the cap still holds
        data = json.dumps(big).encode()
        for i in range(0, len(data), 1000):
            yield data[i:i + 1000]

    assert httpx.post(f"{url}/v1/chat/completions", content=chunked()).status_code == 413


def test_api_keys(make_api):
    url, _ = make_api(keys=["s3cret", "other"])
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        r = httpx.get(f"{url}/v1/models", headers=headers)
        assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_api_key"
    assert httpx.get(f"{url}/v1/models", headers={"Authorization": "Bearer other"}).status_code == 200
    assert httpx.post(f"{url}/v1/feedback", json={}).status_code == 401
    odd = httpx.get(f"{url}/v1/models", headers={"Authorization": "Bearer cl\u00e9".encode("latin-1")})
    assert odd.status_code == 401    # a non-ASCII key is just a wrong key
    assert httpx.get(f"{url}/health").json()["status"] == "ok"        # probes need no key
    from openai import AuthenticationError, OpenAI

    with pytest.raises(AuthenticationError):
        OpenAI(base_url=f"{url}/v1", api_key="wrong", max_retries=0).models.list()


class Gated(FakeChatModel):
    """Planner calls wait for `release`; counts how many run at once."""

    def __init__(self):
        super().__init__()
        self.release = threading.Event()
        self.active = self.peak = 0
        self._count = threading.Lock()

    def chat(self, messages, **kw):
        with self._count:
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            self.release.wait(60)
            return super().chat(messages, **kw)
        finally:
            with self._count:
                self.active -= 1


def test_turns_run_concurrently_and_a_full_queue_gets_429(make_api):
    model = Gated()
    url, _ = make_api(model, workers=2, max_queue=1)

    async def fire(n):
        async with httpx.AsyncClient(timeout=60) as client:
            tasks = [asyncio.create_task(client.post(f"{url}/v1/chat/completions", json=chat_body(k=2)))
                     for _ in range(n)]
            while model.active < 2:      # two turns are in the model, the third waits in the queue
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.2)
            extra = await client.post(f"{url}/v1/chat/completions", json=chat_body(k=2))
            model.release.set()
            return extra, await asyncio.gather(*tasks)

    extra, answers = asyncio.run(fire(3))
    assert extra.status_code == 429 and int(extra.headers["Retry-After"]) >= 1
    assert extra.json()["error"]["type"] == "rate_limit_error"
    assert [a.status_code for a in answers] == [200, 200, 200] and model.peak == 2


def test_metrics(make_api):
    url, _ = make_api()
    httpx.post(f"{url}/v1/chat/completions", json=chat_body(k=2), timeout=60)
    httpx.post(f"{url}/v1/chat/completions", json={"model": "x"})
    text = httpx.get(f"{url}/metrics").text
    assert 'rec_http_requests_total{method="POST",route="/v1/chat/completions",status="200"} 1.0' in text
    assert 'rec_http_requests_total{method="POST",route="/v1/chat/completions",status="400"} 1.0' in text
    assert 'rec_node_seconds_count{node="planner"} 1.0' in text and 'rec_node_seconds_count{node="ranker"} 1.0' in text
    assert 'rec_errors_total{type="invalid_request_error"} 1.0' in text and "rec_turns_waiting 0.0" in text


def test_a_thousand_concurrent_feedback_posts_are_stored_exactly_once(make_api):
    import aiohttp  # httpx's async pool is the bottleneck at this concurrency; aiohttp is not

    url, rec = make_api()
    shown = httpx.post(f"{url}/v1/chat/completions", json=chat_body(k=5), timeout=60).json()
    items = [r["item_id"] for r in shown["recommendations"]]

    async def post_all():
        connector = aiohttp.TCPConnector(limit=1000)
        async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(120)) as session:
            async def post(n):
                body = {"response_id": shown["id"], "item_id": items[n % len(items)], "event": "view"}
                async with session.post(f"{url}/v1/feedback", json=body, headers={"Idempotency-Key": f"k{n}"}) as r:
                    return r.status, (await r.json())
            first = await asyncio.gather(*(post(n) for n in range(1000)))
            retried = await asyncio.gather(*(post(n) for n in range(0, 1000, 10)))   # retries change nothing
            return first, retried

    first, retried = asyncio.run(post_all())
    assert [status for status, _ in first] == [200] * 1000, first[:3]
    ids = [body["id"] for _, body in first]
    assert len(set(ids)) == 1000 and [body["id"] for _, body in retried] == ids[::10]
    assert rec.feedback_store.stats()["events"] == {"view": {"feedback": 1000}}


def test_streams_take_their_queue_place_when_admitted(make_api):
    model = Gated()
    url, _ = make_api(model, workers=1, max_queue=1)

    async def burst():
        async with httpx.AsyncClient(timeout=60) as client:
            async def one():
                async with client.stream("POST", f"{url}/v1/chat/completions", json=chat_body(stream=True)) as r:
                    return r.status_code, b"".join([chunk async for chunk in r.aiter_bytes()])
            tasks = [asyncio.create_task(one()) for _ in range(4)]
            while model.active < 1:
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.3)
            model.release.set()
            return await asyncio.gather(*tasks)

    answers = asyncio.run(burst())
    codes = sorted(code for code, _ in answers)
    assert codes == [200, 200, 429, 429], codes     # one running + one queued; the rest refused up front
    assert all(body.rstrip().endswith(b"data: [DONE]") for code, body in answers if code == 200)


@pytest.mark.parametrize("field, body", [
    ("messages.0.content", '{"model": "rec", "messages": [{"role": "user", "content": "a \\ud800 comedy"}]}'),
    ("messages.0.content", '{"model": "rec", "messages": [{"role": "user", "content": [{"type": "text", '
                           '"text": "\\udfff"}]}]}'),
    ("user_id", '{"model": "rec", "messages": [{"role": "user", "content": "x"}], "user_id": "\\ud800"}'),
    ("filters.0.value", '{"model": "rec", "messages": [{"role": "user", "content": "x"}], '
                        '"filters": [{"field": "genres", "op": "eq", "value": "\\ud800"}]}'),
])
def test_a_lone_surrogate_is_a_400_and_the_connection_lives_on(make_api, field, body):
    """Issue 17: JSON "\\ud800" in a message gave a 500, and the next request on that connection was reset."""
    import http.client
    from urllib.parse import urlsplit

    url, _ = make_api()
    conn = http.client.HTTPConnection(urlsplit(url).hostname, urlsplit(url).port, timeout=60)
    conn.request("POST", "/v1/chat/completions", body=body.encode("ascii"),
                 headers={"content-type": "application/json"})
    r = conn.getresponse()
    error = json.loads(r.read())["error"]
    assert r.status == 400 and error["param"] == field and field in error["message"], error
    assert "unicode" in error["message"].lower() and error["type"] == "invalid_request_error"
    conn.request("GET", "/v1/models")      # the same keep-alive connection still answers
    again = conn.getresponse()
    assert again.status == 200 and json.loads(again.read())["data"][0]["id"] == "rec"
    conn.close()


def test_model_server_errors_carry_no_credentials(make_api):
    from test_secrets import ENV, clean

    from rec.errors import LLMError
    from rec.llm.openai_http import OpenAIHTTPChatModel

    def answer(status):
        return httpx.MockTransport(lambda request: httpx.Response(status, json={"error": {"message": "no"}}))

    for status in (400, 503):
        model = OpenAIHTTPChatModel(ENV["REC_LLM__BASE_URL"], "m", api_key="sk-llm-planted", max_retries=0,
                                    backoff_s=0, transport=answer(status))
        with pytest.raises(LLMError) as e:
            model.chat([{"role": "user", "content": "hi"}])
        clean(str(e.value))
        assert "http://admin:***@127.0.0.1:9/v1" in str(e.value)
        url, _ = make_api(model)
        body = httpx.post(f"{url}/v1/chat/completions", timeout=60,
                          json={"model": "rec", "messages": [{"role": "user", "content": "a comedy"}]})
        assert body.status_code in (502, 503), body.text
        clean(body.text)
    dead = OpenAIHTTPChatModel("http://admin:base-planted-pw@127.0.0.1:9/v1", "m", max_retries=0)
    with pytest.raises(LLMError) as e:
        dead.chat([{"role": "user", "content": "hi"}])
    clean(str(e.value))


def test_a_stream_the_client_abandoned_is_not_logged_as_shown(make_api):
    """Items of a stream whose client left before they were sent never reach the feedback log (they would
    become tuning data the user never saw); a stream read to the end is logged as usual."""
    model = Gated()
    url, rec = make_api(model)
    with httpx.stream("POST", f"{url}/v1/chat/completions", timeout=60, json=chat_body(stream=True)) as r:
        first = json.loads(next(line for line in r.iter_lines() if line)[6:])   # the role chunk, then leave
    abandoned = first["id"]
    model.release.set()
    deadline = time.monotonic() + 10
    while model.active and time.monotonic() < deadline:   # the turn ends in its worker thread
        time.sleep(0.05)
    time.sleep(0.5)
    assert rec.feedback_store.response(abandoned) is None
    with httpx.stream("POST", f"{url}/v1/chat/completions", timeout=60, json=chat_body(stream=True, k=2)) as r:
        events = [json.loads(line[6:]) for line in r.iter_lines() if line and line != "data: [DONE]"]
    logged = rec.feedback_store.response(events[0]["id"])
    assert logged is not None and logged.shown == [i["item_id"] for i in events[-1]["recommendations"]]
    posted = httpx.post(f"{url}/v1/feedback", json={"response_id": abandoned, "item_id": logged.shown[0],
                                                    "event": "click"})
    assert posted.status_code == 404


class Broken:
    """A Chroma collection whose every call fails the way a damaged index does."""

    def __getattr__(self, name):
        def fail(*a, **kw):
            from chromadb.errors import InternalError

            raise InternalError("Error executing plan: Internal error: Error finding id")
        return fail


def test_store_errors_in_http_bodies_never_show_paths_on_disk(make_api):
    url, rec = make_api()
    where = str(rec.cfg.store_dir)
    rec.retriever.store.collection = Broken()
    got = httpx.post(f"{url}/v1/chat/completions", json=chat_body(), timeout=60)
    assert got.status_code == 503 and "Error finding id" in got.json()["error"]["message"], got.text
    with httpx.stream("POST", f"{url}/v1/chat/completions", json=chat_body(stream=True), timeout=60) as r:
        streamed = r.read().decode()
    assert "Error finding id" in streamed
    for text in (got.text, streamed):
        assert where not in text and str(rec.cfg.home) not in text and "/chroma" not in text, text
