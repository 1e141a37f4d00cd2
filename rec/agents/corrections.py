"""A value the user took back mid-message: "a red one - no wait, make it navy", "black, actually green", "a drama
with no crime | wait | crime's fine actually"; what the clause of "instead" or "this time" replaces."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rec.agents.links import Link

# The user correcting themselves mid-message: "a red one - no wait, make it navy", "black, actually green", "the
# red one but in black". A word that also just qualifies ("a horror that's actually funny", "made in the 80s")
# corrects only where it opens a clause; "wait no dramas" refuses the dramas (a plural after "no").
CORRECTION = re.compile(r"\b(?:no wait|wait no(?!\s+(?!(?:its|this|his|is|was|us|yes|thanks|plus|always)\b)"
                         r"[a-z]*[^s\W]s\b)|scratch that|on second thoughts?|or rather|i mean|i meant(?: to say)?|"
                         r"change (?:it|that) to|make that|no,? sorry|sorry,? no|(?<!\bno )no(?= \|)|but in"
                         # the same item asked for in another value: "the black one but have you got it in navy?"
                         r"|but (?:(?:have|do) you (?:got |have )?|(?:can|could) (?:i|you) get |does it come "
                         r"|do they come |is it available |are they available )"
                         r"(?:(?:it|one|them|that|this|these|those) )?in)\b"
                         r"|(?<=\| )(?:actually|rather|wait|sorry|make (?:it|that))\b")    # a "no" doubled is no
#                                                                               correction: "war? no no."


# What sets this request apart from the habits said before it: "he only watches war films and westerns, but this
# time he wants a war one, not a western"
THIS_TIME = re.compile(r"\b(?:this\s+(?:one\s+)?time|for\s+once|this\s+once|just\s+this\s+once)\b")
# A value ruled out before and allowed after: "a drama with no crime | wait | crime s fine actually"
_ALLOWED = re.compile(r"\s*(?:is|s|are|re)\s+(?:(?:fine|ok|okay|alright|all right|allowed)(?:\s+(?:actually|after all"
                      r"|then|now|too))*\s*(?:\||$))")


def allowing(t: str, links: Sequence[Link]) -> set[tuple[str, str]]:
    """The values said only to be fine ("grey's fine actually", "cartoons are ok now"): in a follow-up that
    lifts a refusal of the plan's, they are no wish (`edits.edit`)."""
    return {(k.field, k.value) for k in links if not k.negated and _ALLOWED.match(t, k.end)}


def corrected(t: str, links: list[Link]) -> list[Link]:
    """Drop a value the user took back: one of a field said before a correction that names another value
    of the same field after it, or rules the same value out ("a comedy - no, scratch that, anything but"),
    and that value said again after it, unless a correction asks for it again ("red, no wait, navy ... red
    makes him look sunburnt")."""
    allowed = [k for k in links if not k.negated and _ALLOWED.match(t, k.end) and any(
        j.negated and j.end <= k.start and (j.field, j.value) == (k.field, k.value) for j in links)]
    out = [k for k in links if k not in allowed and not (k.negated and any(
        (j.field, j.value) == (k.field, k.value) and k.end <= j.start for j in allowed))]   # "no crime | crime s fine"
    # "red's a bit loud | olive or navy instead": the clause replaces; so does one set apart from what was said of
    # another time: "last week it was a rom-com and they groaned | so I'm thinking sci-fi this time"
    for m in re.finditer(r"\binstead\b|" + THIS_TIME.pattern, t):
        lo = t.rfind("|", 0, m.start()) + 1
        end = t.find("|", m.end())
        hi = m.start() if m.group(0) == "instead" else end if end >= 0 else len(t)
        fields = {k.field for k in out if lo <= k.start and k.end <= hi and not k.negated
                  and k.how not in ("meaning", "person")}     # not a word merely close to one: "getting married"
        out = [k for k in out if not (k.end <= lo and k.field in fields and not k.negated)]
    corrections = list(CORRECTION.finditer(t))
    heads = {k for m in corrections if (after := [k for k in links if k.start >= m.end()])      # what each
             for k in after if k is min(after, key=lambda x: x.start) or "|" not in t[m.end():k.start].lstrip(" |")}
    #   correction asks for: its first value and the rest of its clause ("sorry, something that's both action and
    #   adventure")
    for m in corrections:
        after = [k for k in out if k.start >= m.end()]
        fields = {k.field for k in after if not k.negated}
        ruled_out = {(k.field, k.value) for k in after if k.negated}
        gone = {(k.field, k.value) for k in out if k.end <= m.start() and not k.negated and k.field in fields}
        out = [k for k in out if not (k.end <= m.start() and not k.negated
                                      and (k.field in fields or (k.field, k.value) in ruled_out))]
        # and said again later, not as what a correction asks for, it is no wish: "red, no wait, navy, he told
        # me once red makes him look sunburnt"
        out = [k for k in out
               if k.negated or not ((k.field, k.value) in gone and k.start >= m.end() and k not in heads)]
    return out
