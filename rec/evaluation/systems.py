"""rec's own systems for the ranking evaluation, over a store holding the dataset's catalog (e.g. the
demo's `movielens` store): dense retrieval alone, and the full pipeline (retriever + LLM ranker), with
the base model or a tuned adapter.

Both must see only what the protocol allows: the store's collaborative model and user histories were
built from *all* interactions (test items included), so they are rebuilt from the split's test-time
histories before ranking. Pipeline responses are logged to a throwaway feedback store, never the
store's own log (an evaluation is not user feedback).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rec.evaluation.protocol import Split
from rec.schema import Interaction, RecRequest
from rec.tuning.registry import BASE


def _split_collab(split: Split):
    from rec.retrieval.collaborative import CoOccurrence

    rows = (Interaction(user_id=u, item_id=i, event="view", ts=float(n))
            for u in split.users() for n, i in enumerate(split.history(u)))
    return CoOccurrence.build(rows)


class DenseRetrieval:
    """The retriever's dense source alone: the titles of the user's last 3 items as the query."""

    name = "dense retrieval"

    def __init__(self, retriever: Any):
        self.retriever = retriever

    def fit(self, split: Split) -> None:
        catalog = set(split.items)   # the store may hold items the protocol's k-core dropped
        self.outside = [m["item_id"] for m in self.retriever.store.item_metadata() if m["item_id"] not in catalog]

    def rank(self, user: str, history: Sequence[str], k: int) -> list[str]:
        query = " ".join(self.retriever.titles(history[-3:]))
        hits = self.retriever.search(query, exclude_ids=[*history, *self.outside], k=k, sources=("text",))
        return [c.item_id for c in hits]


class Pipeline:
    """The whole recommender in history mode (no words, a user): retriever candidates (dense over the
    history's titles + co-occurrence), the LLM ranker's verbalizer, blending and MMR."""

    def __init__(self, cfg: Any, model: Any, retriever: Any, log_dir: Path, adapter: str | None = None,
                 llm: bool = True):
        """`llm=False` is the ablation: the same retriever, blend and MMR with the model's weight at 0
        (the ranker then never asks it), which shows what the LLM adds."""
        from rec.feedback.store import open_feedback_store
        from rec.recommender import Recommender

        log_dir.mkdir(parents=True, exist_ok=True)
        self.adapter = adapter
        if not llm:
            cfg = cfg.model_copy(update={"ranker": cfg.ranker.model_copy(update={"llm_weight": 0.0})})
        self.name = "rec pipeline" + (" (no LLM)" if not llm else f" + adapter {adapter}" if adapter
                                      else " (base model)")
        log = "no-llm" if not llm else adapter or "base"
        self.rec = Recommender(cfg, model, retriever, checkpoint_path=log_dir / "threads.sqlite",
                               feedback=open_feedback_store(None, log_dir / f"eval-{log}.sqlite"))

    def fit(self, split: Split) -> None:
        self.rec.retriever.collab = _split_collab(split)

    def rank(self, user: str, history: Sequence[str], k: int) -> list[str]:
        response = self.rec.recommend(RecRequest(user_id=user, k=min(k, 50)), remember=False,
                                      adapter=self.adapter or BASE)
        return [i.item_id for i in response.items]

    def close(self) -> None:
        self.rec.feedback_store.close()
        self.rec._conn.close()
