"""SASRec with a full-softmax loss (rec.retrieval.sequential) on ML-100k, beside item-kNN over the last 3 items.

The LlamaRec protocol (DESIGN.md §8). Hyperparameters are chosen on the VALIDATION targets only: each grid
point trains on every user's training history (`split.train`), measures NDCG@10 of the validation item
(`split.valid`, ranked among the whole catalog minus the training history) after every epoch, stops after
`--patience` epochs without a gain and keeps its best epoch. The best point whose training (best epoch
count x its quickest epoch) fits the time budget (`--budget` seconds) is then trained once more, for its
best epoch count, on the test-time histories (train + validation) and tested on the last item of all 943
users; item-kNN over the last 3 items is measured on the same two targets in the same run. Training
seconds are wall time on this machine and process CPU time (the wall figure grows when other work shares
the cores). Grid points are cached in bench/results/sequential_grid.jsonl (delete it to start afresh).

Usage: python bench/sequential.py [--grid full|none] [--max-epochs 100] [--patience 10] [--budget 180] [--threads N]
"""

from __future__ import annotations

import argparse
import inspect
import itertools
import json
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from common import RESULTS, emit

from rec.evaluation.baselines import ItemKNN, Sequential
from rec.evaluation.datasets import load_ml100k
from rec.evaluation.protocol import Split, llamarec_split
from rec.measure.metrics import rank_of, summary
from rec.retrieval.sequential import SequentialModel

# One change at a time from the base (the module's defaults); the base is always the first point. A first
# round around max_len 200 (2026-12-01: dropout 0.1 / 0.3 / 0.5 -> 0.108 / 0.112 / 0.102 validation N@10,
# dim 128 0.109, layers 1 0.112, max_len 100 0.116, max_len 50 0.117 at 1.6 s an epoch) moved the base to 50.
GRID: list[dict[str, Any]] = [
    {},
    {"dropout": 0.2}, {"dropout": 0.4},
    {"dim": 128}, {"layers": 3},
    {"max_len": 25},
    {"batch_size": 32}, {"batch_size": 128},
    {"lr": 1e-3}, {"lr": 4e-3},
]
DEPTH = 20
GRID_CACHE = RESULTS / "sequential_grid.jsonl"


def validation_view(split: Split) -> Split:
    """The same data one step back: history = the training items, target = the validation item."""
    return Split({u: h[:-1] for u, h in split.train.items()}, {u: h[-1] for u, h in split.train.items()},
                 dict(split.valid), list(split.items))


def figures(rank: Callable[[str, list[str]], list[str]], view: Split) -> dict[str, float]:
    """Recall/NDCG at 10 and 20 of `view.test` when each user's `view.history` is ranked by `rank`."""
    users = view.users()
    ranks = [rank_of(view.test[u], rank(u, view.history(u))) for u in users]
    return {k: v for k, v in summary(ranks, ks=(10, 20)).items() if k != "mrr"} | {"users": len(users)}


def item_knn(view: Split) -> dict[str, Any]:
    t0 = time.perf_counter()
    knn = ItemKNN(recent=3)
    knn.fit(view)
    return figures(lambda u, h: knn.rank(u, h, DEPTH), view) | {"seconds": round(time.perf_counter() - t0, 2)}


def sasrec_rank(model: SequentialModel) -> Callable[[str, list[str]], list[str]]:
    return lambda _u, h: [item for item, _ in model.top(h, DEPTH)]


def train(histories: Mapping[str, Sequence[str]], params: dict[str, Any], **extra: Any) -> tuple[Any, dict]:
    wall, cpu = time.perf_counter(), time.process_time()
    model = SequentialModel.train(histories, **params, **extra)
    seconds = {"train_seconds": round(time.perf_counter() - wall, 1),
               "train_cpu_seconds": round(time.process_time() - cpu, 1)}
    return model, seconds


def grid_point(split: Split, view: Split, params: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    """Train with per-epoch validation. Cost is judged by the quickest epoch (validation included), not the
    mean: other work on a shared 2-core machine can slow some epochs several times over."""
    stamps = [time.perf_counter()]
    model, seconds = train(split.train, params, epochs=args.max_epochs, validation=split.valid,
                           patience=args.patience, threads=args.threads,
                           progress=lambda _e, _n: stamps.append(time.perf_counter()))
    curve, best = model.validation_curve, model.config["epochs"]
    epoch = min(b - a for a, b in itertools.pairwise(stamps))
    row = {"params": params, "best_epoch": best, "epochs_run": len(curve),
           "quickest_epoch_seconds": round(epoch, 2), "seconds_to_best": round(epoch * best, 1),
           "valid": figures(sasrec_rank(model), view), **seconds,
           "curve_every_5": [round(v, 4) for v in curve[4::5]]}
    print(json.dumps(row), flush=True, file=sys.stderr)
    return row


def cached_point(split: Split, view: Split, params: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    """`grid_point`, remembered in bench/results/sequential_grid.jsonl under every setting that shapes it
    (the model's defaults included), so that a run killed halfway resumes where it stopped."""
    defaults = {name: p.default for name, p in inspect.signature(SequentialModel.train).parameters.items()
                if isinstance(p.default, int | float | str)}
    key = json.dumps({**defaults, **params, "max_epochs": args.max_epochs, "patience": args.patience,
                      "threads": args.threads}, sort_keys=True)
    lines = GRID_CACHE.read_text().splitlines() if GRID_CACHE.is_file() else []
    done = {entry["key"]: entry["row"] for entry in map(json.loads, lines)}
    if key not in done:
        done[key] = grid_point(split, view, params, args)
        RESULTS.mkdir(exist_ok=True)
        with GRID_CACHE.open("a") as fh:
            fh.write(json.dumps({"key": key, "row": done[key]}) + "\n")
    return done[key]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", choices=["full", "none"], default="full")
    parser.add_argument("--max-epochs", type=int, default=100)
    parser.add_argument("--patience", type=int, default=10)
    parser.add_argument("--budget", type=float, default=180.0, help="most training seconds a choice may take")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: all cores)")
    args = parser.parse_args()

    data = load_ml100k()
    split = llamarec_split((u, i, ts) for u, i, _r, ts in data.ratings)
    view = validation_view(split)
    grid = [cached_point(split, view, params, args) for params in (GRID if args.grid == "full" else GRID[:1])]
    fits = [r for r in grid if r["seconds_to_best"] <= args.budget] or grid[:1]
    chosen = max(fits, key=lambda r: r["valid"]["ndcg@10"])
    params = {**chosen["params"], "epochs": chosen["best_epoch"]}
    wall, cpu = time.perf_counter(), time.process_time()
    sasrec = Sequential(**params, threads=args.threads)
    sasrec.fit(split)
    seconds = {"train_seconds": round(time.perf_counter() - wall, 1),
               "train_cpu_seconds": round(time.process_time() - cpu, 1)}
    emit("sequential", {
        "dataset": split.stats, "protocol": "LlamaRec (last item test, one before validation, full ranking)",
        "chosen": {**sasrec.model.config, **seconds}, "threads": args.threads or os.cpu_count(),
        "valid": {"sasrec": chosen["valid"], "item-knn (last 3)": item_knn(view)},
        "test": {"sasrec": figures(lambda u, h: sasrec.rank(u, h, DEPTH), split) | seconds,
                 "item-knn (last 3)": item_knn(split)},
        "grid": grid,
    })


if __name__ == "__main__":
    main()
