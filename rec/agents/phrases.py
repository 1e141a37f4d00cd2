"""Text as the value linkers read it: `norm` (lower-case words, clause ends as "|"), the words that
name nothing (`STOP`), and a `Link` (a span of the normalised text tied to a store's value)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from rec.agents.spelling import known_words

STOP_WORDS = """a an the and or nor but of for to in on at by with from about as into like than then so i me my we
our you your it its this that these those one ones some any something anything stuff thing things
please want wanted would like love loved need looking look find show give get recommend
recommendation recommendations suggest maybe just only really very more most less also too well
good great nice best new old what which who how where when there here is are was were be been being
have has had do does did can could should will shall may might must not no nothing never none
without except him her them they he she us film films movie movies book books item items product
products something kind sort type style wear wears wearing worn wore watch watching watched"""
STOP = frozenset(STOP_WORDS.split())
# Words that judge, naming no kind of thing however near one they lie in meaning ("a horrible breakup" is no Horror)
JUDGING = frozenset(["horrible", "horrid", "awful", "terrible", "dreadful", "ghastly", "horrendous"])


# Texting's words, which no dictionary has: "a scarf for my bf", "so done w the streetwear look"
_TEXTING = {"bf": "boyfriend", "gf": "girlfriend", "w": "with", "wmn": "women", "wmns": "women", "wimmin": "women"}
_TEXTED = re.compile(rf"\b(?:{'|'.join(_TEXTING)})\b(?!\s?\d)")     # "w 32" is a waist
# A postscript's mark: "P.S.", "p.p.s", "PS:" opening a line
# How little a "not" softens: "not terribly keen on", "not all that into", "not overly fond of"
SOFTLY = (r"(?:(?:really|at all|too|that|so|all that|terribly|overly|particularly|especially|very|awfully|massively"
          r"|hugely)\s+)?")
# A person's name as a letter is signed, with a courtesy title or initials: "Mrs. Doris Lunn", "Mrs. M. Nkosi",
# "D. M. Sonawane", "J. van der Merwe" - no brand like "Lunn", no size M (not "a tee in L. Thanks": a size)
_SURNAME = (r"(?:(?:van|von|de|der|den|da|du|di|le|la|dela|del|dos)\s+)*(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
            r"(?:\s+[A-Z][a-z]+){0,2}(?![\w'\u2019-])")
_TITLED = re.compile(r"\b(?:Mrs|Mr|Ms|Miss|Mx|Dr|Prof)\.?\s+(?:[A-Z]\.\s*)*" + _SURNAME)
# ... initials alone: a name that ends its clause, two initials or one before a word no dictionary knows ("I'm a
# size M. Don't ...", "she wears S. Is there ...": sizes)
_INITIALLED = re.compile(r"(?<![\w.])(?!P\.\s?S\b)(?P<initials>(?:[A-Z]\.\s*)+)" + _SURNAME + r"(?=\s*(?:[,;\n]|$))")
# An "'s" that is "is", before a word of approval: "forget the linen, cotton's fine"
_IS_FINE = re.compile(r"(?<=[a-z])'s(?=\s+(?:(?:just|perfectly|totally|also|absolutely|quite)\s+)?(?:fine|ok|okay|good"
                      r"|great|grand|perfect|alright|cool|better|best)\b)")
_POSTSCRIPT = re.compile(r"\bp\.\s?(?:p\.\s?)?s\b\.?|(?:^|(?<=\n))[ \t]*p\.?p?s\b[.:]?", re.M)
# Scots' negated verbs: "dinnae give me any soppy love stuff", "he cannae stand westerns"
_SCOTS_NOT = re.compile(r"\b(?:(din|win|can)nae|(din|did|does|could|would|should|is|was|has|have|had|must)n(?:ae|a))\b")
_SCOTS_VERB = {"din": "do", "win": "will"}
# ... and kin said short, where they are someone's ("for my big bro", "lil sis"; not "thanks bro")
_KIN = re.compile(r"\b(my|his|her|our|your|big|lil|little|baby|kid)\s+(bro|sis)\b")


# "unless it's X" asks for no X: "any sort at all unless it's a drama", "unless they cost more than 60 dollars"
_UNLESS = re.compile(r"\bunless\s+(?:it|they|he|she|that|this|the\s+(?:film|movie|one|ones))?\s*"
                     r"(?:['\u2019]s|['\u2019]re|is|are|was|turns?\s+out\s+to\s+be|happens?\s+to\s+be|costs?|goes|go)\b",
                     re.I)


def unless_as_not(text: str) -> str:
    """The text with each "unless it is" said as the "not" it means ("unless it's a drama": not a drama)."""
    return _UNLESS.sub("not", text)


def _slashed(m: re.Match) -> str:
    return " without " if m.group(1) else " with "


def unsigned(text: str) -> str:
    """The text without the names of people it signs or addresses with a title or initials (`_TITLED`)."""
    text = _TITLED.sub(" ", text)
    return _INITIALLED.sub(lambda m: " " if m.group("initials").count(".") > 1 or (
        len(m.group("name")) >= 4 and m.group("name").lower() not in known_words()) else m.group(0), text)


def norm(text: str) -> str:
    """Lower-case words; punctuation that ends a clause (a spaced dash, a bracket too) becomes "|" (a negation
    stops there: "(don't ask) picked mystery"),
    and one that ends a sentence "| |" (a list does not go on past it: "anything but drama. crime pls"); a minus
    or "!" before a word ("boots -suede", "!canvas") and "!=" are "not"; a slash between words "or"; a word's
    "-less" is its "-free", a clause of its own."""
    text = re.sub(r"n['\u2019]t\b", " not", unless_as_not(unsigned(text).lower()))     # "aren't" -> "are not"
    text = re.sub(r"(?<=\w)'s\b", "", _IS_FINE.sub(" is", text))     # "cotton's fine": cotton is fine (not "'Star")
    text = _POSTSCRIPT.sub(" , ", text)                # "P.S. I'm a size 42": no size S
    text = _SCOTS_NOT.sub(lambda m: f"{_SCOTS_VERB.get(w := m.group(1) or m.group(2), w)} not",
                          text)          # "dinnae", "cannae", "didna": Scots "don't", "can't", "didn't"
    text = re.sub(r"\bw/(o\b)?", _slashed, text)                   # texted "w/o", "w/"
    text = re.sub(r"\band/or\b|(?<=[a-z])/(?=[a-z])", _slash, text)     # "westerns/war films", "black/white": either
    text = _TEXTED.sub(lambda m: _TEXTING[m.group(0)], text)
    text = _KIN.sub(lambda m: f"{m.group(1)} {'brother' if m.group(2) == 'bro' else 'sister'}", text)
    text = re.sub(r"(?<=[ \t])-(?=[a-z])|(?:^|(?<=[\s,;(\[]))!(?=[a-z])|\s*(?:!=|<>)\s*", " not ",
                  text)       # a search box's minus, a coder's not: "boots -suede", "bag !canvas", "color!=black"
    #                           (not a minus at a line's start: "-comedy" on a line of its own is a list's item)
    text = re.sub(r"\b([a-z]+)-(?:free|less)\b", r"\1 free ,", text)       # "a silk-less blouse", "polyester-free":
    #                                                               without it, as "a comedy-free zone" says
    text = re.sub(r"\s[-\u2013\u2014]+(?=\s)|[\u2013\u2014]", " ,", text)         # a dash between words: a clause ends
    text = re.sub(r"(?<=[a-z])[.!?]+(?=\s+[a-z])", " . .", text)         # a sentence ends: "drama. crime pls"
    return " ".join(re.findall(r"[a-z0-9]+|[,.;:!?()]", text)).translate(
        str.maketrans(",.;:!?()", "||||||||"))       # an aside in brackets is a clause of its own


# What says the words a slash joins are one thing: "a mystery/thriller combo (needs to be both)"
_BOTH = re.compile(r"[^.;!?]{0,40}?\b(?:both|combo|combination|hybrid|mix|mashup|mash-up|blend|cross)\b")


def _slash(m: re.Match) -> str:
    """A slash between words, or "and/or": "or", unless the words after it say both are meant ("and")."""
    return " and " if m.group(0) == "/" and _BOTH.match(m.string, m.end()) else " or "


def names_field(reached: int, values: int) -> bool:
    """Does a word more general than `reached` of a field's `values` name the whole field ("fabric", "forget
    the fabric")? Three quarters of them, of more than two."""
    return values > 2 and reached >= 0.75 * values


