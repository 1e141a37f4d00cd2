"""Ingest and search against real embedded Chroma, with the hashing embedder for speed."""

import json
import subprocess
import sys

import pytest
from catalog_data import synthetic_items, write_jsonl

from rec.config import load_config, parse_overrides
from rec.errors import InputError
from rec.retrieval.embeddings import HashingEmbedder
from rec.retrieval.ingest import ingest
from rec.retrieval.search import Retriever
from rec.retrieval.store import ItemStore
from rec.schema import Constraint


def config(*pairs):
    return load_config(overrides=parse_overrides(["retrieval.embedder=hashing-64", *pairs]))


@pytest.fixture
def catalog(tmp_path):
    return write_jsonl(tmp_path / "catalog.jsonl", synthetic_items())


@pytest.fixture
def built(catalog, tmp_path):
    cfg = config()
    interactions = [{"user_id": f"u{u}", "item_id": f"i{(u + j) % 40}", "event": "like", "ts": j}
                    for u in range(12) for j in range(4)]
    report = ingest(cfg, HashingEmbedder(), catalog, interactions=write_jsonl(tmp_path / "int.jsonl", interactions))
    assert report.added == 40 and report.interactions == 48
    return cfg, Retriever(cfg, HashingEmbedder())


def test_reingest_is_idempotent_and_updates_and_sync_deletes(built, catalog):
    cfg, _ = built
    again = ingest(cfg, HashingEmbedder(), catalog)
    assert (again.added, again.updated, again.unchanged, again.deleted, again.items) == (0, 0, 40, 0, 40)

    items = synthetic_items()
    items[3]["title"] = "Renamed"
    items = [it for it in items if it["id"] != "i5"]
    write_jsonl(catalog, items)
    kept = ingest(cfg, HashingEmbedder(), catalog)
    assert (kept.added, kept.updated, kept.deleted, kept.items) == (0, 1, 0, 40)  # i5 stays without --sync
    synced = ingest(cfg, HashingEmbedder(), catalog, sync=True)
    assert (synced.added, synced.updated, synced.deleted, synced.items) == (0, 0, 1, 39)
    assert ItemStore(cfg).items(["i5", "i3"])["i3"]["title"] == "Renamed"
    assert "i5" not in ItemStore(cfg).items(["i5"])


def test_metadata_is_typed(built):
    cfg, _ = built
    meta = ItemStore(cfg).items(["i0"])["i0"]
    assert isinstance(meta["year"], int) and isinstance(meta["price"], float)
    assert isinstance(meta["genres"], list) and isinstance(meta["in_stock"], bool)
    fields = ItemStore(cfg).read_manifest()["fields"]
    assert fields["year"]["type"] == "number" and fields["genres"]["type"] == "list"
    assert fields["year"]["min"] >= 1960 and set(fields["genres"]["top"]) <= {"Comedy", "Drama", "Horror",
                                                                               "Sci-Fi", "Romance"}


OPS = [("year", "gte", 1990), ("year", "gt", 1990), ("year", "lt", 1980), ("year", "lte", 1980),
       ("price", "lte", 30), ("color", "eq", "red"), ("color", "ne", "red"), ("color", "in", ["red", "blue"]),
       ("color", "nin", ["red", "blue"]), ("genres", "contains", "Horror"), ("genres", "eq", "Comedy"),
       ("genres", "in", ["Horror", "Romance"]), ("genres", "nin", ["Drama"]), ("in_stock", "eq", True),
       ("category", "eq", "book")]


@pytest.mark.parametrize("field, op, value", OPS)
def test_every_operator_returns_only_matching_items(built, field, op, value):
    cfg, retriever = built
    where = retriever.where_for([Constraint(field=field, op=op, value=value)])
    hits = retriever.search("a story", where=where, k=40, user_id="u1", reference_ids=["i2"])
    assert hits, f"nothing satisfied {where}"
    chroma = ItemStore(cfg).collection.get(where={"$and": [where, {"kind": "text"}]}, include=["metadatas"])
    expected = {m["item_id"] for m in chroma["metadatas"]} - {"i2"}   # Chroma itself is the oracle
    got = {h.item_id for h in hits}
    assert got <= expected
    assert len(got) >= min(len(expected), 5)
    for hit in hits:
        assert set(hit.scores) <= {"text", "caption", "lexical", "collaborative"}


def test_exclusions_and_reference_items_never_come_back(built):
    _, retriever = built
    first = retriever.search("red comedy", k=10)
    banned = {h.item_id for h in first[:3]}
    again = retriever.search("red comedy", k=30, exclude_ids=banned, reference_ids=["i9"], user_id="u3")
    assert banned.isdisjoint(h.item_id for h in again) and "i9" not in {h.item_id for h in again}


