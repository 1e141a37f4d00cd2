"""Ranker training examples, in the ranker's exact prompt format (agents/ranker.py `ranker_messages`).

Two sources:
- **feedback**: each logged response shown to a user, with what they did. The shown items are the
  candidates (labelled A, B, ...), the request and history are what the ranker saw (logged with the
  response), and each engaged item (click, purchase, like, rating >= 4) is a target label. A disliked
  item, else a shown item the user ignored, is the rejected label of a preference pair (DPO).
- **bootstrap**: an interactions file (e.g. MovieLens), before any traffic exists: for a user's later
  liked items, the history is what came before. The candidates are, by `tuning.negatives`:
  - `pipeline` (LlamaRec-style hard negatives, the default): the very window the ranker is given at
    inference, the pipeline's own top `window` for that history (the learned blend of every signal),
    kept only when it holds the answer; the signals' models are rebuilt without each user's last two
    items, so the answer is not leaked and `rec eval ranking`'s test item is never seen;
  - `dense`: half the history's nearest items (dense search over titles), half random catalog items,
    and the answer, in a seeded random order.

Feedback windows are shuffled too (seeded by the response id): in the shown order the engaged item is
nearly always first, and an adapter trained on that would only learn to trust the old order.

Examples are deduplicated, capped per user (newest kept), and split by time: the newest slice is held
out for the gate.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from rec.agents.ranker import LABELS, ranker_messages
from rec.schema import Candidate, Interaction, is_positive


@dataclass
class Example:
    messages: list[dict[str, str]]     # the ranker prompt (system + user)
    labels: list[str]                  # the window's labels, A.. in candidate order
    target: str                        # the label of the engaged item
    item_ids: list[str]                # candidate ids in label order
    user_id: str | None
    ts: float
    source: str                        # feedback | bootstrap
    rejected: str | None = None        # a label the user did not want (preference pairs)
    prior: list[float] | None = None   # the pipeline's own score of each label (the no-model blend), if known

    @property
    def key(self) -> str:
        return hashlib.sha256(json.dumps([self.messages, self.target]).encode()).hexdigest()

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Split:
    train: list[Example]
    heldout: list[Example]
    counts: dict[str, Any] = field(default_factory=dict)


def _candidates(items: Sequence[dict[str, Any]]) -> list[Candidate]:
    return [Candidate(item_id=str(i["item_id"]), title=str(i.get("title", i["item_id"])), score=0.0,
                      metadata={k: v for k, v in (i.get("metadata") or {}).items()}) for i in items]


def from_feedback(turns: Iterable[Any], counts: Counter | None = None) -> list[Example]:
    """Examples from logged turns (`FeedbackStore.logged()`)."""
    counts = counts if counts is not None else Counter()
    out: list[Example] = []
    for turn in turns:
        counts["responses"] += 1
        window = _candidates(turn.items[:len(LABELS)])
        if len(window) < 2 or not turn.events or "request" not in turn.context:
            continue   # nothing to learn, or logged before the ranker's inputs were (no exact prompt)
        # The shown order is the old ranker's: the engaged item would nearly always be A, and the adapter
        # would learn "trust the order". A shuffle seeded by the response id makes position meaningless.
        random.Random(turn.id).shuffle(window)
        ids = [c.item_id for c in window]
        labels = LABELS[:len(window)]
        engaged = list(dict.fromkeys(item for item, event, value, _ in turn.events if is_positive(event, value)))
        disliked = [item for item, event, _, _ in turn.events if event == "dislike"]
        touched = {item for item, *_ in turn.events}
        messages = ranker_messages(str(turn.context.get("request", "")), list(turn.context.get("history", [])),
                                   window)
        counts["negatives"] += len(disliked)
        last_ts = max(ts for *_, ts in turn.events)
        for item in engaged:
            if item not in ids:
                continue
            counts["positives"] += 1
            others = [i for i in [*disliked, *(i for i in ids if i not in touched)] if i != item and i not in engaged]
            rejected = labels[ids.index(others[0])] if others else None
            out.append(Example(messages, labels, labels[ids.index(item)], ids, turn.user_id, last_ts, "feedback",
                               rejected))
    return out


def from_interactions(rows: Iterable[Interaction], retriever: Any, *, window: int = 20, per_user: int = 2,
                      min_history: int = 3, max_users: int | None = None, seed: int = 0,
                      counts: Counter | None = None, progress: Callable[[int], None] | None = None
                      ) -> list[Example]:
    """Bootstrap examples from an interactions history: predict a user's next liked item.
    `progress(1)` is called per user."""
    counts = counts if counts is not None else Counter()
    users = _histories(rows)
    rng = random.Random(seed)
    catalog = retriever.store.item_ids(None, limit=int(retriever.store.read_manifest().get("items") or 0))
    out: list[Example] = []
    for user in sorted(users)[:max_users]:
        history = users[user]
        targets = [n for n, r in enumerate(history) if n >= min_history and r.positive][-per_user:]
        for n in targets:
            example = _bootstrap_example(retriever, catalog, history[:n], history[n], window, rng)
            if example is not None:
                out.append(example)
                counts["positives"] += 1
        if progress is not None:
            progress(1)
    counts["users"] = len(users)
    return out


def _bootstrap_example(retriever: Any, catalog: Sequence[str], before: Sequence[Interaction],
                       target: Interaction, window: int, rng: random.Random) -> Example | None:
    """Candidates: half the history's nearest neighbours (hard negatives), half random catalog items
    (so the answer is not simply the one item unlike the history), and the answer, all shuffled."""
    from rec.retrieval.store import public_metadata

    seen = list(dict.fromkeys(r.item_id for r in before))
    barred = {*seen, target.item_id}
    near = retriever.search(" ".join(retriever.titles(seen[-3:])), exclude_ids=barred, k=(window - 1) // 2,
                            sources=("text",)) if seen else []
    pool = [i for i in rng.sample(list(catalog), min(len(catalog), 4 * window))
            if i not in barred and i not in {c.item_id for c in near}]
    ids = [*(c.item_id for c in near), *pool[:window - 1 - len(near)], target.item_id]
    rng.shuffle(ids)
    meta = retriever.store.items([*ids, *seen[-5:]])
    titles = retriever.titles(seen[-5:], meta)
    if target.item_id not in meta or not titles:
        return None
    cands = [Candidate(item_id=i, title=str(meta[i]["title"]), score=0.0, metadata=public_metadata(meta[i]))
             for i in ids if i in meta]
    labels = LABELS[:len(cands)]
    ids = [c.item_id for c in cands]
    return Example(ranker_messages("", titles, cands), labels, labels[ids.index(target.item_id)], ids,
                   target.user_id, float(target.ts or 0.0), "bootstrap")


def from_pipeline(rows: Iterable[Interaction], retriever: Any, *, window: int = 20, per_user: int = 2,
                  min_history: int = 3, max_users: int | None = None, seed: int = 0, epochs: int = 40,
                  counts: Counter | None = None, progress: Callable[[int], None] | None = None) -> list[Example]:
    """Hard negatives, LlamaRec-style: the window the ranker gets at inference for a history prefix (the
    pipeline's top `window` in history mode), when it holds the item the user went on to like.

    Each user's last item is dropped (the held-out test item of `rec eval ranking`: never an input, never
    an answer), and the signals' models are built without the last item that is left either (the
    validation item), so the newest example of each user is clean; earlier targets (`per_user` > 1) were
    seen by the collaborative models, which only makes them likelier to be retrieved, never shown."""
    from rec.ranking.features import Context
    from rec.retrieval.behaviour import Behaviour

    counts = counts if counts is not None else Counter()
    users = {u: h[:-1] for u, h in _histories(rows).items() if len(h) > min_history + 1}
    chosen = sorted(users)[:max_users]
    fit = [r for u in users for r in users[u][:-1]]
    retriever.use(Behaviour.build(fit, sequential=epochs > 0, epochs=epochs))
    rng = random.Random(seed)
    out: list[Example] = []
    for user in chosen:
        history = users[user]
        for n in [n for n, r in enumerate(history) if n >= min_history and r.positive][-per_user:]:
            prefix = list(dict.fromkeys(r.item_id for r in history[:n]))
            pool = retriever.candidates(Context(history=prefix), mode="history", exclude_ids=prefix, k=window)
            counts["windows"] += 1
            if history[n].item_id not in {c.item_id for c in pool}:
                continue
            example = _pipeline_example(retriever, prefix, history[n], pool, rng)
            out.append(example)
            counts["positives"] += 1
        if progress is not None:
            progress(1)
    counts["users"] = len(chosen)
    counts["answer_in_window"] = round(counts["positives"] / max(counts["windows"], 1), 4)
    return out


def _histories(rows: Iterable[Interaction]) -> dict[str, list[Interaction]]:
    users: dict[str, list[Interaction]] = {}
    for row in rows:
        users.setdefault(row.user_id, []).append(row)
    return {u: sorted(h, key=lambda r: (r.ts or 0.0, r.item_id)) for u, h in users.items()}


def _pipeline_example(retriever: Any, prefix: Sequence[str], target: Interaction, pool: Sequence[Candidate],
                      rng: random.Random) -> Example:
    """The window in a seeded random order (its own order is the blend's, which `prior` keeps: a model
    trained on the blend's order would only learn to trust it), labelled as the ranker labels it."""
    window = list(pool)
    rng.shuffle(window)
    labels = LABELS[:len(window)]
    ids = [c.item_id for c in window]
    titles = retriever.titles(list(prefix[-5:]))
    return Example(ranker_messages("", titles, window), labels, labels[ids.index(target.item_id)], ids,
                   target.user_id, float(target.ts or 0.0), "pipeline", prior=[c.score for c in window])


def split(examples: Sequence[Example], *, eval_fraction: float = 0.2, cap_per_user: int = 50,
          trained_until: float = float("-inf"), counts: Counter | None = None) -> Split:
    """Deduplicate, cap per user (newest kept), then hold out the newest `eval_fraction` by time, never
    an example at or before `trained_until` (what earlier adapters trained on cannot judge them)."""
    counts = counts if counts is not None else Counter()
    unique: dict[str, Example] = {}
    for ex in examples:
        unique.setdefault(ex.key, ex)
    counts["duplicates"] = len(examples) - len(unique)
    per_user: dict[str | None, list[Example]] = {}
    for ex in sorted(unique.values(), key=lambda e: e.ts):
        per_user.setdefault(ex.user_id, []).append(ex)
    kept = [ex for exs in per_user.values() for ex in exs[-cap_per_user:]]
    counts["capped"] = len(unique) - len(kept)
    kept.sort(key=lambda e: (e.ts, e.key))
    cut = len(kept) - max(1, round(len(kept) * eval_fraction)) if len(kept) > 1 else len(kept)
    cut = max(cut, next((n for n, e in enumerate(kept) if e.ts > trained_until), len(kept)))
    train, heldout = kept[:cut], kept[cut:]
    counts.update({"examples": len(kept), "train": len(train), "heldout": len(heldout),
                   "pairs": sum(ex.rejected is not None for ex in train),
                   "users_in_train": len({ex.user_id for ex in train})})
    return Split(train, heldout, dict(counts))
