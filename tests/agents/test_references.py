"""Titles and positions the user names, resolved to catalog items; titles the user never said."""

from rec.agents.references import Hit, grounded, mentioned, positions, resolve, title_key

CATALOG = [Hit("1", "Star Wars", 1977), Hit("2", "Matrix, The", 1999), Hit("3", "The Matrix", 1970),
           Hit("4", "Fargo", 1996), Hit("5", "Alien", 1979), Hit("6", "Aliens", 1986), Hit("7", "Toy Story", 1995),
           Hit("8", "War, The", 1994)]


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


def test_a_seen_title_is_ruled_out_unless_more_like_it_is_asked_for():
    assert [h.title for h in mentioned("I've seen Alien already", search).exclusions] == ["Alien"]
    found = mentioned("just watched alien and i need more of that", search)
    assert [h.title for h in found.references] == ["Alien"] and not found.exclusions


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


def test_titles_the_user_never_said_are_not_kept():
    kept, dropped = grounded(["Star Wars", "Dune", "Fargo"], ["a film like star wras", "and fargo"])
    assert kept == ["Star Wars", "Fargo"] and dropped == ["Dune"]
