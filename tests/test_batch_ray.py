"""`rec batch --engine ray` (issue 16, item 5): the read task's rows and the actor without a cluster, the
refusal over embedded Chroma, and on a local Ray cluster over a `chroma run` server: the same ids and items as
the local engine for 200 lines (JSONL and Parquet), and kill -9 of the batch process + `--resume` = every id
exactly once."""

from __future__ import annotations

import json
import subprocess
import sys

import psutil
import pytest
from catalog_data import write_jsonl
from chroma_server import chroma_run
from conftest import FILMS
from serving import kill_midway

from rec.batch import run_batch
from rec.config import load_config, parse_overrides
from rec.errors import EmptyStoreError, InputError

FAKE = ["retrieval.embedder=hashing-64", "llm.backend=fake", "ranker.explain=false"]
QUERIES = ["a comedy", "sci-fi", "something old", "an 80s action film"]


def _requests(n: int) -> list[str]:
    """`n` request lines, with a few that are errors: not JSON, a duplicate id, no id, a bad k, a user alone."""
    rows = [json.dumps({"id": f"r{i}", "query": QUERIES[i % 4], "k": 3}) for i in range(n)]
    rows[7], rows[50], rows[90] = "{not json", json.dumps({"id": "r3", "query": "again"}), json.dumps({"query": "x"})
    rows[120], rows[150] = json.dumps({"id": 120, "query": "x", "k": 99}), json.dumps({"id": "h", "user_id": "u0"})
    return rows


