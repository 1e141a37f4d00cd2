"""Answers that are not a new list: about the items just shown, a short reply, a question back.

Every sentence about an item comes from its catalog facts (metadata, text) and the evidence the ranker
kept (its explanation, its per-signal scores) — nothing is made up, so no model call is needed:
- "tell me more about the second one" -> its facts and why it was suggested;
- "is it scary?" -> the words are linked to catalog values (scary -> Horror) and checked against the
  item: "Yes: Alien is Horror." / "No: ... is not listed as Horror (Comedy)";
- "is it from the 90s?" -> the numeric grammar's bounds, checked the same way;
- "which of these is the newest?" -> the extreme of the list on the field the words name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from rec.agents.fields import NumericFields
from rec.agents.grammar import numeric_hints
from rec.agents.links import ValueLinker
from rec.retrieval.filters import constraint_to_where, matches
from rec.schema import Constraint

_SUPERLATIVES = {"newest": ("year", max), "latest": ("year", max), "most recent": ("year", max),
                 "oldest": ("year", min), "earliest": ("year", min), "cheapest": ("price", min),
                 "least expensive": ("price", min), "most expensive": ("price", max), "priciest": ("price", max)}
_EXTREME = re.compile(r"\b(?P<which>highest|lowest|most|least|biggest|smallest)\s+(?P<field>[a-z_ ]+?)\b")
_HIDDEN = ("title", "kind", "_hash", "item_id")


def about(text: str, shown: Sequence[Mapping[str, Any]], targets: Sequence[int], linker: ValueLinker,
          numeric: NumericFields) -> str:
    """The answer to a question about the last list; `targets`: the indices of the items it names."""
    lower = text.lower()
    extreme = _superlative(lower, shown, numeric)
    if extreme:
        return extreme
    items = [shown[i] for i in targets] or list(shown[:1])
    checks = _checks(text, linker, numeric)          # what the question asks, the same for every item
    why = bool(re.search(r"\bwhy\b", lower))
    return "\n".join(_verdict(item, checks) if checks else _facts(item, why=why) for item in items)


def _superlative(lower: str, shown: Sequence[Mapping[str, Any]], numeric: NumericFields) -> str | None:
    field, pick = next(((f, p) for word, (f, p) in _SUPERLATIVES.items() if re.search(rf"\b{word}\b", lower)),
                       (None, None))
    field = {"year": numeric.year, "price": numeric.price}.get(field or "")
    m = _EXTREME.search(lower)
    if field is None and m:
        stem = m.group("field").strip().replace(" ", "_")
        field = next((f for f in numeric.ranges if f.lower().startswith(stem[:5])), None)
        pick = max if m.group("which") in ("highest", "most", "biggest") else min
    if field is None or pick is None:
        return None
    valued = [(i, i.get("metadata", {}).get(field)) for i in shown]
    valued = [(i, v) for i, v in valued if isinstance(v, int | float) and not isinstance(v, bool)]
    if not valued:
        return f"None of these lists a {field}."
    best = pick(v for _, v in valued)
    names = [f"{i['title']} ({field} {_fmt(v)})" for i, v in valued if v == best]
    return f"{' and '.join(names)}."


def _checks(text: str, linker: ValueLinker, numeric: NumericFields) -> list[Constraint]:
    """What a yes/no question asks about: "is it scary?" -> genres contains Horror."""
    return numeric_hints(text, numeric) + [c for c in linker.constraints(text) if c.op != "ne"]


def _verdict(item: Mapping[str, Any], checks: Sequence[Constraint]) -> str:
    meta = item.get("metadata", {})
    holds = [c for c in checks if matches(meta, constraint_to_where(c))]
    failed = [c for c in checks if c not in holds]
    said = "; ".join(f"{c.field}: {_fmt(meta.get(c.field, '—'))}" for c in checks)
    if not failed:
        return f"Yes: {item['title']} has {said}."
    return f"No: {item['title']} has {said}."


def _facts(item: Mapping[str, Any], why: bool = False) -> str:
    meta = item.get("metadata", {})
    facts = ", ".join(f"{k}: {_fmt(v)}" for k, v in meta.items() if k not in _HIDDEN and not k.startswith("_"))
    lines = [f"{item['title']}: {facts}." if facts else f"{item['title']}."]
    text = str(meta.get("text") or "")
    if text and not why:
        lines.append(text[:240] + ("…" if len(text) > 240 else ""))
    if item.get("explanation"):
        lines.append(f"Why it was suggested: {item['explanation']}")
    evidence = sorted((item.get("scores") or {}).items(), key=lambda kv: -abs(kv[1]))[:3]
    if why and evidence:
        lines.append("Strongest evidence: " + ", ".join(f"{k} {v:.2f}" for k, v in evidence) + ".")
    return " ".join(lines)


def _fmt(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def reply(text: str) -> str:
    """A short answer to small talk."""
    lower = text.lower()
    if re.search(r"\b(?:thanks?|thx|ty|cheers)\b", lower):
        return "You're welcome! Ask for more whenever you like."
    if re.search(r"\b(?:bye|goodbye|good night|see you)\b", lower):
        return "Bye! Your conversation is kept; come back any time."
    if re.search(r"\b(?:hi|hello|hey)\b", lower):
        return "Hi! Tell me what you are in the mood for: a genre, a period, a title you liked…"
    return "Glad that helps. Want more like any of these, or something different?"


def ask_back(fields: Mapping[str, Any], examples: Sequence[str] = ()) -> str:
    """A question back when a message gives nothing to search with."""
    named = ", ".join(list(fields)[:4])
    hint = f" For example: \"{examples[0]}\"." if examples else ""
    return (f"What are you in the mood for? You can name {named or 'what you like'}, a title you enjoyed, "
            f"or what to avoid.{hint}")
