"""A kind of item implied by what a request is about, read from the catalog itself.

"a mafia film with tommy guns and bootleggers" names no genre, and neither the linker (no value's words,
no dictionary word for one) nor the shipped model can tell it is Crime. The catalog can: of the items
closest in meaning to the request, most are Crime films, where Crime is 7% of the catalog. This is
pseudo-relevance feedback, kept to what the evidence supports:
- only for the fields that say what kind of item it is (`planner.topic_fields`: a film's genres, a
  garment's category), never colour, brand or size, which co-occur with a kind ("bags" are one size,
  "jeans" denim) without being asked for; only where the words linked no value of that field; where
  the request names a title, only its words no value is linked to are searched with ("I've seen
  godfather like ten times, give me other gangster films": "seen ten times other gangster"), since
  what else it says mostly wraps the title ("loved Fargo, what else would i like?" found films with
  "Love" in their titles);
- the share is compared with the value's share *under the constraints already read* ("a 1930s film in
  an old hollywood mood": of the 1930s films), both counted in the same store;
- the evidence is the log-likelihood ratio of that share against the value's share, n·KL(q‖p) for n
  neighbours (the binomial tail is about exp(-evidence)); a value is implied when it reaches
  `planner.topic_evidence`, 6 by default: chosen on the phrasing suites 1-4 (365 conversations, `rec
  eval conversation`), where 6 fixed 13 and 10 fixed 8, neither broke one; set 5 was then run once.
  Four values a field are weighed, so about one request in a hundred whose neighbours agree by chance
  gets a kind it did not ask for. One value a message, the strongest.
The trace names the value and its evidence, so a wrong one can be seen and undone ("not a comedy").
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rec.errors import InputError
from rec.schema import Constraint


@dataclass(frozen=True, slots=True)
class Implied:
    field: str
    value: str
    share: float          # of the request's nearest items
    base: float           # of the items the other constraints allow
    evidence: float       # n·KL(share ‖ base)

    def constraint(self, kind: str) -> Constraint:
        return Constraint(field=self.field, op="contains" if kind == "list" else "eq", value=self.value)


def evidence(hits: int, n: int, base: float) -> float:
    """n·KL(q‖p) for q = hits/n against p = base (0 where q does not exceed p)."""
    if not n or base <= 0 or hits / n <= base:
        return 0.0
    q = hits / n
    kl = q * math.log(q / base)
    if q < 1:
        kl += (1 - q) * math.log((1 - q) / (1 - base))
    return n * kl


class TopicInference:
    """`implied(text, constraints)`: the kind of item the request's neighbours in the catalog agree on."""

    def __init__(self, retriever: Any, fields: Mapping[str, tuple[str, list[str]]], topic_fields: Sequence[str],
                 *, depth: int = 20, min_evidence: float | None = 6.0):
        self.retriever = retriever
        self.fields = {f: fields[f] for f in topic_fields if f in fields}
        self.depth, self.min_evidence = depth, min_evidence
        self._counted: dict[tuple[Any, str], int] = {}

    def implied(self, text: str, constraints: Sequence[Constraint], closed: Collection[str] = (),
                loose: Collection[tuple[str, str]] = ()) -> Implied | None:
        """The strongest kind the request's neighbours agree on, for a field neither the constraints set nor
        the user let go of (`closed`: "any genre"). A value ruled out only by words close to it in meaning
        (`loose`) does not close it: "non-fiction, nothing scripted" (Drama) still implies one; "not a romance"
        closes it."""
        open_fields = {f for f in self.fields if f not in closed and not any(
            c.field == f and not (c.op == "ne" and (c.field, str(c.value)) in loose) for c in constraints)}
        found = [x for values in self.weighed(text, constraints, open_fields).values() for x in values]
        return max((x for x in found if x.evidence >= (self.min_evidence or 0)), key=lambda x: x.evidence, default=None)

    def weighed(self, text: str, constraints: Sequence[Constraint], fields: Collection[str],
                also: Collection[str] = ()) -> dict[str, list[Implied]]:
        """For each of the `fields`, the four values commonest among the request's neighbours within the
        constraints, and the values `also` names, with their evidence (none where nothing is implied at all:
        no text, too few items)."""
        if not fields or not text.strip() or self.min_evidence is None:     # None: nothing is implied
            return {}
        try:
            where = self.retriever.where_for(list(constraints))
        except InputError:
            return {}
        hits = self.retriever.search(text, where=where, k=self.depth, sources=("text",))
        if len(hits) < self.depth // 2:
            return {}
        out: dict[str, list[Implied]] = {}
        for field in sorted(set(fields) & set(self.fields)):
            counts = self._counts(hits, field)
            values = self.fields[field][1]
            weigh = dict.fromkeys([*(v for v, _ in counts.most_common(4)), *(v for v in also if v in values)])
            out[field] = [Implied(field, v, counts[v] / len(hits), base, evidence(counts[v], len(hits), base))
                          for v in weigh for base in [self._share(constraints, field, v)]]
        return out

    def _counts(self, hits: Sequence[Any], field: str) -> Counter:
        values = self.fields[field][1]
        counts: Counter = Counter()
        for h in hits:
            got = h.metadata.get(field)
            counts.update(v for v in (got if isinstance(got, list) else [got]) if v in values)
        return counts

    def _share(self, constraints: Sequence[Constraint], field: str, value: str) -> float:
        """The value's share of the items the constraints allow (all items without constraints)."""
        within = self.count(list(constraints))
        kind = self.fields[field][0]
        one = Constraint(field=field, op="contains" if kind == "list" else "eq", value=value)
        return self.count([*constraints, one]) / within if within else 0.0

    def count(self, constraints: list[Constraint], excluding: frozenset[str] = frozenset()) -> int:
        """Items satisfying the constraints, less those `excluding` names, counted once a version of the store."""
        store = self.retriever.store
        manifest = store.read_manifest()
        key = (manifest.get("updated_at"), "|".join(sorted(c.model_dump_json() for c in constraints)),
               "|".join(sorted(excluding)))
        if key not in self._counted:
            if len(self._counted) > 10_000:       # a long-running server sees many plans: keep the memory bounded
                self._counted.clear()
            limit = int(manifest.get("items") or 0) or 1_000_000
            ids = store.item_ids(self.retriever.where_for(constraints), limit=limit)
            self._counted[key] = len(set(ids) - excluding)
        return self._counted[key]
