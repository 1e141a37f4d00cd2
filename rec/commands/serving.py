"""`rec serve`, `rec batch` and `rec feedback`: the API, offline jobs and the feedback log."""

from __future__ import annotations

from pathlib import Path

import typer

from rec.commands.common import (
    LOADING,
    STORE_OPT,
    err,
    out,
    print_json,
    resolve_config,
)

feedback_app = typer.Typer(help="The feedback log: every response and what users did with it.",
                           no_args_is_help=True)


# --- serve, batch, feedback -----------------------------------------------------------------------
def serve_cmd(
    ctx: typer.Context,
    host: str = typer.Option(None, "--host", help="Interface to bind (api.host; default 127.0.0.1)."),
    port: int = typer.Option(None, "--port", min=1, max=65535, help="Port (api.port; default 8080)."),
    workers: int = typer.Option(None, "--workers", min=1, max=64,
                                help="API processes (api.processes; default 1). More than one needs a Chroma "
                                     "server (retrieval.url): embedded Chroma is not safe across processes."),
    store: str = STORE_OPT,
):
    """The OpenAI-compatible API: GET /v1/models, POST /v1/chat/completions (stream or not),
    POST /v1/feedback, GET /health, GET /metrics, GET /docs; a chat page at /.
    API keys: REC_API_KEYS=key1,key2 (none = open)."""
    from rec.api.server import api_keys_from_env, check_processes

    cfg = resolve_config(ctx, store=store, **{"api.host": host, "api.port": port, "api.processes": workers})
    check_processes(cfg, cfg.api.processes)
    keys = api_keys_from_env()
    if not keys:
        err.print("[yellow]warning:[/] REC_API_KEYS is not set: the API is open to anyone who can reach "
                  f"{cfg.api.host}:{cfg.api.port}")
    if cfg.api.processes > 1:
        _serve_processes(cfg)
    else:
        _serve_one(cfg, keys)


def _serve_one(cfg, keys: list[str]) -> None:
    from rec.api.server import serve
    from rec.recommender import open_recommender

    with open_recommender(cfg, loading=err.status(LOADING)) as rec:
        err.print(f"rec serve: store {cfg.store!r}, model {rec.model.name}, "
                  f"http://{cfg.api.host}:{cfg.api.port}/v1 ({cfg.api.workers} workers, queue {cfg.api.max_queue}); "
                  f"chat page: http://{cfg.api.host}:{cfg.api.port}/",
                  markup=False)
        serve(rec, host=cfg.api.host, port=cfg.api.port, api_keys=keys)


def _serve_processes(cfg) -> None:
    from rec.api.server import serve_processes
    from rec.config import redact_url
    from rec.retrieval.store import require_items

    require_items(cfg)   # before N workers each find the store empty
    err.print(f"rec serve: store {cfg.store!r} on {redact_url(cfg.retrieval.url or '')}, {cfg.api.processes} "
              f"processes ({cfg.api.workers} turns at once each), http://{cfg.api.host}:{cfg.api.port}/v1; "
              f"chat page: http://{cfg.api.host}:{cfg.api.port}/", markup=False)
    serve_processes(cfg)


