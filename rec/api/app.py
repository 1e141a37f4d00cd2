"""`rec serve`: the OpenAI-compatible API over the Recommender façade (DESIGN.md §3, HTTP).

Routes are thin: validate the wire model, turn it into a RecRequest, run the turn in a worker thread
under the admission gate, and shape the answer. Turns run concurrently (the model server batches
their calls); the gate answers 429 with Retry-After when its queue is full. Feedback is committed
to the store before the API answers.
"""

# No `from __future__ import annotations` here: FastAPI reads the route signatures at run time, and
# their types (Request, Response...) are imported inside create_app.
import json
import logging
import math
import queue
import secrets
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from functools import partial
from typing import Any

from pydantic import ValidationError

from rec.api import protocol as p
from rec.api.errors import ApiError, body, error_type, from_rec_error, from_validation
from rec.api.gate import Gate
from rec.api.metrics import Metrics
from rec.api.page import add_page
from rec.errors import RecError
from rec.schema import RecRequest

log = logging.getLogger("rec.api")
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": p.ErrorResponse, "description": why} for code, why in
    [(400, "bad request body"), (401, "missing or wrong API key"), (404, "unknown model or response"),
     (413, "body too large"), (429, "queue full: retry after Retry-After seconds")]}


def create_app(rec: Any, *, api_keys: Sequence[str] = (), models: Callable[[], list[str]] | None = None):
    """The FastAPI app for one Recommender. `api_keys` empty = open. `models` lists the ids clients may
    ask for (default: `api.model_name`; the tuning registry adds `rec:<version>`)."""
    import anyio
    from fastapi import Depends, FastAPI, Header, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse, Response, StreamingResponse
    from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
    from starlette.background import BackgroundTask
    from starlette.exceptions import HTTPException

    cfg = rec.cfg
    gate = Gate(cfg.api.workers, cfg.api.max_queue)
    metrics = Metrics(gate)
    name = cfg.api.model_name
    list_models = models or (lambda: [name, *(f"{name}:{v['version']}" for v in rec.adapters.promoted())])
    limiter = anyio.CapacityLimiter(cfg.api.workers)
    feedback_limiter = anyio.CapacityLimiter(32)   # feedback never waits behind turns (nor they behind it)
    app = FastAPI(title="rec", version="0.1.0", description="Recommendations from your catalog, OpenAI-compatible.")
    app.add_middleware(Edge, max_body=cfg.api.max_body_bytes, metrics=metrics)
    bearer = HTTPBearer(auto_error=False)
    model_health = ModelHealth(rec.model, cfg.api.health_ttl_s)
    keys = [k for k in api_keys if k]

    async def authorised(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        given = creds.credentials.encode() if creds else b""   # bytes: compare_digest refuses non-ASCII str
        if keys and not (creds and any(secrets.compare_digest(given, k.encode()) for k in keys)):
            raise ApiError(401, "missing or invalid API key: send 'Authorization: Bearer <key>'", "invalid_api_key")

    def answer(e: ApiError) -> JSONResponse:
        payload = body(e.status, e.message, e.code, e.param)
        metrics.errors.labels(payload["error"]["type"]).inc()
        return JSONResponse(payload, status_code=e.status, headers=e.headers)

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, e: ApiError):
        return answer(e)

    @app.exception_handler(RecError)
    async def _rec_error(_: Request, e: RecError):
        return answer(from_rec_error(e, cfg.home))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, e: RequestValidationError):
        return answer(from_validation(list(e.errors())))

    @app.exception_handler(HTTPException)
    async def _http(_: Request, e: HTTPException):
        return answer(ApiError(e.status_code, str(e.detail), None, headers=dict(e.headers or {})))

    @app.exception_handler(Exception)
    async def _bug(_: Request, e: Exception):
        log.exception("internal error")
        return answer(ApiError(500, f"internal error ({type(e).__name__}); see the server log", "internal_error"))

    add_page(app)   # the chat page at / (static files; its API calls carry the user's key)

    @app.get("/health", responses={503: {"description": "the model server is down (`reason` says why)"}})
    async def health():
        doc = {"status": "ok", "store": cfg.store, "model": rec.model.name,
               "turns_running": gate.running, "turns_waiting": gate.waiting}
        reason = await anyio.to_thread.run_sync(model_health.reason)
        if reason is None:
            return doc
        return JSONResponse({**doc, "status": "unavailable", "reason": reason}, status_code=503,
                            headers={"Retry-After": str(max(1, round(cfg.api.health_ttl_s)))})

    @app.get("/metrics", response_class=Response)
    async def prometheus() -> Response:
        data, kind = metrics.render()
        return Response(data, media_type=kind)

    @app.get("/v1/models", response_model=p.ModelList, responses=ERRORS, dependencies=[Depends(authorised)])
    async def list_models_route() -> p.ModelList:
        now = int(time.time())
        return p.ModelList(data=[p.ModelCard(id=m, created=now) for m in list_models()])

    def to_request(req: p.ChatCompletionRequest) -> RecRequest:
        if req.model not in list_models():
            raise ApiError(404, f"model {req.model!r} does not exist; GET /v1/models lists them", "model_not_found",
                           "model")
        messages = req.conversation()
        if not any(m["role"] == "user" for m in messages):
            raise ApiError(400, "messages need at least one user message with text", "invalid_value", "messages")
        if req.thread_id:   # the thread remembers the conversation: only the new turn is added
            messages = [next(m for m in reversed(messages) if m["role"] == "user")]
        try:
            request = RecRequest(messages=messages, user_id=req.user_id or req.user, k=req.k,
                                 thread_id=req.thread_id, filters=req.filters)
        except ValidationError as e:   # the wire model let through what the request model refuses: still a 400
            raise from_validation(list(e.errors())) from None
        rec.validate(request)   # InputError (400) names a field the catalog does not have
        return request

    async def run_turn(req: p.ChatCompletionRequest, request: RecRequest, response_id: str, admission):
        """The turn's response and how to log it as shown (`rec.turn`)."""
        adapter = req.model.split(":", 1)[1] if ":" in req.model else None   # rec:<version> pins an adapter
        async with gate.slot(admission):
            response, log_shown = await anyio.to_thread.run_sync(
                partial(rec.turn, request, remember=bool(request.thread_id), response_id=response_id,
                        adapter=adapter), limiter=limiter)
        metrics.observe_turn(response.trace)
        return response, partial(anyio.to_thread.run_sync, log_shown, limiter=feedback_limiter)

    @app.post("/v1/chat/completions", response_model=p.ChatCompletion, responses=ERRORS,
              dependencies=[Depends(authorised)])
    async def chat_completions(req: p.ChatCompletionRequest):
        """A recommendation turn. `stream: true` answers with server-sent events ending in `data: [DONE]`."""
        await anyio.to_thread.run_sync(rec.refresh)   # a store re-ingested meanwhile: its new fields are valid
        request = to_request(req)
        admission = gate.admit()
        if req.stream:
            return StreamingResponse(stream(req, request, admission), media_type="text/event-stream",
                                     headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
                                     background=BackgroundTask(gate.release, admission))
        response, log_shown = await run_turn(req, request, uuid.uuid4().hex, admission)
        await log_shown()
        return p.completion(response, req.model)

    async def stream(req: p.ChatCompletionRequest, request: RecRequest, admission) -> AsyncIterator[str]:
        """Server-sent events as the turn happens: the list the moment it is ranked (content lines and
        `recommendations`), then each checked explanation, then the final chunk; a comment every
        `api.stream_ping_s` while nothing comes. A client that leaves cancels the rest of the turn, and
        what it was streamed is not logged as shown."""
        rid, created = uuid.uuid4().hex, int(time.time())

        def chunk(**fields: Any) -> str:
            data = p.ChatCompletionChunk(id=rid, created=created, model=req.model, **fields)
            return f"data: {data.model_dump_json(exclude_none=True)}\n\n"

        yield chunk(choices=[p.ChunkChoice(delta=p.Delta(role="assistant", content=""))])
        adapter = req.model.split(":", 1)[1] if ":" in req.model else None
        cancel, events = threading.Event(), queue.Queue()
        async with gate.slot(admission):
            worker = threading.Thread(target=_produce, daemon=True, args=(
                rec, request, dict(remember=bool(request.thread_id), response_id=rid, adapter=adapter),
                cancel, events))
            worker.start()
            try:
                async for piece in _relay(events, chunk, req, cfg.api.stream_ping_s):
                    yield piece
            finally:
                cancel.set()

    async def _relay(events: queue.Queue, chunk: Callable[..., str], req: p.ChatCompletionRequest,
                     ping_s: float) -> AsyncIterator[str]:
        shown: dict[str, str] = {}
        while True:
            try:
                event = await anyio.to_thread.run_sync(partial(events.get, True, ping_s))
            except queue.Empty:
                yield ": keep-alive\n\n"
                continue
            kind = event["event"]
            if kind == "error":
                err = event["error"]
                metrics.errors.labels(error_type(err.status)).inc()
                yield f"data: {json.dumps(body(err.status, err.message, err.code))}\n\n"
                yield "data: [DONE]\n\n"
                return
            if kind == "list":
                shown = {i["item_id"]: i["title"] for i in event["items"]}
                text = "\n".join(f"{n}. {t}" for n, t in enumerate(shown.values(), 1))
                yield chunk(choices=[p.ChunkChoice(delta=p.Delta(content=text))],
                            recommendations=[p.Recommendation(item_id=i, title=t, score=0.0) for i, t in shown.items()])
            elif kind == "explanation" and event["item_id"] in shown:
                n = list(shown).index(event["item_id"]) + 1
                yield chunk(choices=[p.ChunkChoice(delta=p.Delta(content=f"\n{n}. why: {event['text']}"))],
                            explanation={"item_id": event["item_id"], "text": event["text"]})
            elif kind == "answer":
                yield chunk(choices=[p.ChunkChoice(delta=p.Delta(content=event["text"]))], answer=event["text"])
            elif kind == "done":
                async for piece in _finish_stream(event, chunk, req, shown):
                    yield piece
                return

    async def _finish_stream(event: dict, chunk: Callable[..., str], req: p.ChatCompletionRequest,
                             shown: dict[str, str]) -> AsyncIterator[str]:
        response = event["response"]
        metrics.observe_turn(response.trace)
        if not shown and not response.answer:   # an empty list: say why
            yield chunk(choices=[p.ChunkChoice(delta=p.Delta(content=p.readable(response)))])
        # the client has it all now (one that left cancelled this generator at a yield above, so nothing it
        # was streamed is logged as shown); logged before the ids go out, so feedback on them finds the response
        await anyio.to_thread.run_sync(event["log_shown"], limiter=feedback_limiter)
        yield chunk(choices=[p.ChunkChoice(delta=p.Delta(), finish_reason="stop")],
                    recommendations=p.recommendations(response), plan=response.plan, note=response.note,
                    thread_id=response.thread_id)
        if req.stream_options and req.stream_options.include_usage:
            yield chunk(choices=[], usage=p.usage(response))
        yield "data: [DONE]\n\n"

    @app.post("/v1/feedback", response_model=p.FeedbackRecorded, responses=ERRORS,
              dependencies=[Depends(authorised)])
    async def feedback(fb: p.FeedbackRequest,
                       idempotency_key: str | None = Header(None, max_length=200,
                                                            description="retries with the same key store once")):
        """What the user did with a shown item; stored (durably) before this answers."""
        event_id = await anyio.to_thread.run_sync(
            partial(rec.feedback, fb.response_id, fb.item_id, fb.event, fb.value, key=idempotency_key),
            limiter=feedback_limiter)
        metrics.feedback.labels(fb.event).inc()
        return p.FeedbackRecorded(id=event_id, response_id=fb.response_id, item_id=fb.item_id, event=fb.event)

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



def _produce(rec: Any, request: RecRequest, options: dict[str, Any], cancel: threading.Event,
             events: queue.Queue) -> None:
    """Run one turn's stream in a worker thread, handing each event to the SSE relay; an error becomes an
    `error` event (the stream has started, so it travels in-band)."""
    try:
        for event in rec.stream(request, cancel=cancel, **options):
            events.put(event)
    except Exception as e:  # the edge
        if not isinstance(e, RecError):
            log.exception("internal error in a stream")
        err = (from_rec_error(e, rec.cfg.home) if isinstance(e, RecError)
               else ApiError(500, "internal error", "internal_error"))
        events.put({"event": "error", "error": err})
