"""Shade names for a catalog's colours: "maroon" is burgundy, "charcoal" grey, "baby blue" light blue.

A catalog sells a dozen colours; people name hundreds of shades. The names and their RGB come from the
xkcd colour survey (what people called each colour shown: ~950 names, public domain) and the CSS colour
names, both read from matplotlib's data file (matplotlib is not imported, nothing is downloaded). A
shade links to the catalog colour nearest it in CIELAB, where each catalog colour stands for itself and
the survey's names that end in it ("dark grey", "charcoal grey" are greys), when it is near enough and
clearly nearer than the runner-up. Which field holds colours is read from the data: the field most of
whose values are colour names. A name whose other word is a colour too ("wine red", "olive green") is
a blend of two, no shade of either.

Precision before recall, as in `agents/lexicon.py`:
- a one-word shade counts where the user says it is a colour ("wine coloured", "sand-coloured"), or
  where it can name a colour and is said as one: before the item it describes, within three words ("a
  charcoal wool coat"), or after "in" ("in maroon"). It can name a colour where WordNet gives it a
  colour sense (a noun under "color", an adjective similar to "chromatic" / "achromatic") or where its
  commonest sense is a food, plant, animal or substance, the things shades are named after ("mustard",
  "camel", "plum", "sand"); a place or a weather ("desert", "ocean", "snow") is not, so "snow boots" and
  "desert boots" ask for no colour;
- a shade of a basic colour term the catalog lacks ("purple", "orange", "dark purple") links nothing:
  no nearest colour stands in for it;
- a name holding a catalog colour's own words ("dark grey", "bottle green") is that colour's, linked by
  its words already, unless the survey puts it clearly at another of the catalog's colours, one no basic
  term names, and its other words name a thing or that colour, no tone: "army green", "camo green" and
  "olive green" are olive, "wine red" burgundy, where the catalog sells olive and burgundy (`Shades.nearer`);
- a basic colour term the catalog sells only as shades of it ("blue", where it has "light blue" and
  "navy blue") stands for all of them.
Without matplotlib's data or WordNet nothing links this way.
"""

from __future__ import annotations

import ast
import importlib.util
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rec.agents.phrases import Link

# The basic colour terms (Berlin & Kay): a shade of one of these is that colour, never a neighbour's.
_BASIC = frozenset({"black", "white", "red", "green", "yellow", "blue", "brown", "purple", "pink", "orange", "grey"})
MAX_DISTANCE = 25.0     # CIE76 ΔE: about where people stop giving two colours one name
MIN_RATIO = 1.3         # the runner-up at least this much farther
# Words that say how light or strong a colour is, not what it is like: "dark green" is a green
_TONES = frozenset({"light", "dark", "pale", "deep", "bright", "very", "pastel", "dull", "dusty", "vivid", "soft",
                    "rich", "medium", "muted", "faded", "neon", "hot", "true", "pure", "mid", "lightish", "darkish"})


