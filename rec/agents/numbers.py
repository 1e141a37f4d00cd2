"""How numbers are written: number words ("forty", "a dozen", "one-twenty"), decades ("the nineties",
"late 80s"), eras by name ("pre-war"), amounts of money with their currencies, and the homophones dictation
writes for number words. What the numbers bound is read in `grammar.py`.
"""

from __future__ import annotations

import re

from rec.agents.fields import as_number
from rec.agents.spelling import correct, sounds_like

_UNIT_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
               "seventeen eighteen nineteen")
_TEN_WORDS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety"
_UNITS = {w: n for n, w in enumerate(_UNIT_WORDS.split())}
_TENS = {w: 10 * n for n, w in enumerate(_TEN_WORDS.split()) if n > 1}
DECADE_WORDS = {w[:-1] + "ies": v for w, v in _TENS.items()}          # "nineties" -> 90
_SPELT = [*_TENS, *(w for w in _UNITS if len(w) >= 4), "hundred", "thousand"]   # what a misspelt number word may be
_NUMBER_WORDS = re.compile(r"\b(?:({})(?:[\s-]({}))?|({}))(?:[\s-](hundred))?\b".format(
    "|".join(_TENS), "|".join(list(_UNITS)[1:10]), "|".join(_UNITS)))

DECADE = (r"(?:(?P<part>early|mid|late)[\s-]*)?(?:the\s+)?"
         r"(?:(?P<full>(?:1[0-9]|20)\d0)s|'?(?P<short>\d0)s|(?P<word>{}))".format("|".join(DECADE_WORDS)))
# a currency's sign before an amount ("$40", "₹2000", "Rs 500", "A$60", "R200" - the rand, a letter only before digits)
MONEY = r"(?:\$|€|£|₹|¥|(?<![a-z])(?:(?:a|au|us|c|ca|nz|s|hk)\$|rs\.?\s?|r(?=\d)))"
MONEY_AT = re.compile(MONEY)
CURRENCY = (r"(?<![a-z])(?:dollars?|bucks|euros?|pounds|quid|usd|eur|gbp|aud|cad|nzd|sgd|inr|zar|rupees?|rs|rand"
            r"|yen)(?![a-z])")
# money said as a note or a coin: "under a tenner", "20 toonies" (Canadian two-dollar coins)
_NOTES = {"fiver": (5, "pounds"), "tenner": (10, "pounds"), "loonie": (1, "dollars"), "toonie": (2, "dollars"),
          "twoonie": (2, "dollars")}
_NOTE = "|".join(_NOTES)
_COUNTED = re.compile(rf"\b(\d+)(?:(\s+(?:to|and|or|-)\s+)(\d+))?\s+({_NOTE})s\b")   # "between 10 and 20 toonies"
# sums said in slang, where a bound or a budget takes them and no noun follows ("under a ton", "a grand max", "under a
# score"; not "a grand time", "a score of 4")
_SUMS = {"score": 20, "ton": 100, "grand": 1000}
_SUM = re.compile(r"\b(under|over|below|above|than|max|maximum|to|about|around|within|of|is|budget|spend|pay)"
                  r"\s+(?:a|one)\s+(score|ton|grand)\b(\s+and\s+a\s+half\b)?"     # "a ton and a half": 150
                  r"(?=\s*(?:$|[.,;:!?)]|(?:max|tops|or|and|budget|pounds?|quid|dollars?|bucks)\b))")
AMOUNT = rf"{MONEY}?\s*(?P<amount>\d+(?:\.\d+)?)(?P<cur>\s*{CURRENCY})?"


