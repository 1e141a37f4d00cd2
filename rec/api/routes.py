"""The API's routes (`create_app` wires them): error handlers, health / metrics / models, the chat
turn (plain or streamed as server-sent events) and feedback, each group a small function over `Api`,
which holds what the routes share (the Recommender, the admission gate, metrics, limiters, keys).

Imported by `create_app` only, so FastAPI is loaded when an app is made, not with `rec.api`.
"""

# No `from __future__ import annotations`: FastAPI reads the route signatures at run time.
import json
import logging
import queue
import secrets
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from functools import partial
from typing import Any

import anyio
from fastapi import Depends, FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException

from rec.api import protocol as p
from rec.api.errors import ApiError, body, error_type, from_rec_error, from_validation
from rec.api.gate import Admission, Gate
from rec.api.metrics import Metrics
from rec.errors import RecError
from rec.schema import RecRequest

log = logging.getLogger("rec.api")
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": p.ErrorResponse, "description": why} for code, why in
    [(400, "bad request body"), (401, "missing or wrong API key"), (404, "unknown model or response"),
     (413, "body too large"), (429, "queue full: retry after Retry-After seconds")]}
_BEARER = HTTPBearer(auto_error=False)


class Api:
    """What the routes share, and the turn's steps between the wire and the Recommender."""

    def __init__(self, rec: Any, gate: Gate, metrics: Metrics, list_models: Callable[[], list[str]],
                 health: Any, api_keys: Sequence[str]):
        self.rec, self.cfg, self.gate, self.metrics = rec, rec.cfg, gate, metrics
        self.list_models, self.health = list_models, health
        self.keys = [k for k in api_keys if k]
        self.limiter = anyio.CapacityLimiter(self.cfg.api.workers)
        self.feedback_limiter = anyio.CapacityLimiter(32)   # feedback never waits behind turns (nor they behind it)

    async def authorised(self, creds: HTTPAuthorizationCredentials | None = Depends(_BEARER)) -> None:
        given = creds.credentials.encode() if creds else b""   # bytes: compare_digest refuses non-ASCII str
        if self.keys and not (creds and any(secrets.compare_digest(given, k.encode()) for k in self.keys)):
            raise ApiError(401, "missing or invalid API key: send 'Authorization: Bearer <key>'", "invalid_api_key")

    def answer(self, e: ApiError) -> JSONResponse:
        payload = body(e.status, e.message, e.code, e.param)
        self.metrics.errors.labels(payload["error"]["type"]).inc()
        return JSONResponse(payload, status_code=e.status, headers=e.headers)

    def to_request(self, req: p.ChatCompletionRequest) -> RecRequest:
        if req.model not in self.list_models():
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
        self.rec.validate(request)   # InputError (400) names a field the catalog does not have
        return request

    async def run_turn(self, req: p.ChatCompletionRequest, request: RecRequest, response_id: str,
                       admission: Admission) -> tuple[Any, Callable[[], Any]]:
        """The turn's response and how to log it as shown (`rec.turn`)."""
        async with self.gate.slot(admission):
            response, log_shown = await anyio.to_thread.run_sync(
                partial(self.rec.turn, request, remember=bool(request.thread_id), response_id=response_id,
                        adapter=_adapter(req)), limiter=self.limiter)
        self.metrics.observe_turn(response.trace)
        return response, partial(anyio.to_thread.run_sync, log_shown, limiter=self.feedback_limiter)

    async def stream(self, req: p.ChatCompletionRequest, request: RecRequest,
                     admission: Admission) -> AsyncIterator[str]:
        """Server-sent events as the turn happens: the list the moment it is ranked (content lines and
        `recommendations`), then each checked explanation, then the final chunk; a comment every
        `api.stream_ping_s` while nothing comes. A client that leaves cancels the rest of the turn, and
        what it was streamed is not logged as shown."""
        rid, created = uuid.uuid4().hex, int(time.time())

        def chunk(**fields: Any) -> str:
            data = p.ChatCompletionChunk(id=rid, created=created, model=req.model, **fields)
            return f"data: {data.model_dump_json(exclude_none=True)}\n\n"

        yield chunk(choices=[p.ChunkChoice(delta=p.Delta(role="assistant", content=""))])
        cancel, events = threading.Event(), queue.Queue()
        async with self.gate.slot(admission):
            worker = threading.Thread(target=_produce, daemon=True, args=(
                self.rec, request, dict(remember=bool(request.thread_id), response_id=rid, adapter=_adapter(req)),
                cancel, events))
            worker.start()
            try:
                async for piece in self._relay(events, chunk, req, self.cfg.api.stream_ping_s):
                    yield piece
            finally:
                cancel.set()

    async def _relay(self, events: queue.Queue, chunk: Callable[..., str], req: p.ChatCompletionRequest,
                     ping_s: float) -> AsyncIterator[str]:
        shown: dict[str, dict[str, Any]] = {}
        while True:
            try:
                event = await anyio.to_thread.run_sync(partial(events.get, True, ping_s))
            except queue.Empty:
                yield ": keep-alive\n\n"
                continue
            kind = event["event"]
            if kind == "error":
                err = event["error"]
                self.metrics.errors.labels(error_type(err.status)).inc()
                yield f"data: {json.dumps(body(err.status, err.message, err.code))}\n\n"
                yield "data: [DONE]\n\n"
                return
            if kind == "list":
                shown = {i["item_id"]: i for i in event["items"]}
            if kind == "done":
                async for piece in self._finish_stream(event, chunk, req, shown):
                    yield piece
                return
            piece = _event_chunk(event, chunk, shown)
            if piece is not None:
                yield piece

    async def _finish_stream(self, event: dict, chunk: Callable[..., str], req: p.ChatCompletionRequest,
                             shown: dict[str, dict[str, Any]]) -> AsyncIterator[str]:
        response = event["response"]
        self.metrics.observe_turn(response.trace)
        if not shown and not response.answer:   # an empty list: say why
            yield chunk(choices=[p.ChunkChoice(delta=p.Delta(content=p.readable(response)))])
        # the client has it all now (one that left cancelled this generator at a yield above, so nothing it
        # was streamed is logged as shown); logged before the ids go out, so feedback on them finds the response
        await anyio.to_thread.run_sync(event["log_shown"], limiter=self.feedback_limiter)
        yield chunk(choices=[p.ChunkChoice(delta=p.Delta(), finish_reason="stop")],
                    recommendations=p.recommendations(response), plan=response.plan, note=response.note,
                    thread_id=response.thread_id)
        if req.stream_options and req.stream_options.include_usage:
            yield chunk(choices=[], usage=p.usage(response))
        yield "data: [DONE]\n\n"


