"""The grounded planner: follow-ups edit the plan, client-sent history replays, the schema is the store's,
and what the model made up (values, titles from its prompt) never reaches the plan."""

import jsonschema
import pytest

from rec.agents.edits import edit, replaces
from rec.agents.fields import NumericFields
from rec.agents.links import ValueLinker
from rec.agents.planner import Grounding, plan_schema, read
from rec.agents.titles import Hit
from rec.llm.fake import FakeChatModel
from rec.schema import Constraint, Plan, RecRequest

from .test_graph import make  # noqa: F401  (the fixture)


def c(field, op, value):
    return Constraint(field=field, op=op, value=value)


def test_a_follow_up_edits_the_plan():
    before = [c("genres", "contains", "Horror"), c("year", "gte", 1980), c("year", "lte", 1989),
              c("genres", "ne", "War")]
    # a new year range replaces the old one; the genre and the exclusion stay
    assert edit(before, [c("year", "lt", 1970)], set()) == [c("genres", "contains", "Horror"), c("genres", "ne", "War"),
                                                           c("year", "lt", 1970)]
    # a different genre replaces the genre; a field let go is cleared
    assert edit(before, [c("genres", "contains", "Comedy")], {"year"}) == [c("genres", "ne", "War"),
                                                                         c("genres", "contains", "Comedy")]
    # asking for what was ruled out lifts the exclusion
    assert c("genres", "ne", "War") not in edit(before, [c("genres", "contains", "War")], set())
    # a field let go keeps what the same message rules out ("any genre but horror")
    assert edit(before, [c("genres", "contains", "Drama"), c("genres", "ne", "Western")], {"genres"}) == [
        c("year", "gte", 1980), c("year", "lte", 1989), c("genres", "ne", "Western")]


def test_a_value_said_again_keeps_the_rest_of_its_field_and_a_complaint_rules_out_what_was_shown():
    """"no, I said adventure" in a sci-fi adventure conversation keeps the sci-fi; "I said comedy" where the plan
    holds none replaces as any value does; "you gave me comedies, I asked for dramas" rules comedy out, and "those
    are mostly before 1980, I wanted after" the years before 1980."""
    from rec.agents.context import complained
    from rec.agents.edits import restates

    both = [c("genres", "contains", "Sci-Fi"), c("genres", "contains", "Adventure")]
    assert restates("no i said adventure") and restates("still action and comedy") and not restates("just comedy")
    assert edit(both, [c("genres", "contains", "Adventure")], set(), restating=True) == both
    assert edit(both, [c("genres", "contains", "Adventure")], set()) == [c("genres", "contains", "Adventure")]
    assert edit([c("genres", "contains", "Western")], [c("genres", "contains", "Comedy")], set(), restating=True) == [
        c("genres", "contains", "Comedy")]
    assert complained("You gave me comedies, I asked for dramas.") == "nothing comedies, I asked for dramas."
    assert complained("Those are mostly before 1980, I wanted after.") == "nothing before 1980, I wanted after."
    assert complained("Half of those are heavy dramas! I asked for funny.") == \
        "nothing heavy dramas! I asked for funny."
    assert complained("you gave me some great comedies, more please") == \
        "you gave me some great comedies, more please"            # praise, no complaint
    assert complained("some of those are horror, more like that") == "some of those are horror, more like that"
    assert complained("you suggested a scarf which was too dear. I asked for under 60") == \
        "you suggested a scarf which was too dear. I asked for under 60"      # the complaint is of the price
    assert complained("I said under 50 - they're for my niece") == "I said under 50 - they're for my niece"
    assert complained("They have to be cotton, like I said") == "They have to be cotton, like I said"
    # indignation is a complaint too: "??", "?!", "you're not listening", "still getting"
    assert complained("those are red and yellow?! a PINK purse") == "nothing red and yellow?! a PINK purse"
    assert complained("why are these all black?? navy!") == "nothing black?? navy!"
    assert complained("still getting dramas?? NO DRAMA.") == "nothing dramas?? NO DRAMA."
    assert complained("you're showing me suede again! NO SUEDE.") == "nothing suede again! NO SUEDE."
    assert complained("that's not what I asked - one of those is a comedy") == \
        "that's not what I asked - nothing a comedy"
    assert complained("those are lovely!! more like them") == "those are lovely!! more like them"    # praise


def test_a_bound_on_one_side_keeps_the_other_sides():
    """"comedies from the 90s", then "nothing from before 1995": 1995 to 1999; a new bound past the other side's
    replaces both ("under 50", then "over 80")."""
    nineties = [c("year", "gte", 1990), c("year", "lte", 1999)]
    assert edit(nineties, [c("year", "gte", 1995)], set()) == [c("year", "lte", 1999), c("year", "gte", 1995)]
    assert edit(nineties, [c("year", "lt", 1993)], set()) == [c("year", "gte", 1990), c("year", "lt", 1993)]
    assert edit([c("price", "lt", 50)], [c("price", "gt", 80)], set()) == [c("price", "gt", 80)]
    assert edit([c("price", "lt", 50)], [c("price", "gt", 30)], set()) == [c("price", "lt", 50), c("price", "gt", 30)]


def test_anaphoric_follow_ups_narrow_what_was_shown():
    from rec.agents.edits import adds

    assert adds("ones with songs in them") and adds("any of those that are funny") and adds("action too")
    assert adds("OK, cartoons are fine after all") and adds("horror's ok") and adds("Just the animated ones.")
    assert not adds("ones from the 90s instead") and not adds("a comedy") and not adds("a drama too, rather")
    assert adds("Actually, make them romantic ones.") and not adds("actually, make it a drama")    # what they are
    assert adds("ah go on, romance is grand now")          # an exclusion lifted: the rest stays
    assert adds("*comedy, stupid phone") and not adds("a comedy*")      # a starred word mends the one before
    assert not adds("*not* horror, a thriller")                            # ... not a stressed one
    assert adds("Animated, ideally.") and adds("in black if possible")    # a hedged wish narrows softly
    assert not adds("too old for me. make it the 90s") and not adds("too scary, a comedy")    # "too" of excess
    assert adds("romance too please") and adds("and romance too")
    assert adds("Oh, and not a drama. I want it fun") and adds("I want it funny") and not adds("make it a western")
    assert adds("ooh and it should have songs, a musical") and adds("it must have a bit of romance")
    assert adds("It has to be animated, my youngest won't sit through anything else")     # a quality: no new kind
    assert not adds("it has to be a comedy")
    before = [c("genres", "contains", "Children's")]
    assert edit(before, [c("genres", "contains", "Musical")], set(), adding=True) == [
        c("genres", "contains", "Children's"), c("genres", "contains", "Musical")]


def test_who_a_follow_up_says_it_is_for_joins_the_kind_asked_before():
    """"a thriller" then "not horror, my daughter will watch with me": the daughter says who watches (Children's,
    by meaning), not another kind of film: it joins the thriller (and gives way where no film is both); a kind
    said in words replaces."""
    before = [c("genres", "contains", "Thriller")]
    turn = [c("genres", "contains", "Children's"), c("genres", "ne", "Horror")]
    assert edit(before, turn, set(), joining={("genres", "Children's")}) == [c("genres", "contains", "Thriller"), *turn]
    assert edit(before, turn, set()) == turn
    assert replaces("hmm, what about something for my kids instead") and not replaces("my daughter will watch")
    assert edit(before, [c("genres", "contains", "Comedy")], set(), joining={("genres", "Children's")}) == [
        c("genres", "contains", "Comedy")]


SHOP = {"1": {"category": "scarf", "color": "burgundy", "brand": "Corello", "material": "silk"},
        "2": {"category": "boots", "color": "black", "brand": "Briwick", "material": "leather"}}


def _shop_grounding():
    hits = [Hit("1", "Corello burgundy silk scarf", None), Hit("2", "Briwick black leather boots", None)]
    fields = {f: ("string", sorted({m[f] for m in SHOP.values()})) for f in ("category", "color", "brand", "material")}
    return Grounding(NumericFields({}), ValueLinker(fields), lambda text: hits, items=lambda ids: {
        i: SHOP[i] for i in ids if i in SHOP})


@pytest.mark.parametrize("text, expected, same", [
    ("do you have the Corello burgundy silk scarf in other colours?",
     [("category", "eq", "scarf"), ("color", "ne", "burgundy")],
     [("brand", "eq", "Corello"), ("material", "eq", "silk")]),
    ("something like the Briwick black leather boots but from a different brand",
     [("brand", "ne", "Briwick"), ("category", "eq", "boots")],
     [("color", "eq", "black"), ("material", "eq", "leather")]),
    ("the Corello burgundy silk scarf but as a different category", [("category", "ne", "scarf")],
     [("brand", "eq", "Corello"), ("color", "eq", "burgundy"), ("material", "eq", "silk")]),
    ("something like the Corello burgundy silk scarf", [("category", "eq", "scarf")], []),     # its kind only
])
def test_a_named_item_in_another_value_of_a_field(text, expected, same):
    """The field said to vary is ruled out; the rest the user said of the item is asked for too, as values
    that give way (`Reading.same`, see test_topics)."""
    got = read(text, _shop_grounding())
    assert [h.item_id for h in got.references][:1] in (["1"], ["2"])
    assert sorted((x.field, x.op, x.value) for x in got.constraints) == sorted(expected + same)
    assert sorted((x.field, x.op, x.value) for x in got.same) == same


