"""rec's own systems under the ranking protocol, on the film store with the fake model: nothing from the
user's history comes back, the test item is hidden from the collaborative model, and evaluation
responses stay out of the store's feedback log."""

from __future__ import annotations

import pytest

from rec.evaluation.protocol import llamarec_split
from rec.evaluation.ranking import evaluate
from rec.evaluation.systems import DenseRetrieval, Pipeline
from rec.llm.fake import FakeChatModel
from rec.retrieval.embeddings import HashingEmbedder
from rec.retrieval.search import Retriever


@pytest.fixture
def quiet(film_cfg):
    """The film store's config without explanations, and a retriever over it."""
    cfg = film_cfg.model_copy(update={"ranker": film_cfg.ranker.model_copy(update={"explain": False})})
    return cfg, Retriever(cfg, HashingEmbedder())


def test_dense_and_pipeline_systems(quiet, tmp_path):
    events = [(f"u{u}", i, t) for u, items in enumerate([["1", "2", "3", "9"], ["1", "2", "5", "4"],
                                                         ["6", "7", "8", "10"], ["1", "3", "9", "2"]])
              for t, i in enumerate(items)]
    split = llamarec_split(events, min_count=1)
    cfg, retriever = quiet
    store_log = cfg.store_dir / "feedback.sqlite"
    before = store_log.stat().st_size if store_log.exists() else None
    pipeline = Pipeline(cfg, FakeChatModel(), retriever, tmp_path / "logs")
    dense = DenseRetrieval(retriever)
    try:
        results = evaluate(split, [dense, pipeline], split.users(), {})
        pipeline.fit(split)
        for user in split.users():
            history = split.history(user)
            assert retriever.collab.history(user) == history            # the test item is hidden
            for system in (dense, pipeline):
                ranked = system.rank(user, history, 5)
                assert ranked and not set(ranked) & set(history)
    finally:
        pipeline.close()
    assert set(results) == {"dense retrieval", "rec pipeline (base model)"}
    assert all(0 <= m["ndcg@10"] <= 1 for m in results.values())
    assert (store_log.stat().st_size if store_log.exists() else None) == before
    assert (tmp_path / "logs" / "eval-base.sqlite").exists()


def test_items_outside_the_protocol_catalog_are_never_ranked(quiet, tmp_path):
    """The store holds the whole dataset; the protocol's catalog is the split's items (after the k-core).
    An item outside it must neither take a slot nor count towards coverage (a full ML-100k run showed
    dense retrieval at coverage@10 1.09 before this)."""
    events = [(f"u{u}", i, t) for u, items in enumerate([["1", "2", "3"], ["2", "3", "5"], ["1", "5", "9"]])
              for t, i in enumerate(items)]
    split = llamarec_split(events, min_count=1)
    assert set(split.items) == {"1", "2", "3", "5", "9"}      # the store also has 4, 6, 7, 8, 10
    cfg, retriever = quiet
    dense = DenseRetrieval(retriever)
    pipeline = Pipeline(cfg, FakeChatModel(), retriever, tmp_path / "logs")
    try:
        dense.fit(split)
        for user in split.users():
            ranked = dense.rank(user, split.history(user), 10)
            assert ranked and set(ranked) <= set(split.items) - set(split.history(user))
        pipeline.fit(split)
        assert set(pipeline.rank("u0", split.history("u0"), 10)) - set(split.items)  # the store's items leak
        results = evaluate(split, [dense, pipeline], split.users(), {})             # ... and are dropped here
    finally:
        pipeline.close()
    for m in results.values():
        assert 0 < m["coverage@10"] <= 1


def test_the_pipeline_reorders_only_the_asked_number_of_candidates(film_cfg, tmp_path):
    from rec.evaluation.ranking import systems_for

    split = llamarec_split([(f"u{u}", str(i), i) for u in range(3) for i in range(1, 6)], min_count=1)
    cfg = film_cfg.model_copy(update={"llm": film_cfg.llm.model_copy(update={"backend": "fake"})})
    systems, notes = systems_for(cfg, llm=True, log_dir=tmp_path / "logs", candidates=3)
    pipeline = next(s for s in systems if s.name == "rec pipeline (base model)")
    try:
        pipeline.fit(split)
        ranked = pipeline.rank("u0", split.history("u0"), 20)
    finally:
        pipeline.close()
    assert len(ranked) == 3 and not set(ranked) & set(split.history("u0"))
    assert any("no production adapter" in n for n in notes)


