"""The kind of item a request is about, implied by its neighbours in a real store (agents/topics.py)."""

import pytest

from rec.config import load_config, parse_overrides
from rec.schema import Constraint
from tests.catalog_data import write_jsonl

WESTERN = "A gunslinger rides into a dusty frontier town of saloons, sheriffs and a showdown at sundown."
CRIME = "Gangsters and bootleggers run the city; mobsters, hitmen and a bank heist."
OTHER = ["A family of {n} opens a bakery in the suburbs.", "Two friends {n} take a road trip to the coast.",
         "A teacher {n} inspires a class of misfits.", "An orchestra {n} rehearses for its last concert."]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from rec.retrieval.embeddings import HashingEmbedder
    from rec.retrieval.ingest import ingest
    from rec.retrieval.search import Retriever

    home, data = tmp_path_factory.mktemp("topics_home"), tmp_path_factory.mktemp("topics_data")
    rows = [{"id": f"w{i}", "title": f"Western {i}", "text": WESTERN,
             "attributes": {"year": 1950 + i, "genres": ["Western"] if i % 2 else ["Western", "Drama"]}}
            for i in range(5)]
    rows += [{"id": f"c{i}", "title": f"Crime {i}", "text": CRIME,
              "attributes": {"year": 1990 + i, "genres": ["Crime"]}} for i in range(5)]
    rows += [{"id": f"o{i}", "title": f"Other {i}", "text": OTHER[i % 4].format(n=i),
              "attributes": {"year": 1960 + i % 40, "genres": ["Comedy"] if i % 3 else ["Drama"]}} for i in range(50)]
    cfg = load_config(overrides=parse_overrides(["retrieval.embedder=hashing-256", f"home={home}",
                                                 "retrieval.sequential_epochs=1"]))
    ingest(cfg, HashingEmbedder(256), write_jsonl(data / "c.jsonl", rows))
    return Retriever(cfg, HashingEmbedder(256))


def topics(store, **kw):
    from rec.agents.links import categorical_fields
    from rec.agents.topics import TopicInference

    fields = categorical_fields(store.store.read_manifest()["fields"])
    return TopicInference(store, fields, ["genres"], depth=5, **kw)


def test_the_neighbours_agree_on_a_kind_the_words_do_not_name(store):
    found = topics(store).implied("gunslingers, saloons and a showdown at sundown", [])
    assert (found.field, found.value) == ("genres", "Western")
    assert found.share == 1.0 and found.base == pytest.approx(5 / 60) and found.evidence >= 10
    assert found.constraint("list") == Constraint(field="genres", op="contains", value="Western")
    assert topics(store).implied("mobsters, hitmen and a heist", []).value == "Crime"


def test_no_kind_without_agreement_or_where_the_field_is_taken(store):
    assert topics(store).implied("something nice for tonight", []) is None
    taken = [Constraint(field="genres", op="contains", value="Comedy")]
    assert topics(store).implied("gunslingers, saloons and a showdown at sundown", taken) is None
    assert topics(store, min_evidence=1e6).implied("gunslingers and saloons", []) is None
    assert topics(store).implied("gunslingers and saloons, any genre", [], closed={"genres"}) is None
    refused = [Constraint(field="genres", op="ne", value="Comedy")]
    text = "gunslingers, saloons and a showdown at sundown"
    assert topics(store).implied(text, refused) is None                 # "not a comedy"
    found = topics(store).implied(text, refused, loose={("genres", "Comedy")})
    assert found.value == "Western"           # ruled out only by words close in meaning: the kind stays open


def test_the_share_is_weighed_against_the_items_the_other_constraints_allow(store):
    """Of the films before 1955 all are Westerns: that the neighbours are Westerns says nothing more."""
    before = [Constraint(field="year", op="lte", value=1954)]
    assert topics(store).implied("gunslingers and saloons", before) is None


def test_evidence_is_the_likelihood_ratio_of_the_share():
    from rec.agents.topics import evidence

    assert evidence(5, 5, 0.1) == pytest.approx(5 * 2.302585, rel=1e-4)
    assert evidence(1, 20, 0.3) == 0.0 and evidence(3, 20, 0.0) == 0.0 and evidence(0, 0, 0.2) == 0.0
    assert evidence(12, 20, 0.065) > evidence(9, 20, 0.065) > 10


