"""Dump the raw signal pools of a store's held-out requests, for offline blend experiments (issue 13).

Both evaluations hold out each user's last item (test) and fit the blend on the second-to-last
(validation) with models built from what precedes it. This script builds both model sets, scores every
user's three requests (history, personal, anonymous: rec/tuning/blend.py's `collect`) over the whole
admissible pool, and pickles the *raw* signal matrices with their pools and prefixes, so that a fitting
method, a signal or a sequential model can be compared on the validation and the test items in seconds.

    nice -n 19 python bench/blend_pools.py --home /tmp/h13home --store movielens --out /tmp/h13
"""

from __future__ import annotations

import argparse
import pickle
import random
import time
from pathlib import Path
from typing import Any


def _collect(retriever: Any, targets: dict[str, str], prefixes: dict[str, list[str]], seed: int
             ) -> list[dict[str, Any]]:
    from rec.ranking.features import Context
    from rec.ranking.requests import synth_request

    rng = random.Random(seed)
    fields = retriever.store.read_manifest().get("fields", {})
    users = sorted(targets)
    meta = retriever.store.items([targets[u] for u in users])
    out = []
    for user in users:
        prefix, target = prefixes[user], targets[user]
        requests = [("history", Context(" ".join(retriever.titles(prefix[-3:])), prefix), None, prefix, prefix)]
        synth = synth_request(meta.get(target, {}), fields, rng) if target in meta else None
        if synth is not None:
            where = retriever.where_for(synth.constraints)
            named = prefix[-1:] if rng.random() < 0.5 else []
            text = synth.text + "".join(f", like {t}" for t in retriever.titles(named))
            requests += [("personal", Context(synth.text, prefix), where, prefix, prefix),
                         ("anonymous", Context(text, [], named), where, named, [])]
        for mode, ctx, where, exclude, history in requests:
            pool, raw = retriever.pool_signals(ctx, where=where, exclude_ids=exclude)
            out.append({"mode": mode, "user": user, "pool": pool, "raw": raw.astype("float32"),
                        "target": pool.index(target) if target in pool else None, "history": history,
                        "references": list(ctx.references)})
    return out


def _split_rows() -> list:
    """Every user's train + validation + test items of the ranking evaluation's split, in its order."""
    from rec.evaluation.datasets import load_ml100k
    from rec.evaluation.protocol import llamarec_split
    from rec.evaluation.systems import split_rows
    from rec.schema import Interaction

    data = load_ml100k()
    split = llamarec_split((u, i, ts) for u, i, _r, ts in data.ratings)
    known = {(u, i): (r, ts) for u, i, r, ts in data.ratings}
    tests = [Interaction(user_id=u, item_id=i, event="rating", value=known[(u, i)][0], ts=known[(u, i)][1])
             for u, i in split.test.items()]
    return split_rows(split, data.ratings) + tests


def main() -> None:
    from rec.config import load_config
    from rec.retrieval.behaviour import Behaviour
    from rec.retrieval.embeddings import build_embedder
    from rec.retrieval.search import Retriever
    from rec.tuning.blend import holdout, read_store_interactions

    ap = argparse.ArgumentParser()
    ap.add_argument("--home", required=True)
    ap.add_argument("--store", default="movielens")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--split", action="store_true",
                    help="the interactions of `rec eval ranking`'s ML-100k split (5-core, ties by item id)")
    args = ap.parse_args()
    cfg = load_config(None, {"home": args.home, "store": args.store})
    retriever = Retriever(cfg, build_embedder(cfg.retrieval.embedder))
    rows = _split_rows() if args.split else read_store_interactions(cfg.store_dir)
    rest, targets, prefixes = holdout(rows)
    fit_rest, fit_targets, fit_prefixes = holdout(rest)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, train, tg, pf in (("fit", fit_rest, fit_targets, fit_prefixes), ("test", rest, targets, prefixes)):
        t0 = time.perf_counter()
        behaviour = Behaviour.build(train, epochs=args.epochs, threads=1)
        (args.out / name).mkdir(exist_ok=True)
        behaviour.seq.save(args.out / name)
        print(name, "trained", round(time.perf_counter() - t0), "s", flush=True)
        retriever.use(behaviour)
        groups = _collect(retriever, tg, pf, seed=0 if name == "fit" else 1)
        with open(args.out / f"{name}.pkl", "wb") as f:
            pickle.dump({"groups": groups, "train": [(r.user_id, r.item_id, r.event, r.value, r.ts) for r in train]},
                        f, protocol=5)
        print(name, "pools", len(groups), round(time.perf_counter() - t0), "s", flush=True)


if __name__ == "__main__":
    main()
