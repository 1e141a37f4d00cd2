"""The real pieces: the packaged MiniLM, MovieLens through the CLI, a `chroma run` server, images."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from catalog_data import synthetic_items, write_jsonl
from chroma_server import chroma_run

from rec.config import load_config, parse_overrides
from rec.retrieval.embeddings import HashingEmbedder, MiniLMEmbedder, minilm_path
from rec.retrieval.ingest import ingest
from rec.retrieval.search import Retriever


@pytest.fixture(scope="module")
def minilm():
    return MiniLMEmbedder()


def test_minilm_matches_sentence_transformers(minilm):
    from sentence_transformers import SentenceTransformer

    texts = ["a 90s comedy", "Alien (1979). Genres: Horror, Sci-Fi.", "x" * 2000]
    ours = minilm.embed(texts)
    theirs = SentenceTransformer(str(minilm_path()), device="cpu").encode(texts, normalize_embeddings=True)
    for a, b in zip(ours, theirs, strict=True):
        assert len(a) == 384
        assert sum(x * y for x, y in zip(a, b, strict=True)) > 0.9999


def rec_cli(*args, check=True):
    res = subprocess.run([sys.executable, "-m", "rec.cli", *args], capture_output=True, text=True, timeout=600)
    if check:
        assert res.returncode == 0, res.stderr[-2000:]
    return res


@pytest.mark.slow
def test_movielens_end_to_end_through_the_cli(tmp_path):
    rec_cli("data", "movielens", "--out", str(tmp_path / "d"))
    catalog, inter = tmp_path / "d" / "catalog.jsonl", tmp_path / "d" / "interactions.jsonl"
    first = json.loads(rec_cli("ingest", str(catalog), "--interactions", str(inter), "--json").stdout)
    assert (first["items"], first["added"], first["interactions"]) == (1682, 1682, 100000)
    second = json.loads(rec_cli("ingest", str(catalog), "--interactions", str(inter), "--json").stdout)
    assert (second["added"], second["updated"], second["unchanged"]) == (0, 0, 1682)

    where = '{"$and": [{"genres": {"$contains": "Comedy"}}, {"year": {"$gte": 1990}}, {"year": {"$lte": 1999}}]}'
    items = json.loads(rec_cli("search", "funny", "--where", where, "-k", "10", "--json").stdout)["items"]
    assert len(items) == 10
    assert all("Comedy" in i["metadata"]["genres"] and 1990 <= i["metadata"]["year"] <= 1999 for i in items)
    top = json.loads(rec_cli("search", "Star Wars", "-k", "3", "--json").stdout)["items"]
    assert top[0]["title"] == "Star Wars"


def test_dense_search_understands_meaning(minilm, tmp_path):
    cfg = load_config(overrides=parse_overrides(["store=semantic"]))
    rows = [{"id": "1", "title": "Deep Space Terror", "text": "A crew is hunted by a creature aboard a starship."},
            {"id": "2", "title": "Sunny Hearts", "text": "A light romantic comedy set in Paris."},
            {"id": "3", "title": "Ledger", "text": "An accountant audits a small bakery."}]
    ingest(cfg, minilm, write_jsonl(tmp_path / "c.jsonl", rows))
    hits = Retriever(cfg, minilm).search("monster movie in outer space", k=3, sources=("text",))
    assert hits[0].item_id == "1"


def _draw(path: Path, size, color):
    from PIL import Image

    Image.new("RGB", size, color).save(path)
    return path.name


def test_images_become_caption_documents_and_are_cached(tmp_path):
    images = tmp_path / "img"
    images.mkdir()
    rows = synthetic_items(6)
    rows[0]["image"] = _draw(images / "red.png", (40, 80), (210, 30, 35))
    rows[1]["image"] = _draw(images / "navy.png", (120, 60), (15, 20, 110))
    rows[2]["image"] = "missing.png"
    (images / "broken.png").write_text("not an image")
    rows[3]["image"] = "broken.png"
    cat = write_jsonl(tmp_path / "c.jsonl", rows)
    cfg = load_config(overrides=parse_overrides(["store=images"]))
    first = ingest(cfg, HashingEmbedder(), cat, images_dir=images)
    assert (first.captioned, first.captions_cached, len(first.caption_failures)) == (2, 0, 2)
    assert any("missing.png" in f for f in first.caption_failures)
    hits = Retriever(cfg, HashingEmbedder()).search("navy landscape image", k=2, sources=("caption",))
    assert hits[0].item_id == "i1" and "caption" in hits[0].scores

    again = ingest(cfg, HashingEmbedder(), cat, images_dir=images)
    assert (again.captioned, again.captions_cached, again.added, again.updated) == (0, 2, 0, 0)

    (images / "red.png").unlink()  # a failure this time keeps the caption made last time
    third = ingest(cfg, HashingEmbedder(), cat, images_dir=images)
    assert (third.updated, len(third.caption_failures)) == (0, 3)
    from rec.retrieval.store import ItemStore

    assert ItemStore(cfg).collection.get(ids=["i0::caption"])["ids"] == ["i0::caption"]


def test_ingest_refuses_special_and_oversized_image_files(tmp_path):
    """A FIFO (which would hang ingest while it holds the store's write lock), /dev/zero and a file over
    captions.max_image_bytes each fail their own row at once; the other rows are ingested."""
    images = tmp_path / "img"
    images.mkdir()
    os.mkfifo(images / "pipe.png")
    (images / "huge.png").write_bytes(b"\0" * 2048)
    rows = synthetic_items(4)
    rows[0]["image"] = _draw(images / "red.png", (40, 80), (210, 30, 35))
    rows[1]["image"], rows[2]["image"], rows[3]["image"] = "pipe.png", "/dev/zero", "huge.png"
    cfg = load_config(overrides=parse_overrides(["store=special", "captions.max_image_bytes=1024"]))
    t0 = time.monotonic()
    report = ingest(cfg, HashingEmbedder(), write_jsonl(tmp_path / "c.jsonl", rows), images_dir=images)
    assert time.monotonic() - t0 < 60 and (report.items, report.captioned) == (4, 1)
    failures = sorted(report.caption_failures)
    assert len(failures) == 3 and all("not a regular file" in f for f in failures[:2])
    assert "larger than 1024 bytes" in failures[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    with chroma_run(tmp_path / "server") as url:
        yield url


def test_http_store_against_a_real_chroma_server(chroma_server, tmp_path):
    cat = write_jsonl(tmp_path / "c.jsonl", synthetic_items(20))
    cfg = load_config(overrides=parse_overrides([f"retrieval.url={chroma_server}", "store=remote"]))
    report = ingest(cfg, HashingEmbedder(), cat)
    assert report.added == 20 and chroma_server in report.location
    assert not (cfg.store_dir / "chroma").exists()  # vectors live on the server
    again = ingest(cfg, HashingEmbedder(), cat)
    assert (again.added, again.updated) == (0, 0)
    hits = Retriever(cfg, HashingEmbedder()).search("comedy", where={"year": {"$gte": 1990}}, k=5)
    assert hits and all(h.metadata["year"] >= 1990 for h in hits)


def test_unreachable_chroma_server_is_a_clear_error(tmp_path):
    from rec.errors import StoreError

    cfg = load_config(overrides=parse_overrides([f"retrieval.url=http://127.0.0.1:{_free_port()}"]))
    with pytest.raises(StoreError, match="cannot reach the Chroma server"):
        ingest(cfg, HashingEmbedder(), write_jsonl(tmp_path / "c.jsonl", synthetic_items(2)))
