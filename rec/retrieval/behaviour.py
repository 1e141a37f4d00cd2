"""What users do, as the models the retriever and the blend read: co-occurrence (collaborative), the
sequential model and the popularity/quality prior, all built from one interaction log.

`rec ingest --interactions` builds and saves them with the store; an evaluation builds them from the
interactions its protocol allows and hands them to the retriever (`Retriever.use`), so a held-out item
can never leak into a signal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rec.retrieval.collaborative import CoOccurrence, histories_of
from rec.retrieval.popularity import PopularityPrior
from rec.schema import Interaction


@dataclass
class Behaviour:
    collab: CoOccurrence
    prior: PopularityPrior
    seq: Any = None            # rec.retrieval.sequential.SequentialModel, or None (no interactions / not trained)

    @classmethod
    def empty(cls) -> Behaviour:
        return cls(CoOccurrence([], None, {}), PopularityPrior({}))

    @classmethod
    def build(cls, interactions: Iterable[Interaction], *, sequential: bool = True,
              progress: Callable[[int, int], None] | None = None, **seq_options: Any) -> Behaviour:
        """All three models from one log. `sequential=False` skips the (minutes-long) sequential training."""
        rows = list(interactions)
        histories = histories_of(rows)
        seq = None
        if sequential and histories:
            from rec.retrieval.sequential import SequentialModel

            seq = SequentialModel.train(histories, progress=progress, **seq_options)
        return cls(CoOccurrence.from_histories(histories), PopularityPrior.build(rows), seq)

    def save(self, store_dir: Path) -> None:
        self.collab.save(store_dir)
        self.prior.save(store_dir)
        if self.seq is not None:
            self.seq.save(store_dir)

    @classmethod
    def load(cls, store_dir: Path) -> Behaviour:
        from rec.retrieval.sequential import SequentialModel

        return cls(CoOccurrence.load(store_dir), PopularityPrior.load(store_dir), SequentialModel.load(store_dir))

    def history(self, user_id: str | None) -> list[str]:
        return self.collab.history(user_id) if user_id else []
