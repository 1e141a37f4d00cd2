"""A register's words put in plain English before any reading, where they are plainly that register's:

- a radio operator's "negative on romance" (not keen on), "affirmative" (yes), "niner" (nine), digits said one by
  one ("niner-zero dollars": 90), "Over." closing a message;
- a clinician's "r/o horror" (rule out: no horror), "neg for" and "-ve for" (not keen on), "+ve for" (keen on),
  "me (F)" (a woman);
- a kitchen's "86 the westerns" (drop them);
- a meeting's "out of scope: anything romantic" (avoid) and quarters ("the Q4 budget": no number 4);
- a mock-archaic or pirate voice's "nay", "naught", "'twixt", "o'", "ye", "hath", "ere", "o'er", "save" after "any"
  (except);
- Australian "yeah nah" (no) and "nah yeah" (yes);
- a self-interview's answers: "Romance? God, no." (no romance), "Thriller? Yes." (thriller), "Animated? n/a." and
  "Leather? Why not." (neither asked for nor refused: the question goes; "Decade? Don't care." lets the decade go).
"""

from __future__ import annotations

import re

_I = re.I
_DIGITS = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
           "seven": "7", "eight": "8", "nine": "9", "niner": "9"}
_DIGIT = "|".join(_DIGITS)
# a run of digits said one by one with a zero or a "niner" in it: "niner-zero" (90), "one-two-zero" (120)
_SAID_DIGITS = re.compile(rf"\b(?=[a-z-]*\b(?:zero|niner)\b)(?:{_DIGIT})(?:-(?:{_DIGIT}))+\b", _I)

_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:negative|neg)\s+(?:on|for)\b|(?<![\w+])-\s?ve\s+for\b", _I), "not keen on"),
    (re.compile(r"(?:(?<=\s)|^)\+\s?ve\s+for\b|\bpositive\s+for\b", _I), "keen on"),
    (re.compile(r"\baffirmative\b", _I), "yes"),
    (re.compile(r"\br/o\b", _I), "no"),                                      # rule out
    (re.compile(r"\b(me|myself|i|pt|patient)\s*\(\s*F\s*\)"), r"\1 (a woman)"),
    (re.compile(r"\b(me|myself|i|pt|patient)\s*\(\s*M\s*\)"), r"\1 (a man)"),
    # "Over." or "Over and out." closing a sentence: no bound
    (re.compile(r"(^|[.!?,;]\s*)over(?:\s+and\s+out)?\s*(?=[.!]|$)", _I), r"\1"),
    (re.compile(r"(^|[.!?,;:]\s*|\b(?:and|but|also|just|please|so|then|now)\s+)86(?:['\u2019]?d)?\s+"
                r"(?=(?:the|that|those|these|any|all|anything|everything|it|them)\b)", _I), r"\1drop "),
    (re.compile(r"\b(?:is|are|s|re)\s+out\s+of\s+scope\b", _I), "are not wanted"),
    (re.compile(r"\bout\s+of\s+scope\s*(?:[:\u2013\u2014-]|for\s+(?:me|us|this|now)\s*[:\u2013\u2014-])\s*", _I),
     "avoid: "),
    (re.compile(r"\bQ[1-4]\b"), "quarterly"),
    (re.compile(r"\bnay\b(?!\s*[.!?]?\s*$)", _I), "no"),
    (re.compile(r"\bn(?:au|ou)ght\b", _I), "nothing"),
    (re.compile(r"(?:\b|')(?:'?twixt|betwixt|'?tween|atween)\b", _I), "between"),
    (re.compile(r"(?<=[a-z] )o'(?= [a-z0-9])", _I), "of"),
    (re.compile(r"\b(?:ye|thou|thee)\b", _I), "you"),
    (re.compile(r"\bhath\b", _I), "has"), (re.compile(r"\bdoth\b", _I), "does"),
    (re.compile(r"\bere\b(?=\s+[\w'])", _I), "before"), (re.compile(r"(?:\b|')o'?er\b", _I), "over"),   # a verse's
    #                                                                        "made ere nineteen-fifty", "o'er 4 stars"
    (re.compile(r"\b((?:any|all|every)(?:thing|one)?(?:\s+[a-z]+)?"
                r"(?:\s+(?:ye|you|u|thou)\s+(?:like|want|please|fancy))?)\s+save\s+"
                r"(?!(?:my|me|us|him|her|them|your|our|their|it|the\s+day|money|time|some|a)\b)(?=[a-z])", _I),
     r"\1 except "),                   # "any colour ye like save black" (not "anything animated would save my sanity")
    (re.compile(r"\byeah,?\s+nah\b", _I), "no"), (re.compile(r"\bnah,?\s+yeah\b", _I), "yes"),
]

