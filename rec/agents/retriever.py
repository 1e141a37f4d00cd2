"""Retriever agent: a Plan -> a bounded candidate set, through the retrieval package.

It resolves the titles the user named (reference items, exclusions) to catalog
ids by search — never trusting the model's spelling — turns hard constraints
into filters, removes what the user has seen, named or ruled out, and asks for
"more like" the references and the user's history. If the hard filters leave
nothing, it finds which constraint emptied the set and says so; only soft
preferences are ever relaxed, never a hard constraint.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from rec.agents.titles import Hit, Search, TitleIndex, resolve, title_key
from rec.errors import InputError
from rec.ranking.blend import Mode, mode_of
from rec.ranking.features import Context
from rec.retrieval.search import Retriever
from rec.schema import Candidate, Constraint, Plan


@dataclass
class Retrieval:
    candidates: list[Candidate]
    where: dict | None
    reference_ids: list[str] = field(default_factory=list)
    excluded_ids: list[str] = field(default_factory=list)
    dropped_constraints: list[str] = field(default_factory=list)   # invalid ones (unknown field, bad value)
    empty_reason: str | None = None


def norm_title(title: str) -> str:
    """A title as compared (see `titles.title_key`): "The Matrix" and "Matrix, The (1999)" meet."""
    return title_key(title)


def title_search(retriever: Retriever, year_field: str | None = "year") -> Search:
    """The search `titles.resolve` compares titles over: the store's titles in memory (`TitleIndex`,
    built on first use and again when the store changes), each with its year (from `year_field`) to pick
    between equal titles."""
    def search(text: str) -> list[Hit]:
        return title_index(retriever, year_field).search(text)

    return search


_TITLE_INDEXES: WeakKeyDictionary[Retriever, tuple[object, TitleIndex]] = WeakKeyDictionary()


def title_index(retriever: Retriever, year_field: str | None = "year") -> TitleIndex:
    """The `TitleIndex` of the retriever's store, kept while the store's version (its signature) holds."""
    version = (retriever.store.signature(), year_field)
    cached = _TITLE_INDEXES.get(retriever)
    if cached is None or cached[0] != version:
        hits = (Hit(m["item_id"], str(m.get("title") or ""), _year(m.get(year_field) if year_field else None))
                for m in retriever.store.item_metadata())
        cached = _TITLE_INDEXES[retriever] = (version, TitleIndex(hits))
    return cached[1]


def _year(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def resolve_titles(retriever: Retriever, titles: Iterable[str]) -> dict[str, str]:
    """title as said -> catalog id, only when the catalog has that title (typos, articles and a year
    tolerated; `titles.resolve`)."""
    search = title_search(retriever)
    return {title: hit.item_id for title in titles if (hit := resolve(title, search)) is not None}


def _valid_where(retriever: Retriever, constraints: Sequence[Constraint]) -> tuple[list[Constraint], list[str]]:
    kept, dropped = [], []
    for c in constraints:
        try:
            retriever.where_for([c])
            kept.append(c)
        except InputError as e:
            dropped.append(f"{c.field} {c.op} {c.value!r}: {e}")
    return kept, dropped


def retrieve(retriever: Retriever, plan: Plan, *, history: Sequence[str] = (), seen_ids: Iterable[str] = (),
             liked_ids: Sequence[str] = (), k: int = 40, mode: Mode | None = None,
             resolved: tuple[Sequence[str], Sequence[str]] | None = None, year: str | None = None) -> Retrieval:
    """Candidates for `plan`, scored by the store's learned blend. `history`: the user's items, oldest
    first (the personal signals start from it); `seen_ids` are never returned; `liked_ids` (items the
    user liked in this conversation) join the plan's reference items as "more like these". `mode`:
    which of the blend's weight sets applies (default: from the words and the history). `resolved`: the
    (reference, exclusion) ids the planner already resolved; without it the plan's titles are searched.
    `year`: the store's year field, which with the title and the words tells one item listed twice (`distinct`)."""
    if resolved is not None:
        refs, ruled_out = {f"ref:{i}": i for i in resolved[0]}, {f"out:{i}": i for i in resolved[1]}
    else:
        refs, ruled_out = resolve_titles(retriever, plan.reference_items), resolve_titles(retriever, plan.exclusions)
    refs.update({f"liked:{i}": i for i in liked_ids if i not in refs.values()})
    excluded = sorted(set(seen_ids) | set(refs.values()) | set(ruled_out.values()))
    constraints, dropped = _valid_where(retriever, plan.hard_constraints)
    where = retriever.where_for(constraints)
    query = " ".join([plan.query, *plan.soft_preferences]).strip()
    out = Retrieval([], where, list(refs.values()), excluded, dropped)
    ctx = Context(query=query, history=list(history), references=list(refs.values()))
    mode = mode or mode_of(bool(query), bool(history))
    found = retriever.candidates(ctx, mode=mode, where=where, exclude_ids=excluded, k=k)
    out.candidates = distinct(found, year, retriever.store.items([*refs.values(), *ruled_out.values()]).values())
    if not out.candidates and constraints:
        out.empty_reason = _culprit(retriever, constraints, excluded)
    return out


