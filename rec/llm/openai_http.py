"""ChatModel over any OpenAI-compatible HTTP server (our managed vLLM, or `vllm serve` on a GPU host).

- structured output uses `response_format={"type": "json_schema", ...}`, the
  form vLLM >= 0.12 honours (the old `guided_json` is silently ignored there);
- choice scoring asks for one token with `logprobs`/`top_logprobs` and reads the
  labels' log-probabilities; labels outside the server's top-k get a floor just
  below the k-th value (an upper bound on their true log-probability);
- connection errors, 429 and 5xx are retried with exponential backoff; a server
  that stays unreachable raises `LLMUnavailableError` naming the URL. A read
  timeout is not retried: the same generation would time out again.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import httpx

from rec.config import redact_text, redact_url
from rec.errors import LLMError, LLMTimeoutError, LLMUnavailableError
from rec.llm.base import ChatResult, ChoiceScores, Message, check_choices, match_labels, normalise_choices

_RETRY_STATUS = {429, 500, 502, 503, 504}


class OpenAIHTTPChatModel:
    def __init__(self, base_url: str, model: str, *, api_key: str = "EMPTY", timeout_s: float = 300.0,
                 max_retries: int = 3, backoff_s: float = 0.5, max_choices: int = 20,
                 transport: httpx.BaseTransport | None = None):
        self.base_url = base_url.rstrip("/")
        self.shown_url = redact_url(self.base_url)   # errors travel to users and API bodies: no credentials
        self.model = model
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.max_choices = max_choices
        self._client = httpx.Client(
            base_url=self.base_url,
            headers={"Authorization": f"Bearer {api_key}"},
            timeout=httpx.Timeout(timeout_s, connect=min(10.0, timeout_s)),
            transport=transport,
        )

    @property
    def name(self) -> str:
        return f"openai_http:{self.model}"

    def down(self, timeout_s: float = 2.0) -> str | None:
        """Why the model server cannot be used now (it does not answer GET /models), or None when it answers.
        One cheap call, no retries: for health checks."""
        try:
            resp = self._client.get("/models", timeout=timeout_s)
        except httpx.HTTPError as e:
            return f"the model server at {self.shown_url} does not answer ({type(e).__name__})"
        if resp.status_code >= 400:
            return f"the model server at {self.shown_url} answered HTTP {resp.status_code}"
        return None

    # --- transport -----------------------------------------------------------------------
    def _request(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> Any:
        """One API call with retries; returns the decoded JSON body."""
        last, hint = "", None
        for attempt in range(self.max_retries + 1):
            if attempt:
                time.sleep(hint if hint is not None else self.backoff_s * (2 ** (attempt - 1)))
                hint = None
            try:
                resp = self._client.request(method, path, json=body)
            except (httpx.ConnectTimeout, httpx.PoolTimeout) as e:
                last = f"timed out connecting ({type(e).__name__})"
                continue
            except httpx.TimeoutException as e:
                raise LLMTimeoutError(
                    f"the model server at {self.shown_url} timed out after {self._client.timeout.read:g}s "
                    f"({type(e).__name__}); raise llm.timeout_s or use a faster model") from e
            except httpx.TransportError as e:
                last = redact_text(f"{type(e).__name__}: {e}", self.base_url)
                continue
            if resp.status_code in _RETRY_STATUS:
                last = f"HTTP {resp.status_code}: {_error_text(resp)}"
                hint = _retry_after(resp)
                continue
            if resp.status_code >= 400:
                raise LLMError(f"{self.shown_url}{path} answered HTTP {resp.status_code}: {_error_text(resp)}")
            try:
                return resp.json()
            except ValueError as e:
                raise LLMError(f"{self.shown_url}{path} returned a non-JSON body") from e
        raise LLMUnavailableError(
            f"no usable answer from the model server at {self.shown_url} after {self.max_retries + 1} "
            f"attempts ({last}); start one with `rec llm serve --detach` or set llm.base_url"
        )

    # --- ChatModel -------------------------------------------------------------------------
    def chat(self, messages: Sequence[Message], *, max_tokens: int = 256, temperature: float = 0.0,
             json_schema: Mapping[str, Any] | None = None, stop: Sequence[str] | None = None,
             seed: int | None = None) -> ChatResult:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [dict(m) for m in messages],
            "max_tokens": max_tokens,
            "temperature": temperature,
        }
        if json_schema is not None:
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": str(json_schema.get("title", "output")), "schema": dict(json_schema),
                                "strict": True},
            }
        if stop:
            body["stop"] = list(stop)
        if seed is not None:
            body["seed"] = seed
        t0 = time.perf_counter()
        data = self._request("POST", "/chat/completions", body)
        choice = _first_choice(data, self.shown_url)
        usage = data.get("usage") or {}
        return ChatResult(
            text=(choice.get("message") or {}).get("content") or "",
            model=data.get("model", self.model),
            prompt_tokens=int(usage.get("prompt_tokens") or 0),
            completion_tokens=int(usage.get("completion_tokens") or 0),
            latency_s=time.perf_counter() - t0,
            finish_reason=choice.get("finish_reason"),
        )

    def stream(self, messages: Sequence[Message], *, max_tokens: int = 256) -> Iterator[str]:
        """The reply's text as the server generates it (server-sent events; one attempt: a stream that
        broke halfway cannot be retried without repeating what was already shown)."""
        body = {"model": self.model, "messages": [dict(m) for m in messages], "max_tokens": max_tokens,
                "temperature": 0.0, "stream": True}
        try:
            with self._client.stream("POST", "/chat/completions", json=body) as resp:
                if resp.status_code >= 400:
                    resp.read()
                    error = LLMUnavailableError if resp.status_code in _RETRY_STATUS else LLMError
                    raise error(f"{self.shown_url}/chat/completions answered HTTP {resp.status_code}: "
                                f"{_error_text(resp)}")
                for line in resp.iter_lines():
                    if not line.startswith("data:") or line.strip() == "data: [DONE]":
                        continue
                    delta = ((json.loads(line[5:]).get("choices") or [{}])[0].get("delta") or {}).get("content")
                    if delta:
                        yield delta
        except (httpx.TransportError, ValueError) as e:
            raise LLMUnavailableError(redact_text(f"the model server at {self.shown_url} broke the stream "
                                                  f"({type(e).__name__}: {e})", self.base_url)) from e

    def score_choices(self, messages: Sequence[Message], choices: Sequence[str]) -> ChoiceScores:
        labels = check_choices(choices)
        top_k = self.max_choices  # vLLM caps top_logprobs at its --max-logprobs (20 by default)
        body = {
            "model": self.model,
            "messages": [dict(m) for m in messages],
            "max_tokens": 1,
            "temperature": 0.0,
            "logprobs": True,
            "top_logprobs": top_k,
        }
        t0 = time.perf_counter()
        data = self._request("POST", "/chat/completions", body)
        choice = _first_choice(data, self.shown_url)
        content = (choice.get("logprobs") or {}).get("content") or []
        if not content:
            raise LLMError(f"{self.shown_url} returned no logprobs; does the server allow top_logprobs={top_k}?")
        top = content[0].get("top_logprobs") or []
        raw = match_labels(labels, top)
        seen = [t["logprob"] for t in top if t.get("logprob") is not None]
        # An unseen label is below every returned token: the k-th value bounds it from above.
        floor = (min(seen) - math.log(2)) if seen else None
        return ChoiceScores(
            logprobs=normalise_choices(raw, floor), raw=raw, model=data.get("model", self.model),
            prompt_tokens=int((data.get("usage") or {}).get("prompt_tokens") or 0),
            latency_s=time.perf_counter() - t0, floor=floor,
        )

    def for_model(self, model: str) -> OpenAIHTTPChatModel:
        """The same server and connection pool, another served model (a LoRA adapter's name).
        The sibling shares this one's client: close only the original."""
        twin = object.__new__(OpenAIHTTPChatModel)
        twin.__dict__.update(self.__dict__)
        twin.model = model
        return twin

    def close(self) -> None:
        self._client.close()


def _first_choice(data: Mapping[str, Any], url: str) -> Mapping[str, Any]:
    choices = data.get("choices") if isinstance(data, Mapping) else None
    if not choices:
        raise LLMError(f"{url} returned a completion without choices")
    return choices[0]


def _error_text(resp: httpx.Response) -> str:
    try:
        body = resp.json()
    except ValueError:
        return resp.text[:200].strip() or resp.reason_phrase
    err = body.get("error") if isinstance(body, dict) else None
    if isinstance(err, dict):
        return str(err.get("message", err))[:300]
    return str(err or body.get("message") or body.get("detail") or body)[:300]


def _retry_after(resp: httpx.Response) -> float | None:
    """Seconds the server asks us to wait, within [0, 30]; None if absent or not a number."""
    try:
        seconds = float(resp.headers["retry-after"])
    except (KeyError, ValueError):
        return None
    return min(max(seconds, 0.0), 30.0) if math.isfinite(seconds) else None


def probe(base_url: str, api_key: str = "EMPTY", timeout_s: float = 2.0) -> list[str] | None:
    """The model ids a server at `base_url` serves, or None if nothing usable answers."""
    try:
        resp = httpx.get(f"{base_url.rstrip('/')}/models", timeout=timeout_s,
                         headers={"Authorization": f"Bearer {api_key}"})
        resp.raise_for_status()
        return [m["id"] for m in resp.json().get("data", [])]
    except (httpx.HTTPError, ValueError, KeyError, TypeError):
        return None
