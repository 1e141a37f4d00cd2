"""French words for values and people in a request mixed with English (Camfranglais, Quebec franglais, a learner's),
put in English: those English lacks in any message, those English has too only where the message speaks French."""

import pytest

from rec.agents.french import from_french, speaks_french
from rec.agents.mixed import englished
from rec.agents.typography import plain


@pytest.mark.parametrize(("text", "english"), [
    ("Un pull pour ma go, it di cold at night", "Un sweater pour my girlfriend, it di cold at night"),
    ("Je cherche des tennis for mon frère", "Je cherche des sneakers for my brother"),
    ("snikers blanc for mon frere", "snikers white for my brother"),
    ("Un manteau en cachemire for a man", "Un coat in cashmere for a man"),
    ("leather bag, il faut que ce soit noir", "leather bag, it must be black"),
    ("Une comédie romantique pour ce soir avec ma go", "a romantic comedy for ce soir with my girlfriend"),
    ("Denim jacket for mon petit frère, taille M", "Denim jacket for my brother, size M"),
    ("une robe rouge en soie", "une dress red in silk"),
])
def test_french_words_for_values_are_put_in_english(text, english):
    assert englished(plain(text)) == english


def test_french_words_english_has_too_are_read_only_in_french():
    assert from_french("a manteau for winter", whole=False) == "a coat for winter"     # English lacks it
    assert from_french("a rose print dress, pull it up", whole=False) == "a rose print dress, pull it up"
    assert not speaks_french("a rose print dress", set())
    assert speaks_french("snikers blanc for mon frere", set())
    assert not speaks_french("horror film la", set())          # Singlish "la", an English "film"
    assert not speaks_french("this time it's noir, shadows, femmes fatales", set())     # English has them
    assert englished("a film noir with a femme fatale") == "a film noir with a femme fatale"
    assert englished("le film noir, des films the 40s") == "le film noir, des films the 40s"
    # a title's capitalised words stay
    assert from_french("like Baton Rouge or La Femme Nikita", whole=True) == "like Baton Rouge or La Femme Nikita"
