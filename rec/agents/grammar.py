"""Numeric grammar: what a request states about the catalog's numeric fields.

Only grammar lives here — years, decades ("the 90s", "late 80s"), ranges ("between 1980 and 1990",
"$20-40"), comparatives ("older than", "cheaper than", "at least"), amounts by their digits ("nothing in
triple figures") and their negation ("nothing older than 1980" is a year >= 1980; "not from the 50s" rules
that decade out). How numbers, decades and money are written ("forty quid", "the nineties") is
`numbers.py`. Which field a bound is about comes from the store: a year-like field (named so, or whole
numbers inside 1000..2100), a price-like one, or a numeric field named next to the number ("rated
above 4"). What the readings of one message mean together (corrections, alternatives, totals) is
`readings.py`. Categorical values are linked elsewhere (`links.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rec.agents.arithmetic import sums_said
from rec.agents.comparators import COMPARATORS, KEYWORDS, MAGNITUDE, PARTS, SAID_OF, TEMPORAL, TRAILING
from rec.agents.fields import NumericFields, as_number, century, head_word, mention
from rec.agents.lives import events_as_years
from rec.agents.negation import SENTENCE_END, negated
from rec.agents.numbers import (
    AMOUNT,
    BELOW_FIGURES,
    CURRENCY,
    DECADE,
    DECADE_WORDS,
    FIGURES,
    MONEY,
    MONEY_AT,
    PARTS_OF_ONE,
    amounts_said,
    decade_range,
    era_years,
    figures_span,
    homophones,
    words_to_numbers,
)
from rec.agents.phrases import unless_as_not
from rec.agents.readings import Outside, reconcile
from rec.agents.scores import BARE_SCORE, on_the_store_scale, read_bare_score, well_rated
from rec.agents.spelling import correct, known_words, skeleton
from rec.schema import Constraint

_YEAR = r"(?P<year>(?:1[0-9]|20)\d\d)"

# A learner's "until" before an amount of money is "up to" ("a hoodie until 40 dollars"); before a bare number
# it stays about time ("until 95")
_UNTIL = frozenset(["until", "till", "up until"])
_PRICED = re.compile(r"\b(?:costs?|costing|priced?|pay|spend)\s+$")      # or after a word of money: "cost until 200"
_CLOCK = re.compile(r"\s*(?:am|pm|a\s?m|p\s?m|o\s?clock|h|hrs|tonight|today|tomorrow|[:.]\d\d)\b")


def _until_priced(target: _Target, field: str, fields: NumericFields, after: str) -> bool:
    """A bare number past a clock's hours "until" reaches is a price where the field is one: "a coat, till 150"."""
    return field == fields.price and not target.years and target.lo > 12 and not _CLOCK.match(after)
_COMPARATOR = "|".join(sorted(map(re.escape, COMPARATORS), key=len, reverse=True))
_FLIP = {"lt": "gte", "lte": "gt", "gt": "lte", "gte": "lt", "eq": "ne"}
_TRAIL = "|".join(sorted(map(re.escape, TRAILING), key=len, reverse=True))
_TRAILED_UP = re.compile(r"(?:\s+[a-z]+)?\s+(?:or\s+(?:more|over|above|higher|upwards?)"   # "spend 60 dollars or more"
                         r"|and\s+(?:up|over|above|upwards?)|at\s+least|minimum)\b")


_DECADE_RE = re.compile(DECADE)
_AMOUNT_RE = re.compile(AMOUNT)
_T = (r"(?:(?:the\s+)?(?:early|mid|late)[\s-]*)?(?:the\s+)?(?:(?:1[0-9]|20)\d0s|'?\d0s|{})".format(
    "|".join(DECADE_WORDS)) + rf"|{MONEY}?\s*\d+(?:\.\d+)?(?:\s*{CURRENCY})?")
_TO = (r"(?:up\s+to\s+and\s+including|(?:up\s+|down\s+|back\s+)?to|through(?:\s+to)?|thru|till|until|-|\u2013"
       r"|\.{2,3})")      # "1990 through to '94", "80 down to 40", "1995 back to 1990", "[30..80]"
_RANGE = re.compile(rf"\b(?:between|from)\s+(?:(?:the\s+)?years?\s+(?=\d|'))?'?(?P<a>{_T})"
                    rf"\s*(?:and|an|n|&|{_TO})\s*'?(?P<b>{_T})(?!\d|\.\d|\s+\d)"       # "between 10 n 20", "from '94 to
                    #                                                "'96" ("'?"), "between the years 1970 and 1979"
                    + rf"|(?P<c>{_T})\s*{_TO}\s*'?(?P<d>{_T})(?!\d|\.\d|\s+\d)")    # "300 down to one fifty": no 1
# "at least a 3.5", "after '95", "my ceiling is like 60 dollars", "budget given as 80"
_BOUND = re.compile(rf"\b(?P<cmp>{_COMPARATOR})[\s:-]*(?:(?:the\s+)?year\s+(?=\d|')|an?\s+"
                    rf"|(?:like|about|around|roughly)\s+|(?:given|set|put|stated|quoted|fixed)\s+(?:as|at)\s+)?'?(?P<t>{_T})"
                    r"(?!\d|\.\d)")
# "4 stars or more", "300 ratings and up": a field's name may stand between the number and the trailing words (a
# scale's end is none: "3.5 outof5 or more", "80 percent score or more")
_TRAILED = re.compile(rf"(?<!outof)(?P<t>{_T})(?:\s+(?P<unit>outof\d+(?:\s+(?:score|rating)s?)?"
                      rf"|(?!(?:and|or|in|all|for|to|between|at)\b)[a-z]+))?\s+"
                      rf"(?:and\s+|or\s+)?"
                      rf"(?P<trail>{_TRAIL})\b")
