"""`rec demo` end to end with the fake model (the vLLM path is exercised by `make demo`)."""

import os
import re
import subprocess
import sys


def test_demo_ingests_movielens_and_holds_a_three_turn_conversation(tmp_path):
    cmd = [sys.executable, "-m", "rec.cli", "--home", str(tmp_path), "--set", "llm.backend=fake",
           "--set", "retrieval.embedder=hashing-64", "--set", "retrieval.sequential_epochs=1",
           "demo", "--no-server", "-k", "3"]
    env = {**os.environ, "COLUMNS": "200"}
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    assert res.returncode == 0, res.stderr
    assert "1,682 items (added 1682" in res.stderr
    assert res.stdout.count("you> ") == 3 and len(re.findall(r"(?m)^ 3\. (?!why: )", res.stdout)) == 3
    assert res.stdout.count(" 3. why: ") == 3          # each list's explanations, streamed after it
    assert "year lt 1980" in res.stdout                       # the follow-up's constraint
    assert "year gte 1990; year lte 1999" in res.stdout and "genres contains Comedy" in res.stdout
    assert "fitted the blend of ranking signals" in res.stderr and (tmp_path / "stores/movielens/blend.json").exists()
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)  # idempotent: nothing re-added
    assert again.returncode == 0 and "unchanged 1682" in again.stderr
    assert "fitted the blend" not in again.stderr          # fitted once; the same interactions are not retrained
