"""The planner's gate: plan each held-out phrasing with the current planner (its production adapter, or
the base model) and with the candidate, exactly as a turn does (`agents.planner.plan`: the planner's
prompt, the store's plan schema as the grammar, one retry), and compare the plans with the gold ones.

Per example: *exact* (the same hard constraints, reference items and exclusions; the free-text query,
soft preferences and k are not judged), constraint true/false positives and misses (a constraint is its
field, operator and value; values compared case-blind, lists as sets), and for examples that name items,
whether the references and exclusions are the gold ones (titles compared by `titles.title_key`).
The candidate is kept only if its exact-plan accuracy beats the current planner's with a paired
bootstrap interval above `margin`, and its constraint F1 is not lower.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rec.llm.base import ChatModel
from rec.tuning.planner_data import PlanExample


def _value(v: Any) -> Any:
    if isinstance(v, list):
        return tuple(sorted(_value(x) for x in v))
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int | float):
        return float(v)
    return str(v).strip().lower()


def constraint_keys(plan: Mapping[str, Any]) -> set[tuple[str, str, Any]]:
    return {(str(c["field"]), str(c["op"]), _value(c["value"])) for c in plan.get("hard_constraints") or []}


def _titles(titles: Sequence[str]) -> set[str]:
    from rec.agents.titles import title_key

    return {title_key(t) for t in titles}


def compare(predicted: Mapping[str, Any] | None, gold: Mapping[str, Any]) -> dict[str, Any]:
    """One example's figures; `predicted` None (no valid plan) counts every gold constraint as missed."""
    want = constraint_keys(gold)
    got = constraint_keys(predicted) if predicted else set()
    refs_ok = bool(predicted) and _titles(predicted.get("reference_items") or []) == _titles(
        gold.get("reference_items") or []) and _titles(predicted.get("exclusions") or []) == _titles(
        gold.get("exclusions") or [])
    names = bool(gold.get("reference_items") or gold.get("exclusions"))
    tp = len(want & got)
    f1 = 1.0 if not want and not got else 2 * tp / (len(want) + len(got))
    return {"exact": float(bool(predicted) and want == got and refs_ok), "tp": tp, "fp": len(got - want),
            "fn": len(want - got), "f1": f1, "names_items": names, "references_ok": float(refs_ok),
            "valid": float(predicted is not None)}


def summarise(rows: Sequence[Mapping[str, Any]], phenomena: Sequence[str]) -> dict[str, Any]:
    n = len(rows) or 1
    tp, fp, fn = (sum(r[k] for r in rows) for k in ("tp", "fp", "fn"))
    named = [r for r in rows if r["names_items"]]
    by: dict[str, list[float]] = {}
    for r, p in zip(rows, phenomena, strict=True):
        by.setdefault(p, []).append(r["exact"])
    return {"examples": len(rows), "exact": round(sum(r["exact"] for r in rows) / n, 4),
            "constraint_precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
            "constraint_recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
            "constraint_f1": round(sum(r["f1"] for r in rows) / n, 4),
            "reference_accuracy": round(sum(r["references_ok"] for r in named) / len(named), 4) if named else None,
            "valid": round(sum(r["valid"] for r in rows) / n, 4),
            "exact_by_phenomenon": {p: round(sum(v) / len(v), 4) for p, v in sorted(by.items())}}


