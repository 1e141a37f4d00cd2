"""Planner: conversation -> typed Plan, under the Plan JSON schema.

Invalid output is retried once with the validation error; if that fails too,
the planner falls back to a plan that searches with the raw message, so a
weak or misbehaving model never crashes a turn.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rec.agents.agreed import settled
from rec.agents.alike import named_alike, pointed_back
from rec.agents.asking import asked
from rec.agents.calques import uncalqued
from rec.agents.context import complained, hedged, lifetimes, within
from rec.agents.corrections import allowing
from rec.agents.edits import (
    POSITIVE,
    adds,
    against_the_plan,
    edit,
    let_go,
    listed,
    not_both,
    released,
    replaces,
    resets,
    restates,
    undoes,
)
from rec.agents.emoji import as_words
from rec.agents.fields import NumericFields
from rec.agents.grammar import numeric_hints
from rec.agents.hints import ground
from rec.agents.hints import merge as merge_hints
from rec.agents.links import Link, ValueLinker, constraints_from, norm
from rec.agents.markup import unmarked
from rec.agents.mixed import englished
from rec.agents.notation import uncoded
from rec.agents.numbers import ERAS
from rec.agents.optional import optional, unrefused
from rec.agents.periods import periods
from rec.agents.phrases import STOP, blanked, names_field
from rec.agents.priorities import priorities
from rec.agents.prompts import load_prompt
from rec.agents.references import ORDINALS, mentioned, positions, quoted_names
from rec.agents.registers import registered
from rec.agents.relative import dated, relative, spans
from rec.agents.scores import WELL_RATED
from rec.agents.screenplay import spoken
from rec.agents.shorthand import unabbreviated
from rec.agents.spelling import mend_said, mend_swaps, unleet, unprothetic
from rec.agents.spoken import fluent
from rec.agents.titles import Hit, Search, grounded, resolve
from rec.agents.topics import Implied, TopicInference
from rec.agents.typography import plain
from rec.agents.withdrawn import forgotten
from rec.errors import LLMOutputError
from rec.llm.base import ChatModel, ChatResult, Message
from rec.llm.structured import ask_structured
from rec.schema import Constraint, Plan


@dataclass
class PlanOutcome:
    plan: Plan
    fallback: bool
    attempts: list[ChatResult] = field(default_factory=list)
    error: str | None = None


MAX_TURNS = 8
MAX_TURN_CHARS = 2000


def planner_messages(conversation: Sequence[Message], fields: str | None = None,
                     previous: Plan | None = None) -> list[dict[str, str]]:
    """System prompt (with the catalog's fields) + few-shot pairs + the current plan + the conversation."""
    prompt = load_prompt("planner")
    system = prompt["system"].replace("{fields}", fields or prompt["default_fields"])
    messages = [{"role": "system", "content": system}]
    for ex in prompt.get("examples", []):
        messages.append({"role": "user", "content": ex["user"]})
        messages.append({"role": "assistant", "content": json.dumps(ex["plan"])})
    if previous is not None:
        messages.append({"role": "system", "content": prompt["follow_up"].replace(
            "{plan}", previous.compact())})
    # The recent turns only, each capped: a long thread or a pasted essay must not outgrow the
    # model's context (the previous plan above carries what older turns decided).
    messages.extend({"role": m["role"], "content": m["content"][:MAX_TURN_CHARS]}
                    for m in list(conversation)[-MAX_TURNS:])
    return messages


def plan(model: ChatModel, conversation: Sequence[Message], *, fields: str | None = None,
         previous: Plan | None = None, retries: int = 1, schema: Mapping[str, Any] | None = None) -> PlanOutcome:
    """The model's plan under `schema` (default: Plan's own; `plan_schema` grounds it in a store)."""
    last_user = next((m["content"] for m in reversed(conversation) if m["role"] == "user"), "")
    try:
        out = ask_structured(model, planner_messages(conversation, fields, previous), Plan, retries=retries,
                             json_schema=schema)
    except LLMOutputError as e:
        return PlanOutcome(Plan(query=last_user), fallback=True, attempts=e.attempts, error=str(e))
    value = out.value
    if not value.query.strip():  # a plan that searches for nothing: search with the user's words
        value = value.model_copy(update={"query": last_user})
    return PlanOutcome(value, fallback=False, attempts=out.attempts)


# ---- grounding: the store's vocabulary and the user's words (follow-ups that edit the plan: `edits.py`) ----


@dataclass
class Grounding:
    """What the planner knows of one store: its numeric fields, a linker for its categorical values,
    a title search, the fields as the prompt describes them, and the JSON schema built from them."""

    numeric: NumericFields
    linker: ValueLinker
    search: Search
    fields_text: str | None = None
    schema: dict[str, Any] | None = None
    items: Callable[[Sequence[str]], dict[str, dict[str, Any]]] = lambda ids: {}    # ids -> metadata
    topics: TopicInference | None = None     # a kind of item implied by what the request is about
    kinds: tuple[str, ...] = ("category",)    # the fields that say what kind of item it is


@dataclass
class Reading:
    """What one message's words state, with no model: constraints, named items, cleared fields."""

    constraints: list[Constraint]
    references: list[Hit]
    exclusions: list[Hit]
    cleared: set[str]
    reset: bool
    adding: bool = False      # "and make it action too": new values join the earlier ones
    restating: bool = False   # "no, I said adventure": values the plan holds, said again, keep the rest of it
    words: str = ""           # the message with the titles it names blanked out
    about: list[str] = field(default_factory=list)   # its content words no value (nor title) is linked to
    implied: Implied | None = None      # the kind of item the catalog says those words are about (`imply`)
    weak: dict[tuple[str, str], float] = field(default_factory=dict)   # list-field values only close in
    #                                                                   meaning, and how close
    same: list[Constraint] = field(default_factory=list)    # a named item's values kept ("in other colours")
    kinds: list[Constraint] = field(default_factory=list)   # the kinds of the items to be like (`_like_theirs`)
    yielded: list[str] = field(default_factory=list)            # those dropped: the plan left too few items
    assumed: list[Constraint] = field(default_factory=list)   # who the item is for, where its definition says (a
    #                                                          dress): re-assumed each turn, never carried as said
    withdrawn: set[tuple[str, str]] = field(default_factory=set)  # (field, value)s taken back ("swap the X for")
    together: set[tuple[str, str]] = field(default_factory=set)   # values ruled out as one compound (`_together`)
    hedged: list[Constraint] = field(default_factory=list)      # said only where hedged: "ideally minimalist"
    joining: set[tuple[str, str]] = field(default_factory=set)   # weak values naming who it is for ("daughter":
    #                                                               Children's): they join a follow-up's plan
    allowing: set[tuple[str, str]] = field(default_factory=set)   # said only to be fine: "grey's fine actually"
    loosely_refused: set[tuple[str, str]] = field(default_factory=set)   # ruled out by words only close in
    #                                       meaning ("nothing scripted": Drama): they leave the kind open (`imply`)
    undo: str | None = None     # "undo that last change": "last"; "the first list was better": "first" (`undoes`)


def imply(reading: Reading, plan: Sequence[Constraint], g: Grounding) -> list[Constraint]:
    """The plan with the kind of item the message is about, where it has none and the catalog is clear
    (`agents/topics.py`), weighed among the items the plan allows; `reading.implied` records it. A kind the
    words only came close to in meaning gives way to one the catalog is clear about (`_outweighed`). Then a
    value the words are only close to in meaning gives way where the plan leaves no item (`_yield`). First, whom
    the item is for where its definition says (`_assumed_wearer`) and the kinds of the titles to be like
    (`_like_theirs`), where the plan leaves those fields open."""
    plan = _like_theirs(reading, _assumed_wearer(reading, list(plan), g))
    if g.topics is None:
        return plan
    text = ""
    if reading.about:
        named = reading.references or reading.exclusions    # its words mostly wrap the titles: the rest
        about = " ".join(w for w in reading.about if re.search(rf"\b{re.escape(w)}\b", reading.words, re.I))
        text = about if named else reading.words
        plan = _outweighed(reading, plan, reading.words, g.topics)    # with the words the weak value came from
        loose = reading.loosely_refused
        reading.implied = reading.implied or _one_they_share(
            g.topics.implied(text, plan, closed=reading.cleared, loose=loose), reading.references, g)
        if reading.implied is None and not named and about:     # then the content words alone, not refused:
            reading.implied = g.topics.implied(about, plan, closed=reading.cleared, loose=loose)   # "Howzit! Me
            #  and my bru want a lekker cowboy flick for tonight, you know, horses, saloons": cowboys and saloons
        if reading.implied is not None:
            plan.append(reading.implied.constraint(g.linker.fields[reading.implied.field][0]))
    return _yield(reading, plan, g.topics, text)


def _assumed_wearer(reading: Reading, plan: list[Constraint], g: Grounding) -> list[Constraint]:
    """The plan with whom its kind of item is for, where no one is named and the item's own definition says
    ("I need a dress for the wedding": "a one-piece garment for a woman", so women's and unisex dresses), as a
    hedged wish: it gives way where it leaves too few items. `reading.assumed` says so, and the next turn starts
    from the plan without it (`plan_turn`'s `assumed`), so a later narrowing does not empty the list for a guess."""
    kinds = [c for c in plan if c.field in g.kinds and c.op in ("eq", "in")]
    said = listed(kinds[0].value) if len(kinds) == 1 else []
    wearers = {g.linker.worn_by(kinds[0].field, str(v)) for v in said}        # "a dress or a skirt": both a woman's
    if len(wearers) != 1 or (wearer := wearers.pop()) is None \
            or wearer.field in reading.cleared or any(c.field == wearer.field for c in plan):
        return plan
    assumed = constraints_from([Link(wearer.field, wearer.value, 0, 0)], g.linker.fields, "")
    reading.hedged += assumed
    reading.assumed += assumed
    return plan + assumed


def _one_they_share(implied: Implied | None, references: Sequence[Hit], g: Grounding) -> Implied | None:
    """The kind implied where no title to be like is named or one of them is of it: "like Unforgiven, gunslingers
    and saloons" is a Western; "seen Toy Story till the tape wore out, something along the same lines" is no
    Documentary, whatever the tape's neighbours are."""
    if implied is None or not references:
        return implied
    held = [meta.get(implied.field) for meta in g.items([h.item_id for h in references]).values()]
    return implied if any(implied.value in (v if isinstance(v, list) else [v]) for v in held) else None


def _outweighed(reading: Reading, plan: list[Constraint], text: str, topics: TopicInference) -> list[Constraint]:
    """"a cowboy picture, you know, horses, sheriffs, shoot-outs in the desert": "sheriffs" is only close in
    meaning to Crime, "cowboy" clearly close to nothing; the catalog's neighbours of the words are Westerns,
    hardly a Crime film. A kind-of-item field whose values the words only came close to
    (`Reading.weak`) takes the value the neighbours, weighed without those, imply (`topic_evidence`) where they
    lean to none of those (evidence under 1, as chance gives about one time in three: 2 Crime films in 20
    neighbours, 6.5% of the catalog, is 0.18; "singing and dancing numbers ... old stage shows" implies
    Animation, but 4 of its 20 are Musicals, 3% of the catalog, 4.1: Musical stays)."""
    def weak(c: Constraint) -> bool:
        return c.op == "contains" and (c.field, c.value) in reading.weak

    for f in {c.field for c in plan if weak(c) and c.field in topics.fields}:
        least = topics.min_evidence or 0.0
        mine = [c for c in plan if c.field == f]
        if f in reading.cleared or not all(map(weak, mine)):
            continue
        rest, said = [c for c in plan if c.field != f], {str(c.value) for c in mine}
        found = topics.weighed(text, rest, [f], also=said).get(f, [])
        best = max(found, key=lambda x: x.evidence, default=None)
        if best is not None and best.evidence >= least and best.value not in said \
                and not any(x.evidence >= 1 for x in found if x.value in said):     # none the neighbours lean to
            reading.implied = best
            reading.yielded += [f"{c.field} {c.op} {c.value!r}" for c in mine]
            plan = rest
    return plan


def _yield(reading: Reading, plan: list[Constraint], topics: TopicInference, text: str = "",
           enough: int = 5) -> list[Constraint]:
    """"a horse opera with gunslingers and sheriffs": Western in WordNet's words, and Crime, where
    "sheriffs" is only close in meaning; no film is both. Where the plan leaves fewer items than a list
    shows (`enough`), such a value goes (the first whose going leaves enough), and `reading.yielded` says
    so. So do the values of a named item kept in "the X in other colours" (`alike`), the rarest first.
    Values said in words stay: then rec says what empties the list and offers what would not; those said only
    as hedged wishes ("ideally minimalist", `Reading.hedged`) go, one at a time, until enough, where no value
    close only in meaning goes first ("watch terrible films for fun - a thriller rated under 3 would be
    perfect": Comedy, by meaning, goes; the hedged rating stays). Of the values close only in meaning, the one
    the catalog's neighbours of the words (`text`) lean to least goes first, then the least close ("cowboy
    pictures ... sheriffs, shoot-outs": the neighbours are Westerns, so Crime goes)."""
    weak = [c for c in plan if c.op == "contains" and (c.field, c.value) in reading.weak]
    if not (weak or reading.same or reading.hedged) or topics.count(plan, _named(reading)) >= enough:
        return plan          # nothing may go (no count asked), or nothing need
    weak = _least_supported_first(reading, plan, weak, topics, text)
    if (rest := _one_goes(reading, plan, weak, topics, enough)) is not None:
        return rest
    plan = _hedges_yield(reading, plan, topics, enough)
    same = sorted((c for c in plan if c in reading.same),
                  key=lambda c: topics.count([c], _named(reading)))          # the rarest first
    if topics.count(plan, _named(reading)) >= enough:
        return plan
    if (rest := _one_goes(reading, plan, [c for c in weak if c in plan], topics, enough)) is not None:
        return rest
    for c in same:                  # a named item's values said with it go, the rarest first, until enough
        plan = [x for x in plan if x is not c]
        reading.yielded.append(f"{c.field} {c.op} {c.value!r}")
        if topics.count(plan, _named(reading)) >= enough:
            break
    return plan


def _least_supported_first(reading: Reading, plan: Sequence[Constraint], weak: Sequence[Constraint],
                           topics: TopicInference, text: str) -> list[Constraint]:
    """The values close only in meaning, the one the neighbours of `text` within the rest of the plan lean to
    least first (their evidence), the least close among equals."""
    rest = [c for c in plan if c not in weak]
    found = topics.weighed(text, rest, {c.field for c in weak}, also={str(c.value) for c in weak}) if text else {}
    support = {(x.field, x.value): x.evidence for xs in found.values() for x in xs}
    return sorted(weak, key=lambda c: (support.get((c.field, c.value), 0.0), reading.weak[c.field, c.value]))


def _named(reading: Reading) -> frozenset[str]:
    """The items the message names: never shown, so no count of what a plan leaves counts them."""
    return frozenset(h.item_id for h in [*reading.references, *reading.exclusions])


def _one_goes(reading: Reading, plan: list[Constraint], candidates: Sequence[Constraint], topics: TopicInference,
              enough: int) -> list[Constraint] | None:
    """The plan less the first of `candidates` whose going leaves `enough` items (`reading.yielded` says so)."""
    for c in candidates:
        rest = [x for x in plan if x is not c]
        if topics.count(rest, _named(reading)) >= enough:
            reading.yielded.append(f"{c.field} {c.op} {c.value!r}")
            return rest
    return None


# A hedged wish the catalog has a few items for stays: "a skirt, ideally in pink" with four pink skirts shows those
_A_FEW = 3


def _hedges_yield(reading: Reading, plan: list[Constraint], topics: TopicInference, enough: int) -> list[Constraint]:
    """The plan less its hedged wishes while it leaves fewer than a few items (`_A_FEW`, or `enough` where that is
    fewer), the one whose going frees the most items first."""
    hedged = [c for c in plan if c in reading.hedged]
    while hedged and topics.count(plan, _named(reading)) < min(enough, _A_FEW):
        c = max(hedged, key=lambda h: topics.count([x for x in plan if x is not h], _named(reading)))
        plan, hedged = [x for x in plan if x is not c], [h for h in hedged if h is not c]
        reading.yielded.append(f"{c.field} {c.op} {c.value!r}")
    return plan


def read(text: str, g: Grounding, shown: Sequence[Hit] = ()) -> Reading:
    text = uncalqued(registered(unprothetic(unleet(spoken(plain(text))))))    # a screenplay's "ME" lines; "negative
    #                                                                             on romance", "a film of terror"
    text = priorities(asked(as_words(unmarked(settled(fluent(englished(unabbreviated(uncoded(text)))))))))
    #    "can\u2019t" as "can't", "n0 r0m4nc3" as "no romance", "esport" as "sport"; "year in [1990, 1995)": year
    #    >= 1990, year < 1995; "b/w 3 & 4": between 3 and 4;
    #    "1970 se pehle": before 1970; "between, um, fifty": between fifty; "she likes red, I like black, we agreed
    #    on burgundy": burgundy; "you wouldn't have any navy coats, would you?": navy coats asked for; "sci-fi \u274c":
    #    sci-fi is out; "a ~~red~~ black coat": black; "deal-breaker: horror": no horror
    undo = undoes(text)
    text = mend_said(mend_swaps(text, keep=g.linker.spells_value, value=g.linker.is_value))   # "filsm", "nuthin"
    text = dated(complained(text), g.search, g.linker.is_value)   # "those are red, I said maroon": no red; "newer
    #                                                                   than Jaws": newer than 1975
    text = periods(text) if g.numeric.year else text     # "during the Cold War": from 1945 to 1990
    text = relative(spans(text, g.search, g.items, g.numeric, g.linker.is_value), g.search, g.items, g.numeric,
                    g.linker.is_value)     # "rated higher than Fargo": above 4.156; "between Jaws and Titanic"
    names = mentioned(text, g.search, g.linker.is_value)
    refs, excl = list(names.references), list(names.exclusions)
    for hit in positions(text, shown):
        negative = re.search(r"\b(?:not|no|drop|remove|without|except|hate|didn't like|don't like)\b[^.;!?]*$",
                             text[:_position_start(text, hit, shown)], re.I)
        (excl if negative else refs).append(hit)
    titles = [*names.spans, *(h.title for h in refs + excl), *quoted_names(text, g.linker.only_values)]
    words = _without_titles(text, titles)        # what the search reads, wishes said to be optional too
    words = unrefused(blanked(words, lifetimes(words) + g.linker.others(words) + g.linker.past(words.lower())))
    #    not "When Harry Met Sally" for "great when I was a kid", nor kids' films for "the kids are asleep", nor what
    #    is ruled out, nor what went wrong before ("the horror flick you picked had me sleeping with the lights on")
    if not set(re.findall(r"[a-z0-9]+", words.lower())) - STOP:
        words = ""                               # "I don't want anything with singing": nothing to search for
    text = optional(text)                        # what constrains: not those
    eras = [m.group(0) for m in ERAS.finditer(text.lower())]     # "pre-war": no War
    links = g.linker.links(text, skip=[*titles, *eras])     # once: the constraints and the unlinked words share them
    t = norm(text)
    words = _spelt_right(words, links, t)
    raw = _without_titles(text, titles)
    raw = blanked(raw, g.linker.past(raw.lower(), kinds=False))     # "the last film you found was from the 30s"
    said = numeric_hints(raw, g.numeric) + constraints_from(links, g.linker.fields, t)
    hedges = _hedged(raw, t, links, said, g) + _praised(raw, said, g)
    firm, same = named_alike(text, refs, excl, said, g)
    varied = {(c.field, str(c.value)) for c in firm if c.op == "ne"}     # "white is impractical, another colour"
    said = [c for c in said if c.op not in POSITIVE or (c.field, str(c.value)) not in varied] + firm + same
    about = g.linker.unlinked(text, [*titles, *eras], links) if g.topics is not None else []
    together = _together(links, t)
    weak = _weak(links, g.linker.fields)
    whole = _every_value_refused(links, g.linker.fields)      # "forget the fabric": any material, not none
    said = [c for c in said if c.field not in whole or c.op in POSITIVE]
    return Reading(_asked_apart(said, links, together, g.linker.fields), refs, excl,
                   let_go(text, said, g.numeric, g.linker.fields) | whole, resets(text, said, g.kinds) and not undo
                   and not any(g.linker.links(t[s:e]) or let_go(t[s:e], said, g.numeric, g.linker.fields)
                               for s, e in forgotten(t)),     # "Suede, forget it. Leather"; "the year, forget that"
                   adds(text),
                   restates(text), words, about, weak=weak, same=same, kinds=_their_kinds(refs, g),
                   withdrawn=g.linker.withdrawn(text) | released(t, links), together=together,
                   hedged=hedges, joining=set() if replaces(text) else {v for v in weak if g.linker.names_people(v[1])},
                   loosely_refused=set(_weak(links, g.linker.fields, refused=True)), undo=undo,
                   allowing=allowing(t, links))


def _every_value_refused(links: Sequence[Link], fields: Mapping[str, tuple[str, list[str]]]) -> set[str]:
    """The fields one word more general than (nearly) all their values rules out ("forget the fabric": every
    material but leather): hardly an item is left by that, so the word lets the field go."""
    spans: dict[tuple[int, int, str], set[str]] = {}
    for k in links:
        if k.how == "above" and k.negated and not any(0 <= k.start - v.end <= 1 for v in links if v.how != "above"):
            spans.setdefault((k.start, k.end, k.field), set()).add(k.value)      # not "jeans fabric": a value's
    return {f for (_, _, f), values in spans.items()
            if names_field(len(values), len(fields[f][1]))}


def _spelt_right(words: str, links: Sequence[Link], t: str) -> str:
    """The search words with each value the user misspelt written as the catalog writes it ("leathr bots":
    leather bots), so the search and the kind the catalog's nearest items imply read the word meant."""
    for k in links:
        typed = t[k.start:k.end]
        if k.how == "typo" and typed.isalpha() and typed != k.value.lower():
            words = re.sub(rf"\b{re.escape(typed)}\b", k.value, words, flags=re.I)
    return words


def _hedged(raw: str, t: str, links: Sequence[Link], said: Sequence[Constraint], g: Grounding) -> list[Constraint]:
    """The constraints said only in clauses that hedge them ("a cashmere sweater, ideally minimalist"): those
    read again without the hedged clauses are firm, and so is the kind of item ("I think a skirt would be nice":
    the request's head). None where every one is hedged: then they are the request. `raw`: the message without
    its titles, as the grammar reads it; `t`: the normalised words the links' spans count in."""
    if not (spans := hedged(t)):
        return []
    firm = numeric_hints(blanked(raw, hedged(raw)), g.numeric) + constraints_from(
        [k for k in links if not within(k, spans)], g.linker.fields, t)
    out = [c for c in said if c not in firm and c.field not in g.kinds]
    return out if any(c in firm for c in said) else []


def _praised(raw: str, said: Sequence[Constraint], g: Grounding) -> list[Constraint]:
    """A score bound said only as praise ("the best rated westerns before 1960"): a wish that gives way where it
    leaves too few items (`_hedges_yield`), no limit."""
    if not WELL_RATED.search(raw.lower()):
        return []
    plain = numeric_hints(raw, g.numeric, praise=False)
    return [c for c in said if c.field == g.numeric.rating and c not in plain]


def _their_kinds(refs: Sequence[Hit], g: Grounding) -> list[Constraint]:
    """One of the kinds the items to be like have, for each list field saying what kind of item it is: "Loved
    Unforgiven. What else would I like?" is a Western; "like Fargo" Crime, Drama or Thriller (`imply` adds it
    where the plan leaves the field open)."""
    metas = g.items([h.item_id for h in refs]).values() if refs else []
    out = []
    for f in g.kinds:
        values = list(dict.fromkeys(v for m in metas for v in (m.get(f) or []) if isinstance(m.get(f), list)))
        if g.linker.fields.get(f, ("",))[0] == "list" and values:
            out.append(Constraint(field=f, op="in", value=values))
    return out


def _like_theirs(reading: Reading, plan: list[Constraint]) -> list[Constraint]:
    """The plan with the kinds of the items it is to be like (`Reading.kinds`) where it leaves that field open,
    as values that give way (`Reading.same`) where they leave too few items."""
    open_ = [c for c in reading.kinds if c.field not in reading.cleared and not any(x.field == c.field for x in plan)]
    reading.same += open_
    return plan + open_


def _asked_apart(said: list[Constraint], links: Sequence[Link], together: set[tuple[str, str]],
                 fields: Mapping[str, tuple[str, list[str]]]) -> list[Constraint]:
    """A compound ruled out whose part the same message asks for on its own ("something scary ... NOT one
    of those horror comedy things"): that part stays asked for, only the other is ruled out (`edits.not_both`)."""
    apart: list[Constraint] = []
    for k in links:
        c = Constraint(field=k.field, op="contains" if fields[k.field][0] == "list" else "eq", value=k.value)
        if not k.negated and (k.field, k.value) in together and c not in apart:
            apart.append(c)
    kept = not_both(apart, said, together)
    return said if len(kept) == len(said) else kept + [c for c in apart if c not in kept]


def _together(links: Sequence[Link], t: str) -> set[tuple[str, str]]:
    """Values ruled out as one compound, side by side ("no horror-comedies", "no romantic comedies"): the
    user rules out having both, so a part the plan already asks for stays asked for (`edit`)."""
    ruled = sorted((k for k in links if k.negated and k.how != "compound"), key=lambda k: k.start)
    out: set[tuple[str, str]] = set()
    for a, b in itertools.pairwise(ruled):
        if (a.field, a.value) != (b.field, b.value) and re.fullmatch(r"[\s/-]*", t[a.end:b.start]):
            out |= {(a.field, a.value), (b.field, b.value)}
    return out


def _weak(links: Sequence[Link], fields: Mapping[str, tuple[str, list[str]]],
          refused: bool = False) -> dict[tuple[str, str], float]:
    """The list-field values the words only come close to in meaning (none of their own, no dictionary
    word but one for whom the value's items are: "kids" for Children's), with the closest similarity: what
    gives way first (`_yield`). `refused`: those ruled out, not those asked for."""
    weak = ("meaning", "person")
    firm = {(k.field, k.value) for k in links if k.how not in weak}
    out: dict[tuple[str, str], float] = {}
    for k in links:
        if k.how in weak and k.negated == refused and fields[k.field][0] == "list" and (k.field, k.value) not in firm:
            out[k.field, k.value] = max(k.similarity, out.get((k.field, k.value), 0.0))
    return out


def _without_titles(text: str, titles: Sequence[str]) -> str:
    """The words with the titles the user named blanked out, and the year said with one ("Unforgiven from
    '92", "Heat (1995)"): that year describes the film, it asks for nothing."""
    for title in titles:
        title = title.strip(" ,;:-\u2013\u2014")     # a span's dash ends its clause: "Not the X - one under 100"
        if title:
            text = re.sub(re.escape(title) + r"(?:\s*\(\s*\d{4}\s*\)|\s+(?:from|in|of)\s+(?:'\d\d|\d{4})\b)?",
                          lambda m: " " * len(m.group(0)), text, flags=re.I)
    return text


def _position_start(text: str, hit: Hit, shown: Sequence[Hit]) -> int:
    n = shown.index(hit) + 1 if hit in shown else 0
    words = [w for w, k in ORDINALS.items() if k == n] + ["last", f"#{n}", f"number {n}"]
    found = [i for w in words if (i := text.lower().find(w)) >= 0]
    return min(found) if found else len(text)




@dataclass
class Turn:
    """One planned turn: the plan, the items it names (resolved once, here), and what the trace says."""

    plan: Plan
    reference_ids: list[str]
    exclusion_ids: list[str]
    trace: dict[str, Any]
    assumed: list[Constraint] = field(default_factory=list)    # constraints the plan holds by assumption only


def user_texts(conversation: Sequence[Message]) -> list[str]:
    return [plain(m["content"]) for m in conversation if m["role"] == "user" and m["content"].strip()]


def replay(texts: Sequence[str], g: Grounding) -> tuple[Plan, list[Hit], list[Hit]]:
    """The plan earlier user turns add up to, read from their words alone (a client that sends the whole
    conversation instead of a thread id gets the same follow-ups as a thread)."""
    return _replayed(texts, g)[:3]


def _replayed(texts: Sequence[str], g: Grounding) -> tuple[Plan, list[Hit], list[Hit], list[Constraint]]:
    """`replay`, and the constraints its plan holds by assumption only (`Reading.assumed`)."""
    constraints: list[Constraint] = []
    refs: list[Hit] = []
    excl: list[Hit] = []
    assumed: list[Constraint] = []
    states: list[tuple[list[Constraint], list[Hit], list[Hit], list[Constraint]]] = []
    for text in texts:
        r = read(text, g)
        if r.reset:
            constraints, refs, excl = [], [], []
        if r.undo:        # "undo that last change": the plan before the previous message's; "the first list": the first
            back = states[:1] if r.undo == "first" else states[-2:-1]
            constraints, refs, excl, assumed = back[0] if back else ([], [], [], [])
        constraints = [c for c in constraints if c not in assumed]
        pointed_back(text, refs, excl, r, g)
        turn = against_the_plan(text, constraints, r.constraints, g)
        constraints = imply(r, edit(constraints, turn, r.cleared, r.adding, r.withdrawn, r.together, r.joining,
                                    r.restating, r.allowing), g)
        refs, excl, assumed = [*refs, *r.references], [*excl, *r.exclusions], r.assumed
        states.append((constraints, refs, excl, assumed))
    plan = Plan(query=texts[-1] if texts else "", hard_constraints=constraints,
                reference_items=[h.title for h in refs], exclusions=[h.title for h in excl])
    return plan, refs, excl, [c for c in assumed if c in constraints]


def plan_turn(model: ChatModel | None, conversation: Sequence[Message], g: Grounding, *,
              previous: Plan | None = None, known: tuple[Sequence[Hit], Sequence[Hit]] = ((), ()),
              shown: Sequence[Hit] = (), filters: Sequence[Constraint] = (), reading: Reading | None = None,
              assumed: Sequence[Constraint] = ()) -> Turn:
    """The model's plan, grounded: its categorical values and titles must be in the user's words, the
    words' own constraints and titles join it (a bound the user stated wins), and a follow-up edits the
    previous plan. `known`: the (references, exclusions) earlier turns resolved. `model` None: the words
    alone make the plan. `reading`: the latest message's `read`, when the caller has it already. `assumed`: what
    the previous plan holds by assumption only (`Turn.assumed`), which this turn assumes afresh or not."""
    texts = user_texts(conversation)
    refs, excl = list(known[0]), list(known[1])
    reading = reading or read(texts[-1], g, shown)
    if reading.undo and len(texts) > 1:      # the plan before the previous message's, or the first one
        back = texts[:1] if reading.undo == "first" else texts[:-2]
        previous, refs, excl, assumed = _replayed(back, g) if back else (None, [], [], [])
    elif previous is None and len(texts) > 1:
        previous, refs, excl, assumed = _replayed(texts[:-1], g)
    if reading.reset:
        previous, refs, excl = None, [], []
    pointed_back(texts[-1], refs, excl, reading, g)         # "same colour as hers": an item named before
    # the words alone search with the message less the titles it names ("more like Groundhog Day": no "Day" films)
    outcome = (plan(model, conversation, fields=g.fields_text, previous=previous, schema=g.schema) if model
               else PlanOutcome(Plan(query=" ".join(reading.words.split()) or _only_titles(reading, texts[-1])),
                                 fallback=False))
    model_plan = outcome.plan
    said_titles, leaked = grounded([*model_plan.reference_items, *model_plan.exclusions], texts)
    not_titles = [t for t in said_titles if g.linker.is_value(t)]
    kept, invented = ground(model_plan.hard_constraints, g.linker, texts)
    before = [c for c in previous.hard_constraints if c not in assumed] if previous else []
    turn = against_the_plan(texts[-1], before, merge_hints(kept, reading.constraints), g, shown)
    reading.same = [c for c in reading.same if c not in before]    # a named item's value the plan held: said before
    constraints = imply(reading, edit(before, turn, reading.cleared, reading.adding, reading.withdrawn,
                                      reading.together, reading.joining, reading.restating, reading.allowing), g)
    new_refs, unresolved = _resolve_all([t for t in model_plan.reference_items if t in said_titles
                                         and t not in not_titles], g.search)
    new_excl, traits = _resolve_all([t for t in model_plan.exclusions if t in said_titles and t not in not_titles],
                                    g.search)
    refs = _unique([*refs, *new_refs, *reading.references])
    excl = _unique([*excl, *new_excl, *reading.exclusions])
    merged: dict[str, Constraint] = {}
    for c in [*constraints, *filters]:
        merged.setdefault(c.model_dump_json(), c)    # the caller's filters, once, on every turn
    result = model_plan.model_copy(update={
        "hard_constraints": list(merged.values()), "reference_items": [h.title for h in refs],
        "exclusions": [*(h.title for h in excl), *traits],
        "intent": model_plan.intent if previous is None or model_plan.intent != "recommend" else "refine"})
    calls = outcome.attempts
    trace = {"fallback": outcome.fallback, "model_calls": len(calls), "error": outcome.error,
             "completion_tokens": sum(a.completion_tokens for a in calls),
             "prompt_tokens": sum(a.prompt_tokens for a in calls),
             "ungrounded": [f"{c.field} {c.op} {c.value!r}" for c in invented], "not_titles": not_titles,
             "not_said": leaked, "unresolved": unresolved, "said": [f"{c.field} {c.op} {c.value!r}"
                                                                    for c in reading.constraints],
             "implied": _implied(reading.implied), "yielded": reading.yielded,
             "assumed": [f"{c.field} {c.op} {c.value!r}" for c in reading.assumed]}
    return Turn(result, [h.item_id for h in refs], [h.item_id for h in excl], trace,
                [c for c in reading.assumed if c in result.hard_constraints])


def _only_titles(reading: Reading, text: str) -> str:
    """What a message that leaves nothing to search for searches with: itself where it names titles only (a
    search for those items), else nothing (the user's history or the catalog's best within the constraints)."""
    return text if reading.references or reading.exclusions else ""


def _implied(found: Implied | None) -> str | None:
    if found is None:
        return None
    return (f"{found.field} {found.value!r}: {found.share:.0%} of the nearest items, {found.base:.0%} of those "
            f"allowed (evidence {found.evidence:.1f})")


def _resolve_all(titles: Sequence[str], search: Search) -> tuple[list[Hit], list[str]]:
    """(resolved, the rest): titles that name no catalog item stay as words (traits such as "gory")."""
    found, rest = [], []
    for t in titles:
        hit = resolve(t, search)
        (found.append(hit) if hit else rest.append(t))
    return found, rest


def _unique(hits: Sequence[Hit]) -> list[Hit]:
    return list({h.item_id: h for h in hits}.values())


_OPS = {"list": ["contains", "in", "ne", "nin"], "string": ["eq", "in", "ne", "nin"],
        "number": ["eq", "ne", "gt", "gte", "lt", "lte", "in", "nin"], "bool": ["eq", "ne"]}


def plan_schema(fields: Mapping[str, Mapping[str, Any]], categorical: Mapping[str, tuple[str, list[str]]]) -> dict:
    """Plan's JSON schema with its constraints grounded in one store: a field is one of the store's, its
    operators fit its type, and a categorical field's value is one of the values the store has — so the
    grammar makes "science fiction" `Sci-Fi` or nothing. For a list field, one `contains` per value
    means all of them, `in` any of them."""
    schema = Plan.model_json_schema()
    variants = []
    for name, info in sorted(fields.items()):
        kind = info.get("type")
        if name in ("title", "image") or kind not in _OPS:
            continue
        if name in categorical:
            one: dict[str, Any] = {"enum": categorical[name][1]}
        else:
            one = {"type": {"number": "number", "bool": "boolean"}.get(kind, "string")}
        value = {"anyOf": [one, {"type": "array", "items": one, "minItems": 1, "maxItems": 16}]}
        variants.append({"type": "object", "additionalProperties": False, "required": ["field", "op", "value"],
                         "properties": {"field": {"const": name}, "op": {"enum": _OPS[kind]}, "value": value}})
    if variants:
        schema["$defs"]["Constraint"] = {"anyOf": variants}
    return schema


def store_grounding(retriever: Any, fields_text: str | None = None, lexicon: bool = False,
                    topics: tuple[Sequence[str], float | None] | None = None) -> Grounding:
    """The planner's grounding for the store a `Retriever` serves (its manifest, embedder and search);
    `lexicon`: also link the words WordNet knows for its values; `topics`: the fields that say what kind of
    item it is, and the evidence the kind implied by a request's nearest items needs (`agents/topics.py`;
    None: none is implied)."""
    from rec.agents.links import categorical_fields
    from rec.agents.retriever import title_search

    fields = retriever.store.read_manifest().get("fields", {})
    categorical = categorical_fields(fields)
    numeric = NumericFields.from_manifest(fields)
    meaning = retriever.embedder if getattr(retriever.embedder, "semantic", False) else None
    kinds = tuple(f for f in (topics[0] if topics is not None else ("category",)) if f in categorical)
    linker = ValueLinker(categorical, meaning, template=_template(fields), lexicon=lexicon, kinds=kinds)
    if lexicon:
        linker.warm()      # WordNet's index is read here (~2 s, once a process), not on the first request
    implied = (TopicInference(retriever, categorical, topics[0], min_evidence=topics[1])     # it also counts
               if topics is not None and meaning is not None else None)                    # items (`_yield`)
    return Grounding(numeric, linker, title_search(retriever, numeric.year), fields_text,
                     plan_schema(fields, categorical), retriever.store.items, implied, kinds)


def _template(fields: Mapping[str, Mapping[str, Any]]) -> str:
    """Where every item is one kind of thing (MovieLens: category "movie"), words and values are compared
    as "<words> movie": "laugh movie" is near "comedy movie", where "laugh" alone is near little."""
    info = fields.get("category") or {}
    top = info.get("top") or []
    noun = str(top[0]).replace("{", "{{").replace("}", "}}") if top else ""
    return f"{{}} {noun}" if info.get("distinct") == 1 and top and len(str(top[0])) <= 40 else "{}"