# Eras by name, as their years (the war is the Second World War, as "pre-war" means in English): "pre-war
# pictures", "a post-war drama", "films from before the war", "between the wars"
_WAR = r"(?:the\s+(?:second\s+world\s+|last\s+)?war|ww\s?(?:2|ii)|world\s+war\s+(?:2|ii|two))"
_MADE = r"\b(?P<made>from|made|released|filmed|shot)\s+(?:(?:right|just|shortly|soon|straight)\s+)?"
_ERAS = ((rf"\bpre[\s-]?(?:war|ww\s?(?:2|ii))\b|{_MADE}before\s+{_WAR}\b", "before 1940"),
         (rf"\bpost[\s-]?(?:war|ww\s?(?:2|ii))\b|{_MADE}after\s+{_WAR}\b", "1945 onwards"),
         (r"\binter[\s-]?war\b|\bbetween\s+the\s+(?:two\s+)?(?:world\s+)?wars\b", "from 1919 to 1938"))
# A war said only to place a time asks for no war film: "from the Cold War days", "made after the Gulf War", "a Cold
# War-era drama" (not "a love story in the war", "during the war": its setting; a war WordNet dates is put as its
# years first, `periods.py`)
_WAR_TIME = (r"\b(?:before|after|since|until|till|from)\s+the\s+(?:(?!(?:or|and|nor|a|any)\b)[a-z]+\s+){0,2}"
             r"war\b"
             r"(?![\s-]+(?:films?|movies?|pictures?|flicks?|dramas?|stories|ones|genre|stuff|epics?))"
             r"|\b[a-z]+\s+war[\s-]+(?:era|years|days|period|times)\b")
ERAS = re.compile("|".join(f"(?:{pattern.replace('?P<made>', '')})" for pattern, _ in _ERAS) + f"|{_WAR_TIME}")


def era_years(text: str) -> str:
    """Eras said by name written as their years: "pre-war" -> "before 1940" (lower-case text)."""
    for pattern, years in _ERAS:
        text = re.sub(pattern, lambda m, years=years: f"{m.groupdict().get('made') or ''} {years}".lstrip(), text)
    return text


def _short_price(m: re.Match) -> str:
    """A price said the short way, hundreds then tens then units: "two-fifty-five" -> "255"."""
    return str(_UNITS[m.group(1)] * 100 + _TENS[m.group(2)] + (_UNITS[m.group(3)] if m.group(3) else 0))


def _counted(m: re.Match) -> str:
    value, currency = _NOTES[m.group(4)]
    ends = [str(int(n) * value) for n in m.group(1, 3) if n]
    return f"{ends[0]}{m.group(2)}{ends[1]} {currency}" if len(ends) == 2 else f"{ends[0]} {currency}"


