"""Linking a request's words to the store's categorical values.

Two ways, both over the store's own vocabulary (the manifest lists every value of a small field):
- lexically: the value's words, any of space/hyphen/nothing between them, a plural or a derived form
  ("sci fi", "comedies", "animated", "romantic"); where two values overlap ("t-shirts" holds
  "shirts") the longer one wins;
- by meaning: the remaining content words and word pairs are embedded (the packaged MiniLM) and
  linked to the nearest value when it is close (`min_similarity`) and clearly closer than the
  runner-up (`min_margin`): "science fiction" -> Sci-Fi, "scary" -> Horror, "kids" -> Children's;
  words close to every value ("film", "movie") have no margin and link to nothing.
A link is negated when a negation word opens its clause ("no horror or sci-fi", "nothing romantic").
Several values of one list field are all required unless the user said "or" between them
("romantic comedies" -> Romance and Comedy; "a comedy or a drama" -> either).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from rec.agents.spelling import correct
from rec.schema import Constraint

_NEGATION = {"no", "not", "nothing", "without", "except", "excluding", "avoid", "never", "none", "hate",
             "dislike", "nor", "neither", "skip", "minus"}
_CLAUSE = {"|", "but", "maybe", "rather", "instead", "prefer", "preferably", "just", "only", "ideally", "though"}
_LIST = {"or", "and", "nor", "|", "a", "an", "the", "any", "anything", "too", "either"}
_STOP_WORDS = """a an the and or nor but of for to in on at by with from about as into like than then so i me my we
our you your it its this that these those one ones some any something anything stuff thing things
please want wanted would like love loved need looking look find show give get recommend
recommendation recommendations suggest maybe just only really very more most less also too well
good great nice best new old what which who how where when there here is are was were be been being
have has had do does did can could should will shall may might must not no nothing never none
without except him her them they he she us film films movie movies book books item items product
products something kind sort type style"""
_STOP = frozenset(_STOP_WORDS.split())


def norm(text: str) -> str:
    """Lower-case words; punctuation that ends a clause becomes "|" (a negation stops there)."""
    text = re.sub(r"n['\u2019]t\b", " not", text.lower()).replace("'s", "")    # "aren't" -> "are not"
    return " ".join(re.findall(r"[a-z0-9]+|[,.;:!?]", text)).translate(
        str.maketrans(",.;:!?", "||||||"))


# Derived forms people say instead of the value itself: "animated" for Animation, "romantic" for
# Romance, "thrilling" for Thriller. (suffix of the value, the forms that may replace it)
_DERIVED = (("ation", ("ation", "ations", "ated")), ("ance", ("ance", "ances", "antic")), ("er", ("er", "ers", "ing")))


def value_pattern(value: str) -> re.Pattern | None:
    """Whole words, any of space/hyphen/nothing between them, a plural or a derived form allowed:
    "Sci-Fi" matches "sci fi", "scifi", "sci-fis"; "Comedy" matches "comedies"; "Animation"
    matches "animated"."""
    words = norm(value).split()
    if not words or sum(map(len, words)) < 3:
        return None
    last = words[-1]
    derived = next(((suffix, forms) for suffix, forms in _DERIVED if last.endswith(suffix) and len(last) >= 6), None)
    if derived:
        suffix, forms = derived
        last = re.escape(last[:-len(suffix)]) + "(?:" + "|".join(forms) + ")"
    elif last.endswith("y"):
        last = last[:-1] + "(?:y|ies)"
    else:
        last = re.escape(last) + "(?:e?s)?"
    return re.compile(r"\b" + r"\s?".join([*map(re.escape, words[:-1]), last]) + r"\b")


def categorical_fields(fields: Mapping[str, Mapping]) -> dict[str, tuple[str, list[str]]]:
    """name -> (type, values) for the manifest's fields whose values are all listed (small vocabularies)."""
    out = {}
    for name, info in fields.items():
        top = info.get("top") or []
        textual = info.get("type") == "string" or (info.get("type") == "list" and info.get("items") == "string")
        # a field with one value ("category": "movie" on every film) constrains nothing
        if textual and name != "title" and top and 1 < info.get("distinct", 1e9) <= len(top):
            out[name] = (info["type"], [str(v) for v in top])
    return out


@dataclass(frozen=True)
class Link:
    field: str
    value: str
    start: int           # character span in the normalised text
    end: int
    negated: bool = False
    how: str = "words"   # "words" (lexical), "typo", "lexicon" / "above" (WordNet: a value's word / a word
    #                      more general than values, kept only negated) or "meaning" (embedding)
    similarity: float = 1.0


