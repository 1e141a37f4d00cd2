"""Errors at the HTTP edge, in OpenAI's shape: `{"error": {"message", "type", "code", "param"}}`.

This is one of the two places errors are translated (the other is cli.py). Every bad request gets a
4xx with a message that names the field; a 5xx means the model server or the store failed, or a bug
(logged with its traceback, answered without it).
"""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any

from rec.config import redact_paths
from rec.errors import (
    BusyError,
    InputError,
    LLMError,
    LLMUnavailableError,
    NotFoundError,
    RecError,
    StoreError,
    validation_summary,
)

log = logging.getLogger("rec.api")

# status -> OpenAI error type
TYPES = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error",
         405: "invalid_request_error", 413: "invalid_request_error", 415: "invalid_request_error",
         429: "rate_limit_error", 500: "server_error", 502: "server_error", 503: "service_unavailable"}


class ApiError(Exception):
    """An HTTP answer decided at the edge (auth, unknown model, body too large)."""

    def __init__(self, status: int, message: str, code: str | None = None, param: str | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.code, self.param = status, message, code, param
        self.headers = headers or {}


def error_type(status: int) -> str:
    return TYPES.get(status, "invalid_request_error" if status < 500 else "server_error")


def body(status: int, message: str, code: str | None = None, param: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": error_type(status), "code": code, "param": param}}


def from_rec_error(e: RecError, *known_paths: str | Path) -> ApiError:
    """The HTTP answer for one of our errors; its message never shows a path on the server's disk
    (`known_paths`, e.g. REC_HOME, and anything else that looks like an absolute path)."""
    answer = _from_rec_error(e)
    answer.message = redact_paths(answer.message, *known_paths)
    return answer


def _from_rec_error(e: RecError) -> ApiError:
    if isinstance(e, BusyError):
        return ApiError(429, str(e), "rate_limit_exceeded",
                        headers={"Retry-After": str(max(1, math.ceil(e.retry_after_s)))})
    if isinstance(e, NotFoundError):
        return ApiError(404, str(e), "not_found")
    if isinstance(e, InputError):
        return ApiError(400, str(e), "invalid_value")
    if isinstance(e, LLMUnavailableError | StoreError):
        return ApiError(503, str(e), "unavailable", headers={"Retry-After": "5"})
    if isinstance(e, LLMError):
        return ApiError(502, str(e), "model_error")
    return ApiError(500, str(e), "internal_error")


def from_validation(errors: list[dict[str, Any]]) -> ApiError:
    """FastAPI's RequestValidationError.errors() as one precise line (the body prefix dropped)."""
    if any(e.get("type") == "json_invalid" for e in errors):
        detail = next(e for e in errors if e.get("type") == "json_invalid").get("ctx", {}).get("error", "")
        return ApiError(400, f"the body is not valid JSON{': ' + detail if detail else ''}", "invalid_json")
    cleaned = [{**e, "loc": tuple(p for p in e.get("loc", ()) if p != "body")} for e in errors]
    missing_body = any(e.get("type") == "missing" and not e["loc"] for e in cleaned)
    if missing_body:
        return ApiError(400, "the request needs a JSON body", "invalid_body")
    first = cleaned[0]["loc"] if cleaned else ()
    param = ".".join(str(p) for p in first) or None
    return ApiError(400, validation_summary(_Errors(cleaned), root="body"), "invalid_value", param)


class _Errors:
    """Adapts a list of error dicts to validation_summary's `.errors()`."""

    def __init__(self, errors: list[dict[str, Any]]):
        self._errors = errors

    def errors(self) -> list[dict[str, Any]]:
        return self._errors