def _parquet(path, rows: list[dict]):
    """The rows as a Parquet file (a column per key of any row; null where a row lacks it)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    keys = list(dict.fromkeys(k for r in rows for k in r))
    pq.write_table(pa.Table.from_pylist([{k: r.get(k) for k in keys} for r in rows]), path)
    return path


def _lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _same(rows: list[dict]) -> list[dict]:
    """A result without its response id (new each run)."""
    return [{k: v for k, v in r.items() if k != "response_id"} for r in rows]


def test_the_read_task_skips_done_lines_and_writes_errors_itself(tmp_path):
    from rec.batch_ray import read_blocks

    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([json.dumps({"id": "a", "query": "x"}), "{bad", "", json.dumps({"id": "a"}),
                              json.dumps({"id": 7, "query": "y", "k": 2}), json.dumps({"id": "b", "query": "z"})]))
    blocks = list(read_blocks(src, False, None, {"b"}))
    rows = [r for b in blocks for r in b.to_pylist()]
    assert [r["line"] for r in rows] == [1, 2, 4, 5, 6]         # blank lines skipped, line numbers kept
    assert rows[0]["text"] == json.dumps({"id": "a", "query": "x"}) and rows[0]["out"] is None
    assert json.loads(rows[1]["out"]) == {"id": None, "line": 2, "error": rows[1]["error"]}
    assert "duplicate id 'a'" in json.loads(rows[2]["out"])["error"] and rows[2]["text"] is None
    assert rows[3]["text"] and not rows[3]["skip"] and rows[4]["skip"] and rows[4]["out"] is None


def test_the_actor_gives_the_local_engines_lines_and_reports_a_broken_store(film_cfg, tmp_path):
    from rec.batch_ray import RecommendActor, _error_class, read_blocks

    cfg = load_config(overrides=parse_overrides([*FAKE, f"home={film_cfg.home}"]))
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": i, "query": q, "k": 2} for i, q in enumerate(QUERIES)])
    actor = RecommendActor(cfg.model_dump_json(), False, None, 2)
    (block,) = read_blocks(src, False, None, set())
    got = actor(block).to_pylist()
    actor.rec.close()
    from rec.recommender import open_recommender

    with open_recommender(cfg) as rec:
        run_batch(rec, src, tmp_path / "local.jsonl", workers=2)
    assert _same([json.loads(r["out"]) for r in got]) == _same(_lines(tmp_path / "local.jsonl"))
    assert not any(r["fatal"] or r["error"] for r in got)
    users = tmp_path / "users.txt"
    users.write_text("u0\nghost\n")
    (block,) = read_blocks(users, True, 2, set())
    top, ghost = RecommendActor(cfg.model_dump_json(), True, 2, 1)(block).to_pylist()
    assert len(json.loads(top["out"])["items"]) == 2 and "no history" in ghost["error"] and not ghost["fatal"]
    empty = RecommendActor(cfg.model_copy(update={"store": "nothing"}).model_dump_json(), False, None, 1)
    row = empty(block.slice(0, 1)).to_pylist()[0]
    assert _error_class(row["fatal"]) is EmptyStoreError and "nothing" in row["error"]


def test_parquet_input_reads_like_jsonl(film_cfg, tmp_path):
    from rec.recommender import open_recommender

    rows = [{"id": "a", "query": "a comedy", "k": 2}, {"id": "b", "user_id": "u0", "k": 3},
            {"id": "c", "query": "sci-fi", "filters": [{"field": "year", "op": "gte", "value": 1980}]},
            {"id": "a", "query": "dup"}]
    _parquet(tmp_path / "in.parquet", rows)
    cfg = load_config(overrides=parse_overrides([*FAKE, f"home={film_cfg.home}"]))
    (tmp_path / "bad.parquet").write_text("not parquet")
    with open_recommender(cfg) as rec:
        run_batch(rec, write_jsonl(tmp_path / "in.jsonl", rows), tmp_path / "j.jsonl")
        summary = run_batch(rec, tmp_path / "in.parquet", tmp_path / "p.jsonl")
        with pytest.raises(InputError, match="not a readable Parquet file"):
            run_batch(rec, tmp_path / "bad.parquet", tmp_path / "x.jsonl")
    assert summary.total == 4 and summary.errors == 1
    assert _same(_lines(tmp_path / "p.jsonl")) == _same(_lines(tmp_path / "j.jsonl"))
    a, b, c, dup = _lines(tmp_path / "p.jsonl")
    assert len(a["items"]) == 2 and len(b["items"]) == 3 and c["items"] and "duplicate id 'a'" in dup["error"]


def test_the_ray_engine_is_refused_over_embedded_chroma_in_one_line(film_cfg, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": 1, "query": "x"}])
    base = [sys.executable, "-m", "rec.cli", "--home", str(film_cfg.home), "--set", "llm.backend=fake", "batch",
            str(src), "--out", str(tmp_path / "out.jsonl")]
    res = subprocess.run([*base, "--engine", "ray"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and res.stderr.count("\n") == 1, res.stderr
    assert "retrieval.url" in res.stderr and "not safe" in res.stderr and not (tmp_path / "out.jsonl").exists()
    res = subprocess.run([*base, "--address", "auto"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and "--address is for --engine ray" in res.stderr


@pytest.fixture(scope="module")
def served_store(tmp_path_factory):
    """A store on a `chroma run` server (what the actors share), and its `--set`s."""
    from rec.retrieval.embeddings import HashingEmbedder
    from rec.retrieval.ingest import ingest

    tmp = tmp_path_factory.mktemp("ray_store")
    rows = [{"id": i, "title": t, "text": f"{t} ({y}). Genres: {', '.join(g)}.",
             "attributes": {"year": y, "genres": g}} for i, t, y, g in FILMS]
    inter = [{"user_id": "u0", "item_id": i, "event": "like", "ts": n} for n, i in enumerate(["1", "2", "3"])]
    with chroma_run(tmp / "chroma") as url:
        sets = [*FAKE, f"retrieval.url={url}", f"home={tmp / 'home'}"]
        ingest(load_config(overrides=parse_overrides(sets)), HashingEmbedder(), write_jsonl(tmp / "c.jsonl", rows),
               interactions=write_jsonl(tmp / "i.jsonl", inter))
        yield sets


@pytest.mark.slow
def test_ray_gives_the_local_engines_ids_and_items_for_200_lines(served_store, tmp_path):
    import ray

    from rec.batch_ray import _connect, run_batch_ray
    from rec.recommender import open_recommender

    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(_requests(200)) + "\n")
    rows = [json.loads(r) for r in _requests(200) if r.startswith('{"')]
    parquet = _parquet(tmp_path / "in.parquet", [r for r in rows if not isinstance(r.get("id"), int)])
    cfg = load_config(overrides=parse_overrides(served_store))
    with open_recommender(cfg) as rec:
        run_batch(rec, src, tmp_path / "local.jsonl", workers=4)
        run_batch(rec, parquet, tmp_path / "local-pq.jsonl", workers=4)
    assert _connect(ray, None)    # one local cluster for both runs
    try:
        summary = run_batch_ray(cfg, src, tmp_path / "ray.jsonl", workers=4, actors=2)
        run_batch_ray(cfg, parquet, tmp_path / "ray-pq.jsonl", workers=4, actors=2)
    finally:
        ray.shutdown()
    local, on_ray = _lines(tmp_path / "local.jsonl"), _lines(tmp_path / "ray.jsonl")
    assert len(local) == 200 and summary.written == 200 and summary.errors == 4
    assert [r["id"] for r in on_ray] == [r["id"] for r in local]
    assert [r.get("items") for r in on_ray] == [r.get("items") for r in local] and _same(on_ray) == _same(local)
    assert sum("items" in r and len(r["items"]) == 3 for r in on_ray) == 195
    assert _same(_lines(tmp_path / "ray-pq.jsonl")) == _same(_lines(tmp_path / "local-pq.jsonl"))


@pytest.mark.slow
def test_kill_9_of_a_ray_batch_then_resume_writes_every_id_exactly_once(served_store, tmp_path):
    ids = [f"r{n}" for n in range(1500)]
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": i, "query": QUERIES[n % 4], "k": 3} for n, i in enumerate(ids)])
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "rec.cli", *[a for s in served_store for a in ("--set", s)], "batch", str(src),
           "--out", str(out), "--engine", "ray", "--actors", "2", "--workers", "4"]
    partial, ray_procs = kill_midway(cmd, out, len(ids))    # ray_procs: the local Ray it started
    again = subprocess.run([*cmd, "--resume"], capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    noise = [line for line in again.stderr.splitlines() if not line.startswith("requests: ")]   # progress lines
    assert f"{partial:,} already there" in again.stdout and not noise, again.stderr
    rows = _lines(out)
    assert sorted(r["id"] for r in rows) == sorted(ids) and all(len(r["items"]) == 3 for r in rows)
    assert [r["id"] for r in rows[:partial]] == ids[:partial]      # the killed run's lines, in input order
    _, alive = psutil.wait_procs(ray_procs, timeout=180)             # its Ray processes do not outlive it
    assert not alive, [p.name() for p in alive]
