import random

import numpy as np
import pytest

from rec.errors import StoreError
from rec.evaluation.baselines import Sequential
from rec.evaluation.protocol import llamarec_split
from rec.retrieval.sequential import MODEL_FILE, SequentialModel

CHAIN = [f"i{n}" for n in range(40)]   # every user walks this cycle: the next item is always determined
SMALL = {"dim": 32, "layers": 1, "heads": 2, "max_len": 20, "batch_size": 32, "lr": 5e-3, "dropout": 0.1,
         "threads": 1}  # a tiny model: more threads only add overhead (and stall on a busy machine)


def windows(users: int = 200, seed: int = 0) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Each user's history is a window of the cycle; the target is the item right after it."""
    rng = random.Random(seed)
    histories, targets = {}, {}
    for u in range(users):
        start, length = rng.randrange(len(CHAIN)), rng.randrange(6, 16)
        walk = [CHAIN[(start + n) % len(CHAIN)] for n in range(length + 1)]
        histories[f"u{u}"], targets[f"u{u}"] = walk[:-1], walk[-1]
    return histories, targets


def hit_rate(model: SequentialModel, histories: dict[str, list[str]], targets: dict[str, str], k: int) -> float:
    hits = [targets[u] in [i for i, _ in model.top(h, k)] for u, h in histories.items()]
    return sum(hits) / len(hits)


@pytest.fixture(scope="module")
def data():
    return windows()


@pytest.fixture(scope="module")
def model(data):
    return SequentialModel.train(data[0], epochs=15, **SMALL)


def test_learns_the_next_item_far_above_chance(model, data):
    histories, targets = windows(seed=1)   # new users on the same cycle
    assert hit_rate(model, histories, targets, 1) >= 0.8   # chance: about 1 in 30
    untrained = SequentialModel.train(data[0], epochs=0, **SMALL)
    assert hit_rate(untrained, histories, targets, 5) <= 0.4


def test_direction_is_learned(data):
    """Trained on the cycle walked backwards, the model predicts the item before the history, not after:
    the order, not just which items appear together, is what it learns."""
    backwards = {u: h[::-1] for u, h in data[0].items()}
    model = SequentialModel.train(backwards, epochs=15, **SMALL)
    histories, targets = windows(seed=1)
    assert hit_rate(model, histories, targets, 1) <= 0.2
    before = {u: CHAIN[CHAIN.index(h[0]) - 1] for u, h in histories.items()}
    assert hit_rate(model, {u: h[::-1] for u, h in histories.items()}, before, 1) >= 0.8


def test_training_is_deterministic_and_reports_progress(data):
    calls = []
    a = SequentialModel.train(data[0], epochs=2, progress=lambda e, n: calls.append((e, n)), **SMALL)
    b = SequentialModel.train(data[0], epochs=2, **SMALL)
    assert calls == [(1, 2), (2, 2)]
    np.testing.assert_array_equal(a.score(["i3", "i4"]), b.score(["i3", "i4"]))


def test_validation_keeps_the_best_epoch(data):
    model = SequentialModel.train(data[0], epochs=6, validation=data[1], patience=2, **SMALL)
    curve = model.validation_curve
    assert 1 <= len(curve) <= 6
    assert model.config["epochs"] == curve.index(max(curve)) + 1
    assert model.ndcg_at_10(data[0], data[1]) == pytest.approx(max(curve))


def test_save_and_load_round_trip(model, tmp_path):
    assert SequentialModel.load(tmp_path) is None
    model.save(tmp_path)
    again = SequentialModel.load(tmp_path)
    assert again.item_ids == model.item_ids and again.config == model.config
    for history in (["i1", "i2", "i3"], [], ["i39"] * 30):
        np.testing.assert_array_equal(again.score(history), model.score(history))
    assert not list(tmp_path.glob(".*tmp"))


def test_an_ensemble_averages_its_seeds_and_round_trips(data, tmp_path):
    calls = []
    pair = SequentialModel.train(data[0], epochs=2, members=2, progress=lambda e, n: calls.append((e, n)), **SMALL)
    one, two = (SequentialModel.train(data[0], epochs=2, seed=s, **SMALL) for s in (0, 1))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)] and pair.config["members"] == 2
    history = ["i3", "i4", "i5"]
    np.testing.assert_allclose(pair.score(history), (one.score(history) + two.score(history)) / 2, rtol=1e-5,
                               atol=1e-5)
    pair.save(tmp_path)
    again = SequentialModel.load(tmp_path)
    assert len(again.members) == 1
    np.testing.assert_array_equal(again.score(history), pair.score(history))


def test_a_file_from_before_ensembles_loads(model, tmp_path):
    import torch

    torch.save({"config": dict(model.config), "items": list(model.item_ids), "state": model.net.state_dict()},
               tmp_path / MODEL_FILE)
    again = SequentialModel.load(tmp_path)
    assert again.members == []
    np.testing.assert_array_equal(again.score(["i1", "i2"]), model.score(["i1", "i2"]))


def test_corrupt_file_is_a_store_error(tmp_path):
    (tmp_path / MODEL_FILE).write_bytes(b"not a torch file")
    with pytest.raises(StoreError, match="rec ingest --interactions"):
        SequentialModel.load(tmp_path)


def test_top_respects_history_exclude_and_allowed(model):
    history = ["i10", "i11", "i12"]
    best = model.top(history, 5)
    assert best[0][0] == "i13" and len(best) == 5
    assert [s for _, s in best] == sorted((s for _, s in best), reverse=True)
    assert not {i for i, _ in best} & set(history)
    assert "i13" not in [i for i, _ in model.top(history, 5, exclude={"i13"})]
    allowed = {"i1", "i2", "i12", "unknown"}
    assert {i for i, _ in model.top(history, 10, allowed=allowed)} == {"i1", "i2"}
    assert model.top(history, 5, allowed=set()) == []


def test_unknown_and_empty_histories(model):
    np.testing.assert_array_equal(model.score(["nope", "i10", "zzz", "i11"]), model.score(["i10", "i11"]))
    assert not model.score(["nope"]).any() and not model.score([]).any()
    assert len(model.top([], 3)) == 3
    scores = model.score(["i10"], ["i11", "unknown", "i5"])
    assert scores[1] == -np.inf and np.isfinite(scores[[0, 2]]).all() and scores[0] > scores[2]
    rows = model.score_batch([["i10"], [], ["nope"]])
    assert rows.shape == (3, len(CHAIN)) and not rows[1:].any()


def test_baseline_ranks_k_items_outside_the_history(data):
    rows = [(u, item, float(t)) for u, h in data[0].items() for t, item in enumerate([*h, data[1][u]])]
    split = llamarec_split(rows)
    ranker = Sequential(epochs=3, **SMALL)
    ranker.fit(split)
    for user in split.users()[:20]:
        history = split.history(user)
        ranked = ranker.rank(user, history, 5)
        assert len(ranked) == 5 and not set(ranked) & set(history)