def test_something_else_than_an_item_and_a_field_said_in_other_words():
    """"not the Briwick boots, something else in black leather" asks for boots; "different fabric" is another
    material (a word above every value of a field names the field)."""
    from rec.agents.lexicon import wordnet

    got = read("not the Briwick black leather boots, something else in black leather", _shop_grounding())
    assert [h.item_id for h in got.exclusions] == ["2"]
    assert sorted((x.field, x.op, x.value) for x in got.constraints) == [
        ("category", "eq", "boots"), ("color", "eq", "black"), ("material", "eq", "leather")]
    if wordnet() is None:
        pytest.skip("no WordNet")
    g = _shop_grounding()
    materials = ["canvas", "cashmere", "cotton", "denim", "leather", "linen", "polyester", "silk", "suede", "wool"]
    g = Grounding(g.numeric, ValueLinker({**g.linker.fields, "material": ("string", materials)}, lexicon=True),
                  g.search, items=g.items)
    got = read("I already own the Briwick black leather boots - other boots, same colour, different fabric", g)
    assert {("category", "eq", "boots"), ("color", "eq", "black"), ("material", "ne", "leather")} <= {
        (x.field, x.op, x.value) for x in got.constraints}
    assert ("material", "eq", "leather") not in [(x.field, x.op, x.value) for x in got.constraints]


def test_the_value_said_of_an_item_asked_in_another_is_no_wish():
    """"love the Corello burgundy silk scarf but burgundy clashes, another colour?": burgundy is ruled out, not
    asked for as well."""
    got = read("love the Corello burgundy silk scarf but burgundy clashes with everything. another colour?",
               _shop_grounding())
    assert ("color", "eq", "burgundy") not in [(x.field, x.op, x.value) for x in got.constraints]
    assert ("color", "ne", "burgundy") in [(x.field, x.op, x.value) for x in got.constraints]


def test_a_year_said_with_a_title_describes_the_title():
    films = [Hit("9", "Unforgiven", 1992), Hit("10", "Heat", 1995)]
    g = Grounding(NumericFields({"year": (1920.0, 1998.0)}, "year"),
                  ValueLinker({"genres": ("list", ["Western", "Crime"])}), lambda text: films)
    got = read("I liked Unforgiven from '92. Other westerns, please?", g)
    assert [h.title for h in got.references] == ["Unforgiven"]
    assert [(x.field, x.op, x.value) for x in got.constraints] == [("genres", "contains", "Western")]
    got = read("something like Heat (1995) but from the 80s", g)
    assert [(x.field, x.op, x.value) for x in got.constraints] == [("year", "gte", 1980), ("year", "lte", 1989)]


def test_the_schema_is_the_stores():
    fields = {"genres": {"type": "list", "items": "string", "distinct": 2, "top": ["Comedy", "Sci-Fi"]},
              "year": {"type": "number", "min": 1920, "max": 1998}, "title": {"type": "string"}}
    schema = plan_schema(fields, {"genres": ("list", ["Comedy", "Sci-Fi"])})
    good = Plan(query="x", hard_constraints=[c("genres", "contains", "Sci-Fi"), c("year", "lt", 1980),
                                             c("genres", "in", ["Comedy", "Sci-Fi"])]).model_dump()
    jsonschema.validate(good, schema)
    for bad in (c("genres", "contains", "science fiction"), c("title", "eq", "x"), c("genres", "gt", "Comedy"),
                c("year", "contains", 1980)):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(Plan(query="x", hard_constraints=[bad]).model_dump(), schema)


def _constraints(response):
    return sorted((x.field, x.op, x.value) for x in response.plan.hard_constraints)


def test_follow_ups_hold_in_a_thread_and_with_client_sent_history(make):  # noqa: F811
    rec = make(FakeChatModel(), explain=False)
    rec.recommend(RecRequest(query="sci-fi films", thread_id="t"))
    threaded = rec.recommend(RecRequest(query="only ones from before 1980", thread_id="t"))
    sent = rec.recommend(RecRequest(messages=[
        {"role": "user", "content": "sci-fi films"}, {"role": "assistant", "content": "1. Alien\n2. Blade Runner"},
        {"role": "user", "content": "only ones from before 1980"}]))
    assert _constraints(threaded) == _constraints(sent) == [("genres", "contains", "Sci-Fi"), ("year", "lt", 1980)]
    assert {i.title for i in sent.items} == {"Star Wars", "Alien"}


def test_titles_from_the_prompt_never_reach_the_plan(make):  # noqa: F811
    leaked = {"intent": "more_like", "query": "drama", "reference_items": ["Dune"], "exclusions": [],
              "hard_constraints": [{"field": "genres", "op": "contains", "value": "Horror"}]}
    response = make(FakeChatModel([leaked]), explain=False).recommend(RecRequest(query="a comedy from the 1990s"))
    assert response.plan.reference_items == []
    assert _constraints(response) == [("genres", "contains", "Comedy"), ("year", "gte", 1990), ("year", "lte", 1999)]
    assert response.trace[0]["not_said"] == ["Dune"] and response.trace[0]["ungrounded"] == ["genres contains 'Horror'"]


def test_named_and_positional_items_are_never_recommended_back(make):  # noqa: F811
    rec = make(FakeChatModel(), explain=False)
    first = rec.recommend(RecRequest(query="I loved Star Wras, more like that", thread_id="p"))
    assert first.plan.reference_items == ["Star Wars"] and "Star Wars" not in {i.title for i in first.items}
    second_title = first.items[1].title
    again = rec.recommend(RecRequest(query="more like the second one", thread_id="p"))
    assert second_title in again.plan.reference_items
    assert not {"Star Wars", second_title} & {i.title for i in again.items}


def test_the_words_alone_can_plan_a_turn(film_cfg, tmp_path):
    from rec.recommender import Recommender
    from rec.retrieval.embeddings import HashingEmbedder
    from rec.retrieval.search import Retriever

    cfg = film_cfg.model_copy(update={"planner": film_cfg.planner.model_copy(update={"use_model": False}),
                                      "ranker": film_cfg.ranker.model_copy(update={"explain": False})})
    model = FakeChatModel()
    rec = Recommender(cfg, model, Retriever(cfg, HashingEmbedder()), checkpoint_path=tmp_path / "t.sqlite")
    try:
        response = rec.recommend(RecRequest(query="a comedy from the 1990s"))
    finally:
        rec.close()
    assert model.calls == [] and response.trace[0]["model_calls"] == 0
    assert _constraints(response) == [("genres", "contains", "Comedy"), ("year", "gte", 1990), ("year", "lte", 1999)]


@pytest.mark.parametrize("text, cleared", [
    ("any genre is fine, but from the 90s", {"genres"}), ("forget the genre", {"genres"}),
    ("actually forget the date, a funny western", {"year"}), ("any decade is fine", {"year"}),   # the year's names
    ("whatever year", {"year"}), ("any categories will do", {"category"}), ("any yearning for more?", set()),
    ("drop the number-of-ratings thing, and before 1960", {"ratings_count"}),     # "ratings_count" as said
    ("forget about the number of ratings", {"ratings_count"}),
    ("ok you can drop the viewer thing, but before 1960", {"ratings_count"}),   # how many rated, as people say it
])
def test_a_field_let_go_in_the_words_users_say_it(text, cleared):
    """"any genre" once cleared nothing: the field's stem was "genr", and "genre" has no word break there."""
    g = Grounding(NumericFields({"year": (1920.0, 1998.0), "ratings_count": (1.0, 500.0)}, "year"),
                  ValueLinker({"genres": ("list", ["Western"]), "category": ("string", ["movie", "book"])}),
                  lambda text: [])
    assert read(text, g).cleared == cleared


@pytest.mark.parametrize("text, cleared", [
    ("boots, colour doesn't matter", {"color"}), ("the colour really does not matter", {"color"}),
    ("not fussed about colour", {"color"}), ("don't care what color, under 100", {"color"}),
    ("boots, the material is not important", {"material"}), ("boots that don't matter", set()),
    ("red boots, the colour matters", set()),
    ("a dress in any colour except black", {"color"}),
    ("hmm scrap the colour, but I do need it in wool", {"color"}), ("ditch the material", {"material"}),
    ("not bothered about the colour", {"color"}),
    ("ok colour not matter anymore", {"color"}), ("score not matter anymore, but must be wool", {"score"}),
    ("other colours will do after all, but I need a size S", {"color"}),
    ("colour doesn't matter as long as it's red", set()),      # a condition that names it
    ("the rating no longer matters", {"score"}), ("colour not important", {"color"}),
    ("the colour is not so important, forget that", {"color"}),
])
def test_a_field_let_go_after_its_name(text, cleared):
    """Indifference said after the field's name, in either spelling ("colour doesn't matter"), and as a learner
    says it ("score not matter anymore"); the score field by what people call it."""
    g = Grounding(NumericFields({"price": (5.0, 500.0), "score": (1.0, 5.0)}, price="price", rating="score"),
                  ValueLinker({"color": ("string", ["red", "black"]), "material": ("string", ["wool"]),
                               "category": ("string", ["boots"])}),
                  lambda text: [])
    assert read(text, g).cleared == cleared


