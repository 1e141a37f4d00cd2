"""Deterministic constraint hints: what the user's words state plainly about the catalog's fields.

Small models often miss "a 90s comedy" -> year 1990..1999 and genres contains
Comedy, or "under $40" -> price <= 40, though the words are unambiguous. Two
kinds are read here: numeric bounds (decades, years, prices) on the catalog's
numeric fields, and values of the catalog's categorical fields (those whose
every value the store's manifest lists, e.g. genres, color, category) named in
the request, negated ("no horror") or not. They are merged into the model's plan
only where the plan has no constraint on that field already (the model wins).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

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


_NEGATION = {"no", "not", "nothing", "without", "except", "excluding", "avoid", "never", "none", "hate", "dislike"}
_CLAUSE = {"|", "but", "maybe", "or", "and", "just", "only", "rather", "instead", "prefer", "preferably"}


def _norm(text: str) -> str:
    """Lower-case words; punctuation that ends a clause becomes "|" (a negation stops there)."""
    return " ".join(re.findall(r"[a-z0-9]+|[,.;:!?]", text.lower().replace("'s", ""))).translate(
        str.maketrans(",.;:!?", "||||||"))


def _negated(before: Sequence[str]) -> bool:
    for word in reversed(before[-3:]):
        if word in _CLAUSE:
            return False
        if word in _NEGATION:
            return True
    return False


# Derived forms people say instead of the value itself: "animated" for Animation, "romantic" for
# Romance, "thrilling" for Thriller. (suffix of the value, the forms that may replace it)
_DERIVED = (("ation", ("ation", "ations", "ated")), ("ance", ("ance", "ances", "antic")), ("er", ("er", "ers", "ing")))


def _value_pattern(value: str) -> re.Pattern | None:
    """Whole words, any of space/hyphen/nothing between them, a plural or a derived form allowed:
    "Sci-Fi" matches "sci fi", "scifi", "sci-fis"; "Comedy" matches "comedies"; "Animation"
    matches "animated"."""
    words = _norm(value).split()
    if not words or sum(map(len, words)) < 3:
        return None
    last = words[-1]
    derived = next(((suffix, forms) for suffix, forms in _DERIVED if last.endswith(suffix) and len(last) >= 6), None)
    if derived:
        suffix, forms = derived
        last = re.escape(last[:-len(suffix)]) + "(?:" + "|".join(forms) + ")"
    elif last.endswith("y"):
        last = last[:-1] + "(?:y|ies)"
    else:
        last = re.escape(last) + "(?:e?s)?"
    return re.compile(r"\b" + r"\s?".join([*map(re.escape, words[:-1]), last]) + r"\b")


def categorical_fields(fields: Mapping[str, Mapping]) -> dict[str, tuple[str, list[str]]]:
    """name -> (type, values) for the manifest's fields whose values are all listed (small vocabularies)."""
    out = {}
    for name, info in fields.items():
        top = info.get("top") or []
        textual = info.get("type") == "string" or (info.get("type") == "list" and info.get("items") == "string")
        if textual and name != "title" and top and info.get("distinct", 1e9) <= len(top):
            out[name] = (info["type"], [str(v) for v in top])
    return out


def value_hints(text: str, fields: Mapping[str, tuple[str, list[str]]], skip: Sequence[str] = ()) -> list[Constraint]:
    """Constraints for categorical values the text names: `contains`/`eq` (or `in` for several),
    `ne` when a negation word comes within three words before; a value right after "about" is a topic
    (left to the search text). `skip` are spans to ignore (titles the user named: "Star Wars" is not
    a request for war films)."""
    norm = _norm(text)
    for span in skip:
        if _norm(span):
            norm = re.sub(r"\b" + re.escape(_norm(span)) + r"\b", " ", norm)
    out: list[Constraint] = []
    for name, (kind, values) in fields.items():
        wanted, unwanted = [], []
        for value in values:
            pattern = _value_pattern(value)
            for m in pattern.finditer(norm) if pattern else ():
                before = norm[:m.start()].split()
                if before[-1:] == ["about"]:   # "a documentary about war": a topic for the search, not a genre
                    continue
                (unwanted if _negated(before) else wanted).append(value)
        wanted = [v for v in dict.fromkeys(wanted) if v not in unwanted]
        if len(wanted) == 1:
            out.append(Constraint(field=name, op="contains" if kind == "list" else "eq", value=wanted[0]))
        elif wanted:
            out.append(Constraint(field=name, op="in", value=wanted))
        out += [Constraint(field=name, op="ne", value=v) for v in dict.fromkeys(unwanted)]
    return out


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
    words. On categorical fields the plan's (often finer) reading wins."""
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
            continue
        merged += [c for c in said if c not in merged]
    return merged


def is_value(text: str, fields: Mapping[str, tuple[str, list[str]]]) -> bool:
    """Is the whole text one of the categorical values ("comedy", "sci-fi"), rather than a title
    that merely contains one ("Star Wars")?"""
    norm = _norm(text)
    return any((p := _value_pattern(v)) is not None and p.fullmatch(norm)
               for _, values in fields.values() for v in values)


def said_somewhere(c: Constraint, texts: Sequence[str]) -> bool:
    """Does any of the user's messages name this constraint's text value(s)?"""
    values = c.value if isinstance(c.value, list) else [c.value]
    patterns = [p for v in values if isinstance(v, str) and (p := _value_pattern(v))]
    return any(p.search(_norm(t)) for p in patterns for t in texts)


def ground(constraints: Sequence[Constraint], fields: Mapping[str, tuple[str, list[str]]],
           user_texts: Sequence[str]) -> tuple[list[Constraint], list[Constraint]]:
    """(kept, dropped): a constraint on a categorical field whose value the user never said is the
    model's invention ("something else" planned as genres contains Horror) and is dropped; the query
    text still carries the user's meaning to dense and lexical search."""
    kept, dropped = [], []
    for c in constraints:
        (dropped if c.field in fields and not said_somewhere(c, user_texts) else kept).append(c)
    return kept, dropped
