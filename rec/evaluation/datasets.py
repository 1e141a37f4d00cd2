"""MovieLens-100k from the packaged copy in `recbole` (DESIGN.md §5), in our formats.

MovieLens terms forbid redistribution, so the data is read from the installed
package at run time and never committed. Item text is written for a language
model: title, year, genres, and how the users rated it.

The package's Freebase files (ml-100k.kg / ml-100k.link) are NOT used: the link
file keys films by MovieLens-1M ids, not ML-100k ids (its sequel pairs read
"Die Hard 2 -> Die Hard: With a Vengeance" under ML-1M ids 1370 -> 165, which in
ML-100k are "I Can't Sleep" and "Jean de Florette"), so every linked fact would
land on the wrong film, and ML-1M's titles are not packaged to translate them.
"""

from __future__ import annotations

import csv
import importlib.util
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rec.errors import DatasetError


@dataclass
class ML100k:
    items: dict[str, dict] = field(default_factory=dict)        # id -> {title, year, genres}
    ratings: list[tuple[str, str, float, float]] = field(default_factory=list)  # user, item, rating, ts
    users: dict[str, dict] = field(default_factory=dict)


def ml100k_dir() -> Path:
    spec = importlib.util.find_spec("recbole")
    if spec is None or not spec.submodule_search_locations:
        raise DatasetError("package recbole is not installed (pip install --no-deps recbole==1.2.1)")
    path = Path(next(iter(spec.submodule_search_locations))) / "dataset_example" / "ml-100k"
    if not (path / "ml-100k.item").is_file():
        raise DatasetError(f"recbole is installed but {path} has no ml-100k.item; reinstall recbole==1.2.1")
    return path


def _tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[1:]  # recbole headers: name:type


def display_title(raw: str) -> str:
    """"Usual Suspects, The" -> "The Usual Suspects" (also A, An and common foreign articles)."""
    head, sep, article = raw.rpartition(", ")
    if sep and article in ("The", "A", "An", "Il", "La", "Le", "Les", "L'", "Der", "Die", "Das", "El"):
        return f"{article} {head}" if not article.endswith("'") else f"{article}{head}"
    return raw


def load_ml100k(path: Path | None = None) -> ML100k:
    root = path or ml100k_dir()
    data = ML100k()
    for row in _tsv(root / "ml-100k.item"):
        item_id, title, year, genres = [*row, "", "", "", ""][:4]
        data.items[item_id] = {"title": display_title(title.strip()), "year": int(year) if year.isdigit() else None,
                               "genres": [g for g in genres.split() if g != "unknown"]}
    for user, item, rating, ts in _tsv(root / "ml-100k.inter"):
        data.ratings.append((user, item, float(rating), float(ts)))
    for user, age, gender, occupation, zip_code in _tsv(root / "ml-100k.user"):
        data.users[user] = {"age": int(age), "gender": gender, "occupation": occupation, "zip": zip_code}
    return data


def describe(info: dict, ratings: list[float]) -> str:
    """Catalog text for a film: title, year, genres and its rating summary, in plain words."""
    parts = [f"{info['title']} ({info['year']})." if info["year"] else f"{info['title']}."]
    if info["genres"]:
        parts.append("Genres: " + ", ".join(info["genres"]) + ".")
    if ratings:
        parts.append(f"Rated {sum(ratings) / len(ratings):.1f}/5 by {len(ratings)} viewers.")
    return " ".join(parts)


def export_movielens(out: Path, data: ML100k | None = None) -> dict[str, int]:
    """Write catalog.jsonl, interactions.jsonl and users.jsonl under `out`; returns the counts."""
    data = data or load_ml100k()
    out.mkdir(parents=True, exist_ok=True)
    ratings: dict[str, list[float]] = defaultdict(list)
    for _u, item, rating, _t in data.ratings:
        ratings[item].append(rating)
    with (out / "catalog.jsonl").open("w", encoding="utf-8") as fh:
        for item_id in sorted(data.items, key=int):
            info = data.items[item_id]
            mine = ratings[item_id]
            attrs = {"genres": info["genres"], "ratings_count": len(mine),
                     "rating_mean": round(sum(mine) / len(mine), 3) if mine else 0.0}
            if info["year"] is not None:
                attrs["year"] = info["year"]
            row = {"id": item_id, "title": info["title"], "category": "movie",
                   "text": describe(info, mine), "attributes": attrs}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    with (out / "interactions.jsonl").open("w", encoding="utf-8") as fh:
        for user, item, rating, ts in data.ratings:
            event = "like" if rating >= 4 else "rating"
            fh.write(json.dumps({"user_id": user, "item_id": item, "event": event, "value": rating, "ts": ts}) + "\n")
    with (out / "users.jsonl").open("w", encoding="utf-8") as fh:
        for user_id in sorted(data.users, key=int):
            fh.write(json.dumps({"user_id": user_id, **data.users[user_id]}) + "\n")
    return {"items": len(data.items), "interactions": len(data.ratings), "users": len(data.users)}
