"""A request written as a screenplay page is read as the user's own lines (agents/screenplay.py)."""

import pytest

from rec.agents.links import ValueLinker
from rec.agents.screenplay import spoken

PAGE = """INT. THRIFT STORE - DAY

KAI
Every jacket here is denim or leather.

ME
(to the recommender)
Find me a jacket, no denim, no leather."""


def test_only_the_users_lines_ask():
    assert spoken(PAGE) == "Find me a jacket, no denim, no leather."
    shop = ValueLinker({"category": ("string", ["jacket"]), "material": ("string", ["denim", "leather", "wool"])})
    assert sorted((c.field, c.op, c.value) for c in shop.constraints(spoken(PAGE))) == [
        ("category", "eq", "jacket"), ("material", "ne", "denim"), ("material", "ne", "leather")]


@pytest.mark.parametrize(("page", "said"), [
    # the one introduced as the user, and the line said to the recommender where others are not
    ("INT. EDIT BAY - NIGHT\n\nPRIYA (that's me) rubs her eyes.\n\nPRIYA\nI cannot look at one more drama.\n\n"
     "PRIYA\n(to the recommender)\nA comedy, please.", "A comedy, please."),
    ("INT. STUDIO - NIGHT\n\nHOST A\nNo more real crime tonight.\n\nHOST B\nFiction then?\n\nHOST A\n"
     "Exactly. Recommender: a crime movie from the nineties.",
     "Exactly. Recommender: a crime movie from the nineties."),
    # an off-screen voice is no size, and a bare agreement takes the line it agrees with
    ("HUSBAND (O.S.)\nSize 43!\n\nME\nSize 43, he says.", "Size 43, he says."),
    ("BESTIE\nAnd not grey either.\n\nME\n(sighing)\nFine.", "And not grey either.\nFine."),
])
def test_the_user_is_told_by_name_address_or_cue(page, said):
    assert spoken(page) == said


@pytest.mark.parametrize("text", [
    "HORROR FILM EIGHTIES STOP\nNO ROMANCE STOP",           # a telegram in capitals is no page
    "Genre: horror\nDecade: 80s\nRomance: no",
    "a comedy please",
    "INT. KITCHEN - NIGHT\n\nMOM\nA comedy for the kids.",    # a page with no user in it stays whole
])
def test_other_text_is_left_as_it_is(text):
    assert spoken(text) == text
