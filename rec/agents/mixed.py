"""A request that mixes another language's grammar into English, put in English words before any reading (code-mixing:
"une comédie, mais pas romantique", "1970 se pehle ki koi drama", "romance bilkul nahi chahiye"). Only grammar is
put in English: negation, prepositions and postpositions, comparatives, ranges, "like", "seen", "only", "for whom"
and the conjunctions; the values (genres, colours, kinds) are left for the linker, which reads most cognates
("comédie", "horreur", "documentaire") as it reads a misspelling. Rules for a language apply only to a message that
uses two of that language's common grammar words or more (Tanglish and Pidgin: one of their own words will do), so
an English "par", "bas" or "ou" is left alone. Québécois French, romanised Hindi-Urdu (Hinglish), Swahili with
Nairobi's Sheng ("sitaki romance", "kati ya 1990 na 1995"), Gulf Arabic in Latin letters (Arabizi: "bas mo
romantic", "la wool 3ashan it itches"), Nigerian Pidgin ("make e no be horror"), Tanglish ("horror venaam") and
Hawaiian Pidgin ("no like westerns") are read, and German and French with their words (`german.py`, `french.py`);
Spanish grammar words are `spelling._SPANISH`'s. Accents are gone already (`typography.plain`)."""

from __future__ import annotations

import re

from rec.agents.french import from_french, speaks_french
from rec.agents.german import TITLE, from_german, german_values, speaks_german

Rule = tuple[re.Pattern[str], str]     # a pattern and its English (a replacement string)
_I = re.I

_FRENCH_SAID = """je tu nous vous elle une les du aux pour avec sans sauf mais pis qui que quoi quelque chose svp stp
annees apres entre moins cette veux cherche aime adore deja dans comme bien rien seulement au sur des est"""
#   (not "pas" nor "avant", which English borrows: "faux pas", "avant-garde")
_FRENCH_WORDS = frozenset(_FRENCH_SAID.split())
_HINDI_SAID = """nahi nahin chahiye koi kuch batao dikhao wali wala wale hai hain yaar bhai bhi aur sirf jaisi jaisa
jaise pehle baad upar zyada jyada beech mein liye bina hatao dekh dekhi dekhna accha acchi purani kiya aisi aisa jisme
jiski kam mat dena chalega kar"""
_HINDI_WORDS = frozenset(_HINDI_SAID.split())

_N = r"\$?\d+(?:[.,]\d+)?(?:\s*(?:\$|%|percent\b)|s\b)?"       # a number, a price ("50$"), a decade ("80s")

# French wherever it is said (`englished`'s sure rules): a follow-up's "en bas de 150 dolars" alone
_UNDER_FR: Rule = (re.compile(rf"\b(?:moins\s+de|en\s+(?:bas|dessous)\s+de|en[- ]dessous\s+de)\s+(?={_N})", _I),
                   "under ")
