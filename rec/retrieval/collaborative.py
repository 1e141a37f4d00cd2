"""Item-to-item co-occurrence from interactions: "more like X" and "for this user".

Similarity is cosine over the users who engaged with both items,
c(i, j) / sqrt(n_i * n_j), computed as one sparse product, shrunk by
c / (c + shrink) so two rare items seen together once do not look like twins. Every event but
`dislike` counts as engagement (the LlamaRec protocol counts all ratings: a
3-star rating still says what the user chose to watch). For a user, the
neighbours of their most recent items are summed, most recent weighted most:
on ML-100k an item-kNN over the last 3 items is a strong sequential baseline
(DESIGN.md §8). The model is saved as JSON (top neighbours per item).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from rec.errors import StoreError
from rec.schema import Interaction

MODEL_FILE = "collaborative.json"


def _histories(interactions: Iterable[Interaction]) -> dict[str, list[str]]:
    """Each user's engaged items, oldest first: by timestamp, then by order in the file."""
    ordered = sorted(((i.user_id, i.ts if i.ts is not None else float("-inf"), n, i.item_id)
                      for n, i in enumerate(interactions) if i.event != "dislike"))
    histories: dict[str, list[str]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for user, _ts, _n, item in ordered:
        if (user, item) not in seen:
            seen.add((user, item))
            histories[user].append(item)
    return dict(histories)


class CoOccurrence:
    def __init__(self, neighbours: dict[str, list[tuple[str, float]]], histories: dict[str, list[str]]):
        self.neighbours = neighbours
        self.histories = histories

    @classmethod
    def build(cls, interactions: Iterable[Interaction], top_n: int = 50, shrink: float = 5.0) -> CoOccurrence:
        """Sparse all the way: memory grows with co-engaged pairs, not items squared."""
        import numpy as np
        from scipy import sparse

        histories = _histories(interactions)
        items = sorted({i for h in histories.values() for i in h})
        if not items:
            return cls({}, histories)
        col = {item: n for n, item in enumerate(items)}
        users = list(histories)
        rows = [u for u, user in enumerate(users) for _ in histories[user]]
        cols = [col[i] for user in users for i in histories[user]]
        x = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(users), len(items)))
        counts = (x.T @ x).tocsr()
        norms = np.sqrt(counts.diagonal()).clip(min=1e-9)
        neighbours = {}
        for n, item in enumerate(items):
            start, end = counts.indptr[n], counts.indptr[n + 1]
            js, c = counts.indices[start:end], counts.data[start:end]
            keep = js != n
            js, c = js[keep], c[keep]
            sims = c / (norms[n] * norms[js]) * (c / (c + shrink))
            best = np.lexsort((js, -sims))[:top_n]  # by similarity, then item order: deterministic
            neighbours[item] = [(items[j], round(float(v), 6)) for j, v in zip(js[best], sims[best], strict=True)]
        return cls(neighbours, histories)

    def save(self, store_dir: Path) -> None:
        tmp = store_dir / f".{MODEL_FILE}.tmp"
        tmp.write_text(json.dumps({"neighbours": self.neighbours, "histories": self.histories}))
        tmp.replace(store_dir / MODEL_FILE)

    @classmethod
    def load(cls, store_dir: Path) -> CoOccurrence:
        path = store_dir / MODEL_FILE
        if not path.is_file():
            return cls({}, {})  # a store without interactions: no collaborative signal
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError) as e:
            raise StoreError(f"{path} is unreadable; re-run `rec ingest --interactions`") from e
        return cls({k: [tuple(p) for p in v] for k, v in data["neighbours"].items()}, data["histories"])

    def similar(self, item_ids: Sequence[str], k: int, exclude: Iterable[str] = ()) -> list[tuple[str, float]]:
        """Items most co-engaged with `item_ids` (weights: earlier ids in the list count more)."""
        skip = set(exclude) | set(item_ids)
        scores: dict[str, float] = defaultdict(float)
        for rank, item in enumerate(item_ids):
            weight = 1.0 / (1 + rank)
            for other, sim in self.neighbours.get(item, []):
                if other not in skip:
                    scores[other] += weight * sim
        return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]

    def for_user(self, user_id: str, k: int, recent: int = 3, exclude: Iterable[str] = ()) -> list[tuple[str, float]]:
        """Neighbours of the user's `recent` latest items, never an item they already have."""
        history = self.histories.get(user_id, [])
        latest = list(reversed(history[-recent:]))
        return self.similar(latest, k, exclude=set(exclude) | set(history))

    def history(self, user_id: str) -> list[str]:
        return list(self.histories.get(user_id, []))
