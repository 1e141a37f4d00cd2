"""Deterministic constraint hints: years, decades and price bounds read from the user's words.

Small models often miss "a 90s comedy" -> year 1990..1999 or "under $40" ->
price <= 40, though the words are unambiguous. These patterns are parsed here
and merged into the model's plan for fields the catalog really has, only where
the plan has no constraint on that field already (the model's reading wins).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rec.schema import Constraint

_DECADE = re.compile(r"\b(?:(1[89]|20)(\d)0|'?(\d)0)'?s\b", re.I)
_YEAR_BOUND = re.compile(r"\b(before|until|up to|after|since|from|in)\s+((?:1[89]|20)\d\d)\b", re.I)
_PRICE_BOUND = re.compile(r"\b(under|below|less than|cheaper than|over|above|more than|at least|at most)\s+"
                          r"\$?\s*(\d+(?:\.\d+)?)", re.I)
_OPS = {"before": "lt", "until": "lte", "up to": "lte", "after": "gt", "since": "gte", "from": "gte",
        "under": "lte", "below": "lt", "less than": "lt", "cheaper than": "lt", "at most": "lte",
        "over": "gt", "above": "gt", "more than": "gt", "at least": "gte"}


def _decade(match: re.Match) -> int:
    if match.group(1):
        return int(match.group(1) + match.group(2) + "0")
    short = int(match.group(3))
    return 1900 + short * 10 if short >= 2 else 2000 + short * 10  # '20s -> 1920s, 00s/10s -> 2000s/2010s


def hints(text: str, numeric_fields: Sequence[str]) -> list[Constraint]:
    """Constraints the text states plainly, over the catalog's numeric fields only."""
    year = next((f for f in numeric_fields if f.lower() in ("year", "release_year", "year_released")), None)
    price = next((f for f in numeric_fields if f.lower() in ("price", "cost")), None)
    out: list[Constraint] = []
    if year:
        for m in _DECADE.finditer(text):
            start = _decade(m)
            out += [Constraint(field=year, op="gte", value=start), Constraint(field=year, op="lte", value=start + 9)]
        for word, value in _YEAR_BOUND.findall(text):
            if word.lower() == "in":
                out.append(Constraint(field=year, op="eq", value=int(value)))
            else:
                out.append(Constraint(field=year, op=_OPS[word.lower()], value=int(value)))
    if price:
        for word, value in _PRICE_BOUND.findall(text):
            number = float(value)
            out.append(Constraint(field=price, op=_OPS[" ".join(word.lower().split())],
                                  value=int(number) if number.is_integer() else number))
    return out


def merge(plan_constraints: Sequence[Constraint], extra: Sequence[Constraint]) -> list[Constraint]:
    """The plan's constraints, plus hints on fields the plan does not constrain yet."""
    taken = {c.field for c in plan_constraints}
    merged = list(plan_constraints)
    for c in extra:
        if c.field not in taken and c not in merged:
            merged.append(c)
    return merged
