import pytest

from rec.agents.hints import hints, merge
from rec.schema import Constraint


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
    ("red dress under $40", [("price", "lte", 40)]),
    ("shoes at least 19.5", [("price", "gte", 19.5)]),
    ("a funny movie", []),
    ("top 10 list", []),
])
def test_hints(text, expected):
    assert as_tuples(hints(text, ["year", "price"])) == expected


def test_hints_need_the_field_in_the_catalog():
    assert hints("a 90s comedy under $5", ["ratings_count"]) == []


def test_the_model_reading_wins_per_field():
    plan = [Constraint(field="year", op="gte", value=1995)]
    got = merge(plan, hints("a 90s comedy under 20", ["year", "price"]))
    assert as_tuples(got) == [("year", "gte", 1995), ("price", "lte", 20)]
