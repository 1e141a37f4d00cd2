"""A dictated message as the words its speaker meant, before any reading: speech recognition keeps what a listener
hears past - fillers ("between, um, fifty and a hundred", "at least, uh, two hundred"), a word said twice ("a a
red dress") and a word broken off for another ("a thri- a horror film"). Self-repairs ("scratch that", "no wait")
are corrections, read where corrections are (`agents/corrections.py`)."""

from __future__ import annotations

import re

# Sounds that hold a turn and say nothing: "um", "uhh", "erm", "hmm" (not "er" inside a word, nor "ah" / "oh",
# which can carry a reaction: "oh no, not horror")
_FILLER = r"(?:u+m+|u+h+m*|e+r+m+|e+r+|h+m+|e+h+m+)"
# a filler set off by commas or dots: they go with it after a word that needs what follows ("between, um, fifty" is
# "between fifty", "at least, uh, two hundred"); elsewhere one comma stays ("none of that, um, a drama": two phrases)
_SET_OFF = re.compile(rf"(?P<before>\b[\w'-]+)?\s*(?:,|\.\.\.|\u2026)?\s*(?<![\w'-]){_FILLER}(?![\w'-])\s*"
                      r"(?:,|\.\.\.|\u2026)?\s*", re.I)
_GOES_ON_SAID = """between and or to from least most than under over below above a an the of for with about around
some any like in at by into my his her their our your is are was were be"""
_GOES_ON = frozenset(_GOES_ON_SAID.split())
# A closed-class word said twice in a row, as speech stumbles: "a a", "the the", "for for" ("very very" and
# "bye bye" are meant twice, and a title may say a word twice: open words are left as they are)
_STUMBLED = re.compile(r"\b(a|an|the|to|of|in|for|and|or|with|i|it|is|that|some|my|like)(?:[\s,]+\1)+\b", re.I)
# A word broken off and said again or replaced: "a thri- a horror film" (the word before it said again), "a thri-
# thriller" (begun again); not "a horror- nothing gory", where the dash sets off what follows
_BROKEN_OFF = re.compile(r"\b(?P<before>[a-z]+)\s+[a-z]+-\s+(?=(?P=before)\b)|\b(?P<cut>[a-z]+)-\s+(?=(?P=cut))", re.I)


def fluent(text: str) -> str:
    """The text less what a listener hears past (see the module docstring)."""
    if _SET_OFF.search(text):
        text = _SET_OFF.sub(_heard_past, text)
    text = _BROKEN_OFF.sub("", text)      # a word before it said again after goes too
    return _STUMBLED.sub(r"\1", text)


def _heard_past(m: re.Match[str]) -> str:
    """A filler's match (`_SET_OFF`) as what stays of it: the word before it, and a comma only where one set the
    filler off after a word that ends a phrase."""
    before = m.group("before") or ""
    if not m.string[m.end():].strip(" .!?"):
        return before
    if not before:
        return "" if m.start() == 0 else " "
    joined = before.lower() in _GOES_ON or not re.search(r"[,.\u2026]", m.group(0))
    return f"{before} " if joined else f"{before}, "
