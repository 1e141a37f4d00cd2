"""`rec tune planner`: one instruction-tuning cycle of a store's planner.

Build the store's examples (`planner_data`: synthesised requests, engaged logged turns, a replay share of
the production planner's training data) -> train a planner LoRA (separate from the ranker's, in the
registry under the store and role `planner`) -> plan the held-out phrasings with the current planner
(production adapter, else the base model) and the candidate (`planner_eval`) -> promote (hot-loaded into
the running vLLM, like the ranker's) or reject -> a JSON report beside the registry. The same lock as
`rec tune run` keeps two cycles from training at once.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rec.errors import InputError, RecError
from rec.tuning.planner_data import PlanExample, PlannerSets
from rec.tuning.registry import Registry

Progress = Callable[[str, int], Callable[[int], None]]
TRAIN_FILE, HELDOUT_FILE = "planner_train.jsonl", "planner_heldout.jsonl"
EVAL_BATCH = 16   # held-out prompts planned at once in-process (decoding costs about the same for 1 or 16)
SERVER_WORKERS = 8   # held-out prompts in flight to a model server (it batches them)


def run_planner_cycle(cfg: Any, *, train_examples: int = 240, heldout_examples: int = 56,
                      load_model: Callable[[Path, Path | None], Any] | None = None,
                      server: str | Sequence[str] | None = None, progress: Progress | None = None) -> dict[str, Any]:
    """One cycle for `cfg.store`; returns the run record (status promoted | rejected)."""
    from rec.tuning.lock import cycle_lock

    with cycle_lock(cfg.home):
        return _cycle(cfg, train_examples, heldout_examples, load_model or _transformers_model, server, progress)


def _cycle(cfg: Any, n_train: int, n_heldout: int, load_model: Callable, server, progress) -> dict[str, Any]:
    from rec.llm.models import resolve_model_dir
    from rec.tuning.planner_eval import decide

    t0 = time.time()
    registry = Registry(cfg.home, cfg.store, "planner")
    sets, schema, fields_text = _sets(cfg, registry, n_train, n_heldout)
    base_dir = resolve_model_dir(cfg.llm.model, cfg.models_dir)
    version, vdir, train_s = _train(cfg, registry, sets, base_dir, progress)
    production = registry.production()
    current = production["version"] if production else "base"
    contenders = {current: Path(production["path"]) if production else None, version: vdir}
    scored, timing = {}, {}
    for name, adapter in contenders.items():
        t1 = time.time()
        scored[name] = _score(load_model(base_dir, adapter), sets.heldout, schema, fields_text, name, progress)
        timing[name] = round(time.time() - t1, 1)
    decision = decide(scored[current][1], scored[version][1], cfg.tuning.planner_margin, cfg.tuning.seed)
    metrics = {name: s[0] for name, s in scored.items()}
    registry.set(version, metrics=metrics[version], compared_with={current: metrics[current]},
                 decision=decision.reason, intervals=decision.intervals)
    _apply(cfg, registry, version, decision.promote, server)
    report = {"store": cfg.store, "role": "planner", "version": version, "compared_with": current,
              "metrics": metrics, "intervals": decision.intervals,
              "decision": {"promote": decision.promote, "reason": decision.reason}, "data": sets.counts,
              "train_seconds": train_s, "score_seconds": timing, "seconds": round(time.time() - t0, 1),
              "examples": {name: s[1] for name, s in scored.items()}}
    path = registry.dir / "reports" / f"{version}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2))
    record = {"status": "promoted" if decision.promote else "rejected", "version": version, "store": cfg.store,
              "started": t0, "seconds": report["seconds"], "reason": decision.reason, "report": str(path)}
    registry.record_run(record)
    return {**record, "report_doc": report}


def _sets(cfg: Any, registry: Registry, n_train: int, n_heldout: int) -> tuple[PlannerSets, dict, str | None]:
    """The store's training and held-out examples, rendered in the planner's prompt."""
    from rec.agents.graph import _fields_text
    from rec.agents.planner import store_grounding
    from rec.retrieval.embeddings import build_embedder
    from rec.retrieval.search import Retriever
    from rec.tuning.planner_data import Vocabulary, build_sets, read_jsonl, render

    retriever = Retriever(cfg, build_embedder(cfg.retrieval.embedder))
    try:
        fields_text = _fields_text(retriever)
        schema = store_grounding(retriever, fields_text).schema
        vocab = Vocabulary.of_store(retriever, seed=cfg.tuning.seed)
    finally:
        retriever.store.close()
    if not vocab.categorical and not vocab.numeric:
        raise InputError(f"store {cfg.store!r} has no categorical or numeric fields to plan over")
    production = registry.production()
    earlier = read_jsonl(Path(production["path"]) / TRAIN_FILE) if production else []
    sets = build_sets(vocab, train=n_train, heldout=n_heldout, seed=cfg.tuning.seed + len(registry.versions()),
                      feedback=_engaged(cfg, schema), earlier=earlier, replay_share=cfg.tuning.planner_replay)
    if not sets.train or not sets.heldout:
        raise InputError(f"too few planner examples to train and evaluate ({sets.counts})")
    render([*sets.train, *sets.heldout], fields_text)
    return sets, schema or {}, fields_text


def _engaged(cfg: Any, schema: dict | None) -> list[PlanExample]:
    """Logged turns of this store whose plans led to engagement."""
    from rec.feedback.store import open_feedback_store
    from rec.tuning.planner_data import from_feedback

    store = open_feedback_store(cfg.feedback.url, cfg.store_dir / "feedback.sqlite")
    try:
        return from_feedback(store.logged(), schema)
    finally:
        store.close()


def _train(cfg: Any, registry: Registry, sets: PlannerSets, base_dir: Path, progress) -> tuple[str, Path, float]:
    from rec.tuning.planner_data import write_jsonl
    from rec.tuning.train import bar_steps, train

    version, vdir = registry.new_version_dir()
    advance = bar_steps(progress("training the planner", cfg.tuning.max_steps) if progress else None)

    t0 = time.time()
    train(sets.train, base_dir, vdir, cfg.tuning, summary={**sets.counts, "role": "planner"},
          config_yaml=cfg.to_yaml(redact=True), progress=advance)
    seconds = round(time.time() - t0, 1)
    write_jsonl(vdir / TRAIN_FILE, sets.train)     # the next cycle replays a share of it
    write_jsonl(vdir / HELDOUT_FILE, sets.heldout)
    registry.add(version, vdir, base_model=cfg.llm.model, data={**sets.counts, "train_seconds": seconds})
    return version, vdir, seconds


def _score(model: Any, heldout: Sequence[PlanExample], schema: dict, fields_text: str | None, name: str,
           progress) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    from rec.tuning.planner_eval import score

    try:
        return score(model, heldout, schema, fields_text,
                     progress(f"planning held-out phrasings ({name})", len(heldout)) if progress else None,
                     batch=EVAL_BATCH, workers=SERVER_WORKERS)
    finally:
        model.close()


def _apply(cfg: Any, registry: Registry, version: str, promote: bool, server) -> None:
    if not promote:
        registry.set(version, status="rejected")
        return
    try:
        registry.promote(version, server=server, api_key=cfg.llm.api_key)
    except RecError as e:   # the gate said yes but the server would not load it
        registry.set(version, status="rejected", decision=f"promotion failed: {e}")
        raise


def _transformers_model(base_dir: Path, adapter: Path | None) -> Any:
    from rec.llm.transformers_backend import TransformersChatModel

    return TransformersChatModel(base_dir, adapter_dir=adapter)


def gate_loader(cfg: Any, gate: str = "auto") -> Callable[[Path, Path | None], Any]:
    """How the gate loads each planner: `vllm` serves it (an adapter merged into the base weights) on a
    private vLLM for its pass, ~20x faster than in-process on two CPU cores (56 held-out plans: 70-90 s
    against ~25 min); `transformers` in-process; `auto` vLLM where its virtualenv is installed."""
    from rec.errors import ServerError
    from rec.llm.vllm_server import vllm_missing

    if gate not in ("auto", "vllm", "transformers"):
        raise InputError(f"--gate must be auto, vllm or transformers, not {gate!r}")
    if gate == "transformers":
        return _transformers_model
    why = vllm_missing(cfg)
    if why is None:
        return lambda base_dir, adapter: ServedPlanner(cfg, base_dir, adapter)
    if gate == "vllm":
        raise ServerError(why)
    return _transformers_model


class ServedPlanner:
    """A planner on a private vLLM for one gate pass: the base model, or an adapter merged into it (served by
    name nowhere else, so no LoRA path). Reads like the chat model it wraps; `close` stops the server."""

    def __init__(self, cfg: Any, base_dir: Path, adapter: Path | None):
        import contextlib

        from rec.llm.vllm_server import private_model
        from rec.tuning.merge import merge_adapter, merged_dir

        name = adapter.name if adapter else "base"
        model_dir = merge_adapter(base_dir, adapter, merged_dir(cfg.models_dir, name)) if adapter else base_dir
        self._stack = contextlib.ExitStack()
        self.model = self._stack.enter_context(private_model(cfg, model_dir, f"planner-{name}"))

    def __getattr__(self, name: str) -> Any:
        if name == "model":      # not started (yet): nothing to delegate to
            raise AttributeError(name)
        return getattr(self.model, name)

    def close(self) -> None:
        self._stack.close()


def summary_lines(run: dict[str, Any]) -> list[str]:
    """What `rec tune planner` prints: the decision, base vs tuned per metric, and the intervals."""
    report = run["report_doc"]
    lines = [f"{run['version']} {run['status']}: {run['reason']} ({run['seconds']:.0f}s; training "
             f"{report['train_seconds']:.0f}s; report {run['report']})"]
    names = list(report["metrics"])
    for key in ("exact", "constraint_precision", "constraint_recall", "constraint_f1", "reference_accuracy",
                "valid"):
        lines.append(f"  {key:22} " + "  ".join(f"{n} {_fmt(report['metrics'][n].get(key))}" for n in names))
    for key, got in report["intervals"].items():
        lines.append(f"  {key:22} difference {got['difference']:+.3f} (95% CI {got['ci95'][0]:+.3f}.."
                     f"{got['ci95'][1]:+.3f}, n={got['n']})")
    return lines


def _fmt(x: Any) -> str:
    return "-" if x is None else f"{x:.3f}"
