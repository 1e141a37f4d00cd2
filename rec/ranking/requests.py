"""Requests synthesised from an item's own catalog fields: "Horror from the 1980s", "a t-shirt under $30".

They stand in for what a person would ask when the item is what they want next: the blend is fitted on
them (rec/tuning/blend.py) and the conversational benchmark scores rec on them. Only the store's
manifest says which fields exist: categorical fields (text or lists of text with a small vocabulary)
become `eq` / `contains` constraints, a year-like number a decade, a price an upper bound, any other
number a range around the item's value. The text says exactly what the constraints say, in words a
planner reads.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rec.schema import Constraint

MAX_DISTINCT = 200       # a text field with more values than this is a name, not a category
SKIP = {"title", "image", "caption", "text"}


@dataclass
class SynthRequest:
    text: str
    constraints: list[Constraint]


def categorical(fields: Mapping[str, Mapping[str, Any]]) -> list[str]:
    return sorted(f for f, info in fields.items() if f not in SKIP and 2 <= info.get("distinct", 0) <= MAX_DISTINCT
                  and (info["type"] == "string" or (info["type"] == "list" and info.get("items") == "string")))


def numeric(fields: Mapping[str, Mapping[str, Any]]) -> list[str]:
    return sorted(f for f, info in fields.items() if f not in SKIP and info["type"] == "number"
                  and info.get("max", 0) > info.get("min", 0))


def _number_phrase(name: str, value: float) -> tuple[str, list[Constraint]]:
    if "year" in name.lower() and 1000 <= value <= 2999:
        decade = int(value) // 10 * 10
        return f"from the {decade}s", [Constraint(field=name, op="gte", value=decade),
                                       Constraint(field=name, op="lte", value=decade + 9)]
    if "price" in name.lower() or "cost" in name.lower():
        step = 10 ** max(0, int(math.log10(max(value, 1))))
        bound = (int(value // step) + 1) * step
        return f"under ${bound}", [Constraint(field=name, op="lte", value=bound)]
    lo, hi = math.floor(value * 0.8), math.ceil(value * 1.2) if value > 0 else math.ceil(value * 0.8)
    return f"with {name} between {lo} and {hi}", [Constraint(field=name, op="gte", value=lo),
                                                  Constraint(field=name, op="lte", value=hi)]


TEMPLATES = ("{cat} {num}", "something {cat} {num}", "I'd like {cat} {num}", "any good {cat} {num}?",
             "recommend me {cat} {num}")


def synth_request(meta: Mapping[str, Any], fields: Mapping[str, Mapping[str, Any]],
                  rng: random.Random) -> SynthRequest | None:
    """A request the item satisfies, from one categorical value and/or one numeric field; None when the
    item has neither."""
    cats = [f for f in categorical(fields) if meta.get(f) not in (None, "", [])]
    nums = [f for f in numeric(fields) if isinstance(meta.get(f), int | float) and not isinstance(meta.get(f), bool)]
    use_cat = bool(cats) and (not nums or rng.random() < 0.85)
    use_num = bool(nums) and (not use_cat or rng.random() < 0.7)
    if not (use_cat or use_num):
        return None
    constraints: list[Constraint] = []
    cat_text = num_text = ""
    if use_cat:
        name = rng.choice(cats)
        value = meta[name]
        if isinstance(value, list):
            value = rng.choice(value)
            constraints.append(Constraint(field=name, op="contains", value=value))
        else:
            constraints.append(Constraint(field=name, op="eq", value=value))
        cat_text = str(value)
    if use_num:
        name = rng.choice(nums)
        num_text, bounds = _number_phrase(name, float(meta[name]))
        constraints.extend(bounds)
    text = rng.choice(TEMPLATES).format(cat=cat_text or "something", num=num_text).strip()
    return SynthRequest(" ".join(text.split()).replace(" ?", "?"), constraints)
