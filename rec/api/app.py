"""`rec serve`: the OpenAI-compatible API over the Recommender façade (DESIGN.md §3, HTTP).

Routes are thin: validate the wire model, turn it into a RecRequest, run the turn in a worker thread
under the admission gate, and shape the answer. Turns run concurrently (the model server batches
their calls); the gate answers 429 with Retry-After when its queue is full. Feedback is committed
to the store before the API answers. The routes live in `rec/api/routes.py`; here: the app's wiring, the
model-health check and the edge middleware (body cap, request metrics).
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from rec.api.errors import body
from rec.api.gate import Gate
from rec.api.metrics import Metrics
from rec.api.page import add_page


def create_app(rec: Any = None, *, api_keys: Sequence[str] = (), models: Callable[[], list[str]] | None = None):
    """The FastAPI app for one Recommender. `api_keys` empty = open. `models` lists the ids clients may
    ask for (default: `api.model_name`; the tuning registry adds `rec:<version>`). Without `rec` it is
    uvicorn's app factory (`uvicorn rec.api.app:create_app --factory`: see rec.api.server.app_factory)."""
    if rec is None:
        from rec.api.server import app_factory

        return app_factory()
    from fastapi import FastAPI

    from rec.api import routes

    cfg = rec.cfg
    gate = Gate(cfg.api.workers, cfg.api.max_queue)
    metrics = Metrics(gate)
    name = cfg.api.model_name
    list_models = models or (lambda: [name, *(f"{name}:{v['version']}" for v in rec.adapters.promoted())])
    api = routes.Api(rec, gate, metrics, list_models, ModelHealth(rec.model, cfg.api.health_ttl_s), api_keys)
    app = FastAPI(title="rec", version="0.1.0", description="Recommendations from your catalog, OpenAI-compatible.")
    app.add_middleware(Edge, max_body=cfg.api.max_body_bytes, metrics=metrics)
    routes.add_error_handlers(app, api)
    add_page(app)   # the chat page at / (static files; its API calls carry the user's key)
    routes.add_service_routes(app, api)
    routes.add_chat_routes(app, api)
    return app


class ModelHealth:
    """Is the model server usable? For a backend over HTTP (`down()`: a GET /models), asked at most every
    `ttl_s` and by one request at a time (the others get the last answer); an in-process model is always up."""

    def __init__(self, model: Any, ttl_s: float):
        self._check = getattr(model, "down", None)
        self.ttl_s = ttl_s
        self._at, self._reason = -math.inf, None
        self._lock = threading.Lock()

    def reason(self) -> str | None:
        """None when the model server is up, else why not (one line)."""
        if self._check is None or time.monotonic() - self._at < self.ttl_s:
            return self._reason
        if not self._lock.acquire(blocking=False):
            return self._reason
        try:
            self._reason, self._at = self._check(), time.monotonic()
        finally:
            self._lock.release()
        return self._reason


METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})


class Edge:
    """Pure ASGI middleware: caps request bodies (413 before the app reads them, with or without a
    Content-Length) and counts every request and its latency to the last byte."""

    def __init__(self, app: Any, *, max_body: int, metrics: Metrics):
        self.app, self.max_body, self.metrics = app, max_body, metrics

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        t0, status = time.perf_counter(), [500]

        async def tracked(message: dict) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            replay = await self._body(scope, receive)
            if replay is None:
                await self._too_large(tracked)
            else:
                await self.app(scope, replay, tracked)
        finally:
            route = getattr(scope.get("route"), "path", "other")
            method = scope["method"] if scope["method"] in METHODS else "other"   # bounded label values
            self.metrics.requests.labels(method, route, str(status[0])).inc()
            self.metrics.latency.labels(route).observe(time.perf_counter() - t0)

    async def _body(self, scope: dict, receive: Callable) -> Callable | None:
        """Read the whole (small) body up front; None if it exceeds the cap."""
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"").decode()
        if length.isdigit() and int(length) > self.max_body:
            return None
        chunks, size, more, first = [], 0, True, None
        while more:
            message = await receive()
            if message["type"] != "http.request":   # the client left mid-body: the app sees that, not a body
                first = message
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_body:
                return None
            more = message.get("more_body", False)
        sent = [False]

        async def replay() -> dict:
            if not sent[0]:
                sent[0] = True
                return first or {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        return replay

    async def _too_large(self, send: Callable) -> None:
        payload = json.dumps(body(413, f"the request body is larger than {self.max_body} bytes",
                                  "request_too_large")).encode()
        self.metrics.errors.labels("invalid_request_error").inc()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": payload})
