"""`rec batch --engine ray`: the local engine's requests, output and `--resume`, run by Ray Data actors.

The input (JSONL or Parquet) is read by rec's own parser (`rec.batch.read_jobs`) in one Ray Data read task on
this node, so a bad line is that line's error and duplicates and `--resume` behave as in the local engine
(Ray's JSON reader fails a whole file on one bad line and knows no line numbers). `map_batches` hands the rows
to a fixed pool of `RecommendActor`s: each opens the Recommender once (one model client, one Chroma client)
and runs a batch a few requests at a time. The executor keeps input order, and this process writes each
result as one whole line with `rec.batch.Output`, as the local engine does: killed at any point, a re-run with
`--resume` ends with every id exactly once.

The actors are separate processes (on this machine, or on the cluster's nodes with `--address`), and embedded
Chroma is not safe to open from several processes: the engine needs a Chroma server (`retrieval.url`), as
`rec serve --workers N` does. Without `--address` a small local Ray is started for the run and stopped after.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import socket
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from rec import errors
from rec.batch import FATAL, Output, Summary, job_key, open_output, parse_line, read_jobs, result_line
from rec.errors import InputError, RecError

BLOCK_ROWS = 32                       # rows a read block and an actor's batch hold
BLOCK_BYTES = 4096                    # Ray Data merges what a task yields up to this size before passing it on
LOCAL_CPUS = 2                        # the local Ray's CPUs (a small machine shared with others)
OBJECT_STORE_BYTES = 256 * 1024**2    # the local Ray's object store (rows are small; Ray's minimum is 75 MiB)


def check_engine(cfg: Any, address: str | None = None) -> None:
    """Refuse the Ray engine over an embedded Chroma store, an empty one, or a cluster address nothing answers
    on (one line, a usage error)."""
    from rec.retrieval.store import require_items

    if not cfg.retrieval.url:
        raise InputError("--engine ray needs a Chroma server (retrieval.url): its actors are separate processes "
                         "and the embedded Chroma store is not safe to open from several; use `chroma run`, "
                         "or --engine local")
    require_items(cfg)   # here, before the actors each find the store empty
    if address:
        _probe(address)


def run_batch_ray(cfg: Any, src: Path, out: Path, *, users: bool = False, k: int | None = None,
                  resume: bool = False, workers: int = 4, actors: int = 2, address: str | None = None,
                  progress: Callable[[str, int], Callable[[int], None]] | None = None) -> Summary:
    """`rec.batch.run_batch` on Ray: `actors` Recommenders, `workers` requests in flight over all of them.
    `address`: join that Ray cluster (else start a local one for the run)."""
    check_engine(cfg, address)
    ray = _import_ray()
    output = open_output(cfg, src, out, resume=resume, progress=progress)
    try:
        started = _connect(ray, address)
        try:
            _write_results(ray, output, _Plan(cfg.model_dump_json(), src, users, k, actors, workers, address))
        finally:
            if started:
                ray.shutdown()
    finally:
        output.close()
    return output.summary


class _Plan:
    """What the dataset needs: the config (JSON, as `rec serve` hands its workers), the input, the pool."""

    def __init__(self, cfg_json: str, src: Path, users: bool, k: int | None, actors: int, workers: int,
                 address: str | None):
        self.cfg_json, self.src, self.users, self.k, self.actors = cfg_json, src, users, k, actors
        self.threads = max(1, math.ceil(workers / actors))          # requests in flight in one actor
        self.actor_cpus = 1.0 if address else min(1.0, LOCAL_CPUS / actors)


def _import_ray() -> Any:
    try:
        import ray
        import ray.data  # the extra: ray[data]
    except ImportError:
        raise InputError("--engine ray needs Ray Data: pip install 'rec[ray]' (or 'ray[data]')") from None
    return ray


def _connect(ray: Any, address: str | None) -> bool:
    """Join the cluster at `address`, or start a small local one; True when this call started Ray."""
    if ray.is_initialized():      # a caller (a test, a notebook) has connected already
        return False
    quiet = {"logging_level": logging.ERROR, "log_to_driver": False}
    try:
        if address:
            ray.init(address=address, **quiet)
        else:
            ray.init(address="local", num_cpus=LOCAL_CPUS, include_dashboard=False,
                     object_store_memory=OBJECT_STORE_BYTES, _node_ip_address="127.0.0.1", **quiet)   # stays local
    except (ConnectionError, ValueError, RuntimeError) as e:
        where = f"the Ray cluster at {address}" if address else "a local Ray"
        raise InputError(f"could not start or join {where}: {_last_line(e)}") from None
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", "The minimum number of concurrent actors", UserWarning)  # a short input
    return True


def _probe(address: str) -> None:
    """Refuse at once a host:port nothing listens on (Ray itself waits minutes for it to come up)."""
    host, _, port = address.split("://", 1)[-1].rpartition(":")
    if not port.isdigit():
        return                    # "auto" and the like: Ray resolves them (and says so quickly)
    try:
        socket.create_connection((host or "127.0.0.1", int(port)), timeout=5).close()
    except OSError as e:
        raise InputError(f"nothing answers at {host}:{port}: {e.strerror or e}") from None


def _write_results(ray: Any, output: Output, plan: _Plan) -> None:
    """Run the dataset and write its rows in input order; a fatal row (model server or store down) stops it."""
    try:
        for batch in _dataset(ray, output.done, plan).iter_batches(batch_size=None, batch_format="pyarrow"):
            for row in batch.to_pylist():
                if row["skip"]:
                    output.summary.skipped += 1
                elif row["fatal"]:
                    raise _error_class(row["fatal"])(row["error"])
                else:
                    output.write(row["out"], row["error"], row["line"])
    except ray.exceptions.RayError as e:      # an actor died, a task failed outside rec's own errors
        raise RecError(f"the Ray job failed: {_last_line(e)} (resume it with --resume)") from None


def _dataset(ray: Any, done: set[str], plan: _Plan) -> Any:
    from ray.data import ActorPoolStrategy, DataContext

    ctx = DataContext.get_current()
    ctx.execution_options.preserve_order = True     # results come back in input order
    ctx.enable_progress_bars = False                 # rec shows its own
    ctx.print_on_execution_start = False
    ctx.target_max_block_size = BLOCK_BYTES          # else the read task's rows go on as one block (128 MiB)
    source = _job_source_class()(plan.src, plan.users, plan.k, done)
    with warnings.catch_warnings():   # max_restarts has no named parameter yet (Ray 2.60 deprecates the kwargs)
        warnings.simplefilter("ignore", DeprecationWarning)
        return ray.data.read_datasource(source, override_num_blocks=1, num_cpus=0).map_batches(
            RecommendActor, fn_constructor_args=(plan.cfg_json, plan.users, plan.k, plan.threads),
            batch_size=BLOCK_ROWS, batch_format="pyarrow", compute=ActorPoolStrategy(size=plan.actors),
            num_cpus=plan.actor_cpus, max_restarts=0)   # an actor that dies fails the run; --resume goes on


def _schemas() -> tuple[Any, Any]:
    """The rows the read task yields (`line`, then either `text` to run, or `out` ready, or `skip`) and the
    rows the actors return (`out`: the result line; `error`: its error; `fatal`: an error class that stops)."""
    import pyarrow as pa

    rows = pa.schema([("line", pa.int64()), ("text", pa.string()), ("out", pa.string()), ("error", pa.string()),
                      ("skip", pa.bool_())])
    return rows, rows.append(pa.field("fatal", pa.string()))


def _job_source_class() -> type:
    """The datasource class, defined on first use (Ray is an optional, heavy import)."""
    from ray.data.block import BlockMetadata
    from ray.data.datasource import Datasource, ReadTask

    class _JobSource(Datasource):
        def __init__(self, src: Path, users: bool, k: int | None, done: set[str]):
            super().__init__()
            self.src, self.users, self.k, self.done = src, users, k, done

        def estimate_inmemory_data_size(self) -> int | None:
            return None

        @property
        def supports_distributed_reads(self) -> bool:
            return False         # the input is a file on this machine: read it here

        def get_read_tasks(self, parallelism: int, per_task_row_limit: int | None = None,
                           data_context: Any = None) -> list[Any]:
            meta = BlockMetadata(num_rows=None, size_bytes=None, exec_stats=None, input_files=[str(self.src)])
            return [ReadTask(lambda: read_blocks(self.src, self.users, self.k, self.done), meta,
                             schema=_schemas()[0], per_task_row_limit=per_task_row_limit)]

    return _JobSource


def read_blocks(src: Path, users: bool, k: int | None, done: set[str]) -> Iterator[Any]:
    """The input as Arrow tables of BLOCK_ROWS rows: a line already in the output is `skip`, a line in error
    has its result `out` already, a good line its `text` (the actor parses it again, to the same Job)."""
    import pyarrow as pa

    schema, rows = _schemas()[0], []
    for job in read_jobs(src, users, k):
        row = {"line": job.line, "text": None, "out": None, "error": job.error, "skip": False}
        if job_key(job) in done:
            row.update(skip=True, error=None)
        elif job.request is None:
            row["out"] = json.dumps(result_line(job, None, job.error), ensure_ascii=False)
        else:
            row["text"] = job.text
        rows.append(row)
        if len(rows) == BLOCK_ROWS:
            yield pa.Table.from_pylist(rows, schema=schema)
            rows = []
    if rows:
        yield pa.Table.from_pylist(rows, schema=schema)


class RecommendActor:
    """A Ray Data actor: one Recommender (one model client), `threads` requests of a batch at a time.
    A RecError while opening it is reported on every row (the driver raises it, with its class, at the first)."""

    def __init__(self, cfg_json: str, users: bool, k: int | None, threads: int):
        from rec.config import load_config
        from rec.recommender import build_recommender

        self.users, self.k, self.rec, self.broken = users, k, None, None
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="rec-ray")
        try:
            self.rec = build_recommender(load_config(overrides=json.loads(cfg_json)))
        except RecError as e:
            self.broken = e

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        return pa.Table.from_pylist(list(self.pool.map(self._one, batch.to_pylist())), schema=_schemas()[1])

    def _one(self, row: dict[str, Any]) -> dict[str, Any]:
        if row["skip"] or row["text"] is None:
            return {**row, "fatal": None}
        if self.broken is not None:
            return {**row, "error": str(self.broken), "fatal": type(self.broken).__name__}
        job = parse_line(row["line"], row["text"], self.users, self.k)
        response, error = None, None
        try:
            response = self.rec.recommend(job.request, remember=False)
        except FATAL as e:
            return {**row, "error": str(e), "fatal": type(e).__name__}
        except RecError as e:
            error = str(e)
        out = json.dumps(result_line(job, response, error), ensure_ascii=False)
        return {**row, "text": None, "out": out, "error": error, "fatal": None}

    def __del__(self) -> None:
        if self.rec is not None:
            with contextlib.suppress(Exception):   # at interpreter exit, half torn down: nothing to save
                self.rec.close()


def _error_class(name: str) -> type[RecError]:
    cls = getattr(errors, name, None)
    return cls if isinstance(cls, type) and issubclass(cls, RecError) else RecError


def _last_line(e: BaseException) -> str:
    lines = [line.strip() for line in str(e).splitlines() if line.strip()]
    return lines[-1] if lines else type(e).__name__