_FRENCH: list[Rule] = [
    (re.compile(r"\bn\s*['\u2019]?\s*importe\s+(?:quoi|quel|quelle)\b", _I), "any"),
    (re.compile(r"\bpas\s+plus\s+(?:vieux|vieille|ancien|ancienne)s?\s+que\b", _I), "not older than"),
    (re.compile(r"\b(?:vraiment\s+|surtout\s+|absolument\s+)?pas\s+(?:de\s+|d\s*['\u2019]\s*|du\s+|des\s+)", _I),
     "no "),
    (re.compile(r"\bplus\s+(?:vieux|vieille|ancien|ancienne)s?\s+que\b", _I), "older than"),
    (re.compile(r"\bplus\s+(?:recent|recente|jeune|nouveau|nouvelle)s?\s+que\b", _I), "newer than"),
    (re.compile(r"\b(?:vraiment\s+|surtout\s+|absolument\s+)?pas\b", _I), "not"),
    (re.compile(r"\bou\s+plus\b|\bet\s+plus\b", _I), "or more"), (re.compile(r"\bou\s+moins\b", _I), "or less"),
    (re.compile(rf"\bentre\s+({_N})\s+et\s+(?={_N})", _I), r"between \1 and "),
    (re.compile(r"\b(?:des|les|dans\s+les)?\s*annees\s+(\d0)\s+(?:et|pis|ou)\s+(\d0)\b", _I), r" the \1s and \2s"),
    (re.compile(r"\b(?:des|les|dans\s+les)\s+annees\s+(\d0)\b", _I), r"from the \1s"),
    (re.compile(r"\bannees\s+(\d0)\b", _I), r"\1s"),
    (re.compile(r"\bsans\b", _I), "without"), (re.compile(r"\bsauf\b", _I), "except"),
    (re.compile(r"\b(?:mais|par\s+contre)\b", _I), "but"), (re.compile(r"\b(?:pis|et)\b", _I), "and"),
    (re.compile(r"\bou\s+bien\b|\bou\b", _I), "or"), (re.compile(r"\bavec\b", _I), "with"),
    (re.compile(r"\b(?:sortie?s?\s+|faits?\s+)?avant\b", _I), "before"),
    (re.compile(r"\b(?:sortie?s?\s+|faits?\s+)?apres\b", _I), "after"), (re.compile(r"\bdepuis\b", _I), "since"),
    (re.compile(r"\bau\s+moins\b|\bminimum\b", _I), "at least"),
    (re.compile(r"\bau\s+(?:plus|maximum)\b", _I), "at most"),
    (re.compile(rf"\b(?:plus\s+de|au[- ]dessus\s+de|en\s+haut\s+de)\s+(?={_N})", _I), "over "),
    _UNDER_FR,
    (re.compile(r"(?<=\d)\s+sur\s+(?=\d)", _I), " out of "),
    (re.compile(r"\bnote(?:e|s|es)?\b", _I), "rated"),
    (re.compile(r"\bune\s+moyenne\s+de\b|\bmoyenne\b", _I), "average"),
    (re.compile(r"\b(?:dans\s+le\s+(?:meme\s+)?(?:genre|style)(?:\s+(?:de|que))?|comme)\b", _I), "like"),
    (re.compile(r"\b(?:j\s*['\u2019]?\s*ai|on\s+a|nous\s+avons)\s+(?:deja\s+)?vu\b", _I), "I have seen"),
    (re.compile(r"\b(?:j\s*['\u2019]?\s*ai|on\s+a)\s+(?:ben\s+|vraiment\s+)?(?:adore|aime)\b", _I), "I loved"),
    (re.compile(r"\bpour\s+(?:les\s+)?(?:hommes?|gars)\b", _I), "for men"),
    (re.compile(r"\bpour\s+(?:les\s+)?(?:femmes?|filles?|dames?)\b", _I), "for women"),
    (re.compile(r"\bpour\s+(?:les\s+)?enfants\b|\bpour\s+les\s+petits\b", _I), "for kids"),
    (re.compile(r"\bpour\b", _I), "for"), (re.compile(r"\btaille\b", _I), "size"),
    (re.compile(r"\bpersonnes\b|\bmonde\b", _I), "people"),
    (re.compile(r"\bseulement\b|\buniquement\b|\bjuste\b", _I), "only"), (re.compile(r"\brien\b", _I), "nothing"),
    (re.compile(r"\b(?:laisse\s+faire|oublie)\b", _I), "forget"), (re.compile(r"\bplutot\b", _I), "instead"),
    (re.compile(r"(\d+(?:[.,]\d+)?)\s*\$", _I), r"$\1"),                     # "50$": fifty dollars
]