def _adapter(req: p.ChatCompletionRequest) -> str | None:
    """`rec:<version>` pins an adapter."""
    return req.model.split(":", 1)[1] if ":" in req.model else None


def _event_chunk(event: dict[str, Any], chunk: Callable[..., str], shown: dict[str, dict[str, Any]]) -> str | None:
    """The SSE chunk of a `list`, `explanation` or `answer` event (None for the others)."""
    kind = event["event"]
    if kind == "list":
        text = "\n".join(f"{n}. {i.get('label') or i['title']}" for n, i in enumerate(shown.values(), 1))
        return chunk(choices=[p.ChunkChoice(delta=p.Delta(content=text))],
                     recommendations=[p.Recommendation(item_id=i, title=t["title"], label=t.get("label"), score=0.0)
                                      for i, t in shown.items()])
    if kind == "explanation" and event["item_id"] in shown:
        n = list(shown).index(event["item_id"]) + 1
        return chunk(choices=[p.ChunkChoice(delta=p.Delta(content=f"\n{n}. why: {event['text']}"))],
                     explanation={"item_id": event["item_id"], "text": event["text"]})
    if kind == "answer":
        return chunk(choices=[p.ChunkChoice(delta=p.Delta(content=event["text"]))], answer=event["text"])
    return None


