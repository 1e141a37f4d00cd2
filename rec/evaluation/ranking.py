"""`rec eval ranking`: every system on the same LlamaRec split, side by side with the published figures.

Each system ranks the whole catalog minus the user's test-time history (train + validation); the
held-out last item is the target. Reported per system: Recall and NDCG at 5/10/20, MRR, catalog
coverage of the top-10 lists, intra-list diversity of the top-10 (mean pairwise genre Jaccard
distance), and seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from rec.evaluation.baselines import Ranker
from rec.evaluation.metrics import rank_of, summary
from rec.evaluation.protocol import Split

# LlamaRec (Yue et al., 2023), ML-100k, same protocol: its Llama-2-7B ranker and its retriever LRURec.
PUBLISHED = {"LlamaRec (published)": {"recall@10": 0.1524, "ndcg@10": 0.0759},
             "LRURec (published)": {"recall@10": 0.1426, "ndcg@10": 0.0705}}
DEPTH = 20


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
             progress: Callable[[str, int], Callable[[int], None]] | None = None) -> dict[str, dict[str, Any]]:
    """Every system ranks the protocol's catalog (the split's items, after the k-core): an item outside
    it (a store holds the whole dataset) is dropped from the list before scoring, so it can neither take
    a slot nor count towards coverage."""
    results: dict[str, dict[str, Any]] = {}
    catalog = set(split.items)
    for system in systems:
        t0 = time.perf_counter()
        system.fit(split)
        advance = progress(system.name, len(users)) if progress else (lambda n: None)
        ranks, tops = [], []
        for user in users:
            ranked = [i for i in system.rank(user, split.history(user), DEPTH) if i in catalog]
            ranks.append(rank_of(split.test[user], ranked))
            tops.append(ranked[:10])
            advance(1)
        metrics: dict[str, Any] = summary(ranks)
        metrics["coverage@10"] = round(len({i for top in tops for i in top}) / len(split.items), 6)
        metrics["diversity@10"] = round(intra_list_diversity(tops, genres), 6)
        metrics["seconds"] = round(time.perf_counter() - t0, 2)
        metrics["users"] = len(users)
        results[system.name] = metrics
    return results


def table(results: dict[str, dict[str, Any]], published: dict[str, dict[str, float]] = PUBLISHED) -> str:
    """A Markdown table: every system, then the published reference rows."""
    cols = ["recall@5", "recall@10", "recall@20", "ndcg@5", "ndcg@10", "ndcg@20", "mrr", "coverage@10",
            "diversity@10", "seconds"]
    lines = ["| system | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for name, m in [*results.items(), *published.items()]:
        lines.append(f"| {name} | " + " | ".join(f"{m[c]:.4f}" if isinstance(m.get(c), float) else
                                                  str(m.get(c, "—")) for c in cols) + " |")
    return "\n".join(lines)


def systems_for(cfg: Any, *, llm: bool, log_dir: Any, candidates: int = DEPTH,
                adapter: str = "production") -> tuple[list[Ranker], list[str]]:
    """The classical baselines, ALS when `implicit` is installed, and (with `llm`) dense retrieval and
    the pipeline over the configured store, without the model (the ablation), with the base model and
    with an adapter: `adapter` is
    "production" (the registry's production version, if any), "none", or a version name. The
    pipeline's ranker reorders the retriever's top `candidates` (LlamaRec reranks the top 20), without
    explanations: neither is part of what the protocol measures, and both cost model time."""
    from rec.evaluation.baselines import ALS, ItemKNN, Popularity

    systems: list[Ranker] = [Popularity(), ItemKNN(), ItemKNN(recent=3)]
    notes = []
    try:
        import implicit  # noqa: F401

        systems.append(ALS(seed=0))
    except ImportError:
        notes.append("ALS skipped: the `implicit` package is not installed (pip install implicit)")
    if not llm:
        return systems, notes
    from rec.errors import StoreError
    from rec.evaluation.systems import DenseRetrieval, Pipeline
    from rec.llm.factory import build_chat_model
    from rec.retrieval.embeddings import build_embedder
    from rec.retrieval.search import Retriever
    from rec.tuning.registry import Registry

    retriever = Retriever(cfg, build_embedder(cfg.retrieval.embedder))
    if not retriever.store.read_manifest().get("items"):
        raise StoreError(f"store {cfg.store!r} is empty: the LLM systems need the dataset's catalog in a store "
                         "(`rec demo` builds `movielens`; or pass --no-llm)")
    quiet = cfg.model_copy(update={"ranker": cfg.ranker.model_copy(update={"explain": False}),
                                   "retrieval": cfg.retrieval.model_copy(update={"candidates": candidates})})
    choice = build_chat_model(quiet)
    notes.append(f"model: {choice.reason}")
    registry = Registry(cfg.home)
    chosen = (None if adapter == "none" else registry.production() if adapter == "production"
              else registry.get(adapter))
    if adapter == "production" and not chosen:
        notes.append("no production adapter: `rec tune run` makes one")
    systems += [DenseRetrieval(retriever), Pipeline(quiet, choice.model, retriever, log_dir, llm=False),
                Pipeline(quiet, choice.model, retriever, log_dir)]
    if chosen:
        systems.append(Pipeline(quiet, choice.model, retriever, log_dir, adapter=chosen["version"]))
    return systems, notes
