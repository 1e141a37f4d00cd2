"""Constraints said against a named item's own fields (agents/relative.py): the item's value in its place."""

import pytest

from rec.agents.fields import NumericFields
from rec.agents.grammar import numeric_hints
from rec.agents.relative import relative, spans
from rec.agents.titles import Hit, TitleIndex

ITEMS = {"1": {"year": 1996, "rating_mean": 4.156, "ratings_count": 508},
         "2": {"year": 1984, "rating_mean": 3.8, "ratings_count": 301},
         "3": {"price": 42.67}}
INDEX = TitleIndex([Hit("1", "Fargo", 1996), Hit("2", "The Terminator", 1984), Hit("3", "Fenara green linen shirt")])
FIELDS = NumericFields({"year": (1920.0, 1998.0), "rating_mean": (1.0, 5.0), "ratings_count": (1.0, 600.0),
                        "price": (5.0, 800.0)}, "year", "price")


def said(text):
    rewritten = relative(text, INDEX.search, lambda ids: {i: ITEMS[i] for i in ids if i in ITEMS}, FIELDS)
    return [(c.field, c.op, c.value) for c in numeric_hints(rewritten, FIELDS)]


@pytest.mark.parametrize("text, expected", [
    ("anything rated higher than Fargo", [("rating_mean", "gt", 4.156)]),
    ("a thriller with a lower rating than The Terminator", [("rating_mean", "lt", 3.8)]),
    ("something more people have rated than Fargo", [("ratings_count", "gt", 508)]),
    ("action from the same decade as The Terminator", [("year", "gte", 1980), ("year", "lte", 1989)]),
    ("comedies that came out after Fargo", [("year", "gt", 1996)]),
    ("war dramas made before The Terminator", [("year", "lt", 1984)]),
    ("a linen shirt cheaper than the Fenara green linen shirt", [("price", "lt", 42.67)]),
])
def test_a_bound_said_against_a_named_item_is_its_value(text, expected):
    assert said(text) == expected


def test_no_item_named_no_value_or_no_field_leaves_the_words():
    assert said("a comedy rated higher than 4") == [("rating_mean", "gt", 4)]      # a number, no item
    assert said("films made before the Terminator came out") == [("year", "lt", 1984)]
    assert said("made before the Terminator Salvation premiered") == []       # more words: no item said in full
    assert relative("cheaper than the last one", INDEX.search, lambda ids: {}, FIELDS) == "cheaper than the last one"
    assert relative("rated higher than Fargo", INDEX.search, lambda ids: {}, FIELDS) == "rated higher than Fargo"


def test_a_span_between_two_named_items_or_around_one():
    def spanned(text):
        rewritten = spans(text, INDEX.search, lambda ids: {i: ITEMS[i] for i in ids if i in ITEMS}, FIELDS)
        return [(c.field, c.op, c.value) for c in numeric_hints(rewritten, FIELDS)]

    assert spanned("films released between The Terminator and Fargo, please") == [("year", "gte", 1984),
                                                                                  ("year", "lte", 1996)]
    assert spanned("something within five years of Fargo") == [("year", "gte", 1991), ("year", "lte", 2001)]
    assert spanned("between The Terminator and a rock") == []          # one item only: the words stay
