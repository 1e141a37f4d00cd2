"""Said titles matched to catalog titles, typos and all.

Titles are compared in a normal form (`title_key`) that ignores case, accents, articles ("The Matrix" =
"Matrix, The"), alternative titles in brackets and the year, reads "&" as "and", numbers in words and
sequels' Roman numerals as digits; `similarity` tolerates typos ("Star Wras") and a title's opening
words, never a sequel's number left out or added ("Terminator 2" is not "The Terminator"). `TitleIndex`
finds a said title's candidates among the catalog's titles by character trigrams; `resolve` picks the
item a said title means, by a year said or the words after it among namesakes; `grounded` keeps a title
the model planned only where the user's words hold it (one copied from the prompt's examples is dropped).
Where in a message a title is said (after "I loved", in quotes...) is `references.py`'s work.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rec.agents.numbers import words_to_numbers

ARTICLES = r"(?:the|a|an|le|la|les|l|der|die|das|il|el)"
# English function words: an opening made only of them ("in the", "one of the") names no title
_FUNCTION_WORDS = """a an the in on at of to for from by with and or but not no my your his her its our their this
that these those it is was be one some any all"""
FUNCTION = frozenset(_FUNCTION_WORDS.split())
MIN_SIMILARITY = 0.85    # a typo or two in a title of a few words; unrelated titles score far lower


def title_key(title: str) -> str:
    """The compared form: ASCII lower-case words, no brackets (years, alternative titles), no articles
    at either end ("Matrix, The" and "The Matrix" meet), "&" read as "and", initials as one word ("E.T.")."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower().replace("&", " and ")
    text = re.sub(r"\([^)]*\)|\[[^]]*\]", " ", text)
    text = re.sub(r"\b(?:[a-z]\.){2,}", lambda m: m.group(0).replace(".", ""), text)   # "E.T." = "ET", "L.A." = "LA"
    text = re.sub(rf",\s*{ARTICLES}\s*$", " ", text.strip())
    # "Twelve Monkeys" = "12 monkeys", "Rocky III" = "rocky 3"
    words = [ROMAN.get(w, w) for w in re.findall(r"[a-z0-9]+", words_to_numbers(text))]
    words = [w for n, w in enumerate(words) if not (w in ("part", "pt") and words[n + 1:n + 2] and
                                                    words[n + 1].isdigit())]     # "Part II" = "pt 2" = "2"
    while len(words) > 1 and words[0] in ("the", "a", "an"):     # not "Die Hard", "La Bamba": see `_moved`
        words = words[1:]
    return " ".join(words)


# Roman numerals in sequels' titles ("Part II"); not i, v, x, which are also words and letters
ROMAN = {"ii": "2", "iii": "3", "iv": "4", "vi": "6", "vii": "7", "viii": "8", "ix": "9"}


def _moved(title: str) -> list[str]:
    """A title filed with its article last, said with it first: "Boot, Das" -> "Das Boot"."""
    m = re.match(rf"^(.*?),\s*({ARTICLES})\s*(?:\(.*)?$", title.strip(), re.I)
    return [f"{m.group(2)} {m.group(1)}"] if m else []


def _short(title: str) -> list[str]:
    """A sequel said by its name's initials and number: "T2" for "Terminator 2: Judgment Day", "DH2" for "Die Hard 2"
    (one to three words before a number from 2 to 9: "Apollo 13" is no sequel)."""
    words = title_key(title).split()
    at = next((i for i, w in enumerate(words[:4]) if re.fullmatch(r"[2-9]", w)), 0)
    return [f"{''.join(w[0] for w in words[:at])}{words[at]}"] if at and all(w.isalpha() for w in words[:at]) else []


def _names(title: str) -> list[str]:
    """The ways a catalog title may be said: itself, its alternative titles in brackets (not a year), with its
    article moved to the front, a sequel's short form, and a series' film by its own name (`_own`)."""
    alternatives = [t for t in re.findall(r"\(([^)]*)\)", title) if not re.fullmatch(r"\s*\d{4}\s*", t)]
    return [title, *alternatives, *_moved(title), *_short(title), *_own(title)]


# What a subtitle may say that names no film of its own: "Mystery Science Theater 3000: The Movie"
_GENERIC = frozenset(["movie", "movies", "film", "story", "sequel", "series", "saga", "begins", "returns"])