def test_a_value_taken_back_goes_and_only_it():
    """"swap the action for comedy" after "sci-fi with some action": the sci-fi stays; "it need not be a
    drama" lets the drama go without ruling it out."""
    before = [c("genres", "contains", "Sci-Fi"), c("genres", "contains", "Action"), c("year", "gte", 1990)]
    assert edit(before, [c("genres", "contains", "Comedy")], set(), withdrawn={("genres", "Action")}) == [
        c("genres", "contains", "Sci-Fi"), c("year", "gte", 1990), c("genres", "contains", "Comedy")]
    linker = ValueLinker({"genres": ("list", ["Sci-Fi", "Action", "Comedy", "Drama", "War"])})
    assert linker.withdrawn("swap the action for comedy") == {("genres", "Action")}
    assert linker.withdrawn("on reflection it need not be a drama - any war film will do") == {("genres", "Drama")}
    assert linker.withdrawn("doesn't have to be a comedy") == {("genres", "Comedy")}
    assert linker.withdrawn("actually scrap the action part, anything with 4+ stars") == {("genres", "Action")}
    assert linker.withdrawn("Actually the action, forget it. A comedy instead.") == {("genres", "Action")}
    from rec.agents.phrases import norm
    from rec.agents.withdrawn import forgotten

    t = norm("Actually the action, forget it. Scratch that.")
    assert [t[s:e] for s, e in forgotten(t)] == ["action"]
    # ruled out again elsewhere in the message: no longer only taken back, so the refusal stands
    assert linker.withdrawn("swap the action for a war film that isn't action at all") == set()
    before = [c("genres", "contains", "Action")]
    assert edit(before, [c("genres", "contains", "War"), c("genres", "ne", "Action")], set()) == [
        c("genres", "contains", "War"), c("genres", "ne", "Action")]
    assert linker.links("forget about the war bit") == []       # let go, not ruled out
    assert [(k.value, k.negated) for k in linker.links("it need not be a drama - any war film will do")] == [
        ("War", False)]


def test_a_compound_ruled_out_keeps_the_part_the_plan_asks_for():
    """"no horror-comedies" in a horror conversation rules out comedy, not horror; with neither asked for,
    both parts go (the safe reading of "not both"); a list is no compound."""
    g = Grounding(NumericFields({}), ValueLinker({"genres": ("list", ["Horror", "Comedy", "Romance"])}),
                  lambda text: [])
    turn = read("Just no horror-comedies.", g)
    assert turn.together == {("genres", "Horror"), ("genres", "Comedy")}
    assert edit([c("genres", "contains", "Horror")], turn.constraints, set(), together=turn.together) == [
        c("genres", "contains", "Horror"), c("genres", "ne", "Comedy")]
    assert edit([], turn.constraints, set(), together=turn.together) == [c("genres", "ne", "Horror"),
                                                                         c("genres", "ne", "Comedy")]
    assert read("no romantic comedies though", g).together == {("genres", "Romance"), ("genres", "Comedy")}
    assert read("no horror, no comedy", g).together == set()
    listed = read("no horror or comedy", g)
    assert edit([c("genres", "contains", "Horror")], listed.constraints, set(), together=listed.together) == [
        c("genres", "ne", "Horror"), c("genres", "ne", "Comedy")]


def test_a_wish_called_optional_constrains_nothing_but_is_searched():
    """"Bonus points if it's funny, but that's not essential": no hard constraint from that sentence; the
    search words keep it. The sentences around it still constrain."""
    g = Grounding(NumericFields({"year": (1920.0, 1998.0)}, "year"),
                  ValueLinker({"genres": ("list", ["War", "Comedy", "Horror"])}), lambda text: [])
    got = read("A war film before 1970. Bonus points if it's a bit funny but that's not essential.", g)
    assert sorted((x.field, x.op, x.value) for x in got.constraints) == [("genres", "contains", "War"),
                                                                        ("year", "lt", 1970)]
    assert "funny" in got.words
    got = read("a war picture made before 1970; a comedy would be a plus but isn't a must", g)
    assert ("genres", "contains", "Comedy") not in [(x.field, x.op, x.value) for x in got.constraints]
    got = read("a war film, a comedy would be nice but not essential", g)      # the clause, not the sentence
    assert [(x.field, x.op, x.value) for x in got.constraints] == [("genres", "contains", "War")]
    got = read("a war film but comedy isn't a must", g)
    assert [(x.field, x.op, x.value) for x in got.constraints] == [("genres", "contains", "War")]
    got = read("no horror - that is not negotiable. a comedy is essential", g)     # insisting is no option
    assert sorted((x.field, x.op, x.value) for x in got.constraints) == [("genres", "contains", "Comedy"),
                                                                        ("genres", "ne", "Horror")]


def test_the_maker_asked_for_lets_the_kind_give_way():
    """"anything else from that brand?" of a named scarf: the brand is asked for, the scarf kind only
    while the maker has enough scarves (`Reading.same`); "like it but cheaper" keeps the kind firm."""
    got = read("I love my Corello burgundy silk scarf. Anything else from that brand?", _shop_grounding())
    assert ("brand", "eq", "Corello") in [(x.field, x.op, x.value) for x in got.constraints]
    assert [(x.field, x.op, x.value) for x in got.same] == [("category", "eq", "scarf")]
    got = read("something like the Corello burgundy silk scarf", _shop_grounding())
    assert got.same == [] and [(x.field, x.value) for x in got.constraints] == [("category", "scarf")]


def test_a_kind_said_with_one_adds_to_the_plan():
    """"ooh, a romantic one" after "a drama": a romantic drama; "a romantic one instead" replaces."""
    from rec.agents.edits import adds

    assert adds("ooh a romantic one") and adds("a scary one, please") and not adds("a romantic one instead")
    assert not adds("one of the best") and not adds("a comedy")
    assert adds("Same again but something for my wee daughter - a children's film")    # the same, for someone
    assert not adds("same again but a horror")


def test_a_kind_mixed_into_what_was_shown_adds_to_the_plan():
    """"one with a bit of romance in it" after "a comedy": a romantic comedy; so is "a touch of romance";
    "instead" still replaces."""
    from rec.agents.edits import adds

    assert adds("nah these are all a bit daft, one with a bit of romance in it") and adds("ones with a war in them")
    assert adds("something with a touch of humour") and adds("maybe a little dash of romance?")
    assert not adds("one with a bit of romance instead") and not adds("a romance") and not adds("a bit older")
    assert adds("Actually add a side of romance to that.") and adds("+ must be animated")     # an order's, a chart's


def test_an_item_the_user_has_anchors_what_they_ask_of_it():
    """"already own the Briwick boots, show me boots from that same brand": the brand of an item they have;
    its kind is not asked for from it (here the words say it)."""
    got = read("Already own the Briwick black leather boots. Show me other boots from that same brand.",
               _shop_grounding())
    assert [h.item_id for h in got.exclusions] == ["2"] and not got.references
    assert sorted((x.field, x.op, x.value) for x in got.constraints) == [("brand", "eq", "Briwick"),
                                                                        ("category", "eq", "boots")]
    got = read("I already have the Briwick black leather boots, anything else from that brand?", _shop_grounding())
    assert [(x.field, x.value) for x in got.constraints] == [("brand", "Briwick")]     # no boots from the owned pair
    got = read("Saw the Briwick black leather boots and nah, not for me. What other leather ones do you have?",
               _shop_grounding())         # "other leather ones": the kind of the item named
    assert sorted((x.field, x.op, x.value) for x in got.constraints) == [("category", "eq", "boots"),
                                                                        ("material", "eq", "leather")]


def test_a_field_dropped_and_bounded_anew_in_one_message_keeps_the_new_bound():
    g = Grounding(NumericFields({"year": (1920.0, 1998.0)}, "year"), ValueLinker({"genres": ("list", ["Thriller"])}),
                  lambda text: [])
    assert read("on second thought scrap the decade. older, before 1970", g).cleared == set()
    assert read("on second thought scrap the decade", g).cleared == {"year"}
    assert read("any decade, before 1970 ideally", g).cleared == {"year"}     # indifference, not an edit


