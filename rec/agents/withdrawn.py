"""What a message takes back without ruling out: a value a follow-up swaps out, a part of the request let go or let
back in, another's wish, what need not be. The spans are read by `agents/links.py` (no longer wanted, not ruled out
either); `agents/polarity.py` reads what is ruled out."""

from __future__ import annotations

import re

from rec.agents.context import WISHED

_SWAP = re.compile(r"\b(?:swap|switch|change|replace|trade|exchange)\s+(?:out\s+)?(?!(?:the\s+|its\s+)?(?:size|colou?r"
                   r"|price|budget|material|fabric|style|genre|year|decade|rating)\s+(?:to|into)\b)"   # "change the
                   r"(?P<a>(?:[\w'-]+\s+){0,3}?[\w'-]+)"                     # size to 28": a field, no value
                   r"\s+(?:for|with|to|into|by)\b")


# "it need not be a drama", "doesn't have to be a comedy" (normalised: "does not have to be"): up to the clause's end
_NEED_NOT = re.compile(r"\b(?:need|needs|does|do|did|has|have)\s+not\s+(?:have\s+to\s+|need\s+to\s+)?be\s+"
                       r"(?P<a>[^|]*?)\s*(?=\||$)|\bnot\s+necessarily\s+(?P<b>[^|]*?)\s*(?=\||$)")


# A part of the request let go: "scrap the thriller part", "forget about the leather bit"
# Verbs that let a part of the request go (the planner's "forget the colour" too)
LET_GO_VERBS = r"forget|drop|scrap|scratch|ditch|lose|remove|bin|cancel|ignore|never mind"
_LET_GO = re.compile(rf"\b(?:{LET_GO_VERBS})\s+(?:about\s+)?the\s+"
                     r"(?P<a>(?:[\w'-]+\s+){0,2}?[\w'-]+)\s+(?:part|bit|thing|requirement|condition|filter|idea)\b")


# A part of the request named first, then let go: "Suede, forget it. Leather instead." (normalised: "suede | forget
# it"), "actually the romance, never mind that", "the year is not so important, forget that"
_FORGOTTEN = re.compile(rf"(?:^|\|)\s*(?:(?:actually|ok|okay|so|and|but|oh|hmm|well|right)\s+)*"
                        r"(?:the\s+|that\s+|those\s+)?(?P<a>[^|\s][^|]{0,79}?)\s*\|\s*(?:just\s+)?"
                        rf"(?:{LET_GO_VERBS})\s+(?:about\s+)?(?:it|that|them|those)\s*(?=\||$)")


def forgotten(t: str) -> list[tuple[int, int]]:
    """The spans named first and then let go: "suede | forget it" (the normalised words)."""
    return [(m.start("a"), m.end("a")) for m in _FORGOTTEN.finditer(t)]


# What was ruled out and is let back: "ok let the crime ones back in, just keep the horror out"
_LET_BACK = re.compile(r"\b(?:let|allow|put|bring)\s+(?:the\s+)?(?P<a>(?:[\w'-]+\s+){0,2}?[\w'-]+)\s+"
                       r"(?:ones\s+|films\s+|movies\s+|stuff\s+)?back(?:\s+in)?\b")


# What was someone else's wish: "the burgundy was my wife's idea" (normalised: "wife idea")
_THEIR_IDEA = re.compile(r"\b(?:the|that|those)\s+(?P<a>(?:[\w'-]+\s+){0,2}?[\w'-]+)\s+(?:was|were|is|are)\s+"
                         r"(?:(?:all|only|just)\s+)?(?:(?:my|his|her|our|their)\s+)?"
                         r"(?!(?:the|a|best|first|top|obvious|only|perfect|ideal|safe|good|better|own|right)\b)[a-z]+\s+"
                         rf"(?:s\s+)?(?:{WISHED})\b")      # not "the red one is the best choice"


def taken_back(t: str) -> list[tuple[int, int]]:
    """The spans a message takes back without ruling out: what a follow-up swaps out ("swap the green for a
    pale blue", "change the red to black"; the new value replaces it in the plan), lets go ("scrap the
    thriller part", "let the crime ones back in": no longer ruled out, not asked for either), says was another's
    wish ("the burgundy was my wife's idea"), what is named and then let go ("suede, forget it") and what need not
    be ("it need not be a drama"). "Y instead of X"
    rules X out (a negation)."""
    spans = [(m.start("a"), m.end("a")) for p in (_SWAP, _LET_GO, _THEIR_IDEA, _LET_BACK, _FORGOTTEN)
             for m in p.finditer(t)]
    return spans + [(m.start(g), m.end(g)) for m in _NEED_NOT.finditer(t) for g in ("a", "b") if m.group(g)]
