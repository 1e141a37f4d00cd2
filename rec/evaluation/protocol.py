"""The LlamaRec evaluation protocol (DESIGN.md §8) over (user, item, timestamp) interactions.

Keep users and items with at least `min_count` interactions, repeating until nothing changes (a k-core);
every rating counts as an interaction; order each user's interactions by (timestamp, item id) — the
item-id tie-break matters on ML-100k, whose timestamps often repeat; the last item is the test target,
the one before it the validation target, the rest the training history. At test time a system sees
train + validation as the user's history and ranks the whole catalog minus that history.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass
class Split:
    train: dict[str, list[str]]              # user -> items in order (all but the last two)
    valid: dict[str, str]                    # user -> the second-to-last item
    test: dict[str, str]                     # user -> the last item
    items: list[str]                         # the catalog after filtering
    stats: dict[str, int] = field(default_factory=dict)

    def history(self, user: str) -> list[str]:
        """What a system may know about `user` when it is tested: train + validation, in order."""
        return [*self.train[user], self.valid[user]]

    def users(self, n: int | None = None, seed: int = 0) -> list[str]:
        """All users, or a seeded sample of `n` of them (sorted, so runs are comparable)."""
        everyone = sorted(self.test, key=_id_key)
        if n is None or n >= len(everyone):
            return everyone
        return sorted(random.Random(seed).sample(everyone, n), key=_id_key)


def _id_key(value: str) -> tuple[int, int | str]:
    """Numeric ids in numeric order (ML-100k's are numbers), other ids after them as text."""
    return (0, int(value)) if value.isdigit() else (1, value)


def k_core(rows: Sequence[tuple[str, str, float]], min_count: int) -> list[tuple[str, str, float]]:
    """Drop users and items with fewer than `min_count` interactions until none is left to drop."""
    while True:
        users = Counter(u for u, _, _ in rows)
        items = Counter(i for _, i, _ in rows)
        kept = [r for r in rows if users[r[0]] >= min_count and items[r[1]] >= min_count]
        if len(kept) == len(rows):
            return kept
        rows = kept


def llamarec_split(interactions: Iterable[tuple[str, str, float]], min_count: int = 5) -> Split:
    """`interactions`: (user, item, timestamp) triples; duplicates of a (user, item) pair keep the first."""
    seen: set[tuple[str, str]] = set()
    rows = []
    for user, item, ts in interactions:
        if (user, item) not in seen:
            seen.add((user, item))
            rows.append((str(user), str(item), float(ts)))
    rows = k_core(rows, min_count)
    by_user: dict[str, list[tuple[float, str]]] = {}
    for user, item, ts in rows:
        by_user.setdefault(user, []).append((ts, item))
    train, valid, test = {}, {}, {}
    for user, events in by_user.items():
        ordered = [item for _, item in sorted(events, key=lambda e: (e[0], _id_key(e[1])))]
        if len(ordered) < 3:
            continue
        train[user], valid[user], test[user] = ordered[:-2], ordered[-2], ordered[-1]
    items = sorted({i for _, i, _ in rows}, key=_id_key)
    return Split(train, valid, test, items, {"users": len(test), "items": len(items), "interactions": len(rows)})
