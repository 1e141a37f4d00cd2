"""Requests made by doubting: a question whose "not" is about whether the item exists asks for the item.

"You wouldn't have any navy coats, would you?", "Isn't there a crime thriller hiding around here?", "Are there
no comedies that aren't also love stories?", "Don't you have any thrillers from 1990 through 1994?", "I don't
suppose you've got westerns from the 50s?", "No chance of a silk scarf under 40, is there?", "No cartoons at
all?": the doubting frame is put as the plain question it stands for ("you have any navy coats", "is there a
crime thriller", "are there comedies that aren't also love stories") before anything else reads the words, so
no value in it is refused; a refusal inside the request stays one ("that aren't also love stories", "with no
horror in it"). Only the frame is grammar: which values follow is left to the links.
"""

from __future__ import annotations

import re

_NT = r"(?:n['\u2019]?t|\s+not)"
_HAVING = (r"have|happen\s+to\s+have|have\s+got|ve\s+got|got|stock|carry|sell|do|find|dig\s+up|know\s+of|recommend"
           r"|suggest|show\s+me|get\s+me|find\s+me|dig\s+me\s+up")
# "you wouldn't have", "you don't have", "you haven't got", "you couldn't find me"
_YOU_NOT = re.compile(rf"\b(you|u|ya)\s+(?:would|do|did|could|can|have|will|wo|ca)(?:{_NT})\s+"
                      rf"(?=(?:{_HAVING})\b)(?!have\s+to\b)", re.I)     # not "you don't have to show me dramas"
# "don't you have", "haven't you got", "couldn't you find me", "wouldn't you have"
_NOT_YOU = re.compile(rf"\b(?:do|did|could|can|have|would|will|wo|ca){_NT}\s+(you|u|ya)\s+(?=(?:{_HAVING})\b)", re.I)
# ... with "you" left out, opening a sentence: "Couldn't dig up any film noir from the forties, could you?"
_NOT_DONE = re.compile(rf"(?:^|(?<=[.!?\n]))(\s*)(?:could|can|would|ca|wo)(?:{_NT})\s+(?=(?:{_HAVING})\b)", re.I)
# "isn't there", "aren't there", "is there no", "are there no", "is there nothing"
_NOT_THERE = re.compile(rf"\b(is|are|was|were)(?:{_NT})\s+there\b|\b(is|are)\s+there\s+(?:no|not\s+(?:a|any))\b"
                        r"|\b(is|are)\s+there\s+(nothing)\b"
                        r"|\bthere(?:['\u2019]s|\s+is|\s+are)\s+(no)\s+(?=[^.!?\n]*,\s*(?:is|are)\s+there\s*\?)", re.I)
#                                                                      "there's no silk scarf under 40, is there?"
# "I don't suppose you've got", "I don't suppose there are", "I don't suppose anything after 1995 ..."
_SUPPOSE = re.compile(rf"\bi\s+(?:do{_NT}|dont)\s+(?:suppose|imagine|expect|guess)\b", re.I)
# "No chance of a silk scarf under 40?", "no hope of finding", "no way you have"
_NO_CHANCE = re.compile(r"\bno\s+(?:chance|hope|luck|way)\s+(?:of\s+(?:finding\s+|getting\s+)?|(?:that\s+)?you\s+"
                        r"(?:have|(?:ve\s+)?got)\s+)", re.I)
# "No cartoons at all?", "No scarlet frocks for a lady of a certain age, I suppose?": a sentence that opens on "no"
# and ends as a question, with "at all", "I suppose" or a tag, doubts (the tag ends it: not "No horror please, do you
# have any thrillers?")
_NO_AT_ALL = re.compile(r"(?:^|(?<=[.!?\n]))(\s*)no\s+(?=[^.!?\n]*(?:\bat\s+all\b[^.!?\n]*"
                        r"|,?\s*i\s+(?:suppose|guess)\s*|,\s*(?:is|are)\s+there\s*|,\s*(?:do|have)\s+you\s*)\?)", re.I)


def asked(text: str) -> str:
    """The text with each doubting frame put as the plain question it asks (see the module docstring)."""
    text = _YOU_NOT.sub(lambda m: f"{m.group(1)} ", text)
    text = _NOT_YOU.sub(lambda m: f"do {m.group(1)} ", text)
    text = _NOT_DONE.sub(lambda m: f"{m.group(1)}could you ", text)
    text = _NOT_THERE.sub(_there, text)
    text = _SUPPOSE.sub("I wonder if", text)
    text = _NO_CHANCE.sub("any ", text)
    return _NO_AT_ALL.sub(lambda m: f"{m.group(1)}any ", text)


def _there(m: re.Match) -> str:
    if m.group(5):
        return "there is "                            # "there's no silk scarf under 40, is there?"
    if m.group(4):
        return f"{m.group(3)} there anything"         # "is there nothing that's a comedy": anything
    return f"{m.group(1) or m.group(2)} there"
