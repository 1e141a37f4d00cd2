"""Wishes that constrain nothing: those called optional ("bonus points if it's funny, but that's not
essential"), indifference ("he likes all types, comedy, drama, anything"; "animated or not doesn't matter"), and
what a refusal rules out, which the search should not read ("a 90s sci-fi film, nothing too gory"). Each keeps the
text's length, so offsets hold."""

from __future__ import annotations

import itertools
import re

from rec.agents.refusing import REFUSAL

# A wish said to be optional: "bonus points if it's funny, but that's not essential", "not a must"
_NOT_NEEDED = re.compile(r"(?:\bnot|n't|n\u2019t)\s+(?:really\s+|strictly\s+|absolutely\s+)?(?:essential|required"
                         r"|a must|necessary|mandatory|a requirement|a deal ?breaker|a deal-breaker|crucial|vital"
                         r"|compulsory)\b|\bbonus points?\b|\bnice[- ]to[- ]have\b|\boptional\b", re.I)
# Indifference, the values only examples: "he likes all types, comedy, drama, anything"
_INDIFFERENT = re.compile(r"\ball\s+(?:types|kinds|sorts|genres|styles)\b(?!\s+of\b)", re.I)
# ... or a list ended by "anything": "comedy, drama, anything", "hand-drawn or computer-animated, whatever"
_ANY_OF_LIST = re.compile(r",\s*(?:or\s+)?(?:anything|whatever|everything)(?:\s+really|\s+at\s+all)?\s*$", re.I)
# ... or either way: "animated or not doesn't matter", "with or without romance, I don't mind"
_EITHER_WAY = re.compile(r"(?:\bwith\s+or\s+without\s+[\w'-]+(?:\s+(?!(?:is|are|s|i|it|doesn|does|don|do)\b)[\w'-]+)?"
                         r"|\b[\w'-]+(?:\s+[\w'-]+)?\s+or\s+not)\s*,?\s*(?:(?:it\s+|that\s+)?(?:doesn'?t|does\s+not"
                         r"|don'?t|do\s+not)\s+matter|(?:i\s+)?(?:don'?t|do\s+not)\s+(?:care|mind)|whatever|either\s+way"
                         r"|who\s+cares|(?:is|are|'s)\s+(?:fine|ok|okay)|(?:i'?m\s+)?not\s+(?:fussed|bothered))", re.I)
_CLAUSE_BREAK = re.compile(r",|\s[-\u2013\u2014]+\s|[\u2013\u2014]|\b(?:but|though|although)\b"
                           r"|(?:^|\s)\(?\d{1,2}\)(?=\s)", re.I)     # a ranked list's "1) ... 2) ... 3) nice to have"


_REFUSED_CLAUSE = re.compile(rf"\b(?:{'|'.join(sorted(REFUSAL - {'minus'}))}|\w+n['\u2019]t|w/o)\b"    # "w/o": texted
                             r"(?:(?!\bbut\b)[^,.;:!?\n])*", re.I)


def unrefused(text: str) -> str:
    """The text with what each refusal rules out blanked (the same length), to the end of its clause: "nothing
    with singing and dancing in it" searches for no dancing, "a 90s sci-fi film, nothing too gory" for no gore."""
    return _REFUSED_CLAUSE.sub(lambda m: " " * len(m.group(0)), text)


def optional(text: str) -> str:
    """The text with each wish called optional blanked out (the same length): what it asks for is no hard
    constraint; the search still reads it. Indifference blanks its sentence; "not essential", "bonus points"
    blank their clause, and the one before where they say nothing else ("a drama, romance would be nice but
    not essential": the romance, not the drama)."""
    def sentence(m: re.Match) -> str:
        said = m.group(0)
        if text.startswith("?", m.end()):        # "scifi thrillr, anything?" asks
            return said
        if _INDIFFERENT.search(said):
            return " " * len(said)
        said = _EITHER_WAY.sub(lambda m: " " * len(m.group(0)), said)
        if (end := _ANY_OF_LIST.search(said)) is not None:
            said = said[:(start := _list_start(said, end.start()))] + " " * (len(said) - start)
        return _not_needed(said) if _NOT_NEEDED.search(said) else said

    return re.sub(r"[^.!?;\n]+", sentence, text)


def _list_start(said: str, end: int) -> int:
    """Where the list of short items an "anything" ends at `end` starts: the items of four words or fewer before
    it, parted by commas and "or", where there are two or more ("comedy, drama"; "a cartoon - hand-drawn or
    computer-animated": from the dash); else `end` itself ("a cartoon, whatever" keeps the cartoon)."""
    start, items = end, 0
    for a in reversed([0, *(m.end() for m in re.finditer(r",", said[:end]))]):
        dash = list(re.finditer(r"\s[-\u2013\u2014]+\s|[\u2013\u2014]", said[a:start]))
        a = a + dash[-1].end() if dash else a
        part = said[a:start].strip(" ,")
        if not part or len(part.split()) > 4:
            break
        items, start = items + 1 + len(re.findall(r"\bor\b", part)), a
        if dash:
            break
    return start if items >= 2 else end


# What a clause that only calls the wish before it optional says besides: "but that's not essential though"
_ASIDE = frozenset({"but", "though", "although", "that", "this", "its", "thats", "isn", "really", "just", "and", "the",
                    "not", "all", "for", "you", "was", "would", "will"})      # words of three letters or more


def _not_needed(said: str) -> str:
    """One sentence with each clause called optional blanked, and the clause before one that says nothing else."""
    ends = [0, *(m.start() for m in _CLAUSE_BREAK.finditer(said)), len(said)]
    clauses = [(a, b) for a, b in itertools.pairwise(ends) if a < b]
    out = said
    for i, (a, b) in enumerate(clauses):
        if (m := _NOT_NEEDED.search(said, a, b)) is None:
            continue
        rest = set(re.findall(r"[a-z]{3,}", (said[a:m.start()] + " " + said[m.end():b]).lower())) - _ASIDE
        lo = clauses[i - 1][0] if i and not rest else a
        out = out[:lo] + " " * (b - lo) + out[b:]
    return out
