"""Shared test data for retrieval: a small synthetic catalog."""

import json
import random
from pathlib import Path

COLORS = ["red", "blue", "green", "black", "white"]
GENRES = ["Comedy", "Drama", "Horror", "Sci-Fi", "Romance"]
CATEGORIES = ["movie", "book"]


def synthetic_items(n: int = 40, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    items = []
    for i in range(n):
        genres = rng.sample(GENRES, rng.randint(1, 3))
        color = rng.choice(COLORS)
        items.append({
            "id": f"i{i}", "title": f"Item {i} {genres[0]} {color}", "category": rng.choice(CATEGORIES),
            "text": f"A {color} {' and '.join(g.lower() for g in genres)} story number {i}.",
            "price": round(rng.uniform(1, 100), 2),
            "attributes": {"genres": genres, "year": rng.randint(1960, 2020), "color": color,
                           "in_stock": rng.random() < 0.5},
        })
    return items


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path
