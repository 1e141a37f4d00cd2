"""Linking a request's words to the store's categorical values.

Two ways, both over the store's own vocabulary (the manifest lists every value of a small field):
- lexically: the value's words, any of space/hyphen/nothing between them, a plural or a derived form
  ("sci fi", "comedies", "animated", "romantic"); where two values overlap ("t-shirts" holds
  "shirts") the longer one wins; then the value's other written forms (`agents/forms.py`): a misspelt
  value ("sneekers"), a value clipped or given an ending ("boho", "docu", "crimey"), a size said with its
  field, a measure or in words ("size 39", "a 32 waist", "in a medium");
- by meaning: the remaining content words and word pairs are embedded (the packaged MiniLM) and
  linked to the nearest value when it is close (`min_similarity`) and clearly closer than the
  runner-up (`min_margin`): "science fiction" -> Sci-Fi, "scary" -> Horror, "kids" -> Children's;
  words close to every value ("film", "movie") have no margin and link to nothing.
A link is negated when a negation word opens its clause ("no horror or sci-fi", "nothing romantic",
"any colour but black"; `agents/polarity.py`); what a follow-up swaps out ("swap the green for a pale blue")
is not linked, nor what the words around a value say is no wish for the item (`agents/context.py`: what it
goes with, what the user has, the shop addressed, a past taste).
Several values of one list field are all required unless the user said "or" between them
("romantic comedies" -> Romance and Comedy; "a comedy or a drama" -> either). Who an item is for, read from the
people named, is `agents/people.py`; a size said relative to another ("a size up from medium"), `agents/sizes.py`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from rec.agents.colours import restated, untinted
from rec.agents.context import (
    AGAIN,
    DOING,
    LIFETIME,
    OCCASION,
    SPEAKS,
    SUBJECT,
    VOCATIVE,
    WHEN,
    another,
    lifetimes,
    of_something_had,
    outside,
    owned,
    past_items,
    past_taste,
    reasoned_away,
    reasons,
    said_of_shown,
    stocked,
    suggested,
    within,
    without_worn_with,
    worn_with,
)
from rec.agents.corrections import CORRECTION, corrected
from rec.agents.deciding import polarity
from rec.agents.forms import ValueForms
from rec.agents.people import (
    a_person,
    a_trade,
    a_wearer,
    by_pronoun,
    for_another,
    in_story,
    my_taste,
    no_child,
    of_people,
    one_wearer,
    own_wearer,
    owners,
    people_away,
    their_taste,
)
from rec.agents.phrases import (
    ACCEPTED,
    ANY_OF_THEM,
    JUDGING,
    STOP,
    Link,
    about_topic,
    acting_on,
    as_verb,
    blanked,
    choice_groups,
    compounds,
    masked,
    naming_nothing,
    norm,
    offers_a_choice,
)
from rec.agents.polarity import ANY, LIST_WORDS, clause, negated
from rec.agents.refusing import NEGATION, REFUSING_IN
from rec.agents.sizes import size_field, stepped_links
from rec.agents.sources import from_animals, from_source
from rec.agents.spelling import a_name, a_named_word, correct, joined_words
from rec.agents.withdrawn import taken_back
from rec.schema import Constraint

if TYPE_CHECKING:
    from rec.agents.lexicon import Lexicon, Reach


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


class ValueLinker:
    """Links a text's phrases to the store's categorical values (see the module docstring).
    `embedder` None links by words only. Thresholds: `bench/links.py` measures them."""

    def __init__(self, fields: Mapping[str, tuple[str, list[str]]], embedder: Any = None, *,
                 min_similarity: float = 0.6, min_margin: float = 0.1, template: str = "{}", lexicon: bool = False,
                 kinds: Sequence[str] = ("category",)):
        self.fields = dict(fields)
        self.kinds = tuple(kinds)    # the fields that say what kind of item it is: a phrase's head ("coats")
        self.embedder = embedder
        self.template = template     # "{} movie" where every item is a movie: the phrase and value read in context
        self.min_similarity, self.min_margin = min_similarity, min_margin
        self.lexicon = lexicon       # also link the words WordNet knows for a value (`agents/lexicon.py`)
        self._phrases: dict[str, Any] = {}
        self.forms = ValueForms(self.fields)     # the values' written forms besides their own words

    @cached_property
    def _patterns(self) -> list[tuple[str, str, re.Pattern]]:
        return [(name, v, p) for name, (_, v), p in self.forms.patterns]

    @cached_property
    def _sizes(self) -> str | None:
        return size_field(self.fields)

    @cached_property
    def _values(self) -> tuple[list[tuple[str, str]], Any]:
        import numpy as np

        pairs = [(name, v) for name, (_, values) in self.fields.items() for v in values]
        if not pairs:
            return pairs, np.zeros((0, 1), dtype=np.float32)
        vectors = self.embedder.embed([self.template.format(v.replace("-", " ")) for _, v in pairs])
        return pairs, np.asarray(vectors, dtype=np.float32)

    def withdrawn(self, text: str) -> set[tuple[str, str]]:
        """The (field, value)s a message takes back without ruling them out (`taken_back`: "swap the action for
        comedy"), less one it rules out elsewhere ("swap the horror for a thriller that isn't horror at all")."""
        t = norm(text)
        spans = taken_back(t)
        back = {(k.field, k.value) for s, e in spans for k in self.links(t[s:e]) if not k.negated}
        return back - {(k.field, k.value) for k in (self.links(t) if back else [])
                       if k.negated and not any(s <= k.start < e for s, e in spans)}

    def past(self, t: str, kinds: bool = True) -> list[tuple[int, int]]:
        """Spans telling what went wrong with an item had before (`context.past_items`), but for its kind, which the
        user likely wants again ("her old jacket finally fell apart"; `kinds=False` where no kind is read, so no
        word is linked to find it); a person is a word the dictionary has as one and no value but one naming people
        ("son", "children", not "sweater": one who sweats)."""
        words = self._lexicon
        return past_items(t, lambda w: words is not None and words.is_person(w) and (not self.is_value(w) or any(
            of_people(words, value) for _, value in self.linked_values([w]))),
                          (lambda w: any(k.field in self.kinds for k in self.links(w))) if kinds else lambda w: False)

    def links(self, text: str, skip: Sequence[str] = ()) -> list[Link]:
        """The values `text` names, in order; `skip` are spans to ignore (titles the user named:
        "Star Wars" is no request for war films)."""
        t = masked(norm(text), skip)
        t = _CHILD_AGED.sub(lambda m: "child".ljust(len(m.group(0))), t)      # "for a 7 year old": a child
        t = blanked(t, taken_back(t) + suggested(t) + their_taste(t, self._lexicon) + my_taste(t, self._lexicon)
                    + said_of_shown(t) + self.past(t))
        #  "swap the sci-fi for comedy": sci-fi no longer asked for; "my husband loves westerns but I ..."; "some of
        #  those are horror"; "that horror film was rubbish"
        t = _ANY_BUT.sub(lambda m: t[m.start():m.start(_but(m))] + "not".ljust(len(m.group(_but(m)))), t)
        #                             "any colour but black", "anything bar horror": the word excepts
        t = naming_nothing(t)      # "watched it to death", "live-action"
        t = VOCATIVE.sub(lambda m: " " * len(m.group(0)), t)      # "Dear Sir or Madam": the shop, no wearer
        things = self._described(t)     # "the colour of red wine": the thing names no kind of item; "maroon,
        t = blanked(t, [(k.start, k.end) for k in things] + (restated(t) if self._colours else []))  # that red": no red
        worn = worn_with(t)      # "over a shirt", "for my tan chinos": what the item goes with
        found = [k for k in self._lexical(t) if k.how != "typo"      # a piece of "Greymouth", "in Whitby": a
                 or not a_named_word(text, t, k.start, k.end, self._english, k.value)]    # place, no grey, no white
        if self.lexicon:              # a dictionary's synonyms, before meaning; its kinds of a value after it
            found = self._outside_compounds(t, found)
            found += self._dictionary(t, outside(found, worn), synonyms=True, owners=owners(text, self._lexicon))
            found = from_source(t, found, self._words)     # "flax fabric": linen, over a closeness in meaning
        if self.embedder is not None:
            found += [k for k in self._meaning(t, found) if self._agrees(t, k, outside(found, worn))
                      and not self._of_another_field(t, k) and not no_child(t, k, self._lexicon)
                      and not a_name(text, t[k.start:k.end], self._english)]
        if self.lexicon:              # then shade names, over a mere closeness in meaning ("charcoal")
            found += self._dictionary(t, outside(found, worn), synonyms=False)
            found += by_pronoun(t, found, self._lexicon)
            found += from_animals(t, found, self._words, self.kinds)
            found = untinted(t, found, self._colours[0]) if self._colours else found     # "reddish purple"
            shades = [k for k in self._shades(t, found) if self._agrees(t, k, outside(found, worn))]
            found = [k for k in found if not _overlaps(k, shades)] + shades + things
        things = [span for span in worn if self._names_a_thing(t, span)]     # "he has worn the same grey jumper"
        again = self._same_kind(t)       # a wearer is worn with nothing: "for my mum ... my dad whispered" keeps her
        full = stocked(t)                # "my closet is full of navy": none asked for
        kept = [k for k in without_worn_with(found, worn, lambda k: self._thing(k) or within(k, things),
                                             lambda k: again(k) or a_wearer(k, self._lexicon) or k.how == "person")
                if not within(k, full) or again(k)]
        had, found = [k for k in found if k not in kept and k.how != "typo"], kept     # what the user has
        sure = [k for k in found if k.how != "typo"]
        found = [k for k in found if k.how != "typo" or self._agrees(t, k, sure)]    # a misspelling's guess gives way
        away = self.others(t) if found else []
        found = [k for k in found if not (k.how in ("lexicon", "meaning", "person") and SPEAKS.match(t, k.end))
                 and not OCCASION.match(t, k.end) and not as_verb(t, k)     # "our ruby wedding anniversary"
                 and not WHEN.search(t, 0, k.start) and not LIFETIME.search(t, 0, k.end)    # "before the second
                 #                                                        world war", "in his youth": a time
                 and not past_taste(t, k) and not in_story(t, k, self._lexicon)   # "I used to adore musicals"
                 and not for_another(k, away, self._lexicon)          # "the bairns are finally in bed", "my grey car"
                 and not (k.field not in self.kinds and of_something_had(t, k, self._lexicon, self.is_value))]
        found = sorted([*found, *_corrected_to(t, found, self.fields)], key=lambda link: link.start)
        out = corrected(t, [Link(k.field, k.value, k.start, k.end,      # "made of": ruled out where it was found
                                 k.how == "made of" or negated(t, k, found, self.kinds), k.how, k.similarity)
                            for k in found])
        out = reasoned_away(t, out, lambda field: self.fields[field][0] != "list")   # "... because linen wrinkles"
        out = self._made_as(t, one_wearer(t, another(t, out, self.forms.field_by_name, had), self._lexicon))
        out = own_wearer(text, t, stepped_links(t, out, self.fields), self._lexicon)   # "a size up from medium": L;
        #                                                      "for myself": not the son of the story
        # "no footwear" rules out, "footwear" asks no subset; a word of a compound ("dress code") names nothing
        return [k for k in out if (k.how != "above" or k.negated) and k.how != "compound"]

    def _agrees(self, t: str, link: Link, taken: Sequence[Link]) -> bool:
        """A word merely close in meaning to a value of a single-valued field the sentence names in a
        value's own words or the dictionary's describes something else ("a white shirt for my tan chinos",
        "a leather jacket to wear on a date", "gray slacks I can wear to work"), unless a list joins them
        ("black or navy")."""
        if self.fields[link.field][0] == "list":
            return True
        why = reasons(t)           # what a reason says the user has is no item asked for: "slacks, since my jeans"
        said = [k for k in taken if k.field == link.field and k.how in ("words", "typo", "lexicon")
                and not negated(t, k, taken, self.kinds)
                and (within(link, why) or not (within(k, why) and _MINE.search(t, 0, k.start)))]
        #                                                                "if they're red he'll send them back"
        if negated(t, link, [*taken, link], self.kinds):
            return True       # a refusal describes nothing else: "his wardrobe is all black ... and not navy either"
        between = [t[min(k.end, link.end):max(k.start, link.start)] for k in said]
        return not said or any(set(b.split()) <= LIST_WORDS or CORRECTION.search(b) for b in between)  # "red, no, navy"

    def _of_another_field(self, t: str, link: Link) -> bool:
        """Does the word describe another field, named right after it ("light material": its weight, no light
        blue)?"""
        after = re.match(r"\s+([a-z]+)", t[link.end:])
        return after is not None and self.forms.field_by_name.get(after.group(1), link.field) != link.field

    def _lexical(self, t: str) -> list[Link]:
        hits = [Link(name, v, m.start(), m.end()) for name, v, p in self._patterns for m in p.finditer(t)]
        hits = [h for h in hits if not (about_topic(t[:h.start].split()) and _clause_has(t, h, hits))
                and not SUBJECT.search(t, 0, h.start)       # "i dress like a teacher": a verb
                and not (t[h.start:h.end].endswith("ing") and DOING.search(t, 0, h.start))]    # "he is sweating"
        kept: list[Link] = []
        for h in sorted(hits, key=lambda h: (h.start - h.end, h.start)):   # the longest first: "t-shirts" over "shirts"
            if not any(h.start < k.end and k.start < h.end for k in kept):
                kept.append(h)
        return kept + self.forms.variants(t, kept, self._english)     # "size M", "sneekers", "boho", "romcoms"

    def warm(self) -> None:
        """Read what the lexicon needs now rather than on the first request."""
        if self.lexicon:
            _ = self._words

    @property
    def _net(self) -> Any:
        """WordNet, where this linker reads the dictionary."""
        return self._words.net if self.lexicon and self._words is not None else None

    @property
    def _english(self) -> Collection[str]:
        return self._net.words if self._net is not None else ()

    @cached_property
    def _words(self) -> Any:
        from rec.agents.lexicon import lexicon

        return lexicon(self.fields)

    def _dictionary(self, t: str, taken: Sequence[Link], synonyms: bool, owners: Collection[str] = ()) -> list[Link]:
        """Words a dictionary knows for a value ("whodunit", "jumper", "scarlet", "no footwear"): see
        `agents/lexicon.py`. `synonyms`: only a value's own words (the rest come after the links by
        meaning, which may know a value WordNet lacks: "science fiction" is a kind of fantasy to WordNet,
        which has no Sci-Fi). None links to a single-valued field the sentence already names ("a white
        shirt for my tan chinos": the shirt, in white), unless it names a value it refuses ("slacks, not jeans")."""
        words = self._words
        if words is None:
            return []
        why = reasons(t)           # nor what a reason says the user has ("slacks, since my jeans won't do")
        said = [k for k in taken if self.fields[k.field][0] != "list" and k.how != "typo"     # a guess names none
                and not (within(k, why) and _MINE.search(t, 0, k.start))]
        named = {k.field for k in said if not negated(t, k, taken, self.kinds)}    # nor a refusal ("slacks for work.
        refused = {k.field for k in said} - named         # Not jeans"), but for a word above values ("the fabric")

        again = {(k.field, k.value) for k in said if k.field in named}

        def reach(phrase: str) -> list[Any]:       # a word for the very value named is it: "nothing woollen ... wool"
            return [r for r in words.reach(phrase, named) if not (r.down and r.field in refused)] or [
                r for r in words.reach(phrase) if (r.field, r.value) in again and not r.down]

        fields = self.forms.field_names      # "colour" names a field, no value of it
        out: list[Link] = []
        phrases = _content_phrases(t, taken) + compounds(t, taken, words.net.uses) + [     # "who done it"
            (w, s, e) for w, s, e in joined_words(t, words.net.words) if not any(s < k.end and k.start < e
                                                                                for k in taken)]
        for phrase, start, end in sorted(phrases, key=lambda p: (p[1] - p[2], p[1])):
            if any(start < k.end and k.start < end for k in out) or phrase in fields or (
                    " " in phrase and _VERB_PARTICLE.match(t, start + phrase.index(" ") + 1)):
                continue          # word pairs first: "flip flops" before "flip"; "pull over your head" no pullover
            reached = reach(phrase)
            if not reached and " " not in phrase and not words.reach(phrase):   # misspelt, unless a word for a value
                spelt = (correct(phrase, words.synonym_words) if synonyms else None) or words.respelt(phrase) or ""
                if len(spelt) >= 8 or (spelt and " " not in t[start:end]):   # of a field named ("scarves": no scarlet);
                    reached = reach(spelt)       # "whodunnit", "handbg"; said apart, a long word only ("who done it")
            if any(_early(r, self.fields[r.field][0]) != synonyms for r in reached):
                continue
            if reached and phrase in owners:
                continue          # "my nan's teacher": the owner is not the one meant
            out += [Link(r.field, r.value, start, end, how="above" if r.down else "person" if r.value in
                         words.for_people else "lexicon") for r in reached]
        return out

    def _same_kind(self, t: str) -> Callable[[Link], bool]:
        """Where the words ask for another of the kind the user has ("I have brown leather boots, want a pair
        in suede"), that kind is asked for."""
        again = AGAIN.search(t)
        had = owned(t)
        return lambda k: bool(again) and k.field in self.kinds and within(k, had) and k.end <= again.start()

    def _thing(self, link: Link) -> bool:
        """Whether the value is a made thing to the dictionary (noun.artifact: a shirt, denim), not a person
        or a quality."""
        words = self._words if self.lexicon else None
        return words is not None and _ARTIFACT in words.classes.get((link.field, link.value), set())

    def _names_a_thing(self, t: str, span: tuple[int, int]) -> bool:
        """Does a word of the span name a kind of item to the dictionary, linked or not ("the same grey jumper"
        where "sweater" is said too)?"""
        words = self._words if self.lexicon else None
        return words is not None and any(r.field in self.kinds and r.lexfile == _ARTIFACT
                                         for w in re.findall(r"[a-z]+", t[span[0]:span[1]]) for r in words.reach(w))

    def _outside_compounds(self, t: str, found: list[Link]) -> list[Link]:
        """A value's word inside a two-word noun the dictionary has, of another kind than the value ("the
        dress code", "black tie", "cotton candy", "a musical instrument"), or one that is another value ("a
        dress shirt" is a shirt), names no value; a compound that is another value's own name names that
        ("a tee shirt" is a t-shirt)."""
        words = self._words
        if words is None:
            return found
        tokens = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[a-z]+", t)]
        kept = []
        for k in found:
            own = words.classes.get((k.field, k.value))
            around = [(f"{a} {b}", s, e) for (a, s, _), (b, _, e) in itertools.pairwise(tokens)
                      if t[s:e].count(" ") == 1 and (s == k.start or e == k.end) and s <= k.start and k.end <= e
                      and (s, e) != (k.start, k.end) and not any(         # "a white women's blouse": two values
                          q.field != k.field and q.how == "words" and s <= q.start and q.end <= e for q in found)]
            single = self.fields[k.field][0] != "list"
            if k.how == "words" and own and any(_another_kind(words.compound(p), k, own, single) for p, _, _ in around):
                named = [Link(r.field, r.value, s, e, how="lexicon") for p, s, e in around
                         for r in (words.compound(p) or (set(), []))[1] if r.steps == 0 and not r.down]
                k = named[0] if len(named) == 1 else Link(k.field, k.value, k.start, k.end, how="compound")
            elif k.how == "words" and single:
                k = _head_of(t, k, tokens, words) or k
            kept.append(k)      # "tee shirt" names t-shirt; "dress code" nothing, and holds its words
        return kept

    @cached_property
    def _colours(self) -> Any:
        from rec.agents.colours import colour_field

        return colour_field(self.fields)

    def _described(self, t: str) -> list[Link]:
        """Colours said by a thing that has them ("the colour of red wine"): `colours.described`."""
        from rec.agents.colours import described

        return [] if self._colours is None or not self.lexicon else described(t, *self._colours)

    def _shades(self, t: str, taken: Sequence[Link]) -> list[Link]:
        """Shade names of the catalog's colours ("a charcoal coat", "in maroon", "baby blue"): `colours.shade_links`."""
        from rec.agents.colours import shade_links

        return [] if self._colours is None else untinted(t, shade_links(t, taken, *self._colours), self._colours[0])

    def _meaning(self, t: str, taken: Sequence[Link]) -> list[Link]:
        import numpy as np

        pairs, values = self._values
        names = self.forms.field_names    # "size" names the field, no value of it
        net = self._net
        phrases = [p for p in _content_phrases(t, taken) if not any(w in names for w in p[0].split())
                   and not re.search(r"\d\s*$", t[:p[1]])      # what a number measures: "the 3.5 to 4 band"
                   and not acting_on(t, p) and p[0] not in JUDGING
                   and not (net is not None and net.verb_form(p[0]))]     # "redid" is no "red"
        if not phrases or not len(pairs):
            return []
        respelt = self._words.respelt if self.lexicon and self._words is not None else (lambda w: None)
        said = [p if " " in p else respelt(p) or p for p, _, _ in phrases]       # "handbg": handbag
        sims = np.stack(self._embedded(said)) @ values.T
        best: list[Link] = []
        for (phrase, start, end), row in zip(phrases, sims, strict=True):
            order = np.argsort(-row)
            top, runner = float(row[order[0]]), float(row[order[1]]) if len(order) > 1 else 0.0
            name, value = pairs[order[0]]
            # a number or a letter or two is said, never meant: "thirty bucks" is no size 30, "yous" no size S; an
            # adjective qualifying a value alone names no value ("something light" is no light blue; "navy" is a noun)
            qualifier = phrase in norm(value).split()[:-1] and net is not None and any(
                u.pos in ("a", "s") for u in net.uses.get(phrase, []))
            qualifier = qualifier or (self.fields[name][0] != "list" and net is not None and bool(re.search(
                r"\bto\s+$", t[:start])) and any(u.pos == "v" for u in net.uses.get(phrase, [])))   # a thing done,
            #                                     no kind of item: "forgot to pack shorts" (but "something to laugh at")
            qualifier = qualifier or (net is not None and phrase[:-1] == norm(value) and phrase[-1] == "y" and any(
                u.pos in ("a", "s") for u in net.uses.get(phrase, [])))      # an adjective of a kind: "dressy"
            # "suspenseful" is about as near Horror, but a thriller is defined as "a suspenseful adventure story"
            placed = top - runner >= self.min_margin or (
                net is not None and name in self.kinds and self._words.describes(phrase, name, value))
            # an item described: the kind whose definition holds the most of its clause (a thing's, not a genre's
            # abstract one: "real events and people" is no romance, "a story dealing with love" set in "events")
            if name in self.kinds and self.fields[name][0] != "list" and self._lexicon is not None:
                defined = self._lexicon.defined_as(_clause_words(t, phrases, start, end), name, value,
                                                   self.fields[name][1])
                placed, value = placed or defined != value, defined
            if top >= self.min_similarity and placed and not value.isdigit() and len(value) > 2 and not qualifier \
                    and name != self._sizes:      # a size is a code, never near in meaning ("large" is no "one size")
                best.append(Link(name, value, start, end, how="meaning", similarity=round(top, 3)))
        best += self._by_definition([(p, row) for p, row in zip(phrases, sims, strict=True) if " " not in p[0]
                                     and not _overlaps(Link("", "", p[1], p[2]), best)])
        kept: list[Link] = []
        for link in sorted(best, key=lambda k: -k.similarity):
            overlaps = any(link.start < k.end and k.start < link.end for k in kept)
            if not overlaps and not a_person(t, link, self._lexicon) and not a_trade(t, link, self._lexicon):
                kept.append(link)
        return kept

    def _made_as(self, t: str, links: list[Link]) -> list[Link]:
        """A kind of item said with a value the dictionary defines another kind by ("denim pants": jeans are
        "trousers of heavy denim") is that kind, where both are asked for in one clause (`Lexicon.made_as`)."""
        rules = self._words.made_as if self.lexicon and self._words is not None else {}
        wanted = [k for k in links if not k.negated and k.how not in ("above", "compound")]   # not "fabric": every
        out: list[Link] = []                                                                  # material, denim too
        for k in links:
            made = None if k.negated else next((rules[key] for m in wanted if clause(t, m) == clause(t, k)
                                                and (key := (k.field, k.value, m.field, m.value)) in rules), None)
            out.append(Link(k.field, made, k.start, k.end, how=k.how, similarity=k.similarity) if made else k)
        return out

    def _embedded(self, texts: Sequence[str]) -> list[Any]:
        """The texts' vectors in the linker's template, each embedded once for the linker's life."""
        import numpy as np

        missing = list(dict.fromkeys(x for x in texts if x not in self._phrases))
        if missing:
            vectors = self.embedder.embed([self.template.format(x) for x in missing])
            self._phrases.update(zip(missing, np.asarray(vectors, dtype=np.float32), strict=True))
        return [self._phrases[x] for x in texts]

    def _by_definition(self, words: Sequence[tuple[tuple[str, int, int], Any]]) -> list[Link]:
        """A person word the embedding leans to a value with but cannot place ("gangster": Crime, but about as
        near Thriller) linked where what its definition says it is, the definition's head ("a criminal" of "a
        criminal who is a member of gang"), is clearly that value (`_DEFINED` above the thresholds), of a field
        saying what kind of item it is. A word it says is someone else ("a detective": "a police officer who
        investigates crimes") links nothing."""
        import numpy as np

        lexicon = self._words if self.lexicon else None
        if lexicon is None:
            return []
        found = [(s, e, row, h) for (w, s, e), row in words if (h := _head(lexicon, w))]
        pairs, values = self._values
        out: list[Link] = []
        for (start, end, own, _), vector in zip(found, self._embedded([h for *_, h in found]), strict=True):
            row = values @ vector
            first, second = np.argsort(-row)[:2]
            top, margin = float(row[first]), float(row[first] - row[second])
            if pairs[first][0] in self.kinds and int(np.argmax(own)) == first \
                    and top >= self.min_similarity + _DEFINED and margin >= self.min_margin + _DEFINED:
                out.append(Link(*pairs[first], start, end, how="meaning", similarity=round(top, 3)))
        return out

    @property
    def _lexicon(self) -> Lexicon | None:
        """The dictionary, where this linker reads one."""
        return self._words if self.lexicon else None

    def names_field(self, word: str) -> str | None:
        """The field a word is more general than (nearly) every value of ("fabric": material), or None."""
        return self._lexicon.names_field(word) if self._lexicon is not None else None

    def worn_by(self, field: str, value: str) -> Any:
        """The person value a value's dictionary definition says its items are for (`Lexicon.worn_by`), or None."""
        return self._lexicon.worn_by(field, value) if self._lexicon is not None else None

    def others(self, t: str) -> list[tuple[int, int]]:
        """People words said to be away, so the item is not for them (`people.people_away`: "the kids are asleep")."""
        return people_away(t, self._lexicon)

    def names_people(self, value: str) -> bool:
        """Does the value name the people its items are for ("Children's")?"""
        words = self._lexicon
        return words is not None and of_people(words, value)

    def constraints(self, text: str, skip: Sequence[str] = ()) -> list[Constraint]:
        return constraints_from(self.links(text, skip), self.fields, norm(text))

    def unlinked(self, text: str, skip: Sequence[str] = (), links: Sequence[Link] | None = None) -> list[str]:
        """The content words no value is linked to: what else the text is about ("saloons", "mafia").
        `links`: the text's links, when the caller has them already."""
        t = masked(norm(text), skip)
        t = blanked(t, worn_with(t) + lifetimes(t) + self.others(t))    # "a belt to go with my jeans" is about
        #                                  no jeans; "great when I was a kid" about no kids, nor "the kids are asleep"
        taken = self.links(text, skip) if links is None else links
        return [w for w, _, _ in _content_phrases(t, taken) if " " not in w]

    def spells_value(self, word: str) -> bool:
        """Is the word a value or a misspelling of one ("dres": dress, not "ders")?"""
        return self.is_value(word) or correct(word.lower(), self.forms.spellings) is not None

    def only_values(self, text: str) -> bool:
        """Does the text say values and grammar words only ("Navy Blue Wool"; not "Blue Suede Shoes")?"""
        t, links = norm(text), self.links(text)
        return all(any(k.start <= m.start() < k.end for k in links) for m in re.finditer(r"[a-z0-9]+", t)
                   if m.group(0) not in STOP)

    def is_value(self, text: str) -> bool:
        """Is the whole text one of the values ("comedy", "sci-fi"), rather than a title that merely
        contains one ("Star Wars")?"""
        t = norm(text)
        return any(p.fullmatch(t) for _, _, p in self._patterns)

    def linked_values(self, texts: Sequence[str]) -> set[tuple[str, str]]:
        """(field, value) pairs any of the texts names."""
        return {(k.field, k.value) for text in texts for k in self.links(text)}


_MINE = re.compile(r"\b(?:my|our|his|her|their)\s+(?:[a-z]+\s+){0,2}$")


def _head(lexicon: Any, word: str) -> str | None:
    """What a person word's definition says it is, its words up to a clause or a preposition: "a criminal"."""
    defined = lexicon.definition(word)
    return re.split(r"\b(?:who|that|which|whose|of|in|on|for|with|by|from|to|at|as)\b|[,;:(]", defined)[0].strip() \
        if defined else None


def _clause_words(t: str, phrases: Sequence[tuple[str, int, int]], start: int, end: int) -> str:
    """The content words of the clause the span lies in ("the shoes that are just a sole and a few straps")."""
    lo, hi = clause(t, Link("", "", start, end))
    return " ".join(p for p, s, e in sorted(phrases, key=lambda x: x[1]) if " " not in p and lo <= s
                    and e <= (len(t) if hi is None else hi))


def _corrected_to(t: str, found: Sequence[Link], fields: Mapping[str, tuple[str, list[str]]]) -> list[Link]:
    """A value a correction names by itself, of the field of what it corrects: "32 waist, hmm make that 34"
    (a bare "34" names no size elsewhere); not where a number said after that value is what it corrects
    ("size XL, at most 40 yen, sorry I mean 40 in your currency")."""
    out = []
    for m in CORRECTION.finditer(t):
        word = re.match(r"[\s|]*(?:to\s+|a\s+|an\s+)?([a-z0-9]+)\b", t[m.end():])
        before = [k for k in found if k.end <= m.start()]
        start = m.end() + word.start(1) if word is not None else -1
        if word is None or not before or any(k.start <= start < k.end for k in found):
            continue          # the word is linked already
        last = max(before, key=lambda k: k.end)
        if word.group(1).isdigit() and re.search(r"\d", t[last.end:m.start()]):
            continue          # a number corrects the number said last
        field = last.field
        value = next((v for v in fields[field][1] if v.lower() == word.group(1)), None)
        if value is not None:
            out.append(Link(field, value, start, m.end() + word.end(1)))
    return out


_ARTIFACT = 6                 # WordNet's noun.artifact
_DEFINED = 0.05               # how much closer than a word a definition must be to link (`_by_definition`)
# "any colour but black", "anything at all bar horror"; not "anything similar to the <title> but in black"
_ANY_BUT = re.compile(rf"\b(?:{ANY})"
                      r"(?:(?:\s+at\s+all|\s+(?!with\b|an?\b|the\b)[a-z]+)?\s+(?P<but>but|bar|barring)"
                      r"|(?:\s+[a-z0-9]+){1,4}?\s+(?P<bar>bar|barring))\b")    # "anything from the eighties bar horror"


def _but(m: re.Match) -> str:
    """The group of `_ANY_BUT` that holds the excepting word."""
    return "but" if m.group("but") else "bar"


def _head_of(t: str, link: Link, tokens: Sequence[tuple[str, int, int]], words: Any) -> Link | None:
    """The noun right after a single-valued field's value word, where the dictionary knows it as another
    value of that field or a kind of one: the value word only qualifies it ("dress pants" and "dress slacks"
    are trousers, "dress" their kind)."""
    head = next(((w, s, e) for w, s, e in tokens if s == link.end + 1 and t[link.end] == " "), None)
    reached = [r for r in words.reach(head[0]) if r.field == link.field and r.value != link.value
               and r.steps <= 1 and not r.down] if head else []
    return Link(link.field, reached[0].value, link.start, head[2], how="lexicon") if len(reached) == 1 else None


def _another_kind(compound: Any, link: Link, own: set[int], single: bool) -> bool:
    """Is the compound a word of another kind than the value linked inside it, or (`single`: a single-valued
    field's) another value? A list field's values may both hold: a "musical comedy" is a Comedy too."""
    if compound is None:
        return False
    classes, reached = compound
    return (single and any(r.field == link.field and r.value != link.value for r in reached)) or not (classes & own)


def _overlaps(link: Link, others: Sequence[Link]) -> bool:
    return any(link.start < k.end and k.start < link.end for k in others)


def _early(reach: Reach, kind: str) -> bool:
    """Does a dictionary link come before the links by meaning? A value's own words do, and a direct kind of
    a single-valued field's value ("slacks" are trousers, "gents" men), where MiniLM's nearest value may be
    a sibling ("slacks" -> dress); a list field's kinds come after ("science fiction" is a kind of fantasy
    to WordNet, which has no Sci-Fi)."""
    return not reach.down and (reach.steps == 0 or kind != "list")


# A particle with an object after it is a verb's, no compound's: "a top you pull over your head" (no pullover)
_VERB_PARTICLE = re.compile(r"(?:over|on|up|out|off|down|in)\s+(?:the|a|an|your|my|his|her|their|our|its|it|them)\b")


def _clause_has(t: str, link: Link, links: Sequence[Link]) -> bool:
    """Is another value of the link's field named before it in its clause? "a documentary about war": war is
    the documentary's topic; "films about war", "no horror, or anything about war", "a movie about war and also
    drama": it is the genre."""
    lo, _ = clause(t, link)
    return any(k.field == link.field and k.value != link.value and lo <= k.start and k.end <= link.start
               for k in links)


# "couple" saying how many: "a couple of comedies", "a couple more westerns", "a couple hundred ratings"
_A_COUPLE = re.compile(r"\ba\s+(couple)\s+(?=(?:of|more|hundred|thousand|dozen)\b|\d|[a-z]+s\b)")


def _content_phrases(t: str, taken: Sequence[Link]) -> list[tuple[str, int, int]]:
    """Content words and adjacent pairs of them, outside the spans already linked, with their spans."""
    words = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[a-z][a-z0-9]*", t)]
    topics = {words[i + 1][1] for i in range(len(words) - 1)
              if about_topic([w for w, _, _ in words[max(0, i - 1):i + 1]])}    # "about war": the topic
    counts = {m.start(1) for m in _A_COUPLE.finditer(t)}       # "a couple of comedies" asks for no romance
    refusing = [(m.start(), m.end()) for m in REFUSING_IN.finditer(t)]      # "bail on romance": no crime
    free = [w for w in words if len(w[0]) >= 3 and w[0] not in STOP and w[0] not in NEGATION
            and w[1] not in topics | counts and not any(w[1] < k.end and k.start < w[2] for k in taken)
            and not any(s <= w[1] < e for s, e in refusing)]
    out = [(w, s, e) for w, s, e in free]
    for (w1, s1, e1), (w2, s2, e2) in itertools.pairwise(free):
        if t[e1:s2].strip() == "":
            out.append((f"{w1} {w2}", s1, e2))
    return out


# A value that is every other value too: an item "for everyone" is for women, for men, for kids.
_FOR_EVERYONE = {"unisex", "all", "everyone", "anyone", "all genders", "universal"}


# A child by age: "a 7 year old", "my 4-year-old" (normalised: "4 year old"), twelve and under
_CHILD_AGED = re.compile(r"\b(?:[1-9]|1[0-2])\s+(?:year|yr)s?\s+old\b")


def constraints_from(links: Sequence[Link], fields: Mapping[str, tuple[str, list[str]]], t: str) -> list[Constraint]:
    """Constraints for the linked values: one `contains` per value of a list field (all of them), or an
    `in` when "or" joins them (any of them) or they are said to be alternatives after ("westerns and war
    pictures, either one"); where "either" opens the choice, an `in` for the values it offers and a
    `contains` for each other (`phrases.choice_groups`); `eq` / `in` for a single-valued field, with the field's value
    for everyone ("unisex") beside the one asked for, or alone where said with others not offered as a choice
    ("unisex, men and women both"); `ne` when negated."""
    out: list[Constraint] = []
    for name, (kind, _) in fields.items():
        mine = [k for k in links if k.field == name]
        wanted = [k for k in mine if polarity(k.value, mine, t)]
        values = list(dict.fromkeys(k.value for k in wanted))
        unwanted = list(dict.fromkeys(k.value for k in mine if k.value not in values))
        either = any(offers_a_choice(t[a.end:b.start]) for a, b in itertools.pairwise(wanted) if a.value != b.value)
        either = either or bool(wanted and ANY_OF_THEM.match(t, wanted[-1].end)) or (
            len(values) > 1 and all(ACCEPTED.match(t, k.end) for k in wanted))    # "drama is fine, comedy is better"
        if kind == "list" and len(values) > 2 and (groups := choice_groups(wanted, t)) is not None:
            out += [Constraint(field=name, op="contains", value=g[0]) if len(g) == 1 else
                    Constraint(field=name, op="in", value=list(dict.fromkeys(g))) for g in groups]
            out += [Constraint(field=name, op="ne", value=v) for v in unwanted]
            continue
        shared = [v for v in fields[name][1] if v.lower() in _FOR_EVERYONE and v not in values + unwanted]
        everyone = [v for v in values if v.lower() in _FOR_EVERYONE]
        if everyone and kind != "list" and not either:     # "unisex, for men and women both": the one for all
            values = everyone[:1]
        if values and shared and kind != "list":      # "for women": a unisex item is for women too
            values += shared[:1]
        if len(values) == 1:
            out.append(Constraint(field=name, op="contains" if kind == "list" else "eq", value=values[0]))
        elif values and (kind != "list" or either):
            out.append(Constraint(field=name, op="in", value=values))
        elif values:
            out += [Constraint(field=name, op="contains", value=v) for v in values]
        out += [Constraint(field=name, op="ne", value=v) for v in unwanted]
    return out