@cache
def colour_names() -> dict[str, tuple[float, float, float]] | None:
    """name -> CIELAB for the xkcd survey's names (first) and CSS's, "gray" spelt "grey"; None without
    matplotlib's data file."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "_color_data.py"
    if not path.is_file():
        return None
    tables: dict[str, dict[str, str]] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict) and len(node.targets) == 1:
            name = getattr(node.targets[0], "id", "")
            if name in ("XKCD_COLORS", "CSS4_COLORS"):
                tables[name] = ast.literal_eval(node.value)
    out: dict[str, tuple[float, float, float]] = {}
    for table in (tables.get("XKCD_COLORS", {}), tables.get("CSS4_COLORS", {})):
        for name, hex_ in table.items():
            out.setdefault(name.lower().replace("gray", "grey"), lab(hex_))
    return out or None


def lab(hex_: str) -> tuple[float, float, float]:
    """sRGB "#rrggbb" -> CIELAB (D65)."""
    rgb = [int(hex_.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in rgb)
    xyz = ((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _distance(a: Sequence[float], b: Sequence[float]) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5


@dataclass(frozen=True)
class Shade:
    value: str
    distance: float


class Shades:
    """A colour field's values and the shade names near each (see the module docstring)."""

    def __init__(self, values: Sequence[str], names: Mapping[str, tuple[float, float, float]]):
        self.names = names
        self.values = {_key(v): v for v in values if _key(v) in names}
        own = {w for v in self.values for w in v.split()}
        self.points: list[tuple[str, tuple[float, float, float]]] = []
        for key, value in self.values.items():
            n = len(key.split())
            family = [name for name in names if name == key or (name.endswith(" " + key) and not any(
                w in own or is_colour_word(w) for w in name.split()[:-n]))]   # "dark grey", not "olive green"
            self.points += [(value, names[name]) for name in family]

    def nearest(self, phrase: str) -> Shade | None:
        """The catalog colour a shade name stands for, or None (unknown, too far, or no clear winner)."""
        point = self.names.get(_key(phrase))
        if point is None:
            return None
        basic = phrase.split()[-1] if phrase.split()[-1] in _BASIC else None
        best: dict[str, float] = {}
        for value, p in self.points:
            if basic is None or _key(value).split()[-1] == basic:
                best[value] = min(best.get(value, float("inf")), _distance(point, p))
        ranked = sorted(best, key=best.__getitem__)
        if not ranked or best[ranked[0]] > MAX_DISTANCE:
            return None
        if len(ranked) > 1 and best[ranked[1]] < MIN_RATIO * max(best[ranked[0]], 1.0):
            return None
        return Shade(ranked[0], round(best[ranked[0]], 1))

    def nearer(self, phrase: str) -> Shade | None:
        """A shade named with a basic colour term ("army green", "wine red", "camo green") that is clearly
        another of the catalog's colours, one no basic term names (olive, burgundy), rather than the term's:
        within `MAX_DISTANCE` of it and `MIN_RATIO` nearer it than the term's own colour. Its other words
        name a thing, no tone, and no colour but that catalog colour itself ("olive green" is olive where the
        catalog sells olive; "dark green", "pale green" and "lime green" stay green); a colour word among them must
        be that catalog colour's shade itself ("wine red": wine is burgundy)."""
        words = _key(phrase).split()
        point = self.names.get(" ".join(words)) or self.names.get(" ".join(words[:-1]))    # "maroon red": maroon
        basic = words[-1] if words and words[-1] in _BASIC else None
        if point is None or basic is None or basic not in self.values or len(words) < 2 \
                or any(w in _TONES for w in words[:-1]):
            return None
        near = {value: _distance(point, self.names[key]) for key, value in self.values.items()
                if key == basic or key.split()[-1] not in _BASIC}
        ranked = sorted(near, key=near.__getitem__)
        if ranked[0] == self.values[basic] or near[ranked[0]] > MAX_DISTANCE \
                or (len(ranked) > 1 and near[ranked[1]] < MIN_RATIO * max(near[ranked[0]], 1.0)):
            return None
        if any(is_colour_word(w) and w not in self.values and getattr(self.nearest(w), "value", None) != ranked[0]
               for w in words[:-1]):
            return None       # "wine red" is burgundy, as "wine" is; "pink red" no colour of either
        return Shade(ranked[0], round(near[ranked[0]], 1))

    def sold_as_shades(self, phrase: str) -> list[str]:
        """The catalog colours a basic colour term stands for where the catalog sells it only as shades of
        it, two or more: "blue" where it has "light blue" and "navy blue" (no one of them is all blue)."""
        key = _key(phrase)
        if key not in _BASIC or key in self.values:
            return []
        shades = [value for k, value in self.values.items() if k.split()[-1] == key]
        return shades if len(shades) >= 2 else []


def _key(name: str) -> str:
    return " ".join(name.lower().replace("gray", "grey").replace("-", " ").split())


