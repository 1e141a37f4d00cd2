"""The written forms of a store's values besides their own words: a value said after its field's name
("size M", "colour red", "sise large"), a size said in words or with what it measures ("in a medium", "a 32
waist", "EU 43"), a misspelt value ("sneekers"), a value clipped or given an ending of the user's own ("boho",
"crimey"), and two values' clippings said together ("romcoms", "rom-com"). `agents/links.py` links these after a
value's own words (`value_pattern`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import cached_property

from rec.agents.numbers import words_to_numbers
from rec.agents.phrases import STOP, Link, norm
from rec.agents.sizes import SIZE_WORDS, STEP
from rec.agents.spelling import (
    correct,
    distance,
    doubled,
    english,
    inflected,
    known_words,
    one_edit,
    redoubled,
    skeleton,
    sound,
    sounds_like,
    spelt_as_said,
    stems,
)

# Derived forms people say instead of the value itself: "animated" for Animation, "romantic" for
# Romance, "thrilling" for Thriller. (suffix of the value, the forms that may replace it)
_DERIVED = (("ation", ("ation", "ations", "ated")), ("ance", ("ance", "ances", "antic")), ("er", ("er", "ers", "ing")))
_IES = re.compile(r"[^aeiou]y$")     # a plural in "-ies": "comedies"; not "velleies" ("velleys")


# A subject the next word is the verb of: "it creases", "she sneezes"
_VERB_SUBJECT = re.compile(r"\b(?:it|he|she|they|that|which|who|this|i|we|you)\s+$")


def _letter_size(letter: str, before: list[str]) -> bool:
    """Is a one-letter size code that ends a clause ("wool sweater mens L", "a tee, M") a size, rather than
    what is left of "I'm" or of a curly-quoted "women's"? `before`: the word before it, if any."""
    return before != ["i"] and (letter != "s" or before in ([], ["|"]))


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
    elif _IES.search(last):
        last = last[:-1] + "(?:y|ies)"
    else:
        last = re.escape(last) + "(?:e?s)?"
    return re.compile(r"\b" + r"\s?".join([*map(re.escape, words[:-1]), last]) + r"\b")


# What a garment size measures, said with its number ("a 32 waist", "collar 16")
_SPOKEN = r"(?:twenty|thirty|forty|fifty)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"   # "thirty-four"
_MEASURES = r"(?:waist|waste|inseam|leg|chest|bust|hips?|collar|neck)"      # "waste": dictation's waist
_BOUNDED = re.compile(r"\b(?:under|over|below|above|than|max|less|to|about|around|budget)\s+$")   # a number bounded


# The size a step is taken from: "a size up from medium", "one size smaller than my usual 40"
_STEP_FROM = re.compile(rf"(?:{STEP.pattern})\s+(?:from|than|on)\s+"
                        r"(?:(?:my|the|your)\s+(?:usual\s+|normal\s+)?|an?\s+)?(?:size\s+)?(?P<base>[a-z0-9]+(?:[\s-]large|[\s-]small)?)")
# The last number said before a correction is a bound's: "at most 40 yen, sorry I mean 40 in your currency"
_BOUND_BEFORE = re.compile(r"\b(?:under|over|below|above|than|max|most|least|less|about|around|budget|to|upto)\s+"
                           r"\d+(?:\.\d+)?\b\D*$")


def _corrects_a_bound(t: str, m: re.Match) -> bool:
    """Does a correction's number ("i mean 40", "make that 30") correct the bound said just before it?"""
    return bool(re.match(r"make|i mean", m.group(0))) and _BOUND_BEFORE.search(t, max(0, m.start() - 60),
                                                                            m.start()) is not None


# The words after a kind's value: "acton films", "horor movies"
_SLOT = re.compile(r"\s+(?:films?|movies?|flicks?|pictures?|ones|stuff)\b")
_SLOT_BEFORE = re.compile(r"\b(?:lots?|loads?|plenty|full|bit|heaps?|tons?)\s+of\s+$")     # "a lot of acton"


