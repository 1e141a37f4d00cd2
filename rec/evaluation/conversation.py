"""`rec eval conversation --cases FILE`: scripted conversations with machine-checkable expectations.

A case is one JSON line: `{"id", "turns": [TURN, ...], "k"?, "user_id"?}` where a TURN is a string
(what the user says) or `{"say": TEXT, "expect": [CHECK, ...]}`; checks apply to that turn's list.
Checks, over the catalog metadata of the returned items:
- `{"every": {"field", "op", "value"}}` — every item satisfies the constraint (Chroma-style ops: eq, ne,
  gt, gte, lt, lte, in, nin, contains; `ne`/`nin` on a list field mean "has none of");
- `{"excludes": TITLE}` — no item has that title (the reference the user ruled out);
- `{"some_shares": {"field", "with": TITLE}}` — at least one item shares a value of `field` with the
  titled item ("at least one item shares a genre with Alien");
- `{"count": N}` / `{"at_least": N}` — exactly / at least N items.
Reported: per case pass/fail with the failing checks, the share of checks satisfied, the share of
items satisfying the `every` constraints, and latency per turn and per node.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rec.errors import InputError, validation_summary
from rec.schema import Constraint, RecRequest, RecResponse


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    say: str = Field(min_length=1)
    expect: list[dict[str, Any]] = Field(default_factory=list)


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    turns: list[Turn | str] = Field(min_length=1)
    k: int = Field(5, ge=1, le=50)
    user_id: str | None = None
    phenomenon: str | None = None     # what the case tests: synonym, negation, compound, range, reference…

    def steps(self) -> list[Turn]:
        return [t if isinstance(t, Turn) else Turn(say=t) for t in self.turns]


CHECKS = ("every", "excludes", "some_shares", "count", "at_least")


def read_cases(path: Path) -> list[Case]:
    if not path.is_file():
        raise InputError(f"cases file not found: {path}")
    cases = []
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip():
            continue
        try:
            case = Case.model_validate(json.loads(line))
        except json.JSONDecodeError as e:
            raise InputError(f"{path.name}:{n}: not JSON ({e.msg})") from None
        except ValidationError as e:
            raise InputError(f"{path.name}:{n}: {validation_summary(e)}") from None
        for turn in case.steps():
            for check in turn.expect:
                if len(check) != 1 or next(iter(check)) not in CHECKS:
                    raise InputError(f"{path.name}:{n}: a check is one of {', '.join(CHECKS)}: got {check}")
        cases.append(case)
    if not cases:
        raise InputError(f"{path} holds no cases")
    return cases


def check(spec: dict[str, Any], response: RecResponse, find_title: Callable[[str], dict[str, Any] | None],
          fields: dict[str, str] | None = None) -> tuple[bool, str, tuple[int, int]]:
    """(passed, description, (items satisfying, items checked)) for one check on one response;
    `fields` are the store's field types (so `ne` on a list field means "has none of")."""
    from rec.agents.retriever import norm_title
    from rec.retrieval.filters import constraint_to_where, matches

    kind, arg = next(iter(spec.items()))
    items = response.items
    if kind == "every":
        c = Constraint.model_validate(arg)
        where = constraint_to_where(c, fields or None)
        good = sum(matches(i.metadata, where) for i in items)
        return bool(items) and good == len(items), f"every item: {c.field} {c.op} {c.value!r}", (good, len(items))
    if kind == "excludes":
        return all(norm_title(i.title) != norm_title(arg) for i in items), f"excludes {arg!r}", (0, 0)
    if kind == "some_shares":
        ref = find_title(arg["with"]) or {}
        want = ref.get(arg["field"])
        want = set(want if isinstance(want, list) else [want]) - {None}
        ok = any(want & set(v if isinstance(v := i.metadata.get(arg["field"]), list) else [v]) for i in items)
        return ok and bool(want), f"some item shares {arg['field']} with {arg['with']!r}", (0, 0)
    if kind == "count":
        return len(items) == int(arg), f"exactly {arg} items (got {len(items)})", (0, 0)
    return len(items) >= int(arg), f"at least {arg} items (got {len(items)})", (0, 0)