# a limit named after its number: "two hundred is my ceiling", "50 would be our absolute max"
_LIMITS = {"ceiling": "lte", "limit": "lte", "upper limit": "lte", "max": "lte", "maximum": "lte", "cap": "lte",
           "budget": "lte", "most": "lte", "floor": "gte", "minimum": "gte", "min": "gte", "lower limit": "gte",
           "least": "gte"}
_LIMIT_SAID = re.compile(rf"(?P<t>{_T})(?:\s+(?P<unit>[a-z]+))?\s+(?:is|would be|will be|being|as)\s+"
                         r"(?:my|our|his|her|their|the)\s+(?:absolute\s+|hard\s+|very\s+|total\s+|strict\s+)?"
                         rf"(?P<limit>{'|'.join(sorted(_LIMITS, key=len, reverse=True))})\b")
_D = r"(?:(?:early|mid|late)[\s-]*)?(?:the\s+)?(?:(?:1[0-9]|20)\d0s|'?\d0s|{})".format("|".join(DECADE_WORDS))
_BARE_DECADES = re.compile(rf"(?<![\w']){_D}(?:\s*(?:,|/|\bor\b|\band\b|\bnor\b)\s*{_D})*(?!\w)")
_YEAR_LIST = re.compile(r"\b(?:in|from|of)\s+(?:1[0-9]|20)\d\d(?:(?:\s*,\s*|\s*/\s*|,?\s+or\s+)(?:1[0-9]|20)\d\d\b)+"
                        r"(?!\s*(?:-|\u2013|to)\s*\d)")          # "from 1994, 1995 or 1996"
_AT_YEAR = re.compile(rf"\b(?:(?:in|from|of)\s+(?:the\s+)?(?:year\s+)?|year\s+){_YEAR}\b(?!\s*(?:-|\u2013|to)\s*\d)"
                      r"|(?<![\w'])'(?P<yy>\d\d)\b(?!s)")        # "in (the) year 1994", "'94"
# a year said on its own, as a follow-up does: "what about 1997?", "try 1994", "1997 instead", "1996?"
_ASKED_YEAR = re.compile(rf"(?:\babout\s+|\btry\s+|\bmake\s+it\s+|^\s*(?:(?:and|or|ok|okay|maybe|perhaps|say)\s+)?)"
                         rf"{_YEAR}\b(?!\s*(?:-|\u2013|to)\s*\d)(?=\s*(?:instead\b|then\b|please\b|[?.!]|$))")
_YEAR_INSTEAD = re.compile(rf"\b{_YEAR}(?=\s+instead\b)")
# A year said roughly: "from around 1960", "circa 1985", "1990-ish", "1975 or so" (not "about": "what about 1997?"
# asks that year)
_ROUGH_YEAR = re.compile(rf"\b(?:(?:a)?round|circa|ca|c|roughly|approximately|approx)\.?\s+(?:the\s+year\s+)?{_YEAR}\b"
                         rf"(?!\s*(?:-|\u2013|to|and)\s*\d)|\b{_YEAR.replace('year', 'y2')}\s*(?:-?\s*ish|or\s+so"
                         r"|give\s+or\s+take)\b(?!\s*\d)")
ROUGH_YEARS = 3          # either side of a year said roughly: "around 1960" is 1957-1963


@dataclass(frozen=True)
class _Target:
    lo: float
    hi: float
    years: bool        # a year or a decade (not an amount)
    money: bool = False


def _target(text: str) -> _Target | None:
    text = re.sub(r"^the\s+(?=early|mid|late)", "", text.strip())      # "from the late 40s to the early 60s"
    if (m := _DECADE_RE.fullmatch(text)) is not None:
        lo, hi = decade_range(m)
        return _Target(lo, hi, True)
    if (m := _AMOUNT_RE.fullmatch(text)) is not None:
        value = float(m.group("amount"))
        money = bool(m.group("cur")) or MONEY_AT.match(text) is not None
        return _Target(value, value, not money and value.is_integer() and 1000 <= value <= 2100, money)
    return None


def _field(fields: NumericFields, text: str, start: int, end: int, target: _Target,
           named: list[str] | None = None) -> str | None:
    """The numeric field a bound is about: one named beside it (`named`, when the caller has them), else by
    the number's kind."""
    named = _named(fields, text, start, end) if named is None else named
    if scale := re.match(r"(?:\s+(?:or|and)\s+[a-z]+)?\s*outof(\d+)", text[end:]):   # "2 out of 5", "4.2 or
        #                                         higher out of 5": a score, whatever else is named ("good reviews")
        on_scale = [n for n, (lo, hi) in fields.ranges.items() if n not in (fields.year, fields.price)
                    and lo >= 0 and hi <= float(scale.group(1))]
        named = [n for n in named if n in on_scale] or on_scale
    fits = [n for n in named if _holds(fields, n, target)]
    if named and not any(_meets(fields, n, target) for n in named):
        fits = _kin(fields, named, target)
    if named:
        return (fits or named)[0]
    if target.years and fields.year and not target.money:
        return fields.year
    rating = fields.rating if fields.rating and _holds(fields, fields.rating, target) else None
    return _said_before(fields, text[:start], target) or fields.price or rating     # "liked, 3.5 or higher"


def _said_before(fields: NumericFields, before: str, target: _Target) -> str | None:
    """A field named earlier in the sentence that can hold a plain number no field stands beside: "ones
    people rate well - 3.5 and up" (the last such field named)."""
    if target.money:
        return None
    sentence = re.split(SENTENCE_END, before)[-1]
    said = [(m.start(), n) for n in fields.ranges if n not in (fields.year, fields.price) and _holds(fields, n, target)
            for m in re.finditer(mention(n), sentence)]
    return max(said)[1] if said else None


_RATERS = r"(?:people|users?|viewers?|folks?|persons?|voters?|raters?|reviewers?)"   # who a count counts (a learner's
#                                                                                      "more than 100 viewer")


