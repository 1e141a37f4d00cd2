import pytest

from rec.agents.fields import NumericFields
from rec.agents.grammar import numeric_hints
from rec.agents.hints import ground, merge
from rec.agents.links import ValueLinker, categorical_fields
from rec.schema import Constraint


def hints(text, fields):
    """The numeric grammar over a catalog whose numeric fields are `fields` (years 1900..2020, prices 0..1000)."""
    ranges = {f: (1900.0, 2020.0) if f == "year" else (0.0, 1000.0) for f in fields}
    return numeric_hints(text, NumericFields(ranges, "year" if "year" in fields else None,
                                             "price" if "price" in fields else None))


def value_hints(text, fields, skip=()):
    return ValueLinker(fields).constraints(text, skip)


def as_tuples(cs):
    return [(c.field, c.op, c.value) for c in cs]


@pytest.mark.parametrize("text, expected", [
    ("a 90s comedy", [("year", "gte", 1990), ("year", "lte", 1999)]),
    ("1980s action please", [("year", "gte", 1980), ("year", "lte", 1989)]),
    ("films from the '70s", [("year", "gte", 1970), ("year", "lte", 1979)]),
    ("2000s thrillers", [("year", "gte", 2000), ("year", "lte", 2009)]),
    ("only ones before 1980", [("year", "lt", 1980)]),
    ("anything since 1995", [("year", "gte", 1995)]),
    ("released in 1977", [("year", "eq", 1977)]),
    ("red dress under $40", [("price", "lt", 40)]),
    ("shoes at least 19.5", [("price", "gte", 19.5)]),
    ("a funny movie", []),
    ("top 10 list", []),
])
def test_hints(text, expected):
    assert as_tuples(hints(text, ["year", "price"])) == expected


def test_hints_need_the_field_in_the_catalog():
    assert numeric_hints("a 90s comedy under $5", NumericFields.from_manifest(
        {"ratings_count": {"type": "number", "min": 0, "max": 500}})) == []


def test_a_finer_model_bound_stays_beside_the_users_other_bound():
    plan = [Constraint(field="year", op="gte", value=1995)]
    got = merge(plan, hints("a 90s comedy under 20", ["year", "price"]))
    assert as_tuples(got) == [("year", "gte", 1995), ("year", "lte", 1999), ("price", "lt", 20)]


FIELDS = {"genres": {"type": "list", "items": "string", "distinct": 5,
                     "top": ["Comedy", "Sci-Fi", "War", "Film-Noir", "Children's"]},
          "color": {"type": "string", "distinct": 2, "top": ["red", "navy blue"]},
          "title": {"type": "string", "distinct": 2, "top": ["A", "B"]},
          "brand": {"type": "string", "distinct": 900, "top": ["acme"]},
          "sizes": {"type": "list", "items": "number", "distinct": 2, "top": [40, 42]}}


@pytest.mark.parametrize("text, skip, expected", [
    ("a 90s comedy", [], [("genres", "contains", "Comedy")]),
    ("romantic comedies", [], [("genres", "contains", "Comedy")]),
    ("some scifi, or sci-fi", [], [("genres", "contains", "Sci-Fi")]),
    ("a film noir or a children's film", [], [("genres", "in", ["Film-Noir", "Children's"])]),
    ("no comedy, maybe sci-fi", [], [("genres", "contains", "Sci-Fi"), ("genres", "ne", "Comedy")]),
    ("not a comedy but a war film", [], [("genres", "contains", "War"), ("genres", "ne", "Comedy")]),
    ("something like Star Wars", ["Star Wars"], []),
    ("a navy blue coat, nothing red", [], [("color", "eq", "navy blue"), ("color", "ne", "red")]),
    ("blue acme shoes", [], []),          # brand's vocabulary is not fully known; "blue" alone is no value
    ("a redder shade", [], []),           # whole words only
])
def test_value_hints(text, skip, expected):
    cats = categorical_fields(FIELDS)
    assert set(cats) == {"genres", "color"}
    assert as_tuples(value_hints(text, cats, skip)) == expected