def test_a_person_word_for_a_value_is_weak_as_a_link_by_meaning():
    """"our kid wants a sci-fi": "kid" reaches Children's through WordNet, but only as evidence of whom the film
    is for, so it gives way where the plan leaves too few items, as a link by meaning does."""
    from rec.agents.links import Link
    from rec.agents.planner import _weak

    fields = {"genres": ("list", ["Children's", "Sci-Fi"])}
    links = [Link("genres", "Children's", 4, 7, how="person"), Link("genres", "Sci-Fi", 16, 22)]
    assert _weak(links, fields) == {("genres", "Children's"): 1.0}
    assert _weak([Link("genres", "Children's", 0, 8, how="lexicon")], fields) == {}


def test_an_era_by_name_bounds_the_year_and_names_no_genre():
    g = Grounding(NumericFields({"year": (1920.0, 1998.0)}, "year"),
                  ValueLinker({"genres": ("list", ["War", "Drama"])}), lambda text: [])
    assert [(x.field, x.op, x.value) for x in read("any pre-war pictures? films from before the war", g).constraints
            ] == [("year", "lt", 1940), ("year", "lt", 1940)]
    assert [(x.field, x.op, x.value) for x in read("a post-war drama", g).constraints] == [
        ("year", "gte", 1945), ("genres", "contains", "Drama")]
    assert [(x.field, x.op, x.value) for x in read("a film about the war", g).constraints] == [
        ("genres", "contains", "War")]


def test_titles_judged_after_them_and_titles_that_end_at_a_comma():
    films = {"Seven (Se7en)": Hit("7", "Seven (Se7en)", 1995), "Heat": Hit("10", "Heat", 1995)}
    g = Grounding(NumericFields({"year": (1920.0, 1998.0), "rating_mean": (1.0, 5.0)}, "year"),
                  ValueLinker({"genres": ("list", ["Comedy", "Crime"])}),
                  lambda text: list(films.values()), items=lambda ids: {"7": {"rating_mean": 3.85}})
    got = read("se7en was great - give me crime films rated even higher than that one", g)
    assert [h.title for h in got.references] == ["Seven (Se7en)"]
    assert sorted((x.field, x.op, x.value) for x in got.constraints) == [("genres", "contains", "Crime"),
                                                                        ("rating_mean", "gt", 3.85)]
    got = read("heat was boring, a crime film", g)
    assert [h.title for h in got.exclusions] == ["Heat"] and not got.references
    got = read("not heat, a comedy", g)           # the title ends at the comma: the comedy is asked for
    assert [h.title for h in got.exclusions] == ["Heat"]
    assert [(x.field, x.op, x.value) for x in got.constraints] == [("genres", "contains", "Comedy")]


def test_a_title_ruled_out_after_a_dash_leaves_the_kind_asked_for():
    """"A crime film - not Fargo": the title's words are blanked out of the linked words, and no "not" is left
    standing at a clause's end to refuse the crime."""
    films = [Hit("1", "Fargo", 1996), Hit("2", "Pulp Fiction", 1994)]
    g = Grounding(NumericFields({}), ValueLinker({"genres": ("list", ["Crime", "Comedy"])}), lambda text: films)
    got = read("A crime film - not Fargo, we've watched it a hundred times, and not Pulp Fiction either.", g)
    assert sorted(h.item_id for h in got.exclusions) == ["1", "2"]
    assert [(x.field, x.op, x.value) for x in got.constraints] == [("genres", "contains", "Crime")]


def test_a_compound_ruled_out_whose_part_the_message_asks_for():
    """"something scary ... NOT one of those horror comedy things": horror, not comedy."""
    g = Grounding(NumericFields({}), ValueLinker({"genres": ("list", ["Horror", "Comedy", "Romance"])}),
                  lambda text: [])
    got = read("we want a horror film tonight. NOT one of those horror comedy things", g)
    assert sorted((x.field, x.op, x.value) for x in got.constraints) == [("genres", "contains", "Horror"),
                                                                        ("genres", "ne", "Comedy")]
    got = read("no horror comedies", g)
    assert sorted((x.field, x.op, x.value) for x in got.constraints) == [("genres", "ne", "Comedy"),
                                                                        ("genres", "ne", "Horror")]


def test_items_sent_back_or_finished_are_ruled_out_and_named_in_part():
    shop = {"3": Hit("3", "Briwick white polyester blouse", None), "4": Hit("4", "Briwick white wool coat", None)}
    g = Grounding(NumericFields({}), ValueLinker({"category": ("string", ["blouse", "coat"])}),
                  lambda text: list(shop.values()))
    got = read("I sent back the briwick white blouse. Find me another blouse", g)
    assert [h.item_id for h in got.exclusions] == ["3"]          # its first and last words, not the coat
    films = [Hit("1", "The Shawshank Redemption", 1994), Hit("2", "The Godfather", 1972)]
    g = Grounding(NumericFields({}), ValueLinker({"genres": ("list", ["Drama"])}), lambda text: films)
    got = read("we've just finished shawshank redemption and godfather, both brilliant. another drama?", g)
    assert sorted(h.item_id for h in got.exclusions + got.references) == ["1", "2"]


def test_a_title_named_by_one_rare_word_or_misspelt():
    """"seen shawshank", "watched ... aladin to death": a word that is no English word names the one title it
    opens or is a typo of; "to death" is an intensifier, no horror."""
    films = [Hit("1", "The Shawshank Redemption", 1994), Hit("2", "Aladdin", 1992), Hit("3", "Toy Story", 1995)]
    g = Grounding(NumericFields({}), ValueLinker({"genres": ("list", ["Drama", "Animation", "Horror"])}),
                  lambda text: films)
    got = read("I've seen shawshank about twenty times now. other dramas?", g)
    assert [h.item_id for h in got.exclusions] == ["1"]
    got = read("we've watched toy story and aladin to death. other animated films?", g)
    assert sorted(h.item_id for h in got.exclusions) == ["2", "3"]
    assert [(x.field, x.op, x.value) for x in got.constraints] == [("genres", "contains", "Animation")]


def test_scratch_that_corrects_a_part_or_starts_over():
    """"Scratch that, black" corrects the colour and keeps the rest; "scratch that, show me scarves" names a new
    kind of item: a new search."""
    g = _shop_grounding()
    assert not read("nah scratch that, black - she reckons burgundy's not her colour", g).reset
    assert read("scratch that, show me scarves", g).reset and read("scratch that", g).reset
    assert read("scrap that and show me scarves", g).reset and read("ditch it. boots instead", g).reset
    assert not read("ditch the burgundy, black instead", g).reset      # one value let go, the rest kept


def test_a_follow_up_restates_the_number_the_plan_bounds():
    from rec.agents.edits import restated

    numeric = NumericFields({"ratings_count": (1.0, 583.0), "year": (1920.0, 1998.0)}, "year")
    before = [c("ratings_count", "gte", 100), c("genres", "contains", "Thriller")]
    assert restated("hmm bump that up to three hundred", before, [], numeric) == [c("ratings_count", "gte", 300)]
    assert restated("hmm bump that up to 300", before, [c("year", "lt", 1990)], numeric) == []   # bounded anew
    assert restated("bump that up to 300", [*before, c("year", "lt", 1990)], [], numeric) == [    # the one whose
        c("ratings_count", "gte", 300)]                                                         # field holds it
    scored = NumericFields({"ratings_count": (1.0, 583.0), "rating_mean": (1.0, 5.0)}, None)
    two = [c("rating_mean", "gte", 3.5), c("ratings_count", "gte", 100)]
    assert restated("actually bump it to 80%", two, [], scored) == [c("rating_mean", "gte", 4)]   # a share: the score
    assert restated("bump it to 80%", two[:1], [], scored) == [c("rating_mean", "gte", 4)]       # ... alone too
    assert restated("bump it to 4", two, [], scored) == []                                        # which one?
    assert restated("swap the war films for westerns, and you can relax the bar to 3.5", two[:1], [], scored) == [
        c("rating_mean", "gte", 3.5)]                                            # eased, loosened, relaxed: restated
    assert restated("hmm, loosen that to 7 out of 10", two[:1], [], scored) == [c("rating_mean", "gte", 3.5)]  # scale
    # the number meant in place of the one said, picked by it where the plan bounds two fields
    both = [*before, c("year", "lt", 1990)]
    assert restated("sorry, I meant 200 not 100, fat fingers", both, [], numeric) == [c("ratings_count", "gte", 200)]
    assert restated("oops 1980, not 1990", both, [], numeric) == [c("year", "lt", 1980)]
    assert restated("i meant 200", before, [], numeric) == [c("ratings_count", "gte", 200)]
    assert restated("i meant 32", before, [c("sizes", "contains", "32")], numeric) == []     # read as a size