# Hindi-Urdu is verb-final and postpositional: "1970 se pehle" (before 1970), "romance nahi" (no romance)
_UNIT = r"(?:\s+(?:dollars?|dolar|bucks|rupees?|rs|percent))?"
_CLAUSED = r"(?!(?:par|lekin|magar|but|just|hai|hain|chahiye)\b)"     # a word inside the clause: not its end
_NOT = r"(?:(?:wali|wala|wale|waali|koi|bhi|bilkul|ekdum|toh)\s+)*(?:nahi|nahin|nai|mat)\b"
_JOINS = r"(?!(?:par|lekin|magar|aur|ya|bas|but|and|or|koi)\b)"
_THING = rf"{_JOINS}[\w'-]+(?:\s+{_JOINS}[\w'-]+)?"     # one or two words before it, no conjunction
_HINDI: list[Rule] = [
    (re.compile(r"\b(\d+)\s+mein\s+se\s+(\d+(?:\.\d+)?)\s+se\s+(?:upar|zyada|jyada)\b", _I), r"over \2 out of \1"),
    (re.compile(rf"\b({_N})\s+se\s+({_N})\s+(?:ke\s+|ki\s+)?(?:beech|tak)\b", _I), r"between \1 and \2"),
    (re.compile(rf"\b({_N})\s+(?:se|ke)\s+(?:pehle|pahle|pehele)\b", _I), r"before \1"),
    (re.compile(rf"\b({_N})\s+(?:se|ke)\s+baad\b", _I), r"after \1"),
    (re.compile(rf"\b({_N}{_UNIT})\s+se\s+(?:upar|zyada|jyada|adhik|zyaada)\b", _I), r"over \1"),
    (re.compile(rf"\b({_N}{_UNIT})\s+se\s+(?:kam|neeche|niche)\b", _I), r"under \1"),
    (re.compile(r"\bkam\s+se\s+kam\s+(?=\$?\d)", _I), "at least "),
    (re.compile(r"\b(?:zyada|jyada)\s+se\s+(?:zyada|jyada)\s+(?=\$?\d)", _I), "at most "),
    (re.compile(r"\b(\d+)\s+mein\s+se\s+(\d+(?:\.\d+)?)\b", _I), r"\2 out of \1"),
    (re.compile(r"[,(]?\s*\b(\d+)\s+mein\s+se\b\s*\)?(?!\s*\d)", _I), r" out of \1"),
    (re.compile(r"\blogon\b|\blog\b", _I), "people"),
    (re.compile(rf"\b({_THING})\s+ke\s+bina\b", _I), r"without \1"),
    (re.compile(rf"\b({_THING})\s+ki\s+jagah\s+({_THING})", _I), r"\2 instead of \1"),
    (re.compile(rf"\b({_THING})\s+(?:zaroori|zaruri|jaruri)\s+(?:nahi|nahin)\b", _I), r"need not be \1"),
    (re.compile(r"\bbas\b", _I), "just"),
    (re.compile(rf"(?:^|(?<=[,.;:!?]\s)|(?<=[,.;:!?])|(?<=\bpar\s)|(?<=\blekin\s)|(?<=\bmagar\s)|(?<=\bjust\s))"
                rf"((?:{_CLAUSED}[\w$.'-]+\s+){{0,4}}?{_CLAUSED}[\w$.'-]+)\s+{_NOT}", _I),
     r"no \1"),     # a clause's whole object: "Ostara black leather sneakers bhi nahi"
    (re.compile(rf"\b((?:[\w'-]+\s+(?:aur|ya)\s+)?{_THING})\s+{_NOT}", _I), r"no \1"),
    (re.compile(r"\b([\w$.'-]+)\s+kar\s+(?:do|dijiye|dena)\b", _I), r"make it \1"),
    (re.compile(rf"({TITLE})\s+(?:jaisi|jaisa|jaise)\b"), r"like \1"),
    (re.compile(rf"\b({_THING})\s+(?:jaisi|jaisa|jaise)\b", _I), r"like \1"),
    (re.compile(rf"({TITLE})\s+(?:bhi\s+)?(?:dekh\s+(?:li|liya|chuka|chuki|chuke|rakhi|rakha)|dekhi)\b"), r"seen \1"),
    (re.compile(rf"\b({_THING})\s+(?:wali\s+|wala\s+|wale\s+)?(?:hata\s+do|hatao|hata\s+dijiye|nikal\s+do)\b", _I),
     r"remove \1"),
    (re.compile(r"\b([\w'-]+)\s+ke\s+liye\b", _I), r"for \1"),
    (re.compile(r"\bsirf\b", _I), "only"), (re.compile(r"\b(?:par|lekin|magar)\b", _I), "but"),
    (re.compile(r"\baur\b", _I), "and"), (re.compile(r"\bya\s+phir\b|\bya\b", _I), "or"),
    (re.compile(r"\b(?:bacchon|bachchon|bacche|bachche|bachon)\b", _I), "kids"),
    (re.compile(r"\b(?:wali|wala|wale|waali)\b", _I), ""),
]


