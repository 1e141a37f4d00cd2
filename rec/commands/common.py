"""What every command shares: the consoles, the config as the root options and a command's own set it,
and the store a command should read."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer
from rich.console import Console

out = Console()
err = Console(stderr=True)
LOADING = "loading the model and the store…"
STORE_OPT = typer.Option(None, "--store", help="Store name (default: the configured store, REC_STORE).")


def resolve_config(ctx: typer.Context, **flags: Any):
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


def store_named(ctx: typer.Context) -> bool:
    """Does the global --store, --set store=, REC_STORE or a config file name a store?"""
    from rec.config import parse_overrides, set_path, store_named

    obj = ctx.find_root().obj or {}
    overrides = parse_overrides(obj.get("overrides", []))
    if obj.get("flags", {}).get("store") is not None:
        set_path(overrides, "store", obj["flags"]["store"])
    return store_named(obj.get("config_file"), overrides)


def store_or(ctx: typer.Context, store: str | None, fallback: str = "movielens") -> str | None:
    """The store of a command made for one dataset (demo, eval): its own --store, else whatever the
    global --store, --set store=, REC_STORE or a config file names, and `fallback` only when nothing
    names a store at all (then the default store would be the wrong one)."""
    if store is not None:
        return store
    return None if store_named(ctx) else fallback


def config_with_items(ctx: typer.Context, store: str | None):
    """The config of a command that reads a store (chat, recommend, search). When no store is named
    anywhere and the default one is empty, the only store that has items is used, said on stderr (after
    `make demo`, `rec chat` finds the demo's); with several, the error lists them (`require_items`)."""
    from rec.retrieval.store import store_items, stores_holding_items

    cfg = resolve_config(ctx, store=store)
    if store is not None or store_items(cfg) or store_named(ctx):
        return cfg
    found = stores_holding_items(cfg)
    if len(found) != 1:
        return cfg
    err.print(f"store {cfg.store!r} is empty: using {found[0]!r}, the only store with items "
              "(--store NAME chooses another)", markup=False)
    return resolve_config(ctx, store=found[0])


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")
