"""The numeric grammar: years, decades, ranges, comparatives and their negation, prices, named fields."""

import pytest

from rec.agents.fields import NumericFields
from rec.agents.grammar import numeric_hints
from rec.agents.numbers import words_to_numbers

FIELDS = NumericFields({"year": (1920.0, 1998.0), "price": (1.0, 500.0), "rating": (1.0, 5.0)}, "year", "price")


def said(text):
    return [(c.field, c.op, c.value if not isinstance(c.value, list) else (c.value[0], c.value[-1], len(c.value)))
            for c in numeric_hints(text, FIELDS)]


@pytest.mark.parametrize("text, expected", [
    ("something from the nineties", [("year", "gte", 1990), ("year", "lte", 1999)]),
    ("late 80s horror", [("year", "gte", 1986), ("year", "lte", 1989)]),
    ("mid-70s", [("year", "gte", 1973), ("year", "lte", 1976)]),
    ("early nineties", [("year", "gte", 1990), ("year", "lte", 1993)]),
    ("the 60s or 70s", [("year", "gte", 1960), ("year", "lte", 1979)]),
    ("the 50s or the 80s", [("year", "in", (1950, 1989, 20))]),
    ("from the 60s to the 80s", [("year", "gte", 1960), ("year", "lte", 1989)]),
    ("between 1980 and 1990", [("year", "gte", 1980), ("year", "lte", 1990)]),
    ("1980-1990", [("year", "gte", 1980), ("year", "lte", 1990)]),
    ("pre-1980 westerns", [("year", "lt", 1980)]),
    ("horor film, after year 1990 pls", [("year", "gt", 1990)]), ("before the year 1980", [("year", "lt", 1980)]),
    # a bound or a year set by a life's event said with its year
    ("Anything made the year I was born, 1984?", [("year", "eq", 1984)]),
    ("Comedies from before I was born - that's 1970.", [("year", "lt", 1970)]),
    ("Nothing older than the year I left school though, which was 1985.", [("year", "gte", 1985)]),
    ("Ideally something that came out after I was born, in 1980.", [("year", "gt", 1980)]),
    ("a comedy. I was born in 1980.", []),
    ("before the 80s", [("year", "lt", 1980)]),
    ("after the 80s", [("year", "gt", 1989)]),
    ("something newer than 1990", [("year", "gt", 1990)]),
    ("1990 or later", [("year", "gte", 1990)]),
    ("from 1990 onwards", [("year", "gte", 1990)]),
    ("a scary movie from the 80's", [("year", "gte", 1980), ("year", "lte", 1989)]),     # an apostrophe
    ("films from the 1980's", [("year", "gte", 1980), ("year", "lte", 1989)]),
    ("more like it but from 95 onwards", [("year", "gte", 1995)]),     # two digits a time word bounds: a year
    ("anything after 85", [("year", "gt", 1985)]),
    ("a film from 1994", [("year", "eq", 1994)]),
    ("animation from year 1990 until now", [("year", "gte", 1990)]),        # a range open to the present
    ("westerns from the 1950s to date", [("year", "gte", 1950)]),
    ("comedies from 1985 till date", [("year", "gte", 1985)]),
    ("film noir up to and including 1960", [("year", "lte", 1960)]),
    ("have you any pre-war pictures?", [("year", "lt", 1940)]),            # eras by name
    ("a post-war drama", [("year", "gte", 1945)]),
    ("the films made before the war", [("year", "lt", 1940)]),
    ("something from between the wars", [("year", "gte", 1919), ("year", "lte", 1938)]),
    ("a film about life after the war", []),                               # the plot's time, not the film's
])
def test_years_and_decades(text, expected):
    assert said(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("a thriller, but nothing older than 1980", [("year", "gte", 1980)]),
    ("not before 1970", [("year", "gte", 1970)]),
    ("no films after 2000", [("year", "lte", 2000)]),
    ("a drama, just not from the 50s", [("year", "nin", (1950, 1959, 10))]),
    ("a mystery from any decade but the 80s", [("year", "nin", (1980, 1989, 10))]),
    ("sci-fi, and nothing that scored under 7 out of 10", [("rating", "gte", 3.5)]),   # a relative clause, no "not
    ("not that expensive, under 80", [("price", "lt", 80)]),                            # that" of degree
    ("anything but the 90s ones", [("year", "nin", (1990, 1999, 10))]),
    ("nothing from the 80s or 90s", [("year", "nin", (1980, 1999, 20))]),
    ("nothing over 50", [("price", "lte", 50)]),
    ("no more than 50 bucks", [("price", "lte", 50)]),
    ("a comedy, maybe from the 80s, not before 1985", [("year", "gte", 1980), ("year", "lte", 1989),
                                                      ("year", "gte", 1985)]),
    ("i don't want anything made after 1960", [("year", "lte", 1960)]),    # filler words between
    ("she refuses to watch anything from before 1980", [("year", "gte", 1980)]),   # a verb that refuses
    ("he hates anything made after 1995", [("year", "lte", 1995)]),
    ("a film from before 1980", [("year", "lt", 1980)]),
    ("as long as it's not ancient \u2014 1990 or later", [("year", "gte", 1990)]),   # a dash ends the clause
    ("it is not old - 1990 or later please", [("year", "gte", 1990)]),
    ("westerns pls, nothin after 1970", [("year", "lte", 1970)]),          # the g dropped
    ("and leave out anything with a rating under 3", [("rating", "gte", 3)]),     # a phrase that refuses
    ("a thriller, keep the 90s out of it", [("year", "nin", (1990, 1999, 10))]),  # set between "keep" and "out"
    ("anything thats not horror with 4+ stars", [("rating", "gte", 4)]),        # the negation was the horror's
    ("not a comedy and from before 1980", [("year", "lt", 1980)]),
    ("no films with fewer than 4 stars", [("rating", "gte", 4)]),               # filler: the negation's
    ("seen every nineties one going, so keep the 90s out of it", [("year", "nin", (1990, 1999, 10))]),
    ("it should not cross 45 dollars", [("price", "lte", 45)]),
    ("comedies released after '95, nothing older", [("year", "gt", 1995)]),
    ("a sweater not too expensive under 80", [("price", "lt", 80)]),        # the negation is the "too"'s
    ("I would prefer not to spend more than eighty pounds", [("price", "lte", 80)]),    # "not to": a verb's
    ("not to exceed 80 dollars", [("price", "lte", 80)]),
])
def test_negated_bounds_flip(text, expected):
    assert said(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("under forty dollars", [("price", "lt", 40)]),
    ("twenty-five bucks at most", [("price", "lte", 25)]),
    ("jeans up to and including 50", [("price", "lte", 50)]),        # no time word: a price
    ("$20-$40", [("price", "gte", 20), ("price", "lte", 40)]),
    ("between 20 and 40 dollars", [("price", "gte", 20), ("price", "lte", 40)]),
    ("rated above 4", [("rating", "gt", 4)]),
    ("with a rating of at least 4", [("rating", "gte", 4)]),
    ("top 3 please", []),
    ("a 3-4 hour film", []),
    ("a funny movie", []),
    ("t-shirts for under a tenner", [("price", "lt", 10)]),
    ("sneakers in the forty-to-eighty-dollar bracket", [("price", "gte", 40), ("price", "lte", 80)]),
    ("twenty quid or less", [("price", "lte", 20)]),
])
def test_prices_and_named_fields(text, expected):
    assert said(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("a drama that people rated at least 4 out of 5", [("rating_mean", "gte", 4)]),
    ("dramas rated 4 or more", [("rating_mean", "gte", 4)]),
    ("films with at least 4 stars", [("rating_mean", "gte", 4)]),
    ("a comedy with over 300 ratings", [("ratings_count", "gt", 300)]),
    ("a rating above 4 and more than 100 ratings", [("rating_mean", "gt", 4), ("ratings_count", "gt", 100)]),
    ("Drama with ratings_count between 47 and 71", [("ratings_count", "gte", 47), ("ratings_count", "lte", 71)]),
    ("with rating_mean between 2 and 4", [("rating_mean", "gte", 2), ("rating_mean", "lte", 4)]),   # as written
    ("comedies that people rated 4 out of 5 or better", [("rating_mean", "gte", 4)]),     # a score "out of"
    ("horror with three and a half stars out of five or more", [("rating_mean", "gte", 3.5)]),    # its unit between
    ("sciencefiction w ratngs of 4 plus", [("rating_mean", "gte", 4)]),       # "ratings of": what they are
    ("ratings of 100 or more", [("ratings_count", "gte", 100)]),              # ... a count where no score holds it
    ("at least 4 ratings", [("ratings_count", "gte", 4)]),
    ("more than 100 viewer", [("ratings_count", "gt", 100)]),                # a learner's singular
    ("he says if it's rated under 3.5 out of 5 he won't bother", [("rating_mean", "gte", 3.5)]),
    ("Sure, some one-star turkey, great idea. No: a comedy rated above 3.5 stars", [("rating_mean", "gt", 3.5)]),
    ("and rating must be 7 or higher out of 10", [("rating_mean", "gte", 3.5)]),     # the scale after the bound
    ("and seen by at least 100 people", [("ratings_count", "gte", 100)]),        # people counted: the count
    ("a comedy that at least 200 folk have bothered to rate", [("ratings_count", "gte", 200)]),
    ("something rated by 50 people tops", [("ratings_count", "lte", 50)]),          # no "by 1950"
    ("films by 1990", [("year", "lte", 1990)]),
    ("she says anything after 1970 isn't a real musical", [("year", "lte", 1970)]),   # no real one: refused
    ("sci-fi, one that 300 or more viewers have rated?", [("ratings_count", "gte", 300)]),   # the bound, then who
    ("horror made shy of 1980", [("year", "lt", 1980)]),
    ("a drama just short of 4 stars", [("rating_mean", "lt", 4)]),
])
def test_fields_named_by_their_head_word(text, expected):
    """rating_mean is "a rating" / "rated"; ratings_count "ratings", said in the plural, with counts."""
    fields = NumericFields({"year": (1920.0, 1998.0), "rating_mean": (1.0, 5.0), "ratings_count": (1.0, 583.0)},
                           "year")
    assert [(c.field, c.op, c.value) for c in numeric_hints(text, fields)] == expected