def _named(fields: NumericFields, text: str, start: int, end: int) -> list[str]:
    """The numeric fields named beside a number: just before it, or after it in its clause ("... people rated")."""
    # people counted say what they did a few words on: "fewer than 50 people have bothered to rate"
    counted = re.match(rf"(?:\s+(?:{_TRAIL}))?\s+{_RATERS}\b", text[end:]) is not None     # "300 or more viewers"
    labelled = re.search(rf"\b{_RATERS}\s*[:=-]\s*(?:[a-z]+\s+){{0,2}}$", text[max(0, start - 24):start])
    seen_by = re.search(r"\b(?:seen|watched|viewed)\s+by\s+(?:[a-z]+\s+){0,3}$", text[max(0, start - 40):start])
    #                                                   "seen by more than 300 landlubbers": a count, whoever counts
    near = text[max(0, start - 24):start] + " " + re.split(r"[,.;:!?]", text[end:end + (48 if counted else 24)])[0]
    return [name for name in fields.ranges if re.search(mention(name), near)
            or ((counted or labelled or seen_by) and re.search(mention(name), "raters"))]    # "seen by at least 100
    #                                                        people", a form's "viewers: at least 200": the count


def _kin(fields: NumericFields, named: list[str], target: _Target) -> list[str]:
    """The fields that can hold a bound no field named beside it can: one of the same head word ("rated by 100
    to 300 people": the count, not the mean), else the year ("between 1990 and 1994, rated 3+")."""
    heads = {head_word(n) for n in named} - {""}
    kin = [n for n in fields.ranges if n not in named and head_word(n) in heads and _holds(fields, n, target)]
    return kin or ([fields.year] if target.years and fields.year and not target.money
                   and _meets(fields, fields.year, target) else [])       # "at least 1000 ratings" is no year


def _sole(fields: NumericFields, target: _Target) -> bool:
    """Whether a range said with no unit ("a dress, 30 to 80") can be of one field only: a real span (not
    "3-4") that exactly one field other than the year holds."""
    holding = [n for n in fields.ranges if n != fields.year and _holds(fields, n, target)]
    return target.hi - target.lo >= 10 and len(holding) == 1


def _holds(fields: NumericFields, name: str, target: _Target) -> bool:
    return fields.ranges[name][0] <= target.lo and target.hi <= fields.ranges[name][1] and _counts(fields, name, target)


def _meets(fields: NumericFields, name: str, target: _Target) -> bool:
    return fields.ranges[name][0] <= target.hi and target.lo <= fields.ranges[name][1] and _counts(fields, name, target)


def _counts(fields: NumericFields, name: str, target: _Target) -> bool:
    """Can a field of whole numbers take the target ("reviews of 3.5 at least" bound the score, not the count)?"""
    return name not in fields.whole or (float(target.lo).is_integer() and float(target.hi).is_integer())


def _bounds(field: str, op: str, target: _Target, negated: bool) -> list[Constraint]:
    """One comparator applied to a target: "before the 80s" is year < 1980, "after the 80s" year > 1989."""
    value = target.lo if op in ("lt", "gte") else target.hi
    if negated:
        op = _FLIP[op]
    return [Constraint(field=field, op=op, value=as_number(value))]


def _span(field: str, target: _Target, negated: bool) -> list[Constraint]:
    lo, hi = as_number(target.lo), as_number(target.hi)
    if not negated:
        return ([Constraint(field=field, op="eq", value=lo)] if lo == hi else
                [Constraint(field=field, op="gte", value=lo), Constraint(field=field, op="lte", value=hi)])
    if target.years and hi - lo < 64:
        return [Constraint(field=field, op="nin", value=list(range(int(lo), int(hi) + 1)))]
    if lo == hi:
        return [Constraint(field=field, op="ne", value=lo)]
    return [Outside(field=field, op="nin", value=[lo, hi])]      # "not between 100 and 200": `readings._outside`


# A number corrected by the next: "at least 100 — no, make that 200 — people have rated" reads "at least 200 people"
_FIX = r"(?:no|nope|sorry|wait|actually|or rather|i mean|i meant|make (?:that|it))"
_NUMBER_CORRECTED = re.compile(rf"(?<![\d.])\d+(?:\.\d+)?\s*(?:[-\u2014\u2013,]\s*)*{_FIX}(?:[\s,]+{_FIX})*[\s,]+"
                               r"[$\u00a3\u20ac]?(?P<b>\d+(?:\.\d+)?)(?![\d.])(?:\s*[-\u2014\u2013](?=\s))?")


# ... or said again later as "<new> not <old>": "at least 1000 ratings - sorry, 100 not 1000"
_SAID_INSTEAD = re.compile(rf"(?:[-\u2014\u2013,]\s*)*(?:\b{_FIX}[\s,]+)?\b(?P<b>\d+(?:\.\d+)?)\s+(?:not|instead of"
                           r"|rather than)\s+(?P<a>\d+(?:\.\d+)?)\b(?![\d.])")


def _renumbered(text: str) -> str:
    """The text with an earlier number put right where a later "<new> not <old>" corrects it, the correction
    dropped; unchanged where the old number was not said before."""
    for m in reversed(list(_SAID_INSTEAD.finditer(text))):
        before = list(re.finditer(rf"(?<![\d.]){re.escape(m.group('a'))}(?![\d.])", text[:m.start()]))
        if before:
            at = before[-1]
            text = text[:at.start()] + m.group("b") + text[at.end():m.start()] + text[m.end():]
    return text


# Money the user says they have: "I have only 50 dollar for this", "we've got about £60", "i only got 80 bucks"
_HAVE = re.compile(rf"\b(?:i|we)\s*(?:'?ve|have|got|'?ve\s+got|have\s+got|saved(?:\s+up)?)\s+(?:only\s+|just\s+"
                   rf"|about\s+|around\s+|like\s+|maybe\s+|roughly\s+)?(?:(?P<t>{MONEY}\s*\d+(?:\.\d+)?"
                   rf"|\d+(?:\.\d+)?\s*{CURRENCY})"
                   r"|the\s+(?P<the>\d+(?:\.\d+)?)\b(?!\s*[a-z%]))")   # "i saved 60 dollars", "i only have the 60"
