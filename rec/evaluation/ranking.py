"""`rec eval ranking`: every system on the same LlamaRec split, beside the published figures for orientation.

Each system ranks the whole catalog minus the user's test-time history (train + validation); the
held-out last item is the target. Reported per system: Recall and NDCG at 5/10/20 (at 10 with a 95%
bootstrap interval over users), MRR, catalog coverage of the top-10 lists, intra-list diversity of the
top-10 (mean pairwise genre Jaccard distance), and seconds. One held-out item per user makes each
user's score close to a coin flip, so a system has to beat the best other row *on the same users*
(`compare`, a paired bootstrap) before it can be said to be better.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rec.evaluation.baselines import Ranker
from rec.evaluation.protocol import Split
from rec.measure.metrics import bootstrap_ci, paired_bootstrap, per_user, rank_of, summary

# LlamaRec (Yue et al., 2023): its Llama-2-7B ranker and its retriever LRURec, as published for "ML-100k".
# LlamaRec's own loader reads MovieLens ml-latest-small (610 users, 3,650 items after the 5-core), not
# ML-100k (943 users, 1,682 items): the figures orient, they do not compare, and `compare` never sees them
# (they have no per-user ranks).
PUBLISHED = {"LlamaRec (published; ml-latest-small, not comparable)": {"recall@10": 0.1524, "ndcg@10": 0.0759},
             "LRURec (published; ml-latest-small, not comparable)": {"recall@10": 0.1426, "ndcg@10": 0.0705}}
DEPTH = 20
RESAMPLES = 2000
PIPELINE = "rec pipeline"


@dataclass(frozen=True, eq=False)
class Evaluation(Mapping[str, dict[str, Any]]):
    """What `evaluate` measured: read as a mapping, the metrics by system (JSON-ready, what the report
    prints); beside it, the per-user ranks behind them (`ranks[system][n]` is the rank of `users[n]`'s
    target, None when absent), kept apart because they are large (one per user and system) and only serve to
    pair systems on the same users (`compare`); `ranks_doc` is their own file's content."""

    systems: dict[str, dict[str, Any]]
    users: list[str]
    ranks: dict[str, list[int | None]]

    def __getitem__(self, name: str) -> dict[str, Any]:
        return self.systems[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.systems)

    def __len__(self) -> int:
        return len(self.systems)

    def ranks_doc(self) -> dict[str, Any]:
        return {"users": self.users, "ranks": self.ranks}


def intra_list_diversity(lists: Sequence[Sequence[str]], genres: dict[str, set[str]]) -> float:
    """Mean over lists of the mean pairwise Jaccard distance of the items' genre sets."""
    values = []
    for items in lists:
        pairs = [(a, b) for n, a in enumerate(items) for b in items[n + 1:]]
        if not pairs:
            continue
        dist = [1 - len(genres.get(a, set()) & genres.get(b, set())) / max(len(genres.get(a, set())
                                                                                | genres.get(b, set())), 1)
                for a, b in pairs]
        values.append(sum(dist) / len(dist))
    return sum(values) / len(values) if values else 0.0


