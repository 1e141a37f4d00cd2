"""The raw ranking signals of a candidate pool, one row per item, columns in `blend.FEATURES` order.

- text / caption: cosine of the request (its words, moved toward the named items' text, or those items' text
  alone where no words are left: `request_vector`) to the item's text / caption document (0 without one);
- lexical: BM25 of the request over the item's documents;
- collab: co-occurrence with the items the user named, then their latest items (recent ones weigh more);
- collab_all: co-occurrence with the whole history (long-standing taste);
- ease: EASE's score of the item for the named items and the whole history (rec/retrieval/ease.py);
- sequential: the sequential model's logit for the item after the user's history;
- popularity, trend, quality: the prior (rec/retrieval/popularity.py).
A signal with nothing to say for this request (no words, no user) is a constant column, which the blend's
standardisation turns into 0: it can neither help nor hurt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rec.ranking.blend import FEATURES

RECENT = 3     # latest items the collaborative signal starts from (item-kNN over the last 3: DESIGN §8)


@dataclass
class Context:
    query: str = ""
    history: list[str] = field(default_factory=list)      # the user's items, oldest first
    references: list[str] = field(default_factory=list)   # items the user named ("like Alien")


def signal_matrix(retriever: Any, pool: Sequence[str], ctx: Context, vector: Any = None):
    """[len(pool), len(FEATURES)] raw signals; `retriever` gives the embedder, vectors, BM25 and behaviour.
    `vector`: the request's `request_vector`, when the caller has it already."""
    import numpy as np

    x = np.zeros((len(pool), len(FEATURES)), dtype=np.float64)
    if not pool:
        return x
    col = {f: n for n, f in enumerate(FEATURES)}
    vector = retriever.request_vector(ctx.query, ctx.references) if vector is None else vector
    if vector is not None:       # the words, the items named, or both (`request_vector`)
        qvec = np.asarray(vector, dtype=np.float32)
        for kind in ("text", "caption"):
            vecs = retriever.vectors(pool, kind)
            x[:, col[kind]] = [float(vecs[i] @ qvec) if i in vecs else 0.0 for i in pool]
    if ctx.query.strip() and retriever.lexical is not None:
        bm25 = retriever.lexical.scores(ctx.query)
        x[:, col["lexical"]] = [bm25.get(i, 0.0) for i in pool]
    behaviour = retriever.behaviour
    collab = behaviour.collab
    latest = [*ctx.references, *reversed(ctx.history[-RECENT:])]
    weights = [1.0] * len(ctx.references) + [1.0 / (1 + r) for r in range(min(RECENT, len(ctx.history)))]
    _column(x, col["collab"], pool, collab.index, collab.vector(latest, weights))
    if ctx.history:
        _column(x, col["collab_all"], pool, collab.index, collab.vector(ctx.history))
    if behaviour.ease is not None and (ctx.references or ctx.history):
        scores = behaviour.ease.scores([*ctx.references, *ctx.history], pool)
        if scores is not None:
            x[:, col["ease"]] = scores
    if behaviour.seq is not None and ctx.history:
        x[:, col["sequential"]] = _finite(behaviour.seq.score(ctx.history, list(pool)))
    prior = behaviour.prior.features(pool)
    for n, name in enumerate(("popularity", "trend", "quality")):
        x[:, col[name]] = [row[n] for row in prior]
    return x


def _column(x, n: int, pool: Sequence[str], index: dict[str, int], scores) -> None:
    if scores is not None:
        x[:, n] = [float(scores[index[i]]) if i in index else 0.0 for i in pool]


def _finite(values):
    """Unknown items come back from the sequential model as -inf: they rank below every known one."""
    import numpy as np

    v = np.asarray(values, dtype=np.float64)
    ok = np.isfinite(v)
    return np.where(ok, v, (v[ok].min() - 1.0) if ok.any() else 0.0)