@cache
def is_colour_word(word: str) -> bool:
    """Does WordNet give `word` a colour sense: a noun under "color" (noun.attribute), or an adjective
    similar to "chromatic" / "achromatic"? ("charcoal", "maroon", "tan" yes; "snow", "sand" no.)"""
    from rec.agents.lexicon import wordnet

    net = wordnet()
    if net is None:
        return False
    colour = {u.key for u in net.uses.get("color", []) if u.key and net.sense(u.key).lexfile == 7}
    for use in net.uses.get(word, []):
        if use.key is None:
            continue
        sense = net.sense(use.key)
        if use.pos == "a" and any({"chromatic", "achromatic"} & set(net.sense(k).lemmas) for k in sense.up):
            return True
        if use.pos == "n" and colour & net.above(sense.key):
            return True
    return False


def untinted(t: str, links: Sequence[Link], field: str) -> list[Link]:
    """The links less a colour said with "-ish" before another colour word, which only tints it: "dark reddish
    purple" is a purple, no red; "greyish blue" a blue."""
    def tints(k: Link) -> bool:
        word = re.match(r"[a-z]*ish(?:[\s-]+([a-z]+))?", t[k.start:])     # the word said ("greyish": "grey" linked)
        return k.field == field and word is not None and bool(word.group(1)) and is_colour_word(word.group(1))

    return [k for k in links if not tints(k)]


# A colour described again in apposition, a clause of its own after the one that named it: "a maroon dress, that
# deep red-purple", "in maroon, that deep wine sort of red", "army green, the khaki-green military colour"
_APPOSED = re.compile(r"(?<=\|)\s*(?:that|the|this)\s+(?P<d>(?:[a-z]+\s+){0,4}?[a-z]+?)"
                      r"(?P<noun>\s+(?:shade|colou?r|tone|hue))?\s*(?=\||$|(?:is|s|was|would be)\b)")
_DESCRIBING = frozenset({"sort", "kind", "type", "of", "ish", "y", *_TONES})


def restated(t: str) -> list[tuple[int, int]]:
    """The spans of normalised `t` that describe again a colour the clause before them names (`_APPOSED`): the
    same colour in other words, no second one ("maroon, that deep red": maroon, no red). The description is
    colour words and tones, or any words that end in "shade" or "colour"."""
    out = []
    for m in _APPOSED.finditer(t):
        before = t[:m.start()].rstrip(" |").rsplit("|", 1)[-1].split()
        words = m.group("d").split()
        if any(is_colour_word(w) for w in words) and any(is_colour_word(w) or w in _COLOURED for w in before) \
                and (m.group("noun") or all(is_colour_word(w) or w in _DESCRIBING for w in words)):
            out.append((m.start("d"), m.end()))
    return out


# WordNet's lexicographer classes shade names are taken from: noun.animal, noun.food, noun.plant, noun.substance
_NAMED_AFTER = frozenset({5, 13, 20, 27})


@cache
def can_name_colour(word: str) -> bool:
    """Can `word` alone name a colour: a colour sense (`is_colour_word`), or a commonest noun sense (the most
    tagged in SemCor; all, where none was) that is a thing shades are named after ("mustard", "camel")?"""
    if is_colour_word(word):
        return True
    from rec.agents.lexicon import wordnet

    net = wordnet()
    nouns = [u for u in (net.uses.get(word, []) if net is not None else []) if u.pos == "n" and u.key]
    top = max((u.count for u in nouns), default=0)
    return any(u.count == top and net.sense(u.key).lexfile in _NAMED_AFTER for u in nouns)   # type: ignore[union-attr]


