"""German in a request, mixed into English (Denglisch: "kein Horror bitte, something aus den 80ern") or written
whole, put in English words before any reading.

German shares few words with English, so beside its grammar (negation, prepositions, ranges, comparatives, "wie"
for "like", "schon gesehen" for seen, whom an item is for) its everyday words for the kinds of film and clothing,
colours, fabrics and people are put in English too, and its compounds parted ("Leinenhemd": linen shirt,
"Kriegsfilm": war film). A misspelt German word is mended against these words first ("mienen", "schwraz").

Read only where a message uses two or more of German's common grammar words (`_SAID`) or of its words English lacks
(`speaks_german`), so an English "also", "will" or "rock" is left alone; a German word for a value English lacks is read
in any message (`german_values`). The definite articles stay as they are: they open titles ("Das Boot"). Accents are
gone already (`typography.plain`: "für" is "fur"); "ß" is read as "ss"."""

from __future__ import annotations

import re

from rec.agents.foreign import table, with_ending

_GRAMMAR = """ich mir mich mein meine meinen meinem meiner fur fuer mit ohne kein keine keinen keiner nicht
nichts aber und oder bitte gerne gern zwischen unter uber ueber mindestens hochstens hoechstens maximal schon gesehen
suche brauche hatte hab habe etwas irgendwas auch nur noch doch lieber statt anstatt ausser egal welche gibt gibts
sein ist sind soll sollte nen zeig zeige danke hallo farbe grosse groesse sternen sterne leute filme jahren wie
ein eine einen einem einer aus den dem sehr ganz halt mochte moechte kann kenne kenn fand bin wir uns euro wird im zum
zur vom beim mach mache machen brauchen braucht suchen sucht haben hat gebe geben gib nehme finde wollen mag
zusammen richtig weil dass mal nee"""
_SAID = frozenset(_GRAMMAR.split())
#   (not "was", "also", "will", "so", "die", "bis", "ab", "vor", "nach": English has them, or a title does)

_N = r"\$?\d+(?:[.,]\d+)?"
# A title as written, its words capitalised ("Das Boot", "Pulp Fiction"); `mixed` reads titles by it too
TITLE = r"(?:[A-Z0-9][\w'.:-]*)(?:\s+(?:[A-Z0-9][\w'.:-]*|of|the|and|a|in|on))*"
_DECADE_WORDS = {"zwanzig": "20", "dreissig": "30", "vierzig": "40", "funfzig": "50", "fuenfzig": "50",
                 "sechzig": "60", "siebzig": "70", "achtzig": "80", "neunzig": "90"}
_I = re.I

