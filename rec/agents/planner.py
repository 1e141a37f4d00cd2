"""Planner: conversation -> typed Plan, under the Plan JSON schema.

Invalid output is retried once with the validation error; if that fails too,
the planner falls back to a plan that searches with the raw message, so a
weak or misbehaving model never crashes a turn.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from rec.agents.prompts import load_prompt
from rec.errors import LLMOutputError
from rec.llm.base import ChatModel, ChatResult, Message
from rec.llm.structured import ask_structured
from rec.schema import Plan


@dataclass
class PlanOutcome:
    plan: Plan
    fallback: bool
    attempts: list[ChatResult] = field(default_factory=list)
    error: str | None = None


MAX_TURNS = 8
MAX_TURN_CHARS = 2000


def planner_messages(conversation: Sequence[Message], fields: str | None = None,
                     previous: Plan | None = None) -> list[dict[str, str]]:
    """System prompt (with the catalog's fields) + few-shot pairs + the current plan + the conversation."""
    prompt = load_prompt("planner")
    system = prompt["system"].replace("{fields}", fields or prompt["default_fields"])
    messages = [{"role": "system", "content": system}]
    for ex in prompt.get("examples", []):
        messages.append({"role": "user", "content": ex["user"]})
        messages.append({"role": "assistant", "content": json.dumps(ex["plan"])})
    if previous is not None:
        messages.append({"role": "system", "content": prompt["follow_up"].replace(
            "{plan}", previous.model_dump_json())})
    # The recent turns only, each capped: a long thread or a pasted essay must not outgrow the
    # model's context (the previous plan above carries what older turns decided).
    messages.extend({"role": m["role"], "content": m["content"][:MAX_TURN_CHARS]}
                    for m in list(conversation)[-MAX_TURNS:])
    return messages


def plan(model: ChatModel, conversation: Sequence[Message], *, fields: str | None = None,
         previous: Plan | None = None, retries: int = 1) -> PlanOutcome:
    last_user = next((m["content"] for m in reversed(conversation) if m["role"] == "user"), "")
    try:
        out = ask_structured(model, planner_messages(conversation, fields, previous), Plan, retries=retries)
    except LLMOutputError as e:
        return PlanOutcome(Plan(query=last_user), fallback=True, attempts=e.attempts, error=str(e))
    value = out.value
    if not value.query.strip():  # a plan that searches for nothing: search with the user's words
        value = value.model_copy(update={"query": last_user})
    return PlanOutcome(value, fallback=False, attempts=out.attempts)
