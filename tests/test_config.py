import json
import subprocess
import sys

import pytest

from rec.config import load_config, parse_overrides
from rec.errors import ConfigError


def test_default_yaml_is_the_base(rec_home):
    cfg = load_config()
    assert cfg.llm.backend == "auto"
    assert cfg.server.port == 8100   # not chroma run's 8000
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


def test_env_beats_yaml_and_flags_beat_env_for_the_same_key(monkeypatch):
    monkeypatch.setenv("REC_LLM__TIMEOUT_S", "7")
    assert load_config().llm.timeout_s == 7
    assert load_config(overrides=parse_overrides(["llm.timeout_s=9"])).llm.timeout_s == 9


def test_override_values_keep_their_text():
    got = parse_overrides(["llm.api_key=sk-abc #1", "llm.served_model=12345", "server.cpu_bind=0",
                           "server.port=8100", "llm.model=~/models/x", "server.python=null"])
    cfg = load_config(overrides=got)
    assert cfg.llm.api_key == "sk-abc #1"
    assert cfg.llm.served_model == "12345" and cfg.server.cpu_bind == "0"
    assert cfg.server.port == 8100 and cfg.llm.model == "~/models/x" and cfg.server.python is None
    with pytest.raises(ConfigError, match="server is not a section"):
        parse_overrides(["server=3", "server.port=1"])


def test_base_url_follows_the_managed_server_unless_set():
    assert load_config(overrides=parse_overrides(["server.port=8123"])).base_url == "http://127.0.0.1:8123/v1"
    assert load_config(overrides=parse_overrides(["llm.base_url=http://gpu:8000/v1"])).base_url == \
        "http://gpu:8000/v1"


@pytest.mark.parametrize("env, fragment", [
    ({"REC_LLM": "notjson"}, "environment"),
    ({"REC_SERVER__EXTRA_ARGS": "--foo"}, "environment"),
    ({"REC_HOME": ""}, "home"),
    ({"REC_STORE": "[/x]"}, "store"),
])
def test_cli_environment_errors_are_one_line(env, fragment):
    import os

    res = _rec("config", "show", env={**os.environ, **env})
    assert res.returncode == 2, res.stderr
    assert fragment in res.stderr and "Traceback" not in res.stderr
    assert res.stderr.strip().count("\n") == 0


def test_cli_odd_paths_are_clean_errors(tmp_path, tiny_model_dir):
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    res = _rec("--config", str(binary), "config", "show")
    assert res.returncode == 2 and "not UTF-8" in res.stderr

    odd = tmp_path / "[/x] dir #1"
    res = _rec("--home", str(odd), "config", "show", "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["home"] == str(odd)

    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("")
    res = _rec("--home", str(not_a_dir), "llm", "serve", "--detach", "--model", str(tiny_model_dir))
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert res.stderr.startswith("error: Not a directory") and str(not_a_dir) in res.stderr


def test_a_store_yaml_sits_between_default_and_overlay(tmp_path, monkeypatch):
    from rec import config as config_module

    configs = tmp_path / "configs"
    configs.mkdir()
    (configs / "default.yaml").write_text((config_module._project_configs_dir() / "default.yaml").read_text())
    (configs / "fashion.yaml").write_text("captions:\n  backend: none\nretrieval:\n  candidates: 99\n")
    monkeypatch.setattr(config_module, "_project_configs_dir", lambda: configs)
    assert load_config().retrieval.candidates == 40
    cfg = load_config(overrides=parse_overrides(["store=fashion"]))
    assert (cfg.captions.backend, cfg.retrieval.candidates) == ("none", 99)
    overlay = tmp_path / "o.yaml"
    overlay.write_text("retrieval:\n  candidates: 12\n")
    monkeypatch.setenv("REC_STORE", "fashion")
    cfg = load_config(overlay)
    assert (cfg.captions.backend, cfg.retrieval.candidates) == ("none", 12)
