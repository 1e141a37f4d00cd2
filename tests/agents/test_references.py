"""Titles and positions the user names, resolved to catalog items; titles the user never said."""

import pytest

from rec.agents.references import mentioned, positions
from rec.agents.titles import Hit, grounded, resolve, title_key

CATALOG = [Hit("1", "Star Wars", 1977), Hit("2", "Matrix, The", 1999), Hit("3", "The Matrix", 1970),
           Hit("4", "Fargo", 1996), Hit("5", "Alien", 1979), Hit("6", "Aliens", 1986), Hit("7", "Toy Story", 1995),
           Hit("8", "War, The", 1994), Hit("9", "Terminator, The", 1984), Hit("10", "Terminator 2: Judgment Day", 1991)]


def search(text):
    """A stand-in for the store's search: every item, the ones sharing a word first."""
    words = set(title_key(text).split())
    return sorted(CATALOG, key=lambda h: -len(words & set(title_key(h.title).split())))


def test_title_key():
    assert title_key("Matrix, The (1999)") == title_key("the matrix") == "matrix"
    assert title_key("Horseman on the Roof, The (Hussard sur le toit, Le)") == "horseman on the roof"


def test_resolve_tolerates_typos_articles_and_years():
    assert resolve("Star Wras", search).item_id == "1"
    assert resolve("the matrix (1999)", search).item_id == "2"
    assert resolve("The Matrix (1970)", search).item_id == "3"
    assert resolve("Alien", search).item_id == "5"
    assert resolve("Predator", search) is None


def test_titles_in_the_words():
    found = mentioned("I loved Fargo. More like that, please", search)
    assert [h.title for h in found.references] == ["Fargo"] and not found.exclusions
    found = mentioned("something like Star Wars but not Alien", search)
    assert [h.title for h in found.references] == ["Star Wars"] and [h.title for h in found.exclusions] == ["Alien"]
    assert not mentioned("I would like that very much", search).references
    found = mentioned("I liked very much the Fargo. Please similar films but newer", search)    # a learner's order
    assert [h.title for h in found.references] == ["Fargo"]


def test_titles_listed_after_one_cue():
    found = mentioned("I adored Fargo and Toy Story. More from that era", search)
    assert [h.title for h in found.references] == ["Fargo", "Toy Story"]
    found = mentioned("seen alien, star wars or the matrix (1999) already", search)
    assert [h.item_id for h in found.exclusions] == ["5", "1", "2"]
    found = mentioned("something in the spirit of Alien (1979), not Aliens", search)
    assert [h.title for h in found.references] == ["Alien"] and [h.title for h in found.exclusions] == ["Aliens"]


def test_a_sequels_number_picks_the_sequel():
    """"Terminator 2" is not "The Terminator", typo or not; its opening words name the sequel."""
    assert [h.item_id for h in mentioned("films like Termiator 2", search).references] == ["10"]
    assert [h.item_id for h in mentioned("films like terminator 2", search).references] == ["10"]
    assert [h.item_id for h in mentioned("films like the terminator", search).references] == ["9"]
    assert resolve("terminator 2 (1991)", search).item_id == "10"     # a year is no sequel's number
    assert [h.item_id for h in mentioned("more like the toy story one, please", search).references] == ["7"]


def test_a_seen_title_is_ruled_out_unless_more_like_it_is_asked_for():
    assert [h.title for h in mentioned("I've seen Alien already", search).exclusions] == ["Alien"]
    found = mentioned("just watched alien and i need more of that", search)
    assert [h.title for h in found.references] == ["Alien"] and not found.exclusions
    found = mentioned("We've done Toy Story and Fargo already", search)      # done, had, tried: seen
    assert [h.title for h in found.exclusions] == ["Toy Story", "Fargo"] and not found.references
    found = mentioned("Already sat through Alien, Aliens and Toy Story - not those again", search)
    assert [h.title for h in found.exclusions] == ["Alien", "Aliens", "Toy Story"]
    found = mentioned("I've tried Fargo and want more like that", search)
    assert [h.title for h in found.references] == ["Fargo"] and not found.exclusions


def test_a_catalog_value_after_a_cue_is_no_title():
    def is_value(span):
        return span.lower() in ("war", "comedy")

    assert [h.title for h in mentioned("dramas, just not war ones", search).exclusions] == ["War, The"]
    assert not mentioned("dramas, just not war ones", search, is_value).exclusions


def test_positions_resolve_to_the_last_list():
    shown = CATALOG[:4]
    assert positions("more like the second one", shown) == [shown[1]]
    assert positions("#3 and the last one", shown) == [shown[2], shown[3]]
    assert positions("number 9", shown) == []
    assert positions("on second thought, a comedy", shown) == [] == positions("last time I saw one", shown)
    assert positions("the first", shown) == [shown[0]] == positions("first one was great", shown)


def test_titles_the_user_never_said_are_not_kept():
    kept, dropped = grounded(["Star Wars", "Dune", "Fargo"], ["a film like star wras", "and fargo"])
    assert kept == ["Star Wars", "Fargo"] and dropped == ["Dune"]


