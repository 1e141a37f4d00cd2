"""A programmer's notation in a request put as the signs and words the reading knows (agents/notation.py), and
what two or more people settled on read without what each proposed (agents/agreed.py)."""

import pytest

from rec.agents.agreed import settled
from rec.agents.notation import uncoded


@pytest.mark.parametrize(("text", "plain"), [
    ("thriller, year in [1990, 1995) -- half-open", "thriller, year >= 1990, year < 1995 -- half-open"),
    ("sneakers, price in (50, 100]", "sneakers, price > 50, price <= 100"),
    ("comedy where 1985 < year < 1995", "comedy where year > 1985, year < 1995"),
    ("bag where 100 <= price <= 250", "bag where price >= 100, price <= 250"),
    ("1990 <= year, comedy", "year >= 1990, comedy"),
    ("crime movies where !(year < 1990)", "crime movies where year >= 1990"),
    ("not (price > 80) boots", "price <= 80 boots"),
    ("comedies where children's == false.", "comedies where no children's."),
    ("horror: true", "horror"),
    ("action movie, exclude: [sci_fi, fantasy]", "action movie, exclude sci_fi or fantasy"),
    ("widen it: genre in (War, Western)", "widen it: genre in War or Western"),
    ("material not in {wool, silk}", "material not wool or silk"),
    ("style = null, but color: red | burgundy", "any style, but color: red or burgundy"),
    ("s/wool/cashmere/", "cashmere instead of wool"),
    ("price <= 80 && color != black", "price <= 80 and color != black"),
    ("sci_fi||horror", "sci_fi or horror"),
    ("black // just kidding, any colour", "black. just kidding, any colour"),
    # no notation, or notation's signs used as English: left as they are
    ("Genre: comedy | Decade: 90s", "Genre: comedy | Decade: 90s"),
    ("conditions: (i) a comedy, (ii) no horror", "conditions: (i) a comedy, (ii) no horror"),
    ("I love 80s films <3", "I love 80s films <3"),
    ("genre: true crime please", "genre: true crime please"),
    ("Horror: none", "Horror: none"),
    ("a comedy (nothing too silly) under 3 stars", "a comedy (nothing too silly) under 3 stars"),
    ("his/her/their favourite", "his/her/their favourite"),
])
def test_notation_is_put_as_the_signs_and_words_the_reading_knows(text, plain):
    assert uncoded(text) == plain


def words(text):
    return " ".join(settled(text).replace(",", " ").replace(";", " ").split())


@pytest.mark.parametrize(("text", "deal"), [
    ("She likes red, I like black, we agreed on burgundy. A bag for her.", "we agreed on burgundy. A bag for her."),
    ("burgundy boots for my wife, she was set on red and i on brown so we met halfway",
     "burgundy boots for my wife and so we met halfway"),
    ("Dad only likes old stuff, my brother only likes new stuff, and after a lot of shouting we've agreed on 1975 to "
     "1985", "and after a lot of shouting we've agreed on 1975 to 1985"),
    ("Half of us wanted gangsters, half wanted heists -- we settled on a heist film", "-- we settled on a heist film"),
    # the bound the proposals set carried to a number settled on bare
    ("He says under 50, I say under 80, let's meet at 60.", "let's meet at under 60."),
    ("He says three stars minimum, I say four; we've met in the middle at 3.5 stars",
     "we've met in the middle at at least 3.5 stars"),
    # no deal, or one person's wish agreed to: left as it is
    ("I want a comedy and she agreed", "I want a comedy and she agreed"),
    ("She likes red, I like black. A bag for her.", "She likes red I like black. A bag for her."),
    ("Film scores at least 8 out of 10, that's the only rule my brother and I agreed on.",
     "Film scores at least 8 out of 10 that's the only rule my brother and I agreed on."),
])
def test_what_people_settled_on_is_read_without_their_proposals(text, deal):
    assert words(text) == deal


@pytest.mark.parametrize(("text", "plain"), [
    ("drama - excl war & excl crime", "drama - excluding war & excluding crime"),
    ("drama rated b/w 3 & 4 stars", "drama rated between 3 and 4 stars"),
    ("rating somewhere b/t 3 and 4 stars", "rating somewhere between 3 and 4 stars"),
    ("boots b/w $100 & $200", "boots between $100 and $200"),
    ("anything made 1950 2 1965", "anything made 1950 to 1965"),
    ("dress, $50 2 $80, sz S", "dress, $50 to $80, sz S"),
    ("coat 4 her, $150-300", "coat for her, $150-300"),
    ("swap the horror 4 thriller, same decade", "swap the horror for thriller, same decade"),
    ("movies seen by 300+ ppl", "movies seen by 300+ people"),
    ("a coat ~$80", "a coat about $80"),
    ("and ne'er a sci-fi one, e'er", "and never a sci-fi one, ever"),
    ("SF action from the nineties", "science fiction action from the nineties"),    # its initials
    ("sf films from the 80s", "science fiction films from the 80s"),
    # not shorthand: left as it is
    ("b/w films from the 40s", "b/w films from the 40s"),
    ("size 2 2 pairs", "size 2 2 pairs"),
    ("rated 4 stars", "rated 4 stars"),
    ("In & Out or something like it", "In & Out or something like it"),
    ("a comedy set in SF", "a comedy set in SF"), ("the SF Giants", "the SF Giants"),    # the city
    ("sf please", "sf please"),
])
def test_shorthand_grammar_words_are_written_out(text, plain):
    from rec.agents.shorthand import unabbreviated
    assert unabbreviated(text) == plain