def colour_field(fields: Mapping[str, tuple[str, Sequence[str]]]) -> tuple[str, Shades] | None:
    """The single-valued field whose values are colours (two thirds of them colour names, at least three),
    with its shades; None where there is none or no colour data."""
    names = colour_names()
    if names is None:
        return None
    for field, (kind, values) in fields.items():
        known = [v for v in values if _key(v) in names]
        if kind != "list" and len(known) >= 3 and len(known) >= 2 * len(values) / 3:
            return field, Shades(values, names)
    return None


_COLOURED = ("colour", "color", "coloured", "colored", "shade", "toned", "colours", "colors", "shades", "tone", "hue")
_SORT_OF = ("sort", "kind", "type", "of", "ish", "y")


def shade_links(t: str, taken: Sequence[Link], field: str, shades: Shades) -> list[Link]:
    """Shade names of the catalog's colours `field` said in `t` ("a charcoal coat", "in maroon", "baby blue"),
    apart from what `taken` links already: a basic colour term sold only in shades is all of them, said anywhere
    ("blue": light or navy). A one-word shade counts where it is said to be a colour ("sand-coloured", "a wine sort
    of colour"), or where it is one to WordNet and is said as a colour: before what it describes (a value
    of another field within three words) or after "in". A word that can merely name one
    (`can_name_colour`: "mustard", "mud") must come before what it describes ("covered in mud" is no
    colour)."""
    words = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[a-z]+|\|", t)]
    out: list[Link] = []
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            run = words[i:i + n]
            start, end = run[0][1], run[-1][2]
            phrase = " ".join(w for w, _, _ in run)
            over = [k for k in [*taken, *out] if start < k.end and k.start < end and k.how != "meaning"]
            nearer = shades.nearer(phrase) if n > 1 and all(k.field == field and k.how in ("words", "compound")
                                                            for k in over) \
                else None          # "army green", "olive green": olive, over the "green" its words link
            if "|" in phrase or (over and nearer is None):
                continue
            if n == 1 and (family := shades.sold_as_shades(phrase)):    # "blue", sold light and navy: either
                out += [Link(field, value, start, end, how="shade") for value in family]
                continue
            explicit = _called_colour([w for w, _, _ in words[i + n:i + n + 4]])    # "sand-coloured kicks"
            if n == 1 and not explicit and not (
                    (is_colour_word(phrase) and _said_as_colour(t, words, i, field, taken, after_in=True))
                    or (can_name_colour(phrase) and _said_as_colour(t, words, i, field, taken, after_in=False))):
                continue
            if (shade := nearer or shades.nearest(phrase)) is not None:
                out.append(Link(field, shade.value, start, end, how="shade"))
    return out


# A colour said by a thing that has it: "the colour of red wine", "the colour of an old army jacket", "a camel-coat
# kind of colour"
_THING = r"(?P<{}>(?:[a-z]+\s+){{0,2}}[a-z]+)"
_COLOUR_OF = re.compile(r"\b(?:colou?r|shade)\s+of\s+(?:(?:an?|the|that|this|my|your|his|her|some)\s+)?"
                        + _THING.format("of")
                        + r"|\b" + _THING.format("kind") + r"\s+(?:kind|sort|type)\s+of\s+(?:colou?r|shade)\b")
_NOT_THING_WORDS = "and or but for under over in with size please to that this which i im its it s a an the"
_NOT_THING = frozenset(_NOT_THING_WORDS.split())


def described(t: str, field: str, shades: Shades) -> list[Link]:
    """A colour said by the thing that has it (`_COLOUR_OF`): the catalog colour of the thing's shade name, its
    longest run of words that is one, the last first ("good red wine": wine, burgundy), or the name of the
    survey's that opens with one word of it and ends in a basic term ("army": army green). The link spans the
    thing's words, so a kind of item among them names none ("a purse in that camel-coat kind of colour")."""
    out = []
    for m in _COLOUR_OF.finditer(t):
        group = "of" if m.group("of") else "kind"
        found = list(re.finditer(r"[a-z]+", m.group(group)))
        words = [w.group(0) for w in found]
        cut = next((i for i, w in enumerate(words) if w in _NOT_THING), len(words)) if group == "of" else len(words)
        first = next((i for i, w in enumerate(words[:cut]) if w not in _NOT_THING), cut)
        runs = [" ".join(words[i:i + n]) for n in (3, 2, 1) for i in range(cut - n, first - 1, -1)]
        shade = next((s for run in runs if (s := shades.nearest(run) or _opening(run, shades)) is not None), None)
        if shade is not None and cut > first:
            start = m.start(group) + found[first].start()
            out.append(Link(field, shade.value, start, m.start(group) + found[cut - 1].end(), how="shade"))
    return out


