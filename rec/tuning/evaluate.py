"""The gate: score held-out examples with the current model (production adapter, or the base model)
and the candidate adapter on the ranker task, and promote only if NDCG@10 improves by a margin.

Each example is scored the way the ranker scores at inference (`score_choices`: next-token
log-probabilities of the labels); the candidates are ranked by them and the target's rank gives
NDCG@10, Recall@10 and MRR. An output is *invalid* when less than half of the next-token probability
mass falls on the labels: greedy decoding would then most likely answer something that is no label.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rec.llm.base import ChatModel
from rec.measure.metrics import paired_bootstrap, per_user, summary
from rec.tuning.dataset import Example


def score(model: ChatModel, examples: Sequence[Example], progress: Callable[[int], None] | None = None
          ) -> dict[str, float]:
    """The model's ranking of each example's window (`ndcg@10`, `recall@10`, `mrr`, `invalid_rate`). Where
    the examples carry the pipeline's own scores (`prior`), also the ranking the turn would serve: the
    blend alone (`blend`) and the blend with the model at weight 1 (`with_blend`, as the ranker combines
    them), with `vs_blend`, the paired bootstrap of the two NDCG@10s over the same examples."""
    ranks: list[int | None] = []
    fused: list[int | None] = []
    alone: list[int | None] = []
    invalid = 0
    for ex in examples:
        result = model.score_choices(ex.messages, ex.labels)
        ranks.append(_rank(ex.target, result.logprobs))
        if ex.prior is not None:
            alone.append(_rank(ex.target, dict(zip(ex.labels, ex.prior, strict=True))))
            fused.append(_rank(ex.target, _with_blend(ex, result.logprobs)))
        mass = sum(math.exp(v) for v in result.raw.values() if v is not None)
        invalid += mass < 0.5
        if progress:
            progress(1)
    out: dict[str, Any] = summary(ranks, ks=(10,))
    out["invalid_rate"] = round(invalid / len(examples), 6) if examples else 0.0
    out["examples"] = len(examples)
    if fused and len(fused) == len(examples):
        out["with_blend"], out["blend"] = summary(fused, ks=(10,)), summary(alone, ks=(10,))
        pair = paired_bootstrap(per_user(fused, "ndcg", 10), per_user(alone, "ndcg", 10))
        out["vs_blend"] = {k: pair[k] for k in ("ratio", "ratio_ci", "difference", "difference_ci", "p_better")}
    return out


def _rank(target: str, scores: dict[str, float]) -> int:
    """Pessimistic on ties: a model that cannot tell the candidates apart earns nothing for luck."""
    mine = scores[target]
    return 1 + sum(1 for label, v in scores.items() if label != target and v >= mine)


def _with_blend(ex: Example, logprobs: dict[str, float]) -> dict[str, float]:
    from rec.agents.ranker import blend
    from rec.schema import Candidate

    window = [Candidate(item_id=label, title=label, score=p)
              for label, p in zip(ex.labels, ex.prior or [], strict=True)]
    return blend(window, {label: logprobs[label] for label in ex.labels}, 1.0)


def headline(metrics: dict[str, Any]) -> float:
    """What the gate compares: the served ranking's NDCG@10 (blend with the model) where it is known,
    else the model's own."""
    return float(metrics["with_blend"]["ndcg@10"] if "with_blend" in metrics else metrics["ndcg@10"])


@dataclass
class Decision:
    promote: bool
    reason: str
    delta_ndcg10: float


def decide(current: dict[str, Any], candidate: dict[str, Any], margin: float) -> Decision:
    """Promote only if the candidate's NDCG@10 (`headline`) beats the current one by more than `margin`,
    it does not produce more invalid outputs, and — where the examples carry the pipeline's scores — the
    blend with it beats the blend without any model on the same examples."""
    new, old = headline(candidate), headline(current)
    delta = round(new - old, 6)
    if delta <= margin:
        return Decision(False, f"NDCG@10 {new:.4f} vs {old:.4f} (+{delta:.4f}) does not beat the margin {margin}",
                        delta)
    if candidate["invalid_rate"] > current["invalid_rate"] + 0.05:
        return Decision(False, f"more invalid outputs ({candidate['invalid_rate']:.2%} vs "
                               f"{current['invalid_rate']:.2%})", delta)
    if "blend" in candidate and new <= candidate["blend"]["ndcg@10"]:
        vs = candidate["vs_blend"]
        return Decision(False, f"NDCG@10 {new:.4f} does not beat the blend without the model "
                               f"{candidate['blend']['ndcg@10']:.4f} (x{vs['ratio']}, 95% {vs['ratio_ci']})", delta)
    return Decision(True, f"NDCG@10 {old:.4f} -> {new:.4f} (+{delta:.4f})", delta)


def write_report(path: Path, report: dict[str, Any], history: dict[str, dict[str, float]],
                 production: str | None) -> tuple[Path, Path]:
    """JSON for machines and a PNG for people: the metrics of every evaluated version (name -> metrics)."""
    from rec.measure.plots import bar_plot

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2))
    png = bar_plot(path.with_suffix(".png"), history, ["ndcg@10", "recall@10", "mrr", "invalid_rate"],
                   muted=[name for name in history if name != production],
                   title="ranker metrics per version (green: production)")
    return path, png