# Swahili and Nairobi's Sheng: "sitaki romance" (I don't want), "kabla ya 1970" (before), "kati ya 1990 na 1995"
_SWAHILI_SAID = """nataka natafuta sitaki bila lakini ila pia nipe yenye zenye ambayo kabla baada baadaye kati zaidi
chini angalau hadi mpaka kutoka juu sana kitu hapana iwe isiwe hakuna yoyote wacha nimeshaona nimeona nimeiona sawa
poa fiti wangu yangu mimi zile ile hiyo tena badala mpya zamani kwenda mbele kidogo za ama kama manze msee kabisa
ndani nyingine mara kweli sasa kike kiume wanaume wanawake watoto nimechoka napenda anapenda hapendi sipendi iko niko
uko ako"""
#   (not "ya", "na", "si", "tu", "ni": Hindi-Urdu, Spanish and English have them)
_SWAHILI_WORDS = frozenset(_SWAHILI_SAID.split())
# Swahili's own constructions, read without the gate too (`_SWAHILI_SURE`)
_KATI = (re.compile(rf"\bkati\s+ya\s+({_N})\s+na\s+(?={_N})", _I), r"between \1 and ")     # "kati ya 1990 na 1995"
_BILA = (re.compile(r"\bbila\b", _I), "without")
_SWAHILI: list[Rule] = [
    _KATI,
    (re.compile(rf"\b(?:kutoka\s+)?({_N})\s+(?:hadi|mpaka)\s+(?={_N})", _I), r"from \1 to "),
    (re.compile(r"\bkabla\s+ya\b", _I), "before"), (re.compile(r"\bbaada\s+ya\b", _I), "after"),
    (re.compile(r"\b(?:ama|au|na)\s+baadaye\b", _I), "or later"),
    (re.compile(r"\b(?:ama|au|na)\s+zaidi\b", _I), "or more"),
    (re.compile(r"\b(?:na|kwenda)\s+juu\b", _I), "and up"), (re.compile(r"\bkwenda\s+mbele\b", _I), "onwards"),
    (re.compile(r"\bzaidi\s+ya\b", _I), "over"), (re.compile(r"\bchini\s+ya\b", _I), "under"),
    (re.compile(r"\bangalau\b", _I), "at least"),
    (re.compile(r"\b(?:za|ya)\s+(?=(?:19)?\d0s\b)", _I), "from the "),                # "za 90s"
    (re.compile(r"\b(?:za|ya)\s+(?:kike|wanawake|mwanamke)\b", _I), "for women"),
    (re.compile(r"\b(?:za|ya)\s+(?:kiume|wanaume|mwanaume)\b", _I), "for men"),
    (re.compile(r"\bwatoto\b", _I), "kids"),
    (re.compile(r"\b(?:ni|nime|tume|wame|ame)(?:sha)?(?:ona|iona|ziona|angalia|iangalia)\b", _I), "seen"),
    (re.compile(r"\bnimechoka\s+na\b", _I), "tired of"),
    (re.compile(r"\b(?:sitaki|hatutaki|hataki|hapendi|sipendi)\b", _I), "don't want"),
    _BILA, (re.compile(r"\bhakuna\b", _I), "no"),
    (re.compile(r"\b(?:isiwe|siyo|sio|si)\b", _I), "not"), (re.compile(r"\bhapana\b", _I), "no"),
    (re.compile(r"\bbadala\s+yake\b", _I), "instead"), (re.compile(r"\btena\b", _I), "anymore"),
    (re.compile(r"\b(?:wacha|acha)\b", _I), "drop"),
    (re.compile(r"\b(?:ilitoka|imetoka|zilitoka|zimetoka)\b", _I), "came out"),
    (re.compile(r"\b(?:ime|wamei|wame|ili)(rated?)\b", _I), r"\1"),                      # Sheng's "imerated"
    (re.compile(r"\b(?:nataka|natafuta)\b", _I), "I want"), (re.compile(r"\bnipe\b", _I), "give me"),
    (re.compile(r"\bkama\b", _I), "like"), (re.compile(r"\bkitu\b", _I), "something"),
    (re.compile(r"\b(?:lakini|ila)\b", _I), "but"), (re.compile(r"\b(?:ama|au)\b", _I), "or"),
    (re.compile(r"\bna\b", _I), "and"), (re.compile(r"\bpia\b", _I), "too"), (re.compile(r"\btu\b", _I), "only"),
    (re.compile(r"\b(?:yenye|zenye)\b", _I), "with"), (re.compile(r"\bni\s+(?:sawa|fiti|poa)\b", _I), "is fine"),
    (re.compile(r"\bza\s+zamani\b", _I), "old ones"), (re.compile(r"\bmpya\b", _I), "new"),
]

