"""EASE (Steck 2019): a closed-form item-item model, "what goes with everything this user has".

B = I - P / diag(P), with P = (X^T X + lambda I)^-1 over the user x item engagement matrix X; a user's
score of item j is the sum of B's rows over their items. Unlike cosine co-occurrence (collaborative.py)
the weights are fitted jointly, so an item every user has (and so co-occurs with everything) says
little. It is dense (items x items), so it is only built for a catalog of at most `MAX_ITEMS` engaged
items (ML-100k: 1,682, 11 MB, under a second); above that the store has no EASE signal.

Saved as `ease.npy` (the matrix) and `ease.json` (its items; `null` when the store has no model). numpy
is imported inside functions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rec.errors import StoreError

MATRIX_FILE = "ease.npy"
ITEMS_FILE = "ease.json"
MAX_ITEMS = 5000
LAMBDA = 300.0


class Ease:
    def __init__(self, items: list[str], weights: Any):
        self.items = items
        self.index = {item: n for n, item in enumerate(items)}
        self.weights = weights          # float32 [items, items], zero diagonal

    @classmethod
    def from_histories(cls, histories: Mapping[str, Sequence[str]], lam: float = LAMBDA,
                       max_items: int = MAX_ITEMS) -> Ease | None:
        """The model of `histories` (user -> items), or None with no items or more than `max_items`."""
        import numpy as np

        items = sorted({i for h in histories.values() for i in h})
        if not items or len(items) > max_items:
            return None
        from scipy import sparse

        col = {item: n for n, item in enumerate(items)}
        pairs = sorted({(u, col[i]) for u, history in enumerate(histories.values()) for i in history})
        rows, cols = zip(*pairs, strict=True)
        x = sparse.csr_matrix((np.ones(len(pairs)), (rows, cols)), shape=(len(histories), len(items)))
        gram = (x.T @ x).toarray()
        gram[np.diag_indices_from(gram)] += lam
        p = np.linalg.inv(gram)
        b = -p / np.diag(p)
        np.fill_diagonal(b, 0.0)
        return cls(items, b.astype(np.float32))

    def scores(self, item_ids: Sequence[str], pool: Sequence[str]) -> Any:
        """The score of each `pool` item for a user with `item_ids` (unknown ids count for nothing; an
        unknown pool item scores 0), or None when no id is known."""
        import numpy as np

        rows = sorted({self.index[i] for i in item_ids if i in self.index})
        if not rows:
            return None
        total = self.weights[rows].sum(axis=0, dtype=np.float64)
        cols = np.array([self.index.get(i, -1) for i in pool], dtype=np.int64)
        return np.where(cols >= 0, total[cols.clip(min=0)], 0.0) if len(cols) else np.zeros(0)

    def save(self, store_dir: Path) -> None:
        import numpy as np

        tmp = store_dir / f".{MATRIX_FILE}.tmp.npy"
        np.save(tmp, self.weights)
        tmp.replace(store_dir / MATRIX_FILE)
        tmp = store_dir / f".{ITEMS_FILE}.tmp"
        tmp.write_text(json.dumps({"items": self.items}))
        tmp.replace(store_dir / ITEMS_FILE)

    @classmethod
    def load(cls, store_dir: Path) -> Ease | None:
        """The saved model, or None when the store has none (no interactions, or a catalog too large)."""
        import numpy as np

        path = store_dir / ITEMS_FILE
        if not path.is_file():
            return None
        try:
            items = json.loads(path.read_text())["items"]
            if items is None:
                return None
            weights = np.load(store_dir / MATRIX_FILE)
        except (OSError, ValueError, KeyError) as e:
            raise StoreError(f"{path} is unreadable; re-run `rec ingest --interactions`") from e
        if weights.shape != (len(items), len(items)):
            raise StoreError(f"{path} does not match {MATRIX_FILE}; re-run `rec ingest --interactions`")
        return cls(items, weights)

    @staticmethod
    def save_none(store_dir: Path) -> None:
        """Record that the store has no EASE model (the catalog is too large, or the log is empty), so that
        loading it does not rebuild one (a store ingested before EASE existed has no record at all)."""
        (store_dir / MATRIX_FILE).unlink(missing_ok=True)
        tmp = store_dir / f".{ITEMS_FILE}.tmp"
        tmp.write_text(json.dumps({"items": None}))
        tmp.replace(store_dir / ITEMS_FILE)

    @staticmethod
    def recorded(store_dir: Path) -> bool:
        return (store_dir / ITEMS_FILE).is_file()