_HAVE_ONLY = re.compile(r"\b(i|we)\s+(?:only|just)\s+(?=have|got)")
# What a budget is for, said between it and its figure: "my budget for a skirt is 60"
_BUDGET_FOR = re.compile(r"\bbudget\s+for\s+(?:(?:a|an|the|my|his|her|their|our|this|that|some)\s+)?(?:[a-z]+\s+){1,3}?"
                         r"(?=(?:is|was|would\s+be|will\s+be|of)\s)")
# A budget moved to a figure: "stretch the budget to 250", "raise my budget to £80", "the budget can go to 120"
_BUDGET_TO = re.compile(r"\b(?:(?:stretch|raise|increase|up|bump|push|extend|lower|drop|cut|reduce|move|set|change)"
                        r"\s+(?:the|my|our|your|that)\s+budget|(?:the|my|our)\s+budget\s+(?:can|could|will|may)\s+"
                        r"(?:go|stretch|rise))\s+(?:up\s+|down\s+)?to\s+")

# "one" standing for a thing, no number: at a clause's end or before what describes it ("i couldn't sit through
# one", "over one of those"), unless a score is named just before it ("rated over one")
_ONE_ALONE = re.compile(r"(?<!\d )\bone\b(?=\s*(?:$|[,.;:!?)]|\b(?:of|that|which|who|with|from|like|i|you|he|she|we"
                        r"|they|please|pls|lol|lmao|bc|cos|because)\b))")
_SCORED = re.compile(r"\b(?:rated|rating|ratings|score|scored|stars?)\b")


def _pronoun_ones(text: str) -> str:
    """The text with each "one" that stands for a thing made a word no number reads ("someone")."""
    return _ONE_ALONE.sub(lambda m: m.group(0) if _SCORED.search(" ".join(text[:m.start()].split()[-3:]))
                          else "someone", text)


def _short_as_said(word: str) -> str | None:
    """The one comparator a four-letter word before a number spells as it sounds ("abuv" -> above, "unda" ->
    under: `spelling.skeleton`), where it is no English word."""
    if word in known_words():
        return None
    hits = [k for k in KEYWORDS if k[0] == word[0] and skeleton(k) == skeleton(word) and len(skeleton(word)) >= 2]
    return hits[0] if len(hits) == 1 else None


def _short_typo(word: str) -> str | None:
    """The one four-letter comparator a three-letter word before a number is, a letter dropped ("ovr" -> over),
    where it is no English word ("und", "pre")."""
    if word in known_words():
        return None
    hits = [k for k in KEYWORDS if len(k) == 4 and k[0] == word[0]
            and any(k[:i] + k[i + 1:] == word for i in range(1, 4))]
    return hits[0] if len(hits) == 1 else None


# A follow-up widening a span to a decade, no bound: "open it up to the 70s" (but "open it up to 50 quid" is one)
_OPEN_TO = re.compile(r"\bopen(?:ing)?\s+(?:(?:it|this|that|things|them)\s+)?up\s+to\s+"
                      r"(?=(?:the\s+)?(?:(?:early|mid|late)[\s-]*)?(?:'?\d0s|(?:19|20)\d0s|[a-z]+ties)\b)")
# A score's bound moved up to a number, no "up to" of its own: "bump that up to eight out of ten", "push it up to 4
# stars" (a price's is a ceiling raised: "bump the budget up to 200")
_MOVED_UP = re.compile(r"\b((?:bump|push|raise|move|take|bring|crank|nudge|jack|ramp)(?:\s+(?:that|it|this|them"
                       r"|the\s+(?:rating|score|bar|minimum|min|threshold)))?)\s+up\s+to\b"
                       r"(?=\s+\d+(?:\.\d+)?\s*(?:out\s*of|outta|/|stars?|points?)\b)")
# A decade said from another: "a decade before the 80s", "the decade after the seventies", "two decades before the
# nineties"
_DECADES_OFF = re.compile(r"\b(?:(?P<n>a|one|two|three|1|2|3)|the)\s+decades?\s+(?P<way>before|after|prior\s+to"
                          r"|earlier\s+than|later\s+than|following|preceding)\s+(?P<d>(?:the\s+)?(?:(?:1[0-9]|20)\d0s"
                          r"|'?\d0s|" + "|".join(DECADE_WORDS) + r"))\b")
_HOW_MANY = {"a": 1, "one": 1, "1": 1, "two": 2, "2": 2, "three": 3, "3": 3}
# Someone's age said by decade: "in her sixties", "in his early seventies"
_AGED = re.compile(r"\bin\s+(?:her|his|their|my|your|our)\s+(?:(?:early|mid|late)[\s-]+)?(?:[a-z]+ties|\d0s)\b"
                   r"|\b(?:under|over)(?:-\d{1,2}|\s+(?!\d0s)\d{1,2})s\b")     # an age group: "the under-14s"


def _decades_off(m: re.Match) -> str:
    start = decade_range(_DECADE_RE.fullmatch(re.sub(r"^the\s+", "", m.group("d"))))[0]
    way = -1 if re.match(r"before|prior|earlier|preceding", m.group("way")) else 1
    return f"the {start + way * 10 * _HOW_MANY.get(m.group('n') or 'a', 1)}s"


# Comparison signs before an amount: "<$150", ">= 4 stars", "\u2264 1990"
_SIGNS = {"<": "under", "<=": "at most", "=<": "at most", "\u2264": "at most", ">": "over", ">=": "at least",
          "=>": "at least", "\u2265": "at least"}
