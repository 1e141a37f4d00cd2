"""A feedback log the tests fill through the real Recommender (fake model), over the film store."""

from __future__ import annotations

import pytest

from rec.feedback.store import open_feedback_store
from rec.llm.fake import FakeChatModel
from rec.recommender import Recommender
from rec.retrieval.embeddings import HashingEmbedder
from rec.retrieval.search import Retriever
from rec.schema import RecRequest

QUERIES = ["a comedy", "sci-fi", "something old", "a film for tonight", "anything good", "space adventure"]


@pytest.fixture(autouse=True)
def settled_now(monkeypatch):
    """Count feedback the moment it is posted (production waits a minute for late commits)."""
    monkeypatch.setattr("rec.tuning.schedule.SETTLE_S", 0.0)


@pytest.fixture
def tuning_cfg(film_cfg, tmp_path, tiny_model_dir):
    """The film store, a fresh REC_HOME for adapters and feedback, the tiny model as the base."""
    home = tmp_path / "home"
    store_dir = home / "stores" / film_cfg.store
    store_dir.mkdir(parents=True)
    for name in film_cfg.store_dir.iterdir():   # the film store's Chroma and indexes, shared read-only
        (store_dir / name.name).symlink_to(name)
    tuning = film_cfg.tuning.model_copy(update={"max_steps": 2, "batch_size": 2, "save_steps": 1, "max_eval": 8,
                                                "min_new_feedback": 5, "eval_fraction": 0.25})
    llm = film_cfg.llm.model_copy(update={"model": str(tiny_model_dir), "backend": "fake"})
    ranker = film_cfg.ranker.model_copy(update={"explain": False})
    return film_cfg.model_copy(update={"home": home, "tuning": tuning, "llm": llm, "ranker": ranker,
                                       "feedback": film_cfg.feedback.model_copy(
                                           update={"url": f"sqlite:///{tmp_path / 'feedback.sqlite'}"})})


def fill_feedback(cfg, turns: int = 12) -> list[str]:
    """Real responses with real events: the user clicks the 2nd item and dislikes the last one."""
    rec = Recommender(cfg, FakeChatModel(), Retriever(cfg, HashingEmbedder()),
                      feedback=open_feedback_store(cfg.feedback.url, cfg.store_dir / "unused.sqlite"))
    ids = []
    try:
        for n in range(turns):
            r = rec.recommend(RecRequest(query=QUERIES[n % len(QUERIES)], user_id=f"u{n % 4}", k=4), remember=False)
            rec.feedback(r.id, r.items[1].item_id, "click")
            rec.feedback(r.id, r.items[-1].item_id, "dislike")
            ids.append(r.id)
    finally:
        rec.close()
    return ids
