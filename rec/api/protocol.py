"""The wire models of the OpenAI-compatible API (DESIGN.md §3, HTTP).

Requests accept what OpenAI clients send: parameters rec has no use for (temperature, max_tokens,
logprobs...) are accepted and ignored, so an unchanged client works; rec's own options come in the
body's top level (the openai client's `extra_body`). Responses are OpenAI's shapes plus rec's fields
(`recommendations`, `plan`, `thread_id`), which OpenAI clients keep as extra attributes.
"""

from __future__ import annotations

import time
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from rec.schema import EVENTS, MAX_CONSTRAINTS, Constraint, Plan, RecResponse, check_unicode

MAX_MESSAGES = 64
MAX_CONTENT_CHARS = 16_000
MAX_ID_CHARS = 512


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[dict[str, Any]] | None = None
    name: str | None = None

    @field_validator("content")
    @classmethod
    def _text_only(cls, v: str | list[dict[str, Any]] | None) -> str | list[dict[str, Any]] | None:
        if isinstance(v, list):
            for n, part in enumerate(v):
                if part.get("type") != "text" or not isinstance(part.get("text"), str):
                    raise ValueError(f"content part {n} must be {{\"type\": \"text\", \"text\": ...}}: "
                                     "only text is understood (no images or audio)")
        if len(text_of(v)) > MAX_CONTENT_CHARS:
            raise ValueError(f"content is longer than {MAX_CONTENT_CHARS} characters")
        check_unicode(text_of(v))   # a lone surrogate would fail later, as a 500 that resets the connection
        return v


def text_of(content: str | list[dict[str, Any]] | None) -> str:
    if isinstance(content, list):
        return "\n".join(str(p.get("text", "")) for p in content)
    return content or ""


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")

    include_usage: bool = False


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    model: str = Field(min_length=1, max_length=200)
    messages: list[ChatMessage] = Field(min_length=1, max_length=MAX_MESSAGES)
    stream: bool = False
    stream_options: StreamOptions | None = None
    n: int = Field(1, ge=1, le=1, description="rec returns one list per request")
    user: str | None = Field(None, max_length=MAX_ID_CHARS, description="OpenAI's end-user id; used as user_id")
    # rec's options (the openai client's extra_body)
    k: int = Field(10, ge=1, le=50, description="how many items")
    user_id: str | None = Field(None, min_length=1, max_length=MAX_ID_CHARS,
                                description="whose history shapes the list")
    filters: list[Constraint] = Field(default_factory=list, max_length=MAX_CONSTRAINTS,
                                      description="hard constraints over catalog metadata")
    thread_id: str | None = Field(None, min_length=1, max_length=MAX_ID_CHARS,
                                  description="server-side conversation memory: follow-ups refine its plan")

    def conversation(self) -> list[dict[str, str]]:
        """The user and assistant turns as plain text (rec's agents bring their own system prompts)."""
        return [{"role": m.role, "content": text_of(m.content)} for m in self.messages
                if m.role in ("user", "assistant") and text_of(m.content).strip()]


class Recommendation(BaseModel):
    item_id: str
    title: str
    score: float
    label: str | None = None     # the title as the list shows it ("Cape Fear (1991)" beside "Cape Fear (1962)")
    explanation: str | None = None


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class ChatCompletion(BaseModel):
    id: str = Field(description="the response id that POST /v1/feedback refers to")
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    recommendations: list[Recommendation]
    plan: Plan
    note: str | None = None
    thread_id: str | None = None


class Delta(BaseModel):
    role: Literal["assistant"] | None = None
    content: str | None = None


class ChunkChoice(BaseModel):
    index: int = 0
    delta: Delta
    finish_reason: Literal["stop"] | None = None
    logprobs: None = None


class ChatCompletionChunk(BaseModel):
    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[ChunkChoice]
    usage: Usage | None = None
    recommendations: list[Recommendation] | None = None   # when the list exists, and on the final chunk
    explanation: dict[str, str] | None = None             # {item_id, text}: one item's checked explanation
    answer: str | None = None                             # a turn that answers in words (no list)
    plan: Plan | None = None
    note: str | None = None
    thread_id: str | None = None


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "rec"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


class FeedbackRequest(BaseModel):
    """`{response_id, item_id, event, value?}`; send an `Idempotency-Key` header to make retries safe."""

    model_config = ConfigDict(extra="forbid")

    response_id: str = Field(min_length=1, max_length=MAX_ID_CHARS)
    item_id: str = Field(min_length=1, max_length=MAX_ID_CHARS)
    event: Literal["view", "click", "purchase", "like", "dislike", "rating"]
    value: float | None = None


class FeedbackRecorded(BaseModel):
    id: int
    object: Literal["feedback"] = "feedback"
    response_id: str
    item_id: str
    event: str


class ErrorBody(BaseModel):
    message: str
    type: str
    code: str | None = None
    param: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


assert set(FeedbackRequest.model_fields["event"].annotation.__args__) == set(EVENTS)  # one list of events


def readable(response: RecResponse) -> str:
    """The list as text: `1. Title — why`, one per line (what a chat client shows); or the turn's words
    when it answered without a list (about shown items, a reply, a question back)."""
    if response.answer and not response.items:
        return response.answer
    lines = [f"{n}. {i.label or i.title}" + (f" — {i.explanation}" if i.explanation else "")
             for n, i in enumerate(response.items, 1)]
    return "\n".join(lines) or (response.note or "Nothing in the catalog matched.")


def usage(response: RecResponse) -> Usage:
    prompt = sum(int(t.get("prompt_tokens") or 0) for t in response.trace)
    completion = sum(int(t.get("completion_tokens") or 0) for t in response.trace)
    return Usage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=prompt + completion)


def completion(response: RecResponse, model: str) -> ChatCompletion:
    return ChatCompletion(id=response.id, created=int(time.time()), model=model,
                          choices=[Choice(message=AssistantMessage(content=readable(response)))],
                          usage=usage(response), recommendations=recommendations(response), plan=response.plan,
                          note=response.note, thread_id=response.thread_id)


def recommendations(response: RecResponse) -> list[Recommendation]:
    return [Recommendation(item_id=i.item_id, title=i.title, score=i.score, explanation=i.explanation, label=i.label)
            for i in response.items]
