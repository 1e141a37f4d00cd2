"""Scores said in words: on another scale ("8 out of 10"), bare ("a 4 star drama") or as praise ("highly
rated"), read into a bound on the store's score field (`NumericFields.rating`)."""

from __future__ import annotations

import re

from rec.agents.fields import NumericFields, as_number
from rec.agents.negation import negated
from rec.schema import Constraint

# a score said with no comparator: "a 4 star drama", "rated 3.5 out of 5", "with a rating of 4"
BARE_SCORE = re.compile(r"\b(?:(?:rated|scored|scoring|(?:a\s+)?(?:rating|score)\s+of)\s+(?:an?\s+)?"
                         r"(?P<r>\d(?:\.\d+)?)(?:\s*outof\d+|[\s-]*stars?)?|(?P<s>\d(?:\.\d+)?)[\s-]*stars?)\b"
                         r"(?![\s-]*(?:ratings?|reviews?|votes?))")


_SCALES = (5, 10, 100)       # the scales a score is said out of


def on_the_store_scale(text: str, fields: NumericFields) -> str:
    """A score said out of a larger scale than the store's score field keeps, put on the field's: "8 out of 10"
    is 4 out of 5 where ratings go to 5 (and "80 out of 100" too), both ends of a range that says it once ("between 6
    and 8 out of 10") or twice ("6/10 to 8/10")."""
    if fields.rating is None:
        return text
    top = fields.ranges[fields.rating][1]
    own = next((s for s in _SCALES if top <= s), None)

    def rescale(m: re.Match) -> str:
        said, scale = [float(n) for n in m.group(1, 3) if n], int(m.group(4))
        if own is None or scale <= own or max(said) > scale:
            return m.group(0)
        ends = [as_number(round(n * own / scale, 2)) for n in said]
        return f"{ends[0]}{m.group(2)}{ends[1]} outof{own}" if len(ends) == 2 else f"{ends[0]} outof{own}"
    text = re.sub(r"\b(\d+(?:\.\d+)?) outof(\d+)(\s+(?:to|and|or|-)\s+)(?=\d+(?:\.\d+)? outof\2\b)", r"\1\3",
                  text)         # "3/5 to 4/5": the scale said once
    return re.sub(r"\b(?:(\d+(?:\.\d+)?)(\s+(?:to|and|or|-)\s+))?(\d+(?:\.\d+)?) outof(\d+)\b", rescale,
                  text)         # "between 6 and 8 out of 10": both ends on the store's scale


def read_bare_score(m: re.Match, text: str, fields: NumericFields) -> list[Constraint] | None:
    """"a 4 star drama", "rated 3.5 out of 5": that score or better, below the scale's top (a "5 star" film is
    praise, `WELL_RATED`); not where it is refused, whose sense is unclear ("not a 2 star film"), nor a score
    the user gave."""
    if (fields.rating is None or negated(text, m.start(), fields, m.end())
            or re.search(r"\b(?:gave|give|gives|giving|given)\b[^,.;!?]{0,24}$", text[:m.start()])):
        return None       # "I gave Fargo 4 stars": the user's own score of a title
    value = float(m.group("r") or m.group("s"))
    lo, hi = fields.ranges[fields.rating]
    if not lo < value < hi:
        return None
    return [Constraint(field=fields.rating, op="gte", value=as_number(value))]


# Praise with no number: "highly rated", "well-reviewed", "acclaimed"
WELL_RATED = re.compile(r"\b(?:(?:highly|well|top|best|critically)[\s-]+(?:rated|reviewed|regarded|scored)"
                         r"|(?:critically\s+)?acclaimed|(?:good|great|strong)\s+(?:reviews|ratings|scores)"
                         r"|(?:five|5)[\s-]*stars?)\b")
WELL_RATED_SHARE = 0.7       # of the scale's top: 3.5 of 5 stars, 7 of 10


def well_rated(text: str, fields: NumericFields, said: list[Constraint]) -> list[Constraint]:
    """"highly rated horror only": the score field at least `WELL_RATED_SHARE` of its top, where the
    message bounds it no other way and does not refuse the praise ("nothing too acclaimed")."""
    if fields.rating is None or any(c.field == fields.rating for c in said):
        return []
    m = WELL_RATED.search(text)
    if m is None or negated(text, m.start(), fields) or re.search(r"\btoo\s+$", text[:m.start()]):
        return []
    top = fields.ranges[fields.rating][1]
    return [Constraint(field=fields.rating, op="gte", value=as_number(round(top * WELL_RATED_SHARE, 1)))]
