"""A popularity/quality prior from the store's own interactions (any catalog: counts, time, judgements).

Three numbers per item, each a ranking signal the learned blend weighs (rec/ranking/):
- `popularity`: log(1 + distinct users who engaged with it) — what people choose;
- `trend`: log(1 + engagements decayed by age), half-life a tenth of the log's time span — what people
  choose lately (without timestamps it equals popularity);
- `quality`: the share of judgements that were positive (ratings of 4+, likes, purchases vs lower
  ratings and dislikes), shrunk towards the catalog's share by `prior_weight` pseudo-judgements, so an
  item with one 5-star rating is not the best in the catalog.
A long-tail item one person rated scores low on all three: a list of them reads as broken to a user,
however well it satisfies the constraints.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from rec.errors import StoreError
from rec.schema import Interaction, is_positive

PRIOR_FILE = "popularity.json"
SIGNALS = ("popularity", "trend", "quality")


class PopularityPrior:
    def __init__(self, values: dict[str, dict[str, float]]):
        self.values = values      # item -> {popularity, trend, quality}

    @classmethod
    def build(cls, interactions: Iterable[Interaction], prior_weight: float = 10.0) -> PopularityPrior:
        rows = list(interactions)
        stamps = [r.ts for r in rows if r.ts is not None]
        latest = max(stamps, default=0.0)
        half_life = max((latest - min(stamps, default=0.0)) / 10, 1e-9)
        users: dict[str, set[str]] = defaultdict(set)
        trend: dict[str, float] = defaultdict(float)
        judged: dict[str, list[int]] = defaultdict(lambda: [0, 0])   # item -> [positive, judgements]
        for r in rows:
            if r.event != "dislike":
                users[r.item_id].add(r.user_id)
                trend[r.item_id] += 0.5 ** ((latest - r.ts) / half_life) if r.ts is not None and stamps else 1.0
            if r.event in ("rating", "like", "dislike", "purchase"):
                judged[r.item_id][0] += is_positive(r.event, r.value)
                judged[r.item_id][1] += 1
        positive, total = (sum(v[i] for v in judged.values()) for i in (0, 1))
        share = positive / total if total else 0.5
        items = set(users) | set(judged)
        return cls({i: {"popularity": round(math.log1p(len(users.get(i, ()))), 6),
                        "trend": round(math.log1p(trend.get(i, 0.0)), 6),
                        "quality": round((judged[i][0] + prior_weight * share) / (judged[i][1] + prior_weight), 6)
                        if i in judged else round(share, 6)}
                    for i in sorted(items)})

    def features(self, item_ids: Sequence[str]) -> list[list[float]]:
        """[popularity, trend, quality] per item; an item nobody touched gets 0, 0 and the median quality."""
        default = [0.0, 0.0, self._median_quality()]
        return [[self.values[i][s] for s in SIGNALS] if i in self.values else default for i in item_ids]

    def top(self, k: int, signal: str = "popularity") -> list[tuple[str, float]]:
        return sorted(((i, v[signal]) for i, v in self.values.items()), key=lambda kv: (-kv[1], kv[0]))[:k]

    def _median_quality(self) -> float:
        if not hasattr(self, "_median"):
            qs = sorted(v["quality"] for v in self.values.values())
            self._median = qs[len(qs) // 2] if qs else 0.5
        return self._median

    def save(self, store_dir: Path) -> None:
        tmp = store_dir / f".{PRIOR_FILE}.tmp"
        tmp.write_text(json.dumps(self.values))
        tmp.replace(store_dir / PRIOR_FILE)

    @classmethod
    def load(cls, store_dir: Path) -> PopularityPrior:
        path = store_dir / PRIOR_FILE
        if not path.is_file():
            return cls({})
        try:
            return cls(json.loads(path.read_text()))
        except (OSError, ValueError) as e:
            raise StoreError(f"{path} is unreadable; re-run `rec ingest --interactions`") from e