def test_number_words():
    assert words_to_numbers("forty two and ninety nine, two hundred") == "42 and 99, 200"


def test_fields_come_from_the_manifest():
    fields = NumericFields.from_manifest({"release_year": {"type": "number", "min": 1950, "max": 2020},
                                          "cost": {"type": "number", "min": 1, "max": 90},
                                          "genres": {"type": "list"}})
    assert (fields.year, fields.price) == ("release_year", "cost")
    assert [(c.field, c.op, c.value) for c in numeric_hints("70s, under $30", fields)] == [
        ("release_year", "gte", 1970), ("release_year", "lte", 1979), ("cost", "lt", 30)]
    assert numeric_hints("a 90s film", NumericFields.from_manifest({})) == []


@pytest.mark.parametrize("text, expected", [
    ("the last few years of the 80s", [("year", "gte", 1986), ("year", "lte", 1989)]),
    ("the beginning of the nineties", [("year", "gte", 1990), ("year", "lte", 1993)]),
    ("the 90s instead of the 80s", [("year", "gte", 1990), ("year", "lte", 1999), ("year", "nin", (1980, 1989, 10))]),
    ("thrillers, and I don't want anything newer than 1980", [("year", "lte", 1980)]),
    ("sci fi from the ninties", [("year", "gte", 1990), ("year", "lte", 1999)]),
    ("a drama made between 1960 and 1975.", [("year", "gte", 1960), ("year", "lte", 1975)]),
    ("boots under a hundred", [("price", "lt", 100)]),
    ("a bag between eighty and a hundred and fifty", [("price", "gte", 80), ("price", "lte", 150)]),
    ("a dress in the 40-70 range", [("price", "gte", 40), ("price", "lte", 70)]),
])
def test_everyday_wording(text, expected):
    assert said(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("comedies from '97", [("year", "eq", 1997)]),
    ("from 20 to 40", [("price", "gte", 20), ("price", "lte", 40)]),   # a catalog with prices: prices
    ("'70s horror", [("year", "gte", 1970), ("year", "lte", 1979)]),
])
def test_two_digit_years(text, expected):
    assert said(text) == expected


def test_a_range_of_two_digit_numbers_is_years_where_nothing_else_can_hold_it():
    films = NumericFields({"year": (1920.0, 1998.0)}, "year", None)
    assert [(c.field, c.op, c.value) for c in numeric_hints("anything from sixty-five to seventy-two", films)] == [
        ("year", "gte", 1965), ("year", "lte", 1972)]
    assert numeric_hints("from 5 to 8", films) == []


def test_two_digit_years_need_a_year_field_that_holds_them():
    shop = NumericFields({"price": (1.0, 500.0)}, None, "price")
    assert [(c.field, c.op, c.value) for c in numeric_hints("from 65 to 72", shop)] == [
        ("price", "gte", 65), ("price", "lte", 72)]


def test_a_misspelt_comparator_and_a_time_word_that_bounds_no_price():
    assert said("trousres undr 50") == [("price", "lt", 50)]
    assert said("my old pair fell apart after two marathons") == []      # "after" bounds a year, not a price
    assert said("from season 3 onwards") == [] and said("$40 or less") == [("price", "lte", 40)]
    assert said("made after 1985") == [("year", "gt", 1985)]


FILMS = NumericFields({"year": (1922.0, 1998.0), "rating_mean": (1.0, 5.0), "ratings_count": (1.0, 583.0)}, "year",
                      None)


def films_said(text):
    return [(c.field, c.op, c.value) for c in numeric_hints(text, FILMS)]


@pytest.mark.parametrize(("text", "expected"), [
    ("comedies rated 4 stars or more only", [("rating_mean", "gte", 4)]),       # a field's name before the trail
    ("a crime drama, gotta be rated 3.8 or up, none of that junk", [("rating_mean", "gte", 3.8)]),
    ("westrens ratd 3.5 n up", [("rating_mean", "gte", 3.5)]),                # texting's "n"
    ("something highly rated, 4 stars and up", [("rating_mean", "gte", 4)]),
    ("films with 300 ratings or more", [("ratings_count", "gte", 300)]),
    ("films seen by more than 300 landlubbers", [("ratings_count", "gt", 300)]),    # a count, whoever counts
    ("thrillers with at least a 3.5 rating", [("rating_mean", "gte", 3.5)]),     # an article after the comparator
    ("westerns with a ratting of atleast 3.5", [("rating_mean", "gte", 3.5)]),   # typos of a field and "at least"
    ("an average score under 2 out of 5", [("rating_mean", "lt", 2)]),          # "average": the mean; a 5 scale
    ("a comedy under 2 out of 5", [("rating_mean", "lt", 2)]),
    ("crime movies, and don't show me anything with an average rating below 3.5", [("rating_mean", "gte", 3.5)]),
    ("nothing rated under 3", [("rating_mean", "gte", 3)]),      # "not under 3" is 3 and up
    ("sci-fi, nothing made b4 1990", [("year", "gte", 1990)]),
    ("1990 films or later", []),                                  # only a field's name may stand between
    ("noir that people rate reasonably well - 3.5 and up", [("rating_mean", "gte", 3.5)]),   # named earlier on
    ("comedies rated somewhere in the 3.5 to 4 band", [("rating_mean", "gte", 3.5), ("rating_mean", "lte", 4)]),
    ("a comedy, 3.5 to 4", []),                                   # a bare "X to Y" bounds nothing
    ("at least a hundred votes behind it", [("ratings_count", "gte", 100)]),      # votes count the ratings
    ("if a film averages below 3.5 he'll switch it off", [("rating_mean", "gte", 3.5)]),   # a condition turned down
    ("if it averages below 3.5 that's fine", [("rating_mean", "lt", 3.5)]),
])
def test_ratings_said_every_way(text, expected):
    assert films_said(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("comedies rated three and a half stars or more", [("rating_mean", "gte", 3.5)]),
    ("dramas rated three point five or above", [("rating_mean", "gte", 3.5)]),
    ("a thriller from nineteen ninety five", [("year", "eq", 1995)]),
    ("westerns more old than 1960", [("year", "lt", 1960)]),        # a comparative said the long way
    ("nothing more new than 1990", [("year", "lte", 1990)]),
])
def test_numbers_and_comparatives_said_in_words(text, expected):
    assert films_said(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("thrillers, 94 through 96", [("year", "gte", 1994), ("year", "lte", 1996)]),      # two-digit years
    ("1994 through 1996", [("year", "gte", 1994), ("year", "lte", 1996)]),
    ("a film with 3 to 4 stars", [("rating_mean", "gte", 3), ("rating_mean", "lte", 4)]),
])
def test_ranges_said_with_through_or_bare_years(text, expected):
    assert films_said(text) == expected


def test_a_price_compared_by_expense():
    assert said("a coat less expensive than 80") == [("price", "lt", 80)]
    assert said("not more expensive than 120 please") == [("price", "lte", 120)]


