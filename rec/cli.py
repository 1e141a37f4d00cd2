"""The `rec` command line. Commands are thin: they resolve the config, call the
library, and print. Heavy libraries are imported inside commands, so
`rec --help` stays instant. Errors are translated here and only here:
`RecError` -> one line on stderr and its exit code (2 bad input, 1 otherwise).
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.markup import escape

from rec.commands import catalog, evaluation, serving, setup, tuning
from rec.commands.common import err, out, resolve_config, store_or
from rec.errors import RecError

app = typer.Typer(help="rec: conversational recommendations from your own catalog, driven by an LLM.",
                  no_args_is_help=True, add_completion=True, pretty_exceptions_enable=False)


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

    run_demo(resolve_config(ctx, store=store_or(ctx, store)), turns or TURNS, start_server=not no_server, k=k,
             out=out, err=err)


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


app.add_typer(setup.config_app, name="config")
app.add_typer(setup.models_app, name="models")
app.add_typer(setup.llm_app, name="llm")
app.add_typer(catalog.data_app, name="data")
app.add_typer(serving.feedback_app, name="feedback")
app.add_typer(tuning.tune_app, name="tune")
app.add_typer(evaluation.eval_app, name="eval")
app.command("ingest")(catalog.ingest_cmd)
app.command("search")(catalog.search_cmd)
app.command("recommend")(catalog.recommend_cmd)
app.command("chat")(catalog.chat_cmd)
app.command("serve")(serving.serve_cmd)
app.command("batch")(serving.batch_cmd)
app.command("demo")(demo)


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
