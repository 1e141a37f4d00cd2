"""`rec serve`'s HTTP server: uvicorn with limits a slow or greedy client cannot get around.

uvicorn times out idle keep-alive connections only: a fresh connection that sends nothing, or one that
sends its request a byte at a time (slowloris), stays open forever, and its connection count only
matters once a request arrives. `GuardedH11` (h11, so `api.max_header_bytes` caps the request head)
closes a connection whose request has not fully arrived (head and body) within `api.read_timeout_s`,
and refuses connections beyond `api.max_connections` at once.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from rec.errors import InputError, ServerError


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
