"""rec's own systems for the ranking evaluation, over a store holding the dataset's catalog (e.g. the
demo's `movielens` store): dense retrieval alone, and the full pipeline (retriever with the learned
blend + LLM ranker), without the model, with the base model or with a tuned adapter.

Both must see only what the protocol allows: the store's models (co-occurrence, sequential, prior) and
user histories were built from *all* interactions (test items included), so they are rebuilt from the
split's test-time histories before ranking, and the blend is fitted on the validation items. Pipeline
responses are logged to a throwaway feedback store, never the store's own log (an evaluation is not
user feedback).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rec.evaluation.protocol import Split
from rec.schema import Interaction, RecRequest
from rec.tuning.registry import BASE


def split_rows(split: Split, ratings: Sequence[tuple[str, str, float, float]] | None = None) -> list[Interaction]:
    """The interactions a system may know at test time (every user's train + validation items), in the
    protocol's order. With the dataset's `ratings` (user, item, rating, ts) the events keep their rating and
    time (the prior's quality and trend read them); without, each is a view at its position."""
    known = {(u, i): (r, ts) for u, i, r, ts in ratings or ()}
    rows = []
    for u in split.users():
        for n, i in enumerate(split.history(u)):
            rating, ts = known.get((u, i), (None, float(n)))
            rows.append(Interaction(user_id=u, item_id=i, event="rating" if rating is not None else "view",
                                    value=rating, ts=ts))
    return rows


class SplitModels:
    """The signals' models and the blend for one split, built once and shared by the pipeline rows: the
    models from the test-time histories, the blend fitted with each user's validation item held out (so it
    never sees a test item). Too few users to fit leaves the default blend (a note says so)."""

    def __init__(self, retriever: Any, ratings: Sequence[tuple[str, str, float, float]] | None = None,
                 epochs: int = 40, fit_users: int = 1000, notes: list[str] | None = None):
        self.retriever, self.ratings, self.epochs, self.fit_users = retriever, ratings, epochs, fit_users
        self._for: Split | None = None
        self.notes = notes if notes is not None else []   # the report's notes: what the blend learned

    def prepare(self, split: Split) -> None:
        from rec.errors import InputError
        from rec.retrieval.behaviour import Behaviour
        from rec.tuning.blend import fit_blend

        if self._for is split:
            return
        rows = split_rows(split, self.ratings)
        behaviour = Behaviour.build(rows, sequential=self.epochs > 0, epochs=self.epochs)
        try:
            blend = fit_blend(self.retriever, rows, users=self.fit_users, epochs=self.epochs)
            fitted = blend.fitted["modes"].get("history", {})
            trees = fitted.get("trees", {})
            self.notes.append(f"pipeline blend (history requests), fitted on {fitted.get('groups')} validation "
                              f"items: {blend.weights['history']}, MMR lambda {blend.mmr['history']}; validation "
                              f"NDCG@10 {fitted.get('blend')} vs {fitted.get('best_single')} alone "
                              f"{fitted.get('single', {}).get(fitted.get('best_single'))}; boosted trees "
                              f"{trees.get('chosen', 'not tried')} (cross-validated {trees.get('trees')} vs weights "
                              f"{trees.get('linear')})")
        except InputError as e:
            from rec.ranking.blend import DEFAULT as blend

            self.notes.append(f"default blend: {e}")
        self.retriever.use(behaviour, blend)
        self._for = split


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
                 llm: bool = True, models: SplitModels | None = None, label: str | None = None):
        """`llm=False` is the ablation: the same retriever, blend and MMR with the model's weight at 0
        (the ranker then never asks it), which shows what the LLM adds; with `llm` the model's weight is
        `ranker.llm_weight`, 1 (equal to the blend's) when unset. `models`: shared between pipeline rows.
        `label`: the row's name after "rec pipeline" and its log's, for a model that is neither the base
        model nor an adapter served by name (a merged adapter)."""
        from rec.feedback.store import open_feedback_store
        from rec.recommender import Recommender

        log_dir.mkdir(parents=True, exist_ok=True)
        self.adapter = adapter
        self.concurrent = llm      # waits on the model server, which batches concurrent users
        self.models = models or SplitModels(retriever, epochs=cfg.retrieval.sequential_epochs)
        weight = 0.0 if not llm else cfg.ranker.llm_weight if cfg.ranker.llm_weight is not None else 1.0
        cfg = cfg.model_copy(update={"ranker": cfg.ranker.model_copy(update={"llm_weight": weight})})
        self.name = "rec pipeline" + (f" + {label}" if label else " (no LLM)" if not llm
                                      else f" + adapter {adapter}" if adapter else " (base model)")
        log = (label or "").replace(" ", "-") or ("no-llm" if not llm else adapter or "base")
        self.rec = Recommender(cfg, model, retriever, checkpoint_path=log_dir / "threads.sqlite",
                               feedback=open_feedback_store(None, log_dir / f"eval-{log}.sqlite"))

    def fit(self, split: Split) -> None:
        self.models.prepare(split)

    def rank(self, user: str, history: Sequence[str], k: int) -> list[str]:
        response = self.rec.recommend(RecRequest(user_id=user, k=min(k, 50)), remember=False,
                                      adapter=self.adapter or BASE)
        return [i.item_id for i in response.items]

    def close(self) -> None:
        self.rec.close(keep_model=True)   # the model is shared between rows


class MergedPipeline:
    """The pipeline with an adapter merged into the base weights (`rec.tuning.merge`), served for the row's
    duration by a private vLLM: vLLM's CPU LoRA path prefills ~8x slower than the base weights, a merged
    model runs at the base model's speed with the adapter's scores (up to rounding). Merged at `fit` (kept
    under REC_HOME/models/merged/), the server stopped at `done`."""

    concurrent = True

    def __init__(self, cfg: Any, retriever: Any, log_dir: Path, entry: dict[str, Any], base_dir: Path,
                 models: SplitModels, on_status: Any = lambda _m: None):
        self.cfg, self.retriever, self.log_dir, self.entry, self.base_dir = cfg, retriever, log_dir, entry, base_dir
        self.models, self.on_status = models, on_status
        self.label = f"adapter {entry['version']} (merged)"
        self.name = f"rec pipeline + {self.label}"
        self._stack: Any = None
        self._pipeline: Pipeline | None = None

    def fit(self, split: Split) -> None:
        import contextlib

        from rec.llm.vllm_server import private_model
        from rec.tuning.merge import merge_adapter, merged_dir

        self.models.prepare(split)
        version = self.entry["version"]
        self.on_status(f"merging adapter {version} into the base weights")
        merged = merge_adapter(self.base_dir, Path(self.entry["path"]), merged_dir(self.cfg.models_dir, version))
        self._stack = contextlib.ExitStack()
        model = self._stack.enter_context(private_model(self.cfg, merged, f"merged-{version}", self.on_status))
        self._pipeline = Pipeline(self.cfg, model, self.retriever, self.log_dir, models=self.models, label=self.label)
        self._stack.callback(self._pipeline.close)

    def rank(self, user: str, history: Sequence[str], k: int) -> list[str]:
        if self._pipeline is None:
            raise RuntimeError("MergedPipeline.rank before fit")
        return self._pipeline.rank(user, history, k)

    def done(self) -> None:
        """The row is over (or failed): the private server stops."""
        if self._stack is not None:
            self._stack.close()
            self._stack, self._pipeline = None, None
