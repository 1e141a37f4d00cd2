"""`rec batch`: streamed input, results in input order with ids, per-line errors, users' top-K,
the resolved config beside the output, and SIGKILL midway + --resume = every id exactly once."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from serving import kill_midway

from rec.batch import read_jobs, run_batch
from rec.llm.fake import FakeChatModel
from rec.recommender import Recommender
from rec.retrieval.embeddings import HashingEmbedder
from rec.retrieval.search import Retriever


@pytest.fixture
def rec(film_cfg, tmp_path):
    cfg = film_cfg.model_copy(update={"ranker": film_cfg.ranker.model_copy(update={"explain": False})})
    r = Recommender(cfg, FakeChatModel(), Retriever(cfg, HashingEmbedder()), checkpoint_path=tmp_path / "t.sqlite")
    yield r
    r.close()


def lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_results_in_input_order_with_per_line_errors(rec, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": "a", "query": "a comedy", "k": 2}),
        "{not json",
        json.dumps({"query": "no id"}),
        json.dumps({"id": 7, "messages": [{"role": "user", "content": "sci-fi"}]}),
        json.dumps({"id": "a", "query": "again"}),
        json.dumps({"id": "u", "user_id": "nobody"}),
        json.dumps({"id": "k", "query": "x", "k": 99}),
        "",
        json.dumps({"id": "h", "user_id": "u0", "k": 3}),
        json.dumps({"id": "m", "messages": [{"text": "no role"}]}),
    ]) + "\n")
    out = tmp_path / "out.jsonl"
    summary = run_batch(rec, src, out, workers=3)
    rows = lines(out)
    assert [r["id"] for r in rows] == ["a", None, None, 7, None, "u", "k", "h", "m"]   # ids as written
    assert len(rows[0]["items"]) == 2 and set(rows[0]["items"][0]) == {"item_id", "score"}
    assert rows[1] == {"id": None, "line": 2, "error": rows[1]["error"]} and "not JSON" in rows[1]["error"]
    assert "missing or invalid id" in rows[2]["error"] and "duplicate id 'a' (first on line 1)" in rows[4]["error"]
    assert "user 'nobody' has no history" in rows[5]["error"] and rows[6]["error"].startswith("k:")
    # a user alone: top-K from their history, none of what they already have
    assert len(rows[7]["items"]) == 3 and not {"1", "2", "3"} & {i["item_id"] for i in rows[7]["items"]}
    assert rows[8]["error"].startswith("messages.0.role: Field required")
    assert summary.written == 9 and summary.errors == 6 and summary.total == 9
    config = yaml.safe_load((tmp_path / "out.jsonl.config.yaml").read_text())
    assert config["store"] == rec.cfg.store and config["ranker"]["explain"] is False


def test_users_file_and_refusing_to_overwrite(rec, tmp_path):
    users = tmp_path / "users.txt"
    users.write_text("u0\nu3\n{\"user_id\": \"u1\", \"k\": 1}\nghost\n")
    out = tmp_path / "top.jsonl"
    run_batch(rec, users, out, users=True, k=2, workers=2)
    rows = lines(out)
    assert [r["id"] for r in rows] == ["u0", "u3", "u1", "ghost"]
    assert [len(r.get("items", [])) for r in rows] == [2, 2, 1, 0] and "no history" in rows[3]["error"]
    from rec.errors import InputError

    with pytest.raises(InputError, match="pass --resume"):
        run_batch(rec, users, out, users=True)


def test_read_jobs_streams(tmp_path):
    src = tmp_path / "big.jsonl"
    with src.open("w") as f:
        for n in range(50_000):
            f.write(json.dumps({"id": n, "query": "x"}) + "\n")
    jobs = read_jobs(src)
    assert next(jobs).id == "0" and next(jobs).id == "1"   # a generator: nothing read ahead of need


def test_an_oversized_filter_is_that_lines_error(tmp_path):
    """Issue 17: a 10,000-value filter crashed Chroma (exit 139), again on every --resume."""
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 1, "query": "x", "filters": [
        {"field": "genres", "op": "in", "value": [f"g{i}" for i in range(10_000)]}]}) + "\n")
    (job,) = read_jobs(src)
    assert job.request is None and "filters.0.value" in job.error and "at most 256 values" in job.error


def test_a_filter_on_a_field_the_store_lacks_is_that_lines_error(rec, tmp_path):
    """Issue 15: the same check as the API's 400 (`Recommender.validate`); before, batch dropped it silently."""
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "bad", "query": "a comedy", "filters": [
        {"field": "colour", "op": "eq", "value": "red"}]}) + "\n"
        + json.dumps({"id": "good", "query": "a comedy", "k": 2, "filters": [
            {"field": "year", "op": "gte", "value": 1900}]}) + "\n")
    out = tmp_path / "out.jsonl"
    summary = run_batch(rec, src, out, workers=2)
    bad, good = lines(out)
    assert bad["id"] == "bad" and "colour" in bad["error"] and "items" not in bad
    assert good["id"] == "good" and len(good["items"]) == 2
    assert summary.errors == 1 and summary.written == 2


@pytest.mark.slow
def test_sigkill_midway_then_resume_writes_every_id_exactly_once(film_cfg, tmp_path):
    src = tmp_path / "in.jsonl"
    ids = [f"r{n}" for n in range(600)]
    src.write_text("".join(json.dumps({"id": i, "query": ["a comedy", "sci-fi", "something old"][n % 3], "k": 3})
                           + "\n" for n, i in enumerate(ids)))
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "rec.cli", "--home", str(film_cfg.home), "--set", "retrieval.embedder=hashing-64",
           "--set", "llm.backend=fake", "--set", "ranker.explain=false", "batch", str(src), "--out", str(out),
           "--workers", "2"]
    partial, _ = kill_midway(cmd, out, len(ids))
    again = subprocess.run([*cmd, "--resume"], capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"{partial:,} already there" in again.stdout
    raw = out.read_text()
    assert raw.endswith("\n")
    rows = [json.loads(line) for line in raw.splitlines()]
    assert sorted(r["id"] for r in rows) == sorted(ids) and all("items" in r for r in rows)


def test_cli_refuses_bad_arguments(film_cfg, tmp_path):
    base = [sys.executable, "-m", "rec.cli", "--home", str(film_cfg.home), "batch"]
    both = subprocess.run([*base, "x.jsonl", "--users", "u.txt", "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, timeout=120)
    assert both.returncode == 2 and "either an input file IN or --users" in both.stderr
