"""`rec serve`'s HTTP server: uvicorn with limits a slow or greedy client cannot get around.

uvicorn times out idle keep-alive connections only: a fresh connection that sends nothing, or one that
sends its request a byte at a time (slowloris), stays open forever, and its connection count only
matters once a request arrives. `GuardedH11` (h11, so `api.max_header_bytes` caps the request head)
closes a connection whose request has not fully arrived (head and body) within `api.read_timeout_s`,
and refuses connections beyond `api.max_connections` at once.

Several API processes (`rec serve --workers N`, `api.processes`): uvicorn's supervisor starts N workers on
one socket, each building its own Recommender in `app_factory` (also usable on its own:
`uvicorn rec.api.server:app_factory --factory`, or `rec.api.app:create_app --factory`). The CLI hands its
resolved config to the workers in `REC_SERVE_CONFIG` (JSON); without it the factory resolves the config
from the environment as every entry point does. Embedded Chroma is not safe to open from several
processes, so more than one API process needs a Chroma server (`retrieval.url`): `check_processes` refuses
the rest, and the factory holds the embedded store's `api.lock` so a second process on it cannot start.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sys
from collections.abc import AsyncIterator, Sequence
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from rec.errors import ConfigError, InputError, RecError, ServerError, StoreError

CONFIG_ENV = "REC_SERVE_CONFIG"
STARTUP_FAILURE = 3   # uvicorn's exit code for a worker that could not start: its supervisor stops, not restarts


class GuardedH11(H11Protocol):
    """H11Protocol with a deadline on reading each request and a cap on open connections."""

    read_timeout_s: float = 10.0
    max_connections: int = 512

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._deadline: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            self.logger.warning("refused a connection: %d open (api.max_connections)", len(self.connections) - 1)
            transport.close()
            return
        self._arm()   # a connection that never sends a whole request is closed too

    def data_received(self, data: bytes) -> None:
        self._arm()
        super().data_received(data)
        if self.conn.their_state not in (h11.IDLE, h11.SEND_BODY):   # the request is all here
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._deadline is None:
            self._deadline = self.loop.call_later(self.read_timeout_s, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if not self.transport.is_closing() and self.conn.their_state in (h11.IDLE, h11.SEND_BODY):
            self.logger.info("closed a connection: no whole request within %ss (api.read_timeout_s)",
                             self.read_timeout_s)
            self.transport.close()


def guarded_protocol(read_timeout_s: float, max_connections: int) -> type[GuardedH11]:
    return type("GuardedH11", (GuardedH11,), {"read_timeout_s": read_timeout_s, "max_connections": max_connections})


def uvicorn_config(app: Any, api: Any, *, host: str, port: int, log_level: str = "info"):
    """The uvicorn Config for `app` under `api` (ApiConfig): timeouts, connection cap, header size."""
    import uvicorn

    return uvicorn.Config(app, host=host, port=port, log_level=log_level, timeout_graceful_shutdown=10,
                          http=guarded_protocol(api.read_timeout_s, api.max_connections),
                          timeout_keep_alive=api.keep_alive_s, h11_max_incomplete_event_size=api.max_header_bytes)


def serve(rec: Any, *, host: str, port: int, api_keys: Sequence[str] = (), log_level: str = "info") -> None:
    """Run the API with uvicorn until interrupted (blocking)."""
    import uvicorn

    from rec.api.app import create_app

    if not host or port <= 0:
        raise InputError("serve needs a host and a port")
    server = uvicorn.Server(uvicorn_config(create_app(rec, api_keys=api_keys), rec.cfg.api, host=host, port=port,
                                           log_level=log_level))
    with contextlib.suppress(KeyboardInterrupt):   # uvicorn re-raises the Ctrl-C it shut down on (as uvicorn.run)
        server.run()
    if not server.started:
        raise ServerError(f"rec serve did not start on {host}:{port} (see uvicorn's message above)")


# --- several processes ---------------------------------------------------------------------------
def check_processes(cfg: Any, processes: int) -> None:
    """Refuse more than one API process over an embedded Chroma store (one line, a usage error)."""
    if processes > 1 and not cfg.retrieval.url:
        raise InputError(f"{processes} API processes need a Chroma server (retrieval.url): the embedded Chroma "
                         "store is not safe to open from several processes; use `chroma run` or one process")


def api_keys_from_env() -> list[str]:
    """The API keys in REC_API_KEYS (comma-separated; none = the API is open)."""
    return [k.strip() for k in os.environ.get("REC_API_KEYS", "").split(",") if k.strip()]


def config_from_env() -> Any:
    """The config a worker serves: what `rec serve` resolved (REC_SERVE_CONFIG), else the environment's."""
    from rec.config import load_config

    raw = os.environ.get(CONFIG_ENV)
    if not raw:
        return load_config()
    try:
        data = json.loads(raw)
    except ValueError:
        raise ConfigError(f"{CONFIG_ENV} is not JSON (rec serve sets it for its worker processes)") from None
    return load_config(overrides=data)


