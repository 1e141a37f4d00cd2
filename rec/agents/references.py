"""Titles and positions the user names in a message, resolved to catalog items.

In the words themselves, titles are found after the cues people use ("like X", "I loved X", "not X",
"other than X", "seen X"), in lists after a cue ("loved Fargo, Heat or Se7en"), before a judgement
("se7en was great"), as a series ("both Godfather films"), said with no cue where two words or more
spell one, and in quotes; each is resolved to an item by `titles.resolve` (typos, articles, years). A
title the user has seen or ruled out is an exclusion, one they liked a reference. Positions ("the
second one", "#3", "the last one") resolve to what the last turn showed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rec.agents.phrases import SOFTLY
from rec.agents.refusing import BAD, REFUSAL
from rec.agents.spelling import english, known_words
from rec.agents.titles import (
    ARTICLES,
    FUNCTION,
    MIN_SIMILARITY,
    ROMAN,
    Hit,
    Search,
    closing_words,
    fuzzy_at,
    fuzzy_in,
    resolve,
    sequel_numbers,
    similarity,
    title_key,
    word_for_word,
)

_LIKE = (r"like|sim(?:il|li|l|ill)i?ar to|loved|loves|love|enjoyed|enjoys|liked|likes|adored|adores|fan of|such as"
         r"|the likes of"
         r"|in the vein of|in the same vein as|reminds? me of|as good as|along the lines of|same vibe as|style of"
         r"|more of|as much as"
         r"|along with|akin to|in the spirit of|in the mould of|in the mold of|a la|à la|in the manner of"
         r"|in the style of|(?:a |for a )?double[ -](?:bill|feature) with|to follow|to pair with")   # "simlar to": the
#                                                                                                 cue misspelt
# Cues that rule out the titles after them; a longer one before "not": "i'm not mad about Titanic"
_UNLIKE = (rf"not {SOFTLY}(?:mad about|crazy about|wild about|keen on|a fan of|sold on)"
           r"|not (?:have|get|see|watch|include)"       # "I'd rather not have Titanic"
           r"|not|(?:is|are|was)n['\u2019]?t|except|other than|besides|apart from|aside from|anything but|excluding"
           r"|without|save for|with the exception of|excepting|barring"      # a lawyer's "save for Aliens"
           r"|seen|saw|watched|(?:made|makes|make) (?:me|us) watch"
           r"|(?:is|are|am|'s|'m|'re) after (?:seeing|watching)"        # Irish and Newfoundland English's perfect
           r"|(?<=\bi )(?:see|watch)(?=[^.;!?]*\balready\b)"         # a learner's "I watch Titanic already"
           r"|finished (?:watching|off)|finished"
           r"|re-?watched|re-?watching"
           r"|already have|own|bought|sent back|returned|gave back|(?:lent|loaned|leant) (?:me|us)|borrowed"
           r"|(?:i'?ve|i have|we'?ve|we have|already) got(?=[^.;!?]*\b(?:on (?:dvd|blu-?ray|video|vhs|tape"
           r"|(?:the|my|our) list)|already)\b)|(?:i'?ve|i have|we'?ve|we have) already got(?!\s+through)"
           r"|already (?:did|done)|done(?=[^.;!?]*\balready\b)"    # "Done Raiders and Last Crusade already"
           r"|(?:(?:'ve|have|has|'s) )?had (?:my|his|her|our|their|your) fill of(?=\s+(?-i:[A-Z]))"     # "we've
           #                                            had our fill of Fargo" (before "'ve had"; not "of aliens")
           r"|(?:'ve|have|already) (?:done|had|tried)|done with|sat through|got through"
           r"|hated|hate|disliked|dislike|(?:didn't|did not|don't|do not) like"
           r"|(?:couldn't|can't|cannot|could not) stand"
           r"|(?:don't|do not|dont|never|please don't|no need to) (?:suggest|recommend|show|include|give me|want)"
           r"|(?:if you (?:so much as |even |dare (?:to )?)?|don'?t you dare )(?:suggest|recommend|show me|give me)"
           r"|spare me|no more|skip|tired of|sick of|had enough of"
           r"|(?:leave|leaving|rule[sd]?|cut|filter|filtered) out(?=\s+(?-i:[A-Z]))"   # "leave out The Godfather"
           #                                                                                (not "the crime ones")
           r"|(?<=\bwe )did(?!\s+(?:not|like|love|enjoy)\b)|(?<=\bi )did(?!\s+(?:not|like|love|enjoy)\b)"   # "we did X"
           r"|no(?=\s+(?-i:[A-Z])(?!\w*\s+(?:way|idea|thanks|problem)\b))")    # "nor Goodfellas" a name written as one
# "I'd like a war drama" asks, it names nothing it is like ("would like", "'d love")
_CUE = re.compile(rf"\b(?<!would )(?<!'d )(?<!\u2019d )(?<!\bd )(?P<cue>{_LIKE}|{_UNLIKE}):?\s+"
                  r"(?:(?:very\s+|so\s+)?much\s+|a\s+lot\s+|really\s+|already\s+)?(?:both\s+|all\s+of\s+)?",
                  re.I)      # a learner's "I liked very much X", "I saw already X"; "watched both Alien and Aliens"
_SEEN = ("seen", "saw", "watched", "watch", "seeing", "watching", "rewatched", "re-watched", "finished", "done", "did",
         "had", "tried", "through", "own", "got", "bought")
_MORE_LIKE = re.compile(r"(?<!nothing )(?<!not )(?<!no )(?<!anything but )\b(?:more (?:of|like) (?:that|this|it|them)"
                        r"|(?:like|similar to) (?:that|this|it|them)|another one|others like|more like|similar"
                        r"|(?:same|that) (?:vibe|kind|sort|type)|along (?:those|the same) lines"
                        r"|in (?:that|the|this)(?: same)? (?:vein|spirit|mould|mold))\b", re.I)    # "in that spirit"
# A title judged by what follows it: "se7en was great" is liked, "the matrix was overrated" is not
_JUDGED = re.compile(r"(?:\s+(?:one|films?|movies?))?\s+(?:was|is|were|are)\s+(?:(?:both|all)\s+)?(?:so\s+|really\s+"
                     r"|absolutely\s+|just\s+|pretty\s+|very\s+|truly\s+|quite\s+|extremely\s+)?(?:(?P<good>great"
                     r"|sweet|lovely|beautiful|gorgeous|stunning|impressive|unforgettable|memorable|moving|touching"
                     r"|hilarious|epic|so good|amazing|brilliant|awesome|fantastic|excellent|superb|incredible"
                     r"|wonderful|a masterpiece"
                     r"|(?:(?:my|his|her|their|our|your|an?)\s+)(?:comfort|go-to|feel-good)\s+(?:movie|film|watch|flick)"
                     r"|a classic|(?:(?:one\s+of\s+)?(?:my|his|her|their|our|your)|an?)\s+"
                     r"(?:(?:all[\s-]*time|absolute|total|personal|ultimate|top)\s+)?"
                     r"fav(?:es?|ou?rites?|s)?|the best)|(?P<bad>" + BAD + r"))\b"
                     # or by what it did to the user: "Jaws bored me stiff", "Titanic left me cold"
                     r"|(?:\s+(?:one|films?|movies?))?\s+(?:really\s+|honestly\s+|just\s+|totally\s+|completely\s+)?"
                     r"(?:bored me|put me to sleep|sent me to sleep|left me cold|did nothing for me|disappointed me"
                     r"|let me down|annoyed me|got on my nerves|dragged)\b"
                     # or as the kind asked for: "terminator 2 type of movies", "Alien-style films"
                     r"|(?P<kind>[\s-]+(?:type|kind|sort|style)(?:\s+of)?\s+(?:movies?|films?|flicks?|things?|stuff)"
                     r"|-?(?:esque|ish)\s+(?:movies?|films?|flicks?|things?|stuff))\b"
                     # or as seen, in Irish English's order: "he has Unforgiven watched about ten times"
                     r"|\s+(?:watched|seen)\s+(?:about\s+|already\s+|maybe\s+|at\s+least\s+)?(?:\w+\s+times|already"
                     r"|loads|twice|once|before|to\s+death)\b"
                     r"|\s+(?:off\s+)?by\s+heart\b|\s+again\s*\?"     # known by heart: "they know Aladdin (1992) by
                     #                                                 heart"; had enough: "Titanic again?"
                     # or ruled out: "Contact and Twelve Monkeys are out: I have seen both"
                     r"|\s+(?:is|are)\s+(?:(?:both|all|also)\s+)?(?:out|ruled\s+out|off\s+the\s+table|excluded"
                     r"|banned|barred|off[\s-]limits|benched)"
                     r"(?=\s*(?:[.,;:!?]|$))"
                     # or by the one who saw it, after it: "Contact I already saw", "Aliens I have also seen"
                     r"|\s*,?\s+(?:(?:also|too|already)\s+)?(?:i|we|me)(?:\s*['\u2019]ve|\s+have|\s+had)?\s+(?:(?:also"
                     r"|already|both|all|just)\s+)*(?:seen|saw"      # a learner's "Aliens also I have watched"
                     r"|watched|viewed|see\s+(?:finish|finished|done))"      # a signer's "Alien me see finish"
                     r"(?:\s+(?:it|them|already|before|too|also|as\s+well|twice|once|though|tho"
                     r"|(?:maybe|about|like|at\s+least)\s+\w+\s+times|\w+\s+times))*"     # "I've seen maybe ten times"
                     r"(?=\s*(?:[.,;!?]|$|so\b|and\b|but\b))"
                     # or by how often, with no verb: "Mi see Titanic ten times already"
                     r"|\s+(?:about\s+|maybe\s+|like\s+|at\s+least\s+)?(?:\w+\s+times|(?:two|three|four|five|ten|\d+)\s+time|twice)"
                     r"\s+(?:already|over|now)\b"
                     # or after it: "And Tombstone, seen that one as well"
                     r"|(?:\s+(?:too|as\s+well|also))?\s*,?\s+(?:i'?ve\s+|i\s+have\s+|we'?ve\s+|already\s+)?(?:seen"
                     r"|watched|done)\s+(?:that|it|this)"          # "oh and The Shining too, seen that one"
                     r"(?:\s+one)?(?:\s+(?:already|as\s+well|too|before|twice|loads|lots|a\s+lot|to\s+death"
                     r"|(?:a\s+|so\s+)?\w+\s+times))*\s*(?:[.,;!?]|$)"     # "seen it loads", "... a dozen times"
                     # or in the passive: "Pulp Fiction and Heat have both been seen already"
                     r"|\s+(?:has|have|had)\s+(?:(?:both|all|also|already)\s+)*been\s+(?:seen|watched|viewed|done)\b",
                     re.I)
_QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]{2,120})[\"“”«»]")
# A quoted name in title case: "'Blue Suede Shoes' was on the radio", a "Twin Peaks" party
_QUOTED_NAME = re.compile(r"(?<![A-Za-z])['\"\u2018\u201c]([A-Z][^'\"\u2019\u201d\n]{2,80}?)['\"\u2019\u201d]"
                          r"(?![A-Za-z])")
_SMALL = frozenset(["a", "an", "the", "of", "in", "on", "and", "or", "to", "for", "with", "at", "by"])


def quoted_names(text: str, only_values: Callable[[str], bool]) -> list[str]:
    """Quoted runs of two words or more, each capitalised but small grammar words, that say more than values (not
    "'Navy Blue Wool'"): the name of a song, a show or a film the catalog lacks, whose words ask for nothing
    ("'Blue Suede Shoes' was on the radio": no suede)."""
    out = []
    for m in _QUOTED_NAME.finditer(text):
        words = re.findall(r"[A-Za-z][\w'-]*", m.group(1))
        if len(words) >= 2 and all(w[0].isupper() or w in _SMALL for w in words) and not only_values(m.group(1)):
            out.append(m.group(1))
    return out


_ORDINAL_WORDS = "first second third fourth fifth sixth seventh eighth ninth tenth"
ORDINALS = {w: n for n, w in enumerate(_ORDINAL_WORDS.split(), 1)}
_POSITION = re.compile(r"(?:\b(?:the\s+(?P<ord>" + "|".join(ORDINALS) + r"|last)(?:\s+(?:one|item|film|movie|book|pick"
                       r"|suggestion|option)|(?!\s+(?:list|lists|lot|time|page|set|batch|round|results?|search|few"
                       r"|couple|go|try)\b))|(?P<bare>" + "|".join(ORDINALS) + r"|last)\s+(?:one|item|film|movie|book"
                       r"|pick|suggestion|option))\b"
                       r"|#\s*(?P<hash>\d{1,2})\b|\bnumber\s+(?P<num>\d{1,2})\b|\bno\.\s*(?P<no>\d{1,2})\b)", re.I)


@dataclass
class Mentions:
    """Titles found in the words: what the user likes (references) and rules out (exclusions)."""

    references: list[Hit] = field(default_factory=list)
    exclusions: list[Hit] = field(default_factory=list)
    spans: list[str] = field(default_factory=list)     # the words that named them (not values: "Star Wars")


def mentioned(text: str, search: Search, is_value: Callable[[str], bool] = lambda s: False) -> Mentions:
    """Titles named after a cue or in quotes: the longest run of words (up to eight) that resolves. A
    word that is one of the catalog's values ("not war ones") is that value, not a title ("The War").
    A title the user has seen is ruled out, unless they ask for more like it ("just watched Se7en, I
    need more of that"): then it is a reference (never recommended back either way)."""
    out = Mentions()
    text = _numbered(_unbulleted(text))
    text = text.lower() if _shouted(text) else text     # "LOVE STORY + FUNNY, ME WANT": capitals name nothing
    similar = _MORE_LIKE.search(text) is not None
    _quoted_lines(text, search, similar, out)
    for m in _CUE.finditer(text):
        cue = m.group("cue").lower()
        if cue in ("love", "loves") and re.search(r"\b(?:a|an|the|my|true|first)\s+$", text[:m.start()], re.I):
            continue        # a noun, no cue: "a Love Story please"
        unlike = _rules_out(cue, similar)
        said = [w for said in _governed(text[m.end():]) for w in _slashed(said, search)]   # "Scream + Alien"
        for hit, span in _listed(said, search, is_value):
            if hit not in out.references + out.exclusions:
                (out.exclusions if unlike else out.references).append(hit)
                out.spans.append(span)
    for m in _JUDGED.finditer(text):      # "se7en was great", "honestly the matrix was overrated"
        words = re.split(r"[.;!?,\n]", text[:m.start()])[-1].split()
        while (found := after_cue(words, search, is_value, ending=True)) is not None:
            if found[0] not in out.references + out.exclusions:
                (out.references if m.group("good") or m.group("kind") else out.exclusions).append(found[0])
                out.spans.append(found[1])
            words = words[:-len(found[1].split())]
            if not words or words[-1].lower() not in ("and", "&"):
                break
            words = words[:-1]            # "Silence of the Lambs and Se7en were both great"
    _series(text, search, is_value, out)
    _sequels(text, search, out)
    _named_anywhere(text, search, out)
    if similar and not out.references:
        _capitalised(text, search, is_value, out)      # "the one with the shark (Jaws) - more like that"
    for m in _QUOTED.finditer(text):
        hit = resolve(m.group(1), search)
        if hit is not None and hit not in out.references + out.exclusions:
            out.references.append(hit)
            out.spans.append(m.group(1))
    return out


# A line copied from the answer: "> Alien (1979)", "re: Braveheart (1995)", "> Casablanca (1942) - 4.46"; what
# follows the title on it (a year, a score, a price) describes it; after that, the user's own words may go on
_QUOTE_LINE = re.compile(r"^[ \t]*(?:>+|re:)[ \t]*(?P<rest>[^\n]+)", re.I | re.M)
_CUT = re.compile(r"\s*(?:[(\[]|[-\u2013\u2014|]\s|[,.;:!?](?:\s|$))")
_DESCRIBED = re.compile(r"(?:\s*[(\[][^)\]\n]*[)\]])*"
                        r"(?:\s*[-\u2013\u2014|:,]?\s*[$\u00a3\u20ac]?\d+(?:[.,]\d+)?(?!\w))?")


def _quoted_lines(text: str, search: Search, similar: bool, out: Mentions) -> None:
    """Items the user quotes from what was shown, a line each: whole titles only, the longest the line opens
    with ("re: Seven (Se7en) - way too grim. leave out the crime ones": Seven, the rest the user's words). Each is
    ruled out ("> Alien (1979) / seen it a dozen times. what else?") unless the message asks for more like it: then
    a reference; never recommended back either way. Its words ask for nothing ("Casablanca" is no Film-Noir)."""
    for m in _QUOTE_LINE.finditer(text):
        rest = m.group("rest").rstrip()
        for cut in sorted({len(rest), *(c.start() for c in _CUT.finditer(rest))}, reverse=True):
            title = rest[:cut].strip()
            hit = resolve(title, search) if title else None
            if hit is None or title_key(hit.title) != title_key(title):
                continue
            if hit not in out.references + out.exclusions:
                (out.references if similar else out.exclusions).append(hit)
                out.spans.append(rest[:_DESCRIBED.match(rest, cut).end()].strip())
            break


# A list set out on lines after a colon: "Seen:\n- Toy Story\n- Aladdin" is "Seen: Toy Story, Aladdin"
_BULLET = re.compile(r"(?P<colon>:)?[ \t]*\n[ \t]*(?:[-*\u2022]|\d{1,2}[.)])[ \t]+")


def _slashed(word: str, search: Search) -> list[str]:
    """A word of the words a cue governs, as a list's words: "+" is "and", and so is a slash between two titles
    ("Heat/Reservoir Dogs"), unless the slashed word is a title itself ("Face/Off")."""
    if word == "+":
        return ["and"]
    left, slash, right = word.partition("/")
    if not (slash and left and right) or ((hit := resolve(word, search)) is not None
                                          and title_key(hit.title) == title_key(word)):
        return [word]
    return [left, "and", *_slashed(right, search)]


# A series' films said by their numbers after the first: "Star Trek II, III and IV", "Rocky 2 and 3"
_NUMERAL = r"(?:[2-9]|II|III|IV|VI|VII|VIII|IX)"
_NUMBERED = re.compile(rf"\b(?P<name>(?:[A-Z][\w']*\s+){{1,3}}){_NUMERAL}(?P<more>(?:\s*(?:,|and|&|or|plus|,\s*and)\s*"
                       rf"{_NUMERAL}\b(?!\s*(?:stars?|out|of|/|\.\d|%|dollars|quid|bucks)))+)")


def _numbered(text: str) -> str:
    """The text with a series' name said again before each number after the first ("Star Trek II, Star Trek III
    and Star Trek IV")."""
    return _NUMBERED.sub(lambda m: m.group(0)[:len(m.group(0)) - len(m.group("more"))] + re.sub(
        rf"\b{_NUMERAL}\b", lambda n: m.group("name") + n.group(0), m.group("more")), text)


def _unbulleted(text: str) -> str:
    return _BULLET.sub(lambda m: " " if m.group("colon") else ", ", text)


# A sentence that only adds to the one before: "I've seen Die Hard. And Speed."
_ADDED = re.compile(r"\s*(?:and|also|plus|oh and|or)\s+(?!(?:i|we|you|he|she|they|it|that|this)\b)"
                    r"(?P<what>(?:\S+\s*){1,5})", re.I)


# A full stop that ends no sentence: a title's "Dr. Strangelove", "Mrs. Doubtfire", "St. Elmo's Fire"
_TITLED = r"(?<!\bDr)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bSt)(?<!\bJr)(?<!\bSr)(?<!\bvs)"


def _governed(rest: str) -> list[str]:
    """The words a cue governs: the rest of its sentence and any short ones after that only add to its list."""
    sentences = re.split(rf"{_TITLED}\.|[;!?\n]", rest)
    words = sentences[0].split()
    for sentence in sentences[1:]:
        if (m := _ADDED.fullmatch(sentence)) is None:
            break
        words += ["and", *m.group("what").split()]
    return words


# Words written with capitals inside a sentence: "the one with the shark (Jaws, the first one)"
_CAPITALISED = re.compile(r"(?<![\w'.!?])(?<![.!?]\s)(?<!^)[A-Z][\w']*(?:\s+(?:[A-Z][\w']*|of|the|and|in))*"
                          r"(?<!\sof)(?<!\sthe)(?<!\sand)(?<!\sin)")


def _capitalised(text: str, search: Search, is_value: Callable[[str], bool], out: Mentions) -> None:
    """A message that asks for more like something it names with no cue ("more like that"): a capitalised
    title inside a sentence that is the catalog's title word for word ("Jaws") is what it is like."""
    for m in _CAPITALISED.finditer(text):
        said = m.group(0)
        if said == "I" or is_value(said):
            continue
        hit = resolve(said, search)
        if hit is not None and title_key(hit.title) == title_key(said):
            if hit in out.exclusions:      # "his tape of Unforgiven ... in the same vein that isn't Unforgiven
                if not re.search(rf"\b{re.escape(said)}\s+itself\b", text, re.I):    # itself"; not "not Titanic"
                    continue
                out.exclusions.remove(hit)
            out.references.append(hit)
            out.spans.append(said)
            return


def _rules_out(cue: str, similar: bool) -> bool:
    """Does the cue rule out what it names ("not", "seen", a bare "done")? A title seen is a reference where the
    user asks for more like it (`similar`: "just watched Se7en, I need more of that")."""
    seen = cue.lower().split()[-1] in _SEEN or cue.lower().endswith(" fill of")    # "had my fill of Star Wars,
    #                                                                                  but more in that vein?"
    return (re.fullmatch(_UNLIKE, cue, re.I) is not None or cue.lower() == "no" or cue.lower().endswith(" out")
            or seen) and not (similar and seen)


# A series named by its titles' shared opening: "done both godfather films", "loved all the alien movies"
_SERIES = re.compile(r"\b(?:(?P<no>no\s+(?:more\s+)?)|(?:both|all)\s+(?:(?:two|three|four|five|six)\s+)?(?:of\s+)?"
                     r"(?:the\s+|those\s+)?)"
                     r"(?:(?P<name>[a-z0-9][a-z0-9' ]{2,30}?)\s+(?:films|movies|ones|instal?ments|sequels|parts)"
                     r"|(?(no)(?!)|(?P<plural>[a-z0-9][a-z0-9' ]{2,30}?)s))\b", re.I)   # "all three Die Hards", "no
#                                                                                          Godfather films"


def _series(text: str, search: Search, is_value: Callable[[str], bool], out: Mentions) -> None:
    """Every title that opens with a series' name said after a cue, two or more of them: liked or ruled out as
    the cue says."""
    for m in _SERIES.finditer(text):
        name = title_key(m.group("name") or m.group("plural"))
        before = re.split(r"[.;!?\n]", text[:m.start()])[-1]
        cue = (["no"] if m.group("no") else [c.group("cue") for c in _CUE.finditer(before)]
               or re.findall(rf"\b(?:{'|'.join(_SEEN)})\s*$", before, re.I))      # "done both godfather films"
        if not name or is_value(name) or not cue or (m.group("no") and not m.group("name")[:1].isupper()):
            continue          # "no Godfather films" (a name), not "no kids' films"
        hits = [h for h in search(name) if (title_key(h.title) + " ").startswith(name + " ")]
        if len(hits) < 2 or not any(title_key(h.title) == name for h in hits):
            continue        # the series' first film carries its name: "The Godfather"; "all the old films" no
        unlike = _rules_out(cue[-1].strip(), similar=False)
        for hit in hits:
            if hit not in out.references + out.exclusions:
                (out.exclusions if unlike else out.references).append(hit)
        out.spans.append(m.group("name") or m.group("plural") + "s")


# What follows a title to name the films after it: "Alien and the one after it", "The Godfather and its sequel",
# "Star Wars and the two after it", "Rocky and its sequels"
_SEQUELS = re.compile(r"\s*,?\s*(?:and|&|plus)\s+(?:its|the|their)\s+(?:(?P<all>sequels)|sequel|(?P<n>one|two|three"
                      r"|next\s+one|next\s+two|next\s+three)\s+(?:after|that\s+(?:followed|came\s+after))(?:\s+it)?)\b",
                      re.I)
_HOW_MANY = {"one": 1, "two": 2, "three": 3}


def _sequels(text: str, search: Search, out: Mentions) -> None:
    """The films after a title said with it ("seen Alien and the one after it"), ruled out or liked with it: the
    catalog's titles that open with its name (or its plural: "Aliens"), later than it, in order of year."""
    for span in list(out.spans):
        at = text.lower().find(span.lower())
        m = _SEQUELS.match(text, at + len(span)) if at >= 0 else None
        hit = resolve(span, search) if m is not None else None
        if hit is None or hit.year is None or hit not in out.references + out.exclusions:
            continue
        name = title_key(hit.title)
        later = sorted((h for h in search(name) if h.year is not None and h.year > hit.year
                        and re.match(rf"{re.escape(name)}s?\b", title_key(h.title))), key=lambda h: h.year)
        count = len(later) if m.group("all") else _HOW_MANY.get((m.group("n") or "one").split()[-1], 1)
        into = out.exclusions if hit in out.exclusions else out.references
        into += [h for h in later[:count] if h not in out.references + out.exclusions]


def _whole(title: str, said: str) -> bool:
    """Do the words say the whole title, its articles aside ("pulp fiction": Pulp Fiction)?"""
    def key(text: str) -> list[str]:
        return [w for w in title_key(text).split() if w not in ("the", "a", "an")]
    return key(title) == key(said)


def _apart(title: str, said: str) -> bool:
    """Is the title one word said apart ("brave heart": Braveheart)?"""
    return title_key(title).replace(" ", "") == title_key(said).replace(" ", "")


def _listed(words: Sequence[str], search: Search, is_value: Callable[[str], bool]) -> list[tuple[Hit, str]]:
    """The titles a cue opens a list of: "I adored Casablanca and Vertigo", "loved Fargo, Heat or Se7en",
    "watched the good the bad and the ugly last week and unforgiven the week before" (a few words may
    say when or how before the list goes on)."""
    out: list[tuple[Hit, str]] = []
    rest = list(words)
    while True:
        look, skipped = _first_of_series(rest)
        if (found := after_cue(look, search, is_value)) is None:
            if not (skip := _unknown_name(rest)):
                break
            rest = rest[skip:]            # "done T2 and the first Terminator", "Star Trek II, III and IV"
            continue
        if out and _cased(out[0][1]) and not _cased(found[1]):
            break              # one who writes titles with capitals writes no title in lower case: "We watched Toy
            #                    Story last night and the kids loved it" (no "Kids")
        out.append(found)
        n = len(found[1].split()) + skipped
        last, rest = rest[n - 1], rest[n:]
        if (cut := _repair(rest)) and after_cue(rest[cut:], search, is_value):   # "like Alien, no wait, Aliens"
            out, rest = out[:-1], rest[cut:]
            continue
        joins = [i for i, w in enumerate(rest[:4]) if w.lower().strip(",") in ("and", "or", "&", "nor", "plus")]
        if last.endswith(",") and not (joins and joins[0] == 0):
            if rest and rest[0].islower() and rest[0].strip(",") in REFUSAL:
                break          # "like Alien, nothing too gory": a refusal, no "Nothing to Lose"
            continue
        if joins and not any(w.endswith(",") for w in rest[:max(joins[0] - 1, 0)]):    # "Aliens already, and Jaws too"
            between = rest[:joins[0]]         # a title texted with no comma: "pulp fiction fargo and heat"
            if between and (run := after_cue(between, search, is_value)) and len(run[1].split()) == len(between) \
                    and _whole(run[0].title, run[1]):       # not "last time" for "The Last Time I Saw Paris"
                out.append(run)
            rest = rest[joins[0] + 1:]        # "... last week and unforgiven"
            rest = rest[1:] if rest[:1] and rest[0].lower() in ("then", "also", "later") else rest   # "and then X"
        else:
            break
    return out


# A self-repair opening the words after a title: "no wait", "sorry, I meant", "or rather", "make that"
_REPAIR = re.compile(r"(?:no,? wait|wait,? no|(?:sorry,? )?i meant?|or rather|scratch that|make (?:that|it)|sorry)"
                     r"[,.:]? ")


def _repair(words: Sequence[str]) -> int:
    """How many of `words` a self-repair opening them takes (0: none)."""
    m = _REPAIR.match(" ".join(words[:4]).lower() + " ")
    return len(m.group(0).split()) if m else 0


def _cased(said: str) -> bool:
    return any(w[:1].isupper() for w in said.split())


def _shouted(text: str) -> bool:
    """Is half the message or more written in capitals (words of two letters or more)?"""
    words = re.findall(r"[A-Za-z]{2,}", text)
    return len(words) >= 3 and sum(w.isupper() for w in words) >= len(words) / 2


def _a_name(word: str, written: bool) -> bool:
    """Is one word said after a cue a name rather than the language: no word the tokenizer or WordNet has
    ("shawshank", "aladin"; "gory" is an adjective, no typo of "Glory"), or, where `written`, one written as a
    name ("seen Raiders")?"""
    return (written and word[:1].isupper()) or not english(title_key(word))


def _unknown_name(words: Sequence[str]) -> int:
    """How many words to pass where the words open with a name no title has ("T2", "LOTR", "Star Trek II": up to
    four words, each written with a capital or a digit) that a list goes on past ("T2 and ...", "LOTR, ..."), the
    joining word too; else 0."""
    for n, word in enumerate(words[:4], 1):
        if word[:1].islower() or re.fullmatch(r"[A-Za-z0-9'-]+,?", word) is None or len(words) <= n + 1:
            return 0
        if word.endswith(","):
            return n
        if words[n].lower() in ("and", "&", "or", "plus"):
            return n + 1
    return 0


_NOT_A_FILM_WORDS = """one ones item items film films movie movies book books pick picks suggestion option few couple
time times half part bit bits episode season"""
_NOT_A_FILM = frozenset(_NOT_A_FILM_WORDS.split())
_PERSONAL_PRONOUNS = frozenset(["i", "we", "you", "he", "she", "they"])


def _first_of_series(words: Sequence[str]) -> tuple[list[str], int]:
    """"the first Terminator", "the original Alien": the series' first film, which carries its name ("first"
    left out, and how many words were); "the first one" is a position, "the first time" no title."""
    if len(words) > 2 and words[0].lower() == "the" and words[1].lower() in ("first", "original") and \
            words[2].lower().strip(",.;:!?") not in _NOT_A_FILM:
        return [words[0], *words[2:]], 1
    return list(words), 0


def after_cue(words: Sequence[str], search: Search, is_value: Callable[[str], bool],
              ending: bool = False) -> tuple[Hit, str] | None:
    """The title the words after a cue open with (`ending`: the words before a judgement end with), and the
    span that says it: of the runs of up to eight words that resolve, the one most like its title, the
    longest among equals ("like the Corello silk scarf for my mum" names the scarf, not "... scarf for my",
    which is a typo or two away)."""
    best: tuple[float, Hit, str] | None = None
    for n in range(min(8, len(words)), 0, -1):
        run = words[-n:] if ending else words[:n]
        span = " ".join(run).strip(",:\"'“”")
        letters = re.sub(r"[^a-z0-9]", "", span.lower())
        if ((len(letters) < 3 and not (len(letters) == 2 and span.isupper()))    # "ET" written as a name
                or {title_key(span), span.lower()} & _NOT_TITLES
                or is_value(span) or is_value(title_key(span))):
            continue        # "seven" is "7" compared, and a title ("Seven (Se7en)")
        told = _told(words[n:]) if not ending and not run[-1].endswith(",") else []
        hit = resolve(span, search, told)
        one = n == 1 or (n == 2 and run[0].lower() == "the")          # "the gory" is one word said, as "gory" is
        rare = one and _a_name(span.split()[-1], written=not ending)    # no English word ("shawshank", "aladin"),
        if hit is None and rare:                                     # one title's distinctive first word
            opening = [h for h in search(span) if title_key(h.title).split()[:1] == [title_key(span)]]
            hit = opening[0] if len(opening) == 1 else None
        closing = hit is None and len(run) >= 2 and all(w[:1].isupper() or w.lower() in FUNCTION for w in run) and \
            len(ends := [h for h in search(span) if closing_words(span, h.title)]) == 1     # "Last Crusade", a name
        hit = ends[0] if closing else hit
        stops = set(re.findall(r"([,;:])\s", span))
        if hit is not None and stops - set(re.sub(rf",\s*{ARTICLES}\s*$", "", hit.title)):
            continue        # "not heat, a comedy": a title with no comma of its own ends at one
        if hit is not None and _indefinite(run[0], hit.title):
            continue        # "not a kids one", "a war drama": a kind of item, not the film "Kids" or "The War"
        if hit is not None and span.islower() and set(run) <= FUNCTION and title_key(span) != title_key(hit.title):
            continue        # "are not to be put forward": grammar words, no part of "To Be or Not to Be"
        if hit is not None and span.islower() and all((w.isalpha() and english(w)) or w in FUNCTION
                                                     for w in title_key(span).split()) \
                and not (_whole(hit.title, span) or _apart(hit.title, span)):
            continue        # "not ready to leave": words in use, in lower case, are no piece of "Ready to Wear" (but
            #                 "brave heart" is Braveheart said apart)
        if hit is not None and run[0].lower() in _PERSONAL_PRONOUNS and title_key(span) != title_key(hit.title):
            continue        # "the comedies I love are boring": a clause, not part of "I Love Trouble"
        after = re.sub(r"\W", "", words[n].lower()) if n < len(words) and not ending else ""
        if hit is not None and _whose(run[-1], hit.title) and after in _KIND_WORDS:
            continue        # "not kids' films": films for kids, not the film "Kids"
        numbers = sequel_numbers(title_key(hit.title)) if hit is not None else set()
        if hit is not None and (re.fullmatch(r"\d{1,2}", after) or after in ROMAN) and not (
                sequel_numbers(title_key(after)) <= numbers or (title_key(after) == "1" and not numbers)):
            continue        # cut short of its number: "terminator" of "terminator 2" ("godfather 1" is the first)
        score = similarity(span, hit.title) if hit is not None else 0.0
        if (rare and hit is not None and title_key(hit.title).split()[:1] == [title_key(span)]) or closing:
            score = max(score, 0.9)
        if hit is not None and score >= (1.0 if one and not rare else MIN_SIMILARITY) and (
                best is None or score > best[0]):
            picked = set(title_key(" ".join(told)).split()) & set(title_key(hit.title).split()) - set(
                title_key(span).split())          # a word of the title the span lacks: "... in brown"
            best = (score, hit, " ".join([span, *told]) if picked else span)    # the words that picked it say it too
    return (best[1], best[2]) if best else None


_KIND_WORDS = frozenset(["film", "films", "movie", "movies", "flick", "flicks", "ones", "stuff", "shows", "books",
                         "picture", "pictures"])


def _whose(word: str, title: str) -> bool:
    """Is the word a possessive ("kids'", "children's") the title does not end with?"""
    return re.search(r"['\u2019]s?$", word) is not None and re.search(r"['\u2019]s?$", title.strip()) is None


def _told(rest: Sequence[str]) -> list[str]:
    """The words right after a title that may pick out one of its namesakes: "in brown", "brown"."""
    end = 2 if rest[:1] and rest[0].lower() == "in" else 1
    return [w.strip(",.;:!?\"'") for w in rest[:end]]


def _indefinite(first: str, title: str) -> bool:
    """Do the words open with "a"/"an" where the title does not (at either end: "Bug's Life, A")?"""
    article = first.lower().strip("\"'“”")
    return article in ("a", "an") and not re.search(rf"^{article}\b|,\s*{article}$", title.strip(), re.I)


def _named_anywhere(text: str, search: Search, out: Mentions) -> None:
    """Titles of two words or more said with no cue ("Jurasic Park was great"): the items the whole
    message finds whose title the words hold, typos allowed. One ruled out in its clause ("not X",
    "seen X") is an exclusion. A message that is only a title is a search for that item, not a reference."""
    words = re.findall(r"[a-z0-9]+", title_key(_glued(text)))
    if len(words) <= 3:
        return
    found = {h.item_id for h in out.references + out.exclusions}
    taken = [where for span in out.spans if (where := fuzzy_at(title_key(span).split(), words))[2] >= MIN_SIMILARITY]
    candidates = []
    for hit in search(text):
        key = title_key(_glued(hit.title)).split()      # "Schindler's List" as the words say it: "schindlers list"
        if hit.item_id in found or len(key) < 2 or len(" ".join(key)) < 8:
            continue
        start, end, ratio = fuzzy_at(key, words)
        if ratio < MIN_SIMILARITY or not word_for_word(key, words[start:end]):
            start, end, ratio = _in_other_order(key, words)
            if not ratio:
                continue
        if len(" ".join(key)) < 12 and not re.search(rf"\b{re.escape(' '.join(key))}\b", " ".join(words)):
            continue        # a short title is said as it is: "mad love" is one letter from "a love"
        if _in_its_sense(key, words[:start], text) or _plain_words(key, text):
            continue        # "shoot-outs at high noon", "my family is gathering": the language, not a title
        told, missing = _told(words[end:]), set(key) - set(words[start:end])
        if missing and missing <= set(told):        # "velvik suede boots in brown": the brown ones, those words too
            ratio, end = 1.0, end + len(told)
        candidates.append((ratio, start, end, hit, key))
    for ratio, start, end, hit, key in sorted(candidates, key=lambda c: (-c[0], c[1])):    # ties: as said
        if any(start < e and s < end for s, e, _ in taken):
            continue        # a namesake of a title said there ("Briara beige cotton sweater" for "Fenara ...")
        taken.append((start, end, ratio))
        clause = re.split(r"[.;!?]", text.lower())
        before = next((c for c in clause if fuzzy_in(key, title_key(_glued(c)).split())), "")
        unlike = re.search(rf"\b(?:{_UNLIKE})\b", before.split(key[0][:4])[0] if key[0][:4] in before else before)
        for named in [hit, *_and_a_name(words[end:], search, found | {hit.item_id})]:   # "... Lambs and Se7en"
            (out.exclusions if unlike else out.references).append(named)
            found.add(named.item_id)
        out.spans.append(" ".join(words[start:end]))      # the words that said it, typos and all


def _glued(text: str) -> str:
    """The text with its apostrophes dropped, a possessive's "s" kept on its word ("Schindler's": schindlers)."""
    return re.sub(r"['\u2019]", "", text)


def _and_a_name(rest: Sequence[str], search: Search, found: set[str]) -> list[Hit]:
    """The title a list goes on to with a word no dictionary has, said exactly ("and se7en")."""
    if len(rest) < 2 or rest[0] != "and" or rest[1] in known_words() or not re.search(r"[a-z]", rest[1]):
        return []
    hit = resolve(rest[1], search)
    return [hit] if hit is not None and hit.item_id not in found and similarity(rest[1], hit.title) == 1.0 else []


_JOINING = frozenset(["from", "by", "of", "in", "the", "s"])


def _in_other_order(key: Sequence[str], words: Sequence[str]) -> tuple[int, int, float]:
    """A title of three words or more said whole in another order, with only "from", "by" and the like
    between: "the burgundy canvas bag from Fenara" for "Fenara burgundy canvas bag"."""
    if len(key) < 3:
        return 0, 0, 0.0
    for n in range(len(key), len(key) + 3):
        for i in range(len(words) - n + 1):
            window = words[i:i + n]
            if (window[0] in key and window[-1] in key and sorted(w for w in window if w in key) == sorted(key)
                    and all(w in key or w in _JOINING for w in window)):
                return i, i + n, 1.0
    return 0, 0, 0.0


_PREPOSITIONS = frozenset(["at", "on", "in", "for", "by", "until", "till", "before", "after", "during", "since",
                           "around", "about"])


def _in_its_sense(key: Sequence[str], before: Sequence[str], text: str) -> bool:
    """Is a title that is also a phrase of the language (a dictionary's word of two words or more: "high noon",
    "groundhog day") said in that sense: after a preposition, not written as a title ("shoot-outs at high
    noon"; "groundhog day is my all time fav" and "at High Noon" name the films)?"""
    from rec.agents.lexicon import wordnet

    net = wordnet()
    if net is None or " ".join(key) not in net.words or not before or before[-1] not in _PREPOSITIONS:
        return False
    return not re.search(r"\b" + r"\W+".join(w.capitalize() for w in key) + r"\b", text)


def _plain_words(key: Sequence[str], text: str) -> bool:
    """Is a title that opens with a word such as "my" or "this" and is made of English words only ("My Family") said
    with no cue and not written as a title, its words after the first in capitals ("my family is gathering")? A
    name said in lower case ("lion king", "pulp fiction") is still one; words in lower case up to a name in capitals
    are none ("wild America")."""
    english = known_words()
    if not english or not all(w in english or w in FUNCTION for w in key):
        return False
    said = re.search(r"\b" + r"\W+".join(re.escape(w) for w in key) + r"\b", text, re.I)
    if said and said.group(0)[:1].islower() and re.search(r"\W[A-Z]", said.group(0)):
        return True       # a name inside plain words, no title: "the desert of wild America" (not "Wild America")
    if key[0] not in FUNCTION:
        return False
    written = r"\W+".join(f"(?i:{re.escape(w)})" if i == 0 or w in FUNCTION else re.escape(w.capitalize())
                          for i, w in enumerate(key))
    return not re.search(rf"\b{written}\b", text)


# Words that follow a cue and are no title even where a catalog has one of that name ("like that").
_NOT_TITLES = {"that", "this", "it", "them", "those", "these", "one", "ones", "the one", "something", "anything",
               "more", "much", "very much", "a lot", "to", "what", "before", "too", "so", "the last one"}


def positions(text: str, shown: Sequence[Hit]) -> list[Hit]:
    """Items named by their place in the last list: "the second one", "#3", "number 2", "the last one"."""
    out = []
    for m in _POSITION.finditer(text):
        word = (m.group("ord") or m.group("bare") or "").lower()
        n = len(shown) if word == "last" else ORDINALS.get(word) or int(m.group("hash") or m.group("num")
                                                                         or m.group("no") or 0)
        if 1 <= n <= len(shown) and shown[n - 1] not in out:
            out.append(shown[n - 1])
    return out


# Where a clause ends after a title ("E.T. came out": one clause)
CLAUSE_END = rf"[;!?,\n]|{_TITLED}\.(?=\s+[A-Z]|\s*$)"


def item_at(text: str, at: int, search: Search, is_value: Callable[[str], bool] = lambda s: False,
            stop: str = CLAUSE_END) -> tuple[Hit, str] | None:
    """The item a title said right at `at` names, within its clause (up to `stop`), and the words that say it;
    None where the clause opens with no title, or with a number ("than 50 dollars")."""
    found = after_cue(re.split(stop, text[at:])[0].split(), search, is_value)
    if found is None or found[1].isdigit() or text.lower().find(found[1].lower(), at) != at:
        return None
    return found
