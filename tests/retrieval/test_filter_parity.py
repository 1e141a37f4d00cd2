"""`filters.matches` must agree with Chroma itself on every clause the filter language can produce."""

import random

import pytest

from rec.retrieval.filters import matches


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    import chromadb

    client = chromadb.PersistentClient(path=str(tmp_path_factory.mktemp("parity")))
    col = client.create_collection("parity", embedding_function=None)
    rng = random.Random(3)
    metas = []
    for i in range(120):
        meta = {"item_id": f"i{i}"}
        if rng.random() < 0.85:
            meta["year"] = rng.choice([1980, 1990, 1995, 2000, 1990.0, 2005.5])
        if rng.random() < 0.85:
            meta["color"] = rng.choice(["red", "blue", "Red", "1990"])
        if rng.random() < 0.85:
            meta["tags"] = rng.sample(["a", "b", "c", "d"], rng.randint(1, 3))
        if rng.random() < 0.85:
            meta["flag"] = rng.random() < 0.5
        if rng.random() < 0.5:
            meta["nums"] = rng.sample([1, 2, 3], rng.randint(1, 2))
        metas.append(meta)
    col.add(ids=[m["item_id"] for m in metas], embeddings=[[rng.random(), rng.random()] for _ in metas],
            metadatas=metas)
    return col, metas


CLAUSES = [
    {"year": {"$gte": 1990}}, {"year": {"$gt": 1990}}, {"year": {"$lt": 1995}}, {"year": {"$lte": 1990}},
    {"year": {"$eq": 1990}}, {"year": {"$ne": 1990}}, {"year": {"$in": [1980, 2000]}}, {"year": {"$nin": [1980]}},
    {"color": {"$eq": "red"}}, {"color": {"$ne": "red"}}, {"color": {"$in": ["red", "blue"]}},
    {"color": {"$nin": ["red"]}}, {"color": "blue"}, {"color": {"$contains": "red"}},
    {"tags": {"$contains": "a"}}, {"tags": {"$not_contains": "a"}}, {"tags": {"$eq": "a"}}, {"tags": {"$ne": "a"}},
    {"tags": {"$in": ["a"]}}, {"tags": {"$nin": ["a"]}}, {"nums": {"$contains": 2}}, {"nums": {"$not_contains": 2}},
    {"flag": {"$eq": True}}, {"flag": {"$ne": True}}, {"flag": {"$eq": 1}},
    {"$and": [{"year": {"$gte": 1990}}, {"tags": {"$contains": "b"}}]},
    {"$or": [{"color": {"$eq": "red"}}, {"flag": {"$eq": False}}]},
    {"$and": [{"$or": [{"tags": {"$contains": "c"}}, {"tags": {"$contains": "d"}}]}, {"year": {"$ne": 2000}}]},
    {"item_id": {"$nin": ["i1", "i2", "i3"]}},
]


@pytest.mark.parametrize("where", CLAUSES, ids=[str(c) for c in CLAUSES])
def test_matches_agrees_with_chroma(collection, where):
    col, metas = collection
    chroma = set(col.get(where=where)["ids"])
    ours = {m["item_id"] for m in metas if matches(m, where)}
    assert ours == chroma
