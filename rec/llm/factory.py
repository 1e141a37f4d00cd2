"""Pick and build the ChatModel the configuration asks for.

`llm.backend: langchain` wraps any LangChain chat model (`llm.langchain_class`, `rec.llm.langchain_backend`).
`llm.backend: auto` uses the OpenAI-compatible server at `cfg.base_url`
(llm.base_url, else the managed vLLM server; several servers behind a router
when llm.base_url lists them) when it answers and serves our model, and
otherwise falls back to in-process
transformers; the returned reason says which was chosen and why, so entry
points can tell the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rec.config import RecConfig, redact_url
from rec.errors import ConfigError, LLMUnavailableError, RecError
from rec.llm.base import ChatModel
from rec.llm.models import resolve_model_dir


@dataclass
class Choice:
    model: ChatModel
    reason: str


def served_name(cfg: RecConfig) -> str:
    """The name the server knows our model by."""
    return cfg.llm.served_model or Path(cfg.llm.model).name


def _http(cfg: RecConfig, model: str):
    """One client for one server; a RouterChatModel over one client per server when there are several
    (their own retries off: the router moves a failed call to the next server, and goes round again)."""
    from rec.llm.openai_http import OpenAIHTTPChatModel

    c = cfg.llm
    urls = cfg.base_urls
    clients = [OpenAIHTTPChatModel(url, model, api_key=c.api_key, timeout_s=c.timeout_s,
                                   max_retries=c.max_retries if len(urls) == 1 else 0, backoff_s=c.backoff_s,
                                   max_choices=c.max_choices) for url in urls]
    if len(clients) == 1:
        return clients[0]
    from rec.llm.router import RouterChatModel

    return RouterChatModel(clients, cooldown_s=c.cooldown_s, rounds=c.max_retries + 1, backoff_s=c.backoff_s)


def _shown(cfg: RecConfig) -> str:
    """The model servers as printed and logged: no credentials."""
    return ", ".join(redact_url(u) for u in cfg.base_urls)


def _local(cfg: RecConfig):
    from rec.llm.transformers_backend import TransformersChatModel

    return TransformersChatModel(resolve_model_dir(cfg.llm.model, cfg.models_dir), model_name=served_name(cfg))


def _langchain(cfg: RecConfig):
    from rec.llm.langchain_backend import LangChainChatModel, load_chat_model

    if not cfg.llm.langchain_class:
        raise ConfigError('llm.backend=langchain needs llm.langchain_class ("package.module:Class", e.g. '
                          '"langchain_openai:ChatOpenAI") and its llm.langchain_kwargs')
    model = load_chat_model(cfg.llm.langchain_class, cfg.llm.langchain_kwargs)
    return LangChainChatModel(model, max_choices=cfg.llm.max_choices)


def server_urls(model: Any) -> list[str]:
    """The /v1 base URLs of the model servers a chat model talks to (one client, or a router's clients); none
    for an in-process model. What an adapter that is not yet served must be loaded into."""
    clients = getattr(model, "clients", None) or [model]
    return [url for c in clients if isinstance(url := getattr(c, "base_url", None), str)]


def build_chat_model(cfg: RecConfig) -> Choice:
    backend = cfg.llm.backend
    name = served_name(cfg)
    if backend == "fake":
        from rec.llm.fake import FakeChatModel

        return Choice(FakeChatModel(model=name), "llm.backend=fake (scripted, for tests and benchmarks)")
    if backend == "transformers":
        return Choice(_local(cfg), "llm.backend=transformers (in-process)")
    if backend == "langchain":
        return Choice(_langchain(cfg), f"llm.backend=langchain ({cfg.llm.langchain_class})")
    shown = _shown(cfg)    # these reasons are printed and logged: no credentials
    if backend == "openai_http":
        return Choice(_http(cfg, name), f"llm.backend=openai_http at {shown}")

    from rec.llm.openai_http import probe

    answers = [probe(url, cfg.llm.api_key) for url in cfg.base_urls]
    serving = sum(name in served for served in answers if served is not None)
    if serving:
        where = f"the server at {shown} serves" if len(answers) == 1 else f"{serving} of the servers at {shown} serve"
        return Choice(_http(cfg, name), f"auto: {where} {name}")
    served = next((s for s in answers if s is not None), None)
    why = (f"no server answers at {shown}" if served is None
           else f"the server at {shown} serves {served}, not {name}")
    try:
        return Choice(_local(cfg), f"auto: {why}; using in-process transformers")
    except RecError as e:
        raise LLMUnavailableError(f"{why}, and the in-process fallback failed: {e}") from e
