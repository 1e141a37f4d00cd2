"""Which way a linked value is said: wanted or ruled out (what a message takes back is `agents/withdrawn.py`).

- `negated`: a negation opens the value's clause ("no horror or sci-fi", "nothing romantic", "what I don't want:
  horror, thrillers"), or a refusal follows it ("horror absolutely not", "red never works on me");
Links (`agents/links.py`) are read by their field, value, span, `negated` and `how`; the words and phrases that
refuse are `agents/refusing.py`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rec.agents.corrections import CORRECTION
from rec.agents.phrases import SOFTLY
from rec.agents.refusing import (
    ADDED,
    BAD_ADJECTIVES,
    JUDGED_BAD,
    LEAVE_OUT,
    NEGATION,
    NOT_TO_BE,
    PAST_IT,
    REFUSAL,
    REFUSING,
    TURNED_DOWN,
)

if TYPE_CHECKING:
    from rec.agents.links import Link

_REFUSING_AT = re.compile(rf"\b(?:{REFUSING}|{PAST_IT})$")
# A value ruled out by what follows it: "red never works on me", "black doesn't suit me", "beige is not for me"
_AFTER_NEGATION = re.compile(r"\s*(?:\|\s*(?:however|though|by\s+contrast|in\s+contrast|on\s+the\s+other\s+hand"
                             r"|conversely|meanwhile)\s*(?=\|))?"     # "thrillers, by contrast, are not to be included"
                             r"\s*(?:\|?\s*(?:which|that)\s+)?"      # "a musical, which isn't really my cup of tea"
                             r"(?:(?:films?|movies?|ones|stuff|things|styles?|looks?|colou?rs?|materials?|fabrics?|pairs"
                             r"|genres?|kinds?|types?|brands?)\s+)?(?:"   # "war films aren't my thing", "bohemian
                             #                                            style is not really my thing"
                             r"(?:(?:is|are|does|do|just|really|simply)\s+)*(?:not|never)\s+(?:work|works|suit|"
                             r"suits|look|looks|flatter|flatters|for (?:me|us|her|him|them)|my|his|her|their|our"
                             r"|good|great|right)\b"
                             r"|(?:is|are|s|re)\s+(?:just\s+|only\s+)?for\s+(?:babies|toddlers|little kids|losers)\b"
                             r"|(?:(?:is|are|s|re|stays?|remains?)\s+)?(?:on\s+the\s+bench|benched|suspended|banned|barred"
                             r"|off[\s-]limits)\b"            # a fan's "horror's on the bench tonight"
                             #                                                   "my son says animation is for babies"
                             r"|(?:(?:is|are|does|do|just|simply)\s+)*(?:not|never)\s+(?:really|quite|exactly|totally)\s+"
                             r"(?:my|his|her|their|our|for (?:me|us|her|him|them))\b"   # "sci-fi isn't really my thing"
                             # before a refusal ending its clause: "but brown colour i do not want"
                             r"|(?:colou?r\s+|one\s+|ones\s+|stuff\s+)?(?:\|\s*)?(?:i|we|he|she|they)\s+(?:really\s+)?"
                             r"(?:(?:(?:do|does|did)\s+not|dont|doesnt|didnt|not|never)\s+(?:want|like|need|wear|watch)"
                             r"|(?:can?\s*not|cant|could\s*not|couldnt)\s+(?:stand|bear|stomach|handle|face)"
                             r"|hates?"     # "horror movie, i not like"; "war stuff I can't handle tonight"
                             r"|(?:want|need|would\s+like|d\s+like)\s+(?:kept|left)\s+out)"   # "the romance i want
                             #                                                                      kept out"
                             r"(?:\s+(?:it|them|that|those|either|at all|thanks|please|tonight|today|now"
                             r"|any\s*more|right now))*\s*(?=\||$)"
                             # a fronted object: "horror i'm not mad about, to be honest"
                             r"|(?:i|we|he|she|they)\s*(?:m|am|re|are|s|is)?\s+(?:not|never)\s+"
                             rf"{SOFTLY}(?:mad|crazy|wild|keen|big|sold)\s+(?:about|on)(?=\s*(?:\||$|to\b|honestly\b))"
                             # "horror is completely off the table", "musicals are a no-go", "leather is a hard pass"
                             r"|(?:(?:is|are|has|have|been|was|completely|totally|absolutely|definitely|strictly|firmly"
                             r"|also|now|just|likewise|similarly|additionally"
                             r"|still|though|tho|in\s+it|in\s+them|for\s+(?:me|us|him|her|them))\s+)*"   # "are for me
                             r"(?:off the table|out of the question"   # a no-go"; "crime
                             r"|off limits|not an option|ruled out"         # though is a no from me"
                             r"|banned|forbidden|(?:never|not\s+at\s+all|no\s+way)(?=\s*(?:\||$))"   # "drama is fine,
                             #                                           horror is never", "and horror not at all"
                             r"|a (?:hard |firm |definite |big |total )?(?:no(?:\s+go)?(?!\s*brainer)"
                             r"|pass(?!\s+(?:on|at)\b)))\b"
                             # "horror is out", "crime's out too" ("crime out": the normalised words; not "the
                             # sequel is out now")
                             # "westerns are not wanted", "war films are to be avoided", a form's "romance - not wanted"
                             r"|(?:\|\s*)?(?:(?:is|are|s|re)\s+)?(?:(?:still|also|now|definitely|absolutely|strictly)\s+)*"
                             rf"(?:not\s+(?:wanted|welcome|needed|allowed)|unwanted|{NOT_TO_BE})"
                             r"(?=\s*(?:\||$|too\b|either\b|please\b|thanks\b|at\s+all\b))"
                             r"|(?:(?:is|are|s|re)\s+)?(?:(?:also|definitely|totally|completely|just|right"
                             r"|still)\s+)*out"
                             r"(?=\s*(?:\||$|too\b|as\s+well\b|also\b|and\b|so\b|for\s+(?:me|us|him|her|them)\b"
                             r"|thanks\b|please\b))"
                             # "black must not be the colour", "horror should not be it", a learner's "horror cannot"
                             r"|(?:must|should|may|can|shall)\s*(?:not|nt)\s+be(?:\s+(?:it|them|the\s+(?:colou?r|genre"
                             r"|material|fabric|style|kind|type)))?(?=\s*(?:\||$|please\b|thanks\b))|(?:can|ca)\s*not(?=\s*(?:\||$))"
                             # "a comedy-free zone", "leather-free"
                             r"|free(?=\s+(?:zone|area|please|pls|thanks|because|since|as)\b|\s*(?:\||$))"
                             # a list refused by what follows it: "Briwick and Briley, so skip those"
                             r"|\s*(?:\|\s*)?(?:so\s+|and\s+|just\s+|please\s+)*(?:skip|avoid|exclude|drop|lose"
                             r"|none of|not|no|nothing of)\s+(?:those|them|these|both|either)(?:\s+two|\s+ones)?"
                             r"\s*(?:\||$|please\b)"
                             r"|\s*(?:\|\s*)?(?:so\s+|and\s+|but\s+|please\s+)*neither(?:\s+(?:one|of\s+(?:them|those)))?"
                             r"(?:\s+(?:please|pls|thanks))?\s*(?:\||$)"
                             # what was shown too much of: "last time you showed me loads of wool, none of that"
                             r"|\s*\|\s*(?:so\s+|and\s+|just\s+|but\s+)*(?:none|no more) of (?:that|those|them|it)"
                             r"(?:\s+(?:this|next)\s+time|\s+again|\s+anymore|\s+please|\s+pls|\s+plz|\s+thanks)*"
                             r"\s*(?:\||$))")
# A span set between a verb and "out": "keep sci-fi out of it", "keep the space and robot sci-fi stuff out of it"
_LEFT = re.compile(r"\b(?:leave|leaving|keep|keeping|cut|take)\s+(?:the\s+|any\s+|all\s+)?"
                   r"(?:[a-z]+\s+(?:and\s+)?){0,2}$")
_OUT = re.compile(r"\s*(?:stuff\s+|ones\s+|films?\s+|movies?\s+)?(?:out\b|(?:well\s+|far\s+|right\s+)?away\b"
                  r"|off\s+(?:the|my|your|our|this)\s+(?:list|table|menu|pile|plate|order)\b)")    # "keep dramas off
#                                                                                          the list", "off the plate"


def left_out(t: str, start: int, end: int) -> bool:
    """Is `t[start:end]` left out: set between "leave"/"keep"/"cut" and "out", "away" or "off the list" ("keep the
    90s out of it", "keep war well away from it", "keep dramas off the list")?"""
    return bool(_LEFT.search(t, 0, start)) and bool(_OUT.match(t, end))


# A value said to be too much of something: "cotton looks too casual", "leather is way too hot in summer"
_TOO_MUCH = re.compile(r"\s*(?:(?:films?|movies?|ones|stuff|things)\s+)?(?:looks?|looked|is|are|was|were|feels?|felt"
                       r"|seems?|seemed|gets?|s|re)\s+(?:a\s+(?:bit|little)\s+|way\s+|far\s+|much\s+|just\s+"
                       r"|always\s+|kind\s+of\s+|kinda\s+)?too\s+[a-z]+"
                       # its "'s" gone from the normalised words: "silk's too dear"
                       r"|\s+too\s+(?:(?![a-z]+ly\b)[a-z]{3,}(?:y|ish|ive|ous|ful|ic)|dear|costly|hot|warm|heavy|thick"
                       r"|thin|stiff|loud|bright|dark|formal|casual|violent|sad|slow|much|delicate|fragile|sheer|cheap"
                       r"|dated|plain)\b")     # an adjective: "silk's too slippy", "too pricey" (not "too, ideally")
# A value answered with a refusal at its clause's end: "horror absolutely not", "musicals? no thanks", "red, never"
_REFUSED = re.compile(r"\s*(?:(?:ones|stuff|films?|movies?|one)\s*|in\s+(?:them|it)\s*)?(?:\|\s*)?"
                      r"(?:(?:also|too)\s+)?(?:absolutely|definitely|certainly|really|please|just)?\s*"
                      r"(?:(?:not|no|never|nope|none)(?:\s+no)*"
                      # the topic first, its refusal after (Hong Kong, Singapore English): "horror, don't want la",
                      # "those war ones no need", "war ones also don't want"; a signer's gloss: "leather? NOT-WANT"
                      r"|(?:(?:ones|stuff|films?|movies?|one)\s+)?(?:(?:also|too|really)\s+)?(?:(?:i|we|he|she|me)\s+)?"
                      r"(?:(?:(?:do|does)\s+)?not\s+(?:want|like|need)|no\s+need)(?:\s+(?:it|them|la|lah|ah|lor|leh|wor))*"
                      r"|(?:i|we|he|she|they)\s+(?:do|does)\s+not"      # "horror I like, romance I don't"
                      # the verb last or inverted: "leather, never would I wear", "wool it must not be", "comedies,
                      # seen enough of them I have"
                      r"|never\s+(?:would|will|could|shall|do|did)\s+(?:i|we|he|she|they)\s+[a-z]+(?:\s+(?:it|them))?"
                      r"|(?:it|they|this|that|these|those)\s+(?:must|should|can|may|will|shall)\s*not\s+be"
                      r"|(?:(?:i|we)\s+(?:have\s+)?)?(?:seen|had)\s+enough(?:\s+of\s+(?:them|those|it|that))?"
                      r"(?:\s+(?:i|we)\s+have)?)"
                      r"(?:\s+(?:thanks|thank you|way|chance|please))?\s*(?:\||$)"
                      r"(?!\s*(?:actually|wait|sorry|make it|make that|i mean|rather)\b)")    # a correction: "a frock
#                                                                 for my daughter - no, actually, a skirt" (no refusal)
# being fed up rules out what it is "of" ("sick to death of musicals"); alone it is an adjective ("my sick kid")
_FED_UP = frozenset(["sick", "tired", "fed", "bored"])
_OF = frozenset(["of", "with", "up", "to"])
_CLAUSE = {"|", "but", "maybe", "rather", "instead", "prefer", "preferably", "just", "only", "ideally", "though",
           "because", "cos", "coz", "cuz"}       # a reason's clause: "no musicals because singing is for babies"
_SO_OPENS = {"a", "an", "the", "some", "something", "i", "we", "maybe", "just", "give", "show", "for"}   # "so for my
LIST_WORDS = {"or", "and", "nor", "|", "a", "an", "the", "any", "anything", "too", "either", "not", "no", "about"}
_WANTING = {"want", "like", "need", "fancy", "see", "watch", "wear", "buy"}
_PARTITIVE = {"one", "ones", "of", "those", "these", "kind", "kinds", "sort", "sorts", "type", "types",
              "that", "which", "are", "is", "also"}    # "skip any that are also thrillers"

# "so" opening the request a reason leads to: "war films upset him, so an action movie without any war" (not "so gory")
_SO_AFTER = _SO_OPENS | {"no", "nothing", "not", "only", "please", "anything"}       # "so anything but grey"
SO_THEN = re.compile(rf"(?:\bso\s+|(?:(?<=\|\s)|^)so\s+\|\s+)(?:(?:absolutely|definitely|really|certainly|strictly"
                     rf"|just)\s+)?(?=(?:{'|'.join(sorted(_SO_AFTER))})\b)")   # "..., so absolutely no black";
#                                                                                          "So: a coat"
#          (a negation or "only" after "so" ends the negation walk before it: `_SO_OPENS` needs none of them)


# Not having a thing is no refusal of it: "he has not a single decent shirt", "I own no black shoes"
_OWNED_NONE = re.compile(r"\b(?:has|have|had|own|owns|got)\s+(?:(?:precisely|exactly|literally|absolutely)\s+)?"
                         r"(?:not\s+(?:a\s+|one\s+)?(?:single\s+)?|no\s+|zero\s+)(?:pairs?\s+of\s+|[a-z]+\s+)?$"
                         r"|\bnever\s+(?:(?:once|really|actually|even)\s+)?(?:owned|had)\s+(?:an?\s+|any\s+)?"
                         r"(?:pairs?\s+of\s+|[a-z]+\s+)?$")
#                  "I own precisely zero pairs of shorts", "I have literally never owned a real coat"
# What someone has outgrown of their own is what they need again: "he's outgrown every hoodie he owns"
_OUTGROWN_OWN = re.compile(r"\b(?:outgrown|grown out of)\s+(?:his|her|their|my|our|every|each|all (?:his|her|their|my"
                           r"|our))\s+(?:[a-z]+\s+){0,2}$")
# Nostalgia, no refusal: "he says they don't make them funny any more", "they don't make westerns like they used to"
_MADE_NO_MORE = re.compile(r"\bthey\s+(?:(?:do\s+)?not|dont)\s+make\s+(?:[a-z]+\s+){0,3}$")
_ANY_MORE = re.compile(r"[^|]*?\b(?:any\s*more|nowadays|these\s+days|like\s+they\s+(?:used\s+to|did)"
                       r"|like\s+(?:that|this|those|them)\s+any\s*more)\b")
# What an item lacks is what is wanted of another: "the silk dress was lovely but it doesn't come in XS, any others
# that do", "that one isn't available in navy", "the Velvik boots don't come in a 40" (whatever is said to lack it,
# not the speaker)
_LACKS = re.compile(r"\b(?!(?:i|we|you)\s)(?:[a-z]+|_+)\s+(?:(?:does|do|did|is|are)\s+not|doesnt|dont|didnt|isnt"
                    r"|arent)\s+(?:come|comes|available|made|sold|stocked)\s+in\s+(?:an?\s+|size\s+)?$")
# ... and what the items shown lack: "these aren't frightening AT ALL", "those were not even funny"
_SHOWN_LACK = re.compile(r"\b(?:these|those|thos)\s+(?:are|were)\s+not\s+(?:(?:very|remotely|even|really|that"
                         r"|at\s+all)\s+)*$")
# A value said to do: "cotton is fine", "navy works", "black would be perfect", "linen's cooler in this heat" (the
# "'s" is gone from the normalised words)
_FINE = re.compile(r"\s*(?:(?:is|are|s|re|would be|will be|d be)\s+(?:totally\s+|absolutely\s+|also\s+|just\s+)?"
                   r"(?:fine|ok|okay|good|great|perfect|alright|all right|spot on|best|ideal|lovely)"
                   r"|(?:(?:is|are|s|re|would be|will be|d be)\s+)?(?:much\s+|way\s+|far\s+)?(?:better|nicer|cooler"
                   r"|softer|comfier|warmer|lighter)|will do|would do|works|would work|sounds good"
                   r"|(?:fine|ok|okay|good)\s+(?:too|as well|also)(?=\s*(?:\||$)))\b")     # "cotton's fine too"


# Between a value and an example of it: "anything scary like horror", "bright colours, say red"
_EXAMPLE = re.compile(r"\s*(?:\|\s*)?(?:like|such as|say|eg|e g|for example|for instance|especially|particularly)\s+"
                      r"(?:(?:a|an|the|any|some)\s+)?")


# A "not" standing alone after what was said takes it back, as irony does: "oh great, another musical... not",
# "another black hoodie, just what my wardrobe needs... NOT!" (a clause or two between, within the sentence)
_NOT_AFTER = re.compile(r"[^|]{0,40}\|(?:[^|]{1,40}\|)?(?:\s*\|)*\s*not\s*(?:\||$)")


def _ironic(t: str, link: Link, links: Sequence[Link], kinds: Sequence[str]) -> bool:
    """Is `link` taken back by a "not" standing alone after it (`_NOT_AFTER`)? The kind of item a phrase ends on
    is not, where a value describes it: "another black hoodie... not" refuses the black."""
    described = link.field in kinds and any(k.end <= link.start and not t[k.end:link.start].strip() for k in links)
    return not described and _NOT_AFTER.match(t, link.end) is not None


# Words that open an exception: "any colour but black", "anything bar horror" (`links._ANY_BUT`)
ANY = r"any|anything|everything|every|all|whatever"
# The value "any colour but" excepts (`links._ANY_BUT` has written its "but" as "not"): what is fine is the rest
_EXCEPTED = re.compile(rf"\b(?:{ANY})(?:\s+at\s+all|\s+[a-z]+)?\s+not\s+$")


def negated(t: str, link: Link, links: Sequence[Link], kinds: Sequence[str] = ("category",)) -> bool:
    """A negation word opens the clause of `link`: within three other words before it, skipping the
    values and connectors of a list ("no horror, romance or musicals"). The kind of item a negated phrase
    ends on (`kinds`) is not ruled out: "no black wool coats" rules out the black and the wool. One said to be
    fine is wanted: "forget linen, cotton is fine"."""
    fine = _FINE.match(t, link.end) and not _EXCEPTED.search(t, 0, link.start)    # not "any colour but black will do"
    if fine or _OWNED_NONE.search(t, 0, link.start) or _LACKS.search(t, 0, link.start) or _SHOWN_LACK.search(
            t, 0, link.start) or _OUTGROWN_OWN.search(
            t, 0, link.start) or (
            _MADE_NO_MORE.search(t, 0, link.start) and _ANY_MORE.match(t, link.end)) or any(
            m.end() <= link.start and not t[m.end():link.start].strip(" |,") for m in CORRECTION.finditer(t)):
        return False      # "linen's cooler"; "he has not a single decent shirt"; "it doesn't come in XS" (or "these
        #                   aren't frightening at all"); a correction's: "36 no sorry 37"; "they don't make them funny
        #                   any more"
    if _ruled_out_before(t, _list_head(t, link, links)) or re.search(r"\bnon\s+$", t[:link.start]) or _ironic(
            t, link, links, kinds):
        return True       # "non-animated": the prefix rules out its own word only; "another musical... not."; "apart
        #                   from dramas and comedies": both
    if _must_be(t, link) or (_SORT_OF.search(t, 0, link.start) and t[link.start:link.end] in _PERSONS):
        return False      # "she'd kill me if I got her something that wasn't real leather"; "a shirt for him, he's
        #                   not a suit-and-tie sort of man": what he is like, no refusal of him
    if _refused_if(t, link):
        return True       # "she'll disown me if it's pink"
    if _double_negation(t[:_list_head(t, link, links).start]) or _NOT_REFUSED.search(t, 0, link.start):
        return False      # "he won't wear anything that isn't streetwear": streetwear is asked for; "I wouldn't
        #                   say no to a bit of sci fi"
    before = [k for k in links if k.end <= link.start]
    last = max(before, key=lambda k: k.end, default=None)
    if last is not None and last.field == link.field and _EXAMPLE.fullmatch(t, last.end, link.start):
        return negated(t, last, links, kinds)      # an example of what was just said: "nothing scary like horror"
    if last is not None and last.field == link.field and _PREFERRED_TO.fullmatch(t, last.end, link.start):
        return True       # what another is preferred to: "silk over linen", "comedies over dramas"
    if last is not None and last.field != link.field and link.field in kinds and not t[last.end:link.start].strip():
        return False      # "no polyester t-shirts": the negation rules out the material, not the t-shirts
    if _refused_after(t, link, links, kinds):
        return True
    if re.search(r"\b(?:(?:no|none|nothing|never|not any)\s+(?:(?!idea|clue|doubt|preference|problem|opinion|one\b)"
                 r"[a-z]+\s+)?|not\s+(?:one|ones|anything|something)\s+)(?:that|which|who|where|in\s+which)\b(?:(?!\bbut\b)"
                 r"[^|])*$|\b(?:nobody|no\s+one)\s+(?:[a-z]+\s+){0,2}$",
                 t[:link.start]):
        return True       # a relative clause a negation opens: "none that cross over into horror", "not one that
        #                   turns into a weepy drama", "nothing where they burst into song"; "nobody breaks into song"
    if _DROP_THE_ONES.search(t, 0, link.start):
        return True       # ... or a clause after the ones to drop: "skip the ones where everybody bursts into song"
    if _REFUSED_THAT.search(t, 0, link.start):
        return True       # ... or a refusal to watch or wear it: "refuses to watch anything that counts as horror"
    if _ZERO_RELATIVE.search(t, 0, link.start):
        return True       # ... with no "that": "I will not wear anything your catalogue describes as streetwear"
    if re.match(r"\s*(?:instead\b|i\s+mean(?:t)?\b)", t[link.end:]):
        return False      # "forget romance, comedy instead": what replaces is wanted; "not green - olive I mean"
    if _NONE_OF_THE.search(t, 0, link.start) and _PARTITIVE_END.match(t, link.end):
        return True       # "none of the shoot-em-up action ones": the partitive's words are its scope
    if _OFF.search(t, 0, link.start):
        return True       # "I'm off sci-fi at the moment", "she's off heavy dramas"
    if (so := _SO_TOO.search(t, 0, link.start)) and (prior := [k for k in links if k.end <= so.start()]):
        return negated(t, max(prior, key=lambda k: k.end), links, kinds)    # "wool is out, and so are brown and beige"
    if _ADDED.search(t, 0, link.start):
        return _added(t, link, links, kinds)     # "wool, not to mention under 80"; "not sci-fi, let alone horror"
    return _negation_word_before(t, link, links)


# Someone gone off a kind: "I'm off sci-fi at the moment", "she's a bit off heavy dramas" (not "off to uni")
_OFF = re.compile(r"\b(?:i\s+m|im|i\s+am|we\s+re|we\s+are|he|she|they\s+re|they\s+are|he\s+is|she\s+is)\s+"
                  r"(?:(?:a\s+bit|rather|totally|right|well|completely|really|so|a\s+little)\s+)?off\s+"
                  r"(?!(?:to|on|out|for|home|work|school|away|now|again|in|at|the\s+table)\b)(?:[a-z]+\s+){0,2}$")
# "none of the ... ones", "no more of that ... stuff": a refusal whose scope runs to the partitive's noun
_NONE_OF_THE = re.compile(r"\b(?:(?:none|nothing|no more)\s+of|not)\s+(?:the|those|these|that|your|them)\s+"
                          r"(?:[a-z]+\s+){0,4}$")      # "not the shoot-em-up action kind"
_PARTITIVE_END = re.compile(r"\s+(?:[a-z]+\s+)?(?:ones|films?|movies?|stuff|things|kind|types?|sorts?)\b")

def _added(t: str, link: Link, links: Sequence[Link], kinds: Sequence[str]) -> bool:
    """A value added to the clause before by "not to mention", "let alone": refused as the value before it was ("not
    a sci-fi one, let alone horror"), or by a negation of its own after "let alone" ("not to mention" is none)."""
    added = _ADDED.search(t, 0, link.start)
    prior = [k for k in links if k.end <= added.start()] if added else []
    if prior and negated(t, max(prior, key=lambda k: k.end), links, kinds):
        return True
    return added is not None and added.group(1) != "not to mention" and _negation_word_before(t, link, links)


# What was said of the value before, said again of this one: "horror is out and so is anything of the thriller kind"
# ... or added to it: "wool, not to mention under 80 dollars", "not a sci-fi one, let alone anything with horror"
_ADDED = re.compile(rf"\b({ADDED})\s+(?:[a-z]+\s+){{0,3}}$")
_SO_TOO = re.compile(r"\b(?:and\s+)?so\s+(?:is|are|s|re|was|were)\s+(?:[a-z]+\s+){0,4}$")


# words for an item that may end a value in a list: "a crime film or a war film"
# A refusing phrase itself denied: "I'm not allergic to wool", "she is never scared of horror"
_NOT_SO = re.compile(r"\b(?:not|never|no\s+longer)\s+(?:(?:really|at\s+all|that|too|been|even|remotely)\s+)?$")
_KIND_NOUNS = frozenset(["film", "films", "movie", "movies", "picture", "pictures", "flick", "flicks", "one", "ones"])
_INSTEAD = re.compile(r"\s*(?:(?:ones?|films?|movies?)\s+)?instead\b")
_MADE = frozenset(["it", "them", "me", "us", "that", "this"])
# A verb of refusing standing alone before a list, as a label: "Avoid: anything romantic", "Please exclude - leather"
_LABELS = frozenset(["avoid", "exclude", "excluding", "excluded", "omit", "veto", "vetoed", "banned"])
_LABEL_OPENS = frozenset(["|", "please", "pls", "must", "to", "strictly", "always", "hard"])
_LISTED = re.compile(rf"\s*(?:(?:{'|'.join(sorted(_KIND_NOUNS))})\s+)?(?:\||or\b|nor\b)")


def _negation_word_before(t: str, link: Link, links: Sequence[Link]) -> bool:
    """A negation word (or a refusing phrase) within three other words before `link`, walking back past the
    values and connectors of a list ("no horror, romance or musicals") but not into a new phrase."""
    counted = skipped = 0
    articled = False
    listed = _LISTED.match(t, link.end) is not None       # "a thriller" in "..., a thriller or a war film"
    alike = [k for k in links if k.field == link.field]
    instead = _INSTEAD.match(t, link.end) is not None      # "forget the leather; suede ones instead": what replaces
    t = _past_aside(t, link, alike, links)
    tokens = list(re.finditer(r"[a-z0-9]+|\|", t[:link.start]))
    for i in range(len(tokens) - 1, -1, -1):
        m = tokens[i]
        if _inside(m.start(), links):
            continue
        word = m.group(0)
        if word in NEGATION or (word in _FED_UP and i + 1 < len(tokens) and tokens[i + 1].group(0) in _OF):
            return not _of_what_went_before(word, [k.group(0) for k in tokens[i + 1:i + 3]])
        if refusing := _REFUSING_AT.search(t, 0, m.end()):     # a list a refusing phrase opens: "steering well
            return not _NOT_SO.search(t, 0, refusing.start())    # clear of briwick and mardane"; not "not allergic to"
        if word == "for" and i and tokens[i - 1].group(0) in _FIT:
            return False   # the negation judges the fit, not whom for: "silk is not good for her"
        if word in _CLAUSE and word != "|":
            return word == "prefer" and i > 0 and tokens[i - 1].group(0) in NEGATION    # "she does not prefer horror"
        if word in ("make", "give", "show") and i + 1 < len(tokens) and tokens[i + 1].group(0) in _MADE and (
                i and tokens[i - 1].group(0) in ("and", "|", "but", "then", "now", "just")):
            return False   # a wish of its own after what was dropped: "drop the romance and make it a crime drama"
        if word == "so" and i + 1 < len(tokens) and tokens[i + 1].group(0) in _SO_OPENS:
            return False   # "so" opening a clause: "she hates anything flashy so a classic style"; not "not so gory"
        if word == "|" and not (counted or skipped or articled) and i > 1 and tokens[i - 1].group(0) in _WANTING \
                and tokens[i - 2].group(0) in NEGATION:
            return True    # a list a negation opens: "what I do not want: horror, thrillers or anything about war"
        if word == "|" and not (counted or skipped or articled) and i > 0 and tokens[i - 1].group(0) in _LABELS and (
                i == 1 or tokens[i - 2].group(0) in _LABEL_OPENS):
            return True    # a label that refuses, a prompt's "Avoid: anything romantic", "Things to exclude: leather"
        goes_on = word == "|" and i > 0 and _listed_on(t, tokens[i - 1], link, links, alike)
        if word == "|" and (counted or skipped or instead or not goes_on
                            or (articled and not (listed and _inside(tokens[i - 1].start(), alike)))):
            return False   # a list goes on past a comma from a value only ("no horror, romance or musicals"; "isn't
        #                    a horror, a thriller or a war film": articled alike, joined by "or"), not into a new
        articled = articled or word in ("a", "an", "the", "any")    # phrase ("not navy: a wool coat", "no black,
        listed = listed or word in ("or", "nor")                    # a red dress")
        if word in _PARTITIVE:          # "not one of those soppy romantic ones"
            skipped += 1
        elif word not in LIST_WORDS and not (listed and word in _KIND_NOUNS) and not _negated_verb(
                [k.group(0) for k in tokens], i):
            counted += 1
            if counted >= 3:
                return False
    return False


def _listed_on(t: str, before: re.Match, link: Link, links: Sequence[Link], alike: Sequence[Link]) -> bool:
    """Does a list go on from the value before a comma to `link`: a value of its field, or of another with the
    list joined by "and" / "or" ("don't want: leather, black, or anything over 150"; not "w/o leather, mens, <150",
    three constraints set side by side)?"""
    if _inside(before.start(), alike):
        return True
    joined = re.search(r"\b(?:or|and|nor)\b", t[before.end():link.start] + " " + t[link.end:link.end + 12])
    return _inside(before.start(), links) and joined is not None


_SORT_OF = re.compile(r"\b(?:sort|kind|type)s?\s+of\s+$")
_PERSONS = frozenset(["man", "men", "woman", "women", "guy", "girl", "lady", "bloke", "boy", "chap", "fella", "gal"])
# A fit judged, before whom for: "silk is not good for her" refuses the silk, not her (but "nothing made for kids")
_FIT = frozenset(["good", "suitable", "right", "safe", "appropriate", "ideal", "fit", "use", "practical",
                  "comfortable"])
# The negated verb before its object, which the negation's reach does not count: "don't want the lovey-dovey romantic
# one" (not "to copy her"), "don't give me anything soppy or romantic", "don't you dare give us a musical"
_GIVING = frozenset(["give", "show", "send", "bring", "recommend", "suggest", "offer", "get", "find", "pick"])
_OBJECTS = frozenset(["me", "us", "him", "her", "them"])
_BEFORE_VERB = frozenset(["you", "u", "dare", "ever", "even", "really", "to"])


def _negated_verb(words: Sequence[str], i: int) -> bool:
    """Is `words[i]` part of a negated verb of wanting or giving and its object pronoun, just before what it
    refuses: "not want | the", "not give me | anything", "not you dare give me | a", "not to put on | any"?"""
    if "on" in words[i:i + 2] and words[i - (words[i] == "on")] in ("put", "stick"):    # "put on": a verb of giving
        at = i - (words[i] == "on")
        return _negated_verb([*words[:at], "show", *words[at + 2:]], at)
    j = i
    if words[j] in _BEFORE_VERB:         # "don't you dare": up to the verb
        while j + 1 < len(words) and words[j + 1] in _BEFORE_VERB:
            j += 1
        if j + 1 == len(words) or words[j + 1] not in _GIVING | _WANTING:
            return False
        j += 1
    verb = j - (words[j] in _OBJECTS)
    after = verb + 1 + (verb + 1 < len(words) and words[verb + 1] in _OBJECTS)
    if verb < 1 or words[verb] not in _GIVING | _WANTING or (after < len(words) and words[after] not in LIST_WORDS):
        return False     # "not want to copy her"
    if words[verb] in _WANTING and after > verb + 1:
        return False     # "don't want her ...": a wish about her
    k = verb - 1
    while k > 0 and words[k] in _BEFORE_VERB:
        k -= 1
    return words[k] in NEGATION


# One value preferred to another of its field: "silk over linen", "animated ones over the ones with actors"
_PREFERRED_TO = re.compile(rf"\s*(?:(?:{'|'.join(sorted(_KIND_NOUNS))})\s+)?over\s+(?:the\s+|a\s+|an\s+)?")


def _of_what_went_before(word: str, after: Sequence[str]) -> bool:
    """Does an edit's verb take a pronoun for what was asked before, ending its clause ("scrap that and give me
    a comedy", "ditch it, a western instead"), rather than rule out what follows? Is a "no" an answer to what was
    shown, its own clause ("no i said adventure")? Is it of what the user knows ("not sure what boots cost")? Is
    the thing lost one someone has ("they lose their gloves")? Is it praise ("nothing better than a crime thriller",
    "nothing beats a western")? An admission ("not me wanting a rom-com": I do)?"""
    if word in ("nothing", "no", "none") and after[:1] and after[0] in _PRAISING:
        return True
    if word == "not" and after[:1] == ["me"] and after[1:2] and after[1].endswith("ing"):
        return True
    if word == "no" and after[:1] and after[0] in _CLAUSE_OPENERS:
        return True
    if after[:1] and after[0] in _UNSURE and after[1:2] and after[1] in _ASKING:
        return True
    if word == "lose" and after[:1] and after[0] in ("my", "his", "her", "their", "our", "your"):
        return True          # "he always lose his scarfs": the thing he has lost, no "lose the leather"
    return word not in REFUSAL and after[:1] in (["that"], ["this"], ["it"]) and after[1:2] in (["and"], ["|"])


_PRAISING = frozenset(["better", "finer", "nicer", "beats", "tops", "compares", "quite"])   # "nothing quite like"
_CLAUSE_OPENERS = frozenset(["i", "you", "we", "he", "she", "they", "it", "its", "that", "thats", "those", "these",
                             "im"])
_UNSURE = frozenset(["sure", "certain", "know", "idea", "clue"])
_ASKING = frozenset(["what", "how", "which", "whether", "if", "where", "when", "why", "who"])


_ASIDE_BEFORE = re.compile(r"\|[^|]{1,60}\|\s*(?:or|nor)\s+(?:[a-z]+\s+)?$")
_ASIDE_NEGATED = re.compile(r"(?<!\bor )\b(?:not|never|exclude|excluding|without)\s?(\|\s*[a-z][^|\d]{0,39}\|)"
                            r"\s*(?:[a-z]+\s+){0,2}$")         # not "got sneakers or not? | size 42 one"


def _past_aside(t: str, link: Link, alike: Sequence[Link], links: Sequence[Link]) -> str:
    """`t` with an aside between two values of a list blanked, where it names none: "scarves that aren't wool -
    it makes me itch - or cashmere either" (normalised, the dashes are bars); or between a negation and what it
    refuses: "an action film which is not, in the narrow sense, a war picture"."""
    if (n := _ASIDE_NEGATED.search(t, 0, link.start)) and not any(n.start(1) <= k.start < n.end(1) for k in links):
        return t[:n.start(1)] + " " * (n.end(1) - n.start(1)) + t[n.end(1):]
    m = _ASIDE_BEFORE.search(t, 0, link.start)
    if m is None or any(m.start() <= k.start < m.end() for k in links) or not any(
            k.end <= m.start() and not t[k.end:m.start()].strip() for k in alike):
        return t
    end = t.index("|", m.start() + 1) + 1
    return t[:m.start()] + " " * (end - m.start()) + t[end:]


def _list_head(t: str, link: Link, links: Sequence[Link]) -> Link:
    """The first value of the list `link` ends, its values of one field joined by "and", "or" or a comma."""
    head = link
    while (prior := max((k for k in links if k.end <= head.start and k.field == link.field), key=lambda k: k.end,
                        default=None)) is not None and _JOINED.fullmatch(t, prior.end, head.start):
        head = prior
    return head


_JOINED = re.compile(r"\s*(?:\|\s*)?(?:(?:and|or|nor|&)\s*(?:(?:a|an|the|any)\s+)?)?")    # "than a horror or a
#                                                                              musical"; no sentence's end between


# What one would do anything rather than watch: "I'd rather eat my sock than sit through another musical", "I'd
# sooner watch paint dry than a western"
_SOONER_THAN = re.compile(r"\b(?:d|would|had)\s+(?:much\s+)?(?:rather|sooner)\b[^|]*?\bthan\s+(?:(?:sit|sat)\s+through"
                          r"|watch|see|wear|buy|have|get|put\s+up\s+with|endure|suffer)?\s*"
                          r"(?:(?:another|a|an|the|any|one\s+more|some)\s+)?$")


# What someone cannot sit through: "he falls asleep during musicals", "she always nods off in westerns"
_DOZES_THROUGH = re.compile(r"\b(?:(?:falls?|fell|falling)\s+asleep|(?:nods?|nodding|dozes?|dozing|drops?)\s+off"
                            r"|zones?\s+out|gets?\s+bored|walks?\s+out)\s+(?:during|in|through|at|halfway\s+through"
                            r"|in\s+the\s+middle\s+of|watching|the\s+(?:moment|minute|second)\s+(?:there(?:\s+is|\s+s|s)?"
                            r"|they\s+show))\s+(?:(?:any|the|a|an|all)\s+)?$")     # "nods off the moment there's a war"


_REFUSED_BEFORE = re.compile(rf"\b(?:{REFUSING}|{PAST_IT})\s+(?:the\s+|a\s+|an\s+|any\s+|anything\s+|something\s+)?$")


def _ruled_out_before(t: str, link: Link) -> bool:
    """Do the words before the value rule it out as a phrase: "rather than", "anything but", "sick of", "too
    many"; what is had besides ("nothing to wear apart from his college hoodies"); "leave out anything that's
    action", "keep sci-fi out of it"?"""
    before = t[:link.start]
    if refusing := _REFUSED_BEFORE.search(before):
        return not _NOT_SO.search(before, 0, refusing.start()) or refusing.group(0).startswith(
            ("nobody", "no one", "none", "neither"))     # not "I'm not allergic to wool"; a concord's "ain't nobody"
    return bool(re.search(r"\b(?:instead of|rather than|other than|apart from|except for"
                          r"|different\s+(?:[a-z]+\s+)?(?:from|than|to)"     # "a different colour from navy"
                          r"|(?:anything|everything|(?:any|all|every)\s+[a-z]+)\s+(?:but|bar|barring|save|except)"
                          r"|too many|too"
                          r"|(?:gone|went|going) (?:right |totally |completely )?off"
                          r"|(?:had|have) (?:my|our|his|her|their) fill of)"
                          r"\s+(?:(?:the|any|those)\s+(?:ones?|films?|movies?)\s+(?:that|which)\s+(?:are|is|were|was|re)\s+"
                          r"(?:also\s+|both\s+)?(?:a\s+|an\s+)?"     # "other than the ones that are also dramas"
                          r"|the\s+|a\s+|an\s+|any\s+|anything\s+|something\s+)?$", before)
                or re.search(r"\b(?:apart from|except(?: for)?|besides|other than)\s+(?:my|his|her|their|our|your)\s+"
                             r"(?:[a-z]+\s+)?$", before)
                or _SOONER_THAN.search(before) or _DOZES_THROUGH.search(before)
                or re.search(rf"\b{LEAVE_OUT}\b(?:\s+[a-z]+){{0,3}}?\s*$", before)
                or left_out(t, link.start, link.end))


# A refused "anything" or "nothing" and a clause about it with no "that", up to the value: "nothing you would call
# streetwear", "not wear anything your catalogue describes as streetwear"
_ZERO_RELATIVE = re.compile(r"\b(?:nothing|(?:not|never|no)\s+(?:[a-z]+\s+)?anything)\s+(?:(?:your|the|my|our|their"
                            r"|his|her)\s+[a-z]+|you|they|we|people|anyone|someone|i)\s+(?:[a-z]+\s+){1,3}$")


# The ones to drop and a relative clause saying which: "skip the ones where everybody bursts into song"
_DROP_THE_ONES = re.compile(r"\b(?:skip|drop|lose|remove|ditch|cut|scrap|leave\s+out|avoid)\s+(?:the|any|all)\s+"
                            r"(?:ones|films?|movies?|ones?\s+of\s+those)\s+(?:where|that|which|with|in\s+which)\b"
                            r"(?:(?!\bbut\b)[^|])*$")


# A refusal to watch, wear or buy anything a relative clause describes, up to the value: "refuses to watch anything
# that counts as horror", "won't wear anything which is polyester"
_REFUSED_THAT = re.compile(rf"\b(?:{'|'.join(sorted(REFUSAL))})\s+(?:(?:to|ever|even|really)\s+)*"
                           r"(?:watch(?:es)?|sees?|wears?|buys?|touch(?:es)?|have|has|sits?\s+through)\s+"
                           r"(?:anything|any\s+[a-z]+|things|stuff)\s+(?:that|which)\b"
                           r"(?:(?!\bbut\b)[^|])*$")


# "if it's pink", "if they come in red", "if there's even a whiff of war"
_IF_IT = re.compile(r"\bif\s+(?:(?:it|they|its|theyre)\s+(?:(?:is|are|s|re|was|were|comes?\s+in|come\s+in)\s+)?"
                    r"(?:[a-z]+\s+)?|there\s+(?:is\s+|s\s+|are\s+|re\s+)?(?:[a-z]+\s+){0,4})$")


def clause(t: str, link: Link, following: int = 0) -> tuple[int, int | None]:
    """The bounds of the normalised clause the value is in ("|" ends one), stretched over `following` more."""
    start, end = t.rfind("|", 0, link.start) + 1, t.find("|", link.end)
    for _ in range(following):
        end = t.find("|", end + 1) if end >= 0 else -1
    return start, (end if end >= 0 else None)


def _refused_if(t: str, link: Link) -> bool:
    """Is the value the condition of an "if" whose outcome, in its clause or the next, turns the item down?"""
    start, end = clause(t, link, following=1)
    return bool(_IF_IT.search(t, start, link.start)) and bool(TURNED_DOWN.search(t[start:end]))


_IF_NOT = re.compile(r"\bif\b[^|]*?(?:\bnot|\bnever|n't)\s+(?:[a-z]+\s+){0,2}$")


def _must_be(t: str, link: Link) -> bool:
    """Is the value what an "if ... not" condition of a turned-down outcome asks for: "she'd kill me if it
    wasn't real leather" (a must: two negations)?"""
    start, end = clause(t, link)
    return (bool(_IF_NOT.search(t, start, link.start)) and bool(TURNED_DOWN.search(t[start:end]))) or bool(
        _CANT_NOT.search(t, start, link.start))


# Two negations that make a must: "it can't not be leather" (not "he owns nothing that isn't a t-shirt")
_CANT_NOT = re.compile(r"\b(?:ca|can|could|must|should|may)\s*not\s+not\s+be\s+(?:an?\s+)?(?:[a-z]+\s+)?$")


_NOT_IN_CLAUSE = re.compile(r"\b(?:that|which|who)\s+(?:(?:is|are|was|were|be|has|have|does|do)\s+)?not\s+"
                            r"(?:(?:a|an|the|in|made\s+of|made\s+from|from|by|of)\s+)?"
                            r"(?:(?:real|genuine|proper|pure|actual|true)\s+)?$")     # "ones that aren't real leather"


# A refusal refused, a wish said shyly: "I wouldn't say no to a bit of sci fi", "never turn down a western",
# "not averse to a musical" (up to four words on, in its clause)
_NOT_REFUSED = re.compile(r"\b(?:(?:would|wo|could|can|do|did|will)\s*not|(?:would|could|ca|do|did|wo)nt|never|nt)\s+"
                          r"(?:say\s+no|turn\s+down|object|"
                          r"complain|refuse)\s+(?:to\s+)?(?:[a-z]+\s+){0,4}$|\bnot\s+(?:averse|against|opposed)\s+to\s+"
                          r"(?:[a-z]+\s+){0,4}$"
                          # a rhetorical question, a disclaimed dislike: "who doesn't love a good western?", "not
                          # that i don't enjoy a bit of romance"
                          r"|\bnot\s+(?:that|this|the\s+same)\s+(?:kind|sort|type)\s+of\s+$"   # "not that kind of"
                          r"|\b(?:who|what\s+kid|which\s+kid)\s+(?:does|would|do)\s+not\s+(?:love|like|enjoy|adore)\s+"
                          r"(?:[a-z]+\s+){0,3}$"
                          r"|\bnot\s+that\s+(?:i|we|he|she|they)\s+(?:do|does|did)\s+not\s+(?:love|like|enjoy|adore|want)\s+"
                          r"(?:[a-z]+\s+){0,3}$"
                          # "not one without a bit of romance", "nothing without romance": with it
                          r"|\b(?:not|no|never|nothing)\s+(?:(?:one|ones|films?|movies?|anything|something)\s+)?without\s+"
                          r"(?:[a-z]+\s+){0,3}$")


_NOT_BARE = re.compile(r"\b(?:anything|something|any\s+[a-z]+|ones)\s+not\s+$")


def _double_negation(before: str) -> bool:
    """A negated relative clause inside a refusal: "nothing that's not cotton", "refuses anything which isn't
    black" ask for the value."""
    m = _NOT_IN_CLAUSE.search(before) or _NOT_BARE.search(before)      # "won't wear anything unless it's black"
    clause = re.split(r"\||\bbut\b", before[:m.start()])[-1] if m else ""
    return m is not None and any(w in REFUSAL for w in re.findall(r"[a-z]+", clause))


# A value asked for instead of one named before it, and the refusal of that one: "I want a different pair of boots,
# not those", "another dress, not them"
_CONTRASTED = re.compile(r"\b(?:a\s+different|another|some\s+other|an\s+other)\s+(?:[a-z]+\s+){0,2}$")
_THOSE = re.compile(r"[\s|]*(?:so\s+|and\s+|just\s+|but\s+)*(?:not|no|none of|neither of)\s+(?:those|them|these"
                    r"|that one|the same)\b")


# A judgement right after the value, its "'s" gone: "suede's useless out there" (not an adjective: "action trash")
_BAD_NEXT = re.compile(rf"\s+(?:(?:so|really|just|totally|utterly|absolutely)\s+)?(?:{BAD_ADJECTIVES}|pointless"
                       r"|hopeless)\b")


# A refusal of the value by a pronoun ending its clause: "polyester feels like a trash bag so not that"
_SO_NOT = re.compile(r"\s*(?:\|\s*)?(?:so|and|but)\s+(?:not|none\s+of)\s+(?:that|those|them|it)\s*(?:\||$)")
_AS_IS = re.compile(r"\b(?:as|so)\s+(?:is|are)\s+$")


# A value said to be barred: "Horror is expressly excluded herein", "polyester is not permitted", "wool's off limits"
_BARRED = re.compile(r"\s*(?:(?:is|are|s|re|shall\s+be|must\s+be|will\s+be)\s+)?(?:[a-z]+ly\s+)?(?:excluded|forbidden"
                     r"|prohibited|banned|barred|off\s+limits|not\s+(?:permitted|allowed|acceptable)|out\s+of\s+the\s+question)\b")


# Items of a kind said as particular ones, not the kind at large: "my shirts", "the boots you showed", "those"
_SPECIFIC = re.compile(r"\b(?:my|our|his|her|their|your|the|these|those|this|that)\s+(?:[a-z]+\s+)?$")


def _refused_after(t: str, link: Link, links: Sequence[Link], kinds: Sequence[str] = ()) -> bool:
    """Is the value, or a list it is in, ruled out by what follows: "red never works on me", "horror and
    thrillers aren't my cup of tea" (a list: joined by "and"/"or" somewhere; "make it navy. red never
    works on me" rules out only the red), "cotton looks too casual", "horror is too scary" (not particular items of a
    kind: "my shirts are too faded" says what is wrong with the ones owned)."""
    def refused(k: Link) -> bool:
        return bool(_AFTER_NEGATION.match(t, k.end) or _REFUSED.match(t, k.end) or JUDGED_BAD.match(t, k.end)
                    or _BAD_NEXT.match(t, k.end) or _BARRED.match(t, k.end) or _SO_NOT.match(t, k.end)
                    or ((k.field not in kinds or not _SPECIFIC.search(t, 0, k.start)) and _TOO_MUCH.match(t, k.end)))

    if _CONTRASTED.search(t, 0, link.start) and _THOSE.match(t, link.end):
        return False      # "a different pair of boots, not those": the boots named before are what is refused
    prior = max((k for k in links if k.end <= link.start and k.field == link.field), key=lambda k: k.end, default=None)
    if refused(link) or (prior is not None and _AS_IS.search(t, prior.end, link.start) and refused(prior)):
        return True       # "war films are to be avoided, as is sci-fi"
    joined, at = False, link
    while (after := min((k for k in links if k.start >= at.end and k.field == link.field), key=lambda k: k.start,
                        default=None)) is not None:
        gap = t[at.end:after.start]
        if _JOINED.fullmatch(gap) is None or (at is link and re.match(r"\s*\|\s*and\b", gap)):
            return False      # ", and" after one value opens a clause ("a drama, and horror it must not be"); a
        #                       list of three may take it ("comedy, romance, and horror are not for me")
        joined = joined or re.search(r"\b(?:and|or|nor)\b|&", gap) is not None
        if refused(after):
            return joined
        at = after
    return False


def _inside(at: int, links: Sequence[Link]) -> bool:
    return any(k.start <= at < k.end for k in links)
