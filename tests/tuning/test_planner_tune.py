"""`rec tune planner`: the gate's figures and decision, whole cycles on the tiny model (real LoRA steps,
scripted planners at the gate), and the Recommender planning with its store's production planner adapter."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from rec.llm.fake import FakeChatModel
from rec.tuning.planner_eval import compare, decide, summarise
from rec.tuning.registry import Registry


def test_compare_reads_constraints_as_sets_and_titles_loosely():
    gold = {"hard_constraints": [{"field": "genres", "op": "in", "value": ["Drama", "Comedy"]},
                                 {"field": "year", "op": "gte", "value": 1990}],
            "reference_items": ["The Matrix"], "exclusions": []}
    same = {"hard_constraints": [{"field": "year", "op": "gte", "value": 1990.0},
                                 {"field": "genres", "op": "in", "value": ["comedy", "Drama"]}],
            "reference_items": ["Matrix, The"], "exclusions": []}
    assert compare(same, gold)["exact"] == 1.0 and compare(same, gold)["f1"] == 1.0
    off = {"hard_constraints": [{"field": "year", "op": "gt", "value": 1990}], "reference_items": ["The Matrix"],
           "exclusions": ["Fargo"]}
    got = compare(off, gold)
    assert (got["exact"], got["tp"], got["fp"], got["fn"], got["references_ok"]) == (0.0, 0, 1, 2, 0.0)
    missing = compare(None, gold)
    assert missing["valid"] == 0.0 and missing["fn"] == 2
    summary = summarise([compare(same, gold), got], ["range", "reference"])
    assert summary["exact"] == 0.5 and summary["constraint_precision"] == round(2 / 3, 4)
    assert summary["constraint_recall"] == 0.5 and summary["exact_by_phenomenon"] == {"range": 1.0, "reference": 0.0}


def rows(exact: list[int], names: bool = False):
    return [{"exact": float(e), "f1": float(e), "references_ok": float(e), "names_items": names} for e in exact]


def test_the_gate_keeps_only_a_planner_better_beyond_noise():
    base, tuned = rows([0] * 30), rows([1] * 20 + [0] * 10, names=True)
    yes = decide(rows([0] * 30, names=True), tuned)
    assert yes.promote and yes.intervals["exact"]["ci95"][0] > 0 and yes.intervals["references_ok"]["n"] == 30
    lucky = decide(base, rows([1] + [0] * 29))                       # one more right of 30: noise
    assert not lucky.promote and "not better" in lucky.reason
    assert not decide(tuned, tuned).promote                          # a tie keeps the current planner
    f1_dropped = decide([{**r, "f1": 1.0} for r in base], [{**r, "f1": 0.5} for r in tuned])
    assert not f1_dropped.promote and "constraint F1 dropped" in f1_dropped.reason
    assert not decide(base, rows([1] * 30), margin=1.0).promote       # the margin is the bar


class ScriptedPlanner(FakeChatModel):
    """Answers the planner's prompt with the gold plan of the held-out example it is (good), or an empty plan."""

    def __init__(self, answers: dict[str, str] | None):
        super().__init__()
        self.answers = answers or {}

    def chat(self, messages, **kw):
        result = super().chat(messages, **kw)
        gold = self.answers.get(json.dumps(list(messages)))
        text = gold if gold is not None else json.dumps({"intent": "recommend", "query": "x"})
        return dataclasses.replace(result, text=text)


def scripted_loader(good: set[str]):
    """load_model for the gate: an adapter whose version is in `good` plans perfectly (it reads the held-out
    file its cycle wrote beside it); the base model and the others plan nothing."""
    def load(_base_dir: Path, adapter: Path | None):
        if adapter is None or adapter.name not in good:
            return ScriptedPlanner(None)
        rows = [json.loads(line) for line in (adapter / "planner_heldout.jsonl").read_text().splitlines()]
        from rec.tuning.planner_data import PlanExample

        return ScriptedPlanner({json.dumps(r["messages"]): PlanExample.from_json(r).completion for r in rows})
    return load


