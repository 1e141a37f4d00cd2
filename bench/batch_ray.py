"""Batch engines: `rec batch` on the local thread pool (the baseline) vs `--engine ray` (a local Ray), same run.

Both commands run the same N requests from one JSONL file against the same store on a Chroma server (Ray's
actors are processes, so the embedded store is refused), each as the CLI runs: a fresh process, timed from
its start to its exit. The outputs must hold the same ids and items. Besides the wall time, the time to the
first result line (loading the Recommender; for Ray also starting Ray and the actors) and the rate after it
are reported, since start-up dominates short jobs. The fake model by default (rec's own overhead);
`--set llm.backend=...` measures a real backend.

Usage: python bench/batch_ray.py --set retrieval.url=http://127.0.0.1:8001 [--store movielens]
         [--requests 200] [--actors 2] [--workers 4] [--set key=value ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import emit

QUERIES = ["a 90s comedy", "a scary movie", "an animated film", "a western", "film noir", "a war film",
           "a romantic drama", "a thriller", "a musical", "a documentary"]


def timed(cmd: list[str], out: Path, n: int) -> dict:
    """Run `cmd` (a `rec batch` into `out`), polling `out`: wall time, time to the first line, rate after it."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    first, first_lines = None, 0
    while proc.poll() is None:
        if first is None and out.exists() and (lines := out.read_bytes().count(b"\n")):
            first, first_lines = time.perf_counter() - t0, lines
        time.sleep(0.02)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {proc.stderr.read()}")
    first = wall if first is None else first
    rest = n - first_lines
    return {"wall_s": round(wall, 2), "requests_per_s": round(n / wall, 2), "first_line_s": round(first, 2),
            "after_first_requests_per_s": round(rest / (wall - first), 2) if rest and wall > first else None}


def same_results(a: Path, b: Path) -> bool:
    def rows(p: Path) -> list:
        return [(r["id"], r.get("items"), r.get("error")) for r in map(json.loads, p.read_text().splitlines())]
    return rows(a) == rows(b)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--actors", type=int, default=2)
    ap.add_argument("--store", default="movielens")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    args = ap.parse_args()
    if not any(s.startswith("retrieval.url=") for s in args.set):
        sys.exit("give --set retrieval.url=http://HOST:PORT (a `chroma run` server holding --store)")
    sets = ["llm.backend=fake", "ranker.explain=false", f"store={args.store}", *args.set]
    base = [sys.executable, "-m", "rec.cli", *[a for s in sets for a in ("--set", s)], "batch"]
    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(json.dumps({"id": n, "query": QUERIES[n % len(QUERIES)], "k": 5}) + "\n"
                               for n in range(args.requests)))
        engines = {"local": ["--workers", str(args.workers)],
                   "ray": ["--engine", "ray", "--actors", str(args.actors), "--workers", str(args.workers)]}
        for name, extra in engines.items():
            out = Path(tmp) / f"{name}.jsonl"
            runs[name] = timed([*base, str(src), "--out", str(out), *extra], out, args.requests)
        same = same_results(Path(tmp) / "local.jsonl", Path(tmp) / "ray.jsonl")
    runs["ray"]["wall_ratio_vs_local"] = round(runs["ray"]["wall_s"] / runs["local"]["wall_s"], 2)
    emit("batch_ray", {"bench": "batch_ray", "store": args.store, "requests": args.requests,
                       "workers": args.workers, "actors": args.actors, "cpus": os.cpu_count(),
                       "load_average_1m": round(os.getloadavg()[0], 2), "same_ids_and_items": same, **runs})


if __name__ == "__main__":
    main()
