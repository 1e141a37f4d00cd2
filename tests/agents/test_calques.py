"""A learner's calques and false friends put in English before any reading (agents/calques.py)."""

import pytest

from rec.agents.calques import uncalqued


@pytest.mark.parametrize(("text", "english"), [
    ("a film of terror, please", "a film of horror, please"),
    ("terror, but the serious kind", "horror, but the serious kind"),
    ("a film about the war on terror", "a film about the war on terror"),       # the thing, no genre
    ("terrorists on a plane", "terrorists on a plane"),
    ("my son is a little terror, a kids film please", "my son is a little terror, a kids film please"),
    ("a terror flick for tonight", "a horror flick for tonight"),
    ("something of scientific fiction", "something of science fiction"),
    ("films of the decade of 80, please", "films of the 80s, please"),
    ("what do you have of the decade of 40?", "what do you have of the 40s?"),
    ("from the decade of 1970", "from the 1970s"),
    ("the decade of 80 dollars", "the decade of 80 dollars"),
    ("I already assisted Alien", "I already watched Alien"),
    ("I assisted Fargo already, so not that one", "I watched Fargo already, so not that one"),
    ("she assisted me with the order", "she assisted me with the order"),        # the English verb
    ("one jeans trousers in dark blue", "one jeans in dark blue"),
    # an article before a bound's number goes; a decade keeps its own
    ("A sweater between the 40 and 80 dollar.", "A sweater between 40 and 80 dollar."),
    ("a rating between the 3,5 and the 4 stars", "a rating between 3,5 and 4 stars"),
    ("A jacket above the 150 dollars", "A jacket above 150 dollars"),
    ("between the 80s and the 90s", "between the 80s and the 90s"),
    ("under the 100 mark", "under 100 mark"),
])
def test_a_learners_calque_is_put_in_english(text, english):
    assert uncalqued(text) == english
