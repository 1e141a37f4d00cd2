"""Merging what the words state (`grammar.py`, `links.py`) with the model's plan.

Small models often miss "a 90s comedy" -> year 1990..1999 and genres contains Comedy, or "under $40"
-> price <= 40, though the words are unambiguous; they also invent values nobody said. The words'
bounds always hold against a looser model bound; on a categorical field the words' values replace the
model's; a categorical value the user never said (in words or meaning) is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rec.agents.links import ValueLinker
from rec.schema import Constraint

_NEW_ONES = re.compile(r"\b(?:other|others|else|more|different|another|new ones|next)\b", re.I)


def wants_new_items(text: str) -> bool:
    """"more", "something else", "other ones": items already shown in the thread should not come back.
    A plain refinement ("only older ones", "cheaper") may keep shown items that still fit."""
    return bool(_NEW_ONES.search(text))


def _bounds(constraints: Sequence[Constraint]) -> tuple[float, float] | None:
    """The numeric interval a set of constraints on one field allows (None if not purely numeric bounds)."""
    lo, hi = float("-inf"), float("inf")
    for c in constraints:
        if isinstance(c.value, bool) or not isinstance(c.value, int | float):
            return None
        v = float(c.value)
        if c.op in ("gt", "gte", "eq"):
            lo = max(lo, v + (1e-9 if c.op == "gt" else 0.0))
        if c.op in ("lt", "lte", "eq"):
            hi = min(hi, v - (1e-9 if c.op == "lt" else 0.0))
        if c.op not in ("gt", "gte", "lt", "lte", "eq"):
            return None
    return lo, hi


def _number(c: Constraint) -> float | None:
    return None if isinstance(c.value, bool) or not isinstance(c.value, int | float) else float(c.value)


# A bound's strength per direction: a larger key is stricter. "lt 50" beats "lte 50"; "eq 50" bounds both ways.
_LOWER = {"gt": 1, "gte": 0, "eq": 0}
_UPPER = {"lt": 1, "lte": 0, "eq": 0}


def _strength(c: Constraint, side: dict[str, int]) -> tuple[float, int] | None:
    v = _number(c)
    if v is None or c.op not in side:
        return None
    return (v if side is _LOWER else -v, side[c.op])


def _hold(merged: list[Constraint], bound: Constraint) -> list[Constraint]:
    """`merged` with the user's numeric `bound` in force: the model's looser bounds on that field and
    direction go, a stricter (or as strict) one stays and makes the user's redundant."""
    out, implied = [], False
    for c in merged:
        looser = False
        if c.field == bound.field and c.op != "eq":
            for side in (_LOWER, _UPPER):
                mine, theirs = _strength(c, side), _strength(bound, side)
                if mine is not None and theirs is not None:
                    looser = mine < theirs
                    implied = implied or (not looser and bound.op != "eq")
        if not looser:
            out.append(c)
    return out if implied or bound in out else [*out, bound]


def merge(plan_constraints: Sequence[Constraint], extra: Sequence[Constraint]) -> list[Constraint]:
    """The plan's constraints, plus hints on fields the plan does not constrain yet. Where both speak
    of one numeric field, a bound the user stated always holds: the model's bound in the same direction
    stays only if it is as strict or stricter ("late 90s" as year >= 1995 stays, "under 50" planned as
    price <= 1000 becomes price <= 50), since a looser one would serve what the user ruled out. A plan
    that contradicts the words outright ("a 90s comedy" planned as year < 1990) loses that field to the
    words. On a field the words name values of (a genre, a color), the words' reading replaces the
    model's: "romantic comedies" is Romance and Comedy, however the model read it, and "dramas that
    aren't from the nineties" rules out no drama."""
    merged = list(plan_constraints)
    for name in dict.fromkeys(c.field for c in extra):
        said = [c for c in extra if c.field == name]
        planned = [c for c in merged if c.field == name]
        theirs = _bounds(said)
        if planned and theirs is not None and theirs[0] <= theirs[1]:
            both = _bounds(planned + said)
            if both is not None and both[0] > both[1]:      # the plan contradicts the words: the words win
                merged = [c for c in merged if c.field != name]
            else:
                for bound in said:
                    merged = _hold(merged, bound)
                continue
        elif planned:
            merged = [c for c in merged if c.field != name]
        merged += [c for c in said if c not in merged]
    return merged


def ground(constraints: Sequence[Constraint], linker: ValueLinker,
           user_texts: Sequence[str]) -> tuple[list[Constraint], list[Constraint]]:
    """(kept, dropped): a constraint on a categorical field whose value the user never said (in words or
    in meaning: "science fiction" says Sci-Fi) is the model's invention ("something else" planned as
    genres contains Horror) and is dropped; the query text still carries the user's meaning to search."""
    said = linker.linked_values(user_texts)
    kept, dropped = [], []
    for c in constraints:
        values = c.value if isinstance(c.value, list) else [c.value]
        invented = c.field in linker.fields and not any((c.field, str(v)) in said for v in values)
        (dropped if invented else kept).append(c)
    return kept, dropped