def test_the_title_index_finds_titles_with_typos_alternatives_and_in_longer_words():
    """The planner's title search: the catalog's titles by character trigrams, no store search."""
    from rec.agents.titles import TitleIndex

    index = TitleIndex([*CATALOG, Hit("9", "Seven (Se7en)", 1995), Hit("10", "Star Trek", 1979)])
    assert index.search("Star Wras")[0].item_id == "1"                  # a typo
    assert index.search("se7en")[0].item_id == "9"                      # an alternative title in brackets
    assert index.search("the matrix (1999)")[:2] == [CATALOG[1], CATALOG[2]]   # equal titles, resolve picks
    assert index.search("I loved Fargo. More like that, please")[0].item_id == "4"   # inside a message
    assert len(index.search("star", k=3)) == 3 and len({h.item_id for h in index.search("aliens")}) == \
        len(index.search("aliens"))                                    # k distinct items
    assert resolve("the matrix (1999)", index.search).item_id == "2" and resolve("Predator", index.search) is None


def test_a_short_title_said_without_a_cue_must_be_said_as_it_is():
    """Typos are tolerated in longer titles said anywhere ("Jurasic Park was great"); a short one must be
    exact, or "make it a love affair too" names "Mad Love" ("a love" is one letter away)."""
    from rec.agents.titles import TitleIndex

    index = TitleIndex([Hit("1", "Mad Love", 1995), Hit("2", "Jurassic Park", 1993), Hit("3", "Fargo", 1996)])
    assert [h.title for h in mentioned("make it a love affair too", index.search).references] == []
    assert [h.title for h in mentioned("Jurasic Park was great", index.search).references] == ["Jurassic Park"]
    assert [h.title for h in mentioned("mad love was great fun", index.search).references] == ["Mad Love"]


def test_an_opening_of_function_words_names_no_title():
    """"not in the mood for love stories": "in the" opens "In the Army Now" but names nothing."""
    from rec.agents.titles import TitleIndex

    index = TitleIndex([Hit("1", "In the Army Now", 1994), Hit("2", "Star Wars: Episode IV", 1977)])
    found = mentioned("a drama, but nothing romantic. Not in the mood for love stories", index.search)
    assert not found.exclusions and not found.references
    assert resolve("star wars", index.search).item_id == "2"         # a title's opening words still name it


def test_a_title_the_user_disliked_is_ruled_out():
    found = mentioned("i liked Alien but i hated Fargo, what should i watch", search)
    assert [h.title for h in found.references] == ["Alien"] and [h.title for h in found.exclusions] == ["Fargo"]
    assert [h.title for h in mentioned("I don't like Toy Story, something else", search).exclusions] == ["Toy Story"]
    found = mentioned("I loved Alien but honestly Toy Story bored me stiff. More like the first?", search)
    assert [h.title for h in found.references] == ["Alien"] and [h.title for h in found.exclusions] == ["Toy Story"]
    assert [h.title for h in mentioned("Fargo left me cold", search).exclusions] == ["Fargo"]
    found = mentioned("He has Fargo watched about ten times, so another western", search)     # Irish English's order
    assert [h.title for h in found.exclusions] == ["Fargo"] and not found.references

def test_a_title_someone_else_loves_is_a_reference():
    """A gift's watcher's taste: "fargo is his favourite ... so other films", "she loves Alien"."""
    found = mentioned("my uncle is mad about crime. fargo is his favourite but he's seen it to death", search)
    assert [h.title for h in found.references] == ["Fargo"]
    assert [h.title for h in mentioned("she loves Alien and enjoys Toy Story", search).references] == [
        "Alien", "Toy Story"]
    assert [h.title for h in mentioned("Alien is one of her favourites", search).references] == ["Alien"]


def test_a_capitalised_title_a_message_asks_more_like_is_a_reference():
    """"the one with the shark (Jaws) - more like that": the title written as the catalog's, word for word."""
    found = mentioned("the one with the alien (Alien, the first one) - give me more like that", search)
    assert [h.title for h in found.references] == ["Alien"]
    assert not mentioned("the one with the alien - give me a scary one", search).references       # no "more like"
    assert not mentioned("Alien. More like that", search).references       # a sentence's first word: unsure


def test_a_title_said_as_the_kind_asked_for_is_a_reference():
    assert [h.title for h in mentioned("fargo type of movies", search).references] == ["Fargo"]
    assert [h.title for h in mentioned("Alien-style films from the 80s", search).references] == ["Alien"]


def test_a_namesake_of_a_title_said_is_no_second_mention():
    """"Briara beige cotton sweater" is a few letters from the "Fenara beige cotton sweater" the user
    named: one item was named, not three."""
    shop = [Hit("1", "Fenara beige cotton sweater"), Hit("2", "Briara beige cotton sweater"),
            Hit("3", "Mardane beige cotton sweater"), Hit("4", "Fenara black wool coat")]
    found = mentioned("the fenara beige cotton sweater is a bit out of my budget, anything similar?",
                      lambda text: shop)
    assert [h.item_id for h in found.references + found.exclusions] == ["1"]


def test_an_article_filed_last_is_said_first_and_a_title_may_open_with_a_foreign_one():
    from rec.agents.titles import similarity

    assert title_key("Die Hard") == "die hard" and similarity("das boot", "Boot, Das (1981)") == 1.0
    films = [Hit("1", "Die Hard", 1988), Hit("2", "Hard Rain", 1998), Hit("3", "Die Hard 2", 1990)]
    found = mentioned("Die Hard is my all-time favourite. Something in that vein?", lambda text: films)
    assert [h.title for h in found.references] == ["Die Hard"]


def test_a_title_said_without_a_cue_is_said_word_for_word():
    films = [Hit("1", "Lost in Space", 1998), Hit("2", "Jurassic Park", 1993)]
    assert not mentioned("something set in space, nothing too long please", lambda text: films).references
    found = mentioned("Jurasic Park was great when I was a kid. Anything like it?", lambda text: films)
    assert [h.title for h in found.references] == ["Jurassic Park"]


