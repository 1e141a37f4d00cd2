"""A request typed in shorthand, its grammar words written out before any reading: "excl war & excl crime" (excluding),
"b/w 3 & 4 stars" (between 3 and 4), "1950 2 1965" (to), "coat 4 her" (for), "300+ ppl" (people), "~50" (about), and
the poet's and Newfoundland's "ne'er a" (never a), "e'er a" (ever a). Only what is plainly shorthand is touched:
"b/w" or "b/t" before a number (not a black-and-white film), "2" between two numbers, "4" before a word a "for"
takes."""

from __future__ import annotations

import re

_N = r"\$?\d+(?:\.\d+)?"
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\bb/[wt](?=\s*{_N})", re.I), "between"),                     # "b/w 3 & 4", "b/t 3 and 4"
    (re.compile(r"\bexcl\b\.?", re.I), "excluding"), (re.compile(r"\bincl\b\.?", re.I), "including"),
    (re.compile(r"\bne\s*['\u2019]\s*er\b", re.I), "never"), (re.compile(r"\be\s*['\u2019]\s*er\b", re.I), "ever"),
    (re.compile(r"\bppl\b", re.I), "people"), (re.compile(r"\babt\b", re.I), "about"),
    (re.compile(rf"~\s*(?={_N})"), "about "),
    (re.compile(rf"(?<![\d.])({_N})\s*&\s*(?={_N})"), r"\1 and "),                          # "b/w 3 & 4 stars"
    (re.compile(r"(?<![\d.$])(\$?\d{2,}(?:\.\d+)?)\s+2\s+(?=\$?\d{2,}(?![\d.]))"), r"\1 to "),   # "$50 2 $80"
    (re.compile(r"(?<=[a-z] )4(?= (?:her|him|me|us|them|my|his|our|your|a|an|the|work|school|kids|mum|mom|dad)\b)",
                re.I), "for"),                                                               # "coat 4 her"
    (re.compile(r"\b((?:swap|switch|trade|change|exchange)\s+[a-z' -]{1,30}?)\s+4\s+(?=[a-z])", re.I), r"\1 for "),
    # science fiction's initials, as much of the world writes it ("SF movies", "SF action"), not the city ("in SF",
    # "the SF Giants"): in capitals, or before a word for films
    (re.compile(r"(?<!\bin )(?<!\bto )(?<!\bfrom )\bSF\b(?!\s*(?i:bay|giants|area|city|49ers|state|chronicle)\b)"
                r"|\bsf\b(?=\s+(?:films?|movies?|flicks?|stuff|ones|books?|series)\b)"),
     "science fiction"),
]


def unabbreviated(text: str) -> str:
    """The text with its shorthand grammar words written out ("excl war & excl crime" -> "excluding war &
    excluding crime"; "drama b/w 3 & 4 stars" -> "drama between 3 and 4 stars")."""
    for pattern, words in _RULES:
        text = pattern.sub(words, text)
    return text
