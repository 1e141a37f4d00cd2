"""What a request asks of the item it names: "the Corello silk scarf in other colours", "something like
the Fenara sweater but cheaper", "Alien, but newer".

- the item's kind stays (a single-valued field that says what kind of item it is: a garment's
  category) unless the words name one: a sweater asked for "similar but cheaper" is a sweater; where
  they ask for its maker ("anything else from that brand?") the kind gives way (`same`) when the maker
  has too few of that kind;
- "the same <field> as" (or "matching <field>"), and the maker where the store names one (a field called
  brand, label, maker...) and the words ask for who made it ("do they make jeans too?"): the item's
  value of that field is asked for;
- "other / different / another <field>": the item's value of that field is ruled out ("the Corello silk
  scarf in other colours": a scarf, not burgundy), and the item's other values the user said (silk,
  Corello) are asked for too, as values that give way (`same`): the same scarf in another colour may not
  exist, a silk one from another brand may, so where they leave too few items the planner drops the
  rarest first (`planner._yield`);
- a comparative with no number ("cheaper", "pricier", "newer", "older") bounds the price or the year by
  the item's own, unless the words bound that field already ("cheaper than 50"); "half / a third of the
  price" bounds the price by that part of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rec.agents.fields import NumericFields
from rec.agents.links import norm
from rec.agents.negation import negated
from rec.agents.titles import Hit
from rec.schema import Constraint

if TYPE_CHECKING:
    from rec.agents.planner import Grounding, Reading

# ... and what the item's price is said to be: "the X is too dear for me" asks for less than it
LOWER = (r"cheaper|less expensive|more affordable|lower[- ]priced|less pricey|lower price|more budget|for less"
          r"|cost(?:s|ing)?\s+less|less\s+money|too\s+(?:dear|expensive|pricey|steep)")
HIGHER = r"pricier|more expensive|higher[- ]end|more upmarket|dearer|fancier|posher|cost(?:s|ing)?\s+more|too\s+cheap"
_NEWER = r"newer|more recent|more modern"
_OLDER = r"older|earlier|predates?|predating|pre-dates?"
_EVEN = r"(?:even\s+|much\s+|a\s+bit\s+|a\s+little\s+|slightly\s+)?"          # "rated even higher"
BETTER = (rf"(?:rated|scored?)\s+{_EVEN}(?:higher|better|above)|{_EVEN}(?:higher|better)[- ]rated"
           r"|(?:higher|better)\s+(?:rating|score)")
WORSE = (rf"(?:rated|scored?)\s+{_EVEN}(?:lower|worse|below)|{_EVEN}(?:lower|worse)[- ]rated"
          r"|(?:lower|worse)\s+(?:rating|score)")
# The field that names who makes an item, and the words that ask for its maker ("do they make jeans too?",
# "does whoever makes the X do scarves?", "anything else from them?")
_MAKERS = r"brand|brands|maker|label|manufacturer|designer|make"
_MADE_BY = (r"\b(?:do|does|did) they (?:also )?(?:make|do|sell|have)\b|\bwhoever makes\b"
            r"|\b(?:they|them) (?:also )?(?:make|do|sell)\b|\b(?:from|by) (?:them|the same (?:people|brand|maker|label"
            r"|designer))\b|\bsame (?:brand|maker|label|designer|make)\b"
            r"|\bthe (?:brand|maker|label|designer|company) (?:that|which|who) (?:made|makes|make|does|sells?)\b"
            r"|\b(?:have|has) they (?:got|any)\b")     # "I like the brand that made the X. Have they got trousers?"
_PARTS = {"half": 1 / 2, "a third": 1 / 3, "a quarter": 1 / 4}
_PART = rf"\b({'|'.join(_PARTS)})\s+(?:of\s+)?(?:the|its|that|their)\s+(?:price|cost)\b"


# An item named in an earlier message pointed back to: "same colour as hers", "in a different colour from that one"
_POINTS_BACK = re.compile(r"\b(?:same|different|other|another)\s+(?:[a-z]+\s+)?(?:as|from|than|to)\s+"
                         r"(?:that|this|it|hers|his|theirs|mine|the\s+one|the\s+other)\b")


def alike(text: str, ref: Hit, said: Sequence[Constraint], fields: Mapping[str, tuple[str, list[str]]],
          numeric: NumericFields, kinds: Collection[str],
          items: Callable[[Sequence[str]], dict[str, dict[str, Any]]],
          said_as: Mapping[str, str] | None = None) -> tuple[list[Constraint], list[Constraint]]:
    """The constraints `text` sets through the item `ref` it names, and those of them that give way (see
    the module docstring). `fields`: the categorical fields (name -> (type, values)); `kinds`: those that
    say what kind of item it is; `said_as`: other words for a field's name ("fabric" -> material)."""
    meta = items([ref.item_id]).get(ref.item_id, {})
    if not meta:
        return [], []
    single = [f for f, (kind, _) in fields.items() if kind != "list"]
    constrained = {c.field for c in said}
    t = norm(text)
    stems = {re.sub(r"or$", "ou?r", re.escape(f.lower().rstrip("s"))): f for f in single}   # colour / color
    stems |= {re.escape(w.rstrip("s")): f for w, f in (said_as or {}).items() if f in single}   # "different fabric"
    varied = [stems[s] for w in re.findall(rf"\b(?:other|different|another|new)\s+({'|'.join(stems)})s?\b", t)
              for s in stems if re.fullmatch(s, w)] if stems else []
    alike_in = {**stems, **{re.escape(f.lower().rstrip("s")): f for f in (numeric.year, numeric.price) if f}}
    said = re.sub(r"\bthis\s+year\b", "", t)     # the calendar's year ("forty times this year"), not the item's
    kept = [alike_in[s] for w in re.findall(rf"\b(?:same|matching|that|this)\s+({'|'.join(alike_in)})s?\b", said)
            for s in alike_in if re.fullmatch(s, w)] if alike_in else []     # "the same colour / year as the X"
    kept += [f for f in single if re.fullmatch(_MAKERS, f.lower()) and re.search(_MADE_BY, t)]   # "do they make"
    out = [Constraint(field=f, op="eq", value=meta[f]) for f in dict.fromkeys(kept)
           if meta.get(f) is not None and f not in constrained and f not in varied]
    out += [Constraint(field=f, op="ne", value=meta[f]) for f in dict.fromkeys(varied) if meta.get(f) is not None]
    kind = [Constraint(field=f, op="eq", value=meta[f]) for f in single
            if f in kinds and meta.get(f) is not None and f not in constrained and f not in varied]
    maker = any(re.fullmatch(_MAKERS, f.lower()) for f in kept)     # "anything else from that brand?": the
    same = _same(t, meta, single, {*constrained, *varied, *kinds}, bool(varied))    # kind gives way to the maker
    return out + ([] if maker else kind) + _relative(t, meta, constrained, numeric), same + (kind if maker else [])


