"""Typed output from a ChatModel: ask under a JSON schema, validate, retry with the error.

Model mistakes are fed back to the model with a capped number of retries
(DESIGN.md §7); only after that does the caller get `LLMOutputError` and choose
its own fallback (the planner falls back to searching with the raw message).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from rec.errors import LLMOutputError, validation_summary
from rec.llm.base import ChatModel, ChatResult, Message

T = TypeVar("T", bound=BaseModel)


@dataclass
class Structured(Generic[T]):
    value: T
    attempts: list[ChatResult] = field(default_factory=list)


def ask_structured(model: ChatModel, messages: Sequence[Message], schema: type[T], *, retries: int = 1,
                   max_tokens: int = 512, temperature: float = 0.0,
                   json_schema: Mapping[str, Any] | None = None) -> Structured[T]:
    """Return `schema` parsed from the model's reply; re-ask with the validation error on failure.
    `json_schema` narrows what the grammar allows (it must accept only valid `schema` values)."""
    convo = [dict(m) for m in messages]
    json_schema = json_schema or schema.model_json_schema()
    attempts: list[ChatResult] = []
    error = ""
    for _ in range(retries + 1):
        result = model.chat(convo, json_schema=json_schema, max_tokens=max_tokens, temperature=temperature)
        attempts.append(result)
        try:
            return Structured(schema.model_validate(parse_json(result.text)), attempts)
        except ValueError as e:  # JSONDecodeError and pydantic's ValidationError
            error = validation_summary(e, 5, "(root)") if isinstance(e, ValidationError) else f"not JSON ({e})"
        convo = [*convo, {"role": "assistant", "content": result.text},
                 {"role": "user", "content": f"That output was invalid: {error}. "
                                             "Reply again with only JSON that fits the schema."}]
    raise LLMOutputError(f"{model.name} gave no valid {schema.__name__} after {retries + 1} attempts: {error}",
                         attempts)


def parse_json(text: str):
    """Decode model JSON. Grammar engines (xgrammar) let raw control characters into
    strings, which strict JSON forbids; accept them rather than fail a valid answer."""
    return json.loads(text, strict=False)
