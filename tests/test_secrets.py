"""Issue 17: no secret is printed. Secrets are planted in the config and the environment, then every
output that shows a config, a URL or a server's error is searched for them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from rec.config import load_config, parse_overrides

PLANTED = ["sk-llm-planted", "sk-cap-planted", "pg-planted-pw", "pg-planted-q", "base-planted-pw",
           "vllm-planted-key", "hf-planted-token", "ret-planted-pw"]
ENV = {"REC_LLM__API_KEY": "sk-llm-planted", "REC_CAPTIONS__API_KEY": "sk-cap-planted",
       "REC_FEEDBACK__URL": "postgresql://rec:pg-planted-pw@127.0.0.1:9/feedback?sslmode=disable&password=pg-planted-q",
       "REC_LLM__BASE_URL": "http://admin:base-planted-pw@127.0.0.1:9/v1",
       "REC_SERVER__EXTRA_ARGS": '["--api-key", "vllm-planted-key", "--hf-token=hf-planted-token", "--seed", "1"]',
       "REC_RETRIEVAL__URL": "http://u:ret-planted-pw@127.0.0.1:9"}


def clean(text: str) -> None:
    leaked = [s for s in PLANTED if s in text]
    assert not leaked, (leaked, text)


def rec(*args, env):
    import os

    return subprocess.run([sys.executable, "-m", "rec.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **env})


@pytest.fixture
def planted(monkeypatch):
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    return load_config()


def test_config_show_yaml_and_json_hide_every_secret(planted):
    assert planted.llm.api_key == "sk-llm-planted"   # planted indeed
    for args in (["config", "show"], ["config", "show", "--json"]):
        res = rec(*args, env=ENV)
        assert res.returncode == 0, res.stderr
        clean(res.stdout + res.stderr)
    shown = json.loads(rec("config", "show", "--json", env=ENV).stdout)
    assert shown["llm"]["api_key"] == "***" and shown["captions"]["api_key"] == "***"
    assert shown["llm"]["base_url"] == "http://admin:***@127.0.0.1:9/v1"
    assert shown["server"]["extra_args"] == ["--api-key", "***", "--hf-token=***", "--seed", "1"]
    assert shown["feedback"]["url"].startswith("postgresql://rec:***@127.0.0.1:9/feedback?sslmode=disable")


def test_the_yaml_written_beside_outputs_hides_every_secret(planted, tmp_path):
    from rec.batch import write_config

    clean(planted.to_yaml(redact=True))
    clean(write_config(planted, tmp_path / "out.jsonl").read_text())
    assert "sk-llm-planted" in planted.to_yaml()    # only the explicit unredacted dump shows it


def test_feedback_stats_and_bad_urls_hide_the_password(planted, tmp_path, monkeypatch):
    import psycopg

    from rec.errors import InputError, StoreError
    from rec.feedback import store as fb

    res = rec("feedback", "stats", env=ENV)       # nothing listens on port 9: the error names the database
    assert res.returncode != 0 and "Traceback" not in res.stderr
    clean(res.stdout + res.stderr)
    for bad in ("postgres+psycopg://user:pg-planted-pw@db/x", "mysql://u:pg-planted-pw@h/d?password=pg-planted-q"):
        with pytest.raises(InputError) as e:
            fb.open_feedback_store(bad, tmp_path / "f.sqlite")
        clean(str(e.value))
        res = rec("--set", f"feedback.url={bad}", "feedback", "stats", env={})
        assert res.returncode == 2 and "feedback.url must be" in res.stderr
        clean(res.stderr)

    def refuse(url, **_):
        raise psycopg.OperationalError(f'connection to "{url}" failed: password "pg-planted-pw" refused')

    monkeypatch.setattr(psycopg, "connect", refuse)
    with pytest.raises(StoreError) as e:
        fb.open_postgres(ENV["REC_FEEDBACK__URL"])
    clean(str(e.value))
    monkeypatch.setattr("rec.postgres.open_pool", lambda url, what, **_: type("Pool", (), {"close": None})())
    monkeypatch.setattr(fb, "SQLFeedbackStore", lambda connect, **kw: kw)
    where = fb.open_postgres(ENV["REC_FEEDBACK__URL"])["where"]     # what `rec feedback stats` prints
    clean(where)
    assert where.startswith("postgresql://rec:***@127.0.0.1:9/feedback")


@pytest.mark.parametrize("url, shown", [
    ("postgresql://rec:pw@db:5432/x?sslmode=require&password=q", "postgresql://rec:***@db:5432/x?sslmode=require&password=***"),
    ("postgres+psycopg://user:pw@host/db", "postgres+psycopg://user:***@host/db"),
    ("http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1"),
    ("postgresql://rec@db/x", "postgresql://rec@db/x"),
    ("https://h/v1?api_key=abc&x=1", "https://h/v1?api_key=***&x=1"),
    ("http://u:pw@[::1/v1", "http://***@[::1/v1"),
])
def test_redact_url(url, shown):
    from rec.config import redact_url

    assert redact_url(url) == shown


def test_overrides_with_secrets_are_redacted_too():
    cfg = load_config(overrides=parse_overrides(["llm.api_key=sk-llm-planted",
                                                 "captions.base_url=http://v:sk-cap-planted@h/v1"]))
    clean(cfg.to_yaml(redact=True) + json.dumps(cfg.redacted()))


def test_redact_paths_hides_paths_on_disk_and_keeps_urls():
    from rec.config import redact_paths

    home = "/srv/my rec"
    text = f"Chroma failed to search ({home}/stores/shop/chroma): Error finding id; see /var/log/x.log"
    assert redact_paths(text, home) == "Chroma failed to search (<path>): Error finding id; see <path>"
    kept = "the model server at http://127.0.0.1:8000/v1 does not answer (and/or 1/2)"
    assert redact_paths(kept) == kept
