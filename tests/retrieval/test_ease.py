"""EASE: the closed form, scoring a pool, the size bound and the store round trip."""

import numpy as np
import pytest

from rec.errors import StoreError
from rec.retrieval.ease import Ease

HISTORIES = {"u1": ["a", "b"], "u2": ["a", "b", "c"], "u3": ["b", "c"], "u4": ["c", "d"]}


def test_closed_form_matches_the_definition():
    model = Ease.from_histories(HISTORIES, lam=1.0)
    assert model.items == ["a", "b", "c", "d"]
    x = np.array([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 0], [0, 0, 1, 1]], dtype=np.float64)
    p = np.linalg.inv(x.T @ x + np.eye(4))
    b = np.eye(4) - p / np.diag(p)
    assert np.allclose(model.weights, b, atol=1e-5)
    assert np.allclose(np.diag(model.weights), 0.0)


def test_scores_sum_the_rows_of_the_users_items_in_pool_order():
    model = Ease.from_histories(HISTORIES, lam=1.0)
    got = model.scores(["a", "b", "zz"], ["d", "c", "unknown"])
    w = model.weights
    assert got == pytest.approx([w[0, 3] + w[1, 3], w[0, 2] + w[1, 2], 0.0], abs=1e-6)
    assert model.scores(["zz"], ["a"]) is None
    # c goes with b more than d does: the user with b gets c first
    assert model.scores(["b"], ["c", "d"])[0] > model.scores(["b"], ["c", "d"])[1]


def test_a_catalog_above_the_bound_or_empty_has_no_model():
    assert Ease.from_histories(HISTORIES, max_items=3) is None
    assert Ease.from_histories({}) is None


def test_save_load_and_none(tmp_path):
    assert Ease.load(tmp_path) is None
    model = Ease.from_histories(HISTORIES)
    model.save(tmp_path)
    back = Ease.load(tmp_path)
    assert back.items == model.items and np.array_equal(back.weights, model.weights)
    np.save(tmp_path / "ease.npy", np.zeros((2, 2), dtype=np.float32))
    with pytest.raises(StoreError, match="rec ingest"):
        Ease.load(tmp_path)
    Ease.save_none(tmp_path)
    assert Ease.load(tmp_path) is None and not (tmp_path / "ease.npy").exists()


def test_behaviour_builds_saves_and_rebuilds_ease_for_an_older_store(tmp_path):
    from rec.retrieval.behaviour import Behaviour
    from rec.schema import Interaction

    rows = [Interaction(user_id=u, item_id=i, event="view", ts=float(n))
            for u, h in HISTORIES.items() for n, i in enumerate(h)]
    built = Behaviour.build(rows, sequential=False)
    assert built.ease is not None and built.ease.items == ["a", "b", "c", "d"]
    built.save(tmp_path)
    assert Behaviour.load(tmp_path).ease.items == built.ease.items
    for name in ("ease.npy", "ease.json"):  # a store ingested before EASE existed: built from its log
        (tmp_path / name).unlink()
    assert np.allclose(Behaviour.load(tmp_path).ease.weights, built.ease.weights)
    Behaviour.build(rows, sequential=False, ease_max_items=2).save(tmp_path)
    assert Behaviour.load(tmp_path).ease is None and not (tmp_path / "ease.npy").exists()
