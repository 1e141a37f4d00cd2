"""Classical baselines for the ranking evaluation, fitted on what is known at test time (every user's
train + validation history) and ranking the whole catalog minus the user's history.

- popularity: how many users interacted with the item;
- item-kNN: cosine similarity of items' user sets (co-occurrence), summed over the user's history or
  over its last `recent` items (a cheap sequential signal);
- ALS (`implicit`, optional): matrix factorisation of the implicit feedback matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from rec.evaluation.protocol import Split


class Ranker(Protocol):
    name: str

    def fit(self, split: Split) -> None: ...
    def rank(self, user: str, history: Sequence[str], k: int) -> list[str]: ...


class _Matrix:
    """The user x item 0/1 matrix of the test-time histories."""

    def __init__(self, split: Split):
        import numpy as np
        from scipy.sparse import csr_matrix

        self.items = list(split.items)
        self.index = {item: n for n, item in enumerate(self.items)}
        users = split.users()
        self.user_index = {u: n for n, u in enumerate(users)}
        rows, cols = [], []
        for u in users:
            for item in set(split.history(u)):
                rows.append(self.user_index[u])
                cols.append(self.index[item])
        self.x = csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(users), len(self.items)))

    def top(self, scores, history: Sequence[str], k: int) -> list[str]:
        import numpy as np

        scores = np.array(scores, dtype=np.float64).ravel().copy()
        scores[[self.index[i] for i in history if i in self.index]] = -np.inf
        k = min(k, int(np.isfinite(scores).sum()))
        best = np.argpartition(-scores, k - 1)[:k] if k else []
        # ties broken by item order, so results do not depend on argpartition's whims
        return [self.items[n] for n in sorted(best, key=lambda n: (-scores[n], n))]


class Popularity:
    name = "popularity"

    def fit(self, split: Split) -> None:
        self.m = _Matrix(split)
        self.counts = self.m.x.sum(axis=0)

    def rank(self, user: str, history: Sequence[str], k: int) -> list[str]:
        return self.m.top(self.counts, history, k)


class ItemKNN:
    """Item-item cosine over user sets; `recent` limits the query to the last items of the history."""

    def __init__(self, recent: int | None = None):
        self.recent = recent
        self.name = "item-knn" + (f" (last {recent})" if recent else "")

    def fit(self, split: Split) -> None:
        import numpy as np

        self.m = _Matrix(split)
        co = (self.m.x.T @ self.m.x).toarray()
        norms = np.sqrt(np.diag(co))
        norms[norms == 0] = 1.0
        self.sim = co / norms[:, None] / norms[None, :]
        np.fill_diagonal(self.sim, 0.0)

    def rank(self, user: str, history: Sequence[str], k: int) -> list[str]:
        query = [self.m.index[i] for i in (history[-self.recent:] if self.recent else history) if i in self.m.index]
        scores = self.sim[query].sum(axis=0) if query else self.sim[0] * 0
        return self.m.top(scores, history, k)


class ALS:
    """Implicit-feedback matrix factorisation (the `implicit` package; CPU)."""

    name = "als (implicit)"

    def __init__(self, factors: int = 64, iterations: int = 15, regularization: float = 0.05, seed: int = 0):
        self.params = {"factors": factors, "iterations": iterations, "regularization": regularization,
                       "random_state": seed}

    def fit(self, split: Split) -> None:
        from implicit.als import AlternatingLeastSquares
        from threadpoolctl import threadpool_limits

        self.m = _Matrix(split)
        with threadpool_limits(1, "blas"):   # implicit parallelises itself; BLAS threads on top only fight
            self.model = AlternatingLeastSquares(**self.params)
            self.model.fit(self.m.x, show_progress=False)

    def rank(self, user: str, history: Sequence[str], k: int) -> list[str]:
        import numpy as np

        u = self.m.user_index[user]
        factors = self.model.user_factors[u]
        scores = np.asarray(self.model.item_factors @ factors)
        return self.m.top(scores, history, k)


class Sequential:
    """SASRec trained with a full softmax (`rec.retrieval.sequential`) on the test-time histories, in order;
    `params` go to `SequentialModel.train` (its defaults were tuned on ML-100k's validation targets)."""

    name = "sasrec"

    def __init__(self, **params: Any):
        self.params = params

    def fit(self, split: Split) -> None:
        from rec.retrieval.sequential import SequentialModel

        self.m = _Matrix(split)
        self.model = SequentialModel.train({u: split.history(u) for u in split.users()}, **self.params)

    def rank(self, user: str, history: Sequence[str], k: int) -> list[str]:
        return self.m.top(self.model.score(history, self.m.items), history, k)