_COMPARED = re.compile(r"(<=|=<|>=|=>|[<>\u2264\u2265])\s*(?=[$\u00a3\u20ac]?\s*\d)")


# A comma between a number's words and the bound that trails them: "four stars out of five, minimum"
_COMMA_TRAIL = re.compile(r"(?<=[a-z0-9])\s*,\s*(?=(?:minimum|min|maximum|max"
                          r"|at\s+(?:the\s+)?(?:least|most|very\s+least)|and\s+(?:up|over|above)|up"
                          r"|or\s+(?:more|less|better|higher|lower|above|below|over|under|upwards?))\s*(?:[.;!?]|$))")


_UP_ALONE = re.compile(r"(?<!\bsize )(?<!\bsizes )\b(\d+(?:\.\d+)?)(\s+(?:stars?|points?|out\s+of\s+\d+|/\s*\d+))?\s+up"
                       r"(?=\s*(?:[,.;!?)]|$))")     # not "size 4 up?"


def _derived(word: str) -> bool:
    """Is the word a keyword with an English suffix ("spendy", "spending"), no misspelling of it?"""
    return any(word.startswith(k) and word[len(k):] in ("y", "s", "es", "er", "ers", "ing", "ed")
               for k in KEYWORDS)


def _mended(text: str, fields: NumericFields) -> str:
    """The words lower-cased, their misspellings of bounds mended and their numbers in figures: "undr fifty",
    "befor1970", "atleast", "b4 1990"; "unless they cost more than 60" said as "not more"."""
    named = [w for name in fields.ranges for w in re.findall(r"[a-z]{4,}", name.lower())]
    text = " ".join(unless_as_not(text.lower()).split())
    text = _COMPARED.sub(lambda m: f" {_SIGNS[m.group(1)]} ", text)      # "a coat <$150", "sneakers >= $90"
    text = re.sub(r"\bat(least|most)\b", r"at \1", re.sub(r"\bb4\b", "before", text))
    text = _HESITATION.sub(r"\1 ", text)         # "between like twenty and forty bucks", "under um fifty"
    text = _COMMA_TRAIL.sub(" ", text)        # "four stars out of five, minimum", "8 out of 10, up": the bound trails
    text = _UP_ALONE.sub(r"\1\2 and up", text)      # "8 out of 10 up", "4 up": and up
    text = _INCLUSIVE_OF.sub(lambda m: " " if m.group(1) in text[:m.start()] else m.group(0), text)
    text = re.sub(r"\b([a-z]{3,})(?=(?:19|20)\d\d\b|\d{2,3}\b)", r"\1 ", text)     # "befor1970", "under50"
    text = re.sub(r"\b[a-z]{4,}\b", lambda m: m.group(0) if _derived(m.group(0)) else correct(
        m.group(0), [*KEYWORDS, *named]) or m.group(0), text)   # "undr", "abov for stars" (a homophone after it);
    #                                             "atleast", "b4 1990" first; not "spendy" (pricey), a derived word
    text = re.sub(r"\b[a-z]{4}(?=\s+[$\u00a3\u20ac]?\d)", lambda m: _short_as_said(m.group(0)) or m.group(0),
                  text)          # "abuv 3.5", "unda 50": spelt as said
    return era_years(words_to_numbers(homophones(_pronoun_ones(text))))     # "couldn't sit through one": no 1


# A bound against the number just said: "anything made before 1990 bores him, so keep it newer than that", "I paid
# 50 last time and won't spend more than that"
_THAN_THAT = re.compile(r"\b(?:newer|older|later|earlier|cheaper|pricier|dearer|more\s+expensive|less\s+expensive"
                        r"|higher|lower|more|less|fewer)\s+than\s+(?P<that>that|this)\b"
                        r"(?!\s+(?:one|film|movie|item|price|year)\b)")


def _than_said(m: re.Match, text: str) -> str:
    said = re.findall(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])", text[:m.start()])
    return m.group(0)[:m.start("that") - m.start()] + said[-1] if said else m.group(0)


# A bound's own number said again to make it inclusive: "1960 or later, inclusive of 1960 itself"
_INCLUSIVE_OF = re.compile(r"[,;]?\s*\(?(?:inclusive\s+of|including)\s+(?:the\s+year\s+)?((?:19|20)\d\d)"
                           r"(?:\s+itself)?\)?")
# A filler said between a comparator and its amount
_HESITATION = re.compile(r"\b(between|under|over|around|about|than|from|to|and|below|above|max|least|most)\s+"
                         r"(?:(?:like|um+|uh+|er+|erm|say|maybe)\s+)+")


def _scales_said(text: str, fields: NumericFields) -> str:
    """The text with a score said on another scale marked "outof<scale>" (`scores.on_the_store_scale` puts it on
    the store's)."""
    text = re.sub(r"\b(between|from)\s+an?\s+(\d(?:\.\d+)?)\s+(and|to)\s+an?\s+(?=\d)", r"\1 \2 \3 ",
                  text)      # scores with their article: "rated between a 3 and a 4"
    text = re.sub(r"\s+on\s+(?:an?|the)\s+(5|10|100)[\s-]*(?:point|star)\s+scale\b", r" out of \1",
                  text)      # "7 on a ten-point scale" (its number a digit by now: `_mended`)
    text = re.sub(r"\b(\d+(?:\.\d+)?)(?:\s*(?:stars?|points?|marks?)(?=\s+or\b))?(\s+or\s+(?:higher|more|better"
                  r"|above|over))?\s*(?:(?:stars?|points?|marks?)\s+)?(?:out\s*of|outta|/)\s*(5|10|100)\b",
                  r"\1 outof\3\2", text)      # "4 out of 5", "3.5 stars out of 5", "7 or higher out of 10",
    #                                          "80 points or more out of 100": a score
    if fields.rating is not None:        # a share where scores are kept: "a note of minimum 80 percent"
        text = re.sub(r"\b(\d{1,3}(?:\.\d+)?)\s*(?:%|percent\b|per\s*cent\b)", r"\1 outof100", text)
    return re.sub(r"\b(\d(?:\.\d+)?)\s+(?:(?:points?|stars?|marks?)\s+)?(?:over|on|of|from|sur|su|auf|von|de)\s+"
                  r"(5|10)\b"
                  r"(?!\s*(?!(?:points|stars|marks)\b)(?:years?|yrs?|[a-z]*s\b))",
                  r"\1 outof\2", text)      # a learner's "4 over 5", "8 on 10" ("8 sur 10"), "8 from 10", "8 of 10
    #                                          points"; not "4 over 5 years", "rated 3 over 10 reviews"


