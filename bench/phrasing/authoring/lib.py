"""Checks for held-out conversation cases against the two catalogs in this folder.

    from lib import ML, SHOP, matching, verify, write
    matching(ML, [{"field": "genres", "op": "contains", "value": "Horror"}])  -> list of items
    verify(case, ML)  -> list of problems (empty when the case is sound)
    write(cases, "movielens-blindNN.jsonl", ML)  -> verifies every case, raises on any problem, writes
"""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKS = ("every", "excludes", "some_shares", "count", "at_least")
OPS = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "contains")
PHENOMENA = ("synonym", "negation", "compound", "range", "numeric", "reference", "follow-up", "typo", "free-form")


def _load(name):
    items = []
    with open(os.path.join(HERE, name)) as f:
        rows = [json.loads(line) for line in f]
    for row in rows:
        meta = {"title": row["title"], "category": row.get("category")}
        if "price" in row:
            meta["price"] = row["price"]
        meta.update(row.get("attributes", {}))
        items.append(meta)
    return items


ML = _load("ml-catalog.jsonl")
SHOP = _load("shop-catalog.jsonl")


def norm_title(title):
    t = re.sub(r"\s*\(\d{4}\)\s*$", "", title.strip().lower())
    t = re.sub(r"^(the|a|an)\s+", "", t)
    return re.sub(r"[^a-z0-9]+", " ", t).strip()


def find(items, title):
    want = norm_title(title)
    return [i for i in items if norm_title(i["title"]) == want]


def _one(value, op, want):
    if value is None:
        return op in ("ne", "nin")
    if isinstance(value, list):
        if op == "contains":
            return want in value
        if op == "ne":
            return want not in value
        if op == "in":
            return any(v in want for v in value)
        if op == "nin":
            return not any(v in want for v in value)
        raise ValueError(f"op {op} on a list field")
    if op == "contains":
        return isinstance(value, str) and str(want).lower() in value.lower()
    return {"eq": lambda: value == want, "ne": lambda: value != want, "gt": lambda: value > want,
            "gte": lambda: value >= want, "lt": lambda: value < want, "lte": lambda: value <= want,
            "in": lambda: value in want, "nin": lambda: value not in want}[op]()


def matching(items, constraints):
    """The items satisfying every constraint ({"field", "op", "value"})."""
    return [i for i in items if all(_one(i.get(c["field"]), c["op"], c["value"]) for c in constraints)]


def verify(case, items):
    problems = []
    if case.get("phenomenon") not in PHENOMENA:
        problems.append(f"phenomenon must be one of {PHENOMENA}")
    fields = {k for i in items for k in i}
    for n, turn in enumerate(case["turns"], 1):
        if not turn.get("say", "").strip():
            problems.append(f"turn {n}: empty say")
        every = []
        least = 1
        for check in turn.get("expect", []):
            if len(check) != 1 or next(iter(check)) not in CHECKS:
                problems.append(f"turn {n}: bad check {check}")
                continue
            kind, arg = next(iter(check.items()))
            if kind == "every":
                if arg.get("field") not in fields or arg.get("op") not in OPS:
                    problems.append(f"turn {n}: unknown field or op in {arg}")
                    continue
                every.append(arg)
            elif kind in ("excludes",):
                if not find(items, arg):
                    problems.append(f"turn {n}: no catalog item titled {arg!r}")
            elif kind == "some_shares":
                if not find(items, arg["with"]):
                    problems.append(f"turn {n}: no catalog item titled {arg['with']!r}")
            elif kind in ("at_least", "count"):
                least = max(least, int(arg))
        if not turn.get("expect"):
            problems.append(f"turn {n}: no checks")
        try:
            found = len(matching(items, every))
        except Exception as e:
            problems.append(f"turn {n}: {e}")
            continue
        if found < max(least, 3):
            problems.append(f"turn {n}: only {found} catalog items satisfy {every}")
    return problems


def write(cases, path, items):
    bad = {c["id"]: p for c in cases if (p := verify(c, items))}
    ids = [c["id"] for c in cases]
    if len(set(ids)) != len(ids):
        bad["ids"] = ["duplicate ids"]
    if bad:
        raise SystemExit("\n".join(f"{k}: {v}" for k, v in bad.items()))
    with open(os.path.join(HERE, path), "w") as f:
        for c in cases:
            f.write(json.dumps(c) + "\n")
    print(f"wrote {len(cases)} cases to {path}")
