"""The API app served by a real uvicorn on 127.0.0.1 (in a thread), over a real store and a fake model."""

from __future__ import annotations

import contextlib
import socket
import threading
import time

import pytest

from rec.feedback.store import open_feedback_store
from rec.llm.fake import FakeChatModel
from rec.recommender import Recommender
from rec.retrieval.embeddings import HashingEmbedder
from rec.retrieval.search import Retriever


@contextlib.contextmanager
def running(app):
    """Serve `app` with uvicorn on a free 127.0.0.1 port; yields the base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           backlog=2048))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture
def make_api(film_cfg, tmp_path):
    """`make_api(model=None, keys=(), explain=False, explain_calls=None, **api_settings)` -> (base_url,
    recommender)."""
    from rec.api.app import create_app

    stack = contextlib.ExitStack()

    def factory(model=None, keys=(), explain=False, explain_calls=None, **api):
        ranker = {"explain": explain, **({"explain_calls": explain_calls} if explain_calls else {})}
        cfg = film_cfg.model_copy(update={"api": film_cfg.api.model_copy(update=api),
                                          "ranker": film_cfg.ranker.model_copy(update=ranker)})
        name = f"api{len(stack._exit_callbacks)}"
        rec = Recommender(cfg, model or FakeChatModel(), Retriever(cfg, HashingEmbedder()),
                          checkpoint_path=tmp_path / f"{name}-threads.sqlite",
                          feedback=open_feedback_store(None, tmp_path / f"{name}-feedback.sqlite"))
        stack.callback(rec.close)
        url = stack.enter_context(running(create_app(rec, api_keys=keys)))
        return url, rec

    yield factory
    stack.close()