def test_a_bare_comparative_moves_past_the_plans_range():
    """"comedies from the 90s" then "older ones?": before 1990; "newer?" after 1999; "cheaper?" under the
    plan's least price. Nothing where the plan bounds no such side, or the words are about someone."""
    from rec.agents.edits import beyond

    numeric = NumericFields({"year": (1920.0, 1998.0), "price": (5.0, 300.0)}, "year", "price")
    nineties = [c("year", "gte", 1990), c("year", "lte", 1999), c("genres", "contains", "Comedy")]
    assert beyond("older ones?", nineties, [], numeric) == [c("year", "lt", 1990)]
    assert beyond("Anything newer please", nineties, [], numeric) == [c("year", "gt", 1999)]
    assert beyond("something a bit older", [c("year", "lte", 1999)], [], numeric) == []     # no lower bound
    assert beyond("nothing older", nineties, [], numeric) == []
    assert beyond("a gift for my older brother", nineties, [], numeric) == []
    assert beyond("he's older", nineties, [], numeric) == []
    assert beyond("older ones, before 1970", nineties, [c("year", "lt", 1970)], numeric) == []    # bounded anew
    assert beyond("only the ones from before that year.", [c("year", "gt", 1985)], [], numeric) == [
        c("year", "lt", 1985)]                                                   # "that year": the plan's own
    assert beyond("cheaper?", [c("price", "gte", 50), c("price", "lte", 80)], [], numeric) == [c("price", "lt", 50)]
    assert beyond("any pricier ones?", [c("price", "gte", 50), c("price", "lte", 80)], [], numeric) == [
        c("price", "gt", 80)]


def test_a_verdict_on_what_was_shown_moves_past_it():
    """"meh, these are all too new" after "90s comedies": before 1990; with no such bound in the plan, past
    what was shown: "too dear" is under the cheapest item on the list, "too old" after its newest. A wish
    ("nothing too old", "not too pricey") is no verdict."""
    from rec.agents.edits import beyond

    numeric = NumericFields({"year": (1920.0, 1998.0), "price": (5.0, 300.0)}, "year", "price")
    nineties = [c("year", "gte", 1990), c("year", "lte", 1999)]
    shown = {"year": [1971.0, 1985.0, 1979.0], "price": [45.0, 60.5, 52.0]}.get
    assert beyond("meh, these are all too new", nineties, [], numeric, shown) == [c("year", "lt", 1990)]
    assert beyond("meh, these are all too new", [], [], numeric, shown) == [c("year", "lt", 1971)]
    assert beyond("nah, way too old mate", [], [], numeric, shown) == [c("year", "gt", 1985)]
    assert beyond("too dear eh", [c("price", "lt", 80)], [], numeric, shown) == [c("price", "lt", 45)]
    assert beyond("hmm these look a bit too cheap", [], [], numeric, shown) == [c("price", "gt", 60.5)]
    assert beyond("a comedy, nothing too old", [], [], numeric, shown) == []
    assert beyond("not too pricey though", [], [], numeric, shown) == []
    assert beyond("too dear, under 30 please", [], [c("price", "lt", 30)], numeric, shown) == []   # said anew
    assert beyond("too new", [], [], numeric) == []            # nothing shown, no bound: nothing to move past
    assert beyond("cheaper?", [], [], numeric, shown) == [c("price", "lt", 52)]      # a bare comparative: the middle
    assert beyond("he's too old for these", [], [], numeric, shown) == []        # a person's age
    assert beyond("nah, she's way too old", [], [], numeric, shown) == []
    assert beyond("they're all too old", [], [], numeric, shown) == [c("year", "gt", 1985)]     # the films


def test_what_is_ruled_out_and_a_time_of_life_are_not_searched_for():
    """The search words leave out each refusal to its clause's end and a time of someone's life; a message
    that leaves nothing to search for searches for nothing (a title alone still searches for itself)."""
    g = Grounding(NumericFields({}), ValueLinker({"genres": ("list", ["Horror", "Comedy", "Musical"])}),
                  lambda text: [])
    assert read("I don't want anything with singing and dancing in it", g).words == ""
    assert " ".join(read("a comedy like the ones I loved when I was a kid, nothing too silly", g).words.split()) == \
        "a comedy like the ones I loved ,"


def _sweater_grounding():
    fields = {"category": ("string", ["sweater", "scarf"]), "color": ("string", ["red", "grey"]),
              "material": ("string", ["cashmere", "wool"]), "style": ("string", ["minimalist", "classic"])}
    return Grounding(NumericFields({"price": (5.0, 500.0)}, None, "price"), ValueLinker(fields), lambda text: [],
                     kinds=("category",))


@pytest.mark.parametrize("text, hedged", [
    ("a cashmere sweater in red, ideally something minimalist", [("style", "eq", "minimalist")]),
    ("a grey wool sweater, below 70 dollars if possible", [("price", "lt", 70)]),
    ("a red scarf. A classic look would be ideal, though I leave that to you", [("style", "eq", "classic")]),
    ("a red scarf, cashmere if you have it, minimalist", [("material", "eq", "cashmere")]),
    ("ideally a red cashmere scarf", []),             # every wish hedged: they are the request
    ("in red. I think a sweater would be nice", []),  # the kind of item is the request's head
    ("a minimalist red sweater in cashmere", []),
    ("do you have a cashmere sweater, minimalist or whatever, under 60?", [("style", "eq", "minimalist")]),
    ("a wool scarf, classic or something similar", [("style", "eq", "classic")]),
    ("a grey sweater for a classic car weekend", [("style", "eq", "classic")]),    # words naming an occasion
    ("a red scarf for classic car day", [("style", "eq", "classic")]),
])
def test_a_wish_said_in_a_hedged_clause_is_marked(text, hedged):
    """What a clause hedges ("ideally", "if possible", "would be ideal") is read, and marked as a wish that may give
    way (`Reading.hedged`; see test_topics); a hedge on the whole request hedges nothing."""
    got = read(text, _sweater_grounding())
    assert sorted((x.field, x.op, x.value) for x in got.hedged) == sorted(hedged)
    assert all(x in got.constraints for x in got.hedged)


def test_a_misspelt_value_is_searched_as_the_catalog_spells_it():
    """"leathr bots": the search reads "leather", the word the link found (and the kind its neighbours imply)."""
    g = Grounding(NumericFields({"price": (5.0, 300.0)}, None, "price"),
                  ValueLinker({"material": ("string", ["leather", "wool"]), "category": ("string", ["boots", "coat"])}),
                  lambda text: [])
    got = read("leathr bots size 42", g)
    assert [(x.field, x.value) for x in got.constraints] == [("material", "leather")]
    assert got.words.split()[0] == "leather"


def test_a_follow_up_that_widens_a_span_joins_it_to_the_plans():
    """"Thrillers from the 80s" then "the 70s too" / "open it up to the 70s": 1970-1989; a span apart ("the 60s as
    well") adds its years; a span inside the old one, "instead", or an open bound ("also before 1985") edit it."""
    from rec.agents.edits import widened
    from rec.agents.grammar import numeric_hints

    years = NumericFields({"year": (1920.0, 1998.0), "price": (1.0, 500.0)}, "year", "price")
    before = [c("genres", "contains", "Thriller"), c("year", "gte", 1980), c("year", "lte", 1989)]

    def widen(text):
        return widened(text, before, numeric_hints(text, years), years)

    assert widen("open it up to the 70s too") == widen("the 70s too") == widen("include the 70s") == [
        c("year", "gte", 1970), c("year", "lte", 1989)]
    assert widen("and the 60s as well") == [c("year", "in", [*range(1960, 1970), *range(1980, 1990)])]
    assert widen("the 70s instead") == [c("year", "gte", 1970), c("year", "lte", 1979)]
    assert widen("and what about the 70s?") == [c("year", "gte", 1970), c("year", "lte", 1979)]     # another
    assert widen("also before 1985") == [c("year", "lt", 1985)]
    assert widen("1985 to 1987 too") == [c("year", "gte", 1985), c("year", "lte", 1987)]     # inside: narrows
    assert numeric_hints("open it up to 50 quid", years) == [c("price", "lte", 50)]        # an amount: a bound


def test_who_an_item_is_for_is_assumed_where_its_definition_says_and_no_one_is_named():
    """"I need a dress for the wedding": WordNet defines a dress as "a one-piece garment for a woman", so the plan
    asks for women's and unisex dresses, as a hedged wish the trace names; a person named wins ("a dress for my
    son"); a kind defined for no one ("a shirt") assumes nothing."""
    from rec.agents.lexicon import wordnet
    from rec.agents.planner import imply

    if wordnet() is None:
        pytest.skip("no WordNet")
    fields = {"category": ("string", ["dress", "shirt", "skirt", "jeans"]),
              "audience": ("string", ["men", "women", "unisex"])}
    g = Grounding(NumericFields({}), ValueLinker(fields, lexicon=True), lambda text: [])
    r = read("I need a dress for the wedding", g)
    assert imply(r, r.constraints, g) == [c("category", "eq", "dress"), c("audience", "in", ["women", "unisex"])]
    assert r.assumed == r.hedged == [c("audience", "in", ["women", "unisex"])]
    r = read("I need a dress or a skirt", g)                            # both defined as a woman's
    assert imply(r, r.constraints, g)[-1] == c("audience", "in", ["women", "unisex"])
    r = read("a dress or jeans", g)                                     # jeans are anyone's
    assert imply(r, r.constraints, g) == r.constraints and r.assumed == []
    r = read("a dress for my son", g)
    assert sorted(map(str, imply(r, r.constraints, g))) == sorted(map(str, [
        c("category", "eq", "dress"), c("audience", "in", ["men", "unisex"])]))
    r = read("a shirt", g)
    assert imply(r, r.constraints, g) == [c("category", "eq", "shirt")] and r.assumed == []


