"""Constraints said against a named item's own fields: "rated higher than Fargo", "cheaper than the Fenara green
linen shirt", "from the same decade as The Terminator", "made before Schindler's List", "more people have rated
it than Titanic", "released between Jaws and Titanic" (`spans`). The message with the item's value said in its
place, for the grammar to read as a bound (`grammar.numeric_hints`); and a year compared with a title's ("newer than
Jaws", "before Titanic came out": `dated`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rec.agents.alike import BETTER, HIGHER, LOWER, WORSE
from rec.agents.fields import NumericFields, as_number
from rec.agents.numbers import words_to_numbers
from rec.agents.references import CLAUSE_END, item_at
from rec.agents.titles import Search

Items = Callable[[Sequence[str]], Mapping[str, Mapping[str, Any]]]

_RATERS = r"(?:people|viewers|users|folks|votes|ratings|reviews)(?:\s+(?:have|has|had))?(?:\s+(?:rated|watched|seen" \
          r"|reviewed))?(?:\s+(?:it|them|one))?"
_RELEASED = r"(?:made|released|came\s+out|come\s+out|filmed|shot|produced)"
# (a comparison said before the named item, the field it compares, how the item's value is said in its place); the
# words for a higher or lower score or price are those said of an item to be like (`alike.py`)
_COMPARED = [
    (rf"(?:{BETTER})\s+than", "rating", "rated above {}"),
    (rf"(?:{WORSE})\s+than", "rating", "rated below {}"),
    (rf"more\s+{_RATERS}\s+than", "count", "rated by more than {} people"),
    (rf"(?:fewer|less)\s+{_RATERS}\s+than", "count", "rated by fewer than {} people"),
    (rf"(?:{LOWER})\s+than", "price", "under {}"),
    (rf"(?:{HIGHER})\s+than", "price", "over {}"),
    (rf"{_RELEASED}\s+(?:before|earlier\s+than|prior\s+to)", "year", "made before {}"),
    (rf"{_RELEASED}\s+(?:after|later\s+than)", "year", "made after {}"),
    (r"(?:from\s+|in\s+)?the\s+same\s+decade\s+as", "decade", "from the {}s"),
    (r"(?:from\s+|in\s+)?the\s+same\s+year\s+as", "year", "from {}"),
]
# What may follow a named item in its clause: the item said in full ("made before the Second World War started"
# names no film "The Second")
_ENDS = re.compile(r"\s*(?:$|[(,.;:!?\n]|(?:please|pls|though|tho|too|itself|and|but|or|so|because|as|which|that"
                   r"|did|does|had|has|have|was|is|came|got|with|in|from|for|on|at|by|i|we|he|she|they|it|the|a|an|if"
                   r"|when)\b)", re.I)
_CUE = re.compile("|".join(rf"(?P<c{i}>\b(?:{said}))\s+" for i, (said, _, _) in enumerate(_COMPARED)), re.I)


def relative(text: str, search: Search, items: Items, numeric: NumericFields,
             is_value: Callable[[str], bool] = lambda s: False) -> str:
    """The message with a named item a bound is said against replaced by its value of the field compared
    ("rated higher than Fargo": rated above 4.156; "cheaper than the Fenara green linen shirt": under 42.67; "the
    same decade as Heat": from the 1990s). An item the catalog has no such value for is left as it is."""
    for m in reversed(list(_CUE.finditer(text))):
        _, kind, template = _COMPARED[int(m.lastgroup[1:])]
        found = item_at(text, m.end(), search, is_value)
        if found is None or not _ENDS.match(text, m.end() + len(found[1])):
            continue          # "cheaper than 50 dollars": no item named; "before the Second World War": no "Second"
        value = _value(found[0].item_id, kind, items, numeric)
        if value is not None:
            text = text[:m.start()] + template.format(value) + text[m.end() + len(found[1]):]
    return text


# Two named items a span is said between ("released between Jaws and Titanic"), or one a span of years is said
# around ("within ten years of Star Wars")
_BETWEEN = re.compile(rf"\b(?:{_RELEASED}\s+)?between\s+", re.I)
_WITHIN = re.compile(r"\bwithin\s+(?P<n>\d{1,2}|[a-z]+)\s+years?\s+(?:either\s+side\s+)?of\s+", re.I)


def spans(text: str, search: Search, items: Items, numeric: NumericFields,
          is_value: Callable[[str], bool] = lambda s: False) -> str:
    """The message with a span said between two named items put as their years ("films released between Jaws
    and Titanic": between 1975 and 1997) and one said around a named item as the years around it ("within ten
    years of Star Wars": between 1967 and 1987). Items not both found, or with no year, leave the words."""
    def named(at: int) -> tuple[int | float | None, int] | None:      # the item said from `at`: its year, its end
        found = item_at(text, at, search, is_value, stop=rf"{CLAUSE_END}|\s+and\s+")
        return None if found is None else (_value(found[0].item_id, "year", items, numeric), at + len(found[1]))

    for m in reversed(list(_WITHIN.finditer(text))):
        n = words_to_numbers(m.group("n"))
        if n.isdigit() and (one := named(m.end())) and one[0] is not None and _ENDS.match(text, one[1]):
            text = text[:m.start()] + f"between {int(one[0]) - int(n)} and {int(one[0]) + int(n)}" + text[one[1]:]
    for m in reversed(list(_BETWEEN.finditer(text))):
        first = named(m.end())
        gap = re.match(r"\s+and\s+", text[first[1]:]) if first and first[0] is not None else None
        second = named(first[1] + gap.end()) if gap else None
        if second and second[0] is not None and _ENDS.match(text, second[1]):
            text = text[:m.start()] + f"between {first[0]} and {second[0]}" + text[second[1]:]
    return text


def _value(item_id: str, kind: str, items: Items, numeric: NumericFields) -> int | float | None:
    """The named item's value of the field compared: its year, decade, score, price or number of ratings."""
    counts = [n for n in numeric.ranges if re.search(r"count|votes", n.lower()) and n != numeric.rating]
    name = {"rating": numeric.rating, "price": numeric.price, "count": counts[0] if len(counts) == 1 else None,
            "year": numeric.year, "decade": numeric.year}[kind]
    value = items([item_id]).get(item_id, {}).get(name) if name else None
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    return int(value) // 10 * 10 if kind == "decade" else as_number(round(float(value), 3))


# A title that bounds the year by its own: "newer than Jaws", "pre-dates Star Wars", "before Titanic came out"
# or, with the release said and "when", an end of a span: "between when Grease came out and when E.T. came out"
_THAN = re.compile(r"\b(?:(?P<than>(?:newer|older|earlier|later|more\s+recent)\s+than)|(?P<pre>pre-?dat(?:es?|ing))"
                   r"|(?P<post>post-?dat(?:es?|ing))|(?P<when>(?:before|after|since|until|till)(?:\s+when)?"
                   r"|(?:between|from|and|to)\s+when))\s+", re.I)
_CAME_OUT = r"(?:came\s+out|come\s+out|was\s+(?:released|made|out)|hit\s+(?:the\s+)?(?:cinemas?|theat(?:er|re)s?))"


def dated(text: str, search: Search, is_value: Callable[[str], bool] = lambda s: False) -> str:
    """The message with a title that bounds the year by its own said as that year ("anything newer than Jaws":
    newer than 1975; "before Titanic came out": before 1997), and what only dates that title ("That came out
    in '75", "(1975)") left out: it describes the title, it asks for no year. Before, after, since or until
    bound by a title only with its release said ("came out"): "before Christmas" is a time of year."""
    for m in reversed(list(_THAN.finditer(text))):
        clause = re.split(CLAUSE_END, text[m.end():])[0]
        if m.group("when") and not re.search(rf"\s{_CAME_OUT}", clause, re.I):
            continue          # "before 1980", "after dinner": no release said, no title looked up
        found = item_at(text, m.end(), search, is_value)
        if found is None or found[0].year is None:
            continue
        year, end = found[0].year, m.end() + len(found[1])
        tail = re.match(rf"(?:\s*\(\s*{year}\s*\))?(\s+{_CAME_OUT})?", text[end:], re.I)
        if m.group("when") and not tail.group(1):
            continue
        said = "before " if m.group("pre") else "after " if m.group("post") else re.sub(r"\s+when\s+$", " ", m.group(0))
        text = _undated(text[:m.start()] + f"{said}{year}" + text[end + tail.end():], year)
    return text


def _undated(text: str, year: int) -> str:
    """The text less a clause that only says when a named title came out ("That came out in '75")."""
    return re.sub(rf"(?:(?<=[.!?;,])|^)\s*(?:that|it|which)\s+(?:one\s+)?(?:{_CAME_OUT}|is\s+from)\s+(?:in\s+)?"
                  rf"(?:'{year % 100:02d}|{year})\b", " ", text, flags=re.I)
