"""`rec tune blend`: fit the store's blend weights (rec/ranking/blend.py) on held-out interactions.

Each user's last item is held out; the signals' models (co-occurrence, prior, sequential) are rebuilt
from everything else, so no signal has seen a target. For every sampled user three requests are scored
over their whole admissible pool, one per kind of request:
- history: no words, the user's history ("what next?");
- personal: a request synthesised from the held-out item's own catalog fields (rec/ranking/requests.py),
  with its hard constraints, and the user's history;
- anonymous: the same request without the history; half of them name the user's latest item
  ("..., like Fargo"), so that "more like the named item" gets its weight too.
The weights of each kind are fitted by coordinate ascent on NDCG@10 (`blend.fit`), which starts from
the best single signal: the fitted blend never scores below its best signal on this data. The models
the store serves with stay the ones built from every interaction.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

from rec.errors import InputError
from rec.ranking.blend import DEFAULT_MMR, MODES, Blend, fit, rank_of, standardise, weight_vector
from rec.ranking.features import Context
from rec.ranking.requests import synth_request
from rec.retrieval.behaviour import SEQ_MEMBERS, Behaviour
from rec.retrieval.collaborative import histories_of
from rec.schema import Interaction

Progress = Callable[[str, int], Callable[[int], None]]
MIN_HISTORY = 3      # a user needs 2 items besides the held-out one to have a "latest items" signal


def holdout(rows: Sequence[Interaction]) -> tuple[list[Interaction], dict[str, str], dict[str, list[str]]]:
    """(the other interactions, user -> held-out last item, user -> the history before it)."""
    histories = histories_of(rows)
    targets = {u: h[-1] for u, h in histories.items() if len(h) >= MIN_HISTORY}
    held = set(targets.items())
    rest = [r for r in rows if (r.user_id, r.item_id) not in held]
    return rest, targets, {u: histories[u][:-1] for u in targets}


def sample(users: Sequence[str], n: int | None, seed: int) -> list[str]:
    users = sorted(users)
    return users if n is None or n >= len(users) else sorted(random.Random(seed).sample(users, n))


def _group(retriever: Any, ctx: Context, where, exclude: Sequence[str], target: str):
    pool, raw = retriever.pool_signals(ctx, where=where, exclude_ids=exclude)
    if target not in pool:
        return None
    return standardise(raw).astype("float32"), pool.index(target), pool


def fit_mmr(retriever: Any, groups: Sequence[tuple[Any, int, list[str]]], score: Callable[[Any], Any],
            k: int = 10, depth: int = 40) -> tuple[float, dict[str, float]]:
    """The diversity weight: MMR's lambda over the blend's top `depth`, chosen by NDCG@k on the held-out
    requests. The most diverse lambda within 1% of the best NDCG@k wins: a user reads ten near-twins as a
    worse list, and a difference that small is noise."""
    from rec.agents.ranker import mmr
    from rec.retrieval.store import public_metadata
    from rec.schema import Candidate

    meta: dict[str, dict[str, Any]] = {}
    tops = []
    for z, t, pool in groups:
        s = score(z)
        top = sorted(range(len(pool)), key=lambda n: (-s[n], pool[n]))[:depth]
        missing = [pool[n] for n in top if pool[n] not in meta]
        meta.update(retriever.store.items(missing))
        tops.append(([Candidate(item_id=pool[n], title="", score=float(s[n]),
                                metadata=public_metadata(meta.get(pool[n], {}))) for n in top], pool[t]))
    scores = {}
    for lam in (1.0, 0.95, 0.9, 0.85, 0.8, 0.7):
        gains = []
        for cands, target in tops:
            shown = [c.item_id for c in mmr(cands, {c.item_id: c.score for c in cands}, k, lam)]
            gains.append(1 / math.log2(shown.index(target) + 2) if target in shown else 0.0)
        scores[lam] = round(sum(gains) / max(len(gains), 1), 6)
    best = max(scores.values())
    return min(lam for lam, v in scores.items() if v >= best * 0.99), scores


def collect(retriever: Any, targets: dict[str, str], prefixes: dict[str, list[str]], users: Sequence[str],
            seed: int = 0, advance: Callable[[int], None] = lambda n: None) -> tuple[dict[str, list], dict[str, int]]:
    """Standardised pools with their target's index, per kind of request, and how many had the target."""
    rng = random.Random(seed)
    fields = retriever.store.read_manifest().get("fields", {})
    meta = retriever.store.items([targets[u] for u in users])
    groups: dict[str, list] = {m: [] for m in MODES}
    asked = dict.fromkeys(MODES, 0)
    for user in users:
        prefix, target = prefixes[user], targets[user]
        requests = [("history", Context(" ".join(retriever.titles(prefix[-3:])), prefix), None, prefix)]
        synth = synth_request(meta.get(target, {}), fields, rng) if target in meta else None
        if synth is not None:
            where = retriever.where_for(synth.constraints)
            # half the anonymous requests name an item ("... like Fargo"): their latest, the best clue
            # a stranger can give, so the weight of "more like the named item" is fitted too
            named = prefix[-1:] if rng.random() < 0.5 else []
            text = synth.text + "".join(f", like {t}" for t in retriever.titles(named))
            requests += [("personal", Context(synth.text, prefix), where, prefix),
                         ("anonymous", Context(text, [], named), where, named)]
        for mode, ctx, where, exclude in requests:
            asked[mode] += 1
            got = _group(retriever, ctx, where, exclude, target)
            if got is not None:
                groups[mode].append(got)
        advance(1)
    return groups, {m: len(groups[m]) for m in MODES} | {f"{m}_asked": asked[m] for m in MODES}