@pytest.mark.parametrize(("text", "similar"), [
    ("I've seen Alien more times than I can count. Similar films please", True),
    ("seen alien, others like it?", True),
    ("watched alien last night, something along those lines", True),
    ("I've seen Alien, nothing similar please", False),
])
def test_a_seen_title_with_similar_asked_for_is_a_reference(text, similar):
    found = mentioned(text, search)
    assert [h.title for h in (found.references if similar else found.exclusions)] == ["Alien"]


def test_a_kind_of_item_is_no_title():
    """"I'd like a war drama" asks for a kind ("would like" is no cue, "a war" no "The War"); "not a war one" too."""
    assert not mentioned("I'd like a war drama", search).references
    assert not mentioned("not a war one please", search).exclusions
    assert [h.title for h in mentioned("I'd love something like Alien", search).references] == ["Alien"]


def test_a_title_said_a_word_short_keeps_its_first_word():
    catalog = [Hit("p1", "Briara beige cotton sweater"), Hit("p2", "Ternello navy blue linen shorts")]

    def shop(text):
        return catalog

    assert not mentioned("a beige cotton sweater for my girlfriend", shop).references
    assert [h.item_id for h in mentioned("do you have the ternello navy linen shorts in black", shop).references
            ] == ["p2"]


def test_a_list_of_titles_goes_on_past_words_saying_when():
    found = mentioned("we watched fargo last week and toy story the week before, more like those", search)
    assert [h.title for h in found.references] == ["Fargo", "Toy Story"]
    found = mentioned("I watched Fargo last week and loved it", search)       # no second title: the list ends
    assert [h.title for h in found.exclusions] == ["Fargo"]
    found = mentioned("seen terminator, terminator 2 and fargo", search)      # the next title's word stays its own
    assert [h.item_id for h in found.exclusions] == ["9", "10", "4"]


def test_the_words_after_a_title_pick_one_of_its_namesakes():
    """"velvik suede boots in brown": of the Velvik suede boots, the brown ones, and those words say it too."""
    shop = [Hit("a", "Velvik grey suede boots"), Hit("b", "Velvik brown suede boots"), Hit("c", "Ostwick red scarf")]

    def find(text):
        return list(shop)

    found = mentioned("I already own those velvik suede boots in brown, want another pair", find)
    assert [h.item_id for h in found.exclusions] == ["b"] and found.spans == ["velvik suede boots in brown"]
    assert resolve("velvik suede boots", find, told=["in", "brown"]).item_id == "b"
    assert resolve("velvik suede boots", find).item_id == "a"          # nothing told: the first as before


def test_a_series_named_by_its_first_titles_name():
    films = [Hit("1", "Godfather, The", 1972), Hit("2", "Godfather: Part II, The", 1974), Hit("3", "Old Yeller", 1957),
             Hit("4", "Old Man and the Sea, The", 1958), Hit("5", "Fargo", 1996)]

    def find(text):
        return list(films)

    found = mentioned("Done both Godfather films, part one and part two. Another crime flick?", find)
    assert sorted(h.item_id for h in found.exclusions) == ["1", "2"]
    assert [h.item_id for h in mentioned("loved all the godfather movies", find).references] == ["1", "2"]
    assert not mentioned("seen all the old films", find).exclusions      # no film is called "Old"


def test_a_title_said_as_a_number_word_or_rewatched_or_by_its_capitalised_opening():
    films = [Hit("1", "Seven (Se7en)", 1995), Hit("2", "Usual Suspects, The", 1995), Hit("3", "Alien", 1979),
             Hit("4", "Aliens", 1986), Hit("5", "Raiders of the Lost Ark", 1981), Hit("6", "Fargo", 1996)]

    def find(text):
        return list(films)

    found = mentioned("we already did usual suspects and seven last weekend, more crime please", find)
    assert [h.item_id for h in found.exclusions] == ["2", "1"]
    found = mentioned("Just rewatched Alien (1979) and then Aliens straight after", find)
    assert [h.item_id for h in found.exclusions] == ["3", "4"]
    assert [h.item_id for h in mentioned("Seen Raiders loads, more adventure", find).exclusions] == ["5"]
    assert not mentioned("seen raiders everywhere", find).exclusions     # an English word, not written as a name


def test_a_title_that_is_a_phrase_of_the_language_needs_writing_as_a_title():
    from rec.agents.lexicon import wordnet

    if wordnet() is None:
        pytest.skip("no WordNet")
    films = [Hit("1", "High Noon", 1952), Hit("2", "Fargo", 1996), Hit("3", "Groundhog Day", 1993)]

    def find(text):
        return list(films)

    assert not mentioned("films with cowboys, saloons and shoot-outs at high noon", find).references
    assert [h.item_id for h in mentioned("films with cowboys and saloons, shoot-outs at High Noon", find).references
            ] == ["1"]
    assert [h.item_id for h in mentioned("groundhog day is my all time fav, more like that", find).references
            ] == ["3"]


def test_a_title_called_a_favourite_with_its_year_in_brackets():
    """"Alien ('79) is my all time fave": the title before a judgement, whatever the words between "my" and
    "fave" and a year in brackets after it."""
    from rec.agents.titles import TitleIndex

    index = TitleIndex([Hit("1", "Alien", 1979), Hit("2", "Aliens", 1986), Hit("3", "Heat", 1995)])
    assert [h.title for h in mentioned("Alien ('79) is my all time fave, some other horror pls",
                                       index.search).references] == ["Alien"]
    assert [h.title for h in mentioned("Heat (1995) is one of my favourites", index.search).references] == ["Heat"]
    assert [h.title for h in mentioned("Alien (1979) is one of my all time faves", index.search).references] == [
        "Alien"]
    assert [h.title for h in mentioned("The Heat one was so sweet, other crime ones please",
                                       index.search).references] == ["Heat"]
    assert [h.title for h in mentioned("we just finished watching Heat, now a crime one",
                                       index.search).exclusions] == ["Heat"]


