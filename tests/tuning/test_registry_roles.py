"""Adapters per store and role: separate production versions, names unique for one multi-LoRA server,
old single-ranker registries migrated, `rec tune status` by store and role."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rec.cli import app
from rec.errors import InputError
from rec.tuning.registry import ANY_STORE, Registry, production_adapters


def _version(reg: Registry, **metrics) -> str:
    version, path = reg.new_version_dir()
    path.mkdir(parents=True)
    reg.add(version, path, base_model="m", metrics=metrics)
    return version


def test_each_store_and_role_has_its_own_production(tmp_path):
    films_ranker = Registry(tmp_path, "films", "ranker")
    films_planner = Registry(tmp_path, "films", "planner")
    shop_planner = Registry(tmp_path, "shop", "planner")
    a, b, c = _version(films_ranker), _version(films_planner), _version(shop_planner)
    assert (a, b, c) == ("v0001", "v0002", "v0003")          # one name space: one vLLM serves them all
    assert Path(films_planner.get(b)["path"]) == tmp_path / "adapters" / "films" / "planner" / "v0002"
    for reg, v in ((films_ranker, a), (films_planner, b), (shop_planner, c)):
        reg.promote(v)
    assert films_ranker.production()["version"] == a and films_planner.production()["version"] == b
    assert shop_planner.production()["version"] == c and Registry(tmp_path, "shop", "ranker").production() is None
    d = _version(films_planner)
    films_planner.promote(d)                                   # retires films' planner b only
    assert [v["status"] for v in Registry(tmp_path).all_versions()] == ["production", "retired", "production",
                                                                        "production"]
    assert set(production_adapters(tmp_path)) == {"rec-v0001", "rec-v0003", "rec-v0004"}
    with pytest.raises(InputError, match="planner adapter version 'v0001' of store 'films'"):
        films_planner.get(a)                                   # the ranker's version is not the planner's
    retired, now = films_planner.rollback()
    assert (retired["version"], now["version"]) == (d, b) and films_ranker.production()["version"] == a
    with pytest.raises(InputError, match="no adapter role"):
        Registry(tmp_path, "films", "explainer")


def test_an_old_single_ranker_registry_is_migrated(tmp_path):
    adapters = tmp_path / "adapters"
    (adapters / "v0001").mkdir(parents=True)
    (adapters / "v0002").mkdir()
    (adapters / "registry.json").write_text(json.dumps({
        "versions": [{"version": "v0001", "path": str(adapters / "v0001"), "status": "retired", "created": 1.0,
                      "base_model": "m", "metrics": {}, "data": {}, "promoted_at": 2.0},
                     {"version": "v0002", "path": str(adapters / "v0002"), "status": "production", "created": 3.0,
                      "base_model": "m", "metrics": {}, "data": {}, "promoted_at": 4.0}],
        "runs": [{"status": "promoted", "version": "v0002", "store": "movielens", "started": 3.0}]}))
    films = Registry(tmp_path, "movielens", "ranker")
    assert films.production()["version"] == "v0002" and films.production()["store"] == "movielens"
    assert Registry(tmp_path, "shop", "ranker").get("v0001")["store"] == ANY_STORE   # no run said whose: any
    assert Registry(tmp_path, "movielens", "planner").production() is None
    assert production_adapters(tmp_path) == {"rec-v0002": adapters / "v0002"}      # old dirs stay in use
    new = _version(Registry(tmp_path, "movielens", "planner"))
    assert new == "v0003"
    doc = json.loads((adapters / "registry.json").read_text())                  # rewritten with roles
    assert [(v["store"], v["role"]) for v in doc["versions"]] == [(ANY_STORE, "ranker"), ("movielens", "ranker"),
                                                                  ("movielens", "planner")]
    retired, now = films.rollback()                            # the migrated history still rolls back
    assert (retired["version"], now["version"]) == ("v0002", "v0001")


def test_status_shows_adapters_by_store_and_role(tmp_path):
    _version(Registry(tmp_path, "films", "ranker"), **{"ndcg@10": 0.25})
    planner = Registry(tmp_path, "films", "planner")
    planner.promote(_version(planner, exact=0.71, constraint_f1=0.9))
    _version(Registry(tmp_path, "shop", "planner"), exact=0.4)
    result = CliRunner().invoke(app, ["--home", str(tmp_path), "tune", "status"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    films_planner = next(n for n, line in enumerate(lines) if "films" in line and "planner" in line)
    assert "v0002" in lines[films_planner] and "production" in lines[films_planner]
    assert any("shop" in line and "planner" in line and "candidate" in line for line in lines)
    assert any("films" in line and "ranker" in line and "0.2500" in line for line in lines)
    assert "films planner: v0002" in result.output and "films ranker: base model" in result.output
    doc = json.loads(CliRunner().invoke(app, ["--home", str(tmp_path), "tune", "status", "--json"]).output)
    assert doc["production"] == {"films": {"planner": "v0002", "ranker": None}, "shop": {"planner": None}}


def test_rollback_of_one_stores_planner(tmp_path):
    ranker, planner = Registry(tmp_path, "films", "ranker"), Registry(tmp_path, "films", "planner")
    ranker.promote(_version(ranker))
    first, second = _version(planner), _version(planner)
    planner.promote(first)
    planner.promote(second)
    result = CliRunner().invoke(app, ["--home", str(tmp_path), "--set", "llm.backend=fake", "tune", "rollback",
                                      "--store", "films", "--role", "planner"])
    assert result.exit_code == 0, result.output
    assert f"retired {second}; production is now {first}" in result.output
    assert planner.production()["version"] == first and ranker.production()["version"] == "v0001"
    bad = subprocess.run([sys.executable, "-m", "rec.cli", "--home", str(tmp_path), "--set", "llm.backend=fake",
                          "tune", "rollback", "--store", "films", "--role", "explainer"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stderr.strip().splitlines() == [
        "error: no adapter role 'explainer': one of ranker, planner"]
