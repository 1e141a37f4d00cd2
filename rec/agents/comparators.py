"""The words that bound a number, and which way: comparators said before it ("older than", "under", "at least",
a learner's "less of"), trailing words said after it ("or later", "and up", "max"), comparatives of size that bound a
score or a count only ("bigger than 3.5"), which of them are about time (they bound a year, never a price), and the
parts of a decade ("the tail end of the 80s"). `agents/grammar.py` reads bounds with them.
"""

from __future__ import annotations

from rec.agents.readings import TOTALS

# "the last few years of the 80s" is "late 80s"; said before a decade, these name its part
PARTS = ((r"(?:the\s+)?(?:start|beginning|first\s+(?:few\s+)?years|first\s+half)\s+of\s+(?:the\s+)?", "early "),
         (r"(?:the\s+)?(?:end|tail\s+end|last\s+(?:few\s+)?years|second\s+half|later\s+part)\s+of\s+(?:the\s+)?",
          "late "), (r"(?:the\s+)?middle\s+of\s+(?:the\s+)?", "mid "))
# A learner's "of" for "than" ("costs less of 50", "no more of 3 stars"), before an amount, never a decade or a year
# ("more of the 80s" asks for the same again)
_OF_THAN = {"lt": {"less of": "lt", "no more of": "lte", "not more of": "lte"},
            "gt": {"more of": "gt", "no less of": "gte", "not less of": "gte"}}
SAID_OF = frozenset([*_OF_THAN["lt"], *_OF_THAN["gt"]])
_LESS = {"before": "lt", "prior to": "lt", "anterior to": "lt", "sooner than": "lt", "at least as old as": "lte",
         "earlier than": "lt", "older than": "lt", "pre": "lt",
         "until": "lte", "till": "lte", "up to": "lte", "up until": "lte", "through": "lte", "by": "lte",
         "up to and including": "lte", "up to & including": "lte", "until and including": "lte",
         "under": "lt", "below": "lt", "less than": "lt", "cheaper than": "lt", "at most": "lte",
         "max": "lte", "maximum": "lte", "maximal": "lte", "within": "lte", "no more than": "lte",
         "not more than": "lte", "not over": "lte", "not above": "lte", "lower than": "lt",
         "fewer than": "lt", "less expensive than": "lt", "worse than": "lt",
         "more old than": "lt", "budget of": "lte", "budget is": "lte", "limit is": "lte", "limit of": "lte",
         "max of": "lte", "maximum of": "lte", "spend": "lte", "tops out at": "lte", "maxes out at": "lte",
         "no higher than": "lte", "not higher than": "lte", "ceiling is": "lte", "ceiling of": "lte",
         "cap is": "lte", "cap of": "lte", "capped at": "lte", "cap it at": "lte", "cap them at": "lte",
         "cap the price at": "lte", "cap the budget at": "lte", "cap at": "lte", "cap": "lte", "hard cap": "lte",
         "cap down to": "lte", "limit it to": "lte",
         "budget": "lte", "more low than": "lt",
         "no greater than": "lte", "not greater than": "lte", "south of": "lt", "stretch to": "lte",
         "no dearer than": "lte", "not dearer than": "lte", "no pricier than": "lte", "not pricier than": "lte",
         "stretch as far as": "lte", "go as far as": "lte", "shy of": "lt", "short of": "lt",
         "sub": "lt", **_OF_THAN["lt"]}       # "a sub-$80 sweater"
_MORE = {"after": "gt", "later than": "gt", "subsequent to": "gt", "posterior to": "gt", "newer than": "gt",
         "more recent than": "gt", "post": "gt", "at least as new as": "gte", "at least as recent as": "gte",
         "floor of": "gte", "floor is": "gte", "upwards of": "gte", "in excess of": "gt",
         "since": "gte", "over": "gt", "above": "gt", "more than": "gt", "at least": "gte", "min": "gte",
         "minimum": "gte", "minimal": "gte", "minimum of": "gte", "min of": "gte", "pricier than": "gt",
         "higher than": "gt", "no less than": "gte",
         "better than": "gt", "not less than": "gte", "not under": "gte", "not below": "gte", "starting at": "gte",
         "more expensive than": "gt", "more new than": "gt", "exceed": "gt", "exceeds": "gt", "exceeding": "gt",
         "cross": "gt", "crosses": "gt", "crossing": "gt", "go over": "gt", "goes over": "gt", "go above": "gt",
         "goes above": "gt", "pass": "gt", "passes": "gt", "go past": "gt", "goes past": "gt", "go beyond": "gt",
         "goes beyond": "gt", "greater than": "gt", "more great than": "gt", "more high than": "gt", "north of": "gt",
         "dearer than": "gt", **_OF_THAN["gt"]}
