"""Per-turn latency of the agent graph, split by node, with model calls and tokens per turn.

The headline is the **time to the list**: when the ranked list (or, for a question about the list, the
answer) reaches the caller through `Recommender.stream`, before the explanations are written.

Runs scripted conversations (each a fresh thread: a request, then a follow-up)
through the Recommender façade on a store (default: the demo's `movielens`)
with the configured model backend (the managed vLLM server by default). The
model is wrapped in a timer, so each turn splits into model time (the baseline:
the wall time during which the turn's raw model calls were in flight, measured in the same run) and everything
else: retrieval, LangGraph, the checkpointer, our own code. The orchestration
overhead is (turn - model time) / turn; the graph overhead (turn - the nodes'
own time) is reported beside it.

Usage: python bench/agents.py [--store movielens] [--rounds 1] [--no-explain] [--set key=value ...]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence
from typing import Any

from common import emit, percentile_ms

from rec.config import load_config, parse_overrides
from rec.schema import RecRequest

CONVERSATIONS = [
    ("a 90s comedy", "only ones before 1980"),
    ("something like Star Wars but not Star Wars itself", "something more recent"),
    ("a scary movie for a rainy night", "no gore please"),
    ("an animated film for kids", "more like the first one"),
    ("a romantic drama from the 50s", "cheaper"),   # a follow-up the catalog cannot honour
    ("a sci-fi film from the 80s", "tell me more about the second one", "thanks!"),   # no list: no model call
]


class TimedModel:
    """A ChatModel proxy that records the wall time and tokens of every model call."""

    def __init__(self, inner):
        self.inner = inner
        self.calls: list[dict[str, Any]] = []

    @property
    def name(self) -> str:
        return self.inner.name

    def chat(self, messages, **kw):
        t0 = time.perf_counter()
        out = self.inner.chat(messages, **kw)
        self.calls.append({"kind": "chat", "at": (t0, time.perf_counter()), "prompt": out.prompt_tokens,
                           "completion": out.completion_tokens})
        return out

    def stream(self, messages, **kw):
        t0, text = time.perf_counter(), ""
        stream = getattr(self.inner, "stream", None)
        pieces = stream(messages, **kw) if stream else iter([self.inner.chat(messages, **kw).text])
        for piece in pieces:
            text += piece
            yield piece
        self.calls.append({"kind": "stream", "at": (t0, time.perf_counter()), "prompt": 0,
                           "completion": len(text.split())})

    def score_choices(self, messages, choices):
        t0 = time.perf_counter()
        out = self.inner.score_choices(messages, choices)
        self.calls.append({"kind": "score", "at": (t0, time.perf_counter()), "prompt": out.prompt_tokens,
                           "completion": 1})
        return out

    def close(self) -> None:
        self.inner.close()


def in_flight(spans: Sequence[tuple[float, float]]) -> float:
    """Seconds during which at least one model call was in flight: calls sent together (an explanation per
    item) overlap, and their sum would count the same wall time several times."""
    total, end = 0.0, float("-inf")
    for a, b in sorted(spans):
        total += max(0.0, b - max(a, end))
        end = max(end, b)
    return total


def _p(values: Sequence[float]) -> dict[str, float]:
    return {"p50_ms": percentile_ms(list(values), 0.5), "p95_ms": percentile_ms(list(values), 0.95)}


def run(store: str, rounds: int, overrides: list[str]) -> dict[str, Any]:
    from rec.llm.factory import build_chat_model
    from rec.recommender import open_recommender

    cfg = load_config(overrides=parse_overrides([f"store={store}", *overrides]))
    choice = build_chat_model(cfg)
    model = TimedModel(choice.model)
    turns = []
    with open_recommender(cfg, model) as rec:
        rec.recommend(RecRequest(query="warm-up", k=1))  # embedder, Chroma and prefix caches
        for r in range(rounds):
            for n, conversation in enumerate(CONVERSATIONS):
                thread = f"bench-{r}-{n}-{time.time_ns()}"
                for text in conversation:
                    model.calls.clear()
                    t0, first = time.perf_counter(), None
                    for event in rec.stream(RecRequest(query=text, k=5, thread_id=thread)):
                        if event["event"] in ("list", "answer") and first is None:
                            first = time.perf_counter() - t0
                        if event["event"] == "done":
                            response = event["response"]
                            event["log_shown"]()
                    total = time.perf_counter() - t0
                    nodes = {t["node"]: t["seconds"] for t in response.trace}
                    model_s = in_flight([c["at"] for c in model.calls])    # wall time, overlaps once
                    turns.append({"text": text, "total_s": total, "to_list_s": first or total, "nodes": nodes,
                                  "model_s": model_s,
                                  "calls": len(model.calls), "items": len(response.items),
                                  "prompt_tokens": sum(c["prompt"] for c in model.calls),
                                  "completion_tokens": sum(c["completion"] for c in model.calls)})
                    print(f"{total:6.2f}s model {model_s:6.2f}s {nodes} {text!r} -> "
                          f"{[c.model_dump() for c in response.plan.hard_constraints]} {len(response.items)} items "
                          f"{response.note or ''}", flush=True)
    return summarise(turns, backend=model.name, reason=choice.reason, explain=cfg.ranker.explain)


def summarise(turns: list[dict[str, Any]], **info: Any) -> dict[str, Any]:
    totals = [t["total_s"] for t in turns]
    # the overhead of a turn's model time: turns that made no model call (an answer, thanks) have none to add to
    overhead = [(t["total_s"] - t["model_s"]) / t["total_s"] for t in turns if t["model_s"] > 0] or [0.0]
    graph = [(t["total_s"] - sum(t["nodes"].values())) / t["total_s"] for t in turns]
    return {
        "benchmark": "agents", **info, "turns": len(turns),
        "time_to_list": _p([t["to_list_s"] for t in turns]),
        "turn": _p(totals),
        "nodes": {node: _p([t["nodes"].get(node, 0.0) for t in turns])
                  for node in ("planner", "retriever", "ranker", "explainer", "answer", "reply")},
        "model_time": _p([t["model_s"] for t in turns]),
        "model_calls_per_turn": statistics.median(t["calls"] for t in turns),
        "prompt_tokens_per_turn": statistics.median(t["prompt_tokens"] for t in turns),
        "completion_tokens_per_turn": statistics.median(t["completion_tokens"] for t in turns),
        "orchestration_overhead_fraction": {"median": round(statistics.median(overhead), 4),
                                            "max": round(max(overhead), 4)},
        "graph_overhead_fraction": {"median": round(statistics.median(graph), 4), "max": round(max(graph), 4)},
        "empty_turns": sum(1 for t in turns if not t["items"]),
        "turns_without_model_calls": sum(1 for t in turns if t["model_s"] == 0),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", default="movielens")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--no-explain", action="store_true", help="ranker.explain=false")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    args = ap.parse_args()
    overrides = [*args.set, *(["ranker.explain=false"] if args.no_explain else [])]
    result = run(args.store, args.rounds, overrides)
    emit("agents" + ("_no_explain" if args.no_explain else ""), result)


if __name__ == "__main__":
    main()