def evaluate(split: Split, systems: Sequence[Ranker], users: Sequence[str], genres: dict[str, set[str]],
             progress: Callable[[str, int], Callable[[int], None]] | None = None, workers: int = 1,
             on_row: Callable[[Evaluation], None] | None = None) -> Evaluation:
    """Every system ranks the protocol's catalog (the split's items, after the k-core): an item outside
    it (a store holds the whole dataset) is dropped from the list before scoring, so it can neither take
    a slot nor count towards coverage. NDCG@10 and Recall@10 come with a 95% interval (`ndcg@10_ci`,
    `recall@10_ci`); every system's interval is drawn from the same resamples of the users. A system
    marked `concurrent` (one that waits on a model server) ranks `workers` users at once. `on_row` sees the
    evaluation so far after each system (a long run keeps what it finished)."""
    results: dict[str, dict[str, Any]] = {}
    all_ranks: dict[str, list[int | None]] = {}
    catalog = set(split.items)
    for system in systems:
        t0 = time.perf_counter()
        try:
            lists = _lists(split, system, users, catalog, progress, workers)
        finally:
            if done := getattr(system, "done", None):   # a row that holds a resource (a private server)
                done()
        ranks = [rank_of(split.test[u], ranked) for u, ranked in zip(users, lists, strict=True)]
        tops = [ranked[:10] for ranked in lists]
        metrics: dict[str, Any] = summary(ranks)
        for metric in ("ndcg", "recall"):
            metrics[f"{metric}@10_ci"] = [round(v, 6) for v in bootstrap_ci(per_user(ranks, metric, 10),
                                                                             n=RESAMPLES)]
        metrics["coverage@10"] = round(len({i for top in tops for i in top}) / len(split.items), 6)
        metrics["diversity@10"] = round(intra_list_diversity(tops, genres), 6)
        metrics["seconds"] = round(time.perf_counter() - t0, 2)
        metrics["users"] = len(users)
        results[system.name] = metrics
        all_ranks[system.name] = ranks
        if on_row:
            on_row(Evaluation(dict(results), list(users), dict(all_ranks)))
    return Evaluation(results, list(users), all_ranks)


def _lists(split: Split, system: Ranker, users: Sequence[str], catalog: set[str],
           progress: Callable[[str, int], Callable[[int], None]] | None, workers: int) -> list[list[str]]:
    """One system's lists for `users`, fitted first; outside the protocol's catalog dropped."""
    system.fit(split)
    advance = progress(system.name, len(users)) if progress else (lambda n: None)

    def one(user: str) -> list[str]:
        ranked = [i for i in system.rank(user, split.history(user), DEPTH) if i in catalog]
        advance(1)
        return ranked

    # a system that waits on a model server ranks users concurrently: the server batches their calls
    with ThreadPoolExecutor(workers if getattr(system, "concurrent", False) else 1) as pool:
        return list(pool.map(one, users))


def compare(ranks: Mapping[str, Sequence[int | None]], focus: str | None = None, against: str | None = None,
            k: int = 10, n: int = RESAMPLES, seed: int = 0) -> dict[str, Any] | None:
    """Is `focus` better than the best other system, on the same users? A paired bootstrap of NDCG@k
    (`metrics.paired_bootstrap`): the ratio of the means with its 95% interval, the difference with its
    interval, and P(better), the share of resamples where `focus` wins.

    Only systems with per-user ranks take part, so the published rows (other data, no ranks) can never
    be the best other row. `focus` defaults to the first system named "rec pipeline…" (the rows that
    have to earn their place), else the best system by NDCG@k (then: is it clearly ahead of the
    runner-up?); `against` defaults to the best other system by NDCG@k. None when fewer than two
    systems, or no users."""
    if len(ranks) < 2 or not any(len(r) for r in ranks.values()):
        return None
    scores = {name: per_user(r, "ndcg", k) for name, r in ranks.items()}
    by_mean = sorted(scores, key=lambda name: -sum(scores[name]) / max(len(scores[name]), 1))
    focus = focus or next((name for name in ranks if name.startswith(PIPELINE)), by_mean[0])
    against = against or next(name for name in by_mean if name != focus)
    if focus not in scores or against not in scores or focus == against:
        raise ValueError(f"compare: focus {focus!r} against {against!r}; systems: {list(ranks)}")
    paired = paired_bootstrap(scores[focus], scores[against], n=n, seed=seed)
    return {"focus": focus, "against": against, "metric": f"ndcg@{k}",
            **{key: _round(value) for key, value in paired.items()}}


