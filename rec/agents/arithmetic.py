"""Bounds said by simple arithmetic, worked out before any bound is read: "between 50 and 50+30" (80), "100 minus the
30 I spent" (70), "half of my 120 budget" (60), "at least 50 but no more than twice that" (100), "from 1975 to ten
years later" (1985), "at least ten years after it came out in 1979" (at least 1989).

`text` is the numeric reader's: lower case, number words already figures ("ten" -> "10")."""

from __future__ import annotations

import re

from rec.agents.numbers import SHARES

_SHARES = {**SHARES, "triple": 3.0, "two times": 2.0, "three times": 3.0, "four times": 4.0, "2 times": 2.0,
           "3 times": 3.0, "4 times": 4.0}       # `numbers.SHARES` ("half", "a third", "twice") and multiples
_PART = r"(?P<part>a\s+half|half|a\s+third|a\s+quarter|twice|double|triple|(?:two|three|four|[234])\s+times)"
_NUMBER = r"(?P<cur>[$\u00a3\u20ac]?)(?P<n>\d+(?:\.\d+)?)(?!\d|\.\d)(?!\s*(?:%|percent\b)|s\b)"
# a share of a number said with it: "half of 100 people", "half my 120 budget", "twice the 25 I paid"
_SHARE = re.compile(rf"\b{_PART}\s+(?:of\s+)?(?:(?:my|our|your|his|her|their|the|a|an)\s+)?{_NUMBER}")
# ... or of the number just said: "at least 50 people but no more than twice that", "my budget is 120 ... half of it"
_SHARE_OF_THAT = re.compile(rf"\b{_PART}\s+(?:of\s+)?(?:that|it|this)\b(?!\s+(?:one|film|movie|item|week|month|year"
                            r"|day|night|time|weekend|morning|evening)\b)")     # not "seen it twice this week"
_UNITS = r"people|viewers|ratings|votes|reviews|dollars|bucks|euros|pounds|quid|stars|points"
_LAST_AMOUNT = re.compile(r"(?<![\d.])[$\u00a3\u20ac]?(\d{1,3}(?:\.\d+)?)(?!\d|\.\d)(?!\s*(?:%|percent\b)|s\b)"
                          rf"(?:\s+({_UNITS})\b)?")
# a sum or a difference: "50+30", "1970 plus 19", "100 minus the 30 I already spent"
_SUM = re.compile(r"(?<![\d.])(?P<cur>[$\u00a3\u20ac]?)(?P<a>\d+(?:\.\d+)?)\s*"
                  r"(?P<op>\+|\bplus\b|\bminus\b|\btake\s+away\b)\s*(?:(?:the|my|another)\s+)?[$\u00a3\u20ac]?(?P<b>\d+(?:\.\d+)?)(?!\d|\.\d)(?!\s*(?:%|percent\b))")
_YEAR = r"(?P<y>1[89]\d\d|20\d\d)"
_SPAN = r"(?P<k>\d{1,2}|a|one|a\s+couple\s+of)\s+(?P<unit>years?|decades?)"
# a year and a span after it: "from 1975 to ten years later", "1980 and a decade on"
_LATER = re.compile(rf"\b{_YEAR}\b(?P<mid>(?:(?![.;!?]|\b(?:1[89]|20)\d\d\b)[^\d]){{1,40}}?)\b{_SPAN}\s+"
                    r"(?:later|after(?:wards)?|on)\b")
# a span from a year: "a decade after 1980", "ten years after it came out in 1979", "5 years before 1990"
_FROM_YEAR = re.compile(rf"\b{_SPAN}\s+(?P<way>after|later\s+than|before|earlier\s+than)\s+"
                        rf"(?:(?:(?![.;!?])[^\d]){{0,40}}?\b)?{_YEAR}\b")


def _years(m: re.Match) -> int:
    k = m.group("k")
    n = 1 if k in ("a", "one") else 2 if k.startswith("a couple") else int(k)
    return n * (10 if m.group("unit").startswith("decade") else 1)


def _figure(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}".rstrip("0")


def _share_of_that(m: re.Match, text: str) -> str:
    before = _LAST_AMOUNT.findall(text, max(0, m.start() - 160), m.start())
    if not before:
        return m.group(0)
    amount, unit = before[-1]          # its unit said again: "at least 50 people but no more than twice that"
    return " ".join(filter(None, [_figure(float(amount) * _SHARES[" ".join(m.group("part").split())]), unit]))


def _sum(m: re.Match) -> str:
    a, b = float(m.group("a")), float(m.group("b"))
    total = a + b if m.group("op") in ("+", "plus") else a - b
    return m.group("cur") + _figure(total) if total > 0 else m.group(0)


def sums_said(text: str) -> str:
    """The text with the amounts and years said by arithmetic as figures: "50+30" -> "80", "half of my 120 budget"
    -> "60 budget", "no more than twice that" (after "50") -> "no more than 100", "from 1975 to ten years later"
    -> "from 1975 to 1985", "no older than a decade after 1980" -> "no older than 1990"."""
    text = _SUM.sub(_sum, text)
    text = _SHARE.sub(lambda m: m.group("cur") + _figure(float(m.group("n")) * _SHARES[" ".join(
        m.group("part").split())]), text)
    text = _SHARE_OF_THAT.sub(lambda m: _share_of_that(m, text), text)
    text = _LATER.sub(lambda m: f"{m.group('y')}{m.group('mid')}{int(m.group('y')) + _years(m)}", text)
    return _FROM_YEAR.sub(lambda m: str(int(m.group("y")) + _years(m) * (1 if m.group("way")[0] in "al" else -1)),
                          text)     # the year alone: "nothing older than five years after 1985" is "... than 1990"
