"""A tuning cycle's bookkeeping, fast: training and scoring stubbed (test_loop.py trains for real, slow).
Promote, reject, and a promotion the server refuses — each with its report and run record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rec.errors import ServerError
from rec.tuning.registry import Registry
from rec.tuning.schedule import run_cycle, status
from tuning.conftest import fill_feedback


def stub(monkeypatch, candidate_ndcg: float) -> None:
    def train(examples, base_dir, out_dir, tuning, *, summary, config_yaml, progress):
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        (Path(out_dir) / "adapter_config.json").write_text("{}")
        progress(tuning.max_steps, tuning.max_steps)

    def score_all(contenders, base_dir, heldout, load_model, progress):
        return {name: {"ndcg@10": (candidate_ndcg if name.startswith("v") and name == max(contenders) else 0.3),
                       "recall@10": 0.5, "mrr": 0.3, "invalid_rate": 0.0} for name in contenders}

    monkeypatch.setattr("rec.tuning.train.train", train)
    monkeypatch.setattr("rec.tuning.schedule._score_all", score_all)


def test_a_cycle_promotes_then_rejects(tuning_cfg, monkeypatch):
    fill_feedback(tuning_cfg, turns=10)
    stub(monkeypatch, candidate_ndcg=0.9)
    steps: list[int] = []
    run = run_cycle(tuning_cfg, progress=lambda _name, _total: steps.append)
    reg = Registry(tuning_cfg.home)
    assert run["status"] == "promoted" and reg.production()["version"] == "v0001" and sum(steps) == 2
    report = json.loads(Path(run["report"]).read_text())
    assert report["compared_with"] == "base" and report["decision"]["promote"] and not report["loaded_into_server"]
    assert Path(run["plot"]).read_bytes()[:4] == b"\x89PNG" and run["feedback_until"] is not None
    fill_feedback(tuning_cfg, turns=10)
    stub(monkeypatch, candidate_ndcg=0.1)
    worse = run_cycle(tuning_cfg)
    assert worse["status"] == "rejected" and reg.get("v0002")["status"] == "rejected"
    assert reg.production()["version"] == "v0001"
    assert json.loads(Path(worse["report"]).read_text())["compared_with"] == "v0001"
    assert [r["status"] for r in status(tuning_cfg.home)["runs"]] == ["promoted", "rejected"]


def test_a_promotion_the_server_refuses_rejects_the_candidate_and_records_the_failure(tuning_cfg, monkeypatch):
    fill_feedback(tuning_cfg, turns=10)
    stub(monkeypatch, candidate_ndcg=0.9)

    def refuse(*_args, **_kwargs):
        raise ServerError("vLLM refused /load_lora_adapter (400): no LoRA")

    monkeypatch.setattr("rec.tuning.registry.load_adapter", refuse)
    with pytest.raises(ServerError, match="no LoRA"):
        run_cycle(tuning_cfg, server="http://127.0.0.1:9/v1")
    reg = Registry(tuning_cfg.home)
    assert reg.get("v0001")["status"] == "rejected" and "promotion failed" in reg.get("v0001")["decision"]
    (failed,) = status(tuning_cfg.home)["runs"]
    assert failed["status"] == "failed" and failed["version"] == "v0001" and "no LoRA" in failed["reason"]
