"""Requests said as priorities: a deal-breaker is ruled out, values and bounds alike; a wish called no
deal-breaker is left to `optional`."""

import pytest

from rec.agents.fields import NumericFields
from rec.agents.links import ValueLinker
from rec.agents.planner import Grounding, read
from rec.agents.priorities import priorities

GENRES = ["Comedy", "Romance", "Thriller", "Horror", "War", "Crime", "Action", "Musical"]
FILMS = Grounding(NumericFields({"year": (1920.0, 1998.0), "rating_mean": (1.0, 5.0)}, "year"),
                  ValueLinker({"genres": ("list", GENRES)}), lambda text: [])
SHOP = Grounding(NumericFields({"price": (1.0, 800.0)}, None, "price"),
                 ValueLinker({"category": ("string", ["dress", "jacket", "coat"]),
                              "color": ("string", ["black", "pink", "red"]),
                              "material": ("string", ["denim", "leather", "wool"])}), lambda text: [])


def plan(text, g=FILMS):
    return sorted((c.field, c.op, c.value) for c in read(text, g).constraints)


@pytest.mark.parametrize(("text", "plain"), [
    ("Deal-breaker: anything over 200", "nothing over 200"),
    ("so the deal-breaker is horror: none whatsoever", "so no horror: none whatsoever"),
    ("2) hard no on leather", "2) no leather"),
    ("My deal breakers are red and pink.", "no red and pink."),
    ("leather would be a deal-breaker for me", "leather is ruled out for me"),
    ("pink = dealbreaker", "pink is ruled out"),
    # no frame: nothing changes
    ("romance isn't a deal-breaker", "romance isn't a deal-breaker"),
    ("the deal-breaker is price: under 100", "the deal-breaker is price: under 100"),
    ("a hard north wind", "a hard north wind"),
])
def test_a_deal_breaker_frame_is_put_as_a_plain_refusal(text, plain):
    assert priorities(text) == plain


def test_deal_breakers_rule_out_values_and_bounds():
    assert plan("I'm a wimp, so the deal-breaker is horror. Ideally a thriller.") == [
        ("genres", "contains", "Thriller"), ("genres", "ne", "Horror")]
    assert plan("Crime film, that part's a must. Deal-breaker: anything made before 1990.") == [
        ("genres", "contains", "Crime"), ("year", "gte", 1990)]
    assert plan("thriller, must. anything under 3 out of 5 is a hard no for me") == [
        ("genres", "contains", "Thriller"), ("rating_mean", "gte", 3)]
    assert plan("a war film; romance would be a deal-breaker") == [("genres", "contains", "War"),
                                                                  ("genres", "ne", "Romance")]
    assert plan("a war film, but romance isn't a deal-breaker") == [("genres", "contains", "War")]
    assert plan("a jacket. not denim, and deal-breaker: anything over 200 dollars", SHOP) == [
        ("category", "eq", "jacket"), ("material", "ne", "denim"), ("price", "lte", 200)]
    assert plan("I'd like a dress. Deal-breaker: black - I own far too much black already.", SHOP) == [
        ("category", "eq", "dress"), ("color", "ne", "black")]


def test_a_ranked_list_keeps_its_musts_beside_a_nice_to_have():
    assert plan("Ranked list from me: 1) must be a war film 2) must be made before 1970 3) nice to have: a comedy."
                ) == [("genres", "contains", "War"), ("year", "lt", 1970)]


def test_idioms_of_having_had_enough_and_londons_allow_rule_out():
    assert plan("Action I like. War movies this I need like a hole in the head. So action, not war.") == [
        ("genres", "contains", "Action"), ("genres", "ne", "War")]
    assert plan("From musicals I've had plenty. A thriller.") == [("genres", "contains", "Thriller"),
                                                                 ("genres", "ne", "Musical")]
    assert priorities("From musicals I've had plenty.") == "From musicals is ruled out."
    assert priorities("thriller yeah, but allow the crime ones") == "thriller yeah, but no crime ones"
    assert priorities("allow the westerns back in") == "allow the westerns back in"       # lets them back
    assert priorities("allow me to explain") == "allow me to explain"
