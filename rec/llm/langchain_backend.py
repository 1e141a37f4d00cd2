"""Any LangChain chat model as rec's brain: a ChatModel over a `langchain_core` `BaseChatModel`.

Chosen with `llm.backend: langchain`, `llm.langchain_class: "package.module:Class"` (e.g.
`langchain_openai:ChatOpenAI`, `langchain_anthropic:ChatAnthropic`, `langchain_ollama:ChatOllama`) and
`llm.langchain_kwargs` (the class's own arguments: model name, temperature, max_tokens, keys...). The
model's own settings govern generation; rec passes only `stop`.

- `chat` with a JSON schema asks through `with_structured_output` where the model offers it (tool calling,
  JSON mode or native JSON schema, as the provider does it); a model without it (no `bind_tools`) gets
  the schema in the prompt, and `ask_structured` validates the reply and re-asks.
- `stream` yields the reply's text pieces as the model generates them (`BaseChatModel.stream`).
- `score_choices` reads next-token log-probabilities where the model returns them in its response
  metadata (OpenAI's shape: `logprobs.content[0].top_logprobs`, asked with `logprobs=True`); a model that
  returns none raises LLMError saying so (set `ranker.llm_weight: 0` to rank without the model's scores).
"""

from __future__ import annotations

import importlib
import json
import math
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from rec.errors import ConfigError, LLMError, RecError
from rec.llm.base import ChatResult, ChoiceScores, Message, check_choices, match_labels, normalise_choices

_ROLES = {"system": "SystemMessage", "user": "HumanMessage", "assistant": "AIMessage"}


def load_chat_model(spec: str, kwargs: Mapping[str, Any] | None = None) -> Any:
    """Instantiate `package.module:Class` with `kwargs`; it must be a LangChain `BaseChatModel`."""
    from langchain_core.language_models import BaseChatModel

    module_name, _, class_name = spec.partition(":")
    if not module_name or not class_name:
        raise ConfigError(f"llm.langchain_class must be 'package.module:Class', not {spec!r}")
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as e:
        raise ConfigError(f"llm.langchain_class {spec!r} cannot be imported ({type(e).__name__}: {e}); "
                          "is its package installed?") from None
    if not (isinstance(cls, type) and issubclass(cls, BaseChatModel)):
        raise ConfigError(f"llm.langchain_class {spec!r} is not a LangChain BaseChatModel")
    try:
        return cls(**dict(kwargs or {}))
    except Exception as e:   # the provider's own validation (a missing key, a bad argument)
        raise ConfigError(f"{spec} refused llm.langchain_kwargs: {type(e).__name__}: {e}") from None


