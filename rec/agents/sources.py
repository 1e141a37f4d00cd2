"""Materials said by what they are made from: the plant or animal ("flax fabric": linen, "that goat fibre":
cashmere, "the wool of the Kashmir goat": cashmere, "made from the hair of sheep": wool), and refused as made from
animals ("I'm vegan", "nothing made from animals"); both from the dictionary (`Lexicon.sources`, `Lexicon.made_of`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rec.agents.phrases import Link
from rec.agents.polarity import negated

if TYPE_CHECKING:
    from rec.agents.lexicon import Lexicon

_STUFF = r"(?:fabric|fibre|fiber|fibres|fibers|material|cloth|wool|hair|yarn)"
# A plant or an animal said as the stuff a thing is made of: "flax fabric", "goat fibre", "made of sheep's wool",
# "wool of the Kashmir goat", "made from the hair of sheep" (the stuff, then up to three words ending in its source)
_SOURCE = re.compile(rf"\b(?P<w>[a-z]+)\s+{_STUFF}\b"
                     rf"|\bmade\s+(?:of|from|out\s+of)\s+(?:the\s+|that\s+|real\s+|pure\s+)?(?!{_STUFF}\b)(?P<w2>[a-z]+)\b")
_SOURCE_AFTER = re.compile(rf"\b{_STUFF}\s+(?:of|from)\s+(?:an?\s+|the\s+|some\s+)?"
                           r"(?P<w3>(?:[a-z]+\s+){0,2}[a-z]+)\b")
# Said of what an item is made from: "nothing made from animals", "no animal products", "I'm vegan"
_FROM_ANIMALS = re.compile(r"\b(?:(?:made|comes?|derived)\s+(?:from|of|out\s+of)\s+(?:an?\s+)?animals?"
                           r"|animal[\s-]+(?:products?|materials?|derived|based|skins?|fibres?|fibers?)"
                           r"|(?P<vegan>(?:i|we|she|he|they)\s*(?:m|am|re|are|s|is)?\s+(?:a\s+)?vegans?))\b")


def _sources_said(t: str, sources: dict) -> list[tuple[Link, int, int]]:
    """Each source word said with its stuff, as the material's link, with the span of the whole phrase."""
    out = []
    for m in [*_SOURCE.finditer(t), *_SOURCE_AFTER.finditer(t)]:      # apart: "soft wool of the Kashmir goat"
        if m.re is _SOURCE_AFTER:            # "wool of the Kashmir goat": the last source word of the run
            words = list(re.finditer(r"[a-z]+", m.group("w3")))
            hit = next((w for w in reversed(words) if w.group(0) in sources), None)
            if hit is not None:
                at = m.start("w3")
                out.append((Link(*sources[hit.group(0)], at + hit.start(), at + hit.end(), how="lexicon"),
                            m.start(), m.end()))
            continue
        g = "w" if m.group("w") else "w2"
        if m.group(g) in sources:
            out.append((Link(*sources[m.group(g)], m.start(g), m.end(g), how="lexicon"), m.start(), m.end()))
    return out


def from_source(t: str, taken: list[Link], lexicon: Lexicon | None) -> list[Link]:
    """`taken` with a material said by the plant or animal it is made from, as its stuff: the stuff's own word in
    the phrase ("soft goat wool", "the wool of the Kashmir goat") becomes the material its source makes."""
    if lexicon is None:
        return taken
    found = _sources_said(t, lexicon.sources)
    new = [n for n, _, _ in found if not any(n.start < k.end and k.start < n.end for k in taken)]
    return [next((Link(n.field, n.value, k.start, k.end, how="lexicon") for n, lo, hi in found if k.field == n.field
                  and lo <= k.start and k.end <= hi and not (n.start < k.end and k.start < n.end)), k)
            for k in taken] + new


def from_animals(t: str, taken: Sequence[Link], lexicon: Lexicon, kinds: Sequence[str]) -> list[Link]:
    """Materials ruled out as made from animals ("I'm vegan", "nothing made from animals", "no animal
    products"): the values WordNet files under "animal material" (`Lexicon.made_of`), or under "animal skin" or
    "animal fiber" where the words name those ("I don't wear animal skin": leather and suede)."""
    out: list[Link] = []
    for m in _FROM_ANIMALS.finditer(t):
        near = Link("", "", m.start(), m.end())
        if not (m.group("vegan") or negated(t, near, taken, kinds)):
            continue
        concept = ("animal skin" if re.search(r"skins?\b", m.group(0)) else "animal fiber"      # "I don't wear
                   if re.search(r"fib(?:re|er)s?\b", m.group(0)) else "animal material")   # animal skin": no wool
        out += [Link(f, v, m.start(), m.end(), True, "made of") for f, v in lexicon.made_of(concept)
                if not any(k.field == f and k.value == v and not k.negated for k in taken)]
    return out