def test_the_first_of_a_series_said_with_a_one():
    from rec.agents.titles import TitleIndex

    index = TitleIndex([Hit("1", "The Godfather", 1972), Hit("2", "The Godfather: Part II", 1974),
                        Hit("3", "Terminator 2: Judgment Day", 1991), Hit("4", "The Terminator", 1984)])
    found = mentioned("have seen godfather 1 and godfather 2 both, want other gangster films", index.search)
    assert [h.title for h in found.exclusions] == ["The Godfather", "The Godfather: Part II"]
    assert [h.title for h in mentioned("loved terminator 2", index.search).references] == [
        "Terminator 2: Judgment Day"]
    found = mentioned("already done T2 and the first Terminator, what other action is there", index.search)
    assert [h.title for h in found.exclusions] == ["Terminator 2: Judgment Day", "The Terminator"]
    found = mentioned("already done LOTR and the first Terminator, what other action is there", index.search)
    assert [h.title for h in found.exclusions] == ["The Terminator"]     # a name no title has, then the list goes on
    found = mentioned("I've seen the original Godfather and the first Terminator", index.search)
    assert [h.title for h in found.exclusions] == ["The Godfather", "The Terminator"]
    assert not mentioned("I've seen the first one", index.search).exclusions       # a position, not a title


def test_a_long_title_said_whole_in_another_order():
    """Shop titles are brand, colour, material, kind; people say "the burgundy canvas bag from Fenara"."""
    from rec.agents.titles import TitleIndex

    index = TitleIndex([Hit("1", "Fenara burgundy canvas bag", None), Hit("2", "Fenara grey leather bag", None)])
    found = mentioned("The burgundy canvas bag from Fenara, I have it since last year. What else does this brand do?",
                      index.search)
    assert [h.title for h in found.references + found.exclusions] == ["Fenara burgundy canvas bag"]
    assert mentioned("a canvas bag in burgundy", index.search).references == []     # not the title's words whole


def test_initials_are_one_word_and_a_two_letter_title_written_as_a_name():
    from rec.agents.titles import TitleIndex

    assert title_key("E.T. the Extra-Terrestrial") == "et the extra terrestrial" and title_key("L.A. Confidential") \
        == "la confidential"
    index = TitleIndex([Hit("1", "E.T. the Extra-Terrestrial", 1982), Hit("2", "It", 1990)])
    assert [h.title for h in mentioned("we watched ET last night and loved it. another one like that?",
                                       index.search).references] == ["E.T. the Extra-Terrestrial"]
    assert mentioned("loved et cetera", index.search).references == []


def test_a_namesake_picked_by_the_next_word_with_a_typo():
    from rec.agents.titles import TitleIndex

    index = TitleIndex([Hit("1", "Ostara grey silk scarf", None), Hit("2", "Ostara grey polyester hoodie", None)])
    assert [h.title for h in mentioned("something like the ostarra grey hoody but cheaper", index.search).references] \
        == ["Ostara grey polyester hoodie"]


def test_a_sequel_said_by_its_initials_and_number():
    from rec.agents.titles import TitleIndex, similarity

    index = TitleIndex([Hit("1", "Die Hard 2 (1990)", 1990), Hit("2", "Apollo 13 (1995)", 1995),
                        Hit("3", "Die Hard (1988)", 1988)])
    assert [h.title for h in mentioned("loved DH2, more like it", index.search).references] == ["Die Hard 2 (1990)"]
    assert similarity("dh2", "Die Hard 2 (1990)") == 1.0
    assert similarity("dh", "Die Hard (1988)") < 0.85      # no number, no short form
    assert similarity("a13", "Apollo 13 (1995)") < 0.85    # 13 is no sequel's number


def test_a_title_of_plain_words_said_with_no_cue_must_be_written_as_one():
    from rec.agents.spelling import known_words
    from rec.agents.titles import TitleIndex

    if not known_words():
        pytest.skip("no packaged vocabulary")
    index = TitleIndex([Hit("1", "My Family", 1995), Hit("2", "Jurassic Park", 1993)])
    assert not mentioned("My family is gathering this Sunday for a film together", index.search).references
    assert [h.title for h in mentioned("we all loved My Family, anything like it?", index.search).references] == [
        "My Family"]
    assert [h.title for h in mentioned("Jurasic Park was great when I was a kid", index.search).references] == [
        "Jurassic Park"]


def test_a_list_after_a_cue_ends_at_a_refusal_in_lower_case():
    from rec.agents.titles import TitleIndex

    index = TitleIndex([Hit("1", "Alien", 1979), Hit("2", "Nothing to Lose", 1997), Hit("3", "Heat", 1995)])
    found = mentioned("a 90s sci-fi film like Alien, nothing too gory", index.search)
    assert [h.title for h in found.references] == ["Alien"]
    found = mentioned("loved Alien, Nothing to Lose and Heat", index.search)
    assert [h.title for h in found.references] == ["Alien", "Nothing to Lose", "Heat"]


