"""Follow-ups that edit the plan: what a message starts over (`resets`), lets go (`let_go`), adds
(`adds`), offers beside (`offered_beside`), replaces (`edit`), restates as a number (`restated`) or asks past what
was shown (`beyond`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rec.agents.context import SAID_BEFORE
from rec.agents.fields import NumericFields, as_number
from rec.agents.forms import spoken_names
from rec.agents.negation import negated
from rec.agents.numbers import words_to_numbers
from rec.agents.sizes import stepped
from rec.agents.withdrawn import LET_GO_VERBS
from rec.schema import Constraint

if TYPE_CHECKING:
    from rec.agents.links import Link
    from rec.agents.planner import Grounding
    from rec.agents.titles import Hit

POSITIVE = ("eq", "in", "contains", "gt", "gte", "lt", "lte")     # the ops that ask for something

_RESET = re.compile(r"\b(?:start over|start again|new search|forget (?:all )?(?:that|it|everything)|something "
                    r"(?:completely|totally|entirely) different"
                    r"|(?P<scratch>scratch that|(?:scrap|ditch|bin|scratch) (?:that|this|it)"
                    r"(?=\s*(?:[,.;:!]|and\b|$))))\b",
                    re.I)
_DROP = rf"(?:{LET_GO_VERBS}|clear|undo)(?: about)? the"
_CLEAR = (rf"\b(?:any|whatever|{_DROP}|no matter the|regardless of(?: the)?"
          r"|(?:not (?:fussed|bothered)|don'?t care|do not care) (?:about|on|what|which) (?:the )?"
          r"|(?:doesn'?t|does not|don'?t|do not|won'?t|will not) matter (?:about|on|what|which) (?:the )?)\s*(%s)\b")
#                                                          "doesn't matter about the colour after all"
# ...and after it ("colour doesn't matter", "the price is not important")
_CLEAR_AFTER = (r"\b(%s)\s+(?:really\s+|honestly\s+)?(?:doesn'?t|does not|don'?t|do not|won'?t|will not|not|no longer"
                r"|no)\s+(?:really\s+)?matters?|\b(%s)\s+(?:(?:is|'s)\s+)?"
                r"(?:not (?:(?:so|that|very|really|too) )?(?:important|an issue)|unimportant"
                r"|irrelevant|no longer important)\b"       # and a learner's "score not matter anymore"
                r"|\b(?:other|any|different)\s+(%s)\s+(?:will|would|are|is|s|re)\s+(?:also\s+|be\s+|totally\s+)*(?:do"
                r"|fine|ok|okay|work)\b")        # "other colours will do after all"
# ... unless on a condition that names it: "genre doesn't matter as long as it's a comedy"
_SO_LONG_AS = re.compile(r"\s*,?\s*(?:as|so)\s+long\s+as|\s*,?\s*(?:provided|providing|but|except|unless)\b")
# What people call the year and the price field when they let it go ("forget the date", "any budget")
_YEAR_WORDS = ("date", "dates", "decade", "decades", "era", "period", "release date")
_PRICE_WORDS = ("budget", "cost", "price range", "price tag", "money")
_RATING_WORDS = ("rating", "ratings", "score", "scores", "reviews")
_COUNT_WORDS = ("viewer", "viewers", "viewer count", "votes", "vote count", "voters", "popularity")   # how many rated


def let_go(text: str, said: Sequence[Constraint], numeric: NumericFields,
           fields: Mapping[str, tuple[str, list[str]]]) -> set[str]:
    """The fields the message lets go ("any colour", "forget the date", "price doesn't matter"), less one it
    drops to say again ("scrap the decade. before 1970": an edit, not indifference)."""
    forms = {form: f for f in [*numeric.ranges, *fields] for form in spoken_names(f)}
    forms |= {f"number of {m.group(1)}": f for f in numeric.ranges     # "ratings_count": "the number of ratings"
              if (m := re.fullmatch(r"([a-z]+)[\s_-]+count", f.lower()))}
    forms |= {word: f for f, words in ((numeric.year, _YEAR_WORDS), (numeric.price, _PRICE_WORDS),
                                       (numeric.rating, _RATING_WORDS)) if f for word in words}
    counts = [f for f in numeric.ranges if re.search(r"count|votes", f.lower()) and f != numeric.rating]
    forms |= {word: counts[0] for word in _COUNT_WORDS} if len(counts) == 1 else {}     # "drop the viewer thing"
    if not forms:
        return set()
    names = "|".join(re.escape(n).replace(r"\ ", r"[\s-]+") for n in sorted(forms, key=len, reverse=True))
    low = text.lower()
    dropped = [m for m in re.finditer(_CLEAR % names, low)     # not "any genre of topic is fine", "any year
               if not re.match(r"\s+(?:of\b|between\b|(?:from|after|before|since)\s+(?:the\s+)?'?\d)", low[m.end():])]
    #                                                               from 1960 to 1995 is fine" (it says which)
    after = [(m, next(g for g in m.groups() if g)) for m in re.finditer(_CLEAR_AFTER % (names, names, names), low)]
    said_go = [*(m.group(1) for m in dropped), *(name for _, name in after)]
    redone = {forms[_spaced(m.group(1))] for m in dropped if re.match(rf"\b{_DROP}", m.group(0))} | {
        forms[_spaced(name)] for m, name in after if _SO_LONG_AS.match(low, m.end())}
    return {forms[_spaced(s)] for s in said_go} - {c.field for c in said if c.field in redone and c.op in POSITIVE}


# A value a let-go verb names bare: "forget suede", "drop the silk" ("the X part" is `withdrawn.taken_back`'s)
_LET_GO_BARE = re.compile(rf"\b(?:{LET_GO_VERBS})\s+(?:about\s+)?(?:the\s+|that\s+)?$")


def released(t: str, links: Sequence[Link]) -> set[tuple[str, str]]:
    """The (field, value)s a let-go verb names in the normalised text `t` ("hmm forget suede"): a wish the plan
    held is taken back, not ruled out (`edit`); with none held, the value stays ruled out, and so it does where the
    message rules it out again ("scratch the horror ... and none that are horror at all")."""
    let_go = [k for k in links if _LET_GO_BARE.search(t, 0, k.start)]
    return {(k.field, k.value) for k in let_go} - {(k.field, k.value) for k in links if k.negated and k not in let_go}


def _spaced(name: str) -> str:
    """A field's name as said, its words joined by single spaces ("number-of-ratings": number of ratings)."""
    return " ".join(re.split(r"[\s-]+", name))