# Phrases first, while their words are still German
_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\bzwischen\s+({_N})\s+und\s+(?={_N})", _I), r"between \1 and "),
    (re.compile(rf"\bvon\s+({_N})\s+bis\s+(?={_N})", _I), r"from \1 to "),
    (re.compile(rf"(?<![\d.,])({_N})\s+bis\s+(?={_N})", _I), r"\1 to "),
    (re.compile(r"\b(\d0|(?:19|20)\d0)er(?:n|\s*-?\s*jahren?|\s*-?\s*jahre)?\b", _I), r"\1s"),     # "80ern"
    (re.compile(r"\b(" + "|".join(_DECADE_WORDS) + r")er(?:n|jahren?|jahre)?\b", _I),
     lambda m: _DECADE_WORDS[m.group(1).lower()] + "s"),                                      # "Siebzigern"
    (re.compile(r"\baus\s+(?:den|dem|der)\b", _I), "from the"),
    (re.compile(r"\bnichts\s+von\s+vor\b", _I), "nothing from before"),
    (re.compile(rf"\b(?:nicht\s+(?:mehr|teurer)\s+als|nicht\s+uber|hochstens|hoechstens|maximal|max\.?)\s+(?={_N})",
                _I), "at most "),
    (re.compile(rf"\bmindestens\s+(?={_N})", _I), "at least "),
    (re.compile(rf"\b(?:unter|weniger\s+als|billiger\s+als|gunstiger\s+als)\s+(?={_N})", _I), "under "),
    (re.compile(rf"\bmehr\s+als\s+(?={_N}[^.!?]*\bnicht\b)", _I), "no more than "),    # "... gebe ich nicht aus"
    (re.compile(rf"\b(?:uber|ueber|mehr\s+als|teurer\s+als)\s+(?={_N})", _I), "over "),
    (re.compile(rf"\bab\s+(?={_N})", _I), "from "), (re.compile(rf"\bbis\s+(?={_N})", _I), "up to "),
    (re.compile(rf"\b(?:(?:gedreht|gemacht|rausgekommen|erschienen)\s+)?vor\s+(?={_N})", _I), "before "),
    (re.compile(rf"\b(?:(?:gedreht|gemacht|rausgekommen|erschienen)\s+)?nach\s+(?={_N})", _I), "after "),
    (re.compile(r"\b(?:alter|aelter)\s+als\b", _I), "older than"), (re.compile(r"\bneuer\s+als\b", _I), "newer than"),
    (re.compile(r"\b(?:egal\s+welche[rnms]?|irgendeine[rnms]?|jede[rnms]?)\s+(farbe|grosse|marke)\b", _I),
     r"any \1"),
    (re.compile(r"\b(farbe|genre|preis|marke)\s+egal\b", _I), r"any \1"),
    (re.compile(r"\b(?:den|die|das)\s+kenne?\s+ich\s+(?:naturlich\s+|schon\s+|auch\s+)*schon\b", _I),
     "I have seen it"),
    (re.compile(r"\bauf\s+keinen\s+fall\b", _I), "definitely not"),
    (re.compile(r"\b(farbe|genre|preis|marke|jahrzehnt|jahr|sterne|bewertung|grosse|stoff|material)\s+(?:ist|sind)\s+"
                r"(?:(?:mir|doch|jetzt|echt|total|ganz)\s+)*egal\b", _I), r"\1 doesn't matter"),
    (re.compile(rf"({TITLE}(?:\s+und\s+{TITLE})*)\s+(?:(?:hat|hab|habe|haben)\s+(?:ich|er|sie|wir)\s+)?(?:auch\s+)?schon\s+"
                rf"(?:gesehen|geguckt|geschaut)\b"), r"seen \1"),
    (re.compile(rf"({TITLE}(?:\s+und\s+{TITLE})*)\s+kenne?\s+ich\s+(?:(?:auch|naturlich)\s+)*schon\b"),
     r"seen \1"),
    (re.compile(r"\b(?:den|die|das)\s+(?:hat|haben|hab|habe)\s+(?:sie|er|ich|wir)\s+schon\s+(?:\d+\s+mal\s+)?"
                r"(?:gesehen|geguckt|geschaut)\b", _I), "seen it already"),
    (re.compile(r"\b(?:hab|habe)\s+ich\s+schon\s+gesehen\b|\bschon\s+gesehen\b", _I), "I have seen it"),
    (re.compile(r"\b(?:den|die|das)\s+kann\s+ich\s+nicht\s+mehr\s+sehen\b", _I), "I am sick of it"),
    (re.compile(r"\b(?:so\s+)?(?:wie|ahnlich\s+wie|aehnlich\s+wie)\s+(?=[A-Z0-9])"), "like "),
    (re.compile(r"\bwas\s+(?:ahnliches|aehnliches)\b", _I), "something similar"),
    (re.compile(r"\b(?:gibt\s+es|gibt's|gibts|hast\s+du|habt\s+ihr)\b", _I), "have you got"),
    (re.compile(r"\b(?:ich\s+)?(?:suche|brauche|mochte|moechte|hatte\s+gerne?)\b|\bich\s+will\b", _I), "I want"),
    (re.compile(r"\bzeig(?:e)?\s+(?:mir|uns)\b", _I), "show me"),
    (re.compile(r"\bich\s+bin\s+(?:eine?\s+)?(frau|mann)\b", _I), r"for a \1"),
    (re.compile(r"\b(?:was|etwas|irgendwas)\s+(?=(?:from|aus|mit|zum|fur|fuer|in|gezeichnetes)\b)", _I), "something "),
    (re.compile(r"\bdoch\s+lieber\b", _I), "rather"),
]


