"""How well the words planner reads categorical values from first turns, with no model: per phrasing suite,
the share of requests whose categorical checks (`every` over a store's categorical fields) are all planned,
and how many planned constraints the request did not ask for. Fast (no retrieval, no ranking), so the
linker's thresholds can be swept here; the end-to-end figure is `rec eval conversation`.

    .venv/bin/python bench/links.py --store movielens bench/phrasing/movielens*.jsonl
    .venv/bin/python bench/links.py --store shop bench/phrasing/shop*.jsonl --set planner.lexicon=false

Needs the store (`make demo` for movielens; `rec data shop` + ingest for shop). `--misses` lists each
request whose checks were not all planned, with what was.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from common import emit, wilson


def _expected(turn: dict, fields: set[str]) -> set[tuple[str, str, str]]:
    out = set()
    for check in turn.get("expect", []):
        every = check.get("every") if isinstance(check, dict) else None
        if every and every["field"] in fields:
            value = every["value"]
            kind = "ne" if every["op"] in ("ne", "nin") else "in" if isinstance(value, list) else "has"
            out.add((every["field"], kind, str(sorted(value) if isinstance(value, list) else value)))
    return out


def _planned(constraints: list, fields: set[str]) -> set[tuple[str, str, str]]:
    out = set()
    for c in constraints:
        if c.field not in fields:
            continue
        values = c.value if isinstance(c.value, list) else [c.value]
        kind = "ne" if c.op in ("ne", "nin") else "has"
        if kind == "has" and c.op == "in" and len(values) > 1:
            out.add((c.field, "in", str(sorted(map(str, values)))))     # "either": any of them
            continue
        out |= {(c.field, kind, str(v)) for v in values}
    return out


def score(cases: list[dict], grounding, fields: set[str]) -> dict:
    from rec.agents.planner import imply, read

    held, extra, misses = 0, 0, []
    for case in cases:
        turn = case["turns"][0]
        if isinstance(turn, str):
            continue
        want = _expected(turn, fields)
        reading = read(turn["say"], grounding)
        got = _planned(imply(reading, reading.constraints, grounding), fields)
        ok = want <= got
        held += ok
        unasked = {g for g in got - want if g[1] == "has"}
        extra += len(unasked)
        if not ok or unasked:
            misses.append({"id": case["id"], "say": turn["say"], "missing": sorted(want - got),
                           "unasked": sorted(unasked)})
    n = sum(1 for c in cases if not isinstance(c["turns"][0], str))
    return {"held": wilson(held, n), "unasked_constraints": extra, "misses": misses}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("suites", nargs="+", type=Path)
    p.add_argument("--store", default="movielens")
    p.add_argument("--set", action="append", default=[], help="config override, key=value")
    p.add_argument("--misses", action="store_true")
    args = p.parse_args()

    from rec.agents.graph import _fields_text
    from rec.agents.planner import store_grounding
    from rec.config import load_config, parse_overrides
    from rec.retrieval.embeddings import build_embedder
    from rec.retrieval.search import Retriever

    cfg = load_config(overrides=parse_overrides([f"store={args.store}", *args.set]))
    retriever = Retriever(cfg, build_embedder(cfg.retrieval.embedder))
    topics = (cfg.planner.topic_fields, cfg.planner.topic_evidence)
    grounding = store_grounding(retriever, _fields_text(retriever), cfg.planner.lexicon, topics)
    fields = set(grounding.linker.fields)
    out = {}
    for path in args.suites:
        cases = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        result = score(cases, grounding, fields)
        if not args.misses:
            result.pop("misses")
        out[path.stem] = result
    emit(f"links-{args.store}", {"store": args.store, "overrides": args.set, "suites": out})


if __name__ == "__main__":
    main()