def resets(text: str, said: Sequence[Constraint], kinds: Sequence[str]) -> bool:
    """Does the message start the request over? "Scratch that" does unless what follows only corrects a
    part ("scratch that, navy": the colour; "scratch that — no sci-fi and no war films either": what is ruled out;
    "scratch that, show me boots" is a new search; "scratch that. make it 34 instead" changes the size)."""
    m = _RESET.search(text)
    return m is not None and not (m.group("scratch") and (
        (said and not any(c.field in kinds and c.op in POSITIVE for c in said))
        or re.match(r"\W*(?:make|change)\s+(?:it|that)\b", text[m.end():], re.I)))   # "scratch that. make it 34"


def edit(previous: Sequence[Constraint], turn: Sequence[Constraint], cleared: set[str],
         adding: bool = False, withdrawn: set[tuple[str, str]] = frozenset(),
         together: set[tuple[str, str]] = frozenset(), joining: set[tuple[str, str]] = frozenset(),
         restating: bool = False, allowing: set[tuple[str, str]] = frozenset()) -> list[Constraint]:
    """A follow-up edits the plan: what the new message constrains replaces the earlier constraints on
    that field (a new year range, a different genre) unless it says it adds ("action too", `adding`);
    what it rules out adds to them and drops an earlier wish for that value ("drop the comedy part"); a
    field the user lets go ("any genre") is cleared, but for what the same message rules out ("any colour
    except black"); a value taken back goes, and only it ("swap the action for comedy": the sci-fi
    stays; "let the crime ones back in": no longer ruled out); a bound on one side keeps the other side's ("the
    90s", then "nothing before 1995": 1995-1999, `_other_side`); a compound ruled out ("no horror-comedies",
    `together`) keeps the part the plan asks for and rules out the rest; a value that only says who the items
    are for, by meaning ("my daughter will watch with me": Children's, `joining`), joins the earlier values of its
    field; a value said only to be fine that the plan refuses (`allowing`: "grey's fine actually") lifts the refusal
    and asks for nothing; everything else persists."""
    def positive(c: Constraint) -> bool:
        return c.op in POSITIVE

    back = allowing & {(c.field, str(c.value)) for c in previous if c.op == "ne"}     # "grey's fine actually"
    turn = [t for t in turn if not (positive(t) and (t.field, str(t.value)) in back)]
    withdrawn = withdrawn | back
    let_go = withdrawn & {(c.field, str(c.value)) for c in previous if positive(c)}    # "suede ones" ...
    turn = [t for t in not_both(previous, turn, together)                  # "forget suede": no wish, no refusal
            if not (t.op in ("ne", "nin") and (t.field, str(t.value)) in let_go)]
    said_again = {t.field for t in turn if restating and t.op == "contains"} - {   # "no, I said adventure": the
        t.field for t in turn if t.op == "contains" and t not in previous}       # sci-fi of "sci-fi adventure" stays

    kept = []
    for c in previous:
        if c.field in cleared or (c.field, str(c.value)) in withdrawn:     # asked for or ruled out: taken back
            continue
        grows = adding or c.field in said_again or any(f == c.field for f, _ in withdrawn)
        replaced = positive(c) and any(t.field == c.field and positive(t) and (t.field, str(t.value)) not in joining
                                       and not _other_side(c, t) for t in turn) and not (
            grows and c.op in ("contains", "ne", "nin"))
        replaced = replaced or (c.op in ("eq", "contains") and any(     # one of the choices now: "or westerns too"
            t.field == c.field and t.op == "in" and isinstance(t.value, list) and c.value in t.value for t in turn))
        ruled_out = positive(c) and any(t.field == c.field and not positive(t) and _overlaps(c, t) for t in turn)
        allowed_again = not positive(c) and any(t.field == c.field and positive(t) and _overlaps(t, c) for t in turn)
        if not (replaced or ruled_out or allowed_again):
            kept.append(c)
    out = kept + [t for t in turn if t not in kept and (t.field not in cleared or not positive(t))]
    return out     # "any colour except black": what the message rules out stays


