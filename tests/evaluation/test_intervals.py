"""Bootstrap intervals and paired comparisons, on vectors whose answers are known by hand; `evaluate` and
`compare` on a scripted split."""

from __future__ import annotations

import json
import math

import pytest

from rec.evaluation.protocol import llamarec_split
from rec.measure.metrics import bootstrap_ci, ndcg_at, paired_bootstrap, per_user, recall_at


def test_per_user_vectors_average_to_the_metrics():
    ranks = [1, 3, None, 12]
    assert per_user(ranks, "recall", 10) == [1.0, 1.0, 0.0, 0.0]
    assert per_user(ranks, "ndcg", 10) == pytest.approx([1.0, 0.5, 0.0, 0.0])
    assert per_user(ranks, "mrr") == pytest.approx([1.0, 1 / 3, 0.0, 1 / 12])
    assert sum(per_user(ranks, "ndcg", 20)) / 4 == pytest.approx(ndcg_at(ranks, 20))
    assert sum(per_user(ranks, "recall", 5)) / 4 == recall_at(ranks, 5)
    with pytest.raises(ValueError):
        per_user(ranks, "ndcg")           # k is needed
    with pytest.raises(ValueError):
        per_user(ranks, "precision", 10)


def test_interval_of_a_constant_is_a_point_and_of_nothing_zero():
    lo, hi = bootstrap_ci([0.25] * 50)
    assert lo == hi == pytest.approx(0.25)
    assert bootstrap_ci([]) == (0.0, 0.0)


def test_interval_contains_the_mean_and_narrows_with_more_users():
    few = [1.0, 0.0, 0.0, 0.0] * 25         # 100 users, hit rate 0.25
    many = few * 16                         # 1,600 users, the same hit rate
    lo, hi = bootstrap_ci(few)
    assert lo < 0.25 < hi
    # the standard error of a hit rate is sqrt(p(1-p)/n): 0.043 for 100 users, so a 95% width near 0.17
    assert hi - lo == pytest.approx(2 * 1.96 * math.sqrt(0.25 * 0.75 / 100), rel=0.15)
    lo2, hi2 = bootstrap_ci(many)
    assert lo2 < 0.25 < hi2 and (hi2 - lo2) < (hi - lo) / 3      # 16x the users: about a quarter the width
    assert bootstrap_ci(few, level=0.5)[1] - bootstrap_ci(few, level=0.5)[0] < hi - lo


def test_bootstrap_is_deterministic_by_seed():
    values = [1.0, 0.0, 0.5, 0.0, 0.0, 1.0, 0.3, 0.0] * 5
    assert bootstrap_ci(values, seed=3) == bootstrap_ci(values, seed=3)
    assert bootstrap_ci(values, seed=3) != bootstrap_ci(values, seed=4)
    assert paired_bootstrap(values, values[::-1], seed=1) == paired_bootstrap(values, values[::-1], seed=1)


def test_paired_bootstrap_of_identical_systems():
    a = [1.0, 0.0, 0.5, 0.0, 0.0, 1.0, 0.0, 0.0] * 10
    p = paired_bootstrap(a, list(a))
    assert p["difference"] == 0 and p["difference_ci"] == [0.0, 0.0]
    assert p["ratio"] == 1 and p["ratio_ci"] == [1.0, 1.0]
    assert p["p_better"] == 0.0                 # strictly better: a tie is not a win
    assert p["users"] == 80 and p["resamples"] == 2000


def test_a_system_better_on_every_user_wins_every_resample():
    b = [0.0, 0.5, 0.25, 1 / 3] * 10
    a = [x + 0.1 for x in b]
    p = paired_bootstrap(a, b)
    assert p["p_better"] == 1.0
    assert p["difference"] == pytest.approx(0.1) and p["difference_ci"] == pytest.approx([0.1, 0.1])
    assert p["ratio"] == pytest.approx(sum(a) / sum(b))
    assert p["ratio_ci"][0] > 1 and p["ratio_ci"][0] <= p["ratio"] <= p["ratio_ci"][1]


def test_pairing_sees_what_two_separate_intervals_miss():
    """Hard and easy users shared by both systems: the separate intervals overlap, the pairs do not."""
    b = [0.0] * 60 + [0.5] * 40
    a = [0.0] * 60 + [0.55] * 40
    assert bootstrap_ci(a)[0] < bootstrap_ci(b)[1]                     # overlapping intervals...
    assert paired_bootstrap(a, b)["p_better"] == 1.0                  # ...yet a wins on every resample


def test_paired_bootstrap_contract():
    with pytest.raises(ValueError):
        paired_bootstrap([1.0, 0.0], [1.0])
    with pytest.raises(ValueError):
        paired_bootstrap([], [])
    zero = paired_bootstrap([1.0, 0.5], [0.0, 0.0])
    assert zero["ratio"] is None and zero["ratio_ci"] is None and zero["p_better"] == 1.0


def _scripted_split():
    events = [(f"u{u}", str(i), t) for u in range(12) for t, i in enumerate([1, 2, 3, 4 + u % 3, 7 + u % 2])]
    return llamarec_split(events, min_count=1)     # 8 items; test item: "7" for even users, "8" for odd