def test_sources_are_fused_with_their_own_scores(built):
    _, retriever = built
    hits = retriever.search("Item 7", k=5, reference_ids=["i7"])
    assert any("lexical" in h.scores for h in hits)
    named = retriever.search("", k=5, reference_ids=["i0"])  # no words: the named item's text and co-occurrence
    assert named and {s for h in named for s in h.scores} <= {"text", "caption", "collaborative"}
    assert any("text" in h.scores for h in named) and any("collaborative" in h.scores for h in named)
    collab = retriever.search("", k=5, reference_ids=["i0"], sources=("collaborative",))
    assert collab and all(set(h.scores) == {"collaborative"} for h in collab)
    assert [h.score for h in collab] == sorted((h.score for h in collab), reverse=True)


def test_strict_with_bad_rows_writes_nothing(tmp_path):
    cfg = config("store=strict-test")
    cat = write_jsonl(tmp_path / "c.jsonl", [*synthetic_items(5), {"id": "bad"}])
    with pytest.raises(InputError, match="1 bad catalog rows, nothing was written"):
        ingest(cfg, HashingEmbedder(), cat, strict=True)
    assert ItemStore(cfg).collection.count() == 0
    report = ingest(cfg, HashingEmbedder(), cat)
    assert (report.added, report.skipped) == (5, 1) and "c.jsonl:6" in report.errors[0]


