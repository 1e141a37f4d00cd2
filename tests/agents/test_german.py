"""German in a request put in English: its grammar, its words for the catalog's values, its compounds, its slips."""

import pytest

from rec.agents.german import german_values, speaks_german
from rec.agents.mixed import englished
from rec.agents.typography import plain


@pytest.mark.parametrize(("text", "english"), [
    ("Ich suche eine Jacke, aber bitte ohne Leder", "I want a jacket, but please without leather"),
    ("T-Shirt, egal welche Farbe, außer pink und gelb", "t-shirt, any colour, except pink and yellow"),
    ("Leinenhemd in Größe M für den Sommer", "linen shirt in size M for den Sommer"),      # a compound parted
    ("Kriegsfilm mit viel Action, und der sollte nach 1980 rausgekommen sein",
     "war film with viel Action, and der sollte after 1980 came out sein"),
    ("Ich hätte gern einen Film aus den Siebzigern. Genre ist mir egal",
     "I want a film from the 70s. Genre doesn't matter"),
    ("Ein Mantel zwischen 100 und 200 Euro", "a coat between 100 and 200 dollars"),
    ("Drama mit einer Bewertung von über 8 von 10 Punkten", "Drama with a rating from over 8 from 10 points"),
    ("Mehr als 50 Euro gebe ich dafür aber nicht aus", "no more than 50 dollars gebe I dafur but not made of"),
    ("Fargo schon gesehen, fand ich mega. Was Ähnliches?", "seen Fargo, fand I mega. something similar?"),
    ("Ein Kriegsfilm wie Das Boot, aber nicht Das Boot selbst",          # the articles stay: they open titles
     "a war film like Das Boot, but not Das Boot selbst"),
    ("ledre jacke für mienen freund", "leather jacket for my boyfriend"),      # a letter swapped, dropped, added
    ("seiden bluse, abber nich in weiss", "silk blouse, but not in white"),
    ("Hallo, ich will für die Schule was", "Hallo, I want for die Schule was"),      # no "Schuhe" for a changed letter
])
def test_german_is_put_in_english(text, english):
    assert englished(plain(text)) == english


def test_german_is_read_only_where_the_message_speaks_it():
    assert speaks_german("gerne in grun") and speaks_german("Hoodie unter 40 Euro")
    assert speaks_german("Thriller ab 1995 bitte")
    assert not speaks_german("a rock musical from the 80s, not too long")
    assert not speaks_german("so what was the film with Die Hard in the title")
    assert not speaks_german("tshirt undr 30 bux") and not speaks_german("blaus ya silk ya msichana")   # "und", "blau"
    assert englished("a rock musical, not Das Boot") == "a rock musical, not Das Boot"
    # a German word for a value English lacks, read alone too; English words stay ("rock", "hose", "mantel")
    assert german_values("Sneakers in weiß") == "Sneakers in white"
    assert german_values("a Kleid for the wedding, no rock music") == "a dress for the wedding, no rock music"