def masked(t: str, skip: Sequence[str]) -> str:
    """`t` with the spans in `skip` blanked out, its length kept (the links' offsets stay true): with "_", a
    word no value is and no refusal's end ("a crime film - not Fargo" leaves no "crime ... not")."""
    for span in skip:
        if (s := norm(span)):
            t = re.sub(r"\b" + re.escape(s) + r"\b", lambda m: "_" * len(m.group(0)), t)
    return t


def blanked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The text with each (start, end) span made spaces, so every other offset stays where it was."""
    for s, e in spans:
        text = text[:s] + " " * (e - s) + text[e:]
    return text


@dataclass(frozen=True)
class Link:
    field: str
    value: str
    start: int           # character span in the normalised text
    end: int
    negated: bool = False
    how: str = "words"   # "words" (lexical), "typo", "lexicon" / "above" (WordNet: a value's word / a word
    #                      more general than values, kept only negated), "shade" (a colour's shade name),
    #                      "person" (WordNet: someone a value is named for, "bairns" -> Children's; weak as
    #                      "meaning" is), "meaning" (embedding), "compound" (a value's word in a compound: dropped) or
    #                      "made of" (a material ruled out by what it is made from: "I'm vegan")
    similarity: float = 1.0


# Values said, then offered as alternatives after them: "westerns and also war pictures, either one"
ANY_OF_THEM = re.compile(r"(?:[\s|]+[a-z]+){0,2}?[\s|]+(?:either|any)\s+(?:one|of\s+(?:them|those|the\s+two)|is\s+fine"
                         r"|will\s+do|s\s+fine|works)\b")
# ... or each said to be acceptable: "drama is fine, comedy is better"
ACCEPTED = re.compile(r"(?:\s+(?:films?|movies?|ones|stuff|pictures|flicks))?\s+(?:is|are|s|re|would\s+be|will\s+be)"
                      r"\s+(?:also\s+|totally\s+|perfectly\s+|even\s+)?(?:fine|ok|okay|good|better|best|great"
                      r"|acceptable|alright|welcome)\b")


# "or" between two values that offers a choice, not a question tag ("got horror comedy or not?") or a number's
# ("a romantic comedy rated 4 or above, mid rom-coms need not apply", "3 or 4 stars")
_EITHER = re.compile(r"\beither\b|(?<![\d.]\s)\bor\b(?!\s+(?:not|above|more|over|higher|better|less|under|below"
                     r"|lower|earlier|later|newer|older|before|after|so|thereabouts|cheaper|up|upwards|\d|do|does|did"
                     r"|never|i|you|we|he|she|they)\b)")    # "a romcom or don't call me": a threat, no choice


# The second of two wishes offered should the first fail: "if you've got a western, great; otherwise a crime film"
_FAILING = re.compile(r"\b(?:otherwise|failing that|or else|if not|else)\b")


def offers_a_choice(gap: str) -> bool:
    """Does an "or" between two values join them: no word of its own between the first and the "or" ("a crime
    comedy, with robbers or gangsters": the "or" joins the robbers and the gangsters, not the comedy)? A fallback
    ("..., great; otherwise a crime film") offers the choice too."""
    if _FAILING.search(gap):
        return True
    m = _EITHER.search(gap)
    return m is not None and all(w in STOP for w in re.findall(r"[a-z]+", gap[:m.start()]))


def choice_groups(wanted: Sequence[Link], t: str) -> list[list[str]] | None:
    """The values of a list field grouped where a choice is offered among some of them only, the others asked
    for besides: where "either" opens it ("an action-adventure that's also either a comedy or a romance" is
    [Action], [Adventure], [Comedy, Romance]), else the values "or" joins ("a drama set in a war or out in the
    wild west" is [Drama], [War, Western]; "action, adventure or sci-fi" one choice, a list's commas joining as
    its "or" does). None without such a choice, or where two values said as one kind stand beside an "or"
    ("a romantic comedy or a drama": no grouping says that, so one choice among all of them)."""
    return _either_groups(wanted, t) or _or_groups(wanted, t)


def _either_groups(wanted: Sequence[Link], t: str) -> list[list[str]] | None:
    for j in range(1, len(wanted)):
        if not re.search(r"\beither\b", t[wanted[j - 1].end:wanted[j].start]):
            continue
        k = j
        while k + 1 < len(wanted) and re.search(r"\bor\b", t[wanted[k].end:wanted[k + 1].start]):
            k += 1
        if k > j:
            groups = [[w.value] for w in wanted[:j]] + [[w.value for w in wanted[j:k + 1]]]
            return groups + [[w.value] for w in wanted[k + 1:]]
    return None


_LISTED = re.compile(r"\s*\|\s*(?:(?:a|an|the|some)\s+)?")      # "action, adventure or sci-fi" (normalised)


def _or_groups(wanted: Sequence[Link], t: str) -> list[list[str]] | None:
    gaps = [t[a.end:b.start] for a, b in itertools.pairwise(wanted)]
    joins = [offers_a_choice(gap) for gap in gaps]
    if not any(joins) or any(not j and re.fullmatch(r"\s*", gap) for j, gap in zip(joins, gaps, strict=True)):
        return None
    for i in range(len(joins) - 2, -1, -1):
        joins[i] = joins[i] or (joins[i + 1] and bool(_LISTED.fullmatch(gaps[i])))
    groups = [[wanted[0].value]]
    for joined, w in zip(joins, wanted[1:], strict=True):
        if joined:
            groups[-1].append(w.value)
        else:
            groups.append([w.value])
    groups = [list(dict.fromkeys(g)) for g in groups]
    return groups if len(groups) > 1 else None


# Words holding a value's word that name none: an intensifier ("sick to death of musicals"); film's word for acted,
# not drawn ("live-action kids' films" asks for no action); a "no" that refuses nothing ("winter here is no joke and
# my husband ...", "no worries", "no rush")
_NAMING_NOTHING = re.compile(r"\bto death\b|(?<=\blive )action\b|\bno\s+(?:joke|worries|problem|problems|rush|hurry"
                             r"|pressure|kidding|offen[cs]e|doubt|idea|clue|big\s+deal|biggie|bother|stress|lie)\b")


# ... and a noun said of a stretch of time, as English likens it: "it's been a drama of a week", "a horror of a day"
_LIKENED_TIME = re.compile(r"\b(?:an?|such\s+an?|what\s+an?)\s+(?P<x>[a-z]+)(?=\s+of\s+an?\s+(?:week|day|night|month"
                           r"|year|morning|evening|afternoon|weekend|journey|trip|commute|flight|shift)\b)")


# A phrasal verb's "out" after a person: "help a girl out", "help me out" (not "girls are out")
_HELP_OUT = re.compile(r"(\bhelp\s+(?:(?:a|an|the|this|my|your|his|her|our|their)\s+)?[a-z]+\s+)out\b")


def naming_nothing(t: str) -> str:
    """The normalised text with those words as ones that name no value, the same length: an intensifier blanked;
    "live action" read as "live actors", still words, so a refusal before it ("not live action") refuses no value
    said earlier; a noun likened to a time blanked; a phrasal verb's "out" ("help a girl out") blanked."""
    t = _LIKENED_TIME.sub(lambda m: t[m.start():m.start("x")] + " " * len(m.group("x")), t)
    t = _HELP_OUT.sub(lambda m: m.group(1) + "   ", t)       # "help a girl out": no girl ruled out
    return _NAMING_NOTHING.sub(lambda m: "actors" if m.group(0) == "action" else " " * len(m.group(0)), t)


def about_topic(before: Sequence[str]) -> bool:
    """Do the words `before` end with an "about" that opens a topic ("a documentary about war"), not a
    suggestion ("what about wool", "how about a comedy")?"""
    return before[-1:] == ["about"] and not set(before[-2:-1]) & _NOT_TOPIC   # "dramas that are not about war": a
    #                                                      refusal, read as any value's; "mad about cartoons": a liking


_NOT_TOPIC = frozenset(["what", "how", "not", "never", "mad", "crazy", "wild", "nuts", "passionate", "potty", "daft",
                        "gaga", "bonkers"])


def acting_on(t: str, phrase: tuple[str, int, int]) -> bool:
    """Is the phrase a verb's -ing form acting on an object ("for painting the house", "cleaning my car"), or the
    work it names ("it is for painting work", "gardening jobs")? It says what the user will do, no quality of the
    item: close in meaning to a value or not, it names none."""
    words = phrase[0].split()
    after = re.match(r"\s+(?:the|a|an|my|our|his|her|their|your|some)\b", t[phrase[2]:])
    work = re.match(rf"\s+(?:{_WORK})\b", t[phrase[2]:])
    return (words[-1].endswith("ing") and (after is not None or work is not None)) or (
        len(words) == 2 and words[0].endswith("ing") and re.fullmatch(_WORK, words[1]) is not None)


_WORK = "work|job|jobs|chores|duties"


_BEFORE_A_VERB = re.compile(r"\b(?:to|will|ll|must|should|can|could|would|d|not|i|we|you|they|he|she|get|gonna"
                            r"|wanna|gotta|let s)\s+$")


def as_verb(t: str, link: Link) -> bool:
    """Is a value's word said as a phrasal verb ("I need to dress up properly": no dress)?"""
    return bool(re.match(r"\s+up\b", t[link.end:])) and _BEFORE_A_VERB.search(t, 0, link.start) is not None


def compounds(t: str, taken: Sequence[Link], known: Collection[str]) -> list[tuple[str, int, int]]:
    """Word pairs the dictionary has as one word that hold a word no content phrase does ("love story"), plural
    or not."""
    from rec.agents.lexicon import singular

    words = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[a-z]+", t)]
    return [(f"{a} {b}", s, e) for (a, s, _), (b, _, e) in itertools.pairwise(words)
            if (a in STOP or b in STOP) and t[s:e].count(" ") == 1 and any(f"{a} {h}" in known for h in singular(b))
            and not any(s < k.end and k.start < e for k in taken)]       # "love stories": a love story