def distinct(candidates: Sequence[Candidate], year: str | None = None,
             named: Iterable[dict[str, Any]] = ()) -> list[Candidate]:
    """The candidates less a second listing of one item, and any item with the title of one the user named
    (`named`: their metadata; a title they named never comes back, "the Velvik navy denim jeans" in another
    size run either). One item: the same title, the same words in every field (genres, colour, sizes...)
    and the same year; MovieLens lists "Chasing Amy" (1997) under two ids. Items that differ in any word
    (another size run, another style) or the year stay; numbers alone (counts, ratings, a price) make no
    other item."""
    def key(title: str, meta: dict[str, Any]) -> str:
        said = {f: v for f, v in meta.items() if f not in ("item_id", "title", "kind") and not f.startswith("_")
                and (isinstance(v, str | list) or f == year)}
        return json.dumps([title.casefold(), said], sort_keys=True, default=str)

    titles = {str(m.get("title", "")).casefold() for m in named}
    seen: set[str] = set()
    out = []
    for c in candidates:
        if (k := key(c.title, c.metadata)) not in seen and c.title.casefold() not in titles:
            seen.add(k)
            out.append(c)
    return out


def _culprit(retriever: Retriever, constraints: Sequence[Constraint], excluded: Sequence[str]) -> str:
    """Name the hard constraint that empties the catalog on its own, else say it is the combination."""
    for c in constraints:
        if not _count(retriever, [c], excluded):
            return f"no item satisfies {c.field} {c.op} {c.value!r}"
    return "no item satisfies all of: " + "; ".join(f"{c.field} {c.op} {c.value!r}" for c in constraints)


def _count(retriever: Retriever, constraints: Sequence[Constraint], excluded: Sequence[str], cap: int = 50) -> int:
    ids = retriever.store.item_ids(retriever.where_for(constraints), limit=len(excluded) + cap)
    return len(set(ids) - set(excluded))


def relaxation(retriever: Retriever, constraints: Sequence[Constraint], excluded: Sequence[str] = (),
               keep: Collection[str] = ()) -> tuple[str, list[Constraint]] | None:
    """The smallest change that brings items back when the hard constraints leave none: a numeric range
    moved to the nearest window of the same width that has items ("the 1950s have 12"), else one field's
    constraints dropped: a bound before a value ("a black coat under 130" offers black coats at any price), the
    fields in `keep` (what kind of item it is: not black things under 130) only where nothing else works, and
    among equals the one that leaves the most. (what to say, the constraints to offer)."""
    fields = list(dict.fromkeys(c.field for c in constraints))
    options: list[tuple[bool, bool, int, str, list[Constraint]]] = []
    for name in fields:
        rest = [c for c in constraints if c.field != name]
        mine = [c for c in constraints if c.field == name]
        for shifted, label in _shifts(mine):
            if (n := _count(retriever, [*rest, *shifted], excluded)):
                options.append((True, True, n + 1000, f"with {label} there are {_some(n)}", [*rest, *shifted]))
                break
        if rest and (n := _count(retriever, rest, excluded)):
            bound = all(c.op in ("lt", "lte", "gt", "gte") for c in mine)
            options.append((name not in keep, bound, n, f"without {_said(mine)} there are {_some(n)}", rest))
    if not options:
        return None
    *_, text, offered = max(options, key=lambda o: o[:3])
    return f"Nothing matches {_said(constraints)}; {text}. Want those?", offered


def _shifts(mine: Sequence[Constraint]) -> list[tuple[list[Constraint], str]]:
    """A closed numeric range (gte lo, lte hi) moved by its own width, nearest first."""
    lo = next((c for c in mine if c.op == "gte" and isinstance(c.value, int | float)), None)
    hi = next((c for c in mine if c.op == "lte" and isinstance(c.value, int | float)), None)
    if lo is None or hi is None or len(mine) != 2:
        return []
    width = float(hi.value) - float(lo.value) + 1
    out = []
    for step in (1, -1, 2, -2, 3, -3):
        a, b = float(lo.value) + step * width, float(hi.value) + step * width
        a, b = (int(a), int(b)) if float(a).is_integer() and float(b).is_integer() else (a, b)
        out.append(([lo.model_copy(update={"value": a}), hi.model_copy(update={"value": b})],
                    f"{lo.field} {a}-{b}"))
    return out


def _said(constraints: Sequence[Constraint]) -> str:
    return ", ".join(f"{c.field} {_OPS.get(c.op, c.op)} {c.value}" for c in constraints)


def _some(n: int) -> str:
    return f"{n}" if n < 50 else "50 or more"


_OPS = {"eq": "=", "ne": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "in": "in", "nin": "not in",
        "contains": "has"}
