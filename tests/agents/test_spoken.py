"""A dictated message as the words its speaker meant: fillers, a word said twice and a word broken off go; what
a listener would keep stays."""

import pytest

from rec.agents.spoken import fluent


@pytest.mark.parametrize(("text", "meant"), [
    ("a sweater between, um, fifty and a hundred bucks", "a sweater between fifty and a hundred bucks"),
    ("boots, at least, uh, two hundred, I want them to last", "boots, at least two hundred, I want them to last"),
    ("made between nineteen fifty and, um, nineteen sixty five", "made between nineteen fifty and nineteen sixty five"),
    ("Um, a a red dress", "a red dress"), ("so uhh yeah a drama umm from the 90s", "so yeah a drama from the 90s"),
    ("Hmm... maybe a comedy", "maybe a comedy"), ("erm the the navy one", "the navy one"),
    # a filler between two phrases leaves them apart: no "none of that a drama"
    ("not a western either none of that, um, a drama", "not a western either none of that, a drama"),
    ("from ninety four to ninety seven, um, those years", "from ninety four to ninety seven, those years"),
    ("a comedy, um.", "a comedy."),
    ("a thri- a horror film", "a horror film"), ("I want a thri- thriller", "I want a thriller"),
    # what a listener keeps: words that only look like fillers, a dash that sets off what follows, a suspended
    # hyphen, open words meant twice
    ("a summer dress, no umbrella", "a summer dress, no umbrella"), ("uh-huh yes", "uh-huh yes"),
    ("a horror- nothing gory", "a horror- nothing gory"), ("pre- and post-war films", "pre- and post-war films"),
    ("Bye Bye Love", "Bye Bye Love"), ("very very dark", "very very dark"),
])
def test_a_dictated_message_is_read_as_meant(text, meant):
    assert fluent(text) == meant