def _own(title: str) -> list[str]:
    """A series' film by its own name after the colon: "First Contact" for "Star Trek: First Contact" (not "Part
    II", nor "The Movie")."""
    own = re.split(r":\s+", re.sub(r"\s*\([^)]*\)", "", title), maxsplit=1)[1:]
    return [t for t in own if any(len(w) >= 5 and w not in _GENERIC for w in title_key(t).split())
            and not re.match(r"(?:part|episode|chapter|vol(?:ume)?|book)\b", t, re.I)]


def closing_words(said: str, catalog_title: str) -> bool:
    """Is the said title the catalog title's closing words, two of them no function words at least ("Last Crusade"
    for "Indiana Jones and the Last Crusade")?"""
    a, b = title_key(said), title_key(catalog_title)
    return len(set(a.split()) - FUNCTION) >= 2 and len(a) >= 8 and b.endswith(" " + a)


def said_year(title: str) -> int | None:
    m = re.search(r"\b(1[89]\d\d|20\d\d)\b", title)
    return int(m.group(1)) if m else None


def similarity(said: str, catalog_title: str) -> float:
    """The best of the ways the title may be said (`_names`: "Seven (Se7en)", "T2"): see `_similarity`; a series'
    film by its own name scores below a title said whole ("Jurassic Park" is not "The Lost World: Jurassic Park")."""
    best = max(_similarity(said, t) for t in _names(catalog_title))
    return min(best, 0.95) if any(title_key(said) == title_key(t) for t in _own(catalog_title)) else best


def _similarity(said: str, catalog_title: str) -> float:
    """1.0 for the same title; a whole-word containment ("Alien" in "Alien: Resurrection" does not count
    as the same, "Star Wars" and "Star Wars: Episode IV" do) 0.9; else the characters' ratio."""
    a, b = title_key(said), title_key(catalog_title)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if sequel_numbers(a) - sequel_numbers(b):
        return min(0.8, difflib.SequenceMatcher(None, a, b).ratio())   # "Terminator 2" is not "The Terminator"
    opening = b.split()[:len(a.split())]
    if (len(a) >= 6 and len(a.split()) >= 2 and set(a.split()) - FUNCTION and len(b.split()) > len(opening)
            and word_for_word(opening, a.split())):
        return 0.9      # a title's opening words name it, typos allowed, but not "in the" (of "In the Army Now")
    if len(a.split()) >= 2 and a.split()[0] == b.split()[0] and a.split()[-1] == b.split()[-1] and _within(a, b):
        return 0.9      # its first and last words with some between left out: "the briwick white blouse"
    return difflib.SequenceMatcher(None, a, b).ratio()


def _within(a: str, b: str) -> bool:
    """Are the words of `a` those of `b`, in order, some left out?"""
    rest = iter(b.split())
    return all(word in rest for word in a.split())


def sequel_numbers(key: str) -> set[str]:
    """The numbers in a title's words that are no year: a sequel's ("Terminator 2", "Rocky III" -> 3)."""
    return {w for w in key.split() if w.isdigit() and not re.fullmatch(r"1[89]\d\d|20\d\d", w)}


@dataclass(frozen=True)
class Hit:
    item_id: str
    title: str
    year: int | None = None


Search = Callable[[str], Sequence[Hit]]


class TitleIndex:
    """The catalog's titles in memory, found by their character trigrams: a said title's candidates, typos
    included ("Star Wras"), without a search of the store (a message tries several spans; each used to
    cost an embedding and two store reads). Each item is indexed by its title's normal form (`title_key`)
    and its alternative titles in brackets; a candidate scores the share of its trigrams the words hold
    plus the share of the words' trigrams it holds, so a title inside a longer message still comes first.
    `resolve` then decides by `similarity`."""

    def __init__(self, items: Iterable[Hit]):
        self.hits: list[Hit] = []
        self._grams: list[frozenset[str]] = []
        self._postings: dict[str, list[int]] = {}
        for hit in items:
            for key in dict.fromkeys(k for t in _names(hit.title) if (k := title_key(t))):
                n = len(self.hits)
                self.hits.append(hit)
                self._grams.append(grams := _trigrams(key))
                for g in grams:
                    self._postings.setdefault(g, []).append(n)

    def search(self, text: str, k: int = 10) -> list[Hit]:
        said = _trigrams(title_key(text))
        shared: dict[int, int] = {}
        for g in said:
            for n in self._postings.get(g, ()):
                shared[n] = shared.get(n, 0) + 1
        score = {n: c / len(self._grams[n]) + c / len(said) for n, c in shared.items()}
        out: dict[str, Hit] = {}
        for n in sorted(score, key=lambda n: -score[n]):
            out.setdefault(self.hits[n].item_id, self.hits[n])
            if len(out) == k:
                break
        return list(out.values())