# Words: grammar, people, numbers' units, kinds, colours, fabrics, styles, genres
_WORDS = table("""kein:no keine:no keinen:no keiner:no keinerlei:no nicht:not nichts:nothing ohne:without ausser:except
aber:but und:and oder:or statt:instead_of anstatt:instead_of lieber:rather auch:also nur:only bitte:please gerne:please
gern:please danke:thanks nein:no ja:yes mit:with fur:for fuer:for von:from aus:made_of nochmal:again wieder:again
egal:any mal: halt: ich:I mich:me mir:me mein:my meine:my meinen:my meinem:my meiner:my seine:his seinen:his ihre:her
ihren:her wir:we uns:us du:you ein:a eine:a einen:a einem:a einer:a nen:a ne:a sohn:son tochter:daughter frau:woman
frauen:women damen:women herren:men mann:man manner:men maenner:men kinder:kids kindern:kids kind:child freund:boyfriend
freundin:girlfriend bruder:brother schwester:sister mutter:mother mama:mum vater:father papa:dad oma:grandma opa:grandpa
kumpels:mates familie:family junge:boy madchen:girl maedchen:girl sterne:stars sternen:stars stern:star punkte:points
punkten:points bewertung:rating bewertet:rated leute:people personen:people menschen:people euro:dollars jahre:years
jahren:years grosse:size groesse:size schuhgrosse:size farbe:colour preis:price marke:brand teuer:expensive billig:cheap
neu:new film:film filme:films filmen:films gedreht:made rausgekommen:came_out erschienen:released prozent:percent
billiger:cheaper gunstiger:cheaper teurer:pricier bewertungen:ratings jahrzehnt:decade jahr:year krieg:war nee:no
mehr:more genug:enough sonst:otherwise jetzt:now ist:is sind:are es:it er:he wo:where andere:different anderen:different
anderer:different anderes:different weil:because deshalb:so""")
# ... of which the values and their units, read in a message no German otherwise too (`german_values`)
_VALUES = table("""kleid:dress kleider:dresses stiefel:boots turnschuhe:sneakers turnschuh:sneakers hose:trousers
hosen:trousers schal:scarf schals:scarves jacke:jacket jacken:jackets mantel:coat hemd:shirt hemden:shirts bluse:blouse
blusen:blouses rock:skirt rocke:skirts tasche:bag taschen:bags handtasche:handbag pulli:sweater pullover:sweater
kapuzenpulli:hoodie kapuzenpullover:hoodie sandalen:sandals schuhe:shoes t-shirt:t-shirt krimi:crime_film
krimis:crime_films komodie:comedy komoedie:comedy komodien:comedies romanze:romance liebesfilm:romance_film
zeichentrick:cartoon trickfilm:cartoon kinderfilm:children's_film doku:documentary dokumentarfilm:documentary
weltraum:space gezeichnetes:animated science-fiction:science_fiction wildleder:suede leder:leather wolle:wool
baumwolle:cotton seide:silk leinen:linen kaschmir:cashmere lieder:songs liedern:songs""")
# ... and the adjectives among them, read with their endings ("schwarze", "roten", "romantische")
_ADJECTIVES = table("""schwarz:black weiss:white rot:red blau:blue dunkelblau:navy_blue marineblau:navy_blue
hellblau:light_blue grun:green gruen:green gelb:yellow grau:grey braun:brown rosa:pink oliv:olive olivgrun:olive
weinrot:burgundy bordeaux:burgundy bordeauxrot:burgundy sportlich:sporty lassig:casual klassisch:classic
romantisch:romantic lustig:funny alt:old neu:new seiden:silk""")
# Compounds: a modifier and a head ("Leinenhemd", "Kriegsfilm", "Actionkomodie")
_MODIFIERS = table("""leder:leather wildleder:suede leinen:linen woll:wool wolle:wool seiden:silk jeans:denim
baumwoll:cotton kaschmir:cashmere strick:knit kapuzen:hooded krimi:crime kriegs:war liebes:romance horror:horror
grusel:horror kinder:children's action:action abenteuer:adventure zeichentrick:cartoon trick:cartoon
dokumentar:documentary gangster:gangster zukunfts:science_fiction western:western musical:musical fantasy:fantasy
winter:winter sommer:summer regen:rain damen:women's herren:men's""")
_HEADS = table("""film:film filme:films komodie:comedy drama:drama jacke:jacket hemd:shirt mantel:coat rock:skirt
pulli:sweater pullover:sweater hose:trousers kleid:dress schuhe:shoes stiefel:boots tasche:bag schal:scarf bluse:blouse
sandalen:sandals""")
_HEADS_LONGEST_FIRST = sorted(_HEADS, key=len, reverse=True)         # "Horrorfilme": "filme" before "film"
_ENDINGS = ("en", "em", "er", "es", "e")       # an adjective's: "schwarze", "roten" (not Swahili's "blaus")
_WORDS |= _VALUES
_VALUE_VOCAB = sorted({*_VALUES, *_ADJECTIVES, *(a + e for a in _ADJECTIVES for e in ("e", "en", "er", "es"))})
_VOCAB = sorted({*_WORDS, *_VALUE_VOCAB})
_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z']*(?:-[A-Za-z]+)*")


