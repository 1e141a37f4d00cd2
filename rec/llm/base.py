"""The ChatModel protocol every backend implements, and the small types it returns.

Two capabilities are all the agents need:
- `chat`: generate text, optionally constrained to a JSON schema;
- `score_choices`: one forward pass, read next-token log-probabilities for a set
  of single-token labels (the ranker's LlamaRec-style verbalizer).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

Message = Mapping[str, str]  # {"role": "system" | "user" | "assistant", "content": str}


@dataclass
class ChatResult:
    text: str
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0
    finish_reason: str | None = None


@dataclass
class ChoiceScores:
    """Log-probabilities of each choice as the model's next token.

    `logprobs` is normalised over the choices (log-softmax restricted to them),
    so it can be blended with other scores. `raw` holds the unnormalised
    full-vocabulary log-probability, or None where the backend could not see the
    choice (outside an API's top-k); those got `floor` before normalising.
    """

    logprobs: dict[str, float]
    raw: dict[str, float | None]
    model: str
    prompt_tokens: int = 0
    latency_s: float = 0.0
    floor: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def coverage(self) -> float:
        """Share of the choices the backend actually observed."""
        return sum(v is not None for v in self.raw.values()) / max(len(self.raw), 1)

    def best(self) -> str:
        return max(self.logprobs, key=self.logprobs.__getitem__)


@runtime_checkable
class ChatModel(Protocol):
    """A chat model. Implementations: openai_http, transformers, fake."""

    @property
    def name(self) -> str:
        """Which model answers, e.g. `openai_http:qwen2.5-coder-0.5b` (shown in traces)."""
        ...

    def chat(self, messages: Sequence[Message], *, max_tokens: int = 256, temperature: float = 0.0,
             json_schema: Mapping[str, Any] | None = None, stop: Sequence[str] | None = None,
             seed: int | None = None) -> ChatResult:
        """Generate a reply. With `json_schema`, the text is JSON valid under it (grammar-constrained)."""
        ...

    def score_choices(self, messages: Sequence[Message], choices: Sequence[str]) -> ChoiceScores:
        """Score each choice as the next token after the assistant turn starts."""
        ...

    def close(self) -> None:
        ...


def stream_text(model: ChatModel, messages: Sequence[Message], *, max_tokens: int = 256) -> Iterator[str]:
    """The reply as it is generated, piece by piece: through the backend's `stream` where it has one
    (vLLM's server-sent events, a scripted model's words), else the whole reply at once."""
    streaming = getattr(model, "stream", None)
    if streaming is not None:
        yield from streaming(messages, max_tokens=max_tokens)
    else:
        yield model.chat(messages, max_tokens=max_tokens).text


def logsumexp(values: Sequence[float]) -> float:
    m = max(values)
    if m == -math.inf:
        return m
    return m + math.log(sum(math.exp(v - m) for v in values))


def normalise_choices(raw: Mapping[str, float | None], floor: float | None = None) -> dict[str, float]:
    """Log-softmax over the choices; unseen choices (None) take `floor` first.

    With no floor and nothing seen, every choice gets the uniform log(1/n).
    """
    filled: dict[str, float] = {}
    seen = [v for v in raw.values() if v is not None]
    default = floor if floor is not None else (min(seen) if seen else 0.0)
    for key, val in raw.items():
        filled[key] = default if val is None else val
    total = logsumexp(list(filled.values()))
    return {k: v - total for k, v in filled.items()}


def match_labels(labels: Sequence[str], top: Sequence[Mapping[str, Any]]) -> dict[str, float | None]:
    """Each label's log-probability from a token's top alternatives (OpenAI's `top_logprobs` shape),
    summed over its token variants (`A`, ` A`); None where the label is not among them."""
    found: dict[str, list[float]] = {c: [] for c in labels}
    for entry in top:
        token = str(entry.get("token", "")).strip()
        if token in found and entry.get("logprob") is not None:
            found[token].append(float(entry["logprob"]))
    return {c: (logsumexp(v) if v else None) for c, v in found.items()}


def check_choices(choices: Sequence[str]) -> list[str]:
    """Choices must be distinct, non-empty labels (e.g. "A".."T")."""
    out = [str(c) for c in choices]
    if not out or len(set(out)) != len(out) or any(not c.strip() for c in out):
        raise ValueError(f"choices must be distinct non-empty labels, got {out!r}")
    return out