def test_a_title_that_bounds_the_year_is_said_as_its_year():
    """"newer than Star Wars" is newer than 1977; what only dates the title asks for no year; before, after or
    since a title only with its release said ("before Fargo came out"): "before Christmas" is no title."""
    from rec.agents.relative import dated

    assert dated("any horror newer than Star Wars? That came out in '77, so dated", search) == \
        "any horror newer than 1977? , so dated"
    assert dated("a comedy that pre-dates Toy Story (1995)", search) == "a comedy that before 1995"
    assert dated("a thriller from before Fargo came out", search) == "a thriller from before 1996"
    assert dated("a thriller from before Fargo", search) == "a thriller from before Fargo"
    assert dated("a comedy older than 1980", search) == "a comedy older than 1980"
    assert dated("a film older than my dad", search) == "a film older than my dad"
    # a span said by two releases, and a title written with stops ("E.T. came out" is one clause)
    assert dated("a comedy from between when Fargo came out and when Star Wars came out", search) == \
        "a comedy from between 1996 and 1977"
    assert dated("something from before when Fargo came out", search) == "something from before 1996"
    assert dated("a comedy from between when we met and now", search) == "a comedy from between when we met and now"


def test_one_word_of_the_language_after_a_cue_is_no_typo_of_a_title():
    films = [Hit("1", "Glory", 1989), Hit("2", "Shawshank Redemption, The", 1994), Hit("3", "Shining, The", 1980)]

    def find(text):
        return list(films)

    assert not mentioned("a horror film but NOT the gory horror kind", find).exclusions   # an adjective WordNet has
    assert not mentioned("nothing gory please", find).exclusions
    assert [h.item_id for h in mentioned("seen the shawshank already", find).exclusions] == ["2"]   # no word: a name
    assert [h.item_id for h in mentioned("not the shining again", find).exclusions] == ["3"]       # said exactly


def test_titles_the_user_has_got_and_a_texted_list_with_no_commas():
    """"ive got X Y and Z on dvd already": owned, each ruled out, though no comma parts them; "we've got the kids
    tonight" names nothing ("got" names an owned film only with a medium or "already")."""
    catalog = [*CATALOG, Hit("11", "Pulp Fiction", 1994), Hit("12", "Heat", 1995), Hit("13", "Kids", 1995)]

    def films(text):
        words = set(title_key(text).split())
        return sorted(catalog, key=lambda h: -len(words & set(title_key(h.title).split())))

    found = mentioned("ive got pulp fiction fargo and heat on dvd already, a crime film i dont own yet", films)
    assert [h.title for h in found.exclusions] == ["Pulp Fiction", "Fargo", "Heat"] and not found.references
    found = mentioned("we've got the kids tonight, a children's film", films)
    assert not found.exclusions and not found.references


def test_a_title_with_the_films_after_it_and_titles_seen_in_the_passive():
    """"seen Alien and the one after it" rules out Aliens too (the titles opening with its name, by year); "The
    Terminator and its sequels" all of them; "Fargo and Toy Story have both been seen already" rules both out."""
    found = mentioned("Seen Alien and the one after it, something else", search)
    assert [h.title for h in found.exclusions] == ["Alien", "Aliens"]
    found = mentioned("loved Fargo, but seen Alien and the one after it", search)     # a liked title said first
    assert [h.title for h in found.references] == ["Fargo"] and [h.title for h in found.exclusions] == ["Alien",
                                                                                                       "Aliens"]
    found = mentioned("loved The Terminator and its sequels", search)
    assert [h.title for h in found.references] == ["Terminator, The", "Terminator 2: Judgment Day"]
    found = mentioned("Fargo and Toy Story have both been seen already. A comedy is wanted.", search)
    assert sorted(h.title for h in found.exclusions) == ["Fargo", "Toy Story"] and not found.references


def test_a_series_by_its_name_in_the_plural():
    found = mentioned("I've done all three Terminators, something else", search)
    assert [h.title for h in found.exclusions] == ["Terminator, The", "Terminator 2: Judgment Day"]
    assert "Terminators" in found.spans


def test_a_title_seen_said_after_it_and_a_vein_to_be_in():
    assert [h.title for h in mentioned("And Toy Story, seen that one as well.", search).exclusions] == ["Toy Story"]
    assert [h.title for h in mentioned("Something in the same vein as Fargo.", search).references] == ["Fargo"]


def test_a_possessive_title_said_with_no_cue_is_found():
    """"keeps telling me to watch Schindler's List": the title's "'s" is read as the words say it."""
    films = [Hit("1", "Schindler's List", 1993), Hit("2", "Saving Private Ryan", 1998)]
    for text in ("My boss keeps telling me to watch Schindler's List, but I saw it years ago",
                 "my boss keeps telling me to watch Schindler\u2019s List. other war films?",
                 "loved schindlers list, more war films"):
        found = mentioned(text, lambda q: films)
        assert [h.item_id for h in found.references + found.exclusions] == ["1"], text


def test_a_seen_list_goes_on_past_an_adverb_and_an_understated_dislike_rules_out():
    """"Seen Aliens already, and Jaws too": both; "I'm not mad about Titanic": ruled out."""
    films = [Hit("1", "Aliens", 1986), Hit("2", "Jaws", 1975), Hit("3", "Titanic", 1997)]
    found = mentioned("Seen Aliens already, and Jaws too. Other horror?", lambda q: films)
    assert sorted(h.item_id for h in found.exclusions) == ["1", "2"]
    found = mentioned("I'm not mad about Titanic, honestly. A different romance?", lambda q: films)
    assert [h.item_id for h in found.exclusions] == ["3"]


