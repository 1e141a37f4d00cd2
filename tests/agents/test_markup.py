"""Chat formatting read as the words it marks: struck-through words are taken back, stress marks, headings and
list numbers go, a row of star emoji is a score."""

import pytest

from rec.agents.markup import unmarked


@pytest.mark.parametrize(("text", "plain"), [
    ("a dress in ~~red~~ any colour except red", "a dress in   any colour except red"),
    ("~~green~~ actually **olive** would be better", "  actually olive would be better"),
    ("I do *not* want horror", "I do not want horror"), ("**ONLY** black", "ONLY black"),
    ("after `1990`", "after 1990"), ("__never__ pink", "never pink"),
    ("### Requirements\n1. *crime*, obviously\n2. released between 1985 and 1995",
     "Requirements\n crime, obviously\n released between 1985 and 1995"),
    ("at least \u2b50\u2b50\u2b50\u2b50 please", "at least  4 stars please"),
    # no formatting, or a mark that stresses nothing: the text as it is
    ("*comedy, stupid phone", "*comedy, stupid phone"), ("snake_case and 5*4*3", "snake_case and 5*4*3"),
    ("\u2b50 must: wool", "\u2b50 must: wool"), ("a 90s comedy", "a 90s comedy"),
    # a hashtag's words parted, a phrase of their own
    ("a drama tonight #NoHorror tho", "a drama tonight No Horror, tho"), ("#under50 #redDress", "under 50, red Dress"),
    ("#nohorror #mondaymood a thriller", "no horror, mondaymood, a thriller"), ("#90sKid", "90s Kid"),
    ("C# and &#39;", "C# and &#39;"),
])
def test_chat_formatting_is_read_as_the_words_it_marks(text, plain):
    assert unmarked(text) == plain