class Scripted:
    """Puts the test item at `at[n % len(at)]` for user n (None: not in the list)."""

    def __init__(self, name, at):
        self.name, self.at = name, at

    def fit(self, split):
        self.split = split

    def rank(self, user, history, k):
        at = self.at[int(user[1:]) % len(self.at)]
        filler = [i for i in self.split.items if i != self.split.test[user] and i not in history]
        return filler if at is None else [*filler[:at - 1], self.split.test[user], *filler[at - 1:]]


def test_evaluate_keeps_ranks_apart_and_reports_intervals():
    from rec.evaluation.ranking import Evaluation, evaluate, table

    split = _scripted_split()
    run = evaluate(split, [Scripted("always first", [1]), Scripted("first or third", [1, 3])], split.users(), {})
    assert isinstance(run, Evaluation) and set(run) == {"always first", "first or third"}
    assert run.ranks == {"always first": [1] * 12, "first or third": [1, 3] * 6}
    assert run.ranks_doc() == {"users": split.users(), "ranks": run.ranks}
    assert run["always first"]["ndcg@10_ci"] == [1.0, 1.0] and run["always first"]["recall@10_ci"] == [1.0, 1.0]
    lo, hi = run["first or third"]["ndcg@10_ci"]
    assert run["first or third"]["ndcg@10"] == pytest.approx(0.75) and lo < 0.75 < hi
    doc = json.loads(json.dumps(run.systems))                          # the report stays small and plain
    assert "ranks" not in json.dumps(doc) and doc["always first"]["users"] == 12
    md = table(run)
    # recall@5, recall@10 with its interval, recall@20, ndcg@5, ndcg@10 with its interval
    assert "| always first | 1.0000 | 1.0000 [1.000, 1.000] | 1.0000 | 1.0000 | 1.0000 [1.000, 1.000] |" in md
    assert f"| 0.7500 [{lo:.3f}, {hi:.3f}] |" in md
    assert "| LlamaRec (published; ml-latest-small, not comparable) | — | 0.1524 |" in md


def test_compare_picks_the_pipeline_and_the_best_other_row_never_a_published_one():
    from rec.evaluation.ranking import PUBLISHED, compare, comparison_line, evaluate

    split = _scripted_split()
    systems = [Scripted("popularity", [None]), Scripted("rec pipeline (no LLM)", [1, 2]),
               Scripted("item-knn (last 3)", [2, 3]), Scripted("rec pipeline (base model)", [1]),
               Scripted("ALS", [3])]
    run = evaluate(split, systems, split.users(), {})
    c = compare(run.ranks)
    # the first pipeline row, against the best other row: the other pipeline row (always first)
    assert c["focus"] == "rec pipeline (no LLM)" and c["against"] == "rec pipeline (base model)"
    assert c["p_better"] == 0.0 and c["ratio"] < 1 and c["users"] == 12 and c["metric"] == "ndcg@10"
    classical = compare(run.ranks, against="item-knn (last 3)")
    assert classical["against"] == "item-knn (last 3)" and classical["p_better"] == 1.0
    assert classical["ratio"] == pytest.approx((1 + 1 / math.log2(3)) / (1 / math.log2(3) + 0.5))
    line = comparison_line(classical)
    assert line.startswith("rec pipeline (no LLM) vs item-knn (last 3): NDCG@10 ratio 1.44 [")
    assert "P(better) 1.00" in line
    no_pipeline = {name: r for name, r in run.ranks.items() if not name.startswith("rec pipeline")}
    best = compare(no_pipeline)
    assert best["focus"] == "item-knn (last 3)" and best["against"] == "ALS"     # the best, against the runner-up
    assert not set(PUBLISHED) & set(run.ranks)                        # published rows have no ranks to pair
    assert compare({"alone": [1, 2]}) is None
    with pytest.raises(ValueError):
        compare(run.ranks, focus="LlamaRec (published; ml-latest-small, not comparable)")


def test_each_finished_row_is_kept_while_the_run_goes_on(tmp_path):
    """A long run (the model rows take hours on a CPU) keeps every finished row on disk, marked partial."""
    from rec.commands.evaluation import _keep_rows
    from rec.config import load_config, parse_overrides
    from rec.evaluation.ranking import evaluate

    split = _scripted_split()
    cfg = load_config(overrides=parse_overrides([f"home={tmp_path}"]))
    seen = []

    def keep(results):
        seen.append(list(results))
        _keep_rows(cfg, tmp_path, {"dataset": "scripted", "notes": []}, 2, results)
        if len(results) == 1:
            kept = json.loads((tmp_path / "report.json").read_text())
            assert kept["partial"] == "1 of 2 systems" and list(kept["systems"]) == ["always first"]
            assert json.loads((tmp_path / "ranks.json").read_text())["ranks"] == {"always first": [1] * 12}

    evaluate(split, [Scripted("always first", [1]), Scripted("first or third", [1, 3])], split.users(), {},
             on_row=keep)
    assert seen == [["always first"], ["always first", "first or third"]]