def test_a_list_joined_by_a_plus_a_title_seen_so_many_times_and_a_clause_opening_a_title():
    """"already saw Scream + Alien": both; "Mi see Titanic ten times already": seen; "the comedies I love are
    boring" names no "I Love Trouble" (a clause that opens a title is not the title unless it is all of it)."""
    films = [Hit("1", "Scream", 1996), Hit("2", "Alien", 1979), Hit("3", "Titanic", 1997),
             Hit("4", "I Love Trouble", 1994), Hit("5", "I Shot Andy Warhol", 1996)]
    found = mentioned("horror, already saw Scream + Alien", lambda q: films)
    assert sorted(h.item_id for h in found.exclusions) == ["1", "2"]
    found = mentioned("Mi see Titanic ten times already, nuh show mi dat. Just a romance.", lambda q: films)
    assert [h.item_id for h in found.exclusions] == ["3"]
    found = mentioned("My son thinks the documentaries I love are boring", lambda q: films)
    assert found.references + found.exclusions == []
    found = mentioned("I Shot Andy Warhol was great", lambda q: films)
    assert [h.item_id for h in found.references] == ["5"]


def test_titles_joined_by_a_slash_unless_the_slash_is_the_title():
    films = [Hit("1", "Heat", 1995), Hit("2", "Reservoir Dogs", 1992), Hit("3", "Face/Off", 1997),
             Hit("4", "Fargo", 1996)]
    found = mentioned("more in the vein of Heat/Reservoir Dogs/Fargo", lambda q: films)
    assert sorted(h.item_id for h in found.references) == ["1", "2", "4"]
    assert [h.item_id for h in mentioned("something like Face/Off", lambda q: films).references] == ["3"]


def test_a_cue_misspelt_and_in_the_manner_of():
    films = [Hit("1", "Scream", 1996), Hit("2", "Fargo", 1996)]
    assert [h.item_id for h in mentioned("horrer movie simlar to Scream", lambda q: films).references] == ["1"]
    assert [h.item_id for h in mentioned("Dear Sir, something in the manner of Fargo.", lambda q: films).references] \
        == ["2"]


def test_a_threat_an_isnt_a_list_on_lines_a_sentence_that_adds_and_a_comfort_movie():
    """"if you suggest Aliens I will scream": ruled out; "so long as it isn't Titanic": ruled out; a seen list set
    out on lines after a colon; "I've seen Die Hard. And Speed.": both; "Clueless is my comfort movie": liked;
    "not kids' films" names no film "Kids"."""
    films = [Hit("1", "Alien", 1979), Hit("2", "Aliens", 1986), Hit("3", "Titanic", 1997), Hit("4", "Toy Story", 1995),
             Hit("5", "Aladdin", 1992), Hit("6", "Die Hard", 1988), Hit("7", "Speed", 1994), Hit("8", "Clueless", 1995),
             Hit("9", "Kids", 1995)]
    found = mentioned("Something like Alien, but if you suggest Aliens I will scream.", lambda q: films)
    assert [h.item_id for h in found.references] == ["1"] and [h.item_id for h in found.exclusions] == ["2"]
    found = mentioned("if you could recommend something like Alien, that would be great", lambda q: films)
    assert [h.item_id for h in found.references] == ["1"] and not found.exclusions
    found = mentioned("Romance films, so long as it isn't Titanic.", lambda q: films)
    assert [h.item_id for h in found.exclusions] == ["3"]
    found = mentioned("Seen:\n- Toy Story\n- Aladdin\nWhat other animated films are there?", lambda q: films)
    assert sorted(h.item_id for h in found.exclusions) == ["4", "5"]
    found = mentioned("I've seen Die Hard. And Speed. Something else?", lambda q: films)
    assert sorted(h.item_id for h in found.exclusions) == ["6", "7"]
    found = mentioned("I've seen Die Hard. And I want a comedy.", lambda q: films)
    assert [h.item_id for h in found.exclusions] == ["6"]
    found = mentioned("Clueless is my comfort movie, more like that pls", lambda q: films)
    assert [h.item_id for h in found.references] == ["8"]
    assert mentioned("Comedies please, provided they're not kids' films.", lambda q: films).exclusions == []
    found = mentioned("he wore out his tape of Clueless, find him something in the same vein that isn't Clueless "
                      "itself", lambda q: films)       # the one it is to be like, and not it
    assert [h.item_id for h in found.references] == ["8"] and not found.exclusions
    found = mentioned("Not Titanic, something similar to what I like", lambda q: films)
    assert [h.item_id for h in found.exclusions] == ["3"] and not found.references


def test_lines_quoted_from_the_answer_name_items():
    """"> Alien (1979) / seen it a dozen times. what else?": the quoted line is the item, ruled out; "re: Fargo
    (1996) - 4.46" too; with "more like this" it is a reference; a quoted line that is no whole title names
    nothing."""
    def said(text):
        found = mentioned(text, search)
        return [h.title for h in found.references], [h.title for h in found.exclusions]

    assert said("> Alien (1979)\nseen it a dozen times. what else?") == ([], ["Alien"])
    assert said("> Toy Story (1995)\n> Fargo (1996) - 4.46\nseen both. more?") == ([], ["Toy Story", "Fargo"])
    assert said("re: Fargo (1996)\nmore like this please") == (["Fargo"], [])
    assert said("> something scary\nnot this") == ([], [])
    found = mentioned("re: Fargo (1996) - way too grim. leave out the crime ones", search)
    assert [h.title for h in found.exclusions] == ["Fargo"] and found.spans == ["Fargo (1996)"]   # the rest is
    #                                                                                             the user's words
    assert said("oh and Fargo too, seen that one") == ([], ["Fargo"])
    assert said("I saw already Fargo and Alien, give me another") == ([], ["Fargo", "Alien"])
    assert said("I've watched both Fargo and Alien, give me another") == ([], ["Fargo", "Alien"])


