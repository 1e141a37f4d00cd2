"""Ranking metrics for one held-out target per list (the LlamaRec protocol; the tuning gate).

`rank` is the 1-based position of the target in a ranked list, or None when it is absent.
Every function averages over lists; an absent target counts as a miss (0).

With one held-out item per user, a user's score is close to a coin flip (recall is 0 or 1, NDCG is 0
or one of ten values), so a mean over a few hundred users moves by a hundredth from one sample of
users to the next: every mean is reported with a percentile-bootstrap interval over users
(`bootstrap_ci`), and two systems are compared on the *same* users, resampled together
(`paired_bootstrap`), because most of the noise is which users happen to be easy, and it is shared.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

METRICS = ("ndcg", "recall", "mrr")


def per_user(ranks: Sequence[int | None], metric: str, k: int | None = None) -> list[float]:
    """Each user's score, in the order of `ranks`: the vector the means and the bootstrap are taken over.

    `metric` is "ndcg" or "recall" (both need `k`) or "mrr" (over the whole list; `k` is ignored).
    NDCG with one relevant item is 1/log2(rank+1) within the top k (the ideal DCG is 1); recall is the
    hit rate."""
    if metric == "mrr":
        return [1.0 / r if r is not None else 0.0 for r in ranks]
    if metric not in METRICS or k is None:
        raise ValueError(f"per_user: metric {metric!r} with k={k!r}; expected one of {METRICS}, with k "
                         "for ndcg and recall")
    if metric == "ndcg":
        return [1.0 / math.log2(r + 1) if r is not None and r <= k else 0.0 for r in ranks]
    return [1.0 if r is not None and r <= k else 0.0 for r in ranks]


def ndcg_at(ranks: Sequence[int | None], k: int) -> float:
    """NDCG@k with one relevant item: 1/log2(rank+1) when it is in the top k (the ideal DCG is 1)."""
    return _mean(per_user(ranks, "ndcg", k))


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    """Recall@k (= hit rate with one relevant item)."""
    return _mean(per_user(ranks, "recall", k))


def mrr(ranks: Sequence[int | None]) -> float:
    """Mean reciprocal rank over the whole list."""
    return _mean(per_user(ranks, "mrr"))


def bootstrap_ci(values: Sequence[float], n: int = 2000, seed: int = 0, level: float = 0.95) -> tuple[float, float]:
    """Percentile-bootstrap interval of the mean of `values` (one score per user): `n` resamples of the
    users with replacement, all drawn at once, the same for the same seed and number of users (so
    intervals of systems scored on the same users are drawn from the same resamples). A constant vector
    gives a point; no values give (0.0, 0.0), matching the mean of nothing in this module."""
    if not len(values):
        return 0.0, 0.0
    means = _resampled_means(values, _indices(len(values), n, seed))
    lo, hi = _percentiles(means, level)
    return lo, hi


def paired_bootstrap(a: Sequence[float], b: Sequence[float], n: int = 2000, seed: int = 0,
                     level: float = 0.95) -> dict[str, Any]:
    """Systems `a` and `b` scored on the same users (`a[i]` and `b[i]` are one user): each resample draws
    users, and both systems are averaged over the very same draw. Pairing removes the noise of which
    users are easy, which two independent intervals count twice: two overlapping intervals can still
    hide a difference that is clear user by user.

    Returns `mean_a`, `mean_b`, `difference` (mean(a) - mean(b)) with `difference_ci`, `ratio`
    (mean(a) / mean(b), None when mean(b) is 0) with `ratio_ci` (the ratio of the resampled means;
    resamples where mean(b) is 0 are left out), `p_better` (the share of resamples where mean(a) >
    mean(b), strictly: identical systems give 0), `users` and `resamples`."""
    if len(a) != len(b):
        raise ValueError(f"paired_bootstrap: {len(a)} scores against {len(b)}; pair them by user")
    if not len(a):
        raise ValueError("paired_bootstrap: no users")
    import numpy as np

    idx = _indices(len(a), n, seed)
    ma, mb = _resampled_means(a, idx), _resampled_means(b, idx)
    mean_a, mean_b = float(np.mean(a)), float(np.mean(b))
    ok = mb > 0
    ratios = ma[ok] / mb[ok]
    return {"mean_a": mean_a, "mean_b": mean_b, "difference": mean_a - mean_b,
            "difference_ci": list(_percentiles(ma - mb, level)),
            "ratio": mean_a / mean_b if mean_b > 0 else None,
            "ratio_ci": list(_percentiles(ratios, level)) if ratios.size else None,
            "p_better": float(np.mean(ma > mb)), "users": len(a), "resamples": n}


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


def _indices(users: int, n: int, seed: int) -> Any:
    """`n` resamples of `users` positions with replacement, one row each."""
    import numpy as np

    return np.random.default_rng(seed).integers(0, users, size=(n, users))


def _resampled_means(values: Sequence[float], idx: Any) -> Any:
    import numpy as np

    return np.asarray(values, dtype=float)[idx].mean(axis=1)


def _percentiles(samples: Any, level: float) -> tuple[float, float]:
    import numpy as np

    tail = (1 - level) / 2 * 100
    lo, hi = np.percentile(samples, [tail, 100 - tail])
    return float(lo), float(hi)
