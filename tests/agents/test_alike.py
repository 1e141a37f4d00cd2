"""What a request asks of the item it names (agents/alike.py): its kind stays, "other <field>" varies one
field, "cheaper" / "newer" bound by the item's own value."""

import pytest

from rec.agents.alike import alike
from rec.agents.fields import NumericFields
from rec.agents.titles import Hit
from rec.schema import Constraint

FIELDS = {"category": ("string", ["scarf", "boots", "sweater"]), "color": ("string", ["burgundy", "black", "beige"]),
          "material": ("string", ["silk", "leather", "cotton"]), "brand": ("string", ["Corello", "Briwick"]),
          "genres": ("list", ["Drama", "Comedy"])}
ITEMS = {"1": {"category": "scarf", "color": "burgundy", "material": "silk", "brand": "Corello", "price": 80.0},
         "2": {"category": "sweater", "color": "beige", "material": "cotton", "brand": "Briwick", "price": 93.5},
         "3": {"genres": ["Drama"], "year": 1979}}
NUMERIC = NumericFields({"price": (5.0, 500.0), "year": (1920.0, 1998.0)}, "year", "price")


def run(text, item, said=(), part=0):
    got = alike(text, Hit(item, "x"), list(said), FIELDS, NUMERIC, ("category", "genres"),
                lambda ids: {i: ITEMS[i] for i in ids if i in ITEMS})[part]
    return sorted((c.field, c.op, c.value) for c in got)


@pytest.mark.parametrize(("text", "item", "expected"), [
    ("the Briwick beige cotton sweater is out of my budget, anything similar but cheaper?", "2",
     [("category", "eq", "sweater"), ("price", "lt", 93.5)]),
    ("do you have the Corello burgundy silk scarf in other colours?", "1",
     [("category", "eq", "scarf"), ("color", "ne", "burgundy")]),
    ("the Corello scarf but from a different brand", "1", [("brand", "ne", "Corello"), ("category", "eq", "scarf")]),
    ("something like the Corello scarf but pricier", "1", [("category", "eq", "scarf"), ("price", "gt", 80.0)]),
    ("the Corello scarf is over budget, a similar one for less?", "1",
     [("category", "eq", "scarf"), ("price", "lt", 80.0)]),
    ("something like the Corello scarf for less than half the price?", "1",
     [("category", "eq", "scarf"), ("price", "lte", 40.0)]),
    ("like that one but newer", "3", [("year", "gt", 1979)]),     # a list field's kind is no constraint
    ("similar, but nothing older than it is", "3", [("year", "gte", 1979)]),     # negated: as new or newer
    ("like that one, nothing pricier", "1", [("category", "eq", "scarf"), ("price", "lte", 80.0)]),
    ("what else came out the same year as that one?", "3", [("year", "eq", 1979)]),
    ("a drama that predates it", "3", [("year", "lt", 1979)]),
    ("more like it", "3", []),
    ("the Corello scarf is too dear for me, show me other scarves that cost less than it", "1",
     [("category", "eq", "scarf"), ("price", "lt", 80.0)]),       # what the item's price is said to be
])
def test_what_a_named_item_asks_for(text, item, expected):
    assert run(text, item) == expected


def test_the_rest_of_the_item_stays_the_same_where_one_field_varies():
    """"the Corello burgundy silk scarf in other colours": the values the user said of it (Corello, silk) are
    asked for as values that give way (the planner drops the rarest where too few items are left)."""
    assert run("do you have the Corello burgundy silk scarf in other colours?", "1", part=1) == [
        ("brand", "eq", "Corello"), ("material", "eq", "silk")]
    assert run("the Corello scarf but from a different brand", "1", part=1) == []        # the varied field
    assert run("something like the Corello silk scarf but pricier", "1", part=1) == []   # no field varied


@pytest.mark.parametrize(("text", "expected"), [
    ("a sweater the same colour as the Corello scarf", [("color", "eq", "burgundy")]),
    ("love my Corello scarf. do they make sweaters too?", [("brand", "eq", "Corello")]),
    ("does whoever makes the Corello scarf do sweaters?", [("brand", "eq", "Corello")]),
    ("the Corello scarf is my favourite. what sweaters is this brand making?", [("brand", "eq", "Corello")]),
    ("a sweater like the Corello scarf", []),
    ("I like the brand that made the Corello scarf. Have they got any sweaters?", [("brand", "eq", "Corello")]),
])
def test_what_a_named_item_lends_another_kind(text, expected):
    """"the same colour as", and its maker where the words ask who made it."""
    assert run(text, "1", [Constraint(field="category", op="eq", value="sweater")]) == expected


def test_the_words_decide_where_they_say_it():
    said = [Constraint(field="category", op="eq", value="boots"), Constraint(field="price", op="lt", value=50)]
    assert run("like the Corello scarf but cheaper, boots under 50", "1", said) == []


def test_rated_higher_than_the_named_item():
    numeric = NumericFields({"year": (1920.0, 1998.0), "rating_mean": (1.0, 5.0), "ratings_count": (1.0, 583.0)},
                            "year", None)
    item = {"genres": ["Comedy"], "year": 1994, "rating_mean": 3.854, "ratings_count": 321}

    def run_rated(text):
        got = alike(text, Hit("9", "x"), [], FIELDS, numeric, ("genres",), lambda ids: {"9": item})[0]
        return [(c.field, c.op, c.value) for c in got]

    assert run_rated("comedies that are rated higher than Forrest Gump") == [("rating_mean", "gt", 3.854)]
    assert run_rated("nothing worse rated than it") == [("rating_mean", "gte", 3.854)]


def test_this_year_is_the_calendars_and_that_year_the_items():
    assert ("year", "eq", 1979) not in run("a drama, not this one, we watched it forty times this year", "3")
    assert ("year", "eq", 1979) in run("a drama like it from that year", "3")
