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

`--processes 1,2` compares one `rec serve` process with two instead (`rec serve --workers 2`), both over
the same `chroma run` server (a copy of the store's embedded collection, renamed as a server names it;
several processes need `retrieval.url`): requests/s and client-side latency p50/p95 at each of
`--levels` concurrencies, `--repeats` batches of `--requests` each, in alternating order (1 2, 2 1, ...);
the ratio two/one of requests/s with a 95% bootstrap interval over the batches.

Usage: python bench/api_load.py [--backend fake|vllm] [--concurrency 200] [--requests 400]
                                [--store movielens] [--stream 0.5] [--set key=value ...]
       python bench/api_load.py --processes 1,2 [--levels 8,32,128] [--requests 200] [--repeats 3]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
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

from common import emit, machine_load, median_ci, percentile_ms, ratio_ci

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


def start_server(args, port: int, processes: int = 1) -> subprocess.Popen:
    sets = [part for s in args.set for part in ("--set", s)]
    cmd = [sys.executable, "-m", "rec.cli", "--store", args.store, *sets, "serve", "--port", str(port),
           "--workers", str(processes)]
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


def served_copy(cfg, dest: Path) -> Path:
    """The store's embedded Chroma data, copied to `dest` with its collection renamed as a server names it."""
    import shutil

    import chromadb
    from chromadb.config import Settings

    shutil.copytree(cfg.store_dir / "chroma", dest)
    client = chromadb.PersistentClient(path=str(dest), settings=Settings(anonymized_telemetry=False))
    client.get_collection("items").modify(name=f"rec-{cfg.store}")
    return dest


@contextlib.contextmanager
def chroma_server(path: Path):
    """`chroma run --path PATH` on a free port; yields its URL."""
    import httpx

    exe = Path(sys.executable).parent / "chroma"
    port = free_port()
    proc = subprocess.Popen([str(exe), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    try:
        deadline = time.monotonic() + 120
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("chroma run did not come up")
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc, signal.SIGTERM)


def stop(proc: subprocess.Popen, sig: int = signal.SIGINT) -> None:
    proc.send_signal(sig)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one_server(args, processes: int, levels: list[int], queries: list[str]) -> dict[int, list[dict]]:
    """Start `rec serve --workers PROCESSES`, fire `--repeats` batches at each concurrency, stop it."""
    port = free_port()
    proc = start_server(args, port, processes)
    try:
        url = f"http://127.0.0.1:{port}"
        return {c: [asyncio.run(fire(url, args.requests, c, args.k, args.stream, queries))
                    for _ in range(args.repeats)] for c in levels}
    finally:
        stop(proc)


def compare_processes(args, cfg) -> dict:
    counts = [int(n) for n in args.processes.split(",")]
    levels = [int(c) for c in args.levels.split(",")]
    batches: dict[int, dict[int, list[dict]]] = {n: {c: [] for c in levels} for n in counts}
    load = [machine_load()["loadavg"]]
    with tempfile.TemporaryDirectory(prefix="rec-api-load-") as tmp, \
            chroma_server(served_copy(cfg, Path(tmp) / "chroma")) as chroma:
        args.set = [*args.set, f"retrieval.url={chroma}"]
        for r in range(args.rounds):
            for n in (counts if r % 2 == 0 else counts[::-1]):
                for c, got in one_server(args, n, levels, QUERIES).items():
                    batches[n][c].extend(got)
                load.append(machine_load()["loadavg"])
    out: dict = {"bench": "api_load_processes", "backend": args.backend, "store": args.store,
                 "requests_per_batch": args.requests, "repeats": args.repeats, "rounds": args.rounds,
                 "stream_share": args.stream, "api_workers": cfg.api.workers, "cpus": machine_load()["cpus"],
                 "load_between_servers": load, "levels": {}}
    for c in levels:
        row: dict = {}
        for n in counts:
            got = batches[n][c]
            row[f"{n}_process"] = {"throughput_rps": median_ci([b["throughput_rps"] for b in got], 2),
                                   "p50_ms": median_ci([b["p50_ms"] for b in got], 1),
                                   "p95_ms": median_ci([b["p95_ms"] for b in got], 1),
                                   "errors": sum(b["errors"] for b in got)}
        first, *rest = counts
        for n in rest:
            row[f"ratio_{n}_over_{first}_rps"] = ratio_ci([b["throughput_rps"] for b in batches[n][c]],
                                                          [b["throughput_rps"] for b in batches[first][c]])
        out["levels"][str(c)] = row
    return out


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
    ap.add_argument("--processes", default=None, help="compare API process counts instead, e.g. 1,2")
    ap.add_argument("--levels", default="8,32,128", help="--processes: client concurrencies")
    ap.add_argument("--repeats", type=int, default=3, help="--processes: batches per concurrency and server")
    ap.add_argument("--rounds", type=int, default=1, help="--processes: server starts per count, alternating")
    args = ap.parse_args()
    if args.backend == "fake":
        args.set = ["llm.backend=fake", *args.set]
    cfg = load_config(overrides=parse_overrides([f"store={args.store}", *args.set]))
    if args.processes:
        emit(f"api_load_processes_{args.backend}", compare_processes(args, cfg))
        return
    workers = 1 if args.backend == "vllm" else min(args.concurrency, cfg.api.workers)
    queries = QUERIES[:args.queries or (4 if args.backend == "vllm" else len(QUERIES))]
    base = baseline(cfg, args.baseline_requests or (len(queries) if args.backend == "vllm" else args.requests),
                    workers, args.k, queries)
    port = free_port()
    proc = start_server(args, port)
    try:
        url = f"http://127.0.0.1:{port}"
        api = asyncio.run(fire(url, args.requests, args.concurrency, args.k, args.stream, queries))
        api["node_mean_ms"] = node_seconds(url)
    finally:
        stop(proc)
    emit(f"api_load_{args.backend}", {
        "bench": "api_load", "backend": args.backend, "store": args.store, "model": cfg.llm.model,
        "api_workers": cfg.api.workers, "explain": cfg.ranker.explain, "baseline_in_process": base, "api": api,
        "throughput_ratio_api_vs_baseline": round(api["throughput_rps"] / base["throughput_rps"], 3),
        "cpus": os.cpu_count(), "python": sys.version.split()[0], "cwd": str(Path.cwd())})


if __name__ == "__main__":
    main()
