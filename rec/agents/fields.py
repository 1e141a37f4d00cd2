"""The store's numeric fields as the request grammar sees them: which is the year, the price and the score,
their ranges, and the words a field is said by ("300 ratings", "rated above 4")."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class NumericFields:
    """The store's numeric fields as the grammar needs them: which is the year, which the price,
    and every field's range (a bound is only read for a field whose range can hold it)."""

    ranges: Mapping[str, tuple[float, float]]
    year: str | None = None
    price: str | None = None
    rating: str | None = None      # the items' score ("rating_mean", "stars"), not how many gave it: by its name
    whole: frozenset[str] = frozenset()     # fields of whole numbers only (counts): "3.5" is none of theirs

    def __post_init__(self) -> None:
        if self.rating is None:
            scores = [n for n in self.ranges if re.search(r"rating|score|stars", n.lower())
                      and not re.search(r"count|num|votes|total", n.lower())]
            object.__setattr__(self, "rating", scores[0] if len(scores) == 1 else None)

    @classmethod
    def from_manifest(cls, fields: Mapping[str, Mapping]) -> NumericFields:
        ranges = {n: (float(i.get("min", 0)), float(i.get("max", 0))) for n, i in fields.items()
                  if i.get("type") == "number"}
        named = {n.lower().replace("-", "_"): n for n in ranges}
        year = next((named[k] for k in ("year", "release_year", "year_released", "published", "publication_year")
                     if k in named), None)
        year = year or next((n for n, (lo, hi) in ranges.items() if lo >= 1000 and hi <= 2100 and lo.is_integer()
                             and "year" in n.lower()), None)
        price = next((named[k] for k in ("price", "cost", "price_usd", "amount") if k in named), None)
        whole = frozenset(n for n in ranges if all(isinstance(fields[n].get(k), int) for k in ("min", "max")))
        return cls(ranges, year, price, whole=whole)


def as_number(v: float) -> int | float:
    """A whole number as an int ("4", not "4.0"), any other as it is."""
    return int(v) if float(v).is_integer() else v


def century(yy: int, fields: NumericFields) -> float | None:
    """A two-digit year ("'97", "sixty-five") in the century that puts it inside the year field's range."""
    lo, hi = fields.ranges.get(fields.year or "", (0.0, 0.0))
    return next((float(c + yy) for c in (1900, 2000) if lo <= c + yy <= hi), None)


def head_word(name: str) -> str:
    """A field name's first word, singular: "ratings_count" -> "rating"."""
    words = re.findall(r"[a-z]+", name.lower())
    return words[0].rstrip("s") if words else ""


_COUNTS = {"count", "counts", "num", "number", "total", "n"}


def mention(name: str) -> str:
    """How a numeric field is said: its name ("rating mean"), its head word, plural for a count ("300
    ratings" for ratings_count) and singular otherwise ("a rating of 4" for rating_mean), and "rated" or
    "stars" for a rating that is no count."""
    words = re.findall(r"[a-z]+", name.lower())
    if not words:
        return r"(?!)"
    alts = [r"[\s_-]+".join(map(re.escape, words)).removesuffix("s")]     # "rating mean", "rating_mean"
    head, counts = head_word(name), bool(set(words[1:]) & _COUNTS)
    if len(words) > 1:
        alts.append(rf"(?<!\bthe\s){re.escape(head)}s(?!\s+of\b)" if counts
                    else rf"{re.escape(head)}(?:(?!s)|s(?=\s+of\b))")
        #                 "ratings of 4 plus": what the ratings are ("300 ratings", "the number of ratings": a count);
        #                 "between 3 and 4 in the ratings": the ratings themselves, no count
    if counts and head in ("rating", "review", "vote", "score"):
        alts.append(r"vot(?:es|ers|ed)|reviews|reviewers|raters")      # "a hundred votes behind it", "150 people
        #                                                                 who have voted"
    if head == "rating" and not counts:
        alts.append(r"rate[ds]?|stars?")           # "rated above 4", "4 stars", "ones people rate well"
    if "mean" in words:
        alts.append(r"averag(?:e|es|ed|ing)|avg|scor(?:e|es|ed|ing)")    # "an average rating below 3.5", "averaging
        #                                                                    4.3", "scoring 4.2 or higher"
    return r"\b(?:" + "|".join(alts) + ")"
