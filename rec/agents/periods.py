"""A period named by history, put as the years WordNet's definition of it gives, before any reading: "during the
Cold War" (WordNet: "a state of political hostility that existed from 1945 until 1990") is "from 1945 to 1990",
"before the Korean War" is "before 1950", "a Depression-era musical" one "from 1930 to 1939", "after the Gulf War"
"after 1991". Only a phrase said as a time is looked up (after "during", "before", "since"... or before "era",
"years", "days"), only a sense that is an act, event, state or time with years in its definition is taken (not a
person's life: "Reagan (1911-2004)"), and one said as a decade ("the sixties") is the grammar's. Periods WordNet
does not date ("the Reagan years", "the grunge years") stay words: the model planner's to know."""

from __future__ import annotations

import re

from rec.agents.wordnet import WordNet, wordnet

_PERIOD_FILES = {4, 11, 26, 28}          # noun.act (wars), noun.event, noun.state ("cold war"), noun.time
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# a time said with a preposition: "during the Cold War", "before the Korean War", "from the Depression days"
_SAID = re.compile(r"\b(?:from\s+(?=(?:before|after|during)\b))?"          # "from during the Depression"
                   r"(?P<prep>before|after|since|during|until|till|from|in|through|throughout)\s+(?P<the>the\s+)?"
                   r"(?:(?:time|days|years|era|period|age)\s+of\s+(?:the\s+)?)?(?P<name>[A-Za-z][A-Za-z' -]{0,40})",
                   re.I)
# ... or before "era", "years", "days": "a Depression-era musical", "the Vietnam years"
_ERA = re.compile(r"(?P<name>[A-Za-z][A-Za-z' -]{0,40}?)[\s-]+(?:era|years|days|period)\b", re.I)
_AFTER_NAME = re.compile(r"[\s-]+(?:era|years|days|period|times|age)\b", re.I)
_YEAR = re.compile(r"\b(1\d{3})(s)?\b")
_PLACE_OR_TIME = ("in", "from", "through", "throughout")     # "in Vietnam", "a film from Vietnam": a place


def periods(text: str) -> str:
    """The text with each period named by history said as its years ("films from the Cold War" -> "films from
    1945 to 1990")."""
    wn = wordnet()
    if wn is None:
        return text
    for m in reversed(list(_SAID.finditer(text))):
        if m.group("prep").lower() in _PLACE_OR_TIME and not m.group("the"):
            continue              # "life in Vietnam", "for my uncle in Iwo": a place (not "from the Depression")
        words = list(_WORD.finditer(m.group("name")))[:3]
        if (found := _longest_dated([words[:n] for n in range(len(words), 0, -1)], wn)) is not None:
            run, span = found
            end = m.start("name") + run[-1].end()
            tail = _AFTER_NAME.match(text, end)
            text = text[:m.start()] + _as_years(m.group("prep"), span) + text[tail.end() if tail else end:]
    for m in reversed(list(_ERA.finditer(text))):
        words = list(_WORD.finditer(m.group("name")))[-3:]
        if (found := _longest_dated([words[-n:] for n in range(len(words), 0, -1)], wn)) is not None:
            run, span = found
            text = text[:m.start("name") + run[0].start()] + _as_years(None, span) + text[m.end():]
    return text


def _longest_dated(runs: list[list[re.Match[str]]], wn: WordNet) -> tuple[list[re.Match[str]], tuple[int, int]] | None:
    """The first run of words (longest first) that names a period WordNet dates, and its years."""
    for run in runs:
        if (span := _dated(" ".join(w.group(0) for w in run).lower(), wn)) is not None:
            return run, span
    return None


def _dated(phrase: str, wn: WordNet) -> tuple[int, int] | None:
    """The first and last year of the period WordNet's likeliest dated sense of the phrase names, if any."""
    best = None
    for use in wn.uses.get(phrase, []):
        if use.key is None or use.key[0] != "n":
            continue
        sense = wn.sense(use.key)
        said = f"{sense.gloss} {sense.more}"
        if sense.lexfile not in _PERIOD_FILES or said.startswith("the decade from"):
            continue
        years = [(int(y), int(y) + (9 if s else 0)) for y, s in _YEAR.findall(said)]
        if years and (best is None or use.count > best[0]):
            best = (use.count, min(y for y, _ in years), max(y for _, y in years))
    return None if best is None else best[1:]


def _as_years(prep: str | None, span: tuple[int, int]) -> str:
    first, last = span
    prep = (prep or "").lower()
    if prep == "before":
        return f"before {first}"
    if prep in ("after", "since"):
        return f"after {last}"
    if prep in ("until", "till"):
        return f"until {last}"
    return f"from {first} to {last}" if last > first else f"from {first}"