def comparisons(ranks: Mapping[str, Sequence[int | None]]) -> list[dict[str, Any]]:
    """The comparisons a reader needs: rec's default pipeline (no model) against the best row that is not
    rec's, then each model row against the pipeline without the model (does the model earn its weight?)."""
    base = f"{PIPELINE} (no LLM)"
    others = [name for name in ranks if not name.startswith(PIPELINE)]
    if base not in ranks or not others:
        first = compare(ranks)
        return [first] if first else []
    best = max(others, key=lambda name: sum(per_user(ranks[name], "ndcg", 10)))
    out = [compare(ranks, focus=base, against=best)]
    out += [compare(ranks, focus=name, against=base) for name in ranks if name.startswith(PIPELINE) and name != base]
    return [c for c in out if c]


def comparison_line(c: Mapping[str, Any]) -> str:
    """One line for people, e.g. "rec pipeline (no LLM) vs item-knn (last 3): NDCG@10 ratio 1.12 [1.02, 1.23],
    P(better) 0.99"."""
    metric = c["metric"].replace("ndcg", "NDCG")
    ratio = ("n/a (the other row scores 0)" if c["ratio"] is None else
             f"{c['ratio']:.2f}" + (f" [{c['ratio_ci'][0]:.2f}, {c['ratio_ci'][1]:.2f}]" if c["ratio_ci"] else ""))
    return (f"{c['focus']} vs {c['against']}: {metric} ratio {ratio}, P(better) {c['p_better']:.2f} "
            f"({c['users']} users, paired bootstrap)")


def table(results: Mapping[str, dict[str, Any]], published: dict[str, dict[str, float]] = PUBLISHED) -> str:
    """A Markdown table: every system (NDCG@10 and Recall@10 with their 95% interval), then the published
    reference rows (other data: orientation only)."""
    cols = ["recall@5", "recall@10", "recall@20", "ndcg@5", "ndcg@10", "ndcg@20", "mrr", "coverage@10",
            "diversity@10", "seconds"]
    lines = ["| system | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for name, m in [*results.items(), *published.items()]:
        lines.append(f"| {name} | " + " | ".join(_cell(m, c) for c in cols) + " |")
    return "\n".join(lines)


def _cell(m: Mapping[str, Any], col: str) -> str:
    value = m.get(col)
    if not isinstance(value, float):
        return str(m.get(col, "—"))
    ci = m.get(f"{col}_ci")
    return f"{value:.4f}" + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "")


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, list):
        return [_round(v) for v in value]
    return value


def systems_for(cfg: Any, *, llm: bool, log_dir: Any, candidates: int = DEPTH, adapter: str = "production",
                ratings: Sequence[tuple[str, str, float, float]] | None = None, base: bool = True,
                merge: bool = True, on_status: Callable[[str], None] = lambda _m: None
                ) -> tuple[list[Ranker], list[str]]:
    """The classical baselines (popularity, item-kNN, ALS when `implicit` is installed, SASRec alone),
    then, when the configured store holds the catalog, dense retrieval and rec's pipeline without the
    model (the learned blend: the default product), and with `llm` the pipeline with the base model (unless
    not `base`) and with an adapter: `adapter` is "production" (the registry's production version, if any),
    "none", or a version name; `merge` serves it merged into the base weights on a private vLLM (else by name,
    LoRA, on the configured server). The pipeline's ranker reorders the retriever's top `candidates`
    (LlamaRec reranks the top 20), without explanations. `ratings` (user, item, rating, ts) give the
    pipeline's prior the dataset's ratings and times."""
    from rec.evaluation.baselines import ALS, ItemKNN, Popularity, Sequential

    systems: list[Ranker] = [Popularity(), ItemKNN(), ItemKNN(recent=3)]
    notes = []
    try:
        import implicit  # noqa: F401

        systems.append(ALS(seed=0))
    except ImportError:
        notes.append("ALS skipped: the `implicit` package is not installed (pip install implicit)")
    if cfg.retrieval.sequential_epochs:
        systems.append(Sequential(epochs=cfg.retrieval.sequential_epochs))
    from rec.evaluation.systems import DenseRetrieval, Pipeline, SplitModels
    from rec.retrieval.embeddings import build_embedder
    from rec.retrieval.search import Retriever

    retriever = Retriever(cfg, build_embedder(cfg.retrieval.embedder))
    if not retriever.store.read_manifest().get("items"):
        notes.append(f"store {cfg.store!r} is empty: rec's rows need the dataset's catalog in a store "
                     "(`rec demo` builds `movielens`)")
        return systems, notes
    quiet = cfg.model_copy(update={"ranker": cfg.ranker.model_copy(update={"explain": False}),
                                   "retrieval": cfg.retrieval.model_copy(update={"candidates": candidates})})
    models = SplitModels(retriever, ratings, epochs=cfg.retrieval.sequential_epochs, notes=notes)
    from rec.llm.fake import FakeChatModel

    systems += [DenseRetrieval(retriever), Pipeline(quiet, FakeChatModel(), retriever, log_dir, llm=False,
                                                    models=models)]
    if llm:
        rows = ModelRows(quiet, retriever, log_dir, models, notes, on_status)
        systems += rows.build(adapter, base=base, merge=merge)
    return systems, notes


