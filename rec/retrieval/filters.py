"""The filter language: the planner's hard constraints -> Chroma `where`.

A constraint is (field, op, value) over the store's metadata fields (a
catalog's top-level fields by name, its attributes by their own name). The
store's field schema decides how an op maps: on a list field (genres) `eq`
means "contains", `in` means "contains any", `ne`/`nin` mean "contains none".
Unknown fields and values of the wrong type are `InputError`s that name the
known fields, so the planner's mistakes can be fed back to it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rec.errors import InputError
from rec.schema import MAX_CONSTRAINTS, MAX_FILTER_VALUES, MAX_WHERE_DEPTH, Constraint

_SCALAR_OPS = {"eq": "$eq", "ne": "$ne", "gt": "$gt", "gte": "$gte", "lt": "$lt", "lte": "$lte",
               "in": "$in", "nin": "$nin"}
FieldTypes = Mapping[str, str]  # field -> number | string | bool | list[number] | list[string] | list[bool]


def _coerce(field: str, kind: str | None, value: Any) -> Any:
    """Numbers for number fields ("1990" -> 1990), text for text fields; lists item-wise."""
    if isinstance(value, list):
        return [_coerce(field, kind, v) for v in value]
    if kind == "number" and not isinstance(value, bool):
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InputError(f"filter on {field}: {value!r} is not a number") from None
        return int(number) if number.is_integer() else number
    if kind == "bool" and isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if kind == "string" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def constraint_to_where(c: Constraint, fields: FieldTypes | None = None) -> dict[str, Any]:
    """One constraint as a Chroma where clause."""
    kind = None
    if fields is not None:
        if c.field not in fields:
            raise InputError(f"unknown field {c.field!r}; filterable fields: {', '.join(sorted(fields))}")
        kind = fields[c.field]
    is_list = kind is not None and kind.startswith("list")
    if c.op == "contains" and kind is not None and not is_list:
        raise InputError(f"filter on {c.field}: contains needs a list field; {c.field} is a {kind} (use eq or in)")
    value = _coerce(c.field, kind[5:-1] if is_list else kind, c.value)
    many = value if isinstance(value, list) else [value]
    if c.op in ("in", "nin") and not many:
        raise InputError(f"filter on {c.field}: {c.op} needs at least one value")
    if c.op in ("gt", "gte", "lt", "lte") and not all(isinstance(v, int | float) and not isinstance(v, bool)
                                                        for v in many):
        raise InputError(f"filter on {c.field}: {c.op} needs a number, got {c.value!r}")
    if c.op == "contains" or (is_list and c.op in ("eq", "in", "ne", "nin")):
        positive = c.op in ("contains", "eq", "in")
        clauses = [{c.field: {"$contains" if positive else "$not_contains": v}} for v in many]
        return _join("$or" if positive else "$and", clauses)
    if c.op in ("in", "nin"):
        return {c.field: {_SCALAR_OPS[c.op]: many}}
    if isinstance(value, list):
        raise InputError(f"filter on {c.field}: {c.op} takes one value, got a list")
    return {c.field: {_SCALAR_OPS[c.op]: value}}


def _join(op: str, clauses: Sequence[dict[str, Any]]) -> dict[str, Any]:
    clauses = [c for c in clauses if c]
    if not clauses:
        return {}
    return clauses[0] if len(clauses) == 1 else {op: list(clauses)}


def constraints_to_where(constraints: Iterable[Constraint], fields: FieldTypes | None = None) -> dict[str, Any] | None:
    """All constraints AND-ed; None when there are none."""
    return _join("$and", [constraint_to_where(c, fields) for c in constraints]) or None


def parse_where(text: str) -> dict[str, Any]:
    """`--where` takes Chroma's where syntax as JSON; validated here so mistakes are one-line errors."""
    from chromadb.api.types import validate_where

    try:
        where = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"--where is not valid JSON: {e.msg} at column {e.colno}") from None
    except RecursionError:   # thousands of nested brackets: json gives up before our own check
        raise InputError(f"--where: nested more than {MAX_WHERE_DEPTH} levels deep") from None
    _check_size(where)
    try:
        validate_where(where)
    except ValueError as e:      # Chroma echoes the value, which may hold a line break: one line
        raise InputError(f"--where: {' '.join(str(e).split())}") from None
    return where


