"""The words around a value that say it is no wish for the item: what the item goes with ("a jumper to wear
over a shirt"), what someone already has ("I've got black canvas sneakers") unless they want another of its kind,
what someone else suggests or says ("my wife is saying ..."), the shop addressed ("Dear Sir or Madam"), a taste the
user had ("I used to adore musicals"), an event that dates something ("before the Second World War"), a value
word a subject pronoun makes a verb ("I dress like ..."), values said before "another colour" in their
sentence, what went wrong with an item had before ("the white tee I got went see-through": `past_items`), and a
value describing something else someone has ("my old grey car": `of_something_had`).
`agents/links.py` reads values with these.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from rec.agents.phrases import Link

if TYPE_CHECKING:
    from rec.agents.lexicon import Lexicon

# What the wanted item goes with, not the item: "a jumper to wear over a shirt", "a scarf to match my coat",
# "a white shirt for my tan chinos" (after "for" / "with" only with a possessive: "looking for a dress" asks)
_WORN = re.compile(r"\b(?:(?:over|under|underneath|beneath|on top of|to match|match|matching|go with|goes with)"
                   r"\s+(?:my|your|his|her|their|our|a|an|the|some)|for\s+(?:my|your|his|her|their|our)"
                   r"|with\s+(?:my|mi|his|her|their|our)"    # not "hit me with your best rated romantic comedies";
                   #                                      Caribbean "mi": "with mi Sunday dress"
                   r"|(?:wear|wearing|worn)\s+(?:(?:it|them|these|those|one|ones)\s+)?(?:out\s+)?with"
                   r"(?:\s+(?:a|an|the|some|my|your|his|her|their|our))?)\s+"     # "to wear them out with jeans"
                   r"(?:(?!but\b|and\b|or\b|in\b|please\b|that\b|to\b|an?\b|the\b|some\b|with(?:out)?\b|no\b"
                   r"|not\b)[a-z]+(?:\s+|$)){1,3}")
#  an article opens the next phrase: "I need for my husband a shirt from linen"; "with(out)", "no" a wish of its own:
#  "a jacket for my husband without polyester"


# A verb's past participle after "has": "she has said the shirts must be formal" tells of no shirt she has
_DONE = (r"(?:said|told|seen|chosen|given|made|done|gone|found|taken|known|heard|thought|become|come|kept|left|sent"
         r"|spent|brought|shown|written|been|got|had|worn|wore|banned|vetoed"
         r"|[a-z]+ed\s+(?:the|a|an|that|this|it|me|us|him|her|them|my|our"
         r"|his|their|you|your|on|to|for|about)\b)\b")
# What someone already has (`what`): "I have a burgundy leather bag", "I've got black canvas sneakers", "I've a", "my
# girlfriend has blue jeans", "I bought a grey suit"
_OWNED = re.compile(r"\b(?:i|we|he|she|they|(?:my|our|his|her|their)\s+[a-z]+)\s+(?:already\s+|only\s+|just\s+)?"
                    r"(?:have|has|own|owns|(?:ve|have|has|s)\s+(?:only\s+|just\s+|already\s+)?got"   # "she's only got"
                    r"|bought|got|(?:has\s+|have\s+|ve\s+|s\s+)?worn|wore"
                    r"|(?:still\s+)?wears?\s+the\s+same"          # "still wears the same tatty jacket"
                    r"|ve(?=\s+(?:a|an|some|two|three)\s))"    # "I've a tweed skirt"
                    r"\s+(?:only\s+|just\s+|mostly\s+)?(?!" + _DONE + r")"     # "she has said the shirts must be"
                    r"(?P<what>(?:(?:a|an|the|some|this|these|those|that"      # not a pronoun: "i ve got those
                    r"|one|two|three|a\s+pair\s+of)\s+(?!(?:just|only|already|now|too|so|in|on|at|though)\b)"
                    r"|(?!(?:to|been|never|always|no|not|nothing|any|anything|got|had|just|already|lots"
                    r"|loads|plenty|enough|it|them|one|ones|so|too|very|really|a|those|these|this|that)\b))"
                    r"(?:(?!but\b|please\b|that\b|to\b|for\b|and\b)[a-z]+(?:\s+|$)){1,4})")   # "only jeans and tees":
#                                                                      the list past "and" is `_AND_MORE`'s
# What a place the user keeps things in is full of: "my wardrobe is all black and grey", "his closet is full of
# navy already", "my DVD shelf is nothing but westerns", "my wardrobe is band tees and ripped jeans" (not "my style is
# all black": a taste; not "my wardrobe is missing a coat")
_FULL_OF = re.compile(r"\b(?:my|our|his|her|their)\s+(?:[a-z]+\s+){0,2}?(?:wardrobe|closet|cupboard|drawers?|collection"
                      r"|shelf|shelves|rail|dresser|shoe\s+rack|suitcase)s?\s+(?:is|are|s|re)\s+(?:already\s+)?"
                      r"(?:(?:all|full\s+of|mostly|nothing\s+but|packed\s+with|stuffed\s+with|crammed\s+with"
                      r"|overflowing\s+with|wall\s+to\s+wall)\s+|(?!(?:missing|lacking|short|empty|too|so|not|a\s+mess)\b))"
                      r"(?P<what>(?:(?!but\b|please\b|that\b|to\b|for\b|so\b"
                      r"|i\b|and\s+i\b)[a-z]+(?:\s+|$)){1,5})")
# Another of the kind the user has: "want another pair", "one more in suede", "a red one"
AGAIN = re.compile(r"\b(?:another|one more|a new|a second|a|other)\s+(?:[a-z]+\s+){0,2}?(?:pair|ones?)\b")


# What someone else keeps suggesting, which the user sets their own wish against: "my flatmate keeps telling
# me to try some documentary about penguins but honestly i want a comedy"
_SUGGESTED = re.compile(r"(?<!\bi )(?<!\bwe )\b(?:(?:telling|told|tells|wants?|wanted|nagging|pushing|begging|on at)"
                        r"\s+(?:me|us)|suggest(?:ed|s|ing)?|recommend(?:ed|s|ing)?"
                        r"|(?:reckons?|reckoned|thinks?|thought|says?|said)\s+(?:i|we)\s+(?:should|ought\s+to))"
                        r"\s+[^|]*?(?=\bbut\s+(?:[^|\s]+\s+){0,8}?(?:i|we|me|myself)\b)")
#  "my partner reckons I should grab some docos but honestly after eleven hours on the road I just want a laugh"


# What someone else's wish is called: "the burgundy was my wife's idea" (`withdrawn.taken_back` too)
WISHED = r"idea|suggestion|choice|pick|wish"
# A person who says or thinks something is its source, not who the item is for: "my wife is saying all my shirts
# are too faded"
SPEAKS = re.compile(r"\s+(?:is\s+|was\s+|keeps\s+|always\s+|just\s+|will\s+|ll\s+|can\s+|gets\s+to\s+|finally\s+"
                    r"|also\s+|even\s+|already\s+)?"
                    r"(?:saying|says|said|thinks|thought|reckons|reckoned|insists|insisted|tells|told|telling|lets|let"
                    r"|complain(?:s|ed|ing)(?!\s+(?:about|of)\s+(?:her|his|their)\b)"   # not of her neck: a wearer
                    r"|nags|nagging|believes|feels|decide|decides|choose|chooses"
                    r"|pick|picks|wants\s+(?:me|us)\s+to|wanted\s+(?:me|us)\s+to"
                    r"|whispers|whispered|overruled|overrules|overrode|vetoed|vetoes|warned|warns|reminded|reminds"
                    r"|texted|texts|messaged|swears|swore|pointed\s+out|points\s+out|chimed\s+in|piped\s+up)\b"
                    # "my wife will decide that part": who decides, not who wears; "my wife wants me to get"; "mum
                    # overruled him: cotton"; "my dad whispered that she can't stand brown"
                    rf"|\s+(?:s\s+)?(?:{WISHED})\b")    # "the burgundy was my wife's idea"


# The shop addressed: "Dear Sir or Madam", "hello sir", "thank you ma'am"; the writer signing off
_TITLES_OF_ADDRESS = r"(?:sir|sirs|madam|madame|ma'?am|mam|maam)"
VOCATIVE = re.compile(rf"\b(?:dear|hello|hi|hey|good\s+(?:morning|afternoon|evening|day)|respected|thank\s+you|thanks"
                      rf"|please|yes|no)[\s,]+{_TITLES_OF_ADDRESS}(?:\s*(?:or|and|/)\s*{_TITLES_OF_ADDRESS})?\b"
                      rf"|\b{_TITLES_OF_ADDRESS}\s*(?=[|]|$)"
                      # a letter's close and the writer's name: "I remain, yours faithfully, Arthur Penrose"
                      r"|\b(?:yours\s+(?:faithfully|sincerely|truly)|(?:kind|best|warm|warmest)\s+regards|regards"
                      r"|best\s+wishes|i\s+remain)\b(?:[\s|]*[a-z]+){0,6}[\s|]*$")
# A taste the user had: "I used to adore musicals", "we used to watch a lot of westerns"
USED_TO = re.compile(r"\bused\s+to\s+(?:(?:really|totally|absolutely)\s+)?(?:like|love|adore|enjoy|watch|wear|be into"
                     r"|buy)\s+(?:(?:a\s+lot\s+of|lots\s+of|all|the|those)\s+)?(?:[a-z]+\s+)?$")
_MOVED_ON = re.compile(r"\b(?:but|now|lately|these days|nowadays|anymore|any more|no longer|not any ?more)\b")


# What the user has been watching or wearing of late, up to the value in that sentence: "I've been on a massive
# space kick lately, documentaries, books, the lot"
_BEEN_ON = re.compile(r"\b(?:i|we|he|she|they)\s+(?:ve|have|has|s)\s+been\s+(?:(?:really|totally)\s+)?(?:watching"
                      r"|wearing|buying|binging|bingeing|devouring|on|into|stuck\s+on|hooked\s+on|obsessed\s+with)\b"
                      r"(?:(?!\|\s*\|).)*$")
# ... and what it is to be followed by now: "now I want fiction", "for a change" (not "now more of the same")
_NOW_ELSE = re.compile(r"\b(?:now|for\s+a\s+change|something\s+different|change\s+of\s+pace)\b(?![^|]*\b(?:more|same"
                       r"|another|again|keep)\b)")


def past_taste(t: str, link: Link) -> bool:
    """Is the value a taste the user had and has moved on from: "I used to adore musicals but lately ...", "I've
    been on a documentary kick lately. now I want fiction" (not "we used to watch westerns every Sunday and I'd
    like to start again", "I've been watching westerns, now more of them")?"""
    clause = t[link.end:].split("|")
    after = clause[0] + " " + " ".join(clause[1].split()[:2] if len(clause) > 1 else [])   # "..., now a comedy"
    if USED_TO.search(t, 0, link.start):
        return bool(_MOVED_ON.search(after))
    sentences = re.split(r"\|\s*\|", t[link.end:])
    return bool(_BEEN_ON.search(t, 0, link.start)) and bool(_NOW_ELSE.search(" | ".join(sentences[:2])))


