"""Requests said as priorities: what is a deal-breaker is ruled out, and so is what an idiom says one has had
enough of ("war movies this I need like a hole in the head", "from musicals I've had plenty") or, in London
speech, "allow" ("allow the horror bruv": no horror; not "allow the westerns back in", which lets them back).

"Deal-breaker: anything over 200", "the deal-breaker is horror", "my deal breakers are red and pink", "hard no
on leather", "a no-go for me: anything before 1980"; after what it rules out, "leather would be a deal-breaker",
"anything under 3 stars is a non-starter", "pink = dealbreaker". The frame is put as the plain refusal it stands
for ("no horror", "nothing over 200", "leather is ruled out") before anything else reads the words, so the
refusal grammar reads it like any other. "Not a deal-breaker" says a wish is optional (`optional.py`) and is left
as it is. Only the frame is grammar: which values or bounds it covers is left to the links and bounds.
"""

from __future__ import annotations

import re

_BREAKER = r"deal[\s-]?breakers?|hard[\s-]no(?:pe)?s?|no[\s-]gos?|non[\s-]?starters?"
# The frame's start: a clause's ("...so the deal-breaker is", "2) hard no on"), not a value's ("horror is a hard no")
_OPENS = r"(?:^|(?<=[.!?;:,\n(|*])|(?<=\band)|(?<=\bbut)|(?<=\bso)|(?<=\balso)|(?<=\d\)))"
_BEFORE = re.compile(rf"{_OPENS}(\s*)(?:(?:the|my|our|his|her|their|one|a|an|only|big|biggest|main|absolute|real"
                     rf"|total|firm)\s+)*(?:{_BREAKER})(?:\s+(?:for\s+(?:me|us|him|her|them)|here|though))?"
                     r"\s*(?:(?:is|are|would\s+be|will\s+be|on|to)\b|[:=\-\u2013\u2014])\s*"
                     r"(?!\s*(?:the\s+|my\s+)?(?:price|budget|cost|size|colou?r|year|rating|age)\b)"   # "the deal-
                     r"(?:(?P<any>anything|everything)\b)?", re.I)                         # breaker is price: ..."
# ... said after what it rules out: "leather would be a deal-breaker", "pink = dealbreaker", "horror: hard no"
_AFTER = re.compile(r"(?<!\bnot)(?<!n't)(?<!n\u2019t)\s*(?:\b(?:is|are|s|would\s+be|will\s+be)\b|['\u2019]s\b"
                    r"|[:=\-\u2013\u2014])\s*(?:(?:a|an|my|the|total|absolute|real|big|complete)\s+)*"
                    rf"(?:{_BREAKER})\b"
                    r"|\s*,?\s*(?:(?:this|that|these|those)\s+)?(?:i|we)\s+need\s+(?:it\s+|them\s+)?like\s+a\s+hole\s+in"
                    r"\s+the\s+head\b|\s+(?:i|we)\s*(?:'ve|\u2019ve|\s+have)\s+had\s+(?:plenty|enough)(?=\s*[.,;!?]|\s*$)",
                    re.I)


# London's "allow" (leave it): "allow the crime and gangster ones", "nah allow cashmere, do wool"
_ALLOW = re.compile(r"\ballow\s+(?:the\s+|any\s+|all\s+)?(?!(?:me|us|him|her|them|it|you|for|time|extra|some|a|an)\b)"
                    r"(?=[a-z])(?![^.,;!?\n]*\b(?:back|to\s+be)\b)", re.I)


def priorities(text: str) -> str:
    """The text with each deal-breaker frame put as the plain refusal it stands for (see the module docstring)."""
    text = _ALLOW.sub("no ", text)
    text = _BEFORE.sub(lambda m: f"{m.group(1)}{'nothing' if m.group('any') else 'no '}", text)
    return _AFTER.sub(" is ruled out", text)
