"""`rec tune`: the ranker's and the planner's adapters, the learned blend, the schedule."""

from __future__ import annotations

from pathlib import Path

import typer

from rec.commands.common import (
    STORE_OPT,
    err,
    out,
    print_json,
    resolve_config,
)
from rec.errors import RecError

tune_app = typer.Typer(help="The tuning loop: LoRA on logged feedback, gated by offline metrics, hot-loaded.",
                       no_args_is_help=True)


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
        weight = run.get("model_weight")
        said = "" if weight is None else f"; the model's weight in the store's ranking: {weight:g}" + (
            "" if weight else " (a turn skips the ranker call)")
        out.print(f"{run['version']} {run['status']}: {run['reason']}{said} ({run['seconds']:.0f}s); report "
                  f"{run['report']}", markup=False, soft_wrap=True)
    return run


@tune_app.command("run")
def tune_run(ctx: typer.Context, store: str = STORE_OPT,
             bootstrap: Path = typer.Option(None, "--bootstrap", help="Interactions file to learn from when there "
                                            "is no adapter yet and too little feedback (tuning.bootstrap).")):
    """One cycle: examples from feedback -> LoRA -> gate against production -> promote or reject.
    Safe from cron: a lock keeps runs from overlapping; too little new feedback exits at once."""
    _run_cycle(resolve_config(ctx, store=store, **{"tuning.bootstrap": str(bootstrap) if bootstrap else None}))


@tune_app.command("planner")
def tune_planner(ctx: typer.Context, store: str = STORE_OPT,
                 train: int = typer.Option(240, "--train", min=8, help="Synthesised training examples."),
                 heldout: int = typer.Option(56, "--heldout", min=4, help="Held-out phrasings the gate plans."),
                 steps: int = typer.Option(None, "--steps", min=1, help="Training steps (tuning.max_steps)."),
                 gate: str = typer.Option("auto", "--gate", help="How the gate runs each planner: vllm (a private "
                                          "server, the adapter merged; ~20x faster on CPU), transformers "
                                          "(in-process), auto (vllm where its virtualenv is installed).")):
    """Instruction-tune the store's planner: examples from its fields and values -> a planner LoRA -> gated
    against the current planner on held-out phrasings -> promoted (hot-loaded) or rejected."""
    from rec.tuning.planner_tune import gate_loader, run_planner_cycle, summary_lines
    from rec.ui import task_progress

    cfg = resolve_config(ctx, store=store, **{"tuning.max_steps": steps})
    load = gate_loader(cfg, gate)
    with task_progress(err) as progress:
        run = run_planner_cycle(cfg, train_examples=train, heldout_examples=heldout, server=_model_server(cfg),
                                progress=progress, load_model=load)
    out.print("\n".join(summary_lines(run)), markup=False, soft_wrap=True)


@tune_app.command("schedule")
def tune_schedule(ctx: typer.Context, every: str = typer.Option(..., "--every", help="Interval: 6h, 30m, 1d."),
                  store: str = STORE_OPT):
    """Run a cycle now and then every DURATION, in the foreground (Ctrl-C stops between cycles)."""
    import time

    from rec.tuning.schedule import parse_every, write_next_run

    cfg = resolve_config(ctx, store=store)
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

    cfg = resolve_config(ctx, store=store)
    retriever = Retriever(cfg, build_embedder(cfg.retrieval.embedder))
    rows = read_store_interactions(cfg.store_dir)
    with task_progress(err) as progress:
        blend = fit_blend(retriever, rows, users=users, seed=seed, epochs=cfg.retrieval.sequential_epochs,
                          progress=progress)
    blend.save(cfg.store_dir)
    retriever.store.publish(BLEND_FILE)   # several hosts: every host reloads it
    if as_json:
        print_json(blend.model_dump())
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

    doc = status(resolve_config(ctx).home)
    if as_json:
        print_json(doc)
        return
    out.print(status_lines(doc) if doc["versions"] else "no adapters yet: the base model plans and ranks "
              "(rec tune run, rec tune planner)", markup=False, soft_wrap=True)


@tune_app.command("rollback")
def tune_rollback(ctx: typer.Context, store: str = STORE_OPT,
                  role: str = typer.Option("ranker", "--role", help="Whose adapter: ranker or planner.")):
    """Retire the store's production adapter of a role and bring back the one before it (or the base model)."""
    from rec.tuning.registry import Registry

    cfg = resolve_config(ctx, store=store)
    retired, now = Registry(cfg.home, cfg.store, role).rollback(server=_model_server(cfg), api_key=cfg.llm.api_key)
    out.print(f"retired {retired['version'] if retired else '-'}; production is now "
              f"{now['version'] if now else 'the base model'}", markup=False)