def test_an_assumed_wearer_is_not_carried_as_said():
    """The next turn starts from the plan without what was only assumed: "show me dresses" then "a shirt
    instead" asks for no audience, whether the thread carries the plan or the client sends the conversation."""
    from rec.agents.lexicon import wordnet
    from rec.agents.planner import plan_turn

    if wordnet() is None:
        pytest.skip("no WordNet")
    fields = {"category": ("string", ["dress", "shirt"]), "audience": ("string", ["men", "women", "unisex"])}
    g = Grounding(NumericFields({}), ValueLinker(fields, lexicon=True), lambda text: [])
    first = plan_turn(None, [{"role": "user", "content": "show me dresses"}], g)
    assert first.assumed == [c("audience", "in", ["women", "unisex"])]
    assert first.trace["assumed"] == ["audience in ['women', 'unisex']"]
    talk = [{"role": "user", "content": "show me dresses"}, {"role": "assistant", "content": "1. A dress"},
            {"role": "user", "content": "a shirt instead"}]
    threaded = plan_turn(None, talk, g, previous=first.plan, assumed=first.assumed)
    sent = plan_turn(None, talk, g)
    assert threaded.plan.hard_constraints == sent.plan.hard_constraints == [c("category", "eq", "shirt")]
    kept = plan_turn(None, talk, g, previous=first.plan)       # a plan that said it keeps it
    assert c("audience", "in", ["women", "unisex"]) in kept.plan.hard_constraints


def test_a_title_to_be_like_asks_for_one_of_its_kinds_where_the_plan_leaves_them_open():
    """"Loved Unforgiven. What else would I like?": one of the kinds the named films have, as a value that gives
    way where it leaves too few items (`Reading.same`); a kind the words or the plan name wins ("like Alien but a
    comedy"; "romcoms" then "more like the second one")."""
    from rec.agents.planner import imply

    films = {"1": {"genres": ["Western"]}, "2": {"genres": ["Horror", "Sci-Fi"]}}
    hits = [Hit("1", "Unforgiven", 1992), Hit("2", "Alien", 1979)]
    g = Grounding(NumericFields({}), ValueLinker({"genres": ("list", ["Western", "Horror", "Sci-Fi", "Comedy"])}),
                  lambda text: sorted(hits, key=lambda h: h.title.lower() not in text.lower()),
                  items=lambda ids: {i: films[i] for i in ids if i in films}, kinds=("genres",))
    r = read("Loved Unforgiven. What else would I like?", g)
    assert [h.title for h in r.references] == ["Unforgiven"] and r.constraints == []
    assert imply(r, r.constraints, g) == r.same == [c("genres", "in", ["Western"])]
    r = read("something like Unforgiven or Alien", g)
    assert imply(r, r.constraints, g) == [c("genres", "in", ["Western", "Horror", "Sci-Fi"])]
    r = read("like Alien but a comedy", g)
    assert imply(r, r.constraints, g) == [c("genres", "contains", "Comedy")] and r.same == []
    r = read("more like Alien", g)
    assert imply(r, [c("genres", "contains", "Comedy")], g) == [c("genres", "contains", "Comedy")]   # the plan's


def test_anything_asked_as_a_question_is_no_indifference():
    """"scifi thrillr, anythin?" asks for sci-fi thrillers; "comedy, drama, anything" is indifference."""
    g = Grounding(NumericFields({}), ValueLinker({"genres": ("list", ["Sci-Fi", "Thriller", "Comedy", "Drama"])}),
                  lambda text: [])
    assert read("scifi thrillr, anything?", g).constraints == [c("genres", "contains", "Sci-Fi"),
                                                              c("genres", "contains", "Thriller")]
    assert read("he likes all types, comedy, drama, anything", g).constraints == []


def test_a_hedged_wish_gives_way_counting_only_what_can_be_shown():
    """The named item is never shown, so it does not count toward the items a plan leaves: "more blouses from
    that brand" where the brand has three women's blouses, one of them the one named, drops the assumed wearer."""
    from rec.agents.lexicon import wordnet
    from rec.agents.planner import imply

    if wordnet() is None:
        pytest.skip("no WordNet")
    rows = {"1": {"category": "blouse", "audience": "women"}, "2": {"category": "blouse", "audience": "women"},
            "3": {"category": "blouse", "audience": "unisex"}, "4": {"category": "blouse", "audience": "men"},
            "5": {"category": "blouse", "audience": "men"}}

    class Rows:
        def count(self, constraints, excluding=frozenset()):
            return sum(all(r.get(c.field) in (c.value if c.op == "in" else [c.value]) for c in constraints)
                       for i, r in rows.items() if i not in excluding)

    fields = {"category": ("string", ["blouse", "shirt"]), "audience": ("string", ["men", "women", "unisex"])}
    g = Grounding(NumericFields({}), ValueLinker(fields, lexicon=True), lambda text: [Hit("1", "Briwick blouse", None)],
                  topics=Rows())
    r = read("a blouse", g)
    assert imply(r, r.constraints, g) == [c("category", "eq", "blouse"), c("audience", "in", ["women", "unisex"])]
    r = read("loved the Briwick blouse, more blouses like it", g)
    assert [h.item_id for h in r.references] == ["1"]
    assert imply(r, r.constraints, g) == [c("category", "eq", "blouse")]
    assert r.yielded == ["audience in ['women', 'unisex']"]


def test_a_field_let_go_as_not_mattering_about_it():
    g = Grounding(NumericFields({"year": (1920.0, 1998.0)}, "year"),
                  ValueLinker({"color": ("string", ["green", "red"]), "category": ("string", ["bag"])}),
                  lambda text: [])
    assert read("doesn't matter about the colour after all, but under 60", g).cleared == {"color"}
    assert read("any year is fine", g).cleared == {"year"}
    assert read("Let's widen it: any year from 1960 to 1995 is fine.", g).cleared == set()     # it says which


def test_a_word_above_nearly_every_value_refused_lets_the_field_go():
    """"forget the fabric" rules out every material but leather: it lets the material go, it asks for none."""
    from rec.agents.phrases import Link
    from rec.agents.planner import _every_value_refused

    fields = {"material": ("string", ["cotton", "wool", "silk", "linen", "leather"]), "color": ("string", ["red"])}
    fabric = [Link("material", v, 11, 17, negated=True, how="above") for v in ("cotton", "wool", "silk", "linen")]
    assert _every_value_refused(fabric, fields) == {"material"}
    assert _every_value_refused(fabric[:2], fields) == set()          # "no animal fibres": a refusal of some
    assert _every_value_refused([Link("material", "silk", 0, 4, negated=True)], fields) == set()
    jeans = [Link("category", "jeans", 4, 9), *fabric[:4]]        # "not jeans fabric": the fabric of a value
    jeans = [Link(k.field, k.value, 10, 16, negated=True, how="above") if k.how == "above" else k for k in jeans]
    assert _every_value_refused(jeans, fields) == set()


def test_a_named_items_value_the_plan_held_already_does_not_give_way():
    """"scarf", then "> Ostmora brown wool scarf / only show me that brand, in pink": the scarf the first turn
    asked for stays, however few pink Ostmora scarves there are; only a value said through the named item alone
    would give way (`planner._yield`)."""
    from rec.agents.planner import plan_turn

    rows = {"1": {"category": "scarf", "brand": "Ostmora", "color": "brown", "material": "wool"},
            "2": {"category": "scarf", "brand": "Ostmora", "color": "pink", "material": "wool"},
            "3": {"category": "scarf", "brand": "Ostmora", "color": "pink", "material": "silk"},
            **{str(i): {"category": "bag", "brand": "Ostmora", "color": "pink", "material": "wool"}
               for i in range(4, 9)}}

    class Rows:
        def count(self, constraints, excluding=frozenset()):
            return sum(all(r.get(c.field) in (c.value if c.op == "in" else [c.value]) for c in constraints)
                       for i, r in rows.items() if i not in excluding)

        def implied(self, *args, **kwargs):
            return None

    fields = {"category": ("string", ["scarf", "bag"]), "brand": ("string", ["Ostmora", "Velvik"]),
              "color": ("string", ["brown", "pink"]), "material": ("string", ["wool", "silk"])}
    g = Grounding(NumericFields({}), ValueLinker(fields), lambda text: [Hit("1", "Ostmora brown wool scarf", None)],
                  items=lambda ids: {i: rows[i] for i in ids if i in rows}, topics=Rows())
    first = plan_turn(None, [{"role": "user", "content": "scarf"}], g)
    talk = [{"role": "user", "content": "scarf"}, {"role": "assistant", "content": "1. Ostmora brown wool scarf"},
            {"role": "user", "content": "> Ostmora brown wool scarf\nthe Ostmora ones are nice. only show me that "
                                        "brand, in pink"}]
    second = plan_turn(None, talk, g, previous=first.plan)
    assert sorted(map(str, second.plan.hard_constraints)) == sorted(map(str, [
        c("category", "eq", "scarf"), c("brand", "eq", "Ostmora"), c("color", "eq", "pink")]))


