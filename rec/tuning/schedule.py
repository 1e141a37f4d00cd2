"""`rec tune run | schedule | status | rollback`: one tuning cycle, safe to call from cron.

A cycle: take the lock (a second run exits at once) -> count new positive feedback since the last
cycle (below `tuning.min_new_feedback` it exits quickly, unless this is the first cycle and a bootstrap
interactions file is configured) -> build examples -> train a candidate adapter -> score the current
model (production adapter or base) and the candidate on the held-out slice -> promote or reject ->
write the report (JSON + PNG) -> record the run. Production changes only at the promotion step, so a
crash anywhere before it leaves production as it was.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rec.errors import InputError, RecError
from rec.schema import is_positive
from rec.tuning.registry import Registry

Progress = Callable[[str, int], Callable[[int], None]]   # (label, total) -> advance(n), as in rec.ui
TRAINED = ("promoted", "rejected")   # runs whose feedback is used up
SETTLE_S = 60.0


def _examples(cfg: Any, registry: Registry, counts: Counter, progress: Progress | None = None
              ) -> tuple[list, str, float] | str:
    """(examples, source, feedback high-water mark), or the reason to skip this cycle."""
    from rec.feedback.store import open_feedback_store
    from rec.tuning.dataset import from_feedback

    runs = [r for r in registry.read().get("runs", []) if r.get("store") == cfg.store]
    since = max((r.get("feedback_until", 0.0) for r in runs if r.get("status") in TRAINED), default=0.0)
    # Events are stamped when posted and committed a moment later (group commit, other processes):
    # this cycle counts only those older than a minute, so none is stamped behind the mark it sets.
    until = time.time() - SETTLE_S
    store = open_feedback_store(cfg.feedback.url, cfg.store_dir / "feedback.sqlite")
    try:
        turns = list(store.logged())
    finally:
        store.close()
    events = [(ts, ev, val) for t in turns for _, ev, val, ts in t.events]
    new = sum(1 for ts, ev, val in events if since < ts <= until and is_positive(ev, val))
    counts["new_positive_feedback"] = new
    examples = from_feedback(turns, counts)
    if new >= cfg.tuning.min_new_feedback and examples:
        return examples, "feedback", until
    if cfg.tuning.bootstrap and not registry.versions():
        return [*examples, *_bootstrap(cfg, counts, progress)], "bootstrap", until
    return f"not enough new feedback ({new} new positive events < tuning.min_new_feedback " \
           f"{cfg.tuning.min_new_feedback})"


def _bootstrap(cfg: Any, counts: Counter, progress: Progress | None = None) -> list:
    from rec.retrieval.catalog import read_interactions
    from rec.retrieval.embeddings import build_embedder
    from rec.retrieval.search import Retriever
    from rec.tuning.dataset import from_interactions, from_pipeline

    path = Path(cfg.tuning.bootstrap)
    if not path.is_file():
        raise InputError(f"tuning.bootstrap: no interactions file at {path}")
    rows = read_interactions(path).records
    retriever = Retriever(cfg, build_embedder(cfg.retrieval.embedder))
    users = min(len({r.user_id for r in rows}), cfg.tuning.bootstrap_users)
    options = {"window": cfg.tuning.window, "max_users": cfg.tuning.bootstrap_users, "seed": cfg.tuning.seed,
               "per_user": cfg.tuning.bootstrap_per_user, "counts": counts,
               "progress": progress(f"bootstrap examples ({cfg.tuning.negatives} candidates, users)", users)
               if progress else None}
    if cfg.tuning.negatives == "pipeline":
        return from_pipeline(rows, retriever, epochs=cfg.retrieval.sequential_epochs, **options)
    return from_interactions(rows, retriever, **options)


def run_cycle(cfg: Any, *, load_model: Callable[[Path, Path | None], Any] | None = None,
              server: str | Sequence[str] | None = None,
              progress: Callable[[str, int], Callable[[int], None]] | None = None) -> dict[str, Any]:
    """One full cycle; returns the run record (status: skipped | rejected | promoted)."""
    from rec.tuning.lock import cycle_lock

    with cycle_lock(cfg.home):
        return _cycle(cfg, load_model or _transformers_model, server, progress)


def _cycle(cfg: Any, load_model: Callable, server: str | Sequence[str] | None, progress) -> dict[str, Any]:
    """One tuning cycle: examples -> a candidate adapter -> scored against production on held-out
    examples -> promoted (and loaded into `server`) or rejected -> a report and a run record."""
    from rec.llm.models import resolve_model_dir
    from rec.tuning.dataset import split
    from rec.tuning.evaluate import decide

    registry = Registry(cfg.home, cfg.store, "ranker")
    t0, counts = time.time(), Counter()
    got = _examples(cfg, registry, counts, progress)
    if isinstance(got, str):
        run = {"status": "skipped", "reason": got, "started": t0, "counts": dict(counts), "store": cfg.store}
        registry.record_run(run)
        return run
    examples, source, until = got
    production = registry.production()
    trained_until = (production or {}).get("data", {}).get("train_until", float("-inf"))
    data = split(examples, eval_fraction=cfg.tuning.eval_fraction, cap_per_user=cfg.tuning.cap_per_user,
                 trained_until=trained_until, counts=counts)
    if not data.train or not data.heldout:
        raise InputError(f"too few examples to train and evaluate ({data.counts})")
    base_dir = resolve_model_dir(cfg.llm.model, cfg.models_dir)
    version, vdir = _train_candidate(cfg, registry, data, base_dir, source, progress)
    current_name = production["version"] if production else "base"
    contenders = {current_name: Path(production["path"]) if production else None, version: vdir}
    metrics = _score_all(contenders, base_dir, data.heldout[-cfg.tuning.max_eval:], load_model, progress)
    decision = decide(metrics[current_name], metrics[version], cfg.tuning.margin)
    registry.set(version, metrics=metrics[version], compared_with={current_name: metrics[current_name]},
                 decision=decision.reason)
    _apply(cfg, registry, version, decision, server, {"started": t0, "feedback_until": until})
    weight = model_weight(cfg, decision.promote, metrics[version])
    report = {"version": version, "source": source, "compared_with": current_name, "metrics": metrics,
              "model_weight": weight,
              "decision": {"promote": decision.promote, "reason": decision.reason,
                           "delta_ndcg@10": decision.delta_ndcg10}, "data": data.counts,
              "seconds": round(time.time() - t0, 1), "loaded_into_server": bool(decision.promote and server)}
    return _record(cfg, registry, report, decision, {"started": t0, "feedback_until": until})


def _train_candidate(cfg: Any, registry: Registry, data: Any, base_dir: Path, source: str,
                     progress) -> tuple[str, Path]:
    """Train a new adapter version on `data.train` and register it as a candidate."""
    from rec.tuning.train import bar_steps, train

    version, vdir = registry.new_version_dir()
    advance = bar_steps(progress("training", cfg.tuning.max_steps) if progress else None)

    summary = {**data.counts, "source": source,   # bootstrap windows: the pipeline's own, or dense + random
               **({"negatives": cfg.tuning.negatives} if source == "bootstrap" else {})}
    train(data.train, base_dir, vdir, cfg.tuning, summary=summary, config_yaml=cfg.to_yaml(redact=True),
          progress=advance)
    registry.add(version, vdir, base_model=cfg.llm.model,
                 data={**summary, "train_until": max(e.ts for e in data.train)})
    return version, vdir


def model_weight(cfg: Any, promoted: bool, metrics: dict[str, Any]) -> float | None:
    """The model earns its weight or steps aside. Where the gate scored the pipeline's own windows, the
    store's blend gives the model weight 1 (the weight the gate measured) only when the promoted adapter
    made the served ranking better than the blend alone with the whole 95% interval above 1; else 0, and
    a turn never asks the model to rank. Feedback windows carry no pipeline scores: None, unchanged."""
    from rec.ranking.blend import BLEND_FILE, Blend
    from rec.retrieval.store import ItemStore

    if "vs_blend" not in metrics:
        return None
    ci = metrics["vs_blend"].get("ratio_ci") or (0.0, 0.0)
    weight = 1.0 if promoted and ci[0] is not None and ci[0] > 1 else 0.0
    blend = Blend.load(cfg.store_dir)
    if blend.llm != weight:
        blend.model_copy(update={"llm": weight}).save(cfg.store_dir)
        ItemStore(cfg).publish(BLEND_FILE)   # several hosts: every host reloads it
    return weight


def _apply(cfg: Any, registry: Registry, version: str, decision: Any, server: str | None,
           run: dict[str, Any]) -> None:
    """Promote the candidate the gate accepted (loading it into `server`), else reject it."""
    if not decision.promote:
        registry.set(version, status="rejected")
        return
    try:
        registry.promote(version, server=server, api_key=cfg.llm.api_key)
    except RecError as e:   # the gate said yes but the server would not load it: do not retrain forever
        registry.set(version, status="rejected", decision=f"{decision.reason}; promotion failed: {e}")
        registry.record_run({"status": "failed", "version": version, **run, "store": cfg.store,
                             "reason": f"promotion failed: {e}"})
        raise


def _record(cfg: Any, registry: Registry, report: dict[str, Any], decision: Any,
            run: dict[str, Any]) -> dict[str, Any]:
    """The cycle's report and plot beside the registry, and its run record."""
    from rec.tuning.evaluate import write_report

    version = report["version"]
    history = {**({"base": report["metrics"]["base"]} if "base" in report["metrics"] else {}),
               **{v["version"]: v["metrics"] for v in registry.versions() if v["metrics"]}}
    serving = registry.production()   # after this cycle's decision
    json_path, png_path = write_report(registry.dir / "reports" / f"{version}.json", report, history,
                                       serving["version"] if serving else None)
    record = {"status": "promoted" if decision.promote else "rejected", "version": version,
              "started": run["started"], "store": cfg.store, "seconds": report["seconds"],
              "feedback_until": run["feedback_until"], "reason": decision.reason,
              "report": str(json_path), "plot": str(png_path), "model_weight": report.get("model_weight")}
    registry.record_run(record)
    return record


