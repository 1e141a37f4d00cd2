"""Sizes said relative to another: "a size up from medium" is L, "I'm a 40 but go one size down" is 39, and a
follow-up's "better one size down" moves the size the plan asks for. The size field is the one its name calls
"size(s)"; its values in order are the letter sizes on the usual scale (XS < S < M < L < XL) and the numbers by
value, each apart; a step goes to the next value the catalog has ("a size up from 32" where waists go 28, 30,
32, 34 is 34)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from rec.agents.phrases import Link, norm
from rec.schema import Constraint

_LETTERS = ("xxxs", "xxs", "xs", "s", "m", "l", "xl", "xxl", "xxxl")
_SPELT = {"2xs": "xxs", "3xs": "xxxs", "2xl": "xxl", "3xl": "xxxl"}
_UP, _DOWN = r"up|bigger|larger|higher", r"down|smaller|lower"
_COUNT = {"a": 1, "one": 1, "1": 1, "two": 2, "2": 2}
# "a size up (from M)", "one size bigger", "go down a size", "size up", "the next size up", "a bigger size"
STEP = re.compile(rf"\b(?:(?P<n>a|one|1|two|2)\s+sizes?\s+(?P<d>{_UP}|{_DOWN})"
                  rf"|(?:go|going|move|step|drop|bump)\s+(?P<d2>up|down)\s+(?P<n2>a|one|two)\s+sizes?\b"
                  rf"|\bsiz(?:e|ing)\s+(?P<d5>up|down)"
                  rf"|(?:the\s+)?next\s+size\s+(?P<d3>up|down)|(?:a|one|the\s+next)\s+(?P<d4>{_UP}|{_DOWN})\s+size)\b")


# A size said alone, as a follow-up asks for it: "40?", "what about 42?", "L then"
# Sizes said in words, where the catalog has their letters
SIZE_WORDS = {"small": "s", "medium": "m", "large": "l", "extra small": "xs", "extra large": "xl", "x large": "xl",
              "extra-small": "xs", "extra-large": "xl", "x-large": "xl", "x-small": "xs", "xx large": "xxl",
              "xx-large": "xxl"}
_ALONE = re.compile(r"^\s*(?:(?:actually|no|sorry|ok|okay|oh|hmm+|wait|on\s+second\s+thoughts?|on\s+reflection"
                    r"|scratch\s+that)\W+)*"
                    r"(?:(?:what|how)\s+about|and|or|maybe|perhaps|try|in|size"
                    r"|(?:make|change|switch)\s+(?:that|it|this)(?:\s+(?:to|into))?)?\s*(?:(?:an?|size)\s+)?"
                    r"(?P<v>\d+(?:\.5)?|x{0,3}[sml]|[23]x[sl]|(?:(?:extra|xx?)[\s-]?)?(?:small|large)|medium)"
                    r"\s*(?:then|instead|please|pls|maybe|now)?\s*[?.!]*\s*$",
                    re.I)       # "40?", "make that a 34 instead", "on second thought make it a large instead",
#                                 "Scratch that. Make it 34 instead."


def size_field(fields: Mapping[str, tuple[str, list[str]]]) -> str | None:
    """The field the store keeps sizes in: the one its name calls so ("size", "sizes")."""
    return next((name for name in fields if norm(name).rstrip("s") == "size"), None)


def steps(t: str) -> list[tuple[int, re.Match]]:
    """The relative sizes `t` (normalised) asks for, each as (how many sizes, signed; the words)."""
    out = []
    for m in STEP.finditer(t):
        way = next(m.group(g) for g in ("d", "d2", "d3", "d4", "d5") if m.group(g))
        count = _COUNT[m.group("n") or m.group("n2") or "a"]
        out.append((count if re.fullmatch(_UP, way) else -count, m))
    return out


def shifted(value: str, by: int, values: Sequence[str]) -> str | None:
    """The catalog's size `by` steps from `value` on its own scale (letters or numbers), None past its end or
    for a value on no scale ("one size")."""
    scale = _scale(value, values)
    at = scale.index(value) + by if value in scale else -1
    return scale[at] if 0 <= at < len(scale) else None


def _letter(v: str) -> int | None:
    low = _SPELT.get(v.lower(), v.lower())
    return _LETTERS.index(low) if low in _LETTERS else None


def _number(v: str) -> float | None:
    return float(v) if re.fullmatch(r"\d+(?:\.\d+)?", v) else None


def _scale(value: str, values: Sequence[str]) -> list[str]:
    """The catalog's sizes on the scale `value` is on (its letters or its numbers), in order; none for a value on
    no scale."""
    key = next((k for k in (_letter, _number) if k(value) is not None), None)
    return [] if key is None else sorted((v for v in values if key(v) is not None), key=key)


def stepped_links(t: str, links: list[Link], fields: Mapping[str, tuple[str, list[str]]]) -> list[Link]:
    """The links with a size said beside a step moved by it ("a size up from medium": L, not M), and no value
    read inside the step's words ("one size down" names no "one size"). Only where the message says one
    size and one step."""
    name = size_field(fields)
    found = steps(t)
    if name is None or not found:
        return links
    links = [k for k in links if not (k.field == name and any(m.start() <= k.start < m.end() for _, m in found))]
    values = fields[name][1]
    sized = {(k.start, k.value) for k in links if k.field == name and not k.negated
             and shifted(k.value, 0, values) is not None}
    if len(sized) != 1 or len(found) != 1:
        return links         # a value on no scale ("one size") is no size to step from
    (start, value), = sized
    moved = shifted(value, found[0][0], values)
    if moved is None:
        return links
    return [replace(k, value=moved) if (k.start, k.value) == (start, value) and k.field == name else k for k in links]


def stepped(text: str, before: Sequence[Constraint], turn: Sequence[Constraint],
            fields: Mapping[str, tuple[str, list[str]]]) -> list[Constraint]:
    """A follow-up's step with no size of its own moves the one size the plan asks for: "Sneakers in size 40" ->
    "they run big, better one size down" asks for 39; a size said alone ("39?") replaces it."""
    name = size_field(fields)
    if name is None or any(c.field == name for c in turn):
        return []
    asked = [c for c in before if c.field == name and c.op in ("eq", "contains") and isinstance(c.value, str)]
    if len(asked) != 1:
        return []
    values = fields[name][1]
    found, alone = steps(norm(text)), _ALONE.match(text)
    moved = shifted(asked[0].value, found[0][0], values) if len(found) == 1 else None
    if alone is not None and not found:        # "40?": a size on the same scale as the plan's
        word = alone.group("v").lower()
        said = next((v for v in values if v.lower() == SIZE_WORDS.get(word, word)), None)
        moved = said if said is not None and said in _scale(asked[0].value, values) else None
    return [] if moved is None else [asked[0].model_copy(update={"value": moved})]