class LangChainChatModel:
    """A ChatModel over a LangChain chat model. Thread-safe as far as the wrapped model is."""

    def __init__(self, model: Any, name: str | None = None, max_choices: int = 20):
        self.model = model
        self.max_choices = max_choices
        self._name = name or getattr(model, "model_name", None) or getattr(model, "model", None) \
            or type(model).__name__

    @property
    def name(self) -> str:
        return f"langchain:{self._name}"

    def chat(self, messages: Sequence[Message], *, max_tokens: int = 256, temperature: float = 0.0,
             json_schema: Mapping[str, Any] | None = None, stop: Sequence[str] | None = None,
             seed: int | None = None) -> ChatResult:
        """A reply; with `json_schema`, JSON text (through `with_structured_output` where offered)."""
        t0 = time.perf_counter()
        if json_schema is not None:
            structured = self._structured(messages, json_schema)
            if structured is not None:
                text, raw = structured
                return _result(text, raw, self._name, t0)
            messages = [*messages, {"role": "user", "content": schema_instruction(json_schema)}]
        reply = self._call(lambda: self.model.invoke(to_langchain(messages), stop=list(stop) if stop else None))
        return _result(_text(reply), reply, self._name, t0)

    def _structured(self, messages: Sequence[Message], json_schema: Mapping[str, Any]) -> tuple[str, Any] | None:
        """(JSON text, raw message) through `with_structured_output`; None when the model lacks it."""
        schema = {"title": "reply", "description": "The reply as JSON.", **json_schema}
        try:
            runnable = self.model.with_structured_output(schema, include_raw=True)
        except NotImplementedError:
            return None
        out = self._call(lambda: runnable.invoke(to_langchain(messages)))
        parsed = out.get("parsed") if isinstance(out, Mapping) else out
        raw = out.get("raw") if isinstance(out, Mapping) else None
        if parsed is None:   # the model's output did not parse: hand its text to the caller's validation
            return (_text(raw) if raw is not None else ""), raw
        if hasattr(parsed, "model_dump"):
            parsed = parsed.model_dump()
        return json.dumps(parsed, ensure_ascii=False), raw

    def stream(self, messages: Sequence[Message], *, max_tokens: int = 256) -> Iterator[str]:
        """The reply's text as the model generates it (one piece per chunk with text)."""
        try:
            for chunk in self.model.stream(to_langchain(messages)):
                text = _text(chunk)
                if text:
                    yield text
        except RecError:
            raise
        except Exception as e:   # the provider's errors, whatever their type: one error root for rec
            raise LLMError(f"{self.name} broke the stream: {type(e).__name__}: {e}") from e

    def score_choices(self, messages: Sequence[Message], choices: Sequence[str]) -> ChoiceScores:
        """Each label's next-token log-probability, from the logprobs the model returns (OpenAI's shape)."""
        labels = check_choices(choices)
        t0 = time.perf_counter()
        asking = self._call(lambda: self.model.bind(logprobs=True, top_logprobs=self.max_choices))
        reply = self._call(lambda: asking.invoke(to_langchain(messages)))
        top = _top_logprobs(getattr(reply, "response_metadata", None) or {})
        if top is None:
            raise LLMError(f"{self.name} returns no token log-probabilities, which choice scoring needs; "
                           "use a model that offers them (e.g. ChatOpenAI against vLLM) or set "
                           "ranker.llm_weight: 0 to rank without the model's scores")
        raw = match_labels(labels, top)
        seen = [float(t["logprob"]) for t in top if t.get("logprob") is not None]
        floor = (min(seen) - math.log(2)) if seen else None
        usage = getattr(reply, "usage_metadata", None) or {}
        return ChoiceScores(logprobs=normalise_choices(raw, floor), raw=raw, model=self._name,
                            prompt_tokens=int(usage.get("input_tokens") or 0),
                            latency_s=time.perf_counter() - t0, floor=floor)

    def _call(self, fn: Any) -> Any:
        try:
            return fn()
        except RecError:
            raise
        except Exception as e:   # the provider's errors, whatever their type: one error root for rec
            raise LLMError(f"{self.name} failed: {type(e).__name__}: {e}") from e

    def close(self) -> None:
        return None


def to_langchain(messages: Sequence[Message]) -> list[Any]:
    """rec's {role, content} messages as LangChain message objects."""
    from langchain_core import messages as lc

    out = []
    for m in messages:
        kind = _ROLES.get(m["role"])
        if kind is None:
            raise LLMError(f"no LangChain message for the role {m['role']!r}")
        out.append(getattr(lc, kind)(content=m["content"]))
    return out


def schema_instruction(json_schema: Mapping[str, Any]) -> str:
    return ("Reply with only a JSON value valid under this JSON schema, nothing else:\n"
            + json.dumps(json_schema, separators=(",", ":")))


def _text(message: Any) -> str:
    text = getattr(message, "text", None)
    if isinstance(text, str):
        return text
    content = getattr(message, "content", message)
    return content if isinstance(content, str) else str(content or "")


def _result(text: str, raw: Any, model: str, t0: float) -> ChatResult:
    usage = getattr(raw, "usage_metadata", None) or {}
    finish = (getattr(raw, "response_metadata", None) or {}).get("finish_reason")
    return ChatResult(text=text, model=model, prompt_tokens=int(usage.get("input_tokens") or 0),
                      completion_tokens=int(usage.get("output_tokens") or 0),
                      latency_s=time.perf_counter() - t0, finish_reason=finish or "stop")


def _top_logprobs(metadata: Mapping[str, Any]) -> list[Mapping[str, Any]] | None:
    """The first generated token's top alternatives, or None when the model gave no logprobs."""
    content = (metadata.get("logprobs") or {}).get("content") if isinstance(metadata.get("logprobs"), Mapping) \
        else None
    if not content:
        return None
    first = content[0]
    top = list(first.get("top_logprobs") or [])
    return top or [first]

