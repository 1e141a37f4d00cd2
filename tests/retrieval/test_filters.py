import json

import pytest

from rec.errors import InputError
from rec.retrieval.filters import constraint_to_where, constraints_to_where, parse_where
from rec.schema import Constraint

FIELDS = {"year": "number", "genres": "list[string]", "color": "string", "price": "number", "in_stock": "bool",
          "sizes": "list[number]"}


def w(field, op, value):
    return constraint_to_where(Constraint(field=field, op=op, value=value), FIELDS)


def test_scalar_ops():
    assert w("year", "gte", 1990) == {"year": {"$gte": 1990}}
    assert w("year", "lt", "1980") == {"year": {"$lt": 1980}}          # coerced to a number
    assert w("price", "lte", 9.5) == {"price": {"$lte": 9.5}}
    assert w("color", "eq", "red") == {"color": {"$eq": "red"}}
    assert w("color", "ne", "red") == {"color": {"$ne": "red"}}
    assert w("color", "in", ["red", "blue"]) == {"color": {"$in": ["red", "blue"]}}
    assert w("color", "nin", "red") == {"color": {"$nin": ["red"]}}
    assert w("in_stock", "eq", "true") == {"in_stock": {"$eq": True}}


def test_list_fields_mean_contains():
    assert w("genres", "eq", "Comedy") == {"genres": {"$contains": "Comedy"}}
    assert w("genres", "contains", "Comedy") == {"genres": {"$contains": "Comedy"}}
    assert w("genres", "in", ["A", "B"]) == {"$or": [{"genres": {"$contains": "A"}}, {"genres": {"$contains": "B"}}]}
    assert w("genres", "nin", ["A", "B"]) == {"$and": [{"genres": {"$not_contains": "A"}},
                                                       {"genres": {"$not_contains": "B"}}]}
    assert w("genres", "ne", "A") == {"genres": {"$not_contains": "A"}}
    assert w("sizes", "contains", "40") == {"sizes": {"$contains": 40}}      # element type, not text
    assert w("sizes", "in", [38, "40"]) == {"$or": [{"sizes": {"$contains": 38}}, {"sizes": {"$contains": 40}}]}


def test_constraints_are_anded():
    where = constraints_to_where([Constraint(field="year", op="gte", value=1990),
                                  Constraint(field="genres", op="eq", value="Comedy")], FIELDS)
    assert where == {"$and": [{"year": {"$gte": 1990}}, {"genres": {"$contains": "Comedy"}}]}
    assert constraints_to_where([], FIELDS) is None


@pytest.mark.parametrize("field, op, value, fragment", [
    ("colour", "eq", "red", "unknown field 'colour'; filterable fields: color, genres, in_stock, price, sizes"),
    ("year", "gt", "recent", "not a number"),
    ("color", "gt", "red", "needs a number"),
    ("color", "eq", ["a", "b"], "takes one value"),
    ("color", "in", [], "at least one value"),
    ("color", "contains", "re", "contains needs a list field"),
])
def test_mistakes_are_input_errors(field, op, value, fragment):
    with pytest.raises(InputError, match=fragment):
        w(field, op, value)


def test_parse_where_validates_chroma_syntax():
    assert parse_where('{"year": {"$gte": 1990}}') == {"year": {"$gte": 1990}}
    with pytest.raises(InputError, match="not valid JSON"):
        parse_where("{")
    with pytest.raises(InputError, match=r"\$foo"):
        parse_where('{"year": {"$foo": 1}}')
    with pytest.raises(InputError) as e:        # Chroma echoes the value: its line break stays out
        parse_where('"\\n0"')
    assert "\n" not in str(e.value) and str(e.value).startswith("--where: Expected where to be a dict")


def test_filters_are_bounded():
    """Issue 17: 10,000 values overflowed the stack in Chroma's Rust bindings (SIGSEGV); 1,000 gave a 503."""
    from pydantic import ValidationError

    from rec.schema import MAX_CONSTRAINTS, MAX_FILTER_VALUES, RecRequest

    ok = Constraint(field="genres", op="in", value=[f"g{i}" for i in range(MAX_FILTER_VALUES)])
    assert len(constraint_to_where(ok, FIELDS)["$or"]) == MAX_FILTER_VALUES
    with pytest.raises(ValidationError, match=r"value\n.*at most 256 values, got 10000"):
        Constraint(field="genres", op="in", value=list(range(10_000)))
    with pytest.raises(ValidationError, match=r"filters\n.*at most 32 items"):
        RecRequest(query="x", filters=[{"field": "year", "op": "gte", "value": 1}] * (MAX_CONSTRAINTS + 1))


@pytest.mark.parametrize("text, needle", [
    ("[" * 5000 + "]" * 5000, "nested more than 8 levels"),
    ('{"$and": ' * 5000 + '{"a": 1}' + "}" * 5000, "nested more than 8 levels"),
    ('{"$and": [{"c": 3}, ' * 9 + '{"a": 1}, {"b": 2}' + "]}" * 9, "nested more than 8 levels"),
    ('{"a": {"$in": ' + json.dumps(list(range(257))) + "}}", "a list holds 257 values; at most 256"),
    ('{"$or": ' + json.dumps([{f"f{i}": 1} for i in range(33)]) + "}", "more than 32 field conditions"),
])
def test_where_is_bounded(text, needle):
    with pytest.raises(InputError, match=needle):
        parse_where(text)


def test_where_within_the_bounds_parses():
    nested = '{"$and": [{"c": 3}, ' * 7 + '{"a": {"$in": [1, 2]}}, {"b": 2}' + "]}" * 7
    assert parse_where(nested)["$and"]
    assert parse_where('{"a": {"$in": ' + json.dumps(list(range(256))) + "}}")