def _trigrams(key: str) -> frozenset[str]:
    padded = f"  {key} "
    return frozenset(padded[i:i + 3] for i in range(len(padded) - 2))


def resolve(said: str, search: Search, told: Sequence[str] = ()) -> Hit | None:
    """The catalog item a said title means, or None when no hit is close enough; among namesakes as close,
    the one whose title holds a word `told`, typos allowed ("velvik suede boots" said "in brown", "the ostara grey
    hoody"), or the year said."""
    if not title_key(said):
        return None
    scored = [(similarity(said, h.title), h) for h in search(said)]
    scored = [(s, h) for s, h in scored if s >= MIN_SIMILARITY]
    if not scored:
        return None
    year = said_year(re.sub(r"^\D*?(?=\(|\b1[89]\d\d|\b20\d\d)", "", said)) if re.search(r"\d{4}", said) else None
    top = max(s for s, _ in scored)
    best = [h for s, h in scored if s == top]
    told_keys = {title_key(w) for w in told} - FUNCTION
    best = [h for h in best if any(_typo(w, k) for w in told_keys for k in title_key(h.title).split())] or best
    return next((h for h in best if year is not None and h.year == year), best[0])


def grounded(titles: Iterable[str], user_texts: Sequence[str]) -> tuple[list[str], list[str]]:
    """(kept, dropped): a title the model planned stays only if the user's words hold it (typos
    allowed); one they never said came from somewhere else — the prompt's examples, say."""
    said = [title_key(t) for t in user_texts]
    kept, dropped = [], []
    for title in titles:
        key = title_key(title)
        words = key.split()
        found = bool(key) and any(
            re.search(rf"\b{re.escape(key)}\b", s) or fuzzy_in(words, s.split()) for s in said)
        (kept if found else dropped).append(title)
    return kept, dropped


def _typo(a: str, b: str) -> bool:
    """Is `a` the word `b`, as written or with a typo (same first letter, one edit, two from six letters)?"""
    from rec.agents.spelling import distance

    return a == b or (a[:1] == b[:1] and distance(a, b) <= (1 if len(b) < 6 else 2))


def word_for_word(title: Sequence[str], said: Sequence[str]) -> bool:
    """Is `said` the title word for word, each one as written or a typo of it (same first letter, one edit,
    two from six letters), one word of a long title but its first left out at most? "set in space" is not "Lost in
    Space"; "star wras", "jurasic park", "ternelo navy linen shorts" are theirs."""
    if len(said) == len(title):
        return all(_typo(a, b) for a, b in zip(said, title, strict=True))
    return len(said) == len(title) - 1 and any(     # never its first word: "beige cotton sweater" is no
        all(_typo(a, b) for a, b in zip(said, [*title[:i], *title[i + 1:]], strict=True))   # "Briara beige cotton
        for i in range(1, len(title)))                                                      # sweater"


def fuzzy_in(words: Sequence[str], text: Sequence[str]) -> bool:
    return fuzzy_at(words, text)[2] >= MIN_SIMILARITY


def fuzzy_at(words: Sequence[str], text: Sequence[str]) -> tuple[int, int, float]:
    """Where in `text` (word offsets) `words` are said most alike, and how alike: typos allowed, and a long
    title said a word short ("ternelo navy linen shorts" for "Ternello navy blue linen shorts")."""
    target = " ".join(words)
    best = (0, 0, 0.0)
    for n in dict.fromkeys([len(words), *([len(words) - 1] if len(words) >= 4 else [])]):
        for i in range(max(1, len(text) - n + 1)):
            ratio = difflib.SequenceMatcher(None, target, " ".join(text[i:i + n])).ratio()
            if ratio > best[2]:
                best = (i, i + n, ratio)
    return best