def test_praise_is_a_wish_that_gives_way_and_scratch_that_with_refusals_only_amends():
    """"the best rated westerns made before 1960": the score praise says gives way where it leaves too few
    westerns (a stated bound would not); "scratch that - no sci-fi and no war films either" amends the refusals
    and keeps the action asked for before."""
    from rec.agents.edits import resets
    from rec.agents.planner import imply

    rows = {"1": {"genres": ["Western"], "year": 1950, "rating_mean": 3.9},
            "2": {"genres": ["Western"], "year": 1952, "rating_mean": 3.2},
            "3": {"genres": ["Western"], "year": 1955, "rating_mean": 3.0},
            "4": {"genres": ["Western"], "year": 1958, "rating_mean": 2.9}}

    class Rows:
        def count(self, constraints, excluding=frozenset()):
            def holds(c, r):
                v = r.get(c.field)
                return {"contains": lambda: c.value in v, "lt": lambda: v < c.value, "gte": lambda: v >= c.value,
                        "lte": lambda: v <= c.value}[c.op]()
            return sum(all(holds(c, r) for c in constraints) for i, r in rows.items() if i not in excluding)

        def implied(self, *args, **kwargs):
            return None

        def weighed(self, *args, **kwargs):
            return {}

    g = Grounding(NumericFields({"year": (1920.0, 1998.0), "rating_mean": (1.0, 5.0)}, "year"),
                  ValueLinker({"genres": ("list", ["Western", "Drama"])}), lambda text: [], topics=Rows())
    r = read("the best rated westerns you have made before 1960", g)
    assert c("rating_mean", "gte", 3.5) in r.constraints and r.hedged == [c("rating_mean", "gte", 3.5)]
    assert imply(r, r.constraints, g) == [c("year", "lt", 1960), c("genres", "contains", "Western")]
    r = read("westerns made before 1960 rated at least 3.5", g)
    assert r.hedged == [] and c("rating_mean", "gte", 3.5) in imply(r, r.constraints, g)
    said = [c("genres", "ne", "Sci-Fi"), c("genres", "ne", "War")]
    assert not resets("scratch that - no sci-fi AND no war films either", said, ["genres"])
    assert resets("scratch that, show me dramas", [c("genres", "contains", "Drama")], ["genres"])


def test_follow_ups_that_let_a_value_back_add_to_that_or_rule_out_what_it_shall_be():
    """"let the crime ones back in" drops the refusal and asks for no crime; "Add sci-fi to that" adds; "none of
    them shall be a comedy" rules comedy out; "the first list was better" names no shown item."""
    from rec.agents.planner import plan_turn
    from rec.agents.references import positions

    g = Grounding(NumericFields({"year": (1920.0, 1998.0)}, "year"),
                  ValueLinker({"genres": ("list", ["Thriller", "Horror", "Crime", "Action", "Sci-Fi", "Comedy"])}),
                  lambda text: [])

    def talk(*texts):
        plan = None
        for n in range(1, len(texts) + 1):
            msgs = [{"role": "user", "content": t} for t in texts[:n]]
            plan = plan_turn(None, msgs, g, previous=plan).plan
        return sorted(map(str, plan.hard_constraints))

    assert talk("a thriller that isn't horror", "and leave out the crime ones too",
                "ok let the crime ones back in, just keep the horror out") == sorted(map(str, [
                    c("genres", "contains", "Thriller"), c("genres", "ne", "Horror")]))
    assert talk("Action films from after 1990.", "Add sci-fi to that.") == sorted(map(str, [
        c("year", "gt", 1990), c("genres", "contains", "Action"), c("genres", "contains", "Sci-Fi")]))
    assert talk("a thriller", "Addendum: none of them shall be a comedy.") == sorted(map(str, [
        c("genres", "contains", "Thriller"), c("genres", "ne", "Comedy")]))
    shown = [Hit("1", "Contact", 1997), Hit("2", "Heat", 1995)]
    assert positions("The first list was better - just newer", shown) == []
    assert [h.title for h in positions("more like the first one", shown)] == ["Contact"]


def test_a_follow_up_opening_on_or_offers_another_value_beside_the_plans():
    """"war films", then "or westerns, either's fine": either of them; where the plan asks two values of the field
    ("a romantic comedy", then "or a drama"), no one value to join: the new one replaces them, as any new value
    does."""
    from rec.agents.planner import replay

    g = Grounding(NumericFields({}), ValueLinker({"genres": ("list", ["War", "Western", "Comedy", "Romance", "Drama"]),
                                                  "color": ("string", ["white", "grey", "black"])}), lambda text: [])

    def planned(*texts):
        return [(k.field, k.op, k.value) for k in replay(list(texts), g)[0].hard_constraints]

    assert planned("war films", "or westerns, either's fine") == [("genres", "in", ["War", "Western"])]
    assert planned("something white", "or grey") == [("color", "in", ["white", "grey"])]
    assert planned("a romantic comedy", "or a drama") == [("genres", "contains", "Drama")]
    assert planned("war films", "westerns") == [("genres", "contains", "Western")]      # no "or": replaced
    # a value of a single-valued field said "too" joins the one the plan asks; a list field's adds to it
    assert planned("something white", "grey would work as well, actually") == [("color", "in", ["white", "grey"])]
    assert planned("something white", "grey instead") == [("color", "eq", "grey")]
    assert planned("war films", "westerns too") == [("genres", "contains", "War"), ("genres", "contains", "Western")]
    assert planned("war films", "no comedy", "Oya add drama join am.") == [
        ("genres", "contains", "War"), ("genres", "ne", "Comedy"), ("genres", "contains", "Drama")]
    assert planned("war films", "It is further required that the film be a drama.") == [
        ("genres", "contains", "War"), ("genres", "contains", "Drama")]
    # a categorical value said beside "any genre ... is fine" is asked for; a field let go bare is let go
    assert planned("I'd like to show them a drama - real people. Any genre of topic is fine.") == [
        ("genres", "contains", "Drama")]
    assert planned("a comedy in white", "any colour is fine") == [("genres", "contains", "Comedy")]


def test_a_letter_written_once_is_read_before_another_values_spelling():
    """"wolen": woolen with one "o", not "women" with an "l" for the "m"."""
    linker = ValueLinker({"audience": ("string", ["men", "women", "unisex"]), "category": ("string", ["sweater"]),
                          "material": ("string", ["canvas", "cashmere", "cotton", "denim", "leather", "linen",
                                                  "polyester", "silk", "suede", "wool"])}, lexicon=True)
    assert sorted((k.field, k.value) for k in linker.links("wolen sweter for a man")) == [
        ("audience", "men"), ("category", "sweater"), ("material", "wool")]


@pytest.mark.parametrize("text, expected", [
    ("Undo that last change.", "last"), ("revert it please", "last"), ("ok, back to what we had", "last"),
    ("Back to the cheaper range from before.", "last"), ("put it back the way it was", "last"),
    ("The first list was better.", "first"), ("Go back to the plain space stuff you had first.", "first"),
    ("Undo the comedy filter, keep the rating bar.", None),       # names what it lets go
    ("take me back to the eighties", None), ("I went back to the shop before lunch", None),
])
def test_what_a_follow_up_takes_back(text, expected):
    from rec.agents.edits import undoes

    assert undoes(text) == expected


def test_undo_goes_back_to_the_plan_before_the_last_change():
    """"undo that last change" restores the plan before the previous message's, what else it says edits that;
    "the first list was better" the first plan. Both in a replayed history and in a thread's turn."""
    from rec.agents.planner import plan_turn, replay

    g = Grounding(NumericFields({"year": (1920.0, 1998.0)}, "year"),
                  ValueLinker({"genres": ("list", ["Comedy", "Horror", "Drama"]),
                               "color": ("string", ["red", "black", "burgundy"])}), lambda text: [])

    def planned(*texts):
        return sorted((k.field, k.op, k.value) for k in replay(list(texts), g)[0].hard_constraints)

    assert planned("something red", "no, burgundy", "Undo that last change.") == [("color", "eq", "red")]
    assert planned("comedies from the 90s", "horror instead", "the first list was better") == [
        ("genres", "contains", "Comedy"), ("year", "gte", 1990), ("year", "lte", 1999)]
    assert planned("comedies", "from the 80s", "undo that, and make it a drama") == [("genres", "contains", "Drama")]
    assert planned("something red", "make that black", "forget what I said last, the one before that was right") == [
        ("color", "eq", "red")]
    assert planned("a comedy", "horror instead", "ignore what I just said. And from 1990 on") == [
        ("genres", "contains", "Comedy"), ("year", "gte", 1990)]
    conversation = [{"role": "user", "content": t} for t in ("something red", "no, burgundy", "undo that")]
    previous = replay(["something red", "no, burgundy"], g)[0]
    turn = plan_turn(None, conversation, g, previous=previous)
    assert [(k.field, k.value) for k in turn.plan.hard_constraints] == [("color", "red")]


