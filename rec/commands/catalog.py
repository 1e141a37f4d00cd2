"""`rec data`, `rec ingest`, `rec search`, `rec recommend` and `rec chat`: catalogs in, recommendations out."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape

from rec.commands.common import (
    LOADING,
    STORE_OPT,
    config_with_items,
    err,
    out,
    print_json,
    resolve_config,
)

data_app = typer.Typer(help="Demo datasets, exported from packaged copies into rec's file formats.",
                       no_args_is_help=True)


# --- data, ingest, search --------------------------------------------------------------------------


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

    cfg = resolve_config(ctx, store=store)
    with err.status("loading the embedder…"):
        embedder = build_embedder(cfg.retrieval.embedder)
    with task_progress(err) as progress:
        report = ingest(cfg, embedder, catalog, images_dir=images_dir, interactions=interactions, strict=strict,
                        sync=sync, progress=progress)
    if as_json:
        print_json(report.as_dict())
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

    cfg = config_with_items(ctx, store)
    parsed = parse_where(where) if where else None
    require_items(cfg)
    retriever = Retriever(cfg, build_embedder(cfg.retrieval.embedder))
    if parsed:
        check_fields(parsed, [*retriever.fields, "item_id", "kind"])
    hits = retriever.search(text, where=parsed, k=k, sources=("text", "caption", "lexical"))
    if as_json:
        print_json({"items": [{"item_id": c.item_id, "title": c.title, "score": c.score, "scores": c.scores,
                                "metadata": c.metadata} for c in hits]})
        return
    from rich.table import Table

    table = Table("#", "item", "title", "score", "sources")
    for n, c in enumerate(hits, 1):
        table.add_row(str(n), escape(c.item_id), escape(c.title), f"{c.score:.4f}",
                      escape(", ".join(f"{s} {v:.3f}" for s, v in c.scores.items())))
    out.print(table if hits else "no items match")


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

    cfg = config_with_items(ctx, store)
    with open_recommender(cfg, loading=err.status("loading…")) as rec, err.status("thinking…"):
        response = rec.recommend(RecRequest(query=text, user_id=user, k=k, thread_id=thread))
    if as_json:
        print_json(response.model_dump(exclude=set() if trace else {"trace"}))
        return
    from rich.table import Table

    table = Table("#", "title", "why", show_lines=False)
    for n, item in enumerate(response.items, 1):
        table.add_row(str(n), escape(item.label or item.title), escape(item.explanation or ""))
    out.print(table if response.items else escape(response.answer or response.note or "nothing matched"))
    if trace:
        out.print_json(json.dumps(response.trace, default=str))


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

    cfg = config_with_items(ctx, store)
    with open_recommender(cfg, loading=err.status(LOADING)) as rec, line_history(cfg.home / "chat_history"):
        ChatSession(rec, out, user_id=user, k=k, thread_id=thread).run(out.input)