# ... and what Swahili alone says, read in a message of one grammar word too ("chini ya $200 tu", "na bila sci-fi")
_SWAHILI_SURE: list[Rule] = [
    _KATI,
    (re.compile(rf"\b(?:kutoka\s+)?({_N})\s+hadi\s+(?={_N})", _I), r"from \1 to "),
    (re.compile(rf"\bkabla\s+ya\s+(?={_N})", _I), "before "), (re.compile(rf"\bbaada\s+ya\s+(?={_N})", _I), "after "),
    (re.compile(rf"\bchini\s+ya\s+(?={_N})", _I), "under "), (re.compile(rf"\bzaidi\s+ya\s+(?={_N})", _I), "over "),
    _BILA,
]

# Gulf Arabic in Latin letters and digits (Arabizi): "bas mo romantic" (only not), "la horror" (no), "abi" (I want);
# its short words ("la", "bas", "mo") count only beside one of these, or as "bas mo" (French has "la" and "bas")
_ARABIZI_SAID = """yalla wallah khalas mashallah inshallah habibi habibti shukran abi abeh wayed 7elw 3ashan ya3ni ba3d
akeed zain"""
_ARABIZI_WORDS = frozenset(_ARABIZI_SAID.split())
_ARABIZI_SHORT = frozenset(["la", "bas", "mo", "mu"])
_ARABIZI: list[Rule] = [
    (re.compile(r"\bbas\s+(?=(?:mo|mu|la)\b)", _I), "but "),
    (re.compile(r"\b(?:mo|mu)\b(?=\s+[a-z])", _I), "not"),
    (re.compile(r"(?:^|(?<=[\s,.;:!?]))la\b(?=\s+[a-z])(?!\s+la\b)", _I), "no"),
    (re.compile(r"\babi\b|\babeh\b", _I), "I want"), (re.compile(r"\b3ashan\b", _I), "because"),
    (re.compile(r"\bbas\b", _I), "only"), (re.compile(r"\bwayed\b", _I), "very"),
]


# Nigerian Pidgin: "make e no be horror" (not), "from 1980 reach 1990" (to), "no pass 50" (at most), "comot" (remove)
_PIDGIN_SAID = """abeg wey dey una sef jare oya comot wetin pikin oga abi shey sabi wahala"""
_PIDGIN_WORDS = frozenset(_PIDGIN_SAID.split())
_PIDGIN_WEAK = frozenset(["don", "dem", "wan", "na", "am", "fit", "sha", "make", "e"])     # English has them (or a
#                                                                                    name): two of them, or one above
_REACH = (re.compile(rf"\b(?:from\s+)?({_N}(?:\s+(?:dollars?|naira|bucks))?)\s+reach\s+(?={_N})", _I), r"from \1 to ")
_MADAM = (re.compile(r"\bmy\s+madam\b", _I), "my wife")
_PIDGIN: list[Rule] = [
    _REACH,
    (re.compile(rf"\breach\s+({_N})(\s+out\s+of\s+\d+)?\s+or\s+pass(?:\s+am)?\b", _I), r"at least \1\2"),
    (re.compile(rf"\b(?:rating|rated|score)\s+(?:wey\s+)?reach\s+(?={_N})", _I), "rated at least "),
    (re.compile(rf"\b(?:no|not)\s+pass\s+(?={_N})", _I), "at most "), (re.compile(rf"\bpass\s+(?={_N})", _I), "over "),
    (re.compile(r"\bmake\s+(?:e|dem|am)\s+no\s+be\b|\bno\s+be\b", _I), "not"),
    (re.compile(r"\bmake\s+(?:e|dem|am)\s+be\b", _I), "make it"),
    (re.compile(r"\b(?:i|we)\s+don\s+(see|watch|buy)\b", _I),
     lambda m: "I have " + {"see": "seen", "watch": "watched", "buy": "bought"}[m.group(1).lower()]),
    (re.compile(r"\bcomot\b", _I), "remove"),
    (re.compile(r"\b(change|add)\s+am\b", _I), r"\1 it"),
    (re.compile(r"\b(?:for\s+)?my\s+oga\b", _I), "for my husband"), _MADAM,
    (re.compile(r"\bpikin\b", _I), "kids"), (re.compile(r"\bwey\b", _I), "that"),
    (re.compile(r"\b(?:abeg|jare|oya|sef|sha|o)\b", _I), ""), (re.compile(r"\bna\b", _I), "it's"),
]