# A time of someone's life, up to the word it names: "great when I was a kid"
_WHEN_ONE_WAS = (r"\b(?:when|since|as)\s+(?:i|we|he|she|they|you)\s+(?:was|were)\s+(?:(?:a|an|just|still|only"
                 r"|little|young|small)\s+)*")
# A value named as an event that dates something: "before the Second World War", "post-war", "after the war", or
# a time of life; not what someone is after ("I'm after women's trousers": wants them)
_UNLESS_BE = r"(?<!\bm )(?<!\bim )(?<!\bam )(?<!\bre )(?<!\bare )(?<!\bs )(?<!\bis )"     # "i m", "we re", "she s"
WHEN = re.compile(rf"\b(?:before|{_UNLESS_BE}after|since|until|till|pre|post|inter)[\s-]*(?:the\s+)?"
                  rf"(?:(?:first|second|great|last|cold|civil|world|\d{{1,2}}(?:st|nd|rd|th)?)\s+){{0,3}}$|{_WHEN_ONE_WAS}$"
                  # or what an item turns into: "white lasts five minutes before it's grey"
                  r"|\b(?:before|until|till)\s+(?:it|they|its|theyre)\s+(?:(?:s|is|re|are|turns?|goes|go|gets?|becomes?)"
                  r"\s+)?(?:all\s+|a\s+bit\s+)?$"
                  # ... or would turn into: "not white because they'd be grey in a week"
                  r"|\b(?:(?:because|cos|coz|cause|since)\s+(?:it|they)\s+(?:d|would|will|ll)\s+(?:(?:soon|quickly|just)\s+)?"
                  r"be|(?:it|they)\s+(?:d|would|will|ll)\s+(?:(?:soon|quickly|just)\s+)?(?:turn|go|get|end\s+up))"
                  r"\s+(?:all\s+|a\s+bit\s+|kind\s+of\s+)?$")
