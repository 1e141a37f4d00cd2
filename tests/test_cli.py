import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("torch", "transformers", "chromadb", "vllm", "sentence_transformers", "xgrammar", "langgraph")


def test_help_imports_nothing_heavy():
    code = (
        "import sys\n"
        "from rec.cli import app\n"
        "for argv in (['--help'], ['llm', '--help'], ['models', 'prepare', '--help'], ['config', '--help']):\n"
        "    try:\n"
        "        app(argv)\n"
        "    except SystemExit as e:\n"
        "        assert e.code == 0, (argv, e.code)\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().splitlines()[-1] == "[]"


def test_unknown_command_is_usage_error():
    res = subprocess.run([sys.executable, "-m", "rec.cli", "frobnicate"], capture_output=True, text=True)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr


def test_models_list_json_shows_packaged_models():
    res = subprocess.run([sys.executable, "-m", "rec.cli", "models", "list", "--json"], capture_output=True,
                         text=True)
    assert res.returncode == 0, res.stderr
    names = {row["name"]: row["state"] for row in json.loads(res.stdout)}
    assert set(names) >= {"qwen2.5-coder-0.5b", "smollm2-135m"}
    assert all(state != "ready" for state in names.values())  # fresh REC_HOME


def test_llm_status_when_nothing_runs():
    res = subprocess.run([sys.executable, "-m", "rec.cli", "llm", "status", "--json"], capture_output=True,
                         text=True)
    assert res.returncode == 0
    status = json.loads(res.stdout)
    assert status["running"] is False and status["dtype"] in ("float32", "bfloat16", "float16")


def test_version():
    from rec import __version__

    res = subprocess.run([sys.executable, "-m", "rec.cli", "--version"], capture_output=True, text=True)
    assert res.returncode == 0 and res.stdout.strip() == f"rec {__version__}", res.stderr


def test_dataset_commands_follow_the_global_store(tmp_path, monkeypatch):
    """Issue 17: `rec --store shop eval conversation` and `REC_STORE=shop rec eval ...` silently used movielens.
    (An empty store names itself in the error, which shows which store the command opened.)"""
    from pathlib import Path

    cases = Path(__file__).parent / "data" / "conversation_cases.jsonl"
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("store: fromfile\n")
    eval_conv = ["eval", "conversation", "--cases", str(cases)]
    runs = [([], {}, "movielens"), (["--store", "shop"], {}, "shop"), ([], {"REC_STORE": "envshop"}, "envshop"),
            (["--set", "store=setshop"], {}, "setshop"), (["--config", str(overlay)], {}, "fromfile"),
            (["--store", "shop"], {"REC_STORE": "envshop"}, "own"), ]
    for root, env, expected in runs:
        own = ["--store", "own"] if expected == "own" else []
        with monkeypatch.context() as m:
            for key, value in env.items():
                m.setenv(key, value)
            res = subprocess.run([sys.executable, "-m", "rec.cli", "--set", "llm.backend=fake", *root, *eval_conv,
                                  *own], capture_output=True, text=True)
        assert res.returncode == 2 and f"store '{expected}' is empty" in res.stderr, (root, env, res.stderr)


def _rec(*args, **kw):
    return subprocess.run([sys.executable, "-m", "rec.cli", *args], capture_output=True, text=True, timeout=300, **kw)


def test_set_without_equals_never_echoes_the_pair():
    """`--set KEY VALUE` (a space, not `=`) may carry a secret: the error names the format, never the words."""
    for args in (["--set", "llm.api_key", "sk-SECRET-123", "config", "show"],
                 ["--set", "llm.api_key sk-SECRET-123", "config", "show"],
                 ["--set=llm.api_key sk-SECRET-123", "config", "show"]):
        res = _rec(*args)
        assert res.returncode == 2, (args, res.stderr)
        assert "KEY=VALUE" in res.stderr and "SECRET" not in res.stderr + res.stdout, (args, res.stderr)
        assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr


def test_commands_on_an_empty_or_missing_store_are_usage_errors(tmp_path):
    """`rec search` / `rec recommend` on a store with no items: exit 2, one line naming the store, and no
    store folder created for a store that does not exist."""
    home = tmp_path / "home"
    base = ["--home", str(home), "--set", "retrieval.embedder=hashing-64", "--set", "llm.backend=fake"]
    for command in (["search", "comedy"], ["recommend", "a comedy"]):
        for store in ("nosuch", "default"):
            res = _rec(*base, "--store", store, *command)
            assert res.returncode == 2, (command, store, res.stderr)
            lines = res.stderr.strip().splitlines()
            assert len(lines) == 1 and f"store {store!r}" in lines[0] and "rec ingest" in lines[0], lines
    assert not (home / "stores" / "nosuch").exists()


def test_search_where_on_an_unknown_field_is_a_usage_error(film_cfg):
    """A filter on a field the catalog lacks would match nothing and look like "no items": say so."""
    base = ["--home", str(film_cfg.home), "--store", film_cfg.store, "--set", "retrieval.embedder=hashing-64"]
    res = _rec(*base, "search", "comedy", "--where", '{"$and": [{"year": {"$gt": 1990}}, {"colour": "red"}]}')
    assert res.returncode == 2 and "'colour'" in res.stderr and "year" in res.stderr, res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    ok = _rec(*base, "search", "comedy", "--where", '{"year": {"$gt": 1990}}', "--json")
    assert ok.returncode == 0, ok.stderr


def test_shell_completion_is_offered():
    """`rec --install-completion` / `--show-completion`; the installed script completes commands."""
    script = Path(sys.executable).with_name("rec")        # the console script the completion calls
    shell = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}   # "bash" as said, not detected
    res = subprocess.run([str(script), "--show-completion", "bash"], capture_output=True, text=True, timeout=60,
                         env=shell)       # (detection walks the process tree: under setsid it finds no shell)
    assert res.returncode == 0 and "_rec_completion" in res.stdout and "complete " in res.stdout
    env = {**os.environ, "_REC_COMPLETE": "complete_bash", "COMP_WORDS": "rec ev", "COMP_CWORD": "1"}
    done = subprocess.run([str(script)], capture_output=True, text=True, env=env, timeout=60)
    assert done.stdout.split() == ["eval"]
