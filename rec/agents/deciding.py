"""Whether a value said several times is wanted: the plainest of its mentions decides (`polarity`), each read
wanted or ruled out by `polarity.negated`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rec.agents.corrections import THIS_TIME
from rec.agents.polarity import SO_THEN, clause

if TYPE_CHECKING:
    from rec.agents.links import Link

_STRENGTH = {"words": 2, "typo": 1, "lexicon": 1, "shade": 1, "above": 1, "made of": 1, "meaning": 0, "person": 0,
             "compound": 0}


def polarity(value: str, links: Sequence[Link], t: str = "") -> bool:
    """Is `value` wanted? When its mentions disagree, the plainest decides (the value's own words over
    a word merely close in meaning: "that isn't sci-fi … plain old earth"); among words close in meaning, the
    closest ("gets nightmares from anything, so nothing scary"); among other equals, the first:
    the request comes first, what follows explains it ("war films, no comedies, war isn't a joke";
    "sneakers that aren't white, every pair I own is white") — unless `t` (the text) sets a later one apart
    from habits said first ("... and westerns, but this time not a western": `THIS_TIME`) or from a reason
    ("wool makes my neck itch, so a scarf that isn't wool": `SO_THEN`)."""
    said = [k for k in links if k.value == value]
    top = max(_STRENGTH[k.how] for k in said)
    plainest = [k for k in said if _STRENGTH[k.how] == top]
    if all(k.how == "meaning" for k in plainest):      # the closest: "gets nightmares ... so nothing scary"
        return not max(plainest, key=lambda k: k.similarity).negated
    if t and (refused := _refused_after_bare(plainest, links, t)) is not None:
        return not refused.negated       # "Leather? For a vegan? Ha. Show me bags that aren't leather."
    marks = sorted([*THIS_TIME.finditer(t), *SO_THEN.finditer(t)], key=lambda m: m.start())

    def apart(m: re.Match) -> int:      # "this time" sets its whole clause apart: "but not denim this time"
        opens = [0, *(b.end() for b in re.finditer(r"\||\bbut\b", t, 0) if b.end() <= m.start())]
        return max(opens) if m.re is THIS_TIME else m.end()
    turn = next((m for m in marks if apart(m) >= plainest[0].end), None)
    later = [k for k in plainest if turn is not None and k.start >= apart(turn) and (
        turn.re is THIS_TIME or "|" not in t[turn.end():k.start]       # a reason's "so": in its own clause, or
        or ("|" in turn.group(0) and "| |" not in t[turn.end():k.start]))]     # its sentence ("So: a coat, any
    #                                                                            colour except black")
    return not (later or plainest)[0].negated


# What asks in a clause: a request's verbs and courtesies
_ASKS = re.compile(r"\b(?:show|find|give|get|recommend|suggest|want|wants|need|needs|looking\s+for|after|please|pls"
                   r"|thanks|drop|skip|take|make)\b")


def _refused_after_bare(said: Sequence[Link], links: Sequence[Link], t: str) -> Link | None:
    """A value first said bare, in a clause of three words at most that asks nothing and names nothing else (a
    jibe: "yeah right | horror | on a date night", "oh | more grey | thrilling"; not "she only likes the old
    musicals"), then refused in one that asks, or is followed by one that does ("anything but grey please", "a
    thriller that isn t a horror film | please"): the refusal, which decides; else None."""
    first = said[0]
    lo, hi = clause(t, first)
    if first.negated or len(t[lo:hi].split()) > 3 or _ASKS.search(t[lo:hi]) or any(
            lo <= k.start and k.end <= (len(t) if hi is None else hi) and k.field != first.field for k in links):
        return None
    return next((k for k in said[1:] if k.negated and _ASKS.search(t[slice(*clause(t, k, following=1))])), None)