def test_the_words_planner_adds_the_implied_kind_where_the_plan_has_none_and_says_so():
    from rec.agents.fields import NumericFields
    from rec.agents.links import ValueLinker
    from rec.agents.planner import Grounding, plan_turn
    from rec.agents.titles import Hit
    from rec.agents.topics import Implied
    from rec.schema import Plan

    class Fixed:
        def __init__(self):
            self.asked = []

        def implied(self, text, constraints, closed=(), loose=()):
            self.asked.append((text, list(constraints)))   # as TopicInference: a field the plan leaves open
            taken = "genres" in closed or any(c.field == "genres" for c in constraints)
            return None if taken else Implied("genres", "Western", 0.8, 0.03, 25)

    titles = [Hit("9", "Unforgiven", 1992), Hit("8", "Toy Story", 1995)]
    genres = {"9": {"genres": ["Western"]}, "8": {"genres": ["Animation", "Comedy"]}}
    g = Grounding(NumericFields({"year": (1920.0, 1998.0)}, "year"),
                  ValueLinker({"genres": ("list", ["Western", "Crime"])}),
                  lambda text: sorted(titles, key=lambda h: h.title.lower().split()[0] not in text.lower()),
                  items=lambda ids: {i: genres[i] for i in ids}, topics=Fixed())

    def plan(*texts, previous=None):
        return plan_turn(None, [{"role": "user", "content": t} for t in texts], g, previous=previous)

    western = Constraint(field="genres", op="contains", value="Western")
    turn = plan("gunslingers and saloons")
    assert turn.plan.hard_constraints == [western]
    assert "genres 'Western': 80% of the nearest items, 3% of those allowed" in turn.trace["implied"]
    assert g.topics.asked == [("gunslingers and saloons", [])]

    crime = Constraint(field="genres", op="contains", value="Crime")
    g.topics.asked.clear()
    assert plan("only ones with gunfights", previous=Plan(query="", hard_constraints=[crime])).plan.hard_constraints \
        == [crime]                                  # a follow-up keeps the kind the plan has
    assert g.topics.asked[0] == ("only ones with gunfights", [crime])
    g.topics.asked.clear()
    assert plan("only in the 1950s").plan.hard_constraints[-1] != western      # no word left to be about
    assert g.topics.asked == []
    assert plan("something like Unforgiven, gunslingers and saloons").plan.hard_constraints == [western]
    assert g.topics.asked == [("gunslingers saloons", [])]       # a title named: only the words left
    assert plan("seen Toy Story till the tape wore out, something along the same lines").plan.hard_constraints == []
    g.topics.asked.clear()                                      # the kind implied is none the title to be like has
    assert plan("gunslingers and saloons, any genre").plan.hard_constraints == []     # a field let go
    replayed = plan("a film from the 1950s", "with gunslingers and saloons")    # the client sends the history
    assert replayed.plan.hard_constraints[-1] == western
    assert g.topics.asked[-1][1] == [Constraint(field="year", op="gte", value=1950),
                                     Constraint(field="year", op="lte", value=1959)]


def test_a_value_only_close_in_meaning_gives_way_where_the_plan_leaves_no_item():
    from rec.agents.fields import NumericFields
    from rec.agents.links import ValueLinker
    from rec.agents.planner import Grounding, Reading, imply

    films = [{"Western"}, {"Western", "Drama"}, {"Crime"}, {"Crime", "Drama"}] * 5

    class Counting:
        fields, min_evidence = {"genres": ("list", ["Western", "Crime", "Drama"])}, 6.0

        def implied(self, text, constraints, closed=(), loose=()):
            return None

        def weighed(self, text, constraints, fields, also=()):
            return {}

        def count(self, constraints, excluding=frozenset()):
            return sum(all(c.value in genres if c.op == "contains" else c.value not in genres for c in constraints)
                       for genres in films)

    g = Grounding(NumericFields({}), ValueLinker({"genres": ("list", ["Western", "Crime", "Drama"])}),
                  lambda text: [], topics=Counting())
    western, crime, drama = (Constraint(field="genres", op="contains", value=v) for v in ("Western", "Crime", "Drama"))

    def reading(weak):
        return Reading([], [], [], set(), False, about=["sheriffs"], weak=weak)

    r = reading({("genres", "Crime"): 0.7})
    assert imply(r, [western, crime], g) == [western] and r.yielded == ["genres contains 'Crime'"]
    r = reading({("genres", "Drama"): 0.7})
    assert imply(r, [western, drama], g) == [western, drama] and r.yielded == []      # a list left: it stays
    r = reading({})
    assert imply(r, [western, crime], g) == [western, crime]     # both said in words: rec says nothing fits
    r = reading({("genres", "Western"): 0.9, ("genres", "Crime"): 0.6})
    assert imply(r, [western, crime], g) == [western]            # the least close goes first
    from rec.agents.topics import Implied

    class Leaning(Counting):                 # the words' neighbours are Westerns: hardly a Crime film among them
        def weighed(self, text, constraints, fields, also=()):
            return {"genres": [Implied("genres", "Western", 0.9, 0.5, 9.0), Implied("genres", "Crime", 0.0, 0.5, 0.0)]}

    g = Grounding(NumericFields({}), ValueLinker({"genres": ("list", ["Western", "Crime", "Drama"])}),
                  lambda text: [], topics=Leaning())
    r = Reading([], [], [], set(), False, words="cowboy pictures, sheriffs", about=["cowboy", "sheriffs"],
                weak={("genres", "Western"): 0.65, ("genres", "Crime"): 0.675})
    assert imply(r, [western, crime], g) == [western] and r.yielded == ["genres contains 'Crime'"]   # though closer


