"""Examples from a feedback log the test fills (and from an interactions history), in the ranker's format."""

from __future__ import annotations

import random
from collections import Counter

from conftest import FILMS

from rec.agents.ranker import LABELS, ranker_messages
from rec.feedback.store import open_feedback_store
from rec.retrieval.embeddings import HashingEmbedder
from rec.retrieval.search import Retriever
from rec.schema import Candidate, Interaction
from rec.tuning.dataset import Example, from_feedback, from_interactions, split
from tuning.conftest import fill_feedback


def test_examples_from_feedback_rebuild_the_ranker_prompt(tuning_cfg):
    fill_feedback(tuning_cfg, turns=6)
    store = open_feedback_store(tuning_cfg.feedback.url, tuning_cfg.store_dir / "x.sqlite")
    turns = list(store.logged())
    store.close()
    counts = Counter()
    examples = from_feedback(turns, counts)
    assert len(examples) == 6 and counts["responses"] == 6 and counts["negatives"] == 6
    first, turn = examples[0], turns[0]
    clicked, disliked = turn.items[1]["item_id"], turn.items[-1]["item_id"]
    assert first.item_ids[LABELS.index(first.target)] == clicked and first.labels == LABELS[:4]
    assert first.item_ids[LABELS.index(first.rejected)] == disliked
    assert sorted(first.item_ids) == sorted(i["item_id"] for i in turn.items)
    window = [Candidate(item_id=i["item_id"], title=i["title"], score=0.0, metadata=i["metadata"])
              for i in turn.items]
    random.Random(turn.id).shuffle(window)    # shown order would make the answer nearly always "A"
    assert first.messages == ranker_messages(turn.context["request"], turn.context["history"], window)
    assert {e.target for e in examples} != {"B"}
    assert turn.context["request"] == "a comedy" and turn.context["history"]   # u0 has a history


def ex(ts, user="u", target="A", text="x"):
    return Example([{"role": "user", "content": text}], ["A", "B"], target, ["1", "2"], user, ts, "feedback")


def test_split_dedupes_caps_and_holds_out_the_newest():
    examples = [ex(n, user="u1" if n < 6 else "u2", text=str(n)) for n in range(10)] + [ex(3, "u1", text="3")]
    counts = Counter()
    data = split(examples, eval_fraction=0.2, cap_per_user=4, counts=counts)
    assert counts["duplicates"] == 1 and counts["capped"] == 2          # u1 keeps its newest 4 of 6
    assert [e.ts for e in data.train] == [2, 3, 4, 5, 6, 7] and [e.ts for e in data.heldout] == [8, 9]


def test_bootstrap_examples_from_an_interactions_history(film_cfg):
    retriever = Retriever(film_cfg, HashingEmbedder())
    rows = [Interaction(user_id="a", item_id=i, event="rating", value=5, ts=n) for n, i in enumerate("12345")]
    rows += [Interaction(user_id="b", item_id="6", event="like", ts=1)]            # too short a history
    counts = Counter()
    ticks: list[int] = []
    examples = from_interactions(rows, retriever, window=5, per_user=2, min_history=3, counts=counts,
                                 progress=ticks.append)
    assert ticks == [1, 1]   # one tick a user: `rec tune run --bootstrap` shows a bar over them
    assert [e.item_ids[LABELS.index(e.target)] for e in examples] == ["4", "5"]
    for e in examples:
        assert len(e.labels) == 5 and len(set(e.item_ids)) == 5
        history = {"1", "2", "3", "4"} - {e.item_ids[LABELS.index(e.target)]}
        assert not history & set(e.item_ids)     # what the user already had is never a candidate
    assert "Star Wars" in examples[0].messages[1]["content"]   # the history titles are in the prompt


def test_pipeline_examples_are_the_window_the_ranker_gets_and_never_see_the_test_item(film_cfg):
    from rec.tuning.dataset import from_pipeline

    retriever = Retriever(film_cfg, HashingEmbedder())
    orders = {"a": "1234596", "b": "2135947", "c": "9312458", "d": "6781"}
    rows = [Interaction(user_id=u, item_id=i, event="rating", value=5, ts=n)
            for u, items in orders.items() for n, i in enumerate(items)]
    counts = Counter()
    examples = from_pipeline(rows, retriever, window=10, per_user=2, min_history=3, epochs=0, counts=counts)
    assert counts["users"] == 3 and counts["windows"] == 6   # d is too short once its test item is dropped
    assert examples and counts["positives"] == len(examples)
    titles = {i: t for i, t, *_ in FILMS}
    for e in examples:
        target = e.item_ids[LABELS.index(e.target)]
        items = orders[e.user_id]
        n = items.index(target)
        liked = e.messages[1]["content"].split("Candidates")[0]
        assert target != items[-1] and titles[items[-1]] not in liked   # the test item: no input, no answer
        assert not set(items[:n]) & set(e.item_ids)          # the history is never a candidate
        assert e.source == "pipeline" and len(e.prior) == len(e.labels) == len(e.item_ids)
    assert all(e.item_ids[LABELS.index(e.target)] != orders[e.user_id][-1] for e in examples)
    # the window is shuffled, so the answer's label is not the blend's order; the blend's scores travel along
    assert any(e.prior != sorted(e.prior, reverse=True) for e in examples)
