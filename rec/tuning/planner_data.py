"""Planner training data for one store, synthesised from its own fields and values (`rec tune planner`).

Each example is a conversation (one request, or a request, the list shown and a follow-up) in the
planner's exact prompt (`agents.planner.planner_messages`, with the store's fields and, for a follow-up,
the current plan), paired with its gold plan: JSON under the store's plan schema (`plan_schema`), in the
conventions the word grammar uses (one `contains` per value of a list field = all of them, `in` = any of
them, `ne` for a ruled-out value; a decade is `gte`/`lte` its first and last year; "nothing older than
1980" is `gte 1980`).

Phenomena: value (a catalog value in one of its surface forms: as listed, lower case, plural or derived,
hyphen as space), typo (a value misspelt by one edit), compound (two values, all of them or "or"),
negation (a value ruled out), range (decades, comparatives, between, negated bounds, other numeric
fields), reference (a catalog title as an example, "more like"), exclusion (a title ruled out) and
follow-up (a second message that replaces a bound, rules out or asks for more like a shown item, adds
a value or lets a field go). Logged turns whose plan led to engagement (a click, like, purchase or good
rating on what it showed) join them as they were planned.

The held-out set measures generalisation: every template and every surface form has a side, train or
held-out (a stable hash of its text), and a held-out example is built only from held-out templates and
held-out forms; no held-out request's words occur in training.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from rec.schema import Constraint, Plan, is_positive

HELDOUT_SHARE = 0.34   # of the templates and of the surface forms of each kind


@dataclass
class PlanExample:
    conversation: list[dict[str, str]]        # user (and assistant) turns, oldest first
    plan: dict[str, Any]                      # the gold Plan (a model_dump)
    phenomenon: str
    template: str
    previous: dict[str, Any] | None = None    # the current plan a follow-up edits
    source: str = "synthetic"                 # synthetic | feedback | replay
    ts: float = 0.0
    messages: list[dict[str, str]] = field(default_factory=list)   # the planner prompt (set by `render`)

    @property
    def completion(self) -> str:
        """What the model is trained to answer: the gold plan in Plan's field order, its empty fields left out
        (`Plan.compact`), as the planner's grammar writes it (xgrammar without free whitespace)."""
        return Plan.model_validate(self.plan).compact()

    @property
    def key(self) -> str:
        return hashlib.sha256(json.dumps([self.conversation, self.previous]).encode()).hexdigest()

    @property
    def text(self) -> str:
        return " ".join(m["content"] for m in self.conversation if m["role"] == "user")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, row: Mapping[str, Any]) -> PlanExample:
        return cls(**{k: v for k, v in row.items() if k in cls.__dataclass_fields__})

    def target_ids(self, tokenizer: Any) -> list[int]:
        """The completion's tokens and the end of the turn (train.tokenize)."""
        ids = tokenizer(self.completion, add_special_tokens=False)["input_ids"]
        return [*ids, tokenizer.eos_token_id]


def heldout_side(name: str) -> bool:
    """Which side a template or a surface form is on: a stable hash of its text."""
    return int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < HELDOUT_SHARE


def split_forms(forms: Sequence[str]) -> tuple[list[str], list[str]]:
    """(train, held-out) forms; each side keeps at least one when there are two or more."""
    forms = list(dict.fromkeys(forms))
    held = [f for f in forms if heldout_side(f)]
    train = [f for f in forms if f not in held]
    if len(forms) > 1 and not held:
        held, train = train[-1:], train[:-1]
    if len(forms) > 1 and not train:
        train, held = held[:1], held[1:]
    return train or forms, held or forms


# ---- surface forms ------------------------------------------------------------------------------------
def value_forms(value: str, plural: bool = True) -> list[str]:
    """Ways to say a categorical value that the value links read as it: as listed, lower case, plural or
    derived form (`plural`: values of list fields, "comedies"), a hyphen as a space."""
    low = value.lower()
    out = [value, low]
    if not plural:
        pass
    elif low.endswith("y") and not low.endswith(("ey", "ay", "oy")):
        out.append(low[:-1] + "ies")
    elif low.endswith("ance") and len(low) >= 6:
        out.append(low[:-4] + "antic")
    elif low.endswith("ation") and len(low) >= 6:
        out.append(low[:-5] + "ated")
    elif low[-1:].isalpha() and not low.endswith("s"):
        out.append(low + "s")
    if "-" in low:
        out.append(low.replace("-", " "))
    return list(dict.fromkeys(out))


