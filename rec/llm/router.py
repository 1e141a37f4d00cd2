"""RouterChatModel: one ChatModel over several OpenAI-compatible servers (`llm.base_url` as a list).

Each call goes to a server that is not cooling down with the fewest calls in flight (ties: the one picked
longest ago, so one caller's calls alternate). A server that gives no usable answer (transport error,
429 or 5xx) cools down for `llm.cooldown_s` and the call moves to the next; once the cool-down is over it
is tried again, and `down()` (the health check) clears it as soon as it answers. When every server has
failed a call, the call backs off and goes round again, `llm.max_retries` times. A timeout does not move
(the same generation would time out elsewhere too), nor do client errors (4xx) or bad output. A stream
moves only before its first piece. `for_model` (a LoRA adapter by name) gives a router over every
server's twin that shares this one's bookkeeping; the adapter must be loaded on each server
(`rec.tuning.registry.load_into_server` takes the list).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from rec.errors import LLMTimeoutError, LLMUnavailableError
from rec.llm.base import ChatResult, ChoiceScores, Message
from rec.llm.openai_http import OpenAIHTTPChatModel

log = logging.getLogger("rec.llm")
T = TypeVar("T")


class ServerPool:
    """Bookkeeping shared by a router and its `for_model` twins: calls in flight, cool-downs, and when
    each server was last picked. Thread-safe."""

    def __init__(self, size: int, cooldown_s: float, clock: Callable[[], float] = time.monotonic):
        self.cooldown_s = cooldown_s
        self.clock = clock
        self.inflight = [0] * size
        self.down_until = [-math.inf] * size
        self._picked = [0] * size
        self._turn = 0
        self._lock = threading.Lock()

    def acquire(self, skip: set[int]) -> int | None:
        """The server for the next call (counted in flight until `release`), or None when all are in `skip`.
        Servers cooling down are picked only when nothing else is left, the soonest back first."""
        with self._lock:
            free = [i for i in range(len(self.inflight)) if i not in skip]
            if not free:
                return None
            now = self.clock()
            up = [i for i in free if self.down_until[i] <= now]
            i = min(up, key=lambda j: (self.inflight[j], self._picked[j])) if up \
                else min(free, key=self.down_until.__getitem__)
            self._turn += 1
            self._picked[i], self.inflight[i] = self._turn, self.inflight[i] + 1
            return i

    def release(self, i: int) -> None:
        with self._lock:
            self.inflight[i] -= 1

    def fail(self, i: int) -> None:
        with self._lock:
            self.down_until[i] = self.clock() + self.cooldown_s

    def healthy(self, i: int) -> None:
        with self._lock:
            self.down_until[i] = -math.inf

    def cooling(self) -> list[bool]:
        now = self.clock()
        return [until > now for until in self.down_until]


class RouterChatModel:
    """A ChatModel that spreads calls over several OpenAIHTTPChatModel clients (see the module's doc)."""

    def __init__(self, clients: Sequence[OpenAIHTTPChatModel], *, cooldown_s: float = 10.0, rounds: int = 1,
                 backoff_s: float = 0.5, pool: ServerPool | None = None):
        if not clients:
            raise ValueError("a router needs at least one server")
        self.clients = list(clients)
        self.model = self.clients[0].model
        self.rounds = max(1, rounds)
        self.backoff_s = backoff_s
        self.pool = pool or ServerPool(len(self.clients), cooldown_s)
        self._owner = pool is None   # twins share the clients' connections: only the original closes them

    @property
    def name(self) -> str:
        return f"openai_http:{self.model} ({len(self.clients)} servers)"

    @property
    def shown_urls(self) -> list[str]:
        return [c.shown_url for c in self.clients]

    def _call(self, what: Callable[[OpenAIHTTPChatModel], T]) -> T:
        why: list[str] = []
        for round_ in range(self.rounds):
            if round_:
                time.sleep(self.backoff_s * 2 ** (round_ - 1))
            tried: set[int] = set()
            while (i := self.pool.acquire(tried)) is not None:
                try:
                    return what(self.clients[i])
                except LLMTimeoutError:
                    raise
                except LLMUnavailableError as e:
                    self._failed(i, e, tried, why)
                finally:
                    self.pool.release(i)
        raise LLMUnavailableError(f"none of the {len(self.clients)} model servers gave a usable answer "
                                  f"({'; '.join(why[-len(self.clients):])})")

    def _failed(self, i: int, e: Exception, tried: set[int], why: list[str]) -> None:
        self.pool.fail(i)
        tried.add(i)
        why.append(str(e))
        log.warning("model server %s failed (%s): skipped for %gs", self.clients[i].shown_url, e,
                    self.pool.cooldown_s)

    def chat(self, messages: Sequence[Message], *, max_tokens: int = 256, temperature: float = 0.0,
             json_schema: Mapping[str, Any] | None = None, stop: Sequence[str] | None = None,
             seed: int | None = None) -> ChatResult:
        return self._call(lambda c: c.chat(messages, max_tokens=max_tokens, temperature=temperature,
                                           json_schema=json_schema, stop=stop, seed=seed))

    def score_choices(self, messages: Sequence[Message], choices: Sequence[str]) -> ChoiceScores:
        return self._call(lambda c: c.score_choices(messages, choices))

    def stream(self, messages: Sequence[Message], *, max_tokens: int = 256) -> Iterator[str]:
        """The reply as it comes, from one server; another is tried only if nothing was shown yet."""
        tried: set[int] = set()
        why: list[str] = []
        while (i := self.pool.acquire(tried)) is not None:
            started = False
            try:
                for piece in self.clients[i].stream(messages, max_tokens=max_tokens):
                    started = True
                    yield piece
                return
            except LLMTimeoutError:
                raise
            except LLMUnavailableError as e:
                self._failed(i, e, tried, why)
                if started:
                    raise
            finally:
                self.pool.release(i)
        raise LLMUnavailableError(f"none of the {len(self.clients)} model servers streamed ({'; '.join(why)})")

    def down(self, timeout_s: float = 2.0) -> str | None:
        """None while at least one server answers GET /models; each answer (or silence) also ends (or
        starts) that server's cool-down."""
        reasons = []
        for i, client in enumerate(self.clients):
            why = client.down(timeout_s)
            if why is None:
                self.pool.healthy(i)
            else:
                self.pool.fail(i)
                reasons.append(why)
        return "; ".join(reasons) if len(reasons) == len(self.clients) else None

    def for_model(self, model: str) -> RouterChatModel:
        """Every server's twin for another served model (an adapter), with this router's bookkeeping."""
        return RouterChatModel([c.for_model(model) for c in self.clients], rounds=self.rounds,
                               backoff_s=self.backoff_s, pool=self.pool)

    def close(self) -> None:
        if self._owner:
            for client in self.clients:
                client.close()