@pytest.mark.parametrize(("text", "expected"), [
    # a bound no field named beside it can hold goes to the field that can: the year, or a field of the same head
    ("dramas from between 1990 and 1994, with a rating between 3 and 4 stars",
     [("year", "gte", 1990), ("year", "lte", 1994), ("rating_mean", "gte", 3), ("rating_mean", "lte", 4)]),
    ("rated by somewhere between one hundred and three hundred people",
     [("ratings_count", "gte", 100), ("ratings_count", "lte", 300)]),
    ("two hundred ratings at the very least", [("ratings_count", "gte", 200)]),
    ("a kids comedy rated 3.5+", [("rating_mean", "gte", 3.5)]),
    ("a thriller that came out either in 1997 or in 1998", [("year", "in", [1997, 1998])]),
    ("anything from 1994, 1995 or 1996", [("year", "in", [1994, 1995, 1996])]),
    ("nothing from 1994 or 1995", [("year", "nin", [1994, 1995])]),
    ("a film from 1994 and one from 1995", [("year", "eq", 1994), ("year", "eq", 1995)]),   # "and": no choice
])
def test_fields_by_what_they_hold_and_years_as_alternatives(text, expected):
    assert films_said(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("sneakers, price from 60 up to 100", [("price", "gte", 60), ("price", "lte", 100)]),
    ("a silk scarf, and the limit is thirty-five pounds", [("price", "lte", 35)]),
    ("my budget is 80", [("price", "lte", 80)]),
    ("a max of 50 quid", [("price", "lte", 50)]),
    ("sandals under fourty", [("price", "lt", 40)]),                        # a misspelt number word
    ("things I don't want: leather, black, or anything over 150", [("price", "lte", 150)]),   # a list it opens
    ("I want a coat, anything over 150 is fine", [("price", "gt", 150)]),
    ("I have only 50 dollar for this", [("price", "lte", 50)]),            # money the user has
    ("we only got 80 bucks", [("price", "lte", 80)]),
    ("I have 3 kids", []), ("I had $100 last time", []),
    ("a bag, but not between 100 and 200, and I'm not going over 200 either", [("price", "lte", 200),
                                                                              ("price", "lt", 100)]),
    ("not between 50 and 80 and at least 60", [("price", "gte", 60), ("price", "gt", 80)]),
    ("a bag, but not between 100 and 200", []), ("not between 100 and 200, at least 50", [("price", "gte", 50)]),
])
def test_budgets_and_spans_said_plainly(text, expected):
    assert said(text) == expected


def test_a_budget_moved_to_a_figure():
    for text in ("let's stretch the budget to 250", "raise my budget to 250", "the budget can go to 250",
                 "my budget for a skirt is 250", "My budget for a skirt is half of what I spent, which was $500."):
        assert said(text) == [("price", "lte", 250)]


def test_misspelt_number_words_decades_first():
    assert words_to_numbers("horror from the eightys or eightes, under fourty, ninty nine") == (
        "horror from the eighties or eighties, under 40, 99")
    assert words_to_numbers("flim nior from the fortys, the fiftys or fourtys") == (
        "flim nior from the forties, the fifties or forties")       # a tens word made plural is its decade
    assert words_to_numbers("comedies from the ayties, nyntees at a push") == (
        "comedies from the eighties, nineties at a push")           # decades spelt by ear
    assert words_to_numbers("in the hundred-to-two-hundred range") == "in the 100-to-200 range"
    assert words_to_numbers("a couple hundred ratings, a couple of thousand") == "200 ratings, 2000"
    assert said("a bag in the hundred-to-two-hundred range") == [("price", "gte", 100), ("price", "lte", 200)]


@pytest.mark.parametrize(("text", "expected"), [
    ("action flicks from the mid-nineties, say '94 to '96",
     [("year", "gte", 1993), ("year", "lte", 1996), ("year", "gte", 1994), ("year", "lte", 1996)]),
    ("a '97 thriller", [("year", "eq", 1997)]),                          # a bare year with an apostrophe
    ("thrillers, '94 or '95", [("year", "in", [1994, 1995])]),
    ("nothing from '94 to '96", [("year", "nin", [1994, 1995, 1996])]),
    ("dramas averaging 4.3 or more", [("rating_mean", "gte", 4.3)]),
    ("no horror, and dave vetoes anything made before 1980", [("year", "gte", 1980)]),
])
def test_years_with_an_apostrophe_averages_and_vetoes(text, expected):
    assert films_said(text) == expected


def test_a_budget_that_tops_out():
    assert said("my budget tops out at 150") == [("price", "lte", 150)]
    assert said("no higher than 90") == [("price", "lte", 90)]


def test_bounds_said_in_other_words():
    # "spendy" is a word of its own (pricey), no misspelt "spend"
    assert said("boots, nothing too spendy: 150 max") == [("price", "lte", 150)]
    # "until" a number past a clock's hours is a price, where the field is one
    assert said("a coat, not too expensive, till 150") == [("price", "lte", 150)]
    assert said("I'm at work until 6, a coat under 100") == [("price", "lt", 100)]
    assert said("open until 10 pm") == []
    # a trailing bound after a comma, and a bare "up"
    assert said("four stars out of five, minimum") == [("rating", "gte", 4)]
    assert said("rated 4 up") == [("rating", "gte", 4)]
    assert said("boots, 40 up") == [("price", "gte", 40)]
    assert said("size 4 up?") == []


def test_a_total_budget_is_shared_by_the_items_it_counts():
    assert said("a scarf, 25 quid all in") == [("price", "lte", 25)]
    assert said("the same hoodie for my three lads, got 90 quid all in for the lot") == [("price", "lte", 30)]
    assert said("2 pairs of jeans, 100 quid between them") == [("price", "lte", 50)]
    assert said("a hoodie for my son, he is 3, 40 quid total") == [("price", "lte", 40)]      # an age
    assert said("size 8 boots, 40 quid in total") == [("price", "lte", 40)]                   # a size
    assert said("three hoodies under 30") == [("price", "lt", 30)]                # each: no total said


@pytest.mark.parametrize(("text", "expected"), [
    ("horror that somewhere from 50 to 150 users have rated",
     [("ratings_count", "gte", 50), ("ratings_count", "lte", 150)]),
    ("dramas that at least three hundred people have rated", [("ratings_count", "gte", 300)]),
    ("a drama rated by 100 people or more", [("ratings_count", "gte", 100)]),       # who the count counts trails
    ("comedies scoring 4.2 or higher out of 5", [("rating_mean", "gte", 4.2)]),
    ("westerns from 1990 onward", [("year", "gte", 1990)]),
    ("a drama between 1990 and 1994, then a rating between 3 and 4",
     [("year", "gte", 1990), ("year", "lte", 1994), ("rating_mean", "gte", 3), ("rating_mean", "lte", 4)]),
    # "the ratings" are what viewers gave, no count of them
    ("a comedy between 3 and 4 in the ratings", [("rating_mean", "gte", 3), ("rating_mean", "lte", 4)]),
    ("a comedy with between 30 and 40 ratings", [("ratings_count", "gte", 30), ("ratings_count", "lte", 40)]),
])
def test_a_field_named_after_its_number(text, expected):
    assert films_said(text) == expected


def test_a_range_that_meets_the_named_field_stays_on_it():
    """"rating_mean between 3 and 6" is the mean (3 to 5), not the count: only a bound the named field cannot
    meet at all goes to another."""
    assert films_said("Drama with rating_mean between 3 and 6") == [
        ("rating_mean", "gte", 3), ("rating_mean", "lte", 6)]


def test_a_bare_hundred_is_a_number():
    assert said("boots in a 38, hundred dollars max") == [("price", "lte", 100)]
    assert said("two hundred dollars max") == [("price", "lte", 200)]