def speaks_german(text: str) -> bool:
    """Whether a message (accents gone) is German enough to read as German: two of its grammar words, or of its
    words English lacks ("gerne in grun", "Hoodie unter 40 Euro", "jacke fur mienen"); "ab 1995" is one."""
    said = set(re.findall(r"[a-z0-9]+", _ss(text).lower()))
    grammar = len(said & _SAID) + bool(re.search(r"\bab\s+\d", text, _I))
    if grammar >= 2:
        return True
    from rec.agents.spelling import correct, known_words

    english = known_words()      # a slip only of a long word for a value: an English "undr" is one from "und"
    german = [w for w in said - _SAID if len(w) >= 4 and w not in english and (
        w in _WORDS or _adjective(w) or _compound(w)
        or (len(w) >= 5 and (v := correct(w, _VALUE_VOCAB)) is not None and _slip(w, v)))]
    return grammar + len(german) >= 2


def german_values(text: str) -> str:
    """The text with the German words for values English lacks put in English, in a message no German otherwise
    ("Sneakers in weiß", "a Kleid for the wedding"): no grammar, nothing mended."""
    def value(m: re.Match) -> str:
        low = m.group(0).lower()
        said = _VALUES.get(low) or _adjective(low) or _compound(low)
        english = net is not None and low in net.words           # the dictionary's: "rock", "hose", "mantel"
        return said.replace("_", " ") if said and len(low) >= 4 and not english else m.group(0)

    from rec.agents.lexicon import wordnet

    net = wordnet()
    return _WORD.sub(value, _ss(text)) if re.search(r"[a-z]{4}", text, _I) else text


def from_german(text: str) -> str:
    """The text with its German put in English words (see the module docstring)."""
    text = _ss(text)
    for pattern, english in _PHRASES:
        text = pattern.sub(english, text)
    return _WORD.sub(lambda m: _english(m.group(0)), text)


def _ss(text: str) -> str:
    """"\u00df" (and its capital) written as "ss", as a Swiss keyboard does."""
    return text.replace("\u00df", "ss").replace("\u1e9e", "SS")


def _english(word: str, mend: bool = True) -> str:
    low = word.lower()
    said = _WORDS.get(low) if low in _WORDS else _adjective(low) or _compound(low)
    if said is None and "-" in low and all(part for part in low.split("-")):
        parts = [_english(part, mend) for part in word.split("-")]
        return " ".join(parts) if any(p != w for p, w in zip(parts, word.split("-"), strict=True)) else word
    if said is None and mend and len(low) >= 4 and low not in _SAID:     # "wird" is no misspelt "wir"
        from rec.agents.spelling import correct, known_words

        mended = None if low in known_words() else correct(low, _VOCAB)
        return _english(mended, mend=False) if mended and _slip(low, mended) else word
    return word if said is None else said.replace("_", " ")


def _adjective(low: str) -> str | None:
    return with_ending(low, _ADJECTIVES, _ENDINGS)


def _compound(low: str) -> str | None:
    for head in _HEADS_LONGEST_FIRST:
        modifier = low[:-len(head)] if low.endswith(head) and len(low) > len(head) + 2 else ""
        for mod in (modifier, modifier[:-1]):        # a joining letter: "Kriegsfilm", "Wollemantel"
            if mod in _MODIFIERS or mod in _ADJECTIVES:
                return f"{_MODIFIERS.get(mod) or _ADJECTIVES[mod]} {_HEADS[head]}"
    return None


def _slip(typed: str, word: str) -> bool:
    """Is `typed` the word with a letter dropped, added or two neighbours swapped ("nich", "abber", "schwraz"), not
    one changed ("schule" is no "schuhe", "kenn" no "kein")?"""
    short, long = sorted((typed, word), key=len)
    if len(long) - len(short) == 1:
        return any(long[:i] + long[i + 1:] == short for i in range(len(long)))
    return len(typed) == len(word) and any(typed[:i] + typed[i + 1] + typed[i] + typed[i + 2:] == word
                                           for i in range(len(typed) - 1))

