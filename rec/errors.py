"""The one error hierarchy of `rec`.

Every error we raise on purpose derives from `RecError`. Edges (the CLI and the
HTTP API) translate them into exit codes / HTTP responses; nothing else
catches them to print prose. `exit_code` follows the CLI contract: 2 for bad
input the user can fix, 1 for everything else.
"""

from __future__ import annotations

from typing import Any


class RecError(Exception):
    """Root of all deliberate errors. The message is one line, meant for users."""

    exit_code: int = 1


class InputError(RecError):
    """Bad input from the user (arguments, files, request bodies)."""

    exit_code = 2


class NotFoundError(InputError):
    """The request names something that does not exist (a response id, a model, a user's history)."""


class EmptyStoreError(InputError):
    """The store named has no items (never ingested, or another name was meant): a usage error."""


class BusyError(RecError):
    """Too much work queued already; try again later (HTTP 429 with Retry-After)."""

    def __init__(self, message: str, retry_after_s: float = 1.0):
        super().__init__(message)
        self.retry_after_s = retry_after_s


class ConfigError(InputError):
    """The configuration (yaml, REC_* env, flags) is invalid."""


class ModelAssetError(RecError):
    """Packaged model weights are missing, corrupt, or not prepared yet."""


class LLMError(RecError):
    """A model backend failed."""


class LLMUnavailableError(LLMError):
    """The model server cannot be reached (down, refused, timed out)."""


class LLMTimeoutError(LLMUnavailableError):
    """The model server took longer than llm.timeout_s: asking again (or another server) would too."""


class LLMOutputError(LLMError):
    """The model's output did not satisfy the requested contract after retries.

    `attempts` holds what each try returned, so callers can trace the failed calls."""

    def __init__(self, message: str, attempts: list | None = None):
        super().__init__(message)
        self.attempts = attempts or []


class DatasetError(RecError):
    """A packaged dataset (e.g. MovieLens-100k from recbole) is missing or unreadable."""


class StoreError(RecError):
    """The item store (Chroma, the lexical index, the collaborative model) failed or is busy."""


class CaptionError(RecError):
    """An image could not be captioned (unreadable, unreachable, or the captioner failed)."""


class ServerError(RecError):
    """Managing the local vLLM server failed (already running, did not start...)."""


def first_line(e: BaseException) -> str:
    """An exception as one line for a user: its message's first line, or its type when it has none."""
    lines = str(e).strip().splitlines()
    return lines[0] if lines else type(e).__name__


def validation_summary(err: Any, limit: int = 3, root: str = "value") -> str:
    """A pydantic ValidationError as one line: `loc: message; loc: message` (first `limit`)."""
    parts = []
    for e in err.errors()[:limit]:
        loc = ".".join(str(p) for p in e["loc"]) or root
        parts.append(f"{loc}: {'unknown field' if e['type'] == 'extra_forbidden' else e['msg']}")
    return "; ".join(parts)