def _opening(word: str, shades: Shades) -> Shade | None:
    """The catalog colour of the one shade name that opens with the word and ends in a basic term ("army": army
    green); None for a run of words or where none or several do."""
    named = [n for n in shades.names if " " not in word and n.startswith(word + " ") and n.split()[-1] in _BASIC]
    return shades.nearest(named[0]) if len(named) == 1 else None


def _called_colour(after: Sequence[str]) -> bool:
    """Do the words after a shade call it a colour: "sand-coloured", "a wine sort of colour", "mustard kind of
    shade"?"""
    rest = list(itertools.takewhile(lambda w: w in _SORT_OF, after))
    return len(after) > len(rest) and after[len(rest)] in _COLOURED


def _said_as_colour(t: str, words: Sequence[tuple[str, int, int]], i: int, field: str,
                    taken: Sequence[Link], after_in: bool) -> bool:
    """Is the word at `i` said as a colour: (`after_in`) after "in" (tones and determiners between: "in that deep
    maroon"), after the field's name ("colour: maroon"), as
    a clause of its own ("..., maroon if you have it"), before "one(s)" ("the maroon ones"), or before a value of
    another field within three words of its clause ("a charcoal wool coat", "black or charcoal jeans")?"""
    k = i - 1
    while k >= 0 and (words[k][0] in _TONES or words[k][0] in _DETERMINERS):
        k -= 1            # "in that deep maroon": in maroon
    before = words[k][0] if k >= 0 else ""
    after = words[i + 1:i + 4]
    named = [w for w, _, _ in words[max(0, i - 2):i] if w != "|"]
    if (after_in and before == "in") or _listed_with(words, i, field, taken) or (named and named[-1] in _FIELD_NAMES):
        return True       # ... or after the field's name: "Colour: maroon", "the colour maroon"
    opens = i - 1
    while opens >= 0 and words[opens][0] in ("not", "no", "and", "or", "but"):
        opens -= 1        # "..., and not navy either"
    if (words[opens][0] if opens >= 0 else "") in ("", "|") and (
            not after or after[0][0] in _HEDGES or after[0][0] in ("either", "too")):
        return True       # a clause of its own: "a jumper for my mam, maroon if ye have it", "not navy either"
    if after and after[0][0] in ("one", "ones"):
        return True       # before the word that stands for an item: "tees, the maroon ones"
    clause = list(itertools.takewhile(lambda w: w[0] != "|", after))
    return any(k.field != field and k.start == s for _, s, _ in clause for k in taken)


_JOINS = {"|", "or", "and", "nor", "not", "no"}
_DETERMINERS = {"a", "an", "the", "that", "this", "some", "those", "these"}
_FIELD_NAMES = {"colour", "color", "colours", "colors", "shade", "shades"}
_HEDGES = {"|", "if", "please", "pls", "ideally", "preferably", "maybe", "perhaps", "would"}


def _listed_with(words: Sequence[tuple[str, int, int]], i: int, field: str, taken: Sequence[Link]) -> bool:
    """Is the word at `i` in a list with a value of the field ("not black, not navy", "black or navy")?"""
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(words) and words[j][0] in _JOINS:
            j += step
        if j != i + step and 0 <= j < len(words) and any(k.field == field and k.start == words[j][1] for k in taken):
            return True
    return False