_NEGATION |= {"dont", "drop", "remove", "ditch", "lose", "minus", "refuse", "refuses", "forget", "cannot",
              "enough", "sick", "tired", "fed", "bored"}     # "had enough drama", "sick of horror"



class ValueLinker:
    """Links a text's phrases to the store's categorical values (see the module docstring).
    `embedder` None links by words only. Thresholds: `bench/links.py` measures them."""

    def __init__(self, fields: Mapping[str, tuple[str, list[str]]], embedder: Any = None, *,
                 min_similarity: float = 0.6, min_margin: float = 0.1, template: str = "{}", lexicon: bool = False):
        self.fields = dict(fields)
        self.embedder = embedder
        self.template = template     # "{} movie" where every item is a movie: the phrase and value read in context
        self.min_similarity, self.min_margin = min_similarity, min_margin
        self.lexicon = lexicon       # also link the words WordNet knows for a value (`agents/lexicon.py`)
        self._phrases: dict[str, Any] = {}

    @cached_property
    def _patterns(self) -> list[tuple[str, str, re.Pattern]]:
        return [(name, v, p) for name, (_, values) in self.fields.items() for v in values if (p := value_pattern(v))]

    @cached_property
    def _values(self) -> tuple[list[tuple[str, str]], Any]:
        import numpy as np

        pairs = [(name, v) for name, (_, values) in self.fields.items() for v in values]
        if not pairs:
            return pairs, np.zeros((0, 1), dtype=np.float32)
        vectors = self.embedder.embed([self.template.format(v.replace("-", " ")) for _, v in pairs])
        return pairs, np.asarray(vectors, dtype=np.float32)

    def links(self, text: str, skip: Sequence[str] = ()) -> list[Link]:
        """The values `text` names, in order; `skip` are spans to ignore (titles the user named:
        "Star Wars" is no request for war films)."""
        t = _masked(norm(text), skip)
        found = self._lexical(t)
        if self.lexicon:              # a dictionary's synonyms, before meaning; its kinds of a value after it
            found += self._dictionary(t, found, synonyms=True)
        if self.embedder is not None:
            found += [k for k in self._meaning(t, found) if self._agrees(t, k, found)]
        if self.lexicon:
            found += self._dictionary(t, found, synonyms=False)
        found.sort(key=lambda link: link.start)
        out = [Link(k.field, k.value, k.start, k.end, _negated(t, k, found), k.how, k.similarity) for k in found]
        return [k for k in out if k.how != "above" or k.negated]   # "no footwear" rules out; "footwear" asks no subset

    def _agrees(self, t: str, link: Link, taken: Sequence[Link]) -> bool:
        """A word merely close in meaning to a value of a single-valued field the sentence names in a
        value's own words describes something else ("a white shirt for my tan chinos", "a leather jacket
        to wear on a date"), unless a list joins them ("black or navy")."""
        if self.fields[link.field][0] == "list":
            return True
        said = [k for k in taken if k.field == link.field and k.how in ("words", "typo")]
        return not said or any(set(t[min(k.end, link.end):max(k.start, link.start)].split()) <= _LIST for k in said)

    def _lexical(self, t: str) -> list[Link]:
        hits = [Link(name, v, m.start(), m.end()) for name, v, p in self._patterns for m in p.finditer(t)
                if t[:m.start()].split()[-1:] != ["about"]]   # "a documentary about war": a topic, not a genre
        kept: list[Link] = []
        for h in sorted(hits, key=lambda h: (h.start - h.end, h.start)):   # the longest first: "t-shirts" over "shirts"
            if not any(h.start < k.end and k.start < h.end for k in kept):
                kept.append(h)
        kept += self._named(t, kept)
        return kept + self._misspelt(t, kept)

    @cached_property
    def _forms(self) -> dict[str, tuple[str, str]]:
        """Each one-word value's written forms (plural, derived) -> (field, value), for typo matching."""
        forms: dict[str, tuple[str, str]] = {}
        for name, (_, values) in self.fields.items():
            for v in values:
                words = norm(v).split()
                if len(words) == 1 and len(words[0]) >= 4:
                    w = words[0]
                    stems = [w, w + "s", w[:-1] + "ies" if w.endswith("y") else w + "es"]
                    if len(w) < 5:
                        stems = [w]
                    stems += [w[:-len(suffix)] + f for suffix, fs in _DERIVED if w.endswith(suffix) for f in fs]
                    forms.update({f: (name, v) for f in stems})
        return forms

    def _misspelt(self, t: str, taken: Sequence[Link]) -> list[Link]:
        """Misspelt values ("documentry", "sneekers", "comdey"): see `spelling.correct`."""
        out = []
        for m in re.finditer(r"[a-z]{4,}", t):
            if any(m.start() < k.end and k.start < m.end() for k in taken) or m.group(0) in _STOP:
                continue
            if (form := correct(m.group(0), self._forms)) is not None:
                name, value = self._forms[form]
                out.append(Link(name, value, m.start(), m.end(), how="typo"))
        return out

    def _named(self, t: str, taken: Sequence[Link]) -> list[Link]:
        """A value said after its field's name, whatever its length: "size M", "size 39", "color red"."""
        out = []
        for name, (_, values) in self.fields.items():
            stem = re.escape(norm(name).rstrip("s"))
            by_text = {norm(v): v for v in values}
            for m in re.finditer(rf"\b{stem}s?\s+(?:of\s+|in\s+)?([a-z0-9]+(?:\s[a-z0-9]+)?)", t):
                for text in (m.group(1), m.group(1).split()[0]):
                    start = m.start(1)
                    if text in by_text and not any(start < k.end and k.start < start + len(text) for k in taken):
                        out.append(Link(name, by_text[text], start, start + len(text)))
                        break
        return out

    def warm(self) -> None:
        """Read what the lexicon needs now rather than on the first request."""
        if self.lexicon:
            _ = self._words

    @cached_property
    def _words(self) -> Any:
        from rec.agents.lexicon import lexicon

        return lexicon(self.fields)

    def _dictionary(self, t: str, taken: Sequence[Link], synonyms: bool) -> list[Link]:
        """Words a dictionary knows for a value ("whodunit", "jumper", "scarlet", "no footwear"): see
        `agents/lexicon.py`. `synonyms`: only a value's own words (the rest come after the links by
        meaning, which may know a value WordNet lacks: "science fiction" is a kind of fantasy to WordNet,
        which has no Sci-Fi). None links to a single-valued field the sentence already names ("a white
        shirt for my tan chinos": the shirt, in white)."""
        words = self._words
        if words is None:
            return []
        named = {k.field for k in taken if self.fields[k.field][0] != "list"}
        fields = {norm(n).rstrip("s") for n in self.fields}      # "colour" names a field, no value of it
        out: list[Link] = []
        for phrase, start, end in sorted(_content_phrases(t, taken), key=lambda p: (p[1] - p[2], p[1])):
            if any(start < k.end and k.start < end for k in out) or phrase.rstrip("s") in fields:
                continue          # word pairs first: "flip flops" before "flip"
            reached = words.reach(phrase)
            if any((r.steps == 0 and not r.down) != synonyms or r.field in named for r in reached):
                continue
            out += [Link(r.field, r.value, start, end, how="above" if r.down else "lexicon") for r in reached]
        return out

    def _meaning(self, t: str, taken: Sequence[Link]) -> list[Link]:
        import numpy as np

        pairs, values = self._values
        names = {norm(n).rstrip("s") for n in self.fields}    # "size" names the field, no value of it
        phrases = [p for p in _content_phrases(t, taken) if not any(w.rstrip("s") in names for w in p[0].split())]
        if not phrases or not len(pairs):
            return []
        missing = [p for p, _, _ in phrases if p not in self._phrases]
        if missing:
            vectors = self.embedder.embed([self.template.format(p) for p in missing])
            self._phrases.update(zip(missing, np.asarray(vectors, dtype=np.float32), strict=True))
        sims = np.stack([self._phrases[p] for p, _, _ in phrases]) @ values.T
        best: list[Link] = []
        for (_phrase, start, end), row in zip(phrases, sims, strict=True):
            order = np.argsort(-row)
            top, runner = float(row[order[0]]), float(row[order[1]]) if len(order) > 1 else 0.0
            if top >= self.min_similarity and top - runner >= self.min_margin:
                name, value = pairs[order[0]]
                best.append(Link(name, value, start, end, how="meaning", similarity=round(top, 3)))
        kept: list[Link] = []
        for link in sorted(best, key=lambda k: -k.similarity):
            if not any(link.start < k.end and k.start < link.end for k in kept):
                kept.append(link)
        return kept

    def constraints(self, text: str, skip: Sequence[str] = ()) -> list[Constraint]:
        return constraints_from(self.links(text, skip), self.fields, norm(text))

    def unlinked(self, text: str, skip: Sequence[str] = (), links: Sequence[Link] | None = None) -> list[str]:
        """The content words no value is linked to: what else the text is about ("saloons", "mafia").
        `links`: the text's links, when the caller has them already."""
        t = _masked(norm(text), skip)
        taken = self.links(text, skip) if links is None else links
        return [w for w, _, _ in _content_phrases(t, taken) if " " not in w]

    def is_value(self, text: str) -> bool:
        """Is the whole text one of the values ("comedy", "sci-fi"), rather than a title that merely
        contains one ("Star Wars")?"""
        t = norm(text)
        return any(p.fullmatch(t) for _, _, p in self._patterns)

    def linked_values(self, texts: Sequence[str]) -> set[tuple[str, str]]:
        """(field, value) pairs any of the texts names."""
        return {(k.field, k.value) for text in texts for k in self.links(text)}


