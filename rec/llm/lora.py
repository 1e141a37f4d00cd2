"""LoRA adapters on a running vLLM OpenAI server: hot-load and unload over HTTP.

These are the server's admin routes (`POST /v1/load_lora_adapter`, `/v1/unload_lora_adapter`; the
server must run with --enable-lora and VLLM_ALLOW_RUNTIME_LORA_UPDATING=True). Which adapters to load
is the tuning registry's business (`rec.tuning.registry`); this module only talks to the server.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx

from rec.errors import ServerError


def load_adapter(base_url: str, name: str, path: Path, timeout_s: float = 120.0, api_key: str = "EMPTY") -> None:
    """Hot-load a LoRA adapter into a running vLLM (needs VLLM_ALLOW_RUNTIME_LORA_UPDATING)."""
    _admin(base_url, "/load_lora_adapter", {"lora_name": name, "lora_path": str(path)}, timeout_s, api_key)


def unload_adapter(base_url: str, name: str, timeout_s: float = 60.0, api_key: str = "EMPTY") -> None:
    _admin(base_url, "/unload_lora_adapter", {"lora_name": name}, timeout_s, api_key)


def lora_module_args(adapters: Mapping[str, Path]) -> list[str]:
    """`--lora-modules NAME=PATH ...` for a vLLM start-up (empty when there are none)."""
    if not adapters:
        return []
    return ["--lora-modules", *(f"{name}={path}" for name, path in adapters.items())]


def _admin(base_url: str, path: str, body: dict[str, Any], timeout_s: float, api_key: str = "EMPTY") -> None:
    try:
        resp = httpx.post(f"{base_url.rstrip('/')}{path}", json=body, timeout=timeout_s, trust_env=False,
                          headers={"Authorization": f"Bearer {api_key}"})
    except httpx.HTTPError as e:
        raise ServerError(f"vLLM at {base_url} unreachable for {path}: {e}") from e
    if resp.status_code != 200:
        raise ServerError(f"vLLM refused {path} ({resp.status_code}): {resp.text[:300]}")