class _Rows:
    """Topic inference over a few rows of single values: implies nothing, counts the rows a plan allows."""

    def __init__(self, rows):
        self.rows = rows

    def implied(self, text, constraints, closed=(), loose=()):
        return None

    def count(self, constraints, excluding=frozenset()):
        return sum(all(c.value in r.get(c.field, []) if c.op == "contains" else r.get(c.field) == c.value
                       for c in constraints) for r in self.rows)


def test_a_named_items_values_give_way_the_rarest_first():
    """"the Corello silk scarf in other colours": brand and material are kept where items have them; where
    too few do, the rarest goes first, then the next, until enough are left."""
    from rec.agents.fields import NumericFields
    from rec.agents.links import ValueLinker
    from rec.agents.planner import Grounding, Reading, imply

    scarves = [{"brand": "Corello", "material": "silk"}] * 2 + [{"brand": "Briwick", "material": "silk"}] * 6 + [
        {"brand": "Corello", "material": "wool"}] * 3

    g = Grounding(NumericFields({}), ValueLinker({"brand": ("string", ["Corello", "Briwick"])}), lambda t: [],
                  topics=_Rows(scarves))
    brand = Constraint(field="brand", op="eq", value="Corello")
    silk = Constraint(field="material", op="eq", value="silk")
    r = Reading([], [], [], set(), False, same=[brand, silk])
    assert imply(r, [brand, silk], g) == [silk] and r.yielded == ["brand eq 'Corello'"]   # 5 Corello, 8 silk
    r = Reading([], [], [], set(), False, same=[])
    assert imply(r, [brand, silk], g) == [brand, silk]           # said by the user: they stay


def test_a_kind_only_close_in_meaning_gives_way_to_one_the_neighbours_are_clear_about(store):
    """"sheriffs" only comes close to Crime in meaning; the neighbours of "gunslingers, saloons, sheriffs and a
    showdown" are Westerns, none a Crime film: Western replaces it. Neighbours that are Crime films keep it, and
    a kind said in its own words is never replaced."""
    from rec.agents.fields import NumericFields
    from rec.agents.links import ValueLinker
    from rec.agents.planner import Grounding, Reading, imply

    g = Grounding(NumericFields({}), ValueLinker({"genres": ("list", ["Western", "Crime", "Drama", "Comedy"])}),
                  lambda text: [], topics=topics(store))
    crime, western = (Constraint(field="genres", op="contains", value=v) for v in ("Crime", "Western"))

    def reading(words, weak):
        return Reading([], [], [], set(), False, words=words, about=words.split(), weak=weak)

    r = reading("gunslingers, saloons, sheriffs and a showdown at sundown", {("genres", "Crime"): 0.67})
    assert imply(r, [crime], g) == [western]
    assert r.yielded == ["genres contains 'Crime'"] and r.implied.value == "Western"
    r = reading("mobsters, sheriffs, hitmen and a heist", {("genres", "Crime"): 0.67})
    assert imply(r, [crime], g) == [crime] and r.yielded == []         # the neighbours are Crime films
    r = reading("gunslingers, saloons, sheriffs and a showdown at sundown", {})
    assert imply(r, [crime], g) == [crime]                              # said in its own words: it stays
    either = Constraint(field="genres", op="in", value=["Crime", "Drama"])
    r = reading("gunslingers, saloons, sheriffs and a showdown at sundown", {("genres", "Crime"): 0.67})
    assert imply(r, [crime, either], g) == [crime, either]              # a kind said in words beside it: stays


def test_where_the_whole_message_implies_nothing_its_content_words_alone_may():
    """A long, chatty message drowns what it is about: then the words no value is linked to, less any refused,
    are weighed alone (the catalog's neighbours of "cowboy horses saloons", not of "Howzit, me and my bru")."""
    from rec.agents.fields import NumericFields
    from rec.agents.links import ValueLinker
    from rec.agents.planner import Grounding, plan_turn
    from rec.agents.topics import Implied

    class ContentOnly:
        def __init__(self):
            self.asked = []

        def implied(self, text, constraints, closed=(), loose=()):
            self.asked.append(text)
            return Implied("genres", "Western", 0.3, 0.02, 9) if " a " not in f" {text} " else None   # no chatter

    g = Grounding(NumericFields({"year": (1920.0, 1998.0)}, "year"), ValueLinker({"genres": ("list", ["Western"])}),
                  lambda text: [], topics=ContentOnly())
    turn = plan_turn(None, [{"role": "user", "content": "Howzit, my bru wants a cowboy flick for tonight with "
                                                        "horses and saloons, but no gunfights"}], g)
    assert turn.plan.hard_constraints == [Constraint(field="genres", op="contains", value="Western")]
    assert len(g.topics.asked) == 2 and "my bru wants a" in g.topics.asked[0]
    assert "cowboy" in g.topics.asked[1] and "saloons" in g.topics.asked[1] and "gunfights" not in g.topics.asked[1]


