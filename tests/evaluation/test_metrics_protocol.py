"""Metric functions against hand-computed values; the LlamaRec split; the classical baselines."""

from __future__ import annotations

import math

import pytest

from rec.evaluation.baselines import ItemKNN, Popularity
from rec.evaluation.protocol import k_core, llamarec_split
from rec.measure.metrics import mrr, ndcg_at, rank_of, recall_at, summary


def test_metrics_by_hand():
    ranks = [1, 3, None, 12]
    assert recall_at(ranks, 10) == pytest.approx(2 / 4)
    assert ndcg_at(ranks, 10) == pytest.approx((1 + 1 / math.log2(4)) / 4)      # 1/log2(1+1) + 1/log2(3+1)
    assert ndcg_at(ranks, 20) == pytest.approx((1 + 0.5 + 1 / math.log2(13)) / 4)
    assert mrr(ranks) == pytest.approx((1 + 1 / 3 + 0 + 1 / 12) / 4)
    assert rank_of("b", ["a", "b", "c"]) == 2 and rank_of("z", ["a"]) is None
    assert summary([2], ks=(1, 5)) == {"recall@1": 0.0, "ndcg@1": 0.0, "recall@5": 1.0,
                                       "ndcg@5": round(1 / math.log2(3), 6), "mrr": 0.5}
    assert recall_at([], 10) == 0.0


def test_k_core_iterates_until_stable():
    rows = [("u1", "a", 1), ("u1", "b", 2), ("u2", "a", 1), ("u2", "b", 2), ("u3", "a", 1)]
    # with min 2: u3 has one item -> dropped; then every item still has 2 users
    assert sorted(k_core(rows, 2)) == sorted(rows[:4])
    chain = [("u1", "a", 1), ("u1", "b", 1), ("u2", "b", 1), ("u2", "c", 1)]
    assert k_core(chain, 2) == []      # dropping "a" and "c" leaves users with one item, and so on


def test_split_orders_by_time_then_item_id():
    events = [("u", "10", 5.0), ("u", "9", 5.0), ("u", "2", 1.0), ("u", "7", 9.0), ("u", "3", 2.0)]
    split = llamarec_split(events, min_count=1)
    assert split.train["u"] == ["2", "3", "9"] and split.valid["u"] == "10" and split.test["u"] == "7"
    assert split.history("u") == ["2", "3", "9", "10"]      # "9" < "10" numerically, not as text


def test_baselines_rank_the_catalog_minus_the_history():
    events = []
    for u in range(20):   # everyone watched 1, 2, 3 in order, then half went to 4, half to 5; 6 is rare
        events += [(f"u{u}", "1", 1), (f"u{u}", "2", 2), (f"u{u}", "3", 3), (f"u{u}", "4" if u % 2 else "5", 4)]
    events += [("u0", "6", 0), ("u1", "6", 0)]
    split = llamarec_split(events, min_count=1)
    pop = Popularity()
    pop.fit(split)
    top = pop.rank("u0", split.history("u0"), 3)
    assert not set(top) & set(split.history("u0")) and top[0] in {"4", "5"}
    knn = ItemKNN(recent=1)
    knn.fit(split)
    assert knn.name == "item-knn (last 1)" and knn.rank("u3", ["1", "2"], 2) == ["3", "6"]


def test_evaluate_reports_every_system_beside_the_published_figures():
    from rec.evaluation.ranking import evaluate, intra_list_diversity, table

    events = [(f"u{u}", str(i), t) for u in range(12) for t, i in enumerate([1, 2, 3, 4 + u % 3, 7 + u % 2])]
    split = llamarec_split(events, min_count=1)
    genres = {"1": {"a"}, "2": {"a", "b"}, "3": {"b"}}
    assert intra_list_diversity([["1", "2"]], genres) == pytest.approx(0.5)
    assert intra_list_diversity([["1", "3"], ["1"]], genres) == pytest.approx(1.0)
    results = evaluate(split, [Popularity(), ItemKNN()], split.users(), genres)
    assert set(results) == {"popularity", "item-knn"}
    for m in results.values():
        assert 0 <= m["ndcg@10"] <= m["recall@10"] <= 1 and m["users"] == 12 and 0 < m["coverage@10"] <= 1
    md = table(results)
    assert "| LlamaRec (published; ml-latest-small, not comparable) |" in md and "0.1524" in md
    assert "| item-knn |" in md


def test_evaluate_by_hand_with_a_scripted_system():
    """Recall, NDCG, MRR, coverage and diversity of a system whose lists are known."""
    from rec.evaluation.ranking import evaluate

    events = [(f"u{u}", str(i), t) for u in range(12) for t, i in enumerate([1, 2, 3, 4 + u % 3, 7 + u % 2])]
    split = llamarec_split(events, min_count=1)   # 8 items; test item: "7" for even users, "8" for odd

    class Scripted:
        name = "scripted"

        def fit(self, split):
            self.split = split

        def rank(self, user, history, k):
            answer = self.split.test[user]
            return [answer, "1"] if int(user[1:]) % 2 == 0 else ["1", "2", answer]

    genres = {"1": {"a"}, "2": {"a", "b"}}
    m = evaluate(split, [Scripted()], split.users(), genres)["scripted"]
    assert m["recall@5"] == m["recall@10"] == 1.0 and m["users"] == 12
    assert m["ndcg@10"] == pytest.approx((6 * 1 + 6 * 0.5) / 12)       # rank 1 for half, rank 3 (1/log2 4) for half
    assert m["mrr"] == pytest.approx((6 * 1 + 6 / 3) / 12, abs=1e-6)
    assert m["coverage@10"] == pytest.approx(4 / 8)                    # {1, 2, 7, 8} of 8 items
    # [7, 1]: one pair, no shared genre -> 1; [1, 2, 8]: (1,2) 1 - 1/2, (1,8) 1, (2,8) 1 -> 2.5/3
    assert m["diversity@10"] == pytest.approx((1 + 2.5 / 3) / 2, abs=1e-6)
