"""build_recommender(cfg) and the Recommender façade every entry point uses (DESIGN.md §1).

Built once per process: the model, the retriever (embedder + store) and the
compiled graph with a SQLite checkpointer (REC_HOME/stores/NAME/threads.sqlite),
so conversations survive restarts. Every response gets an id and is
recorded in the feedback store (rec/feedback/) before it is returned.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from pathlib import Path

from pydantic import ValidationError

from rec.config import RecConfig
from rec.errors import InputError, StoreError, validation_summary
from rec.feedback.store import FeedbackStore, open_feedback_store
from rec.llm.base import ChatModel
from rec.schema import FeedbackEvent, Plan, RecItem, RecRequest, RecResponse


class Recommender:
    def __init__(self, cfg: RecConfig, model: ChatModel, retriever, checkpoint_path: Path | None = None,
                 feedback: FeedbackStore | None = None):
        from langgraph.checkpoint.sqlite import SqliteSaver

        from rec.agents.graph import build_graph

        self.cfg = cfg
        self.model = model
        self.retriever = retriever
        cfg.store_dir.mkdir(parents=True, exist_ok=True)
        path = checkpoint_path or cfg.store_dir / "threads.sqlite"
        self._conn = sqlite3.connect(str(path), check_same_thread=False)
        self._saver = SqliteSaver(self._conn)
        self.graph = build_graph(cfg, model, retriever, self._saver)
        self.feedback_store = feedback or open_feedback_store(cfg.feedback.url, cfg.store_dir / "feedback.sqlite")
        self._lock = threading.Lock()  # SqliteSaver is not safe across threads

    def recommend(self, request: RecRequest) -> RecResponse:
        """One turn. With a thread id, the conversation continues (the plan is refined).

        A turn is all or nothing for the thread: if it is interrupted (Ctrl-C in `rec chat`) or fails,
        the thread goes back to where it was before, so the next turn does not see half of this one."""
        thread = request.thread_id or uuid.uuid4().hex
        messages = request.messages or [{"role": "user", "content": request.query or ""}]
        update = {"messages": messages, "user_id": request.user_id, "k": request.k,
                  "filters": [c.model_dump() for c in request.filters]}
        config = {"configurable": {"thread_id": thread}}
        t0 = time.perf_counter()
        with self._lock:
            before = self.graph.get_state(config).config
            try:
                state = self.graph.invoke(update, config)
            except BaseException:
                self._restore(thread, before)
                raise
        turn = state.get("trace", [])[-3:]
        response = RecResponse(id=uuid.uuid4().hex, plan=Plan.model_validate(state["plan"]),
                               items=[RecItem.model_validate(i) for i in state.get("ranking", [])],
                               note=state.get("note"), trace=turn, thread_id=thread)
        self.feedback_store.record_response(response, request, thread=thread, latency_s=time.perf_counter() - t0,
                                            model=self.model.name)
        return response

    def _restore(self, thread: str, before: dict) -> None:
        if before["configurable"].get("checkpoint_id"):
            self.graph.update_state(before, None)  # a new head forked from the pre-turn checkpoint
        else:
            self._saver.delete_thread(thread)       # the thread did not exist before this turn

    def feedback(self, response_id: str, item_id: str, event: str, value: float | None = None) -> None:
        """Record what the user did with a shown item; `like`/`dislike` also steer the rest of the
        conversation (a liked item becomes a "more like this" reference, a disliked one never returns).

        Raises InputError for an unknown response or an item that response did not show."""
        try:
            record = FeedbackEvent(response_id=response_id, item_id=item_id, event=event, value=value)
        except ValidationError as e:
            raise InputError(f"bad feedback: {validation_summary(e)}") from None
        self.feedback_store.record_event(record)   # InputError for an unknown response or item
        key = {"like": "liked_ids", "dislike": "disliked_ids"}.get(event)
        logged = self.feedback_store.response(response_id) if key else None
        if key and logged and logged.thread:
            config = {"configurable": {"thread_id": logged.thread}}
            with self._lock:
                state = self.graph.get_state(config).values
                if state:
                    ids = [i for i in state.get(key, []) if i != item_id] + [item_id]
                    other = "disliked_ids" if key == "liked_ids" else "liked_ids"
                    self.graph.update_state(config, {key: ids, other: [i for i in state.get(other, [])
                                                                       if i != item_id]})

    def reset(self, thread_id: str) -> None:
        with self._lock:
            self._saver.delete_thread(thread_id)

    def close(self) -> None:
        self._conn.close()
        self.feedback_store.close()
        self.model.close()


def build_recommender(cfg: RecConfig, model: ChatModel | None = None) -> Recommender:
    """The façade from config: the chosen model backend and the store's retriever."""
    from rec.llm.factory import build_chat_model
    from rec.retrieval.embeddings import build_embedder
    from rec.retrieval.search import Retriever

    retriever = Retriever(cfg, build_embedder(cfg.retrieval.embedder))
    if not retriever.store.read_manifest().get("items"):
        raise StoreError(f"store {cfg.store!r} is empty; ingest a catalog first (rec ingest CATALOG)")
    return Recommender(cfg, model or build_chat_model(cfg).model, retriever)