def where_fields(where: Any) -> set[str]:
    """The metadata fields a Chroma where filter names (every key that is not an operator)."""
    if isinstance(where, dict):
        return {k for k in where if not k.startswith("$")} | {f for v in where.values() for f in where_fields(v)}
    if isinstance(where, list):
        return {f for v in where for f in where_fields(v)}
    return set()


def check_fields(where: Any, known: Iterable[str]) -> None:
    """InputError naming a field the catalog does not have (a filter on it would silently match nothing)."""
    known = set(known)
    unknown = sorted(where_fields(where) - known)
    if unknown:
        raise InputError(f"--where: no field {unknown[0]!r} in this store; its fields: {', '.join(sorted(known))}")


def _check_size(where: Any) -> None:
    """The bounds of rec.schema (MAX_*) on a raw `where`, before Chroma sees it: $and/$or nesting,
    field conditions in all, values per $in/$nin list. Iterative, so no input can exhaust the stack
    (JSON brackets are capped too: a condition takes at most 3 levels below its $and/$or)."""
    conditions, stack = 0, [(where, 0, 1)]     # (node, $and/$or levels above it, JSON levels)
    while stack:
        node, levels, brackets = stack.pop()
        if levels > MAX_WHERE_DEPTH or brackets > 2 * MAX_WHERE_DEPTH + 4:
            raise InputError(f"--where: nested more than {MAX_WHERE_DEPTH} levels deep")
        if isinstance(node, list):
            if len(node) > MAX_FILTER_VALUES:
                raise InputError(f"--where: a list holds {len(node)} values; at most {MAX_FILTER_VALUES}")
            stack += [(child, levels, brackets + 1) for child in node]
        elif isinstance(node, dict):
            for key, child in node.items():
                if not str(key).startswith("$"):
                    conditions += 1
                    if conditions > MAX_CONSTRAINTS:
                        raise InputError(f"--where: more than {MAX_CONSTRAINTS} field conditions")
                stack.append((child, levels + (key in ("$and", "$or")), brackets + 1))


def _same(a: Any, b: Any) -> bool:
    """Chroma's equality: a bool equals only a bool; ints and floats compare as numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and a == b


def _compare(op: str, have: Any, val: Any) -> bool:
    numbers = all(isinstance(x, int | float) and not isinstance(x, bool) for x in (have, val))
    if not numbers:
        return False
    return {"$gt": have > val, "$gte": have >= val, "$lt": have < val, "$lte": have <= val}[op]


def matches(meta: Mapping[str, Any], where: Mapping[str, Any] | None) -> bool:
    """Evaluate a Chroma `where` on one item's metadata, with Chroma's semantics (a test
    checks parity against Chroma itself). Used to vet lexical and collaborative hits: at
    100k items Chroma's `get(ids=..., where=...)` scans the whole collection (~0.6 s)."""
    if not where:
        return True
    ((key, cond),) = where.items()
    if key in ("$and", "$or"):
        results = (matches(meta, c) for c in cond)
        return all(results) if key == "$and" else any(results)
    ((op, val),) = (cond if isinstance(cond, dict) else {"$eq": cond}).items()
    have = meta.get(key)
    if op in ("$contains", "$not_contains"):
        hit = isinstance(have, list) and any(_same(x, val) for x in have)
        return hit if op == "$contains" else not hit
    if op in ("$ne", "$nin"):
        values = val if op == "$nin" else [val]
        return have is None or isinstance(have, list) or not any(_same(have, v) for v in values)
    if have is None or isinstance(have, list):
        return False
    if op in ("$eq", "$in"):
        return any(_same(have, v) for v in (val if op == "$in" else [val]))
    return _compare(op, have, val)