def test_a_title_one_would_rather_not_have_or_is_not_terribly_keen_on_is_ruled_out():
    found = mentioned("A romance, but I'd rather not have Fargo - I've had quite enough of it.", search)
    assert [h.title for h in found.exclusions] == ["Fargo"] and not found.references
    assert [h.title for h in mentioned("I'm not terribly keen on Toy Story", search).exclusions] == ["Toy Story"]


SERIES = [Hit("20", "Star Trek: First Contact", 1996), Hit("21", "Star Trek III: The Search for Spock", 1984),
          Hit("22", "Star Trek IV: The Voyage Home", 1986), Hit("23", "Alien: Resurrection", 1997),
          Hit("24", "Raiders of the Lost Ark", 1981), Hit("25", "Indiana Jones and the Last Crusade", 1989),
          Hit("26", "The Godfather", 1972), Hit("27", "The Godfather: Part II", 1974), Hit("28", "GoodFellas", 1990),
          Hit("29", "Aladdin", 1992), Hit("30", "Heat", 1995)]


def search_series(text):
    words = set(title_key(text).split())
    return sorted(CATALOG + SERIES, key=lambda h: -len(words & set(title_key(h.title).split())))


@pytest.mark.parametrize(("text", "ruled_out"), [
    # a series' numbers after the first share its name; a film of a series by its own name after the colon
    ("We've watched Star Trek II, III and IV plus First Contact.",
     ["Star Trek III: The Search for Spock", "Star Trek IV: The Voyage Home", "Star Trek: First Contact"]),
    ("We've already got through Alien, Aliens and Resurrection.", ["Alien", "Aliens", "Alien: Resurrection"]),
    # a title by its closing words; "done ... already" and "got through" as seen
    ("Adventure film. Done Raiders and Last Crusade already.",
     ["Raiders of the Lost Ark", "Indiana Jones and the Last Crusade"]),
    # "no" before a name written as one, and before a series' films
    ("A crime drama. And no Godfather films, nor Goodfellas.",
     ["The Godfather", "GoodFellas", "The Godfather: Part II"]),
    ("Comedy please, and no kids' films either", []), ("a drama, no love story", []),     # no names
    ("they know Aladdin (1992) by heart", ["Aladdin"]),                 # known by heart: seen
    ("No way, not another one", []), ("no heat in the house, a cosy film", []),     # no name written as one
])
def test_titles_as_people_name_them_in_lists_of_what_they_have_seen(text, ruled_out):
    found = mentioned(text, search_series)
    assert sorted(h.title for h in found.exclusions) == sorted(ruled_out) and not found.references


def test_a_series_film_by_its_own_name_gives_way_to_a_title_said_whole():
    from rec.agents.titles import similarity

    assert similarity("First Contact", "Star Trek: First Contact") == 0.95
    assert similarity("Jurassic Park", "The Lost World: Jurassic Park") < similarity("Jurassic Park", "Jurassic Park")
    assert similarity("The Movie", "Mystery Science Theater 3000: The Movie") < 0.85      # no film's own name


@pytest.mark.parametrize(("text", "liked", "ruled_out"), [
    ("I'm planning a double bill with Fargo. What would pair well with it?", ["Fargo"], []),
    ("Need something to follow Alien on movie night, in the same spirit.", ["Alien"], []),
    ("Fargo again? Yeah, because that was so short. Something else, please.", [], ["Fargo"]),
    ("My partner has made me watch Star Wars every Christmas for ten years.", [], ["Star Wars"]),
])
def test_a_double_bill_a_title_again_and_one_made_to_watch(text, liked, ruled_out):
    found = mentioned(text, search)
    assert [h.title for h in found.references] == liked and [h.title for h in found.exclusions] == ruled_out


def test_a_title_said_before_who_saw_it_and_grammar_words_that_name_no_title():
    catalog = [*CATALOG, Hit("11", "To Be or Not to Be", 1942), Hit("12", "Contact", 1997)]

    def searched(text):
        words = set(title_key(text).split())
        return sorted(catalog, key=lambda h: -len(words & set(title_key(h.title).split())))

    for text, ruled_out in [("Give me films like Alien. Aliens I have also seen already.", ["Aliens"]),
                            ("Rating above 3.5, and Contact I already saw, so not this one.", ["Contact"]),
                            ("Alien has already been viewed in this household", ["Alien"]),
                            ("Titles released prior to 1980 are not to be put forward.", []),
                            ("seen To Be or Not to Be", ["To Be or Not to Be"]),
                            ("Science fiction; Contact and Aliens are out: I have seen both.", ["Aliens", "Contact"]),
                            ("I've already got Alien and Contact on the list so suggest others", ["Alien", "Contact"]),
                            ("Mi see Fargo three time already", ["Fargo"]), ("a drama, the sequel is out now", []),
                            ("I watch Fargo already. can give me other film?", ["Fargo"]),
                            ("I watch films every day, Fargo is great", []),
                            ("Monsters in space. Alien I have already seen though.", ["Alien"]),
                            ("Fargo me see finish, 3 times", ["Fargo"]), ("Contact, me see finish. skip", ["Contact"])]:
        assert [h.title for h in mentioned(text, searched).exclusions] == ruled_out, text