# A follow-up that opens on "or": another value offered beside the one the plan holds ("war films" ... "or
# westerns, either's fine"; "white sneakers" ... "or grey")
_OR_ELSE = re.compile(r"^\W*(?:(?:o+h+|ok|okay|hmm+|um+|well|actually|or\s+else|failing\s+that)\W+)?(?:or|either)\b"
                      r"(?!\s+(?:not|no|nothing|less|more|above|below|under|over)\b)", re.I)
_ASKING = ("eq", "contains", "in")
_ALSO = re.compile(r"\b(?:also|as\s+well)\b|\btoo\b(?=\s*(?:[,.;:!?|)]|$)|\s+(?:please|pls|then|actually|now)\b)")
#                                                                                             not "if it's no too dear"


def offered_beside(text: str, before: Sequence[Constraint], turn: Sequence[Constraint]) -> list[Constraint]:
    """The turn with a value a message opening on "or" offers joined to the one value the plan asks of its
    field: "war films", then "or westerns": War or Western (`in`); a field the plan asks two values of ("a
    romantic comedy", then "or a drama") has no one value to join, and the new one replaces them as before. A
    value of a single-valued field said "too" joins likewise ("a leather tote", then "suede would work as well")."""
    either, also = bool(_OR_ELSE.match(text)), bool(_ALSO.search(text)) and not replaces(text)
    if not (either or also):
        return list(turn)
    out = []
    for t in turn:
        held = [c for c in before if c.field == t.field and c.op in _ASKING]
        new = [c for c in turn if c.field == t.field and c.op in _ASKING]
        refused = any(x.field == t.field and x.op in ("ne", "nin") for x in turn)
        if t.op in _ASKING and len(held) == 1 and new == [t] and (either or (
                held[0].op == "eq" and t.op != "contains" and not refused)):
            values = [*listed(held[0].value), *listed(t.value)]
            t = Constraint(field=t.field, op="in", value=list(dict.fromkeys(values)))
        out.append(t)
    return out