def numeric_hints(text: str, fields: NumericFields, praise: bool = True) -> list[Constraint]:
    """Constraints the words state about numeric fields, in the order they are said; `praise`: with the score bound
    that praise alone says ("highly rated": `scores.well_rated`)."""
    text = _DECADES_OFF.sub(_decades_off, _mended(text, fields))       # "a decade before the 80s": the 70s
    text = _THAN_THAT.sub(lambda m: _than_said(m, text), text)       # "keep it newer than that": the year just said
    text = _AGED.sub(" ", text)                         # "my mum, she's in her sixties": an age, no era
    text = sums_said(amounts_said(text))      # "half what I paid, which was 60": 30; "the 100 mark": 100; "50+30": 80
    text = re.sub(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*(?:-?\s*ish|\s(?:and|plus)\s+a\s+(?:bit|little|touch))\b", r"\1",
                  text)      # "forty-ish to sixty-ish" (a year's "-ish" is three years either side), "three and a bit"
    text = _OPEN_TO.sub("include ", text)              # "open it up to the 70s": the 70s join (`edits.widened`)
    text = _MOVED_UP.sub(r"\1 to", text)        # "bump that up to 8 out of 10": the bound said before, moved
    text = re.sub(r"\b[a-z]{3}(?=\s*\d)", lambda m: _short_typo(m.group(0)) or m.group(0), text)     # "ovr 3.5"
    text = re.sub(r"(\d0)[\u2019']s\b", r"\1s", text)      # "the 80's", "1980's"
    text = re.sub(r"(\d)-(to|and)-(?=\d)", r"\1 \2 ", text)                # "the hundred-to-two-hundred range"
    text = re.sub(rf"(\d)-(?={CURRENCY})", r"\1 ", text)                     # "the forty-to-eighty-dollar bracket"
    text = on_the_store_scale(_scales_said(text, fields), fields)
    text = re.sub(r"\s*(?:\+\s*/\s*-|\u00b1)\s*", " plus or minus ", text)                     # "3.5 +/- 0.5"
    text = re.sub(r"(\d)\s*(?:\+(?!\d)|-plus\b)", r"\1 plus", text)                 # "rated 3.5+", "4-plus-star"
    for part, word in PARTS:
        text = re.sub(r"\b" + part + r"(?=(?:1[0-9]|20)\d0s|'?\d0s|\w+ies\b)", word, text)
    text = _NUMBER_CORRECTED.sub(r"\g<b> ", _renumbered(text))   # "at least 100 - no, make that 200 - people"
    text = _HAVE.sub(lambda m: "budget " + (m.group("t") or m.group("the")), _HAVE_ONLY.sub(r"\1 ", text))
    text = _BUDGET_TO.sub("budget of ", _BUDGET_FOR.sub("budget ", text))   # "stretch the budget to 250", "my
    #                                                                       budget for a skirt is 60"
    text = events_as_years(text, fields)
    found: list[tuple[int, int, list[Constraint]]] = []
    taken: list[tuple[int, int]] = []

    def claim(m: re.Match, build) -> None:
        if any(m.start() < e and s < m.end() for s, e in taken):
            return
        out = build(m)
        if out is not None:
            taken.append((m.start(), m.end()))
            found.append((m.start(), m.end(), out))

    claim_all = [(FIGURES, lambda m: _read_figures(m, text, fields)),
                 (_TOLERANCE, lambda m: _read_tolerance(m, text, fields)),
                 (_RANGE, lambda m: _read_range(m, text, fields)), (_BOUND, lambda m: _read_bound(m, text, fields)),
                 (_LIMIT_SAID, lambda m: _read_limit(m, text, fields)),
                 (_TRAILED, lambda m: _read_trailed(m, text, fields)),
                 (_ROUGH_YEAR, lambda m: _read_rough_year(m, text, fields)),
                 (_BARE_DECADES, lambda m: _read_decades(m, text, fields)),
                 (_YEAR_LIST, lambda m: _read_years(m, text, fields)),
                 *((p, lambda m: _read_year(m, text, fields)) for p in (_AT_YEAR, _ASKED_YEAR, _YEAR_INSTEAD)),
                 (BARE_SCORE, lambda m: read_bare_score(m, text, fields))]
    for pattern, build in claim_all:
        for m in pattern.finditer(text):
            claim(m, build)
    out = reconcile(found, text, fields)
    return out + (well_rated(text, fields, out) if praise else [])


# "around 4 stars, give or take a quarter of a star", "roughly 100, plus or minus 25", "3.5 +/- 0.5"
_TOLERANCE = re.compile(rf"(?P<x>\d+(?:\.\d+)?)(?P<unit>(?:\s+[a-z]+)?)\s*,?\s*(?:give\s+or\s+take|plus\s+or\s+minus)"
                        r"\s*,?\s*(?:(?:say|like|maybe|about)\s+)?(?:an?\s+)?(?:(?P<tol>\d+(?:\.\d+)?)|(?P<part>a\s+quarter|quarter|a\s+half"
                        rf"|half))(?:\s+of)?(?:\s+an?)?(?:\s+(?:stars?|points?|years?|pound|{CURRENCY}))?")


