"""Batch throughput: `rec batch` machinery vs the same requests called one by one, in the same run.

The baseline is N `Recommender.recommend` calls in a loop (no file, no threads). Then `run_batch` runs
the same N requests from a JSONL file with 1 and with `--workers` threads, writing the ordered,
crash-safe output. Ratios to the baseline show what the file handling costs (workers=1) and what
concurrency buys (workers=N). With the fake model (default) this is our own overhead; with
`--set llm.backend=...` it measures a real backend.

Usage: python bench/batch.py [--requests 300] [--workers 4] [--store movielens] [--set key=value ...]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from common import emit

from rec.config import load_config, parse_overrides
from rec.schema import RecRequest

QUERIES = ["a 90s comedy", "a scary movie", "an animated film", "a western", "film noir", "a war film",
           "a romantic drama", "a thriller", "a musical", "a documentary"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--store", default="movielens")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    args = ap.parse_args()
    sets = ["llm.backend=fake", "ranker.explain=false", *args.set]
    cfg = load_config(overrides=parse_overrides([f"store={args.store}", *sets]))
    from rec.batch import run_batch
    from rec.recommender import open_recommender

    requests = [{"id": n, "query": QUERIES[n % len(QUERIES)], "k": 5} for n in range(args.requests)]
    with open_recommender(cfg) as rec:
        rec.recommend(RecRequest(query="warm-up", k=1), remember=False)
        t0 = time.perf_counter()
        for r in requests:
            rec.recommend(RecRequest(query=r["query"], k=r["k"]), remember=False)
        base = args.requests / (time.perf_counter() - t0)
        runs = {}
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "in.jsonl"
            src.write_text("".join(json.dumps(r) + "\n" for r in requests))
            for workers in sorted({1, args.workers}):
                out = Path(tmp) / f"out-{workers}.jsonl"
                t0 = time.perf_counter()
                summary = run_batch(rec, src, out, workers=workers)
                seconds = time.perf_counter() - t0
                runs[f"workers_{workers}"] = {"requests_per_s": round(args.requests / seconds, 2),
                                              "ratio_vs_baseline": round(args.requests / seconds / base, 3),
                                              "errors": summary.errors, "written": summary.written}
    emit("batch", {"bench": "batch", "store": args.store, "model": rec.model.name, "requests": args.requests,
                   "baseline_sequential_rps": round(base, 2), **runs})


if __name__ == "__main__":
    main()