def _masked(t: str, skip: Sequence[str]) -> str:
    """`t` with the spans in `skip` blanked out, its length kept (the links' offsets stay true)."""
    for span in skip:
        if (s := norm(span)):
            t = re.sub(r"\b" + re.escape(s) + r"\b", lambda m: " " * len(m.group(0)), t)
    return t


def _content_phrases(t: str, taken: Sequence[Link]) -> list[tuple[str, int, int]]:
    """Content words and adjacent pairs of them, outside the spans already linked, with their spans."""
    words = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[a-z][a-z0-9]*", t)]
    topics = {words[i + 1][1] for i, w in enumerate(words[:-1]) if w[0] == "about"}   # "about war": the topic
    free = [w for w in words if len(w[0]) >= 3 and w[0] not in _STOP and w[0] not in _NEGATION
            and w[1] not in topics and not any(w[1] < k.end and k.start < w[2] for k in taken)]
    out = [(w, s, e) for w, s, e in free]
    for (w1, s1, e1), (w2, s2, e2) in itertools.pairwise(free):
        if t[e1:s2].strip() == "":
            out.append((f"{w1} {w2}", s1, e2))
    return out


def _negated(t: str, link: Link, links: Sequence[Link]) -> bool:
    """A negation word opens the clause of `link`: within three other words before it, skipping the
    values and connectors of a list ("no horror, romance or musicals")."""
    if re.search(r"\b(?:instead of|rather than|other than|apart from|except for|(?:anything|everything) but)"
                 r"\s+(?:the\s+|a\s+|an\s+)?$", t[:link.start]):
        return True
    before = [k for k in links if k.end <= link.start]
    last = max(before, key=lambda k: k.end, default=None)
    if last is not None and last.field != link.field and not t[last.end:link.start].strip():
        return False      # "no polyester t-shirts": the negation rules out the material, not the t-shirts
    counted = 0
    for m in reversed(list(re.finditer(r"[a-z0-9]+|\|", t[:link.start]))):
        if any(k.start <= m.start() < k.end for k in links):
            continue
        word = m.group(0)
        if word in _NEGATION:
            return True
        if word in _CLAUSE and word != "|":
            return False
        if word == "|" and counted:
            return False
        if word not in _LIST:
            counted += 1
            if counted >= 3:
                return False
    return False