@pytest.mark.parametrize(("text", "expected"), [
    ("thriller recs? skip anything whose average is below 3.5", [("rating_mean", "gte", 3.5)]),   # "skip", "whose"
    ("my sick kid wants something from before 1990", [("year", "lt", 1990)]),      # an adjective, no refusal
    ("drop it to under 3 stars", [("rating_mean", "lt", 3)]),                      # an edit sets the bound
    ("hidden-gem drama please: fewer than a dozen people have rated it", [("ratings_count", "lt", 12)]),
    ("half a dozen ratings or more", [("ratings_count", "gte", 6)]),
])
def test_refusals_relative_clauses_and_dozens(text, expected):
    assert films_said(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("I want a comedy that's older than me. I was born in '75.", [("year", "lt", 1975)]),
    ("comedies made before I was born in 1975", [("year", "lt", 1975)]),
    ("I was born in 1980; a drama since I was born", [("year", "gte", 1980)]),
    ("I was born in 1990, give me a western", []),                     # the birth year alone asks for nothing
    # the year of what someone did, said with the bound
    ("comedies from between when my mum was born in 1962 and 1990", [("year", "gte", 1962), ("year", "lte", 1990)]),
    ("nothing from before my mum was born in 1962", [("year", "gte", 1962)]),
    ("made between the year I was born, 1962, and 1990", [("year", "gte", 1962), ("year", "lte", 1990)]),
    ("a film since we got married in '85", [("year", "gte", 1985)]),
    ("my mum was born in 1962. a comedy", []),
])
def test_the_users_birth_year_bounds_only_what_is_said_relative_to_them(text, expected):
    assert films_said(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("good reviews, at least 4 over 5 if you can", [("rating_mean", "gte", 4)]),   # a learner's "over": a score,
    ("a drama with good reviews, at least 4 out of 5", [("rating_mean", "gte", 4)]),   # whatever else is named
])
def test_a_score_out_of_its_scale(text, expected):
    assert films_said(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("What about 1997 instead?", [("year", "eq", 1997)]),
    ("1996?", [("year", "eq", 1996)]),
    ("try 1994", [("year", "eq", 1994)]),
    ("1997 instead", [("year", "eq", 1997)]),
    ("a 1984-style dystopia, please", []),          # a year inside a phrase is no follow-up's year
    ("only film released in year 1994, romance type", [("year", "eq", 1994)]),
    ("one from the year 1980", [("year", "eq", 1980)]),
])
def test_a_year_said_on_its_own_as_a_follow_up(text, expected):
    assert said(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("she bet me i couldn't sit through one", []),        # a film, no number
    ("more than one, please", []),
    ("rated over one", [("rating_mean", "gt", 1)]),
    ("at least one star", [("rating_mean", "gte", 1)]),
])
def test_one_standing_for_a_thing_is_no_number(text, expected):
    assert films_said(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("sci-fi averaging around 4 stars, give or take a quarter of a star",
     [("rating_mean", "gte", 3.75), ("rating_mean", "lte", 4.25)]),
    ("a film from 1985 give or take 3 years", [("year", "gte", 1982), ("year", "lte", 1988)]),
    ("rated 3.5 +/- 0.5", [("rating_mean", "gte", 3), ("rating_mean", "lte", 4)]),
    ("romance, and skip anything that fewer than 50 people have bothered to rate", [("ratings_count", "gte", 50)]),
])
def test_a_value_with_slack_either_side_and_people_who_rated(text, expected):
    assert films_said(text) == expected


def test_a_price_with_slack_either_side():
    assert said("handbag for roughly 100, plus or minus 25") == [("price", "gte", 75), ("price", "lte", 125)]
    assert said("about 50 quid, give or take a fiver") == [("price", "gte", 45), ("price", "lte", 55)]


@pytest.mark.parametrize("text, expected", [
    ("thrillers, but spare me anything rated below 3", [("rating", "gte", 3)]),
    ("can u also lose anything made before 1990", [("year", "gte", 1990)]),          # an edit word refusing
    ("drop it to under 3 stars", [("rating", "lt", 3)]),                             # an edit word setting
    ("he says anything made after 1970 is rubbish", [("year", "lte", 1970)]),         # judged after the bound
    ("boots under 50 dollars", [("price", "lt", 50)]),                               # "under" is strictly below
])
def test_refusing_phrases_and_judgements_bound_numbers(text, expected):
    assert said(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("highly rated horror only", [("rating", "gte", 3.5)]),       # 70% of the scale's top
    ("an acclaimed war drama", [("rating", "gte", 3.5)]),
    ("well-reviewed, 4 stars and up", [("rating", "gte", 4)]),  # a number said wins
    ("nothing too acclaimed", []), ("not highly rated ones", []),
    ("something higher rated than that one", []),             # a comparison with an item: `alike` reads it
])
def test_praise_with_no_number_asks_for_a_well_rated_item(text, expected):
    fields = NumericFields({"year": (1920.0, 1998.0), "price": (1.0, 500.0), "rating": (1.0, 5.0)}, "year", "price",
                           "rating")
    assert [(c.field, c.op, c.value) for c in numeric_hints(text, fields)] == expected


def test_the_score_field_is_found_by_its_name_not_its_count():
    fields = NumericFields.from_manifest({"rating_mean": {"type": "number", "min": 1, "max": 5},
                                          "ratings_count": {"type": "number", "min": 1, "max": 583}})
    assert fields.rating == "rating_mean"


@pytest.mark.parametrize("text, expected", [
    ("from the sixties, no wait, I mean the eighties", [("year", "gte", 1980), ("year", "lte", 1989)]),   # corrected
    ("the first half of the nineties, so 1990 through to '94",
     [("year", "gte", 1990), ("year", "lte", 1993), ("year", "gte", 1990), ("year", "lte", 1994)]),
    ("tees between 10 n 20 euro", [("price", "gte", 10), ("price", "lte", 20)]),
    ("anywhere from two to three hundred bucks", [("price", "gte", 200), ("price", "lte", 300)]),
    ("boots between one and two hundred dollars", [("price", "gte", 100), ("price", "lte", 200)]),   # both hundreds
    ("a sweater under a hundered pounds", [("price", "lt", 100)]),
    ("I'm so sick of 90s films", [("year", "nin", (1990, 1999, 10))]),
])
def test_corrections_ranges_and_misspelt_numbers(text, expected):
    assert said(text) == expected


def test_a_bare_number_is_the_score_where_the_store_has_no_price():
    fields = NumericFields({"year": (1920.0, 1998.0), "rating_mean": (1.0, 5.0), "ratings_count": (1.0, 583.0)},
                           "year")
    assert [(c.field, c.op, c.value) for c in numeric_hints("something people liked, 3.5 or higher", fields)] == [
        ("rating_mean", "gte", 3.5)]


@pytest.mark.parametrize("text, expected", [
    ("a coat in the one-twenty to one-eighty bracket", [("price", "gte", 120), ("price", "lte", 180)]),
    ("my ceiling is like 60 dollars", [("price", "lte", 60)]),
    ("must not exceed 80 bucks", [("price", "lte", 80)]),
    ("two-fifty tops", [("price", "lte", 250)]),
    ("nothing below a hundred euros, but two hundred is my ceiling", [("price", "gte", 100), ("price", "lte", 200)]),
    ("50 quid would be our absolute max", [("price", "lte", 50)]),
    ("a rating of 3 is the minimum", [("rating", "gte", 3)]),
    ("sandals, budget forty", [("price", "lte", 40)]),                   # a budget said with no verb
    ("budjet: 40 quid", [("price", "lte", 40)]),
    ("I have a £40 budget", [("price", "lte", 40)]),
    ("budget films from 1990", [("year", "eq", 1990)]),                  # cheap, not a bound
    ("anywhere from R100 up to R200", [("price", "gte", 100), ("price", "lte", 200)]),   # the rand
    ("Rs 250 max", [("price", "lte", 250)]),
    ("under ₹300", [("price", "lt", 300)]),
    ("nothing over 90 rupees", [("price", "lte", 90)]),
    ("A$60 at most", [("price", "lte", 60)]),
    ("max: 80", [("price", "lte", 80)]),
    ("his waist is 30 and budget is maximum 70 only", [("price", "lte", 70)]),   # a budget trails its own amount
    ("from around 1975, give or take two years", [("year", "gte", 1973), ("year", "lte", 1977)]),   # "years" no "rs"
])
def test_prices_said_the_short_way_and_ceilings(text, expected):
    assert said(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("I'm after a 1930s comedy", [("year", "gte", 1930), ("year", "lte", 1939)]),     # "after" as wanting
    ("what we're really after is something after 1985", [("year", "gt", 1985)]),
    ("none of us can stand anything rated under 3.5", [("rating", "gte", 3.5)]),
    ("nobody here likes anything older than 1980", [("year", "gte", 1980)]),
    ("a ratng of three point fivee or more", [("rating", "gte", 3.5)]),          # typos in number words
    ("four stars and over", [("rating", "gte", 4)]),
    ("better than three and a half stars", [("rating", "gt", 3.5)]),
    ("rated four and a quarter or above", [("rating", "gte", 4.25)]),
    ("before the war started in 1939, so 1938 at the very latest", [("year", "lte", 1938)]),   # the later stands
    ("1985 at the earliest", [("year", "gte", 1985)]),
    ("under £100, no wait £150", [("price", "lt", 150)]),        # a number corrected by the next
    ("at least 3 — no, make that 4 — stars", [("rating", "gte", 4)]),
    ("rated for stars or more", [("rating", "gte", 4)]),               # dictation's homophones
    ("at leest fore stars out of five", [("rating", "gte", 4)]),
    ("between to hundred and four hundred pounds", [("price", "gte", 200), ("price", "lte", 400)]),
    ("made for stars", []),
    ("thriler rated abov for stars", [("rating", "gt", 4)]),          # a misspelt comparator before a homophone
    ("horrer films ratd ovr 3.5 stars", [("rating", "gt", 3.5)]),    # a letter dropped from a short one
    ("war films from 1980 upward", [("year", "gte", 1980)]),
    ("the price shouldn't pass $40", [("price", "lte", 40)]),
    ("anything over 100 is way too dear", [("price", "lte", 100)]),          # what is wrong with it, after it
    ("she says anything before 1950 the sound is too crackly", [("year", "gte", 1950)]),
    ("a drama, anything over 3 hours is too long", []),                      # no field measures time
    ("she says anything below fifty looks cheap", [("price", "gte", 50)]),    # judged bad
])
def test_being_after_a_thing_nobody_standing_it_and_misspelt_number_words(text, expected):
    assert said(text) == expected


