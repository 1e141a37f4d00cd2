"""The API under load: many concurrent chat requests against a real `rec serve` process.

Two measurements in one run, on the same store, config and queries:
  1. baseline: the same turns called in-process on the Recommender façade, `workers` at a time
     (no HTTP, no queue): what the pipeline itself sustains;
  2. api: `rec serve` started as its own process, `--concurrency` clients firing `--requests` chat
     completions at once (aiohttp); the server runs `api.workers` turns at a time and queues the rest.
The headline ratio is api throughput / baseline throughput (1.0 = HTTP, validation, the queue and
SSE cost nothing measurable). Latency percentiles are as clients see them (queueing included).
With `--backend fake` the model answers instantly, so this measures our own overhead; with
`--backend vllm` (the managed server) it measures how concurrent turns share the model server,
and the baseline is one turn at a time (what concurrency buys).

Usage: python bench/api_load.py [--backend fake|vllm] [--concurrency 200] [--requests 400]
                                [--store movielens] [--stream 0.5] [--set key=value ...]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import emit, percentile_ms

from rec.config import load_config, parse_overrides
from rec.schema import RecRequest

QUERIES = ["a 90s comedy", "something like Star Wars", "a scary movie for a rainy night", "an animated film for kids",
           "a romantic drama from the 50s", "a thriller with a twist", "a musical", "a war film before 1970",
           "a documentary", "a crime film from the 70s", "a western", "a children's adventure", "film noir",
           "a sci-fi film like Alien, nothing too gory", "a light comedy for the weekend", "a mystery"]


def baseline(cfg, n: int, workers: int, k: int, queries: list[str]) -> dict:
    """The same turns in-process: what the pipeline sustains without HTTP."""
    from rec.recommender import open_recommender

    with open_recommender(cfg) as rec:
        rec.recommend(RecRequest(query="warm-up", k=k), remember=False)
        times: list[float] = []

        def turn(i: int) -> None:
            t0 = time.perf_counter()
            rec.recommend(RecRequest(query=queries[i % len(queries)], k=k), remember=False)
            times.append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(turn, range(n)))
        wall = time.perf_counter() - t0
    return {"requests": n, "workers": workers, "wall_s": round(wall, 2), "throughput_rps": round(n / wall, 4),
            "p50_ms": percentile_ms(times, 0.5), "p95_ms": percentile_ms(times, 0.95)}


def start_server(args, port: int) -> subprocess.Popen:
    sets = [part for s in args.set for part in ("--set", s)]
    cmd = [sys.executable, "-m", "rec.cli", "--store", args.store, *sets, "serve", "--port", str(port)]
    log = tempfile.NamedTemporaryFile("w+", prefix="rec-serve-", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "REC_API_KEYS": "bench"})
    import httpx

    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"rec serve exited: {Path(log.name).read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise SystemExit("rec serve did not start")


async def fire(url: str, n: int, concurrency: int, k: int, stream_share: float, queries: list[str]) -> dict:
    import aiohttp

    latencies: list[float] = []
    statuses: dict[str, int] = {}
    gate = asyncio.Semaphore(concurrency)
    headers = {"Authorization": "Bearer bench"}

    async def one(session, i: int) -> None:
        stream = (i % 100) < stream_share * 100
        body = {"model": "rec", "messages": [{"role": "user", "content": queries[i % len(queries)]}], "k": k,
                "stream": stream}
        async with gate:
            t0 = time.perf_counter()
            try:
                async with session.post(f"{url}/v1/chat/completions", json=body, headers=headers) as r:
                    data = await r.read()
                    ok = r.status == 200 and (not stream or data.rstrip().endswith(b"data: [DONE]"))
                    key = str(r.status) if ok or r.status != 200 else "200-bad-stream"
            except aiohttp.ClientError as e:
                key = type(e).__name__
            latencies.append(time.perf_counter() - t0)
            statuses[key] = statuses.get(key, 0) + 1

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(3600)) as session:
        await one(session, 0)                      # warm-up (not counted)
        latencies.clear()
        statuses.clear()
        t0 = time.perf_counter()
        await asyncio.gather(*(one(session, i) for i in range(n)))
        wall = time.perf_counter() - t0
    errors = sum(v for s, v in statuses.items() if s != "200")
    return {"requests": n, "concurrency": concurrency, "stream_share": stream_share, "wall_s": round(wall, 2),
            "throughput_rps": round((n - errors) / wall, 4), "p50_ms": percentile_ms(latencies, 0.5),
            "p95_ms": percentile_ms(latencies, 0.95), "mean_ms": round(statistics.mean(latencies) * 1000, 1),
            "errors": errors, "statuses": statuses}


def node_seconds(url: str) -> dict:
    """Mean seconds per node from the server's own Prometheus histograms."""
    import httpx

    text = httpx.get(f"{url}/metrics").text
    sums, counts = {}, {}
    for line in text.splitlines():
        for kind, into in (("rec_node_seconds_sum", sums), ("rec_node_seconds_count", counts)):
            if line.startswith(kind + "{"):
                node = line.split('node="')[1].split('"')[0]
                into[node] = float(line.rsplit(" ", 1)[1])
    return {n: round(sums[n] / counts[n] * 1000, 2) for n in sums if counts.get(n)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--backend", choices=["fake", "vllm"], default="fake")
    ap.add_argument("--concurrency", type=int, default=200)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--baseline-requests", type=int, default=None, help="default: --requests (fake), 4 (vllm)")
    ap.add_argument("--store", default="movielens")
    ap.add_argument("-k", type=int, default=5)
    ap.add_argument("--queries", type=int, default=None,
                    help="distinct queries, cycled by both phases (default: all 16 for fake, 4 for vllm)")
    ap.add_argument("--stream", type=float, default=0.5, help="share of requests that stream (SSE)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    args = ap.parse_args()
    if args.backend == "fake":
        args.set = ["llm.backend=fake", *args.set]
    cfg = load_config(overrides=parse_overrides([f"store={args.store}", *args.set]))
    workers = 1 if args.backend == "vllm" else min(args.concurrency, cfg.api.workers)
    queries = QUERIES[:args.queries or (4 if args.backend == "vllm" else len(QUERIES))]
    base = baseline(cfg, args.baseline_requests or (len(queries) if args.backend == "vllm" else args.requests),
                    workers, args.k, queries)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = start_server(args, port)
    try:
        url = f"http://127.0.0.1:{port}"
        api = asyncio.run(fire(url, args.requests, args.concurrency, args.k, args.stream, queries))
        api["node_mean_ms"] = node_seconds(url)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
    emit(f"api_load_{args.backend}", {
        "bench": "api_load", "backend": args.backend, "store": args.store, "model": cfg.llm.model,
        "api_workers": cfg.api.workers, "explain": cfg.ranker.explain, "baseline_in_process": base, "api": api,
        "throughput_ratio_api_vs_baseline": round(api["throughput_rps"] / base["throughput_rps"], 3),
        "cpus": os.cpu_count(), "python": sys.version.split()[0], "cwd": str(Path.cwd())})


if __name__ == "__main__":
    main()
