"""Boosted trees as the blend: exported exactly, chosen only where they beat the weights held out."""

from __future__ import annotations

import numpy as np
import pytest

from rec.ranking.blend import FEATURES, Blend, fit, standardise
from rec.ranking.trees import features, fit_forest
from rec.tuning.blend import compare_trees

SEQ, POP, TEXT = FEATURES.index("sequential"), FEATURES.index("popularity"), FEATURES.index("text")


def _pools(n: int, rule, seed: int = 0, size: int = 40):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        raw = rng.normal(size=(size, len(FEATURES)))
        out.append((standardise(raw), int(np.argmax(rule(raw)))))
    return out


def _gated(raw):
    """Taste decides, but only among items the words match: no weighted sum can express it."""
    return np.where(raw[:, TEXT] > 0.5, raw[:, SEQ], -10.0 + raw[:, POP])


def test_the_exported_forest_scores_exactly_as_scikit_learn():
    from sklearn.ensemble import HistGradientBoostingClassifier

    from rec.ranking.trees import NEGATIVES, PARAMS

    pools = _pools(60, _gated)
    forest = fit_forest(pools, seed=3)
    rng = np.random.default_rng(3)         # the same sample fit_forest drew
    xs, ys = [], []
    for z, t in pools:
        x = features(z)
        others = np.delete(np.arange(len(x)), t)
        pick = rng.choice(others, size=min(NEGATIVES, len(others)), replace=False)
        xs += [x[[t]], x[pick]]
        ys += [np.ones(1), np.zeros(len(pick))]
    model = HistGradientBoostingClassifier(**PARAMS, random_state=3).fit(np.concatenate(xs), np.concatenate(ys))
    z = pools[0][0]
    assert np.allclose(forest.score(z), model.decision_function(features(z)))


def test_percentiles_let_ties_share_their_rank():
    z = standardise(np.array([[1.0] + [0.0] * (len(FEATURES) - 1), [0.0] * len(FEATURES), [0.0] * len(FEATURES)]))
    x = features(z)
    pct = len(FEATURES)          # the percentiles follow the z-scores
    assert x[1, pct] == x[2, pct] == 0.25 and x[0, pct] == 1.0
    assert x.shape == (3, 2 * len(FEATURES) + 1)


def test_trees_are_chosen_where_an_interaction_decides_and_beat_the_weights_held_out():
    pools = _pools(160, _gated, size=30)
    forest, report = compare_trees(pools, fit(pools)[0])
    assert report["chosen"] == "trees" and forest is not None
    assert report["trees"] > report["linear"] and report["ratio_ci"][0] > 1.0
    held_out = _pools(100, _gated, seed=9)
    hits = sum(int(np.argmax(forest.score(z)) == t) for z, t in held_out)
    assert hits >= 50


def test_the_weights_stay_where_a_weighted_sum_is_the_answer():
    pools = _pools(80, lambda raw: raw[:, SEQ] + 0.5 * raw[:, POP], size=30)
    forest, report = compare_trees(pools, fit(pools)[0])
    assert report["chosen"] == "linear" and forest is None
    assert report["linear"] >= report["trees"]


def test_too_few_pools_skip_the_comparison():
    forest, report = compare_trees(_pools(12, _gated), {"sequential": 1.0})
    assert forest is None and "skipped" in report


def test_a_blend_with_trees_scores_with_them_and_survives_a_round_trip(tmp_path):
    pools = _pools(80, _gated)
    blend = Blend(weights={"personal": {"sequential": 1.0}}, forest={"personal": fit_forest(pools)})
    raw = np.random.default_rng(1).normal(size=(25, len(FEATURES)))
    assert np.allclose(blend.score("personal", raw), blend.forest["personal"].score(standardise(raw)))
    assert np.allclose(blend.score("history", raw), standardise(raw) @ blend.vector("history"))
    blend.save(tmp_path)
    again = Blend.load(tmp_path)
    assert np.allclose(again.score("personal", raw), blend.score("personal", raw))
    assert again.score("personal", raw[:0]).shape == (0,)
    with pytest.raises(ValueError, match="features"):
        again.forest["personal"].score(standardise(raw)[:, :3])
