"""What users do, as the models the retriever and the blend read: co-occurrence (collaborative), EASE
(for a catalog of at most `ease.MAX_ITEMS` items), the sequential model and the popularity/quality prior,
all built from one interaction log.

`rec ingest --interactions` builds and saves them with the store; an evaluation builds them from the
interactions its protocol allows and hands them to the retriever (`Retriever.use`), so a held-out item
can never leak into a signal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rec.retrieval.collaborative import MATRIX_FILE as COLLAB_MATRIX
from rec.retrieval.collaborative import MODEL_FILE as COLLAB_MODEL
from rec.retrieval.collaborative import CoOccurrence, histories_of
from rec.retrieval.ease import ITEMS_FILE as EASE_ITEMS
from rec.retrieval.ease import MATRIX_FILE as EASE_MATRIX
from rec.retrieval.ease import MAX_ITEMS as EASE_MAX_ITEMS
from rec.retrieval.ease import Ease
from rec.retrieval.popularity import PRIOR_FILE, PopularityPrior
from rec.schema import Interaction

# The files `save` writes in a store directory (rec.retrieval.artifacts publishes them to other hosts)
FILES = (COLLAB_MODEL, COLLAB_MATRIX, PRIOR_FILE, EASE_ITEMS, EASE_MATRIX, "sequential.pt")
SEQ_MEMBERS = 2   # sequential networks (seeds) averaged: +5% NDCG@10 alone on ML-100k, +12% in the blend


@dataclass
class Behaviour:
    collab: CoOccurrence
    prior: PopularityPrior
    seq: Any = None            # rec.retrieval.sequential.SequentialModel, or None (no interactions / not trained)
    ease: Ease | None = None   # None: no interactions, or a catalog too large for a dense item x item model

    @classmethod
    def empty(cls) -> Behaviour:
        return cls(CoOccurrence([], None, {}), PopularityPrior({}))

    @classmethod
    def build(cls, interactions: Iterable[Interaction], *, sequential: bool = True,
              progress: Callable[[int, int], None] | None = None, ease_max_items: int = EASE_MAX_ITEMS,
              **seq_options: Any) -> Behaviour:
        """All the models from one log. `sequential=False` skips the (minutes-long) sequential training, which
        trains `SEQ_MEMBERS` networks unless `seq_options` say `members`; `progress` counts every member's
        epochs (`SEQ_MEMBERS` x epochs in all)."""
        rows = list(interactions)
        histories = histories_of(rows)
        seq = None
        if sequential and histories:
            from rec.retrieval.sequential import SequentialModel

            seq = SequentialModel.train(histories, progress=progress, **{"members": SEQ_MEMBERS, **seq_options})
        return cls(CoOccurrence.from_histories(histories), PopularityPrior.build(rows), seq,
                   Ease.from_histories(histories, max_items=ease_max_items))

    def save(self, store_dir: Path) -> None:
        self.collab.save(store_dir)
        self.prior.save(store_dir)
        if self.seq is not None:
            self.seq.save(store_dir)
        if self.ease is not None:
            self.ease.save(store_dir)
        else:
            Ease.save_none(store_dir)

    @classmethod
    def load(cls, store_dir: Path) -> Behaviour:
        from rec.retrieval.sequential import SequentialModel

        collab = CoOccurrence.load(store_dir)
        ease = Ease.load(store_dir)
        if ease is None and collab.histories and not Ease.recorded(store_dir):
            ease = Ease.from_histories(collab.histories)   # a store ingested before EASE: built from its log
        return cls(collab, PopularityPrior.load(store_dir), SequentialModel.load(store_dir), ease)

    def history(self, user_id: str | None) -> list[str]:
        return self.collab.history(user_id) if user_id else []
