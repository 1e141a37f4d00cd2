"""A non-linear blend: gradient-boosted trees over each pool's signals, fitted per store and kind of
request where they beat the linear weights on held-out requests (rec/tuning/blend.py decides).

A weighted sum treats every signal the same at every level. Trees can learn that a strong sequential
score matters more inside a small constrained set than in the whole catalog, or that popularity helps
only when the text match is weak. Each candidate's features are, per signal, its z-score over the pool
and its percentile in the pool, plus the pool's size (log): the same for any catalog, no field names.

Fitting uses scikit-learn's `HistGradientBoostingClassifier` (target vs sampled pool items); the fitted
trees are exported as plain arrays (JSON in `blend.json`) and scored here with numpy, so serving needs
neither scikit-learn nor pickles.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, PrivateAttr

NEGATIVES = 30          # pool items sampled against each target when fitting
PARAMS = {"learning_rate": 0.05, "max_iter": 200, "max_leaf_nodes": 15, "l2_regularization": 1.0}


def features(z) -> Any:
    """[n, 2F + 1]: the z-scores, their percentile within the pool, log of the pool's size."""
    import numpy as np
    from scipy.stats import rankdata

    z = np.asarray(z, dtype=np.float64)
    n = len(z)
    pct = (rankdata(z, method="average", axis=0) - 1) / max(n - 1, 1) if n else z   # ties share their rank
    return np.concatenate([z, pct, np.full((n, 1), math.log(max(n, 1)))], axis=1)


class Tree(BaseModel):
    feature: list[int]
    threshold: list[float]
    left: list[int]
    right: list[int]
    value: list[float]
    leaf: list[bool]
    missing_left: list[bool]
    depth: int


class Forest(BaseModel):
    """Boosted trees: score = baseline + the sum of each tree's leaf value (log-odds of "the one")."""

    baseline: float
    trees: list[Tree]
    inputs: int                   # the feature count it was fitted on
    _cache: list | None = PrivateAttr(default=None)

    def score(self, z) -> Any:
        import numpy as np

        x = features(z)
        if x.shape[1] != self.inputs:
            raise ValueError(f"the forest was fitted on {self.inputs} features, the pool has {x.shape[1]}")
        rows = np.arange(len(x))
        out = np.full(len(x), self.baseline)
        for depth, (feature, threshold, left, right, value, leaf, missing) in self._arrays():
            at = np.zeros(len(x), dtype=np.int64)
            for _ in range(depth + 1):
                v = x[rows, feature[at]]
                go_left = np.where(np.isnan(v), missing[at], v <= threshold[at])
                at = np.where(leaf[at], at, np.where(go_left, left[at], right[at]))
            out += value[at]
        return out

    def _arrays(self) -> list[tuple[int, tuple[Any, ...]]]:
        """Each tree's node lists as numpy arrays, converted once (a request scores every tree)."""
        import numpy as np

        if self._cache is None:
            self._cache = [(t.depth, tuple(np.asarray(getattr(t, f)) for f in (
                "feature", "threshold", "left", "right", "value", "leaf", "missing_left"))) for t in self.trees]
        return self._cache


def fit_forest(groups: Sequence[tuple[Any, int]], seed: int = 0) -> Forest:
    """Fit on (standardised pool, target index) groups: each target against up to `NEGATIVES` items
    of its own pool."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(seed)
    xs, ys = [], []
    for z, t in groups:
        x = features(z)
        others = np.delete(np.arange(len(x)), t)
        pick = rng.choice(others, size=min(NEGATIVES, len(others)), replace=False) if len(others) else others
        xs += [x[[t]], x[pick.astype(np.int64)]]
        ys += [np.ones(1), np.zeros(len(pick))]
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):   # small data: one thread, no OpenMP spinning on a busy machine
        model = HistGradientBoostingClassifier(**PARAMS, random_state=seed).fit(np.concatenate(xs), np.concatenate(ys))
    trees = [_tree(predictor.nodes) for (predictor,) in model._predictors]
    return Forest(baseline=float(np.ravel(model._baseline_prediction)[0]), trees=trees, inputs=xs[0].shape[1])


def _tree(nodes) -> Tree:
    return Tree(feature=nodes["feature_idx"].tolist(), threshold=nodes["num_threshold"].tolist(),
                left=nodes["left"].tolist(), right=nodes["right"].tolist(), value=nodes["value"].tolist(),
                leaf=nodes["is_leaf"].astype(bool).tolist(),
                missing_left=nodes["missing_go_to_left"].astype(bool).tolist(),
                depth=int(nodes["depth"].max()))