def _score_all(contenders: dict[str, Path | None], base_dir: Path, heldout: list, load_model: Callable,
               progress) -> dict[str, dict[str, float]]:
    """Each contender (name -> adapter dir, None = the base model) scored on the same held-out slice."""
    from rec.tuning.evaluate import score

    metrics = {}
    for name, adapter in contenders.items():
        model = load_model(base_dir, adapter)
        try:
            metrics[name] = score(model, heldout, progress(f"scoring {name}", len(heldout)) if progress else None)
        finally:
            model.close()
    return metrics


def _transformers_model(base_dir: Path, adapter: Path | None) -> Any:
    from rec.llm.transformers_backend import TransformersChatModel

    return TransformersChatModel(base_dir, adapter_dir=adapter)


def parse_every(text: str) -> float:
    """`6h`, `30m`, `90s`, `1d` -> seconds."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    text = text.strip().lower()
    if len(text) < 2 or text[-1] not in units or not text[:-1].replace(".", "", 1).isdigit():
        raise InputError(f"--every takes a duration like 6h, 30m, 90s or 1d, not {text!r}")
    seconds = float(text[:-1]) * units[text[-1]]
    if seconds <= 0:
        raise InputError("--every must be positive")
    return seconds


def write_next_run(home: Path, at: float, every: str) -> None:
    import json
    import os

    tmp = home / "tune_schedule.json.tmp"
    tmp.write_text(json.dumps({"next_run": at, "every": every, "pid": _pid()}))
    os.replace(tmp, home / "tune_schedule.json")


def _pid() -> int:
    import os

    return os.getpid()


def status(home: Path) -> dict[str, Any]:
    """Versions (every store's and role's), recent runs, production by store and role, and the next
    scheduled run, for `rec tune status`."""
    import json

    def when(ts: float | None) -> str | None:
        return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts)) if ts else None

    registry = Registry(home)
    doc = registry.read()
    versions = [{**v, "created_at": when(v.get("created")), "promoted_at": when(v.get("promoted_at"))}
                for v in doc["versions"]]
    runs = [{**r, "at": when(r.get("started"))} for r in doc.get("runs", [])]
    schedule_file = home / "tune_schedule.json"
    schedule = json.loads(schedule_file.read_text()) if schedule_file.is_file() else {}
    production: dict[str, dict[str, str | None]] = {}
    for v in sorted(doc["versions"], key=lambda v: (v["store"], v["role"])):
        slot = production.setdefault(v["store"], {})
        slot.setdefault(v["role"], None)
        if v["status"] == "production":
            slot[v["role"]] = v["version"]
    return {"versions": versions, "runs": runs, "production": production,
            "next_run": when(schedule.get("next_run")), "every": schedule.get("every")}


def status_lines(doc: dict[str, Any]) -> str:
    """`rec tune status` as text: a table of versions by store and role, the last runs, production."""
    import io

    from rich.console import Console
    from rich.table import Table

    table = Table("store", "role", "version", "status", "metrics", "vs", "created")
    for v in sorted(doc["versions"], key=lambda v: (v["store"], v["role"], v["version"])):
        m, vs = v.get("metrics") or {}, v.get("compared_with") or {}
        if v["role"] == "planner":
            shown = _fmt(m, ("exact", "constraint_f1", "reference_accuracy"))
            against = ", ".join(f"{k} exact {x.get('exact', 0):.4f}" for k, x in vs.items())
        else:
            shown = _fmt(m, ("ndcg@10", "recall@10", "mrr", "invalid_rate"))
            against = ", ".join(f"{k} NDCG@10 {x.get('ndcg@10', 0):.4f}" for k, x in vs.items())
        table.add_row(v["store"], v["role"], v["version"], v["status"], shown, against, v["created_at"])
    buffer = io.StringIO()
    Console(width=200, file=buffer).print(table)
    lines = [buffer.getvalue().rstrip()]
    lines += [f"run {r['at']}: {r.get('store', '')} {r.get('role', 'ranker')} {r['status']} {r.get('version', '')} "
              f"{r.get('reason', '')}" for r in doc["runs"][-5:]]
    lines += [f"production: {store} {role}: {v or 'base model'}" for store, roles in doc["production"].items()
              for role, v in roles.items()]
    lines.append(f"next run: {doc['next_run'] or 'not scheduled'}")
    return "\n".join(lines)


def _fmt(m: dict[str, Any], keys: Sequence[str]) -> str:
    return " ".join(f"{k} {m[k]:.4f}" for k in keys if isinstance(m.get(k), int | float)) or "-"
