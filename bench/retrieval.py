"""Retrieval speed: ingestion vs the raw embedder, and search latency at two catalog sizes.

1. Ingestion: items/s of `ingest` on the MovieLens catalog against the raw
   MiniLM embedder on the same texts, measured in the same run (the ratio is
   the figure; target >= 0.8).
2. Search: p50/p95 of `Retriever.search` (dense text+caption + BM25, fused)
   without and with filters, next to a raw Chroma query with the same vector,
   on the 1,682-item store and on a synthetic store of `--large` items (random
   unit vectors stand in for embeddings there: the point is index size).
Prints one JSON document and writes bench/results/retrieval.json.
Usage: python bench/retrieval.py [--large 100000] [--queries 50]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from common import emit, percentile_ms

from rec.config import load_config, parse_overrides
from rec.evaluation.datasets import export_movielens
from rec.retrieval.catalog import read_catalog
from rec.retrieval.embeddings import MiniLMEmbedder
from rec.retrieval.ingest import build_docs, ingest, item_text
from rec.retrieval.lexical import LexicalIndex
from rec.retrieval.search import Retriever
from rec.retrieval.store import ItemStore, field_schema

QUERIES = ["a funny movie for the family", "space adventure with aliens", "dark crime thriller", "romantic drama",
           "war film", "animated musical", "horror in a small town", "documentary about music"]
FILTER = {"$and": [{"genres": {"$contains": "Drama"}}, {"year": {"$gte": 1990}}, {"year": {"$lte": 1999}}]}


def bench_ingest(home: Path, embedder: MiniLMEmbedder) -> dict:
    data = export_movielens(home / "ml")
    items = read_catalog(home / "ml" / "catalog.jsonl").records
    texts = [item_text(i) for i in items]
    t0 = time.perf_counter()
    embedder.embed(texts)
    raw = len(texts) / (time.perf_counter() - t0)
    cfg = load_config(overrides=parse_overrides([f"home={home}", "store=ml"]))
    report = ingest(cfg, embedder, home / "ml" / "catalog.jsonl")  # the catalog alone: what the embedder sees
    ours = data["items"] / report.seconds
    ingest(cfg, embedder, home / "ml" / "catalog.jsonl", interactions=home / "ml" / "interactions.jsonl")
    return {"items": data["items"], "raw_embedder_items_per_s": round(raw, 1),
            "ingest_items_per_s": round(ours, 1), "ratio_ingest_over_raw": round(ours / raw, 3),
            "ingest_seconds": report.seconds, "ingest_embed_seconds": report.embed_seconds}


def bench_search(cfg, embedder, n_queries: int, label: str) -> dict:
    retriever = Retriever(cfg, embedder)
    queries = [QUERIES[i % len(QUERIES)] for i in range(n_queries)]
    out: dict = {"documents": retriever.store.collection.count()}
    t_embed = []
    for q in queries:
        t0 = time.perf_counter()
        embedder.embed([q])
        t_embed.append(time.perf_counter() - t0)
    out["embed_query_p50_ms"] = percentile_ms(t_embed, 0.5)
    for name, where in (("unfiltered", None), ("filtered", FILTER)):
        ours, raw = [], []
        for q in queries:
            t0 = time.perf_counter()
            retriever.search(q, where=where, k=20, sources=("text", "caption", "lexical"))
            ours.append(time.perf_counter() - t0)
            vector = embedder.embed([q])[0]
            t0 = time.perf_counter()
            retriever.store.collection.query(query_embeddings=[vector], n_results=60, where=where)
            raw.append(time.perf_counter() - t0)
        out[name] = {"search_p50_ms": percentile_ms(ours, 0.5), "search_p95_ms": percentile_ms(ours, 0.95),
                     "raw_chroma_p50_ms": percentile_ms(raw, 0.5), "raw_chroma_p95_ms": percentile_ms(raw, 0.95),
                     "ratio_p50": round(statistics.median(ours) / statistics.median(raw), 2)}
    return {label: out}


def build_large(home: Path, n: int, dim: int) -> object:
    """A synthetic store of n items with random unit vectors (no embedding cost)."""
    from rec.schema import Item

    cfg = load_config(overrides=parse_overrides([f"home={home}", f"store=large{n}"]))
    rng = random.Random(0)
    genres = ["Drama", "Comedy", "Action", "Thriller", "Romance", "Horror", "Sci-Fi", "War", "Musical"]
    words = ["space", "family", "crime", "love", "war", "music", "town", "alien", "funny", "dark", "robot",
             "ocean", "city", "king", "detective"]
    store, texts = ItemStore(cfg), {}
    batch_docs, batch_vecs = [], []
    for i in range(n):
        item = Item(id=f"s{i}", title=f"Synthetic {i}", text=" ".join(rng.sample(words, 5)),
                    attributes={"genres": rng.sample(genres, rng.randint(1, 3)), "year": rng.randint(1930, 2020)})
        doc = build_docs(item, None)[0]
        texts[item.id] = doc.text
        vec = [rng.gauss(0, 1) for _ in range(dim)]
        norm = sum(v * v for v in vec) ** 0.5
        batch_docs.append(doc)
        batch_vecs.append([v / norm for v in vec])
        if len(batch_docs) == 5000 or i == n - 1:
            store.upsert(batch_docs, batch_vecs)
            batch_docs, batch_vecs = [], []
    LexicalIndex.build(texts).save(store.dir)
    store.write_manifest({"embedder": "minilm-l6-v2", "items": n, "fields": field_schema(store.item_metadata())})
    return cfg


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--large", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=50)
    args = ap.parse_args()
    embedder = MiniLMEmbedder()
    results: dict = {"benchmark": "retrieval"}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        results["ingest"] = bench_ingest(home, embedder)
        ml = load_config(overrides=parse_overrides([f"home={home}", "store=ml"]))
        results["search"] = bench_search(ml, embedder, args.queries, "movielens_1682")
        if args.large:
            t0 = time.perf_counter()
            large = build_large(home, args.large, embedder.dim)
            results["large_build_seconds"] = round(time.perf_counter() - t0, 1)
            results["search"].update(bench_search(large, embedder, args.queries, f"synthetic_{args.large}"))
    emit("retrieval", results)


if __name__ == "__main__":
    main()