def _same(t: str, meta: Mapping[str, Any], single: Sequence[str], taken: Collection[str],
          varied: bool) -> list[Constraint]:
    """The named item's values the user said in naming it ("Corello", "silk"), where they ask for it in
    another value of some field: the rest of it stays the same."""
    return [Constraint(field=f, op="eq", value=meta[f]) for f in single if varied and f not in taken
            and isinstance(meta.get(f), str) and re.search(rf"\b{re.escape(norm(meta[f]))}\b", t)]


def _relative(t: str, meta: Mapping[str, Any], constrained: Collection[str],
              numeric: NumericFields) -> list[Constraint]:
    """"cheaper" / "pricier" / "newer" / "older" / "rated higher" than the item itself, "for half the price"."""
    out = []
    for field, lower, higher in ((numeric.price, LOWER, HIGHER), (numeric.year, _OLDER, _NEWER),
                                 (numeric.rating, WORSE, BETTER)):
        value = meta.get(field) if field else None
        if field is None or field in constrained or not isinstance(value, int | float) or isinstance(value, bool):
            continue
        if field == numeric.price and (part := re.search(_PART, t)):      # "for half the price"
            out.append(Constraint(field=field, op="lte", value=round(value * _PARTS[part.group(1)], 2)))
        elif said := re.search(rf"\b(?:{lower})\b", t) or re.search(rf"\b(?:{higher})\b", t):
            op = "lt" if re.fullmatch(lower, said.group(0)) else "gt"
            if negated(t, said.start()):                # "nothing older than it": as new or newer
                op = {"lt": "gte", "gt": "lte"}[op]
            out.append(Constraint(field=field, op=op, value=value))
    return out


def field_words(t: str, g: Grounding) -> dict[str, str]:
    """Words said after "different", "same"... that name a field itself: "fabric" -> material ("another blouse,
    different fabric")."""
    said = re.findall(r"\b(?:other|different|another|new|same|matching)\s+([a-z]+)", t)
    return {w: f for w in said if (f := g.linker.names_field(w)) is not None}


# Words that stand for the kind of item just named: "other leather ones", "another pair", "a different one"
_SAME_KIND = re.compile(r"\b(?:other|another|different|similar)\s+(?:[a-z]+\s+){0,2}(?:ones?|pairs?)\b"
                        r"|\b(?:something|anything)\s+else\b(?!\s+(?:from|by|they|that)\b)")   # "not the Marmora bag,
#                                                   something else in black" (not "anything else from that brand?")


def named_alike(text: str, refs: Sequence[Hit], excl: Sequence[Hit], said: Sequence[Constraint],
                g: Grounding) -> tuple[list[Constraint], list[Constraint]]:
    """What the words ask through the item they name (`alike`): the first they like, else the first they
    have or rule out ("already own the Briwick sneakers, other sneakers from that same brand"), whose kind
    is then not asked for (an item one has says nothing of the kind wanted next) unless words stand for it
    ("what other leather ones do you have?")."""
    if not (refs or excl):
        return [], []
    t = norm(text)
    said_as = field_words(t, g)        # only where an item is named
    if refs:
        return alike(text, refs[0], said, g.linker.fields, g.numeric, g.kinds, g.items, said_as)
    firm, same = alike(text, excl[0], said, g.linker.fields, g.numeric, g.kinds, g.items, said_as)
    if _SAME_KIND.search(t):       # "not for me. what other leather ones do you have?": its kind
        return firm, same
    return [c for c in firm if c.field not in g.kinds], [c for c in same if c.field not in g.kinds]


def pointed_back(text: str, refs: Sequence[Hit], excl: Sequence[Hit], reading: Reading, g: Grounding) -> None:
    """A follow-up that names no item but points back to one an earlier message named ("same colour as hers", "in
    a different colour from that one") asks through that item (`named_alike`): its constraints join `reading`."""
    if (refs or excl) and not (reading.references or reading.exclusions) and _POINTS_BACK.search(norm(text)):
        firm, same = named_alike(text, refs, excl, reading.constraints, g)
        reading.constraints, reading.same = [*reading.constraints, *firm, *same], [*reading.same, *same]
