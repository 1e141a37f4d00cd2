"""`rec eval requests`: the conversational benchmark with history, for any store with interactions.

Each sampled user's last item is held out; the signals' models and the blend are rebuilt from every
other interaction (the blend fitted on the users' second-to-last items, rec/tuning/blend.py). A request
is synthesised from the held-out item's own catalog fields ("Horror from the 1980s",
rec/ranking/requests.py) and sent through rec's whole turn with the user's id — the planner reads the
words (`plan="model"`), or the request's constraints also come as the caller's filters (`plan="given"`,
which isolates ranking from understanding). The baselines rank the items that satisfy the same
constraints, minus the user's history: popularity, co-occurrence with the user's last 3 items (item-kNN
cosine) and the sequential model alone; random is the expectation. Reported: Recall/NDCG@10 with 95%
intervals, the paired NDCG@10 ratio of rec to the best baseline, how many of rec's items break a
constraint or repeat the user's history, and the time per request.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from rec.measure.metrics import bootstrap_ci, per_user, rank_of, summary
from rec.ranking.requests import SynthRequest, synth_request
from rec.retrieval.behaviour import SEQ_MEMBERS, Behaviour
from rec.retrieval.collaborative import CoOccurrence, histories_of
from rec.retrieval.filters import matches
from rec.schema import Interaction, RecRequest
from rec.tuning.blend import fit_blend, holdout, sample

Progress = Callable[[str, int], Callable[[int], None]]
REC = "rec"
K = 10


def _baseline_ranks(retriever: Any, knn: CoOccurrence, allowed: list[str], prefix: list[str], target: str
                    ) -> dict[str, int | None]:
    """Rank of the target under each baseline, among `allowed` (constraint-satisfying, not in the history)."""
    behaviour = retriever.behaviour
    pop = {i: f[0] for i, f in zip(allowed, behaviour.prior.features(allowed), strict=True)}
    latest = list(reversed(prefix[-3:]))
    co = knn.vector(latest, [1.0] * len(latest))
    co_score = {i: float(co[knn.index[i]]) if co is not None and i in knn.index else 0.0 for i in allowed}
    out = {"popularity (constrained)": _rank(target, pop),
           "co-occurrence last 3 (constrained)": _rank(target, co_score)}
    if behaviour.seq is not None:
        seq = behaviour.seq.score(prefix, allowed)
        out["sequential (constrained)"] = _rank(target, dict(zip(allowed, map(float, seq), strict=True)))
    return out


def _rank(target: str, scores: dict[str, float]) -> int | None:
    order = sorted(scores, key=lambda i: (-scores[i], i))
    return rank_of(target, order)


def _cases(retriever: Any, targets: dict[str, str], users: Sequence[str], seed: int) -> list[tuple[str, SynthRequest]]:
    rng = random.Random(seed + 1)     # not the fit's draws: the benchmark's requests are its own
    fields = retriever.store.read_manifest().get("fields", {})
    meta = retriever.store.items([targets[u] for u in users])
    cases = []
    for user in users:
        synth = synth_request(meta[targets[user]], fields, rng) if targets[user] in meta else None
        if synth is not None:
            cases.append((user, synth))
    return cases


def prepare(retriever: Any, rows: Sequence[Interaction], *, fit_users: int, epochs: int, seed: int,
            progress: Progress | None) -> tuple[dict[str, str], dict[str, list[str]], CoOccurrence]:
    """Hold out every user's last item; serve with models and a blend built from the rest."""
    rest, targets, prefixes = holdout(rows)
    step = progress("training the models on the rest", epochs * SEQ_MEMBERS) if progress and epochs else None
    behaviour = Behaviour.build(rest, sequential=epochs > 0, epochs=epochs,
                                progress=(lambda d, t: step(1)) if step else None)
    blend = fit_blend(retriever, rest, users=fit_users, seed=seed, epochs=epochs, progress=progress)
    retriever.use(behaviour, blend)
    return targets, prefixes, CoOccurrence.from_histories(histories_of(rest), top_n=10**6, shrink=0.0)


def run(rec: Any, rows: Sequence[Interaction], *, users: int = 300, seed: int = 0, plan: str = "model",
        fit_users: int = 1000, epochs: int = 200, workers: int = 4, progress: Progress | None = None
        ) -> dict[str, Any]:
    """The benchmark on `rec`'s store (a Recommender whose retriever it re-arms with held-out models)."""
    retriever = rec.retriever
    targets, prefixes, knn = prepare(retriever, rows, fit_users=fit_users, epochs=epochs, seed=seed,
                                     progress=progress)
    cases = _cases(retriever, targets, sample(list(targets), users, seed), seed)
    advance = progress("requests", len(cases)) if progress else (lambda n: None)

    def one(case: tuple[str, SynthRequest]) -> dict[str, Any]:
        user, synth = case
        t0 = time.perf_counter()
        request = RecRequest(query=synth.text, user_id=user, k=K, filters=synth.constraints if plan == "given" else [])
        items = rec.recommend(request, remember=False).items
        seconds = time.perf_counter() - t0
        where = retriever.where_for(synth.constraints)
        allowed = sorted(set(retriever.store.item_ids(where, limit=10**6)) - set(prefixes[user]))
        ids = [i.item_id for i in items]
        advance(1)
        return {"user": user, "request": synth.text, "target": targets[user], "candidates": len(allowed),
                "ranks": {REC: rank_of(targets[user], ids),
                          **_baseline_ranks(retriever, knn, allowed, prefixes[user], targets[user])},
                "broken": sum(not matches(i.metadata, where) for i in items),
                "repeats": sum(i in set(prefixes[user]) for i in ids), "seconds": round(seconds, 3)}

    with ThreadPoolExecutor(max(1, workers)) as pool:
        done = list(pool.map(one, cases))
    return summarise(done)


def summarise(done: Sequence[dict[str, Any]]) -> dict[str, Any]:
    from rec.evaluation.ranking import compare

    systems = list(done[0]["ranks"]) if done else []
    ranks = {s: [d["ranks"][s] for d in done] for s in systems}
    rows = {}
    for s in systems:
        m = summary(ranks[s], ks=(K,))
        m["ndcg@10_ci"] = list(bootstrap_ci(per_user(ranks[s], "ndcg", K)))
        m["recall@10_ci"] = list(bootstrap_ci(per_user(ranks[s], "recall", K)))
        rows[s] = m
    rows["random (expected)"] = {"recall@10": round(sum(min(K / max(d["candidates"], 1), 1.0) for d in done)
                                                   / max(len(done), 1), 6)}
    baselines = sorted((s for s in ranks if s != REC), key=lambda s: -rows[s]["ndcg@10"])
    found = [compare(ranks, focus=REC, against=s) for s in baselines if REC in ranks]   # the best first
    seconds = sorted(d["seconds"] for d in done)
    return {"users": len(done), "systems": rows,
            "comparison": found[0] if found else None, "comparisons": found,
            "items_breaking_constraints": sum(d["broken"] for d in done),
            "items_from_history": sum(d["repeats"] for d in done),
            "seconds_p50": seconds[len(seconds) // 2] if seconds else None,
            "cases": list(done)}


def quiet(cfg: Any) -> Any:
    """The config an evaluation runs under: no explanations (open it with `open_recommender(quiet(cfg),
    log_dir=...)`, so responses go to a throwaway log: an evaluation is not user feedback)."""
    return cfg.model_copy(update={"ranker": cfg.ranker.model_copy(update={"explain": False})})
