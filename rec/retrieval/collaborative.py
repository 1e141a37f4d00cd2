"""Item-to-item co-occurrence from interactions: "more like X" and "for this user".

Similarity is cosine over the users who engaged with both items,
c(i, j) / sqrt(n_i * n_j), computed as one sparse product, shrunk by
c / (c + shrink) so two rare items seen together once do not look like twins. Every event but
`dislike` counts as engagement (the LlamaRec protocol counts all ratings: a
3-star rating still says what the user chose to watch). For a user, the
neighbours of their most recent items are summed, most recent weighted most:
on ML-100k an item-kNN over the last 3 items is a strong sequential baseline
(DESIGN.md §8).

The model is a sparse item x item matrix pruned to each item's `top_n` neighbours (deep enough that
a request restricted to a few dozen items still finds co-engaged ones among them), saved as
`collaborative.npz`, with the users' histories beside it in `collaborative.json`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from rec.errors import StoreError
from rec.schema import Interaction

MODEL_FILE = "collaborative.json"
MATRIX_FILE = "collaborative.npz"


def histories_of(interactions: Iterable[Interaction]) -> dict[str, list[str]]:
    """Each user's engaged items, oldest first: by timestamp, then by order in the file; a repeat keeps
    the first time. Dislikes are not engagement."""
    ordered = sorted(((i.user_id, i.ts if i.ts is not None else float("-inf"), n, i.item_id)
                      for n, i in enumerate(interactions) if i.event != "dislike"))
    histories: dict[str, list[str]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for user, _ts, _n, item in ordered:
        if (user, item) not in seen:
            seen.add((user, item))
            histories[user].append(item)
    return dict(histories)


def recency_weights(n: int) -> list[float]:
    """Weights of a user's latest `n` items, most recent first: 1, 1/2, 1/3..."""
    return [1.0 / (1 + r) for r in range(n)]


class CoOccurrence:
    def __init__(self, items: list[str], sim: Any, histories: dict[str, list[str]]):
        self.items = items
        self.index = {item: n for n, item in enumerate(items)}
        self.sim = sim            # scipy CSR, items x items, or None without interactions
        self.histories = histories

    @classmethod
    def from_histories(cls, histories: Mapping[str, Sequence[str]], top_n: int = 1000,
                       shrink: float = 5.0) -> CoOccurrence:
        """Sparse all the way: memory grows with co-engaged pairs, not items squared."""
        import numpy as np
        from scipy import sparse

        histories = {u: list(h) for u, h in histories.items()}
        items = sorted({i for h in histories.values() for i in h})
        if not items:
            return cls([], None, histories)
        col = {item: n for n, item in enumerate(items)}
        users = list(histories)
        rows = [u for u, user in enumerate(users) for _ in histories[user]]
        cols = [col[i] for user in users for i in histories[user]]
        x = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(users), len(items)))
        counts = (x.T @ x).tocsr()
        norms = np.sqrt(counts.diagonal()).clip(min=1e-9)
        keep_rows, keep_cols, keep_vals = [], [], []
        for n in range(len(items)):
            start, end = counts.indptr[n], counts.indptr[n + 1]
            js, c = counts.indices[start:end], counts.data[start:end]
            mask = js != n
            js, c = js[mask], c[mask]
            sims = c / (norms[n] * norms[js]) * (c / (c + shrink))
            best = np.lexsort((js, -sims))[:top_n]  # by similarity, then item order: deterministic
            keep_rows.extend([n] * len(best))
            keep_cols.extend(js[best].tolist())
            keep_vals.extend(sims[best].tolist())
        sim = sparse.csr_matrix((np.array(keep_vals, dtype=np.float32), (keep_rows, keep_cols)),
                                shape=(len(items), len(items)))
        return cls(items, sim, histories)

    @classmethod
    def build(cls, interactions: Iterable[Interaction], top_n: int = 1000, shrink: float = 5.0) -> CoOccurrence:
        return cls.from_histories(histories_of(interactions), top_n=top_n, shrink=shrink)

    def save(self, store_dir: Path) -> None:
        from scipy import sparse

        if self.sim is not None:
            tmp = store_dir / f".{MATRIX_FILE}.tmp.npz"
            sparse.save_npz(tmp, self.sim)
            tmp.replace(store_dir / MATRIX_FILE)
        tmp = store_dir / f".{MODEL_FILE}.tmp"
        tmp.write_text(json.dumps({"items": self.items, "histories": self.histories}))
        tmp.replace(store_dir / MODEL_FILE)

    @classmethod
    def load(cls, store_dir: Path) -> CoOccurrence:
        from scipy import sparse

        path = store_dir / MODEL_FILE
        if not path.is_file():
            return cls([], None, {})  # a store without interactions: no collaborative signal
        try:
            data = json.loads(path.read_text())
            if "neighbours" in data:   # the format before the matrix: rebuilt from the histories it kept
                return cls.from_histories(data["histories"])
            sim = sparse.load_npz(store_dir / MATRIX_FILE).tocsr() if data["items"] else None
        except (OSError, ValueError, KeyError) as e:
            raise StoreError(f"{path} is unreadable; re-run `rec ingest --interactions`") from e
        return cls(data["items"], sim, data["histories"])

    def vector(self, item_ids: Sequence[str], weights: Sequence[float] | None = None):
        """Scores of every item (in `self.items` order): the weighted sum of the rows of `item_ids`;
        unknown ids count for nothing. None when no id is known."""
        import numpy as np

        pairs = [(self.index[i], w) for i, w in zip(item_ids, weights or [1.0] * len(item_ids), strict=True)
                 if i in self.index]
        if not pairs or self.sim is None:
            return None
        rows, w = zip(*pairs, strict=True)
        return np.asarray(self.sim[list(rows)].T @ np.asarray(w, dtype=np.float32)).ravel()

    def strongest(self, anchors: Sequence[str], item_id: str) -> str | None:
        """Which of `anchors` (items the user named or had) is most co-engaged with `item_id`: the
        evidence behind "people who liked X also liked it". None when none is."""
        if self.sim is None or item_id not in self.index:
            return None
        col = self.index[item_id]
        best = max(((float(self.sim[self.index[a], col]), -n, a) for n, a in enumerate(anchors) if a in self.index),
                   default=(0.0, 0, None))
        return best[2] if best[0] > 0 else None

    def similar(self, item_ids: Sequence[str], k: int, exclude: Iterable[str] = ()) -> list[tuple[str, float]]:
        """Items most co-engaged with `item_ids` (weights: earlier ids in the list count more)."""
        scores = self.vector(item_ids, recency_weights(len(item_ids)))
        if scores is None:
            return []
        skip = set(exclude) | set(item_ids)
        order = sorted((n for n in scores.nonzero()[0] if self.items[n] not in skip),
                       key=lambda n: (-scores[n], self.items[n]))
        return [(self.items[n], round(float(scores[n]), 6)) for n in order[:k]]

    def for_user(self, user_id: str, k: int, recent: int = 3, exclude: Iterable[str] = ()) -> list[tuple[str, float]]:
        """Neighbours of the user's `recent` latest items, never an item they already have."""
        history = self.histories.get(user_id, [])
        latest = list(reversed(history[-recent:]))
        return self.similar(latest, k, exclude=set(exclude) | set(history))

    def history(self, user_id: str) -> list[str]:
        return list(self.histories.get(user_id, []))
