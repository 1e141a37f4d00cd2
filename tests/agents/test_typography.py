from rec.agents.typography import plain


def test_plain_keyboard_text():
    assert plain("I can\u2019t, \u201cHeat\u201d\u2026") == "I can't, \"Heat\"..."
    assert plain("4\u00bd stars") == "4.5 stars"
    assert plain("3 \u00bc") == "3.25"
    assert plain("\u00bd price") == " half  price"
    assert plain("from \uff11\uff19\uff19\uff10, under\u00a0\u221250") == "from 1990, under -50"
    assert plain("no change - here") == "no change - here"


def test_accents_go_so_a_spanish_keyboards_words_read_as_typed_in_english():
    assert plain("algo rom\u00e1ntico, 60 d\u00f3lares, 4\u00bd stars") == "algo romantico, 60 dolares, 4.5 stars"