def words_to_numbers(text: str) -> str:
    """"forty dollars" -> "40 dollars", "twenty-five" -> "25", "a hundred and fifty" -> "150", "a dozen" -> "12",
    "one-twenty" -> "120"; misspelt decade words are corrected first ("ninties" -> "nineties")."""
    def number(m: re.Match) -> str:
        value = (_TENS[m.group(1)] + (_UNITS[m.group(2)] if m.group(2) else 0)) if m.group(1) else _UNITS[m.group(3)]
        return str(value * 100 if m.group(4) else value)

    text = _glued_tens(_ROMAN_YEAR.sub(lambda m: str(_roman(m.group(0)) or m.group(0)), text))   # MCMXC, "fortyone"
    text = re.sub(rf"\b(?:(?:a|one)\s+)?({_NOTE})\b", lambda m: " ".join(map(str, _NOTES[m.group(1)])),
                  text)                      # before spelling: a "fiver" is no misspelt "five"
    text = re.sub(r"(?<![\d,.])(\d{1,3}),(\d{1,2})(?![\d,])", r"\1.\2", text)     # a decimal comma: "3,5 stars"
    text = re.sub(r"\b([1-9])\s+(hundred|thousand)\b", lambda m: f"{list(_UNITS)[int(m.group(1))]} {m.group(2)}",
                  text)                      # "3 hundred people", "2 hundred and fifty"
    text = re.sub(r"\b(?![a-z]+ieth\b)[a-z]{4,}\b(?!['\u2019]s\b)", lambda m: correct(m.group(0), DECADE_WORDS)
                  or sounds_like(m.group(0), DECADE_WORDS) or _tens_plural(m.group(0))
                  or correct(m.group(0), _SPELT) or m.group(0),
                  text)    # "eightys" -> eighties, "ayties" (by ear), "fourty" -> forty; not one a "'s" follows ("the
    #                        footy's off"), nor an ordinal ("his seventieth", "the twentieth century")
    text = re.sub(r"\bfiddy\b", "fifty", text)                   # slang: "under fiddy bucks"
    text = re.sub(r"\ba\s+couple\s+(?:of\s+)?(hundred|thousand)\b", r"two \1", text)     # "a couple hundred"
    text = re.sub(r"\ba[\s-]+(hundred|thousand)\b", lambda m: "one " + m.group(1), text)     # "sixty-to-a-hundred"
    units = "|".join(list(_UNITS)[1:10])          # "two to three hundred": two hundred to three hundred
    text = re.sub(rf"\b((?:between\s+)?)({units})(\s+(?:to|or|-)\s+|\s+and\s+)"
                  rf"(?=(?:{units})\s+(hundred|thousand)\b)",       # "between one and two hundred" too
                  lambda m: m.group(0) if "and" in m.group(3) and not m.group(1)
                  else f"{m.group(1)}{m.group(2)} {m.group(4)}{m.group(3)}", text)
    text = re.sub(r"\bbetween\s+(?:a|one)\s+(score|ton)\s+and\s+(?:a|one)\s+(ton|grand)\b",    # "between a score and
                  lambda m: f"between {_SUMS[m.group(1)]} and {_SUMS[m.group(2)]} pounds", text)    # a ton"
    text = _SUM.sub(lambda m: f"{m.group(1)} {_SUMS[m.group(2)] * (1.5 if m.group(3) else 1):.0f} pounds",
                    text)                                                          # "under a ton"
    text = re.sub(r"\b(eighteen|nineteen)-(?=[a-z])", r"\1 ", text)         # "nineteen-eighty": a year
    tens = "|".join(_TENS)        # a price said the short way: "one-twenty" (120), "two-fifty-five" (255), "one
    #                               fifty euro" (150: spaced, before a currency or another hundreds: "between one fifty
    #                               and three hundred", or after a bound: "under one fifty")
    text = re.sub(rf"\b(under|below|above|over|than|max|about|around|between|from)\s+({units})\s+({tens})"
                  rf"(?:\s+({units}))?\b", lambda m: "-".join(g for g in m.groups() if g).replace("-", " ", 1), text)
    text = re.sub(rf"\b((?:{units})-(?:{tens})\s+(?:to|and|or)\s+)({units})\s+(?=(?:{tens})\b)", r"\1\2-", text)
    short = (rf"(?:{tens})(?:\s+(?:{units}))?(?:\s*{CURRENCY}"
             rf"|\s+(?:to|and|or)\s+(?:(?:{units})\s+(?:hundred|{tens})|[1-9]\d\d)\b)")
    text = re.sub(rf"\b({units})(?:-|\s+(?={short}))({tens})(?:(?:-|\s+(?=(?:{units})\s*{CURRENCY}))({units}))?\b",
                  _short_price, text)
    text = re.sub(rf"\b({tens})[\s-]+ate\b", r"\1-eight", text)          # dictation's "thirty ate": 38
    text = _NUMBER_WORDS.sub(number, text)
    text = re.sub(r"(?<!\d\s)(?<!\d)\b(hundred|thousand)\b", lambda m: "1" + "0" * (len(m.group(1)) - 5),
                  text)                                                          # "hundred dollars max"
    text = re.sub(r"\b(\d+)\s+and\s+a\s+half\b", r"\1.5", text)                  # "three and a half stars"
    text = re.sub(r"\b(\d+)\s+and\s+(?:a|one)\s+quarter\b", r"\1.25", text)       # "four and a quarter"
    text = re.sub(r"\b(\d+)\s+and\s+three\s+quarters\b", r"\1.75", text)
    text = re.sub(r"\b(\d+)\s+point\s+(\d)\b", r"\1.\2", text)                     # "three point five"
    text = re.sub(r"\b(1[89])\s+([1-9]\d)\b", r"\1\2", text)                      # "nineteen ninety-five"
    text = re.sub(r"\b(\d+)\s+(?:thousand|grand)\b", lambda m: str(int(m.group(1)) * 1000), text)    # "two grand"
    text = re.sub(r"\bhalf\s+a\s+dozen\b", "6", re.sub(r"\b(?<!half\s)an?\s+dozen\b", "12", text))
    text = re.sub(r"\b(\d+)\s+dozen\b", lambda m: str(int(m.group(1)) * 12), text)          # "two dozen"
    text = re.sub(r"\b([1-9]\d*00)(?:\s+|-)(?:and(?:\s+|-))?(\d{1,2})\b",
                  lambda m: str(int(m.group(1)) + int(m.group(2))), text)    # "a hundred and twenty", "a-hundred-and-"
    text = _COUNTED.sub(_counted, text)      # "two tenners": 20 pounds
    text = _ON_TOP.sub(_on_top, text)        # "a tenner over 40": 50
    text = re.sub(rf"(?<![\d.])([1-9]0)\s*-?\s*(?:odd|something)\b(?=\s*{CURRENCY})",
                  lambda m: str(int(m.group(1)) + 9), text)      # "forty odd pounds": up to 49
    return _decades_said_otherwise(text)