def test_the_adapter_row_can_be_skipped_or_named(film_cfg, tmp_path):
    from rec.errors import InputError
    from rec.evaluation.ranking import systems_for

    cfg = film_cfg.model_copy(update={"llm": film_cfg.llm.model_copy(update={"backend": "fake"})})
    systems, notes = systems_for(cfg, llm=True, log_dir=tmp_path / "logs", adapter="none")
    pipelines = [s for s in systems if s.name.startswith("rec pipeline")]
    for pipeline in pipelines:
        pipeline.close()
    assert [s.name for s in pipelines] == ["rec pipeline (no LLM)", "rec pipeline (base model)"]
    assert not any("adapter" in n for n in notes)
    with pytest.raises(InputError, match="adapter version 'v0042'"):
        systems_for(cfg, llm=True, log_dir=tmp_path / "logs", adapter="v0042")


def test_the_no_llm_ablation_never_asks_the_model(quiet, tmp_path):
    """Same retriever, blend and MMR with the model's weight at 0: what the LLM adds is the difference."""
    split = llamarec_split([(f"u{u}", str(i), i) for u in range(3) for i in range(1, 6)], min_count=1)
    cfg, retriever = quiet
    model = FakeChatModel()
    ablation = Pipeline(cfg, model, retriever, tmp_path / "logs", llm=False)
    full = Pipeline(cfg, model, retriever, tmp_path / "logs")
    try:
        ablation.fit(split)
        ranked = ablation.rank("u0", split.history("u0"), 5)
        assert ranked and not set(ranked) & set(split.history("u0")) and model.calls == []
        full.fit(split)
        assert full.rank("u0", split.history("u0"), 5) and [c["kind"] for c in model.calls] == ["score"]
    finally:
        ablation.close()
        full.close()
    assert ablation.name == "rec pipeline (no LLM)" and (tmp_path / "logs" / "eval-no-llm.sqlite").exists()


@pytest.fixture
def with_adapter(film_cfg, tmp_path, tiny_model_dir):
    """The film store in a fresh REC_HOME whose registry holds ranker adapter v0001 (production) of the tiny
    model."""
    from rec.tuning.registry import Registry

    home = tmp_path / "home"
    (home / "stores" / film_cfg.store).mkdir(parents=True)
    for name in film_cfg.store_dir.iterdir():
        (home / "stores" / film_cfg.store / name.name).symlink_to(name)
    cfg = film_cfg.model_copy(update={"home": home, "llm": film_cfg.llm.model_copy(
        update={"backend": "fake", "model": str(tiny_model_dir)})})
    registry = Registry(home, cfg.store, "ranker")
    version, path = registry.new_version_dir()
    registry.add(version, path, base_model=cfg.llm.model)
    registry.promote(version)
    return cfg


def test_the_adapter_row_is_merged_by_default_and_alone_needs_no_configured_model(with_adapter, tmp_path):
    from rec.evaluation.ranking import systems_for
    from rec.evaluation.systems import MergedPipeline

    cfg = with_adapter.model_copy(update={"server": with_adapter.server.model_copy(update={"python": "/bin/sh"})})
    systems, notes = systems_for(cfg, llm=True, log_dir=tmp_path / "logs", base=False)
    rows = [s for s in systems if s.name.startswith("rec pipeline")]
    assert [s.name for s in rows] == ["rec pipeline (no LLM)", "rec pipeline + adapter v0001 (merged)"]
    assert isinstance(rows[1], MergedPipeline) and rows[1].concurrent
    assert not any(n.startswith("model:") for n in notes)      # no server asked for: the row starts its own
    assert any("merged into the base weights" in n for n in notes)

    systems, _ = systems_for(cfg, llm=True, log_dir=tmp_path / "logs")   # with the base model's row before it
    assert [s.name for s in systems if s.name.startswith("rec pipeline")][1:] == [
        "rec pipeline (base model)", "rec pipeline + adapter v0001 (merged)"]


def test_without_a_vllm_to_start_the_adapter_is_served_by_name(with_adapter, tmp_path):
    from rec.evaluation.ranking import systems_for

    cfg = with_adapter.model_copy(update={"server": with_adapter.server.model_copy(
        update={"python": str(tmp_path / "no-venv" / "python")})})
    for merge in (True, False):
        systems, notes = systems_for(cfg, llm=True, log_dir=tmp_path / "logs", base=False, merge=merge)
        rows = [s for s in systems if s.name.startswith("rec pipeline")]
        assert [s.name for s in rows] == ["rec pipeline (no LLM)", "rec pipeline + adapter v0001"]
        assert any(n.startswith("model:") for n in notes)
        assert any("not merged" in n for n in notes) == merge


def test_a_row_holding_a_resource_is_released_even_when_it_fails():
    split = llamarec_split([(f"u{u}", str(i), i) for u in range(3) for i in range(1, 6)], min_count=1)

    class Holding:
        name, released = "holding", 0

        def fit(self, split):
            pass

        def rank(self, user, history, k):
            raise RuntimeError("the server died")

        def done(self):
            self.released += 1

    row = Holding()
    with pytest.raises(RuntimeError, match="the server died"):
        evaluate(split, [row], split.users(), {})
    assert row.released == 1
