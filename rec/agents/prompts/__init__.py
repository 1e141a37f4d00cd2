"""Prompts are data: one yaml file per agent beside this module."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load_prompt(name: str) -> dict[str, Any]:
    """The parsed `NAME.yaml` (system text, templates, few-shot examples)."""
    text = resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)
