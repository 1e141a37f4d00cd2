"""How a shown item is named in a list: its title, and where another item in the same list has that title,
what tells them apart ("Cape Fear (1991)" and "Cape Fear (1962)"; two "Ostwick brown wool coat" in other
styles). Only the fields needed to tell the items apart are added: the year first, then the words that
differ most."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any


def labels(items: Sequence[Mapping[str, Any]], words: Sequence[str], year: str | None = None) -> list[str]:
    """Each item's label: its title, with what differs where the list shows that title more than once.
    `words`: the store's word-valued fields (strings, lists); `year`: its year field."""
    out = [str(i["title"]) for i in items]
    groups: dict[str, list[int]] = defaultdict(list)
    for n, title in enumerate(out):
        groups[title.casefold()].append(n)
    for members in (g for g in groups.values() if len(g) > 1):
        metas = [items[n].get("metadata") or {} for n in members]
        fields = _telling(metas, _fields(words, year), year)
        for n, meta in zip(members, metas, strict=True):
            said = [_said(f, meta[f], f == year) for f in fields if meta.get(f) not in (None, "", [])]
            if said:
                out[n] = f"{out[n]} ({', '.join(said)})"
    return out


def _telling(metas: list[Mapping[str, Any]], fields: list[str], year: str | None) -> list[str]:
    """The fewest fields, in order of preference (the year, then the fields with most different values),
    that give every item a different label; all that differ when none does."""
    def key(meta: Mapping[str, Any], chosen: list[str]) -> str:
        return repr([meta.get(f) for f in chosen])

    spread = {f: len({key(m, [f]) for m in metas}) for f in fields}
    chosen: list[str] = []
    for f in sorted((f for f in fields if spread[f] > 1), key=lambda f: (f != year, -spread[f])):
        chosen.append(f)
        if len({key(m, chosen) for m in metas}) == len(metas):
            break
    return chosen


def _fields(words: Sequence[str], year: str | None) -> list[str]:
    """The fields a label may say, in order: the year, then the word fields."""
    return [*([year] if year else []), *(f for f in words if f != "title")]


def _said(field: str, value: Any, is_year: bool) -> str:
    if is_year and isinstance(value, int | float):
        return str(int(value))
    if isinstance(value, list):
        return f"{field} {'/'.join(map(str, value))}"
    return str(value)


def fits(label: str, meta: Mapping[str, Any], words: Sequence[str], year: str | None = None) -> bool:
    """Whether a label read back ("Cape Fear (1991)", from a client-sent list) fits an item's metadata:
    every part in its closing brackets is one of the item's values as `labels` says them."""
    extra = label.rsplit("(", 1)[1].rstrip(") ") if label.rstrip().endswith(")") and "(" in label else ""
    said = {_said(f, meta[f], f == year) for f in _fields(words, year) if meta.get(f) not in (None, "", [])}
    return all(part.strip() in said for part in extra.split(",") if part.strip())