@dataclass
class ModelRows:
    """The pipeline's rows that ask the model: the base model's, and an adapter's (by name, or merged)."""

    cfg: Any
    retriever: Any
    log_dir: Any
    models: Any
    notes: list[str]
    on_status: Callable[[str], None]

    def build(self, adapter: str, *, base: bool, merge: bool) -> list[Ranker]:
        from rec.evaluation.systems import Pipeline
        from rec.llm.factory import build_chat_model
        from rec.tuning.registry import Registry

        registry = Registry(self.cfg.home, self.cfg.store, "ranker")
        chosen = (None if adapter == "none" else registry.production() if adapter == "production"
                  else registry.get(adapter))
        if adapter == "production" and not chosen:
            self.notes.append("no production adapter: `rec tune run` makes one")
        tuned = self._merged(chosen) if chosen and merge else None
        model = None
        if base or (chosen and tuned is None):      # a merged adapter alone needs no configured server
            choice = build_chat_model(self.cfg)
            self.notes.append(f"model: {choice.reason}")
            model = choice.model
        rows: list[Ranker] = []
        if base:
            rows.append(Pipeline(self.cfg, model, self.retriever, self.log_dir, models=self.models))
        if chosen:
            rows.append(tuned or self._by_name(chosen, model))
        return rows

    def _merged(self, chosen: dict[str, Any]) -> Ranker | None:
        """The adapter merged into the base weights on a private vLLM; None (with a note) where no vLLM
        virtualenv can start one."""
        from rec.evaluation.systems import MergedPipeline
        from rec.llm.models import resolve_model_dir
        from rec.llm.vllm_server import vllm_missing

        if (why := vllm_missing(self.cfg)) is not None:
            self.notes.append(f"adapter {chosen['version']} served by name (LoRA), not merged: {why}")
            return None
        self.notes.append(f"adapter {chosen['version']} ({chosen['status']}) merged into the base weights, "
                          "served by a private vLLM for its row")
        base_dir = resolve_model_dir(self.cfg.llm.model, self.cfg.models_dir)
        return MergedPipeline(self.cfg, self.retriever, self.log_dir, chosen, base_dir, self.models,
                              on_status=self.on_status)

    def _by_name(self, chosen: dict[str, Any], model: Any) -> Ranker:
        """The adapter by name (LoRA) on the configured server; a version that is not production is loaded."""
        from rec.evaluation.systems import Pipeline
        from rec.llm.factory import server_urls
        from rec.tuning.registry import load_into_server

        if chosen["status"] != "production" and (urls := server_urls(model)):
            load_into_server(urls, chosen["version"], Path(chosen["path"]), api_key=self.cfg.llm.api_key)
            self.notes.append(f"adapter {chosen['version']} ({chosen['status']}) loaded into the model server")
        return Pipeline(self.cfg, model, self.retriever, self.log_dir, adapter=chosen["version"], models=self.models)
