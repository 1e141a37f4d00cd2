"""open_recommender(cfg) / build_recommender(cfg) and the Recommender façade every entry point uses (DESIGN.md §1).

Built once per process: the model, the retriever (embedder + store) and the
compiled graph with a SQLite checkpointer (REC_HOME/stores/NAME/threads.sqlite),
or PostgreSQL's when feedback.url is (several hosts), so conversations survive
restarts. Every response gets an id and is recorded in the feedback store
(rec/feedback/) before it is returned.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rec.config import RecConfig
from rec.errors import InputError, NotFoundError, RecError, StoreError, first_line, validation_summary
from rec.feedback.store import FeedbackStore, open_feedback_store
from rec.llm.base import ChatModel
from rec.locks import ReadWriteLock
from rec.schema import FeedbackEvent, Plan, RecItem, RecRequest, RecResponse
from rec.tuning.registry import BASE, Registry, load_into_server, served_adapter_name

log = logging.getLogger("rec")
_NONE = object()


class Recommender:
    """Thread-safe: many turns run at once (the model server batches them). Turns of one
    conversation thread are serialised, so a follow-up always sees the whole previous turn."""

    def __init__(self, cfg: RecConfig, model: ChatModel, retriever, checkpoint_path: Path | None = None,
                 feedback: FeedbackStore | None = None):
        self.cfg = cfg
        self.model = model
        self.retriever = retriever
        cfg.store_dir.mkdir(parents=True, exist_ok=True)
        self._saver, self._close_threads, self._shared_threads = open_threads(cfg, checkpoint_path)
        self.adapters = Registry(cfg.home, cfg.store, "ranker")             # this store's adapters, per role
        self.planner_adapters = Registry(cfg.home, cfg.store, "planner")
        self._loaded: dict[str, float] = {}   # adapter version -> when the server last confirmed it
        self._store_lock = ReadWriteLock()   # turns read the store; a reopen after a re-ingest writes
        self._build_graphs()
        self.feedback_store = feedback or open_feedback_store(cfg.feedback.url, cfg.store_dir / "feedback.sqlite")
        self.model_reason = f"given: {model.name}"   # which backend and why (set by build_recommender)
        self._guard = threading.Lock()
        self._threads: weakref.WeakValueDictionary[str, threading.Lock] = weakref.WeakValueDictionary()

    def _build_graphs(self) -> None:
        """The graphs read the catalog's fields when built: they are rebuilt when the store is reopened."""
        from rec.agents.graph import build_graph

        self.graph = build_graph(self.cfg, self.model, self.retriever, self._saver, ranker_model=self._ranker_model,
                                 planner_model=self._planner_model)
        self._stateless = build_graph(self.cfg, self.model, self.retriever,   # leaves no thread
                                      ranker_model=self._ranker_model, planner_model=self._planner_model)

    def refresh(self, failed: object = _NONE) -> bool:
        """Reopen the store if another process has re-ingested it since (`rec ingest` beside `rec serve`).
        `failed`: the store version a read just failed on: reopen if it is still the one open, even while
        the store is being written. Waits for the turns in flight and holds new ones back meanwhile."""
        def due() -> bool:
            return self.retriever.version == failed if failed is not _NONE else self.retriever.changed()

        if not due():
            return False
        with self._store_lock.writing():
            if not due():   # another thread reopened it meanwhile
                return False
            log.info("store %r changed on disk: reopening it", self.cfg.store)
            self.retriever.reopen()
            self._build_graphs()
        return True

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Use the store (and the graphs over it) as of now: reopened first if it was re-ingested, and not
        reopened again until the block ends."""
        self.refresh()
        with self._store_lock.reading():
            yield

    def _ranker_model(self, asked: str | None) -> tuple[ChatModel, str | None]:
        """The ranker scores with the production adapter (or the version a request asked for) when the
        backend serves adapters by name (vLLM over HTTP); otherwise with the base model. An adapter the
        server cannot load (no runtime LoRA, another base model) falls back to the base model with a
        warning; loads are re-confirmed every minute, so a restarted server gets its adapter back."""
        if asked == BASE:   # explicitly the base model, production adapter or not (evaluation baselines)
            return self.model, None
        return self._adapter_model(self.adapters, asked)

    def _planner_model(self) -> tuple[ChatModel, str | None]:
        """The planner plans with this store's production planner adapter (`rec tune planner`), if any."""
        return self._adapter_model(self.planner_adapters, None)

    def _adapter_model(self, registry: Registry, asked: str | None) -> tuple[ChatModel, str | None]:
        """The model serving `asked` (None: the registry's production version) of one store and role, or the
        base model when there is none, the backend cannot serve adapters by name, or the load failed."""
        if asked is None:
            production = registry.production()
            asked = production["version"] if production else None
        for_model = getattr(self.model, "for_model", None)
        if asked is None or for_model is None:
            return self.model, None
        now = time.monotonic()
        if now - self._loaded.get(asked, -1e9) > 60:
            try:
                entry = registry.get(asked)
                if Path(entry.get("base_model", "")).name != Path(self.cfg.llm.model).name:
                    raise InputError(f"adapter {asked} was trained on {entry.get('base_model')}, "
                                     f"not {self.cfg.llm.model}")
                load_into_server(self.cfg.base_urls, asked, Path(entry["path"]), api_key=self.cfg.llm.api_key)
            except RecError as e:
                log.warning("%s with the base model: adapter %s is unavailable (%s)",
                            "planning" if registry.role == "planner" else "ranking", asked, e)
                self._loaded.pop(asked, None)
                return self.model, None
            self._loaded[asked] = now
        return for_model(served_adapter_name(asked)), asked

    def _thread_key(self, thread: str) -> str:
        """The checkpointer's thread id: threads of every store share one PostgreSQL database, so there the
        store's name goes in front (a SQLite file holds one store's threads)."""
        return f"{self.cfg.store}/{thread}" if self._shared_threads else thread

    def _thread_lock(self, thread: str) -> threading.Lock:
        with self._guard:
            lock = self._threads.get(thread)
            if lock is None:
                lock = self._threads[thread] = threading.Lock()
            return lock

    def recommend(self, request: RecRequest, *, remember: bool = True, response_id: str | None = None,
                  adapter: str | None = None) -> RecResponse:
        """One turn (see `_turn`), logged as shown before it is returned."""
        response, log_shown = self.turn(request, remember=remember, response_id=response_id, adapter=adapter)
        log_shown()
        return response

    def turn(self, request: RecRequest, *, remember: bool = True, response_id: str | None = None,
             adapter: str | None = None) -> tuple[RecResponse, Callable[[], None]]:
        """One turn, not logged yet: call the second value once the user has the items (a stream the client
        abandoned must not log them as shown). A store error on a store re-ingested meanwhile reopens the
        store and retries once."""
        version = self.retriever.version
        try:
            return self._finish(self.stream(request, remember=remember, response_id=response_id, adapter=adapter))
        except StoreError:
            if self.retriever.store.signature() == version:   # the store did not change: a real failure
                raise
            self.refresh(failed=version)
        return self._finish(self.stream(request, remember=remember, response_id=response_id, adapter=adapter))

    @staticmethod
    def _finish(events: Iterator[dict[str, Any]]) -> tuple[RecResponse, Callable[[], None]]:
        done = next(e for e in events if e["event"] == "done")
        return done["response"], done["log_shown"]

    def stream(self, request: RecRequest, *, remember: bool = True, response_id: str | None = None,
               adapter: str | None = None, cancel: threading.Event | None = None) -> Iterator[dict[str, Any]]:
        """One turn as events, each the moment it exists: `plan`, `list` (the ranked items, before their
        explanations), `token` (raw explanation text), `explanation` ({item_id, text}, checked), `answer`
        (a turn that answers in words), then `done` ({response, log_shown}). With a thread id the
        conversation continues; without one `remember=True` starts a thread and `remember=False` keeps
        nothing (the API and batch: each request carries its whole conversation). A turn is all or nothing
        for the thread: interrupted, abandoned or failed, the thread goes back to where it was."""
        with self.reading():
            yield from self._events(request, remember, response_id, adapter, cancel or threading.Event())

    def validate(self, request: RecRequest) -> None:
        """What every entry point checks before a turn (the API, batch, chat): the filters name fields this
        store has, with operators their types allow. Raises InputError naming the first that does not."""
        if request.filters:
            self.retriever.where_for(request.filters)

    def _events(self, request: RecRequest, remember: bool, response_id: str | None, adapter: str | None,
                cancel: threading.Event) -> Iterator[dict[str, Any]]:
        self.validate(request)
        if not request.has_words and not self.retriever.collab.history(request.user_id or ""):
            raise NotFoundError(f"user {request.user_id!r} has no history in store {self.cfg.store!r}; "
                                "give a query")
        thread = request.thread_id or (uuid.uuid4().hex if remember else None)
        update = {"messages": request.conversation(), "user_id": request.user_id, "k": request.k,
                  "filters": [c.model_dump() for c in request.filters]}
        config = {"configurable": {"adapter": adapter, "cancel": cancel,
                                   **({"thread_id": self._thread_key(thread)} if thread else {})}}
        graph = self.graph if thread else self._stateless
        t0, traced, before, state, finished = time.perf_counter(), 0, None, {}, False
        with self._thread_lock(thread) if thread else nullcontext():
            if thread:
                snapshot = graph.get_state(config)
                before, traced = snapshot.config, len(snapshot.values.get("trace", []))
            try:
                for mode, chunk in graph.stream(update, config, stream_mode=["values", "updates", "custom"]):
                    if mode == "values":
                        state = chunk
                    else:
                        yield from _events_of(mode, chunk)
                finished = True
            finally:
                if not finished:
                    cancel.set()
                    if thread:
                        self._restore(thread, before)
        response, log_shown = self._response(state, request, traced, thread, response_id, time.perf_counter() - t0)
        yield {"event": "done", "response": response, "log_shown": log_shown}

    def _response(self, state: dict, request: RecRequest, traced: int, thread: str | None, response_id: str | None,
                  latency: float) -> tuple[RecResponse, Callable[[], None]]:
        """The turn's response from the graph's state (a list, or words when the turn answered in words)
        and the step that logs what it showed."""
        # a list only when this turn ranked one: a turn that answered in words (a question back after an
        # empty result included) keeps the last list in the state, for "the second one", but shows none
        listed = state.get("intent", "recommend") == "recommend" and not state.get("answer")
        plan = Plan.model_validate(state["plan"]) if state.get("plan") else Plan(query="")
        response = RecResponse(id=response_id or uuid.uuid4().hex, plan=plan,
                               items=[RecItem.model_validate(i) for i in state.get("ranking", [])] if listed else [],
                               note=state.get("note") if listed else None, answer=state.get("answer"),
                               intent=state.get("intent", "recommend"), trace=state.get("trace", [])[traced:],
                               thread_id=thread)
        seen = state.get("ranked_with") or {}
        return response, partial(self.feedback_store.record_response, response, request, thread=thread,
                                 latency_s=latency, model=self.model.name, adapter=seen.get("adapter"),
                                 context={"request": seen.get("request", ""), "history": seen.get("history", [])})

    def _restore(self, thread: str, before: dict | None) -> None:
        if before and before["configurable"].get("checkpoint_id"):
            self.graph.update_state(before, None)  # a new head forked from the pre-turn checkpoint
        else:
            self._saver.delete_thread(self._thread_key(thread))   # the thread did not exist before this turn

    def feedback(self, response_id: str, item_id: str, event: str, value: float | None = None,
                 key: str | None = None) -> int:
        """Record what the user did with a shown item; `like`/`dislike` also steer the rest of the
        conversation (a liked item becomes a "more like this" reference, a disliked one never returns).
        `key` makes a retried post idempotent. Returns the event's id.

        Raises NotFoundError for an unknown response, InputError for an item that response did not show."""
        try:
            record = FeedbackEvent(response_id=response_id, item_id=item_id, event=event, value=value)
        except ValidationError as e:
            raise InputError(f"bad feedback: {validation_summary(e)}") from None
        event_id = self.feedback_store.record_event(record, key=key)
        steer = {"like": "liked_ids", "dislike": "disliked_ids"}.get(event)
        logged = self.feedback_store.response(response_id) if steer else None
        if steer and logged and logged.thread:
            config = {"configurable": {"thread_id": self._thread_key(logged.thread)}}
            with self._thread_lock(logged.thread):
                state = self.graph.get_state(config).values
                if state:
                    ids = [i for i in state.get(steer, []) if i != item_id] + [item_id]
                    other = "disliked_ids" if steer == "liked_ids" else "liked_ids"
                    self.graph.update_state(config, {steer: ids, other: [i for i in state.get(other, [])
                                                                         if i != item_id]})
        return event_id

    def reset(self, thread_id: str) -> None:
        with self._thread_lock(thread_id):
            self._saver.delete_thread(self._thread_key(thread_id))

    def close(self, *, keep_model: bool = False) -> None:
        """Close the thread store and the feedback log, and the model unless `keep_model` (a model shared
        with other recommenders, as in an evaluation's rows)."""
        self._close_threads()
        self.feedback_store.close()
        if not keep_model:
            self.model.close()