# An amount more or less than another: "no more than a tenner over 40" (50), "20 quid under 100" (80)
_ON_TOP = re.compile(rf"(?<![\d.])(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>{CURRENCY})\s+"
                     r"(?P<dir>over|above|more\s+than|on\s+top\s+of|under|below|less\s+than|short\s+of)\s+"
                     rf"(?P<cur>{MONEY}?)(?P<base>\d+(?:\.\d+)?)(?![\d.])"
                     r"(?!\s*(?:years?|stars?|ratings?|minutes?|mins?|hours?|%|percent))")
_LESS = ("under", "below", "less", "short")


def _on_top(m: re.Match) -> str:
    value = float(m.group("base")) + float(m.group("n")) * (-1 if m.group("dir").split()[0] in _LESS else 1)
    return f"{m.group('cur')}{as_number(value)} {m.group('unit')}"


def _decades_said_otherwise(text: str) -> str:
    """A decade said by a year in it, or as other languages say it: "1980-something" and a learner's "the years
    seventy" ("les années soixante-dix", "gli anni 80") are the 1980s and the 1970s."""
    text = re.sub(r"\b((?:1[89]|20)\d)0[\s-]*something\b", r"\g<1>0s", text)
    return re.sub(r"\b(?:the|of|from|in)\s+years\s+(?:(1[89]|20)?([1-9]0))\b"
                  r"(?!\s*(?:old|ago|of|before|after|to|and|-))",
                  lambda m: f"the {m.group(1) or ''}{m.group(2)}s", text)


def _tens_plural(word: str) -> str | None:
    """A tens word made plural with an "s", misspelt or not, is its decade: "fortys", "fourtys" -> forties."""
    tens = word[:-1] if word.endswith("s") else ""
    tens = tens if tens in _TENS else correct(tens, _TENS) if len(tens) >= 5 else None
    return tens[:-1] + "ies" if tens else None


def decade_range(m: re.Match) -> tuple[int, int]:
    """The years a decade match covers: "late 90s" -> (1996, 1999)."""
    if m.group("full"):
        start = int(m.group("full"))
    else:
        short = int(m.group("short")) if m.group("short") else DECADE_WORDS[m.group("word")]
        start = 1900 + short if short >= 20 else 2000 + short    # '20s -> 1920s, 00s/10s -> 2000s/2010s
    part = m.group("part")
    return {"early": (start, start + 3), "mid": (start + 3, start + 6), "late": (start + 6, start + 9)}.get(
        part or "", (start, start + 9))