# An anniversary named by what its gifts are made of: "our ruby wedding anniversary", "a golden jubilee"; a colour
# naming a card (a referee's "red card for anything romantic")
OCCASION = re.compile(r"\s+(?:wedding\s+)?(?:anniversary|jubilee)\b|\s+cards?\b")
# ... and one said whole, up to the value's end: "the ones he watched in his youth"
LIFETIME = re.compile(r"\b(?:in|from|of)\s+(?:my|his|her|our|their|your)\s+(?:youth|childhood|teens|younger\s+days"
                      r"|school\s+days)$")     # "films from my childhood": a time, no Children's
_LIFETIMES = re.compile(rf"{_WHEN_ONE_WAS}[a-z]+|" + LIFETIME.pattern.removesuffix("$"), re.I)


def lifetimes(t: str) -> list[tuple[int, int]]:
    """Spans naming a time of someone's life ("when I was a kid", "in his youth"): what is said of it is no topic
    (normalised words or the message itself)."""
    return [(m.start(), m.end()) for m in _LIFETIMES.finditer(t)]


# A subject pronoun right before a word makes it a verb: "I dress like a geography teacher", "she always suits red"
SUBJECT = re.compile(r"\b(?:i|you|he|she|we|they)\s+(?:always\s+|usually\s+|often\s+|never\s+|just\s+|really\s+)?$")
# ... and a be-verb or "keeps" before an "-ing" word makes it one in progress: "in the heat he is sweating very
# much", "my husband keeps sweating through his jeans"
DOING = re.compile(r"(?:\b(?:i|you|he|she|we|they)\s*(?:am|m|is|s|are|re|was|were)|\b(?:keeps?|kept|starts?|started"
                   r"|stops?|stopped))\s+(?:always\s+|usually\s+|often\s+|just\s+|really\s+|constantly\s+|still\s+)?$")


def suggested(t: str) -> list[tuple[int, int]]:
    """Spans of what someone else suggests that a "but I ..." sets aside."""
    return [(m.start(), m.end()) for m in _SUGGESTED.finditer(t)]


# What the list shown is said to have, no wish: "some of those are horror - cut the horror ones out", "most of
# those were black" (not "half of them are scaredy-cats so no horror": people)
# How many of the items shown a remark is about: "some of those", "half of these"
_SOME = r"some|most|all|half|a\s+few|a\s+couple|two|three|loads|lots|a\s+lot|several|many"
_SHOWN_ARE = re.compile(rf"\b(?:{_SOME})\s+"
                        r"of\s+(?:those|these|the\s+ones\s+(?:you\s+)?(?:showed|shown|listed|suggested))\s+"
                        r"(?:are|were|look|looked|seem|seemed)\s+[^|]*")