def listed(value: Any) -> list[Any]:
    """A constraint's value as a list: its values ("in") or the one."""
    return list(value) if isinstance(value, list) else [value]


_LOW, _HIGH = ("gt", "gte"), ("lt", "lte")


def _other_side(earlier: Constraint, new: Constraint) -> bool:
    """Does a new one-sided bound leave an earlier bound on the other side standing ("comedies from the 90s"
    ... "nothing from before 1995": still up to 1999), both still holding something?"""
    if not isinstance(earlier.value, int | float) or not isinstance(new.value, int | float):
        return False
    if earlier.op in _HIGH and new.op in _LOW:
        return new.value < earlier.value
    if earlier.op in _LOW and new.op in _HIGH:
        return earlier.value < new.value
    return False


def not_both(previous: Sequence[Constraint], turn: Sequence[Constraint],
              together: set[tuple[str, str]]) -> list[Constraint]:
    """A compound ruled out where the plan asks for one of its parts: "no horror-comedies" in a horror
    conversation rules out comedy only. Where it asks for every part, the message changes its mind."""
    joint = {(t.field, str(t.value)) for t in turn if t.op == "ne" and (t.field, str(t.value)) in together}
    asked = joint & {(c.field, str(c.value)) for c in previous if c.op in ("contains", "eq")}
    if not asked or not joint - asked:
        return list(turn)
    return [t for t in turn if not (t.op == "ne" and (t.field, str(t.value)) in asked)]


def _overlaps(wanted: Constraint, ruled_out: Constraint) -> bool:
    """Does a positive constraint ask for a value an earlier `ne`/`nin` ruled out ("actually, horror is fine")?"""
    return wanted.op in ("eq", "in", "contains") and bool(set(map(str, listed(wanted.value)))
                                                          & set(map(str, listed(ruled_out.value))))


# A follow-up that adds to the wishes: "action too", "and a comedy", or one that narrows what was shown
# by pointing at it ("ones with songs in them", "any of those that are funny", "a romantic one"), or mixes
# something into it ("one with a bit of romance", "a touch of humour").
_ADDING = re.compile(r"\btoo\b(?!\s+(?:[a-z]+(?:y|er|ous|ful|ic|al|ive|ed|ing|ish|ent|ant|ble|less)|old|new|long|short"
                     r"|dark|sad|loud|bright|dear|much|many|far|late|soon|young|big|small|cheap|slow|fast|hot|cold|warm"
                     r"|thin|thick|plain|tight|loose|heavy|light|weird|grim|gross|mad)\b)"    # not "too old for me"
                     r"|\b(?:also|as well|additionally|further(?:more)?|moreover|in addition|on top|after all)\b"
                     r"|\b(?:ideally|preferably|if\s+possible)\b"      # a hedged wish narrows softly: "Animated,
                     #                                                    ideally."
                     r"|^\s*\*\s*(?=[a-z])(?![^*\n]*\*)"    # a starred word mends the one the phone put before:
                     #                                  "*comedy" (not a stress: "*not* horror")
                     r"|^\W*add\s+(?:[a-z-]+\s+){1,3}?to\s+(?:that|this|it|the\s+list|those)\b"   # "Add sci-fi to that"
                     r"|^\W*(?:(?:o+h+|ok|okay|right|oya|now|please|pls|can\s+you|could\s+you|actually)\W+)?add"
                     r"(?:\s+in)?\b(?!\s+up)"         # "Oya add crime join am", "Actually add a side of romance"
                     r"|^\s*\+\s*(?=[a-z])"                                        # a chart's "+ must be animated"
                     r"|^\W*(?:(?:o+h+|a+h+|ok|okay|right|hmm+|um+|oh\s+yeah)\W+)?(?:and|plus|with(?!\s*out\b))\b"
                     #                       "Oh, and not a drama"; "with songs in it, a musical": more of the same item
                     r"|\b(?:it|they)\s+(?:should|must|needs?\s+to|has\s+to|have\s+to|ought\s+to)\s+(?:have|include"
                     r"|feature|be\s+(?!(?:a|an|the|in|from|for|made|under|over|after|before)\b)[a-z]{3,})\b"
                     #                            "it should have songs", "it has to be animated" (not "be a western")
                     # a quality of the same item: "I want it fun", "make it funny" (not "make it a western")
                     r"|\b(?:make|want|like|need|prefer)\s+(?:it|them)\s+(?:(?:a\s+bit|a\s+little|more|really|quite)\s+)?"
                     r"(?!(?:a|an|the|to|in|instead|now|back|again|for)\b)[a-z]{3,}\b"
                     r"|\b(?:is|are|s|re)\s+(?:fine|ok|okay|alright|allowed|acceptable|grand|no\s+problem)\b"
                     #                                                               "cartoons are fine"
                     r"|^\s*(?:(?:only|just)\s+)?(?:the\s+)?(?:[a-z-]+\s+){0,2}?(?:ones|those)\b"  # "just the red ones"
                     r"|\b(?:any|some|which|one) of (?:those|them|these)\b"
                     # "throw some comedy in", "mix in a bit of romance"
                     r"|\b(?:throw|chuck|toss|mix|stick|bung)\s+(?:in\b|(?:[a-z-]+\s+){1,4}?in\b(?!\s+the\s+bin))"
                     r"|\b(?:a|an)\s+(?:[a-z]+[\s-]+){1,2}?one\b(?!\s+of\b)"     # "ooh, a romantic one"
                     r"|\bmake\s+(?:them|those|these|it)\s+(?:[a-z]+[\s-]+){1,2}?ones?\b"   # "make them romantic ones"
                     r"|\b(?:one|ones)\s+with\b"                           # "one with a bit of romance in it"
                     r"|\ba\s+(?:little\s+)?(?:bit|touch|hint|dash|splash|sprinkle|side)\s+of\b"     # mixed in
                     # the same for someone else: "same again but something for my wee daughter - a children's film"
                     r"|^\W*(?:(?:now|ok|okay|right|grand|great)\W+)?(?:the\s+)?same(?:\s+again|\s+thing)?\s+but\b"
                     r"(?=.*\bfor\s+(?:my|me|our|his|her|the|a)\b)", re.I)
