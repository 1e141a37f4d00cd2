"""A scripted ChatModel for unit tests and for measuring our own overhead.

Scripted replies are consumed in order; an exception in the script is raised
at that call (to test retries and fallbacks). When the script runs out, the
fake answers deterministically: a minimal JSON value valid under the requested
schema, or a fixed text; choice scores favour earlier choices. Every call is
recorded in `calls` so tests can assert what the agents asked.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from rec.llm.base import ChatResult, ChoiceScores, Message, check_choices, normalise_choices

Reply = str | Mapping[str, Any] | BaseException
ScoreFn = Callable[[Sequence[Message], Sequence[str]], Mapping[str, float]]


def example_for_schema(schema: Mapping[str, Any], defs: Mapping[str, Any] | None = None) -> Any:
    """A small value valid under a (pydantic-generated) JSON schema."""
    defs = defs if defs is not None else schema.get("$defs", {})
    if "$ref" in schema:
        return example_for_schema(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return example_for_schema(schema[key][0], defs)
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        props = schema.get("properties", {})
        return {k: example_for_schema(props[k], defs) for k in schema.get("required", props)}
    if kind == "array":
        n = schema.get("minItems", 0)
        return [example_for_schema(schema.get("items", {}), defs) for _ in range(n)]
    if kind == "string":
        return "x" * schema.get("minLength", 0)
    if kind == "integer":
        return int(schema.get("minimum", 0))
    if kind == "number":
        return float(schema.get("minimum", 0))
    if kind == "boolean":
        return False
    return None


class FakeChatModel:
    """ChatModel with scripted replies. Thread-safe; records every call."""

    def __init__(self, replies: Sequence[Reply] = (), scores: Sequence[Mapping[str, float]] | ScoreFn = (),
                 model: str = "fake", token_delay_s: float = 0.0):
        self.token_delay_s = token_delay_s     # `stream` waits this long before each word (a slow model)
        self._replies = list(replies)
        self._scores = scores if callable(scores) else list(scores)
        self._model = model
        self._lock = threading.Lock()
        self.calls: list[dict[str, Any]] = []

    @property
    def name(self) -> str:
        return f"fake:{self._model}"

    def chat(self, messages: Sequence[Message], *, max_tokens: int = 256, temperature: float = 0.0,
             json_schema: Mapping[str, Any] | None = None, stop: Sequence[str] | None = None,
             seed: int | None = None) -> ChatResult:
        with self._lock:
            self.calls.append({"kind": "chat", "messages": [dict(m) for m in messages],
                               "json_schema": json_schema, "max_tokens": max_tokens})
            reply = self._replies.pop(0) if self._replies else None
        if isinstance(reply, BaseException):
            raise reply
        if reply is None:
            reply = example_for_schema(json_schema) if json_schema is not None else "OK"
        text = reply if isinstance(reply, str) else json.dumps(reply)
        prompt_tokens = sum(len(m["content"].split()) for m in messages)
        return ChatResult(text=text, model=self._model, prompt_tokens=prompt_tokens,
                          completion_tokens=len(text.split()), finish_reason="stop")

    def stream(self, messages: Sequence[Message], *, max_tokens: int = 256) -> Iterator[str]:
        """The scripted reply word by word (`token_delay_s` before each); recorded as a "stream" call."""
        with self._lock:
            self.calls.append({"kind": "stream", "messages": [dict(m) for m in messages], "max_tokens": max_tokens})
            reply = self._replies.pop(0) if self._replies else "OK"
        if isinstance(reply, BaseException):
            raise reply
        text = reply if isinstance(reply, str) else json.dumps(reply)
        for piece in re.findall(r"\S+\s*|\s+", text):
            time.sleep(self.token_delay_s)
            yield piece

    def score_choices(self, messages: Sequence[Message], choices: Sequence[str]) -> ChoiceScores:
        labels = check_choices(choices)
        with self._lock:
            self.calls.append({"kind": "score", "messages": [dict(m) for m in messages], "choices": labels})
            if callable(self._scores):
                scripted: Mapping[str, float] | None = self._scores(messages, labels)
            else:
                scripted = self._scores.pop(0) if self._scores else None
        if scripted is None:  # earlier labels are likelier: a stable, recognisable default
            scripted = {c: -math.log(2) * (i + 1) for i, c in enumerate(labels)}
        raw: dict[str, float | None] = {c: scripted.get(c) for c in labels}
        return ChoiceScores(logprobs=normalise_choices(raw, floor=-50.0), raw=raw, model=self._model,
                            floor=-50.0)

    def close(self) -> None:
        return None
