"""The learned blend on a real store (embedded Chroma, hashing embedder): every signal obeys the hard
constraints whether the constrained set is scored whole or through a pool, `rec tune blend` fits and saves
weights that beat no single signal less, and `rec eval requests` runs end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from catalog_data import write_jsonl

from rec.config import load_config, parse_overrides
from rec.ranking.features import Context
from rec.retrieval.filters import matches

GENRES = ["Drama", "Comedy", "Horror", "Sci-Fi", "Romance"]
SETS = ["retrieval.embedder=hashing-64", "retrieval.sequential_epochs=3"]


def catalog_rows():
    return [{"id": str(n), "title": f"Film {n}", "text": f"Film {n}, a {GENRES[n % 5].lower()} story.",
             "attributes": {"year": 1950 + n, "genres": [GENRES[n % 5]]}} for n in range(40)]


def interaction_rows():
    """60 users walk the catalog in steps of one from a user-specific start: what comes next is learnable."""
    rows = []
    for u in range(60):
        start = (u * 7) % 40
        for t in range(8):
            rows.append({"user_id": f"u{u}", "item_id": str((start + t) % 40), "event": "rating",
                         "value": 5 if t % 3 else 3, "ts": 1000 * u + t})
    return rows


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from rec.retrieval.embeddings import HashingEmbedder
    from rec.retrieval.ingest import ingest

    home = tmp_path_factory.mktemp("blend_home")
    data = tmp_path_factory.mktemp("blend_data")
    cfg = load_config(overrides=parse_overrides([*SETS, f"home={home}", "store=films"]))
    ingest(cfg, HashingEmbedder(), write_jsonl(data / "c.jsonl", catalog_rows()),
           interactions=write_jsonl(data / "i.jsonl", interaction_rows()))
    return cfg


def retriever_for(cfg, **retrieval):
    from rec.retrieval.embeddings import HashingEmbedder
    from rec.retrieval.search import Retriever

    cfg = cfg.model_copy(update={"retrieval": cfg.retrieval.model_copy(update=retrieval)})
    return Retriever(cfg, HashingEmbedder())


@pytest.mark.parametrize("exact_max", [2000, 0])   # scored whole / through each source's pool
def test_every_signal_obeys_the_constraints_and_exclusions(store, exact_max):
    retriever = retriever_for(store, exact_max=exact_max)
    where = {"$and": [{"genres": {"$contains": "Horror"}}, {"year": {"$gte": 1960}}]}
    history = retriever.behaviour.history("u3")
    ctx = Context("a horror story", history, references=["13"])
    for mode in ("history", "personal", "anonymous"):
        got = retriever.candidates(ctx, mode=mode, where=where, exclude_ids=history, k=10)
        assert got, mode
        for c in got:
            assert matches(c.metadata, where) and c.item_id not in {*history, "13"}
    whole = retriever_for(store).candidates(ctx, mode="personal", where=where, exclude_ids=history, k=40)
    assert len(whole) == len([n for n in range(40) if n % 5 == 2 and 1950 + n >= 1960
                              and str(n) not in {*history, "13"}])      # the whole constrained set


def test_the_sequential_and_collaborative_signals_find_the_next_item(store):
    retriever = retriever_for(store)
    history = retriever.behaviour.history("u1")          # 7, 8, ..., 14
    got = retriever.candidates(Context("", history), mode="history", exclude_ids=history, k=3)
    assert got[0].item_id == "15" and {"collab", "popularity"} <= set(got[0].scores)


def test_ease_is_built_at_ingest_and_scores_the_pool(store):
    from rec.retrieval.ease import Ease

    assert (store.store_dir / "ease.npy").is_file()
    retriever = retriever_for(store)
    assert isinstance(retriever.behaviour.ease, Ease)
    history = retriever.behaviour.history("u1")          # 7, 8, ..., 14
    got = retriever.candidates(Context("", history), mode="history", exclude_ids=history, k=40)
    assert all("ease" in c.scores for c in got[:5])
    # a named item alone (anonymous request) gets EASE's item-item signal too
    _pool, raw = retriever.pool_signals(Context("a story", [], references=["7"]), exclude_ids=["7"])
    from rec.ranking.blend import FEATURES

    assert raw[:, FEATURES.index("ease")].std() > 0


def rec(*args, home):
    env = {**os.environ, "REC_HOME": str(home)}
    sets = [a for s in SETS for a in ("--set", s)]
    return subprocess.run([sys.executable, "-m", "rec.cli", *sets, "--store", "films", *args],
                          capture_output=True, text=True, env=env, timeout=600)


def test_tune_blend_fits_saves_and_reports(store):
    res = rec("tune", "blend", "--users", "40", "--json", home=store.home)
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    saved = json.loads((store.store_dir / "blend.json").read_text())
    assert saved["weights"] == doc["weights"] and set(doc["weights"]) == {"history", "personal", "anonymous"}
    for mode, fitted in doc["fitted"]["modes"].items():
        assert fitted["blend"] >= max(fitted["single"].values()), mode
        assert 0 <= doc["mmr"][mode] <= 1
    assert doc["fitted"]["modes"]["history"]["blend"] > 0.5    # the walk is learnable
    assert rec("tune", "blend", "--users", "40", home=store.home).stdout.count("blend NDCG@10") == 3


def test_eval_requests_scores_rec_against_constrained_baselines(store):
    res = rec("--set", "llm.backend=fake", "eval", "requests", "--users", "30", "--plan", "given", "--json",
              home=store.home)
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["users"] == 30 and doc["items_breaking_constraints"] == 0 and doc["items_from_history"] == 0
    assert {"rec", "popularity (constrained)", "co-occurrence last 3 (constrained)",
            "sequential (constrained)", "random (expected)"} <= set(doc["systems"])
    assert doc["comparison"]["focus"] == "rec" and doc["comparison"]["against"] != "rec"
    against = [c["against"] for c in doc["comparisons"]]       # rec paired with every baseline, the best first
    assert against == sorted(against, key=lambda s: -doc["systems"][s]["ndcg@10"])
    assert set(against) == {"popularity (constrained)", "co-occurrence last 3 (constrained)",
                            "sequential (constrained)"}
    assert doc["comparisons"][0] == doc["comparison"] and all(c["ratio_ci"] for c in doc["comparisons"] if c["ratio"])
    lo, hi = doc["systems"]["rec"]["ndcg@10_ci"]
    assert lo <= doc["systems"]["rec"]["ndcg@10"] <= hi
    bad = rec("eval", "requests", "--plan", "psychic", home=store.home)
    assert bad.returncode == 2 and "--plan" in bad.stderr