def open_threads(cfg: RecConfig, path: Path | None = None) -> tuple[Any, Callable[[], None], bool]:
    """Where conversation threads are kept: (checkpointer, its close, shared?). PostgreSQL (LangGraph's
    PostgresSaver over a connection pool) when feedback is, so a thread started on one host continues on
    another; SQLite at `path` (default: the store's threads.sqlite) otherwise, or when `path` is given."""
    from rec.postgres import advisory_lock, is_postgres, open_pool

    if path is None and is_postgres(cfg.feedback.url):
        from langgraph.checkpoint.postgres import PostgresSaver

        assert cfg.feedback.url is not None
        pool = open_pool(cfg.feedback.url, "thread database", max_size=4, dict_rows=True, autocommit=True)
        saver = PostgresSaver(pool)
        try:
            with advisory_lock(pool, 7318, "thread database"):   # hosts starting at once migrate once
                saver.setup()
        except Exception as e:
            pool.close()
            raise StoreError(f"cannot set up the thread tables: {first_line(e)}") from e
        return saver, pool.close, True
    from langgraph.checkpoint.sqlite import SqliteSaver

    conn = sqlite3.connect(str(path or cfg.store_dir / "threads.sqlite"), check_same_thread=False)
    return SqliteSaver(conn), conn.close, False   # thread-safe: it holds its own lock around the connection


