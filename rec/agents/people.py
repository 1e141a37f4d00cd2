"""Who an item is for, read from the people a request names: a pronoun ("something for him", "a scarf she
can wear to work"), someone named with no sex and then "he" or "she" ("me partner's birthday, he's an XL"),
one of a man and a woman both named ("a formal shirt for a man ... chosen by the bride"); and the people words
that name no value: someone the item is for ("me and my partner": no romance), someone away ("the kids are
asleep"), a trade ("he's a science teacher"), the owner of another ("my nan's teacher"), the people of a story
("we raised five children": `in_story`); and the user buying for themselves in a signed letter (`own_wearer`).
Each reads the dictionary (`agents/lexicon.py`); with none, none of them says anything."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rec.agents.phrases import STOP, Link, norm

if TYPE_CHECKING:
    from rec.agents.lexicon import Lexicon, Reach

_KIN = ("my", "me", "ma", "our")        # before a name, one of the family: "our Rhys is nineteen now"
_SOMEONE = re.compile(r"\b(?:my|me|ma|our|a|an)\s+([a-z]+)(?:\s+([a-z]+))?")
_GIFT = re.compile(r"\b(?:birthday|present|gift|anniversary)\b")
_FOR_OWN = re.compile(r"\bfor\s+(?:my|me|ma|our)\s+[a-z]+")
# the one an item is "for", an aside between allowed: "for me (a man)"
_FOR_SOMEONE = re.compile(r"\bfor\s+(?:(?:my|me|ma|our|a|an|the|his|her|their|your)\s+)?(?:\|\s+)?(?:[a-z]+\s+)?$")
# The one the speaker says they are: "I am one of the groomsmen", "I'm a dad"
_I_AM = re.compile(r"\b(?:i\s+am|i\s+m|im|me\s+being|as|i\s+\|)\s+(?:just\s+|only\s+)?"      # "I (a man, for context)"
                   r"(?:a|an|the|one\s+of\s+(?:the|his|her|their|my|our)(?:\s+[a-z]+)?)\s+(?:[a-z]+\s+)?$")
_HE, _SHE = re.compile(r"\b(?:he|him|his|himself)\b"), re.compile(r"\b(?:she|her|hers|herself)\b")
# A pronoun for whom an item is bought: "for him", "get her a scarf", "for her birthday" ("her" before a person
# says whose: "for her brother", "for her cousin's wedding")
_FOR_PRONOUN = re.compile(r"\b(?:for|get|gets|getting|got|buy|buys|buying|bought|gift|gifting|give|giving|treat|"
                          r"surprise|spoil)\s+(?:(?P<him>him(?:self)?)\b|(?P<her>her(?:self)?)\b)"   # "for himself" too
                          r"|\b(?:(?P<he>he)|(?P<she>she))\s+(?:can|could|will|would|ll|might|d)\s+(?:wear|take|carry"
                          r"|rock|pull\s+off|put\s+on)\b"       # "something nice she can take to church"
                          r"|\b(?:(?P<he2>he)|(?P<she2>she))\s+(?:(?:really\s+|badly\s+|just\s+|still\s+|also\s+)?(?:needs?|wants?|is\s+after"
                          r"|s\s+after)\s+(?!(?:to|me|you|us|them|it|him|her|that|this|what|whatever|nothing)\b)[a-z]"
                          r"|(?:(?:s|is|wears|takes)\s+)?an?\s+size\b)")
#                         "so she needs a proper coat", "he wants navy slacks", "he want a linen shirt", "he's a size
#                         L"; not "he wants me to"
# People said to be away: "the kids are asleep", "the bairns are finally in their beds", "are with my mum", "kids
# finally asleep"; or only paying: "my sister is chipping in", "my husband says it can't cost more than 150"
_AWAY = re.compile(r"\s*['\u2019]?\s*(?:are|is|re|s|have|has|ve|were|was|will\s+be|ll\s+be)\s+(?:(?:finally|now|all"
                   r"|both|at\s+last|been|gone|off)\s+)*(?:(?:in|to|off\s+to)\s+(?:their\s+|his\s+|her\s+)?(?:beds?"
                   r"|sleep|school|camp|nursery)|asleep|sleeping|away|out|(?:chipping|pitching)\s+in|going\s+halves"
                   r"|splitting\s+(?:it|the\s+cost)|at\s+(?:school|work|camp|their|his|her|my"
                   r"|a|the)|with\s+(?:their|his|her|the|my|our)\s+[a-z]+)\b"      # "with the grandmother" (not "us")
                   r"|\s+(?:(?:finally|now|all|both|at\s+last)\s+)*(?:asleep|in\s+(?:their\s+)?beds?)\b"
                   # or only setting what it costs: "an mi husband seh it cyaan cost more dan 150"
                   r"|\s+(?:says?|said|seh|reckons?|insists?)\s+(?:that\s+)?(?:[a-z]+\s+){1,4}?(?:cost|costs|spend"
                   r"|pay|afford)\b")


# A word saying someone is no child: "my teenage daughter", "our grown-up son"
_GROWN = re.compile(r"\b(?:teenage|teenaged|teen|adult|grown|grown\s+up|grownup)\s+(?:[a-z]+\s+)?$")


def no_child(t: str, link: Link, words: Lexicon | None) -> bool:
    """Is a person word close in meaning to a value naming people ("Children's") someone who is no child:
    "my parents" (grown-ups to the dictionary), "my teenage daughter"; not "my son", "my nieces", "babies"?"""
    if words is None or not of_people(words, link.value):
        return False
    word = t[link.start:link.end]
    return words.is_person(word) and (words.is_grown(word) or bool(_GROWN.search(t, 0, link.start)))


def of_people(words: Lexicon, value: str) -> bool:
    """Does the value name people ("Children's", "men"; not "grey", "sweater": `Lexicon.people_values`)?"""
    return value in words.people_values


def by_pronoun(t: str, taken: Sequence[Link], words: Lexicon | None) -> list[Link]:
    """The one an item is for, said by a pronoun ("something for him", "get her a scarf", "a scarf she can
    wear to work"): the value the dictionary marks "male" or "female" (`Lexicon.marks`), where no word names
    that field already."""
    marks = words.marks if words is not None else {}
    out: list[Link] = []
    theirs = [k for k in taken if _THEIR.search(t, 0, k.start)]     # "she needs a coat, her dad says": his, no wearer
    for m in _FOR_PRONOUN.finditer(t):
        who = "him" if m.group("him") or m.group("he") or m.group("he2") else "her"
        if m.group("her") and _whose(t[m.end():], words):
            continue          # "for her brother": the item is the brother's
        reach = marks.get("male" if who == "him" else "female")
        if reach is not None and not any(k.field == reach.field for k in [*taken, *out] if k not in theirs):
            out.append(Link(reach.field, reach.value, m.start(m.lastgroup), m.end(m.lastgroup), how="lexicon"))
    him, her = marks.get("male"), marks.get("female")
    if not out and words is not None and him is not None and her is not None \
            and not any(k.field == him.field for k in taken):
        out += _told_by_pronouns(t, him, her, words)
    return out


_THEIR = re.compile(r"\b(?:her|his|their)\s+(?:[a-z]+\s+)?$")     # someone's own: "her dad", "his older brother"


def _told_by_pronouns(t: str, him: Reach, her: Reach, words: Lexicon) -> list[Link]:
    """Someone named with no sex ("me partner", "a friend", "our Rhys": a name WordNet lacks after "our"), a
    gift ("Mam's birthday") or whatever is "for my" anything (a mistyped "for my sun, hes a medium"), then only
    "he" or only "she": "a jacket for me partner's birthday, he's an XL" is for a man. Both, or no such person,
    say nothing."""
    english = words.net.words if words.net is not None else frozenset()
    named = list(_SOMEONE.finditer(t))
    someone = bool(_GIFT.search(t) or _FOR_OWN.search(t)) or any(
        w not in words.marks and words.is_person(w) for m in named for w in m.groups() if w) or any(
        m.group(1) not in english for m in named if m.group(0).split()[0] in _KIN)
    he, she = list(_HE.finditer(t)), list(_SHE.finditer(t))
    if not someone or bool(he) == bool(she):
        return []
    reach, m = (him, he[0]) if he else (her, she[0])
    return [Link(reach.field, reach.value, m.start(), m.end(), how="lexicon")]


def _whose(rest: str, words: Lexicon | None) -> bool:
    """Does "her" say whose, the next words naming a person ("her brother", "her best mate's wedding")? Not
    where they name an occasion or a thing: "for her birthday" is for her."""
    following = re.match(r"\s*((?:[a-z]+\s+){0,2}[a-z]+)", rest)
    return following is not None and words is not None and any(
        words.is_person(w) or w == "s" for w in following.group(1).split())      # "her cousin's"


def one_wearer(t: str, links: list[Link], words: Lexicon | None) -> list[Link]:
    """Men and women named, the item is for one of them: the one said after "for" ("one of the groomsmen ...
    chosen by the bride ... a formal shirt for a man"), else the one the pronouns speak of alone ("my
    younger brother ... my mother has sorted the rest ... he needs a shirt"). Else all of them stand."""
    marks = words.marks if words is not None else {}
    him, her = marks.get("male"), marks.get("female")
    if him is None or her is None or him.field != her.field:
        return links
    named = [k for k in links if k.field == him.field and not k.negated and k.value in (him.value, her.value)]
    if {k.value for k in named} != {him.value, her.value}:
        return links
    after_for = {k.value for k in named if _FOR_SOMEONE.search(t, 0, k.start)}
    speaker = {k.value for k in named if _I_AM.search(t, 0, k.start)}     # "I am one of the groomsmen"
    he, she = bool(_HE.search(t)), bool(_SHE.search(t))
    keep = after_for if len(after_for) == 1 else speaker if len(speaker) == 1 else {him.value} if he and not she \
        else {her.value} if she and not he else {him.value, her.value}
    return [k for k in links if k not in named or k.value in keep]


def a_wearer(link: Link, words: Lexicon | None) -> bool:
    """Does the value say whom the item is for by their sex (the values the dictionary marks "male" and "female",
    `Lexicon.marks`: "for my mum" is women)?"""
    marks = words.marks if words is not None else {}
    return any((r.field, r.value) == (link.field, link.value) for r in marks.values())


def a_person(t: str, link: Link, words: Lexicon | None) -> bool:
    """Is the phrase someone the item is for or shared with ("my partner", "for my boss") and the value
    no people? Who the item is for is not what it is: "me and my partner" asks for no romance; "for the
    kids" does ask for Children's."""
    if words is None or not re.search(r"\b(?:my|our|your|his|her|their|for|with)\s+(?:[a-z]+\s+)?$",
                                      t[:link.start]):
        return False      # "hitmen, heists, bent cops": people the item is about, not for
    return any(words.is_person(w) for w in t[link.start:link.end].split()) and not of_people(
        words, link.value)      # "for the kids": Children's is people


def for_another(link: Link, away: Sequence[tuple[int, int]], words: Lexicon | None) -> bool:
    """Is the word someone a value is named for ("kids", "bairns": Children's) said to be away (`away`: the
    text's `people_away`)?"""
    return words is not None and any(s <= link.start and link.end <= e for s, e in away) and of_people(
        words, link.value)


# Another's taste, up to the clause's end: "my husband loves westerns but he can choose next week", "my partner
# reckons a rom-com"
_THEIR_TASTE = re.compile(r"(?:\b(?:my|me|ma|our|his|her|the)\s+(?:[a-z]+\s+)?(?!keeps\b)(?P<who>[a-z]+)"
                          r"|(?:^|(?<=\|\s)|(?<=\band\s)|(?<=\bbut\s)|(?<=\bso\s))(?P<bare>[a-z]+)(?:\s+[a-z]+)?(?=\s+(?:would\s+rather|will\s+want|ll\s+want"
                          r"|can\s+have|keeps\s+pushing))"          # "Dad would rather have", "Uncle Ray will want"
                          r"|\b(?P<self>himself|herself))\s+(?:(?:really|always|just|also|absolutely|keeps)\s+)?"
                          r"(?:loves|likes|prefers|adores|reckons|wants|fancies|is\s+into|s\s+into|goes\s+for"
                          r"|would\s+rather\s+(?:have|watch|see|wear)|will\s+want|ll\s+want|is\s+more\s+of\s+an?"
                          r"|s\s+more\s+of\s+an?|can\s+have\s+(?:his|her|their)|pushing\s+(?:his|her|their)"
                          r"|would\s+(?:pick|choose|want|go\s+for)|says|said|saying|suggests|suggested|wanted|wanting"
                          r"|wantin|is\s+after|s\s+after)"
                          r"\s+(?:(?:me|us)\s+to\s+(?:get|buy|watch|try|put\s+on)?\s*)?"    # "wants me to get": the
                          r"(?P<what>(?!(?:i|me|you)\b)(?:(?!but\b|and\s+i\b)[^|])+)")     # asking stays (`SPEAKS`);
#                                                                      not "she says I need X": what I need is mine
# ... and the user's own, which sets it aside: "I want a mystery thriller", "it's my pick tonight", "I reckon ...",
# "I've decided", "I said not a chance", "I'm no havin it", "I don't want wool", "so I'm going with a jacket" (not
# what "we" want: that takes them in, "my husband loves a good mystery and we'd like one rated 3.5 or more")
_MY_WISH = re.compile(r"\bi\s+(?:really\s+|just\s+|do\s+not\s+|dont\s+)?(?:want|would\s+like|d\s+like|fancy"
                      r"|reckon|prefer|am\s+after|m\s+after|need)\b|\bmy\s+(?:pick|choice|turn)\b"
                      r"|\b(?:i|we)\s+(?:ve\s+|have\s+)?(?:met|settled|agreed|decided)\b"
                      r"|\b(?:i|we)\s+said\s+(?:no|not|never|nope)\b|\bi\s*(?:m|am)\s+(?:not|no)\s+hav"
                      r"|\b(?:i|we)\s*(?:m|am|re|are|ll|will)\s+(?:going\s+|go\s+)?(?:with|for)\b")
# ... unless the item is for them too: "for him", "for my husband", "something we'd both enjoy", "he'll like"
_FOR_THEM = re.compile(r"\bfor\s+(?:him|her|them|us|both|the\s+two\s+of\s+us|(?:my|me|our)\s+[a-z]+)\b|\bboth\b"
                       r"|\b(?:he|she|they)\s+(?:will|would|d|ll|might|could|can)\s+(?:also\s+|really\s+|actually\s+)?"
                       r"(?:enjoy|like|love|watch|wear|fancy|want)\b")     # "... something he will enjoy"


def their_taste(t: str, words: Lexicon | None) -> list[tuple[int, int]]:
    """Spans of what someone else likes that the user sets their own wish against, where the item is not for
    them: "It's my pick tonight so I want a mystery thriller. My husband loves westerns but he can choose next
    week" (no Western); not "a film for my husband, he loves westerns"; or that the user sets aside as theirs who
    is away or not listened to ("Dad would rather have a western, but he'll be out fishing, so ignore him").
    `t`: normalised words."""
    if words is None or not (_DISMISSED.search(t) or (_MY_WISH.search(t) and not _FOR_THEM.search(t))):
        return []
    return [(m.start("what"), m.end("what")) for m in _THEIR_TASTE.finditer(t) if m.group("self") or (
        (who := m.group("who") or m.group("bare")) not in STOP and words.is_person(who))]


# Another set aside: "ignore him", "don't listen to her", "he'll be out fishing", "she's at her sister's", "he's
# leaving saturday", "another time"
_DISMISSED = re.compile(r"\b(?:ignore|do\s+not\s+listen\s+to|dont\s+listen\s+to)\s+(?:him|her|them)\b"
                        r"|\b(?:he|she|they)\s+(?:(?:ll|will|s|is|re|are)\s+)?(?:be\s+)?(?:out|away|leaving|gone"
                        r"|at\s+(?:his|her|their|work|school))\b|\banother\s+time\b")


# The user's own taste, said beside a request for someone else: "I practically live in leather jackets", "I'd
# personally go for a musical", "I'm more of a minimalist myself", "I'm the musicals fan in this house", "the
# documentaries I love" (up to the clause's end, or the words before "I love")
_CLAUSE_ON = r"(?P<what>(?:(?!but\b|so\b|and\s+i\b)[^|])+)"
_MY_TASTE = (re.compile(r"\bi\s+(?:(?:really|absolutely|practically|personally|just|mostly)\s+)?"
                        rf"(?:love|adore|live\s+in)\s+{_CLAUSE_ON}"),
             re.compile(r"\bi\s+(?:d|would)\s+(?:(?:personally|myself)\s+(?:rather\s+)?|rather\s+)"
                        rf"(?:go\s+for|pick|choose|watch|see|have|wear)\s+{_CLAUSE_ON}"),
             re.compile(rf"\bi\s+(?:m|am)\s+(?:(?:much\s+)?more\s+of\s+|(?:really\s+|totally\s+)?into\s+|strictly\s+"
                        rf"|all\s+about\s+){_CLAUSE_ON}"),          # "I'm strictly jeans and a tee"
             re.compile(r"\bi\s+(?:m|am)\s+(?:the|an?|a\s+big|a\s+huge)\s+(?P<what>(?:[a-z]+\s+){0,2}?[a-z]+)\s+"
                        r"(?:fan|person|lover|buff|nut|type)\b"),
             re.compile(r"\b(?:the|those|these)\s+(?P<what>(?:[a-z]+\s+){0,2}?[a-z]+)\s+(?:that\s+)?i\s+"
                        r"(?:really\s+|personally\s+)?(?:love|adore|like|enjoy)\b"))
# ... where the item is for another ("for him", "get her a skirt", "he wants action", "it's his turn"), not for the
# user too ("for us", "we both", "so do I")
_FOR_ANOTHER = re.compile(r"\b(?:for|get|buy|give|gift|surprise)\s+(?:him|her|them)\b|\b(?:his|her|their)\s+(?:turn"
                          r"|pick|choice|call)\b|\b(?:he|she)\s+(?:really\s+|just\s+|is\s+|s\s+)?(?:wants?|likes?|loves?"
                          r"|needs?|into|after|choosing|picking)\b|\bfor\s+(?:my|our)\s+(?P<who>[a-z]+)")
_SHARED = re.compile(r"\bfor\s+(?:me|myself|both)\b|\b(?:we|us)\b|\band\s+(?:me|myself)\b|\bso\s+do\s+i\b"
                     r"|\bme\s+too\b|\b(?:my|our|him|her|them)\s+(?:[a-z]+\s+)?and\s+i\b")     # "my husband and I"
_ALIKE = re.compile(r"\b(?:too|as\s+well|also|same|either)\b")        # "I love westerns too": theirs as well


def my_taste(t: str, words: Lexicon | None) -> list[tuple[int, int]]:
    """Spans of the user's own taste, said beside a request for someone else: "I'm more of a minimalist myself"
    where a skirt is for her, "I'd rather watch a documentary, but she's choosing" (no Documentary); nothing
    where the item is for the user too. `t`: normalised words."""
    if words is None or _SHARED.search(t) or not any(
            not m.group("who") or words.is_person(m.group("who")) for m in _FOR_ANOTHER.finditer(t)):
        return []
    return [(m.start("what"), m.end("what")) for pattern in _MY_TASTE for m in pattern.finditer(t)
            if not _ALIKE.search(t, m.start(), m.end())]


def people_away(t: str, words: Lexicon | None) -> list[tuple[int, int]]:
    """People words said to be away, so the item is not for them: "the bairns are finally in their beds",
    "the kids are asleep", "the kids will be out on the lake all day", or no longer living ("my late husband"); or
    said only to pay ("my sister is chipping in"). `t`: the text, as written or normalised."""
    if words is None:
        return []
    low = t.lower()
    return [(m.start(), m.end()) for m in re.finditer(r"[a-z]{3,}", low)
            if (_AWAY.match(low, m.end()) or _URGED_BY.search(low, 0, m.start()) or _LATE.search(low, 0, m.start()))
            and m.group(0) not in STOP
            and words.is_person(m.group(0))]


# Someone no longer living: "my late husband", "her dear late mother"
_LATE = re.compile(r"\b(?:my|our|his|her|their|your|the)\s+(?:(?:dear|dearly\s+departed|beloved)\s+)?late\s+$")
# Someone who urged the purchase, no wearer: "I have finally been persuaded by my daughter to replace my boots"
# (a few words between: "told in no uncertain terms by my mother")
_URGED_BY = re.compile(r"\b(?:persuaded|convinced|nagged|pushed|urged|encouraged|talked\s+into\s+it|told|advised)"
                       r"\s+(?:[a-z]+\s+){0,5}?by\s+(?:my|me|our|his|her|their|the)\s+(?:[a-z]+\s+)?$")


def a_trade(t: str, link: Link, words: Lexicon | None) -> bool:
    """Is the word what someone the user knows is, by trade ("he's a retired science teacher": neither the
    science nor the teacher)? That names no kind of item; a liking does ("she's a horror fan"), and so
    does a kind of the value's people ("she's a toddler": Children's)."""
    if words is None:
        return False
    after = re.match(r"\s+([a-z]+)", t[link.end:])
    if after and re.search(r"\b(?:is|was|s|as|he|she|my|our|his|her|their|your)\s+(?:an?\s+)?(?:[a-z]+\s+)?$",
                           t[:link.start]) and words.is_person(after.group(1)) \
            and not words.is_devotee(after.group(1)):
        return True         # "science teacher"
    phrase = t[link.start:link.end]
    described = re.search(r"\b(?:is|was|s|as|he|she)\s+an?\s+(?:[a-z]+\s+){0,2}$", t[:link.start])
    return bool(described) and words.is_person(phrase) and not words.is_devotee(phrase) and not any(
        words.is_kind_of(phrase, w) for w in norm(link.value).split())      # the "teacher" itself


def owners(text: str, words: Lexicon | None) -> set[str]:
    """People named as the owner of another person ("my nan's teacher"), read before `norm` drops the "'s"."""
    return {m.group(1) for m in re.finditer(r"([a-z]+)['\u2019]s ([a-z]+)", text.lower())
            if words is not None and words.is_person(m.group(2))}


# The user buying for themselves: "handbags for myself", "for my own use", "find myself a formal shirt" (not "for me
# and my husband", "for me to give him")
_MYSELF = re.compile(r"\bfor\s+(?:myself|my\s+self|my\s+own\s+use|me)\b(?!\s+(?:and|or|to|&)\b)"
                     r"|\b(?:find|buy|get|treat)\s+myself\b")
# A letter signed with the writer's courtesy title: "Yours faithfully, Mrs. Dorothy Kowalczyk"
_SIGNED = re.compile(r"(?<!dear )(?<!to )\b(?:(?P<her>mrs|ms|miss)|(?P<him>mr))\b\.?\s+(?:[a-z]\.\s*)*[a-z'-]+"
                     r"(?:[\s,]+[a-z'-]+){0,3}\W*$")


def own_wearer(text: str, t: str, links: list[Link], words: Lexicon | None) -> list[Link]:
    """Where the item is for the user ("for myself"), the people of their story are no wearer ("since my son's
    wedding": no men's bag): their sex is the writer's own where the letter is signed with it ("Mrs. K.
    Salunkhe"), else not said. `text`: as written; `t`: normalised."""
    marks = words.marks if words is not None else {}
    him, her, me = marks.get("male"), marks.get("female"), _MYSELF.search(t)
    signed = _SIGNED.search(text.lower().strip())
    if me is None or signed is None or him is None or her is None or _FOR_SOMEONE.search(t, 0, me.start()):
        return links      # unsigned, the people the user goes with may well say who they are ("with the lads")
    people = [k for k in links if a_wearer(k, words) and k.how != "words" and not _FOR_SOMEONE.search(t, 0, k.start)
              and not _I_AM.search(t, 0, k.start) and any(words.is_person(w) for w in t[k.start:k.end].split())]
    out = [k for k in links if k not in people]
    if not any(k.field == him.field for k in out):
        reach = her if signed.group("her") else him
        out.append(Link(reach.field, reach.value, me.start(), me.end(), how="lexicon"))
    return sorted(out, key=lambda k: k.start)


# A story told of people a value is named for ("my eldest son has finally fixed the roof", "the machine my
# granddaughter set up", "we raised five children", "he would tell the children tales"): no wish for their films;
_DID = (r"(?!(?:loved|liked|enjoyed|adored|watched|wanted|needed|asked|preferred|requested|demanded|begged|animated"
        r"|aged|talented|gifted|bored|excited|scared|tired|interested|related|named|called|rated|released|aimed"
        r"|based|dubbed|designed|geared|suited|directed|produced|filmed|starred)\b)"
        r"(?:[a-z]{3,}ed|set|put|took|went|came|grew|got|kept|gave|taught|bought|brought|ran|rang|left|wrote|sent"
        r"|told|showed|paid|built|drove)")
# ... by their name too ("my grandson Thomas set all this up"), or a time of their life ("when my children were small")
_STORY_SUBJECT = re.compile(rf"\s+(?:(?!(?:films?|movies?|pictures?|flicks?|ones|stuff|shows?|cartoons?)\b)[a-z]+\s+"
                            rf"(?=(?:has|have|had|once|finally|just|always|also|then|{_DID})\b))?"
                            rf"(?:(?:has|have|had|once|finally|just|always|also|then)\s+)*{_DID}\b"
                            r"|\s+(?:was|were)\s+(?:(?:still|only|very|so|quite)\s+)?(?:small|little|young|tiny|babies"
                            r"|toddlers|growing\s+up)\b")
_STORY_OBJECT = re.compile(r"\b(?:raised|brought\s+up|taught|told|tell|took|take|had|gave|bathed|fed|drove|walked"
                           r"|would\s+(?!like|love|enjoy|want|prefer)[a-z]+)\s+(?:(?:the|my|our|his|her"
                           r"|their|all|five|four|three|two|six|seven|eight|nine|ten|\d+)\s+)*$")


def in_story(t: str, link: Link, words: Lexicon | None) -> bool:
    """Are the people a value is named for ("Children's"; not a wearer, who may well be the one the story is about:
    "my son grew out of his jeans") what a story tells of, doing or done to? `t`: normalised words."""
    return words is not None and of_people(words, link.value) and not a_wearer(link, words) and any(
        words.is_person(w) for w in t[link.start:link.end].split()) and bool(      # a person named, no pronoun
        _STORY_SUBJECT.match(t, link.end) or _STORY_OBJECT.search(t, 0, link.start) or _plot(t, link, words))


# A plot told in the present, one person doing something to another: "boy meets girl", "a girl loses a boy"; not
# someone's own ("my son loves cartoons") nor a liking ("the kids want something funny")
_PLOT = re.compile(r"(?<![a-z])(?<!my )(?<!our )(?<!his )(?<!her )(?<!their )(?<!your )(?P<one>[a-z]+)\s+"
                   r"(?!(?:likes|loves|wants|needs|enjoys|watches|prefers|adores|hates|is|was|has|does|says|gets|asks"
                   r"|turns)\b)[a-z]{3,}s"
                   r"\s+(?:(?:a|an|the)\s+)?(?P<other>[a-z]+)\b")


def _plot(t: str, link: Link, words: Lexicon) -> bool:
    return any(m.start() < link.end and link.start < m.end() and words.is_person(m.group("one"))
               and words.is_person(m.group("other")) for m in _PLOT.finditer(t))
