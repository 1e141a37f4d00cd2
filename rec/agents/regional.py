"""Words one variety of English has for what another calls otherwise: British "trainers" are American
"sneakers", American "pacifier" is British "dummy". From the `breame` package's glossaries (Wikipedia's
lists of British and American English terms, Apache-2.0; read in process, nothing is downloaded): a
term's gloss names its other-variety word as "(US: sneakers)", "(UK usually: acclimatise)" or "(US
similar: sneaker)". `Lexicon.reach` asks for these only where a word's own senses reach no catalog value.
Without the package there are none - but for the project's own few (`_OWN`): everyday words for clothes that
Irish, Australian, New Zealand and South African English and slang have and neither the package nor WordNet
knows ("runners", "kicks" and "takkies" are sneakers; "trackies" sweatpants; "jandals" sandals)."""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import cache

# "(US: sneakers)", "(UK usually: fringe)", "(US similar: sneaker)"; not "(UK: compare tarmac)"
_SAID = re.compile(r"\b(?:US|UK)\b(?P<how>[^:()]{0,20}):\s*(?P<words>[^()]*)")
_ASIDE = re.compile(r"\((?!\s*(?:US|UK)\b)[^()]*\)")        # "(very old-fashioned or formal)", "(trademark)"
_ARTICLE = re.compile(r"^(?:an?|the)\s+")
# a sense's line may open with the form it is of: "(rubbers) waterproof boots (UK: wellingtons)", not with a
# register ("(informal) effort")
_FORM = re.compile(r"^\s*\((?P<form>[a-z]+)\)")


@dataclass(frozen=True)
class Equivalent:
    """What the other variety calls a term in one of its senses, and the words that sense's gloss says it
    with ("a padded sport shoe": the sneaker is a shoe)."""
    word: str
    gloss: frozenset[str]


def _said(line: str) -> list[Equivalent]:
    """The other-variety words one sense's line names: short phrases of letters, articles dropped."""
    while (plain := _ASIDE.sub("", line)) != line:
        line = plain
    gloss = frozenset(re.findall(r"[a-z]+", _SAID.sub("", line).lower()))
    out = []
    for m in _SAID.finditer(line):
        if "compare" in m.group("how"):
            continue
        for part in re.split(r",|;|/|\bor\b|\band\b", m.group("words")):
            word = _ARTICLE.sub("", part.strip(" .\n\t").lower())
            if re.fullmatch(r"[a-z][a-z' -]*", word) and len(word.split()) <= 3 and " in " not in f" {word} ":
                out.append(Equivalent(word, gloss))
    return out


# The project's own: "term, term: word (gloss)" - the word as WordNet has it, the gloss naming a kind above it
_OWN = """runners, kicks, creps, sneaks, takkies, tackies, tekkies: sneakers (athletic shoes)
jandals: sandals (shoes)
trackies, trackie dacks, trackie daks, trackie bottoms, trackpants, track pants: sweatpants (trousers)
daks, kecks: trousers (trousers)"""


def _own() -> dict[str, list[Equivalent]]:
    out: dict[str, list[Equivalent]] = {}
    for line in _OWN.splitlines():
        terms, said = line.split(":")
        word, gloss = re.fullmatch(r"\s*(.+?)\s*\((.*)\)", said).groups()
        for term in terms.split(","):
            out.setdefault(term.strip(), []).append(Equivalent(word, frozenset(gloss.split())))
    return out


@cache
def _glossary() -> dict[str, tuple[Equivalent, ...]]:
    if importlib.util.find_spec("breame") is None:
        return {term: tuple(said) for term, said in _own().items()}
    from breame.data.american_terms_constants import AMERICAN_ENGLISH_ONLY_TERMS
    from breame.data.british_terms_constants import BRITISH_ENGLISH_ONLY_TERMS
    from breame.data.meaning_constants import DIFFERENT_MEANINGS_US_UK_COMMON

    glosses = [(t, g) for terms in (BRITISH_ENGLISH_ONLY_TERMS, AMERICAN_ENGLISH_ONLY_TERMS) for t, g in terms.items()]
    glosses += [(t, g) for t, senses in DIFFERENT_MEANINGS_US_UK_COMMON.items() for g in senses.values()]
    out: dict[str, list[Equivalent]] = {}
    for term, gloss in glosses:
        for line in str(gloss).split("\n"):
            term = term.lower()
            form = m.group("form") if (m := _FORM.match(line)) and m.group("form").startswith(term) else term
            out.setdefault(form, []).extend(e for e in _said(line) if e.word != term)
    for term, said in _own().items():
        out.setdefault(term, []).extend(said)
    return {term: tuple(dict.fromkeys(said)) for term, said in out.items()}


def equivalents(word: str) -> tuple[Equivalent, ...]:
    """What the other variety of English calls `word` (lower case; as the glossary spells the term, singular
    or plural), sense by sense: "sneakers" for "trainers"; () for a word it has no other name for."""
    return _glossary().get(word.strip().lower(), ())
