import subprocess
import sys

import pytest

from rec.config import load_config, parse_overrides
from rec.errors import ConfigError


def test_default_yaml_is_the_base(rec_home):
    cfg = load_config()
    assert cfg.llm.backend == "auto"
    assert cfg.server.port == 8000
    assert cfg.home == rec_home.resolve()
    assert cfg.models_dir == rec_home.resolve() / "models"


def test_precedence_yaml_overlay_env_flags(tmp_path, monkeypatch):
    overlay = tmp_path / "over.yaml"
    overlay.write_text("llm:\n  backend: transformers\n  timeout_s: 5\nserver:\n  port: 8100\n")
    cfg = load_config(overlay)
    assert (cfg.llm.backend, cfg.llm.timeout_s, cfg.server.port) == ("transformers", 5, 8100)

    monkeypatch.setenv("REC_LLM__BACKEND", "fake")
    monkeypatch.setenv("REC_SERVER__PORT", "8200")
    cfg = load_config(overlay)
    assert (cfg.llm.backend, cfg.server.port, cfg.llm.timeout_s) == ("fake", 8200, 5)

    cfg = load_config(overlay, parse_overrides(["server.port=8300", "llm.model=smollm2-135m"]))
    assert (cfg.llm.backend, cfg.server.port, cfg.llm.model) == ("fake", 8300, "smollm2-135m")
    # untouched keys still come from the lowest layer
    assert cfg.server.max_lora_rank == 16


def test_rec_config_env_names_the_overlay(tmp_path, monkeypatch):
    overlay = tmp_path / "o.yaml"
    overlay.write_text("store: movies\n")
    monkeypatch.setenv("REC_CONFIG", str(overlay))
    assert load_config().store == "movies"


@pytest.mark.parametrize("overrides, fragment", [
    (["llm.bogus=1"], "llm.bogus: unknown key"),
    (["nope=1"], "nope: unknown key"),
    (["server.port=abc"], "server.port"),
    (["server.port=70000"], "server.port"),
    (["llm.backend=magic"], "llm.backend"),
    (["store=../escape"], "store"),
])
def test_bad_values_are_one_line_errors(overrides, fragment):
    with pytest.raises(ConfigError) as info:
        load_config(overrides=parse_overrides(overrides))
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_bad_overlay_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("llm: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.yaml")


def test_set_needs_key_value():
    with pytest.raises(ConfigError, match="KEY=VALUE"):
        parse_overrides(["llm.backend"])
    assert parse_overrides(["server.extra_args=[--a, --b]"]) == {"server": {"extra_args": ["--a", "--b"]}}


def _rec(*args, env=None):
    return subprocess.run([sys.executable, "-m", "rec.cli", *args], capture_output=True, text=True, env=env)


def test_cli_config_show_and_errors(rec_home, monkeypatch):
    import json
    import os

    res = _rec("--set", "llm.backend=fake", "config", "show", "--json")
    assert res.returncode == 0, res.stderr
    shown = json.loads(res.stdout)
    assert shown["llm"]["backend"] == "fake"
    assert shown["home"] == str(rec_home.resolve())

    env = {**os.environ, "REC_SERVER__PORT": "not-a-port"}
    res = _rec("config", "show", env=env)
    assert res.returncode == 2
    assert res.stderr.strip().count("\n") == 0
    assert "server.port" in res.stderr and "Traceback" not in res.stderr