_REPLACING = re.compile(r"\b(?:instead|rather|switch|change)\b", re.I)


# A number said to replace the one the plan bounds: "bump that up to 300", "lower it to 40", "make it 1990"
_RESTATED = re.compile(r"\b(?:bump|raise|push|put|up|increase|lower|drop|bring|take|change|make|move|set|knock|relax"
                       r"|loosen|ease|tighten|lift|reduce|cut|nudge|adjust|shift)\s+"
                       r"(?:it|that|this|the\s+[a-z]+(?:\s+[a-z]+)?)\s+(?:up\s+|down\s+|back\s+)?(?:to\s+)?"
                       r"(?P<n>\d+(?:\.\d+)?)\b(?!\s*(?:-|to)\s*\d)")

# A number the user meant in place of the one they said: "sorry, I meant 80 not 120", "80, not 120"
_MEANT = re.compile(r"\bi\s+meant\s+(?:to\s+say\s+)?(?P<n>\d+(?:\.\d+)?)\b(?:\s*,?\s*not\s+(?P<old>\d+(?:\.\d+)?))?"
                    r"|(?<![\d.])(?P<n2>\d+(?:\.\d+)?)\s*,?\s+not\s+(?P<old2>\d+(?:\.\d+)?)\b")


# A number said alone: "80?", "what about 60 then"
_ALONE = re.compile(r"^\s*(?:(?:what|how)\s+about|and|or|maybe|perhaps|try|ok|okay)?\s*[$\u00a3\u20ac]?"
                    r"(?P<n>\d+(?:\.\d+)?)\s*(?:quid|bucks|dollars|euros|pounds|then|instead|please|pls|maybe)?\s*[?.!]*\s*$")


