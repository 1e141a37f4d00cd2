"""`rec feedback import` and `rec feedback stats` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys


def rec(home, *args):
    return subprocess.run([sys.executable, "-m", "rec.cli", "--home", str(home), *args], capture_output=True,
                          text=True, timeout=120)


def test_import_then_stats(film_cfg, tmp_path):
    path = tmp_path / "history.jsonl"
    rows = [{"user_id": "u9", "item_id": "1", "event": "rating", "value": 5, "ts": 1},
            {"user_id": "u9", "item_id": "404", "event": "like"},
            {"user_id": "u8", "item_id": "6", "event": "click"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    done = rec(film_cfg.home, "feedback", "import", str(path))
    assert done.returncode == 0, done.stderr
    assert "imported 2 interactions" in done.stdout and "skipped 1" in done.stdout
    assert "unknown item '404'" in done.stderr
    strict = rec(film_cfg.home, "feedback", "import", str(path), "--strict")
    assert strict.returncode == 2 and "404" in strict.stderr
    stats = json.loads(rec(film_cfg.home, "feedback", "stats", "--json").stdout)
    assert stats["events"] == {"click": {"import": 1}, "rating": {"import": 1}} and stats["users"] == 2
    human = rec(film_cfg.home, "feedback", "stats")
    assert "rating" in human.stdout and "1 import" in human.stdout


def test_import_errors_are_one_line(film_cfg, tmp_path):
    missing = rec(film_cfg.home, "feedback", "import", str(tmp_path / "nope.jsonl"))
    assert missing.returncode == 2 and "not found" in missing.stderr and "Traceback" not in missing.stderr
    (tmp_path / "x.jsonl").write_text("{}\n")
    empty = rec(tmp_path / "fresh-home", "feedback", "import", str(tmp_path / "x.jsonl"))
    assert empty.returncode == 2 and "ingest a catalog first" in empty.stderr   # a usage error (issue 17)
