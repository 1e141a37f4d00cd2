"""Is a number's bound refused? "nothing older than 1980", "spare me anything rated below 3", "anything over
100 is too dear": the negation around a number, read for `grammar.py` and the score readers (`scores.py`)."""

from __future__ import annotations

import re

from rec.agents.fields import NumericFields, mention
from rec.agents.polarity import left_out
from rec.agents.refusing import ADDED, JUDGED_BAD, NOT_TO_BE, REFUSAL, REFUSING_IN, TURNED_DOWN

_NEGATION = rf"(?:{'|'.join(sorted(REFUSAL))}|\w+n't|nothin')"      # "she refuses to watch", "skip anything"
# words between a negation and its number that carry no meaning of their own
_FILLER_WORDS = ("want wanted anything something any one ones made released filmed shot come came out films film "
                 "movies movie stuff things thing please really at all to watch see wear buy from show me give with "
                 "a an the have has having whose that which is are was were be been produced accept allow "
                 "someone")       # a "one" no number reads (`grammar._pronoun_ones`): "not one of them 90s ones"
_FILLER = frozenset(_FILLER_WORDS.split())


# What is wrong with what a bound takes in, said after it: "anything over 100 is too dear", "anything before 1950 the
# sound is too crackly"
_TOO = re.compile(r"\s*,?\s*(?:(?:the|their|its)\s+[a-z]+\s+)?(?:is|are|was|were|gets?|looks?|sounds?|feels?|seems?)\s+"
                  r"(?:a\s+bit\s+|way\s+|far\s+|much\s+|just\s+|always\s+|all\s+)?too\s+[a-z]+", re.I)


# ... or says it is no real one of its kind: "anything after 1970 isn't a real musical"
_NOT_REAL = re.compile(r"\s*,?\s*(?:is|are|was|were)(?:n['\u2019]?t|\s+not)\s+(?:an?\s+)?(?:real|proper|true|decent)\b",
                       re.I)


# ... or refuses it: "anything made before 1980, no thanks", "anything over 150 is out", "... is a hard pass"
_UNITS = r"dollars?|bucks|quid|pounds?|euros?|stars?|points?|people|viewers|votes|ratings"
_SCALE = r"\s*outof\d+\b"        # the scale said: "anything under 3 out of 5 is a hard no" (`grammar._scales_said`)
_REFUSED_AFTER = re.compile(rf"(?:{_SCALE})?(?:\s*(?:{_UNITS}))?\s*[,\u2013\u2014-]?\s*(?:(?:is|are|s|'s|re|'re)\s+)?"
                            r"(?:(?:also|definitely|absolutely|totally|completely|strictly|just|right)\s+)*"
                            r"(?:out\b(?!\s+(?:of\s+(?!the\s+question)|there|here|now|in|on|at|for|with|west|east|north"
                            r"|south|back|by|near|this|the))"          # not "out here in Gander"
                            r"|out of the question|off (?:the table|limits)|a (?:hard |firm |big )?(?:no(?:[\s-]go)?"
                            r"|pass)\b|not (?:wanted|welcome|an option)|no,? thank(?:s| you)|banned|forbidden"
                            rf"|ruled out|{NOT_TO_BE})", re.I)      # "titles prior to 1980 are not to be put forward"


# An aside between a refusing word and what it refuses: "I exclude, categorically, anything released before 1980"
_ASIDE = re.compile(r"\b(exclude|excluding|not|never|without),\s*[a-z]+(?:\s+[a-z]+){0,3}\s*,", re.I)   # (not a
#                                                                     title masked: "not [the X bag], too pricey,")
# Every one but what follows, up to the number: "any decade but the", "anything bar"
_ALL_BUT = re.compile(r"\b(?:any(?:thing|\s+[a-z]+)?|every(?:thing|\s+[a-z]+)|all)\s+(?:but|bar|barring|save)"
                      r"\s+(?:the\s+)?$", re.I)