# Words that open no value, however near its letters: "size, any size is grand" is no "one size"
_ANY = frozenset(["any", "every", "all", "no", "each", "whatever", "whichever"])


def british(word: str) -> str:
    """A field's name in British spelling: "color" -> "colour", "colors" -> "colours"."""
    return re.sub(r"or(s?)$", r"our\1", word)


def spoken_names(name: str) -> set[str]:
    """A field's name as a user says it, singular and plural, American and British: genres/genre,
    category/categories, color/colour."""
    base = " ".join(re.findall(r"[a-z0-9]+", name.lower()))
    out = {base}
    if base.endswith("ies"):
        out.add(base[:-3] + "y")
    elif base.endswith("s"):
        out.add(base[:-1])
    out.add(base[:-1] + "ies" if base.endswith("y") else base + "s")
    return out | {british(f) for f in out}


def _shared_opening(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _rest_said_apart(t: str, end: int, word: str, opening: str) -> int:
    """Where a clipped value's word ends: past the next word where that word is the rest of it, said apart
    ("docu mentaries": the "or" after it then joins it to the next value), else at the clipping."""
    after = re.match(r" ([a-z]{3,})\b", t[end:])
    if after is None or after.group(1) in STOP:
        return end
    whole = word + after.group(1)
    return end + after.end() if _shared_opening(whole, opening) >= max(len(word) + 3, -(-3 * len(whole) // 5)) \
        else end


def _undiminished(word: str) -> str:
    """A clipping less the pet ending it was given, its last letter said once: "doccies", "doccie", "docco" -> "doc",
    "westies" -> "west"."""
    return re.sub(r"([b-df-hj-np-tv-z])\1$", r"\1", re.sub(r"(?:ies|ie|ys|y|os|o)$", "", word))


def _clipped(field: str, values: Sequence[str], head: str, tail: str) -> tuple[str, str, str] | None:
    """(field, value, value) where `head` and `tail` each open exactly one value, two different ones."""
    def opens(part: str) -> list[str]:
        return [v for v in values if len(part) >= 3 and norm(v).replace(" ", "").startswith(part)]

    first, second = opens(head), opens(tail)
    if len(first) == 1 and len(second) == 1 and first != second:
        return field, first[0], second[0]
    return None


class ValueForms:
    """The written forms of `fields`' values (name -> (type, values)), found in a normalised text."""

    def __init__(self, fields: Mapping[str, tuple[str, list[str]]]) -> None:
        self.fields = fields

    def variants(self, t: str, taken: Sequence[Link], english: Collection[str] = ()) -> list[Link]:
        """The links these forms add to those `taken` (a value's own words), each outside the ones before it.
        `english`: words a dictionary knows, never a clipping."""
        found: list[Link] = []
        for find in (self.named, self.clipped_pairs):
            found += find(t, [*taken, *found])
        found += self.misspelt(t, [*taken, *found], english)
        found += self.clippings(t, [*taken, *found], english)
        found += self.unvowelled(t, [*taken, *found], english)
        found += self.blended(t, [*taken, *found])
        found += self.glued(t, [*taken, *found], english)
        found += self.misspelt_pairs(t, [*taken, *found], english)
        return found + self.heard(t, [*taken, *found])

    @cached_property
    def spellings(self) -> dict[str, tuple[str, str]]:
        """Each one-word value's written forms (plural, derived), and a two-word one's written as one word
        -> (field, value), for typo matching."""
        forms: dict[str, tuple[str, str]] = {}
        for name, (_, values) in self.fields.items():
            for v in values:
                words = norm(v).split()
                if len(words) == 2 and len("".join(words)) >= 5:
                    forms["".join(words)] = (name, v)          # "sci fi" said as one word, misspelt: "scfi"
                if len(words) == 1 and len(words[0]) >= 4:
                    w = words[0]
                    stems = [w, w + "s", w[:-1] + "ies" if _IES.search(w) else w + "es"]
                    if len(w) < 5:
                        stems = [w]
                    stems += [w[:-len(suffix)] + f for suffix, fs in _DERIVED if w.endswith(suffix) for f in fs]
                    forms.update({f: (name, v) for f in stems})
        return forms

    @cached_property
    def _spellings_by_field(self) -> dict[str, dict[str, tuple[str, str]]]:
        out: dict[str, dict[str, tuple[str, str]]] = {}
        for form, (name, value) in self.spellings.items():
            out.setdefault(name, {})[form] = (name, value)
        return out

    def misspelt(self, t: str, taken: Sequence[Link], english: Collection[str] = ()) -> list[Link]:
        """Misspelt values ("documentry", "sneekers", "comdey"): see `spelling.correct`. A word a dictionary
        knows (`english`: "dressy") is no misspelling."""
        out = []
        for m in re.finditer(r"[a-z]{4,}", t):
            if any(m.start() < k.end and k.start < m.end() for k in taken) or m.group(0) in STOP or (
                    m.group(0) in english) or (_VERB_SUBJECT.search(t, 0, m.start()) and any(
                    s in english for s in stems(m.group(0)))):
                continue          # "it creases": a verb's form ("crease"), no misspelt "dresses"
            form = None
            if (field := self._named_beside(t, m.start(), m.end())) is not None:     # "bage colour": a colour
                form = correct(m.group(0), self._spellings_by_field.get(field, {}), 1)
            slot = _SLOT.match(t, m.end()) is not None or _SLOT_BEFORE.search(t[:m.start()]) is not None
            #                                                        "more acton films", "plenty of acton"
            sounded = int(slot and len(m.group(0)) >= 8 and m.group(0) not in known_words())   # "advencher stuff"
            form = form or correct(m.group(0), self.spellings, sounded, in_slot=slot) or spelt_as_said(
                m.group(0), self.spellings) or sounds_like(m.group(0), self._heard_forms)    # "akshun", "kashmeer"
            if form is not None and not redoubled(m.group(0), form) and any(e in english for e in doubled(m.group(0))):
                continue          # "wolen": woolen with an "o" once, before women with an "l" for "m"
            if form is not None:        # "wemen"; "whight" as it sounds
                name, value = self.spellings[form]
                out.append(Link(name, value, m.start(), m.end(), how="typo"))
        out += self._misspelt_openings(t, [*taken, *out])
        return out + self._rare_words_for_values(t, [*taken, *out], english)

    def _rare_words_for_values(self, t: str, taken: Sequence[Link], english: Collection[str]) -> list[Link]:
        """A rare dictionary word (`english`, no word the tokenizer knows: those `misspelt` passes over) one edit
        from a value, right before another value: a phone's or a dyslexic hand's "lather sandles", "dlack lather
        bag" (leather); not "satin", a word in use."""
        out = []
        for m in re.finditer(r"\b[a-z]{5,}\b", t):
            if m.group(0) in known_words() or m.group(0) not in english or any(
                    m.start() < k.end and k.start < m.end() for k in taken) or not any(
                    not t[m.end():k.start].strip() and k.start > m.end() for k in taken):
                continue
            # not a word of its own made of the value: "dressy"
            if (form := correct(m.group(0), self.spellings, in_slot=True)) is not None and not (
                    m.group(0).startswith(form) and m.group(0)[len(form):] in ("y", "ey", "ish")):
                out.append(Link(*self.spellings[form], m.start(), m.end(), how="typo"))
        return out

    def glued(self, t: str, taken: Sequence[Link], english: Collection[str] = ()) -> list[Link]:
        """Values inside a word typed with its spaces left out ("awarmovie", "asilkblouse in size M"): a word of
        six letters or more that is no English word and splits one way into at most four known words (`_pieces`),
        one a value's own form at least."""
        forms = self._glued_forms
        out = []
        for m in re.finditer(r"\b[a-z]{6,24}\b", t):
            if m.group(0) in known_words() or m.group(0) in english or any(s in english for s in stems(m.group(0))) \
                    or any(m.start() < k.end and k.start < m.end() for k in taken):
                continue          # "sweatshirts": a dictionary word's plural
            at = m.start()
            for piece in _pieces(m.group(0), lambda w: w in forms or w in english):
                if piece in forms:
                    out.append(Link(*forms[piece], at, at + len(piece), how="typo"))
                at += len(piece)
        return out

    def heard(self, t: str, taken: Sequence[Link]) -> list[Link]:
        """An English word a dictation app put for a value that sounds the same (`spelling.sound`: "white genes",
        "a silk blows"), right beside a value of another field: only one of five letters or more, written in lower
        case (no maker's name), in a field of few values no word names yet, heard as three consonants or more."""
        named = {k.field for k in taken}
        out = []
        for m in re.finditer(r"\b[a-z]{4,}\b", t):
            beside = [k for k in taken if k.end + 1 == m.start() or m.end() + 1 == k.start]     # one space apart
            if not beside or m.group(0) in STOP or m.group(0) not in known_words() or any(
                    m.start() < k.end and k.start < m.end() for k in taken):
                continue
            heard = sound(m.group(0))
            hits = [(name, v) for (name, v), said in self._sounds.items() if name not in named and v != m.group(0)
                    and said in (heard, heard + "s")]
            if len(hits) == 1 and len(heard) >= 3:       # "she said black" is no suede: two consonants are too few
                out.append(Link(*hits[0], m.start(), m.end(), how="typo"))
        return out

    @cached_property
    def _heard_forms(self) -> list[str]:
        """The forms a word spelt by ear may be (`spelling.sounds_like`): a one-word value the dictionary knows (no
        maker's name: "Brissie" is no "Briara") and its plural in "s", no form made for typos ("whitees",
        "onesize": no "Whitehouse", no "Ennis")."""
        return [f for f, (_, v) in self.spellings.items() if f in (norm(v), norm(v) + "s") and english(norm(v))]

    @cached_property
    def _glued_forms(self) -> dict[str, tuple[str, str]]:
        """A value's letters and its written forms -> (field, value), for `glued`."""
        return {**{letters: key for key, letters in self.openings.items() if letters.isalpha()}, **self.spellings}

    @cached_property
    def _sounds(self) -> dict[tuple[str, str], str]:
        """(field, value) -> how it sounds (`spelling.sound`), for `heard`: values of five letters or more, in
        lower case (a common word, no name: "finally" is no "Fenello"), of fields of at most 40 values."""
        return {(name, v): sound(v) for name, (_, values) in self.fields.items() if len(values) <= 40
                for v in values if len(v) >= 5 and v.isalpha() and v.islower()}

    def _misspelt_openings(self, t: str, taken: Sequence[Link]) -> list[Link]:
        """A value of two words said with its first misspelt into another English word, its last right ("navvy
        blue": navy blue; the first one edit away, its first letter kept)."""
        out = []
        for name, (_, values) in self.fields.items():
            for value in values:
                words = norm(value).split()
                if len(words) != 2 or len(words[0]) < 4:
                    continue
                for m in re.finditer(rf"\b([a-z]{{3,}})\s+{re.escape(words[1])}\b", t):
                    said = m.group(1)
                    if said != words[0] and said[:1] == words[0][:1] and distance(said, words[0], 1) <= 1 and not any(
                            m.start() < k.end and k.start < m.end() and k.how != "shade" for k in taken):
                        out.append(Link(name, value, m.start(), m.end(), how="typo"))
        return out

    def _named_beside(self, t: str, start: int, end: int) -> str | None:
        """The field whose name stands right after or before a word ("bage colour", "colour bage")."""
        after, before = re.match(r"\s+([a-z]+)", t[end:]), re.search(r"([a-z]+)\s+$", t[:start])
        return next((self.field_by_name[w.group(1)] for w in (after, before)
                     if w and w.group(1) in self.field_by_name), None)

    def clippings(self, t: str, taken: Sequence[Link], english: Collection[str] = ()) -> list[Link]:
        """A value clipped or given an ending of the user's own: "boho" (bohemian), "docu", "scifi",
        "crimey", "doccies" (a pet ending: "doc"). Only a word of four letters or more that is no English word
        (MiniLM's vocabulary, WordNet) and opens like one value only: their first three letters and three fifths
        of the word at least are the same."""
        out = []
        for m in re.finditer(r"[a-z]{4,}", t):
            word = m.group(0)
            if (word in known_words() or word in english or word in STOP or inflected(word)
                    or any(m.start() < k.end and k.start < m.end() for k in taken) or one_edit(word) & STOP):
                continue          # "shoud" is "should" misspelt, no clipped "shorts"
            # or its stem less a pet ending ("doccies": "doc"), which must open the value whole ("strappy": no "strap"
            # of streetwear)
            stem = _undiminished(word)
            hits = self._opened_by(word) or [key for key in self._opened_by(stem)
                                             if self.openings[key].startswith(stem)]
            if len(hits) == 1:
                out.append(Link(*hits[0], m.start(), _rest_said_apart(t, m.end(), word, self.openings[hits[0]]),
                                how="typo"))
        return out

    def _opened_by(self, word: str) -> list[tuple[str, str]]:
        """The values whose first three letters and three fifths of `word` at least are `word`'s."""
        need = max(3, -(-3 * len(word) // 5))
        return [key for key, opening in self.openings.items()
                if len(word) >= 3 and _shared_opening(word, opening) >= need]

    def unvowelled(self, t: str, taken: Sequence[Link], english: Collection[str] = ()) -> list[Link]:
        """A value texted without its vowels: "blk" (black), "nvy", "lthr", "drm". Only a word of three letters
        or more (a letter said twice once: "ppl" is two) with no vowel that is no English word and keeps, in
        order, the first and last of the consonants of one value only (`spelling.skeleton`)."""
        out = []
        for m in re.finditer(r"\b[b-df-hj-np-tv-z]{3,}\b", t):
            word = skeleton(m.group(0))
            if (len(re.sub(r"(.)\1+", r"\1", m.group(0))) < 3 or m.group(0) in known_words() or m.group(0) in english
                    or any(m.start() < k.end and k.start < m.end() for k in taken)):
                continue
            hits = [key for key, bare in self._consonants.items()
                    if bare[:1] == word[:1] and bare[-1:] == word[-1:] and _in_order(word, bare)]
            if len(hits) == 1:
                out.append(Link(*hits[0], m.start(), m.end(), how="typo"))
        return out

    @cached_property
    def _consonants(self) -> dict[tuple[str, str], str]:
        """(field, value) -> its consonants as said (`spelling.skeleton`), for a one-word value of four letters
        or more."""
        return {key: skeleton(letters) for key, letters in self.openings.items() if len(letters) >= 4
                and letters.isalpha()}

    @cached_property
    def openings(self) -> dict[tuple[str, str], str]:
        """(field, value) -> the value's letters, as a clipping opens them ("sci-fi" -> "scifi")."""
        return {(name, v): norm(v).replace(" ", "") for name, (_, values) in self.fields.items() for v in values}

    def blended(self, t: str, taken: Sequence[Link]) -> list[Link]:
        """A word clipped from two values of a list field, both wanted: "romcoms" (Romance, Comedy),
        "docudrama". Only a word that is no English word, split one way only, each part three letters or
        more and the start of a value's word (said apart: `_clipped_pairs`)."""
        out = []
        for m in re.finditer(r"[a-z]{6,}", t):
            word = m.group(0)
            if word in known_words() or any(m.start() < k.end and k.start < m.end() for k in taken):
                continue
            splits = {pair for name, (kind, values) in self.fields.items() if kind == "list"
                      for i in range(3, len(word) - 2)
                      if (pair := _clipped(name, values, word[:i], word[i:].removesuffix("s")))}
            if len(splits) == 1:
                name, first, second = splits.pop()
                out += [Link(name, first, m.start(), m.end(), how="typo"),
                        Link(name, second, m.start(), m.end(), how="typo")]
        return out

    def misspelt_pairs(self, t: str, taken: Sequence[Link], english: Collection[str] = ()) -> list[Link]:
        """A two-word value with both its words misspelt, one edit each, one of them no English word at least:
        "navvy blu" (navy blue). One word alone that short or that common is no misspelling."""
        out: list[Link] = []
        for m in re.finditer(r"\b(?=([a-z]{3,}) ([a-z]{3,})\b)", t):
            first, second = m.group(1), m.group(2)
            start, end = m.start(), m.start() + len(first) + 1 + len(second)
            if any(start < k.end and k.start < end for k in [*taken, *out]) or (
                    first in english and second in english) or {first, second} & STOP:
                continue
            hits = {key for key, (a, b) in self._pairs.items() if first in a and second in b}
            if len(hits) == 1:
                out.append(Link(*hits.pop(), start, end, how="typo"))
        return out

    @cached_property
    def _pairs(self) -> dict[tuple[str, str], tuple[frozenset[str], frozenset[str]]]:
        """(field, value) -> the spellings one edit from each of its two words, for a value of two words of three
        letters or more."""
        return {(name, v): (frozenset(one_edit(w[0])), frozenset(one_edit(w[1])))
                for name, (_, values) in self.fields.items() for v in values
                if len(w := norm(v).split()) == 2 and min(map(len, w)) >= 3}

    def clipped_pairs(self, t: str, taken: Sequence[Link]) -> list[Link]:
        """Two clipped parts said apart, each opening one value of a list field: "rom-com", "docu drama"."""
        out: list[Link] = []
        for m in re.finditer(r"\b(?=([a-z]{3,4}) ([a-z]{3,5})\b)", t):     # overlapping: "any rom coms"
            start, end = m.start(), m.start() + len(m.group(1)) + 1 + len(m.group(2))
            if any(start < k.end and k.start < end for k in [*taken, *out]):
                continue
            pairs = {p for name, (kind, values) in self.fields.items() if kind == "list"
                     if (p := _clipped(name, values, m.group(1), m.group(2).removesuffix("s")))}
            if len(pairs) == 1:
                name, first, second = pairs.pop()
                out += [Link(name, first, start, end, how="typo"), Link(name, second, start, end, how="typo")]
        return out

    def named(self, t: str, taken: Sequence[Link]) -> list[Link]:
        """A value said after its field's name, whatever its length: "size M", "size 39", "color red"; a
        size field's number said with what it measures: "a 32 waist", "waist 32", "32 inch leg"."""
        out = []
        for name, (_, values) in self.fields.items():
            stem = re.escape(norm(name).rstrip("s"))
            by_text = {norm(v): v for v in values}
            typos = {re.escape(w) for w in re.findall(r"\b[a-z]{4,}\b", t) if correct(w, [norm(name).rstrip("s")])}
            said = [(m.group(1), m.start(1)) for m in re.finditer(         # "size M", "sise large"
                rf"\b(?:{'|'.join([stem, *typos])})s?(?:\s?wise|\s+(?:per|for)\s+[a-z]+)?(?:\s+\|)?\s+(?:of\s+|in\s+"
                r"|to\s+|(?:is|are)(?:\s+to\s+be)?\s+|(?:should|must|will|shall)\s+be\s+)?(?:an?\s+)?"
                r"([a-z0-9]+(?:\s[a-z0-9]+)?)", t)]     # "size-wise a medium", "colour: navy", "size per cust: 39",
            #                                              "the size is to be 41", "change the size to 28"
            if stem == "size":
                said += [(m.group(1) or m.group(2), m.start(1) if m.group(1) else m.start(2))    # "sz S", "w32"
                         for m in re.finditer(r"\bsz\s+([a-z0-9]+)|\bw\s?(\d\d)\b", t)]
                said += [(m.group(1), m.start(1)) for m in re.finditer(
                    rf"\b(\d+|{_SPOKEN})\s*(?:inch(?:es)?\s+|in\s+)?{_MEASURES}\b", t)
                    if not _BOUNDED.search(t, 0, m.start())]          # "under 30 waist 34": the 30 is a price
                said += [(m.group(1), m.start(1))
                         for m in re.finditer(rf"\b{_MEASURES}\s+(?:of\s+|is\s+|s\s+)?(?:an?\s+)?(\d+|{_SPOKEN})\b", t)]
                said += [(m.group(1), m.start(1)) for m in re.finditer(   # "in a 42", "make that an L", "i meant 32"
                    r"\b(?:in|make (?:it|that|them|those)|go for|get|i (?:m|am|wear|take|meant?|need)|im"
                    r"|(?:she|he)(?: is| wears| takes)?|(?:they|both|we)(?: all| both)? (?:are|re|wear|take)"
                    #                            "she's a 38" is "she a 38"; "both take a 42", "they all wear a 32"
                    r"|who (?:wears|takes|is)"                         # "a bloke who takes a large"
                    r"|(?:which|that) is|that s|thats)"                  # "a UK 5, which is a 38 in EU sizes"
                    rf"(?:\s+(?:usually|normally|generally|always))?\s+(?:an?\s+)?({_SPOKEN}|[a-z0-9]+(?:[\s-]large|[\s-]small)?)"
                    r"(?=\s*(?:[,.;!?|]|$|(?:please|pls|if|or|and|but|so|size|one|for|with|in|thanks|now|not|these days"
                    r"|nowadays|today|again|apparently|too|i|we|since|because|cos|as|that|which|under|below|max|though|tho"
                    r")\b))", t)   # "make that a 30 I've
                    if not _corrects_a_bound(t, m)                                   # been running"; "I'm 40, I
                    and not re.match(r"(?:i\s+m|im|i\s+am|(?:s?he)(?:\s+is)?)\s+\d", m.group(0))]   # cycle", "he's 28"
                #                                                              an age; "I'm a 40", "she's a 38" a size
                said += [(m.group(0), m.start()) for m in re.finditer(r"\b[a-z]{2,3}\b", t)    # "XL": a size's code
                         if m.group(0) in by_text and m.group(0) not in known_words()]
                said += [(m.group(1), m.start(1)) for m in re.finditer(r"\b([a-z])(?=\s*(?:\||$))", t)
                         if m.group(1) in by_text and _letter_size(m.group(1), t[:m.start()].split()[-1:])]
                said += [(m.group(1), m.start(1))                                            # "EU 43", "UK 9.5"
                         for m in re.finditer(r"\b(?:eu|uk|us)\s?(\d+(?:\.5)?)\b", t)]
                said += [(m.group(1), m.start(1)) for m in re.finditer(       # "sorry, he says 34 not 32"
                    r"\b(\d\d)\s+not\s+(?:a\s+)?\d\d\b(?!\s*(?:dollars?|bucks|pounds|euros?|quid))", t)
                    if not _BOUNDED.search(t, 0, m.start())]
                said += [(m.group("base"), m.start("base")) for m in _STEP_FROM.finditer(t)]    # "a size up from M"
                said += self._after_an_item(t, name)                                           # "womens boots 38"
                said += [(m.group(0), m.start()) for m in re.finditer(r"\b(?:extra|x{1,2})[\s-]?(?:large|small)\b", t)]
                #                                   "extra large" is a size wherever it is said: "olive, extra large"
                said += [(m.group(1), m.start(1)) for m in re.finditer(   # a clause of its own: "for a guy, medium"
                    r"(?:\||^)\s*(?:in\s+)?(?:an?\s+)?(small|medium|large)\s*(?=\||$)", t)]
                by_text |= {word: by_text[letter] for word, letter in SIZE_WORDS.items() if letter in by_text}
            spelt = [w for w in by_text if len(w) >= 4 and not w.isdigit()]     # "in a medum"
            for phrase, start in said:
                for text, end in ((phrase, len(phrase)), (phrase.split()[0], len(phrase.split()[0])),
                                  (words_to_numbers(phrase), len(phrase))):        # "size thirty two"
                    key = text if text in by_text or text.split()[0] in _ANY else correct(text, spelt)
                    if key in by_text and not any(start < k.end and k.start < start + end for k in taken):
                        out.append(Link(name, by_text[key], start, start + end))
                        break
        return out

    def _after_an_item(self, t: str, sizes: str) -> list[tuple[str, int]]:
        """A bare number right after the kind of item it sizes, ending the clause: "womens boots 38", "jeans 32,
        black", "Men's sneakers, 42, at least 150 dollars" (not "boots under 38", which bounds a price, nor "boots 38
        quid")."""
        kinds = [p for name, (kind, _), p in self.patterns if name != sizes and kind != "list"]
        return [(m.group(2), m.start(2)) for m in re.finditer(
                r"\b([a-z]+)\s+(?:\|\s*)?(\d\d(?:\.5)?)"
                r"(?=\s*(?:[|,.;!?]|$|please|pls|thanks|for\s+(?:me|him|her)\b))(?!\s*\|?\s*(?:-\s*)?\d)", t)
                if any(p.fullmatch(m.group(1)) for p in kinds)]

    @cached_property
    def patterns(self) -> list[tuple[str, tuple[str, str], re.Pattern]]:
        """(field, (kind, value), the value's pattern) for each value a pattern matches (`value_pattern`): the
        linker's own words, and what a bare size follows."""
        return [(name, (kind, v), p) for name, (kind, values) in self.fields.items() for v in values
                if (p := value_pattern(v)) is not None]

    @cached_property
    def field_by_name(self) -> dict[str, str]:
        """Each field's name as said, singular and plural, American and British ("colours") -> field."""
        return {form: n for n in self.fields for form in spoken_names(n)}

    @cached_property
    def field_names(self) -> frozenset[str]:
        return frozenset(self.field_by_name)


def _pieces(word: str, known: Callable[[str], bool]) -> list[str]:
    """The one way `word` splits into the fewest `known` words of three letters or more (the values' own and the
    dictionary's; at most four, the last of four letters or more; "a", "an" and "i" count too), else none:
    "awarmovie" -> a, war, movie."""
    best: dict[int, list[list[str]]] = {0: [[]]}
    for end in range(1, len(word) + 1):
        ways = [[*way, piece] for start in range(max(0, end - 15), end) for way in best.get(start, [])
                if len(way) < 4 and ((len(piece := word[start:end]) >= 3 and known(piece))
                                     or piece in ("a", "an", "i"))]
        if ways:
            fewest = min(map(len, ways))
            best[end] = [w for w in ways if len(w) == fewest][:2]
    ways = best.get(len(word), [])
    return ways[0] if len(ways) == 1 and len(ways[0]) > 1 and len(ways[0][-1]) >= 4 else []   # not "red-der"


def _in_order(word: str, letters: str) -> bool:
    """Are the word's letters all in `letters`, in order?"""
    rest = iter(letters)
    return all(ch in rest for ch in word)
