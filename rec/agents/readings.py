"""Reconciling the numeric readings of one message (`grammar.numeric_hints`) into the constraints it means.

A bound said in a reason gives way to one the request says of the field; a range both asked for and refused is
refused; a bound said before a correction is taken back; single values said as alternatives are one choice; bounds
no item can meet together leave the later standing; a span ruled out beside a bound on one side of it is the other
side; a total budget is shared by the number of items or people it pays for; bounds said to be exclusive are strict;
of a strict and a loose bound at one value, the strict stands.
"""

from __future__ import annotations

import re

from rec.agents.corrections import CORRECTION
from rec.agents.fields import NumericFields
from rec.schema import Constraint

Found = list[tuple[int, int, list[Constraint]]]
"""Readings by where they were said: (start, end, constraints)."""

# A budget said as a total: "90 quid all in", "£60 for the lot", "100 total" (`_per_item`: shared by a count)
TOTALS = ("all in", "in total", "total", "altogether", "all told", "for the lot", "for all of them", "to spend",
          "between them")


class Outside(Constraint):
    """A span of a continuous field ruled out ("not between 100 and 200"): no conjunction of bounds says it, so
    it constrains nothing alone; beside a bound on one side of it, it is the other side (`_outside`)."""


def reconcile(found: Found, text: str, fields: NumericFields) -> list[Constraint]:
    """The constraints a message's readings mean together, in the order they were said. `text`: the words with
    numbers as digits."""
    found = _either(_corrected(_refusal_stands(_reasons_give_way(sorted(found, key=lambda x: x[0]), text)), text),
                    text)
    return _tightest(_exclusive(text, _per_item(text, _outside([c for _, _, cs in _consistent(found) for c in cs]),
                                                fields)))


# A reason given for the request, up to its sentence's end: "... because", "since my students ...", "as I picked",
# "- my dad only ever put on ...", "even though", "unlike the 1990s stuff" (not "since 1990": a bound)
_WHO = r"(?:i|you|he|she|we|they|it|my|his|her|our|their|that\s*['\u2019]?s|that\s+is|there)"
_REASON = re.compile(rf"(?:\b(?:because|cos|coz|cause|cuz|bc|b/c|seeing\s+as|even\s+though|unlike)\b"
                     rf"|\bsince\s+(?={_WHO}\b)|(?<!long )(?<!soon )(?<!well )(?<!far )(?<!much )\bas\s+(?={_WHO}\b)"
                     r"|\s[-\u2013\u2014]+\s*(?=(?:my|his|her|our|their)\b))(?:(?!\b(?:but|so)\b)[^.;!?])*")
#   (not "as long as it's", nor a dash before "I": "the 70s. Sorry, no - I meant the 80s"; up to a "but" or "so")


def _reasons_give_way(found: Found, text: str) -> Found:
    """The readings less those said in a reason for the request where the request itself bounds the same field:
    in "a movie from the 80s, since I grew up then, even though my parents played records from the 50s" or
    "nothing before 1980 - my dad only put on films from the 50s" the 50s explain, they ask for nothing."""
    spans = [m.span() for m in _REASON.finditer(text)]

    def within(x: tuple[int, int, list[Constraint]]) -> bool:
        return any(s <= x[0] and x[1] <= e for s, e in spans)

    asked = {c.field for x in found if not within(x) for c in x[2]}
    return [x for x in found if not within(x) or not {c.field for c in x[2]} <= asked]


def _tightest(said: list[Constraint]) -> list[Constraint]:
    """Of two bounds on one side of a field at one value, the strict one: "under a ton? can't be spending more than
    that" is under 100 once."""
    loose = {(c.field, str(c.value), op) for op, strict in _STRICT.items() for c in said if c.op == strict}
    return [c for c in said if (c.field, str(c.value), c.op) not in loose]


_STRICT = {"gte": "gt", "lte": "lt"}


def _exclusive(text: str, said: list[Constraint]) -> list[Constraint]:
    """Bounds said to be exclusive are strict: "between 1960 and 1970, both bounds exclusive" is after 1960 and
    before 1970 ("inclusive", the default, changes nothing)."""
    if not re.search(r"\b(?:exclusive|non-?inclusive|not\s+inclusive)\b", text):
        return said
    return [Constraint(field=c.field, op=_STRICT[c.op], value=c.value) if c.op in _STRICT else c for c in said]


def _outside(said: list[Constraint]) -> list[Constraint]:
    """A ruled-out span beside a bound on one side of it is the other side: "a bag, but not between 100 and
    200, and I'm not going over 200 either" is under 100; alone it says nothing."""
    out = [c for c in said if not isinstance(c, Outside)]
    for span in (c for c in said if isinstance(c, Outside)):
        lo, hi = span.value
        bounds = [c for c in out if c.field == span.field and isinstance(c.value, int | float)]
        if any(c.op in ("lt", "lte") and c.value <= hi for c in bounds):
            out.append(Constraint(field=span.field, op="lt", value=lo))
        elif any(c.op in ("gt", "gte") and c.value >= lo for c in bounds):
            out.append(Constraint(field=span.field, op="gt", value=hi))
    return out