def test_the_words_win_when_the_plan_contradicts_them():
    plan = [Constraint(field="year", op="lt", value=1990), Constraint(field="genres", op="contains", value="Comedy")]
    got = merge(plan, hints("now a 90s comedy instead", ["year"]))
    assert as_tuples(got) == [("genres", "contains", "Comedy"), ("year", "gte", 1990), ("year", "lte", 1999)]
    finer = [Constraint(field="year", op="gte", value=1995)]          # "late 90s": compatible, kept
    assert as_tuples(merge(finer, hints("a 90s film", ["year"]))) == [("year", "gte", 1995), ("year", "lte", 1999)]


def test_categorical_values_the_user_never_said_are_dropped():
    cats = ValueLinker(categorical_fields(FIELDS))
    plan = [Constraint(field="genres", op="contains", value="War"), Constraint(field="year", op="lt", value=1980),
            Constraint(field="genres", op="in", value=["Comedy", "War"])]
    kept, dropped = ground(plan, cats, ["a funny one", "something with comedies"])
    assert as_tuples(kept) == [("year", "lt", 1980), ("genres", "in", ["Comedy", "War"])]
    assert as_tuples(dropped) == [("genres", "contains", "War")]


def test_a_title_containing_a_value_is_not_a_value():
    cats = ValueLinker(categorical_fields(FIELDS))
    assert cats.is_value("Comedies") and cats.is_value("sci fi")
    assert not cats.is_value("Star Wars") and not cats.is_value("War Games")


def test_derived_forms_and_topics():
    fields = {"genres": ("list", ["Animation", "Romance", "Thriller", "War", "Documentary", "Comedy"])}

    def said(text):
        return [f"{c.field} {c.op} {c.value}" for c in value_hints(text, fields)]

    assert said("an animated film for the kids") == ["genres contains Animation"]
    assert said("something romantic") == ["genres contains Romance"]
    assert said("a thrilling night") == ["genres contains Thriller"]
    assert said("no animated stuff") == ["genres ne Animation"]
    assert said("a documentary about war") == ["genres contains Documentary"]   # "about war" is the topic
    assert said("a film about animals") == []


def test_the_users_bound_wins_over_a_looser_model_bound():
    """Issue 17: "a comedy under 50 dollars, from the 90s" planned as price lte 1000 served items over 50."""
    text = "a comedy under 50 dollars, from the 90s"
    said = hints(text, ["year", "price"])
    loose = [Constraint(field="price", op="lte", value=1000), Constraint(field="year", op="gte", value=1990)]
    got = as_tuples(merge(loose, said))
    assert ("price", "lte", 1000) not in got and ("price", "lt", 50) in got
    assert ("year", "gte", 1990) in got and ("year", "lte", 1999) in got
    assert ("price", "lt", 50) in as_tuples(merge([Constraint(field="price", op="lt", value=50)], said))
    assert ("price", "lte", 50) not in as_tuples(merge([Constraint(field="price", op="lt", value=50)], said))
    stricter = [Constraint(field="price", op="lte", value=30), Constraint(field="year", op="gte", value=1995)]
    assert as_tuples(merge(stricter, said)) == [("price", "lte", 30), ("year", "gte", 1995), ("year", "lte", 1999)]
    # same value, the model's strict < is stricter than the words' <=; the words' strict < beats the model's <=
    assert as_tuples(merge([Constraint(field="price", op="lte", value=40)], hints("below 40", ["price"]))) == [
        ("price", "lt", 40)]


def test_the_users_bound_also_holds_beside_a_non_bound_plan():
    said = hints("something under $50", ["price"])
    got = as_tuples(merge([Constraint(field="price", op="in", value=[20, 80])], said))
    assert got == [("price", "in", [20, 80]), ("price", "lt", 50)]
    assert as_tuples(merge([Constraint(field="year", op="gte", value=1990)], hints("released in 1994", ["year"]))) \
        == [("year", "eq", 1994)]