def test_a_title_seen_then_asked_for_in_its_spirit_and_a_learners_order():
    catalog = [*CATALOG, Hit("13", "Kids", 1995)]

    def films(text):
        words = set(title_key(text).split())
        return sorted(catalog, key=lambda h: -len(words & set(title_key(h.title).split())))

    found = mentioned("We watched Toy Story last night and the kids loved it. Something in that spirit? Not Toy "
                      "Story again.", films)
    assert [h.title for h in found.references] == ["Toy Story"] and not found.exclusions    # no "Kids"
    found = mentioned("something in the style of Alien. Aliens also I have watched, so not this.", films)
    assert [h.title for h in found.references] == ["Alien"] and [h.title for h in found.exclusions] == ["Aliens"]


def test_words_in_use_in_lower_case_are_no_piece_of_a_title_and_a_title_seen_n_times():
    catalog = [*CATALOG, Hit("13", "Ready to Wear (Pret-A-Porter)", 1994), Hit("14", "Godfather, The", 1972)]

    def films(text):
        words = set(title_key(text).split())
        return sorted(catalog, key=lambda h: -len(words & set(title_key(h.title).split())))

    assert not mentioned("I'm not ready to leave outer space yet, more sci-fi", films).exclusions
    braveheart = [*catalog, Hit("15", "Braveheart", 1995)]
    assert [h.title for h in mentioned("somthing like brave heart", lambda text: braveheart).references] == [
        "Braveheart"]                                        # one word said apart
    assert [h.title for h in mentioned("films like terminator 2", films).references] == [
        "Terminator 2: Judgment Day"]
    assert [h.title for h in mentioned("The Godfather I've seen maybe ten times. Another crime movie.",
                                       films).exclusions] == ["Godfather, The"]


def test_a_title_said_again_after_a_self_repair_replaces_the_one_before():
    assert [h.title for h in mentioned("similar to Alien, no wait, Aliens, the second one", search).references] == [
        "Aliens"]
    assert [h.title for h in mentioned("like Fargo, sorry I meant Star Wars", search).references] == ["Star Wars"]
    assert [h.title for h in mentioned("like Alien no wait Aliens", search).references] == ["Aliens"]
    # no title after it: no repair of one
    assert [h.title for h in mentioned("something like Alien, sorry for the typo", search).references] == ["Alien"]


def test_titles_ruled_out_in_a_lawyers_words():
    found = mentioned("Films in the vein of Alien, save for Aliens, which I've seen, and of course Alien itself.",
                      search)
    assert [h.title for h in found.references] == ["Alien"] and [h.title for h in found.exclusions] == ["Aliens"]
    found = mentioned("a sci-fi film with the exception of Star Wars", search)
    assert [h.title for h in found.exclusions] == ["Star Wars"]
    found = mentioned("we've had our fill of Fargo, something else", search)
    assert [h.title for h in found.exclusions] == ["Fargo"]


def test_a_titles_abbreviation_ends_no_sentence():
    catalog = [Hit("1", "Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb", 1963),
               Hit("2", "Mrs. Doubtfire", 1993), Hit("3", "Alien", 1979)]

    def look(text):
        words = set(title_key(text).split())
        return sorted(catalog, key=lambda h: -len(words & set(title_key(h.title).split())))

    assert [h.item_id for h in mentioned("more like Dr. Strangelove please", look).references] == ["1"]
    assert [h.item_id for h in mentioned("not Mrs. Doubtfire again, a comedy", look).exclusions] == ["2"]
    assert [h.item_id for h in mentioned("a film like Alien. Dr. Smith said so", look).references] == ["3"]


def test_a_title_seen_in_the_irish_perfect_or_banned():
    found = mentioned("the missus is after seeing Fargo about forty times, give her some other crime", search)
    assert [h.title for h in found.exclusions] == ["Fargo"]
    found = mentioned("I'm after watching Alien, want something like it", search)
    assert [h.title for h in found.references] == ["Alien"]
    found = mentioned("Star Wars is banned, the kids have watched it to death. Another sci-fi though", search)
    assert [h.title for h in found.exclusions] == ["Star Wars"]


def test_titles_said_with_no_cue_keep_the_order_they_are_said_in():
    shop = [Hit("a", "Briley navy blue wool sweater", None), Hit("b", "Fenara navy blue wool sweater", None)]
    text = "I have the Fenara navy blue wool sweater and the Briley navy blue wool sweater. Want a third one"
    for order in (shop, shop[::-1]):        # whichever the search ranks first (its ties follow no one order)
        found = mentioned(text, lambda t, order=order: list(order))
        assert [h.item_id for h in found.references + found.exclusions] == ["b", "a"]


def test_a_kind_said_in_capitals_or_as_a_noun_names_no_title():
    """"a Love Story please" is a romance ("love" a noun, no cue); a message shouted in capitals writes no name with
    them ("LOVE STORY + FUNNY, ME WANT": no "The Story of Xinghua"), but a title said word for word still is one."""
    catalog = [*CATALOG, Hit("11", "The Story of Xinghua", 1993), Hit("12", "Funny Face", 1957)]

    def searched(text):
        words = set(title_key(text).split())
        return sorted(catalog, key=lambda h: -len(words & set(title_key(h.title).split())))

    assert mentioned("a Love Story please", searched).references == []
    assert mentioned("LOVE STORY + FUNNY, both together, ME WANT. date night", searched).references == []
    assert [h.title for h in mentioned("I LOVE ALIEN, MORE LIKE IT", searched).references] == ["Alien"]
    assert [h.title for h in mentioned("seen FARGO, something else", searched).exclusions] == ["Fargo"]
