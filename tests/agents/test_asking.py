"""Requests made by doubting: the "not" of a question about whether the item exists refuses nothing."""

import pytest

from rec.agents.asking import asked
from rec.agents.links import ValueLinker

GENRES = ["Comedy", "Romance", "Thriller", "Horror", "War", "Action", "Film-Noir", "Animation"]


@pytest.mark.parametrize(("text", "plain"), [
    ("You wouldn't have any navy coats, would you?", "You have any navy coats, would you?"),
    ("Isn't there a crime thriller hiding around here?", "Is there a crime thriller hiding around here?"),
    ("Are there no comedies that aren't also love stories?", "Are there comedies that aren't also love stories?"),
    ("Don't you have any thrillers from 1990?", "do you have any thrillers from 1990?"),
    ("Couldn't dig up any film noir, could you?", "could you dig up any film noir, could you?"),
    ("Is there nothing that's a comedy?", "Is there anything that's a comedy?"),
    ("No chance of a silk scarf under 40, is there?", "any a silk scarf under 40, is there?"),
    ("No cartoons at all? The nieces are here", "any cartoons at all? The nieces are here"),
    ("There's no silk scarf under 40, is there?", "there is silk scarf under 40, is there?"),
    # no doubting frame: nothing changes
    ("you don't have to show me dramas", "you don't have to show me dramas"),
    ("No horror please", "No horror please"),
    ("No horror? ok", "No horror? ok"),
    ("I can't find the dress I want", "I can't find the dress I want"),
])
def test_a_doubting_frame_is_put_as_the_plain_question(text, plain):
    assert asked(text) == plain


def test_a_doubting_question_asks_for_its_values_and_keeps_its_own_refusals():
    from rec.agents.fields import NumericFields
    from rec.agents.planner import Grounding, read

    g = Grounding(NumericFields({}), ValueLinker({"genres": ("list", GENRES)}), lambda text: [])

    def plan(text):
        return [(c.field, c.op, c.value) for c in read(text, g).constraints]

    assert plan("You don't have any romantic comedies, do you?") == [("genres", "contains", "Romance"),
                                                                    ("genres", "contains", "Comedy")]
    assert plan("Are there no comedies that aren't also love stories?") == [("genres", "contains", "Comedy")]
    assert plan("You wouldn't have a thriller with no horror in it, would you?") == [
        ("genres", "contains", "Thriller"), ("genres", "ne", "Horror")]
    assert plan("Couldn't you find me a few action films that aren't war movies?") == [
        ("genres", "contains", "Action"), ("genres", "ne", "War")]
    assert plan("no horror, thanks") == [("genres", "ne", "Horror")]


def test_a_refusal_before_a_question_is_no_doubt():
    assert asked("No horror please, do you have any thrillers?") == "No horror please, do you have any thrillers?"
    assert asked("No silk scarves under 40, are there?") == "any silk scarves under 40, are there?"
