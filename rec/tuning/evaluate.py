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
from rec.measure.metrics import summary
from rec.tuning.dataset import Example


def score(model: ChatModel, examples: Sequence[Example], progress: Callable[[int], None] | None = None
          ) -> dict[str, float]:
    ranks: list[int | None] = []
    invalid = 0
    for ex in examples:
        result = model.score_choices(ex.messages, ex.labels)
        mine = result.logprobs[ex.target]
        # pessimistic on ties: a model that cannot tell the candidates apart earns nothing for luck
        ranks.append(1 + sum(1 for label in ex.labels if label != ex.target and result.logprobs[label] >= mine))
        mass = sum(math.exp(v) for v in result.raw.values() if v is not None)
        invalid += mass < 0.5
        if progress:
            progress(1)
    out = summary(ranks, ks=(10,))
    out["invalid_rate"] = round(invalid / len(examples), 6) if examples else 0.0
    out["examples"] = len(examples)
    return out


@dataclass
class Decision:
    promote: bool
    reason: str
    delta_ndcg10: float


def decide(current: dict[str, float], candidate: dict[str, float], margin: float) -> Decision:
    """Promote only if the candidate's NDCG@10 beats the current one by more than `margin` and it does
    not produce more invalid outputs."""
    delta = round(candidate["ndcg@10"] - current["ndcg@10"], 6)
    if delta <= margin:
        return Decision(False, f"NDCG@10 {candidate['ndcg@10']:.4f} vs {current['ndcg@10']:.4f} "
                               f"(+{delta:.4f}) does not beat the margin {margin}", delta)
    if candidate["invalid_rate"] > current["invalid_rate"] + 0.05:
        return Decision(False, f"more invalid outputs ({candidate['invalid_rate']:.2%} vs "
                               f"{current['invalid_rate']:.2%})", delta)
    return Decision(True, f"NDCG@10 {current['ndcg@10']:.4f} -> {candidate['ndcg@10']:.4f} (+{delta:.4f})", delta)


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
