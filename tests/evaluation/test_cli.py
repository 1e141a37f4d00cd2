"""`rec eval ranking` and `rec eval conversation` as a user runs them: tables, JSON, reports on disk."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def rec(*args, home):
    return subprocess.run([sys.executable, "-m", "rec.cli", "--home", str(home), *args], capture_output=True,
                          text=True, timeout=600)


def test_eval_ranking_classical_systems_on_ml100k(tmp_path):
    done = rec("--set", "retrieval.sequential_epochs=2", "eval", "ranking", "--dataset", "ml-100k", "--users", "100",
               "--no-llm", "--json", home=tmp_path)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["users"] == 100 and doc["split"]["users"] == 943
    assert {"popularity", "item-knn", "item-knn (last 3)", "sasrec"} <= set(doc["systems"])
    assert any("store 'movielens' is empty" in n for n in doc["notes"])   # rec's rows need the catalog
    assert doc["published"]["LlamaRec (published; ml-latest-small, not comparable)"]["ndcg@10"] == 0.0759
    assert len(doc["systems"]["popularity"]["ndcg@10_ci"]) == 2 and "ranks" not in doc
    assert doc["comparison"]["focus"] == "item-knn (last 3)" or doc["comparison"]["against"] == "item-knn (last 3)"
    where = Path(doc["report"])
    assert {p.name for p in where.iterdir()} >= {"report.json", "report.md", "metrics.png", "config.yaml",
                                                 "ranks.json"}
    assert len(json.loads((where / "ranks.json").read_text())["users"]) == 100
    assert "| LlamaRec (published; ml-latest-small, not comparable) |" in (where / "report.md").read_text()
    bad = rec("eval", "ranking", "--dataset", "ml-20m", home=tmp_path)
    assert bad.returncode == 2 and "unknown dataset 'ml-20m'" in bad.stderr
    unknown = rec("eval", "ranking", "--users", "5", "--adapter", "v0042", home=tmp_path)
    assert unknown.returncode == 2 and "adapter version 'v0042'" in unknown.stderr
    assert not (tmp_path / "reports").exists() or len(list((tmp_path / "reports").iterdir())) == 1


def test_eval_conversation_cli(film_cfg, tmp_path):
    cases = tmp_path / "c.jsonl"
    cases.write_text(json.dumps({"id": "comedy", "k": 2, "turns": [{"say": "a comedy", "expect": [
        {"every": {"field": "genres", "op": "contains", "value": "Comedy"}}]}]}) + "\n")
    sets = ["--set", "retrieval.embedder=hashing-64", "--set", "llm.backend=fake", "--set", "ranker.explain=false"]
    done = rec(*sets, "eval", "conversation", "--cases", str(cases), "--store", film_cfg.store, home=film_cfg.home)
    assert done.returncode == 0, done.stderr
    assert "| comedy | pass |" in done.stdout and "pass rate 100%" in done.stdout
    report = Path(done.stdout.rsplit("report: ", 1)[1].strip())
    assert (report / "latency.png").read_bytes()[:4] == b"\x89PNG"
    missing = rec(*sets, "eval", "conversation", "--cases", str(tmp_path / "none.jsonl"), "--store", film_cfg.store,
                  home=film_cfg.home)
    assert missing.returncode == 2 and "cases file not found" in missing.stderr
    only = {"id": "no-alien", "turns": [{"say": "like Alien", "expect": [{"excludes": "Alien"}]}]}
    cases.write_text(json.dumps(only))
    unbound = rec(*sets, "eval", "conversation", "--cases", str(cases), "--store", film_cfg.store, home=film_cfg.home)
    assert unbound.returncode == 0, unbound.stderr      # no constraint checks: nothing to count, no traceback
    assert "items satisfying constraints n/a" in unbound.stdout
