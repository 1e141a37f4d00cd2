"""The feedback store: every response and every feedback event (DESIGN.md §1, §7 FeedbackStore).

SQLite (WAL, synchronous=FULL) under the store's directory by default; PostgreSQL
when `feedback.url` is a `postgresql://` URL. One schema for both, created and
upgraded by the migrations below. A write is committed before the call returns,
so the API answers only after the record is durable. Events must name a logged
response and an item that response showed (else InputError with the reason);
imported interactions carry no response.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from rec.errors import InputError, NotFoundError, StoreError, first_line
from rec.schema import FeedbackEvent, Interaction, RecRequest, RecResponse
from rec.sqlite_wal import enable_wal

# Each migration is a list of statements; `{id}` is the dialect's auto-increment key column.
MIGRATIONS: list[list[str]] = [
    [
        "CREATE TABLE responses (id TEXT PRIMARY KEY, created DOUBLE PRECISION NOT NULL, thread TEXT, user_id TEXT, "
        "model TEXT, adapter TEXT, latency_s DOUBLE PRECISION, request TEXT NOT NULL, plan TEXT NOT NULL, "
        "items TEXT NOT NULL)",
        "CREATE TABLE shown (response_id TEXT NOT NULL REFERENCES responses(id), position INTEGER NOT NULL, "
        "item_id TEXT NOT NULL, PRIMARY KEY (response_id, item_id))",
        "CREATE TABLE events ({id}, response_id TEXT REFERENCES responses(id), user_id TEXT, item_id TEXT NOT NULL, "
        "event TEXT NOT NULL, value DOUBLE PRECISION, ts DOUBLE PRECISION NOT NULL, source TEXT NOT NULL)",
        "CREATE INDEX events_ts ON events (ts)",
        "CREATE INDEX events_response ON events (response_id)",
        "CREATE INDEX responses_created ON responses (created)",
    ],
    [   # idempotency keys: a client that retries a post it never saw answered stores the event once
        "ALTER TABLE events ADD COLUMN key TEXT",
        "CREATE UNIQUE INDEX events_key ON events (key)",
    ],
    [   # what the ranker saw (request text, history titles), so tuning can rebuild its exact prompt
        "ALTER TABLE responses ADD COLUMN context TEXT",
    ],
]


@dataclass
class LoggedResponse:
    id: str
    thread: str | None
    user_id: str | None
    shown: list[str]


@dataclass
class LoggedTurn:
    """A logged response with what the user then did: events are (item_id, event, value, ts)."""

    id: str
    created: float
    user_id: str | None
    items: list[dict[str, Any]]        # the shown items (RecItem dumps: id, title, metadata...)
    context: dict[str, Any]            # what the ranker saw: {"request", "history"}
    model: str | None
    adapter: str | None
    events: list[tuple[str, str, float | None, float]]
    request: dict[str, Any] = field(default_factory=dict)   # the RecRequest as sent (planner tuning reads it)
    plan: dict[str, Any] = field(default_factory=dict)      # the plan the turn was answered with


@dataclass
class _Ticket:
    """An event waiting for its group commit."""

    event: FeedbackEvent
    ts: float
    key: str | None
    id: int | None = None
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)


class FeedbackStore(Protocol):
    def record_response(self, response: RecResponse, request: RecRequest, *, thread: str | None, latency_s: float,
                        model: str, adapter: str | None = None, context: dict[str, Any] | None = None) -> None: ...
    def logged(self, since: float = 0.0) -> Iterator[LoggedTurn]: ...
    def record_event(self, event: FeedbackEvent, ts: float | None = None, key: str | None = None) -> int: ...
    def response(self, response_id: str) -> LoggedResponse | None: ...
    def import_interactions(self, rows: Iterable[Interaction], known_items: set[str] | None = None,
                            progress: Callable[[int], None] | None = None) -> int: ...
    def stats(self) -> dict[str, Any]: ...
    def close(self) -> None: ...


class SQLFeedbackStore:
    """FeedbackStore over a DB-API connection (sqlite3 or psycopg); one connection, one lock."""

    def __init__(self, connect: Callable[[], contextlib.AbstractContextManager[Any]], *, placeholder: str,
                 id_column: str, where: str, begin: str, driver_error: type[BaseException],
                 close: Callable[[], None]):
        """`connect()`: a connection for one transaction (SQLite: the one connection; PostgreSQL: one from
        the pool); `close()` closes them all."""
        self._connect, self._close, self._ph, self.where = connect, close, placeholder, where
        self._driver_error = driver_error
        self._lock = threading.Lock()            # the connection
        self._cv = threading.Condition()         # events waiting for the writer's next group commit
        self._queue: list[_Ticket] = []
        self._writer: threading.Thread | None = None
        self._closed = False
        self._migrate(id_column, begin)

    def _sql(self, statement: str) -> str:
        return statement.replace("?", self._ph)

    @contextlib.contextmanager
    def _tx(self) -> Iterator[Any]:
        """A cursor whose work commits on success and rolls back on error (callers hold the lock)."""
        with self._connect() as conn:
            try:
                cur = conn.cursor()
            except self._driver_error as e:
                raise StoreError(f"feedback database {self.where}: {first_line(e)}") from e
            try:
                yield cur
                conn.commit()
            except self._driver_error as e:   # the database refused (locked, gone, full): say so, in one line
                self._rollback(conn)
                raise StoreError(f"feedback database {self.where}: {first_line(e)}") from e
            except BaseException:
                self._rollback(conn)
                raise
            finally:
                with contextlib.suppress(self._driver_error):
                    cur.close()

    def _rollback(self, conn: Any) -> None:
        with contextlib.suppress(self._driver_error):
            conn.rollback()

    def _migrate(self, id_column: str, begin: str) -> None:
        """Bring the schema up to date; `begin` takes the database's write lock first, so two processes
        starting at once do not both run a migration (SQLite DDL would otherwise autocommit)."""
        with self._lock, self._tx() as cur:
            cur.execute(begin)
            cur.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            cur.execute("SELECT max(version) FROM schema_version")
            current = cur.fetchone()[0] or 0
            for version, statements in enumerate(MIGRATIONS[current:], start=current + 1):
                for statement in statements:
                    cur.execute(statement.replace("{id}", id_column))
                cur.execute(self._sql("INSERT INTO schema_version VALUES (?)"), (version,))

    def record_response(self, response: RecResponse, request: RecRequest, *, thread: str | None, latency_s: float,
                        model: str, adapter: str | None = None, context: dict[str, Any] | None = None) -> None:
        items = [i.model_dump() for i in response.items]
        with self._lock, self._tx() as cur:
            cur.execute(self._sql("INSERT INTO responses (id, created, thread, user_id, model, adapter, latency_s, "
                                  "request, plan, items, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                        (response.id, time.time(), thread, request.user_id, model, adapter, latency_s,
                         request.model_dump_json(), response.plan.model_dump_json(), json.dumps(items),
                         json.dumps(context) if context is not None else None))
            cur.executemany(self._sql("INSERT INTO shown VALUES (?, ?, ?)"),
                            [(response.id, n, item.item_id) for n, item in enumerate(response.items)])

    def response(self, response_id: str) -> LoggedResponse | None:
        with self._lock, self._tx() as cur:
            cur.execute(self._sql("SELECT thread, user_id FROM responses WHERE id = ?"), (response_id,))
            row = cur.fetchone()
            if row is None:
                return None
            cur.execute(self._sql("SELECT item_id FROM shown WHERE response_id = ? ORDER BY position"), (response_id,))
            return LoggedResponse(response_id, row[0], row[1], [r[0] for r in cur.fetchall()])

    def record_event(self, event: FeedbackEvent, ts: float | None = None, key: str | None = None) -> int:
        """Store one event for a shown item and return its id, once it is committed. NotFoundError for an
        unknown response, InputError for an item it did not show. With `key` (an idempotency key), a
        repeat of the same event returns the first one's id instead of storing it twice.

        Group commit: events posted at the same time share one transaction (one fsync) made by a
        writer thread; each caller is answered only after that commit, and a bad event fails alone."""
        ticket = _Ticket(event, ts or time.time(), key)
        with self._cv:
            if self._closed:
                raise StoreError("the feedback store is closed")
            self._queue.append(ticket)
            if self._writer is None:
                self._writer = threading.Thread(target=self._write_loop, name="rec-feedback-writer", daemon=True)
                self._writer.start()
            self._cv.notify()
        ticket.done.wait()
        if ticket.error is not None:
            raise ticket.error
        assert ticket.id is not None
        return ticket.id

    def _write_loop(self) -> None:
        while True:
            with self._cv:
                while not self._queue and not self._closed:
                    self._cv.wait()
                if not self._queue:
                    return
                batch, self._queue = self._queue, []
            try:
                with self._lock, self._tx() as cur:
                    for ticket in batch:
                        try:
                            ticket.id = self._insert_event(cur, ticket)
                        except InputError as e:
                            ticket.error = e
            except Exception as e:   # the commit failed: nobody in this batch was stored
                for ticket in batch:
                    ticket.id, ticket.error = None, ticket.error or e
            finally:
                for ticket in batch:
                    ticket.done.set()

    def _insert_event(self, cur: Any, t: _Ticket) -> int:
        event = t.event
        if t.key is not None and (known := self._by_key(cur, t)) is not None:
            return known
        cur.execute(self._sql("SELECT user_id FROM responses WHERE id = ?"), (event.response_id,))
        row = cur.fetchone()
        if row is None:
            raise NotFoundError(f"unknown response_id {event.response_id!r}")
        cur.execute(self._sql("SELECT 1 FROM shown WHERE response_id = ? AND item_id = ?"),
                    (event.response_id, event.item_id))
        if cur.fetchone() is None:
            raise InputError(f"item {event.item_id!r} was not shown in response {event.response_id!r}")
        # ON CONFLICT: another process may have stored the same key since the check above
        cur.execute(self._sql("INSERT INTO events (response_id, user_id, item_id, event, value, ts, source, key) "
                              "VALUES (?, ?, ?, ?, ?, ?, 'feedback', ?) ON CONFLICT (key) DO NOTHING RETURNING id"),
                    (event.response_id, row[0], event.item_id, event.event, event.value, t.ts, t.key))
        inserted = cur.fetchone()
        if inserted is None:
            known = self._by_key(cur, t)
            assert known is not None
            return known
        return int(inserted[0])

    def _by_key(self, cur: Any, t: _Ticket) -> int | None:
        """The id of the event stored under `t.key`, if any (InputError if it is another event)."""
        cur.execute(self._sql("SELECT id, response_id, item_id, event, value FROM events WHERE key = ?"), (t.key,))
        row = cur.fetchone()
        if row is None:
            return None
        e = t.event
        if tuple(row[1:]) != (e.response_id, e.item_id, e.event, e.value):
            raise InputError(f"idempotency key {t.key!r} was already used for a different event")
        return int(row[0])

    def logged(self, since: float = 0.0) -> Iterator[LoggedTurn]:
        """Responses created after `since` with their feedback events, oldest first (tuning reads this)."""
        with self._lock, self._tx() as cur:
            cur.execute(self._sql("SELECT id, created, user_id, items, context, model, adapter, request, plan "
                                  "FROM responses "
                                  "WHERE created > ? ORDER BY created, id"), (since,))
            rows = cur.fetchall()
            cur.execute(self._sql("SELECT e.response_id, e.item_id, e.event, e.value, e.ts FROM events e "
                                  "JOIN responses r ON r.id = e.response_id WHERE r.created > ? ORDER BY e.ts, e.id"),
                        (since,))
            events: dict[str, list[tuple]] = {}
            for rid, *rest in cur.fetchall():
                events.setdefault(rid, []).append(tuple(rest))
        for rid, created, user_id, items, context, model, adapter, request, plan in rows:
            yield LoggedTurn(rid, float(created), user_id, json.loads(items), json.loads(context or "{}"),
                             model, adapter, events.get(rid, []), json.loads(request or "{}"), json.loads(plan or "{}"))

    def import_interactions(self, rows: Iterable[Interaction], known_items: set[str] | None = None,
                            progress: Callable[[int], None] | None = None, batch: int = 5000) -> int:
        """Bulk-load interactions (no response); an item outside `known_items` stops the import
        with its reason (the batches before it stay: re-running imports them again). `progress(n)` is
        called with each batch stored."""
        count, chunk = 0, []
        for row in rows:
            if known_items is not None and row.item_id not in known_items:
                raise InputError(f"unknown item {row.item_id!r} (user {row.user_id}); ingest the catalog first")
            chunk.append((row.user_id, row.item_id, row.event, row.value, row.ts or time.time()))
            if len(chunk) >= batch:
                count += self._insert_imported(chunk, progress)
                chunk = []
        return count + (self._insert_imported(chunk, progress) if chunk else 0)

    def _insert_imported(self, chunk: Sequence[tuple], progress: Callable[[int], None] | None = None) -> int:
        with self._lock, self._tx() as cur:
            cur.executemany(self._sql("INSERT INTO events (response_id, user_id, item_id, event, value, ts, source) "
                                      "VALUES (NULL, ?, ?, ?, ?, ?, 'import')"), list(chunk))
        if progress is not None:
            progress(len(chunk))
        return len(chunk)

    def stats(self) -> dict[str, Any]:
        with self._lock, self._tx() as cur:
            cur.execute("SELECT count(*), min(created), max(created) FROM responses")
            n, first, last = cur.fetchone()
            cur.execute("SELECT event, source, count(*) FROM events GROUP BY event, source ORDER BY event, source")
            by_event: dict[str, dict[str, int]] = {}
            for event, source, c in cur.fetchall():
                by_event.setdefault(event, {})[source] = int(c)
            cur.execute("SELECT count(DISTINCT user_id), count(DISTINCT item_id) FROM events")
            users, items = cur.fetchone()
        return {"where": self.where, "responses": int(n), "first_response": first, "last_response": last,
                "events": by_event, "users": int(users), "items": int(items)}

    def close(self) -> None:
        with self._cv:
            self._closed = True
            self._cv.notify_all()
        if self._writer is not None:
            self._writer.join(timeout=60)   # it commits what is queued, then stops
        with self._lock:
            self._close()


def open_sqlite(path: Path) -> SQLFeedbackStore:
    import sqlite3

    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
    enable_wal(conn, timeout=30)
    conn.execute("PRAGMA synchronous=FULL")      # durable at commit, not just consistent
    conn.execute("PRAGMA foreign_keys=ON")
    return SQLFeedbackStore(lambda: contextlib.nullcontext(conn), placeholder="?",
                            id_column="id INTEGER PRIMARY KEY AUTOINCREMENT", where=str(path),
                            begin="BEGIN IMMEDIATE", driver_error=sqlite3.Error, close=conn.close)


def open_postgres(url: str) -> SQLFeedbackStore:
    """The feedback store over a connection pool (rec/postgres.py): a server restart costs no request."""
    import psycopg

    from rec.config import redact_url
    from rec.postgres import connection, open_pool

    pool = open_pool(url, "feedback database")
    where = redact_url(url)
    return SQLFeedbackStore(lambda: connection(pool, f"feedback database {where}"), placeholder="%s",
                            id_column="id BIGSERIAL PRIMARY KEY", where=where,
                            begin="SELECT pg_advisory_xact_lock(7316)", driver_error=psycopg.Error, close=pool.close)


def open_feedback_store(url: str | None, default_path: Path) -> SQLFeedbackStore:
    """`feedback.url`: None -> SQLite at `default_path`; sqlite:///PATH; postgresql://..."""
    if not url:
        return open_sqlite(default_path)
    from rec.postgres import is_postgres

    if is_postgres(url):
        return open_postgres(url)
    if url.startswith("sqlite:///"):
        return open_sqlite(Path(url.removeprefix("sqlite:///")))
    from rec.config import redact_url

    raise InputError(f"feedback.url must be sqlite:///PATH or postgresql://..., got {redact_url(url)!r}")
