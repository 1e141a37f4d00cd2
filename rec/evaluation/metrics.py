"""Ranking metrics for one held-out target per list (the LlamaRec protocol; the tuning gate).

`rank` is the 1-based position of the target in a ranked list, or None when it is absent.
Every function averages over lists; an absent target counts as a miss (0).
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def ndcg_at(ranks: Sequence[int | None], k: int) -> float:
    """NDCG@k with one relevant item: 1/log2(rank+1) when it is in the top k (the ideal DCG is 1)."""
    return _mean([1.0 / math.log2(r + 1) if r is not None and r <= k else 0.0 for r in ranks])


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    """Recall@k (= hit rate with one relevant item)."""
    return _mean([1.0 if r is not None and r <= k else 0.0 for r in ranks])


def mrr(ranks: Sequence[int | None]) -> float:
    """Mean reciprocal rank over the whole list."""
    return _mean([1.0 / r if r is not None else 0.0 for r in ranks])


def rank_of(target: str, ranked: Sequence[str]) -> int | None:
    try:
        return list(ranked).index(target) + 1
    except ValueError:
        return None


def summary(ranks: Sequence[int | None], ks: Sequence[int] = (5, 10, 20)) -> dict[str, float]:
    out: dict[str, float] = {}
    for k in ks:
        out[f"recall@{k}"] = round(recall_at(ranks, k), 6)
        out[f"ndcg@{k}"] = round(ndcg_at(ranks, k), 6)
    out["mrr"] = round(mrr(ranks), 6)
    return out


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0
