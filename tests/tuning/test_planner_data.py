"""Planner training data synthesised from a store: gold plans valid under the store's plan schema, in the
word grammar's conventions; train and held-out apart by template and wording; engaged logged turns; replay."""

from __future__ import annotations

import random

import pytest

from rec.agents.graph import _fields_text
from rec.agents.planner import planner_messages, store_grounding
from rec.retrieval.embeddings import HashingEmbedder
from rec.retrieval.search import Retriever
from rec.schema import Plan
from rec.tuning.planner_data import (
    FOLLOW_UPS,
    TEMPLATES,
    PlanExample,
    Vocabulary,
    build_sets,
    fits,
    from_feedback,
    read_jsonl,
    render,
    replay,
    split_forms,
    typo,
    value_forms,
    write_jsonl,
)


@pytest.fixture(scope="module")
def film_store(film_cfg):
    retriever = Retriever(film_cfg, HashingEmbedder())
    grounding = store_grounding(retriever, _fields_text(retriever))
    return retriever, Vocabulary.of_store(retriever), grounding


def test_vocabulary_comes_from_the_store(film_store):
    _, vocab, _ = film_store
    assert "genres" in vocab.categorical and vocab.categorical["genres"][0] == "list"
    assert vocab.year == "year" and "year" in vocab.numeric
    assert vocab.titles and all(len(t.split()) >= 2 for t in vocab.titles)


def test_gold_plans_fit_the_store_schema_and_cover_every_phenomenon(film_store):
    _, vocab, grounding = film_store
    sets = build_sets(vocab, train=120, heldout=40, seed=1)
    assert len(sets.heldout) == 40 and len(sets.train) == 120
    for ex in [*sets.train, *sets.heldout]:
        assert fits(ex.plan, grounding.schema), (ex.text, ex.plan)
        Plan.model_validate_json(ex.completion)            # what the model is trained to write parses as a Plan
    held = {ex.phenomenon for ex in sets.heldout}
    assert {"value", "typo", "compound", "either", "negation", "range", "reference", "exclusion"} <= held
    assert set(FOLLOW_UPS) & held
    # a schema-invalid plan is caught: a genre the catalog lacks
    bad = {**sets.train[0].plan, "hard_constraints": [{"field": "genres", "op": "contains", "value": "Space Opera"}]}
    assert not fits(bad, grounding.schema)


def test_train_and_heldout_differ_by_template_and_wording(film_store):
    _, vocab, _ = film_store
    sets = build_sets(vocab, train=150, heldout=50, seed=2)
    train_texts = {ex.text for ex in sets.train}
    assert not train_texts & {ex.text for ex in sets.heldout}
    assert not {ex.template for ex in sets.train} & {ex.template for ex in sets.heldout}
    for phenomenon, templates in TEMPLATES.items():
        train, held = split_forms(templates)
        assert train and held and not set(train) & set(held), phenomenon


def test_gold_plans_follow_the_word_grammar(film_store):
    _, vocab, _ = film_store
    sets = build_sets(vocab, train=200, heldout=0, seed=3)
    by = {}
    for ex in sets.train:
        by.setdefault(ex.phenomenon, []).append(ex)
    either = by["either"][0].plan["hard_constraints"]
    assert [c["op"] for c in either] == ["in"] and len(either[0]["value"]) == 2
    negation = by["negation"][0].plan["hard_constraints"]
    assert [c["op"] for c in negation] == ["contains", "ne"]
    ref = by["reference"][0]
    assert ref.plan["intent"] == "more_like" and ref.plan["reference_items"][0] in vocab.titles
    bound = by["follow-up:bound"][0]
    assert bound.previous is not None and bound.conversation[1]["role"] == "assistant"
    kept = [c for c in bound.plan["hard_constraints"] if c["field"] == "genres"]
    assert kept == [c for c in bound.previous["hard_constraints"] if c["field"] == "genres"]   # the genre stays
    more = by["follow-up:more"][0]
    shown = [line.split(". ", 1)[1] for line in more.conversation[1]["content"].splitlines()]
    assert more.plan["reference_items"][0] in shown
    clear = by["follow-up:clear"][0]
    assert not [c for c in clear.plan["hard_constraints"] if c["field"] == "genres"]


def test_rendered_prompt_is_the_planners_own(film_store):
    retriever, vocab, _ = film_store
    sets = build_sets(vocab, train=30, heldout=0, seed=4)
    follow = next(ex for ex in sets.train if ex.previous)
    render([follow], _fields_text(retriever))
    assert follow.messages == planner_messages(follow.conversation, _fields_text(retriever),
                                               Plan.model_validate(follow.previous))


def test_surface_forms_and_typos():
    assert value_forms("Sci-Fi") == ["Sci-Fi", "sci-fi", "sci-fis", "sci fi"]
    assert "comedies" in value_forms("Comedy") and "romantic" in value_forms("Romance")
    assert value_forms("navy blue", plural=False) == ["navy blue"]
    rng = random.Random(0)
    for word in ("thriller", "documentary", "adventure"):
        t = typo(word, rng)
        assert t != word and abs(len(t) - len(word)) <= 1 and t[0] == word[0]


def test_replay_keeps_a_share_of_earlier_data_never_held_out(film_store, tmp_path):
    _, vocab, _ = film_store
    earlier = build_sets(vocab, train=60, heldout=0, seed=5).train
    write_jsonl(tmp_path / "t.jsonl", earlier)
    back = read_jsonl(tmp_path / "t.jsonl")
    assert [e.to_json() for e in back] == [e.to_json() for e in earlier]
    banned = {earlier[0].text}
    got = replay(back, 0.2, 80, banned)
    assert len(got) == 20 and all(e.source == "replay" and e.text not in banned for e in got)
    sets = build_sets(vocab, train=80, heldout=20, seed=6, earlier=back, replay_share=0.2)
    assert sets.counts["replay"] == 20 and len(sets.train) == 100


def test_engaged_logged_turns_become_examples(tuning_cfg, film_store):
    from rec.feedback.store import open_feedback_store
    from tuning.conftest import fill_feedback

    _, _, grounding = film_store
    fill_feedback(tuning_cfg, turns=4)
    store = open_feedback_store(tuning_cfg.feedback.url, tuning_cfg.store_dir / "x.sqlite")
    try:
        turns = list(store.logged())
    finally:
        store.close()
    examples = from_feedback(turns, grounding.schema)
    assert len(examples) == 4 and all(isinstance(e, PlanExample) and e.source == "feedback" for e in examples)
    assert examples[0].conversation == [{"role": "user", "content": "a comedy"}]
    assert examples[0].plan == Plan.model_validate(turns[0].plan).model_dump(mode="json")
    unengaged = [t for t in turns]
    for t in unengaged:
        t.events = [e for e in t.events if e[1] == "dislike"]
    assert from_feedback(unengaged, grounding.schema) == []