# Tamil mixed with English (Tanglish): "horror venaam" (no), "4 mela" (over), "50 dollar kammi" (under), "Alien
# madhiri" (like), "akka ku" (for my elder sister), "padam" (film)
_TANGLISH_SAID = """venum venaam vendam venda illa padam madhiri mela kizha kammi konjam romba podhum pannu pannalam
irukka machan akka thambi paiyan ponnu innum"""     # (not "amma", "appa", "anna": names in English too)
_TANGLISH_WORDS = frozenset(_TANGLISH_SAID.split())
_KIN = {"amma": "mum", "appa": "dad", "akka": "sister", "thangachi": "sister", "thambi": "brother", "anna": "brother",
        "paiyan": "son", "ponnu": "daughter", "paati": "grandma", "thatha": "grandpa"}
_TAMIL_NOT = r"(?:venaam|vendam|vendaam|venda|illa|ille)\b"
_TANGLISH: list[Rule] = [
    (re.compile(rf"\b({_N}(?:\s+(?:dollars?|rs|rupees|stars?))?)\s+(?:(?:ku|ukku)\s+)?mela\b", _I), r"over \1"),
    (re.compile(rf"\b({_N}(?:\s+(?:dollars?|rs|rupees|stars?))?)\s+(?:(?:ku|ukku)\s+)?(?:kizha|kammi)\b", _I),
     r"under \1"),
    (re.compile(rf"({TITLE}(?:\s+and\s+{TITLE})*)\s+(?:both\s+)?(?:already\s+)?seen\b"), r"seen \1"),
    (re.compile(rf"({TITLE})\s+madhiri\b"), r"like \1"), (re.compile(r"\b([\w-]+)\s+madhiri\b", _I), r"like \1"),
    (re.compile(r"\b(" + "|".join(_KIN) + r")\s*(?:ku|kku|ukku)\b", _I),
     lambda m: f"for my {_KIN[m.group(1).lower()]},"),         # its own phrase: "ponnu ku frock venum"
    (re.compile(r"\b(?:for\s+(?:my\s+)?)(" + "|".join(_KIN) + r")\b", _I),
     lambda m: f"for my {_KIN[m.group(1).lower()]}"),
    (re.compile(r"\b([\w-]+)\s+um\s+(?=" + _TAMIL_NOT + ")", _I), r"\1 too "),       # "white um venaam"
    (re.compile(rf"(?:^|(?<=[,.;:!?]\s)|(?<=[,.;:!?])|(?<=\bbut\s)|(?<=\band\s))"
                rf"((?:(?!but\b|and\b)[\w$.'-]+\s+){{0,3}}?[\w$.'-]+)\s+{_TAMIL_NOT}", _I), r"no \1"),
    (re.compile(rf"\b([\w'-]+)\s+{_TAMIL_NOT}", _I), r"no \1"),
    (re.compile(r"\bvenum\b", _I), "please"), (re.compile(r"\bpadam\b", _I), "film"),
    (re.compile(r"\binnum\b", _I), "more"), (re.compile(r"\bkonjam\b", _I), "a bit"),
    (re.compile(r"\bpodhum\b", _I), "is enough"), (re.compile(r"\b(?:pannu|pannunga|pannalam)\b", _I), ""),
    (re.compile(r"\b(?:da|di|machan)\b(?=\s*(?:[,.;:!?]|$))", _I), ""),
]