# What something said is likened to: "and not navy either (that is basically black, right?)"
_LIKENED = re.compile(r"(?:^|\|)\s*(?:and\s+|but\s+|cos\s+|because\s+)?(?:that|it|which|this|they|those)\s+"
                      r"(?:(?:(?:is|s|are|re|looks?|seems?)\s+)?(?:basically|practically"
                      r"|pretty\s+much|almost|nearly|essentially|virtually|more\s+or\s+less)|counts?\s+as)"
                      r"\s+[a-z]+(?:\s+[a-z]+)?"       # "no suede either, that counts as leather to me"
                      r"|(?<!\banything that )(?<!\bnothing that )(?<!\banything which )(?<!\bwhatever )"
                      r"\b(?:feels|smells)\s+like\s+(?:an?\s+|some\s+)?[a-z]+(?:\s+[a-z]+)?")
#      "polyester feels like a trash bag": no bag (not "I feel like a comedy": a wish; nor "ban anything that smells
#      like a kids' film": the kind itself)


# What some of the kind do, as a reason: "the older ones frighten Poppy", "the cheap ones fall apart" (a verb after
# "ones": no function word, pronoun or particle: "the ones he has", "cut the horror ones out")
_ONES_DO = re.compile(r"\b(?:the|those|these)\s+(?:[a-z]+\s+)?ones\s+(?:(?:always|just|really|all|only)\s+)?"
                      r"(?P<what>[a-z]+)\b")
_NOT_DOING = """are were is was s re d ll with in on at from to that which who whose where when made by for of and or
i you he she we they it my his her our their your the a an out off away back up down too also please pls again instead
as so but then though either here there now like than all any not no only just thanks"""
_NO_DOING = frozenset(_NOT_DOING.split())


def said_of_shown(t: str) -> list[tuple[int, int]]:
    """Spans saying what the items shown are (`_SHOWN_ARE`), what something is likened to (`_LIKENED`), or what
    some of the kind do (`_ONES_DO`): they describe, asking for nothing."""
    return [(m.start(), m.end()) for p in (_SHOWN_ARE, _LIKENED) for m in p.finditer(t)] + [
        m.span("what") for m in _ONES_DO.finditer(t) if m.group("what") not in _NO_DOING]


def worn_with(t: str) -> list[tuple[int, int]]:
    """Spans naming what the wanted item goes with, or what the user already has."""
    return [(m.start(), m.end()) for m in _WORN.finditer(t)] + owned(t) + stocked(t)


def stocked(t: str) -> list[tuple[int, int]]:
    """Spans naming what a place the user keeps things in is full of (`_FULL_OF`): no wish, whatever else the
    message names."""
    return [(m.start("what"), m.end("what")) for m in _FULL_OF.finditer(t)]


# What someone is in now: "I'm melting in my old denim ones", "sweating in his wool suit", "wearing my black jeans",
# "he's always freezing, even in his black cotton shirt" (not "in my size", "in my price range", "in my opinion")
_NOT_WORN = (r"(?!(?:but|please|that|to|for|and|or|size|favou?rite|price|budget|colou?rs?|style|range|opinion|view"
             r"|experience|life|time|area|town|city|country|family)\b)")
_IN_MINE = re.compile(rf"\b(?:in|wearing)\s+(?:my|our|his|her|their)\s+(?P<what>(?:{_NOT_WORN}[a-z]+\s+){{0,2}}"
                      rf"{_NOT_WORN}[a-z]+)\b")
# ... or has, said by "one": "because my grey polyester one doesn't keep the wind out", "like my wool ones"
_MINE_ONE = re.compile(r"\b(?:my|our|his|her|their)\s+(?P<what>(?:[a-z]+\s+){1,3}?(?:ones?|pairs?))\b")


# What someone has that has failed them: "my city coat is useless", "his old boots are falling apart"
_MINE_FAILING = re.compile(r"\b(?:my|our|his|her|their)\s+(?P<what>(?:[a-z]+\s+){0,2}?[a-z]+)\s+(?:is|are|s|re|was"
                           r"|were)\s+(?:(?:so|really|just|totally|completely|utterly|absolutely|now|all|getting)\s+)*"
                           r"(?:useless|rubbish|worn\s+(?:out|through|thin)|falling\s+apart|ruined|broken|ripped|torn"
                           r"|shabby|tatty|threadbare|knackered|done\s+for|past\s+it|no\s+good|dead)\b")


# A value word describing something else someone has, the noun right after it: "my old grey car's boot", "her blue
# eyes", "our black cat" (a kind of item had is `owned`'s: "my grey coat is useless"; not "the": "not the light blue
# wash", "not the sporty gym type" describe the item)
_MINE_BEFORE = re.compile(r"\b(?:my|our|his|her|their|your)\s+(?:[a-z]+\s+){0,2}$")


