"""build_recommender(cfg) and the Recommender façade every entry point uses (DESIGN.md §1).

Built once per process: the model, the retriever (embedder + store) and the
compiled graph with a SQLite checkpointer (REC_HOME/stores/NAME/threads.sqlite),
so conversations survive restarts. Every response gets an id and is logged
(a minimal SQLite log here; the feedback store replaces it).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from pathlib import Path

from rec.config import RecConfig
from rec.errors import StoreError
from rec.llm.base import ChatModel
from rec.schema import Plan, RecItem, RecRequest, RecResponse


class Recommender:
    def __init__(self, cfg: RecConfig, model: ChatModel, retriever, checkpoint_path: Path | None = None):
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
        self._log = _ResponseLog(cfg.store_dir / "responses.sqlite")
        self._lock = threading.Lock()  # SqliteSaver is not safe across threads

    def recommend(self, request: RecRequest) -> RecResponse:
        """One turn. With a thread id, the conversation continues (the plan is refined)."""
        thread = request.thread_id or uuid.uuid4().hex
        messages = request.messages or [{"role": "user", "content": request.query or ""}]
        update = {"messages": messages, "user_id": request.user_id, "k": request.k,
                  "filters": [c.model_dump() for c in request.filters]}
        t0 = time.perf_counter()
        with self._lock:
            state = self.graph.invoke(update, {"configurable": {"thread_id": thread}})
        turn = state.get("trace", [])[-3:]
        response = RecResponse(id=uuid.uuid4().hex, plan=Plan.model_validate(state["plan"]),
                               items=[RecItem.model_validate(i) for i in state.get("ranking", [])],
                               note=state.get("note"), trace=turn)
        self._log.write(response, request, thread, time.perf_counter() - t0, self.model.name)
        return response

    def reset(self, thread_id: str) -> None:
        with self._lock:
            self._saver.delete_thread(thread_id)

    def close(self) -> None:
        self._conn.close()
        self._log.close()
        self.model.close()


class _ResponseLog:
    """Every response, as JSON, with its request and latency (durable before we return)."""

    def __init__(self, path: Path):
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS responses (id TEXT PRIMARY KEY, thread TEXT, "
                         "created REAL, model TEXT, latency_s REAL, request TEXT, response TEXT)")
        self._lock = threading.Lock()

    def write(self, response: RecResponse, request: RecRequest, thread: str, latency: float, model: str) -> None:
        with self._lock, self._db:
            self._db.execute("INSERT INTO responses VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (response.id, thread, time.time(), model, latency, request.model_dump_json(),
                              json.dumps(response.model_dump(exclude={"trace"}))))

    def close(self) -> None:
        self._db.close()


def build_recommender(cfg: RecConfig, model: ChatModel | None = None) -> Recommender:
    """The façade from config: the chosen model backend and the store's retriever."""
    from rec.llm.factory import build_chat_model
    from rec.retrieval.embeddings import build_embedder
    from rec.retrieval.search import Retriever

    retriever = Retriever(cfg, build_embedder(cfg.retrieval.embedder))
    if not retriever.store.read_manifest().get("items"):
        raise StoreError(f"store {cfg.store!r} is empty; ingest a catalog first (rec ingest CATALOG)")
    return Recommender(cfg, model or build_chat_model(cfg).model, retriever)