def typo(word: str, rng: random.Random) -> str:
    """One edit (a dropped or swapped letter) inside a word of five letters or more."""
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    if len(word) < 5 or len(letters) < 5:
        return word
    i = rng.choice(letters[1:-1])
    if rng.random() < 0.5 or word[i] == word[i + 1]:   # swapping two equal letters would change nothing
        return word[:i] + word[i + 1:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


_DECADE_WORDS = {20: "twenties", 30: "thirties", 40: "forties", 50: "fifties", 60: "sixties", 70: "seventies",
                 80: "eighties", 90: "nineties"}
DECADE_FORMS = ["from the {d}s", "from the {c}{d}s", "from the {w}", "from the '{d}s", "in the {d}s"]
BEFORE = ["before {y}", "older than {y}", "prior to {y}", "earlier than {y}", "pre-{y}"]
AFTER = ["after {y}", "newer than {y}", "later than {y}", "more recent than {y}", "post-{y}"]
NOT_BEFORE = ["nothing older than {y}", "not before {y}", "nothing earlier than {y}", "none before {y}"]
NOT_AFTER = ["nothing newer than {y}", "not after {y}", "nothing later than {y}", "none after {y}"]
BETWEEN = ["between {a} and {b}", "from {a} to {b}", "{a}-{b}", "made {a} through {b}"]
ABOVE = ["{f} above {n}", "{f} over {n}", "{f} of at least {n}", "{f} higher than {n}"]
BELOW = ["{f} below {n}", "{f} under {n}", "{f} of at most {n}", "{f} lower than {n}"]
OPS = {"{f} above {n}": "gt", "{f} over {n}": "gt", "{f} of at least {n}": "gte", "{f} higher than {n}": "gt",
       "{f} below {n}": "lt", "{f} under {n}": "lte", "{f} of at most {n}": "lte", "{f} lower than {n}": "lt"}
NOUNS = ["{noun}", "some {noun}", "a few {noun}", "good {noun}", "options", "picks", "recommendations"]


@dataclass
class Vocabulary:
    """What a store lets requests say: categorical values (field -> (kind, values)), numeric fields
    (name -> (min, max)), which numeric field is the year, titles, and the noun for its items."""

    categorical: Mapping[str, tuple[str, list[str]]]
    numeric: Mapping[str, tuple[float, float]]
    year: str | None
    titles: list[str]
    noun: str = "items"

    @classmethod
    def of_store(cls, retriever: Any, max_titles: int = 400, seed: int = 0) -> Vocabulary:
        from rec.agents.fields import NumericFields
        from rec.agents.links import categorical_fields

        fields = retriever.store.read_manifest().get("fields", {})
        categorical = {name: (kind, [v for v in values if len(v) >= 3 and not v.replace(".", "").isdigit()])
                       for name, (kind, values) in categorical_fields(fields).items()}
        numeric = NumericFields.from_manifest(fields)
        ids = retriever.store.item_ids(None, limit=int(retriever.store.read_manifest().get("items") or 0) or 10_000)
        random.Random(seed).shuffle(ids)
        meta = retriever.store.items(ids[:max_titles * 2])
        titles = [str(m["title"]) for m in meta.values() if _plain_title(str(m.get("title", "")))][:max_titles]
        top = (fields.get("category") or {}).get("top") or []
        noun = f"{top[0]}s" if (fields.get("category") or {}).get("distinct") == 1 and top else "items"
        return cls({k: v for k, v in categorical.items() if len(v[1]) >= 2}, dict(numeric.ranges), numeric.year,
                   titles, noun)


def _plain_title(title: str) -> bool:
    """Titles a request can name plainly: two to six words, letters mostly."""
    words = title.split()
    return 2 <= len(words) <= 6 and sum(c.isalpha() for c in title) >= 0.7 * len(title.replace(" ", ""))


def c(field_: str, op: str, value: Any) -> dict[str, Any]:
    return Constraint(field=field_, op=op, value=value).model_dump(mode="json")


def make_plan(constraints: Iterable[dict[str, Any]] = (), *, query: str, refs: Sequence[str] = (),
              excl: Sequence[str] = (), intent: str = "recommend") -> dict[str, Any]:
    return Plan(intent=intent, query=query, hard_constraints=[Constraint.model_validate(x) for x in constraints],
                reference_items=list(refs), exclusions=list(excl)).model_dump(mode="json")


# ---- templates, by phenomenon (each template is on one side, train or held-out, by its text) -----------
TEMPLATES: dict[str, list[str]] = {
    "value": ["{v} {noun}", "I'm in the mood for {v} {noun}", "any good {v} {noun}?", "show me {v} {noun}",
              "recommend {v} {noun} please", "looking for {v} {noun}", "what {v} {noun} would you suggest?",
              "got {v} {noun} for tonight?"],
    "typo": ["{v} {noun}", "find me {v} {noun}", "i want {v} {noun} pls", "any {v} {noun}?",
             "{v} {noun}, any ideas?"],
    "compound": ["{v} {v2} {noun}", "{noun} that are {v} and {v2}", "something both {v} and {v2}",
                 "{v} and {v2} {noun}", "I want {v} plus {v2}", "{v} mixed with {v2}"],
    "either": ["{v} or {v2} {noun}", "either {v} or {v2}", "{v} or maybe {v2}, whichever",
               "{noun}, {v} or {v2}", "happy with {v} or {v2}"],
    "negation": ["{v} {noun} but no {v2}", "{v} {noun}, nothing {v2}", "{v} {noun} without any {v2}",
                 "{v} but not {v2}", "{v} {noun}, no {v2} please", "{v} {noun} - avoid {v2}"],
    "range": ["{v} {noun} {when}", "{noun} {when}", "any {v} {noun} {when}?", "I need {noun} {when}",
              "{v} {noun}, {when} please", "I'd like {v} {noun} {when}"],
    "number": ["{v} {noun} with {cmp}", "{noun} with {cmp}", "{v} {noun}, {cmp}", "show me {noun} with {cmp}"],
    "reference": ["more like {title}", "I loved {title}. More like that, please", "something similar to {title}",
                  "{noun} like {title}", "if I liked {title}, what else?", "I enjoyed {title}, anything like it?"],
    "exclusion": ["{v} {noun}, but not {title}", "{v} {noun}; I've already seen {title}",
                  "{v} {noun} other than {title}", "{v} {noun} except {title}", "{v} {noun} - skip {title}"],
    "follow-up:bound": ["now only ones {when}", "make it {when} instead", "actually, only {when}",
                        "ok but {when}", "same but {when}"],
    "follow-up:exclude": ["not the {ord} one", "drop the {ord} one", "I've seen the {ord} one",
                          "anything but the {ord} one", "remove the {ord} one"],
    "follow-up:more": ["more like the {ord} one", "something like the {ord} one", "the {ord} one, more like that",
                       "I like the {ord} one, similar please"],
    "follow-up:add": ["and make it {v2} too", "also {v2}", "{v2} as well", "plus {v2} please"],
    "follow-up:clear": ["any {field} is fine", "forget the {field}", "whatever {field}", "drop the {field}"],
}
FOLLOW_UPS = [p for p in TEMPLATES if p.startswith("follow-up")]
ORDS = ["first", "second", "third"]
PHENOMENA = list(TEMPLATES)


class _Draw:
    """Draws one example's parts from the train or the held-out side of every template and form."""

    def __init__(self, vocab: Vocabulary, rng: random.Random, heldout: bool):
        self.vocab, self.rng, self.heldout = vocab, rng, heldout

    def form(self, forms: Sequence[str]) -> str:
        return self.rng.choice(split_forms(forms)[1 if self.heldout else 0])

    def template(self, phenomenon: str) -> str:
        return self.form(TEMPLATES[phenomenon])

    def value(self, fieldname: str | None = None, avoid: Sequence[str] = ()) -> tuple[str, str, str]:
        names = [fieldname] if fieldname else sorted(self.vocab.categorical)
        name = self.rng.choice(names)
        kind, values = self.vocab.categorical[name]
        return name, kind, self.rng.choice([v for v in values if v not in avoid] or values)

    def said(self, value: str, kind: str = "list") -> str:
        return self.form(value_forms(value, plural=kind == "list"))

    def noun(self) -> str:
        return self.form(NOUNS).format(noun=self.vocab.noun)

    def when(self) -> tuple[str, list[dict[str, Any]]]:
        """A year phrase and its constraints: a decade, or a bound (plain, negated or between)."""
        y, (lo, hi) = self.vocab.year, self.vocab.numeric[self.vocab.year]
        if self.rng.random() < 0.45:
            decades = [d for d in range(int(lo) // 10 * 10 + 10, int(hi) - 8, 10) if (d % 100) in _DECADE_WORDS]
            d = self.rng.choice(decades)
            text = self.form(DECADE_FORMS).format(d=d % 100, c=d // 100, w=_DECADE_WORDS[d % 100])
            return text, [c(y, "gte", d), c(y, "lte", d + 9)]
        year = self.rng.randrange(int(lo) + 10, int(hi) - 2)
        kind = self.rng.choice(["before", "after", "not_before", "not_after", "between"])
        if kind == "between":
            b = min(int(hi), year + self.rng.choice([5, 10, 15]))
            return self.form(BETWEEN).format(a=year, b=b), [c(y, "gte", year), c(y, "lte", b)]
        forms = {"before": BEFORE, "after": AFTER, "not_before": NOT_BEFORE, "not_after": NOT_AFTER}[kind]
        text = self.form(forms).format(y=year)
        return text, [c(y, {"before": "lt", "after": "gt", "not_before": "gte", "not_after": "lte"}[kind], year)]

    def compare(self) -> tuple[str, list[dict[str, Any]]] | None:
        """A bound on a numeric field other than the year, named in words ("rating mean above 4")."""
        names = sorted(n for n in self.vocab.numeric if n != self.vocab.year)
        if not names:
            return None
        name = self.rng.choice(names)
        lo, hi = self.vocab.numeric[name]
        n = round(lo + (hi - lo) * self.rng.uniform(0.2, 0.8), 0 if hi - lo > 20 else 1)
        n = int(n) if float(n).is_integer() else n
        tpl = self.form(ABOVE if self.rng.random() < 0.5 else BELOW)
        return tpl.format(f=name.replace("_", " "), n=n), [c(name, OPS[tpl], n)]

    def title(self) -> tuple[str, str]:
        """(as said, as catalogued)."""
        title = self.rng.choice(self.vocab.titles)
        return self.form([title, title.lower(), f'"{title}"']), title


def _positive(name: str, kind: str, value: str) -> dict[str, Any]:
    return c(name, "contains" if kind == "list" else "eq", value)


def _single(d: _Draw, phenomenon: str) -> PlanExample | None:
    """One request, one message: every phenomenon but the follow-ups."""
    tpl = d.template(phenomenon)
    name, kind, value = d.value()
    slots: dict[str, str] = {"noun": d.noun(), "v": d.said(value, kind)}
    cons, refs, excl, intent = [_positive(name, kind, value)], [], [], "recommend"
    if phenomenon == "typo":
        slots["v"] = typo(value.lower(), d.rng)
        if slots["v"] == value.lower():
            return None
    elif phenomenon in ("compound", "either", "negation"):
        second = _second(d, name, kind, value, phenomenon)
        if second is None:
            return None
        slots["v2"], extra, cons = second[0], second[1], second[2]
        cons = [*cons, *extra]
    elif phenomenon in ("range", "number"):
        got = d.when() if phenomenon == "range" and d.vocab.year else d.compare() if phenomenon == "number" else None
        if got is None:
            return None
        slots["when" if phenomenon == "range" else "cmp"] = got[0]
        cons = [*(cons if "{v}" in tpl else []), *got[1]]
    elif phenomenon in ("reference", "exclusion"):
        if not d.vocab.titles:
            return None
        slots["title"], title = d.title()
        refs, excl = ([title], []) if phenomenon == "reference" else ([], [title])
        intent = "more_like" if phenomenon == "reference" else intent
        cons = cons if "{v}" in tpl else []
    text = tpl.format(**slots)
    query = " ".join([*(str(x["value"]).lower() for x in cons if x["op"] in ("contains", "eq")),
                      d.vocab.noun, *(f"like {t}" for t in refs)])
    return PlanExample([{"role": "user", "content": text[:1].upper() + text[1:]}],
                       make_plan(cons, query=query, refs=refs, excl=excl, intent=intent), phenomenon, tpl)


def _second(d: _Draw, name: str, kind: str, value: str, phenomenon: str
            ) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]] | None:
    """(the second value as said, its constraints, the first value's constraints) for compound, either and
    negation: "and" joins values of one list field (all of them) or of two fields; "or" values of one field."""
    same = kind == "list" or phenomenon == "either"
    others = [f for f in d.vocab.categorical if f != name]
    if not same and not others:
        return None
    name2 = name if same else d.rng.choice(others)
    _, kind2, value2 = d.value(name2, avoid=[value])
    if value2 == value:
        return None
    said = d.said(value2, kind2)
    if phenomenon == "either":
        return said, [], [c(name, "in", [value, value2])]
    if phenomenon == "negation":
        return said, [c(name2, "ne", value2)], [_positive(name, kind, value)]
    return said, [_positive(name2, kind2, value2)], [_positive(name, kind, value)]


def _follow_up(d: _Draw, phenomenon: str) -> PlanExample | None:
    """A first request, the list shown for it, and a second message that edits its plan."""
    if not d.vocab.year or len(d.vocab.titles) < 3:
        return None
    name, kind, value = d.value()
    when, years = d.when()
    first = f"{d.said(value, kind)} {d.noun()} {when}"
    query = f"{value.lower()} {d.vocab.noun}"
    previous = make_plan([_positive(name, kind, value), *years], query=query)
    shown = d.rng.sample(d.vocab.titles, 3)
    listing = "\n".join(f"{n}. {t}" for n, t in enumerate(shown, 1))
    tpl = d.template(phenomenon)
    n = d.rng.randrange(3)
    cons, refs, excl, intent = list(previous["hard_constraints"]), [], [], "refine"
    slots = {"ord": ORDS[n]}
    if phenomenon == "follow-up:bound":
        slots["when"], new = d.when()
        cons = [x for x in cons if x["field"] != d.vocab.year] + new
    elif phenomenon == "follow-up:exclude":
        excl = [shown[n]]
    elif phenomenon == "follow-up:more":
        refs, intent = [shown[n]], "more_like"
    elif phenomenon == "follow-up:add":
        if kind != "list":
            return None
        _, _, value2 = d.value(name, avoid=[value])
        slots["v2"] = d.said(value2)
        cons = [*cons, _positive(name, kind, value2)]
    else:
        slots["field"] = re.sub(r"s$", "", name.replace("_", " "))
        cons = [x for x in cons if x["field"] != name]
    convo = [{"role": "user", "content": first[:1].upper() + first[1:]}, {"role": "assistant", "content": listing},
             {"role": "user", "content": tpl.format(**slots)}]
    return PlanExample(convo, make_plan(cons, query=query, refs=refs, excl=excl, intent=intent), phenomenon, tpl,
                       previous=previous)


def generate(vocab: Vocabulary, n: int, *, heldout: bool, seed: int = 0,
             avoid: Iterable[str] = ()) -> list[PlanExample]:
    """`n` examples spread over the phenomena, from one side's templates and forms; none whose requests
    are in `avoid` (the other side's texts)."""
    rng = random.Random(f"{seed}:{'heldout' if heldout else 'train'}")
    d = _Draw(vocab, rng, heldout)
    out: dict[str, PlanExample] = {}
    banned = set(avoid)
    for attempt in range(n * 20):
        if len(out) >= n:
            break
        phenomenon = PHENOMENA[attempt % len(PHENOMENA)]
        ex = _follow_up(d, phenomenon) if phenomenon in FOLLOW_UPS else _single(d, phenomenon)
        if ex is not None and ex.text not in banned:
            out.setdefault(ex.key, ex)
    return list(out.values())


def from_feedback(turns: Iterable[Any], schema: Mapping[str, Any] | None = None) -> list[PlanExample]:
    """Logged turns whose plan led to engagement (a positive event on what it showed), as they were planned:
    the request's words (or the messages the client sent) and the logged plan, if it fits the store's schema."""
    out = []
    for turn in turns:
        if not turn.plan or not turn.request or not any(is_positive(ev, val) for _, ev, val, _ in turn.events):
            continue
        convo = [{"role": m["role"], "content": m["content"]} for m in turn.request.get("messages") or []
                 if m.get("role") in ("user", "assistant")]
        convo = convo or ([{"role": "user", "content": turn.request["query"]}] if turn.request.get("query") else [])
        if not convo or convo[-1]["role"] != "user" or (schema is not None and not fits(turn.plan, schema)):
            continue
        out.append(PlanExample(convo, Plan.model_validate(turn.plan).model_dump(mode="json"), "feedback",
                               "feedback", source="feedback", ts=turn.created))
    return out


def fits(plan: Mapping[str, Any], schema: Mapping[str, Any]) -> bool:
    """Is `plan` valid under the store's plan schema?"""
    import jsonschema

    try:
        jsonschema.validate(dict(plan), dict(schema))
    except jsonschema.ValidationError:
        return False
    return True


def replay(earlier: Sequence[PlanExample], share: float, new: int, heldout_texts: Iterable[str],
           seed: int = 0) -> list[PlanExample]:
    """A `share` of the training set drawn from earlier cycles' training data (so older skills stay), none
    whose words are held out now."""
    if not earlier or share <= 0:
        return []
    banned = set(heldout_texts)
    pool = [e for e in earlier if e.text not in banned]
    want = min(len(pool), round(new * share / (1 - share)))
    picked = random.Random(seed).sample(pool, want)
    return [PlanExample.from_json({**p.to_json(), "source": "replay"}) for p in picked]


def render(examples: Sequence[PlanExample], fields_text: str | None) -> list[PlanExample]:
    """Set each example's prompt: the planner's own messages for its conversation and current plan."""
    from rec.agents.planner import planner_messages

    for ex in examples:
        previous = Plan.model_validate(ex.previous) if ex.previous else None
        ex.messages = planner_messages(ex.conversation, fields_text, previous)
    return list(examples)


@dataclass
class PlannerSets:
    train: list[PlanExample]
    heldout: list[PlanExample]
    counts: dict[str, Any]


def build_sets(vocab: Vocabulary, *, train: int, heldout: int, seed: int = 0,
               feedback: Sequence[PlanExample] = (), earlier: Sequence[PlanExample] = (),
               replay_share: float = 0.2) -> PlannerSets:
    """Held-out phrasings first (held-out templates and forms), then training examples from the other side
    whose words never occur among them, the engaged logged turns, and a replay share of earlier data."""
    held = generate(vocab, heldout, heldout=True, seed=seed)
    texts = {e.text for e in held}
    fresh = [*generate(vocab, train, heldout=False, seed=seed, avoid=texts),
             *(f for f in feedback if f.text not in texts)]
    replayed = replay(earlier, replay_share, len(fresh), texts, seed)
    rng = random.Random(seed)
    mixed = [*fresh, *replayed]
    rng.shuffle(mixed)
    counts: dict[str, Any] = {"train": len(mixed), "heldout": len(held), "feedback": sum(
        e.source == "feedback" for e in mixed), "replay": len(replayed),
        "train_templates": len({e.template for e in mixed}), "heldout_templates": len({e.template for e in held}),
        "heldout_by_phenomenon": _count(e.phenomenon for e in held)}
    return PlannerSets(mixed, held, counts)


def _count(items: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for x in items:
        out[x] = out.get(x, 0) + 1
    return out


def write_jsonl(path: Any, examples: Sequence[PlanExample]) -> None:
    from pathlib import Path

    Path(path).write_text("".join(json.dumps(e.to_json()) + "\n" for e in examples))


def read_jsonl(path: Any) -> list[PlanExample]:
    from pathlib import Path

    p = Path(path)
    return [PlanExample.from_json(json.loads(line)) for line in p.read_text().splitlines() if line.strip()] \
        if p.is_file() else []