def batch_cmd(
    ctx: typer.Context,
    src: Path = typer.Argument(None, help="Requests, one JSON per line: {\"id\", \"user_id\"?, "
                               "\"query\"? | \"messages\"?, \"k\"?, \"filters\"?}."),
    out_path: Path = typer.Option(..., "--out", help="Results (JSONL, in input order, each with its id)."),
    users: Path = typer.Option(None, "--users", help="Instead of IN: user ids (one per line) -> each user's "
                               "top-K from their history."),
    k: int = typer.Option(None, "-k", "--k", min=1, max=50, help="Items per user with --users (default 10)."),
    resume: bool = typer.Option(False, "--resume", help="Continue an interrupted run: skip ids already in --out."),
    workers: int = typer.Option(4, "--workers", min=1, max=256, help="Requests in flight at once."),
    engine: str = typer.Option("local", "--engine", help="local (a thread pool here) or ray (Ray Data actors; "
                               "needs a Chroma server, retrieval.url)."),
    address: str = typer.Option(None, "--address", help="With --engine ray: join this Ray cluster (e.g. auto, "
                                "ray://head:10001); without it a small local Ray runs for the job."),
    actors: int = typer.Option(2, "--actors", min=1, max=256, help="With --engine ray: Recommenders (actors)."),
    store: str = STORE_OPT,
):
    """Offline jobs: many requests (or many users' top-K), N at a time, crash-safe with --resume.
    IN is JSONL or Parquet. Writes the resolved config next to the output (OUT.config.yaml)."""
    from rec.batch import run_batch
    from rec.recommender import open_recommender
    from rec.ui import task_progress

    if (src is None) == (users is None):
        raise typer.BadParameter("give either an input file IN or --users FILE (not both)")
    if engine not in ("local", "ray") or (address is not None and engine != "ray"):
        raise typer.BadParameter("--engine is local or ray; --address is for --engine ray")
    cfg = resolve_config(ctx, store=store)
    if engine == "ray":
        from rec.batch_ray import check_engine, run_batch_ray

        check_engine(cfg, address)
        with task_progress(err) as progress:
            summary = run_batch_ray(cfg, users or src, out_path, users=users is not None, k=k, resume=resume,
                                    workers=workers, actors=actors, address=address, progress=progress)
    else:
        with open_recommender(cfg, loading=err.status(LOADING)) as rec, task_progress(err) as progress:
            summary = run_batch(rec, users or src, out_path, users=users is not None, k=k, resume=resume,
                                workers=workers, progress=progress)
    for line in summary.error_examples:
        err.print(f"error: {line}", markup=False)
    out.print(f"{summary.written:,} results written to {summary.output} ({summary.errors:,} errors, "
              f"{summary.skipped:,} already there); config in {summary.config}", markup=False, soft_wrap=True)


@feedback_app.command("import")
def feedback_import(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="Interactions file: {user_id, item_id, event, value?, ts?} per line."),
    strict: bool = typer.Option(False, "--strict", help="Fail on the first bad rows instead of skipping them."),
    store: str = STORE_OPT,
):
    """Bulk-load interactions into the feedback log (e.g. history from before rec existed, for tuning).
    Items must be in the store's catalog."""
    from rec.feedback.imports import import_file
    from rec.ui import task_progress

    cfg = resolve_config(ctx, store=store)
    with task_progress(err) as progress:
        report = import_file(cfg, path, strict=strict, progress=progress)
    for line in report["errors"][:10]:
        err.print(f"skipped {line}", markup=False)
    out.print(f"imported {report['imported']:,} interactions into {report['where']} "
              f"(skipped {report['skipped']:,})", markup=False, soft_wrap=True)


@feedback_app.command("stats")
def feedback_stats(ctx: typer.Context, store: str = STORE_OPT,
                   as_json: bool = typer.Option(False, "--json", help="JSON on stdout.")):
    """What the feedback log holds: responses, events by kind and source, users and items."""
    from rec.feedback.store import open_feedback_store

    cfg = resolve_config(ctx, store=store)
    if not cfg.feedback.url and not (cfg.store_dir / "feedback.sqlite").exists():
        from rec.errors import InputError

        raise InputError(f"store {cfg.store!r} has no feedback log yet ({cfg.store_dir / 'feedback.sqlite'})")
    fb = open_feedback_store(cfg.feedback.url, cfg.store_dir / "feedback.sqlite")
    try:
        stats = fb.stats()
    finally:
        fb.close()
    if as_json:
        print_json(stats)
        return
    out.print(f"{stats['where']}: {stats['responses']:,} responses; events from {stats['users']:,} users "
              f"on {stats['items']:,} items", markup=False, soft_wrap=True)
    for event, by_source in stats["events"].items():
        out.print(f"  {event:9} " + ", ".join(f"{n:,} {src}" for src, n in by_source.items()), markup=False)