def test_a_range_with_its_ends_in_either_order_and_nor_past_an_aside():
    assert films_said("any thrillers from between '85 and '75?") == [("year", "gte", 1975), ("year", "lte", 1985)]
    assert films_said("comedies rated somewhere between four and three and a half") == [
        ("rating_mean", "gte", 3.5), ("rating_mean", "lte", 4)]
    assert films_said("films from 1990 to 1980") == [("year", "gte", 1980), ("year", "lte", 1990)]
    assert films_said("I do not care for musicals, nor, I confess, for anything made after 1970") == [
        ("year", "lte", 1970)]
    assert films_said("a comedy with at least one hundred fifty people who have voted") == [
        ("ratings_count", "gte", 150)]


@pytest.mark.parametrize("text, expected", [
    ("sandals, double digits only pls, nothing in triple figures",
     [("price", "gte", 10), ("price", "lt", 100), ("price", "lt", 100)]),
    ("nothing in three figures", [("price", "lt", 100)]),
    ("under four figures", [("price", "lt", 1000)]),
    ("keep it to single digits", [("price", "lt", 10)]),
    ("a two-digit price", [("price", "gte", 10), ("price", "lt", 100)]),
    ("over three figures", [("price", "gte", 1000)]),
    ("nothing under 3 figures", [("price", "gte", 100)]),
    ("her budget ends where three figures start", [("price", "lt", 100)]),
    ("just short of four figures", [("price", "lt", 1000)]),
    ("a decent coat for under a ton? can't be spending more than that", [("price", "lt", 100)]),   # money slang
    ("no more than a ton, tops", [("price", "lte", 100)]),
    ("budget's under a ton and a half, so less than 150", [("price", "lt", 150), ("price", "lt", 150)]),
    ("wanna see a thriller made befor1970", [("year", "lt", 1970)]),       # a word and a number run together
    ("boots under50", [("price", "lt", 50)]),
    ("we had a grand time, under 50 please", [("price", "lt", 50)]),
    ("so no red no yellow no pink budget is 250 max", [("price", "lte", 250)]),   # no comma: the "no" is pink's
    ("it can go into three figures", []),          # allows more, asks for nothing
])
def test_an_amount_by_its_number_of_digits(text, expected):
    assert said(text) == expected


def test_digits_bound_nothing_where_there_is_no_price():
    films = NumericFields({"year": (1920.0, 1998.0)}, "year", None)
    assert numeric_hints("a banker on a six-figure salary", films) == []


def test_sums_in_slang():
    assert words_to_numbers("under two grand") == "under 2000"
    assert words_to_numbers("max a grand") == "max 1000 pounds"
    assert words_to_numbers("a grand piano, a ton of coats") == "a grand piano, a ton of coats"   # no sum
    assert words_to_numbers("t-shirt for under a score") == "t-shirt for under 20 pounds"
    assert words_to_numbers("trainers, between a score and a ton") == "trainers, between 20 and 100 pounds"
    assert words_to_numbers("a score of 4 or more, sandals under fiddy") == "a score of 4 or more, sandals under 50"


@pytest.mark.parametrize(("text", "expected"), [
    ("noir from the late forties to the early sixties", [("year", "gte", 1946), ("year", "lte", 1963)]),
    ("between the late 40s and the early 60s", [("year", "gte", 1946), ("year", "lte", 1963)]),
    ("late 40s to early 60s", [("year", "gte", 1946), ("year", "lte", 1963)]),
    ("something from the mid 90s", [("year", "gte", 1993), ("year", "lte", 1996)]),
])
def test_a_range_between_parts_of_decades(text, expected):
    assert films_said(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("a comedy, 8 out of 10 or better", [("rating_mean", "gte", 4)]),        # put on the store's 5-point scale
    ("a drama rated 8/10 or higher", [("rating_mean", "gte", 4)]),
    ("thrillers that score at least 70 out of 100", [("rating_mean", "gte", 3.5)]),
    ("a comedy under 2 out of 5", [("rating_mean", "lt", 2)]),                  # already on its scale
    ("a thriller with a note of minimum 80 percent", [("rating_mean", "gte", 4)]),   # a share where scores are kept
    ("a drama rated 90% or more", [("rating_mean", "gte", 4.5)]),
    ("a drama rated somewhere between 6 and 8 out of 10", [("rating_mean", "gte", 3), ("rating_mean", "lte", 4)]),
    ("a thriller rated 6/10 to 8/10", [("rating_mean", "gte", 3), ("rating_mean", "lte", 4)]),   # both ends
])
def test_a_score_out_of_a_larger_scale_is_put_on_the_fields(text, expected):
    assert films_said(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("a 4 star drama", [("rating_mean", "gte", 4)]),               # a score with no comparator: that or better
    ("a drama rated 4 out of 5", [("rating_mean", "gte", 4)]),
    ("a comedy with a rating of 3.5", [("rating_mean", "gte", 3.5)]),
    ("a five-star western", [("rating_mean", "gte", 3.5)]),          # the scale's top is praise
    ("not a 2 star film, a comedy", []),                           # refused: unclear what is asked
    ("I gave Fargo 4 stars, more like it", []),                    # the user's own score of a title
    ("films with 300 ratings", []),
])
def test_a_bare_score_is_a_floor(text, expected):
    assert films_said(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("nineteen-eighty-something thrillers", [("year", "gte", 1980), ("year", "lte", 1989)]),
    ("1980-something thrillers", [("year", "gte", 1980), ("year", "lte", 1989)]),
    ("comedies of the years seventy", [("year", "gte", 1970), ("year", "lte", 1979)]),     # "les années soixante-dix"
    ("films from the years 80", [("year", "gte", 1980), ("year", "lte", 1989)]),           # "gli anni 80"
    ("a film from nineteen-eighty", [("year", "eq", 1980)]),
    ("horror with rating minimal 3", [("rating_mean", "gte", 3)]),                         # a learner's "minimal"
    ("a war film, minimal gore", []),
])
def test_decades_said_by_a_year_in_them_or_as_other_languages_do(text, expected):
    assert films_said(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Shorts, but no more than half what I paid last time, which was 60.", [("price", "lte", 30)]),
    ("a coat, max double what I spent on my last one ($80)", [("price", "lte", 160)]),
    ("under a third of the price of my old one, that was 90 quid", [("price", "lt", 30)]),
    ("half what I paid for my 2 shirts", []),          # no amount said: nothing to take half of
    ("A jacket, cheaper than the last one I bought, which was 120 dollars.", [("price", "lt", 120)]),
    ("Cheaper than my last coat, which was 120.", [("price", "lt", 120)]),
    ("rated better than the 3 my nephew's last pick got", [("rating", "gt", 3)]),
    ("a documentry rated abuv 3.5", [("rating", "gt", 3.5)]),              # a comparator spelt as said
    ("boots cheaper than what I paid last time (80)", [("price", "lt", 80)]),
    ("something cheaper than the last one, I think", []),
    ("A dress, somewhere forty-ish to sixty-ish dollars.", [("price", "gte", 40), ("price", "lte", 60)]),
])
def test_a_share_of_an_amount_said_after_it(text, expected):
    assert [(c.field, c.op, c.value) for c in numeric_hints(text, FIELDS)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("A romance from around 1960", [("year", "gte", 1957), ("year", "lte", 1963)]),
    ("a 1990-ish comedy, or circa 1985", [("year", "gte", 1987), ("year", "lte", 1993), ("year", "gte", 1982),
                                          ("year", "lte", 1988)]),
    ("nothing from round about 1970 or so", [("year", "nin", list(range(1967, 1974)))]),
    ("what about 1994?", [("year", "eq", 1994)]),               # a year asked, not roughly
    ("before around 1960", [("year", "lt", 1960)]),
    ("we have watched it roughly a thousand times", []),          # no year the catalog has
])
def test_a_year_said_roughly_is_a_few_years_either_side(text, expected):
    assert [(c.field, c.op, c.value) for c in numeric_hints(text, FIELDS)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("I want a movie with a rating more big than 4", [("rating", "gt", 4)]),         # a learner's comparative
    ("rating bigger than 3.5, score no bigger than 4.5", [("rating", "gt", 3.5), ("rating", "lte", 4.5)]),
    ("sneakers bigger than 40", []),                  # a size, no price
    ("a sci-fi thriller (nothing older than 1980 - the effects have to hold up)", [("year", "gte", 1980)]),
])
def test_comparatives_of_size_bound_a_score_and_an_aside_keeps_its_negation(text, expected):
    assert [(c.field, c.op, c.value) for c in numeric_hints(text, FIELDS)] == expected