def add_error_handlers(app: FastAPI, api: Api) -> None:
    """Every error answers in OpenAI's shape, and is counted."""
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, e: ApiError):
        return api.answer(e)

    @app.exception_handler(RecError)
    async def _rec_error(_: Request, e: RecError):
        return api.answer(from_rec_error(e, api.cfg.home))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, e: RequestValidationError):
        return api.answer(from_validation(list(e.errors())))

    @app.exception_handler(HTTPException)
    async def _http(_: Request, e: HTTPException):
        return api.answer(ApiError(e.status_code, str(e.detail), None, headers=dict(e.headers or {})))

    @app.exception_handler(Exception)
    async def _bug(_: Request, e: Exception):
        log.exception("internal error")
        return api.answer(ApiError(500, f"internal error ({type(e).__name__}); see the server log", "internal_error"))


def add_service_routes(app: FastAPI, api: Api) -> None:
    """/health, /metrics and /v1/models."""
    cfg = api.cfg

    @app.get("/health", responses={503: {"description": "the model server is down (`reason` says why)"}})
    async def health():
        doc = {"status": "ok", "store": cfg.store, "model": api.rec.model.name,
               "turns_running": api.gate.running, "turns_waiting": api.gate.waiting}
        reason = await anyio.to_thread.run_sync(api.health.reason)
        if reason is None:
            return doc
        return JSONResponse({**doc, "status": "unavailable", "reason": reason}, status_code=503,
                            headers={"Retry-After": str(max(1, round(cfg.api.health_ttl_s)))})

    @app.get("/metrics", response_class=Response)
    async def prometheus() -> Response:
        data, kind = api.metrics.render()
        return Response(data, media_type=kind)

    @app.get("/v1/models", response_model=p.ModelList, responses=ERRORS, dependencies=[Depends(api.authorised)])
    async def list_models_route() -> p.ModelList:
        now = int(time.time())
        return p.ModelList(data=[p.ModelCard(id=m, created=now) for m in api.list_models()])


def add_chat_routes(app: FastAPI, api: Api) -> None:
    """POST /v1/chat/completions and POST /v1/feedback."""
    @app.post("/v1/chat/completions", response_model=p.ChatCompletion, responses=ERRORS,
              dependencies=[Depends(api.authorised)])
    async def chat_completions(req: p.ChatCompletionRequest):
        """A recommendation turn. `stream: true` answers with server-sent events ending in `data: [DONE]`."""
        await anyio.to_thread.run_sync(api.rec.refresh)   # a store re-ingested meanwhile: its new fields are valid
        request = api.to_request(req)
        admission = api.gate.admit()
        if req.stream:
            return StreamingResponse(api.stream(req, request, admission), media_type="text/event-stream",
                                     headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
                                     background=BackgroundTask(api.gate.release, admission))
        response, log_shown = await api.run_turn(req, request, uuid.uuid4().hex, admission)
        await log_shown()
        return p.completion(response, req.model)

    @app.post("/v1/feedback", response_model=p.FeedbackRecorded, responses=ERRORS,
              dependencies=[Depends(api.authorised)])
    async def feedback(fb: p.FeedbackRequest,
                       idempotency_key: str | None = Header(None, max_length=200,
                                                            description="retries with the same key store once")):
        """What the user did with a shown item; stored (durably) before this answers."""
        event_id = await anyio.to_thread.run_sync(
            partial(api.rec.feedback, fb.response_id, fb.item_id, fb.event, fb.value, key=idempotency_key),
            limiter=api.feedback_limiter)
        api.metrics.feedback.labels(fb.event).inc()
        return p.FeedbackRecorded(id=event_id, response_id=fb.response_id, item_id=fb.item_id, event=fb.event)


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