def test_a_follow_up_opening_on_with_adds_to_the_same_item():
    """"an animated film for the kids", then "with songs in it, a musical": all three; "without" refuses."""
    from rec.agents.planner import replay

    g = Grounding(NumericFields({}), ValueLinker({"genres": ("list", ["Animation", "Musical", "Horror"])}),
                  lambda text: [])
    plan = replay(["an animated film", "with songs in it, a musical"], g)[0]
    assert {(k.op, k.value) for k in plan.hard_constraints} == {("contains", "Animation"), ("contains", "Musical")}
    plan = replay(["an animated film", "without horror"], g)[0]
    assert {(k.op, k.value) for k in plan.hard_constraints} == {("contains", "Animation"), ("ne", "Horror")}


def test_a_follow_up_that_forgets_a_value_asked_for_takes_it_back_without_ruling_it_out():
    """"suede ones" ... "hmm forget suede, just nothing leather": the suede wish goes, no suede refusal comes; in a
    first message "forget wool" still rules wool out; "no crime | crime's fine actually" allows crime again."""
    from rec.agents.planner import replay

    g = Grounding(NumericFields({}), ValueLinker({"category": ("string", ["boots", "sweater", "blouse"]),
                                                  "material": ("string", ["suede", "leather", "wool", "silk"]),
                                                  "genres": ("list", ["Drama", "Crime", "Romance"])}),
                  lambda text: [])

    def planned(*texts):
        return sorted((k.field, k.op, k.value) for k in replay(list(texts), g)[0].hard_constraints)

    assert planned("boots", "suede ones", "hmm forget suede, just nothing leather") == [
        ("category", "eq", "boots"), ("material", "ne", "leather")]
    assert planned("a silk blouse", "forget the silk, any fabric's fine") == [("category", "eq", "blouse")]
    assert planned("forget wool, a sweater") == [("category", "eq", "sweater"), ("material", "ne", "wool")]
    assert planned("suede boots", "scratch the suede, and none that are suede at all") == [
        ("category", "eq", "boots"), ("material", "ne", "suede")]        # ruled out again: it stays out
    assert planned("A drama with no crime in it. Wait, crime's fine actually - it's the romance I want kept out.") == [
        ("genres", "contains", "Drama"), ("genres", "ne", "Romance")]


def test_typography_is_read_as_plain_text():
    """A curly apostrophe refuses as a straight one ("can\u2019t spend more than $120" is at most 120), a phone's
    "4\u00bd" is 4.5, and a span's dash ends its clause ("Not the X \u2014 another bag under $100" keeps the bound)."""
    bags = [Hit("7", "Corello black canvas bag", None)]
    g = Grounding(NumericFields({"price": (5.0, 500.0), "score": (1.0, 5.0)}, price="price", rating="score"),
                  ValueLinker({"category": ("string", ["bag", "dress"])}), lambda text: bags)
    got = read("I need a dress, and honestly I can\u2019t spend more than $120 on it.", g)
    assert [(x.field, x.op, x.value) for x in got.constraints] == [("price", "lte", 120), ("category", "eq", "dress")]
    got = read("Only 4\u00bd stars or better", g)
    assert [(x.field, x.op, x.value) for x in got.constraints] == [("score", "gte", 4.5)]
    got = read("Not the Corello black canvas bag \u2014 another bag under $100, please.", g)
    assert [(x.field, x.op, x.value) for x in got.constraints] == [("price", "lt", 100), ("category", "eq", "bag")]
    assert [h.title for h in got.exclusions] == ["Corello black canvas bag"]


def test_titles_judged_lent_or_said_inside_plain_words():
    films = [Hit("9", "Unforgiven", 1992), Hit("10", "Fargo", 1996), Hit("11", "Heat", 1995),
             Hit("12", "Wild America", 1997)]
    g = Grounding(NumericFields({"year": (1920.0, 1998.0)}, "year"),
                  ValueLinker({"genres": ("list", ["Western", "Crime"])}), lambda text: films)
    assert [h.title for h in read("Unforgiven was very impressive for me. What other film is close to it?",
                                  g).references] == ["Unforgiven"]
    got = read("he's already lent me Fargo and Heat, so don't bother with those two. Other crime films?", g)
    assert [h.title for h in got.exclusions] == ["Fargo", "Heat"]
    assert read("a western with the horses and the desert of wild America", g).references == []
    got = read("Crime films, and leave out Fargo, I've seen it a dozen times. Oh and Heat too, seen it loads", g)
    assert [h.title for h in got.exclusions] == ["Fargo", "Heat"]
    assert [h.title for h in read("we did Heat last year, so not that one", g).exclusions] == ["Heat"]
    assert [h.title for h in read("we did Heat last year, more like that please", g).references] == ["Heat"]
    assert [h.title for h in read("something like wild america", g).references] == ["Wild America"]


def test_an_item_named_before_pointed_back_to():
    """"same colour as hers" and "in a different colour from that one" take the colour of the item an earlier
    message named."""
    from rec.agents.planner import replay

    items = {"1": {"category": "scarf", "color": "burgundy", "material": "silk"},
             "2": {"category": "bag", "color": "black", "material": "leather"}}
    hits = [Hit("1", "Corello burgundy silk scarf", None), Hit("2", "Marmora black leather bag", None)]
    g = Grounding(NumericFields({}), ValueLinker({"category": ("string", ["scarf", "bag"]),
                                                  "color": ("string", ["burgundy", "black", "red"]),
                                                  "material": ("string", ["silk", "leather"])}, lexicon=True),
                  lambda text: hits, items=lambda ids: {i: items[i] for i in ids if i in items}, kinds=("category",))

    def planned(*texts):
        return sorted((k.field, k.op, k.value) for k in replay(list(texts), g)[0].hard_constraints)

    assert ("color", "eq", "burgundy") in planned(
        "My friend bought the Corello burgundy silk scarf, I want a different scarf", "same colour as hers")
    assert ("color", "ne", "black") in planned("I have the Marmora black leather bag, want another bag",
                                               "in a different colour from that one")


def test_a_quoted_name_asks_for_nothing_and_a_quote_opens_no_possessive():
    from rec.agents.references import quoted_names

    assert quoted_names("'Blue Suede Shoes' was on the radio. I need sandals", lambda s: False) == ["Blue Suede Shoes"]
    assert quoted_names("I said 'Navy Blue Wool' not black", lambda s: s == "Navy Blue Wool") == []
    assert quoted_names("the kids' coats and the dogs' toys", lambda s: False) == []
    films = [Hit("3", "Star Wars", 1977)]
    g = Grounding(NumericFields({}), ValueLinker({"genres": ("list", ["War", "Sci-Fi"])}), lambda text: films)
    got = read("more like 'Star Wars' please", g)
    assert got.constraints == [] and [h.title for h in got.references] == ["Star Wars"]


def test_a_clause_that_only_hedges_hedges_the_one_before():
    from rec.agents.context import hedged

    t = "a wool coat | black would be fun | if possible"
    assert [t[a:b] for a, b in hedged(t)] == ["| black would be fun ", "| if possible"]
    t = "a wool coat | ideally black"
    assert [t[a:b] for a, b in hedged(t)] == ["| ideally black"]             # it hedges its own clause only


def test_a_refusal_lifted_by_saying_the_value_is_fine_makes_no_wish_of_it():
    before = [Constraint(field="category", op="eq", value="sneakers"), Constraint(field="color", op="ne", value="grey")]
    turn = [Constraint(field="color", op="eq", value="grey")]
    assert edit(before, turn, set(), allowing={("color", "grey")}) == before[:1]       # the refusal lifted, no wish
    assert edit(before[:1], turn, set(), allowing={("color", "grey")}) == [*before[:1], *turn]   # nothing refused


def test_a_part_let_go_before_forget_that_starts_nothing_over():
    """"Suede, forget it" and "the year is not so important, forget that" let that part go; the rest of the plan
    stays ("forget that" alone starts over)."""
    from rec.agents.planner import replay

    g = Grounding(NumericFields({"year": (1920.0, 1998.0), "score": (1.0, 5.0)}, year="year", rating="score"),
                  ValueLinker({"genres": ("list", ["Action", "Drama", "Comedy"])}), lambda text: [])

    def plan(*texts):
        return {(c.field, c.op, c.value) for c in replay(list(texts), g)[0].hard_constraints}

    assert plan("Action films from after 1990", "The year is not so important, forget that. Rated at least 4.") == {
        ("genres", "contains", "Action"), ("score", "gte", 4)}
    assert plan("a drama with some action", "The action, forget it. Comedy instead.") == {
        ("genres", "contains", "Drama"), ("genres", "contains", "Comedy")}
    assert plan("a drama with some action", "forget that. A comedy.") == {("genres", "contains", "Comedy")}