_STRENGTH = {"words": 2, "typo": 1, "lexicon": 1, "above": 1, "meaning": 0}


def _polarity(value: str, links: Sequence[Link]) -> bool:
    """Is `value` wanted? When its mentions disagree, the plainest decides (the value's own words over
    a word merely close in meaning: "that isn't sci-fi … plain old earth"); among equals, the first:
    the request comes first, what follows explains it ("war films, no comedies, war isn't a joke";
    "sneakers that aren't white, every pair I own is white")."""
    said = [k for k in links if k.value == value]
    top = max(_STRENGTH[k.how] for k in said)
    return not next(k for k in said if _STRENGTH[k.how] == top).negated


def constraints_from(links: Sequence[Link], fields: Mapping[str, tuple[str, list[str]]], t: str) -> list[Constraint]:
    """Constraints for the linked values: one `contains` per value of a list field (all of them), or an
    `in` when "or" joins them (any of them); `eq` / `in` for a single-valued field; `ne` when negated."""
    out: list[Constraint] = []
    for name, (kind, _) in fields.items():
        mine = [k for k in links if k.field == name]
        wanted = [k for k in mine if _polarity(k.value, mine)]
        values = list(dict.fromkeys(k.value for k in wanted))
        unwanted = list(dict.fromkeys(k.value for k in mine if k.value not in values))
        either = any(re.search(r"\b(?:or|either)\b", t[a.end:b.start]) for a, b in itertools.pairwise(wanted))
        if len(values) == 1:
            out.append(Constraint(field=name, op="contains" if kind == "list" else "eq", value=values[0]))
        elif values and (kind != "list" or either):
            out.append(Constraint(field=name, op="in", value=values))
        elif values:
            out += [Constraint(field=name, op="contains", value=v) for v in values]
        out += [Constraint(field=name, op="ne", value=v) for v in unwanted]
    return out