def restated(text: str, before: Sequence[Constraint], turn: Sequence[Constraint],
              numeric: NumericFields) -> list[Constraint]:
    """The plan's one numeric bound with the number a follow-up puts in its place, where the message bounds
    no numeric field itself ("a thriller with at least 100 ratings" -> "hmm bump that up to 300"; "sneakers under
    100" -> "80?", a number said alone where the message says nothing else)."""
    bounds = [c for c in before if c.field in numeric.ranges and c.op in ("gte", "gt", "lte", "lt")]
    said = words_to_numbers(" ".join(text.lower().split()))
    m = _RESTATED.search(said) or _MEANT.search(said) or (None if turn else _ALONE.match(said))
    found = {k.rstrip("2"): v for k, v in m.groupdict().items() if v} if m is not None else {}
    if "old" in found:          # "i meant 80 not 120": the bound that was 120
        bounds = [c for c in bounds if float(c.value) == float(found["old"])]
    elif m is not None and m.re is _MEANT and turn:
        return []               # "i meant 32" read as a size: no bound's number
    if m is None or any(c.field in numeric.ranges for c in turn):
        return []
    value = float(found["n"])
    scale = re.match(r"\s*(?:(?P<share>%|per\s*cent)|(?:/|out\s*of|outta)\s*(?P<of>\d+(?:\.\d+)?))", said[m.end():])
    share = 100.0 if scale and scale.group("share") else float(scale.group("of")) if scale else 0.0
    if share:                   # "bump it to 80%", "loosen that to 7 out of 10": a score's bound, on its scale
        bounds = [c for c in bounds if numeric.ranges[c.field][1] <= 10]
    elif len(bounds) > 1:       # "bump that up to 300" with a count and a year bounded: the one whose field holds it
        bounds = [c for c in bounds if numeric.ranges[c.field][0] <= value <= numeric.ranges[c.field][1]]
    if len(bounds) != 1:
        return []
    lo, hi = numeric.ranges[bounds[0].field]
    value = round(value / share * hi, 2) if share else value
    if m.re is _ALONE and not lo <= value <= hi:
        return []
    return [Constraint(field=bounds[0].field, op=bounds[0].op, value=int(value) if value.is_integer() else value)]


# A bare comparative ending its clause, said of the items: "older ones?", "anything newer", "cheaper?", "only the
# ones from before that year" (not "my older brother", "she's older", "older than 1980")
_PAST_RANGE = re.compile(r"(?<!\bis )(?<!\bs )(?<!\bre )(?<!\bare )(?<!\bwas )(?<!\bwere )(?<!\bm )"
                         r"\b(?:(?P<older>older|earlier|before\s+(?:that|then)(?:\s+(?:year|date))?)"
                         r"|(?P<newer>newer|later|more recent|after\s+(?:that|then)(?:\s+(?:year|date))?)"
                         r"|(?P<cheaper>cheaper|less expensive)|(?P<pricier>pricier|dearer|more expensive))"
                         r"(?:\s+(?:ones?|films?|movies?|stuff|titles?|items?|things?|pairs?|options?))?(?:\s+(?:please|pls|plz|then|instead|maybe"
                         r"|perhaps))?\s*(?:[?.!,;]|$)")


# A verdict on what was shown that asks past it: "meh, these are all too new", "too dear mate" (not "nothing too
# old", "not too pricey": a wish, no verdict)
_TOO_FAR = re.compile(r"(?<!\bnothing )(?<!\bnot )(?<!\bno )(?<!\banything )(?<!\bsomething )(?<!n't )(?<!\bnever )"
                      r"\btoo\s+(?:(?P<newer>old|dated|old[- ]fashioned)|(?P<older>new|recent|modern)"
                      r"|(?P<cheaper>expensive|pricey|pricy|dear|steep|spendy)|(?P<pricier>cheap))\b"
                      r"(?!\s+for\b)")         # "too old for him", "he's too old for cartoons": a person's age
_SOMEONE_IS = re.compile(r"\b(?:he|she|i|we)\s*(?:'s|'re|'m|s|re|m|is|are|am|was|were)\s+(?:\w+\s+){0,2}$")