def test_amounts_said_from_another_and_by_the_note():
    """"a tenner over 40" is 50, "20 quid under 100" 80; "forty odd pounds" up to 49; what someone paid, said
    before, bounds "less than him"; a "fiver" is no misspelt "five", nor "the footy's" the forties."""
    assert said("sandals, at least 30 dollars but no more than a tenner over 40") == [("price", "gte", 30),
                                                                                    ("price", "lte", 50)]
    assert words_to_numbers("twenty quid under a hundred") == "80 quid"
    assert said("I've forty odd pounds to spend on a skirt") == [("price", "lte", 49)]
    assert said("My mate paid sixty dollars for his jeans. I want to spend less than him.") == [("price", "lt", 60)]
    assert words_to_numbers("under a fiver") == "under 5 pounds"
    assert said("the footy's on tonight, a comedy please") == []


def test_unless_it_costs_more_refuses_the_bound():
    assert said("sandals for the beach unless they cost more than 60 dollars") == [("price", "lte", 60)]


def test_a_bare_range_only_one_field_can_hold_and_bounds_said_by_direction():
    """"a dress, 30 to 80" is a price where nothing but the price holds it (not "jeans 30 to 34", too narrow to
    be any range; not "3 to 4", which a count holds too); "north of 150" is over it, "I can stretch to 120" up
    to it; "older than 1990 - 1990 onwards" no range from 1990 to 1990."""
    assert said("a dress, 30 to 80") == [("price", "gte", 30), ("price", "lte", 80)]
    assert said("men's jacket, 100 to 250") == [("price", "gte", 100), ("price", "lte", 250)]
    assert numeric_hints("jeans 30 to 34", NumericFields({"price": (1.0, 500.0)}, None, "price")) == []
    films = NumericFields({"year": (1920.0, 1998.0), "rating_mean": (1.0, 5.0), "ratings_count": (1.0, 583.0)}, "year")
    assert numeric_hints("a comedy, 3 to 4", films) == []
    assert said("a coat for my brother, nothing north of 150") == [("price", "lte", 150)]
    assert said("something south of 40 dollars") == [("price", "lt", 40)]
    assert said("I can stretch to 120, no more") == [("price", "lte", 120)]
    assert said("she won't watch anything older than 1990 - 1990 onwards only") == [("year", "gte", 1990)] * 2


def test_scores_as_shares_decades_from_another_and_ranges_said_downwards():
    """"an 80 percent score or more" is 4 of 5 and up (the scale's end is no bound: "3 and a half outof 5 or more");
    "a decade before the 80s" is the 70s; "from 80 down to 40" 40 to 80; "no dearer than 45" up to 45; "burned
    through two pairs" bounds nothing; a form's "Viewers: at least 200" is the count."""
    films = NumericFields({"year": (1920.0, 1998.0), "rating_mean": (1.0, 5.0), "ratings_count": (1.0, 583.0)}, "year")

    def on_films(text):
        return [(c.field, c.op, c.value) for c in numeric_hints(text, films)]

    assert on_films("a comedy with an 80 percent score or more") == [("rating_mean", "gte", 4)]
    assert on_films("scifi that's rated 3 and a half outof 5 or more") == [("rating_mean", "gte", 3.5)]
    assert on_films("a war film rated atleast 4 outta 5") == [("rating_mean", "gte", 4)]
    assert on_films("crime films from a decade before the 80s") == [("year", "gte", 1970), ("year", "lte", 1979)]
    assert on_films("sci-fi from the decade after the seventies") == [("year", "gte", 1980), ("year", "lte", 1989)]
    assert on_films("a comedy from two decades before the nineties") == [("year", "gte", 1970), ("year", "lte", 1979)]
    assert on_films("dramas from 1995 back to 1990") == [("year", "gte", 1990), ("year", "lte", 1995)]
    assert on_films("Rating: 4.2+. Viewers: at least 200.") == [("rating_mean", "gte", 4.2),
                                                                ("ratings_count", "gte", 200)]
    assert on_films("last year I burned through two boxes of tissues, a weepie") == []
    assert said("jeans, from 80 down to 40 dollars") == [("price", "gte", 40), ("price", "lte", 80)]
    assert said("coats, from three hundred down to one fifty euro") == [("price", "gte", 150), ("price", "lte", 300)]
    assert said("a bag um between one fifty and three hundred dollars") == [("price", "gte", 150),
                                                                            ("price", "lte", 300)]
    assert said("from two fifty to three fifty") == [("price", "gte", 250), ("price", "lte", 350)]
    assert said("under one twenty five") == [("price", "lt", 125)]
    assert said("two twenty five dollars max") == [("price", "lte", 225)]
    assert said("between one and fifty dollars") == [("price", "gte", 1), ("price", "lte", 50)]
    assert words_to_numbers("one fifty") == "1 50"          # "one fifty" is 150 only said as a price
    assert said("skirts no dearer than 45 dollars") == [("price", "lte", 45)]
    assert said("last year I burned through two pairs of sandals") == []


def test_a_condition_refused_by_what_it_leads_to_is_asked_for():
    """"if it's not rated at least 3.5 he'll go to sleep" asks for 3.5 and up, as "if it averages below 3.5 he'll
    switch it off" does."""
    films = NumericFields({"year": (1920.0, 1998.0), "rating_mean": (1.0, 5.0)}, "year")
    for text in ["he says if it's not rated at least 3.5 out of 5 he'll go to sleep",
                 "if a film averages below 3.5 he'll switch it off", "nothing rated below 3.5"]:
        assert [(c.field, c.op, c.value) for c in numeric_hints(text, films)] == [("rating_mean", "gte", 3.5)]


def test_an_age_by_decade_is_no_era():
    assert said("a drama for my mum, she's in her sixties") == []
    assert said("a lady in her early seventies at the care home") == []
    assert said("a drama from the sixties") == [("year", "gte", 1960), ("year", "lte", 1969)]


@pytest.mark.parametrize("text, expected", [
    ("a coat <$150", [("price", "lt", 150)]),
    ("sneakers >= $90", [("price", "gte", 90)]),
    ("rated \u2265 4 stars", [("rating", "gte", 4)]),
    ("documentaries, 3.5/5 min", [("rating", "gte", 3.5)]),
    ("a film, 90 min", []),                                             # minutes, no minimum
    ("happy to spend 60 or more", [("price", "gte", 60)]),              # the words after the amount bound it
    ("spend up to 60", [("price", "lte", 60)]),
    ("I wouldn't say no to something viewers gave 80% or more", [("rating", "gte", 4)]),   # a refusal refused
    ("i wouldnt say no to anything rated 4 or more", [("rating", "gte", 4)]),
    ("um shorts between like twenty and forty bucks", [("price", "gte", 20), ("price", "lte", 40)]),   # fillers
    ("shorts under um fifty", [("price", "lt", 50)]),
])
def test_signs_a_trailing_minimum_and_a_refusal_refused(text, expected):
    assert said(text) == expected


def test_a_contracted_nothing_an_only_condition_and_a_fraction_no_count_takes():
    """"nothing's older than 1980" is 1980 on; "if it was made before 1960 ... he won't watch anything else" asks for
    before 1960 (an only, not a refusal); "decent reviews, say 3.5 at least" bounds the score: a count of reviews is
    a whole number (the manifest's whole-number range says so)."""
    films = NumericFields.from_manifest({"year": {"type": "number", "min": 1920, "max": 1998},
                                         "rating_mean": {"type": "number", "min": 1.0, "max": 5.0},
                                         "ratings_count": {"type": "number", "min": 1, "max": 583}})
    assert films.whole == {"year", "ratings_count"}

    def on_films(text):
        return [(c.field, c.op, c.value) for c in numeric_hints(text, films)]

    assert on_films("more like that, as long as nothing's older than 1980") == [("year", "gte", 1980)]
    assert on_films("he'll only watch it if it was made before 1960, he won't watch anything else") == [
        ("year", "lt", 1960)]
    assert on_films("if it's rated below 3 he won't watch it") == [("rating_mean", "gte", 3)]
    assert on_films("it's got to have decent reviews, say 3.5 at least") == [("rating_mean", "gte", 3.5)]
    assert on_films("at least 35 reviews") == [("ratings_count", "gte", 35)]