def of_something_had(t: str, link: Link, words: Lexicon | None, is_value: Callable[[str], bool]) -> bool:
    """Does the value describe a thing someone has that is no kind of item (`Lexicon.is_object`: "car", "eyes"; no
    value's word: "her other leather bags")?"""
    head = re.match(r"\s+([a-z]{3,})", t[link.end:])          # a content word: not "or" (WordNet's operating room)
    return words is not None and head is not None and _MINE_BEFORE.search(t, 0, link.start) is not None \
        and words.is_object(head.group(1)) and not is_value(head.group(1)) \
        and link.value not in words.people_values                                      # not "my sister Rose"


# ... said as what the things owned are: "the only summer shoes i own are a pair of black canvas sneakers"
_OWNED_ARE = re.compile(r"\bthe\s+(?:only\s+)?(?:[a-z]+\s+){0,3}?(?:i|we|he|she|they)\s+(?:already\s+)?(?:own|owns|have"
                        r"|has)\s+(?:is|are|s|re)\s+(?P<what>(?:a\s+pair\s+of\s+|an?\s+|some\s+)?(?:[a-z]+(?:\s+|$)){1,4})")


# ... said as a plenty: "I have rather a lot of black already", "she's got too many hoodies", "we own plenty of linen"
_PLENTY = re.compile(r"\b(?:i|we|he|she|they)\s+(?:already\s+)?(?:have|has|own|owns|(?:ve|s|have|has)\s+got)\s+"
                     r"(?:already\s+)?(?:(?:rather|quite|so|way|far)\s+)?(?:(?:a\s+lot|lots|loads|tons|heaps|plenty)\s+of"
                     r"|enough|too\s+(?:much|many)|so\s+(?:much|many))\s+(?P<what>(?:[a-z]+\s+){0,2}?[a-z]+)"
                     r"(?=\s+(?:already|as\s+it\s+is)\b|\s*(?:\||$))")


def owned(t: str) -> list[tuple[int, int]]:
    """Spans naming what someone already has, a list's later members too ("i already have black boots brown
    boots and a pair of grey ones"), has plenty of ("rather a lot of black already"), or is in now ("melting in my
    old denim ones"), or has that failed them ("my city coat is useless")."""
    out = [(m.start("what"), m.end("what")) for p in (_IN_MINE, _MINE_ONE, _MINE_FAILING, _OWNED_ARE, _PLENTY)
           for m in p.finditer(t)]
    for m in _OWNED.finditer(t):
        end = m.end("what")
        while (more := _AND_MORE.match(t, end)) is not None:
            end = more.end()
        out.append((m.start("what"), end))
    return out


_AND_MORE = re.compile(r"(?:[a-z]+\s+)?and\s+(?:a\s+pair\s+of\s+|a\s+|an\s+|some\s+)?"
                       r"(?:(?!but\b|please\b|that\b|to\b|for\b|i\b|want\b|need\b)[a-z]+(?:\s+|$)){1,3}")


_ANOTHER = re.compile(r"(?<!\bany )(?<!\bor )\b(?:an?other|other|different|new)\s+(?P<name>[a-z]+)\b"
                      r"|\b(?:not|isnt|none\s+of|no)\s+(?:in\s+)?(?:any\s+|either\s+)?(?:of\s+)?(?:those|these|them"
                      r"|the\s+same)\s+(?P<those>[a-z]+)\b")     # "that isn't any of those colours", "not in either of"


_OPEN_TO = re.compile(r"\b(?:also|too|as well|fine|ok|okay|welcome|open to|happy (?:with|to)|best|ideal|ideally"
                      r"|prefer|preferably|would be nice|would be great)\b")


def another(t: str, links: list[Link], names: Mapping[str, str], had: Sequence[Link] = ()) -> list[Link]:
    """A value said before "another colour" in the message is the one not wanted: "brown he has already, so
    another colour please"; where other ones will do too, it is no constraint at all ("a red scarf, but other
    colours are fine", "white would be best but other colours I will also look at"). `had`: values of what the
    user already has (`owned`), ruled out the same way ("I already have black boots and grey ones, want a pair
    that isn't any of those colours"). The normalised words keep no sentence ends (`phrases.norm` makes them
    "|"), so the whole message is read."""
    out = list(links)
    for m in _ANOTHER.finditer(t):
        if m.group("name") and re.search(r"\b(?:no|not|never|nothing|none|nor)\s+(?:[a-z]+\s+){0,2}$", t[:m.start()]):
            continue          # "brown or black, I wear no other colour": those and only those
        field = names.get(m.group("name") or m.group("those"))
        out += [k for k in had if k.field == field and k.end <= m.start() and k not in out]    # "I have black
        #                                                             boots, want another colour": not black
        said = [k for k in out if field == k.field and k.end <= m.start() and not k.negated]
        if _OPEN_TO.search(t):      # "white would be best but other colours I will also look at"
            out = [k for k in out if k not in said]
        else:
            out = [Link(k.field, k.value, k.start, k.end, True, k.how, k.similarity) if k in said else k for k in out]
    return sorted(out, key=lambda k: k.start)


def within(link: Link, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= link.start and link.end <= e for s, e in spans)


def outside(links: Sequence[Link], spans: Sequence[tuple[int, int]]) -> list[Link]:
    return [k for k in links if not within(k, spans)]


