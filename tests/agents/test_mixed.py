"""Another language's grammar words in an English request put in English: French (Québécois), romanised
Hindi-Urdu, Swahili, Arabizi, Nigerian Pidgin, Tanglish and German, only where the message speaks the language."""

import pytest

from rec.agents.mixed import englished
from rec.agents.typography import plain


@pytest.mark.parametrize(("text", "english"), [
    ("N'importe quoi sauf un drame", "any except un drama"),
    ("une comédie, mais vraiment pas romantique", "une comedy, but not romantique"),
    ("Un western ou bien un film de guerre, pas plus vieux que 1970",
     "Un western or un war film, not older than 1970"),
    ("un drame noté au moins 4 sur 5", "un drama rated at least 4 out of 5"),
    ("film d'action des années 80", "film d'action from the 80s"),
    ("un thriller que entre 100 et 200 personnes ont noté", "un thriller que between 100 and 200 people ont rated"),
    ("en bas de 150 dolars", "under 150 dolars"),          # plainly French, even in a message of three words
    ("quelque chose en bas de 50$ pour ma blonde", "quelque chose under $50 for my girlfriend"),
    ("Un film romantique, mais PAS Titanic svp", "Un film romantique, but not Titanic svp"),
    ("koi comedy batao yaar, par romance bilkul nahi chahiye", "koi comedy batao yaar, but no romance chahiye"),
    ("Ostara black leather sneakers bhi nahi, dost ke paas same hai",       # the clause's whole object
     "no Ostara black leather sneakers, dost ke paas same hai"),
    ("pink aur red nahi chahiye", "no pink and red chahiye"),
    ("cotton nahi, polyester kar do", "no cotton, make it polyester"),
    ("thriller batao, crime ke bina", "thriller batao, without crime"),
    ("1970 se pehle ki koi drama dikhao", "before 1970 ki koi drama dikhao"),
    ("1980 se 1985 ke beech ki action films dikhao", "between 1980 and 1985 ki action films dikhao"),
    ("10 mein se 8 se upar wali comedy chahiye", "over 8 out of 10  comedy chahiye"),
    ("Fargo jaisi kuch batao yaar", "like Fargo kuch batao yaar"),
    ("The Shining bhi dekh li hai bhai", "seen The Shining hai bhai"),
    ("nataka comedy, lakini sitaki romance", "I want comedy, but don't want romance"),
    ("comedy kati ya 1990 na 1995 tafadhali sana", "comedy between 1990 and 1995 tafadhali sana"),
    ("films za zamani, kutoka 1940 hadi 1959", "films old ones, from 1940 to 1959"),
    ("t-shirt chini ya $15, budget iko tight", "t-shirt under $15, budget iko tight"),
    ("kitu kama Fargo, nimeshaona Titanic", "something like Fargo, seen Titanic"),
    ("boots za kike, sitaki suede", "boots for women, don't want suede"),
    ("Action movies please, bila war. Nimechoka na soldiers", "Action movies please, without war. tired of soldiers"),
    ("abi a comedy bas mo romantic, khalas I'm done", "I want a comedy but not romantic, khalas I'm done"),
    ("a children's film bas mo animated, ya3ni real people", "a children's film but not animated, ya3ni real people"),
    ("scarf, la wool 3ashan it itches", "scarf, no wool because it itches"),
    # Swahili's own constructions, read in a message of one grammar word too
    ("comedy kati ya 1990 na 1995", "comedy between 1990 and 1995"),
    ("chini ya $200 tu", "under $200 tu"),
    ("na bila sci-fi", "na without sci-fi"),
    # English with a word or two that other languages share: left as it is
    ("action film for tonight, la la land style", "action film for tonight, la la land style"),
    ("une comédie pour la fête, en bas de 50$, mais pas de drame", "une comedy for la fete, under $50, but no drama"),
    ("a comedy on the film festival, par for the course", "a comedy on the film festival, par for the course"),
    ("an avant garde film, not pas de deux", "an avant garde film, not pas de deux"),
    ("a koi fish print shirt", "a koi fish print shirt"),
    # Nigerian Pidgin: its own words open it ("abeg", "wey", "oga"), or two it shares with English ("am", "don")
    ("Sweater for my oga, but make e no be wool", "Sweater for my husband, but not wool"),
    ("Give me any film wey rating reach 4 out of 5 or pass am.", "Give me any film that rating at least 4 out of 5."),
    ("I don watch Titanic, no bring am come again", "I have watched Titanic, no bring am come again"),
    ("Hoodie from 20 dollars reach 40 dollars.", "Hoodie from 20 dollars to 40 dollars."),        # alone, too
    ("I'll make it up to you, I don't mind, it's fine", "I'll make it up to you, I don't mind, it's fine"),
    # Tanglish: one of its words opens it
    ("thriller please, but drama venaam - too tired", "thriller please, but no drama - too tired"),
    ("comedy with rating 4 mela (out of 5)", "comedy with rating over 4 (out of 5)"),
    ("konjam budget increase pannalam, 150 dollar kammi podhum", "a bit budget increase , under 150 dollar is enough"),
    ("Alien madhiri padam venum", "like Alien film please"),
    ("akka ku dress, black illa - any other colour", "for my sister, dress, no black - any other colour"),
    ("white um venaam", "no white too"),
    ("The Shining and Scream both seen. innum horror venum", "seen The Shining and Scream. more horror please"),
    ("a dress for Anna and her amma", "a dress for Anna and her amma"),
])
def test_grammar_words_of_another_language_are_put_in_english(text, english):
    assert englished(plain(text)) == english


@pytest.mark.parametrize(("text", "english"), [
    ("Pau with westerns already. Give me one action movie, no cowboys.",
     "done with westerns already. Give me a action movie, no cowboys."),
    ("One comedy dat get 8 outta 10 or mo', brah.", "a comedy that get 8 outta 10 or more, ."),
    ("I wen watch Alien already. Get one nother movie li'dat?",
     "I watched Alien already. Get another movie like that?"),
    ("Da keiki wen see Toy Story already", "the kids have seen Toy Story already"),
    ("Actually da drama part stay fine", "Actually the drama part is fine"),
    ("I no like horror, fo my tutu", "I don't want horror, for my grandma"),
])
def test_hawaiian_pidgin_is_put_in_english(text, english):
    assert englished(plain(text)) == english


def test_hawaiian_pidgin_is_read_only_where_the_message_speaks_it():
    assert englished("get one comedy for me") == "get one comedy for me"        # English's "one"
    assert englished("a film about Da Vinci, no horror") == "a film about Da Vinci, no horror"