def test_a_second_writer_is_refused(catalog, tmp_path, rec_home):
    cfg = config()
    hold = ("import sys, time\nfrom filelock import FileLock\n"
            f"lock = FileLock({str(cfg.store_dir / 'write.lock')!r}); lock.acquire()\n"
            "print('held', flush=True); time.sleep(30)\n")
    cfg.store_dir.mkdir(parents=True)
    holder = subprocess.Popen([sys.executable, "-c", hold], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        res = subprocess.run([sys.executable, "-m", "rec.cli", "--set", "retrieval.embedder=hashing-64",
                              "ingest", str(catalog)], capture_output=True, text=True)
        assert res.returncode == 1
        assert "being written by another process" in res.stderr and "Traceback" not in res.stderr
    finally:
        holder.kill()
        holder.wait()
    res = subprocess.run([sys.executable, "-m", "rec.cli", "--set", "retrieval.embedder=hashing-64",
                          "ingest", str(catalog), "--json"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["added"] == 40


def test_search_cli_json_contract(built):
    res = subprocess.run([sys.executable, "-m", "rec.cli", "--set", "retrieval.embedder=hashing-64", "search",
                          "horror", "--where", '{"year": {"$gte": 2000}}', "-k", "3", "--json"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    items = json.loads(res.stdout)["items"]
    assert 0 < len(items) <= 3
    for item in items:
        assert {"item_id", "title", "score", "metadata"} <= set(item) and item["metadata"]["year"] >= 2000


def test_search_cli_refuses_oversized_where(built):
    """Issue 17: a --where nested 5,000 deep gave a traceback; 10,000 list values crashed Chroma."""
    for where, needle in [('{"$and": ' * 5000 + '{"a": 1}' + "}" * 5000, "nested more than 8 levels"),
                          (json.dumps({"genres": {"$in": [f"g{i}" for i in range(10_000)]}}), "at most 256")]:
        res = subprocess.run([sys.executable, "-m", "rec.cli", "--set", "retrieval.embedder=hashing-64", "search",
                              "horror", "--where", where, "--json"], capture_output=True, text=True)
        assert res.returncode == 2 and needle in res.stderr, res.stderr[-500:]
        assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1 and not res.stdout


def test_an_empty_catalog_is_refused_and_the_store_untouched(built, tmp_path):
    """Issue 17: `rec ingest EMPTY.jsonl --sync` deleted every item and exited 0."""
    cfg, _ = built
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    all_bad = write_jsonl(tmp_path / "bad.jsonl", [{"id": "x"}, {"title": "y"}])
    for args in (["--sync"], []):
        for path, needle in ((empty, "it is empty"), (all_bad, "all 2 rows are bad")):
            res = subprocess.run([sys.executable, "-m", "rec.cli", "--set", "retrieval.embedder=hashing-64",
                                  "ingest", str(path), *args], capture_output=True, text=True)
            assert res.returncode == 2 and needle in res.stderr and "has no valid items" in res.stderr, res.stderr
            assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr
    assert ItemStore(cfg).count_items() == 40
    with pytest.raises(InputError, match="no valid items"):
        ingest(config("store=fresh"), HashingEmbedder(), empty)


def test_sync_is_refused_when_rows_were_skipped(built, tmp_path):
    cfg, _ = built
    cat = write_jsonl(tmp_path / "partial.jsonl", [*synthetic_items(3), {"id": "broken"}])
    with pytest.raises(InputError, match="--sync refused: 1 catalog rows were skipped"):
        ingest(cfg, HashingEmbedder(), cat, sync=True)
    assert ItemStore(cfg).count_items() == 40


class FailingEmbedder(HashingEmbedder):
    """Dies on its second batch, like a process killed halfway through an ingest."""

    def __init__(self):
        super().__init__()
        self.name = HashingEmbedder().name
        self.calls = 0

    def embed(self, texts):
        self.calls += 1
        if self.calls == 2:
            raise RuntimeError("killed")
        return super().embed(texts)


def test_an_ingest_that_dies_midway_is_repaired_by_the_next(tmp_path):
    cfg = config("store=crash", "retrieval.batch_size=10")
    cat = write_jsonl(tmp_path / "c.jsonl", synthetic_items(30))
    with pytest.raises(RuntimeError, match="killed"):
        ingest(cfg, FailingEmbedder(), cat)
    store = ItemStore(cfg)
    assert store.read_manifest()["dirty"] is True and store.collection.count() == 10
    report = ingest(cfg, HashingEmbedder(), cat)
    assert (report.added, report.unchanged, report.items) == (20, 10, 30)
    assert ItemStore(cfg).read_manifest()["dirty"] is False
    hits = Retriever(cfg, HashingEmbedder()).search("Item 25", k=3, sources=("lexical",))
    assert hits[0].item_id == "i25"  # the lexical index covers everything again


def test_a_store_refuses_another_embedder(built):
    from rec.errors import StoreError

    cfg, _ = built
    with pytest.raises(StoreError, match="built with embedder hashing-64, not hashing-32"):
        Retriever(cfg, HashingEmbedder(32))


def test_list_of_numbers_filter_uses_the_element_type(tmp_path):
    cfg = config("store=sizes")
    rows = [{"id": "s1", "title": "Boot", "attributes": {"sizes": [38, 40]}},
            {"id": "s2", "title": "Shoe", "attributes": {"sizes": [41, 42]}},
            {"id": "s3", "title": "Sandal", "attributes": {"sizes": [40]}}]
    ingest(cfg, HashingEmbedder(), write_jsonl(tmp_path / "c.jsonl", rows))
    retriever = Retriever(cfg, HashingEmbedder())
    where = retriever.where_for([Constraint(field="sizes", op="contains", value="40")])
    assert {h.item_id for h in retriever.search("shoe", where=where, k=5)} == {"s1", "s3"}
    where = retriever.where_for([Constraint(field="sizes", op="nin", value=[40, 38])])
    assert {h.item_id for h in retriever.search("shoe", where=where, k=5)} == {"s2"}


def test_fusion_weights_scale_a_source_or_skip_it(retriever):
    collab = [i for i, _ in retriever.collab.similar(["1"], 3, exclude=["1"])]
    assert len(collab) == 3
    heavy = retriever.search("space adventure", k=3, reference_ids=["1"],
                             weights={"collaborative": 10, "text": 0.1, "caption": 0.1, "lexical": 0.1})
    assert [c.item_id for c in heavy] == collab
    off = retriever.search("space adventure", k=5, reference_ids=["1"], weights={"collaborative": 0})
    assert off and all("collaborative" not in c.scores for c in off)


def test_the_search_breadth_is_applied_to_new_and_existing_stores(built):
    """Chroma's default HNSW breadth (100) missed near neighbours, differently in each process: a store is
    created with `retrieval.ef_search`, and one opened with another value is changed to it."""
    cfg, _ = built
    store = ItemStore(cfg)
    assert store.collection.configuration["hnsw"]["ef_search"] == cfg.retrieval.ef_search == 500
    store.close()
    wider = ItemStore(config("retrieval.ef_search=800"))
    assert wider.collection.configuration["hnsw"]["ef_search"] == 800
    wider.close()
    again = ItemStore(cfg)
    assert again.collection.configuration["hnsw"]["ef_search"] == 500
    again.close()



def test_named_items_move_the_words_toward_their_own_text(retriever):
    """"a comedy, something like Alien": searched by what the named item's text says, not by the words of its
    title (the planner takes those out): the words' vector plus the named items' mean text vector."""
    import numpy as np

    words = np.asarray(retriever.embedder.embed(["a comedy"])[0])
    assert np.allclose(retriever.request_vector("a comedy"), words)
    named = retriever.vectors(["4"])["4"]
    moved = retriever.request_vector("a comedy", ["4"])
    assert np.allclose(moved, (words + named) / np.linalg.norm(words + named))
    plain = retriever.search("a comedy", k=3, sources=("text",))
    near = retriever.search("a comedy", k=3, sources=("text",), reference_ids=["4"])
    share = [sum("Sci-Fi" in c.metadata["genres"] for c in hits) for hits in (plain, near)]
    assert share[1] > share[0] and "4" not in [c.item_id for c in near]


def test_with_no_words_the_named_items_alone_are_searched_for(retriever):
    """"films like Toy Story", then "but no cartoons this time": no words are left to search for, but Toy Story
    is still named, so its own text is (not popularity alone)."""
    import numpy as np

    named = np.asarray(retriever.vectors(["4"])["4"])
    assert np.allclose(retriever.request_vector("", ["4"]), named / np.linalg.norm(named))
    assert retriever.request_vector("   ") is None
    near = retriever.search("", k=3, sources=("text",), reference_ids=["4"])
    assert near and all("Sci-Fi" in c.metadata["genres"] for c in near[:2]) and "4" not in [c.item_id for c in near]