def without_worn_with(links: list[Link], spans: Sequence[tuple[int, int]],
                       thing: Callable[[Link], bool], again: Callable[[Link], bool]) -> list[Link]:
    """Drop what describes the thing the item goes with: a span naming a thing (`thing`: a garment, a
    fabric) or a value of a field also named outside it. In "a jumper to wear over a shirt" and "something
    to go with my tan chinos" that is the shirt, the chinos and their colour; in "a jacket for my husband"
    nothing (a husband is no thing, and the jacket no audience)."""
    fields = {k.field for k in outside(links, spans)}
    worn = [(s, e) for s, e in spans
            if any(k.field in fields or thing(k) for k in links if within(k, [(s, e)]))]
    return [k for k in links if not within(k, worn) or again(k)]


# A wish hedged in its own clause: "a cashmere sweater, ideally something minimalist", "below 70 dollars if
# possible", "a classic look would be ideal", "casual or whatever". A plain "X would be great" is often the request
# itself, so a hedged value only gives way where the rest of the request leaves too few items (`planner._yield`).
_HEDGE = re.compile(r"\b(?:ideally|preferably|optimally|if\s+(?:at\s+all\s+)?possible|where\s+possible"
                    r"|if\s+(?:you|u)\s*['\u2019]?\s*(?:ve\s+)?(?:can|could|have\s+(?:it|any|them|one|some)|got)\b"
                    r"|if\s+(?:there\s+are\s+any|available|any)\b"
                    r"|would\s+be\s+(?:nice|ideal|great|lovely|good|perfect|a\s+bonus|a\s+plus|cool|ace|grand|brill\w*)"
                    r"|(?:is|s|it)\s+a\s+(?:bonus|plus)\b(?!\s+size)|bonus\s+if"
                    r"|(?:i|we)(?:\s+would|\s*['\u2019]?\s*d)\s+prefer"
                    r"|or\s+(?:whatever|something|similar|the\s+like))\b", re.I)       # "casual or whatever"
_CLAUSE_ENDS = re.compile(r"[|,.;:!?\n]|\s[-\u2013\u2014]+\s|[\u2013\u2014]")


# An occasion named by what it is for, its words a value may be read in: "a plain top for the sports day" (sporty,
# maybe: a wish that gives way like a hedged one), "boots for a beach wedding"
_OCCASION_FOR = re.compile(r"\bfor\s+(?:(?:the|a|an|my|our|his|her|their|this|that|next|a\s+big)\s+)?"
                           r"(?P<what>(?:[a-z]+\s+){1,2}?)(?:days?|nights?|party|parties|event|do|trip|dinner|lunch"
                           r"|function|evening|gala|ball|meeting|occasion|outing|match|game|festival|weekend|wedding"
                           r"|reunion|dance)\b")


def hedged(t: str) -> list[tuple[int, int]]:
    """Spans of the clauses (between "|", punctuation or a dash) that hedge their wish, with the clause before one
    that says nothing but the hedge ("horror would be fun, if possible"), and of the words naming an occasion
    (`_OCCASION_FOR`)."""
    ends = [0, *(m.start() for m in _CLAUSE_ENDS.finditer(t)), len(t)]
    clauses = list(itertools.pairwise(ends))
    out = []
    for i, (a, b) in enumerate(clauses):
        if (m := _HEDGE.search(t, a, b)) is None:
            continue
        bare = not set(re.findall(r"[a-z]{3,}", t[a:m.start()] + " " + t[m.end():b])) - _BARE_HEDGE
        out += [clauses[i - 1], (a, b)] if bare and i else [(a, b)]
    return out + [m.span("what") for m in _OCCASION_FOR.finditer(t)]


# What a clause that only hedges the one before may say besides: "but only if possible, really"
_BARE_HEDGE = frozenset({"but", "only", "and", "though", "really", "just", "that", "this", "course", "please", "pls"})


# A reason given for a choice, up to its clause's end: "a cotton one because the linen ones wrinkle"
# or a clause opening with "as" ("... suede boots | as leather ones always pinch my feet"; not "as well", "as a gift")
_REASON = re.compile(r"(?:\b(?:because|cos|coz|cause|cuz|bc|seeing\s+as)\b"
                     r"|\bsince\s+(?=(?:i|you|he|she|we|they|my|his|her|our|their)\b)"    # not "since 1990"
                     r"|(?<=\|\s)as\s+(?!(?:well|for|a|an|if|though"
                     r"|long|soon|much|usual|always|in|to|per|of|with|far|good|such)\b))(?:(?!\b(?:so|but)\b)[^|])*")


def reasons(t: str) -> list[tuple[int, int]]:
    """Spans giving a reason for a choice (`_REASON`): "... since my jeans won't cut it"."""
    return [m.span() for m in _REASON.finditer(t)]


def reasoned_away(t: str, links: list[Link], single: Callable[[str], bool]) -> list[Link]:
    """The links less a value of a single-valued field named only in a reason for choosing another value of it,
    asked for outside the reason: in "a cotton one because the linen ones wrinkle" the linen is what the
    cotton was chosen over, no second choice; and less a value named in the reason for refusing it ("nothing
    woollen because she has an allergy from wool"). A value the reason refuses stays refused."""
    spans = reasons(t)
    chosen = {k.field for k in links if single(k.field) and not k.negated and not within(k, spans)}
    refused = {(k.field, k.value) for k in links if k.negated and not within(k, spans)}
    return [k for k in links if k.negated or not within(k, spans) or not (
        k.field in chosen or (k.field, k.value) in refused)]      # "because she hates leather": still refused