def test_hedged_wishes_give_way_one_at_a_time_where_the_plan_leaves_too_few():
    """"a cashmere sweater in red, ideally minimalist": the hedged wish stays while enough items have it, and
    goes where they are too few, before anything said plainly; of two, the one whose going frees most first."""
    from rec.agents.fields import NumericFields
    from rec.agents.links import ValueLinker
    from rec.agents.planner import Grounding, Reading, imply

    sweaters = [{"material": "cashmere", "style": "minimalist", "color": "grey"}] * 6 + [
        {"material": "cashmere", "style": "classic", "color": "red"}] * 3 + [
        {"material": "wool", "style": "minimalist", "color": "red"}] * 4

    g = Grounding(NumericFields({}), ValueLinker({"style": ("string", ["minimalist", "classic"])}), lambda t: [],
                  topics=_Rows(sweaters))
    cashmere, red, minimalist = (Constraint(field=f, op="eq", value=v) for f, v in
                                 (("material", "cashmere"), ("color", "red"), ("style", "minimalist")))
    r = Reading([], [], [], set(), False, hedged=[minimalist])
    assert imply(r, [cashmere, minimalist], g) == [cashmere, minimalist] and r.yielded == []     # 6 of them
    r = Reading([], [], [], set(), False, hedged=[minimalist])
    assert imply(r, [cashmere, red, minimalist], g) == [cashmere, red] and r.yielded == ["style eq 'minimalist'"]
    r = Reading([], [], [], set(), False, hedged=[red, minimalist])
    assert imply(r, [cashmere, red, minimalist], g) == [cashmere, minimalist]      # red's going frees 6, not 3
    r = Reading([], [], [], set(), False)
    assert imply(r, [cashmere, red, minimalist], g) == [cashmere, red, minimalist]     # said plainly: it stays


def test_a_value_only_close_in_meaning_gives_way_before_a_hedged_wish_in_words():
    """"we watch terrible films for fun - a thriller rated under 3 would be perfect": Comedy, only close in
    meaning to "fun", goes before the hedged wish said in words; where its going is not enough, the hedge goes."""
    from rec.agents.fields import NumericFields
    from rec.agents.links import ValueLinker
    from rec.agents.planner import Grounding, Reading, imply

    films = [{"genres": ["Thriller"], "score": "low"}] * 6 + [{"genres": ["Thriller", "Comedy"], "score": "high"}] * 6
    g = Grounding(NumericFields({}), ValueLinker({"genres": ("list", ["Thriller", "Comedy"])}), lambda t: [],
                  topics=_Rows(films))
    thriller, comedy = (Constraint(field="genres", op="contains", value=v) for v in ("Thriller", "Comedy"))
    low = Constraint(field="score", op="eq", value="low")
    r = Reading([], [], [], set(), False, weak={("genres", "Comedy"): 0.77}, hedged=[low])
    assert imply(r, [thriller, comedy, low], g) == [thriller, low] and r.yielded == ["genres contains 'Comedy'"]
    r = Reading([], [], [], set(), False, weak={("genres", "Comedy"): 0.77}, hedged=[low])
    assert imply(r, [thriller, comedy, low, Constraint(field="score", op="eq", value="high")], g) == [
        thriller, comedy, Constraint(field="score", op="eq", value="high")]      # the hedge goes; then enough
    few = [{"genres": ["Thriller"], "score": "low"}] * 4 + [{"genres": ["Thriller"], "score": "high"}] * 8
    g = Grounding(NumericFields({}), ValueLinker({"genres": ("list", ["Thriller"])}), lambda t: [], topics=_Rows(few))
    r = Reading([], [], [], set(), False, hedged=[low])
    assert imply(r, [thriller, low], g) == [thriller, low] and r.yielded == []     # a few are there: they are shown
    r = Reading([], [], [], set(), False, hedged=[low])
    g = Grounding(NumericFields({}), ValueLinker({"genres": ("list", ["Thriller"])}), lambda t: [],
                  topics=_Rows(few[2:]))
    assert imply(r, [thriller, low], g) == [thriller] and r.yielded == ["score eq 'low'"]     # two are too few