_AMOUNT_WORD = r"(?=(?:hundred|thousand|stars?|(?:and\s+a\s+half|point\s+\w+)\s+stars?)\b)"


# A year in Roman numerals, as credits write it ("MCMLXXXV"): from 1800 (a title's "II" or "IV" is a sequel's)
_ROMAN_YEAR = re.compile(r"\bm(?:cm|dccc|m)[mdclxvi]*\b", re.I)
_ROMAN = {"m": 1000, "d": 500, "c": 100, "l": 50, "x": 10, "v": 5, "i": 1}


def _roman(word: str) -> int | None:
    """The value of a Roman numeral written the standard way, or None ("MCMXC" 1990; not "MCMXXXXX")."""
    values = [_ROMAN[c] for c in word.lower()]
    value = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return value if 1800 <= value <= 2100 and _as_roman(value) == word.lower() else None


_GLUED_TENS = re.compile(rf"\b([a-z]{{3,6}}ty)({'|'.join(list(_UNITS)[1:10])})\b", re.I)


def _glued_tens(text: str) -> str:
    """The text with a tens word glued to its unit parted: "fortyone" -> "forty one" (misspelt too: "fourtyfive", in
    capitals too: "FOURTYTWO")."""
    return _GLUED_TENS.sub(lambda m: f"{m.group(1)} {m.group(2)}" if m.group(1).lower() in _TENS or correct(
        m.group(1).lower(), _TENS) else m.group(0), text)