# A complaint about the items shown: "I asked for dramas", "that's not what I meant", "wrong shade"; "you gave me
# leather ones" is one by itself
# What the user asked for before, said again: "I asked for", "like I said" (`edits.restates` too)
SAID_BEFORE = r"i\s+(?:said|asked\s+for|wanted|meant)|like\s+i\s+said"
_COMPLAINT = re.compile(rf"\b(?:{SAID_BEFORE}|i\s+(?:specified|specifically\s+(?:said|asked)|told\s+you|was\s+after)"
                        r"|not\s+what\s+i|that\s*['\u2019]?\s*s\s+not\s+(?:it|right|what)"
                        r"|wrong|you\s+(?:gave|showed|sent|suggested|listed|recommended|picked)"
                        r"|you\s*['\u2019]?\s*re\s+(?:not\s+listening|(?:still\s+)?showing)|still\s+getting"
                        r"|why\s+(?:are|is)\s+(?:these|those|they|there))\b"
                        r"|[?!]\s*[?!]", re.I)     # indignant: "those are red and yellow?!", "why are these black??"
# What a complaint says the items shown are, up to what it names: "half of those are heavy dramas", "those are
# mostly before 1980", "you gave me suede", "those include suede pairs", "there are horror-comedies in there"
_SHOWN_WERE = re.compile(
    rf"\b(?:(?:{_SOME}|both|one)\s+of\s+)?"
    r"(?:those|thos|these|they|them)\s*(?:['\u2019]\s*re\s+|\s+(?:are|were|is|was|look|looked|seem|seemed|include"
    r"|included|includes)\s+)(?:(?:all|mostly|just|basically|clearly|only|some|a\s+few|still)\s+)*"
    r"|\bwhy\s+(?:are|is)\s+(?:these|those|they)\s+(?:(?:all|so|mostly|still)\s+)?"    # "why are these all black??"
    r"|\b(?:still\s+getting|you\s*['\u2019]?\s*re\s+(?:still\s+)?showing\s+(?:me|us))\s+"  # "still getting dramas??"
    r"|\byou\s+(?:gave|showed|sent|suggested|listed|recommended|picked)(?:\s+(?:me|us))?\s+"
    r"(?:(?:a\s+bunch\s+of|loads\s+of|lots\s+of|all|mostly|just|only|some)\s+)*"
    r"|\bthere\s*(?:['\u2019]\s*s\s+|\s+(?:are|were|is)\s+)(?:(?:some|a\s+few|loads\s+of|lots\s+of|too\s+many)\s+)?"
    r"(?=[^.!?;]*\bin\s+there\b)", re.I)
# ... or says what was wrong with it, a complaint about another field ("you suggested a scarf which was far too
# expensive"), or what the items are for or must be ("they're for my niece", "they have to be cotton")
_WHICH_WAS = re.compile(r"\b(?:which|that|who)\s+(?:was|were|is|are)\b|^\s*(?:for|to|meant|supposed|going|needed|must"
                        r"|should|have|has|need|needs)\b", re.I)
_PRAISE = re.compile(r"\b(?:great|good|nice|lovely|perfect|brilliant|love|loved|liked|enjoyed|thanks|thank|spot\s+on"
                     r"|right|fine)\b", re.I)


def complained(text: str) -> str:
    """The message with what a complaint says the items shown were said as ruled out: "half of those are heavy
    dramas! I asked for funny" refuses drama, "those are mostly before 1980, I wanted after" the years before 1980,
    "you gave me suede, I wanted leather" suede. A clause that praises them ("you gave me great comedies, thanks")
    and a message with no complaint are left as they are, and so is an item said with what was wrong with it ("you
    suggested a scarf which was far too expensive")."""
    if not _COMPLAINT.search(text):
        return text

    def ruled_out(m: re.Match) -> str:
        clause = re.split(r"[.!?;,\u2013\u2014]", text[m.end():])[0]
        return m.group(0) if _PRAISE.search(m.group(0) + clause) or _WHICH_WAS.search(clause) else "nothing "

    return _SHOWN_WERE.sub(ruled_out, text)


# A past item and what went wrong with it, to the clause's end - the reason for the request, no wish: "the white tee
# I got went see-through", "that horror film was rubbish", "my polyester coat made me sweat", "the last old film you
# found was from the 30s", a sentence's opening words: "canvas sneakers got soaked" (not praise: "the wool one was
# perfect"; not a pronoun: "we were hoping for a comedy"; not a function word: "a comedy that was made in 1990")
_NOUN = (r"(?!(?:i|we|you|he|she|they|it|there|what|which|who|was|were|is|are|be|been|has|have|had|and|or|but|with"
         r"|from|in|of|for|to|not|no|so|if|then|also|just|only|a|an|the|that|this|those|these|some|any|something"
         r"|anything|please|pls)\b)[a-z0-9-]+")
