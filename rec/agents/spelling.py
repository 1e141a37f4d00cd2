"""Typos in the words that matter: a word that is no English word is corrected to a value it is one
or two edits from ("sneekers" -> sneakers, "ninties" -> nineties).

Which words are English comes from the packaged MiniLM tokenizer's vocabulary (30,000 word pieces): a
word it holds whole ("thrilled", "short") is never "corrected" to a value ("thriller", "shorts"), so
only misspellings are. Without the package every word counts as unknown and only the edit distance
guards (one edit up to six letters, two from seven).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rec.agents.lexicon import WordNet


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    try:
        from rec.retrieval.embeddings import minilm_path

        lines = (minilm_path() / "vocab.txt").read_text(encoding="utf-8").splitlines()
    except (OSError, ImportError, Exception):   # no packaged model: no vocabulary
        return frozenset()
    return frozenset(w for w in lines if w.isalpha() and w.islower() and len(w) >= 3)


def english(word: str) -> bool:
    """Is the (lower-case) word one the tokenizer or WordNet knows ("snog", "gory": WordNet's only)?"""
    from rec.agents.lexicon import wordnet

    net = wordnet()
    return word in known_words() or (net is not None and word in net.words)


# Leetspeak's digits for letters ("h0rr0r", "r0m4nc3", "w00l", "bl4ck"): a word of letters and these digits
_LEET = {"0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t"}
_LEETED = re.compile(r"(?<![\w.,$])[a-z](?=[a-z0-9]*[013457])[a-z013457]+(?![\w$%]|[.,]\d)", re.I)


def unleet(text: str) -> str:
    """The text with each word typed in leetspeak put in letters, where exactly that gives an English word, or
    two digits or more inside a word give one spelling ("n0 r0m4nc3" -> "no romance", "r0mc0m"); "4k", "b4", "1st",
    "1970s", "mp3" stay, and "se7en" (a title's own spelling)."""
    def word(m: re.Match) -> str:
        low = m.group(0).lower()
        found = {"".join(w) for w in itertools.product(*(_LEET.get(c, c) for c in low))}
        known = {w for w in found if (w in known_words() and w != "seven") or w == "no"}
        inside = len(re.findall(r"(?<=[a-z])\d(?=[a-z])", low)) >= 2 and len(found) == 1
        return known.pop() if len(known) == 1 else found.pop() if inside else m.group(0)

    return _LEETED.sub(word, text)


def unprothetic(text: str) -> str:
    """The text with the "e" a Spanish or Portuguese speaker puts before "s" and a consonant taken off, where the
    word is none and the rest is one ("esport" -> "sport", "esci-fi", "espaceships"); "escort", "estate" stay."""
    def word(m: re.Match) -> str:
        low, rest = m.group(0).lower(), m.group(0)[1:]
        known = rest in known_words() or (rest.endswith("s") and rest[:-1] in known_words())      # "spaceships"
        return rest if low not in known_words() and not english(low) and known and len(rest) >= 3 else m.group(0)

    return re.sub(r"\be(?=s[b-df-hj-np-tv-z])[a-z]+", word, text)      # not a name: "Eshowe", "Esmeralda"


def distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal string alignment distance (insertions, deletions, substitutions, adjacent swaps),
    returning `limit + 1` as soon as it is known to exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        prev2, prev = prev, row
    return prev[-1]


def doubled(word: str) -> set[str]:
    """The word with one of its letters written twice ("wolen": woolen, wollen, ...)."""
    return {word[:i] + word[i - 1:] for i in range(1, len(word) + 1)}


def redoubled(word: str, form: str) -> bool:
    """Is `form` the word with one of its letters doubled ("wolen": woolen)?"""
    return len(form) == len(word) + 1 and form in doubled(word)


# First letters a dyslexic hand swaps for their mirror image ("dlack" is black), or a learner's ear for their
# neighbour in sound ("bink" is pink for an Arabic speaker, "wintage" vintage for a Hindi one, "lomance" a Japanese)
_MIRRORED = ({"b", "d"}, {"p", "q"}, {"b", "p"}, {"v", "w"}, {"b", "v"}, {"l", "r"})


def correct(word: str, forms: Iterable[str], slack: int = 0, in_slot: bool = False) -> str | None:
    """The form `word` is a misspelling of, or None (a known word, too short, or nothing close). `slack`:
    edits allowed beyond the usual, where the forms are few (the values of a field named beside the word).
    `in_slot`: the word stands where a value goes ("more acton films"), so a rare word the tokenizer knows
    (a name: "acton") may be a misspelling too."""
    if len(word) < 4 or (word in known_words() and not in_slot):
        return None
    limit = (1 if len(word) <= 6 else 2) + slack
    best = min(((distance(word, f, limit), not redoubled(word, f), f) for f in forms
                if f[:1] == word[:1] or {f[:1], word[:1]} in _MIRRORED or len(word) >= 7),
               default=(limit + 1, True, ""))
    best = best[0], best[2]      # a letter written once where the form doubles it first: "wolen" is woolen, no women
    if best[0] > limit or any(stem != best[1] and stem not in inflected(best[1]) for stem in inflected(word)):
        return None      # "swears" is swear inflected, no sweater; "canvass" may be canvas, "eightys" eighties
    return best[1]


# Words that join others, never part of one word said apart ("music and" is no "musical" misspelt)
_JOINERS = frozenset(["and", "or", "but", "nor", "the", "of", "to", "for", "with", "from", "at", "by", "as", "is",
                      "are", "be", "been", "was", "were", "am", "will", "would", "can", "could", "should", "you",
                      "we", "they"])       # "would be better" is no "bebetter" (a misspelt "begetter")
_PARTICLES = frozenset(["over", "up", "out", "on", "off", "in", "down", "back", "away", "about", "around"])
_DETERMINERS = frozenset(["a", "an", "the", "no", "not", "my", "his", "her", "our", "their", "your", "some", "any"])


def a_name(raw: str, word: str, english: Collection[str] = ()) -> bool:
    """Is the word a name: one no dictionary (`english`) nor the tokenizer knows, written with a capital wherever
    the message says it ("Frankfield office movie club": a place, no Film-Noir however near it lies in meaning)?"""
    if not word.isalpha() or word in english or word in known_words():
        return False
    said = re.findall(rf"\b{re.escape(word)}\b", raw, re.I)
    return bool(said) and all(w[:1].isupper() for w in said)


_PLACED = re.compile(r"\b(?:in|from|near|at|around|outside)\s+$")       # "here in Whitby", "from Redding"


def a_named_word(raw: str, t: str, start: int, end: int, known: Collection[str] = (), value: str = "") -> bool:
    """Is the word a typo's span (`start`, `end` in the normalised `t`) lies in a name (`a_name`) the span cannot
    stand for: a piece of it ("grey" of "Greymouth", "black" of "Blackpool"), or all of it after a word that
    places it, where the `value` it was read as is a common word ("windy here in Whitby" names no white; "any
    trainers from Ostmorra" is the maker Ostmora)?"""
    at = t.rfind(" ", 0, start) + 1
    word = t[at:end] + re.match(r"[a-z0-9]*", t[end:]).group(0)     # type: ignore[union-attr]
    return a_name(raw, word, known) and (len(word) != end - start or (
        _PLACED.search(t[:at]) is not None and english(value.lower())))


def joined_words(t: str, known: Collection[str]) -> list[tuple[str, int, int]]:
    """Two or three words said apart that may be one word joined ("who done it": whodunit, "rain coat":
    raincoat), with their span: the joined word where `known` has it, or one of seven letters or more that may
    be a misspelling of one."""
    words = list(re.finditer(r"[a-z]+", t))
    out = []
    for n in (3, 2):
        for run in (words[i:i + n] for i in range(len(words) - n + 1)):
            said = [m.group(0) for m in run]
            if said[0] in _DETERMINERS or min(map(len, said)) < 2 or set(said[1:]) & _PARTICLES \
                    or set(said) & _JOINERS or any(t[a.end():b.start()] != " " for a, b in itertools.pairwise(run)):
                continue          # "pull over your head" is no pullover, "I'm a" no "ma", "music and" no musical
            joined = "".join(said)
            if (joined in known and len(joined) >= 5) or len(joined) >= 7:        # "lin en trowsers": linen
                out.append((joined, run[0].start(), run[-1].end()))
    return out


def skeleton(word: str) -> str:
    """A word's consonants as they sound, in order, doubles as one: "whight" and "white" are "wht", "wimmen"
    and "women" "wmn" (a silent "gh" before t or at the end dropped; "ph" is f, "ck" k; the first letter kept)."""
    w = re.sub(r"gh(?=t|$)", "", word.lower())
    w = w.replace("ph", "f").replace("ck", "k")
    w = w[:1] + re.sub(r"[aeiouy]", "", w[1:])
    return re.sub(r"(.)\1+", r"\1", w)


def sound(word: str) -> str:
    """A word's consonants as heard, for words a dictation app mistakes for each other ("genes" and "jeans" are
    "jns", "blows" and "blouse" "bls", "swayed" and "suede" "sd"): `skeleton` with a soft g as j and a w after a
    consonant or a vowel dropped."""
    w = re.sub(r"g(?=[eiy])", "j", word.lower())
    return skeleton(re.sub(r"(?<=[bcdfgkpstaeiou])w", "", w.replace("wh", "w")))


def spelt_as_said(word: str, forms: Iterable[str]) -> str | None:
    """The one form a word of five letters or more that is no English word spells as it sounds ("whight":
    white, "wimmen": women), by its `skeleton` of three consonants or more; None where none or several."""
    if len(word) < 5 or not word.isalpha() or english(word) or inflected(word):
        return None
    key = skeleton(word)
    fits = {f for f in forms if f[:1] == word[:1] and skeleton(f) == key}
    return fits.pop() if len(key) >= 3 and len(fits) == 1 else None


# Letters as they sound, in order: "tch" and "sh" are one sound (x), "tion" a shush, a hard c or q a k
_SOUNDS = (("x", "ks"), ("tch", "x"), ("sch", "sk"), ("ch", "x"), ("sh", "x"), ("ph", "f"), ("th", "0"), ("ck", "k"),
           ("wh", "w"), ("qu", "kw"), ("q", "k"), ("dg", "j"), ("z", "s"), ("v", "f"))


@lru_cache(maxsize=8192)
def phonetic(word: str) -> str:
    """A sound key in the manner of Metaphone, for words spelt by ear: "akshun" and "action" are "akxn",
    "kashmeer" and "cashmere" "kxmr", "ayties" and "eighties" "ats" (a silent "gh" and a first letter that is
    silent dropped, a soft c as s, a soft g as j, a first vowel as "a", later vowels and doubles dropped)."""
    w = re.sub(r"gh(?=t|$)", "", re.sub(r"[^a-z]", "", word.lower()))
    w = re.sub(r"^(?:kn|gn|wr|ps)", lambda m: m.group(0)[1], w)
    for said, heard in _SOUNDS:
        w = w.replace(said, heard)
    w = re.sub(r"[tcs]i(?=[aou])", "x", w)
    w = re.sub(r"g(?=[eiy])", "j", re.sub(r"c(?=[eiy])", "s", w)).replace("c", "k")
    if not w:
        return ""
    w = re.sub(r"(.)\1+", r"\1", w)         # doubles as one, before the vowels go: "briara" keeps two r's
    rest = re.sub(r"[aeiouyh]", "", re.sub(r"w(?![aeiou])", "", w[1:]))
    return ("a" if w[0] in "aeiouy" else w[0]) + rest


def sounds_like(word: str, forms: Iterable[str]) -> str | None:
    """The one form a word spelt by ear sounds like (`phonetic`): "akshun" -> action, "kashmeer" -> cashmere,
    "ayties" -> eighties. Only for a word of five letters or more that is no English word nor an inflection of
    one, heard as three sounds or more, from three fifths to three halves of the form's length ("whitehouse" is
    no "whites"), and opening with the same sound (a vowel for a vowel), a form of one word ("Ennis" is no "one
    size"); a first letter not the form's needs four sounds ("kashmeer", not the place "Kaslo" for "casual"); None
    where no form or several fit."""
    if len(word) < 5 or not word.isalpha() or any(english(w) for w in [word, *stems(word)]) or inflected(word):
        return None          # "blokes" is WordNet's "bloke", no "blacks"
    key = phonetic(word)
    fits = {f for f in forms if " " not in f and phonetic(f) == key and 3 * len(f) <= 5 * len(word) <= 15 * len(f) / 2
            and (f[0] == word[0] or (f[0] in "aeiou" and word[0] in "aeiou") or len(key) >= 4)}
    return fits.pop() if len(key) >= 3 and len(fits) == 1 else None


def one_edit(word: str) -> set[str]:
    """Every string one edit from `word` (a letter dropped, added, changed, or two neighbours swapped)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in cuts if b} | {a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1}
            | {a + c + b[1:] for a, b in cuts if b for c in letters} | {a + c + b for a, b in cuts for c in letters})


def inflected(word: str) -> list[str]:
    """The known words `word` is an inflection of: "swears" -> swear, "wanted" -> want, "liked" -> like."""
    known = known_words()
    return [s for s in stems(word) if len(s) >= 3 and s in known]


def stems(word: str) -> list[str]:
    """What `word` may be an inflection of, by its ending alone."""
    stems = [word[:-len(end)] + add for end, add in (("s", ""), ("es", ""), ("ed", ""), ("d", ""), ("ing", ""),
                                                     ("ing", "e"), ("ies", "y"), ("ied", "y")) if word.endswith(end)
             and (end != "es" or word[:-2].endswith(("s", "x", "z", "ch", "sh", "o")))]   # "eightes" is no "eight"
    return list(dict.fromkeys(stems))


def unswapped(word: str) -> str | None:
    """The English word a word of four letters or more is with two neighbouring letters swapped back
    ("filsm" -> films, "kdis" -> kids, "notihng" -> nothing), where the word itself is none (nor one WordNet
    has); else None.
    Only one such word may fit. A swap is the commonest typo, and no clipping or slang is one."""
    known = known_words()
    low = word.lower()
    if len(low) < 4 or not low.isalpha() or english(low) or inflected(low):
        return None       # a known word's inflection is no typo: "dads" is no "adds"; "snog" is no "song"
    fits = {w for i in range(len(low) - 1) if (w := low[:i] + low[i + 1] + low[i] + low[i + 2:]) in known
            or (w.endswith("s") and w[:-1] in known)}       # "westrens": westerns
    if len(fits) != 1:
        return None
    fit = fits.pop()
    return "".join(c.upper() if o.isupper() else c for c, o in zip(fit, word, strict=True))


# "more then 100 ratings", "other then horror": "then" after a comparative is "than" (an English word, so no
# spelling rule reaches it)
_THEN = re.compile(r"\b((?:more|less|fewer|higher|lower|older|newer|cheaper|pricier|better|worse|earlier|later|bigger"
                   r"|smaller|longer|shorter|rather|other)\s+)then\b", re.I)


# Words that say a bound: glued to the word before ("ratedover3"), they part it as a value does
_BOUND_WORDS = frozenset(["over", "under", "above", "below", "before", "after", "since", "than"])


def unglued(word: str, value: Callable[[str], bool]) -> str | None:
    """Two or three words typed as one, one of them a catalog value or a bound ("mensjeans" -> "mens jeans",
    "goodhorrorfilms" -> "good horror films", "ratedover" -> "rated over") or the two a dictionary's compound
    ("sciencefiction" -> "science fiction"), where the word is none and only one
    split into known words of three letters or more has such a part (two parts before three); else None."""
    known = known_words()
    low = word.lower()
    if len(low) < 6 or not low.isalpha() or low in known or inflected(low) or any(
            len(s) >= 5 and english(s) for s in [low, *stems(low)]):
        return None          # "overruled": WordNet's "overrule", no "over ruled"

    def is_word(w: str) -> bool:       # a value the dictionary lacks is a word too: "redhoodie"
        return len(w) >= 3 and (w in known or bool(inflected(w)) or (len(w) >= 4 and value(w)))

    two = [(low[:i], low[i:]) for i in range(3, len(low) - 2)]
    three = [(a, *b) for a, rest in two if is_word(a) for b in ((rest[:j], rest[j:]) for j in range(3, len(rest) - 2))]
    for splits in (two, three):
        fits = [parts for parts in splits if all(map(is_word, parts))]
        said = [p for p in fits if any((len(w) >= 4 and value(w)) or w in _BOUND_WORDS for w in p)
                or (len(p) == 2 and english(" ".join(p)))]      # a dictionary's compound: "sciencefiction"
        if fits:      # "hitmen" is no "hit men"; "ratedover" is "rated over", not "rate dover"
            return " ".join(said[0]) if len(said) == 1 else None
    return None


def mend_swaps(text: str, keep: Callable[[str], bool] = lambda w: False,
               value: Callable[[str], bool] = lambda w: False) -> str:
    """The text with every swapped-letter typo mended (`unswapped`), two words typed as one parted where one is a
    value (`unglued`: "mensjeans") and another keyboard layout's slips put back (`unlaid`: "leqst", "dra,a"),
    except words `keep` says are the catalog's own ("Ostmora"); and "then" after a comparative read as "than"."""
    text = _THEN.sub(lambda m: m.group(1) + "than", text)

    def mended(m: re.Match) -> str:
        word = m.group(0)
        if keep(word) or _foreign_compound(text, m.start(), m.end()) or (
                re.match(r"\s*[$\u00a3\u20ac\u00a5]?\d", text[m.end():]) and correct(word.lower(), _BOUND_WORDS)):
            return word          # "unde 100" is the grammar's "under", no "nude"
        named = word[:1].isupper() and word[1:].islower() and re.search(r"[a-z,;]\s+$", text[:m.start()])
        return unarticled(word) or ungrammared(word) or unswapped(word) or (   # a name inside a sentence stays one:
            None if named else unglued(word, value) or unlaid(word, value)) or word     # "in Greymouth" (no grey)

    text = _COMMA_FOR_M.sub(lambda m: _comma_as_m(m, value), text)
    text = re.sub(r"\b[A-Za-z]{3}\b", lambda m: (None if keep(m.group(0)) else unlaid(m.group(0), value)) or m.group(0),
                  text)       # "wqr", "mqn", "guz"
    return re.sub(r"[A-Za-z]{4,}", mended, text)


# A French or German keyboard's slips: AZERTY's "a"/"q" and "z"/"w" swapped ("leqst", "zool"), QWERTZ's "y"/"z"
# ("guz" for guy), and AZERTY's comma where "m" is ("dra,a", "co,edy")
_LAYOUT = {"q": "a", "z": "yw", "y": "z", "w": "z"}
_COMMA_FOR_M = re.compile(r"\b([A-Za-z]+),([A-Za-z]+)\b")


def unlaid(word: str, value: Callable[[str], bool] = lambda w: False) -> str | None:
    """The word a keyboard of another layout typed as `word` ("leqst" -> "least", "wqr" -> "war", "zool" ->
    "wool", "skz" -> "sky"): one or two of its letters put back, where the word is none and exactly one value comes
    of it, or one English word of a word no English one could be (a "q" without "u", no vowel); else None."""
    low = word.lower()
    spots = [i for i, c in enumerate(low) if c in _LAYOUT]
    if not spots or len(spots) > 4 or low in known_words() or inflected(low) or value(low):
        return None
    slipped = re.search(r"q(?!u)", low) or not re.search(r"[aeiou]", low)     # no English word: "leqst", "skz"
    for n in (1, 2):
        found = set()
        for picked in itertools.combinations(spots, n):
            for letters in itertools.product(*(_LAYOUT[low[i]] for i in picked)):
                typed = list(low)
                for i, letter in zip(picked, letters, strict=True):
                    typed[i] = letter
                guess = "".join(typed)
                if value(guess) or (slipped and guess in known_words()):     # "zool": wool; not "coz", "zed"
                    found.add(guess)
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def _comma_as_m(m: re.Match, value: Callable[[str], bool]) -> str:
    word = f"{m.group(1)}m{m.group(2)}"
    return word if word.lower() in known_words() or value(word.lower()) else m.group(0)


def unarticled(word: str) -> str | None:
    """An article typed onto the word after it: "alot" -> "a lot", "afilm" -> "a film" (before any swap: "alot"
    is no "alto"), where the word is no English word and what follows the "a" is one of three letters or more;
    not a contraction ("arent") nor "as" run into its word ("aswell")."""
    from rec.agents.lexicon import wordnet

    known, low = known_words(), word.lower()
    if (len(low) < 4 or not low.startswith("a") or low in known or inflected(low) or low[1:] not in known
            or low.endswith("nt") or low.startswith("as")):
        return None       # "arent", "aint": a contraction typed without its apostrophe; "aswell" is "as well"
    net = wordnet()      # read only here, for the rare word this far: "amen" is a word the tokenizer lacks
    if (net is not None and (low in net.words or not _mostly_a_noun(net, low[1:]))) or mend_said(low) != low:
        return None      # dialect's own words: "afore", "aboot" (Scots before, about), "abeg" (Pidgin please)
    return f"{word[0]} {word[1:]}"


# Short grammar words typed onto the word after them: "notany", "nomore", "atleast", "ofcourse", "inred"
_GLUED_ON = ("not", "no", "at", "of", "in", "the")


def ungrammared(word: str) -> str | None:
    """A grammar word of `_GLUED_ON` typed onto the word after it parted ("nomore" -> "no more", "thesixties" ->
    "the sixties"), where the whole is no English word (tokenizer or WordNet) nor a spoken form `_SAID` knows, is
    written in lower case (not a name: "Nolan"), and the rest is a known word of three letters or more that does
    not repeat the seam's letter ("innit" is no "in nit")."""
    known, low = known_words(), word.lower()
    if len(low) < 5 or not word.islower() or english(low) or inflected(low) or mend_said(low) != low:
        return None
    for head in _GLUED_ON:
        rest = low[len(head):]
        if low.startswith(head) and len(rest) >= 3 and rest in known and rest[0] != head[-1]:
            return f"{head} {rest}"
    return None


def _mostly_a_noun(net: WordNet, word: str) -> bool:
    """Is the word mostly a noun, as WordNet counts its uses ("lot", "film"; not "beg")?"""
    uses = net.uses.get(word, [])
    return sum(u.count + 1 for u in uses if u.pos == "n") > sum(u.count + 1 for u in uses if u.pos != "n")


def _foreign_compound(text: str, start: int, end: int) -> bool:
    """Is the word hyphened to another that is no English word either ("salu-salo", "nakaka-loka")? Then
    it is no typo of an English word ("salu" is no "Saul")."""
    known = known_words()
    before = re.search(r"([A-Za-z]{3,})-$", text[:start])
    after = re.match(r"-([A-Za-z]{3,})", text[end:])
    return any(m is not None and m.group(1).lower() not in known for m in (before, after))


# Grammar words as they are said, in dialect or texting, that no dictionary spells: "nuthin befor 1970", Jamaican
# "nutten", "wid" and "nuh" (no, not: "romance but nuh drama"), Northern English and Scots "nowt", "owt", "divvent",
# "cannae", a dropped g ("singin'"), "better'n four stars", "more new than" (a learner's "newer"), texting's "d"
# ("Silence of d Lambs"); and kin as regions say them ("me mam", "me da", "ouma"), for whom an item is. Values'
# misspellings are `correct`'s.
_COMPARATIVE = {"new": "newer", "old": "older", "cheap": "cheaper", "young": "younger", "late": "later",
                "early": "earlier", "high": "higher", "low": "lower", "long": "longer", "short": "shorter",
                "big": "bigger", "small": "smaller"}
_OWNER = "me|my|mi|his|her|your|yer|ur|our|wor"       # "wor": Geordie "our"
# Spanish grammar words in an English request (Spanglish): "sin romance", "nada de suede", "de los noventas", "entre
# 30 y 60", "talla S", "para mujer"; the values stay the catalog's words
_DECADES_ES = {"veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
               "ochenta": 80, "noventa": 90}
_SPANISH = [
    (re.compile(r"(?<!\ba\s)(?<!\bthe\s)\bsin\s+(?=[a-z])", re.I), "without "),
    (re.compile(r"\bnada\s+de\b", re.I), "no"), (re.compile(r"\bpero\b", re.I), "but"),
    (re.compile(rf"\b(de\s+)?los\s+({'|'.join(_DECADES_ES)})s?\b", re.I),
     lambda m: f"{'from ' if m.group(1) else ''}the {_DECADES_ES[m.group(2).lower()]}s"),
    (re.compile(r"\bentre\s+(\$?\d+(?:\.\d+)?)\s+y\s+(?=\$?\d)", re.I), r"between \1 and "),
    (re.compile(r"\btalla\b", re.I), "size"), (re.compile(r"\bdolares\b", re.I), "dollars"),
    (re.compile(r"\bpara\s+(?:una?\s+)?(?:mujer|mujeres|chicas?|senoras?)\b", re.I), "for women"),
    (re.compile(r"\bpara\s+(?:una?\s+)?(?:hombres?|chicos?|senor|senores)\b", re.I), "for men"),
]
_SAID_APART = _BOUND_WORDS | {"between"}        # a comparator said in two pieces: "un der 20"
_SAID = [
    *_SPANISH,
    (re.compile(r"\b[A-Za-z]*([A-Za-z])\1\1[A-Za-z]*\b"), lambda m: unstretched(m.group(0))),   # "nooo horror",
    #                                                                              "sooo scary", "pleeease"
    (re.compile(r"\b(?:nuthin|nothin|nutten|nuttin|nuffin|nuffink|nuffing|nuthing|nottin)(?:['\u2019](?!\w)|\b)", re.I),
     "nothing"),
    (re.compile(r"\b(any|some|every)thin(?:['\u2019](?!\w)|\b)", re.I), r"\1thing"),   # "anythin but horror"
    (re.compile(r"\b(no|not|none|nothing|never|avoid|exclude|excluding|omit|skip)\s*:\s*(?=[a-z])"
                r"(?!(?:a|an|the|i|we|just|make|give|show)\b)", re.I),
     r"\1 "),           # a list a negation opens: "no: horror, war, westerns", "avoid: anything made before 1990" (but
    #                     "No: a comedy rated above 3.5" answers no to what came before)
    (re.compile(r"\bnuh\b", re.I), "no"),
    (re.compile(r"\b[Nn]ee(?=\s+[a-z])"), "no"),      # Geordie: "nee horror whatsoever" (not "Smith nee Jones")
    (re.compile(r"\bnowt\b", re.I), "nothing"),           # Northern English: "nowt suede", "owt romantic"
    (re.compile(r"\bowt\b", re.I), "anything"),
    (re.compile(r"\bsummat\b", re.I), "something"),
    (re.compile(r"\b(any|some|no|every)(?:fink|fing)\b", re.I), r"\1thing"),    # Cockney: "anyfink but denim"
    (re.compile(r"\baboot\b", re.I), "about"),
    # Scots: "naethin afore 1960", "four stars or mair", "efter 1990", "an auld film", "fae the fifties" (and
    # not "fae", the fairy folk, elsewhere)
    (re.compile(r"\bafore\b", re.I), "before"),
    (re.compile(r"\bnae(?:thin|thing)['\u2019]?", re.I), "nothing"),
    (re.compile(r"\bmair\b", re.I), "more"),
    (re.compile(r"\befter\b", re.I), "after"),
    (re.compile(r"\bauld\b", re.I), "old"),
    (re.compile(r"\bfae(?=\s+(?:the\s+)?(?:'?\d|[a-z]+ies\b))", re.I), "from"),
    (re.compile(r"\bpas\s+(?:de\s+|d['\u2019]\s*)", re.I), "no "),         # Franglais: "pas de horreur"
    (re.compile(r"\bthem(?=\s+(?:[a-z]+\s+){0,2}(?:pictures|films|movies|flicks|ones|shows|kinds?|sorts?|types?)\b)",
                re.I), "those"),          # "them" as a determiner: "she don't hold with them horror pictures"
    (re.compile(r"\b(he|she|that|what|there|who)s\b", re.I), r"\1's"),     # no apostrophe: "hes a medium"
    (re.compile(r"\b(size|sz|waist|under|over|below|above|max|upto|the|from|since|before|after|pre|post|early|late"
                r"|mid)(?=\d)", re.I), r"\1 "),    # typed as one: "size41", "from the90s"
    (re.compile(r"\b((?i:size))(?=(?:X{0,3}[SML]|XXL)\b)"), r"\1 "),                              # "sizeM"
    (re.compile(r"\bsiz(?=\s+(?:\d|X{0,3}[SML]\b|XXL\b))", re.I), "size"),                       # "siz S"
    (re.compile(r"\b(un|be|a|af|o|ab)\s+(der|low|bove|ove|fore|ter|tween|ver)\b(?=\s*\$?\d)", re.I),      # "un der 20"
     lambda m: m.group(1) + m.group(2) if (m.group(1) + m.group(2)).lower() in _SAID_APART else m.group(0)),
    (re.compile(r"\bdol+[ae]rs?\b(?<!\bdollar)(?<!\bdollars)", re.I), "dollars"),                # "30 dolars"
    (re.compile(r"\b(?:divvent|divn['\u2019]?t|dinnae|dinna|dinnay)\b", re.I), "don't"),     # Geordie, Scots
    (re.compile(r"\b(is|was|does|did|could|would|should|has|have|had|are|were)nae\b", re.I), r"\1n't"),
    (re.compile(r"\b(?:cannae|cyaan|cyaa|kyaan|cyah)\b", re.I), "can't"),   # Scots; Jamaican "mi cyaan spend more than
    #                                                           60", Trinidad "it cyah be over 100"
    (re.compile(r"\bwillnae\b", re.I), "won't"),
    (re.compile(r"\b(it|he|she|i|we|they|you|dat|that|dis|this)\s+eh(?=\s+[a-z])", re.I), r"\1 ain't"),   # Trinidad:
    #                                                                          "once it eh comedy" (it isn't)
    (re.compile(r"\bus\s+(?=(?:mam|mum|da|dad|nan|gran|granda|lass|lad|bairns?)\b)", re.I), "our "),   # Geordie
    (re.compile(rf"\b({_OWNER})\s+mam\b", re.I), r"\1 mum"),   # kin as regions say them: "me mam" (not "Hello
    (re.compile(rf"\b({_OWNER})\s+da\b", re.I), r"\1 dad"),     # mam", Indian English's ma'am), "me da"; South
    (re.compile(r"\bouma\b", re.I), "grandma"),            # African "ouma", "oupa", "an oke" (a man), "okes"
    (re.compile(r"\boupa\b", re.I), "grandpa"),
    (re.compile(r"\bgranda\b", re.I), "grandad"),         # Scots, Ulster: "my granda wants a cowboy picture"
    (re.compile(rf"\b({_OWNER})\s+paw[\s-]?paw\b", re.I), r"\1 grandpa"),    # Southern US: "my paw-paw" (no fruit)
    (re.compile(r"\bokes\b", re.I), "guys"),
    (re.compile(rf"\b({_OWNER}|for|to|with)\s+(?:bro|bruv)\b", re.I), r"\1 brother"),    # "a jacket for my bro",
    (re.compile(rf"\b({_OWNER}|for|to|with)\s+sis\b", re.I), r"\1 sister"),      # "my sis wants a dress"
    (re.compile(r"\bgatvol\b", re.I), "fed up"),         # South African: "I'm gatvol of action movies"
    (re.compile(r"\b(a|an|the|my|me|this|that|some|her|our)\s+oke\b", re.I), r"\1 guy"),
    (re.compile(r"\bwid\b", re.I), "with"),
    (re.compile(r"\bnon(?=\s+(?:of|in|at\s+all|whatsoever)\b)", re.I), "none"),    # "non of them animated"
    (re.compile(r"\bwith\s+out\b(?!\s+(?:of|there|here|now|loud|in|on|and|to)\b)", re.I), "without"),   # "with out
    #                                                                                        any horror"
    (re.compile(r"\boutta\b", re.I), "out of"),          # "8 outta 10"
    (re.compile(r"(?<![A-Za-z0-9.])\d[\d.]*[oO][\doO]*(?![A-Za-z0-9'\u2019])"),   # a letter O typed for a zero:
     lambda m: m.group(0).replace("o", "0").replace("O", "0")),                # "199O", "size 4O", "4.o stars"
    (re.compile(r"\b(?:sy|sci|si)[\s-]?fy\b|\bsy[\s-]?fi\b", re.I), "sci-fi"),   # spelt as said: "sy-fy moovies"
    (re.compile(r",\s*(?:no|na|nah|innit|isn't it|right)\s*\?", re.I), "?"),    # a question tag: "a whodunnit, no?"
    (re.compile(r"\blite\b(?=\s+(?:blue|green|grey|gray|brown|pink|yellow|colou?r))", re.I), "light"),   # "lite blue"
    (re.compile(r"\b(my|me|our)\s+ma(?=['\u2019]s\b|\s+(?:is|wants|needs|loves|likes|has)\b)", re.I), r"\1 mum"),
    (re.compile(r"\bnvm\b", re.I), "never mind"),          # texting: "nvm the animated thing", "4 nd up", "i sed"
    (re.compile(r"\b(i|you|u|she|he|we|they)\s+sed\b", re.I), r"\1 said"),
    (re.compile(r"\b(a|an|the|in|some|any)\s+diff\b(?=\s+[a-z])", re.I), r"\1 different"),     # "in a diff color"
    (re.compile(r"\bgurl(s?)\b", re.I), r"girl\1"),                                    # "sandles for a gurl"
    (re.compile(r"\bbwoy(s?)\b", re.I), r"boy\1"),                                     # Jamaican: "fi mi bwoy"
    (re.compile(r"\bgyal(s?)\b", re.I), r"girl\1"),
    (re.compile(r"\bnd\b(?!\s*(?:place|floor|row|time|edition|gen)\b)", re.I), "and"),
    (re.compile(r"\ban['\u2019](?=\s)", re.I), "and"),
    (re.compile(r"\b([a-z]{2,}in)(?:['\u2019](?!\w)|\b)", re.I),     # a dropped g: "singin' an' dancin", not "satin"
     lambda m: _respelt(m.group(0), m.group(1) + "g")),
    (re.compile(r"\b([a-z]{2,})[au]h\b|\b([a-z]{3,})a\b", re.I),   # "-er" said without its r: Hawaiian "aftah
     lambda m: _respelt(m.group(0), (m.group(1) or m.group(2)) + "er")),     # 1990", "ovah fifty", "my fatha"
    (re.compile(r"\b([a-z]{3,})z\b", re.I),                   # a plural texted with a z: "horor filmz"
     lambda m: _respelt(m.group(0), m.group(1) + "s", known=m.group(1))),
    (re.compile(r"\b(\w+er|more|less)['\u2019]n\b", re.I), r"\1 than"),
    (re.compile(r"\b(\w\w+er|more|less|rather)\s+dan\b", re.I), r"\1 than"),   # Caribbean: "nutten older dan 1960"
    (re.compile(r"\b(?!noting\b)(some|sum|any|every|no|nut)t(?:h)?ing\b", re.I),   # "sumting", "someting"
     lambda m: {"sum": "some", "nut": "no"}.get(m.group(1).lower(), m.group(1)) + "thing"),
    (re.compile(r"^\s*tanks?(?=\s*[,!.]|\s+(?:a\s+lot|so\s+much|mate|but)\b)", re.I), "thanks"),   # "tanks, but
    #                                                                                  without comedy": no war
    (re.compile(r"\btree(?=\s+times?\b)", re.I), "three"),                         # "Mi see Titanic tree time"
    (re.compile(r"\bdat\b", re.I), "that"),                                        # "in dat same vein"
    (re.compile(r"\bnto\b", re.I), "not"),                          # a swap too short for `unswapped`: "nto wool"
    (re.compile(r"\bxc?ept\b", re.I), "except"),                   # texted: "any colour xcept white"
    (re.compile(r"\bswop(s|ped|ping)?\b", re.I), r"swap\1"),        # "swop the suede for leather"
    (re.compile(r"\binstead(?=\s+(?:a|an|the|di|dat)\s)", re.I), "instead of"),     # "a thriller instead a horror"
    (re.compile(rf"\bmore\s+({'|'.join(_COMPARATIVE)})\b(?=\s+than\b)", re.I),
     lambda m: _COMPARATIVE[m.group(1).lower()]),
    (re.compile(r"\b(of|in|on|at|to|for|from|with|and|like|seen|saw|watched|loved|liked) d(?= [A-Za-z]{2})", re.I),
     r"\1 the"),
]


def unstretched(word: str) -> str:
    """A word with a letter typed three times or more for stress, as the word it stretches: each run kept as
    two letters or one, the reading WordNet uses most ("nooo": no, "sooo": so, "goood": good, not god;
    "pleeease": please). Roman numerals and sizes stay ("III", "XXXL"), and so does what reads as no word."""
    from rec.agents.lexicon import wordnet

    low = word.lower()
    if re.fullmatch(r"[ivxlcdm]+|x+[sml]", low):
        return word
    runs = [m.group(0) for m in re.finditer(r"([a-z])\1*", low)]
    if sum(len(r) >= 3 for r in runs) > 3:
        return word
    net = wordnet()
    options = ["".join(parts) for parts in itertools.product(*[(r[:2], r[:1]) if len(r) >= 3 else (r,) for r in runs])]

    def used(form: str) -> tuple[int, int, bool]:
        uses = net.uses.get(form, []) if net is not None else []
        return sum(u.count for u in uses), len(uses), form in known_words()

    best = max(options, key=used)
    return best if any(used(best)) else word


def _respelt(word: str, meant: str, known: str | None = None) -> str:
    """`meant` where `word` is no known word (MiniLM's vocabulary, WordNet: "parka" stays) and `known` (`meant`
    itself by default) is one, else `word`: "singin'" -> singing, "aftah" -> after, "filmz" -> films (its stem
    known)."""
    from rec.agents.lexicon import wordnet

    words, net = known_words(), wordnet()
    said = word.lower()
    if said in words or (net is not None and said in net.uses):
        return word
    return meant if (known or meant).lower() in words else word


# Refusing words, whose misspellings no dictionary knows either: "scifi withought romance", "nothng scary"; and
# the words they are near, which no misspelling of makes a refusal ("somthing" is something, not nothing)
_REFUSING = ("nothing", "without", "except", "excluding", "never", "neither")
_NEAR_REFUSING = ("something", "anything", "everything", "within", "either", "expect", "exciting", "even", "ever")


def _refusing(word: str) -> str | None:
    """The refusing word `word` is a misspelling of, if any (not a form of it: "that one excepted")."""
    fixed = correct(word.lower(), (*_REFUSING, *_NEAR_REFUSING))
    return fixed if fixed in _REFUSING and not word.lower().startswith(fixed) else None


def mend_said(text: str) -> str:
    """The text with the spoken forms of grammar words in `_SAID` written out, refusing words spelt right
    (`_REFUSING`), and a "non-" word written as the dictionary writes it ("non-fiction": nonfiction, a word of
    its own, not a "non" and a "fiction")."""
    for pattern, said in _SAID:
        text = pattern.sub(said, text)
    text = re.sub(r"\b[A-Za-z]{5,}\b", lambda m: _refusing(m.group(0)) or m.group(0), text)

    def joined(m: re.Match) -> str:
        word = m.group(1) + m.group(2)
        return word if word.lower() in known_words() else m.group(0)

    return re.sub(r"\b([Nn]on)[- ]([a-z]{3,})\b", joined, text)