def fit_blend(retriever: Any, rows: Sequence[Interaction], *, users: int | None = 1000, seed: int = 0,
              epochs: int = 200, progress: Progress | None = None) -> Blend:
    """Fit the three weight sets on `rows` (the store's interactions). The retriever's own models are
    swapped for held-out ones during the fit and restored after it."""
    t0 = time.perf_counter()
    rest, targets, prefixes = holdout(rows)
    if len(targets) < 20:
        raise InputError(f"too few users with {MIN_HISTORY}+ interactions to fit a blend ({len(targets)}; "
                         "need 20): ingest interactions first (rec ingest --interactions)")
    step = progress("training the held-out models", epochs * SEQ_MEMBERS) if progress and epochs else None
    inner = Behaviour.build(rest, sequential=epochs > 0, epochs=epochs,
                            progress=(lambda done, total: step(1)) if step else None)
    chosen = sample(list(targets), users, seed)
    own = retriever.behaviour
    retriever.use(inner)
    try:
        advance = progress("scoring held-out requests", len(chosen)) if progress else (lambda n: None)
        groups, counts = collect(retriever, targets, prefixes, chosen, seed, advance)
    finally:
        retriever.use(own)
    weights, forests, report, diversity = {}, {}, {}, {}
    for mode in MODES:
        if groups[mode]:
            weights[mode], forest, report[mode] = _fit_mode(retriever, groups[mode], seed)
            diversity[mode] = report[mode]["mmr_lambda"]
            if forest is not None:
                forests[mode] = forest
    blend = Blend(weights={**_defaults(), **weights}, forest=forests, mmr={**DEFAULT_MMR, **diversity},
                  llm=retriever.blend.llm,
                  fitted={"users": len(chosen), "pools": counts, "modes": report, "seed": seed,
                          "seconds": round(time.perf_counter() - t0, 1),
                          "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
    return blend


def _fit_mode(retriever: Any, groups: Sequence[tuple[Any, int, list[str]]], seed: int
              ) -> tuple[dict[str, float], Any, dict[str, Any]]:
    """One kind of request: its weights, its trees where they win (else None), its MMR lambda, and
    what was measured."""
    pools = [(z, t) for z, t, _ in groups]
    weights, report = fit(pools)
    forest, report["trees"] = compare_trees(pools, weights, seed)
    vector = weight_vector(weights)
    score = forest.score if forest is not None else (lambda z: z @ vector)
    report["mmr_lambda"], report["mmr"] = fit_mmr(retriever, groups, score)
    return weights, forest, report


def compare_trees(pools: Sequence[tuple[Any, int]], weights: dict[str, float], seed: int = 0, folds: int = 4
                  ) -> tuple[Any, dict[str, Any]]:
    """Boosted trees (rec/ranking/trees.py) against the fitted `weights` on the same held-out pools. The
    trees are scored out of fold (`folds`-fold cross-validation over users), the weights on the very
    pools they were fitted on — a comparison that flatters the weights, so trees that win it are kept
    with some confidence. Returns the trees fitted on every pool when they score higher (else None),
    and a report: both NDCG@10 figures and the paired ratio with its 95% interval."""
    import numpy as np

    from rec.measure.metrics import paired_bootstrap
    from rec.ranking.trees import fit_forest

    if len(pools) < 10 * folds:
        return None, {"skipped": f"{len(pools)} pools; cross-validation needs {10 * folds}"}
    vector = weight_vector(weights)
    linear = [_gain(z @ vector, t) for z, t in pools]
    trees = [0.0] * len(pools)
    for k in range(folds):
        forest = fit_forest([p for n, p in enumerate(pools) if n % folds != k], seed)
        for n in range(k, len(pools), folds):
            trees[n] = _gain(forest.score(pools[n][0]), pools[n][1])
    paired = paired_bootstrap(trees, linear, n=1000, seed=seed)
    chosen = paired["mean_a"] > paired["mean_b"]
    report = {"linear": round(float(np.mean(linear)), 6), "trees": round(float(np.mean(trees)), 6),
              "ratio": paired["ratio"], "ratio_ci": paired["ratio_ci"], "folds": folds,
              "chosen": "trees" if chosen else "linear"}
    return (fit_forest(pools, seed) if chosen else None), report


def _gain(scores: Any, target: int, k: int = 10) -> float:
    """NDCG@k of one target (ties count half: `blend.rank_of`)."""
    rank = rank_of(scores, target)
    return 1 / math.log2(rank + 1) if rank <= k else 0.0


def _defaults() -> dict[str, dict[str, float]]:
    from rec.ranking.blend import DEFAULT

    return {m: dict(w) for m, w in DEFAULT.weights.items()}


def read_store_interactions(store_dir) -> list[Interaction]:
    """The store's interaction log (written by `rec ingest --interactions`)."""
    from rec.retrieval.catalog import read_interactions

    path = store_dir / "interactions.jsonl"
    if not path.is_file():
        raise InputError(f"store {store_dir.name!r} has no interactions: rec ingest CATALOG --interactions FILE")
    return read_interactions(path).records