_WORDS_ON = (r"(?:\s+(?!(?:i|we|so|but|and|then|now|need|want|please|pls)\b)[^|.,;!?\s]+){0,8}")   # to the clause's
#                            end, eight words at most, or a new wish ("my old one ripped um I need a coat": a run-on)
_PAST_ITEM = re.compile(rf"(?:\b(?:the|that|this|those|these|my|our|his|her|their)\s+(?P<np>(?:{_NOUN}\s+){{0,3}}?"
                        rf"{_NOUN})|(?:^|(?<=\|\s)|(?<=[.!?]\s))(?P<bare>(?:{_NOUN}\s+)?{_NOUN}))\s+"
                        r"(?:(?:i|we|you|he|she|they)\s+(?:(?:just|recently|had|have|ve|d)\s+)?(?:got|bought|ordered"
                        r"|picked|found|chose|suggested|recommended|sent|returned|tried|wore|watched|saw|rented|had"
                        r"|owned)\b(?:\s+(?:before|previously|then))?"    # "the suede pair he had before was useless"
                        r"(?:\s+(?:for|from|at|on|in|last)\s+[a-z0-9]+(?:\s+[a-z0-9]+)?)?\s+"
                        r"|nothing\s+(?:(?:for|from|at|on|in|last)\s+[a-z0-9]+\s+)?)?"   # "you picked", as `complained`
                        r"(?:(?:finally|just|completely|totally|already|really|suddenly|literally)\s+)?"   # reads it
                        r"(?:(?:(?:was|were|went|came(?!\s+out)|fell|turned|shrank|ripped|tore|broke|lasted)\b"
                        r"|(?:made|had|gave|left|kept|got|bored)\s+(?:me|him|her|us|them|my|his|their|our)\b"
                        r"|got\s+(?:[a-z]+ed|torn|worn|stuck|caught|wet)\b)(?=\s+[a-z0-9])"      # "got soaked"
                        r"|(?:died|split|perished|(?:wore|worn)\s+(?:out|through|thin)|gave\s+(?:out|up|way)"
                        r"|fell\s+apart|wrinkles?|creases?|scratches|shrinks?|fades?|pills?|bobbles?"
                        r"|chafes?|stinks?|sucks?|(?:never|don\s*t|do\s+not|didn\s*t|won\s*t)\s+(?:last|hold\s+up)"
                        r")\b)"                                 # said whole: "my boots died", "the linen wrinkles"
                        r"(?!\s+(?:(?:so|really|just|absolutely)\s+)?(?:perfect|great|lovely|good|nice"
                        rf"|amazing|brilliant|fantastic|excellent|spot\s+on|ideal|right|fine|born|a\s+hit)\b){_WORDS_ON}")


# ... or sent back: "I sent back a black dress because it looked too funereal"
_SENT_BACK = re.compile(r"\b(?:i|we|he|she|they)\s+(?:ve\s+|have\s+|had\s+)?(?:just\s+|already\s+|had\s+to\s+)?"
                        rf"(?:sent\s+back|returned|took\s+back|gave\s+back)\b{_WORDS_ON}"
                        rf"|\b(?:from|after|by)\s+(?:returning|sending\s+back|taking\s+back)\b{_WORDS_ON}")
# ... or paid for: its words only, "what I spent on my coat", "I already blew my budget on a parka" (what it cost may
# bound the price: "less than what I paid for the one I bought in Orillia, that was 45")
_PAID_FOR = re.compile(r"\b(?:spent|paid|blew)\s+(?:[$\u00a3\u20ac]?\d+(?:\.\d+)?\s+"
                       r"|(?:my|our|his|her|the)\s+(?:whole\s+)?(?:budget|money|savings|cash|wages?)\s+)?(?:on|for)"
                       r"\s+(?P<np>(?:(?:my|our|his|her|their|the|a|an|some|that|this)\s+)?(?:[a-z]+\s+){0,2}?[a-z]+)\b"
                       r"(?=\s*(?:\||$|which|that|and|but|last|in|at|from|it|they))")


def past_items(t: str, is_person: Callable[[str], bool], a_kind: Callable[[str], bool] = lambda w: False,
               ) -> list[tuple[int, int]]:
    """Spans telling of an item had or shown before and what went wrong with it (`_PAST_ITEM`), not of people
    ("my son got really into westerns"), or of one sent back; without the item's head where `a_kind` says it names
    a kind of item ("my old boots fell apart": boots again). `t`: normalised words, or the message lower-cased."""
    out = [(m.start(), m.end()) for m in _SENT_BACK.finditer(t)] + [m.span("np") for m in _PAID_FOR.finditer(t)]
    for m in _PAST_ITEM.finditer(t):
        np = "np" if m.group("np") else "bare"
        head = re.search(r"[a-z0-9-]+$", m.group(np))
        if is_person(head.group(0)):
            continue
        at = m.start(np) + head.start()
        owners = [o for o in re.finditer(r"[a-z]+", m.group(np)[:head.start()]) if is_person(o.group(0))]
        start = m.start(np) + owners[-1].end() if owners else m.start()     # "my wife's jandals gave up": she stays
        out += [(start, at), (at + len(head.group(0)), m.end())] if a_kind(head.group(0)) else [(start, m.end())]
    return out
