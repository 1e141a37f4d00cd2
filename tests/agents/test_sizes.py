"""Sizes said relative to another: a step from a size said beside it, or from the one the plan asks for."""

import pytest

from rec.agents.fields import NumericFields
from rec.agents.links import ValueLinker
from rec.agents.planner import Grounding, read, replay
from rec.agents.sizes import shifted, stepped, steps
from rec.schema import Constraint

SIZES = ["S", "L", "M", "XS", "XL", "38", "39", "44", "one size", "41", "40", "37", "42", "30", "32", "34", "28"]
FIELDS = {"category": ("string", ["hoodie", "sneakers", "scarf", "t-shirt", "jeans"]), "sizes": ("list", SIZES)}


def _grounding():
    return Grounding(NumericFields({"price": (5.0, 500.0)}, None, "price"), ValueLinker(FIELDS), lambda text: [])


def _said(text):
    return {(k.field, k.op, k.value) for k in read(text, _grounding()).constraints}


def test_a_step_goes_to_the_next_size_the_catalog_has_on_its_own_scale():
    assert shifted("M", 1, SIZES) == "L" and shifted("M", -2, SIZES) == "XS" and shifted("XL", 1, SIZES) is None
    assert shifted("40", -1, SIZES) == "39" and shifted("32", 1, SIZES) == "34"     # waists go 28, 30, 32, 34
    assert shifted("34", -3, SIZES) == "28" and shifted("one size", 1, SIZES) is None     # no scale
    assert [n for n, _ in steps("a size up from m, or go down a size, two sizes smaller, size up, a bigger size")] \
        == [1, -1, -2, 1, 1]
    assert steps("bump up the budget, one size fits all, the size is up to you") == []


@pytest.mark.parametrize(("text", "size"), [
    ("I need a t-shirt, a size up from medium because I like them loose", "L"),
    ("a hoodie one size smaller than my usual L", "M"),
    ("I'm usually a 40 but these run small so I'd go a size up, sneakers please", "41"),
    ("jeans, a 32 waist, but two sizes down", "28"),
])
def test_a_size_said_beside_a_step_is_moved_by_it(text, size):
    sized = {v for f, _, v in _said(text) if f == "sizes"}
    assert sized == {size}


def test_a_step_names_no_one_size_value():
    assert ("sizes", "contains", "one size") not in _said("sneakers, better one size down")
    assert ("sizes", "contains", "one size") in _said("a one size scarf")


def test_a_follow_ups_step_moves_the_size_the_plan_asks_for():
    before = [Constraint(field="category", op="eq", value="sneakers"),
              Constraint(field="sizes", op="contains", value="40")]
    assert stepped("Hmm, they always run big for me, better one size down.", before, [], FIELDS) == [
        Constraint(field="sizes", op="contains", value="39")]
    assert stepped("one size down, in a 42", before, [Constraint(field="sizes", op="contains", value="42")],
                   FIELDS) == []        # the message says its size
    assert stepped("a size up", before[:1], [], FIELDS) == []      # no size to step from
    plan, _, _ = replay(["Sneakers in size 40", "they run big, go down a size"], _grounding())
    assert {(k.field, k.value) for k in plan.hard_constraints} == {("category", "sneakers"), ("sizes", "39")}


def test_a_size_or_a_number_said_alone_replaces_the_plans():
    from rec.agents.edits import restated

    before = [Constraint(field="sizes", op="contains", value="41")]
    assert stepped("40?", before, [], FIELDS) == [Constraint(field="sizes", op="contains", value="40")]
    assert stepped("what about 42 then", before, [], FIELDS) == [Constraint(field="sizes", op="contains", value="42")]
    assert stepped("L?", before, [], FIELDS) == []          # another scale
    assert stepped("40 quid?", before, [], FIELDS) == []    # no size
    assert stepped("make that a 42 instead", before, [], FIELDS) == [
        Constraint(field="sizes", op="contains", value="42")]
    medium = [Constraint(field="sizes", op="contains", value="M")]
    assert stepped("on second thought make it a large instead", medium, [], FIELDS) == [
        Constraint(field="sizes", op="contains", value="L")]
    numeric = NumericFields({"price": (5.0, 500.0)}, None, "price")
    under = [Constraint(field="price", op="lt", value=100)]
    assert restated("80?", under, [], numeric) == [Constraint(field="price", op="lt", value=80)]
    assert restated("80?", under, [Constraint(field="sizes", op="contains", value="41")], numeric) == []
    assert restated("5000?", under, [], numeric) == []      # outside the field's range
    plan, _, _ = replay(["sneakers size 41 under 100", "40?"], _grounding())
    assert {(k.field, k.op, k.value) for k in plan.hard_constraints} == {
        ("category", "eq", "sneakers"), ("sizes", "contains", "40"), ("price", "lt", 100)}
    # "scratch that" before the size starts nothing over: it takes back the size it replaces
    plan, _, _ = replay(["sneakers size 41", "Scratch that. Make it 40 instead."], _grounding())
    assert {(k.field, k.op, k.value) for k in plan.hard_constraints} == {
        ("category", "eq", "sneakers"), ("sizes", "contains", "40")}


def test_a_size_corrected_with_a_reason_after_it():
    """"hmm make that a 30 I've been running": the size, though a new clause follows with no comma."""
    fields = {"category": ("string", ["jeans"]), "sizes": ("list", ["28", "30", "32"])}
    linker = ValueLinker(fields)
    assert [(c.field, c.value) for c in linker.constraints("hmm make that a 30 I've been running")] == [("sizes", "30")]


def test_a_size_said_in_a_then_a_price():
    """"some in a 32 that are under 50 dollars": the 32 a size, the 50 a price."""
    assert ("sizes", "contains", "32") in _said("shorts, can you find me some in a 32 that are under 50 dollars?")