# Comparatives of size, a learner's too ("a note more big than 4", "a rating bigger than 3.5"): they bound a score or
# a count, never a price or a year ("sneakers bigger than 40" is no price)
MAGNITUDE = {**{f"{more}{adj} than": op for more in ("", "more ") for adj, op in (("bigger", "gt"), ("larger", "gt"),
                                                                                  ("smaller", "lt"))},
             **{f"more {adj} than": op for adj, op in (("big", "gt"), ("large", "gt"), ("small", "lt"))},
             **{f"{no} {adj} than": op for no in ("no", "not") for adj, op in (("bigger", "lte"), ("larger", "lte"),
                                                                                ("smaller", "gte"))}}
_MORE.update({k: v for k, v in MAGNITUDE.items() if v.startswith("gt")})
_LESS.update({k: v for k, v in MAGNITUDE.items() if v.startswith("lt")})
COMPARATORS = {**_LESS, **_MORE}
# A range open to the present: "from 1990 until now", "the 50s to date", "1985 till date"
_TO_NOW = {f"{to} {now}" for to in ("until", "till", "til", "up to", "up till", "up until", "to", "through")
           for now in ("now", "today", "date", "the present", "the present day", "this day")}
# Comparators and trailing words about time: they bound a year, never a price ("after two marathons", "season 3
# onwards" ask for nothing)
TEMPORAL = {"before", "prior to", "anterior to", "subsequent to", "posterior to", "earlier than", "older than", "pre",
            "sooner than", "at least as old as", "at least as new as", "at least as recent as",
            "until", "till", "up until", "by", "after",
            "through",
            "later than", "newer than", "more recent than", "post", "since", "or earlier", "or before", "or older",
            "more old than", "more new than",
            "or later", "or after", "or newer", "onwards", "onward", "on", "and later", "and earlier",
            "and after", "and before", "and newer", "and older", "at the latest", "at the very latest",
            "at the earliest", "at the very earliest", "until and including",
            *_TO_NOW}
TRAILING = {"or earlier": "lte", "or before": "lte", "or older": "lte", "or less": "lte", "or under": "lte",
            "or cheaper": "lte", "or later": "gte", "or after": "gte", "or newer": "gte", "onwards": "gte",
            "on": "gte", "or more": "gte", "or over": "gte", "and up": "gte", "and later": "gte",
            "and earlier": "lte", "and under": "lte", "and below": "lte", "or above": "gte", "plus": "gte",
            "at most": "lte", "max": "lte", "tops": "lte", "at the most": "lte", "at least": "gte",
            "at the very least": "gte", "at the very most": "lte", "minimum": "gte", "maximum": "lte",
            "or better": "gte", "or higher": "gte", "and above": "gte", "or lower": "lte", "onward": "gte",
            "and over": "gte", "at the latest": "lte", "at the very latest": "lte", "at the earliest": "gte",
            "at the very earliest": "gte", "budget": "lte", "upward": "gte", "upwards": "gte",
            "and upward": "gte", "and upwards": "gte", "or up": "gte", "or upward": "gte", "or upwards": "gte",
            "n up": "gte", "n over": "gte", "n under": "lte", "n below": "lte",      # texting's "n": "3.5 n up"
            "min": "gte", "and after": "gte", "and before": "lte", "and newer": "gte", "and older": "lte",
            **dict.fromkeys(TOTALS, "lte"), **dict.fromkeys(_TO_NOW, "gte")}
# what a misspelt word in a bound may be ("undr 50"): every word of the comparators and trailing words
KEYWORDS = sorted({w for phrase in [*COMPARATORS, *TRAILING] for w in phrase.split() if len(w) >= 4}
                  | {"between", "cheaper", "older", "newer", "earlier", "later", "onwards"})