@pytest.mark.parametrize(("text", "expected"), [
    ("A hoodie until 40 dollars, not more.", [("price", "lte", 40)]),      # a learner's "until" before money
    ("a bag of canvas, until $100", [("price", "lte", 100)]),
    ("films until 1975", [("year", "lte", 1975)]),                          # before a year it is about time
    ("I'll watch until 40 minutes in", []),
    ("dress, price:[30..80], women", [("price", "gte", 30), ("price", "lte", 80)]),    # a coder's range
    ("year:[1985...1995]", [("year", "gte", 1985), ("year", "lte", 1995)]),
])
def test_until_an_amount_of_money_and_a_range_written_with_dots(text, expected):
    assert said(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("bag, budget given as 80", [("price", "lte", 80)]),
    ("correction from cust: budget set at 200", [("price", "lte", 200)]),
    ("between 1990 and 1995 - sorry, 1985 not 1990", [("year", "gte", 1985), ("year", "lte", 1995)]),
    ("for his seventieth, westerns", []),             # an ordinal is no decade
    ("the twentieth century", []),
])
def test_a_budget_given_as_a_number_put_right_and_an_ordinal(text, expected):
    assert said(text) == expected


def test_a_count_beyond_its_field_is_no_year_and_a_later_number_corrects_it():
    """"at least 1000 ratings" where films have at most 583 is a count (none has it), no year; "sorry, 100 not
    1000" puts it right."""
    counts = NumericFields({"year": (1922.0, 1998.0), "ratings_count": (1.0, 583.0), "rating_mean": (1.0, 5.0)},
                           "year", None, "rating_mean", frozenset(["ratings_count"]))
    hints = [(c.field, c.op, c.value) for c in numeric_hints("Westerns with at least 1000 ratings", counts)]
    assert hints == [("ratings_count", "gte", 1000)]
    fixed = numeric_hints("Westerns with at least 1000 ratings - sorry, 100 not 1000, extra zero", counts)
    assert [(c.field, c.op, c.value) for c in fixed] == [("ratings_count", "gte", 100)]


@pytest.mark.parametrize(("text", "expected"), [
    ("a thriller rated 3,5 or higher", [("rating", "gte", 3.5)]),                 # a decimal comma
    ("a jacket priced from 49,99 to 99,99", [("price", "gte", 49.99), ("price", "lte", 99.99)]),
    ("a comedy at most 2 hundred and fifty dollars", [("price", "lte", 250)]),    # digits before "hundred"
    ("released between 1960 and 1970, both bounds exclusive", [("year", "gt", 1960), ("year", "lt", 1970)]),
    ("released between 1960 and 1970 inclusive", [("year", "gte", 1960), ("year", "lte", 1970)]),
    ("exclusively westerns from 1960 to 1970", [("year", "gte", 1960), ("year", "lte", 1970)]),
])
def test_decimal_commas_digits_before_hundred_and_exclusive_bounds(text, expected):
    assert said(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("thrillers. anything made before 1980, no thanks", [("year", "gte", 1980)]),     # refused after the bound
    ("anything over 150 dollars is out", [("price", "lte", 150)]),
    ("I draw the line at anything above 60 dollars", [("price", "lte", 60)]),
    ("dresses under the 100 mark", [("price", "lt", 100)]),                          # a line to stay under
    ("only ones under-the-hundred-mark", [("price", "lt", 100)]),
    ("a t-shirt for between 10 and 20 toonies", [("price", "gte", 20), ("price", "lte", 40)]),   # two-dollar coins
    ("a scarf under two tenners", [("price", "lt", 20)]),
])
def test_bounds_refused_after_them_and_amounts_said_as_lines_or_coins(text, expected):
    assert said(text) == expected


def test_a_bound_quoted_from_someone_else_keeps_its_refusal():
    assert said('grandma told me: "nothing made after 1960"') == [("year", "lte", 1960)]
    assert said("dad chimed in: 'nothing after 1990'") == [("year", "lte", 1990)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Dear Madam, my brother served in 1965 and he cannot bear anything about soldiers", []),
    ("I was a telephone operator in Gumaca in 1962. I enjoy a good mystery", []),
    ("romance films released before 1960. My wedding was in 1958 and I like", [("year", "lt", 1960)]),
    ("a sci-fi picture made in 1990 or after. My late husband was an engineer from 1955 to 1989",
     [("year", "gte", 1990)]),
    ("Dear Sir, in 1975 I went to see it in Balclutha", []),                        # the year first
    ("a schoolmaster, and since 1959 I have been fond of stories about rockets", []),
    ("My late husband, who farmed outside Atikokan from 1961, watched nothing else", []),
    ("I am eighty-four years old and have lived in Kitson since 1962", []),
    ("I want a comedy made in 1985", [("year", "eq", 1985)]),                         # a wish, not a story
    ("we loved the films from 1994", [("year", "eq", 1994)]),
    ("a comedy older than me. I was born in '75", [("year", "lt", 1975)]),            # a birth still bounds
    ("before my mum was born in 1962", [("year", "lt", 1962)]),
])
def test_the_years_of_a_story_ask_for_nothing(text, expected):
    assert said(text) == expected


def test_a_spoken_correction_no_negation_and_a_softened_refusal_of_a_bound():
    assert said("comedies from the seventies no wait the eighties") == [("year", "gte", 1980), ("year", "lte", 1989)]
    assert said("I'm not terribly keen on anything made before 1980") == [("year", "gte", 1980)]


def test_a_story_year_is_no_price_where_no_year_is_kept():
    shop = NumericFields({"price": (1.0, 5000.0)}, None, "price")
    assert [(c.field, c.op, c.value) for c in numeric_hints(
        "a sweater for my husband, who was in the Navy from 1954 to 1976", shop)] == []


def test_the_year_of_an_old_item_that_disappointed_is_no_bound():
    from rec.agents.context import past_items
    from rec.agents.phrases import blanked

    text = "Something released between 1960 and 1975 - the last old film you found was from the 30s."
    assert said(blanked(text, past_items(text.lower(), lambda w: False))) == [("year", "gte", 1960),
                                                                             ("year", "lte", 1975)]


def test_a_bit_over_a_number_is_the_number():
    assert said("comedy, three and a bit stars minimum") == [("rating", "gte", 3)]


@pytest.mark.parametrize("text, expected", [
    # a learner's "of" for "than", before an amount only ("more of the 80s" asks for the same again)
    ("a hoodie that costs less of 50", [("price", "lt", 50)]),
    ("boots that cost more of 200 dollars", [("price", "gt", 200)]),
    ("Thriller, with no more of 3 stars", [("rating", "lte", 3)]),
    ("more of the 80s please", [("year", "gte", 1980), ("year", "lte", 1989)]),
    ("no less of 4 stars", [("rating", "gte", 4)]),
    # "sub-" a bound, a hyphenated "plus" a floor
    ("a sub-$80 grey sweater", [("price", "lt", 80)]),
    ("a 4-plus-star thriller", [("rating", "gte", 4)]),
    # money the user has, said before and named again ("i only have the 60"), or saved
    ("it's her birthday, but i only have the 60", [("price", "lte", 60)]), ("i saved up $45", [("price", "lte", 45)]),
    ("i have the 2 kids with me", []),
    # a bound against the number just said
    ("Last time he fell asleep in anything made before 1990 so keep it newer than that.", [("year", "gt", 1990)]),
    ("I paid 50 dollars last time and won't spend more than that", [("price", "lte", 50)]),
    ("something newer than that one", []),
])
def test_a_learners_of_for_than_sub_and_hyphenated_plus(text, expected):
    assert said(text) == expected