def plan_all(model: ChatModel, examples: Sequence[PlanExample], schema: Mapping[str, Any] | None,
             fields_text: str | None, progress: Callable[[int], None] | None = None,
             batch: int = 8, workers: int = 1) -> list[dict[str, Any] | None]:
    """The model's plan for each example (None where it gave no valid plan), as a turn asks for it. A model
    that answers a batch at once (`chat_batch`: in-process transformers) gets `batch` prompts a call; a
    reply that is no valid plan is asked again alone, with the error, as a turn would. Any other model (a
    server) gets `workers` examples in flight, one a call."""
    from rec.agents.planner import plan, planner_messages
    from rec.llm.structured import parse_json
    from rec.schema import Plan

    def alone(ex: PlanExample) -> dict[str, Any] | None:
        previous = Plan.model_validate(ex.previous) if ex.previous else None
        outcome = plan(model, ex.conversation, fields=fields_text, previous=previous, schema=schema)
        return None if outcome.fallback else outcome.plan.model_dump(mode="json")

    many = getattr(model, "chat_batch", None)
    if many is None:
        from concurrent.futures import ThreadPoolExecutor

        def one(ex: PlanExample) -> dict[str, Any] | None:
            got = alone(ex)
            if progress:
                progress(1)
            return got

        with ThreadPoolExecutor(max(1, workers)) as pool:
            return list(pool.map(one, examples))
    out: list[dict[str, Any] | None] = []
    for start in range(0, len(examples), batch):
        chunk = examples[start:start + batch]
        prompts = [planner_messages(ex.conversation, fields_text,
                                    Plan.model_validate(ex.previous) if ex.previous else None) for ex in chunk]
        for ex, result in zip(chunk, many(prompts, max_tokens=256, json_schema=schema), strict=True):
            try:
                out.append(Plan.model_validate(parse_json(result.text)).model_dump(mode="json"))
            except ValueError:
                out.append(alone(ex))
        if progress:
            progress(len(chunk))
    return out


def score(model: ChatModel, examples: Sequence[PlanExample], schema: Mapping[str, Any] | None,
          fields_text: str | None, progress: Callable[[int], None] | None = None, batch: int = 8,
          workers: int = 1) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(summary, per-example rows with the predicted plan)."""
    plans = plan_all(model, examples, schema, fields_text, progress, batch, workers)
    rows = [{**compare(p, ex.plan), "plan": p, "text": ex.text, "phenomenon": ex.phenomenon}
            for p, ex in zip(plans, examples, strict=True)]
    return summarise(rows, [ex.phenomenon for ex in examples]), rows


@dataclass
class PlannerDecision:
    promote: bool
    reason: str
    intervals: dict[str, Any]


def decide(current: Sequence[Mapping[str, Any]], candidate: Sequence[Mapping[str, Any]], margin: float = 0.0,
           seed: int = 0) -> PlannerDecision:
    """Paired bootstrap over the held-out examples (candidate minus current) of exact-plan accuracy,
    constraint F1 and, on the examples that name items, reference accuracy; promote only if the exact
    interval lies above `margin` and constraint F1 did not drop."""
    from rec.measure.metrics import paired_bootstrap

    intervals = {}
    for key in ("exact", "f1", "references_ok"):
        pairs = [(b[key], a[key]) for a, b in zip(current, candidate, strict=True)
                 if key != "references_ok" or a["names_items"]]
        if pairs:
            got = paired_bootstrap([p[0] for p in pairs], [p[1] for p in pairs], seed=seed)
            intervals[key] = {"candidate": round(got["mean_a"], 4), "current": round(got["mean_b"], 4),
                              "difference": round(got["difference"], 4),
                              "ci95": [round(x, 4) for x in got["difference_ci"]], "n": len(pairs)}
    exact = intervals.get("exact")
    if exact is None:
        return PlannerDecision(False, "no held-out examples", intervals)
    lo, hi = exact["ci95"]
    said = (f"exact plans {exact['current']:.3f} -> {exact['candidate']:.3f} "
            f"({exact['difference']:+.3f}, 95% CI {lo:+.3f}..{hi:+.3f})")
    if lo <= margin:
        return PlannerDecision(False, f"{said}: not better beyond the margin {margin}", intervals)
    if intervals["f1"]["difference"] < 0:
        return PlannerDecision(False, f"{said}, but constraint F1 dropped ({intervals['f1']['difference']:+.3f})",
                               intervals)
    return PlannerDecision(True, said, intervals)
