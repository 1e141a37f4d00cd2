"""French words for what a catalog holds, in a request mixed with English (Quebec franglais, Cameroon's
Camfranglais, a learner's: "un manteau en cachemire for a man", "leather bag, il faut que ce soit noir"), put in
English before any reading. French grammar words ("pas de", "entre ... et", "les années 90") are `mixed._FRENCH`'s.

Its words for kinds of film and clothing, colours (with their endings: "noire", "blancs"), fabrics, genres and
people are read where a message speaks French: two of its grammar words (`mixed`), or one of these words English
lacks and another French word ("snikers blanc for mon frere"). A word English lacks ("manteau", "cuir") is read in
any message; one English has too ("robe", "pull", "tennis", "rouge") only in French (`from_french`'s `whole`). A
capitalised word beside another is a title's and stays ("La Femme Nikita", "Baton Rouge"), and so does the French
English speaks ("film noir", "femmes fatales"). Accents are gone already (`typography.plain`: "frère" is "frere")."""

from __future__ import annotations

import re

from rec.agents.foreign import table, with_ending

_I = re.I


# Phrases first, while their words are still French
_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:mon|mes)\s+(?:petits?\s+|grands?\s+)?freres?\b", _I), "my brother"),
    (re.compile(r"\b(?:ma|mes)\s+(?:petites?\s+|grandes?\s+)?soeurs?\b", _I), "my sister"),
    (re.compile(r"\bmon\s+(?:pere|papa|daddy)\b", _I), "my dad"),
    (re.compile(r"\bma\s+(?:mere|maman)\b", _I), "my mum"),
    (re.compile(r"\bma\s+femme\b", _I), "my wife"), (re.compile(r"\bmon\s+mari\b", _I), "my husband"),
    (re.compile(r"\bma\s+(?:go|copine|meuf|cherie|blonde)\b", _I), "my girlfriend"),
    (re.compile(r"\bmon\s+(?:copain|mec|gars|chum)\b", _I), "my boyfriend"),
    (re.compile(r"\bmon\s+fils\b", _I), "my son"), (re.compile(r"\bma\s+fille\b", _I), "my daughter"),
    (re.compile(r"\b(?:une?\s+)?comedies?\s+romantiques?\b", _I), "a romantic comedy"),
    (re.compile(r"\b(?:une?\s+)?comedies?\s+musicales?\b", _I), "a musical"),
    (re.compile(r"\bfilms?\s+d\s*['\u2019]?\s*(?:horreur|epouvante)\b", _I), "horror film"),
    (re.compile(r"\bfilms?\s+de\s+guerre\b", _I), "war film"),
    (re.compile(r"\bfilms?\s+policiers?\b", _I), "crime film"),
    (re.compile(r"\bfilms?\s+(?:pour|d\s*['\u2019]?\s*)enfants\b", _I), "children's film"),
    (re.compile(r"\bdessins?\s+animes?\b", _I), "cartoon"), (re.compile(r"\bsac\s+a\s+main\b", _I), "handbag"),
    (re.compile(r"\bsweat\s+a\s+capuche\b", _I), "hoodie"),
    (re.compile(r"\bil\s+(?:faut|faudrait)\s+que\s+(?:ce|ca)\s+soit\b", _I), "it must be"),
    (re.compile(r"\bbleu\s+marine\b", _I), "navy blue"), (re.compile(r"\bbleu\s+clair\b", _I), "light blue"),
    (re.compile(r"\ben\s+(?=(?:cuir|daim|laine|soie|coton|lin|cachemire|toile|jean|denim|polyester)\b)", _I), "in "),
]
# Words: kinds, fabrics, genres, people (their plurals too), which English lacks ...
_VALUES = table("""jupe:skirt jupes:skirts chemise:shirt chemises:shirts chemisier:blouse pantalon:trousers
pantalons:trousers manteau:coat manteaux:coats veste:jacket vestes:jackets blouson:jacket doudoune:puffer_jacket
pulls:sweaters echarpe:scarf echarpes:scarves foulard:scarf sacs:bags bottes:boots bottines:boots sandales:sandals
chaussures:shoes cuir:leather daim:suede laine:wool soie:silk coton:cotton cachemire:cashmere toile:canvas
comedie:comedy comedies:comedies drame:drama drames:dramas horreur:horror policier:crime aventure:adventure
documentaire:documentary fantastique:fantasy mystere:mystery enfants:kids hommes:men femmes:women garcon:boy
fillette:girl frere:brother freres:brothers soeur:sister soeurs:sisters taille:size""")
# ... and those English has too ("robe", "pull"), read only in French
_SHARED = table("""robe:dress robes:dresses pull:sweater sweat:sweatshirt sac:bag baskets:sneakers tennis:sneakers
homme:man femme:woman fille:girl guerre:war pere:father mere:mother""")
# Colours, with their endings ("noire", "blancs", "vertes")
_COLOURS = table("""noir:black blanc:white blanch:white rouge:red bleu:blue vert:green jaune:yellow rose:pink
gris:grey marron:brown brun:brown beige:beige bordeaux:burgundy""")
_ENDINGS = ("es", "e", "s")
_SMALL = frozenset(["mon", "ma", "mes", "un", "une", "le", "la", "en", "et", "ou", "de", "il", "faut", "soit", "ce"])
_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z']*")
_CAPITALISED = re.compile(r"[A-Z][a-z']+(?:\s+[A-Z][a-z']+)+")      # a title's words: "Baton Rouge"
# French that English speaks: "film noir" (a genre), "femmes fatales"
_ENGLISHED = re.compile(r"\bfilms?[\s-]+noire?s?\b|\bfemmes?[\s-]+fatales?\b"
                        r"|\bnoire?s?(?=\s+(?:films?|movies?|ones|stuff|genre)\b)", _I)


def _colour(low: str) -> str | None:
    return with_ending(low, _COLOURS, _ENDINGS)


def _english_word(low: str) -> bool:
    from rec.agents.spelling import known_words

    return low in known_words()


def speaks_french(text: str, grammar: set[str]) -> bool:
    """Is a message (`grammar`: its words among French's grammar words, `mixed`) French enough for the words English
    has too: two French words, one of them for a value and one English lacks ("snikers blanc for mon frere", "un pull
    pour ma go", "il faut que ce soit noir"; not "noir, femmes fatales": English has them)?"""
    said = set(re.findall(r"[a-z]+", _ENGLISHED.sub(" ", text.lower())))
    values = {w for w in said if (_VALUES.get(w) or _SHARED.get(w) or _colour(w)) not in (None, w)}   # not "beige"
    french = values | (said & _SMALL) | grammar
    return len(french) >= 2 and bool(values) and any(not _english_word(w) for w in french)


def from_french(text: str, whole: bool) -> str:
    """The text with its French words for values and people in English; `whole`: the message speaks French, so the
    words English has too are read ("un pull", "des tennis") - else only those English lacks ("a manteau")."""
    for pattern, english in _PHRASES:
        text = pattern.sub(english, text)
    titles = [(m.start(), m.end()) for m in (*_CAPITALISED.finditer(text), *_ENGLISHED.finditer(text))]

    def english(m: re.Match) -> str:
        low = m.group(0).lower()
        said = _VALUES.get(low) or _colour(low) or (_SHARED.get(low) if whole else None)
        if said is None or any(s <= m.start() < e for s, e in titles) or (not whole and _english_word(low)):
            return m.group(0)
        return said.replace("_", " ")

    return _WORD.sub(english, text)