# Hawaiian Pidgin: "I like one horror movie" (want a), "no like westerns" (don't want), "I wen watch Alien" (watched),
# "pau with westerns" (done with), "da red one stay too much" (is), "fo my keiki" (for my kids), "8 outta 10 or mo'"
_HAWAII_SAID = """brah bruddah sistah lidat kine bumbai pau keiki tutu garans choke dakine ono slippahs dollahs tita"""
_HAWAII_WORDS = frozenset(_HAWAII_SAID.split())
_HAWAII_WEAK = frozenset(["da", "dat", "stay", "wen", "fo", "mo", "ova", "dem"])     # English has them: two will do
_HAWAII: list[Rule] = [
    (re.compile(r"\bwen\s+(see|watch|buy|wear)\b", _I),
     lambda m: {"see": "have seen", "watch": "watched", "buy": "bought", "wear": "wore"}[m.group(1).lower()]),
    (re.compile(r"\bno\s+like\b", _I), "don't want"),
    (re.compile(r"\bi\s+like\s+(?=one\b|da\b|some\b)", _I), "I want "),
    (re.compile(r"\bone\s+nother\b", _I), "another"),
    (re.compile(r"\bone\s+(?=[a-z])(?!(?:of|and|or|but|for|in|on|to|that|is|was|more|day|time)\b)", _I), "a "),
    (re.compile(r"\bpau\s+(?:already\s+)?(?:with|wit)\b", _I), "done with"),
    (re.compile(r"\bli\s*'?\s*dat\b", _I), "like that"), (re.compile(r"\bda\s+kine\b|\bdakine\b", _I), "that kind"),
    (re.compile(r"\bstay\b(?=\s+(?:too|so|fine|ok|okay|good|nice|[a-z]+ing)\b)", _I), "is"),
    (re.compile(r"\bda\b", _I), "the"), (re.compile(r"\bdat\b", _I), "that"), (re.compile(r"\bdem\b", _I), "them"),
    (re.compile(r"\bfo\b", _I), "for"), (re.compile(r"\bmo\b'?", _I), "more"), (re.compile(r"\bova\b", _I), "over"),
    (re.compile(r"\bdollahs\b", _I), "dollars"), (re.compile(r"\bkeiki\b", _I), "kids"),
    (re.compile(r"\btutu\b", _I), "grandma"), (re.compile(r"\bslippahs\b", _I), "sandals"),
    (re.compile(r"\bchoke\b", _I), "lots of"), (re.compile(r"\b(?:brah|bruddah|sistah|bumbai)\b", _I), ""),
]


def _arabizi(said: set[str], text: str) -> bool:
    return (bool(said & _ARABIZI_WORDS) and len(said & (_ARABIZI_WORDS | _ARABIZI_SHORT)) >= 2) or bool(
        re.search(r"\bbas\s+(?:mo|mu)\b", text, _I))


def englished(text: str) -> str:
    """The text with another language's grammar words put in English, where it speaks one (see the module
    docstring)."""
    said = set(re.findall(r"[a-z0-9]+", text.lower()))      # a language spoken: two of its grammar words or more
    french, german = len(said & _FRENCH_WORDS) >= 2, speaks_german(text)
    text = from_french(text, french or speaks_french(text, said & _FRENCH_WORDS))       # its words for values
    for speaks, rules in ((french, _FRENCH), (len(said & _HINDI_WORDS) >= 2, _HINDI),
                          (len(said & _SWAHILI_WORDS) >= 2, _SWAHILI), (not french and _arabizi(said, text), _ARABIZI),
                          (bool(said & _PIDGIN_WORDS) or len(said & _PIDGIN_WEAK) >= 2, _PIDGIN),
                          (bool(said & _TANGLISH_WORDS), _TANGLISH),
                          (bool(said & _HAWAII_WORDS) or len(said & _HAWAII_WEAK) >= 2, _HAWAII)):
        if speaks:
            for pattern, english in rules:
                text = pattern.sub(english, text)
    for pattern, english in [*_SWAHILI_SURE, _REACH, _MADAM, _UNDER_FR]:     # "from 1940 reach 1960": Pidgin's alone
        text = pattern.sub(english, text)
    return from_german(text) if german else german_values(text)