def _as_roman(value: int) -> str:
    out = ""
    for v, s in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
                 (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        out += s * (value // v)
        value %= v
    return out


def homophones(text: str) -> str:
    """Number words dictation writes as their homophones, where a bound wants a number: "rated for stars or
    more" (four), "between to hundred and four hundred" (two); "then" for the "than" of a comparative ("more then
    50", "les then eighty"); "or moor" for "or more" after a number."""
    text = re.sub(rf"\b(rated|rating|scored?|scoring|least|most|over|under|above|below|than)\s+fore?\s+{_AMOUNT_WORD}",
                  r"\1 four ", text)
    text = re.sub(r"(\d\S*\s+or)\s+(?:moor|mor|moar|mo)\b'?", r"\1 more", text)       # "3.5 over 5 or moor"
    text = re.sub(r"\b(?:(les)|(less|more|fewer|older|newer|cheaper|pricier|higher|lower))\s+then\b",
                  lambda m: f"{m.group(2) or 'less'} than", text)       # "les then eighty", "more then 50"
    return re.sub(rf"\b(between|from|under|over|below|above|about|around|than|least|most|max|of|and)\s+(?:to|too)\s+"
                  rf"{_AMOUNT_WORD}", r"\1 two ", text)


# An amount by how many digits it has: "double digits", "nothing in triple figures", "under 4 figures", "her budget
# ends where three figures start" (number words are digits by then: "four figures" reads "4 figures")
_PLACES = {"single": 1, "double": 2, "triple": 3, "quadruple": 4}
FIGURES = re.compile(r"\b(?:(?P<cmp>under|below|less\s+than|short\s+of|shy\s+of|before|(?:ends?|stops?)\s+(?:where|when"
                     r"|before|at)|over|above|more\s+than|up\s+to|in|into)\s+)?(?:the\s+)?"
                     r"(?P<n>single|double|triple|quadruple|[1-7])[\s-]+(?:digits?|figures?)(?![\w-])")
BELOW_FIGURES = ("under", "below", "less than", "short of", "shy of", "before")    # and "ends where", "stops at"


def figures_span(n: str) -> tuple[int, int]:
    """The amounts written with that many digits before the point, the top left out: "triple" -> (100, 1000)."""
    places = _PLACES.get(n) or int(n)
    return (0 if places == 1 else 10 ** (places - 1), 10 ** places)


# A share of an amount said after it: "half what I paid last time, which was 60", "double the price (20)"
# Parts of one said in words: a tolerance's ("give or take a quarter": `grammar.py`), a share's ("half what I paid")
PARTS_OF_ONE = {"a quarter": 0.25, "quarter": 0.25, "half": 0.5, "a half": 0.5}
SHARES = {**PARTS_OF_ONE, "a third": 1 / 3, "twice": 2, "double": 2}
# The amount a thing came to, said after it: "..., which was 60", "... ($80)"
_WHICH_WAS = (r"(?:\s*,?\s*(?:which|that|it)\s+(?:was|is|came\s+to|cost)\s+(?:about\s+|around\s+|roughly\s+)?"
              r"|\s*\(\s*)(?P<cur>[$\u00a3\u20ac]?)(?P<n>\d+(?:\.\d+)?)\)?")
_SHARE_OF = re.compile(r"\b(?P<part>a half|half|a third|a quarter|twice|double)\s+(?:of\s+)?"
                       r"(?:what|the\s+(?:price|cost|amount)\b)[^.;!?()]{0,60}?" + _WHICH_WAS)
# A bound by an amount said after what it was: "cheaper than the last one I bought, which was 120 dollars"
_THAN_THEN = re.compile(r"\b(?P<cmp>cheaper|less|lower|pricier|dearer|more\s+expensive|more)\s+than\s+(?:(?:the|my|our"
                        r"|his|her|their)\s+(?:last|previous|old|current|other)\s+[a-z0-9]+|what\s+(?:i|we|he|she|they)"
                        r"\s+paid)[^.;!?()0-9]{0,60}?" + _WHICH_WAS)
# ... or the amount with "the" and what it was after it: "rated better than the 3 my nephew's last pick got"
_THAN_THE = re.compile(r"\b(than)\s+the\s+(?=[$\u00a3\u20ac]?\d+(?:\.\d+)?(?![\d.]|s\b|\s*(?:%|percent|years?)))")

# ... or by what someone paid, said before: "my mate paid 60 dollars for his jeans. I want to spend less than him"
_THAN_THEY = re.compile(r"\b(?:paid|spent|forked\s+out|shelled\s+out)\s+(?:about\s+|around\s+|like\s+)?"
                        r"(?P<cur>[$\u00a3\u20ac]?)(?P<n>\d+(?:\.\d+)?)(?![\d.])[^0-9]{0,80}?"
                        r"\b(?:less|more|cheaper|under|over|dearer|pricier)\s+than\s+"
                        r"(?P<who>(?:him|her|them|that|he\s+did|she\s+did|they\s+did|what\s+(?:he|she|they)\s+(?:did|paid)"
                        r"|my\s+[a-z]+|his|hers|theirs)\b)")


def _share_said(m: re.Match) -> str:
    return m.group("cur") + str(as_number(round(float(m.group("n")) * SHARES[m.group("part")], 2)))


# An amount said as a line it must stay on one side of: "under the 100 mark", "under-the-hundred-mark" (its number
# words already digits), "below the $80 threshold"
_MARK = re.compile(r"\bthe[\s-]+([$\u00a3\u20ac]?\d+(?:\.\d+)?)[\s-]*(?:(?:dollars?|bucks?|pounds?|quid|euros?)[\s-]*)?"
                   r"(?:mark|line|threshold|barrier)\b")


def amounts_said(text: str) -> str:
    """The text with amounts said from other amounts or as a line, as numbers: "half what I paid, which was 60": 30;
    "cheaper than the last one, which was 120": than 120; "better than the 3 my nephew's pick got": than 3; "my mate
    paid 60 dollars for his jeans, I want to spend less than him": than 60; "under the 100 mark": under 100."""
    text = _SHARE_OF.sub(_share_said, text)
    text = _THAN_THEN.sub(r"\g<cmp> than \g<cur>\g<n>", text)
    text = _THAN_THE.sub(r"\1 ", text)
    text = _THAN_THEY.sub(lambda m: m.group(0)[:m.start("who") - m.start()] + m.group("cur") + m.group("n"), text)
    return _MARK.sub(r"\1", re.sub(r"\b(under|below|over|above|past)-the-", r"\1 the ", text))
