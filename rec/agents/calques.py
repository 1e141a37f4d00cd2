"""A learner's calques and false friends put in the English they stand for, before any reading: Portuguese and
Spanish speakers' "a film of terror" (horror), "scientific fiction" (science fiction), "the decade of 80" (the 80s),
"I already assisted Alien" (watched: "assistir"), "jeans trousers" (jeans); a Dutch or German speaker's
"between the 40 and 80 dollar" (no article). Only the phrase as the learner builds it
is touched: "terror" said of a war or an attack stays ("the war on terror"), "assisted" with no title or "already"
stays ("she assisted me")."""

from __future__ import annotations

import re

_I = re.I
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bterror(?=\s+(?:films?|movies?|flicks?|pictures?|cinema)\b)"
                r"|(?<=\bfilms of )terror|(?<=\bfilm of )terror|(?<=\bmovies of )terror|(?<=\bmovie of )terror"
                # bare, as a genre: not "a little terror", "the terror of it", "the war on terror", "in terror"
                r"|(?<!\bon )(?<!\bof )(?<!\bin )(?<!\ba )(?<!\bthe )(?<!\blittle )(?<!\bholy )(?<!\bsheer )\bterror"
                r"(?!\s*(?:attacks?|ists?|ism|cells?|plots?|threats?|alerts?|of)\b)", _I), "horror"),
    (re.compile(r"\bscientific\s+fiction\b", _I), "science fiction"),
    (re.compile(r"\b(?:the\s+)?decade\s+of\s+(?:the\s+)?(1[89]|20)?'?([1-9]0)(?:'?s)?\b"
                r"(?!\s*(?:%|dollars?|bucks|\$|years?|minutes?|ratings?|people))", _I),
     r"the \g<1>\g<2>s"),
    (re.compile(r"\b(already|have|'ve|had|just)\s+assisted\b(?!\s+(?:me|him|her|them|us|you|with|in)\b)", _I),
     r"\1 watched"),
    (re.compile(r"\bassisted\s+(?:to\s+)?(?=(?-i:[A-Z])[^.;!?]*\balready\b)", _I), "watched "),
    (re.compile(r"\bjeans?\s+(?:trousers?|pants)\b", _I), "jeans"),
    # an article before a bound's number (Dutch, German, Scandinavian): "between the 40 and 80 dollar", "above the 150
    # dollars", "and the 4 stars" (not a decade: "between the 80s and the 90s", "the 90's")
    (re.compile(r"\b(between|above|below|under|over|till|until|than|and)\s+the\s+"
                r"(?=\d+(?:[.,]\d+)?(?![\d.,]*\d)(?!\s*(?:'|\u2019)?s\b))", _I), r"\1 "),
]


def uncalqued(text: str) -> str:
    """The text with a learner's calques put in English ("films of the decade of 80" -> "films of the 80s")."""
    for pattern, english in _RULES:
        text = pattern.sub(english, text)
    return text
