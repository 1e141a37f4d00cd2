"""Emoji read as the words they stand for."""

import pytest

from rec.agents.emoji import as_words


@pytest.mark.parametrize(("text", "expected"), [
    ("action movie \u2705\nsci-fi \u274c\nthat's it", "action movie  \nsci-fi is out. \nthat's it"),
    ("\u2022 horror \u274c (my cousin screams)", "\u2022 horror is out. (my cousin screams)"),
    ("\u274c horror", "no horror"),
    ("- \u274c\ufe0f musicals", "- no musicals"),
    ("made before 1990 \U0001f44e\U0001f3fb", "made before 1990 is out. "),
    ("comedy \U0001f44d\U0001f44d", "comedy  "),
    ("no emoji here", "no emoji here"),
    # any other picture before more words: a pause
    ("bridesmaids are in pink \U0001f62c make it green instead", "bridesmaids are in pink, make it green instead"),
    ("a pink dress \U0001f483", "a pink dress \U0001f483"),
])
def test_a_cross_refuses_and_a_tick_says_nothing(text, expected):
    assert as_words(text) == expected
