"""The explainer alone, on the lists a conversation suite really shows: the same items, one strategy or
another, so prompt and format changes are compared on equal terms (the full `rec eval conversation`
then confirms them).

    python bench/explain_probe.py capture --cases bench/phrasing/movielens.jsonl --out /tmp/lists.jsonl
    python bench/explain_probe.py run --lists /tmp/lists.jsonl --out /tmp/probe.json [--set ranker.x=y]

`capture` runs the suite with the scripted model (the lists do not depend on the model while the store's
model weight is 0 and the planner is rule-based) and records each explainer input. `run` explains every
recorded list with the real model (the configured server) and reports the fallback rate, the reasons,
the share naming a true specific fact, the explainer's seconds p50/p95, and every sentence (for review).
"""

from __future__ import annotations

import argparse
import inspect
import json
import time
from pathlib import Path
from typing import Any


def _config(sets: list[str], **extra: Any):
    from rec.config import load_config

    overrides: dict[str, Any] = dict(extra)
    for pair in sets:
        key, value = pair.split("=", 1)
        node = overrides
        *path, last = key.split(".")
        for part in path:
            node = node.setdefault(part, {})
        node[last] = json.loads(value) if value[:1] in "0123456789[{tfn-" else value
    return load_config(overrides=overrides)


def capture(cases: Path, out: Path, sets: list[str]) -> None:
    import rec.agents.graph as graph
    from rec.evaluation.conversation import read_cases, run_cases
    from rec.recommender import open_recommender

    seen: list[dict[str, Any]] = []
    real = graph.explain

    def recording(model, request, items, trace, vocabulary=(), **kw):
        seen.append({"request": request, "items": [c.model_dump() for c in items], "vocabulary": list(vocabulary)})
        return real(model, request, items, trace, vocabulary, **kw)

    graph.explain = recording
    with open_recommender(_config(sets, llm={"backend": "fake"})) as rec:
        run_cases(rec, read_cases(cases))
    out.write_text("".join(json.dumps(s) + "\n" for s in seen))
    print(f"{len(seen)} lists, {sum(len(s['items']) for s in seen)} items -> {out}")


def run(lists: Path, out: Path, sets: list[str], first: int = 0) -> None:
    from rec.agents.ranker import RankTrace, explain
    from rec.llm.factory import build_chat_model
    from rec.schema import Candidate

    cfg = _config(sets)
    model = build_chat_model(cfg).model
    kw = {"cfg": cfg.ranker} if "cfg" in inspect.signature(explain).parameters else {}   # an older rec: no cfg
    rows, seconds, totals, reasons = [], [], {"explained": 0, "fallbacks": 0, "specific": 0}, {}
    for line in lists.read_text().splitlines()[:first or None]:
        s = json.loads(line)
        items = [Candidate.model_validate(c) for c in s["items"]]
        trace, t0 = RankTrace(), time.perf_counter()
        whys = explain(model, s["request"], items, trace, s["vocabulary"], **kw)
        seconds.append(time.perf_counter() - t0)
        totals["explained"] += trace.explained
        totals["fallbacks"] += trace.explain_fallbacks
        totals["specific"] += trace.explain_specific
        for k, v in trace.explain_reasons.items():
            reasons[k] = reasons.get(k, 0) + v
        rows.append({"request": s["request"], "rejected": trace.explain_rejected_lines,
                     "lines": {c.title: whys[c.item_id] for c in items},
                     "facts": {c.title: {k: c.metadata.get(k) for k in ("year", "genres")} | {"because": c.because}
                               for c in items}})
    seconds.sort()
    summary = {"lists": len(rows), **totals, "fallback_rate": round(totals["fallbacks"] / totals["explained"], 4),
               "specific_share": round(totals["specific"] / totals["explained"], 4),
               "reasons": dict(sorted(reasons.items(), key=lambda kv: -kv[1])),
               "seconds_p50": round(seconds[len(seconds) // 2], 3),
               "seconds_p95": round(seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))], 3)}
    out.write_text(json.dumps({"summary": summary, "sets": sets, "rows": rows}, indent=1))
    print(json.dumps(summary))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["capture", "run"])
    parser.add_argument("--cases", type=Path, default=Path("bench/phrasing/movielens.jsonl"))
    parser.add_argument("--lists", type=Path, default=Path("/tmp/explain-lists.jsonl"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--first", type=int, default=0, help="only the first N lists (0: all)")
    parser.add_argument("--set", dest="sets", action="append", default=[], help="a config override, key=value")
    args = parser.parse_args()
    if args.what == "capture":
        capture(args.cases, args.out, args.sets)
    else:
        run(args.lists, args.out, args.sets, args.first)


if __name__ == "__main__":
    main()