def run_cases(rec: Any, cases: Sequence[Case], progress: Callable[[int], None] | None = None,
              history: str = "thread") -> dict[str, Any]:
    """Run every case on its own conversation; returns the per-case results and the summary. `history`:
    "thread" keeps the conversation on the server (a thread id); "messages" sends the whole
    conversation with every turn, as an OpenAI client does, and no thread."""
    def find_title(title: str) -> dict[str, Any] | None:
        from rec.agents.retriever import resolve_titles

        ids = list(resolve_titles(rec.retriever, [title]).values())
        return rec.retriever.store.items(ids).get(ids[0]) if ids else None

    results, turn_s, node_s = [], [], {}
    explained = _Explained()
    checks_total = checks_ok = items_total = items_ok = 0
    for case in cases:
        thread, failures, turns = f"eval-{case.id}-{uuid.uuid4().hex[:8]}", [], []
        sent: list[dict[str, str]] = []
        for n, turn in enumerate(case.steps(), 1):
            t0 = time.perf_counter()
            if history == "messages":
                sent = [*sent, {"role": "user", "content": turn.say}]
                response = rec.recommend(RecRequest(messages=sent, user_id=case.user_id, k=case.k))
                listed = "\n".join(f"{i}. {item.title}" for i, item in enumerate(response.items, 1))
                sent = [*sent, {"role": "assistant", "content": listed or "Nothing matched."}]
            else:
                response = rec.recommend(RecRequest(query=turn.say, user_id=case.user_id, k=case.k, thread_id=thread))
            seconds = time.perf_counter() - t0
            turn_s.append(seconds)
            for entry in response.trace:
                node_s.setdefault(entry["node"], []).append(entry["seconds"])
                explained.add(entry)
            for spec in turn.expect:
                ok, what, (good, seen) = check(spec, response, find_title, rec.retriever.fields)
                checks_total, checks_ok = checks_total + 1, checks_ok + ok
                items_total, items_ok = items_total + seen, items_ok + good
                if not ok:
                    failures.append(f"turn {n}: {what}")
            turns.append({"say": turn.say, "seconds": round(seconds, 3), "items": [i.title for i in response.items],
                          "plan": response.plan.model_dump(), "note": response.note})
        rec.reset(thread)
        results.append({"id": case.id, "passed": not failures, "failures": failures, "turns": turns})
        if progress:
            progress(1)
    return {"cases": results, "summary": {
        "cases": len(results), "passed": sum(r["passed"] for r in results),
        "pass_rate": round(sum(r["passed"] for r in results) / len(results), 4),
        "checks_satisfied": round(checks_ok / checks_total, 4) if checks_total else None,
        "items_satisfying_constraints": round(items_ok / items_total, 4) if items_total else None,
        "by_phenomenon": _by_phenomenon(cases, results),
        **explained.summary(),
        "turn_p50_s": _pct(turn_s, 0.5), "turn_p95_s": _pct(turn_s, 0.95),
        "node_p50_s": {k: _pct(v, 0.5) for k, v in node_s.items()},
        "node_p95_s": {k: _pct(v, 0.95) for k, v in node_s.items()}}, "latency": {"turn": turn_s, **node_s}}


class _Explained:
    """The explainer's counts over a run: items, fallbacks, specific ones, and why the model's lines were
    not used (per item that got the fallback, so the reasons sum to the fallbacks)."""

    def __init__(self) -> None:
        self.counts = {"explained": 0, "explain_fallbacks": 0, "explain_specific": 0, "explain_stray_lines": 0}
        self.reasons: dict[str, int] = {}
        self.examples: list[dict[str, str]] = []

    def add(self, entry: dict[str, Any]) -> None:
        for key in self.counts:
            self.counts[key] += entry.get(key, 0)
        for reason, count in entry.get("explain_reasons", {}).items():
            self.reasons[reason] = self.reasons.get(reason, 0) + count
        self.examples += entry.get("explain_rejected_lines", [])[:max(0, 40 - len(self.examples))]

    def summary(self) -> dict[str, Any]:
        c = self.counts
        return {"explained_items": c["explained"],
                "explanation_fallback_rate": _share(c["explain_fallbacks"], c["explained"]),
                "explanations_with_a_specific_fact": _share(c["explain_specific"], c["explained"]),
                "explanation_fallback_reasons": dict(sorted(self.reasons.items(), key=lambda kv: -kv[1])),
                "explanation_stray_lines": c["explain_stray_lines"],
                "explanation_rejected_examples": self.examples}


def _by_phenomenon(cases: Sequence[Case], results: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for case, result in zip(cases, results, strict=True):
        entry = out.setdefault(case.phenomenon or "other", {"cases": 0, "passed": 0})
        entry["cases"] += 1
        entry["passed"] += result["passed"]
    for entry in out.values():
        entry["pass_rate"] = round(entry["passed"] / entry["cases"], 4)
    return dict(sorted(out.items()))


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 4) if ordered else 0.0