def build_app(cfg: Any) -> Any:
    """The API app over a Recommender built from `cfg`, which it closes when the app shuts down."""
    from rec.api.app import create_app
    from rec.recommender import build_recommender

    check_processes(cfg, cfg.api.processes)
    lock = _embedded_lock(cfg)
    GuardedH11.read_timeout_s, GuardedH11.max_connections = cfg.api.read_timeout_s, cfg.api.max_connections
    rec = build_recommender(cfg)
    app = create_app(rec, api_keys=api_keys_from_env())
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(a: Any) -> AsyncIterator[Any]:
        try:
            async with inner(a) as state:
                yield state
        finally:
            rec.close()
            if lock is not None:
                lock.release()

    app.router.lifespan_context = lifespan
    return app


def _embedded_lock(cfg: Any) -> Any:
    """With embedded Chroma, the store's API lock, held while this process serves (None with a server)."""
    from filelock import FileLock, Timeout

    if cfg.retrieval.url:
        return None
    cfg.store_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(cfg.store_dir / "api.lock"), timeout=0, thread_local=False)   # released by the lifespan
    try:
        lock.acquire()
    except Timeout:
        raise StoreError(f"another API process serves store {cfg.store!r} from embedded Chroma, which is not "
                         "safe to open from several processes; set retrieval.url to a Chroma server") from None
    return lock


def app_factory() -> Any:
    """uvicorn's app factory (`uvicorn rec.api.server:app_factory --factory`): the app for the config in the
    environment. A RecError is one logged line and uvicorn's start-up failure exit (its supervisor then
    stops instead of restarting the worker forever)."""
    try:
        return build_app(config_from_env())
    except RecError as e:
        logging.getLogger("uvicorn.error").error("rec serve: %s", e)
        sys.exit(STARTUP_FAILURE)


def serve_processes(cfg: Any, *, log_level: str = "info") -> None:
    """Run `api.processes` API workers on `api.host:api.port` until interrupted (blocking)."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    check_processes(cfg, cfg.api.processes)
    api = cfg.api
    config = uvicorn.Config("rec.api.server:app_factory", factory=True, workers=api.processes, host=api.host,
                            port=api.port, log_level=log_level, timeout_graceful_shutdown=10,
                            http="rec.api.server:GuardedH11", timeout_keep_alive=api.keep_alive_s,
                            h11_max_incomplete_event_size=api.max_header_bytes)
    try:
        sock = config.bind_socket()
    except SystemExit:
        raise ServerError(f"rec serve cannot listen on {api.host}:{api.port} (see uvicorn's message above)") from None
    os.environ[CONFIG_ENV] = cfg.model_dump_json()   # the spawned workers inherit it
    try:
        supervisor = Multiprocess(config, sockets=[sock])
        with contextlib.suppress(KeyboardInterrupt):
            supervisor.run()
    finally:
        os.environ.pop(CONFIG_ENV, None)
        sock.close()
    if any(p.exitcode == STARTUP_FAILURE for p in supervisor.processes):
        raise ServerError("a rec serve worker did not start (see its message above)")