# How many items a total pays for: "the same hoodie for my three lads", "two pairs", "for the 3 of them"
_COUNTED = re.compile(r"(?<!size )(?<!sz )(?<!uk )(?<!eu )(?<!us )(?<!waist )(?<![\d.$\u00a3\u20ac])\b(?P<n>[2-9])\s+"
                      r"(?!(?:stars?|ratings?|years?|yrs?|months?|quid|pounds?|dollars?|bucks?|euros?|rupees?|sizes?"
                      r"|or|and|to|percent|pm|am|o)\b)[a-z]+")


def _per_item(text: str, found: list[Constraint], fields: NumericFields) -> list[Constraint]:
    """A price budget said as a total for a counted number of items or people is each one's share: "the same
    hoodie for my three lads, 90 quid all in for the lot" is 30 a hoodie. `text`: the words with numbers as
    digits."""
    total = re.search(rf"\d\s*(?:[a-z$\u00a3\u20ac]+\s+)?(?:{'|'.join(map(re.escape, TOTALS))})\b", text)
    count = _COUNTED.search(text)
    if total is None or count is None or fields.price is None:
        return found
    n = int(count.group("n"))

    def share(value: float) -> float:
        return round(value / n, 2) if value % n else int(value) // n

    return [Constraint(field=c.field, op=c.op, value=share(float(c.value)))
            if c.field == fields.price and c.op in ("lt", "lte") and isinstance(c.value, int | float) else c
            for c in found]


def _refusal_stands(found: Found) -> Found:
    """A range one message both asks for and refuses ("I've seen every nineties one going, so keep the 90s out
    of it"): the refusal stands, the mention is no wish."""
    refused = {(c.field, tuple(c.value)) for _, _, cs in found for c in cs
               if c.op == "nin" and not isinstance(c, Outside)}

    def asks_refused(cs: list[Constraint]) -> bool:
        lo = next((c.value for c in cs if c.op == "gte"), None)
        hi = next((c.value for c in cs if c.op == "lte"), None)
        return (isinstance(lo, int) and isinstance(hi, int)
                and (cs[0].field, tuple(range(lo, hi + 1))) in refused)

    return [x for x in found if not asks_refused(x[2])] if refused else found


def _corrected(found: Found, text: str) -> Found:
    """A bound said before a correction that bounds the same field after it is taken back: "from the sixties, no
    wait, I mean the eighties"."""
    for m in CORRECTION.finditer(text):
        later = {c.field for s, _, cs in found if s >= m.end() for c in cs}
        found = [(s, e, cs) for s, e, cs in found if not (e <= m.start() and {c.field for c in cs} & later)]
    return found


def _interval(cs: list[Constraint]) -> tuple[float, float]:
    lo, hi = float("-inf"), float("inf")
    for c in cs:
        if isinstance(c.value, (int, float)) and c.op in ("eq", "gte", "gt"):
            lo = max(lo, c.value + (1e-9 if c.op == "gt" else 0))
        if isinstance(c.value, (int, float)) and c.op in ("eq", "lte", "lt"):
            hi = min(hi, c.value - (1e-9 if c.op == "lt" else 0))
    return lo, hi


def _consistent(found: Found) -> Found:
    """Bounds of one field no item can meet together: the later stands ("the war started in 1939, so 1938 at
    the very latest"; said with no correction word, the last word is still the user's)."""
    out: Found = []
    for start, end, cs in found:
        for field in {c.field for c in cs}:
            mine = [c for c in cs if c.field == field]
            before = [c for _, _, old in out for c in old if c.field == field]
            points = all(c.op == "eq" for c in [*mine, *before])     # "one from 1994 and one from 1995": two wishes
            lo, hi = _interval([*mine, *before])
            if lo > hi and not points:
                out = [(s, e, [c for c in old if c.field != field]) for s, e, old in out]
        out.append((start, end, cs))
    return [x for x in out if x[2]]


def _either(found: Found, text: str) -> Found:
    """Single values of one field said as alternatives are one constraint: "either in 1997 or in 1998"."""
    out: Found = []
    for start, end, cs in found:
        last = out[-1][2] if out else []
        if (len(cs) == len(last) == 1 and cs[0].op == "eq" and last[0].op in ("eq", "in")
                and cs[0].field == last[0].field
                and re.fullmatch(r"[\s,/]*(?:or|nor)\s+(?:(?:in|from|of)\s+)?", text[out[-1][1]:start])):
            values = [*(last[0].value if last[0].op == "in" else [last[0].value]), cs[0].value]
            out[-1] = (out[-1][0], end, [Constraint(field=cs[0].field, op="in", value=values)])
        else:
            out.append((start, end, cs))
    return out