def negated(text: str, start: int, fields: NumericFields | None = None, end: int | None = None) -> bool:
    """A negation word among the three words before `start`, inside the same clause, past filler and the
    fields' names ("don't show me anything with an average rating below 3.5"), unless a word of its own and
    "with"/"and" follow it ("not horror with 4+ stars": the negation was the horror's); or a refusing phrase
    ("spare me anything rated below 3", "leave out anything with a rating under 3"); or the words just
    before are "instead of" / "rather than" / "other than" ("the 90s instead of the 80s"); or what follows
    `end` calls it bad ("anything made after 1970 is rubbish"), leaves it out ("keep the 90s out of it") or refuses
    it ("anything before 1980, no thanks")."""
    if end is not None and (JUDGED_BAD.match(text, end) or _TOO.match(text, end) or _NOT_REAL.match(text, end)
                            or _REFUSED_AFTER.match(text, end) or left_out(text.lower(), start, end)):
        return True       # "anything made after 1970 is rubbish", "... before 1950 the sound is too crackly", "keep
        #                   the 90s out of it"
    if _ALL_BUT.search(text, 0, start):
        return True       # "a mystery from any decade but the 80s", "anything but the 90s ones"
    before = _ASIDE.sub(r"\1 ", text[:start])      # "I exclude, categorically, anything released before 1980"
    clauses = re.split(r"[,.;:!?()\u2013\u2014]|\s-(?=\s|$)|\bbut\b|\bmaybe\b|\bno(?=\s+(?:wait|sorry|i\s+mean"
                       r"|i\s+meant|make\s+(?:that|it)|actually)\b)", before)   # dashes, asides; a correction's
    #                                                                    "no": "the seventies no wait the eighties"
    clause = clauses[-1]
    if len(clauses) > 2 and re.search(r"\bnor\s*$", clauses[-3]) and len(clauses[-2].split()) <= 4:
        clause = "nor " + clause      # an aside after "nor": "nor, I confess, for anything made after 1970"
    if re.search(r"\b(?:instead of|rather than|other than|apart from)(?:\s+the)?\s*$", clause):
        return True
    if _ADDED.match(clause):        # "horror, not to mention at least 100 ratings": as the clause before it was
        return len(clauses) > 1 and re.search(rf"\b{_NEGATION}(?!\w)", clauses[-2], re.I) is not None
    if _WELCOMED.search(clause):
        return False      # a refusal refused: "I wouldn't say no to something viewers gave 80% or more"
    named = re.compile("|".join(mention(n) for n in fields.ranges) + r"\b") if fields and fields.ranges else None

    def kept(words: str) -> list[str]:        # "nothing's older than 1980": the "nothing" is the word
        said = [re.sub(r"['\u2019]s$", "", w.strip("\"'\u2018\u2019\u201c\u201d")) for w in words.split()]   # quoted
        return [w for w in said if w not in _FILLER and not (named and named.fullmatch(w))]

    refusing = list(REFUSING_IN.finditer(clause))
    if refusing and len(kept(clause[refusing[-1].end():])) <= 3:
        return True       # "spare me anything rated", "leave out anything with a rating"
    if re.search(r"(?:\bnot?|n't|never)\s+(?:\w+\s+)?(?:want|like|need|fancy)\s*:[^.;!?:]*$", text[:start]):
        return True       # a list a negation opens: "things I don't want: leather, black, or anything over 150"
    words = kept(clause)
    if _SCOPE_ENDS.search(clause) or _NOT_TOO.search(clause):
        return _turned_down(text, start)    # "not horror with 4+ stars": the negation was the horror's; "not too
        #                                     expensive under 80" the "too expensive"'s
    return any(re.fullmatch(_NEGATION, w) for w in words[-3:]) != _turned_down(text, start)
    #      a condition refused by what it leads to is asked for: "if it's not rated at least 3.5 he'll go to sleep"


# What adds to the clause before: "wool, not to mention under 80 dollars", "not the 80s, let alone the 70s"
_ADDED = re.compile(rf"\s*(?:and\s+)?(?:{ADDED})\b", re.I)
# A refusal refused, up to the number: "wouldn't say no to", "wouldnt turn down", "not averse to"
_WELCOMED = re.compile(r"(?:n['\u2019]?t|\bnot|\bnever)\s+(?:say\s+no|turn\s+down|object|refuse)\s+to\b[^.;!?]*$"
                       r"|\bnot\s+(?:averse|against|opposed)\s+to\b[^.;!?]*$")
# A negation whose word is followed by "with" or "and" before the bound: it ruled that word out
_FILLERS = "|".join(sorted(_FILLER))
_NOT_TOO = re.compile(rf"(?:\b{_NEGATION}\s+(?:too|overly|very)|(?:\bnot|n't|\bnever)\s+(?:that|so))\s+[a-z]+\s*$",
                      re.I)     # "not too dear", "not that pricey" (not "nothing that scored under 7": relative)
_SCOPE_ENDS = re.compile(rf"\b{_NEGATION}\s+(?:(?:a|an|the|any)\s+)?(?!(?:{_FILLERS})\b)[a-z'-]+\s+(?:with|and)"
                         rf"(?:\s+(?:{_FILLERS}))*\s*$", re.I)


SENTENCE_END = r"[;!?]|\.(?!\d)"        # not the point of "3.5"


def _turned_down(text: str, start: int) -> bool:
    """Is the number the condition of an "if" whose outcome turns the item down? Then it bounds what is
    not wanted: "if a film averages below 3.5 he'll switch it off" asks for 3.5 and up."""
    before = re.split(SENTENCE_END, text[:start])[-1]
    after = re.split(SENTENCE_END, text[start:])[0]
    if len(before.split()) <= 2 and _AND_TOO.match(after):
        return True           # a condition said bare, its outcome after "and": "twenty or more and it's too mainstream"
    return bool(re.search(r"\bif\b", before)) and bool(TURNED_DOWN.search(after))


_AND_TOO = re.compile(r"[^,]{0,30}?\band\s+(?:it|they|that)\s*(?:'s|s|is|'re|re|are|gets?|becomes?)\s+(?:(?:way|far"
                      r"|much|just|a\s+bit)\s+)?too\s+[a-z]+", re.I)
