"""The LangGraph wiring: planner -> retriever -> ranker over one typed state.

Nodes are closures over their dependencies (model, retriever, config): no
globals, no hidden buffers. Each node returns a partial update and one trace
entry (what it did, how long it took, which model calls it made). A checkpointer
keyed by thread id gives conversation memory: the next turn's planner sees the
previous plan and refines it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from langchain_core.runnables import RunnableConfig

from rec.agents.hints import categorical_fields, ground, hints, is_value, value_hints, wants_new_items
from rec.agents.hints import merge as merge_hints
from rec.agents.planner import plan as make_plan
from rec.agents.ranker import as_dict, rank
from rec.agents.retriever import resolve_titles, retrieve
from rec.agents.state import RecState
from rec.config import RecConfig
from rec.llm.base import ChatModel
from rec.ranking.blend import mode_of
from rec.retrieval.search import Retriever
from rec.schema import Candidate, Constraint, Plan


def _fields_text(retriever: Retriever) -> str | None:
    """What the planner is told about the catalog: field names, types and ranges/values."""
    fields = retriever.store.read_manifest().get("fields", {})
    parts = []
    for name, info in sorted(fields.items()):
        if name in ("title", "image"):
            continue
        if info["type"] == "number":
            parts.append(f"{name} (number, {info.get('min')}..{info.get('max')})")
        else:
            top = ", ".join(info.get("top", [])[:12])
            parts.append(f"{name} ({info['type']}{': ' + top if top else ''})")
    return "; ".join(parts) or None


def build_graph(cfg: RecConfig, model: ChatModel, retriever: Retriever, checkpointer: Any = None,
                ranker_model: Callable[[str | None], tuple[ChatModel, str | None]] | None = None):
    """`ranker_model(adapter)` -> (the model the ranker scores with, the adapter version it serves):
    the tuning registry's production adapter, or the one a request names (`configurable.adapter`)."""
    from langgraph.graph import END, START, StateGraph

    fields = _fields_text(retriever)
    numeric = [name for name, kind in retriever.fields.items() if kind == "number"]
    categorical = categorical_fields(retriever.store.read_manifest().get("fields", {}))
    vocabulary = [v for _, values in categorical.values() for v in values]

    def history_plan(state: RecState) -> dict[str, Any]:
        """No words, only a user: "what next?" from their history (the classic offline top-K), no model call."""
        recent = retriever.behaviour.history(state["user_id"])[-3:]
        plan = Plan(intent="more_like", query=" ".join(retriever.titles(recent)), k=state.get("k") or 10,
                    hard_constraints=[Constraint.model_validate(f) for f in state.get("filters", [])])
        return {"plan": plan.model_dump(), "trace": [{"node": "planner", "seconds": 0.0, "history": recent,
                                                      "fallback": False, "model_calls": 0}]}

    def planner(state: RecState) -> dict[str, Any]:
        if not _user_texts(state):
            return history_plan(state)
        t0 = time.perf_counter()
        previous = Plan.model_validate(state["plan"]) if state.get("plan") else None
        outcome = make_plan(model, state["messages"], fields=fields, previous=previous)
        plan = outcome.plan
        text = _latest_user(state)
        # a catalog value the model put among the titles ("now a 90s comedy" -> like "Comedy", not "Comedy")
        # is no title: it would exclude every film with the word in its title; the hints below make it a
        # constraint when the user said it
        not_titles = [t for t in [*plan.reference_items, *plan.exclusions] if is_value(t, categorical)]
        plan = plan.model_copy(update={"reference_items": [t for t in plan.reference_items if t not in not_titles],
                                       "exclusions": [t for t in plan.exclusions if t not in not_titles]})
        # titles the user named ("Star Wars") are not requests for their words' values (War)
        skip = list(resolve_titles(retriever, [*plan.reference_items, *plan.exclusions]))
        said = hints(text, numeric) + value_hints(text, categorical, skip)  # what the words state plainly
        kept, invented = ground(plan.hard_constraints, categorical, _user_texts(state))
        if previous is not None and plan.intent == "refine":  # a refinement keeps what it does not change
            kept = [*kept, *(c for c in previous.hard_constraints if c.field not in {k.field for k in kept})]
        merged: dict[str, Constraint] = {}
        for c in [*merge_hints(kept, said), *(Constraint.model_validate(f) for f in state.get("filters", []))]:
            merged.setdefault(c.model_dump_json(), c)  # the caller's filters, once, on every turn
        plan = plan.model_copy(update={"hard_constraints": list(merged.values()), "k": state.get("k") or plan.k})
        calls = outcome.attempts
        return {"plan": plan.model_dump(), "trace": [{
            "node": "planner", "seconds": round(time.perf_counter() - t0, 4), "fallback": outcome.fallback,
            "model_calls": len(calls), "completion_tokens": sum(a.completion_tokens for a in calls),
            "prompt_tokens": sum(a.prompt_tokens for a in calls), "error": outcome.error,
            "ungrounded": [f"{c.field} {c.op} {c.value!r}" for c in invented], "not_titles": not_titles}]}

    def retriever_node(state: RecState) -> dict[str, Any]:
        t0 = time.perf_counter()
        plan = Plan.model_validate(state["plan"])
        fresh = plan.intent == "more_like" or wants_new_items(_latest_user(state))
        seen = state.get("shown_ids", []) if fresh else []
        history = retriever.behaviour.history(state.get("user_id"))
        mode = mode_of(bool(_user_texts(state)), bool(history))
        # what the user already has never comes back (history mode: nothing they have, more of what's next)
        out = retrieve(retriever, plan, history=history, seen_ids=[*seen, *history, *state.get("disliked_ids", [])],
                       liked_ids=state.get("liked_ids", []), k=cfg.retrieval.candidates, mode=mode)
        return {"candidates": [c.model_dump() for c in out.candidates], "note": out.empty_reason,
                "trace": [{"node": "retriever", "seconds": round(time.perf_counter() - t0, 4), "mode": mode,
                           "candidates": len(out.candidates), "where": out.where, "excluded": len(out.excluded_ids),
                           "references": out.reference_ids, "dropped": out.dropped_constraints}]}

    def ranker(state: RecState, config: RunnableConfig) -> dict[str, Any]:
        t0 = time.perf_counter()
        plan = Plan.model_validate(state["plan"])
        candidates = [Candidate.model_validate(c) for c in state.get("candidates", [])]
        user = state.get("user_id")
        request, titles = _request_text(state), retriever.titles(retriever.behaviour.history(user)[-5:])
        asked = (config.get("configurable") or {}).get("adapter")
        scorer, adapter = ranker_model(asked) if ranker_model else (model, None)
        ranked, trace = rank(model, request, candidates, plan.k, cfg.ranker, history=titles, vocabulary=vocabulary,
                             scorer=scorer, store_llm_weight=retriever.blend.llm,
                             store_mmr=retriever.blend.mmr.get(mode_of(bool(_user_texts(state)), bool(titles)), 0.9))
        items = [as_dict(r) for r in ranked]
        reply = "\n".join(f"{n}. {i['title']}" for n, i in enumerate(items, 1)) or (state.get("note") or
                                                                                    "Nothing matched.")
        return {"ranking": items, "shown_ids": [*state.get("shown_ids", []), *(i["item_id"] for i in items)],
                "messages": [{"role": "assistant", "content": reply}],
                "trace": [{"node": "ranker", "seconds": round(time.perf_counter() - t0, 4),
                           "model_calls": trace.model_calls, "windows": trace.windows,
                           "prompt_tokens": trace.prompt_tokens, "explain_fallback": trace.explain_fallback,
                           "explain_rejected": trace.explain_rejected, "explained": trace.explained,
                           "explain_fallbacks": trace.explain_fallbacks, "explain_specific": trace.explain_specific,
                           "request": request, "history": titles,   # what the ranker saw: tuning rebuilds it
                           "adapter": adapter}]}

    graph = StateGraph(RecState)
    graph.add_node("planner", planner)
    graph.add_node("retriever", retriever_node)
    graph.add_node("ranker", ranker)
    graph.add_edge(START, "planner")
    graph.add_edge("planner", "retriever")
    graph.add_edge("retriever", "ranker")
    graph.add_edge("ranker", END)
    return graph.compile(checkpointer=checkpointer)


def _latest_user(state: RecState) -> str:
    return (_user_texts(state) or [""])[-1]


def _user_texts(state: RecState) -> list[str]:
    return [m["content"] for m in state.get("messages", []) if m["role"] == "user" and m["content"].strip()]


def _request_text(state: RecState) -> str:
    return " / ".join(_user_texts(state)[-3:])[-1000:]   # the ranker's prompt stays small