@pytest.mark.parametrize("text, expected", [
    # an official's and a careful writer's bounds
    ("a release date subsequent to 1990", [("year", "gt", 1990)]),
    ("a thriller with a minimum of 4 stars", [("rating", "gte", 4)]),
    ("a war drama at least as old as 1960", [("year", "lte", 1960)]),
    ("made no sooner than 1985", [("year", "gte", 1985)]),
    ("rated a floor of 3.5", [("rating", "gte", 3.5)]), ("boots in excess of 200 dollars", [("price", "gt", 200)]),
    ("thrillers from 1960 up to and including 1979", [("year", "gte", 1960), ("year", "lte", 1979)]),
    ("drama, between the years 1970 and 1979", [("year", "gte", 1970), ("year", "lte", 1979)]),
    ("drama, between year 1970 and 1979", [("year", "gte", 1970), ("year", "lte", 1979)]),
    ("from 1995 give or take, say 2 years", [("year", "gte", 1993), ("year", "lte", 1997)]),
    # a learner's "until" after a word of money, scores "from" or "of" ten, on a ten-point scale
    ("a coat, it may cost until 200", [("price", "lte", 200)]), ("a comedy until 1990", [("year", "lte", 1990)]),
    ("Drama, rated 8 from 10 or higher", [("rating", "gte", 4)]), ("at least 8 of 10 points", [("rating", "gte", 4)]),
    ("between 7 and 8 on a ten-point scale", [("rating", "gte", 3.5), ("rating", "lte", 4)]),
    ("2 of 10 films", []),
    # a bound's year said again to make it inclusive; a Creole "an" between the ends of a range
    ("only ones made in 1960 or later, inclusive of 1960 itself", [("year", "gte", 1960)]),
    ("a comedy between 1990 an 1995", [("year", "gte", 1990), ("year", "lte", 1995)]),
    ("a comedy from 1995, including 1995 itself", [("year", "eq", 1995)]),
    ("I exclude, categorically, anything released before 1980.", [("year", "gte", 1980)]),
    ("no want old one, only 1990 and after", [("year", "gte", 1990)]), ("1970 and before", [("year", "lte", 1970)]),
])
def test_bounds_in_an_officials_words_and_a_learners_scales(text, expected):
    assert said(text) == expected


def test_a_refusal_reaches_a_bound_past_a_relative_clause_of_being_made():
    assert said("only I do not accept films which were produced before the year 1960") == [("year", "gte", 1960)]
    assert said("I will accept films from before 1960") == [("year", "lt", 1960)]


def test_an_age_group_is_no_bound():
    assert said("My boy plays rugby for the under-14s, nothing over 60 dollars") == [("price", "lte", 60)]
    assert said("for the over-50s club, under 100") == [("price", "lt", 100)]
    assert said("a film from the under 80s") == [("year", "lt", 1980)]


@pytest.mark.parametrize("text, expected", [
    ("comedy rated between a 3 and a 4", [("rating", "gte", 3), ("rating", "lte", 4)]),
    ("drama with minimum 8 points from 10 please", [("rating", "gte", 4)]),
    ("drama, 8 points from 10 minimum", [("rating", "gte", 4)]),
    ("anything under 3 out of 5 is out", [("rating", "gte", 3)]),
    ("anything under 3 out of 5 please", [("rating", "lt", 3)]),
])
def test_scores_with_their_article_points_from_ten_and_a_scale_before_a_refusal(text, expected):
    assert said(text) == expected


def test_a_cap_put_on_the_price():
    assert said("keep that, just cap it at 250 dollars") == [("price", "lte", 250)]
    assert said("cap the price at 60") == [("price", "lte", 60)]


def test_a_bound_filtered_out_or_said_bare_before_its_outcome_is_refused():
    assert said("also filter out anything with year < 1980") == [("year", "gte", 1980)]
    assert said("a drama under 20 dollars. 20 dollars or more and it's too dear for me") == [
        ("price", "lt", 20), ("price", "lt", 20)]
    assert said("under 20 dollars and a drama") == [("price", "lt", 20)]


def test_the_war_placing_a_time():
    """"Right after the war" is the Second World War's end; a war said only to place a time is no war film."""
    from rec.agents.numbers import ERAS
    assert said("film noir from right after the war pls") == [("year", "gte", 1945)]
    for text in ("sci-fi from the Cold War days", "anything made after the Gulf War", "a Cold War-era drama",
                 "a thriller from the Cold War, please"):
        assert ERAS.search(text.lower()), text
    for text in ("no war films from the 90s", "a drama, nothing about war", "in a war movie mood",
                 "genre in western or war", "from the western or war genre"):
        assert not ERAS.search(text.lower()), text


def test_bounds_said_by_arithmetic():
    from rec.agents.arithmetic import sums_said
    assert said("sweaters between 50 and 50+30 dollars") == [("price", "gte", 50), ("price", "lte", 80)]
    assert said("a jacket costing anywhere from 100 up to twice that") == [("price", "gte", 100), ("price", "lte", 200)]
    assert said("my budget is 120. I'd spend no less than half of it") == [("price", "lte", 120), ("price", "gte", 60)]
    assert said("films from 1975 to ten years later") == [("year", "gte", 1975), ("year", "lte", 1985)]
    assert said("widen it: 1970 up to 1970 plus 19.") == [("year", "gte", 1970), ("year", "lte", 1989)]
    assert said("something from at least ten years after it came out in 1979") == [("year", "gte", 1989)]
    assert sums_said("skip anything fewer than half of 100 people have rated") == (
        "skip anything fewer than 50 people have rated")
    assert sums_said("at least 50 people but no more than twice that.") == (
        "at least 50 people but no more than 100 people.")
    assert sums_said("100 minus the 30 I spent") == "70 I spent"
    # no arithmetic: a range's dash, a bound's plus, a decade, a share of nothing said
    for text in ("1980-1990", "rated 3.5+ please", "half the 80s", "twice that one", "4 + stars",
                 "3 stars, we saw it twice this week"):
        assert sums_said(text) == text, text


def test_an_age_a_reason_and_a_graduating_class_said_beside_a_bound():
    assert said("I was born in 1970, so a drama from when I was 15 on") == [("year", "gte", 1985)]
    assert said("born in 1980. a comedy from before I was 10") == [("year", "lt", 1990)]
    assert said("a comedy from when I was 15") == []          # no year to count from
    # a bound said in a reason gives way to the request's bound of the field
    assert said("a movie from the 80s, since that's when I grew up, even though my parents played records from "
                "the 50s") == [("year", "gte", 1980), ("year", "lte", 1989)]
    assert said("nothing made before 1980 - my dad only ever put on films from the 50s") == [("year", "gte", 1980)]
    assert said("a comedy since 1985") == [("year", "gte", 1985)]         # "since" a year: the bound itself
    assert said("a film since my kids like the 90s") == [("year", "gte", 1990), ("year", "lte", 1999)]   # no other
    assert said("my reunion is next month, class of 1979. adventure films from the 1970s") == [
        ("year", "gte", 1970), ("year", "lte", 1979)]
    assert said("a western rated at least 70 percent, out here in Gander") == [("rating", "gte", 3.5)]
    assert said("relegate anything before 1970") == [("year", "gte", 1970)]          # a fan's refusal
    # no reason: "as long as", a dash before "I", a "but" after the reason
    assert said("done with the nineties. anything as long as it's not from the 90s") == [
        ("year", "nin", (1990, 1999, 10))]
    assert said("war films from the 70s. sorry, no - I meant the 80s") == [("year", "gte", 1980), ("year", "lte", 1989)]
    assert said("nothing below 100 because cheap leather is rubbish, but 200 is my ceiling") == [
        ("price", "gte", 100), ("price", "lte", 200)]
    assert said("born in 1968. anything from before I turned 10 feels ancient") == [("year", "gte", 1978)]


@pytest.mark.parametrize("text, expected", [
    ("horror made after MCMLXXXV", [("year", "gt", 1985)]),                 # a year in Roman numerals
    ("sci-fi from MCMLXXX through MCMLXXXIX", [("year", "gte", 1980), ("year", "lte", 1989)]),
    ("Rocky II or Part III, something from MCMXCXX", []),                    # a sequel's, and no numeral written so
    ("sneakers, size fourtyone, under fifty", [("price", "lt", 50)]),        # glued number words (the size is a value)
    ("a coat, under fiftyfive", [("price", "lt", 55)]),                     # ... spelt right
    ("Hoodie, hard cap 40.", [("price", "lte", 40)]),
    ("sneakers in the sixty-to-a-hundred-and-twenty range", [("price", "gte", 60), ("price", "lte", 120)]),
    ("a silk blouse, les then eighty five dolars", [("price", "lt", 85)]),   # "then" for "than"
    ("a coat, more then 100", [("price", "gt", 100)]),
    ("dramas that score 80 points or more out of 100", [("rating", "gte", 4.0)]),
    ("scifi film wit ratting 3.5 over 5 or moor", [("rating", "gte", 3.5)]),
    ("bump that up to 4 stars", [("rating", "gte", 4)]),                      # the bound moved: no "up to"
    ("bump the price up to 200 dollars", [("price", "lte", 200)]),            # a ceiling raised
    ("a wool coat, not to mention under 80 dollars", [("price", "lt", 80)]),
    ("no westerns, not to mention anything before 1960", [("year", "gte", 1960)]),    # as the clause before
    ("a drama, but not one of them 90s ones", [("year", "nin", (1990, 1999, 10))]),   # "one": no number
    ("if it's under three stars out of five don't even bother", [("rating", "gte", 3)]),
    ("horror, and don't bother with anything under 3 stars", [("rating", "gte", 3)]),
])
def test_numbers_said_in_numerals_words_and_slips(text, expected):
    assert said(text) == expected