# A self-interview: a short question of the user's own (no "do you", "is there") and its one-word answer; a "yes"
# ends its sentence (not "Titanic again? Yeah, because three hours of that boat was so short": sarcasm going on)
_ASKED = (r"(^|[.!?\n]\s*)((?!(?:do|does|did|is|are|can|could|would|will|have|has|what|which|how|who|where|when"
          r"|why)\b)[a-z][\w' /-]{0,40}?)\?\s*")
_NO = (r"(?:(?:also|again|still|and)\s+)?(?:(?:god|hell|oh|lord|ugh),?\s+)?(?:no|nope|nah|never|no\s+way"
       r"|absolutely\s+not|definitely\s+not|not\s+really|no\s+thanks?(?:\s+you)?|pass|forget\s+it|skip"
       r"|(?:me\s+)?not[\s-]?want|no(?:,?\s+no)+)"       # a signer's gloss: "leather? NOT-WANT"; "war? no no"
       r"(?:,?\s+(?:never|thanks|thank\s+you|please))?")
_YES = r"(?:yes|yep|yeah|yup|sure|absolutely|definitely|of\s+course|please)(?:,?\s+please)?"
_ANY = (r"(?:n/?a|don'?t\s+care|do\s+not\s+care|whatever|why\s+not|either\s+way|doesn'?t\s+matter|no\s+preference"
        r"|not\s+fussed|optional|maybe|any|anything)")
_ANSWERED = re.compile(rf"{_ASKED}(?:(?P<no>{_NO})|(?P<yes>{_YES})|(?P<any>{_ANY}))"
                       r"(?=\s*(?:[.!,;:\u2013\u2014]|-\s|$))", _I)      # "Animated? No \u2014 real actors"
# what a question may name that is no value: "Decade? Don't care." and "Decade? Forget it." let the decade go
_ATTRIBUTES = frozenset(["decade", "decades", "era", "eras", "year", "years", "period", "genre", "genres", "colour",
                         "color", "colours", "colors", "shade", "material", "materials", "fabric", "fabrics", "style",
                         "styles", "price", "prices", "budget", "rating", "ratings", "size", "sizes", "brand",
                         "brands"])


def _answered(m: re.Match) -> str:
    before, asked = m.group(1), m.group(2)
    if m.group("yes"):
        return m.group(0) if m.string[m.end():].lstrip().startswith(",") else f"{before}{asked}"
    if asked.lower().split()[-1] in _ATTRIBUTES:
        return f"{before}any {asked}"
    lead = re.match(r"(?:(?:but|and|or|so|also|then|plus)\s+)*", asked, _I).group(0)     # "but war? no no."
    return f"{before}{lead}no {asked[len(lead):]}" if m.group("no") else before


def registered(text: str) -> str:
    """The text with a register's words put plainly (see the module docstring): "Negative on romance. Over." ->
    "not keen on romance. "; "Westerns? Nope." -> "no Westerns."."""
    text = _SAID_DIGITS.sub(lambda m: "".join(_DIGITS[d.lower()] for d in m.group(0).split("-")), text)
    for pattern, plain in _RULES:
        text = pattern.sub(plain, text)
    return _ANSWERED.sub(_answered, text)