def _read_tolerance(m: re.Match, text: str, fields: NumericFields) -> list[Constraint] | None:
    """A value with the slack allowed either side: from x - tolerance to x + tolerance."""
    x = float(m.group("x"))
    tol = float(m.group("tol")) if m.group("tol") else PARTS_OF_ONE[" ".join(m.group("part").split())]
    money = bool(re.search(CURRENCY, m.group(0))) or bool(re.search(rf"{MONEY}\s*$", text[:m.start()]))
    target = _Target(x - tol, x + tol, 1000 <= x <= 2100 and not money, money)
    field = _field(fields, text, m.start(), m.start("unit") + len(m.group("unit")), target)
    return None if field is None else _span(field, target, negated(text, m.start(), fields, m.end()))


def _read_range(m: re.Match, text: str, fields: NumericFields) -> list[Constraint] | None:
    if (years := _apostrophe_years(m, text, fields)) is not None:
        return _span(fields.year or "", years, negated(text, m.start(), fields, m.end()))
    a, b = _target(m.group("a") or m.group("c")), _target(m.group("b") or m.group("d"))
    if a is not None and b is not None and a.years and re.fullmatch(r"\d\d", m.group("b") or m.group("d")):
        b = _Target(a.lo // 100 * 100 + b.lo, a.lo // 100 * 100 + b.lo, True)     # "1990 through to '94"
    if a is not None and b is not None and a.lo > b.hi and a.years == b.years and (
            m.group("a") or re.search(r"\b(?:down|back)\s+to\b", m.group(0))):
        a, b = b, a       # "between '85 and '75", "from 150 to 80 dollars", "300 down to 150": either order
    if a is None or b is None or a.lo > b.hi or (a.lo == b.hi and not m.group("a")):
        return None       # "older than 1990 - 1990 onwards only" is no range
    context = text[max(0, m.start() - 30):m.end() + 12]
    named = _named(fields, text, m.start(), m.end())
    two = None if named else _two_digit_years(a, b, fields)      # "94 through 96" in a catalog of films
    both = _Target(a.lo, b.hi, a.years and b.years, a.money or b.money)
    if not (a.years or b.years or a.money or b.money or m.group("a") or named or two or _sole(fields, both)
            or re.search(r"\b(?:range|band|bracket|budget|price|priced|cost|spend|pay)\b", context)):
        return None       # "3-4" alone is no range of anything; "rated 3.5 to 4" is, and "a dress, 30 to 80"
    #                       where only the price can hold it
    field = _field(fields, text, m.start(), m.end(), both, named)
    if field is None and (years := two):
        field, both = fields.year, years       # "from sixty-five to seventy-two" in a catalog of films
    if field is None or (both.years and field != fields.year and not a.years):
        return None
    return _span(field, both, negated(text, m.start(), fields, m.end()))


def _apostrophe_years(m: re.Match, text: str, fields: NumericFields) -> _Target | None:
    """"'94 to '96": both ends two-digit years written after an apostrophe, in the year field's century."""
    ends = ("a", "b") if m.group("a") else ("c", "d")
    if fields.year is None or not all(re.fullmatch(r"\d\d", m.group(g)) and text[m.start(g) - 1:m.start(g)] == "'"
                                      for g in ends):
        return None
    lo, hi = (century(int(m.group(g)), fields) for g in ends)
    if lo is not None and hi is not None and lo > hi and m.group("a"):
        lo, hi = hi, lo       # "between '85 and '75"
    return _Target(lo, hi, True) if lo is not None and hi is not None and lo <= hi else None


def _two_digit_years(a: _Target, b: _Target, fields: NumericFields) -> _Target | None:
    if a.money or b.money or not (10 <= a.lo <= 99 and 10 <= b.hi <= 99 and a.lo.is_integer() and b.hi.is_integer()):
        return None
    lo, hi = century(int(a.lo), fields), century(int(b.hi), fields)
    return _Target(lo, hi, True) if lo is not None and hi is not None and lo <= hi else None


# "after" as wanting: "I'm after a 1930s comedy", "what we're really after is 80s sci-fi"
_BE_AFTER = re.compile(r"(?:\b(?:i|we|you|he|she|they|who|what)\s*(?:'?m|am|'?re|are|'?s|is|was)|\bim)\s+"
                       r"(?:(?:really|just|mainly|mostly|still|actually|also|only)\s+)?$")


def _read_bound(m: re.Match, text: str, fields: NumericFields) -> list[Constraint] | None:
    cmp = " ".join(m.group("cmp").split())
    unit = _TIME_UNIT.match(text, m.end())
    if (cmp == "after" and _BE_AFTER.search(text, 0, m.start())) or (
            unit and not any(unit.group(1)[:3].lower() in n.lower() for n in fields.ranges)) or (
            cmp == "by" and re.match(rf"\s+{_RATERS}\b", text[m.end():])):
        return None       # "I'm after a 1930s comedy"; "over 3 hours" where no field measures time; "rated by 50
        #                   people tops" (who rated, no year "by 1950")
    if re.search(r"spend|budget|pay", cmp) and _TRAILED_UP.match(text, m.end()):
        return None       # "happy to spend 60 or more": the words after the amount bound it
    target = _as_year(_target(m.group("t")), cmp, fields)
    field = _field(fields, text, m.start(), m.end(), target) if target else None
    if target is None or field is None or (target.years and cmp in SAID_OF):
        return None
    if (cmp in TEMPORAL and field != fields.year and not (
            cmp in _UNTIL and (target.money or _PRICED.search(text, 0, m.start()) or _until_priced(
                target, field, fields, text[m.end():])))) or (
            cmp in MAGNITUDE and field in (fields.year, fields.price)) or (field == fields.year and not target.years):
        return None       # "last year I burned through two pairs" bounds no year, nor a price
    flip = negated(text, m.start(), fields, m.end()) and not cmp.startswith(("not ", "no ", "budget"))   # a budget
    #      is said, not refused: "no pink budget is 250 max" (no comma: the "no" was the pink's)
    op = {"under": "lt", "over": "gt"}.get(cmp, COMPARATORS[cmp]) if flip else COMPARATORS[cmp]
    return _bounds(field, op, target, flip)         # "nothing under 3.5" is 3.5 and up


def _read_figures(m: re.Match, text: str, fields: NumericFields) -> list[Constraint] | None:
    """A price by its number of digits: "double digits only" is 10 up to under 100, "nothing in triple figures"
    under 100, "under four figures" under 1000 and "over three figures" 1000 and up."""
    if fields.price is None:
        return None
    lo, hi = figures_span(m.group("n"))
    cmp = " ".join((m.group("cmp") or "in").split())
    flip = negated(text, m.start(), fields, m.end())
    below = cmp in BELOW_FIGURES or cmp.startswith(("end", "stop"))
    if below or cmp in ("over", "above", "more than"):
        op, value = ("lt", lo) if below else ("gte", hi)
        return [Constraint(field=fields.price, op=_FLIP[op] if flip else op, value=value)] if value else None
    if flip:              # "nothing in triple figures": below them
        return [Constraint(field=fields.price, op="lt", value=lo)] if lo else None
    if cmp == "into":
        return None       # "it can go into three figures" allows more, it asks for nothing
    floor = [Constraint(field=fields.price, op="gte", value=lo)] if lo and cmp != "up to" else []
    return [*floor, Constraint(field=fields.price, op="lt", value=hi)]


_TIME_UNIT = re.compile(r"\s*(hours?|hrs?|minutes?|mins?|episodes?|seasons?|times)\b", re.I)


def _names_field(word: str, fields: NumericFields) -> bool:
    """Is the word a numeric field's own name, singular or plural ("ratings")?"""
    return any(re.fullmatch(mention(n) + "s?", word) for n in fields.ranges)


def _read_limit(m: re.Match, text: str, fields: NumericFields) -> list[Constraint] | None:
    unit = m.group("unit")
    if unit and not _names_field(unit, fields):
        return None       # "200 reviews is the minimum"; only a field's own name may stand between
    target = _target(m.group("t"))
    field = _field(fields, text, m.start(), m.end("t"), target) if target else None
    if target is None or field is None:
        return None
    return _bounds(field, _LIMITS[m.group("limit")], target, negated(text, m.start(), fields, m.end()))


def _as_year(target: _Target | None, word: str, fields: NumericFields) -> _Target | None:
    """A two-digit number a time word bounds is a year: "after 95", "from 95 onwards"."""
    if (target is None or word not in TEMPORAL or target.years or target.money or not target.lo.is_integer()
            or not 10 <= target.lo <= 99 or (year := century(int(target.lo), fields)) is None):
        return target
    return _Target(year, year, True)


def _read_trailed(m: re.Match, text: str, fields: NumericFields) -> list[Constraint] | None:
    unit = m.group("unit")
    if unit and not unit.startswith("outof") and not _names_field(unit, fields) and not re.fullmatch(_RATERS, unit):
        return None       # "1990 films or later": only a field's own name (or who it counts) may stand between
    trail = " ".join(m.group("trail").split())
    if trail == "min" and not unit:
        return None       # "3.5/5 min", "3.5 stars min" a minimum; "90 min" minutes
    if trail == "budget" and re.search(r"\b(?:and|or)\s+budget", m.group(0)):
        return None       # "size is 30 and budget is 70": a budget trails only its own amount ("a £40 budget")
    target = _as_year(_target(m.group("t")), trail, fields)
    field = _field(fields, text, m.start(), m.end("t"), target) if target else None
    if target is None or field is None or (not target.years and not target.money and field == fields.year):
        return None
    if trail in TEMPORAL and field != fields.year:
        return None
    return _bounds(field, TRAILING[trail], target, negated(text, m.start(), fields, m.end()))


def _read_decades(m: re.Match, text: str, fields: NumericFields) -> list[Constraint] | None:
    """One decade, or several said as a list ("the 60s or 70s"): their union, as one range when they
    touch, else as the list of their years; negated, none of those years."""
    if fields.year is None:
        return None
    spans = sorted(decade_range(d) for d in _DECADE_RE.finditer(m.group(0)))
    years = sorted({y for lo, hi in spans for y in range(lo, hi + 1)})
    flip = negated(text, m.start(), fields, m.end())
    if years[-1] - years[0] + 1 == len(years) or flip:
        if flip:
            return [Constraint(field=fields.year, op="nin", value=years)]
        return _span(fields.year, _Target(years[0], years[-1], True), False)
    return [Constraint(field=fields.year, op="in", value=years)]


def _read_rough_year(m: re.Match, text: str, fields: NumericFields) -> list[Constraint] | None:
    if fields.year is None:
        return None
    year = float(m.group("year") or m.group("y2"))
    lo, hi = fields.ranges[fields.year]
    if not lo <= year <= hi:
        return None          # "roughly a thousand times"
    return _span(fields.year, _Target(year - ROUGH_YEARS, year + ROUGH_YEARS, True),
                 negated(text, m.start(), fields, m.end()))


def _read_year(m: re.Match, text: str, fields: NumericFields) -> list[Constraint] | None:
    if fields.year is None:
        return None
    year = float(m.group("year")) if m.group("year") else century(int(m.groupdict()["yy"]), fields)
    if year is None:
        return None
    return _span(fields.year, _Target(year, year, True), negated(text, m.start(), fields, m.end()))


def _read_years(m: re.Match, text: str, fields: NumericFields) -> list[Constraint] | None:
    if fields.year is None:
        return None
    years = sorted({int(y) for y in re.findall(r"\d{4}", m.group(0))})
    refused = negated(text, m.start(), fields, m.end())
    return [Constraint(field=fields.year, op="nin" if refused else "in", value=years)]