@pytest.mark.slow
def test_a_cycle_trains_a_planner_adapter_and_the_gate_decides(tuning_cfg):
    from rec.tuning.planner_tune import run_planner_cycle, summary_lines

    cfg = tuning_cfg.model_copy(update={"tuning": tuning_cfg.tuning.model_copy(update={"max_steps": 2})})
    run = run_planner_cycle(cfg, train_examples=24, heldout_examples=14, load_model=scripted_loader({"v0001"}))
    assert run["status"] == "promoted", run["reason"]
    planners = Registry(cfg.home, cfg.store, "planner")
    entry = planners.production()
    assert entry["version"] == "v0001" and entry["role"] == "planner" and entry["store"] == cfg.store
    vdir = Path(entry["path"])
    assert vdir == cfg.home / "adapters" / cfg.store / "planner" / "v0001"
    assert (vdir / "adapter_model.safetensors").is_file() and json.loads((vdir / "rec_train.json").read_text())[
        "steps"] == 2
    assert Registry(cfg.home, cfg.store, "ranker").versions() == []         # separate from the ranker's
    report = run["report_doc"]
    assert report["metrics"]["v0001"]["exact"] == 1.0 and report["metrics"]["base"]["exact"] == 0.0
    assert report["intervals"]["exact"]["ci95"][0] > 0 and report["data"]["heldout"] == 14
    assert any("exact" in line and "base 0.000" in line for line in summary_lines(run))
    # the next cycle replays part of v0001's data and must beat v0001 (now production), which it does not
    again = run_planner_cycle(cfg, train_examples=24, heldout_examples=14, load_model=scripted_loader({"v0001"}))
    assert again["status"] == "rejected" and planners.production()["version"] == "v0001"
    assert again["report_doc"]["compared_with"] == "v0001" and again["report_doc"]["data"]["replay"] == 6


def test_the_planner_plans_with_its_stores_production_adapter(tuning_cfg, monkeypatch):
    from rec.recommender import Recommender
    from rec.retrieval.embeddings import HashingEmbedder
    from rec.retrieval.search import Retriever
    from rec.schema import RecRequest

    loads = []
    monkeypatch.setattr("rec.recommender.load_into_server", lambda url, v, p, **kw: loads.append(v))

    class Served(FakeChatModel):     # a backend that serves adapters by name
        def __init__(self):
            super().__init__()
            self.by_name: dict[str, FakeChatModel] = {}

        def for_model(self, name):
            return self.by_name.setdefault(name, FakeChatModel(model=name))

    def planned_by(rec) -> list[str]:
        return [name for name, m in rec.model.by_name.items() if any(c.get("json_schema") for c in m.calls)]

    other = Registry(tuning_cfg.home, "another-store", "planner")            # another store's planner: not ours
    version, path = other.new_version_dir()
    path.mkdir(parents=True)
    other.add(version, path, base_model=tuning_cfg.llm.model)
    other.promote(version)
    rec = Recommender(tuning_cfg, Served(), Retriever(tuning_cfg, HashingEmbedder()))
    try:
        first = rec.recommend(RecRequest(query="a comedy", k=3), remember=False)
        assert planned_by(rec) == [] and any(c.get("json_schema") for c in rec.model.calls)   # the base model
        mine = Registry(tuning_cfg.home, tuning_cfg.store, "planner")
        version, path = mine.new_version_dir()
        path.mkdir(parents=True)
        mine.add(version, path, base_model=tuning_cfg.llm.model)
        mine.promote(version)
        second = rec.recommend(RecRequest(query="a comedy", k=3), remember=False)
    finally:
        rec.close()
    assert planned_by(rec) == ["rec-v0002"] and loads == ["v0002"]
    planner = [next(t for t in r.trace if t["node"] == "planner") for r in (first, second)]
    assert [p["adapter"] for p in planner] == [None, "v0002"]
    ranker = next(t for t in second.trace if t["node"] == "ranker")
    assert ranker["adapter"] is None                                          # no ranker adapter: the base model


def test_batched_planning_matches_one_at_a_time(tiny_model_dir):
    from rec.llm.transformers_backend import TransformersChatModel
    from rec.schema import Plan

    model = TransformersChatModel(tiny_model_dir)
    schema = Plan.model_json_schema()
    convos = [[{"role": "user", "content": "a comedy"}],
              [{"role": "system", "content": "You plan."}, {"role": "user", "content": "old films from the 90s"}]]
    batched = model.chat_batch(convos, max_tokens=24, json_schema=schema)
    alone = [model.chat(c, max_tokens=24, json_schema=schema) for c in convos]
    assert [r.text for r in batched] == [r.text for r in alone]
    assert [r.completion_tokens for r in batched] == [r.completion_tokens for r in alone]
    assert [r.prompt_tokens for r in batched] == [r.prompt_tokens for r in alone]


def test_the_gate_serves_planners_where_vllm_is_installed(tuning_cfg, tmp_path):
    from rec.errors import InputError, ServerError
    from rec.tuning.planner_tune import _transformers_model, gate_loader

    missing = tuning_cfg.model_copy(update={"server": tuning_cfg.server.model_copy(
        update={"python": str(tmp_path / "none" / "python")})})
    installed = tuning_cfg.model_copy(update={"server": tuning_cfg.server.model_copy(update={"python": "/bin/sh"})})
    assert gate_loader(installed, "transformers") is _transformers_model
    assert gate_loader(missing, "auto") is _transformers_model          # no vLLM: in-process, as before
    assert gate_loader(installed, "auto") is not _transformers_model    # a private server per planner
    with pytest.raises(ServerError, match="no vLLM virtualenv"):
        gate_loader(missing, "vllm")
    with pytest.raises(InputError, match="--gate"):
        gate_loader(installed, "psychic")
