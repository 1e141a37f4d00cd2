"""The HTTP edge under slow and greedy clients (a real uvicorn on 127.0.0.1 with `rec serve`'s settings):
requests that never finish arriving, too many connections, and /health with the model server down."""

from __future__ import annotations

import contextlib
import socket
import threading
import time

import httpx
import pytest

from rec.feedback.store import open_feedback_store
from rec.llm.fake import FakeChatModel
from rec.recommender import Recommender
from rec.retrieval.embeddings import HashingEmbedder
from rec.retrieval.search import Retriever


@pytest.fixture
def guarded(film_cfg, tmp_path, free_port):
    """`rec serve`'s uvicorn (rec.api.server.uvicorn_config) with a 1 s read timeout and 4 connections."""
    import uvicorn

    from rec.api.app import create_app
    from rec.api.server import uvicorn_config

    api = film_cfg.api.model_copy(update={"read_timeout_s": 1.0, "max_connections": 4, "keep_alive_s": 30})
    cfg = film_cfg.model_copy(update={"api": api})
    rec = Recommender(cfg, FakeChatModel(), Retriever(cfg, HashingEmbedder()),
                      checkpoint_path=tmp_path / "threads.sqlite",
                      feedback=open_feedback_store(None, tmp_path / "feedback.sqlite"))
    server = uvicorn.Server(uvicorn_config(create_app(rec), api, host="127.0.0.1", port=free_port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive()
        time.sleep(0.02)
    yield "127.0.0.1", free_port
    server.should_exit = True
    thread.join(timeout=30)
    rec.close()


def _closed_within(sock: socket.socket, seconds: float, dribble: bytes = b"") -> float:
    """Seconds until the server closes `sock` (sending `dribble` a byte at a time meanwhile); fails after
    `seconds`."""
    t0 = time.monotonic()
    sock.settimeout(0.2)
    sent = 0
    while time.monotonic() - t0 < seconds:
        try:
            if sent < len(dribble):
                sock.send(dribble[sent:sent + 1])
                sent += 1
            if sock.recv(4096) == b"":
                return time.monotonic() - t0
        except TimeoutError:
            continue
        except OSError:   # reset by the server
            return time.monotonic() - t0
    raise AssertionError(f"the connection was still open after {seconds}s")


def test_a_request_that_never_finishes_arriving_is_cut_off(guarded):
    host, port = guarded
    head = b"POST /v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Pad: " + b"a" * 200
    with contextlib.ExitStack() as stack:
        slow_head = stack.enter_context(socket.create_connection((host, port)))
        assert _closed_within(slow_head, 6, dribble=head) < 4          # slowloris: the head dribbles in
        idle = stack.enter_context(socket.create_connection((host, port)))
        assert _closed_within(idle, 6) < 4                              # connected, never sends a byte
        slow_body = stack.enter_context(socket.create_connection((host, port)))
        slow_body.sendall(b"POST /v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{")
        assert _closed_within(slow_body, 6, dribble=b'"response_id": "' + b"x" * 100) < 4
    with httpx.Client(base_url=f"http://{host}:{port}") as client:   # whole requests on a kept-alive connection
        for _ in range(3):
            assert client.get("/health").status_code == 200
            time.sleep(0.6)   # longer than the read timeout in all, but each request arrives whole


def test_connections_beyond_the_cap_are_refused_at_once(guarded):
    host, port = guarded
    with contextlib.ExitStack() as stack:
        held = [stack.enter_context(socket.create_connection((host, port))) for _ in range(4)]
        time.sleep(0.2)
        extra = stack.enter_context(socket.create_connection((host, port)))
        assert _closed_within(extra, 0.9) < 0.9      # before the read timeout would have closed it
        assert len(held) == 4
    deadline = time.monotonic() + 5   # the held ones are closed by the read timeout; then it serves again
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"http://{host}:{port}/health", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise AssertionError("the server did not serve again once the held connections were gone")


def test_health_reports_a_model_server_that_is_down(make_api, scripted, free_port):
    from rec.llm.openai_http import OpenAIHTTPChatModel

    down = OpenAIHTTPChatModel(f"http://user:hunter2@127.0.0.1:{free_port}/v1", "m", max_retries=0)
    url, _ = make_api(model=down, health_ttl_s=60)
    got = httpx.get(f"{url}/health")
    assert got.status_code == 503 and got.json()["status"] == "unavailable" and "Retry-After" in got.headers
    assert "does not answer" in got.json()["reason"] and "hunter2" not in got.text

    server = scripted(*[(200, {"object": "list", "data": [{"id": "m"}]}, {})] * 3)
    url, _ = make_api(model=OpenAIHTTPChatModel(server.url, "m", max_retries=0), health_ttl_s=60)
    for _ in range(3):
        ok = httpx.get(f"{url}/health")
        assert ok.status_code == 200 and ok.json()["status"] == "ok"
    assert len(server.requests) == 1   # cached: one GET /models per health_ttl_s
