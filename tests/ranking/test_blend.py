"""The learned blend, the prior and the synthesised requests, on data small enough to check by hand."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from rec.ranking.blend import DEFAULT, FEATURES, Blend, fit, mode_of, standardise, target_ranks
from rec.ranking.requests import synth_request
from rec.retrieval.filters import constraints_to_where, matches
from rec.retrieval.popularity import PopularityPrior
from rec.schema import Interaction


def test_standardise_zeroes_signals_with_nothing_to_say():
    z = standardise([[1.0, 5.0], [3.0, 5.0]])
    assert z[:, 0].tolist() == [-1.0, 1.0] and z[:, 1].tolist() == [0.0, 0.0]


def test_ties_count_half_and_ranks_are_one_based():
    z = np.zeros((4, len(FEATURES)))
    z[:, 0] = [0.5, 0.9, 0.5, 0.1]
    w = np.eye(len(FEATURES))[0]
    assert target_ranks([(z, 1), (z, 0), (z, 3)], w) == [1.0, 2.5, 4.0]


def _groups(n: int, seed: int = 0):
    """Pools where the target is best on `popularity` + 0.5 `collab` together, and on neither alone."""
    rng = np.random.default_rng(seed)
    groups = []
    for _ in range(n):
        raw = rng.normal(size=(30, len(FEATURES)))
        total = raw[:, FEATURES.index("popularity")] + 0.5 * raw[:, FEATURES.index("collab")]
        groups.append((standardise(raw), int(np.argmax(total))))
    return groups


def test_the_fit_finds_the_mixture_and_never_loses_to_the_best_single_signal():
    weights, report = fit(_groups(200))
    assert report["blend"] >= max(report["single"].values())
    assert report["best_single"] in ("popularity", "collab")
    assert weights["popularity"] > 0 and weights["collab"] > 0
    assert weights["collab"] / weights["popularity"] == pytest.approx(0.5, rel=0.5)
    assert report["blend"] > 0.9       # the target is first in nearly every pool


def test_blend_scores_saves_and_loads(tmp_path):
    blend = Blend(weights={"history": {"collab": 2.0}}, mmr={"history": 1.0})
    raw = np.zeros((3, len(FEATURES)))
    raw[:, FEATURES.index("collab")] = [0.0, 3.0, 1.0]
    assert np.argmax(blend.score("history", raw)) == 1
    assert Blend.load(tmp_path) is DEFAULT           # a store never fitted
    blend.save(tmp_path)
    assert Blend.load(tmp_path) == blend
    (tmp_path / "blend.json").write_text("{oops")
    with pytest.raises(Exception, match="rec tune blend"):
        Blend.load(tmp_path)


def test_kinds_of_request():
    assert mode_of(False, True) == "history"
    assert mode_of(True, True) == "personal" and mode_of(True, False) == "anonymous"


def test_the_prior_counts_people_recency_and_shrunk_judgements():
    rows = [Interaction(user_id=f"u{n}", item_id="hit", event="rating", value=5, ts=100) for n in range(9)]
    rows += [Interaction(user_id="u0", item_id="old", event="rating", value=5, ts=0),
             Interaction(user_id="u1", item_id="old", event="rating", value=5, ts=0),
             Interaction(user_id="u0", item_id="one", event="rating", value=5, ts=100),
             Interaction(user_id="u0", item_id="bad", event="rating", value=1, ts=100),
             Interaction(user_id="u1", item_id="bad", event="dislike", ts=100)]
    prior = PopularityPrior.build(rows, prior_weight=10)
    pop = {i: v["popularity"] for i, v in prior.values.items()}
    assert pop["hit"] == pytest.approx(math.log1p(9)) and pop["bad"] == pytest.approx(math.log1p(1))  # dislike
    assert prior.values["old"]["trend"] < prior.values["one"]["trend"] * 2   # two old ones ~ one recent one
    share = 12 / 14                                                          # the catalog's positive share
    assert prior.values["one"]["quality"] == pytest.approx((1 + 10 * share) / 11)    # one 5 stars: near the mean
    assert prior.values["bad"]["quality"] < prior.values["one"]["quality"] < prior.values["hit"]["quality"]
    assert prior.features(["nobody"])[0][:2] == [0.0, 0.0]
    assert [i for i, _ in prior.top(2)] == ["hit", "old"]


FIELDS = {"genres": {"type": "list", "items": "string", "distinct": 18, "top": ["Drama"]},
          "year": {"type": "number", "min": 1920, "max": 1998},
          "price": {"type": "number", "min": 1, "max": 300},
          "title": {"type": "string", "distinct": 1600}}


def test_synthesised_requests_are_satisfied_by_their_item_and_say_what_they_constrain():
    rng = random.Random(0)
    item = {"title": "Alien", "genres": ["Horror", "Sci-Fi"], "year": 1979, "price": 12.5}
    seen = set()
    for _ in range(60):
        req = synth_request(item, FIELDS, rng)
        assert matches(item, constraints_to_where(req.constraints))
        for c in req.constraints:
            seen.add(c.field)
            if c.field == "genres":
                assert c.value in req.text
            if c.field == "year":
                assert "1970s" in req.text
            if c.field == "price":
                assert "under $20" in req.text
    assert seen == {"genres", "year", "price"}       # titles are names, never a category
    assert synth_request({"title": "x"}, FIELDS, rng) is None


def test_the_bagged_fit_averages_fold_fits_and_falls_back_to_the_best_signal():
    from rec.ranking.blend import ascend

    groups = _groups(200)
    weights, report = fit(groups, folds=4)
    assert report["folds"] == 4 and abs(sum(abs(v) for v in weights.values()) - 1) < 1e-3
    folds = [ascend([g for n, g in enumerate(groups) if n % 4 != k]) for k in range(4)]
    mean = np.mean([v / np.abs(v).sum() for v in folds], axis=0)
    assert weights == pytest.approx({f: v for f, v in zip(FEATURES, mean.round(4), strict=True) if v != 0})
    # pools where only `trend` tells anything: no mixture can beat it, and the fit never scores below it
    rng = np.random.default_rng(1)
    noise = []
    for _ in range(60):
        raw = rng.normal(size=(20, len(FEATURES)))
        noise.append((standardise(raw), int(np.argmax(raw[:, FEATURES.index("trend")]))))
    weights, report = fit(noise)
    assert report["blend"] >= report["single"]["trend"] == 1.0
    assert fit(_groups(20))[1]["folds"] == 1          # too few pools to split: one fit on all
