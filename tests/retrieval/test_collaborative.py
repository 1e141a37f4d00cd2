import math

import pytest

from rec.retrieval.collaborative import CoOccurrence
from rec.schema import Interaction


def events(*rows):
    return [Interaction(user_id=u, item_id=i, event=e, ts=t) for u, i, e, t in rows]


@pytest.fixture
def model():
    return CoOccurrence.build(events(
        ("u1", "a", "like", 1), ("u1", "b", "view", 2),
        ("u2", "a", "click", 1), ("u2", "b", "like", 2), ("u2", "c", "purchase", 3),
        ("u3", "b", "view", 1), ("u3", "c", "like", 2),
        ("u3", "d", "dislike", 3),  # a dislike is not engagement
    ), shrink=5.0)


def test_similarity_is_shrunk_cosine(model):
    ab = 2 / math.sqrt(2 * 3) * (2 / 7)
    ac = 1 / math.sqrt(2 * 2) * (1 / 6)
    sims = dict(model.similar(["a"], k=5))
    assert sims == pytest.approx({"b": ab, "c": ac}, abs=1e-6)
    assert "d" not in model.index


def test_for_user_weights_recent_items_and_skips_history(model):
    bc = 2 / math.sqrt(3 * 2) * (2 / 7)
    ac = 1 / math.sqrt(2 * 2) * (1 / 6)
    assert model.history("u1") == ["a", "b"]
    (item, score), = model.for_user("u1", k=5)
    assert item == "c" and score == pytest.approx(1.0 * bc + 0.5 * ac, abs=1e-6)
    assert model.for_user("nobody", k=5) == []


def test_save_and_load_round_trip(model, tmp_path):
    model.save(tmp_path)
    again = CoOccurrence.load(tmp_path)
    assert again.similar(["b"], 3) == model.similar(["b"], 3)
    assert CoOccurrence.load(tmp_path / "empty").similar(["a"], 3) == []
