"""`rec eval`: ranking, requests and conversations against baselines in the same run."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import typer

from rec.commands.common import (
    LOADING,
    err,
    out,
    print_json,
    resolve_config,
    store_or,
)

eval_app = typer.Typer(help="Offline evaluation: how good, on public protocols, against baselines.",
                       no_args_is_help=True)


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
                                help="The adapter of the pipeline's tuned row: production, a version "
                                     "(rec tune status), or none to skip it."),
    merge: bool = typer.Option(True, "--merge/--no-merge",
                               help="Serve the adapter merged into the base weights by a private vLLM started "
                                    "for its row (the base model's speed; vLLM's CPU LoRA path is ~8x slower), "
                                    "or by name (LoRA) on the configured server."),
    base: bool = typer.Option(True, "--base/--no-base",
                              help="The pipeline with the base model (the ablation that shows what tuning adds)."),
    workers: int = typer.Option(8, "--workers", min=1, max=64,
                                help="Users ranked at once by the rows that ask the model (the server batches)."),
    as_json: bool = typer.Option(False, "--json", help="JSON on stdout."),
):
    """The LlamaRec protocol (leave-last-out, whole-catalog ranking): popularity, item-kNN, ALS, SASRec,
    dense retrieval, rec's pipeline (its learned blend without the model, with the base model, with the
    production adapter, merged into the base weights by default), with 95% intervals and paired comparisons
    (the pipeline against the best row that is not rec's; each model row against the pipeline without it);
    the published LlamaRec / LRURec figures (other data) for orientation. Writes JSON, Markdown, per-user
    ranks and a PNG under REC_HOME/reports/."""
    from rec.errors import InputError
    from rec.evaluation import report
    from rec.evaluation.datasets import load_ml100k
    from rec.evaluation.protocol import llamarec_split
    from rec.evaluation.ranking import evaluate, systems_for
    from rec.ui import task_progress

    if dataset != "ml-100k":
        raise InputError(f"unknown dataset {dataset!r}; available: ml-100k")
    cfg = resolve_config(ctx, store=store_or(ctx, store))
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
                                     ratings=data.ratings, adapter=adapter, base=base, merge=merge,
                                     on_status=lambda m: err.print(m, markup=False))
    head = {"dataset": dataset, "protocol": "LlamaRec leave-last-out, whole-catalog ranking", "split": split.stats,
            "users": len(sample), "seed": seed, "candidates": None if no_llm else candidates, "notes": notes}
    keep = partial(_keep_rows, cfg, where, head, len(systems))
    with task_progress(err) as progress:
        results = evaluate(split, systems, sample, genres, progress, workers=workers, on_row=keep)
    _ranking_outputs(cfg, where, _ranking_doc(head, results), results, as_json)


def _ranking_doc(head: dict, results, unfinished: str | None = None) -> dict:
    from rec.evaluation.ranking import PUBLISHED, comparisons

    found = comparisons(results.ranks)
    return {**head, **({"partial": unfinished} if unfinished else {}), "systems": results.systems,
            "comparison": found[0] if found else None, "comparisons": found, "published": PUBLISHED}


def _keep_rows(cfg, where: Path, head: dict, total: int, results) -> None:
    """Each finished row on disk at once (report.json marked partial, ranks.json): a stopped run keeps them."""
    from rec.evaluation import report

    doc = _ranking_doc(head, results, unfinished=f"{len(results)} of {total} systems")
    report.write(where, doc, "(partial: see report.json)", cfg.to_yaml(redact=True))
    (where / "ranks.json").write_text(json.dumps(results.ranks_doc()))


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
        print_json({**doc, "report": str(where)})
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
    cfg = resolve_config(ctx, store=store_or(ctx, store))
    rows = read_store_interactions(cfg.store_dir)
    where = report.report_dir(cfg.home, "requests")
    with (open_recommender(quiet(cfg), log_dir=where / "logs", loading=err.status(LOADING)) as rec,
          task_progress(err) as progress):
        reason = rec.model_reason
        result = run(rec, rows, users=users, seed=seed, plan=plan, workers=workers,
                     epochs=cfg.retrieval.sequential_epochs, progress=progress)
    lines = [f"| {name} | " + " | ".join(_with_ci(m, c) for c in ("recall@10", "ndcg@10")) + " |"
             for name, m in result["systems"].items()]
    found = [comparison_line(c) for c in result["comparisons"]] or ["no comparison (no users)"]
    md = "\n".join([f"# Requests with history on store {cfg.store} ({result['users']} users, plan {plan})", "",
                    "| system | R@10 | N@10 |", "|---|---|---|", *lines, "", *(f"- {f}" for f in found),
                    f"- model: {reason}",
                    f"- items breaking a constraint: {result['items_breaking_constraints']}; items from the "
                    f"user's history: {result['items_from_history']}; p50 {result['seconds_p50']} s a request"])
    report.write(where, {k: v for k, v in result.items() if k != "cases"}, md, cfg.to_yaml(redact=True))
    (where / "cases.jsonl").write_text("".join(json.dumps(c) + "\n" for c in result["cases"]))
    if as_json:
        print_json({**{k: v for k, v in result.items() if k != "cases"}, "report": str(where)})
        return
    out.print(md, markup=False, soft_wrap=True)
    out.print(f"report: {where}", markup=False)


def _share(rate: float | None) -> str:
    """A rate as a percentage; "n/a" where the cases held nothing to count (no constraint checks)."""
    return "n/a" if rate is None else f"{rate:.0%}"


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
    cfg = resolve_config(ctx, store=store_or(ctx, store))
    loaded = read_cases(cases)
    with open_recommender(cfg, loading=err.status(LOADING)) as rec, task_progress(err) as progress:
        result = run_cases(rec, loaded, progress("cases", len(loaded)), history=history)
    where = report.report_dir(cfg.home, "conversation")
    summary = result["summary"]
    lines = [f"| {c['id']} | {'pass' if c['passed'] else 'FAIL'} | {'; '.join(c['failures'])} |"
             for c in result["cases"]]
    md = "\n".join([f"# Conversations on store {cfg.store}", "", "| case | result | failed checks |",
                    "|---|---|---|", *lines, "", f"pass rate {summary['pass_rate']:.0%}, checks satisfied "
                    f"{_share(summary['checks_satisfied'])}, items satisfying constraints "
                    f"{_share(summary['items_satisfying_constraints'])}", _phenomena_line(summary),
                    _explanation_line(summary)])
    report.write(where, {k: v for k, v in result.items() if k != "latency"}, md, cfg.to_yaml(redact=True))
    box_plot(where / "latency.png", result["latency"], "seconds per turn and per node")
    if as_json:
        print_json({**{k: v for k, v in result.items() if k != "latency"}, "report": str(where)})
        return
    out.print(md, markup=False, soft_wrap=True)
    out.print(f"turn p50 {summary['turn_p50_s']:.1f}s / p95 {summary['turn_p95_s']:.1f}s; report: {where}",
              markup=False)