def build_recommender(cfg: RecConfig, model: ChatModel | None = None, *, log_dir: Path | None = None) -> Recommender:
    """The façade from config: the chosen model backend and the store's retriever. `log_dir`: keep the
    threads and the response log there instead of in the store (an evaluation is not user feedback).
    `model_reason` on the result says which backend was chosen and why."""
    from rec.llm.factory import build_chat_model
    from rec.retrieval.embeddings import build_embedder
    from rec.retrieval.search import Retriever
    from rec.retrieval.store import require_items

    require_items(cfg)
    retriever = Retriever(cfg, build_embedder(cfg.retrieval.embedder))
    choice = None if model is not None else build_chat_model(cfg)
    feedback, checkpoint = None, None
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        feedback, checkpoint = open_feedback_store(None, log_dir / "eval.sqlite"), log_dir / "threads.sqlite"
    rec = Recommender(cfg, model or choice.model, retriever, checkpoint_path=checkpoint, feedback=feedback)
    rec.model_reason = choice.reason if choice else f"given: {rec.model.name}"
    return rec


@contextmanager
def open_recommender(cfg: RecConfig, model: ChatModel | None = None, *, log_dir: Path | None = None,
                     loading: AbstractContextManager[Any] | None = None) -> Iterator[Recommender]:
    """The one way every entry point opens and closes a Recommender (`build_recommender`'s arguments);
    `loading` (a spinner) is shown while it is built."""
    with loading or nullcontext():
        rec = build_recommender(cfg, model, log_dir=log_dir)
    try:
        yield rec
    finally:
        rec.close()


def _events_of(mode: str, chunk: Any) -> Iterator[dict[str, Any]]:
    """The stream events of one graph update (`updates`: {node: partial state}) or custom write."""
    if mode == "custom":
        if "token" in chunk:
            yield {"event": "token", "text": chunk["token"]}
        elif "explanation" in chunk:
            yield {"event": "explanation", **chunk["explanation"]}
        return
    for node, update in (chunk or {}).items():
        update = update or {}
        if node == "planner" and update.get("plan"):
            yield {"event": "plan", "plan": update["plan"], "intent": update.get("intent", "recommend")}
        elif node == "ranker":
            yield {"event": "list", "items": update.get("ranking", []), "note": None}
        elif node in ("answer", "reply", "clarify") and update.get("answer"):
            yield {"event": "answer", "text": update["answer"], "kind": node}
