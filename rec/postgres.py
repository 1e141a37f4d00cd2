"""PostgreSQL connections for everything several hosts share (feedback, threads, store artifacts).

One `psycopg_pool.ConnectionPool` per user of the database, each connection checked when it is handed
out (`ConnectionPool.check_connection`): a connection the server dropped (a restart, an idle timeout) is
replaced there and then, so the first request after the server comes back succeeds instead of failing
on a dead socket. Opening waits for one connection, so a wrong URL is one clear error at start-up.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from rec.errors import StoreError, first_line

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
log = logging.getLogger("rec")


def is_postgres(url: str | None) -> bool:
    return bool(url) and str(url).startswith(POSTGRES_SCHEMES)


def open_pool(url: str, what: str, *, max_size: int = 4, dict_rows: bool = False, autocommit: bool = False,
              timeout_s: float = 10.0) -> Any:
    """A ConnectionPool over `url` (`what`: whose, for errors); StoreError without the password when no
    connection can be made within `timeout_s`."""
    try:
        import psycopg
        from psycopg_pool import ConnectionPool, PoolTimeout
    except ImportError:
        raise StoreError(f"{what} is a PostgreSQL URL but psycopg/psycopg_pool are not installed "
                         "(pip install 'psycopg[binary]' psycopg-pool)") from None
    try:   # one plain connection first: a wrong URL or a refused connection fails at once, with its reason
        psycopg.connect(url, connect_timeout=int(max(1, timeout_s))).close()
    except psycopg.Error as e:
        raise StoreError(f"cannot connect to the {what} {_shown(url)}: {_reason(e, url)}") from None
    kwargs: dict[str, Any] = {"connect_timeout": int(max(1, timeout_s)), "autocommit": autocommit}
    if dict_rows:
        from psycopg.rows import dict_row

        kwargs.update(row_factory=dict_row, prepare_threshold=0)   # what LangGraph's PostgresSaver expects
    pool = ConnectionPool(url, min_size=1, max_size=max_size, kwargs=kwargs, open=False, timeout=timeout_s,
                          check=ConnectionPool.check_connection, name=what)
    try:
        pool.open(wait=True, timeout=timeout_s)
    except (PoolTimeout, psycopg.Error) as e:
        pool.close()
        raise StoreError(f"cannot connect to the {what} {_shown(url)}: {_reason(e, url)}") from None
    return pool


@contextmanager
def connection(pool: Any, where: str) -> Iterator[Any]:
    """A pooled connection; failing to get one (server down past the pool's timeout) is a StoreError."""
    import psycopg
    from psycopg_pool import PoolTimeout

    try:
        conn = pool.getconn()
    except (PoolTimeout, psycopg.Error) as e:
        raise StoreError(f"{where}: no database connection ({first_line(e)})") from None
    try:
        yield conn
    finally:
        pool.putconn(conn)   # a broken connection is discarded, an open transaction rolled back


@contextmanager
def advisory_lock(pool: Any, key: int, what: str, *, timeout_s: float = 120.0, poll_s: float = 0.05) -> Iterator[None]:
    """PostgreSQL advisory lock `key` (session level, on one pooled connection) held around work done on
    *other* connections, e.g. a migration every host runs at start-up; `what`: the work, for errors.

    Waited for by trying (`pg_try_advisory_lock`, one short autocommit statement per try), never inside one
    blocking statement: a statement waiting on a lock holds a snapshot, and a holder whose work runs CREATE
    INDEX CONCURRENTLY (LangGraph's thread-table migrations) waits for every older snapshot in the database.
    The waiter would wait for the holder's lock and the holder's index build for the waiter, a deadlock
    PostgreSQL cannot see (the lock and the build are on two connections of one client). A holder that never
    lets go is a StoreError after `timeout_s`."""
    from psycopg.rows import tuple_row

    with connection(pool, what) as conn, conn.cursor(row_factory=tuple_row) as cur:   # the pool's may be dicts
        autocommit, conn.autocommit = conn.autocommit, True
        start = time.monotonic()
        try:
            while not cur.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()[0]:
                if time.monotonic() - start > timeout_s:
                    raise StoreError(f"{what}: another process has held PostgreSQL advisory lock {key} for over "
                                     f"{timeout_s:.0f} s; is a host stuck starting up?")
                time.sleep(poll_s)
            log.debug("advisory lock %s taken after %.3f s (%s)", key, time.monotonic() - start, what)
            try:
                yield
            finally:
                with suppress(Exception):   # the server went away: its session, and the lock with it, are gone
                    cur.execute("SELECT pg_advisory_unlock(%s)", (key,))
        finally:
            with suppress(Exception):
                conn.autocommit = autocommit


def _shown(url: str) -> str:
    from rec.config import redact_url

    return redact_url(url)


def _reason(e: BaseException, url: str) -> str:
    from rec.config import redact_text

    return redact_text(first_line(e), url)
