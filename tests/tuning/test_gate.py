"""The ranker gate on hard-negative examples: the served ranking (the pipeline's blend with the model) is
what is compared, against production and against the blend without any model, on the same examples."""

from __future__ import annotations

import math

from rec.llm.base import ChoiceScores
from rec.tuning.dataset import Example
from rec.tuning.evaluate import decide, score


class Scripted:
    """Puts its probability mass on the label of a chosen item id (or spreads it evenly)."""

    def __init__(self, pick):
        self.pick = pick

    def score_choices(self, messages, labels):
        ex = EXAMPLES[int(messages[0]["content"])]
        chosen = self.pick(ex)
        probs = {lab: (0.9 if lab == chosen else 0.1 / (len(labels) - 1)) if chosen else 1 / len(labels)
                 for lab in labels}
        logs = {lab: math.log(p) for lab, p in probs.items()}
        return ChoiceScores(logprobs=logs, raw=dict(logs), model="scripted")


def make(n: int) -> Example:
    labels = [chr(65 + i) for i in range(12)]
    target = labels[n % 12]
    prior = [1.0 - 0.05 * i for i in range(12)]        # the blend puts A first, ... the target at n % 12
    return Example([{"role": "system", "content": str(n)}], labels, target, [str(i) for i in range(12)],
                   f"u{n}", float(n), "pipeline", prior=prior)


EXAMPLES = [make(n) for n in range(40)]


def test_scores_report_the_blend_alone_and_with_the_model_paired():
    oracle = score(Scripted(lambda ex: ex.target), EXAMPLES)
    blind = score(Scripted(lambda ex: None), EXAMPLES)
    assert oracle["ndcg@10"] == 1.0 and oracle["with_blend"]["ndcg@10"] > oracle["blend"]["ndcg@10"]
    assert oracle["vs_blend"]["ratio"] > 1 and oracle["vs_blend"]["ratio_ci"][0] > 1
    # a model with no opinion leaves the blend's order: the served ranking is the blend's
    assert blind["with_blend"] == blind["blend"] and blind["vs_blend"]["difference"] == 0


def test_the_gate_needs_the_model_to_beat_the_blend_without_it():
    oracle = score(Scripted(lambda ex: ex.target), EXAMPLES)
    wrong = score(Scripted(lambda ex: "L" if ex.target != "L" else "A"), EXAMPLES)
    blind = score(Scripted(lambda ex: None), EXAMPLES)
    assert decide(blind, oracle, margin=0.01).promote
    refused = decide({**blind, "with_blend": {"ndcg@10": 0.0}}, wrong, margin=0.0)
    assert not refused.promote and "without the model" in refused.reason   # beats production, not the blend
    assert not decide(oracle, oracle, margin=0.0).promote
    # examples without the pipeline's scores (feedback windows): the model's own ranking is compared
    plain = {"ndcg@10": 0.5, "invalid_rate": 0.0}
    assert decide(plain, {"ndcg@10": 0.6, "invalid_rate": 0.0}, margin=0.01).promote


def test_the_model_gets_a_weight_in_the_store_only_when_it_clearly_helps(film_cfg):
    from rec.ranking.blend import Blend
    from rec.tuning.schedule import model_weight

    oracle = score(Scripted(lambda ex: ex.target), EXAMPLES)
    blind = score(Scripted(lambda ex: None), EXAMPLES)
    assert model_weight(film_cfg, True, oracle) == 1.0 and Blend.load(film_cfg.store_dir).llm == 1.0
    assert model_weight(film_cfg, True, blind) == 0.0 and Blend.load(film_cfg.store_dir).llm == 0.0
    assert model_weight(film_cfg, False, oracle) == 0.0      # not promoted: the model steps aside
    assert model_weight(film_cfg, True, {"ndcg@10": 0.9}) is None   # feedback windows: nothing measured