def beyond(text: str, before: Sequence[Constraint], turn: Sequence[Constraint], numeric: NumericFields,
            shown: Callable[[str], list[float]] = lambda field: []) -> list[Constraint]:
    """A follow-up's bare comparative, or its verdict on what was shown, moves past the plan's range on the
    field it compares: "comedies from the 90s" then "older ones?" or "too new" is before 1990, "newer?" after
    1999; "cheaper?" under the plan's least price. Where the plan bounds no such side, past what was shown
    (`shown`: a field's values among the items on the list): "these are all too dear" is under the cheapest
    of them, a bare "cheaper?" under the middle one. Nothing where the message bounds a numeric field itself
    or refuses that side."""
    said = " ".join(text.lower().split())
    m = _PAST_RANGE.search(said) or _TOO_FAR.search(said)
    if m is None or any(c.field in numeric.ranges for c in turn) or negated(said, m.start()) \
            or (m.re is _TOO_FAR and _SOMEONE_IS.search(said, 0, m.start())):      # "she's way too old"
        return []
    side = m.lastgroup or ""
    field = numeric.year if side in ("older", "newer") else numeric.price
    if field is None:
        return []
    down = side in ("older", "cheaper")
    edge = [float(c.value) for c in before if c.field == field and c.op in (("gte", "gt") if down else ("lte", "lt"))
            and isinstance(c.value, int | float)]
    if not edge and (seen := sorted(shown(field))):     # a verdict on them all: past every one; "cheaper?": the middle
        edge = [(seen[0] if down else seen[-1]) if m.re is _TOO_FAR else seen[len(seen) // 2]]
    if not edge:
        return []
    value = max(edge) if down else min(edge)
    return [Constraint(field=field, op="lt" if down else "gt", value=int(value) if value.is_integer() else value)]


# A follow-up that widens what a numeric field may be: "the 70s too", "open it up to the 70s", "include the 90s"
_WIDENING = re.compile(r"\b(?:too|also|as well|open(?:ing)?\s+(?:(?:it|this|that|things|them)\s+)?up|widen|expand"
                       r"|extend|stretch|broaden|include|including)\b", re.I)     # not "and what about the 40s?"


def widened(text: str, before: Sequence[Constraint], turn: Sequence[Constraint],
            numeric: NumericFields) -> list[Constraint]:
    """The turn with a span of a numeric field it adds to the plan's span of that field made one with it
    ("Thrillers from the 80s" -> "the 70s too": 1970-1989; "the 60s as well": the 60s' and the 80s' years).
    Only closed spans (a decade, a range, a year): "also before 1985" bounds the 80s further."""
    if not _WIDENING.search(text):
        return list(turn)
    out = list(turn)
    for name in numeric.ranges:
        old, new = _closed(before, name), _closed(turn, name)
        if old is None or new is None or (old[0] <= new[0] and new[1] <= old[1]):      # inside: it narrows
            continue
        if new[0] <= old[1] + 1 and old[0] <= new[1] + 1:
            joined = [Constraint(field=name, op="gte", value=as_number(min(old[0], new[0]))),
                      Constraint(field=name, op="lte", value=as_number(max(old[1], new[1])))]
        elif name == numeric.year and (old[1] - old[0]) + (new[1] - new[0]) < 64:
            years = sorted({*range(int(old[0]), int(old[1]) + 1), *range(int(new[0]), int(new[1]) + 1)})
            joined = [Constraint(field=name, op="in", value=years)]
        else:
            continue
        out = [c for c in out if c.field != name] + joined
    return out


def _closed(constraints: Sequence[Constraint], name: str) -> tuple[float, float] | None:
    """The span [lo, hi] the constraints ask of a numeric field, where they close it on both sides."""
    on = [c for c in constraints if c.field == name]
    if not on or any(c.op not in ("gte", "lte", "eq") or isinstance(c.value, list) for c in on):
        return None
    low = [float(c.value) for c in on if c.op in ("gte", "eq")]
    high = [float(c.value) for c in on if c.op in ("lte", "eq")]
    return (max(low), min(high)) if low and high else None


# A follow-up that says a wish again: "no, I said adventure", "leather only, like I said", "still action and comedy"
_RESTATING = re.compile(rf"\b(?:{SAID_BEFORE}|as\s+i\s+said|still)\b", re.I)


# A follow-up that takes back the change before it ("undo that last change", "back to the cheaper range from
# before", "revert it") or goes back to the first plan ("the first list was better", "back to what you had first")
_UNDO = re.compile(r"\b(?:undo|revert|roll\s+back)\s*(?:(?:that|this|it)(?:\s+(?:last|latest))?"
                   r"|(?:the|my|your)\s+(?:last|latest|previous))?(?:\s+(?:change|edit|step|one|bit|tweak))?"
                   r"\s*(?=[,.;:!?]|\band\b|\bthen\b|\bplease\b|\bpls\b|$)"
                   r"|(?:^\W*|[,.;:!?]\s*|\b(?:go|going|get|switch|change\s+it|take\s+it|bring\s+it|let'?s"
                   r"|can\s+(?:we|you)|please|just|no|ok|okay|actually|hmm+)\W+)back\s+to\s+(?:the\s+|my\s+|your\s+)?"
                   r"(?:[a-z]+\s+){0,3}?(?:from\s+before|(?:you|we)\s+had(?:\s+(?:before|earlier))?|it\s+was|before"
                   r"|earlier|last\s+time|previous(?:ly)?)\b"
                   r"|\bput\s+(?:it|that|them)\s+back(?:\s+(?:the\s+way|how|as)\s+(?:it|they)\s+(?:was|were))?"
                   r"\s*(?=[,.;:!?]|$)"
                   # "forget what I said last", "ignore what I just said"; "the one before that was right"
                   r"|\b(?:forget|ignore|scrap|scratch|disregard)\s+(?:what|the\s+last\s+thing)\s+i\s+(?:(?:just\s+)?"
                   r"(?:said|asked\s+for|wrote)\s+last|just\s+(?:said|asked\s+for|wrote))(?=\s*(?:[,.;:!?]|\band\b|$))"
                   r"|\bthe\s+one\s+before\s+(?:that|it)\s+(?:was|is)\s+(?:right|better|correct|what\s+i\s+wanted)\b",
                   re.I)
_FIRST = re.compile(r"\b(?:back\s+to|go\s+with|return\s+to)\s+(?:the\s+|my\s+)?(?:[a-z]+\s+){0,3}?(?:(?:you|we|i)\s+"
                    r"(?:had|showed|said|asked\s+for)\s+(?:at\s+)?first|(?:first|original|initial)\s+(?:list|one|ones"
                    r"|search|results?|set|request|idea|plan))\b|\bthe\s+(?:first|original)\s+(?:list|search|results?"
                    r"|set|one|ones|idea)\s+(?:was|were)\s+better\b", re.I)


def undoes(text: str) -> str | None:
    """"first" where a follow-up goes back to the first plan, "last" where it takes back the change before it
    (the plan before the previous message's; what the message says besides then edits that), else None."""
    return "first" if _FIRST.search(text) else "last" if _UNDO.search(text) else None


def restates(text: str) -> bool:
    """Does a follow-up say again what it asked for (`edit` keeps the rest of a list field the plan holds)?"""
    return bool(_RESTATING.search(text))


def adds(text: str) -> bool:
    """Does a follow-up add to the earlier wishes rather than replace them?"""
    return bool(_ADDING.search(text)) and not replaces(text)


def replaces(text: str) -> bool:
    """Does a follow-up say it replaces the earlier wishes ("something for my kids instead")?"""
    return bool(_REPLACING.search(text))


def against_the_plan(text: str, before: Sequence[Constraint], said: Sequence[Constraint], g: Grounding,
                     shown: Sequence[Hit] = ()) -> list[Constraint]:
    """The turn's constraints with what the message says only against the plan before it: a size stepped or
    said alone ("one size down", "40?"), a bound restated ("80?") or moved past what was shown ("older ones?"),
    a span widened ("the 70s too"), another value offered ("or westerns"). One place for a thread's turns and
    for replayed history alike."""
    turn = [*said, *stepped(text, before, said, g.linker.fields)]
    turn += restated(text, before, turn, g.numeric)
    turn += beyond(text, before, turn, g.numeric, shown_values(shown, g))
    return offered_beside(text, before, widened(text, before, turn, g.numeric))


def shown_values(shown: Sequence[Hit], g: Grounding) -> Callable[[str], list[float]]:
    """A numeric field's values among the items shown (looked up once, when asked)."""
    @functools.cache
    def values(field: str) -> list[float]:
        rows = g.items([h.item_id for h in shown]) if shown else {}
        return [float(v) for row in rows.values() if isinstance(v := row.get(field), int | float)]

    return values

