"""Years said of people's lives rather than of the items: the year the user was born, which bounds only what
is said relative to them ("older than me"), the year of an event that sets a bound ("before my mum was born in
1962"), and the years of a story ("my brother served in 1965", "in 1975 I went to see Jaws"), which ask for
nothing. The grammar reads the text these leave."""
from __future__ import annotations

import re

from rec.agents.fields import NumericFields, century

# How a year is said after its event: "born in '75", "born, in 1980", "born - that's 1970", "school, which was 1985"
_SAID_AS = (r"\s*(?:[,(\u2013\u2014-]\s*)?(?:(?:in|that(?:'|\u2019)?s|that\s+is|that\s+was|which\s+was|so)\s+)?")
_BIRTH = rf"(?:{_SAID_AS}(?:'\d\d|(?:19|20)\d\d)\b\)?)?"          # "before I was born (in) '75"
_BORN = re.compile(rf"\b(?:i\s+was\s+|i'?m\s+|was\s+)?born{_SAID_AS}(?:'(?P<yy>\d\d)|(?P<year>(?:19|20)\d\d))\b")
_ME = r"(?:me|i\s+am|i'?m|myself)\b"
_BEFORE_ME = re.compile(rf"\b(?:older|earlier)\s+than\s+{_ME}"
                        rf"|\b(?:before|pre-?dates?)\s+(?:i\s+was\s+born{_BIRTH}|me\b)")
_AFTER_ME = re.compile(rf"\b(?:newer|younger|more\s+recent)\s+than\s+{_ME}|\b(?:after|since)\s+i\s+was\s+born{_BIRTH}")
# A school year someone graduated with, a story's year: "my reunion is next month, class of 1979"
_CLASS_OF = re.compile(r"\bclass\s+of\s+(?:'\d\d|(?:19|20)\d\d)\b")
# An age of the user's, said where a year would be: "from when I was 15 on", "after I turned 20", "before I was 10"
_AT_AGE = re.compile(r"\b(?:(?P<cmp>after|since|before|until|till)\s+|when\s+)i\s+(?:was|turned|hit|reached)\s+"
                     r"(?P<n>\d{1,2})\b(?!\s*(?:%|dollars?|bucks|stars?))(?:\s+years?\s+old\b)?")


# A bound set by when something happened, with its year: "before my mum was born in 1962", "between when we
# got married (1985) and 1990", "since we moved here in '94": the year, the event said of someone
_WHO = r"(?:i|we|he|she|they|you|(?:my|our|his|her|their)\s+[a-z]+(?:\s+and\s+(?:i|me|my\s+[a-z]+))?)"
_EVENT = rf"{_WHO}\s+(?:[a-z']+\s+){{0,3}}?[a-z']+{_SAID_AS}"      # "my mum was born in", "I left school, which was"
_ANCHORED = re.compile(r"\b(?P<cmp>before|after|since|until|till|between|from"
                       r"|(?:older|newer|earlier|later|more\s+recent)\s+than)\s+"      # "older than the year I left"
                       rf"(?:when\s+|the\s+(?:year|time)\s+(?:that\s+|when\s+)?)?{_EVENT}"
                       r"(?P<y>'\d\d|(?:19|20)\d\d)\b(?:\s*\))?,?")
# ... or its very year: "made the year I was born, 1984", "from the year we married (1979)"
_YEAR_OF = re.compile(rf"\b(?:in\s+)?the\s+(?:same\s+|very\s+)?year\s+(?:that\s+|when\s+)?{_EVENT}"
                      r"(?P<y>(?:19|20)\d\d)\b(?:\s*\))?")

# A story's years: someone (not "you", whom the user asks) did or was something, said in the past, in a year or
# over years - "my brother served in 1965", "I worked on the railway from 1958", "my late husband, who farmed
# outside Atikokan from 1961,", "I have lived in Kitson since 1962"; or the year first: "in 1975 I went to see
# Jaws", "since 1959 I have been fond of ...". Not where the clause names what is asked for or wishes for it
# ("we loved the films from 1994", "I want a comedy made in 1985").
_TELLER = r"(?:i|we|he|she|they|who|(?:my|our|his|her|their)\s+[a-z]+)"
_YEARS = r"(?:19|20)\d\d\b(?:\s*(?:-|\u2013|to|until|till|and)\s*(?:19|20)\d\d\b)?"
_AT = rf"(?:in|since|from|until|till|during)\s+(?:the\s+year\s+)?{_YEARS}"
_PAST = (r"(?:was|were|been|had|did|went|drove|grew|saw|met|got|came|took|kept|left|began|became|wore|bought|"
         r"taught|fought|ran|sang|spent|won|lost|[a-z]{2,}ed)")
_STORY = re.compile(rf"\b{_TELLER}\s+(?P<mid>(?:[a-z0-9'-]+\s+){{0,12}}?){_AT}"
                    rf"|(?:^|[.;:!?\n]|,\s*(?:and|but|so)?)\s*{_AT}\s*,?\s+{_TELLER}\s+(?P<then>[a-z']+(?:\s+[a-z']+)?)")
_ASKING = re.compile(r"\b(?:want|wants|wanted|like|likes|liked|love|loves|loved|enjoy\w*|prefer\w*|fancy|need\w*|"
                     r"look\w*|find|show|give|recommend\w*|suggest\w*|watch\w*|see|made|released|"
                     r"produced|filmed|shot|directed|set|came\s+out|films?|movies?|pictures?|flicks?|titles?|"
                     r"ones?|something|anything|stuff|things?|shows?|series|documentar\w*)\b")


def _told(m: re.Match) -> str:
    """A story's year blanked: the words around it kept, the year and its preposition gone."""
    said = m.group("mid") if m.group("mid") is not None else m.group("then")
    if not re.search(rf"\b{_PAST}\b", said) or _ASKING.search(said):
        return m.group(0)
    return re.sub(_AT, lambda a: " " * len(a.group(0)), m.group(0))


def events_as_years(text: str, fields: NumericFields) -> str:
    """The year the user was born bounds only what is said relative to them ("a comedy older than me. I was
    born in '75" is before 1975, "since I was born in 1980" 1980 on, "from when I was 15" 1995 on); said alone it
    asks for nothing. So
    does the year of what someone did, said with the bound (`_ANCHORED`: "before my mum was born in 1962"),
    and a story's years ask for nothing at all (`_STORY`, `_CLASS_OF`)."""
    text = _ANCHORED.sub(lambda a: f"{a.group('cmp')} {a.group('y')}", text)
    text = _YEAR_OF.sub(lambda a: f"in {a.group('y')}", text)
    m = _BORN.search(text)
    if m is not None and fields.year is not None and (
            year := float(m.group("year")) if m.group("year") else century(int(m.group("yy")), fields)) is not None:
        text = _AFTER_ME.sub(f"since {year:.0f}", _BEFORE_ME.sub(f"before {year:.0f}", text))
        text = _AT_AGE.sub(lambda a: " ".join(filter(None, [a.group("cmp"), f"{year + int(a.group('n')):.0f}"])), text)
        text = _BORN.sub(lambda b: " " * len(b.group(0)), text)
    return _STORY.sub(_told, _CLASS_OF.sub(lambda c: " " * len(c.group(0)), text))
